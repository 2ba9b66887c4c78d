using System;
using System.Diagnostics;
// The binary-trees benchmark (allocation-heavy): builds and checks complete binary trees of
// growing depth, a long-lived tree alongside. Argument: maximum depth.
class TreeNode {
  readonly TreeNode left, right;
  TreeNode(TreeNode l, TreeNode r) { left = l; right = r; }
  public static TreeNode Bottom(int depth) { return depth > 0 ? new TreeNode(Bottom(depth - 1), Bottom(depth - 1)) : new TreeNode(null, null); }
  public int Check() { return left == null ? 1 : 1 + left.Check() + right.Check(); }
}
class BinaryTrees {
  static void Main(string[] args) {
    int max = Math.Max(6, args.Length > 0 ? int.Parse(args[0]) : 10);
    TreeNode.Bottom(2).Check(); // compiles the kernel before it is timed
    // The stopwatch's own methods are compiled on first use: use them once before timing.
    var warmup = Stopwatch.StartNew(); warmup.Stop(); if (warmup.Elapsed.TotalMilliseconds < 0) return;
    var sw = Stopwatch.StartNew();
    Console.WriteLine("stretch tree of depth {0}\t check: {1}", max + 1, TreeNode.Bottom(max + 1).Check());
    var longLived = TreeNode.Bottom(max);
    for (int d = 4; d <= max; d += 2) {
      int iterations = 1 << (max - d + 4), check = 0;
      for (int i = 0; i < iterations; i++) check += TreeNode.Bottom(d).Check();
      Console.WriteLine("{0}\t trees of depth {1}\t check: {2}", iterations, d, check);
    }
    Console.WriteLine("long lived tree of depth {0}\t check: {1}", max, longLived.Check());
    sw.Stop();
    Console.Error.WriteLine("kernel-ms " + sw.Elapsed.TotalMilliseconds.ToString("F1"));
  }
}
