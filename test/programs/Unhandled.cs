using System;
class Unhandled {
  static void Fail(int n) { if (n == 0) throw new InvalidOperationException("it broke"); Fail(n - 1); }
  static int Main() {
    Console.WriteLine("before");
    try { Fail(2); } finally { Console.WriteLine("finally runs"); }
    Console.WriteLine("not reached");
    return 0;
  }
}
