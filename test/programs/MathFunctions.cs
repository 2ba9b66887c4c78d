using System;
// System.Math: roots, powers, logarithms, trigonometry, rounding modes, min/max/sign/abs,
// and numerical algorithms (Newton's method, Simpson integration, series for pi and e).
class MathFunctions {
  static double Newton(Func<double, double> f, Func<double, double> df, double x) {
    for (int i = 0; i < 50; i++) { double nx = x - f(x) / df(x); if (Math.Abs(nx - x) < 1e-15) return nx; x = nx; }
    return x;
  }
  static double Simpson(Func<double, double> f, double a, double b, int n) {
    double h = (b - a) / n, s = f(a) + f(b);
    for (int i = 1; i < n; i++) s += f(a + i * h) * (i % 2 == 1 ? 4 : 2);
    return s * h / 3;
  }
  static void Main() {
    double[] xs = { 0, 0.5, 1, 2, 10, 100, -3.7 };
    foreach (double x in xs)
      Console.WriteLine("{0,6}: sqrt {1:F6} exp {2:E4} log {3:F6} log10 {4:F6} sin {5:F6} cos {6:F6} atan {7:F6}", x, Math.Sqrt(x), Math.Exp(x), Math.Log(x), Math.Log10(x), Math.Sin(x), Math.Cos(x), Math.Atan(x));
    Console.WriteLine(Math.Pow(2, 10) + " " + Math.Pow(2, -2) + " " + Math.Pow(-8, 1.0 / 3) + " " + Math.Pow(0, 0) + " " + Math.Pow(1.0001, 10000));
    Console.WriteLine(Math.Log(8, 2) + " " + Math.Log(100, 10) + " " + Math.Tan(Math.PI / 4).ToString("F10") + " " + Math.Atan2(1, -1) + " " + Math.Asin(1) + " " + Math.Acos(-1));
    Console.WriteLine(Math.Sinh(1) + " " + Math.Cosh(1) + " " + Math.Tanh(0.5) + " " + Math.E + " " + Math.PI);
    double[] rs = { 1.5, 2.5, -1.5, -2.5, 0.49999999999999994, 2.675, 1.005 };
    foreach (double r in rs)
      Console.WriteLine("{0}: Round {1} Away {2} Floor {3} Ceiling {4} Truncate {5} Round2 {6}", r, Math.Round(r), Math.Round(r, MidpointRounding.AwayFromZero), Math.Floor(r), Math.Ceiling(r), Math.Truncate(r), Math.Round(r, 2));
    Console.WriteLine(Math.Max(3, 7) + " " + Math.Min(-2L, 5L) + " " + Math.Max(1.5f, 2.5f) + " " + Math.Min(0.1, 0.2) + " " + Math.Max((byte)3, (byte)9) + " " + Math.Min(-0.0, 0.0));
    Console.WriteLine(Math.Abs(-5) + " " + Math.Abs(-5.5) + " " + Math.Abs(-7L) + " " + Math.Abs((short)-3) + " " + Math.Sign(-9) + " " + Math.Sign(0L) + " " + Math.Sign(2.5));
    int most = int.MinValue;
    try { Console.WriteLine(Math.Abs(most)); } catch (OverflowException ex) { Console.WriteLine(ex.Message); }
    Console.WriteLine(Math.IEEERemainder(10, 3) + " " + (10.0 % 3) + " " + (-10.0 % 3) + " " + (5.5 % 2) + " " + Math.Round(123.456, 1) + " " + Math.Round(rs[2] / 3));
    double sqrt2 = Newton(x => x * x - 2, x => 2 * x, 1);
    Console.WriteLine(sqrt2 + " " + (sqrt2 == Math.Sqrt(2)));
    Console.WriteLine(Simpson(Math.Sin, 0, Math.PI, 100).ToString("F12") + " " + Simpson(x => x * x, 0, 3, 10));
    double pi = 0; for (int k = 0; k < 100000; k++) pi += (k % 2 == 0 ? 4.0 : -4.0) / (2 * k + 1);
    double e = 1, term = 1; for (int n = 1; n < 20; n++) { term /= n; e += term; }
    Console.WriteLine(pi.ToString("F8") + " " + e + " " + (e - Math.E));
    Console.WriteLine(Math.Ceiling(-0.5) + " " + Math.Floor(-0.0) + " " + Math.Sqrt(1e-300) + " " + Math.Exp(710) + " " + Math.Exp(-750));
    long fib = (long)Math.Round(Math.Pow((1 + Math.Sqrt(5)) / 2, 50) / Math.Sqrt(5));
    Console.WriteLine(fib);
    Console.WriteLine(Math.Cbrt(27) + " " + Math.Cbrt(-8) + " " + Math.Log(Math.E) + " " + Math.Exp(Math.Log(10)));
  }
}
