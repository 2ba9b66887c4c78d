using System;
using System.Collections.Generic;
// Nullable value types: HasValue/Value/GetValueOrDefault, ?? and ?. operators, lifted
// arithmetic and comparisons, three-valued bool logic, boxing, nullable structs and enums.
struct Temp { public double C; public Temp(double c) { C = c; } public double F { get { return C * 9 / 5 + 32; } } }
enum Level { Low, Mid, High }
class Person { public string Name; public Person Boss; public int? Age; }
class Nullables {
  static int? ParseAge(string s) { int v; return int.TryParse(s, out v) && v >= 0 ? v : (int?)null; }
  static string Show(int? x) { return x.HasValue ? x.Value.ToString() : "null"; }
  static string Show(bool? b) { return b.HasValue ? b.Value.ToString() : "null"; }
  static double? Average(List<int?> xs) {
    int sum = 0, n = 0;
    foreach (var x in xs) if (x.HasValue) { sum += x.Value; n++; }
    return n == 0 ? (double?)null : (double)sum / n;
  }
  static void Main() {
    int? a = 5, b = null, c = 7;
    Console.WriteLine(Show(a + c) + " " + Show(a + b) + " " + Show(a * 2) + " " + Show(-a) + " " + Show(b - 1));
    Console.WriteLine((a < c) + " " + (a < b) + " " + (a > b) + " " + (b == null) + " " + (a == 5) + " " + (b != c));
    Console.WriteLine((b ?? 42) + " " + (a ?? 42) + " " + b.GetValueOrDefault() + " " + b.GetValueOrDefault(9) + " " + a.GetValueOrDefault(9));
    bool? t = true, f = false, u = null;
    Console.WriteLine(Show(t & u) + " " + Show(f & u) + " " + Show(t | u) + " " + Show(f | u) + " " + Show(!u) + " " + Show(t ^ f));
    foreach (string s in new[] { "30", "-4", "abc", "", "120" }) Console.Write(Show(ParseAge(s)) + " ");
    Console.WriteLine();
    Console.WriteLine(Average(new List<int?> { 1, null, 4, null, 10 }) + " " + (Average(new List<int?> { null }) == null));
    Temp? tn = new Temp(100); Temp? tnull = null;
    Console.WriteLine(tn.Value.F + " " + (tnull.HasValue ? "has" : "none") + " " + (tn?.F) + " " + (tnull?.F ?? -1));
    Level? lv = Level.High; Level? lnull = null;
    Console.WriteLine(lv + " " + (lnull == null) + " " + (lv == Level.High) + " " + (lv > Level.Low) + " [" + lnull + "]");
    var boss = new Person { Name = "Ann", Age = 50 };
    var p = new Person { Name = "Bo", Boss = boss };
    Console.WriteLine((p.Boss?.Name ?? "none") + " " + (boss.Boss?.Name ?? "none") + " " + (p.Age?.ToString() ?? "age?") + " " + p.Boss?.Age);
    string s1 = null;
    Console.WriteLine((s1?.Length ?? -1) + " " + ("abc"?.Length) + " " + (s1 ?? "default"));
    object boxed = a; object boxedNull = b;
    Console.WriteLine(boxed + " " + (boxedNull == null) + " " + boxed.GetType().Name + " " + (boxed is int) + " " + (boxed is int?));
    int? unboxed = (int?)boxed; int? unboxedNull = (int?)boxedNull;
    Console.WriteLine(unboxed + " " + unboxedNull.HasValue + " " + (boxed as int?) + " " + ((object)"s" as int?).HasValue);
    try { int bad = b.Value; Console.WriteLine(bad); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    long? big = a; double? dd = a; Console.WriteLine(big + " " + dd + " " + (int?)dd);
    var list = new List<int?> { 3, null, 1, null, 2 }; list.Sort();
    Console.WriteLine(string.Join(",", list.ConvertAll(Show)));
    Console.WriteLine(a.Equals(5) + " " + b.Equals(null) + " " + a.GetHashCode() + " " + b.GetHashCode() + " " + Nullable.Compare(a, b) + " " + Nullable.Equals(b, null));
    int? counter = 0; counter++; counter += 10; Console.WriteLine(counter);
    int? nn = null; nn++; Console.WriteLine(Show(nn));
  }
}
