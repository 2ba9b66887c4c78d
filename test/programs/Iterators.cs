using System;
using System.Collections;
using System.Collections.Generic;
// Iterators with yield: infinite generators, yield break, finally blocks in iterators,
// nested iterators, a custom IEnumerable class, and manual use of IEnumerator.
class Tree<T> : IEnumerable<T> where T : IComparable<T> {
  class Node { public T Value; public Node Left, Right; public Node(T v) { Value = v; } }
  Node root; int count;
  public void Add(T v) { root = Insert(root, v); count++; }
  Node Insert(Node n, T v) { if (n == null) return new Node(v); if (v.CompareTo(n.Value) < 0) n.Left = Insert(n.Left, v); else n.Right = Insert(n.Right, v); return n; }
  IEnumerable<T> InOrder(Node n) {
    if (n == null) yield break;
    foreach (T x in InOrder(n.Left)) yield return x;
    yield return n.Value;
    foreach (T x in InOrder(n.Right)) yield return x;
  }
  public IEnumerator<T> GetEnumerator() { return InOrder(root).GetEnumerator(); }
  IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
  public int Count { get { return count; } }
}
class Countdown : IEnumerable<int> {
  int from; public Countdown(int f) { from = f; }
  public IEnumerator<int> GetEnumerator() { for (int i = from; i >= 0; i--) yield return i; }
  IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
}
class Iterators {
  static IEnumerable<long> Fibonacci() { long a = 0, b = 1; while (true) { yield return a; long t = a + b; a = b; b = t; } }
  static IEnumerable<int> Primes() {
    var found = new List<int>();
    for (int n = 2; ; n++) {
      bool prime = true;
      foreach (int p in found) { if (p * p > n) break; if (n % p == 0) { prime = false; break; } }
      if (prime) { found.Add(n); yield return n; }
    }
  }
  static IEnumerable<T> Take<T>(IEnumerable<T> src, int n) { if (n <= 0) yield break; foreach (T x in src) { yield return x; if (--n == 0) yield break; } }
  static IEnumerable<string> WithCleanup(string name) {
    Console.WriteLine("  open " + name);
    try { for (int i = 0; i < 3; i++) { Console.WriteLine("  yield " + name + i); yield return name + i; } }
    finally { Console.WriteLine("  close " + name); }
  }
  static IEnumerable<int> Range(int start, int count, int step) { for (int i = 0; i < count; i++) yield return start + i * step; }
  static IEnumerable<Tuple<int, char>> Pairs() { foreach (int i in Range(1, 2, 1)) foreach (char c in "xy") yield return Tuple.Create(i, c); }
  static IEnumerable<string> Lines(string text) {
    int start = 0;
    for (int i = 0; i <= text.Length; i++) if (i == text.Length || text[i] == '\n') { yield return text.Substring(start, i - start); start = i + 1; }
  }
  static void Main() {
    Console.WriteLine(string.Join(" ", Take(Fibonacci(), 15)));
    Console.WriteLine(string.Join(" ", Take(Primes(), 20)));
    foreach (string s in WithCleanup("a")) { if (s == "a1") { Console.WriteLine("  break at " + s); break; } }
    foreach (string s in WithCleanup("b")) Console.WriteLine("  got " + s);
    var tree = new Tree<int>();
    foreach (int x in new[] { 50, 30, 70, 20, 40, 60, 80, 35 }) tree.Add(x);
    Console.WriteLine(tree.Count + ": " + string.Join(",", tree));
    var names = new Tree<string>(); foreach (var w in "delta alpha charlie bravo".Split(' ')) names.Add(w);
    foreach (string n in names) Console.Write(n + " ");
    Console.WriteLine();
    Console.WriteLine(string.Join(",", new Countdown(5)));
    IEnumerator<int> e = Range(10, 3, 5).GetEnumerator();
    while (e.MoveNext()) Console.Write(e.Current + ";");
    Console.WriteLine(e.MoveNext());
    foreach (var p in Pairs()) Console.Write(p.Item1 + "" + p.Item2 + " ");
    Console.WriteLine();
    int n2 = 0; foreach (string line in Lines("first\nsecond\n\nfourth")) Console.WriteLine((++n2) + "> [" + line + "]");
    IEnumerable<int> squares = Range(1, 5, 1);
    int total = 0; foreach (int x in squares) total += x * x; foreach (int x in squares) total += x;
    Console.WriteLine(total);
    IEnumerable old = new Countdown(2); foreach (object o in old) Console.Write(o + "!"); Console.WriteLine();
    using (var en = WithCleanup("c").GetEnumerator()) { en.MoveNext(); Console.WriteLine("  first " + en.Current); }
  }
}
