using System;
using System.Collections.Generic;
// Sorting: insertion, selection, bubble, merge, quick, heap, counting and shell sort over the
// same pseudo-random data (a fixed linear congruential generator), checked against Array.Sort,
// plus stable sorting of records and sorting with comparers.
class SortingAlgorithms {
  static uint seed = 12345;
  static int NextRand(int max) { seed = seed * 1103515245 + 12345; return (int)((seed >> 16) % (uint)max); }
  static void Insertion(int[] a) { for (int i = 1; i < a.Length; i++) { int x = a[i], j = i - 1; while (j >= 0 && a[j] > x) { a[j + 1] = a[j]; j--; } a[j + 1] = x; } }
  static void Selection(int[] a) { for (int i = 0; i < a.Length - 1; i++) { int m = i; for (int j = i + 1; j < a.Length; j++) if (a[j] < a[m]) m = j; int t = a[i]; a[i] = a[m]; a[m] = t; } }
  static void Bubble(int[] a) { bool swapped = true; for (int n = a.Length; swapped; n--) { swapped = false; for (int i = 1; i < n; i++) if (a[i - 1] > a[i]) { int t = a[i]; a[i] = a[i - 1]; a[i - 1] = t; swapped = true; } } }
  static void Merge(int[] a, int[] tmp, int lo, int hi) {
    if (hi - lo < 2) return;
    int mid = (lo + hi) / 2; Merge(a, tmp, lo, mid); Merge(a, tmp, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid || j < hi) tmp[k++] = j >= hi || (i < mid && a[i] <= a[j]) ? a[i++] : a[j++];
    Array.Copy(tmp, lo, a, lo, hi - lo);
  }
  static void Quick(int[] a, int lo, int hi) {
    while (lo < hi) {
      int p = a[(lo + hi) >> 1], i = lo, j = hi;
      while (i <= j) { while (a[i] < p) i++; while (a[j] > p) j--; if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; } }
      if (j - lo < hi - i) { Quick(a, lo, j); lo = i; } else { Quick(a, i, hi); hi = j; }
    }
  }
  static void Heap(int[] a) {
    int n = a.Length;
    for (int i = n / 2 - 1; i >= 0; i--) Sift(a, i, n);
    for (int end = n - 1; end > 0; end--) { int t = a[0]; a[0] = a[end]; a[end] = t; Sift(a, 0, end); }
  }
  static void Sift(int[] a, int i, int n) { while (true) { int l = 2 * i + 1, m = i; if (l < n && a[l] > a[m]) m = l; if (l + 1 < n && a[l + 1] > a[m]) m = l + 1; if (m == i) return; int t = a[i]; a[i] = a[m]; a[m] = t; i = m; } }
  static void Counting(int[] a, int max) { var c = new int[max]; foreach (int x in a) c[x]++; int k = 0; for (int v = 0; v < max; v++) while (c[v]-- > 0) a[k++] = v; }
  static void Shell(int[] a) { for (int gap = a.Length / 2; gap > 0; gap /= 2) for (int i = gap; i < a.Length; i++) { int x = a[i], j = i; while (j >= gap && a[j - gap] > x) { a[j] = a[j - gap]; j -= gap; } a[j] = x; } }
  static bool Same(int[] x, int[] y) { if (x.Length != y.Length) return false; for (int i = 0; i < x.Length; i++) if (x[i] != y[i]) return false; return true; }
  static void Main() {
    int n = 2000;
    var data = new int[n];
    for (int i = 0; i < n; i++) data[i] = NextRand(1000);
    var expected = (int[])data.Clone(); Array.Sort(expected);
    var algos = new Dictionary<string, Action<int[]>> {
      { "insertion", Insertion }, { "selection", Selection }, { "bubble", Bubble },
      { "merge", a => Merge(a, new int[a.Length], 0, a.Length) }, { "quick", a => Quick(a, 0, a.Length - 1) },
      { "heap", Heap }, { "counting", a => Counting(a, 1000) }, { "shell", Shell },
    };
    foreach (var kv in algos) { var copy = (int[])data.Clone(); kv.Value(copy); Console.WriteLine("{0,-10} {1} first {2} last {3}", kv.Key, Same(copy, expected) ? "ok" : "WRONG", copy[0], copy[n - 1]); }
    long checksum = 0; for (int i = 0; i < n; i++) checksum = checksum * 31 + expected[i]; Console.WriteLine("checksum " + checksum);
    var people = new List<KeyValuePair<string, int>>();
    string[] nm = { "ann", "bob", "cid", "dee", "eve", "fay", "gus", "hal" };
    for (int i = 0; i < nm.Length; i++) people.Add(new KeyValuePair<string, int>(nm[i], NextRand(3)));
    var stable = new List<KeyValuePair<string, int>>(people);
    for (int i = 1; i < stable.Count; i++) { var x = stable[i]; int j = i - 1; while (j >= 0 && stable[j].Value > x.Value) { stable[j + 1] = stable[j]; j--; } stable[j + 1] = x; }
    foreach (var p in stable) Console.Write(p.Key + p.Value + " ");
    Console.WriteLine();
    string[] words = "banana Apple cherry apple Banana date".Split(' ');
    var w1 = (string[])words.Clone(); Array.Sort(w1, StringComparer.Ordinal); Console.WriteLine(string.Join(",", w1));
    var w2 = (string[])words.Clone(); Array.Sort(w2, StringComparer.OrdinalIgnoreCase); Console.WriteLine(w2[0].ToLower() + " " + w2[5].ToLower());
    var w3 = new List<string>(words); w3.Sort((x, y) => y.Length != x.Length ? y.Length - x.Length : string.CompareOrdinal(x, y)); Console.WriteLine(string.Join(",", w3));
    int[] keys = { 3, 1, 2 }; string[] vals = { "c", "a", "b" }; Array.Sort(keys, vals); Console.WriteLine(string.Join("", vals));
    double[] ds = { 2.5, -1, 1e10, 0, -0.5 }; Array.Sort(ds); Array.Reverse(ds); Console.WriteLine(string.Join(" ", ds));
    Console.WriteLine(Array.BinarySearch(expected, expected[777]) >= 0);
  }
}
