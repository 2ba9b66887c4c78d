using System;
using System.Threading;
// Two threads that take turns through a pair of events need both to be runnable at once;
// threads run one at a time here, so the first wait no running thread can end stops the
// program with one "not supported" line and exit code 1 (never a hang).
class PingPong {
  static void Main() {
    var ping = new AutoResetEvent(false);
    var pong = new AutoResetEvent(false);
    var t = new Thread(() => { for (int i = 0; i < 3; i++) { ping.WaitOne(); Console.WriteLine("pong " + i); pong.Set(); } });
    t.Start();
    for (int i = 0; i < 3; i++) { Console.WriteLine("ping " + i); ping.Set(); pong.WaitOne(); }
    t.Join();
  }
}
