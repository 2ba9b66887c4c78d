using System;
using System.Collections.Generic;
// Exception handling order: nested try/catch/finally, finally on return/break/continue,
// rethrow keeping the object, exceptions thrown from catch and finally, custom exception
// hierarchies with properties, using statements and IDisposable, inner exceptions.
class ValidationException : Exception {
  public string Field { get; private set; }
  public ValidationException(string field, string msg) : base(msg) { Field = field; }
}
class RangeValidationException : ValidationException {
  public int Min, Max;
  public RangeValidationException(string field, int min, int max) : base(field, field + " must be in [" + min + ", " + max + "]") { Min = min; Max = max; }
}
class Res : IDisposable {
  string n; public Res(string n) { this.n = n; Console.WriteLine("acquire " + n); }
  public void Dispose() { Console.WriteLine("release " + n); }
}
class ExceptionOrder {
  static List<string> trace = new List<string>();
  static void Validate(string field, int v) {
    if (v < 0 || v > 100) throw new RangeValidationException(field, 0, 100);
    if (v == 13) throw new ValidationException(field, "unlucky " + field);
  }
  static int Level3(int x) { try { trace.Add("L3 try"); if (x == 0) throw new DivideByZeroException("zero at L3"); return 10 / x; } finally { trace.Add("L3 finally"); } }
  static int Level2(int x) { try { return Level3(x) * 2; } catch (ArithmeticException) { trace.Add("L2 catch"); throw; } finally { trace.Add("L2 finally"); } }
  static int Level1(int x) { try { return Level2(x); } catch (Exception e) { trace.Add("L1 catch " + e.GetType().Name); return -1; } finally { trace.Add("L1 finally"); } }
  static int FinallyOnReturn() { int i = 0; try { i = 1; return i; } finally { i = 2; Console.WriteLine("finally sees " + i); } }
  static void Wrap() {
    try { int.Parse("abc"); }
    catch (FormatException e) { throw new InvalidOperationException("wrapped", e); }
  }
  static string Loop() {
    string s = "";
    for (int i = 0; i < 5; i++) {
      try {
        if (i == 1) continue;
        if (i == 3) break;
        s += "b" + i;
      } finally { s += "f" + i; }
    }
    return s;
  }
  static void Main() {
    foreach (int v in new[] { 5, -1, 13, 100, 101 }) {
      try { Validate("age", v); Console.WriteLine(v + " ok"); }
      catch (RangeValidationException e) { Console.WriteLine(v + " range " + e.Field + " " + e.Min + ".." + e.Max + ": " + e.Message); }
      catch (ValidationException e) { Console.WriteLine(v + " invalid " + e.Field + ": " + e.Message); }
    }
    Console.WriteLine(Level1(5) + " " + Level1(0));
    Console.WriteLine(string.Join(" > ", trace));
    Console.WriteLine(FinallyOnReturn());
    try { Wrap(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message + " <- " + e.InnerException.GetType().Name + ": " + e.InnerException.Message); }
    Console.WriteLine(Loop());
    using (var a = new Res("A")) using (var b = new Res("B")) { Console.WriteLine("using body"); }
    try { using (new Res("C")) { throw new ApplicationException("in using"); } } catch (ApplicationException e) { Console.WriteLine("caught " + e.Message); }
    try {
      try { throw new Exception("first"); }
      finally { Console.WriteLine("finally runs before outer catch"); }
    } catch (Exception e) { Console.WriteLine("outer " + e.Message); }
    try {
      try { throw new ArgumentNullException("param"); }
      catch (ArgumentException e) { Console.WriteLine("inner " + e.GetType().Name + " " + e.ParamName); throw new NotSupportedException("from catch"); }
    } catch (NotSupportedException e) { Console.WriteLine("outer " + e.Message); }
    Exception saved = null;
    try { try { throw new TimeoutException("keep me"); } catch (Exception e) { saved = e; throw; } } catch (Exception e) { Console.WriteLine(ReferenceEquals(saved, e) + " " + e.Message); }
    int depth = 0;
    try { try { try { throw new KeyNotFoundException("deep"); } finally { depth++; } } finally { depth += 10; } } catch (KeyNotFoundException) { depth += 100; }
    Console.WriteLine("depth " + depth);
    var ex = new ArgumentOutOfRangeException("index", 7, "too big");
    Console.WriteLine(ex.ParamName + " " + ex.ActualValue);
    Console.WriteLine(new Exception().Message);
    Console.WriteLine(new ArgumentException("bad", "x").Message);
    Console.WriteLine(new InvalidOperationException().Message);
    Console.WriteLine(new NotImplementedException().Message);
  }
}
