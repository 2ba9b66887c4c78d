using System;
using System.Runtime.InteropServices;
// Platform invoke is not supported: the call reports the method and stops the program.
class Unsupported {
  [DllImport("libc")] static extern int getpid();
  static void Main() {
    Console.WriteLine("before");
    Console.WriteLine(getpid() > 0);
    Console.WriteLine("after");
  }
}
