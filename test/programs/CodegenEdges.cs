// Code generation at its edges: thirteen mixed integer and floating arguments (stack arguments),
// large structs by value and in arrays, nested generic structs, constrained interface calls on
// structs, sparse switches, unsigned loops, deep recursion, checked arithmetic, MinValue / -1,
// and float-to-integer conversions of NaN, infinities and out-of-range values.
using System;
using System.Collections.Generic;
struct Big { public long A, B, C, D; public double E; public int F; public byte G; public Big(long a) { A = a; B = a * 2; C = a * 3; D = a * 4; E = a / 2.0; F = (int)a; G = (byte)a; } }
struct Pair<T, U> { public T First; public U Second; public Pair(T t, U u) { First = t; Second = u; } public override string ToString() => $"<{First},{Second}>"; }
interface IShape { double Area(); }
struct Sq : IShape { public double S; public double Area() => S * S; }
static class Program {
  static long Many(int a, long b, double c, float d, int e, long f, double g, int h, short i, byte j, long k, double l, float m) =>
    a + b + (long)c + (long)d + e + f + (long)g + h + i + j + k + (long)l + (long)m;
  static Big Twice(Big x) { x.A *= 2; x.E *= 2; x.G += 1; return x; }
  static double Sum<T>(T[] xs) where T : IShape { double s = 0; foreach (var x in xs) s += x.Area(); return s; }
  static int Sw(int x) {
    switch (x) { case 0: return 10; case 1: return 11; case 2: return 12; case 3: return 13; case 5: return 15; case 8: return 18; case 13: return 113; case 21: return 121; case 100: return 1000; case -1: return -10; default: return x * 2; }
  }
  static ulong Collatz(ulong n) { ulong steps = 0; while (n != 1) { n = (n & 1) == 0 ? n >> 1 : 3 * n + 1; steps++; } return steps; }
  static int Ackermann(int m, int n) => m == 0 ? n + 1 : n == 0 ? Ackermann(m - 1, 1) : Ackermann(m - 1, Ackermann(m, n - 1));
  static void Main() {
    Console.WriteLine(Many(1, 2, 3.9, 4.9f, 5, 6, 7.1, 8, 9, 10, 11, 12.5, 13.5f));
    var b = Twice(new Big(7)); Console.WriteLine(b.A + " " + b.B + " " + b.C + " " + b.D + " " + b.E + " " + b.F + " " + b.G);
    var arr = new Big[3]; arr[1] = new Big(5); arr[2] = Twice(arr[1]); Console.WriteLine(arr[2].A + arr[1].D + arr[0].C);
    var p = new Pair<int, Pair<string, double>>(1, new Pair<string, double>("x", 2.5)); Console.WriteLine(p + " " + p.Second.Second);
    var pl = new List<Pair<long, byte>>(); for (int i = 0; i < 5; i++) pl.Add(new Pair<long, byte>(i * 1000000000000L, (byte)(i * 60))); long tot = 0; foreach (var q in pl) tot += q.First + q.Second; Console.WriteLine(tot);
    Console.WriteLine(Sum(new[] { new Sq { S = 1 }, new Sq { S = 2.5 } }));
    var sb = new System.Text.StringBuilder(); for (int i = -2; i < 25; i++) sb.Append(Sw(i)).Append(' '); Console.WriteLine(sb);
    Console.WriteLine(Collatz(27) + " " + Collatz(837799) + " " + Ackermann(2, 3) + " " + Ackermann(3, 3));
    int ov = 0; for (int i = 0; i < 40; i++) { try { checked { int x = 1 << i; int y = x * x; ov += y > 0 ? 1 : 0; } } catch (OverflowException) { ov += 100; } } Console.WriteLine(ov);
    long lm = long.MinValue; try { Console.WriteLine((lm / -1 == lm) ? "wrap" : "?"); } catch (ArithmeticException e) { Console.WriteLine("L " + e.GetType().Name); }
    try { int im = int.MinValue; Console.WriteLine(im / -1); } catch (OverflowException e) { Console.WriteLine("OE " + e.Message); } catch (ArithmeticException e) { Console.WriteLine("AE " + e.GetType().Name); }
    try { int im = int.MinValue; Console.WriteLine(im % -1); } catch (Exception e) { Console.WriteLine(e.GetType().Name); }
    double d = 1e308, nan = double.NaN, inf = double.PositiveInfinity, m1 = -1.0, big = 1e19, s7 = 70000.7; Console.WriteLine(d * 10 + " " + (-d * 10) + " " + (0.0 / 0.0) + " " + Math.Sqrt(-1) + " " + (int)nan + " " + (long)inf + " " + (uint)m1 + " " + (ulong)big + " " + (short)s7 + " " + (int)(-inf) + " " + (long)nan + " " + (ulong)m1 + " " + (byte)s7);
    float ff = 3.4e38f; Console.WriteLine(ff * 10 + " " + (decimal)1.1f + " " + (double)0.1f + " " + (float)1e-50 + " " + Convert.ToSingle("1.5"));
  }
}
