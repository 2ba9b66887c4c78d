using System;
// Floating point edge cases: NaN, infinities, negative zero, limits, rounding, comparisons,
// conversions and how each prints by default and with formats.
class DoubleEdges {
  static string Describe(double d) {
    if (double.IsNaN(d)) return "NaN";
    if (double.IsPositiveInfinity(d)) return "+inf";
    if (double.IsNegativeInfinity(d)) return "-inf";
    if (d == 0) return 1 / d > 0 ? "+0" : "-0";
    return d.ToString();
  }
  static void Main() {
    double zero = 0.0, negZero = -0.0, nan = double.NaN;
    Console.WriteLine(1 / zero);
    Console.WriteLine(-1 / zero);
    Console.WriteLine(zero / zero);
    Console.WriteLine(negZero);
    Console.WriteLine(Describe(negZero) + " " + Describe(zero * -1) + " " + Describe(-zero));
    Console.WriteLine(nan == nan);
    Console.WriteLine(nan != nan);
    Console.WriteLine(nan < 1 || nan > 1 || nan == 1);
    Console.WriteLine(nan.Equals(nan));
    Console.WriteLine(negZero == zero);
    Console.WriteLine(negZero.Equals(zero));
    Console.WriteLine(double.MaxValue);
    Console.WriteLine(double.MinValue);
    Console.WriteLine(double.Epsilon);
    Console.WriteLine(float.MaxValue);
    Console.WriteLine(float.MinValue);
    Console.WriteLine(float.Epsilon);
    Console.WriteLine(double.MaxValue * 2);
    Console.WriteLine(float.MaxValue * 2f);
    Console.WriteLine((float)double.MaxValue);
    Console.WriteLine(0.1 + 0.2);
    Console.WriteLine((0.1 + 0.2).ToString("R"));
    Console.WriteLine(0.1f + 0.2f);
    Console.WriteLine(1.0 / 3);
    Console.WriteLine(2.0 / 3);
    Console.WriteLine(1e15 + 0.3);
    Console.WriteLine(1e16);
    Console.WriteLine(123456789012345678.0);
    Console.WriteLine(1.5e-7);
    Console.WriteLine(0.0001);
    Console.WriteLine(0.00001);
    Console.WriteLine(100.0f / 3);
    Console.WriteLine((double)(100.0f / 3));
    Console.WriteLine(Math.Sqrt(-1));
    Console.WriteLine(Math.Log(0));
    Console.WriteLine(Math.Pow(0, -1));
    Console.WriteLine((int)3.99 + " " + (int)-3.99 + " " + (long)1e18 + " " + (uint)4e9);
    double h1 = 2.5, h2 = 3.5, h3 = -2.5, h4 = 2.675;
    Console.WriteLine(Math.Round(h1) + " " + Math.Round(h2) + " " + Math.Round(h3) + " " + Math.Round(h4, 2));
    Console.WriteLine(Math.Floor(-2.5) + " " + Math.Ceiling(-2.5) + " " + Math.Truncate(-2.7));
    Console.WriteLine(Math.Round(1.23456, 3, MidpointRounding.AwayFromZero));
    double[] vals = { nan, 1, double.NegativeInfinity, -0.0, 0.0, double.PositiveInfinity, -1 };
    Array.Sort(vals);
    foreach (double v in vals) Console.Write(Describe(v) + " ");
    Console.WriteLine();
    Console.WriteLine(double.NaN.CompareTo(0.0) + " " + 0.0.CompareTo(double.NaN) + " " + (-0.0).CompareTo(0.0));
    Console.WriteLine(Math.Max(nan, 1) + " " + Math.Min(-0.0, 0.0));
    Console.WriteLine(double.IsInfinity(1e308 * 10) + " " + double.IsNaN(double.PositiveInfinity - double.PositiveInfinity));
    Console.WriteLine(BitConverter.DoubleToInt64Bits(-0.0).ToString("X") + " " + BitConverter.DoubleToInt64Bits(1.0).ToString("X"));
    Console.WriteLine(BitConverter.Int64BitsToDouble(0x7FF0000000000000L));
    Console.WriteLine(nan.ToString("F2") + " " + double.PositiveInfinity.ToString("N") + " " + (-0.0).ToString("F1"));
    float f = 16777216f; Console.WriteLine(f + 1f == f);
    Console.WriteLine((double)float.Epsilon + " " + (float)1e-50);
    double sum = 0; for (int i = 0; i < 10; i++) sum += 0.1;
    Console.WriteLine(sum + " " + (sum == 1.0) + " " + sum.ToString("R"));
    Console.WriteLine(Math.Abs(-0.0) + " " + Math.Sign(-3.5) + " " + Math.Sign(0.0));
  }
}
