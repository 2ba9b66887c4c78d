using System;
using System.Globalization;
// Standard and custom numeric formats, alignment, parsing and conversions, decimals, TimeSpan and
// DateTime formatting, Math.Round of literals and variables (Mono folds the first differently).
class NumberFormats {
  static void Main() {
    double[] ds = { 0, 1, -1.5, 3.14159265358979, 1e21, 1.23e-7, 123456789.987654321, double.MaxValue, double.Epsilon, 0.1 + 0.2, 1.0 / 3, -0.0 };
    foreach (var d in ds) {
      Console.WriteLine("{0} | {0:F2} | {0:N3} | {0:E4} | {0:G5} | {0:R} | {0:0.00} | {0:#,##0.###} | {0:P1}", d);
    }
    float[] fs = { 1.1f, 3.4028235e38f, 1e-10f, 16777217f, 0.3f };
    foreach (var f in fs) Console.WriteLine("{0} {0:R} {0:F3} {0:E2}", f);
    int[] ints = { 0, 1, -1, 255, int.MaxValue, int.MinValue, 1000000 };
    foreach (var i in ints) Console.WriteLine("{0,12}|{0,-12}|{0:X8}|{0:x}|{0:D6}|{0:N0}|{0:C}|{0:000}", i);
    long[] ls = { long.MaxValue, long.MinValue, 1L << 40 };
    foreach (var l in ls) Console.WriteLine("{0} {0:X} {0:N0} {0:E}", l);
    Console.WriteLine(string.Format("{0:0.##}%", 12.345));
    Console.WriteLine(12.5m.ToString("F3") + " " + (-0.125m).ToString() + " " + decimal.MaxValue + " " + (1m / 3m));
    Console.WriteLine(1234.5678.ToString("#,##0.00", CultureInfo.InvariantCulture));
    Console.WriteLine((0.5).ToString("0") + " " + (1.5).ToString("0") + " " + (2.5).ToString("0") + " " + Math.Round(2.5) + " " + Math.Round(3.5) + " " + Math.Round(-2.5, MidpointRounding.AwayFromZero));
    Console.WriteLine(int.Parse("-42") + int.Parse(" 17 ") + " " + double.Parse("1e3") + " " + double.Parse("-.5") + " " + long.Parse("9223372036854775807"));
    int r; Console.WriteLine(int.TryParse("12a", out r) + " " + r + " " + int.TryParse("2147483648", out r) + " " + int.TryParse("0x10", NumberStyles.HexNumber, null, out r));
    Console.WriteLine(Convert.ToInt32("ff", 16) + " " + Convert.ToString(10, 2) + " " + Convert.ToString(-1, 16) + " " + Convert.ToInt64("777", 8));
    Console.WriteLine(BitConverter.DoubleToInt64Bits(1.0).ToString("X") + " " + BitConverter.ToString(BitConverter.GetBytes(0x12345678)));
    Console.WriteLine(TimeSpan.FromSeconds(3725.5) + " " + TimeSpan.FromMilliseconds(90061001).ToString() + " " + new TimeSpan(1, 2, 3).TotalMinutes);
    Console.WriteLine(new DateTime(2024, 2, 29, 13, 45, 7).ToString("yyyy-MM-dd HH:mm:ss") + " " + new DateTime(2024, 2, 29).DayOfWeek + " " + new DateTime(2024, 12, 31).DayOfYear + " " + new DateTime(2023, 1, 1).AddDays(59).ToString("d MMM yyyy", CultureInfo.InvariantCulture));
    Console.WriteLine(char.GetNumericValue('7') + " " + (int)'A' + " " + (char)97 + " " + 'x'.CompareTo('y') + " " + "abc".CompareTo("abd"));
    Console.WriteLine(Guid.Empty + " " + new Guid("12345678-1234-1234-1234-123456789abc").ToString("N"));
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:F1} {1:N2} {2}", 2.25, 1234567.891, true));
    Console.WriteLine(1e15 + " " + 1e16 + " " + 123456789012345678.0 + " " + 0.000001 + " " + 0.0000001 + " " + float.MaxValue + " " + (double)float.MaxValue);
  }
}
