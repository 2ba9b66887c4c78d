// Inheritance and interfaces, IComparable sorting, reflection names, enums and flags, custom
// equality comparers, iterators with finally, LINQ grouping and lookups, StringBuilder
// formatting, floating-point printing, rounding and string helpers.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

enum Color { Red = 1, Green = 2, Blue = 4 }
[Flags] enum Perm { None = 0, Read = 1, Write = 2, Exec = 4 }

interface IShape { double Area { get; } string Name { get; } }
abstract class Shape : IShape, IComparable<Shape> {
  public abstract double Area { get; }
  public virtual string Name { get { return GetType().Name; } }
  public int CompareTo(Shape o) { return Area.CompareTo(o.Area); }
  public override string ToString() { return string.Format("{0}({1:F2})", Name, Area); }
}
class Circle : Shape { double r; public Circle(double r) { this.r = r; } public override double Area { get { return Math.PI * r * r; } } }
class Rect : Shape { protected double w, h; public Rect(double w, double h) { this.w = w; this.h = h; } public override double Area { get { return w * h; } } }
class Square : Rect { public Square(double s) : base(s, s) {} public override string Name { get { return "Sq" + base.Name; } } }

struct Point : IEquatable<Point> {
  public int X, Y;
  public Point(int x, int y) { X = x; Y = y; }
  public bool Equals(Point o) { return X == o.X && Y == o.Y; }
  public override bool Equals(object o) { return o is Point && Equals((Point)o); }
  public override int GetHashCode() { return X * 31 + Y; }
  public override string ToString() { return "(" + X + "," + Y + ")"; }
}

class CaseInsensitive : IEqualityComparer<string> {
  public bool Equals(string a, string b) { return string.Equals(a, b, StringComparison.OrdinalIgnoreCase); }
  public int GetHashCode(string s) { return s.ToUpperInvariant().Length; }
}

static class Program {
  static IEnumerable<int> Fib(int n) {
    int a = 0, b = 1;
    try {
      for (int i = 0; i < n; i++) { yield return a; int t = a + b; a = b; b = t; }
    } finally { Console.WriteLine("fib done"); }
  }
  static T Max<T>(IEnumerable<T> xs) where T : IComparable<T> {
    T best = default(T); bool first = true;
    foreach (var x in xs) if (first || x.CompareTo(best) > 0) { best = x; first = false; }
    return best;
  }
  static void Main() {
    var shapes = new List<Shape> { new Circle(1), new Rect(2, 3), new Square(1.5), new Circle(0.5) };
    shapes.Sort();
    Console.WriteLine(string.Join(", ", shapes));
    Console.WriteLine(Max(shapes));
    Console.WriteLine(typeof(Square).BaseType.Name + " " + typeof(List<int>).Name + " " + new Square(1).GetType().FullName);
    foreach (Color c in Enum.GetValues(typeof(Color))) Console.Write(c + "=" + (int)c + " ");
    Console.WriteLine();
    Perm p = Perm.Read | Perm.Exec;
    Console.WriteLine(p + " " + (p & Perm.Write) + " " + p.HasFlag(Perm.Read) + " " + Enum.Parse(typeof(Color), "Blue"));
    var d = new Dictionary<string, int>(new CaseInsensitive());
    foreach (var w in "the Quick brown fox jumps over THE lazy dog The end".Split(' ')) { int n; d.TryGetValue(w, out n); d[w] = n + 1; }
    foreach (var kv in d.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal)) Console.Write(kv.Key + ":" + kv.Value + " ");
    Console.WriteLine();
    var pts = new HashSet<Point> { new Point(1, 2), new Point(1, 2), new Point(3, 4) };
    Console.WriteLine(pts.Count + " " + pts.Contains(new Point(3, 4)));
    Console.WriteLine(string.Join(" ", Fib(10)));
    var groups = Enumerable.Range(1, 20).GroupBy(i => i % 3).Select(g => g.Key + ":" + g.Sum());
    Console.WriteLine(string.Join(";", groups));
    var lookup = new[] { "apple", "avocado", "banana", "cherry", "blueberry" }.ToLookup(s => s[0]);
    foreach (var g in lookup) Console.Write(g.Key + "=" + string.Join("|", g) + " ");
    Console.WriteLine();
    Console.WriteLine(Enumerable.Range(1, 5).Aggregate(1L, (acc, x) => acc * x) + " " + new[] { 1, 2, 3 }.Zip(new[] { "a", "b", "c" }, (a, b) => b + a).Last());
    var sb = new StringBuilder();
    sb.AppendFormat("{0,-6}|{1,6}|{2:X4}|{3:N2}|{4:P1}|{5:E2}", "ab", 42, 255, 1234567.891, 0.256, 12345.678).AppendLine();
    sb.Append('x', 3).Insert(0, "<<").Replace("x", "y");
    Console.Write(sb.ToString());
    Console.WriteLine();
    Console.WriteLine(1.0 / 3 + " " + (float)(1.0 / 3) + " " + 1e21 + " " + 123456789.0 + " " + double.NaN + " " + (-1.0 / 0) + " " + 0.1m * 3);
    Console.WriteLine(Math.Round(2.5) + " " + Math.Round(3.5) + " " + Math.Floor(-1.5) + " " + Math.Ceiling(-1.5) + " " + Math.Truncate(-1.7) + " " + Math.Pow(2, 0.5));
    long big = long.MaxValue; Console.WriteLine(unchecked(big + 1L) == long.MinValue ? "wrap" : "nowrap");
    Console.WriteLine(string.Compare("abc", "ABD", StringComparison.OrdinalIgnoreCase) + " " + "Hello".IndexOf('l') + " " + "Hello".LastIndexOf("l") + " " + "a,b,,c".Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Length);
    Console.WriteLine("  trim me  ".Trim() + "|" + "x".PadLeft(4, '.') + "|" + "Title".ToUpper() + "|" + "ß".ToUpperInvariant() + "|" + char.IsLetterOrDigit('_'));
    object o = 42; int? ni = o as int?; string str = o as string;
    Console.WriteLine((ni ?? -1) + " " + (str == null) + " " + (o is IComparable) + " " + o.GetType());
  }
}
