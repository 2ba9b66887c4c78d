using System;
using System.Collections.Generic;
// Properties (auto, computed, private setters, static, virtual), indexers (int, string,
// two-dimensional, overloaded), object and collection initialisers.
class Matrix2 {
  readonly double[,] cells;
  public Matrix2(int r, int c) { cells = new double[r, c]; Rows = r; Cols = c; }
  public int Rows { get; private set; }
  public int Cols { get; private set; }
  public double this[int r, int c] { get { return cells[r, c]; } set { cells[r, c] = value; } }
}
class Config {
  readonly Dictionary<string, string> values = new Dictionary<string, string>();
  public string this[string key] { get { string v; return values.TryGetValue(key, out v) ? v : "<unset>"; } set { values[key] = value; } }
  public int this[string key, int fallback] { get { int v; return int.TryParse(this[key], out v) ? v : fallback; } }
  public int Count { get { return values.Count; } }
}
class BitField {
  uint bits;
  public bool this[int i] { get { return (bits & (1u << i)) != 0; } set { if (value) bits |= 1u << i; else bits &= ~(1u << i); } }
  public uint Raw { get { return bits; } }
}
class Account {
  static int created;
  public static int Created { get { return created; } }
  decimal balance;
  public string Owner { get; set; }
  public decimal Balance { get { return balance; } private set { if (value < 0) throw new ArgumentException("negative balance"); balance = value; } }
  public virtual string Kind { get { return "basic"; } }
  public List<string> Tags { get; } = new List<string>();
  public Account() { created++; }
  public void Deposit(decimal d) { Balance += d; }
  public void Withdraw(decimal d) { Balance -= d; }
}
class Premium : Account { public override string Kind { get { return "premium"; } } }
class Temperature {
  double celsius;
  public double Celsius { get { return celsius; } set { celsius = value; } }
  public double Fahrenheit { get { return celsius * 1.8 + 32; } set { celsius = (value - 32) / 1.8; } }
}
class PropertiesIndexers {
  static void Main() {
    var m = new Matrix2(2, 3);
    for (int r = 0; r < m.Rows; r++) for (int c = 0; c < m.Cols; c++) m[r, c] = r * 10 + c + 0.5;
    m[1, 2] += 100;
    Console.WriteLine(m.Rows + "x" + m.Cols + " " + m[0, 1] + " " + m[1, 2]);
    var cfg = new Config(); cfg["host"] = "localhost"; cfg["port"] = "8080"; cfg["port"] = "9090";
    Console.WriteLine(cfg["host"] + " " + cfg["port"] + " " + cfg["user"] + " " + cfg["port", 1] + " " + cfg["host", -1] + " " + cfg.Count);
    var bf = new BitField(); bf[0] = true; bf[3] = true; bf[31] = true; bf[3] = false;
    Console.WriteLine(bf[0] + " " + bf[3] + " " + bf.Raw.ToString("X8"));
    var acc = new Account { Owner = "Kim" }; acc.Tags.Add("new"); acc.Deposit(100.50m); acc.Withdraw(20m);
    Console.WriteLine(acc.Owner + " " + acc.Balance + " " + acc.Kind + " " + string.Join(",", acc.Tags));
    try { acc.Withdraw(1000m); } catch (ArgumentException e) { Console.WriteLine(e.Message + " " + acc.Balance); }
    Account p = new Premium { Owner = "Lee" };
    Console.WriteLine(p.Kind + " " + p.Owner + " " + Account.Created);
    var t = new Temperature { Celsius = 100 };
    Console.WriteLine(t.Fahrenheit); t.Fahrenheit = 32; Console.WriteLine(t.Celsius); t.Fahrenheit = -40; Console.WriteLine(t.Celsius);
    var inventory = new Dictionary<string, int> { ["apples"] = 3, ["pears"] = 0 };
    inventory["apples"] += 2;
    foreach (var kv in inventory) Console.Write(kv.Key + "=" + kv.Value + " ");
    Console.WriteLine();
    var people = new List<Account> { new Account { Owner = "A" }, new Premium { Owner = "B" } };
    foreach (var x in people) Console.Write(x.Owner + ":" + x.Kind + " ");
    Console.WriteLine(Account.Created);
    string str = "indexer"; Console.WriteLine(str[0] + "" + str[str.Length - 1] + " " + new List<int> { 4, 5, 6 }[1]);
  }
}
