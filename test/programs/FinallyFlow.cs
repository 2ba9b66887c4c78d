// Control flow through protected regions: returns, break and continue through finally, an
// iterator left early (its finally runs), nested handlers with filters, goto out of nested
// loops, struct disposables in using, per-instantiation static constructors, lock released on
// exceptions, do/while and goto case.
using System;
using System.Collections.Generic;
struct Disp : IDisposable { public string N; public void Dispose() { Console.WriteLine("dispose " + N); } }
static class Gen<T> { public static readonly string Tag; static Gen() { Console.WriteLine("cctor " + typeof(T).Name); Tag = typeof(T).Name + "!"; } }
static class Program {
  static int F(int x) { try { if (x > 0) return x * 2; return -1; } finally { Console.WriteLine("finally " + x); } }
  static int G() { int r = 0; for (int i = 0; i < 5; i++) { try { if (i == 1) continue; if (i == 3) break; r += i; } finally { r += 100; } } return r; }
  static IEnumerable<int> Src() { try { for (int i = 0; ; i++) { Console.WriteLine("yield " + i); yield return i; } } finally { Console.WriteLine("src finally"); } }
  static string H(int k) {
    string log = "";
    try { try { if (k == 1) throw new InvalidOperationException("inner"); log += "a"; } finally { log += "f1"; } }
    catch (InvalidOperationException e) when (k == 1) { log += "c:" + e.Message; }
    finally { log += "f2"; }
    return log;
  }
  static int Nested() {
    int n = 0;
    outer:
    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) { if (j == 2) goto next; if (i == 2) goto done; n += 10 * i + j; next: ; }
    done: return n;
  }
  static void Main() {
    Console.WriteLine(F(3) + " " + F(0));
    Console.WriteLine(G());
    foreach (var x in Src()) { if (x == 2) break; }
    Console.WriteLine(H(0) + " " + H(1));
    Console.WriteLine(Nested());
    using (var d = new Disp { N = "a" }) { Console.WriteLine("in using"); }
    try { using (var d = new Disp { N = "b" }) { throw new Exception("x"); } } catch (Exception e) { Console.WriteLine("caught " + e.Message); }
    Console.WriteLine(Gen<int>.Tag + Gen<string>.Tag + Gen<int>.Tag);
    object gate = new object(); try { lock (gate) { throw new ApplicationException("in lock"); } } catch (ApplicationException) { Console.WriteLine("lock released " + System.Threading.Monitor.TryEnter(gate)); }
    int total = 0; foreach (var s in new[] { "1", "x", "3" }) { int v; if (!int.TryParse(s, out v)) continue; total += v; } Console.WriteLine(total);
    var stack = new Stack<int>(new[] { 1, 2, 3 }); while (stack.Count > 0) { var t = stack.Pop(); if (t == 2) continue; Console.Write(t); } Console.WriteLine();
    int k = 0; do { k++; } while (k < 10 && k % 7 != 0); Console.WriteLine(k);
    string sw = "b"; switch (sw) { case "a": Console.WriteLine("A"); break; case "b": case "c": Console.WriteLine("BC"); goto case "a"; default: break; }
  }
}
