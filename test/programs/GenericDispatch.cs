// Dispatch in generic code: generic virtual methods through a constrained call on a struct and
// on a boxed struct, explicit interface implementations, abstract generic bases with iterators,
// covariance and contravariance of interfaces and delegates, array covariance checks, custom
// event accessors, polymorphic recursion, comparers and a dictionary of delegates by Type.
using System;
using System.Collections.Generic;
using System.Linq;
interface IVisitor { string Visit<T>(T x); }
class Printer : IVisitor { public string Visit<T>(T x) => typeof(T).Name + "=" + x; }
struct Counter : IVisitor { public int N; public string Visit<T>(T x) { N++; return "#" + N + ":" + x; } }
interface IA { string Name(); } interface IB { string Name(); }
class Both : IA, IB { string IA.Name() => "A"; string IB.Name() => "B"; public string Name() => "plain"; }
abstract class Repo<T> where T : class { protected List<T> items = new List<T>(); public abstract string Describe(T x); public virtual IEnumerable<string> All() { foreach (var i in items) yield return Describe(i); } public void Add(T x) => items.Add(x); }
class StrRepo : Repo<string> { public override string Describe(string x) => x.ToUpper(); public override IEnumerable<string> All() => base.All().Reverse(); }
class Animal { public virtual string Sound => "?"; } class Cat : Animal { public override string Sound => "meow"; }
class Evented { EventHandler h; public event EventHandler Changed { add { Console.WriteLine("add"); h += value; } remove { Console.WriteLine("remove"); h -= value; } } public void Fire() => h?.Invoke(this, EventArgs.Empty); }
static class Rec { public static int Depth<T>(int n) => n == 0 ? typeof(T).Name.Length : Depth<List<T>>(n - 1); }
static class Program {
  static string Go<V>(V v) where V : IVisitor => v.Visit(42) + "," + v.Visit("s") + "," + v.Visit(2.5);
  static void Main() {
    Console.WriteLine(Go(new Printer()) + " | " + Go(new Counter()));
    IVisitor boxed = new Counter(); boxed.Visit(1); Console.WriteLine(boxed.Visit('c') + " " + ((Counter)boxed).N);
    var both = new Both(); Console.WriteLine(((IA)both).Name() + ((IB)both).Name() + both.Name());
    var r = new StrRepo(); r.Add("a"); r.Add("b"); Console.WriteLine(string.Join(",", r.All()));
    IEnumerable<Animal> animals = new List<Cat> { new Cat() }; Console.WriteLine(animals.First().Sound);
    Func<Cat> fc = () => new Cat(); Func<Animal> fa = fc; Console.WriteLine(fa().Sound);
    Action<Animal> aa = a => Console.WriteLine("act " + a.Sound); Action<Cat> ac = aa; ac(new Cat());
    Animal[] arr = new Cat[2]; try { arr[0] = new Animal(); } catch (ArrayTypeMismatchException e) { Console.WriteLine(e.GetType().Name); }
    object[] objs = new string[1]; try { objs[0] = 1; } catch (ArrayTypeMismatchException) { Console.WriteLine("ATM2"); }
    var ev = new Evented(); EventHandler hh = (s, e) => Console.WriteLine("fired"); ev.Changed += hh; ev.Fire(); ev.Changed -= hh; ev.Fire();
    Console.WriteLine(Rec.Depth<int>(3));
    var cmp = Comparer<string>.Create((x, y) => y.CompareTo(x)); var l = new List<string> { "a", "c", "b" }; l.Sort(cmp); Console.WriteLine(string.Join("", l));
    var eq = EqualityComparer<int>.Default; Console.WriteLine(eq.Equals(3, 3) + " " + EqualityComparer<string>.Default.Equals(null, null) + " " + Comparer<int>.Default.Compare(1, 2));
    IComparable<int> ic = 5; Console.WriteLine(ic.CompareTo(3));
    var dict = new Dictionary<Type, Func<object, string>> { [typeof(int)] = o => "int " + o, [typeof(string)] = o => "str " + o };
    foreach (var o in new object[] { 1, "x" }) Console.WriteLine(dict[o.GetType()](o));
  }
}
