// Hash codes Mono computes deterministically (strings, primitives, decimal, enums, tuples,
// dates) and the orders they give: Hashtable enumeration, HashSet and Dictionary after
// removals and re-insertions, SortedList.
using System;
using System.Collections;
using System.Collections.Generic;
struct P { public int X, Y; public P(int x, int y) { X = x; Y = y; } }
struct Q { public string S; public int N; }
enum E { A, B, C }
static class Program {
  static void Main() {
    Console.WriteLine("abc".GetHashCode() + " " + "".GetHashCode() + " " + "Hello, World".GetHashCode());
    Console.WriteLine(42.GetHashCode() + " " + (-7L).GetHashCode() + " " + (1L << 40).GetHashCode() + " " + 3.5.GetHashCode() + " " + 2.5f.GetHashCode() + " " + 'c'.GetHashCode() + " " + true.GetHashCode() + " " + ((byte)200).GetHashCode() + " " + ((short)-3).GetHashCode() + " " + 12.5m.GetHashCode() + " " + E.C.GetHashCode());
    var ht = new Hashtable(); foreach (var w in "the quick brown fox jumps over the lazy dog again and again".Split(' ')) ht[w] = w.Length;
    foreach (DictionaryEntry e in ht) Console.Write(e.Key + " "); Console.WriteLine();
    var ht2 = new Hashtable(); for (int i = 0; i < 20; i++) ht2[i * 37 % 101] = i; foreach (DictionaryEntry e in ht2) Console.Write(e.Key + " "); Console.WriteLine();
    var hs = new HashSet<string>(); foreach (var w in "b a d c e a f".Split(' ')) hs.Add(w); hs.Remove("d"); hs.Add("z"); Console.WriteLine(string.Join(",", hs));
    var d = new Dictionary<string, int>(); for (int i = 0; i < 10; i++) d["k" + i] = i; d.Remove("k3"); d.Remove("k7"); d["new"] = 99; d["k3"] = 3; Console.WriteLine(string.Join(",", d.Keys));
    var sl = new SortedList(); sl["b"] = 1; sl["a"] = 2; Console.WriteLine(string.Join(",", sl.Keys.Cast<object>()));
  }
}
static class Ext { public static IEnumerable<T> Cast<T>(this ICollection c) { foreach (T x in c) yield return x; } }
