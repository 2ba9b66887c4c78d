// Double dispatch through generic visitors, virtual/new/override and base calls, interface
// calls on boxed structs, disposable subscriptions, extension methods, infinite and recursive
// iterators, a memoised recursive lambda, anonymous types and LINQ query syntax with joins.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

interface IVisitor<R> { R Num(int v); R Add(Expr a, Expr b); R Mul(Expr a, Expr b); R Neg(Expr e); }
abstract class Expr { public abstract R Accept<R>(IVisitor<R> v); }
sealed class Num : Expr { public int V; public Num(int v) { V = v; } public override R Accept<R>(IVisitor<R> v) { return v.Num(V); } }
sealed class Add : Expr { public Expr A, B; public Add(Expr a, Expr b) { A = a; B = b; } public override R Accept<R>(IVisitor<R> v) { return v.Add(A, B); } }
sealed class Mul : Expr { public Expr A, B; public Mul(Expr a, Expr b) { A = a; B = b; } public override R Accept<R>(IVisitor<R> v) { return v.Mul(A, B); } }
sealed class Neg : Expr { public Expr E; public Neg(Expr e) { E = e; } public override R Accept<R>(IVisitor<R> v) { return v.Neg(E); } }
class Eval : IVisitor<long> {
  public long Num(int v) { return v; }
  public long Add(Expr a, Expr b) { return a.Accept(this) + b.Accept(this); }
  public long Mul(Expr a, Expr b) { return a.Accept(this) * b.Accept(this); }
  public long Neg(Expr e) { return -e.Accept(this); }
}
class Show : IVisitor<string> {
  public string Num(int v) { return v.ToString(); }
  public string Add(Expr a, Expr b) { return "(" + a.Accept(this) + " + " + b.Accept(this) + ")"; }
  public string Mul(Expr a, Expr b) { return a.Accept(this) + " * " + b.Accept(this); }
  public string Neg(Expr e) { return "-" + e.Accept(this); }
}
class Animal { public virtual string Speak() { return "..."; } public string Who() { return "animal"; } }
class Dog : Animal { public override string Speak() { return "Woof"; } public new string Who() { return "dog"; } }
class Puppy : Dog { public override string Speak() { return base.Speak() + "!"; } }
interface ICounter { int Next(); }
struct Counter : ICounter { int n; public int Next() { return ++n; } }
class Observable<T> {
  readonly List<Action<T>> subs = new List<Action<T>>();
  public IDisposable Subscribe(Action<T> a) { subs.Add(a); return new Unsub(() => subs.Remove(a)); }
  public void Emit(T v) { foreach (var s in subs.ToArray()) s(v); }
  class Unsub : IDisposable { Action a; public Unsub(Action a) { this.a = a; } public void Dispose() { if (a != null) { a(); a = null; } } }
}
static class Ext {
  public static string Repeat(this string s, int n) { var sb = new StringBuilder(); for (int i = 0; i < n; i++) sb.Append(s); return sb.ToString(); }
  public static IEnumerable<T> EveryOther<T>(this IEnumerable<T> xs) { bool take = true; foreach (var x in xs) { if (take) yield return x; take = !take; } }
  public static TR Pipe<T, TR>(this T x, Func<T, TR> f) { return f(x); }
}
static class Program {
  static IEnumerable<int> Primes() { for (int n = 2; ; n++) { bool p = true; for (int d = 2; d * d <= n; d++) if (n % d == 0) { p = false; break; } if (p) yield return n; } }
  static IEnumerable<string> Walk(int depth, string prefix) { if (depth == 0) { yield return prefix; yield break; } foreach (var c in "ab") foreach (var s in Walk(depth - 1, prefix + c)) yield return s; }
  static void Main() {
    Expr e = new Add(new Num(2), new Mul(new Num(3), new Neg(new Add(new Num(4), new Num(-1)))));
    Console.WriteLine(e.Accept(new Show()) + " = " + e.Accept(new Eval()));
    Animal a = new Puppy(); Dog d = (Dog)a;
    Console.WriteLine(a.Speak() + " " + a.Who() + " " + d.Who() + " " + (a is Dog) + " " + (a as Puppy != null) + " " + a.GetType().BaseType.Name);
    Counter c = new Counter(); c.Next(); c.Next(); ICounter ic = c; ic.Next(); ic.Next(); Console.WriteLine(c.Next() + " " + ic.Next());
    var obs = new Observable<int>(); int total = 0;
    var s1 = obs.Subscribe(v => total += v); var s2 = obs.Subscribe(v => Console.Write("[" + v + "]"));
    obs.Emit(1); obs.Emit(2); s2.Dispose(); s2.Dispose(); obs.Emit(10); s1.Dispose(); obs.Emit(100);
    Console.WriteLine(" total=" + total);
    Console.WriteLine("ab".Repeat(3) + " " + string.Join(",", Enumerable.Range(1, 9).EveryOther()) + " " + 5.Pipe(x => x * x).Pipe(x => "sq=" + x));
    Console.WriteLine(string.Join(" ", Primes().Skip(10).Take(5)) + " | " + string.Join(" ", Walk(3, "")));
    var memo = new Dictionary<int, long>();
    Func<int, long> fib = null; fib = n => n < 2 ? n : (memo.ContainsKey(n) ? memo[n] : (memo[n] = fib(n - 1) + fib(n - 2)));
    Console.WriteLine(fib(80));
    var people = new[] { new { Name = "Ann", Age = 31, City = "Oslo" }, new { Name = "Bob", Age = 25, City = "Rome" }, new { Name = "Cid", Age = 35, City = "Oslo" }, new { Name = "Dee", Age = 25, City = "Rome" } };
    foreach (var g in people.GroupBy(p => p.City).OrderBy(g => g.Key)) Console.WriteLine(g.Key + ": " + string.Join(", ", g.OrderBy(p => p.Age).Select(p => p.Name + "(" + p.Age + ")")) + " avg " + g.Average(p => p.Age));
    var q = from p in people where p.Age > 24 orderby p.Age descending, p.Name select new { p.Name, Decade = p.Age / 10 * 10 };
    Console.WriteLine(string.Join("; ", q.Select(x => x.ToString())));
    var joined = from p in people join t in new[] { new { City = "Oslo", Country = "NO" }, new { City = "Rome", Country = "IT" } } on p.City equals t.City select p.Name + "@" + t.Country;
    Console.WriteLine(string.Join(" ", joined));
    Console.WriteLine(people.Max(p => p.Age) + " " + people.Min(p => p.Name) + " " + people.Count(p => p.City == "Rome") + " " + people.Sum(p => (long)p.Age) + " " + people.First(p => p.Age == 25).Name + " " + (people.FirstOrDefault(p => p.Age > 99) == null));
    int[] nums = { 4, 8, 15, 16, 23, 42 };
    Console.WriteLine(nums.Aggregate((x, y) => x ^ y) + " " + nums.Reverse().First() + " " + nums.SkipWhile(n => n < 10).TakeWhile(n => n < 30).Count() + " " + string.Join(",", nums.Select((n, i) => n * i).Where(v => v > 20)) + " " + nums.Contains(15) + " " + nums.SequenceEqual(new[] { 4, 8, 15, 16, 23, 42 }));
    var dict = nums.ToDictionary(n => n, n => n.ToString("X"));
    Console.WriteLine(string.Join(",", dict.Where(kv => kv.Key % 2 == 0).Select(kv => kv.Value)) + " " + nums.OfType<object>().Count() + " " + new object[] { 1, "a", 2.0, "b" }.OfType<string>().Aggregate("", (x, y) => x + y));
    var sb = new StringBuilder("hello world");
    sb[0] = 'H'; sb.Remove(5, 6).Append(", there").Insert(5, "!"); Console.WriteLine(sb + " " + sb.Length + " " + sb.ToString().IndexOf("there"));
  }
}
