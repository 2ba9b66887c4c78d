// A beforefieldinit type whose initializer throws: Mono runs it when it compiles a method that
// reads the type's statics, so that method never starts and its caller gets the
// TypeInitializationException, at every call; unhandled, it ends the program.
using System;
static class Bad { public static readonly int V = Init(); static int Init() { Console.WriteLine("init runs"); throw new InvalidOperationException("init failed"); } }
static class Program {
  static void M() {
    Console.WriteLine("M entered");
    try { Console.WriteLine(Bad.V); } catch (TypeInitializationException e) { Console.WriteLine("caught in M: " + e.InnerException.Message); }
  }
  static void Main() {
    Console.WriteLine("start");
    try { M(); } catch (TypeInitializationException e) { Console.WriteLine("caught in Main: " + e.InnerException.Message); }
    try { M(); } catch (TypeInitializationException e) { Console.WriteLine("caught in Main 2: " + e.InnerException.Message); }
    Direct();
  }
  static void Direct() {
    Console.WriteLine("Direct entered");
    Console.WriteLine(Bad.V);
  }
}
