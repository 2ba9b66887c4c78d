using System;
using System.Text;
// A Sudoku solver: constraint bitmasks per row, column and box, backtracking on the cell with
// the fewest candidates; solves three puzzles, validates the solutions and counts the guesses.
class Sudoku {
  readonly int[] cells = new int[81];
  readonly int[] rows = new int[9], cols = new int[9], boxes = new int[9];
  public int Guesses;
  public Sudoku(string puzzle) {
    for (int i = 0; i < 81; i++) {
      char c = puzzle[i];
      if (c >= '1' && c <= '9') { if (!Place(i, c - '0')) throw new ArgumentException("conflict at cell " + i); }
    }
  }
  static int Box(int i) { return i / 27 * 3 + i % 9 / 3; }
  bool Place(int i, int d) {
    int bit = 1 << d;
    if (((rows[i / 9] | cols[i % 9] | boxes[Box(i)]) & bit) != 0) return false;
    cells[i] = d; rows[i / 9] |= bit; cols[i % 9] |= bit; boxes[Box(i)] |= bit;
    return true;
  }
  void Remove(int i) { int bit = ~(1 << cells[i]); rows[i / 9] &= bit; cols[i % 9] &= bit; boxes[Box(i)] &= bit; cells[i] = 0; }
  static int PopCount(int x) { int n = 0; while (x != 0) { x &= x - 1; n++; } return n; }
  public bool Solve() {
    int best = -1, bestCount = 10, bestMask = 0;
    for (int i = 0; i < 81; i++) {
      if (cells[i] != 0) continue;
      int mask = ~(rows[i / 9] | cols[i % 9] | boxes[Box(i)]) & 0x3FE;
      int n = PopCount(mask);
      if (n == 0) return false;
      if (n < bestCount) { best = i; bestCount = n; bestMask = mask; if (n == 1) break; }
    }
    if (best < 0) return true;
    for (int d = 1; d <= 9; d++) {
      if ((bestMask & (1 << d)) == 0) continue;
      if (bestCount > 1) Guesses++;
      Place(best, d);
      if (Solve()) return true;
      Remove(best);
    }
    return false;
  }
  public bool Valid() {
    for (int k = 0; k < 9; k++) if (rows[k] != 0x3FE || cols[k] != 0x3FE || boxes[k] != 0x3FE) return false;
    return true;
  }
  public override string ToString() {
    var sb = new StringBuilder();
    for (int r = 0; r < 9; r++) {
      if (r % 3 == 0 && r > 0) sb.Append("------+-------+------\n");
      for (int c = 0; c < 9; c++) { if (c % 3 == 0 && c > 0) sb.Append("| "); sb.Append(cells[r * 9 + c]).Append(c == 8 ? "" : " "); }
      sb.Append('\n');
    }
    return sb.ToString();
  }
}
class SudokuSolver {
  static void Main() {
    string[] puzzles = {
      "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79",
      "..9748...7.........2.1.9.....7...24..64.1.59..98...3.....8.3.2.........6...2759..",
      "8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..",
    };
    foreach (var p in puzzles) {
      var s = new Sudoku(p);
      bool ok = s.Solve();
      Console.WriteLine("solved: {0}, valid: {1}, guesses: {2}", ok, s.Valid(), s.Guesses);
      Console.Write(s);
    }
    try { new Sudoku("55" + new string('.', 79)); } catch (ArgumentException e) { Console.WriteLine(e.Message); }
    var impossible = new Sudoku("12345678." + "........9" + new string('.', 63));
    Console.WriteLine("impossible solved: " + impossible.Solve());
  }
}
