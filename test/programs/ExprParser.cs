using System;
using System.Collections.Generic;
// A tokenizer and recursive-descent parser for arithmetic with variables, functions and
// assignments, building an expression tree that is evaluated, printed, and differentiated.
enum Tok { Num, Ident, Op, LParen, RParen, Comma, Assign, End }
struct Token { public Tok Kind; public string Text; public double Value; public int Pos; public override string ToString() { return Kind + ":" + Text; } }
abstract class Expr {
  public abstract double Eval(Dictionary<string, double> env);
  public abstract Expr Derive(string v);
  public virtual Expr Simplify() { return this; }
}
class Num : Expr { public double V; public Num(double v) { V = v; } public override double Eval(Dictionary<string, double> e) { return V; } public override Expr Derive(string v) { return new Num(0); } public override string ToString() { return V.ToString(); } }
class Var : Expr {
  public string Name; public Var(string n) { Name = n; }
  public override double Eval(Dictionary<string, double> e) { double x; if (!e.TryGetValue(Name, out x)) throw new KeyNotFoundException("undefined variable " + Name); return x; }
  public override Expr Derive(string v) { return new Num(Name == v ? 1 : 0); }
  public override string ToString() { return Name; }
}
class Bin : Expr {
  public char Op; public Expr L, R;
  public Bin(char op, Expr l, Expr r) { Op = op; L = l; R = r; }
  public override double Eval(Dictionary<string, double> e) {
    double a = L.Eval(e), b = R.Eval(e);
    switch (Op) { case '+': return a + b; case '-': return a - b; case '*': return a * b; case '/': return a / b; case '^': return Math.Pow(a, b); }
    throw new InvalidOperationException("bad operator " + Op);
  }
  public override Expr Derive(string v) {
    switch (Op) {
      case '+': case '-': return new Bin(Op, L.Derive(v), R.Derive(v)).Simplify();
      case '*': return new Bin('+', new Bin('*', L.Derive(v), R), new Bin('*', L, R.Derive(v))).Simplify();
      case '/': return new Bin('/', new Bin('-', new Bin('*', L.Derive(v), R), new Bin('*', L, R.Derive(v))), new Bin('^', R, new Num(2))).Simplify();
      case '^': if (R is Num) return new Bin('*', new Bin('*', R, new Bin('^', L, new Num(((Num)R).V - 1))), L.Derive(v)).Simplify(); break;
    }
    throw new NotSupportedException("cannot differentiate " + this);
  }
  public override Expr Simplify() {
    var l = L.Simplify(); var r = R.Simplify(); var ln = l as Num; var rn = r as Num;
    if (ln != null && rn != null) return new Num(new Bin(Op, ln, rn).Eval(null));
    if (Op == '*' && ((ln != null && ln.V == 0) || (rn != null && rn.V == 0))) return new Num(0);
    if (Op == '*' && ln != null && ln.V == 1) return r;
    if ((Op == '*' || Op == '/' || Op == '^') && rn != null && rn.V == 1) return l;
    if (Op == '+' && ln != null && ln.V == 0) return r;
    if ((Op == '+' || Op == '-') && rn != null && rn.V == 0) return l;
    return new Bin(Op, l, r);
  }
  public override string ToString() { return "(" + L + " " + Op + " " + R + ")"; }
}
class Call : Expr {
  public string Fn; public List<Expr> Args;
  public Call(string fn, List<Expr> args) { Fn = fn; Args = args; }
  public override double Eval(Dictionary<string, double> e) {
    switch (Fn) {
      case "sin": return Math.Sin(Args[0].Eval(e));
      case "cos": return Math.Cos(Args[0].Eval(e));
      case "sqrt": return Math.Sqrt(Args[0].Eval(e));
      case "max": { double m = double.NegativeInfinity; foreach (var a in Args) m = Math.Max(m, a.Eval(e)); return m; }
      case "abs": return Math.Abs(Args[0].Eval(e));
      default: throw new MissingMethodException("unknown function " + Fn);
    }
  }
  public override Expr Derive(string v) {
    if (Fn == "sin") return new Bin('*', new Call("cos", Args), Args[0].Derive(v)).Simplify();
    if (Fn == "cos") return new Bin('*', new Bin('-', new Num(0), new Call("sin", Args)), Args[0].Derive(v)).Simplify();
    throw new NotSupportedException("cannot differentiate " + Fn);
  }
  public override string ToString() { return Fn + "(" + string.Join(", ", Args) + ")"; }
}
class Lexer {
  public static List<Token> Lex(string s) {
    var toks = new List<Token>(); int i = 0;
    while (i < s.Length) {
      char c = s[i];
      if (char.IsWhiteSpace(c)) { i++; continue; }
      int st = i;
      if (char.IsDigit(c) || c == '.') { while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++; toks.Add(new Token { Kind = Tok.Num, Text = s.Substring(st, i - st), Value = double.Parse(s.Substring(st, i - st)), Pos = st }); }
      else if (char.IsLetter(c)) { while (i < s.Length && char.IsLetterOrDigit(s[i])) i++; toks.Add(new Token { Kind = Tok.Ident, Text = s.Substring(st, i - st), Pos = st }); }
      else {
        Tok k;
        switch (c) { case '(': k = Tok.LParen; break; case ')': k = Tok.RParen; break; case ',': k = Tok.Comma; break; case '=': k = Tok.Assign; break; case '+': case '-': case '*': case '/': case '^': k = Tok.Op; break; default: throw new FormatException("unexpected character '" + c + "' at " + i); }
        toks.Add(new Token { Kind = k, Text = c.ToString(), Pos = i }); i++;
      }
    }
    toks.Add(new Token { Kind = Tok.End, Text = "", Pos = s.Length });
    return toks;
  }
}
class ExprParserImpl {
  List<Token> t; int p;
  public ExprParserImpl(string s) { t = Lexer.Lex(s); }
  Token Cur { get { return t[p]; } }
  public Expr ParseAll() { var e = Add(); if (Cur.Kind != Tok.End) throw new FormatException("unexpected " + Cur + " at " + Cur.Pos); return e; }
  Expr Add() { var e = Mul(); while (Cur.Kind == Tok.Op && (Cur.Text == "+" || Cur.Text == "-")) { char op = Cur.Text[0]; p++; e = new Bin(op, e, Mul()); } return e; }
  Expr Mul() { var e = Pow(); while (Cur.Kind == Tok.Op && (Cur.Text == "*" || Cur.Text == "/")) { char op = Cur.Text[0]; p++; e = new Bin(op, e, Pow()); } return e; }
  Expr Pow() { var b = Unary(); if (Cur.Kind == Tok.Op && Cur.Text == "^") { p++; return new Bin('^', b, Pow()); } return b; }
  Expr Unary() { if (Cur.Kind == Tok.Op && Cur.Text == "-") { p++; return new Bin('-', new Num(0), Unary()); } return Atom(); }
  Expr Atom() {
    var tok = Cur;
    switch (tok.Kind) {
      case Tok.Num: p++; return new Num(tok.Value);
      case Tok.Ident:
        p++;
        if (Cur.Kind != Tok.LParen) return new Var(tok.Text);
        p++; var args = new List<Expr>();
        if (Cur.Kind != Tok.RParen) { args.Add(Add()); while (Cur.Kind == Tok.Comma) { p++; args.Add(Add()); } }
        if (Cur.Kind != Tok.RParen) throw new FormatException("expected ) at " + Cur.Pos);
        p++; return new Call(tok.Text, args);
      case Tok.LParen: p++; var e = Add(); if (Cur.Kind != Tok.RParen) throw new FormatException("expected ) at " + Cur.Pos); p++; return e;
      default: throw new FormatException("unexpected " + tok + " at " + tok.Pos);
    }
  }
}
class ExprParser {
  static void Main() {
    var env = new Dictionary<string, double> { { "pi", Math.PI } };
    string[] lines = { "x = 3", "y = x * 2 + 1", "2 ^ 3 ^ 2", "-(x - 10) / 4", "max(x, y, 4.5) + abs(-2)", "sqrt(x*x + y*y)", "sin(pi / 6) * 2",
      "z + 1", "3 + * 4", "(1 + 2", "foo(1)", "7 / 0", "1 $ 2", "w = (x + y) * (x - y)" };
    foreach (var line in lines) {
      try {
        string target = null, src = line; int eq = line.IndexOf('=');
        if (eq > 0) { target = line.Substring(0, eq).Trim(); src = line.Substring(eq + 1); }
        var e = new ExprParserImpl(src).ParseAll(); double v = e.Eval(env);
        if (target != null) env[target] = v;
        Console.WriteLine("{0,-26} {1,-28} = {2}", line, e, v);
      } catch (Exception ex) when (ex is FormatException || ex is KeyNotFoundException || ex is MissingMethodException) {
        Console.WriteLine("{0,-26} error {1}: {2}", line, ex.GetType().Name, ex.Message);
      }
    }
    foreach (var src in new[] { "x^3 + 2*x", "sin(x) * x", "1 / x", "cos(x*x)", "x^x" }) {
      var e = new ExprParserImpl(src).ParseAll();
      try { var d = e.Derive("x"); Console.WriteLine("d/dx {0} = {1} ; at x=3: {2:F6}", src, d, d.Eval(env)); }
      catch (NotSupportedException ex) { Console.WriteLine("d/dx {0}: {1}", src, ex.Message); }
    }
    var keys = new List<string>(env.Keys); keys.Sort(StringComparer.Ordinal);
    foreach (var k in keys) Console.Write(k + "=" + env[k].ToString("G6") + " ");
    Console.WriteLine();
  }
}
