using System;
using System.Text;
// Matrix operations on double[,]: multiplication, transpose, determinant and inverse by
// Gaussian elimination with partial pivoting, solving a linear system, identity checks,
// powers of a Fibonacci matrix with long[,], and printing with fixed formats.
class Matrix {
  readonly double[,] a; public readonly int N, M;
  public Matrix(int n, int m) { a = new double[n, m]; N = n; M = m; }
  public Matrix(double[,] src) { N = src.GetLength(0); M = src.GetLength(1); a = (double[,])src.Clone(); }
  public double this[int i, int j] { get { return a[i, j]; } set { a[i, j] = value; } }
  public static Matrix Identity(int n) { var r = new Matrix(n, n); for (int i = 0; i < n; i++) r[i, i] = 1; return r; }
  public static Matrix operator *(Matrix x, Matrix y) {
    if (x.M != y.N) throw new ArgumentException(string.Format("shapes {0}x{1} and {2}x{3} do not multiply", x.N, x.M, y.N, y.M));
    var r = new Matrix(x.N, y.M);
    for (int i = 0; i < x.N; i++) for (int j = 0; j < y.M; j++) { double s = 0; for (int k = 0; k < x.M; k++) s += x[i, k] * y[k, j]; r[i, j] = s; }
    return r;
  }
  public Matrix Transpose() { var r = new Matrix(M, N); for (int i = 0; i < N; i++) for (int j = 0; j < M; j++) r[j, i] = a[i, j]; return r; }
  public double Determinant() {
    var m = new Matrix(a); double det = 1;
    for (int c = 0; c < N; c++) {
      int p = c; for (int r = c + 1; r < N; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[p, c])) p = r;
      if (m[p, c] == 0) return 0;
      if (p != c) { m.Swap(p, c); det = -det; }
      det *= m[c, c];
      for (int r = c + 1; r < N; r++) { double f = m[r, c] / m[c, c]; for (int k = c; k < N; k++) m[r, k] -= f * m[c, k]; }
    }
    return det;
  }
  void Swap(int r1, int r2) { for (int k = 0; k < M; k++) { double t = a[r1, k]; a[r1, k] = a[r2, k]; a[r2, k] = t; } }
  public Matrix Inverse() {
    var m = new Matrix(a); var inv = Identity(N);
    for (int c = 0; c < N; c++) {
      int p = c; for (int r = c + 1; r < N; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[p, c])) p = r;
      if (Math.Abs(m[p, c]) < 1e-12) throw new InvalidOperationException("matrix is singular");
      m.Swap(p, c); inv.Swap(p, c);
      double d = m[c, c]; for (int k = 0; k < N; k++) { m[c, k] /= d; inv[c, k] /= d; }
      for (int r = 0; r < N; r++) if (r != c) { double f = m[r, c]; for (int k = 0; k < N; k++) { m[r, k] -= f * m[c, k]; inv[r, k] -= f * inv[c, k]; } }
    }
    return inv;
  }
  public override string ToString() {
    var sb = new StringBuilder();
    for (int i = 0; i < N; i++) { sb.Append('['); for (int j = 0; j < M; j++) sb.Append(a[i, j].ToString("F3").PadLeft(9)); sb.Append(" ]\n"); }
    return sb.ToString();
  }
}
class MatrixOps {
  static long[,] Mul(long[,] x, long[,] y) { var r = new long[2, 2]; for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) r[i, j] = x[i, 0] * y[0, j] + x[i, 1] * y[1, j]; return r; }
  static long Fib(int n) { var r = new long[,] { { 1, 0 }, { 0, 1 } }; var b = new long[,] { { 1, 1 }, { 1, 0 } }; while (n > 0) { if ((n & 1) != 0) r = Mul(r, b); b = Mul(b, b); n >>= 1; } return r[0, 1]; }
  static void Main() {
    var A = new Matrix(new double[,] { { 4, -2, 1 }, { 3, 6, -4 }, { 2, 1, 8 } });
    var B = new Matrix(new double[,] { { 1, 2 }, { 0, 1 }, { -1, 3 } });
    Console.Write("A*B =\n" + (A * B));
    Console.Write("B^T =\n" + B.Transpose());
    Console.WriteLine("det A = " + A.Determinant().ToString("F6"));
    var inv = A.Inverse(); Console.Write("inv A =\n" + inv);
    var id = A * inv; double err = 0; for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) err = Math.Max(err, Math.Abs(id[i, j] - (i == j ? 1 : 0)));
    Console.WriteLine("max |A*inv - I| < 1e-12: " + (err < 1e-12));
    var rhs = new Matrix(new double[,] { { 12 }, { -25 }, { 32 } });
    var x = inv * rhs; Console.WriteLine("solution: {0:F4} {1:F4} {2:F4}", x[0, 0], x[1, 0], x[2, 0]);
    try { var bad = B * B; Console.WriteLine(bad); } catch (ArgumentException e) { Console.WriteLine(e.Message); }
    try { new Matrix(new double[,] { { 1, 2 }, { 2, 4 } }).Inverse(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    var h = new Matrix(5, 5); for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) h[i, j] = 1.0 / (i + j + 1);
    Console.WriteLine("det Hilbert(5) = " + h.Determinant().ToString("E6"));
    Console.WriteLine("fib(90) = " + Fib(90) + ", fib(10) = " + Fib(10));
    var rot = new Matrix(new double[,] { { Math.Cos(Math.PI / 6), -Math.Sin(Math.PI / 6) }, { Math.Sin(Math.PI / 6), Math.Cos(Math.PI / 6) } });
    var p = Matrix.Identity(2); for (int i = 0; i < 12; i++) p = p * rot;
    Console.Write("rotation^12 =\n" + p);
    int[,] grid = new int[4, 5]; for (int i = 0; i < 4; i++) for (int j = 0; j < 5; j++) grid[i, j] = (i + 1) * (j + 2) % 7;
    int[] rowSums = new int[4], colSums = new int[5];
    for (int i = 0; i < 4; i++) for (int j = 0; j < 5; j++) { rowSums[i] += grid[i, j]; colSums[j] += grid[i, j]; }
    Console.WriteLine(string.Join(",", rowSums) + " | " + string.Join(",", colSums) + " | rank " + grid.Rank + " len " + grid.Length + " dims " + grid.GetLength(0) + "x" + grid.GetLength(1));
  }
}
