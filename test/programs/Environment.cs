using System;
// Process-level services: command line, exit code of a void Main, the (absent) collector.
class EnvironmentTest {
  static void Main(string[] args) {
    Console.WriteLine(GC.MaxGeneration);
    Console.WriteLine(GC.CollectionCount(0));
    GC.Collect();
    Console.WriteLine(Environment.ProcessorCount > 0);
    Console.WriteLine(Environment.NewLine.Length);
    string[] cl = Environment.GetCommandLineArgs();
    Console.WriteLine(cl.Length + " " + cl[cl.Length - 1]);
    Console.WriteLine(Environment.TickCount >= 0);
    Environment.ExitCode = 3 + args.Length;
  }
}
