using System;
using System.Collections.Generic;
// A class hierarchy: abstract base, virtual and override, base calls, interfaces with
// explicit implementations, sealed classes, casts and type tests.
interface IScalable { void Scale(double k); }
interface INamed { string Name { get; } }
abstract class Shape : INamed, IComparable<Shape> {
  static int created;
  public readonly int Id;
  protected Shape() { Id = ++created; }
  public abstract double Area();
  public abstract double Perimeter();
  public virtual string Name { get { return GetType().Name.ToLower(); } }
  public override string ToString() { return string.Format("#{0} {1}: area {2:F2}, perimeter {3:F2}", Id, Name, Area(), Perimeter()); }
  public int CompareTo(Shape other) { return Area().CompareTo(other.Area()); }
}
class Circle : Shape, IScalable {
  double r;
  public Circle(double r) { this.r = r; }
  public override double Area() { return Math.PI * r * r; }
  public override double Perimeter() { return 2 * Math.PI * r; }
  public void Scale(double k) { r *= k; }
}
class Rect : Shape, IScalable {
  protected double w, h;
  public Rect(double w, double h) { this.w = w; this.h = h; }
  public override double Area() { return w * h; }
  public override double Perimeter() { return 2 * (w + h); }
  void IScalable.Scale(double k) { w *= k; h *= k; }
}
sealed class Square : Rect {
  public Square(double s) : base(s, s) { }
  public override string Name { get { return "square(" + w + ")"; } }
}
class Triangle : Shape {
  double a, b, c;
  public Triangle(double a, double b, double c) {
    if (a + b <= c || a + c <= b || b + c <= a) throw new ArgumentException("not a triangle: " + a + "," + b + "," + c);
    this.a = a; this.b = b; this.c = c;
  }
  public override double Area() { double s = Perimeter() / 2; return Math.Sqrt(s * (s - a) * (s - b) * (s - c)); }
  public override double Perimeter() { return a + b + c; }
  public override string ToString() { return base.ToString() + " (triangle " + a + "/" + b + "/" + c + ")"; }
}
class Shapes {
  static void Main() {
    var shapes = new List<Shape> { new Circle(1), new Rect(2, 3.5), new Square(2), new Triangle(3, 4, 5), new Circle(0.5) };
    try { shapes.Add(new Triangle(1, 2, 10)); } catch (ArgumentException e) { Console.WriteLine("rejected: " + e.Message); }
    foreach (Shape s in shapes) Console.WriteLine(s);
    shapes.Sort();
    Console.Write("by area:");
    foreach (Shape s in shapes) Console.Write(" " + s.Id);
    Console.WriteLine();
    foreach (Shape s in shapes) {
      IScalable sc = s as IScalable;
      if (sc != null) sc.Scale(2);
      Console.WriteLine("{0,-12} {1,8:F3} {2}", s.Name, s.Area(), s is Rect ? "rect-like" : s is Circle ? "round" : "other");
    }
    INamed n = shapes[0];
    Console.WriteLine(n.Name + " " + (n is IScalable) + " " + (n is Shape));
    double total = 0;
    foreach (Shape s in shapes) total += s.Area();
    Console.WriteLine("total {0:F4}", total);
    object o = shapes[2];
    try { Circle c = (Circle)o; Console.WriteLine(c.Area()); } catch (InvalidCastException) { Console.WriteLine("not a circle: " + o.GetType().Name); }
    Rect r = shapes.Find(x => x is Square) as Rect;
    Console.WriteLine(r != null ? r.ToString() : "none");
  }
}
