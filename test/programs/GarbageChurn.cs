using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
// Keeps a tree and a dictionary of lists alive while allocating several hundred megabytes of
// short-lived arrays, strings, structs with references and subtrees: run in a heap much smaller
// than what it allocates, only a collector lets it finish.
class Node { public Node Left, Right; public int Value; public string Tag; }
struct Entry { public string Key; public int[] Data; public double W; }
class GarbageChurn {
  static Node Build(int d, int v) { if (d == 0) return new Node { Value = v, Tag = "leaf" + v }; return new Node { Left = Build(d - 1, 2 * v), Right = Build(d - 1, 2 * v + 1), Value = v }; }
  static long Sum(Node n) { return n == null ? 0 : n.Value + Sum(n.Left) + Sum(n.Right) + (n.Tag == null ? 0 : n.Tag.Length); }
  static void Main() {
    var keep = Build(16, 1);
    var dict = new Dictionary<string, List<int>>();
    var entries = new Entry[5000];
    var rnd = new Random(7);
    long check = 0;
    for (int round = 0; round < 60; round++) {
      for (int i = 0; i < 20000; i++) {
        string k = "k" + rnd.Next(30000);
        List<int> l; if (!dict.TryGetValue(k, out l)) dict[k] = l = new List<int>();
        l.Add(i); if (l.Count > 20) l.RemoveRange(0, 10);
        var garbage = new int[rnd.Next(1, 64)]; garbage[0] = i; check += garbage.Length;
        entries[i % entries.Length] = new Entry { Key = k + "/" + round, Data = new int[] { i, round }, W = i * 0.5 };
      }
      var sb = new StringBuilder(); for (int j = 0; j < 2000; j++) sb.Append(j).Append(','); check += sb.ToString().Length;
      var tmp = Build(10, round); check += Sum(tmp);
      if (round % 10 == 0) keep.Left.Left = Build(12, round);
    }
    check += dict.Count + dict.Values.Sum(v => v.Count) + entries.Sum(e => e.Data[0] + e.Key.Length) + (long)entries.Sum(e => e.W);
    Console.WriteLine(check + " " + Sum(keep) + " " + dict["k100"].Count + " " + entries[1234].Key);
    string s = ""; for (int i = 0; i < 3000; i++) s += i % 7; Console.WriteLine(s.Length + " " + s.GetHashCode());
  }
}
