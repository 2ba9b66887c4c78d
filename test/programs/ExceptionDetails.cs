using System;
using System.Collections.Generic;
// Exceptions in detail: finally blocks during unwinding, inner exceptions, a failing static
// constructor, the messages of the class library's exceptions, Data, rethrowing the same object,
// continue and return through finally.
class MyException : Exception { public int Code; public MyException(string m, int code, Exception inner = null) : base(m, inner) { Code = code; } }
class Bad { public static int V; static Bad() { V = 1; throw new ApplicationException("cctor failed"); } }
class ExceptionDetails {
  static int Depth(int n) { if (n == 0) throw new MyException("bottom", 7); try { return Depth(n - 1); } finally { Console.Write(n + " "); } }
  static void Main() {
    try { Depth(4); } catch (MyException e) { Console.WriteLine("| " + e.Message + " " + e.Code); }
    try { try { throw new ArgumentNullException("param"); } catch (ArgumentException e) { throw new MyException("wrapped", 2, e); } }
    catch (MyException e) { Console.WriteLine(e.Message + " <- " + e.InnerException.GetType().Name + ": " + e.InnerException.Message); }
    try { Console.WriteLine(Bad.V); } catch (TypeInitializationException e) { Console.WriteLine(e.Message + " / " + e.InnerException.Message); }
    try { Console.WriteLine(Bad.V); } catch (TypeInitializationException e) { Console.WriteLine("again: " + e.TypeName); }
    try { new List<int>()[3] = 1; } catch (ArgumentOutOfRangeException e) { Console.WriteLine(e.Message); }
    try { new Dictionary<string, int>()["nope"]++; } catch (KeyNotFoundException e) { Console.WriteLine(e.Message); }
    try { object o = "s"; var i = (int)o; } catch (InvalidCastException e) { Console.WriteLine(e.Message); }
    try { int.Parse("x1"); } catch (FormatException e) { Console.WriteLine(e.Message); }
    try { checked { int m = int.MaxValue; m++; } } catch (OverflowException e) { Console.WriteLine(e.Message); }
    try { var a = new int[2]; a[2] = 0; } catch (IndexOutOfRangeException e) { Console.WriteLine(e.Message); }
    try { string s = null; var l = s.Length; } catch (NullReferenceException e) { Console.WriteLine(e.Message); }
    try { throw new NotImplementedException(); } catch (Exception e) { Console.WriteLine(e.Message); }
    try { var e = new List<int> { 1 }.GetEnumerator(); var l = new List<int> { 1, 2 }; foreach (var x in l) l.Add(x); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    try { "abc".Substring(5); } catch (ArgumentOutOfRangeException e) { Console.WriteLine(e.Message.Split('\n')[0]); }
    var ex = new MyException("data", 1); ex.Data["k"] = "v"; Console.WriteLine(ex.Data["k"] + " " + ex.Data.Count);
    try { throw ex; } catch (Exception e) { Console.WriteLine(ReferenceEquals(e, ex)); }
    int count = 0;
    for (int i = 0; i < 5; i++) { try { if (i % 2 == 0) continue; count += 10; } finally { count++; } }
    Console.WriteLine(count);
    Console.WriteLine(Test());
  }
  static string Test() { string r = "start"; try { return r; } finally { r = "changed"; Console.WriteLine("finally sees " + r); } }
}
