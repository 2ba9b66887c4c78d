using System;
// Static fields and static constructors: precise classes (explicit static constructor) run
// it at first access, beforefieldinit classes (field initialisers only) may run earlier;
// dependencies between initialisers, static counters and static readonly tables.
class Log { public static int Seq; public static int Note(string s) { Console.WriteLine((++Seq) + ": " + s); return Seq; } }
class Precise {
  public static int Value = Log.Note("Precise field initialiser");
  static Precise() { Log.Note("Precise static constructor"); Value *= 10; }
  public static void Touch() { Log.Note("Precise.Touch, Value=" + Value); }
}
class Lazy {
  public static readonly string[] Names = Init();
  static string[] Init() { Log.Note("Lazy.Init"); return new[] { "a", "b" }; }
  public static int Count() { return Names.Length; }
}
class Chain {
  public static int A = B + 1;
  public static int B = 5;
  public static int C = A + B;
}
class Registry {
  static int nextId;
  static readonly System.Collections.Generic.List<string> names = new System.Collections.Generic.List<string>();
  public readonly int Id;
  public Registry(string name) { Id = ++nextId; names.Add(name); }
  public static string All { get { return string.Join(",", names) + " (" + nextId + ")"; } }
}
class Thrower {
  public static int X;
  static Thrower() { Log.Note("Thrower cctor"); X = 1; }
}
class Generic<T> {
  public static int Instances;
  static Generic() { Log.Note("Generic<" + typeof(T).Name + "> cctor"); }
  public Generic() { Instances++; }
}
class StaticInit {
  static int counter = 100;
  static void Main() {
    Log.Note("Main starts");
    Precise.Touch();
    Precise.Touch();
    Log.Note("before Lazy");
    Console.WriteLine(Lazy.Count());
    Console.WriteLine(Chain.A + " " + Chain.B + " " + Chain.C);
    new Registry("x"); new Registry("y"); var r = new Registry("z");
    Console.WriteLine(r.Id + " " + Registry.All);
    counter++; Console.WriteLine(counter);
    Log.Note("before Thrower");
    Thrower.X += 5; Console.WriteLine(Thrower.X);
    new Generic<int>(); new Generic<int>(); new Generic<string>();
    Console.WriteLine(Generic<int>.Instances + " " + Generic<string>.Instances + " " + Generic<double>.Instances);
    Log.Note("end");
  }
}
