using System;
using System.Threading;
// An exception a worker thread does not handle ends the process (exit code 1) before the main
// thread prints again.
class ThreadCrash {
  static void Main() {
    Console.WriteLine("starting");
    var t = new Thread(() => { Console.WriteLine("worker"); throw new InvalidOperationException("in worker"); });
    t.Start();
    t.Join();
    Console.WriteLine("after join");
  }
}
