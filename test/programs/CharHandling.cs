using System;
using System.Text;
// Characters: classification, case mapping, arithmetic on char codes, a Caesar cipher,
// run-length encoding, hex digits, char comparisons and conversions.
class CharHandling {
  static string Caesar(string s, int shift) {
    var sb = new StringBuilder(s.Length);
    foreach (char c in s) {
      if (c >= 'a' && c <= 'z') sb.Append((char)('a' + (c - 'a' + shift + 26) % 26));
      else if (c >= 'A' && c <= 'Z') sb.Append((char)('A' + (c - 'A' + shift + 26) % 26));
      else sb.Append(c);
    }
    return sb.ToString();
  }
  static string Rle(string s) {
    var sb = new StringBuilder();
    for (int i = 0; i < s.Length; ) {
      int j = i; while (j < s.Length && s[j] == s[i]) j++;
      sb.Append(j - i).Append(s[i]); i = j;
    }
    return sb.ToString();
  }
  static int HexValue(char c) {
    if (char.IsDigit(c)) return c - '0';
    c = char.ToLower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw new FormatException("not hex: " + c);
  }
  static void Main() {
    string sample = "Hello, World! 123 _tab\there ñ Ω";
    int letters = 0, digits = 0, spaces = 0, punct = 0, upper = 0, other = 0;
    foreach (char c in sample) {
      if (char.IsLetter(c)) { letters++; if (char.IsUpper(c)) upper++; }
      else if (char.IsDigit(c)) digits++;
      else if (char.IsWhiteSpace(c)) spaces++;
      else if (char.IsPunctuation(c)) punct++;
      else other++;
    }
    Console.WriteLine("letters {0} digits {1} spaces {2} punct {3} upper {4} other {5}", letters, digits, spaces, punct, upper, other);
    Console.WriteLine(char.ToUpper('a') + "" + char.ToLower('Q') + char.ToUpper('1') + char.ToUpperInvariant('ß') + char.ToUpper('ñ'));
    Console.WriteLine((int)'A' + " " + (char)97 + " " + ('a' + 1) + " " + (char)('a' + 1) + " " + ('z' - 'a') + " " + (int)char.MaxValue + " " + (int)char.MinValue);
    char ch = 'x'; ch++; ch += (char)1; Console.WriteLine(ch);
    Console.WriteLine(Caesar("Attack at Dawn, zebra!", 3) + " | " + Caesar(Caesar("Round Trip", 11), -11));
    Console.WriteLine(Rle("aaabccddddde") + " " + Rle("") + " " + Rle("z"));
    int v = 0; foreach (char c in "1aF3") v = v * 16 + HexValue(c); Console.WriteLine(v);
    try { HexValue('g'); } catch (FormatException e) { Console.WriteLine(e.Message); }
    Console.WriteLine(char.IsLetterOrDigit('_') + " " + char.IsSeparator(' ') + " " + char.IsSymbol('+') + " " + char.IsControl('\n') + " " + char.IsLower('a') + " " + char.IsNumber('5'));
    Console.WriteLine(char.GetNumericValue('7') + " " + char.GetNumericValue('x') + " " + char.IsDigit("a1", 1) + " " + char.IsSurrogate('\ud800'));
    Console.WriteLine('a'.CompareTo('b') + " " + 'b'.Equals('b') + " " + 'c'.ToString() + " " + char.Parse("Z") + " " + ('a' < 'b'));
    Console.WriteLine(char.GetUnicodeCategory('A') + " " + char.GetUnicodeCategory('1') + " " + char.GetUnicodeCategory(' ') + " " + char.GetUnicodeCategory('$'));
    var counts = new int[26];
    foreach (char c in "the quick brown fox jumps over the lazy dog".ToUpper()) if (c >= 'A' && c <= 'Z') counts[c - 'A']++;
    var sb = new StringBuilder();
    for (int i = 0; i < 26; i++) if (counts[i] > 1) sb.Append((char)('A' + i)).Append(counts[i]);
    Console.WriteLine(sb);
    char[] arr = "hello".ToCharArray(); arr[0] = char.ToUpper(arr[0]); Array.Reverse(arr);
    Console.WriteLine(new string(arr) + " " + arr.Length + " " + Array.IndexOf(arr, 'l'));
    Console.WriteLine(string.Concat('a', 'b') + " " + ('a' + 'b') + " " + "x" + 'y' + 'z');
    Console.WriteLine("\u0048\u0069 \x41 \t|" + '\'' + '\\' + '"');
    string title = "war and peace"; var tb = new StringBuilder(); bool start = true;
    foreach (char c in title) { tb.Append(start ? char.ToUpper(c) : c); start = c == ' '; }
    Console.WriteLine(tb);
  }
}
