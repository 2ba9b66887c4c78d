using System;
using System.Collections.Generic;
using System.Linq;
// A discrete-event simulation of a bank with tellers: customers arrive at random intervals
// (System.Random with a fixed seed), wait in a queue, are served; statistics per teller and
// waiting-time distribution. Also a Monte Carlo estimate of pi and a random walk.
class Customer { public int Id; public double Arrival, Start, Service; }
struct Event : IComparable<Event> {
  public double Time; public int Kind; public int Teller; public int Seq;
  public int CompareTo(Event o) { int c = Time.CompareTo(o.Time); return c != 0 ? c : Seq.CompareTo(o.Seq); }
}
class Simulation {
  static void Main() {
    var rng = new Random(42);
    Console.WriteLine("first draws: " + rng.Next(100) + " " + rng.Next(100) + " " + rng.Next(5, 10) + " " + rng.NextDouble().ToString("F6"));
    const int Tellers = 3; int seq = 0;
    var events = new SortedSet<Event>();
    var queue = new Queue<Customer>();
    var busy = new Customer[Tellers]; var served = new int[Tellers]; var busyTime = new double[Tellers];
    var done = new List<Customer>();
    double t = 0; int nextId = 1;
    for (int i = 0; i < 40; i++) { t += -Math.Log(1 - rng.NextDouble()) * 1.5; events.Add(new Event { Time = t, Kind = 0, Seq = seq++ }); }
    while (events.Count > 0) {
      var e = events.Min; events.Remove(e);
      if (e.Kind == 0) queue.Enqueue(new Customer { Id = nextId++, Arrival = e.Time, Service = 2 + rng.NextDouble() * 4 });
      else { var c = busy[e.Teller]; busy[e.Teller] = null; served[e.Teller]++; busyTime[e.Teller] += c.Service; done.Add(c); }
      for (int k = 0; k < Tellers && queue.Count > 0; k++) {
        if (busy[k] != null) continue;
        var c = queue.Dequeue(); c.Start = e.Time; busy[k] = c;
        events.Add(new Event { Time = e.Time + c.Service, Kind = 1, Teller = k, Seq = seq++ });
      }
    }
    double end = done.Max(c => c.Start + c.Service);
    Console.WriteLine("served {0} customers by {1:F2}", done.Count, end);
    for (int k = 0; k < Tellers; k++) Console.WriteLine("teller {0}: {1} customers, utilisation {2:P1}", k, served[k], busyTime[k] / end);
    var waits = done.Select(c => c.Start - c.Arrival).ToList();
    Console.WriteLine("wait avg {0:F3} max {1:F3} zero-wait {2}", waits.Average(), waits.Max(), waits.Count(w => w == 0));
    var buckets = waits.GroupBy(w => (int)w).OrderBy(g => g.Key);
    foreach (var g in buckets) Console.WriteLine("  {0}-{1} min: {2}", g.Key, g.Key + 1, new string('#', g.Count()));
    var r2 = new Random(7); int inside = 0, n = 20000;
    for (int i = 0; i < n; i++) { double x = r2.NextDouble(), y = r2.NextDouble(); if (x * x + y * y <= 1) inside++; }
    Console.WriteLine("pi ~ {0:F4} from {1} points", 4.0 * inside / n, n);
    var r3 = new Random(123); int pos = 0, maxPos = 0, minPos = 0;
    for (int i = 0; i < 1000; i++) { pos += r3.Next(2) == 0 ? -1 : 1; maxPos = Math.Max(maxPos, pos); minPos = Math.Min(minPos, pos); }
    Console.WriteLine("walk ends at {0}, range [{1}, {2}]", pos, minPos, maxPos);
    var bytes = new byte[8]; new Random(1).NextBytes(bytes); Console.WriteLine(BitConverter.ToString(bytes));
    var deck = Enumerable.Range(1, 10).ToArray(); var r4 = new Random(99);
    for (int i = deck.Length - 1; i > 0; i--) { int j = r4.Next(i + 1); int tmp = deck[i]; deck[i] = deck[j]; deck[j] = tmp; }
    Console.WriteLine("shuffled: " + string.Join(" ", deck));
  }
}
