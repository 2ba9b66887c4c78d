using System;
using System.Threading;
// Starting a second thread is not supported (programs run on one managed thread): the program
// stops there with one "not supported" line and exit code 1. Making a Thread object and
// sleeping are fine.
class ThreadStart {
  static void Main() {
    Thread.Sleep(1);
    var t = new Thread(() => Console.WriteLine("worker"));
    Console.WriteLine("made a thread");
    t.Start();
    t.Join();
    Console.WriteLine("joined");
  }
}
