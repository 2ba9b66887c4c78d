// A class constructor that throws: TypeInitializationException at every access, then unhandled.
using System;
class Bad { public static int V = Init(); static int Init() { throw new InvalidOperationException("init failed"); } static Bad() {} }
class T { static void Main() {
  for (int i = 0; i < 2; i++) {
    try { Console.WriteLine(Bad.V); } catch (TypeInitializationException e) { Console.WriteLine(e.Message + " | " + e.InnerException.Message + " | " + e.TypeName); }
  }
  Console.WriteLine(Bad.V);
} }
