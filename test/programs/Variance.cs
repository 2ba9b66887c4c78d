using System;
using System.Collections.Generic;
using System.Linq;
// Interfaces in depth: generic covariance (IEnumerable<out T>, Func<out T>) and
// contravariance (IComparer<in T>, Action<in T>), explicit implementations of two interfaces
// with the same member, interface inheritance, and type tests against variant interfaces.
interface IProducer<out T> { T Produce(); }
interface IConsumer<in T> { void Consume(T item); }
interface IReadable { string Read(); }
interface IWritable { void Write(string s); }
interface IStream : IReadable, IWritable { int Position { get; } }
interface ILeft { string Describe(); }
interface IRight { string Describe(); }
abstract class Fruit { public abstract string Name { get; } public override string ToString() { return Name; } }
class Apple : Fruit { public override string Name { get { return "apple"; } } }
class Pear : Fruit { public override string Name { get { return "pear"; } } }
class AppleTree : IProducer<Apple> { int n; public Apple Produce() { n++; return new Apple(); } public int Count { get { return n; } } }
class Basket : IConsumer<Fruit> { public List<string> Items = new List<string>(); public void Consume(Fruit f) { Items.Add(f.Name); } }
class MemoryStream2 : IStream {
  readonly System.Text.StringBuilder buf = new System.Text.StringBuilder(); int pos;
  public string Read() { var s = buf.ToString(pos, buf.Length - pos); pos = buf.Length; return s; }
  public void Write(string s) { buf.Append(s); }
  public int Position { get { return pos; } }
}
class Both : ILeft, IRight {
  string ILeft.Describe() { return "left view"; }
  string IRight.Describe() { return "right view"; }
  public string Describe() { return "own view"; }
}
class ByName : IComparer<Fruit> { public int Compare(Fruit a, Fruit b) { return string.CompareOrdinal(a.Name, b.Name); } }
class Variance {
  static string Names(IEnumerable<Fruit> fruits) { return string.Join(",", fruits.Select(f => f.Name)); }
  static void Fill(IConsumer<Apple> sink, IProducer<Fruit> source, int n) { for (int i = 0; i < n; i++) sink.Consume((Apple)source.Produce()); }
  static void Main() {
    var apples = new List<Apple> { new Apple(), new Apple() };
    IEnumerable<Fruit> fruits = apples;
    Console.WriteLine(Names(fruits) + " " + Names(new Pear[] { new Pear() }) + " " + fruits.Count());
    var tree = new AppleTree(); IProducer<Fruit> producer = tree;
    var basket = new Basket(); IConsumer<Apple> appleSink = basket;
    Fill(appleSink, producer, 3);
    Console.WriteLine(string.Join(" ", basket.Items) + " produced " + tree.Count);
    object o = tree;
    Console.WriteLine((o is IProducer<Apple>) + " " + (o is IProducer<Fruit>) + " " + (o is IProducer<object>) + " " + (o is IProducer<Pear>) + " " + (o is IConsumer<Apple>));
    object b = basket;
    Console.WriteLine((b is IConsumer<Apple>) + " " + (b is IConsumer<Pear>) + " " + (b is IConsumer<object>) + " " + ((b as IConsumer<Pear>) != null));
    Func<Apple> makeApple = () => new Apple(); Func<Fruit> makeFruit = makeApple; Func<object> makeObject = makeApple;
    Console.WriteLine(makeFruit().Name + " " + makeObject() + " " + (makeObject is Func<Fruit>) + " " + ((object)makeApple is Func<Pear>));
    Action<Fruit> eat = f => Console.Write("eat " + f.Name + "; "); Action<Apple> eatApple = eat; eatApple(new Apple()); Console.WriteLine();
    IComparer<Fruit> cmp = new ByName(); IComparer<Apple> appleCmp = cmp;
    var mixed = new List<Fruit> { new Pear(), new Apple(), new Pear() }; mixed.Sort(cmp);
    Console.WriteLine(Names(mixed) + " " + appleCmp.Compare(new Apple(), new Apple()));
    IStream st = new MemoryStream2(); st.Write("hello "); IWritable w = st; w.Write("world");
    IReadable r = st; Console.WriteLine("[" + r.Read() + "] at " + st.Position + " [" + st.Read() + "]");
    var both = new Both(); ILeft l = both; IRight rt = both;
    Console.WriteLine(both.Describe() + " | " + l.Describe() + " | " + rt.Describe() + " | " + ((ILeft)(object)both).Describe());
    IEnumerable<object> objs = new List<string> { "x", "y" };
    Console.WriteLine(string.Join("+", objs) + " " + (objs is IEnumerable<string>) + " " + (objs is IList<object>) + " " + (objs is IReadOnlyList<object>));
    IEnumerable<IEnumerable<Fruit>> nested = new List<List<Apple>> { apples };
    Console.WriteLine(nested.First().Count());
  }
}
