// C# 6 and 7 syntax as mcs compiles it: auto-property initialisers, expression bodies,
// interpolated strings with formats, null-conditional operators, nameof, exception filters,
// index initialisers, using static, IFormattable, generic constraints and tuples.
using System;
using System.Collections.Generic;
using System.Linq;
using static System.Math;

class Person {
  public string First { get; set; } = "Anon";
  public string Last { get; } 
  public int Age { get; private set; }
  public Person Manager { get; set; }
  public List<string> Tags { get; } = new List<string>();
  public Person(string last, int age) { Last = last; Age = age; }
  public string Full => $"{First} {Last}";
  public override string ToString() => $"{Full} ({Age})";
  public void Birthday() => Age++;
}
struct Temp : IFormattable, IComparable<Temp> {
  public double C;
  public Temp(double c) { C = c; }
  public string ToString(string fmt, IFormatProvider p) => fmt == "F" ? $"{C * 9 / 5 + 32:0.0}°F" : $"{C:0.0}°C";
  public override string ToString() => ToString("C", null);
  public int CompareTo(Temp o) => C.CompareTo(o.C);
}
static class G {
  public static T MaxOf<T>(params T[] xs) where T : IComparable<T> { var m = xs[0]; foreach (var x in xs) if (x.CompareTo(m) > 0) m = x; return m; }
  public static string Describe<T>(T x) where T : struct => $"{typeof(T).Name}:{x}";
  public static T Make<T>() where T : new() => new T();
  public static IEnumerable<TOut> Map<TIn, TOut>(IEnumerable<TIn> xs, Func<TIn, TOut> f) { foreach (var x in xs) yield return f(x); }
}
class Base { public virtual IEnumerable<T> Twice<T>(T x) { yield return x; yield return x; } }
class Derived : Base { public override IEnumerable<T> Twice<T>(T x) { foreach (var y in base.Twice(x)) yield return y; yield return x; } }
static class Program {
  static int Risky(int x) { if (x < 0) throw new ArgumentOutOfRangeException(nameof(x), x, "negative"); if (x == 0) throw new InvalidOperationException("zero"); return 100 / x; }
  static void Main() {
    var boss = new Person("Smith", 50) { First = "Jane" };
    var p = new Person("Doe", 30) { Manager = boss, Tags = { "dev", "ops" } };
    p.Birthday();
    Console.WriteLine($"{p} managed by {p.Manager?.Full ?? "nobody"}; boss's manager: {boss.Manager?.Full ?? "nobody"}; tags {string.Join("/", p.Tags)}; {p.Manager?.Tags.Count}");
    Person nobody = null; Console.WriteLine($"[{nobody?.Full}] [{nobody?.Tags?.Count ?? -1}] {nameof(Person.Full)} {nameof(p)}");
    var temps = new[] { new Temp(21.5), new Temp(-3), new Temp(37) };
    Console.WriteLine($"{G.MaxOf(temps)} {G.MaxOf(temps):F} {string.Format("{0:F}", temps[1])} {G.MaxOf(3, 9, 2)} {G.MaxOf("pear", "apple")}");
    Console.WriteLine(G.Describe(42) + " " + G.Describe(3.5) + " " + G.Describe(new Temp(1)) + " " + G.Make<List<int>>().Count + " " + G.Make<Temp>().C);
    Console.WriteLine(string.Join(",", G.Map(new[] { 1, 2, 3 }, x => x * 1.5)) + " " + string.Join(",", new Derived().Twice("z")) + " " + string.Join(",", ((Base)new Derived()).Twice(7)));
    foreach (var x in new[] { 5, 0, -2 }) {
      try { Console.WriteLine(Risky(x)); }
      catch (ArgumentOutOfRangeException e) when (e.ParamName == "x") { Console.WriteLine("range: " + e.ActualValue + " " + e.Message.Split('\n')[0]); }
      catch (Exception e) when (e.Message.Length > 100) { Console.WriteLine("long"); }
      catch (Exception e) { Console.WriteLine("other: " + e.GetType().Name + " " + e.Message); }
      finally { Console.Write(""); }
    }
    var d = new Dictionary<string, int> { ["one"] = 1, ["two"] = 2 };
    d["three"] = d["one"] + d["two"];
    Console.WriteLine(string.Join(";", d.OrderBy(kv => kv.Value).Select(kv => $"{kv.Key}={kv.Value}")) + $" {Sqrt(16)} {Max(3, 7)} {PI:F4} {Abs(-2.5)}");
    object boxed = (int?)5; object nb = (int?)null; Console.WriteLine($"{boxed.GetType().Name} {nb == null} {(int)boxed + 1} {((int?)nb).HasValue}");
    int? a = 3; long? b = a; double? c = b * 1.5; Console.WriteLine($"{b} {c} {(a > 2 ? "big" : "small")} {(c ?? 0) + 1}");
    var tuple = Tuple.Create("x", 1); var (first, second) = (tuple.Item1, tuple.Item2 + 1);
    Console.WriteLine(first + second);
  }
}
