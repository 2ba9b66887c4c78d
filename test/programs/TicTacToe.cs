using System;
using System.Collections.Generic;
// Tic-tac-toe with minimax and alpha-beta pruning: the computer plays both sides from several
// openings (always a draw with perfect play), counts evaluated positions, and solves a few
// mid-game positions.
class Board {
  readonly char[] c = "         ".ToCharArray();
  static readonly int[][] Lines = { new[] { 0, 1, 2 }, new[] { 3, 4, 5 }, new[] { 6, 7, 8 }, new[] { 0, 3, 6 }, new[] { 1, 4, 7 }, new[] { 2, 5, 8 }, new[] { 0, 4, 8 }, new[] { 2, 4, 6 } };
  public static int Evaluated;
  public Board() { }
  public Board(string s) { c = s.ToCharArray(); }
  public char Winner() { foreach (var l in Lines) if (c[l[0]] != ' ' && c[l[0]] == c[l[1]] && c[l[1]] == c[l[2]]) return c[l[0]]; return ' '; }
  public bool Full { get { return Array.IndexOf(c, ' ') < 0; } }
  public void Play(int i, char p) { if (c[i] != ' ') throw new InvalidOperationException("square " + i + " is taken"); c[i] = p; }
  int Minimax(char p, int alpha, int beta, int depth) {
    Evaluated++;
    char w = Winner();
    if (w == 'X') return 10 - depth;
    if (w == 'O') return depth - 10;
    if (Full) return 0;
    int best = p == 'X' ? int.MinValue : int.MaxValue;
    for (int i = 0; i < 9; i++) {
      if (c[i] != ' ') continue;
      c[i] = p; int v = Minimax(p == 'X' ? 'O' : 'X', alpha, beta, depth + 1); c[i] = ' ';
      if (p == 'X') { best = Math.Max(best, v); alpha = Math.Max(alpha, v); } else { best = Math.Min(best, v); beta = Math.Min(beta, v); }
      if (beta <= alpha) break;
    }
    return best;
  }
  public int BestMove(char p) {
    int bestI = -1, bestV = p == 'X' ? int.MinValue : int.MaxValue;
    for (int i = 0; i < 9; i++) {
      if (c[i] != ' ') continue;
      c[i] = p; int v = Minimax(p == 'X' ? 'O' : 'X', int.MinValue, int.MaxValue, 1); c[i] = ' ';
      if (p == 'X' ? v > bestV : v < bestV) { bestV = v; bestI = i; }
    }
    return bestI;
  }
  public override string ToString() { return string.Format(" {0}|{1}|{2}\n-+-+-\n {3}|{4}|{5}\n-+-+-\n {6}|{7}|{8}", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]).Replace(' ', '.'); }
}
class TicTacToe {
  static void Main() {
    foreach (int opening in new[] { 4, 0, 1 }) {
      var b = new Board(); b.Play(opening, 'X'); char turn = 'O'; var moves = new List<int> { opening };
      Board.Evaluated = 0;
      while (b.Winner() == ' ' && !b.Full) { int m = b.BestMove(turn); b.Play(m, turn); moves.Add(m); turn = turn == 'X' ? 'O' : 'X'; }
      Console.WriteLine("opening {0}: moves {1}, result {2}, positions {3}", opening, string.Join(",", moves), b.Winner() == ' ' ? "draw" : b.Winner() + " wins", Board.Evaluated);
    }
    foreach (var pos in new[] { "XX OO    ", "X O  O  X", "OX  X    ", "XOXOXO   " }) {
      var b = new Board(pos); int xs = 0, os = 0; foreach (char ch in pos) { if (ch == 'X') xs++; if (ch == 'O') os++; }
      char turn = xs > os ? 'O' : 'X';
      Console.WriteLine("[{0}] {1} to move plays {2}", pos.Replace(' ', '.'), turn, b.BestMove(turn));
    }
    var final = new Board("XOX OXO X"); Console.WriteLine(final + "\nwinner: [" + final.Winner() + "]");
    try { final.Play(0, 'O'); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
  }
}
