// Text handling through the class library: seeded Random, culture-sensitive sorting and
// comparison, array helpers, StringBuilder edits, character classes, splitting and padding.
using System; using System.Collections.Generic; using System.Text;
class Text { static void Main() {
  var rnd = new Random(42); for (int i = 0; i < 5; i++) Console.Write(rnd.Next(100) + " "); Console.WriteLine(); Console.WriteLine(rnd.NextDouble());
  var words = new List<string> { "banana", "Apple", "cherry", "apple", "Banana", "date10", "date2", "a-b", "ab" }; words.Sort(); Console.WriteLine(string.Join(" ", words));
  Console.WriteLine(string.Compare("a", "B") + " " + string.Compare("a", "A") + " " + "abc".CompareTo("abd") + " " + string.CompareOrdinal("a", "B"));
  int[] a = { 4, 2, 7 }; Array.Reverse(a); Console.WriteLine(a[0] + " " + Array.IndexOf(a, 2));
  var sb = new StringBuilder("hello"); sb.Insert(0, "[").Append(']').Replace('l', 'L'); Console.WriteLine(sb);
  Console.WriteLine(char.IsUpper('Q') + " " + char.IsWhiteSpace(' ') + " " + char.IsPunctuation('!') + " " + (int)char.GetNumericValue('7'));
  Console.WriteLine("a,b;c".Split(',', ';').Length + " " + "Hello World".ToLowerInvariant() + " " + "abc".Contains("bc") + " " + "  x ".TrimStart() + "|");
  Console.WriteLine(String.Join("|", "one two  three".Split(new[] {' '}, StringSplitOptions.RemoveEmptyEntries)));
  Console.WriteLine("abcdef".LastIndexOf('d') + " " + "abc".EndsWith("bc") + " " + "x".Equals("X", StringComparison.OrdinalIgnoreCase));
  Console.WriteLine(new string('*', 5) + " " + "ab".PadRight(4, '-') + "|");
} }
