using System;
class Floats {
  static double Z = 0.0;
  // Mono folds Math.Round of a constant with a different rule, so values come from fields.
  static double TwoAndHalf = 2.5, ThreeAndHalf = 3.5;
  static void Main() {
    Console.WriteLine(0.1 + 0.2);
    Console.WriteLine(1.0 / 3);
    Console.WriteLine(1e20);
    Console.WriteLine(-0.0);
    Console.WriteLine(Z / Z);
    Console.WriteLine(1 / Z);
    Console.WriteLine(-1 / Z);
    Console.WriteLine(float.MaxValue);
    Console.WriteLine(float.MinValue);
    Console.WriteLine(double.MaxValue);
    Console.WriteLine(double.Epsilon);
    Console.WriteLine(1e-5); Console.WriteLine(1e-4); Console.WriteLine(0.00012345);
    Console.WriteLine(1e15); Console.WriteLine(1e14); Console.WriteLine(123456789012345678.0);
    Console.WriteLine(0.1f); Console.WriteLine(1f / 3); Console.WriteLine(1e7f); Console.WriteLine(12345678f); Console.WriteLine(-2.5f);
    Console.WriteLine(100.0); Console.WriteLine(-123.456); Console.WriteLine(Math.PI); Console.WriteLine(Math.E);
    Console.WriteLine(Math.Sqrt(2)); Console.WriteLine(Math.Abs(-3.5)); Console.WriteLine(Math.Floor(-2.5)); Console.WriteLine(Math.Ceiling(2.1));
    Console.WriteLine(Math.Round(TwoAndHalf)); Console.WriteLine(Math.Round(ThreeAndHalf)); Console.WriteLine(Math.Round(-TwoAndHalf)); Console.WriteLine(Math.Pow(2, 10)); Console.WriteLine(Math.Sin(1));
    double x = 1; for (int i = 0; i < 30; i++) x *= 1.7; Console.WriteLine(x);
    float f = 0; for (int i = 0; i < 10; i++) f += 0.1f; Console.WriteLine(f);
    Console.WriteLine((float)(1.0 / 3)); Console.WriteLine((double)(1f / 3));
    object bd = 2.75; Console.WriteLine(bd); object bf = 1.25f; Console.WriteLine(bf);
    Console.WriteLine("d=" + 0.5 + " f=" + 0.25f);
    Console.WriteLine(1e300 * 1e10);
    Console.WriteLine(5e-324 / 2);
    Console.WriteLine(4.35); Console.WriteLine(0.3 - 0.1); Console.WriteLine(9007199254740993.0);
  }
}
