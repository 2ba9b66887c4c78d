using System;
using System.Collections.Generic;
// Small members the compiler inlines — getters, setters, constructors that store fields,
// static helpers, struct methods mutating `this`, generic accessors — with the exceptions they
// raise (a null receiver, a zero divisor) caught around the call, and calls in loops.
class Point { int x, y; public Point(int x, int y) { this.x = x; this.y = y; } public int X { get { return x; } set { x = value; } } public int Y { get { return y; } } public int Dot(Point o) { return x * o.x + y * o.y; } }
struct Counter { int n; public void Inc() { n++; } public int Value { get { return n; } } public void Add(int k) { n += k; } }
class Box<T> { T v; public Box(T v) { this.v = v; } public T Value { get { return v; } } public void Set(T x) { v = x; } }
class Ratio { int num, den; public Ratio(int n, int d) { num = n; den = d; } public int Quotient { get { return num / den; } } public double AsDouble { get { return (double)num / den; } } }
static class MathUtil { public static int Square(int a) { return a * a; } public static long Mix(long a, int b) { return a * 31 + b; } public static bool IsEven(int a) { return (a & 1) == 0; } public static string Tag { get { return "util"; } } }
class SmallMembers {
  static void Main() {
    var p = new Point(3, 4); var q = new Point(-1, 2);
    p.X = p.X + 10;
    Console.WriteLine(p.X + " " + p.Y + " " + p.Dot(q) + " " + MathUtil.Square(p.Y) + " " + MathUtil.IsEven(p.X) + " " + MathUtil.Tag);
    Point none = null;
    try { Console.WriteLine(none.X); } catch (NullReferenceException) { Console.WriteLine("getter on null caught at the call"); }
    try { none.X = 5; } catch (NullReferenceException) { Console.WriteLine("setter on null caught at the call"); }
    try { Console.WriteLine(p.Dot(none)); } catch (NullReferenceException) { Console.WriteLine("argument null caught at the call"); }
    var c = new Counter(); c.Inc(); c.Inc(); c.Add(40);
    var arr = new Counter[3]; arr[1].Inc(); arr[1].Add(5);
    Console.WriteLine(c.Value + " " + arr[1].Value + " " + arr[0].Value);
    var bi = new Box<int>(7); var bs = new Box<string>("seven"); bi.Set(bi.Value * 6);
    Console.WriteLine(bi.Value + " " + bs.Value.Length + " " + new Box<double>(2.5).Value);
    foreach (var r in new[] { new Ratio(7, 2), new Ratio(9, 0), new Ratio(-8, 3) }) {
      try { Console.WriteLine(r.Quotient + " " + r.AsDouble); } catch (DivideByZeroException e) { Console.WriteLine("caught: " + e.Message + " then " + r.AsDouble); }
    }
    long h = 17; for (int i = 0; i < 100000; i++) h = MathUtil.Mix(h, MathUtil.Square(i) & 0xff);
    Console.WriteLine(h);
    var pts = new List<Point>(); for (int i = 0; i < 5; i++) pts.Add(new Point(i, i * i));
    int sum = 0; foreach (var pt in pts) sum += pt.X * pt.Y; Console.WriteLine(sum);
  }
}
