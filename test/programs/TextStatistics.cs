using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
// Text statistics over an embedded passage: word frequencies, sentence and paragraph counts,
// average lengths, longest words, letter histogram, bigrams, readability estimate, a word wrap.
class TextStatistics {
  const string Text = @"It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair.

We had everything before us, we had nothing before us; we were all going direct to Heaven, we were all going direct the other way. In short, the period was so far like the present period, that some of its noisiest authorities insisted on its being received, for good or for evil, in the superlative degree of comparison only!

There were a king with a large jaw and a queen with a plain face, on the throne of England; there were a king with a large jaw and a queen with a fair face, on the throne of France. Was it clear? To the lords of the State preserves of loaves and fishes, it was clearer than crystal.";
  static int Syllables(string w) {
    int n = 0; bool prevVowel = false;
    foreach (char c in w.ToLowerInvariant()) { bool v = "aeiouy".IndexOf(c) >= 0; if (v && !prevVowel) n++; prevVowel = v; }
    if (w.EndsWith("e") && n > 1) n--;
    return Math.Max(1, n);
  }
  static IEnumerable<string> Wrap(string text, int width) {
    var line = new StringBuilder();
    foreach (var w in text.Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries)) {
      if (line.Length > 0 && line.Length + 1 + w.Length > width) { yield return line.ToString(); line.Clear(); }
      if (line.Length > 0) line.Append(' ');
      line.Append(w);
    }
    if (line.Length > 0) yield return line.ToString();
  }
  static void Main() {
    var paragraphs = Text.Split(new[] { "\n\n", "\r\n\r\n" }, StringSplitOptions.RemoveEmptyEntries);
    var sentences = Text.Split(new[] { '.', '!', '?' }, StringSplitOptions.RemoveEmptyEntries).Where(s => s.Trim().Length > 0).ToList();
    var words = new List<string>(); var sb = new StringBuilder();
    foreach (char c in Text) { if (char.IsLetter(c) || c == '\'') sb.Append(char.ToLowerInvariant(c)); else if (sb.Length > 0) { words.Add(sb.ToString()); sb.Clear(); } }
    if (sb.Length > 0) words.Add(sb.ToString());
    Console.WriteLine("characters {0}, letters {1}, words {2}, sentences {3}, paragraphs {4}", Text.Length, Text.Count(char.IsLetter), words.Count, sentences.Count, paragraphs.Length);
    Console.WriteLine("average word length {0:F3}, words per sentence {1:F2}", words.Average(w => w.Length), (double)words.Count / sentences.Count);
    var freq = new Dictionary<string, int>();
    foreach (var w in words) { int n; freq.TryGetValue(w, out n); freq[w] = n + 1; }
    Console.WriteLine("distinct words " + freq.Count);
    foreach (var kv in freq.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(8)) Console.WriteLine("  {0,-8} {1,3} {2}", kv.Key, kv.Value, new string('*', kv.Value));
    Console.WriteLine("longest: " + string.Join(", ", words.Distinct().OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Take(5)));
    Console.WriteLine("hapax legomena: " + freq.Count(kv => kv.Value == 1));
    var letters = new int[26]; foreach (char c in Text.ToLowerInvariant()) if (c >= 'a' && c <= 'z') letters[c - 'a']++;
    int max = letters.Max();
    for (int i = 0; i < 26; i += 2) Console.Write("{0}:{1,-4}", (char)('a' + i), letters[i]);
    Console.WriteLine("| most common '" + (char)('a' + Array.IndexOf(letters, max)) + "' " + max);
    var bigrams = new Dictionary<string, int>();
    for (int i = 1; i < words.Count; i++) { string k = words[i - 1] + " " + words[i]; int n; bigrams.TryGetValue(k, out n); bigrams[k] = n + 1; }
    Console.WriteLine("top bigrams: " + string.Join("; ", bigrams.Where(kv => kv.Value > 2).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + " x" + kv.Value)));
    int syl = words.Sum(w => Syllables(w));
    double flesch = 206.835 - 1.015 * words.Count / sentences.Count - 84.6 * syl / (double)words.Count;
    Console.WriteLine("syllables {0}, Flesch reading ease {1:F1}", syl, flesch);
    foreach (var line in Wrap(paragraphs[2], 48)) Console.WriteLine("| " + line.PadRight(48) + " |");
    var capitalised = Text.Split(' ', '\n').Where(t => t.Length > 0 && char.IsUpper(t[0])).Select(t => t.TrimEnd(',', '.', ';', '!', '?')).Distinct();
    Console.WriteLine("capitalised: " + string.Join(" ", capitalised));
    Console.WriteLine("vowel ratio {0:P1}", Text.Count(c => "aeiouAEIOU".IndexOf(c) >= 0) / (double)Text.Count(char.IsLetter));
  }
}
