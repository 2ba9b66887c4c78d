using System;
using System.Text;
// Control flow corners: goto case and goto default, labeled loops left with goto, do/while,
// nested breaks and continues, switch on long, char and enum values, the conditional operator
// chains, short-circuit evaluation with side effects, and checked/unchecked blocks.
enum Op { Add, Sub, Mul, Div, Mod, Pow }
class ControlFlow {
  static int calls;
  static bool T(string s) { calls++; Console.Write(s); return true; }
  static bool F(string s) { calls++; Console.Write(s); return false; }
  static string Classify(long n) {
    switch (n) {
      case 0: return "zero";
      case 1: case 2: case 3: return "small";
      case 1000000000000: return "trillion";
      case -1: goto case 0;
      default: return n < 0 ? "negative" : n < 100 ? "medium" : "large";
    }
  }
  static int Apply(Op op, int a, int b) {
    switch (op) {
      case Op.Add: return a + b;
      case Op.Sub: return a - b;
      case Op.Mul: return a * b;
      case Op.Div: if (b == 0) goto default; return a / b;
      case Op.Mod: if (b == 0) goto default; return a % b;
      case Op.Pow: { int r = 1; for (int i = 0; i < b; i++) r *= a; return r; }
      default: return int.MinValue;
    }
  }
  static string Grade(int score) { return score >= 90 ? "A" : score >= 80 ? "B" : score >= 70 ? "C" : score >= 60 ? "D" : "F"; }
  static void Main() {
    foreach (long n in new long[] { 0, 2, -1, -7, 50, 1000000000000, 999 }) Console.Write(Classify(n) + " ");
    Console.WriteLine();
    foreach (Op op in Enum.GetValues(typeof(Op))) Console.Write(op + ":" + Apply(op, 7, 3) + "/" + Apply(op, 7, 0) + " ");
    Console.WriteLine();
    int found = -1;
    for (int i = 2; i < 100; i++) {
      for (int j = 2; j * j <= i; j++) if (i % j == 0) goto next;
      if (i > 90) { found = i; goto done; }
      next:;
    }
    done:
    Console.WriteLine("first prime above 90: " + found);
    var sb = new StringBuilder(); int k = 0;
    do { k++; if (k % 3 == 0) continue; if (k > 10) break; sb.Append(k); } while (k < 20);
    Console.WriteLine(sb + " k=" + k);
    int count = 0;
    outer:
    for (int a = 0; a < 5; a++) {
      for (int b = 0; b < 5; b++) {
        if (b > a) break;
        if ((a + b) % 2 == 1) continue;
        count++;
        if (count == 7) goto finished;
      }
    }
    finished:
    Console.WriteLine("count " + count);
    if (count < 0) goto outer;
    calls = 0; bool r1 = F("a") && T("b"); bool r2 = T("c") || F("d"); bool r3 = F("e") & T("f"); bool r4 = T("g") | T("h"); bool r5 = T("i") ^ T("j");
    Console.WriteLine(" -> " + r1 + r2 + r3 + r4 + r5 + " calls " + calls);
    foreach (int s in new[] { 95, 85, 75, 65, 5, 100, 60 }) Console.Write(Grade(s));
    Console.WriteLine();
    foreach (char c in "a1 ?Z") {
      switch (c) { case ' ': Console.Write("[space]"); break; case '?': Console.Write("[q]"); break; default: Console.Write(char.IsDigit(c) ? "[d]" : char.IsUpper(c) ? "[U]" : "[l]"); break; }
    }
    Console.WriteLine();
    int big = int.MaxValue;
    try { checked { int x = big; x++; Console.WriteLine(x); } } catch (OverflowException) { Console.WriteLine("checked block overflowed"); }
    unchecked { int x = big; x++; Console.WriteLine("unchecked " + x); }
    int w = 0; while (true) { if (++w >= 5) break; } Console.WriteLine("while " + w);
    for (int i = 0, j = 10; i < j; i += 3, j -= 2) Console.Write(i + ":" + j + " ");
    Console.WriteLine();
    int? maybe = null; string label = maybe.HasValue ? "has" : maybe == null ? "null" : "impossible"; Console.WriteLine(label);
  }
}
