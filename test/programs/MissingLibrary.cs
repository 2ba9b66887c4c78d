using System;
using System.Runtime.InteropServices;
// Platform invoke into a library that does not exist: Mono raises DllNotFoundException at each
// call (catchable); the last call is not caught, so the program ends with it (exit code 1).
class MissingLibrary {
  [DllImport("libngen-test-missing.so")] static extern int Missing(int x);
  [DllImport("ngen_test_absent", EntryPoint = "absent_entry")] static extern void Absent();
  static void Main() {
    Console.WriteLine("start");
    try { Console.WriteLine(Missing(1)); } catch (DllNotFoundException e) { Console.WriteLine("caught: " + e.Message); }
    try { Absent(); } catch (DllNotFoundException e) { Console.WriteLine("caught again: " + e.GetType().FullName); }
    try { Missing(2); } finally { Console.WriteLine("finally"); }
    Console.WriteLine("not reached");
  }
}
