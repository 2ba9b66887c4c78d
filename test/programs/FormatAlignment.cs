using System;
// Composite formatting: alignment (positive and negative widths), format strings inside
// items, escaped braces, many arguments, tables printed with String.Format and PadLeft.
class FormatAlignment {
  static void Main() {
    string[] names = { "Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn" };
    double[] au = { 0.387, 0.723, 1.0, 1.524, 5.203, 9.537 };
    int[] moons = { 0, 0, 1, 2, 95, 146 };
    double[] mass = { 0.330e24, 4.87e24, 5.97e24, 0.642e24, 1898e24, 568e24 };
    Console.WriteLine("{0,-10}|{1,8}|{2,6}|{3,12}|{4,-6}|", "Planet", "AU", "Moons", "Mass (kg)", "Big?");
    Console.WriteLine(new string('-', 48));
    for (int i = 0; i < names.Length; i++)
      Console.WriteLine("{0,-10}|{1,8:F3}|{2,6}|{3,12:E2}|{4,-6}|", names[i], au[i], moons[i], mass[i], mass[i] > 1e25);
    Console.WriteLine(string.Format("[{0,5}] [{0,-5}] [{1,7:F2}] [{1,-7:F1}] [{2,3}]", 42, 3.14159, "toolong"));
    Console.WriteLine(string.Format("{{literal}} {0} {{{1}}}", "x", 7));
    Console.WriteLine(string.Format("{0} {1} {2} {3} {4} {5} {6}", 1, 'c', "s", 2.5, true, null, 7L));
    Console.WriteLine(string.Format("{3}{2}{1}{0}", "a", "b", "c", "d"));
    Console.WriteLine(string.Format("{0:D3}-{0:X2}-{0:N1}", 10));
    Console.WriteLine(string.Format("{0,10:N0}|{1,-12:P2}|{2,8:C}", 1234567, 0.4567, 12.5).Replace("\u00a4", "$"));
    object[] row = { "id", 7, "score", 88.5 };
    Console.WriteLine(string.Format("{0}={1}; {2}={3:F0}", row));
    Console.WriteLine("{0,-4}{1,-4}{2,-4}", "a", "bb", "ccc");
    for (int i = 1; i <= 5; i++) Console.WriteLine("{0,2} {1,4} {2,6} {3,8}", i, i * i, i * i * i, Math.Pow(i, 4));
    Console.WriteLine(string.Format("{0:0.00}|{0:#.##}|{0:0%}|{0:0.0e0}", 0.5));
    Console.WriteLine(string.Format("{0,6:0.0}|{1,-6:0}|", -1.25, 99.5));
    Console.WriteLine($"{names[2],-8}|{au[4],7:F2}|{moons[5]:D4}|{{x}}");
    Console.WriteLine("total".PadRight(10, '.') + "42".PadLeft(6, '.'));
    Console.WriteLine(string.Format("{0:yyyy-MM-dd}", new DateTime(2024, 2, 29)));
    Console.WriteLine(string.Format("{0,8:hh\\:mm\\:ss}|", new TimeSpan(1, 2, 3)));
    try { Console.WriteLine(string.Format("{0} {1}", "only one")); } catch (FormatException e) { Console.WriteLine("FormatException: " + e.Message); }
    try { Console.WriteLine(string.Format("{0", 1)); } catch (FormatException e) { Console.WriteLine("FormatException: " + e.Message); }
  }
}
