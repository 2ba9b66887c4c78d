using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
// Polynomials with rational-free integer and double coefficients: addition, multiplication,
// long division, evaluation by Horner's rule, derivatives, composition, root finding by
// bisection and Newton, and pretty printing with signs and exponents.
class Poly {
  readonly double[] c; // c[i] is the coefficient of x^i
  public Poly(params double[] coeffs) { int n = coeffs.Length; while (n > 1 && coeffs[n - 1] == 0) n--; c = new double[n]; Array.Copy(coeffs, c, n); }
  public int Degree { get { return c.Length == 1 && c[0] == 0 ? -1 : c.Length - 1; } }
  public double this[int i] { get { return i < c.Length ? c[i] : 0; } }
  public static Poly operator +(Poly a, Poly b) { var r = new double[Math.Max(a.c.Length, b.c.Length)]; for (int i = 0; i < r.Length; i++) r[i] = a[i] + b[i]; return new Poly(r); }
  public static Poly operator -(Poly a, Poly b) { var r = new double[Math.Max(a.c.Length, b.c.Length)]; for (int i = 0; i < r.Length; i++) r[i] = a[i] - b[i]; return new Poly(r); }
  public static Poly operator *(Poly a, Poly b) { var r = new double[a.c.Length + b.c.Length - 1]; for (int i = 0; i < a.c.Length; i++) for (int j = 0; j < b.c.Length; j++) r[i + j] += a.c[i] * b.c[j]; return new Poly(r); }
  public static Poly DivMod(Poly a, Poly b, out Poly rem) {
    if (b.Degree < 0) throw new DivideByZeroException("division by the zero polynomial");
    var r = (double[])a.c.Clone(); int db = b.Degree; var q = new double[Math.Max(1, a.Degree - db + 1)];
    for (int k = a.Degree - db; k >= 0; k--) { q[k] = r[k + db] / b.c[db]; for (int j = 0; j <= db; j++) r[k + j] -= q[k] * b.c[j]; }
    rem = new Poly(r.Take(Math.Max(1, db)).ToArray()); return new Poly(q);
  }
  public double Eval(double x) { double v = 0; for (int i = c.Length - 1; i >= 0; i--) v = v * x + c[i]; return v; }
  public Poly Derivative() { if (c.Length == 1) return new Poly(0); var r = new double[c.Length - 1]; for (int i = 1; i < c.Length; i++) r[i - 1] = c[i] * i; return new Poly(r); }
  public Poly Compose(Poly inner) { var r = new Poly(0); for (int i = c.Length - 1; i >= 0; i--) r = r * inner + new Poly(c[i]); return r; }
  public override string ToString() {
    if (Degree < 0) return "0";
    var sb = new StringBuilder();
    for (int i = c.Length - 1; i >= 0; i--) {
      if (c[i] == 0) continue;
      double a = Math.Abs(c[i]);
      sb.Append(sb.Length == 0 ? (c[i] < 0 ? "-" : "") : (c[i] < 0 ? " - " : " + "));
      if (a != 1 || i == 0) sb.Append(a);
      if (i > 0) sb.Append('x'); if (i > 1) sb.Append('^').Append(i);
    }
    return sb.ToString();
  }
}
class Polynomials {
  static double Bisect(Poly p, double lo, double hi) { for (int i = 0; i < 200 && hi - lo > 1e-13; i++) { double m = (lo + hi) / 2; if (Math.Sign(p.Eval(m)) == Math.Sign(p.Eval(lo))) lo = m; else hi = m; } return (lo + hi) / 2; }
  static double Newton(Poly p, double x) { var d = p.Derivative(); for (int i = 0; i < 60; i++) { double fx = p.Eval(x); if (Math.Abs(fx) < 1e-15) break; x -= fx / d.Eval(x); } return x; }
  static void Main() {
    var p = new Poly(-6, 11, -6, 1); var q = new Poly(1, 1); var zero = new Poly(0);
    Console.WriteLine("p = " + p + "; q = " + q + "; zero = " + zero + " (degree " + zero.Degree + ")");
    Console.WriteLine("p + q = " + (p + q) + "; p - p = " + (p - p) + "; p * q = " + p * q);
    Poly rem; var quot = Poly.DivMod(p, new Poly(-1, 1), out rem); Console.WriteLine("p / (x - 1) = " + quot + " remainder " + rem);
    quot = Poly.DivMod(p * q + new Poly(5), q, out rem); Console.WriteLine("(p*q + 5) / q = " + quot + " remainder " + rem);
    try { Poly.DivMod(p, zero, out rem); } catch (DivideByZeroException e) { Console.WriteLine(e.Message); }
    Console.WriteLine("p(0..4) = " + string.Join(", ", Enumerable.Range(0, 5).Select(x => p.Eval(x))));
    Console.WriteLine("p' = " + p.Derivative() + "; p'' = " + p.Derivative().Derivative() + "; p'''' = " + p.Derivative().Derivative().Derivative().Derivative());
    Console.WriteLine("p(q(x)) = " + p.Compose(q) + "; q(q(q(x))) = " + q.Compose(q).Compose(q));
    var cubic = new Poly(-2, 0, 0, 1);
    Console.WriteLine("cbrt 2 by bisection {0:F12}, by Newton {1:F12}, Math.Cbrt {2:F12}", Bisect(cubic, 0, 2), Newton(cubic, 1), Math.Cbrt(2));
    var roots = new List<double>(); for (double a = -0.5; a < 4; a += 1) { double r = Newton(p, a); if (!roots.Any(x => Math.Abs(x - r) < 1e-9)) roots.Add(r); }
    Console.WriteLine("roots of p: " + string.Join(" ", roots.OrderBy(r => r).Select(r => r.ToString("F9"))));
    var cheb = new Poly[6]; cheb[0] = new Poly(1); cheb[1] = new Poly(0, 1);
    for (int n = 2; n < 6; n++) cheb[n] = new Poly(0, 2) * cheb[n - 1] - cheb[n - 2];
    for (int n = 0; n < 6; n++) Console.WriteLine("T{0} = {1}", n, cheb[n]);
    Console.WriteLine("T5(0.5) = {0:F6}, cos(5 acos 0.5) = {1:F6}", cheb[5].Eval(0.5), Math.Cos(5 * Math.Acos(0.5)));
  }
}
