using System;
enum Color { Red, Green = 5, Blue }
[Flags] enum Perm { None = 0, Read = 1, Write = 2, Exec = 4 }
enum Small : sbyte { Neg = -1, Zero = 0 }
// Enum names through reflection over metadata constants, [Flags] combinations, boxing.
class Enums { static void Main() {
  Color c = Color.Blue; Console.WriteLine(c); Console.WriteLine(Color.Green); Console.WriteLine((Color)42);
  Perm p = Perm.Read | Perm.Exec; Console.WriteLine(p); Console.WriteLine(p.HasFlag(Perm.Read)); Console.WriteLine(Perm.None);
  Console.WriteLine(Small.Neg); object o = Color.Red; Console.WriteLine(o);
  Console.WriteLine(c.CompareTo(Color.Red) > 0); Console.WriteLine("{0} and {1}", c, p);
} }
