// Delegates: instance and static targets, lambdas with and without captured state, generic
// Func/Action, multicast delegates (combine, remove, invocation order), events.
using System;

delegate int Op(int a, int b);

class Counter
{
    public event EventHandler Ticked;
    int n;
    public void Tick() { n++; var h = Ticked; if (h != null) h(this, EventArgs.Empty); }
    public int N { get { return n; } }
}

class P
{
    int k = 10;
    int AddK(int a, int b) { return a + b + k; }
    static int Mul(int a, int b) { return a * b; }
    static int Apply(Op f, int x, int y) { return f(x, y); }
    static string log = "";
    static void A() { log += "A"; }
    static void B() { log += "B"; }

    static int Main()
    {
        var p = new P();
        Op add = p.AddK;
        Op mul = Mul;
        Console.WriteLine(Apply(add, 1, 2) + " " + Apply(mul, 3, 4));
        Func<int, int> sq = x => x * x;
        int captured = 5;
        Func<int, int> addC = x => x + captured;
        captured = 7;
        Console.WriteLine(sq(9) + " " + addC(1));
        Action both = A;
        both += B;
        both += A;
        both();
        both -= A;
        both();
        Console.WriteLine(log);
        var c = new Counter();
        int seen = 0;
        c.Ticked += (s, e) => seen++;
        c.Ticked += (s, e) => seen += 10;
        c.Tick();
        c.Tick();
        Console.WriteLine(seen + " " + c.N);
        Func<string, string, string> join = string.Concat;
        Console.WriteLine(join("de", "legate"));
        return seen;
    }
}
