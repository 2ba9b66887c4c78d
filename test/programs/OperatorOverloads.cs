using System;
// Operator overloading: a Fraction type (arithmetic, comparison, equality, conversions),
// a Complex type, a 3-vector with scalar products, and true/false operators.
struct Fraction : IComparable<Fraction>, IEquatable<Fraction> {
  public readonly long Num, Den;
  public Fraction(long n, long d) {
    if (d == 0) throw new DivideByZeroException("zero denominator");
    if (d < 0) { n = -n; d = -d; }
    long g = Gcd(Math.Abs(n), d); Num = n / g; Den = d / g;
  }
  static long Gcd(long a, long b) { while (b != 0) { long t = a % b; a = b; b = t; } return a == 0 ? 1 : a; }
  public static Fraction operator +(Fraction a, Fraction b) { return new Fraction(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den); }
  public static Fraction operator -(Fraction a, Fraction b) { return new Fraction(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den); }
  public static Fraction operator *(Fraction a, Fraction b) { return new Fraction(a.Num * b.Num, a.Den * b.Den); }
  public static Fraction operator /(Fraction a, Fraction b) { return new Fraction(a.Num * b.Den, a.Den * b.Num); }
  public static Fraction operator -(Fraction a) { return new Fraction(-a.Num, a.Den); }
  public static Fraction operator ++(Fraction a) { return new Fraction(a.Num + a.Den, a.Den); }
  public static bool operator ==(Fraction a, Fraction b) { return a.Num == b.Num && a.Den == b.Den; }
  public static bool operator !=(Fraction a, Fraction b) { return !(a == b); }
  public static bool operator <(Fraction a, Fraction b) { return a.Num * b.Den < b.Num * a.Den; }
  public static bool operator >(Fraction a, Fraction b) { return b < a; }
  public static bool operator <=(Fraction a, Fraction b) { return !(b < a); }
  public static bool operator >=(Fraction a, Fraction b) { return !(a < b); }
  public static implicit operator Fraction(long n) { return new Fraction(n, 1); }
  public static explicit operator double(Fraction f) { return (double)f.Num / f.Den; }
  public int CompareTo(Fraction o) { return this < o ? -1 : this > o ? 1 : 0; }
  public bool Equals(Fraction o) { return this == o; }
  public override bool Equals(object o) { return o is Fraction && this == (Fraction)o; }
  public override int GetHashCode() { return (Num * 31 + Den).GetHashCode(); }
  public override string ToString() { return Den == 1 ? Num.ToString() : Num + "/" + Den; }
}
struct Complex {
  public double Re, Im;
  public Complex(double r, double i) { Re = r; Im = i; }
  public static Complex operator +(Complex a, Complex b) { return new Complex(a.Re + b.Re, a.Im + b.Im); }
  public static Complex operator *(Complex a, Complex b) { return new Complex(a.Re * b.Re - a.Im * b.Im, a.Re * b.Im + a.Im * b.Re); }
  public double Magnitude { get { return Math.Sqrt(Re * Re + Im * Im); } }
  public override string ToString() { return Im >= 0 ? Re + "+" + Im + "i" : Re + "" + Im + "i"; }
}
class Vec3 {
  public readonly double X, Y, Z;
  public Vec3(double x, double y, double z) { X = x; Y = y; Z = z; }
  public static Vec3 operator +(Vec3 a, Vec3 b) { return new Vec3(a.X + b.X, a.Y + b.Y, a.Z + b.Z); }
  public static Vec3 operator *(double k, Vec3 v) { return new Vec3(k * v.X, k * v.Y, k * v.Z); }
  public static double operator *(Vec3 a, Vec3 b) { return a.X * b.X + a.Y * b.Y + a.Z * b.Z; }
  public static Vec3 operator %(Vec3 a, Vec3 b) { return new Vec3(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X); }
  public override string ToString() { return string.Format("[{0} {1} {2}]", X, Y, Z); }
}
struct Flag {
  bool on; public Flag(bool b) { on = b; }
  public static bool operator true(Flag f) { return f.on; }
  public static bool operator false(Flag f) { return !f.on; }
  public static Flag operator &(Flag a, Flag b) { return new Flag(a.on && b.on); }
  public static Flag operator |(Flag a, Flag b) { return new Flag(a.on || b.on); }
}
class OperatorOverloads {
  static int Count(Complex c, int max) { Complex z = new Complex(0, 0); for (int i = 0; i < max; i++) { z = z * z + c; if (z.Magnitude > 2) return i; } return max; }
  static void Main() {
    Fraction half = new Fraction(1, 2), third = new Fraction(1, 3);
    Console.WriteLine(half + third + " " + (half - third) + " " + half * third + " " + half / third + " " + -half);
    Console.WriteLine((half > third) + " " + (half == new Fraction(2, 4)) + " " + (half != third) + " " + (half <= half) + " " + half.Equals((object)new Fraction(3, 6)));
    Fraction sum = 0;
    for (int i = 1; i <= 10; i++) sum += new Fraction(1, i * (i + 1));
    Console.WriteLine(sum + " " + (double)sum);
    Fraction h = new Fraction(7, -3); h++; Console.WriteLine(h + " " + (h + 2) + " " + (3 * h));
    var fs = new[] { new Fraction(3, 4), new Fraction(-1, 2), new Fraction(5, 8), (Fraction)2 };
    Array.Sort(fs); Console.WriteLine(string.Join(" ", fs));
    try { Console.WriteLine(half / new Fraction(0, 5)); } catch (DivideByZeroException e) { Console.WriteLine(e.Message); }
    Complex c = new Complex(1, 2) * new Complex(3, -1);
    Console.WriteLine(c + " " + c.Magnitude.ToString("F4"));
    for (double y = 1; y >= -1; y -= 0.5) {
      var sb = new System.Text.StringBuilder();
      for (double x = -2; x <= 0.5; x += 0.125) sb.Append(Count(new Complex(x, y), 30) >= 30 ? '#' : '.');
      Console.WriteLine(sb);
    }
    Vec3 a = new Vec3(1, 0, 0), b = new Vec3(0, 1, 0);
    Console.WriteLine((a + b) + " " + (2.5 * a) + " " + (a * b) + " " + (a % b) + " " + ((a + b) * (a + b)));
    Flag on = new Flag(true), off = new Flag(false);
    if (on && off) Console.WriteLine("both"); else Console.WriteLine("not both");
    if (on || off) Console.WriteLine("either");
  }
}
