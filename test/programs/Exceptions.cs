using System;
class AppException : Exception { public int Code; public AppException(string m, int code) : base(m) { Code = code; } }
class Resource { string name; public Resource(string n) { name = n; Console.WriteLine("open " + n); } public void Close() { Console.WriteLine("close " + name); } }
class Exceptions {
  static int depth;
  static void Thrower(int n) { if (n == 0) throw new AppException("deep", 7); depth++; Thrower(n - 1); }
  static int Finally(int n) {
    Resource r = new Resource("r" + n);
    try { if (n > 1) throw new InvalidOperationException("inner " + n); return n; }
    finally { r.Close(); }
  }
  static string Nested() {
    try {
      try { throw new ArgumentException("arg"); }
      catch (InvalidOperationException) { return "wrong"; }
      finally { Console.WriteLine("inner finally"); }
    } catch (ArgumentException e) { return "outer caught " + e.Message; }
  }
  static void Rethrow() {
    try { throw new AppException("again", 2); }
    catch (AppException) { Console.WriteLine("log and rethrow"); throw; }
  }
  static int NullDeref(string s) { return s.Length; }
  static void Main() {
    try { Thrower(5); } catch (AppException e) { Console.WriteLine(e.Message + " " + e.Code + " " + depth); }
    Console.WriteLine(Finally(1));
    try { Finally(2); } catch (InvalidOperationException e) { Console.WriteLine("caught " + e.Message); }
    Console.WriteLine(Nested());
    try { Rethrow(); } catch (Exception e) { Console.WriteLine("rethrown " + e.Message); }
    try { NullDeref(null); } catch (NullReferenceException e) { Console.WriteLine(e.Message); }
    try { object o = "s"; int i = (int)o; Console.WriteLine(i); } catch (InvalidCastException) { Console.WriteLine("bad unbox"); }
    try { throw new Exception(); } catch (Exception e) { Console.WriteLine(e.Message); }
    int loops = 0;
    for (int i = 0; i < 3; i++) { try { if (i == 1) continue; loops += 10; } finally { loops++; } }
    Console.WriteLine(loops);
    try { try { throw new AppException("x", 1); } finally { Console.WriteLine("finally before catch"); } } catch (AppException e) { Console.WriteLine("then catch " + e.Code); }
    Console.WriteLine("done");
  }
}
