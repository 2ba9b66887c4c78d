using System;
// Integer and long arithmetic: wrap-around, division and remainder signs, shifts, limits,
// unsigned types and their formatting.
class IntegerMath {
  static int Gcd(int a, int b) { while (b != 0) { int t = a % b; a = b; b = t; } return Math.Abs(a); }
  static long Lcm(long a, long b) { return a / Gcd((int)a, (int)b) * b; }
  static ulong Collatz(ulong n) { ulong steps = 0; while (n != 1) { n = (n & 1) == 0 ? n / 2 : 3 * n + 1; steps++; } return steps; }
  static int Digits(long n) { int d = 1; while ((n /= 10) != 0) d++; return d; }
  static long PowMod(long b, long e, long m) {
    long r = 1; b %= m;
    while (e > 0) { if ((e & 1) == 1) r = r * b % m; b = b * b % m; e >>= 1; }
    return r;
  }
  static void Main() {
    int a = 17, b = -5;
    Console.WriteLine("{0} {1} {2} {3} {4}", a + b, a - b, a * b, a / b, a % b);
    Console.WriteLine("{0} {1}", -a / 5, -a % 5);
    int max = int.MaxValue, min = int.MinValue;
    Console.WriteLine(max + 1);
    Console.WriteLine(min - 1);
    Console.WriteLine(unchecked(int.MaxValue * 2));
    Console.WriteLine(long.MaxValue + " " + long.MinValue);
    Console.WriteLine(unchecked(long.MaxValue + 1));
    Console.WriteLine(uint.MaxValue + " " + ulong.MaxValue);
    Console.WriteLine(short.MinValue + " " + short.MaxValue + " " + ushort.MaxValue);
    Console.WriteLine(sbyte.MinValue + " " + sbyte.MaxValue + " " + byte.MaxValue);
    byte by = 250; by += 10; Console.WriteLine(by);
    sbyte sb = 120; sb += 10; Console.WriteLine(sb);
    short sh = 32767; sh++; Console.WriteLine(sh);
    ushort us = 0; us--; Console.WriteLine(us);
    uint u = 0; u--; Console.WriteLine(u);
    Console.WriteLine(u / 3 + " " + u % 7);
    ulong ul = ulong.MaxValue; Console.WriteLine(ul / 10 + " " + ul % 10);
    Console.WriteLine((1 << 31) + " " + (1 << 32) + " " + (1L << 63) + " " + (1L << 64));
    Console.WriteLine((-16 >> 2) + " " + (unchecked((uint)-16) >> 2) + " " + (-16L >> 60) + " " + (unchecked((ulong)-16L) >> 60));
    int x = 0x12345678;
    Console.WriteLine((x & 0xff) + " " + (x | 0xf) + " " + (x ^ -1) + " " + ~x);
    Console.WriteLine(Gcd(1071, 462) + " " + Gcd(-48, 18) + " " + Lcm(21, 6));
    Console.WriteLine(Collatz(27) + " " + Collatz(97));
    Console.WriteLine(Digits(0) + " " + Digits(-12345) + " " + Digits(long.MaxValue));
    Console.WriteLine(PowMod(2, 62, 1000000007) + " " + PowMod(3, 200, 13));
    long fact = 1;
    for (int i = 1; i <= 20; i++) fact *= i;
    Console.WriteLine("20! = " + fact);
    fact *= 21; Console.WriteLine("21! wraps to " + fact);
    int hash = 17;
    foreach (char c in "hello world") hash = hash * 31 + c;
    Console.WriteLine(hash);
    Console.WriteLine(Math.Max(int.MinValue, -1) + " " + Math.Min(long.MaxValue, 0L) + " " + Math.Abs(-7L));
    Console.WriteLine(int.MaxValue.ToString("X") + " " + long.MinValue.ToString("X") + " " + (-1).ToString("x"));
    Console.WriteLine(Convert.ToString(42, 2) + " " + Convert.ToString(255, 8) + " " + Convert.ToString(-1L, 16));
    Console.WriteLine(Convert.ToInt32("7f", 16) + " " + Convert.ToInt64("-1010", 2 == 2 ? 10 : 2));
    Console.WriteLine((char)('a' + 2) + " " + (int)'Z' + " " + ('z' - 'a'));
    Console.WriteLine(7 / 2 * 2 + 7 % 2 == 7);
    Console.WriteLine(Math.DivRem(47, 5, out int rem) + " r " + rem);
    Console.WriteLine(Math.BigMul(int.MaxValue, int.MaxValue));
  }
}
