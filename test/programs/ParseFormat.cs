using System;
using System.Globalization;
// Parsing and formatting numbers: int/long/double/decimal Parse and TryParse with styles,
// ToString with standard and custom formats, round trips, Convert.
class ParseFormat {
  static void Main() {
    string[] ints = { "0", "42", "-17", "+8", "  12  ", "2147483647", "-2147483648", "2147483648", "1e3", "", "0x10", "1,000" };
    foreach (string s in ints) {
      int v;
      bool ok = int.TryParse(s, out v);
      Console.WriteLine("int.TryParse(\"{0}\") = {1} {2}", s, ok, v);
    }
    Console.WriteLine(int.Parse("1,234,567", NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    Console.WriteLine(int.Parse("ff", NumberStyles.HexNumber) + " " + long.Parse("-9223372036854775808") + " " + ulong.Parse("18446744073709551615"));
    Console.WriteLine(byte.Parse("255") + " " + sbyte.Parse("-128") + " " + short.Parse("-32768") + " " + ushort.Parse("65535") + " " + uint.Parse("4294967295"));
    string[] doubles = { "3.14", "-0.5", "1e10", "1.5E-3", "NaN", "Infinity", "-Infinity", ".5", "5.", "1,5", "abc", "  2.5  ", "-0" };
    foreach (string s in doubles) {
      double d;
      bool ok = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d);
      Console.WriteLine("double \"{0}\" -> {1} {2}", s, ok, d);
    }
    Console.WriteLine(double.Parse("1,234.5", NumberStyles.Any, CultureInfo.InvariantCulture));
    Console.WriteLine(decimal.Parse("123.4500") + " " + decimal.Parse("-0.001") + " " + float.Parse("1.1"));
    bool b; Console.WriteLine(bool.TryParse("TRUE", out b) + " " + b + " " + bool.Parse("false") + " " + char.Parse("x"));
    int n = 1234567;
    Console.WriteLine(n.ToString("N0") + " " + n.ToString("N2") + " " + n.ToString("D10") + " " + n.ToString("X") + " " + n.ToString("E3") + " " + n.ToString("F1"));
    Console.WriteLine(n.ToString("0,0") + " " + n.ToString("00000000") + " " + n.ToString("#,##0.00") + " " + n.ToString("0.###E+0") + " " + (-n).ToString("+#;-#;0"));
    Console.WriteLine(0.ToString("+#;-#;zero") + " " + 5.ToString("+#;-#;zero") + " " + 0.125.ToString("P") + " " + 0.5.ToString("P0"));
    double pi = Math.PI;
    Console.WriteLine(pi.ToString() + " " + pi.ToString("F0") + " " + pi.ToString("F5") + " " + pi.ToString("G3") + " " + pi.ToString("E") + " " + pi.ToString("R") + " " + pi.ToString("0.0000"));
    Console.WriteLine((-1234.5678).ToString("N") + " " + 1e-10.ToString() + " " + 1e-10.ToString("F12") + " " + 123e20.ToString("N0"));
    Console.WriteLine(1234.5.ToString("#,##0.00;(#,##0.00)") + " " + (-1234.5).ToString("#,##0.00;(#,##0.00)"));
    Console.WriteLine(12.345m.ToString("F2") + " " + 12.355m.ToString("F2") + " " + (1m / 3).ToString() + " " + 100m.ToString("N"));
    foreach (double d in new[] { 1.0, 0.1, 1.0 / 3, 123456.789, 1e-7, 5e-324, 1.7976931348623157e308 }) {
      string r = d.ToString("R");
      Console.WriteLine(r + " roundtrip " + (double.Parse(r, CultureInfo.InvariantCulture) == d));
    }
    Console.WriteLine(Convert.ToInt32(3.5) + " " + Convert.ToInt32(4.5) + " " + Convert.ToInt32("-12") + " " + Convert.ToDouble("2.5") + " " + Convert.ToBoolean("True") + " " + Convert.ToByte(200.4));
    Console.WriteLine(Convert.ToString(3.0) + " " + Convert.ToChar(65) + " " + Convert.ToInt64(true) + " " + Convert.ToDecimal(0.1));
    Console.WriteLine(int.MaxValue.ToString("N0", CultureInfo.InvariantCulture) + " " + 3.5.ToString(CultureInfo.InvariantCulture));
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:N1}|{1:0.00}|{2,7:F1}|{3:D4}", 9876.54, 2.0 / 3, -1.25, 42));
    Console.WriteLine(long.MaxValue.ToString("E2") + " " + ulong.MaxValue.ToString("N0") + " " + short.MinValue.ToString("X"));
  }
}
