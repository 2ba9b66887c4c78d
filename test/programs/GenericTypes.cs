using System;
using System.Collections.Generic;
// Generic classes and methods: constraints (class, struct, new(), interfaces, base classes),
// generic interfaces, static members per instantiation, default(T), generic recursion.
interface IShape { double Area { get; } }
class Sq : IShape { public double S; public Sq() { S = 1; } public Sq(double s) { S = s; } public double Area { get { return S * S; } } public override string ToString() { return "Sq(" + S + ")"; } }
class Pair<TFirst, TSecond> {
  public TFirst First; public TSecond Second;
  public Pair(TFirst a, TSecond b) { First = a; Second = b; }
  public Pair<TSecond, TFirst> Swap() { return new Pair<TSecond, TFirst>(Second, First); }
  public override string ToString() { return "<" + First + ", " + Second + ">"; }
}
class Box<T> {
  public static int Count;
  T value;
  public Box(T v) { value = v; Count++; }
  public T Value { get { return value; } }
  public TResult Map<TResult>(Func<T, TResult> f) { return f(value); }
  public bool IsDefault() { return EqualityComparer<T>.Default.Equals(value, default(T)); }
}
class MinHeap<T> where T : IComparable<T> {
  List<T> items = new List<T>();
  public int Count { get { return items.Count; } }
  public void Push(T x) {
    items.Add(x);
    int i = items.Count - 1;
    while (i > 0) { int p = (i - 1) / 2; if (items[p].CompareTo(items[i]) <= 0) break; T t = items[p]; items[p] = items[i]; items[i] = t; i = p; }
  }
  public T Pop() {
    T top = items[0];
    items[0] = items[items.Count - 1]; items.RemoveAt(items.Count - 1);
    int i = 0;
    while (true) {
      int l = 2 * i + 1, r = l + 1, m = i;
      if (l < items.Count && items[l].CompareTo(items[m]) < 0) m = l;
      if (r < items.Count && items[r].CompareTo(items[m]) < 0) m = r;
      if (m == i) break;
      T t = items[m]; items[m] = items[i]; items[i] = t; i = m;
    }
    return top;
  }
}
struct Version : IComparable<Version> {
  public int Major, Minor;
  public Version(int a, int b) { Major = a; Minor = b; }
  public int CompareTo(Version o) { return Major != o.Major ? Major.CompareTo(o.Major) : Minor.CompareTo(o.Minor); }
  public override string ToString() { return Major + "." + Minor; }
}
static class Algo {
  public static T Max<T>(IEnumerable<T> xs) where T : IComparable<T> {
    bool first = true; T best = default(T);
    foreach (T x in xs) if (first || x.CompareTo(best) > 0) { best = x; first = false; }
    return best;
  }
  public static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }
  public static T Create<T>() where T : new() { return new T(); }
  public static double TotalArea<T>(IList<T> shapes) where T : IShape { double s = 0; foreach (T x in shapes) s += x.Area; return s; }
  public static string Describe<T>(T x) where T : class { return x == null ? "null " + typeof(T).Name : x.ToString(); }
  public static T? Parse<T>(string s, Func<string, T> f) where T : struct { try { return f(s); } catch (FormatException) { return null; } }
  public static int Depth<T>(int n) { return n == 0 ? 0 : 1 + Depth<List<T>>(n - 1); }
  public static List<TOut> Map<TIn, TOut>(List<TIn> xs, Func<TIn, TOut> f) { var r = new List<TOut>(); foreach (var x in xs) r.Add(f(x)); return r; }
}
class GenericTypes {
  static void Main() {
    var p = new Pair<int, string>(1, "one");
    Console.WriteLine(p + " " + p.Swap() + " " + p.Swap().Swap().First);
    var nested = new Pair<Pair<int, int>, List<string>>(new Pair<int, int>(2, 3), new List<string> { "a", "b" });
    Console.WriteLine(nested.First + " " + nested.Second.Count);
    var b1 = new Box<int>(0); var b2 = new Box<int>(5); var b3 = new Box<string>(null); var b4 = new Box<double>(2.5);
    Console.WriteLine(Box<int>.Count + " " + Box<string>.Count + " " + Box<double>.Count + " " + Box<long>.Count);
    Console.WriteLine(b1.IsDefault() + " " + b2.IsDefault() + " " + b3.IsDefault() + " " + b4.Map(x => x * 4) + " " + b2.Map(x => "#" + x));
    var heap = new MinHeap<int>();
    foreach (int x in new[] { 5, 3, 9, 1, 7, 2, 8 }) heap.Push(x);
    while (heap.Count > 0) Console.Write(heap.Pop() + " ");
    Console.WriteLine();
    var vh = new MinHeap<Version>();
    vh.Push(new Version(1, 10)); vh.Push(new Version(1, 2)); vh.Push(new Version(0, 99)); vh.Push(new Version(2, 0));
    while (vh.Count > 0) Console.Write(vh.Pop() + " ");
    Console.WriteLine();
    var sh = new MinHeap<string>(); foreach (var w in "pear apple fig banana".Split(' ')) sh.Push(w);
    Console.WriteLine(sh.Pop() + " " + sh.Pop());
    Console.WriteLine(Algo.Max(new[] { 3, 17, 5 }) + " " + Algo.Max(new List<string> { "kiwi", "zucchini", "apple" }) + " " + Algo.Max(new[] { new Version(3, 1), new Version(3, 4) }));
    int a = 1, b = 2; Algo.Swap(ref a, ref b); string s1 = "x", s2 = "y"; Algo.Swap(ref s1, ref s2);
    Console.WriteLine(a + " " + b + " " + s1 + " " + s2);
    Console.WriteLine(Algo.Create<Sq>() + " " + Algo.Create<List<int>>().Count + " " + Algo.Create<int>());
    Console.WriteLine(Algo.TotalArea(new List<Sq> { new Sq(2), new Sq(3) }) + " " + Algo.TotalArea(new IShape[] { new Sq(1.5) }));
    Console.WriteLine(Algo.Describe("str") + " " + Algo.Describe<string>(null) + " " + Algo.Describe(new Sq(4)));
    var n1 = Algo.Parse("42", int.Parse); var n2 = Algo.Parse("x", int.Parse); var n3 = Algo.Parse("2.5", double.Parse);
    Console.WriteLine(n1 + " " + n2.HasValue + " " + n3);
    Console.WriteLine(Algo.Depth<int>(5));
    Console.WriteLine(string.Join(",", Algo.Map(new List<int> { 1, 2, 3 }, x => x * x)) + " " + string.Join(",", Algo.Map(new List<string> { "a", "bb" }, x => x.Length)));
    var dict = new Dictionary<string, Pair<int, double>>();
    dict["a"] = new Pair<int, double>(1, 1.5); dict["b"] = new Pair<int, double>(2, 2.5);
    foreach (var kv in dict) Console.Write(kv.Key + "=" + kv.Value + " ");
    Console.WriteLine();
    Console.WriteLine(typeof(Pair<int, string>).Name + " " + typeof(Box<>).Name + " " + new Box<Sq>(null).GetType());
  }
}
