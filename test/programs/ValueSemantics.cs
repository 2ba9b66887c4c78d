// Value semantics: operator overloads and conversions on a struct, indexers, generic static
// caches, params, optional and named arguments, ref and out, nullable lifting, integer and
// floating conversions at their edges, number formats and parsing, comparers and LINQ ordering.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

struct Money {
  public readonly decimal Amount;
  public Money(decimal a) { Amount = a; }
  public static Money operator +(Money a, Money b) { return new Money(a.Amount + b.Amount); }
  public static Money operator *(Money a, int k) { return new Money(a.Amount * k); }
  public static bool operator ==(Money a, Money b) { return a.Amount == b.Amount; }
  public static bool operator !=(Money a, Money b) { return !(a == b); }
  public static implicit operator Money(int v) { return new Money(v); }
  public static explicit operator double(Money m) { return (double)m.Amount; }
  public override bool Equals(object o) { return o is Money && ((Money)o).Amount == Amount; }
  public override int GetHashCode() { return Amount.GetHashCode(); }
  public override string ToString() { return Amount.ToString("C2", CultureInfo.InvariantCulture); }
}
class Matrix {
  double[,] d; public Matrix(int n) { d = new double[n, n]; }
  public double this[int i, int j] { get { return d[i, j]; } set { d[i, j] = value; } }
  public int N { get { return d.GetLength(0); } }
}
static class Cache<T> { public static int Hits; public static readonly string Name = typeof(T).Name; }
class ByLen : IComparer<string> { public int Compare(string a, string b) { int c = a.Length.CompareTo(b.Length); return c != 0 ? c : string.CompareOrdinal(a, b); } }
static class Program {
  static int Sum(params int[] xs) { int s = 0; foreach (var x in xs) s += x; return s; }
  static string Greet(string name, string greeting = "Hello", int times = 1) { return string.Concat(Enumerable.Repeat(greeting + " " + name + "! ", times)).TrimEnd(); }
  static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }
  static bool TryHalf(int x, out int h) { h = x / 2; return x % 2 == 0; }
  static T First<T>(IList<T> xs, T dflt) { return xs.Count > 0 ? xs[0] : dflt; }
  static void Main() {
    Money m = 5; m = m + new Money(2.5m); m = m * 3;
    Console.WriteLine(m + " " + (double)m + " " + (m == new Money(22.5m)) + " " + m.Equals(22));
    var mx = new Matrix(3); for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) mx[i, j] = i * 3 + j;
    double tr = 0; for (int i = 0; i < mx.N; i++) tr += mx[i, i]; Console.WriteLine(tr);
    Cache<int>.Hits++; Cache<string>.Hits += 2; Cache<int>.Hits++;
    Console.WriteLine(Cache<int>.Hits + " " + Cache<string>.Hits + " " + Cache<int>.Name + " " + Cache<List<string>>.Name);
    Console.WriteLine(Sum() + " " + Sum(1) + " " + Sum(1, 2, 3) + " " + Greet("Bob") + " | " + Greet("Al", times: 2) + " | " + Greet(greeting: "Hi", name: "Cy"));
    int a = 1, b = 2; Swap(ref a, ref b); string s1 = "x", s2 = "y"; Swap(ref s1, ref s2); Console.WriteLine(a + " " + b + " " + s1 + s2);
    int h; Console.WriteLine(TryHalf(7, out h) + " " + h + " " + TryHalf(8, out h) + " " + h);
    Console.WriteLine(First(new List<int>(), -1) + " " + First(new[] { "q" }, "none"));
    int? n1 = null, n2 = 5; Console.WriteLine((n1 + n2) + "|" + (n2 * 2) + "|" + (n1 ?? 9) + "|" + n1.HasValue + "|" + n2.GetValueOrDefault() + "|" + (n1 < n2) + "|" + (n1 == null));
    Console.WriteLine((-7 / 2) + " " + (-7 % 2) + " " + (7 % -2) + " " + (-7 >> 1) + " " + (1 << 33) + " " + (1L << 33) + " " + unchecked(uint.MaxValue + 1u) + " " + unchecked((byte)300) + " " + unchecked((sbyte)200));
    Console.WriteLine(unchecked((int)3000000000u) + " " + unchecked((ulong)(-1L)) + " " + (char)('a' + 2) + " " + ('z' - 'a') + " " + (int)'€' + " " + Math.Sign(-3.2) + " " + Math.Abs(int.MinValue + 1));
    double big = 3e10, neg = -2.7; Console.WriteLine((int)neg + " " + (long)big + " " + (int)2.9999 + " " + (uint)3.7 + " " + Convert.ToInt32(2.5) + " " + Convert.ToInt32(3.5) + " " + (int)Math.Round(-2.5));
    Console.WriteLine(1234567.891.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + 0.5.ToString("0.00") + " " + 42.ToString("D6") + " " + (-42).ToString("X") + " " + 3.14159.ToString("G3") + " " + 1e-7 + " " + 123.456f + " " + double.MaxValue + " " + float.Epsilon);
    Console.WriteLine(decimal.Parse("12.3400") + " " + (10m / 3m) + " " + Math.Round(2.345m, 2) + " " + decimal.Round(2.355m, 2, MidpointRounding.AwayFromZero) + " " + (1m / 8m) + " " + decimal.MaxValue);
    Console.WriteLine(double.Parse("1.5e3", CultureInfo.InvariantCulture) + " " + long.Parse("-9223372036854775808") + " " + int.TryParse("abc", out a) + " " + a + " " + bool.Parse("TRUE") + " " + char.Parse("x"));
    var words = new List<string> { "kiwi", "fig", "apple", "date", "banana", "plum" };
    words.Sort(new ByLen()); Console.WriteLine(string.Join(",", words));
    Console.WriteLine(string.Join(",", words.OrderBy(w => w[w.Length - 1]).ThenByDescending(w => w)));
    Console.WriteLine(string.Join(",", words.Where((w, i) => i % 2 == 0).Select((w, i) => i + w)));
    var nested = new Dictionary<string, List<int>> { { "a", new List<int> { 1, 2 } }, { "b", new List<int>() } };
    nested["b"].Add(7); nested["c"] = new List<int>(nested["a"].Concat(nested["b"]));
    Console.WriteLine(string.Join(";", nested.Select(kv => kv.Key + "=" + string.Join("+", kv.Value))));
    Console.WriteLine(string.Join(",", Enumerable.Range(1, 10).SelectMany(x => Enumerable.Range(1, x).Where(y => x % y == 0 && y != 1 && y != x).Take(1)).Distinct()));
    var arr2 = new int[3][]; arr2[0] = new[] { 1 }; arr2[1] = new int[0]; arr2[2] = new[] { 2, 3 };
    Console.WriteLine(arr2.Sum(r => r.Length) + " " + arr2.Max(r => r.Length) + " " + arr2.All(r => r != null) + " " + arr2.Any(r => r.Length == 0));
    object[] objs = { 1, "s", 2.5, null, 'c', 3L, new int[0], Color.Red };
    foreach (var o in objs) Console.Write((o == null ? "null" : o.GetType().Name) + " ");
    Console.WriteLine();
    Color col = Color.Green;
    switch (col) { case Color.Red: Console.WriteLine("r"); break; case Color.Green: Console.WriteLine("g " + (int)col + " " + col.ToString() + " " + (Color)7); break; }
    Console.WriteLine(string.Format("{0} {1} {0}", "a", "b") + string.Format(" {{literal}} {0:0.0}", 2.25) + " " + $"{a,4}|{m}|{3.5:F1}");
    char[] cs = "hello".ToCharArray(); Array.Reverse(cs); Console.WriteLine(new string(cs) + " " + new string('-', 5) + " " + "abc".CompareTo("abd") + " " + "Straße".Length + " " + "a\tb".Replace('\t', ' '));
  }
  enum Color { Red, Green, Blue }
}
