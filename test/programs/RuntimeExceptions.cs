// Exception types and messages of the runtime and class library, using/Dispose order, a custom
// generic collection, events, delegates and closures, string switches, readers and writers,
// collections, sorting, tuples, dates, Lazy<T> and conversions.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

class AppException : Exception {
  public int Code;
  public AppException(string m, int code, Exception inner) : base(m, inner) { Code = code; }
}
class Res : IDisposable {
  string n; public Res(string n) { this.n = n; Console.WriteLine("open " + n); }
  public void Dispose() { Console.WriteLine("close " + n); }
}
static class Bad { public static readonly int V = Init(); static int Init() { throw new InvalidOperationException("init failed"); } }
class Node<T> { public T Val; public Node<T> Next; }
class Stack2<T> : IEnumerable<T> {
  Node<T> head; int count;
  public void Push(T v) { head = new Node<T> { Val = v, Next = head }; count++; }
  public T Pop() { if (head == null) throw new InvalidOperationException("empty"); var v = head.Val; head = head.Next; count--; return v; }
  public int Count { get { return count; } }
  public IEnumerator<T> GetEnumerator() { for (var n = head; n != null; n = n.Next) yield return n.Val; }
  System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() { return GetEnumerator(); }
}
delegate int BinOp(int a, int b);
static class Program {
  static event Action<string> Log;
  static void ReadBad() { Console.WriteLine(Bad.V); }
  static int Depth(int n) { return n == 0 ? 0 : 1 + Depth(n - 1); }
  static string Classify(string s) {
    switch (s) {
      case "one": case "uno": return "1";
      case "two": return "2";
      case "three": return "3";
      case "four": return "4";
      case "five": return "5";
      case "six": return "6";
      case "seven": return "7";
      default: return "?";
    }
  }
  static void Main() {
    try {
      try { int[] a = new int[2]; a[5] = 1; }
      catch (IndexOutOfRangeException e) { throw new AppException("wrapped", 7, e); }
    } catch (AppException e) { Console.WriteLine(e.Message + " " + e.Code + " " + e.InnerException.GetType().Name + ": " + e.InnerException.Message); }
    try { object o = "x"; int i = (int)o; } catch (InvalidCastException e) { Console.WriteLine(e.Message); }
    try { string s = null; Console.WriteLine(s.Length); } catch (NullReferenceException e) { Console.WriteLine(e.Message); }
    try { var d = new Dictionary<string, int>(); Console.WriteLine(d["missing"]); } catch (KeyNotFoundException e) { Console.WriteLine(e.Message); }
    try { int z = 0; Console.WriteLine(10 / z); } catch (DivideByZeroException e) { Console.WriteLine(e.Message); }
    try { checked { int m = int.MaxValue; m++; } } catch (OverflowException e) { Console.WriteLine(e.Message); }
    try { ReadBad(); } catch (TypeInitializationException e) { Console.WriteLine(e.Message + " / " + e.InnerException.Message); }
    try { Console.WriteLine(int.Parse("12x")); } catch (FormatException e) { Console.WriteLine(e.Message); }
    try { throw new ArgumentNullException("param"); } catch (ArgumentException e) { Console.WriteLine(e.Message.Replace("\n", "|")); }
    try { new List<int>().First(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    using (var a = new Res("A")) using (var b = new Res("B")) { Console.WriteLine("body"); }
    var st = new Stack2<string>(); st.Push("a"); st.Push("b"); st.Push("c");
    Console.WriteLine(string.Join(",", st) + " " + st.Count + " " + st.Pop() + " " + st.Count());
    Log += m => Console.WriteLine("L1 " + m);
    Action<string> l2 = m => Console.WriteLine("L2 " + m);
    Log += l2; Log("hello"); Log -= l2; Log("again");
    BinOp add = (x, y) => x + y; BinOp mul = (x, y) => x * y;
    var ops = new[] { add, mul, (BinOp)Math.Max };
    Console.WriteLine(string.Join(" ", ops.Select(f => f(6, 7))));
    var funcs = new List<Func<int>>();
    for (int i = 0; i < 3; i++) { int j = i; funcs.Add(() => j * 10); }
    foreach (var i2 in new[] { 1, 2 }) funcs.Add(() => i2);
    Console.WriteLine(string.Join(",", funcs.Select(f => f())));
    Console.WriteLine(Depth(10000));
    Console.WriteLine(string.Join(",", "one two three four five six seven eight uno".Split(' ').Select(Classify)));
    var sw = new StringWriter(); sw.WriteLine("line1"); sw.Write(3.5); sw.Write(' '); sw.Write(true);
    var sr = new StringReader(sw.ToString()); string line; int cnt = 0;
    while ((line = sr.ReadLine()) != null) { cnt++; Console.WriteLine(cnt + ": " + line); }
    var q = new Queue<int>(new[] { 3, 1, 2 }); q.Enqueue(9); Console.WriteLine(q.Dequeue() + " " + q.Peek() + " " + q.Count);
    var ss = new SortedSet<int> { 5, 1, 9, 3 }; Console.WriteLine(string.Join(",", ss) + " " + ss.Min + " " + ss.Max + " " + string.Join(",", ss.GetViewBetween(2, 6)));
    var sd = new SortedDictionary<string, int> { { "b", 2 }, { "a", 1 }, { "c", 3 } }; Console.WriteLine(string.Join(",", sd.Keys) + sd.First().Value);
    var ll = new LinkedList<int>(); ll.AddLast(1); ll.AddFirst(0); ll.AddAfter(ll.First, 5); Console.WriteLine(string.Join(",", ll));
    int[] arr = { 5, 3, 8, 1, 9, 2 }; Array.Sort(arr, (x, y) => y.CompareTo(x)); Console.WriteLine(string.Join(",", arr) + " " + Array.IndexOf(arr, 8) + " " + Array.BinarySearch(new[] { 1, 3, 5, 7 }, 5));
    Array.Reverse(arr); Console.WriteLine(string.Join(",", arr.Take(3)) + " " + arr.Skip(2).Sum() + " " + arr.Average().ToString("F3") + " " + arr.Distinct().Count());
    var list = new List<string> { "pear", "Apple", "fig", "banana" };
    list.Sort(StringComparer.OrdinalIgnoreCase); Console.WriteLine(string.Join(",", list) + " " + list.FindIndex(x => x.Length == 3) + " " + list.Exists(x => x.StartsWith("b")) + " " + list.ConvertAll(x => x.Length).Sum());
    list.RemoveAll(x => x.Contains("a")); Console.WriteLine(string.Join(",", list));
    var t = Tuple.Create(1, "two", 3.0); Console.WriteLine(t + " " + t.Item2);
    var kvp = new KeyValuePair<int, string>(1, "x"); Console.WriteLine(kvp);
    Console.WriteLine(new DateTime(2020, 2, 28).AddDays(2).ToString("yyyy-MM-dd") + " " + (new DateTime(2021, 1, 1) - new DateTime(2020, 1, 1)).TotalDays + " " + TimeSpan.FromMinutes(135) + " " + new DateTime(2024, 7, 4).DayOfWeek);
    var lazy = new Lazy<int>(() => { Console.WriteLine("computing"); return 42; });
    Console.WriteLine(lazy.IsValueCreated + " " + lazy.Value + " " + lazy.Value);
    Console.WriteLine(Convert.ToString(255, 2) + " " + Convert.ToInt32("ff", 16) + " " + Convert.ToBase64String(Encoding.UTF8.GetBytes("héllo")) + " " + BitConverter.ToString(BitConverter.GetBytes(258)));
  }
}
