using System;
using System.Collections.Generic;
using System.Linq;
// Value types in generic collections: a struct key with IEquatable in Dictionary and HashSet,
// IComparable structs in SortedSet, SortedList and Array.Sort, List<struct> mutation through
// copies, struct enumerators, and generic methods constrained to structs.
struct GridPos : IEquatable<GridPos>, IComparable<GridPos> {
  public readonly int Row, Col;
  public GridPos(int r, int c) { Row = r; Col = c; }
  public bool Equals(GridPos o) { return Row == o.Row && Col == o.Col; }
  public override bool Equals(object o) { return o is GridPos && Equals((GridPos)o); }
  public override int GetHashCode() { return Row * 397 ^ Col; }
  public int CompareTo(GridPos o) { return Row != o.Row ? Row.CompareTo(o.Row) : Col.CompareTo(o.Col); }
  public GridPos Step(int dr, int dc) { return new GridPos(Row + dr, Col + dc); }
  public override string ToString() { return "(" + Row + "," + Col + ")"; }
}
struct Reading { public string Sensor; public double Value; public int Minute; }
struct Counter { public int Hits; public void Hit() { Hits++; } }
class StructCollections {
  static T MaxOf<T>(IEnumerable<T> xs) where T : struct, IComparable<T> { T best = default(T); bool any = false; foreach (var x in xs) if (!any || x.CompareTo(best) > 0) { best = x; any = true; } return best; }
  static T? FirstOrNull<T>(IEnumerable<T> xs, Func<T, bool> p) where T : struct { foreach (var x in xs) if (p(x)) return x; return null; }
  static void Main() {
    var visits = new Dictionary<GridPos, int>(); var pos = new GridPos(0, 0);
    string moves = "RRDDLURRRDDLLLUUUR";
    foreach (char m in moves) {
      pos = m == 'R' ? pos.Step(0, 1) : m == 'L' ? pos.Step(0, -1) : m == 'U' ? pos.Step(-1, 0) : pos.Step(1, 0);
      int n; visits.TryGetValue(pos, out n); visits[pos] = n + 1;
    }
    Console.WriteLine("distinct " + visits.Count + ", revisited " + string.Join(" ", visits.Where(kv => kv.Value > 1).Select(kv => kv.Key + "x" + kv.Value)));
    var sorted = new SortedSet<GridPos>(visits.Keys); Console.WriteLine("min " + sorted.Min + " max " + sorted.Max + " first three " + string.Join("", sorted.Take(3)));
    var arr = visits.Keys.ToArray(); Array.Sort(arr); Console.WriteLine(string.Join("", arr));
    Array.Sort(arr, (a, b) => b.Col != a.Col ? b.Col - a.Col : a.Row - b.Row); Console.WriteLine(string.Join("", arr));
    var set = new HashSet<GridPos> { new GridPos(1, 1), new GridPos(1, 1), new GridPos(2, 2) };
    Console.WriteLine(set.Count + " " + set.Contains(new GridPos(2, 2)) + " " + set.Contains(new GridPos(2, 1)));
    var sl = new SortedList<GridPos, string> { { new GridPos(2, 0), "c" }, { new GridPos(0, 5), "a" }, { new GridPos(1, 1), "b" } };
    Console.WriteLine(string.Join(" ", sl.Select(kv => kv.Key + "=" + kv.Value)) + " " + sl.IndexOfKey(new GridPos(1, 1)));
    var readings = new List<Reading>();
    for (int i = 0; i < 12; i++) readings.Add(new Reading { Sensor = "s" + (i % 3), Value = Math.Round(20 + Math.Sin(i) * 5, 2), Minute = i * 5 });
    foreach (var g in readings.GroupBy(r => r.Sensor)) Console.WriteLine("{0}: avg {1:F3} max {2} at minute {3}", g.Key, g.Average(r => r.Value), g.Max(r => r.Value), g.OrderByDescending(r => r.Value).First().Minute);
    var copy = readings[0]; copy.Value = -99; Console.WriteLine(readings[0].Value + " " + copy.Value);
    var counters = new List<Counter> { new Counter(), new Counter() };
    var c0 = counters[0]; c0.Hit(); c0.Hit(); counters[0] = c0;
    var arrC = new Counter[2]; arrC[1].Hit(); arrC[1].Hit(); arrC[1].Hit();
    Console.WriteLine(counters[0].Hits + " " + counters[1].Hits + " " + arrC[1].Hits);
    Console.WriteLine(MaxOf(new[] { 3, 9, 2 }) + " " + MaxOf(new[] { 2.5, -1.0 }) + " " + MaxOf(visits.Keys) + " " + MaxOf(new List<DateTime> { new DateTime(2020, 1, 1), new DateTime(2021, 6, 1) }).Year);
    Console.WriteLine(FirstOrNull(new[] { 1, 4, 9 }, x => x > 3) + " " + (FirstOrNull(new[] { 1, 4, 9 }, x => x > 10).HasValue) + " " + FirstOrNull(visits.Keys, p => p.Row < 0));
    var list = new List<int> { 5, 1, 4 }; var en = list.GetEnumerator(); int sum = 0; while (en.MoveNext()) sum += en.Current; Console.WriteLine(sum);
    var kvs = new List<KeyValuePair<string, int>> { new KeyValuePair<string, int>("b", 2), new KeyValuePair<string, int>("a", 2), new KeyValuePair<string, int>("c", 1) };
    kvs.Sort((x, y) => x.Value != y.Value ? x.Value.CompareTo(y.Value) : string.CompareOrdinal(x.Key, y.Key)); Console.WriteLine(string.Join(" ", kvs));
    var tuples = new List<Tuple<int, string>> { Tuple.Create(2, "x"), Tuple.Create(1, "y"), Tuple.Create(2, "a") }; tuples.Sort(); Console.WriteLine(string.Join(" ", tuples));
  }
}
