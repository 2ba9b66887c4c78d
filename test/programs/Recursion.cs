using System;
using System.Collections.Generic;
using System.Text;
// Recursive algorithms: Fibonacci with memo, Ackermann, Towers of Hanoi, permutations,
// N-Queens, flood fill, mutual recursion.
class Recursion {
  static Dictionary<int, long> memo = new Dictionary<int, long>();
  static long Fib(int n) {
    if (n < 2) return n;
    long v;
    if (memo.TryGetValue(n, out v)) return v;
    v = Fib(n - 1) + Fib(n - 2);
    memo[n] = v;
    return v;
  }
  static int SlowFib(int n) { return n < 2 ? n : SlowFib(n - 1) + SlowFib(n - 2); }
  static int Ack(int m, int n) {
    if (m == 0) return n + 1;
    if (n == 0) return Ack(m - 1, 1);
    return Ack(m - 1, Ack(m, n - 1));
  }
  static int moves;
  static void Hanoi(int n, char from, char to, char via, StringBuilder log) {
    if (n == 0) return;
    Hanoi(n - 1, from, via, to, log);
    moves++;
    if (n >= 3) log.Append(n).Append(from).Append(to).Append(' ');
    Hanoi(n - 1, via, to, from, log);
  }
  static void Permute(char[] a, int k, List<string> out1) {
    if (k == a.Length) { out1.Add(new string(a)); return; }
    for (int i = k; i < a.Length; i++) {
      char t = a[k]; a[k] = a[i]; a[i] = t;
      Permute(a, k + 1, out1);
      t = a[k]; a[k] = a[i]; a[i] = t;
    }
  }
  static int Queens(int n, int row, int cols, int d1, int d2) {
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
      int a = 1 << c, b = 1 << (row + c), e = 1 << (row - c + n);
      if ((cols & a) != 0 || (d1 & b) != 0 || (d2 & e) != 0) continue;
      count += Queens(n, row + 1, cols | a, d1 | b, d2 | e);
    }
    return count;
  }
  static int Fill(char[][] g, int r, int c) {
    if (r < 0 || c < 0 || r >= g.Length || c >= g[r].Length || g[r][c] != '.') return 0;
    g[r][c] = '#';
    return 1 + Fill(g, r + 1, c) + Fill(g, r - 1, c) + Fill(g, r, c + 1) + Fill(g, r, c - 1);
  }
  static bool IsEven(int n) { return n == 0 || IsOdd(n - 1); }
  static bool IsOdd(int n) { return n != 0 && IsEven(n - 1); }
  static string Binary(int n) { return n < 2 ? n.ToString() : Binary(n / 2) + (n % 2); }
  static int Depth(int n) { return n == 0 ? 0 : 1 + Depth(n - 1); }
  static void Main() {
    Console.WriteLine(Fib(90));
    Console.WriteLine(SlowFib(24));
    Console.WriteLine(Ack(2, 3) + " " + Ack(3, 3));
    var log = new StringBuilder();
    Hanoi(5, 'A', 'C', 'B', log);
    Console.WriteLine(moves + " moves: " + log.ToString().Trim());
    var perms = new List<string>();
    Permute("abcd".ToCharArray(), 0, perms);
    Console.WriteLine(perms.Count + " " + string.Join(",", perms.GetRange(0, 8)));
    for (int n = 4; n <= 8; n++) Console.Write(Queens(n, 0, 0, 0, 0) + " ");
    Console.WriteLine();
    string[] map = { "..#....", ".##.##.", "#...#..", "..#.#.#" };
    var grid = new char[map.Length][];
    for (int i = 0; i < map.Length; i++) grid[i] = map[i].ToCharArray();
    Console.WriteLine("filled " + Fill(grid, 0, 0));
    foreach (var row in grid) Console.WriteLine(new string(row));
    Console.WriteLine(IsEven(100) + " " + IsOdd(77) + " " + Binary(1234) + " " + Depth(10000));
  }
}
