using System;
using System.Collections.Generic;
using System.Linq;
// Reads text from standard input until end of file, then reports line, word and character
// counts and the most frequent words (a classic filter program).
class WordFrequency {
  static void Main() {
    int lines = 0, chars = 0; var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); var longest = "";
    string line;
    while ((line = Console.ReadLine()) != null) {
      lines++; chars += line.Length;
      foreach (var w in line.Split(new[] { ' ', '\t', ',', '.', ';', ':', '!', '?', '"', '(', ')' }, StringSplitOptions.RemoveEmptyEntries)) {
        int n; counts.TryGetValue(w, out n); counts[w] = n + 1;
        if (w.Length > longest.Length) longest = w;
      }
    }
    Console.WriteLine("lines {0}, words {1}, distinct {2}, characters {3}", lines, counts.Values.Sum(), counts.Count, chars);
    foreach (var kv in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.ToLowerInvariant(), StringComparer.Ordinal).Take(6)) Console.WriteLine("{0,-10}{1,3}", kv.Key.ToLowerInvariant(), kv.Value);
    Console.WriteLine("longest word: " + longest);
    Console.Write("echo of nothing: [" + Console.In.ReadLine() + "]\n");
  }
}
