using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
// Generics in application code: a constrained repository, an enumerable tree, a struct with
// operators and IFormattable, extension methods, a memoising cache, equality in collections,
// variance, ArrayList/Hashtable, multi-dimensional arrays, Lazy, multicast delegates.
interface IRepo<T> where T : class, IEntity { void Add(T t); T Find(int id); IEnumerable<T> All { get; } }
interface IEntity { int Id { get; } }
class User : IEntity, IEquatable<User> { public int Id { get; set; } public string Name; public bool Equals(User o) { return o != null && o.Id == Id; } public override bool Equals(object o) { return Equals(o as User); } public override int GetHashCode() { return Id; } public override string ToString() { return Name + "#" + Id; } }
class Repo<T> : IRepo<T> where T : class, IEntity {
  readonly Dictionary<int, T> items = new Dictionary<int, T>();
  public void Add(T t) { items.Add(t.Id, t); }
  public T Find(int id) { T t; return items.TryGetValue(id, out t) ? t : null; }
  public IEnumerable<T> All { get { return items.Values.OrderBy(x => x.Id); } }
}
class Node<T> : IEnumerable<T> { public T Value; public Node<T> Left, Right;
  public static Node<T> Insert(Node<T> n, T v, IComparer<T> c) { if (n == null) return new Node<T> { Value = v }; if (c.Compare(v, n.Value) < 0) n.Left = Insert(n.Left, v, c); else n.Right = Insert(n.Right, v, c); return n; }
  public IEnumerator<T> GetEnumerator() { if (Left != null) foreach (var x in Left) yield return x; yield return Value; if (Right != null) foreach (var x in Right) yield return x; }
  IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); } }
struct Money : IComparable<Money>, IFormattable { public readonly long Cents; public Money(long c) { Cents = c; }
  public static Money operator +(Money a, Money b) { return new Money(a.Cents + b.Cents); }
  public static bool operator <(Money a, Money b) { return a.Cents < b.Cents; } public static bool operator >(Money a, Money b) { return a.Cents > b.Cents; }
  public static implicit operator Money(int d) { return new Money(d * 100L); } public static explicit operator double(Money m) { return m.Cents / 100.0; }
  public int CompareTo(Money o) { return Cents.CompareTo(o.Cents); }
  public string ToString(string f, IFormatProvider p) { return f == "short" ? "$" + Cents / 100 : "$" + (Cents / 100) + "." + (Cents % 100).ToString("00"); }
  public override string ToString() { return ToString(null, null); } }
static class Ext { public static string Shout(this string s) { return s.ToUpper() + "!"; } public static IEnumerable<T> EveryOther<T>(this IEnumerable<T> xs) { bool take = true; foreach (var x in xs) { if (take) yield return x; take = !take; } } }
class Cache<TKey, TValue> { readonly Func<TKey, TValue> f; readonly Dictionary<TKey, TValue> d = new Dictionary<TKey, TValue>(); public int Misses; public Cache(Func<TKey, TValue> f) { this.f = f; } public TValue Get(TKey k) { TValue v; if (!d.TryGetValue(k, out v)) { Misses++; v = f(k); d[k] = v; } return v; } }
class GenericRepository {
  static T Default<T>() { return default(T); }
  static string Describe<T>(T x) { return typeof(T).Name + ":" + (x == null ? "null" : x.ToString()); }
  static void Main() {
    var repo = new Repo<User>(); repo.Add(new User { Id = 3, Name = "c" }); repo.Add(new User { Id = 1, Name = "a" });
    Console.WriteLine(string.Join(",", repo.All) + " " + repo.Find(3) + " " + (repo.Find(9) == null));
    try { repo.Add(new User { Id = 1, Name = "dup" }); } catch (ArgumentException e) { Console.WriteLine("dup: " + e.GetType().Name); }
    Node<string> root = null; foreach (var w in "m c x a e z b".Split(' ')) root = Node<string>.Insert(root, w, StringComparer.Ordinal);
    Console.WriteLine(string.Join("", root) + " " + root.Count() + " " + string.Join("", root.EveryOther()));
    Money total = 0; foreach (var m in new Money[] { 5, new Money(250), 1 }) total = total + m;
    Console.WriteLine(total + " " + string.Format("{0:short}", total) + " " + (double)total + " " + (total > 8) + " " + new[] { new Money(5), new Money(2) }.Min());
    Console.WriteLine("hi".Shout() + " " + Default<int>() + " " + (Default<string>() == null) + " " + Default<double>() + " " + Describe(3) + " " + Describe<object>(null) + " " + Describe("s") + " " + Describe(new KeyValuePair<int,int>(1,2)));
    var fibc = new Cache<int, long>(null); Func<int, long> fib = null; var cache = new Cache<int, long>(n => n < 2 ? n : fib(n - 1) + fib(n - 2)); fib = cache.Get;
    Console.WriteLine(fib(80) + " misses " + cache.Misses);
    var users = new List<User> { new User { Id = 1 }, new User { Id = 2 } }; Console.WriteLine(users.Contains(new User { Id = 2 }) + " " + users.IndexOf(new User { Id = 2 }) + " " + new HashSet<User>(users).Contains(new User { Id = 1 }));
    IEnumerable<object> objs = new List<string> { "co", "variance" }; Console.WriteLine(objs.Count());
    Func<object, string> fo = o => o.ToString(); Func<string, object> fs = fo; Console.WriteLine(fs("contra"));
    var list = new List<int>(Enumerable.Range(1, 20)); list.RemoveAll(i => i % 4 == 0); list.RemoveAt(0); list.Insert(2, 100);
    Console.WriteLine(string.Join(",", list) + " " + list.FindIndex(i => i > 50) + " " + list.Find(i => i > 10) + " " + list.TrueForAll(i => i > 0) + " " + list.ConvertAll(i => i * 2).Sum());
    var arrList = new ArrayList { 1, "two", 3.0 }; foreach (var o in arrList) Console.Write(o.GetType().Name + " "); Console.WriteLine();
    var ht = new Hashtable(); ht["x"] = 1; ht[2] = "y"; Console.WriteLine(ht["x"] + " " + ht[2] + " " + ht.Count + " " + ht.ContainsKey("z"));
    int[,] grid = new int[3, 4]; for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) grid[i, j] = i * j; Console.WriteLine(grid[2, 3] + " " + grid.Length + " " + grid.GetLength(1) + " " + grid.Rank);
    var lazy = new Lazy<string>(() => { Console.WriteLine("computing"); return "lazy value"; }); Console.WriteLine(lazy.IsValueCreated); Console.WriteLine(lazy.Value + lazy.Value.Length);
    Action<string> a = s => Console.Write("[" + s + "]"); a += s => Console.Write("(" + s + ")"); a("m"); Console.WriteLine(a.GetInvocationList().Length);
    var comparer = Comparer<string>.Create((x, y) => x.Length != y.Length ? x.Length - y.Length : string.CompareOrdinal(x, y));
    var ss = new SortedSet<string>(new[] { "ccc", "a", "bb", "aa" }, comparer); Console.WriteLine(string.Join(",", ss) + " " + ss.Min + " " + ss.Max);
    var linked = new LinkedList<int>(); linked.AddLast(2); linked.AddFirst(1); linked.AddLast(3); linked.Remove(2); Console.WriteLine(string.Join(",", linked) + " " + linked.First.Next.Value);
  }
}
