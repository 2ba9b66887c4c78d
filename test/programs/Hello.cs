using System;
class Hello {
  static int Main(string[] args) {
    Console.WriteLine("Hello, world!");
    Console.WriteLine(args.Length);
    foreach (string a in args) Console.WriteLine("[" + a + "]");
    return args.Length + 40;
  }
}
