using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
// A tour of everyday C#: interfaces and abstract classes, iterators with finally, generic
// methods with constraints, ref/out/params/optional arguments, using, LINQ operators, the
// collection classes, tuples, nullables, Enum.Parse and type names.
interface IShape : IComparable<IShape> { double Area { get; } string Name { get; } }
abstract class Shape : IShape {
  public abstract double Area { get; }
  public virtual string Name { get { return GetType().Name; } }
  public int CompareTo(IShape o) { return Area.CompareTo(o.Area); }
  public override string ToString() { return string.Format("{0}({1:F2})", Name, Area); }
}
sealed class Circle : Shape { readonly double r; public Circle(double r) { this.r = r; } public override double Area { get { return Math.PI * r * r; } } }
sealed class Rect : Shape { readonly double w, h; public Rect(double w, double h) { this.w = w; this.h = h; } public override double Area { get { return w * h; } } public override string Name { get { return w == h ? "Square" : "Rect"; } } }
struct Pair<A, B> { public A First; public B Second; public Pair(A a, B b) { First = a; Second = b; } public override string ToString() { return "(" + First + ", " + Second + ")"; } }
class Resource : IDisposable { string n; public Resource(string n) { this.n = n; Console.WriteLine("open " + n); } public void Dispose() { Console.WriteLine("close " + n); } }
class LanguageTour {
  static IEnumerable<int> Fib() { int a = 0, b = 1; while (true) { yield return a; int t = a + b; a = b; b = t; } }
  static IEnumerable<string> Guarded() { try { yield return "a"; yield return "b"; } finally { Console.WriteLine("iterator finally"); } }
  static T Max<T>(params T[] xs) where T : IComparable<T> { T m = xs[0]; foreach (var x in xs) if (x.CompareTo(m) > 0) m = x; return m; }
  static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }
  static bool TryDiv(int a, int b, out int q) { if (b == 0) { q = 0; return false; } q = a / b; return true; }
  static string Join(string sep = ", ", params object[] items) { return string.Join(sep, items); }
  static void Main() {
    var shapes = new List<IShape> { new Circle(1), new Rect(2, 3), new Rect(2, 2), new Circle(0.5) };
    shapes.Sort();
    Console.WriteLine(string.Join("; ", shapes));
    Console.WriteLine(shapes.OfType<Circle>().Count() + " circles, total area " + shapes.Sum(s => s.Area).ToString("F3"));
    var byName = shapes.GroupBy(s => s.Name).OrderBy(g => g.Key).Select(g => g.Key + ":" + g.Count());
    Console.WriteLine(string.Join(",", byName));
    Console.WriteLine(string.Join(" ", Fib().Skip(5).Take(8)));
    foreach (var s in Guarded()) { Console.WriteLine(s); break; }
    Console.WriteLine(Max(3, 9, 2) + " " + Max("pear", "apple", "zoo") + " " + Max(2.5, -1.0));
    int x = 1, y = 2; Swap(ref x, ref y); Console.WriteLine(x + "," + y);
    int q; Console.WriteLine(TryDiv(7, 2, out q) + " " + q + " " + TryDiv(1, 0, out q) + " " + q);
    Console.WriteLine(Join(items: new object[] { 1, "two", 3.0, null, 'c' }) + " | " + Join("-", 1, 2));
    using (var r1 = new Resource("A")) using (var r2 = new Resource("B")) { Console.WriteLine("body"); }
    try { using (new Resource("C")) { throw new InvalidOperationException("boom"); } } catch (Exception e) { Console.WriteLine(e.GetType().FullName + ": " + e.Message); }
    var p = new Pair<int, string>(4, "four"); Console.WriteLine(p + " " + p.Equals(new Pair<int, string>(4, "four")) + " " + p.Equals(new Pair<int, string>(5, "four")));
    var dict = new Dictionary<string, List<int>>();
    foreach (var w in "the quick brown fox jumps over the lazy dog the end".Split(' ')) { List<int> l; if (!dict.TryGetValue(w, out l)) dict[w] = l = new List<int>(); l.Add(w.Length); }
    foreach (var kv in dict.OrderByDescending(k => k.Value.Count).ThenBy(k => k.Key)) Console.Write(kv.Key + "=" + kv.Value.Count + " ");
    Console.WriteLine();
    var sb = new StringBuilder("hello world"); sb.Insert(0, ">> ").Replace("o", "0").Remove(3, 2).Append('!', 3).AppendFormat(" [{0:D3}]", 7);
    Console.WriteLine(sb.ToString() + " " + sb.Length);
    var set = new HashSet<int>(new[] { 5, 3, 5, 1, 3 }); set.UnionWith(new[] { 9, 1 }); Console.WriteLine(set.Count + " " + set.Contains(9) + " " + string.Join(",", set.OrderBy(i => i)));
    var q2 = new Queue<string>(); q2.Enqueue("a"); q2.Enqueue("b"); var st = new Stack<int>(); st.Push(1); st.Push(2);
    Console.WriteLine(q2.Dequeue() + q2.Peek() + st.Pop() + st.Count);
    var sd = new SortedDictionary<int, string> { { 3, "c" }, { 1, "a" }, { 2, "b" } }; Console.WriteLine(string.Join(",", sd.Values) + " " + sd.First().Key);
    var arr = new[] { 5, 2, 8, 1, 9 }; Array.Sort(arr, (a, b) => b - a); Console.WriteLine(string.Join(",", arr) + " " + Array.IndexOf(arr, 8) + " " + Array.BinarySearch(new[] { 1, 3, 5, 7 }, 5));
    Array.Reverse(arr); Console.WriteLine(string.Join(",", arr));
    var words = new[] { "banana", "Apple", "cherry" }; Array.Sort(words, StringComparer.OrdinalIgnoreCase); Console.WriteLine(string.Join(",", words));
    Console.WriteLine(Enumerable.Range(1, 10).Where(i => i % 3 != 0).Select(i => i * i).Aggregate((a, b) => a + b) + " " + Enumerable.Range(1, 5).Zip(new[] { "a", "b", "c" }, (i, s) => s + i).Last());
    Console.WriteLine(new[] { 1, 2, 3 }.SequenceEqual(new List<int> { 1, 2, 3 }) + " " + new[] { 3, 1, 2 }.Max() + " " + new[] { 1.5, 2.5 }.Average() + " " + new[] { "x", "yy" }.Any(s => s.Length > 1));
    var nested = new[] { new[] { 1, 2 }, new[] { 3 }, new int[0] }; Console.WriteLine(string.Join(",", nested.SelectMany(a => a)) + " " + nested.Select(a => a.Length).ToArray().Length);
    var lookup = "one two three four five".Split().ToLookup(w => w.Length); Console.WriteLine(string.Join("|", lookup[4]) + " " + lookup.Count);
    var dictFromLinq = Enumerable.Range(0, 5).ToDictionary(i => "k" + i, i => i * 10); Console.WriteLine(dictFromLinq["k3"] + " " + dictFromLinq.ContainsKey("k9"));
    var tuple = Tuple.Create(1, "a", 2.0); Console.WriteLine(tuple + " " + tuple.Item2);
    var kvp = new KeyValuePair<string, int>("k", 1); Console.WriteLine(kvp);
    object o = 42; Console.WriteLine((o is int) + " " + (o as string == null) + " " + o.GetType() + " " + typeof(List<int>).Name + " " + typeof(Dictionary<string, int>).FullName.Length);
    int? ni = null; int? nj = 5; Console.WriteLine((ni + nj).HasValue + " " + (nj * 2) + " " + (ni ?? -1) + " " + nj.GetValueOrDefault());
    Console.WriteLine(Enum.Parse(typeof(DayOfWeek), "Friday") + " " + (int)DayOfWeek.Friday + " " + Enum.GetNames(typeof(DayOfWeek)).Length + " " + ConsoleColor.Red.ToString());
  }
}
