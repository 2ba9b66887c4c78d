using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
// A plug-in registry: handlers created from their Type with Activator.CreateInstance (and the
// failures Mono reports: no default constructor, a throwing constructor), values that format
// themselves through IFormattable in composite formats and interpolation, Convert.ChangeType,
// array helpers, and async methods whose awaits complete synchronously.
interface IHandler { string Handle(string input); }
class Upper : IHandler { public string Handle(string s) { return s.ToUpperInvariant(); } }
class Reverse : IHandler { public string Handle(string s) { var a = s.ToCharArray(); Array.Reverse(a); return new string(a); } }
class Counted : IHandler { public static int Made; public Counted() { Made++; } public string Handle(string s) { return s.Length + ":" + s; } }
class NeedsArg : IHandler { public NeedsArg(int x) { } public string Handle(string s) { return s; } }
class Broken : IHandler { public Broken() { throw new NotSupportedException("broken plug-in"); } public string Handle(string s) { return s; } }
struct Temperature : IFormattable {
  public double Celsius;
  public string ToString(string format, IFormatProvider provider) {
    switch (format) {
      case "F": return (Celsius * 9 / 5 + 32).ToString("0.0") + "°F";
      case "K": return (Celsius + 273.15).ToString("0.00") + "K";
      default: return Celsius.ToString("0.0") + "°C";
    }
  }
  public override string ToString() { return "Temperature(" + Celsius + ")"; }
}
class Plugins {
  static async Task<int> LengthAsync(string s) { await Task.FromResult(0); return s.Length; }
  static async Task<string> PipelineAsync(IEnumerable<IHandler> hs, string s) { foreach (var h in hs) { int n = await LengthAsync(s); s = h.Handle(s) + "/" + n; } return s; }
  static void Main() {
    var types = new[] { typeof(Upper), typeof(Reverse), typeof(Counted), typeof(NeedsArg), typeof(Broken), typeof(Counted) };
    var handlers = new List<IHandler>();
    foreach (var t in types) {
      try { handlers.Add((IHandler)Activator.CreateInstance(t)); Console.WriteLine("loaded " + t.Name); }
      catch (MissingMethodException e) { Console.WriteLine("skipped " + t.Name + ": " + e.Message); }
      catch (System.Reflection.TargetInvocationException e) { Console.WriteLine("failed " + t.Name + ": " + e.InnerException.GetType().Name + " " + e.InnerException.Message); }
    }
    Console.WriteLine(handlers.Count + " handlers, Counted made " + Counted.Made + " times");
    foreach (var h in handlers) Console.WriteLine("  " + h.GetType().Name + " -> " + h.Handle("plug-in"));
    Console.WriteLine(PipelineAsync(handlers, "abc").Result);
    var task = LengthAsync("hello"); Console.WriteLine(task.IsCompleted + " " + task.Result + " " + task.Status);
    var t1 = new Temperature { Celsius = 21.5 };
    Console.WriteLine(string.Format("{0} | {0:F} | {0:K} | {0,10} | {0,-10:F}|", t1));
    Console.WriteLine($"{t1} {t1:K} " + t1 + " " + t1.ToString("F", null));
    Console.WriteLine(Convert.ChangeType("42", typeof(int)) + " " + Convert.ChangeType(3.7, typeof(int)) + " " + Convert.ChangeType(1, typeof(bool)) + " " + Convert.ChangeType("2.5", typeof(double)).GetType().Name);
    var v = Activator.CreateInstance(typeof(Temperature)); Console.WriteLine(v.GetType().Name + " " + string.Format("{0:K}", v));
    Console.WriteLine(string.Join(",", Array.ConvertAll(new[] { 1, 2, 3 }, x => x * 10)) + " " + string.Join(",", Array.FindAll(new[] { 5, 8, 13, 21 }, x => x % 2 == 1)) + " " + Array.Find(new[] { "a", "bb", "ccc" }, s => s.Length > 1) + " " + Array.FindLastIndex(new[] { 1, 2, 1 }, x => x == 1));
    var al = new ArrayList { 3, "x", 4 }; Console.WriteLine(al.OfType<int>().Sum() + " " + al.Count);
    var cmp = Comparer<string>.Create((a, b) => b.Length != a.Length ? b.Length - a.Length : string.CompareOrdinal(a, b));
    var names = new List<string> { "kiwi", "fig", "banana", "apple" }; names.Sort(cmp); Console.WriteLine(string.Join(" ", names));
    try { Activator.CreateInstance(typeof(IHandler)); } catch (MissingMethodException e) { Console.WriteLine(e.Message); }
  }
}
