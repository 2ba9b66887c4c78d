// Peer for the IL benchmark (test/bench/il.ts): Mono.Cecil reading every method body of an
// assembly with its instructions and exception handlers, warm, in process. Prints the median
// milliseconds of the timed runs and the instruction count.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using Mono.Cecil;

static class CecilBodyBench {
  static int ReadAll(string path) {
    var module = ModuleDefinition.ReadModule(path);
    int n = 0;
    foreach (var t in module.GetTypes())
      foreach (var m in t.Methods)
        // Reading Body decodes the header, the instructions and the exception handlers.
        if (m.HasBody) n += m.Body.Instructions.Count;
    return n;
  }

  static void Main(string[] args) {
    int count = 0;
    for (int i = 0; i < 3; i++) count = ReadAll(args[0]);
    var runs = new List<double>();
    for (int i = 0; i < 7; i++) {
      var sw = Stopwatch.StartNew();
      ReadAll(args[0]);
      runs.Add(sw.Elapsed.TotalMilliseconds);
    }
    runs.Sort();
    Console.WriteLine("{0} {1}", runs[runs.Count / 2], count);
  }
}
