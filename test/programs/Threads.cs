using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
// Threads, the thread pool, tasks, async methods, Parallel and PLINQ, events, monitors, thread
// ids and states and [ThreadStatic], in a program whose output does not depend on timing.
class Threads {
  static int counter; static readonly object counterGate = new object();
  static void Work(object n) { for (int i = 0; i < 1000 * (int)n; i++) lock (counterGate) counter++; }
  [ThreadStatic] static int perThread;
  static async Task<int> ComputeAsync(int x) { await Task.Yield(); return x * 2; }
  static async Task<string> Chain() { var a = await ComputeAsync(5); var b = await Task.Run(() => a + 1); return "chain " + b; }
  static void Main() {
    Console.WriteLine(Thread.CurrentThread.ManagedThreadId);
    var named = new Thread(() => Console.WriteLine("in " + Thread.CurrentThread.ManagedThreadId + " " + Thread.CurrentThread.IsBackground + " " + Thread.CurrentThread.Name));
    named.Name = "worker"; Console.WriteLine(named.ManagedThreadId + " " + named.ThreadState); named.Start(); named.Join(); Console.WriteLine(named.ThreadState + " " + named.IsAlive);
    var workers = Enumerable.Range(1, 4).Select(i => new Thread(Work)).ToArray();
    for (int i = 0; i < workers.Length; i++) workers[i].Start(i + 1);
    foreach (var t in workers) t.Join();
    Console.WriteLine("counter " + counter);
    var bc = new BlockingCollection<int>();
    var consumer = new Thread(() => { int sum = 0; foreach (var i in bc.GetConsumingEnumerable()) sum += i; Console.WriteLine("consumed " + sum); });
    consumer.Start();
    for (int i = 1; i <= 10; i++) bc.Add(i);
    bc.CompleteAdding(); consumer.Join();
    var mre = new ManualResetEvent(false); int flag = 0;
    ThreadPool.QueueUserWorkItem(_ => { flag = 42; mre.Set(); }); mre.WaitOne(); Console.WriteLine("flag " + flag);
    var cd = new CountdownEvent(3); for (int i = 0; i < 3; i++) ThreadPool.QueueUserWorkItem(_ => cd.Signal()); cd.Wait(); Console.WriteLine("countdown done " + cd.CurrentCount);
    var dict = new ConcurrentDictionary<string, int>(); Parallel.ForEach(new[] { "a", "b", "a", "c", "a" }, w => dict.AddOrUpdate(w, 1, (k, v) => v + 1));
    Console.WriteLine(string.Join(",", dict.OrderBy(k => k.Key).Select(k => k.Key + "=" + k.Value)));
    var t1 = Task.Run(() => 1); var t2 = Task.Run(() => 2); Console.WriteLine("whenall " + Task.WhenAll(t1, t2).Result.Sum());
    var cont = Task.Run(() => 10).ContinueWith(t => t.Result * 3); Console.WriteLine("cont " + cont.Result);
    Console.WriteLine(Chain().Result);
    var cts = new CancellationTokenSource(); cts.Cancel();
    try { Task.Run(() => { cts.Token.ThrowIfCancellationRequested(); }, cts.Token).Wait(); } catch (AggregateException e) { Console.WriteLine("agg " + e.InnerExceptions.Count + " " + e.InnerException.GetType().Name); }
    try { Task.Run(() => { throw new InvalidOperationException("task failed"); }).Wait(); } catch (AggregateException e) { Console.WriteLine("agg " + e.InnerException.Message); }
    var tl = new ThreadLocal<int>(() => 7); Console.WriteLine("tl " + tl.Value);
    perThread = 5; var th = new Thread(() => { perThread = 9; Console.WriteLine("worker sees " + perThread); }); th.Start(); th.Join(); Console.WriteLine("main sees " + perThread);
    object gate = new object(); var q = new Queue<int>(); bool done = false;
    var prod = new Thread(() => { for (int i = 0; i < 5; i++) lock (gate) { q.Enqueue(i); Monitor.Pulse(gate); } lock (gate) { done = true; Monitor.PulseAll(gate); } });
    prod.Start(); int got = 0;
    lock (gate) { while (true) { while (q.Count == 0 && !done) Monitor.Wait(gate); if (q.Count == 0) break; got += q.Dequeue(); } }
    Console.WriteLine("monitor got " + got);
    var sem = new SemaphoreSlim(2); int inside = 0, maxInside = 0;
    var ts = Enumerable.Range(0, 4).Select(i => Task.Run(() => { sem.Wait(); var n = Interlocked.Increment(ref inside); maxInside = Math.Max(maxInside, n); Interlocked.Decrement(ref inside); sem.Release(); })).ToArray();
    Task.WaitAll(ts); Console.WriteLine("sem ok " + (maxInside <= 2));
    var results = new int[4]; Parallel.Invoke(() => results[0] = 1, () => results[1] = 2, () => results[2] = 3, () => results[3] = 4); Console.WriteLine(results.Sum());
    Console.WriteLine(Enumerable.Range(1, 100).AsParallel().Select(x => x * x).Sum());
    new Thread(() => Console.WriteLine("a foreground thread the runtime waits for")).Start();
  }
}
