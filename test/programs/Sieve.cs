using System;
using System.Diagnostics;
// Sieve of Eratosthenes (compute-bound, bool[] and int arithmetic): counts primes below N,
// repeated R times. Arguments: N R (defaults small). The kernel's time (after a warm-up run
// that compiles it) goes to stderr.
class Sieve {
  static int Count(int n) {
    var composite = new bool[n + 1];
    int count = 0;
    for (int i = 2; i <= n; i++) {
      if (composite[i]) continue;
      count++;
      for (long j = (long)i * i; j <= n; j += i) composite[j] = true;
    }
    return count;
  }
  static void Main(string[] args) {
    int n = args.Length > 0 ? int.Parse(args[0]) : 100000;
    int reps = args.Length > 1 ? int.Parse(args[1]) : 3;
    Count(1000); // compiles the kernel before it is timed
    // The stopwatch's own methods are compiled on first use: use them once before timing.
    var warmup = Stopwatch.StartNew(); warmup.Stop(); if (warmup.Elapsed.TotalMilliseconds < 0) return;
    var sw = Stopwatch.StartNew();
    int c = 0;
    for (int r = 0; r < reps; r++) c = Count(n);
    sw.Stop();
    Console.WriteLine("primes below {0}: {1}", n, c);
    foreach (int k in new[] { 10, 100, 1000, 10000 }) Console.Write(Count(k) + " ");
    Console.WriteLine();
    Console.Error.WriteLine("kernel-ms " + sw.Elapsed.TotalMilliseconds.ToString("F1"));
  }
}
