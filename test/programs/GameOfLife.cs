using System;
using System.Text;
// Conway's Game of Life on a torus with bool[,] grids: a glider, a blinker and an R-pentomino
// evolve for a number of generations; population history, bounding box, and a hash of the
// final state.
class Life {
  bool[,] cells; readonly int h, w;
  public int Generation { get; private set; }
  public Life(int h, int w) { this.h = h; this.w = w; cells = new bool[h, w]; }
  public void Place(string[] pattern, int top, int left) {
    for (int r = 0; r < pattern.Length; r++) for (int c = 0; c < pattern[r].Length; c++) if (pattern[r][c] == 'O') cells[(top + r) % h, (left + c) % w] = true;
  }
  int Neighbours(int r, int c) {
    int n = 0;
    for (int dr = -1; dr <= 1; dr++) for (int dc = -1; dc <= 1; dc++) if ((dr != 0 || dc != 0) && cells[(r + dr + h) % h, (c + dc + w) % w]) n++;
    return n;
  }
  public void Step() {
    var next = new bool[h, w];
    for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) { int n = Neighbours(r, c); next[r, c] = n == 3 || (n == 2 && cells[r, c]); }
    cells = next; Generation++;
  }
  public int Population { get { int p = 0; foreach (bool b in cells) if (b) p++; return p; } }
  public string Render() {
    var sb = new StringBuilder();
    for (int r = 0; r < h; r++) { for (int c = 0; c < w; c++) sb.Append(cells[r, c] ? '#' : '.'); sb.Append('\n'); }
    return sb.ToString();
  }
  public ulong Hash() { ulong x = 1469598103934665603; for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) { x ^= cells[r, c] ? 1UL : 0UL; x *= 1099511628211; } return x; }
  public string Box() {
    int minR = h, maxR = -1, minC = w, maxC = -1;
    for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) if (cells[r, c]) { minR = Math.Min(minR, r); maxR = Math.Max(maxR, r); minC = Math.Min(minC, c); maxC = Math.Max(maxC, c); }
    return maxR < 0 ? "empty" : string.Format("rows {0}-{1}, cols {2}-{3}", minR, maxR, minC, maxC);
  }
}
class GameOfLife {
  static void Main() {
    var life = new Life(16, 32);
    life.Place(new[] { ".O.", "..O", "OOO" }, 1, 1);
    life.Place(new[] { "OOO" }, 12, 25);
    life.Place(new[] { ".OO", "OO.", ".O." }, 7, 14);
    Console.Write(life.Render());
    var history = new StringBuilder();
    for (int g = 0; g < 60; g++) { life.Step(); if (g % 5 == 4) history.Append(life.Population).Append(' '); }
    Console.WriteLine("populations: " + history.ToString().Trim());
    Console.Write(life.Render());
    Console.WriteLine("generation {0}, population {1}, {2}, hash {3:X16}", life.Generation, life.Population, life.Box(), life.Hash());
    var blinker = new Life(5, 5); blinker.Place(new[] { "OOO" }, 2, 1);
    ulong h0 = blinker.Hash(); blinker.Step(); ulong h1 = blinker.Hash(); blinker.Step();
    Console.WriteLine("blinker period 2: " + (blinker.Hash() == h0 && h1 != h0));
  }
}
