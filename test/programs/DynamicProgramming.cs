using System;
using System.Collections.Generic;
using System.Text;
// Dynamic programming: longest common subsequence with reconstruction, edit distance, 0/1
// knapsack, coin change (ways and fewest coins), longest increasing subsequence, matrix-chain
// order, and counting paths on a grid with obstacles (long arithmetic).
class DynamicProgramming {
  static string Lcs(string a, string b) {
    var t = new int[a.Length + 1, b.Length + 1];
    for (int i = 1; i <= a.Length; i++) for (int j = 1; j <= b.Length; j++)
      t[i, j] = a[i - 1] == b[j - 1] ? t[i - 1, j - 1] + 1 : Math.Max(t[i - 1, j], t[i, j - 1]);
    var sb = new StringBuilder();
    for (int i = a.Length, j = b.Length; i > 0 && j > 0; ) {
      if (a[i - 1] == b[j - 1]) { sb.Insert(0, a[i - 1]); i--; j--; } else if (t[i - 1, j] >= t[i, j - 1]) i--; else j--;
    }
    return sb.ToString();
  }
  static int Edit(string a, string b) {
    var prev = new int[b.Length + 1]; var cur = new int[b.Length + 1];
    for (int j = 0; j <= b.Length; j++) prev[j] = j;
    for (int i = 1; i <= a.Length; i++) {
      cur[0] = i;
      for (int j = 1; j <= b.Length; j++) cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
      var t = prev; prev = cur; cur = t;
    }
    return prev[b.Length];
  }
  static int Knapsack(int[] w, int[] v, int cap, List<int> chosen) {
    int n = w.Length; var best = new int[n + 1][];
    for (int i = 0; i <= n; i++) best[i] = new int[cap + 1];
    for (int i = 1; i <= n; i++) for (int c = 0; c <= cap; c++) { best[i][c] = best[i - 1][c]; if (w[i - 1] <= c) best[i][c] = Math.Max(best[i][c], best[i - 1][c - w[i - 1]] + v[i - 1]); }
    for (int i = n, c = cap; i > 0; i--) if (best[i][c] != best[i - 1][c]) { chosen.Insert(0, i - 1); c -= w[i - 1]; }
    return best[n][cap];
  }
  static long Ways(int[] coins, int amount) { var ways = new long[amount + 1]; ways[0] = 1; foreach (int c in coins) for (int a = c; a <= amount; a++) ways[a] += ways[a - c]; return ways[amount]; }
  static int Fewest(int[] coins, int amount) {
    var f = new int[amount + 1]; for (int a = 1; a <= amount; a++) { f[a] = int.MaxValue; foreach (int c in coins) if (c <= a && f[a - c] != int.MaxValue) f[a] = Math.Min(f[a], f[a - c] + 1); }
    return f[amount] == int.MaxValue ? -1 : f[amount];
  }
  static List<int> Lis(int[] xs) {
    var tails = new List<int>(); var tailIdx = new List<int>(); var prev = new int[xs.Length];
    for (int i = 0; i < xs.Length; i++) {
      int lo = 0, hi = tails.Count; while (lo < hi) { int mid = (lo + hi) / 2; if (tails[mid] < xs[i]) lo = mid + 1; else hi = mid; }
      prev[i] = lo > 0 ? tailIdx[lo - 1] : -1;
      if (lo == tails.Count) { tails.Add(xs[i]); tailIdx.Add(i); } else { tails[lo] = xs[i]; tailIdx[lo] = i; }
    }
    var res = new List<int>(); for (int k = tailIdx[tailIdx.Count - 1]; k >= 0; k = prev[k]) res.Insert(0, xs[k]);
    return res;
  }
  static string Chain(int[] dims) {
    int n = dims.Length - 1; var m = new long[n, n]; var s = new int[n, n];
    for (int len = 2; len <= n; len++) for (int i = 0; i + len - 1 < n; i++) {
      int j = i + len - 1; m[i, j] = long.MaxValue;
      for (int k = i; k < j; k++) { long cost = m[i, k] + m[k + 1, j] + (long)dims[i] * dims[k + 1] * dims[j + 1]; if (cost < m[i, j]) { m[i, j] = cost; s[i, j] = k; } }
    }
    return Paren(s, 0, n - 1) + " = " + m[0, n - 1];
  }
  static string Paren(int[,] s, int i, int j) { return i == j ? ((char)('A' + i)).ToString() : "(" + Paren(s, i, s[i, j]) + Paren(s, s[i, j] + 1, j) + ")"; }
  static long GridPaths(string[] grid) {
    int h = grid.Length, w = grid[0].Length; var p = new long[w];
    p[0] = 1;
    for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) { if (grid[r][c] == '#') p[c] = 0; else if (c > 0) p[c] += p[c - 1]; }
    return p[w - 1];
  }
  static void Main() {
    foreach (var pair in new[] { new[] { "AGGTAB", "GXTXAYB" }, new[] { "thisisatest", "testing123testing" }, new[] { "abc", "xyz" } })
      Console.WriteLine("LCS({0}, {1}) = \"{2}\"; edit distance {3}", pair[0], pair[1], Lcs(pair[0], pair[1]), Edit(pair[0], pair[1]));
    Console.WriteLine("edit kitten/sitting " + Edit("kitten", "sitting") + ", flaw/lawn " + Edit("flaw", "lawn") + ", empty " + Edit("", "abc"));
    var chosen = new List<int>();
    Console.WriteLine("knapsack " + Knapsack(new[] { 12, 7, 11, 8, 9 }, new[] { 24, 13, 23, 15, 16 }, 26, chosen) + " items " + string.Join(",", chosen));
    Console.WriteLine("ways(100) " + Ways(new[] { 1, 5, 10, 25, 50 }, 100) + " ways(1000) " + Ways(new[] { 1, 2, 5, 10, 20, 50, 100, 200 }, 1000));
    Console.WriteLine("fewest(63) " + Fewest(new[] { 1, 5, 10, 21, 25 }, 63) + " fewest(7 with 2,4) " + Fewest(new[] { 2, 4 }, 7));
    Console.WriteLine("LIS " + string.Join(" ", Lis(new[] { 10, 9, 2, 5, 3, 7, 101, 18, 4, 8, 6, 12, 15 })));
    Console.WriteLine("chain " + Chain(new[] { 30, 35, 15, 5, 10, 20, 25 }));
    var open = new string[17]; for (int i = 0; i < open.Length; i++) open[i] = new string('.', 17);
    Console.WriteLine("paths " + GridPaths(new[] { "....", ".#..", "...#", "#..." }) + " " + GridPaths(open));
    Console.WriteLine("partition(50) " + Partitions(50) + " partition(200) " + Partitions(200));
  }
  static long Partitions(int n) { var p = new long[n + 1]; p[0] = 1; for (int k = 1; k <= n; k++) for (int i = k; i <= n; i++) p[i] += p[i - k]; return p[n]; }
}
