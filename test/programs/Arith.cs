using System;
class Arith {
  static int Zero = 0;
  // Checked operations in their own methods: the overflow leaves the method and the caller's
  // handler takes it.
  static int AddChecked(int x, int y) { return checked(x + y); }
  static byte ToByteChecked(int x) { return checked((byte)x); }
  static ulong MulChecked(ulong x, ulong y) { return checked(x * y); }
  static long Chain(int depth, long x) { return depth == 0 ? checked(x * x * x) : Chain(depth - 1, x) + 1; }
  static int Main() {
    int a = int.MaxValue; a += 1; Console.WriteLine(a);
    long b = long.MinValue; b -= 1; Console.WriteLine(b);
    uint u = 0; u--; Console.WriteLine(u);
    ulong ul = ulong.MaxValue; Console.WriteLine(ul);
    Console.WriteLine(-7 / 2); Console.WriteLine(-7 % 2); Console.WriteLine(7u / 2u);
    Console.WriteLine(1 << 33); Console.WriteLine(1L << 33); Console.WriteLine(-16 >> 2); Console.WriteLine(0xF0000000u >> 4);
    byte by = 200; by += 100; Console.WriteLine(by);
    sbyte sb = 127; sb++; Console.WriteLine(sb);
    short sh = -32768; sh--; Console.WriteLine(sh);
    char ch = 'A'; ch += (char)2; Console.WriteLine(ch);
    try { a = AddChecked(int.MaxValue, Zero + 1); Console.WriteLine("no"); } catch (OverflowException e) { Console.WriteLine("overflow: " + e.Message); }
    try { Console.WriteLine(Chain(5, 3000000)); Console.WriteLine(Chain(5, 3000000000)); } catch (OverflowException) { Console.WriteLine("overflow through frames"); }
    try { Console.WriteLine(10 / Zero); } catch (DivideByZeroException e) { Console.WriteLine("div: " + e.Message); }
    try { Console.WriteLine(10L % Zero); } catch (DivideByZeroException) { Console.WriteLine("rem by zero"); }
    // int.MinValue / -1 and % -1: Mono on x86-64 raises DivideByZeroException for both, .NET
    // OverflowException and 0; only the common ground is checked here.
    try { Console.WriteLine(int.MinValue / (Zero - 1)); } catch (ArithmeticException) { Console.WriteLine("min/-1"); }
    try { Console.WriteLine(ToByteChecked(Zero + 255)); Console.WriteLine(ToByteChecked(Zero + 300)); } catch (OverflowException) { Console.WriteLine("conv overflow"); }
    try { Console.WriteLine(MulChecked(ulong.MaxValue / 2, 2)); Console.WriteLine(MulChecked(ulong.MaxValue, (ulong)(Zero + 2))); } catch (OverflowException) { Console.WriteLine("mul overflow"); }
    double d = 1e10; Console.WriteLine((int)d); Console.WriteLine((long)-2.7); Console.WriteLine((uint)3.9);
    int acc = 0;
    for (int i = 0; i < 100; i++) { if (i % 3 == 0) continue; if (i > 90) break; acc += i ^ (i << 1); }
    Console.WriteLine(acc);
    long fact = 1; for (int i = 2; i <= 20; i++) fact *= i; Console.WriteLine(fact);
    switch (acc % 5) { case 0: Console.WriteLine("zero"); break; case 1: Console.WriteLine("one"); break; default: Console.WriteLine("other"); break; }
    return acc % 100;
  }
}
