using System;
using System.Text;
// Number formatting through the class library (standard and custom format strings, composite
// formats, interpolation, parsing back).
class Formatting {
  static void Main() {
    double[] ds = { 0, 1.5, -2.25, 12345.6789, 0.000123, 1e21, 123456789.987654321, double.NaN, -0.0 };
    string[] fs = { "F2", "N0", "N3", "E2", "e4", "G", "G3", "R", "0.00", "#,##0.#", "P1", "000.0" };
    var sb = new StringBuilder();
    foreach (double d in ds) {
      sb.Clear();
      foreach (string f in fs) sb.Append(d.ToString(f)).Append(' ');
      Console.WriteLine(sb.ToString().TrimEnd());
    }
    int[] ints = { 0, 7, -42, 255, int.MaxValue, int.MinValue };
    string[] ifs = { "D", "D5", "X", "x8", "N0", "C", "0000", "#,#", "G" };
    foreach (int i in ints) {
      sb.Clear();
      foreach (string f in ifs) sb.Append(i.ToString(f)).Append(' ');
      Console.WriteLine(sb.ToString().TrimEnd());
    }
    Console.WriteLine(string.Format("{0:F3}|{1,8:N1}|{2:E2}|{3:X4}|{4,-6}|{5:P0}", Math.PI, 12345.678, 0.000123, 255, "ab", 0.5));
    float f1 = 1.1f; Console.WriteLine(f1.ToString("F3") + " " + f1.ToString("R") + " " + (f1 * 3).ToString());
    long big = 9007199254740993L; Console.WriteLine(big.ToString("N0") + " " + ((ulong)big * 2).ToString("X"));
    Console.WriteLine($"{1.5:F1} {42,5} {"x",-3}|");
    Console.WriteLine(double.Parse("1.25e3") + int.Parse("-17") + long.Parse("123456789012"));
    Console.WriteLine(0.1.ToString("R") + " " + (1.0 / 3).ToString("R") + " " + 100.0.ToString("E"));
  }
}
