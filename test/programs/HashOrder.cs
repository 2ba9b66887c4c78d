using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
// Hash codes and hash-ordered collections: string hashes (Mono 6.8's Marvin hash has a fixed
// seed, so they are stable), primitive hash codes, a non-generic Hashtable and a HashSet whose
// enumeration follows the hashes, and a word index built on them.
class HashOrder {
  static void Main() {
    foreach (var s in new[] { "", "a", "abc", "Hello, World!", "ngen", "The quick brown fox" }) Console.Write(s.GetHashCode() + " ");
    Console.WriteLine();
    Console.WriteLine(42.GetHashCode() + " " + (-1L).GetHashCode() + " " + 3.25.GetHashCode() + " " + 2.5f.GetHashCode() + " " + 'z'.GetHashCode() + " " + true.GetHashCode() + " " + ((byte)9).GetHashCode() + " " + DayOfWeek.Friday.GetHashCode() + " " + 12.5m.GetHashCode());
    var ht = new Hashtable();
    foreach (var w in "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".Split(' ')) ht[w] = w.Length;
    foreach (DictionaryEntry e in ht) Console.Write(e.Key + "=" + e.Value + " ");
    Console.WriteLine();
    var numbers = new Hashtable(); for (int i = 0; i < 16; i++) numbers[i * 7919 % 1000] = i;
    foreach (DictionaryEntry e in numbers) Console.Write(e.Key + " ");
    Console.WriteLine();
    ht.Remove("gamma"); ht["omega"] = 5; ht["alpha"] = 0;
    Console.WriteLine(string.Join(",", ht.Keys.Cast<string>()) + " | " + ht.Count + " " + ht.ContainsKey("omega") + " " + ht.ContainsValue(7));
    var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Red", "green", "BLUE", "red", "Green" };
    Console.WriteLine(set.Count + ": " + string.Join(" ", set));
    var index = new Dictionary<int, List<string>>();
    foreach (var w in "to be or not to be that is the question".Split(' ')) {
      int bucket = (w.GetHashCode() & 0x7fffffff) % 5;
      List<string> l; if (!index.TryGetValue(bucket, out l)) index[bucket] = l = new List<string>(); if (!l.Contains(w)) l.Add(w);
    }
    foreach (var kv in index.OrderBy(kv => kv.Key)) Console.WriteLine(kv.Key + ": " + string.Join(" ", kv.Value));
    Console.WriteLine(StringComparer.Ordinal.GetHashCode("abc") == "abc".GetHashCode());
  }
}
