using System;
// Console.Write and WriteLine of every primitive type, boxed values, arrays of chars, nulls
// and composite formats.
class PrintPrimitives {
  enum Color { Red, Green, Blue }
  struct Point { public int X, Y; public override string ToString() { return "(" + X + "," + Y + ")"; } }
  static void Main() {
    byte b = 200; sbyte sb = -100; short s = -30000; ushort us = 60000;
    int i = -2000000000; uint ui = 4000000000; long l = -9000000000000000000; ulong ul = 18000000000000000000;
    float f = 3.14159f; double d = 2.718281828459045; decimal m = 12345.6789m;
    bool t = true; char c = 'Q'; string str = "text"; object o = null;
    Console.WriteLine(b); Console.WriteLine(sb); Console.WriteLine(s); Console.WriteLine(us);
    Console.WriteLine(i); Console.WriteLine(ui); Console.WriteLine(l); Console.WriteLine(ul);
    Console.WriteLine(f); Console.WriteLine(d); Console.WriteLine(m);
    Console.WriteLine(t); Console.WriteLine(false); Console.WriteLine(c); Console.WriteLine(str);
    Console.WriteLine(o); Console.WriteLine((string)null); Console.WriteLine();
    Console.Write(b); Console.Write(' '); Console.Write(sb); Console.Write(' '); Console.Write(s); Console.Write(' ');
    Console.Write(us); Console.Write(' '); Console.Write(i); Console.Write(' '); Console.Write(ui); Console.Write(' ');
    Console.Write(l); Console.Write(' '); Console.Write(ul); Console.Write(' '); Console.Write(f); Console.Write(' ');
    Console.Write(d); Console.Write(' '); Console.Write(m); Console.Write(' '); Console.Write(t); Console.Write(' ');
    Console.Write(c); Console.Write(' '); Console.Write(str); Console.Write(o); Console.Write("\n");
    Console.WriteLine(new char[] { 'a', 'b', 'c' });
    Console.WriteLine(new char[] { 'h', 'e', 'l', 'l', 'o' }, 1, 3);
    Console.Write(new char[] { 'x', 'y' }); Console.WriteLine();
    Console.WriteLine(Color.Blue); Console.WriteLine((object)Color.Green);
    Console.WriteLine(new Point { X = 3, Y = -4 });
    Console.WriteLine((object)42); Console.WriteLine((object)1.5); Console.WriteLine((object)'z'); Console.WriteLine((object)true);
    Console.WriteLine(new int[0]); Console.WriteLine(new object());
    Console.WriteLine("{0} {1} {2} {3}", b, f, m, c);
    Console.WriteLine("{0}|{1}|{2}|{3}|{4}", i, l, t, o, Color.Red);
    Console.Write("{0}-{1}\n", 1, 2);
    Console.Write("{0}+{1}={2}\n", 1, 2, 3);
    Console.WriteLine("{0}{1}{2}{3}{4}", 'a', 'b', 'c', 'd', 'e');
    Console.WriteLine("braces {{ {0} }}", 5);
    Console.WriteLine(float.NaN); Console.WriteLine(double.NegativeInfinity); Console.WriteLine(-0.0f);
    Console.WriteLine(1e-5f); Console.WriteLine(123456789f); Console.WriteLine(0.1f);
    Console.WriteLine(decimal.MaxValue); Console.WriteLine(decimal.MinusOne); Console.WriteLine(1.10m);
    Console.WriteLine('\u00e9'); Console.WriteLine("tab\tend"); Console.WriteLine("multi\nline");
    Console.Out.WriteLine("via Console.Out " + 7);
    Console.Out.Write(1.25); Console.Out.WriteLine();
    Console.Error.WriteLine("this goes to stderr");
  }
}
