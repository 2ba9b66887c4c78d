using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
// Huffman coding: frequency count, a priority queue of trees (SortedSet with a tiebreak), code
// table, encoding to a bit string and packed bytes, decoding back, compression ratio.
abstract class HNode : IComparable<HNode> {
  public int Weight; public int Order;
  public int CompareTo(HNode o) { int c = Weight.CompareTo(o.Weight); return c != 0 ? c : Order.CompareTo(o.Order); }
}
class Leaf : HNode { public char Symbol; }
class Branch : HNode { public HNode Left, Right; }
class Huffman {
  static void Codes(HNode n, string prefix, SortedDictionary<char, string> table) {
    var leaf = n as Leaf;
    if (leaf != null) { table[leaf.Symbol] = prefix.Length > 0 ? prefix : "0"; return; }
    var b = (Branch)n; Codes(b.Left, prefix + "0", table); Codes(b.Right, prefix + "1", table);
  }
  static void Main() {
    string text = "this is an example of a huffman tree; it compresses text by giving frequent symbols short codes";
    var freq = new SortedDictionary<char, int>();
    foreach (char c in text) { int n; freq.TryGetValue(c, out n); freq[c] = n + 1; }
    int order = 0;
    var queue = new SortedSet<HNode>();
    foreach (var kv in freq) queue.Add(new Leaf { Symbol = kv.Key, Weight = kv.Value, Order = order++ });
    while (queue.Count > 1) {
      var a = queue.Min; queue.Remove(a); var b = queue.Min; queue.Remove(b);
      queue.Add(new Branch { Left = a, Right = b, Weight = a.Weight + b.Weight, Order = order++ });
    }
    var root = queue.Min;
    var table = new SortedDictionary<char, string>();
    Codes(root, "", table);
    foreach (var kv in table) Console.WriteLine("'{0}' x{1,-3} {2}", kv.Key, freq[kv.Key], kv.Value);
    var bits = new StringBuilder(); foreach (char c in text) bits.Append(table[c]);
    Console.WriteLine("bits: " + bits.Length + " vs " + text.Length * 8 + " (" + (100.0 * bits.Length / (text.Length * 8)).ToString("F1") + "%)");
    var packed = new byte[(bits.Length + 7) / 8];
    for (int i = 0; i < bits.Length; i++) if (bits[i] == '1') packed[i / 8] |= (byte)(0x80 >> (i % 8));
    Console.WriteLine(BitConverter.ToString(packed, 0, 12));
    var decoded = new StringBuilder(); HNode cur = root;
    for (int i = 0; i < bits.Length; i++) {
      bool one = (packed[i / 8] & (0x80 >> (i % 8))) != 0;
      cur = one ? ((Branch)cur).Right : ((Branch)cur).Left;
      var leaf = cur as Leaf; if (leaf != null) { decoded.Append(leaf.Symbol); cur = root; }
    }
    Console.WriteLine(decoded.ToString() == text ? "round trip ok" : "MISMATCH");
    double entropy = -freq.Values.Sum(f => (double)f / text.Length * Math.Log((double)f / text.Length, 2));
    double avg = table.Sum(kv => (double)freq[kv.Key] * kv.Value.Length) / text.Length;
    Console.WriteLine("entropy {0:F4} bits/symbol, average code {1:F4}", entropy, avg);
  }
}
