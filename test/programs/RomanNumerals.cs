using System;
using System.Collections.Generic;
using System.Text;
// Number conversions: Roman numerals both ways with validation, numbers to English words,
// ordinal suffixes, base conversion of longs, and a check that every Roman numeral up to 3999
// round-trips.
class RomanNumerals {
  static readonly int[] Values = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
  static readonly string[] Symbols = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
  static string ToRoman(int n) {
    if (n <= 0 || n >= 4000) throw new ArgumentOutOfRangeException("n", n, "Roman numerals cover 1..3999");
    var sb = new StringBuilder();
    for (int i = 0; i < Values.Length; i++) while (n >= Values[i]) { sb.Append(Symbols[i]); n -= Values[i]; }
    return sb.ToString();
  }
  static int FromRoman(string s) {
    var map = new Dictionary<char, int> { { 'I', 1 }, { 'V', 5 }, { 'X', 10 }, { 'L', 50 }, { 'C', 100 }, { 'D', 500 }, { 'M', 1000 } };
    int total = 0;
    for (int i = 0; i < s.Length; i++) {
      int v;
      if (!map.TryGetValue(char.ToUpperInvariant(s[i]), out v)) throw new FormatException("'" + s[i] + "' is not a Roman digit");
      int next = i + 1 < s.Length && map.ContainsKey(char.ToUpperInvariant(s[i + 1])) ? map[char.ToUpperInvariant(s[i + 1])] : 0;
      total += v < next ? -v : v;
    }
    if (ToRoman(total) != s.ToUpperInvariant()) throw new FormatException(s + " is not in canonical form (" + ToRoman(total) + ")");
    return total;
  }
  static readonly string[] Ones = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen" };
  static readonly string[] Tens = { "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety" };
  static string Words(long n) {
    if (n < 0) return "minus " + Words(-n);
    if (n < 20) return Ones[n];
    if (n < 100) return Tens[n / 10] + (n % 10 != 0 ? "-" + Ones[n % 10] : "");
    if (n < 1000) return Ones[n / 100] + " hundred" + (n % 100 != 0 ? " and " + Words(n % 100) : "");
    string[] units = { "thousand", "million", "billion", "trillion", "quadrillion", "quintillion" };
    long scale = 1000; int u = 0;
    while (n / scale >= 1000) { scale *= 1000; u++; }
    return Words(n / scale) + " " + units[u] + (n % scale != 0 ? (n % scale < 100 ? " and " : ", ") + Words(n % scale) : "");
  }
  static string Ordinal(int n) { int t = n % 100; string suf = t >= 11 && t <= 13 ? "th" : (n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"); return n + suf; }
  static string ToBase(long n, int b) { const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; if (n == 0) return "0"; var sb = new StringBuilder(); bool neg = n < 0; ulong u = neg ? (ulong)(-(n + 1)) + 1 : (ulong)n; while (u > 0) { sb.Insert(0, digits[(int)(u % (ulong)b)]); u /= (ulong)b; } return (neg ? "-" : "") + sb; }
  static void Main() {
    foreach (int n in new[] { 1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999 }) Console.Write(n + "=" + ToRoman(n) + " ");
    Console.WriteLine();
    foreach (var s in new[] { "MCMXCIV", "mmxxiv", "IIII", "IC", "XLII", "MMMCMXCIX", "ABC" }) {
      try { Console.WriteLine(s + " -> " + FromRoman(s)); } catch (FormatException e) { Console.WriteLine(s + ": " + e.Message); }
    }
    try { ToRoman(4000); } catch (ArgumentOutOfRangeException e) { Console.WriteLine(e.ParamName + " " + e.ActualValue); }
    int roundTrips = 0; for (int n = 1; n < 4000; n++) if (FromRoman(ToRoman(n)) == n) roundTrips++;
    Console.WriteLine("round trips: " + roundTrips);
    foreach (long n in new long[] { 0, 7, 13, 21, 99, 100, 101, 342, 1000, 1001, 12345, 1000000, 2147483647, -45, 9007199254740993 }) Console.WriteLine(n + ": " + Words(n));
    for (int n = 1; n <= 24; n++) Console.Write(Ordinal(n) + " "); Console.WriteLine(Ordinal(101) + " " + Ordinal(111) + " " + Ordinal(112));
    foreach (int b in new[] { 2, 7, 16, 36 }) Console.Write(ToBase(255, b) + " " + ToBase(long.MinValue, b).Length + " " + ToBase(-1000, b) + " | ");
    Console.WriteLine();
  }
}
