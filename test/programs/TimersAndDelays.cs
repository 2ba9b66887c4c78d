// Timers and delays: Task.Delay in async methods and loops, the order in which delays of
// different lengths complete, WhenAny/WhenAll over delays, a one-shot and a periodic Timer,
// Timer.Change and Dispose, and a delay cancelled by a CancellationTokenSource.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
static class Program {
  static async Task<string> Later(string s, int ms) { await Task.Delay(ms); return s; }
  static async Task<int> Countdown(int n) { int sum = 0; for (int i = n; i > 0; i--) { await Task.Delay(5); sum += i; } return sum; }
  static void Main() {
    Console.WriteLine(Later("hello", 20).Result);
    Console.WriteLine(Countdown(5).Result);
    var order = new List<string>(); var gate = new object();
    var tasks = new[] { 60, 10, 35 }.Select(ms => Later("d" + ms, ms).ContinueWith(t => { lock (gate) order.Add(t.Result); })).ToArray();
    Task.WaitAll(tasks); Console.WriteLine(string.Join(",", order));
    Console.WriteLine(Task.WhenAny(Later("slow", 80), Later("fast", 5)).Result.Result);
    Console.WriteLine(string.Join("+", Task.WhenAll(Later("a", 15), Later("b", 5)).Result));
    var fired = new ManualResetEventSlim(); int shots = 0;
    using (var once = new Timer(_ => { Interlocked.Increment(ref shots); fired.Set(); }, null, 20, Timeout.Infinite)) { fired.Wait(); Thread.Sleep(50); }
    Console.WriteLine("one-shot fired " + shots + " time(s)");
    int ticks = 0; var periodic = new Timer(_ => Interlocked.Increment(ref ticks), null, 0, 5);
    Thread.Sleep(100); periodic.Change(Timeout.Infinite, Timeout.Infinite); int frozen = ticks; Thread.Sleep(40);
    Console.WriteLine("periodic ticked: " + (frozen >= 3) + ", stopped: " + (ticks == frozen)); periodic.Dispose();
    var cts = new CancellationTokenSource(); var d = Task.Delay(10000, cts.Token); cts.Cancel();
    try { d.Wait(); } catch (AggregateException e) { Console.WriteLine(e.InnerException.GetType().Name + " " + d.IsCanceled); }
    var cts2 = new CancellationTokenSource(30); try { Task.Delay(5000, cts2.Token).Wait(); } catch (AggregateException e) { Console.WriteLine("timed cancel: " + e.InnerException.GetType().Name); }
    Console.WriteLine("done");
  }
}
