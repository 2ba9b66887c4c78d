// Culture-sensitive and ordinal string ordering: List.Sort with the default, ordinal and
// case-insensitive comparers over case, accents, digits, punctuation, hyphens, ß and ligatures
// (which Mono expands), case mappings, searches with comparison options, Unicode categories
// and invariant-culture parsing and formatting.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
static class Program {
  static void Main() {
    var words = new List<string> { "b", "A", "a", "B", "_x", "-y", "10", "9", "é", "e", "E", "co-op", "coop", "Zebra", "zebra", "apple", "Apple", "ápple", "a b", "ab", "a-b", "", " ", "ß", "ss", "æ", "ae", "Ω", "ω", "1a", "a1" };
    var l1 = new List<string>(words); l1.Sort(); Console.WriteLine(string.Join("|", l1));
    var l2 = new List<string>(words); l2.Sort(StringComparer.Ordinal); Console.WriteLine(string.Join("|", l2));
    var l3 = new List<string>(words); l3.Sort(StringComparer.OrdinalIgnoreCase); Console.WriteLine(string.Join("|", l3));
    var l4 = words.OrderBy(w => w, StringComparer.InvariantCultureIgnoreCase).ToList(); Console.WriteLine(string.Join("|", l4));
    Console.WriteLine(string.Compare("a", "B") + " " + string.Compare("a", "A") + " " + string.Compare("co-op", "coop") + " " + "é".CompareTo("f") + " " + string.Compare("ß", "ss", StringComparison.InvariantCulture) + " " + string.Compare("A", "a", true));
    Console.WriteLine("Straße".ToUpper() + " " + "İ".ToLower().Length + " " + "ǅ".ToUpper() + " " + char.ToUpper('ß') + " " + "ΣΑΣ".ToLower() + " " + CultureInfo.CurrentCulture.Name + "|" + CultureInfo.InvariantCulture.Name + "|");
    Console.WriteLine("hello world".IndexOf("WORLD", StringComparison.OrdinalIgnoreCase) + " " + "abc".StartsWith("") + " " + "résumé".IndexOf("sum") + " " + "a\u0301".Length + " " + "Hello".EndsWith("LO", true, CultureInfo.InvariantCulture));
    foreach (var c in "aZ9 _-!é\t€") Console.Write(char.GetUnicodeCategory(c) + ",");
    Console.WriteLine();
    Console.WriteLine(double.Parse("1,234.5", NumberStyles.Any, CultureInfo.InvariantCulture) + " " + (0.5).ToString("P0", CultureInfo.InvariantCulture) + " " + DateTime.Parse("2020-03-04T05:06:07", CultureInfo.InvariantCulture).ToString("F", CultureInfo.InvariantCulture));
  }
}
