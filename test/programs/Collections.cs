using System;
using System.Collections.Generic;
using System.Text;
// Generic types and methods, delegates and lambdas, and the class library's collections.
class Box<T> { public T Value; public Box(T v) { Value = v; } public override string ToString() { return "Box(" + Value + ")"; } }
interface IVisitor<T> { T Visit(int x); }
class Doubler : IVisitor<long> { public long Visit(int x) { return 2L * x; } }
struct Pair<A, B> { public A First; public B Second; public Pair(A a, B b) { First = a; Second = b; } }
class Collections {
  delegate int Op(int a, int b);
  static int Apply(Op f, int x, int y) { return f(x, y); }
  static T Max<T>(T a, T b) where T : IComparable<T> { return a.CompareTo(b) > 0 ? a : b; }
  static long Run<T>(T v, int x) where T : IVisitor<long> { return v.Visit(x); }
  static void Main() {
    var b = new Box<int>(5); Console.WriteLine(b.Value); Console.WriteLine(b);
    Console.WriteLine(new Box<string>("x")); Console.WriteLine(new Box<double>(0.5));
    Console.WriteLine(Max(3, 7)); Console.WriteLine(Max(2.5, -1.0)); Console.WriteLine(Run(new Doubler(), 21));
    var p = new Pair<int, string>(1, "one"); Console.WriteLine(p.First + p.Second);
    Op add = (x, y) => x + y; Op mul = delegate(int x, int y) { return x * y; };
    Console.WriteLine(Apply(add, 3, 4) + " " + Apply(mul, 3, 4));
    Func<int, int> sq = x => x * x; Console.WriteLine(sq(9));
    int captured = 10; Func<int, int> addc = x => x + captured; captured = 20; Console.WriteLine(addc(1));
    Action<string> say = s => Console.WriteLine("say " + s); say("hi");
    Op both = add; both += mul; Console.WriteLine(both(5, 6));
    var list = new List<int>(); for (int i = 10; i > 0; i--) list.Add(i * 7 % 11);
    Console.WriteLine(list.Count + " " + list[3]);
    list.Sort(); Console.WriteLine(string.Join(",", list));
    list.Sort((x, y) => y - x); Console.WriteLine(string.Join(",", list));
    Console.WriteLine(list.Contains(3) + " " + list.IndexOf(5));
    list.RemoveAt(0); list.Insert(0, 42); Console.WriteLine(list[0] + " " + list.Count);
    int sum = 0; foreach (var x in list) sum += x; Console.WriteLine(sum);
    var names = new List<string>(); names.Add("pear"); names.Add("apple"); names.Add("fig"); names.Sort(); Console.WriteLine(string.Join(" ", names));
    var d = new Dictionary<string, int>(); d["one"] = 1; d["two"] = 2; d["three"] = 3; d["two"] = 22;
    Console.WriteLine(d["two"] + " " + d.Count + " " + d.ContainsKey("four"));
    foreach (var kv in d) Console.Write(kv.Key + "=" + kv.Value + " "); Console.WriteLine();
    int v; Console.WriteLine(d.TryGetValue("three", out v) + " " + v);
    var byInt = new Dictionary<int, List<string>>(); for (int i = 0; i < 6; i++) { List<string> l; if (!byInt.TryGetValue(i % 3, out l)) { l = new List<string>(); byInt[i % 3] = l; } l.Add("n" + i); }
    foreach (var kv in byInt) Console.WriteLine(kv.Key + ": " + string.Join(",", kv.Value));
    var sb = new StringBuilder(); for (int i = 0; i < 5; i++) sb.Append(i).Append(';'); sb.Append("end"); Console.WriteLine(sb.ToString()); Console.WriteLine(sb.Length);
    var stack = new Stack<int>(); stack.Push(1); stack.Push(2); stack.Push(3); Console.WriteLine(stack.Pop() + " " + stack.Peek() + " " + stack.Count);
    var q = new Queue<string>(); q.Enqueue("a"); q.Enqueue("b"); Console.WriteLine(q.Dequeue() + q.Count);
    var hs = new HashSet<int>(); for (int i = 0; i < 20; i++) hs.Add(i % 7); Console.WriteLine(hs.Count + " " + hs.Contains(6));
    int[] arr = new int[5]; for (int i = 0; i < 5; i++) arr[i] = (i * 3) % 5; Array.Sort(arr); Console.WriteLine(string.Join("", arr));
    Console.WriteLine(Math.Max(3, 9) + " " + Math.Min(2.5, 1.5) + " " + Math.Abs(-7));
    int? ni = null; Console.WriteLine(ni.HasValue + " " + (ni ?? 5)); ni = 4; Console.WriteLine(ni.Value);
  }
}
