using System;
interface IShape { double Area(); string Name { get; } }
interface INamed { string Name { get; } }
class Circle : IShape, INamed {
  double r;
  public Circle(double r) { this.r = r; }
  public double Area() { return 3.0 * r * r; }
  public string Name { get { return "circle"; } }
}
class Square : IShape {
  protected double s;
  public Square(double s) { this.s = s; }
  public virtual double Area() { return s * s; }
  public string Name { get { return "square"; } }
  public override string ToString() { return "Square(" + s + ")"; }
}
class Cube : Square {
  public Cube(double s) : base(s) {}
  public override double Area() { return 6 * base.Area(); }
}
abstract class Animal {
  static int created;
  protected Animal() { created++; }
  public static int Created { get { return created; } }
  public abstract string Speak();
  public virtual int Legs() { return 4; }
  public string Describe() { return Speak() + "/" + Legs(); }
}
class Dog : Animal { public override string Speak() { return "Woof"; } }
class Bird : Animal { public override string Speak() { return "Tweet"; } public override int Legs() { return 2; } }
class Puppy : Dog { public new string Speak() { return "Yip"; } }
struct Point {
  public int X, Y;
  public Point(int x, int y) { X = x; Y = y; }
  public int Sum() { return X + Y; }
  public void Move(int d) { X += d; Y += d; }
  public override string ToString() { return "(" + X + ", " + Y + ")"; }
}
struct Big { public long A, B, C; public Big(long a) { A = a; B = a * 2; C = a * 3; } public long Total() { return A + B + C; } }
enum Color { Red, Green = 5, Blue }
class Node { public int Value; public Node Next; public Node(int v, Node n) { Value = v; Next = n; } }
class Objects {
  static Big MakeBig(long a) { return new Big(a); }
  static Point Shift(Point p, int d) { p.Move(d); return p; }
  static int Main() {
    IShape[] shapes = { new Circle(1), new Square(2), new Cube(3) };
    foreach (IShape s in shapes) Console.WriteLine(s.Name + " " + s.Area());
    INamed n = new Circle(2); Console.WriteLine(n.Name);
    Animal[] zoo = { new Dog(), new Bird(), new Puppy() };
    foreach (Animal a in zoo) Console.WriteLine(a.Describe());
    Console.WriteLine(new Puppy().Speak());
    Console.WriteLine(Animal.Created);
    Point p = new Point(3, 4);
    Point q = p; q.Move(10);
    Console.WriteLine(p.Sum() + " " + q.Sum());
    Console.WriteLine(p); Console.WriteLine(Shift(p, 1)); Console.WriteLine(p);
    object boxed = p; p.X = 100; Console.WriteLine(boxed); Console.WriteLine(((Point)boxed).X);
    Big b = MakeBig(7); Console.WriteLine(b.Total()); Console.WriteLine(b.C);
    Color c = Color.Blue; Console.WriteLine((int)c); Console.WriteLine(c == Color.Blue);
    Node list = null; for (int i = 1; i <= 5; i++) list = new Node(i, list);
    int total = 0; for (Node x = list; x != null; x = x.Next) total = total * 10 + x.Value; Console.WriteLine(total);
    object o = new Cube(1);
    Console.WriteLine(o is Square); Console.WriteLine(o is Circle); Console.WriteLine(o is IShape); Console.WriteLine(o is INamed);
    Square sq = o as Square; Console.WriteLine(sq != null); Console.WriteLine(o as Circle == null);
    Console.WriteLine(o);
    try { Circle bad = (Circle)o; Console.WriteLine(bad.Name); } catch (InvalidCastException e) { Console.WriteLine(e.Message); }
    object i42 = 42; Console.WriteLine(i42 is int); Console.WriteLine(i42 is long);
    Console.WriteLine(new Objects());
    StructEquality.Run();
    return total % 256;
  }
}
// Struct equality through ValueType.Equals (value fields compared, reference fields by Equals).
struct Rec { public int X; public string S; public double D; public Rec(int x, string s, double d) { X = x; S = s; D = d; } }
struct Flat { public int A; public long B; }
static class StructEquality {
  public static void Run() {
    var a = new Rec(1, "x", 2.5); var b = new Rec(1, string.Concat("x", ""), 2.5); var c = new Rec(2, "x", 2.5);
    Console.WriteLine(a.Equals(b) + " " + a.Equals(c) + " " + a.Equals((object)null));
    var q1 = new Flat { A = 1, B = 2 }; var q2 = new Flat { A = 1, B = 2 };
    Console.WriteLine(q1.Equals(q2) + " " + (q1.GetHashCode() == q2.GetHashCode()));
  }
}
