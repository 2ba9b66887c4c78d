using System;
// Enums: [Flags] combinations and their ToString, parsing, values and names, underlying
// types, casts of undefined values, switch over enums, HasFlag.
[Flags] enum Perm { None = 0, Read = 1, Write = 2, Execute = 4, ReadWrite = Read | Write, All = 7 }
[Flags] enum Style : byte { Plain = 0, Bold = 1, Italic = 2, Underline = 4, Strike = 128 }
enum Day { Mon = 1, Tue, Wed, Thu, Fri, Sat = 10, Sun }
enum Big : long { Small = 1, Huge = 1L << 40 }
enum Signed : sbyte { Neg = -5, Zero = 0, Pos = 5 }
class FlagsEnums {
  static string Kind(Day d) {
    switch (d) {
      case Day.Sat: case Day.Sun: return "weekend";
      case Day.Fri: return "almost";
      default: return "work";
    }
  }
  static void Main() {
    Perm p = Perm.Read | Perm.Execute;
    Console.WriteLine(p);
    Console.WriteLine(Perm.Read | Perm.Write);
    Console.WriteLine(Perm.All);
    Console.WriteLine(Perm.None);
    Console.WriteLine((Perm)8);
    Console.WriteLine((Perm)12);
    Console.WriteLine(p.HasFlag(Perm.Read) + " " + p.HasFlag(Perm.Write) + " " + ((p & Perm.Execute) != 0));
    p |= Perm.Write; p &= ~Perm.Read; Console.WriteLine(p + " = " + (int)p);
    Style s = Style.Bold | Style.Underline | Style.Strike;
    Console.WriteLine(s + " " + (byte)s + " " + s.ToString("D") + " " + s.ToString("X") + " " + s.ToString("G"));
    Console.WriteLine(Day.Wed + " " + (int)Day.Wed + " " + Day.Sun + " " + (int)Day.Sun + " " + (Day)5 + " " + (Day)7);
    foreach (Day d in Enum.GetValues(typeof(Day))) Console.Write(d + ":" + Kind(d) + " ");
    Console.WriteLine();
    Console.WriteLine(string.Join(",", Enum.GetNames(typeof(Perm))));
    Console.WriteLine((Day)Enum.Parse(typeof(Day), "Thu") + " " + (Perm)Enum.Parse(typeof(Perm), "Read, Execute") + " " + Enum.Parse(typeof(Perm), "write", true));
    Day parsed;
    Console.WriteLine(Enum.TryParse("Fri", out parsed) + " " + parsed + " " + Enum.TryParse("Funday", out parsed) + " " + parsed);
    Console.WriteLine(Enum.IsDefined(typeof(Day), 3) + " " + Enum.IsDefined(typeof(Day), 8) + " " + Enum.GetName(typeof(Day), 10));
    Console.WriteLine(Big.Huge + " " + (long)Big.Huge + " " + Signed.Neg + " " + (int)Signed.Neg + " " + (Signed)(-5));
    Console.WriteLine(Enum.GetUnderlyingType(typeof(Style)) + " " + Enum.GetUnderlyingType(typeof(Big)));
    Day next = Day.Fri; next++; Console.WriteLine(next + " " + (next + 1) + " " + (Day.Sun - Day.Mon));
    Console.WriteLine(Day.Mon < Day.Tue && Day.Sun > Day.Sat);
    Console.WriteLine(Day.Mon.CompareTo(Day.Wed) + " " + Day.Tue.Equals(Day.Tue) + " " + Day.Tue.Equals(2));
    object boxed = Perm.ReadWrite; Console.WriteLine(boxed + " " + ((Perm)boxed == Perm.ReadWrite) + " " + boxed.GetType().Name);
    Console.WriteLine(Perm.ReadWrite.ToString("F") + " " + ((Perm)3).ToString() + " " + ((Perm)6).ToString());
    Console.WriteLine(string.Format("{0} {0:D} {0:X}", Day.Wed));
  }
}
