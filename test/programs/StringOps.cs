using System;
using System.Text;
// String methods: search, slicing, case, trimming, padding, splitting, joining, comparison,
// replacement, formatting, verbatim literals and escapes.
class StringOps {
  static bool IsPalindrome(string s) {
    int i = 0, j = s.Length - 1;
    while (i < j) {
      while (i < j && !char.IsLetterOrDigit(s[i])) i++;
      while (i < j && !char.IsLetterOrDigit(s[j])) j--;
      if (char.ToLowerInvariant(s[i]) != char.ToLowerInvariant(s[j])) return false;
      i++; j--;
    }
    return true;
  }
  static string Reverse(string s) { char[] a = s.ToCharArray(); Array.Reverse(a); return new string(a); }
  static void Main() {
    string s = "  The Quick Brown Fox Jumps  ";
    Console.WriteLine("[" + s.Trim() + "][" + s.TrimStart() + "][" + s.TrimEnd() + "]");
    string t = s.Trim();
    Console.WriteLine(t.Length + " " + t.ToUpper() + " " + t.ToLower());
    Console.WriteLine(t.IndexOf('Q') + " " + t.IndexOf("Fox") + " " + t.LastIndexOf('o') + " " + t.IndexOf("cat") + " " + t.IndexOfAny(new[] { 'x', 'z' }));
    Console.WriteLine(t.Substring(4) + "|" + t.Substring(4, 5) + "|" + t.Remove(3) + "|" + t.Insert(3, " very"));
    Console.WriteLine(t.StartsWith("The") + " " + t.EndsWith("jumps") + " " + t.Contains("Brown") + " " + t.EndsWith("Jumps"));
    Console.WriteLine(t.Replace("o", "0").Replace(" ", "_") + " " + t.Replace('u', 'U'));
    string[] parts = "a,b,,c;d".Split(',', ';');
    Console.WriteLine(parts.Length + ": " + string.Join("|", parts));
    parts = "a,b,,c;d".Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries);
    Console.WriteLine(parts.Length + ": " + string.Join("|", parts));
    Console.WriteLine(string.Join("-", "one two  three".Split(new[] { ' ' }, 2)));
    Console.WriteLine("[" + "7".PadLeft(3, '0') + "][" + "ab".PadRight(5) + "][" + "xyz".PadLeft(2) + "]");
    Console.WriteLine(string.Compare("apple", "banana") + " " + string.Compare("b", "a") + " " + "abc".CompareTo("abc") + " " + string.CompareOrdinal("a", "B"));
    Console.WriteLine(string.Equals("Hello", "hello", StringComparison.OrdinalIgnoreCase) + " " + "Hello".Equals("hello"));
    Console.WriteLine(string.Concat("a", "b", "c", "d") + string.Concat(1, 2) + string.Concat(new object[] { 'x', 3.5, null, true }));
    Console.WriteLine(new string('=', 20));
    Console.WriteLine(IsPalindrome("A man, a plan, a canal: Panama") + " " + IsPalindrome("hello"));
    Console.WriteLine(Reverse("stressed") + " " + "racecar".ToCharArray().Length);
    string path = @"C:\temp\file.txt";
    Console.WriteLine(path + " " + path.Length + " " + path.Split('\\')[2]);
    Console.WriteLine("quote \" backslash \\ tab[\t] unicode \u0041\u00df");
    Console.WriteLine(string.IsNullOrEmpty("") + " " + string.IsNullOrEmpty(null) + " " + string.IsNullOrWhiteSpace("  \t") + " " + string.Empty.Length);
    string csv = "name=Ann;age=31;city=Oslo";
    foreach (string kv in csv.Split(';')) { int eq = kv.IndexOf('='); Console.Write(kv.Substring(0, eq).ToUpper() + ":" + kv.Substring(eq + 1) + " "); }
    Console.WriteLine();
    int vowels = 0; foreach (char c in t.ToLower()) if ("aeiou".IndexOf(c) >= 0) vowels++;
    Console.WriteLine("vowels " + vowels);
    Console.WriteLine("abc" == "a" + "bc");
    Console.WriteLine((object)"abc" == (object)string.Copy("abc"));
    Console.WriteLine("Mississippi".Replace("ss", "SS").IndexOf("SS", 4) + " " + "banana".Split('a').Length);
    Console.WriteLine(string.Format("{0} has {1} chars, first '{2}', last '{3}'", t, t.Length, t[0], t[t.Length - 1]));
    Console.WriteLine("x".Equals(null) + " " + "ab".GetType().Name + " " + "hello"[1]);
    char[] chars = { 'd', 'a', 'c', 'b' }; Array.Sort(chars); Console.WriteLine(new string(chars) + new string(chars, 1, 2));
    Console.WriteLine(string.Join(",", new[] { "z", "Apple", "apple", "Zebra", "mango" }.OrderByLength()));
    Console.WriteLine("ToCharArray".ToCharArray(2, 4));
    Console.WriteLine("Hello World".ToLowerInvariant().Trim('h', 'd') + "|" + "xxhixx".Trim('x') + "|" + "--a--".TrimEnd('-'));
  }
}
static class Ext {
  public static string[] OrderByLength(this string[] a) {
    var c = (string[])a.Clone();
    Array.Sort(c, (x, y) => x.Length != y.Length ? x.Length - y.Length : string.CompareOrdinal(x, y));
    return c;
  }
}
