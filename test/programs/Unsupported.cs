using System;
// Reflection is not implemented: Object.GetType is an internal call the runtime does not provide.
class Unsupported {
  static void Main() {
    Console.WriteLine("before");
    Console.WriteLine(new object().GetType().Name);
    Console.WriteLine("after");
  }
}
