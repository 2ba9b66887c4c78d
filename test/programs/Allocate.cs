using System;
// Allocates ten megabytes in one-megabyte arrays, keeping them all alive.
class Allocate {
  static int Main() {
    byte[][] keep = new byte[10][];
    for (int i = 0; i < keep.Length; i++) { keep[i] = new byte[1 << 20]; keep[i][i] = (byte)i; }
    int sum = 0; for (int i = 0; i < keep.Length; i++) sum += keep[i][i];
    Console.WriteLine(sum);
    return sum;
  }
}
