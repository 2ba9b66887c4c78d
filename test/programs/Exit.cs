using System;
class Exit {
  static void Main() {
    Console.WriteLine("exiting");
    Environment.Exit(5);
    Console.WriteLine("not reached");
  }
}
