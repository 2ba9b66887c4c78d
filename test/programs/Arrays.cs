using System;
class Item { public int V; public Item(int v) { V = v; } public override string ToString() { return "Item" + V; } }
class Arrays {
  static int MinusOne = -1;
  static void Sort(int[] a) { for (int i = 1; i < a.Length; i++) { int k = a[i]; int j = i - 1; while (j >= 0 && a[j] > k) { a[j + 1] = a[j]; j--; } a[j + 1] = k; } }
  static void Main() {
    // Element by element: array initializers need ldtoken (not imported yet).
    int[] a = new int[6]; a[0] = 5; a[1] = 3; a[2] = 9; a[3] = 1; a[4] = 7; a[5] = 2;
    Sort(a);
    foreach (int x in a) Console.Write(x + " ");
    Console.WriteLine();
    long[] l = new long[3]; l[1] = long.MaxValue; Console.WriteLine(l[0] + l[1]);
    double[] d = new double[2]; d[0] = 0.5; d[1] = d[0] * 3; Console.WriteLine(d[1]);
    byte[] bytes = new byte[4]; bytes[0] = 255; bytes[0]++; bytes[1] = (byte)(bytes[0] + 7); Console.WriteLine(bytes[0] + bytes[1]);
    char[] cs = new char[3]; cs[0] = 'x'; cs[1] = 'y'; cs[2] = 'z'; Console.WriteLine(cs);
    string[] words = new string[3]; words[0] = "alpha"; words[1] = "beta"; words[2] = "gamma"; Console.WriteLine(words[1].Length); Console.WriteLine(words.Length);
    int[][] jag = new int[3][]; for (int i = 0; i < 3; i++) { jag[i] = new int[i + 1]; jag[i][i] = i * 10; } Console.WriteLine(jag[2][2] + jag[1].Length);
    Item[] items = new Item[3]; for (int i = 0; i < 3; i++) items[i] = new Item(i); Console.WriteLine(items[2]);
    object[] objs = new string[2];
    try { objs[0] = "ok"; objs[1] = new Item(1); } catch (ArrayTypeMismatchException e) { Console.WriteLine(e.Message); }
    Console.WriteLine(objs[0]);
    try { a[6] = 1; } catch (IndexOutOfRangeException e) { Console.WriteLine(e.Message); }
    try { a[-1] = 1; } catch (IndexOutOfRangeException) { Console.WriteLine("negative index"); }
    int[] empty = new int[0]; Console.WriteLine(empty.Length);
    int n = MinusOne; try { int[] bad = new int[n]; Console.WriteLine(bad.Length); } catch (OverflowException) { Console.WriteLine("overflow"); } catch (OutOfMemoryException) { Console.WriteLine("negative size"); }
    int[] big = new int[100000]; for (int i = 0; i < big.Length; i++) big[i] = i; long sum = 0; foreach (int v in big) sum += v; Console.WriteLine(sum);
    int[] copy = (int[])a.Clone(); copy[0] = 99; Console.WriteLine(a[0] + " " + copy[0]);
    Item[] nulls = new Item[2]; Console.WriteLine(nulls[0] == null);
  }
}
