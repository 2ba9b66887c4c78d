using System;
using System.Text;
// StringBuilder: appends of every kind, insert, remove, replace, indexer, capacity growth,
// AppendFormat and AppendLine; builds a text report.
class Builder {
  static string Table(string[] names, int[] qty, double[] price) {
    var sb = new StringBuilder();
    sb.AppendLine("+----------+-----+---------+");
    sb.AppendFormat("|{0,-10}|{1,5}|{2,9}|", "item", "qty", "total").AppendLine();
    sb.AppendLine("+----------+-----+---------+");
    double sum = 0;
    for (int i = 0; i < names.Length; i++) {
      double line = qty[i] * price[i];
      sum += line;
      sb.AppendFormat("|{0,-10}|{1,5}|{2,9:F2}|", names[i], qty[i], line).AppendLine();
    }
    sb.Append('+').Append('-', 10).Append('+').Append('-', 5).Append('+').Append('-', 9).Append('+').AppendLine();
    sb.AppendFormat("{0,27:F2}", sum);
    return sb.ToString();
  }
  static void Main() {
    var sb = new StringBuilder("start");
    sb.Append(' ').Append(42).Append(' ').Append(-7L).Append(' ').Append(3.5).Append(' ').Append(2.5f).Append(' ')
      .Append(true).Append(' ').Append('c').Append(' ').Append((object)null).Append(1.5m).Append(' ').Append((byte)255).Append((short)-3)
      .Append(' ').Append(uint.MaxValue).Append(' ').Append(ulong.MaxValue).Append(new char[] { '[', ']' });
    Console.WriteLine(sb);
    Console.WriteLine(sb.Length + " " + sb[0] + sb[sb.Length - 1]);
    sb.Insert(0, "<<").Insert(sb.Length, ">>").Insert(7, 123);
    Console.WriteLine(sb.ToString());
    sb.Remove(2, 5); Console.WriteLine(sb.ToString());
    sb.Replace(' ', '_').Replace("True", "yes"); Console.WriteLine(sb.ToString());
    sb[0] = '{'; sb[1] = '{'; Console.WriteLine(sb.ToString(0, 10));
    sb.Length = 5; Console.WriteLine(sb + "|" + sb.Length);
    sb.Clear(); Console.WriteLine("[" + sb + "] " + sb.Length);
    for (int i = 0; i < 1000; i++) sb.Append(i % 10);
    Console.WriteLine(sb.Length + " " + sb.ToString(990, 10) + " " + (sb.Capacity >= 1000));
    var words = new StringBuilder();
    foreach (string w in "the rain in spain stays mainly in the plain".Split(' ')) {
      if (words.Length > 0) words.Append(", ");
      words.Append(char.ToUpper(w[0])).Append(w, 1, w.Length - 1);
    }
    Console.WriteLine(words);
    Console.WriteLine(Table(new[] { "apple", "pear", "watermelon" }, new[] { 3, 12, 1 }, new[] { 0.5, 0.25, 3.99 }));
    var rev = new StringBuilder();
    string src = "reverse me";
    for (int i = src.Length - 1; i >= 0; i--) rev.Append(src[i]);
    Console.WriteLine(rev);
    Console.WriteLine(new StringBuilder().AppendFormat("{0}-{1}-{2}", 1, "b", 'c').Append("|").AppendFormat("{0:X}", 255));
    Console.WriteLine(new StringBuilder("abc").Equals(new StringBuilder("abc")));
  }
}
