using System;
using System.Collections;
using System.Collections.Generic;
// Boxing and unboxing: values in object variables and non-generic collections, equality of
// boxes, interfaces implemented by structs, nullable boxing, unbox type checks.
interface ICounter { int Next(); }
struct Counter : ICounter { int n; public int Next() { return ++n; } }
struct Money : IEquatable<Money>, IComparable {
  public long Cents;
  public Money(long c) { Cents = c; }
  public bool Equals(Money o) { return Cents == o.Cents; }
  public override bool Equals(object o) { return o is Money && Equals((Money)o); }
  public override int GetHashCode() { return Cents.GetHashCode(); }
  public int CompareTo(object o) { return Cents.CompareTo(((Money)o).Cents); }
  public override string ToString() { return (Cents / 100) + "." + (Cents % 100).ToString("D2"); }
}
class Boxing {
  static string Show(object o) {
    if (o == null) return "null";
    if (o is int) return "int " + (int)o;
    if (o is long) return "long " + (long)o;
    if (o is double) return "double " + (double)o;
    if (o is char) return "char " + (char)o;
    if (o is bool) return "bool " + (bool)o;
    if (o is string) return "string " + o;
    if (o is Money) return "money " + o;
    return o.GetType().FullName;
  }
  static void Main() {
    object[] items = { 1, 2L, 3.0, 'c', true, "s", new Money(1234), null, 4.5f, (byte)7, DayOfWeek.Friday };
    foreach (object o in items) Console.WriteLine(Show(o));
    object a = 42, b = 42;
    Console.WriteLine((a == b) + " " + a.Equals(b) + " " + (a.GetHashCode() == b.GetHashCode()));
    object l = 42L;
    Console.WriteLine(a.Equals(l) + " " + l.Equals(42L));
    try { long bad = (long)a; Console.WriteLine(bad); } catch (InvalidCastException e) { Console.WriteLine("InvalidCast: " + e.Message); }
    try { int bad = (int)(object)null; Console.WriteLine(bad); } catch (NullReferenceException) { Console.WriteLine("null unbox"); }
    Counter c = new Counter();
    c.Next(); c.Next();
    ICounter ic = c;
    ic.Next(); ic.Next(); ic.Next();
    Console.WriteLine(c.Next() + " " + ic.Next());
    object oc = c; ((ICounter)oc).Next(); Console.WriteLine(((Counter)oc).Next());
    var list = new ArrayList { 3, "x", 1.5, new Money(5) };
    int sum = 0; foreach (object o in list) if (o is int) sum += (int)o;
    Console.WriteLine(list.Count + " " + sum + " " + list[3] + " " + list.Contains(3) + " " + list.IndexOf("x"));
    var ht = new Hashtable(); ht["k"] = 10; ht[5] = "five";
    Console.WriteLine(ht["k"] + " " + ht[5] + " " + (ht["none"] == null));
    var monies = new List<Money> { new Money(500), new Money(150), new Money(999) };
    monies.Sort((x, y) => x.CompareTo(y));
    Console.WriteLine(string.Join(" ", monies) + " " + monies.Contains(new Money(150)) + " " + monies.IndexOf(new Money(999)));
    int? n = 5; object bn = n; Console.WriteLine(bn.GetType().Name + " " + bn);
    int? none = null; object bnone = none; Console.WriteLine(bnone == null);
    int? back = (int?)bn; Console.WriteLine(back.Value + 1);
    IComparable cmp = 10; Console.WriteLine(cmp.CompareTo(5) + " " + cmp.CompareTo(10));
    IFormattable f = 3.25; Console.WriteLine(f.ToString("F1", null));
    ValueType vt = new Money(42); Console.WriteLine(vt + " " + (vt is Money));
    Enum en = DayOfWeek.Monday; Console.WriteLine(en + " " + Convert.ToInt32(en));
    object d1 = 1.0, d2 = 1.0; Console.WriteLine(d1.Equals(d2) + " " + object.ReferenceEquals(d1, d2) + " " + object.Equals(null, null));
  }
}
