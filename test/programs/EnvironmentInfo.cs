// The environment a program sees: clocks and Stopwatch, processor count, platform, command
// line, machine and user names, the process id, seeded Random, Guid and Version parsing, UTC
// time zone, Uri, GC queries, and Environment.Exit with a code.
using System;
using System.Diagnostics;
using System.Threading;
using System.Collections.Generic;
using System.Linq;
static class Program {
  static void Main(string[] args) {
    var sw = Stopwatch.StartNew(); Thread.Sleep(5); sw.Stop(); Console.WriteLine(sw.ElapsedMilliseconds >= 4);
    Console.WriteLine(DateTime.Now.Year > 2000); Console.WriteLine(DateTime.UtcNow > new DateTime(2020, 1, 1)); Console.WriteLine(Environment.TickCount != 0 || true);
    Console.WriteLine(Environment.ProcessorCount > 0); Console.WriteLine(Environment.NewLine.Length); Console.WriteLine(Environment.OSVersion.Platform);
    Console.WriteLine(Environment.GetCommandLineArgs().Length + " " + args.Length); Console.WriteLine(Environment.Is64BitProcess + " " + IntPtr.Size);
    Console.WriteLine(Environment.MachineName.Length > 0); Console.WriteLine(Environment.UserName.Length > 0); Console.WriteLine(Environment.CurrentDirectory.Length > 0);
    Console.WriteLine(Process.GetCurrentProcess().Id > 0);
    var r = new Random(12345); Console.WriteLine(r.Next() + " " + r.Next(100) + " " + r.NextDouble().ToString("F6") + " " + r.Next(5, 10));
    var bytes = new byte[4]; r.NextBytes(bytes); Console.WriteLine(string.Join(",", bytes));
    Console.WriteLine(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e").ToString("N") + " " + new Guid("0f8fad5bd9cb469fa16570867728950e").ToByteArray()[0]);
    Console.WriteLine(TimeZoneInfo.Utc.Id + " " + DateTimeOffset.FromUnixTimeSeconds(1000000000).ToString("u"));
    Console.WriteLine(Version.Parse("1.2.3.4").Minor + " " + new Version(2, 0) .CompareTo(new Version(1, 9)));
    Console.WriteLine(Uri.EscapeDataString("a b&c") + " " + new Uri("http://example.com:8080/path?q=1").Port);
    var list = Enumerable.Range(0, 1000000).Select(i => i % 7).ToList(); Console.WriteLine(list.Count(x => x == 3));
    Console.WriteLine(GC.GetTotalMemory(false) > 0); GC.Collect(); GC.WaitForPendingFinalizers(); Console.WriteLine(GC.CollectionCount(0) >= 0);
    Environment.Exit(3);
  }
}
