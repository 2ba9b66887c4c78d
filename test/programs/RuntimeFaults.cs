using System;
using System.Collections.Generic;
// Exceptions raised by the runtime itself: null dereference, array bounds, invalid casts,
// integer division by zero, checked overflow, array covariance violations, and those raised
// by the class library (argument checks, missing keys, parsing, empty collections).
class Animal { public virtual string Speak() { return "..."; } }
class Dog : Animal { public override string Speak() { return "woof"; } }
class Cat : Animal { }
// (Mono folds some of these oddly when an operand is a constant expression such as
// `int.MinValue / (zero - 1)`; the operands here are plain variables.)
class RuntimeFaults {
  static int zero = 0;
  static string Try(Action a) {
    try { a(); return "no exception"; }
    catch (Exception e) { return e.GetType().FullName + ": " + e.Message; }
  }
  static void Main() {
    string s = null; int[] arr = new int[3]; object o = "str"; Animal[] animals = new Dog[2];
    Console.WriteLine(Try(() => Console.WriteLine(s.Length)));
    Console.WriteLine(Try(() => arr[3] = 1));
    Console.WriteLine(Try(() => arr[-1]++));
    Console.WriteLine(Try(() => Console.WriteLine((int)o)));
    Console.WriteLine(Try(() => Console.WriteLine(((Dog)(Animal)new Cat()).Speak())));
    Console.WriteLine(Try(() => Console.WriteLine(10 / zero)));
    Console.WriteLine(Try(() => Console.WriteLine(10L % zero)));
    Console.WriteLine(Try(() => Console.WriteLine(checked(int.MaxValue + zero + 1))));
    Console.WriteLine(Try(() => Console.WriteLine(checked((byte)(zero + 256)))));
    Console.WriteLine(Try(() => Console.WriteLine(checked((uint)(zero - 1)))));
    Console.WriteLine(Try(() => animals[0] = new Cat()));
    Console.WriteLine(Try(() => { animals[1] = new Dog(); Console.WriteLine(animals[1].Speak()); }));
    int min = int.MinValue, minusOne = -1;
    Console.WriteLine(Try(() => Console.WriteLine(min / minusOne)));
    Console.WriteLine(Try(() => Console.WriteLine(min % minusOne)));
    Console.WriteLine(Try(() => new List<int>()[0].ToString()));
    Console.WriteLine(Try(() => Console.WriteLine(new Dictionary<string, int>()["missing"])));
    Console.WriteLine(Try(() => int.Parse("12x")));
    Console.WriteLine(Try(() => int.Parse("99999999999")));
    Console.WriteLine(Try(() => "abc".Substring(5)));
    Console.WriteLine(Try(() => new Stack<int>().Pop()));
    int negative = -1;
    Console.WriteLine(Try(() => Console.WriteLine(new int[negative].Length)));
    Console.WriteLine(Try(() => { object x = null; x.ToString(); }));
    Console.WriteLine(Try(() => { throw null; }));
    Console.WriteLine(Try(() => Convert.ToInt32("")));
    Console.WriteLine(Try(() => Enum.Parse(typeof(DayOfWeek), "Someday")));
    Console.WriteLine(Try(() => Console.WriteLine(checked(-(long.MinValue + zero)))));
    Console.WriteLine(Try(() => Console.WriteLine(checked((int)(double.NaN + zero)))));
    Console.WriteLine(Try(() => { var e = new List<int> { 1 }.GetEnumerator(); Console.WriteLine(e.Current); }));
    Console.WriteLine(Try(() => { var l = new List<int> { 1, 2 }; foreach (int i in l) l.Add(i); }));
    Console.WriteLine(Try(() => Console.WriteLine(string.Format("{1}", 1))));
    Console.WriteLine(Try(() => Console.WriteLine(new string('x', 3).ToUpper().ToCharArray()[3])));
    Console.WriteLine(Try(() => Console.WriteLine(Math.Round(1.0, 20))));
    Console.WriteLine(Try(() => Console.WriteLine((string)(object)42)));
    Console.WriteLine(Try(() => Array.Copy(new int[2], new long[2], 2)));
    Console.WriteLine(Try(() => Console.WriteLine(5.0 / zero)));
  }
}
