using System;
class Strings {
  static string Repeat(string s, int n) { string r = ""; for (int i = 0; i < n; i++) r += s; return r; }
  static void Main() {
    string s = "Hello";
    Console.WriteLine(s.Length); Console.WriteLine(s[0]); Console.WriteLine(s[4]);
    Console.WriteLine(s + ", " + "world" + '!');
    Console.WriteLine(Repeat("ab", 5));
    Console.WriteLine("n=" + 42 + " l=" + 5000000000L + " d=" + 1.5 + " b=" + true + " c=" + 'z');
    Console.WriteLine(string.Concat("a", "b", "c", "d"));
    Console.WriteLine(string.Format("{0} + {1} = {2}", 1, 2, 3));
    Console.WriteLine("[{0,5}] [{1,-5}] [{2}]", "ab", "cd", null);
    Console.WriteLine("{0:D4} {1:X} {2:x8} {3:N2} {4:F3}", 42, 255, 48879, 1234567.891, 3.14159);
    Console.WriteLine("{{literal}} {0}", 1);
    // Element by element: array initializers need ldtoken (not imported yet).
    object[] items = new object[5]; items[0] = 1; items[1] = "two"; items[2] = 3.0; items[3] = 'c';
    Console.WriteLine("{0}|{1}|{2}|{3}|{4}", items);
    char[] cs = new char[3]; cs[0] = 'a'; cs[1] = 'b'; cs[2] = 'c';
    Console.WriteLine(cs); Console.Write(cs); Console.WriteLine();
    Console.Write("no newline "); Console.Write(12); Console.Write(' '); Console.Write(3.5); Console.Write(false); Console.WriteLine();
    string empty = ""; Console.WriteLine(empty.Length); Console.WriteLine(string.IsNullOrEmpty(empty));
    string nul = null; Console.WriteLine(nul); Console.WriteLine("[" + nul + "]");
    Console.WriteLine("tab\there \u00e9\u4e2d"); 
    int count = 0; foreach (char ch in "mississippi") if (ch == 's') count++; Console.WriteLine(count);
    Console.WriteLine("abc" == "ab" + "c");
  }
}
