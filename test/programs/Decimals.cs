using System;
using System.Collections.Generic;
// decimal: exact money arithmetic, scale preservation, rounding modes, division, comparison,
// conversions to and from other types, formatting, and an invoice calculation.
class Decimals {
  struct Line { public string Item; public int Qty; public decimal Price; public decimal TaxRate; }
  static void Main() {
    decimal a = 0.1m, b = 0.2m;
    Console.WriteLine(a + b + " " + (a + b == 0.3m) + " " + (0.1 + 0.2 == 0.3));
    Console.WriteLine(1.10m + 2.205m + " " + 1.10m * 2m + " " + 1.000m + " " + 10m / 4 + " " + 1m / 3 + " " + 2m / 3);
    Console.WriteLine(decimal.MaxValue + " " + decimal.MinValue + " " + decimal.One + " " + decimal.Zero + " " + -0.00m);
    Console.WriteLine(Math.Round(2.345m, 2) + " " + Math.Round(2.355m, 2) + " " + Math.Round(2.345m, 2, MidpointRounding.AwayFromZero) + " " + decimal.Round(-1.5m) + " " + decimal.Round(2.5m));
    Console.WriteLine(decimal.Truncate(-7.9m) + " " + decimal.Floor(-7.1m) + " " + decimal.Ceiling(7.1m) + " " + decimal.Negate(5m) + " " + Math.Abs(-3.25m));
    Console.WriteLine(7.5m % 2 + " " + (-7.5m) % 2 + " " + decimal.Remainder(10m, 3m));
    Console.WriteLine((1.5m).CompareTo(1.50m) + " " + (1.5m == 1.50m) + " " + decimal.Compare(2m, 3m) + " " + Math.Max(1.2m, 1.19m) + " " + Math.Min(-1m, 1m));
    Console.WriteLine((decimal)3.14159 + " " + (double)1.1m + " " + (int)9.99m + " " + (long)-123.45m + " " + (decimal)12345678901234L + " " + (decimal)0.1f);
    Console.WriteLine(decimal.Parse("1234.5678") + " " + decimal.Parse("-0.000001") + " " + Convert.ToDecimal("99.90"));
    Console.WriteLine(123.456m.ToString("F1") + " " + 1234567.891m.ToString("N2") + " " + 0.075m.ToString("P1") + " " + 42m.ToString("0000.00") + " " + 5.5m.ToString("E2"));
    decimal big = 79228162514264337593543950335m;
    try { Console.WriteLine(big + 1); } catch (OverflowException e) { Console.WriteLine("overflow: " + e.Message); }
    decimal nothing = 0;
    try { Console.WriteLine(1m / nothing); } catch (DivideByZeroException e) { Console.WriteLine("div0: " + e.Message); }
    var lines = new List<Line> {
      new Line { Item = "Widget", Qty = 3, Price = 19.99m, TaxRate = 0.08m },
      new Line { Item = "Gadget", Qty = 1, Price = 249.50m, TaxRate = 0.08m },
      new Line { Item = "Manual", Qty = 2, Price = 12.00m, TaxRate = 0m },
      new Line { Item = "Cable", Qty = 10, Price = 1.15m, TaxRate = 0.2m },
    };
    decimal subtotal = 0, tax = 0;
    foreach (var l in lines) {
      decimal net = l.Qty * l.Price, t = Math.Round(net * l.TaxRate, 2, MidpointRounding.AwayFromZero);
      subtotal += net; tax += t;
      Console.WriteLine("{0,-8}{1,4} x {2,8:F2} = {3,9:F2} tax {4,7:F2}", l.Item, l.Qty, l.Price, net, t);
    }
    Console.WriteLine("subtotal {0} tax {1} total {2} avg {3}", subtotal, tax, subtotal + tax, Math.Round(subtotal / lines.Count, 4));
    decimal balance = 1000m; decimal rate = 0.035m / 12;
    for (int m = 0; m < 12; m++) balance += Math.Round(balance * rate, 2);
    Console.WriteLine("after a year: " + balance);
    decimal split = 100m / 3; Console.WriteLine(split + " " + split * 3 + " " + Math.Round(split, 2) * 3);
    int[] bits = decimal.GetBits(-1.5m); Console.WriteLine(string.Join(",", bits));
    Console.WriteLine(new decimal(12345, 0, 0, false, 3) + " " + (decimal)(1 << 30) * (1 << 30));
  }
}
