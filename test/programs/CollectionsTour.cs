using System;
using System.Collections.Generic;
// The generic collections: List, Dictionary, HashSet, Queue, Stack, SortedDictionary,
// SortedSet, LinkedList; their common operations, enumeration order and custom comparers.
class CaseInsensitive : IEqualityComparer<string> {
  public bool Equals(string a, string b) { return string.Equals(a, b, StringComparison.OrdinalIgnoreCase); }
  public int GetHashCode(string s) { return s.ToLowerInvariant().Length; }
}
class ByLength : IComparer<string> { public int Compare(string a, string b) { int c = a.Length.CompareTo(b.Length); return c != 0 ? c : string.CompareOrdinal(a, b); } }
class CollectionsTour {
  static void Print<T>(string label, IEnumerable<T> xs) { Console.WriteLine(label + ": [" + string.Join(", ", xs) + "]"); }
  static void Main() {
    var list = new List<int> { 5, 1, 4 };
    list.Add(9); list.AddRange(new[] { 2, 8 }); list.Insert(0, 7); list.Remove(4); list.RemoveAt(1);
    Print("list", list);
    list.Sort(); Print("sorted", list);
    list.Reverse(); Print("reversed", list);
    Console.WriteLine(list.Count + " " + list.Contains(8) + " " + list.IndexOf(2) + " " + list.BinarySearch(100) + " " + list.Find(x => x < 5) + " " + list.FindIndex(x => x > 7));
    Print("evens", list.FindAll(x => x % 2 == 0));
    list.RemoveAll(x => x > 6); Print("small", list);
    Console.WriteLine(list.TrueForAll(x => x > 0) + " " + list.Exists(x => x == 5) + " " + list.GetRange(1, 1).Count);
    var conv = list.ConvertAll(x => "n" + x); Print("converted", conv);
    int[] arr = list.ToArray(); Console.WriteLine(arr.Length);
    var dict = new Dictionary<string, int>();
    foreach (var w in "one two three two one two".Split(' ')) { int c; dict.TryGetValue(w, out c); dict[w] = c + 1; }
    foreach (var kv in dict) Console.Write(kv.Key + ":" + kv.Value + " ");
    Console.WriteLine();
    Console.WriteLine(dict.ContainsKey("two") + " " + dict.ContainsValue(5) + " " + dict.Remove("one") + " " + dict.Remove("zero") + " " + dict.Count);
    Print("keys", dict.Keys); Print("values", dict.Values);
    var ci = new Dictionary<string, string>(new CaseInsensitive()); ci["Hello"] = "world"; ci["HELLO"] = "again";
    Console.WriteLine(ci.Count + " " + ci["hello"]);
    var set = new HashSet<int> { 1, 2, 3 }; var other = new HashSet<int> { 2, 3, 4 };
    Console.WriteLine(set.Add(3) + " " + set.Add(10) + " " + set.Contains(10));
    set.IntersectWith(other); Print("intersect", set);
    set.UnionWith(new[] { 7, 2 }); Print("union", set);
    set.ExceptWith(new[] { 7 }); Print("except", set);
    Console.WriteLine(set.IsSubsetOf(other) + " " + other.Overlaps(new[] { 9, 4 }) + " " + set.SetEquals(new[] { 3, 2 }));
    var q = new Queue<string>(); q.Enqueue("a"); q.Enqueue("b"); q.Enqueue("c");
    Console.WriteLine(q.Dequeue() + q.Peek() + q.Count); q.Enqueue("d"); Print("queue", q);
    var st = new Stack<int>(); for (int i = 0; i < 5; i++) st.Push(i * i);
    Console.WriteLine(st.Pop() + " " + st.Peek() + " " + st.Count); Print("stack", st);
    var sd = new SortedDictionary<string, double> { { "pear", 1.5 }, { "apple", 0.5 }, { "fig", 3 } };
    sd["banana"] = 0.25; foreach (var kv in sd) Console.Write(kv.Key + "=" + kv.Value + " ");
    Console.WriteLine();
    var ss = new SortedSet<string>(new ByLength()) { "ccc", "a", "bb", "aa", "dddd" }; Print("sortedset", ss);
    Console.WriteLine(ss.Min + " " + ss.Max);
    var ll = new LinkedList<int>(); ll.AddLast(2); ll.AddFirst(1); ll.AddLast(4);
    ll.AddBefore(ll.Last, 3); Print("linked", ll);
    ll.RemoveFirst(); ll.Remove(4); Console.WriteLine(ll.First.Value + " " + ll.Last.Value + " " + ll.Count);
    var sl = new SortedList<int, string> { { 3, "c" }, { 1, "a" }, { 2, "b" } };
    Console.WriteLine(string.Join(",", sl.Keys) + " " + sl.IndexOfKey(2) + " " + sl.Values[2]);
    var lists = new List<List<int>>(); for (int i = 0; i < 3; i++) { lists.Add(new List<int>()); for (int j = 0; j <= i; j++) lists[i].Add(j); }
    foreach (var l in lists) Console.Write(l.Count + ";"); Console.WriteLine();
    var kvp = new KeyValuePair<string, int>("k", 1); Console.WriteLine(kvp);
    var stringsByLen = new Dictionary<int, List<string>>();
    foreach (var w in "a bb cc ddd e fff".Split(' ')) { List<string> g; if (!stringsByLen.TryGetValue(w.Length, out g)) stringsByLen[w.Length] = g = new List<string>(); g.Add(w); }
    foreach (var kv in stringsByLen) Console.Write(kv.Key + "->" + string.Join("/", kv.Value) + " ");
    Console.WriteLine();
  }
}
