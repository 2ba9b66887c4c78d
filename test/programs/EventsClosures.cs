using System;
using System.Collections.Generic;
// Events and closures: an observable thermostat with typed event args, subscription and
// unsubscription, closures capturing loop variables and outer locals, delegates composed
// into pipelines, anonymous methods, and a retry helper taking lambdas.
class TemperatureChangedEventArgs : EventArgs {
  public double Old, New;
  public TemperatureChangedEventArgs(double o, double n) { Old = o; New = n; }
}
class Thermostat {
  double temp;
  public event EventHandler<TemperatureChangedEventArgs> Changed;
  public event Action<string> Alarm;
  public double Target = 21;
  public void Set(double t) {
    if (t == temp) return;
    var old = temp; temp = t;
    var h = Changed; if (h != null) h(this, new TemperatureChangedEventArgs(old, t));
    if (Math.Abs(t - Target) > 5 && Alarm != null) Alarm("temperature " + t + " is far from target " + Target);
  }
}
class EventsClosures {
  static Func<int, int> Compose(params Func<int, int>[] fs) { return x => { foreach (var f in fs) x = f(x); return x; }; }
  static Func<int> Counter(int start, int step) { int n = start - step; return () => n += step; }
  static T Retry<T>(Func<int, T> attempt, int max, Action<int, Exception> onError) {
    for (int i = 1; ; i++) {
      try { return attempt(i); }
      catch (Exception e) { onError(i, e); if (i == max) throw; }
    }
  }
  static void Main() {
    var t = new Thermostat();
    var log = new List<string>();
    EventHandler<TemperatureChangedEventArgs> logger = (s, e) => log.Add(string.Format("{0:F1}->{1:F1}", e.Old, e.New));
    t.Changed += logger;
    t.Changed += (s, e) => { if (e.New > e.Old) Console.WriteLine("warming to " + e.New); };
    t.Alarm += msg => Console.WriteLine("ALARM: " + msg);
    foreach (var x in new[] { 19.5, 20.0, 20.0, 27.5, 22.0 }) t.Set(x);
    t.Changed -= logger;
    t.Set(10);
    Console.WriteLine("log: " + string.Join(", ", log));
    var actions = new List<Action>();
    for (int i = 0; i < 3; i++) actions.Add(() => Console.Write("for" + i + " "));
    foreach (var s in new[] { "a", "b", "c" }) actions.Add(() => Console.Write("each" + s + " "));
    int shared = 0; for (int i = 0; i < 3; i++) { int copy = i; actions.Add(() => { shared += copy; Console.Write("copy" + copy + " "); }); }
    foreach (var a in actions) a();
    Console.WriteLine("shared=" + shared);
    var c1 = Counter(10, 5); var c2 = Counter(0, 1);
    Console.WriteLine(c1() + " " + c1() + " " + c2() + " " + c1() + " " + c2());
    var pipeline = Compose(x => x + 1, x => x * 10, x => x - 3);
    Console.WriteLine(pipeline(1) + " " + pipeline(-1) + " " + Compose()(7));
    Func<double, double> square = delegate (double d) { return d * d; };
    Func<double, Func<double, double>> adder = a => b => a + b;
    Console.WriteLine(square(1.5) + " " + adder(2)(3.5) + " " + adder(-1)(square(3)));
    Predicate<string> longWord = w => w.Length > 4;
    Comparison<string> byLast = (a, b) => a[a.Length - 1].CompareTo(b[b.Length - 1]);
    var words = new List<string> { "apple", "fig", "banana", "kiwi", "cherry" };
    words.Sort(byLast); Console.WriteLine(string.Join(" ", words) + " | " + string.Join(" ", words.FindAll(longWord)));
    int calls = 0;
    var result = Retry(i => { calls++; if (i < 3) throw new TimeoutException("try " + i); return "succeeded on " + i; }, 5, (i, e) => Console.WriteLine("  attempt " + i + " failed: " + e.Message));
    Console.WriteLine(result + " after " + calls + " calls");
    try { Retry<int>(i => { throw new InvalidOperationException("always " + i); }, 2, (i, e) => { }); }
    catch (InvalidOperationException e) { Console.WriteLine("gave up: " + e.Message); }
    Action<string> multi = s => Console.Write("[1:" + s + "]"); multi += s => Console.Write("[2:" + s + "]"); multi += multi;
    multi("x"); Console.WriteLine(" " + multi.GetInvocationList().Length);
    Func<int> last = () => 1; last += () => 2; Console.WriteLine(last());
  }
}
