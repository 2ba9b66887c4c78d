using System;
class Config {
  public static int Value;
  public static string Name = Init("Config.Name");
  static Config() { Console.WriteLine("Config cctor"); Value = 42; }
  static string Init(string s) { Console.WriteLine("init " + s); return s; }
  public static void Touch() { Console.WriteLine("Touch"); }
}
class Lazy { public static readonly int[] Table = Build(); static int[] Build() { Console.WriteLine("build table"); int[] t = new int[4]; for (int i = 0; i < 4; i++) t[i] = i * i; return t; } }
class Chicken { public static int E = Egg.C + 1; static Chicken() { Console.WriteLine("Chicken"); } }
class Egg { public static int C = Chicken.E + 10; static Egg() { Console.WriteLine("Egg"); } }
class Instance { static Instance() { Console.WriteLine("Instance cctor"); } public int X = 5; }
class Statics {
  static int counter;
  static int Next() { return ++counter; }
  static void Main() {
    Console.WriteLine("start");
    Config.Touch();
    Console.WriteLine(Config.Value);
    Console.WriteLine(Config.Name);
    Console.WriteLine(Lazy.Table[3]);
    Console.WriteLine(Chicken.E);
    Console.WriteLine(Egg.C);
    Console.WriteLine(new Instance().X);
    Next(); Next(); Console.WriteLine(Next());
  }
}
