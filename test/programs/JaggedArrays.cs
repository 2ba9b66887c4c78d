using System;
// Jagged arrays: Pascal's triangle, a ragged table of scores, transposition into a
// rectangular array, array utilities (Copy, Reverse, IndexOf, Resize, Clone).
class JaggedArrays {
  static long[][] Pascal(int n) {
    var rows = new long[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = new long[i + 1];
      rows[i][0] = rows[i][i] = 1;
      for (int j = 1; j < i; j++) rows[i][j] = rows[i - 1][j - 1] + rows[i - 1][j];
    }
    return rows;
  }
  static void Main() {
    var p = Pascal(12);
    foreach (var row in p) Console.WriteLine(string.Join(" ", row));
    Console.WriteLine(Pascal(60)[59][29]);
    int[][] scores = { new[] { 90, 85 }, new int[0], new[] { 70, 60, 50, 100 }, new[] { 88 } };
    for (int i = 0; i < scores.Length; i++) {
      int sum = 0, max = int.MinValue;
      foreach (int s in scores[i]) { sum += s; if (s > max) max = s; }
      Console.WriteLine("student {0}: n={1} sum={2} avg={3} max={4}", i, scores[i].Length, sum,
        scores[i].Length == 0 ? "-" : ((double)sum / scores[i].Length).ToString("F1"), scores[i].Length == 0 ? "-" : max.ToString());
    }
    string[][] words = new string[3][];
    words[0] = "the quick brown".Split(' ');
    words[1] = new[] { "fox" };
    words[2] = "jumps over the lazy dog".Split(' ');
    int total = 0; foreach (var w in words) total += w.Length;
    Console.WriteLine(total + " words, longest row " + words[2].Length);
    int[,] rect = new int[3, 4];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) rect[i, j] = i * 10 + j;
    int[][] t = new int[4][];
    for (int j = 0; j < 4; j++) { t[j] = new int[3]; for (int i = 0; i < 3; i++) t[j][i] = rect[i, j]; }
    foreach (var r in t) Console.WriteLine(string.Join(",", r));
    int[] arr = { 5, 3, 9, 1, 7 };
    int[] copy = (int[])arr.Clone(); copy[0] = 99;
    Array.Reverse(arr);
    Console.WriteLine(string.Join(" ", arr) + " | " + string.Join(" ", copy));
    Console.WriteLine(Array.IndexOf(arr, 9) + " " + Array.IndexOf(arr, 42) + " " + Array.LastIndexOf(copy, 7));
    Array.Resize(ref arr, 7); arr[6] = -1;
    Console.WriteLine(string.Join(" ", arr) + " len " + arr.Length);
    int[] dst = new int[10]; Array.Copy(arr, 1, dst, 3, 4);
    Console.WriteLine(string.Join("", dst));
    char[][] board = new char[3][];
    for (int i = 0; i < 3; i++) board[i] = "...".ToCharArray();
    board[1][1] = 'X'; board[0][2] = 'O'; board[2][0] = 'X';
    foreach (var r in board) Console.WriteLine(new string(r));
    object[] objs = { 1, "two", 3.0, null, new int[] { 4 } };
    foreach (var o in objs) Console.Write((o == null ? "null" : o.GetType().Name) + " ");
    Console.WriteLine();
    int[][][] cube = new int[2][][];
    for (int i = 0; i < 2; i++) { cube[i] = new int[2][]; for (int j = 0; j < 2; j++) cube[i][j] = new[] { i, j, i * j }; }
    Console.WriteLine(cube[1][1][2] + cube[1][0][0] + cube[0][1][1]);
  }
}
