using System;
using System.Diagnostics;
// Dense matrix multiplication of N x N double matrices stored as jagged arrays (i-k-j loop
// order), with a checksum of the product. Argument: N.
class MatMul {
  static double[][] Make(int n, int seed) {
    var m = new double[n][]; uint s = (uint)seed;
    for (int i = 0; i < n; i++) { m[i] = new double[n]; for (int j = 0; j < n; j++) { s = s * 1664525 + 1013904223; m[i][j] = (s >> 8) / 16777216.0 - 0.5; } }
    return m;
  }
  static double[][] Multiply(double[][] a, double[][] b) {
    int n = a.Length, p = b[0].Length, m = b.Length;
    var c = new double[n][];
    for (int i = 0; i < n; i++) {
      var ci = new double[p]; var ai = a[i];
      for (int k = 0; k < m; k++) { double aik = ai[k]; var bk = b[k]; for (int j = 0; j < p; j++) ci[j] += aik * bk[j]; }
      c[i] = ci;
    }
    return c;
  }
  static void Main(string[] args) {
    int n = args.Length > 0 ? int.Parse(args[0]) : 60;
    Multiply(Make(2, 3), Make(2, 4)); // compiles the kernel before it is timed
    var a = Make(n, 1); var b = Make(n, 2);
    // The stopwatch's own methods are compiled on first use: use them once before timing.
    var warmup = Stopwatch.StartNew(); warmup.Stop(); if (warmup.Elapsed.TotalMilliseconds < 0) return;
    var sw = Stopwatch.StartNew();
    var c = Multiply(a, b);
    sw.Stop();
    double trace = 0, sum = 0;
    for (int i = 0; i < n; i++) { trace += c[i][i]; for (int j = 0; j < n; j++) sum += c[i][j]; }
    Console.WriteLine("n={0} trace={1:F6} sum={2:F6} c[1][2]={3:F9}", n, trace, sum, c[1][2]);
    Console.Error.WriteLine("kernel-ms " + sw.Elapsed.TotalMilliseconds.ToString("F1"));
  }
}
