// Explicit-layout unions, stackalloc, fixed and pointer arithmetic, sizeof and Marshal.SizeOf,
// single-precision accumulation, libm results printed round-trip, locks and Interlocked across
// threads, tasks, continuations, Parallel.For, async/await and ThreadLocal.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using System.Linq;
using System.Collections.Generic;
using System.Collections.Concurrent;

[StructLayout(LayoutKind.Explicit)] struct Union { [FieldOffset(0)] public long L; [FieldOffset(0)] public double D; [FieldOffset(0)] public int Lo; [FieldOffset(4)] public int Hi; [FieldOffset(0)] public byte B0; }
struct Vec3 { public float X, Y, Z; public Vec3(float x, float y, float z) { X = x; Y = y; Z = z; } public float Dot(Vec3 o) => X * o.X + Y * o.Y + Z * o.Z; }
unsafe static class Program {
  static int counter, atomic;
  static object gate = new object();
  static void Main() {
    var u = new Union(); u.D = 1.0; Console.WriteLine(u.L.ToString("X") + " " + u.Hi.ToString("X") + " " + u.Lo + " " + u.B0); u.Lo = -1; Console.WriteLine(u.L);
    int* buf = stackalloc int[10]; for (int i = 0; i < 10; i++) buf[i] = i * i; int s = 0; for (int* q = buf; q < buf + 10; q++) s += *q; Console.WriteLine(s);
    int[] arr = { 1, 2, 3, 4 }; fixed (int* pa = arr) { *(pa + 2) = 30; pa[3] += 10; } Console.WriteLine(string.Join(",", arr));
    Vec3 v = new Vec3(1, 2, 3); Vec3* pv = &v; pv->Y = 5; Console.WriteLine(v.Dot(v) + " " + sizeof(Vec3) + " " + sizeof(Union) + " " + Marshal.SizeOf(typeof(Vec3)));
    byte[] bytes = BitConverter.GetBytes(0x01020304); fixed (byte* pb = bytes) Console.WriteLine(*(int*)pb + " " + pb[0]);
    float f = 0; for (int i = 0; i < 10; i++) f += 0.1f; Console.WriteLine(f + " " + (f == 1.0f) + " " + (double)f + " " + (0.1f + 0.2f) + " " + (float)(0.1 + 0.2) + " " + 16777217f);
    Console.WriteLine(Math.Sin(1.0).ToString("R") + " " + Math.Exp(1.5).ToString("R") + " " + Math.Log(10).ToString("R") + " " + Math.Atan2(1, 2).ToString("R") + " " + Math.Sqrt(2).ToString("R") + " " + Math.Cos(0.5) + " " + Math.Tan(1.2));
    var threads = Enumerable.Range(0, 4).Select(i => new Thread(() => { for (int k = 0; k < 1000; k++) { lock (gate) counter++; Interlocked.Increment(ref atomic); } })).ToList();
    threads.ForEach(t => t.Start()); threads.ForEach(t => t.Join()); Console.WriteLine(counter + " " + atomic);
    var tasks = Enumerable.Range(1, 5).Select(i => Task.Run(() => i * i)).ToArray(); Task.WaitAll(tasks); Console.WriteLine(tasks.Sum(t => t.Result));
    var bag = new ConcurrentDictionary<int, int>(); Parallel.For(0, 100, i => bag.AddOrUpdate(i % 7, 1, (k, old) => old + 1)); Console.WriteLine(string.Join(",", bag.OrderBy(kv => kv.Key).Select(kv => kv.Value)));
    var t2 = Task.Factory.StartNew(() => "hello").ContinueWith(t => t.Result.ToUpper()); Console.WriteLine(t2.Result);
    try { Task.Run(() => { throw new InvalidOperationException("boom"); }).Wait(); } catch (AggregateException e) { Console.WriteLine(e.InnerExceptions.Count + " " + e.InnerException.Message); }
    Console.WriteLine(Async.Compute().Result);
    var cts = new CancellationTokenSource(); cts.Cancel(); Console.WriteLine(cts.IsCancellationRequested + " " + cts.Token.IsCancellationRequested);
    var local = new ThreadLocal<int>(() => 7); Console.WriteLine(local.Value);
    int x = 5; Console.WriteLine(Interlocked.CompareExchange(ref x, 9, 5) + " " + x + " " + Interlocked.Exchange(ref x, 1) + " " + x + " " + Interlocked.Add(ref x, 10));
  }
}
static class Async { public static async Task<int> Compute() { int a = await Task.Run(() => 20); await Task.Yield(); int b = await Task.FromResult(22); return a + b; } }
