using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
// An inventory system: products with categories, stock movements parsed from text commands,
// reorder rules, valuation (FIFO cost layers), low-stock reports grouped by category.
enum Category { Hardware, Garden, Kitchen, Toys }
class Product {
  public string Sku; public string Name; public Category Cat; public decimal Price; public int ReorderLevel;
  public readonly Queue<KeyValuePair<int, decimal>> Layers = new Queue<KeyValuePair<int, decimal>>();
  public int OnHand { get { return Layers.Sum(l => l.Key); } }
  public decimal CostValue { get { return Layers.Sum(l => l.Key * l.Value); } }
}
class Inventory {
  readonly SortedDictionary<string, Product> products = new SortedDictionary<string, Product>();
  readonly List<string> journal = new List<string>();
  public void Add(string sku, string name, Category c, decimal price, int reorder) { products[sku] = new Product { Sku = sku, Name = name, Cat = c, Price = price, ReorderLevel = reorder }; }
  public void Receive(string sku, int qty, decimal unitCost) { Get(sku).Layers.Enqueue(new KeyValuePair<int, decimal>(qty, unitCost)); journal.Add(string.Format("IN  {0} {1} @ {2:F2}", sku, qty, unitCost)); }
  public decimal Ship(string sku, int qty) {
    var p = Get(sku);
    if (qty > p.OnHand) throw new InvalidOperationException(string.Format("cannot ship {0} of {1}: only {2} on hand", qty, sku, p.OnHand));
    decimal cost = 0; int left = qty;
    while (left > 0) {
      var layer = p.Layers.Peek(); int take = Math.Min(left, layer.Key);
      cost += take * layer.Value; left -= take; p.Layers.Dequeue();
      if (take < layer.Key) { var rest = new List<KeyValuePair<int, decimal>> { new KeyValuePair<int, decimal>(layer.Key - take, layer.Value) }; rest.AddRange(p.Layers); p.Layers.Clear(); foreach (var l in rest) p.Layers.Enqueue(l); }
    }
    journal.Add(string.Format("OUT {0} {1} cost {2:F2} revenue {3:F2}", sku, qty, cost, qty * p.Price));
    return qty * p.Price - cost;
  }
  Product Get(string sku) { Product p; if (!products.TryGetValue(sku, out p)) throw new ArgumentException("unknown SKU " + sku, "sku"); return p; }
  public IEnumerable<Product> All { get { return products.Values; } }
  public IEnumerable<string> Journal { get { return journal; } }
}
class Inventory_ {
  static void Main() {
    var inv = new Inventory();
    inv.Add("HW-001", "Hammer", Category.Hardware, 24.99m, 5); inv.Add("HW-002", "Screwdriver set", Category.Hardware, 18.50m, 8);
    inv.Add("GD-010", "Hose 20m", Category.Garden, 32.00m, 3); inv.Add("KT-100", "Chef knife", Category.Kitchen, 59.90m, 2);
    inv.Add("TY-007", "Kite", Category.Toys, 12.75m, 10);
    string commands = @"receive HW-001 10 11.20
receive HW-001 5 12.00
receive HW-002 20 7.35
receive GD-010 4 15.00
receive KT-100 3 28.10
ship HW-001 12
ship HW-002 15
ship GD-010 5
ship XX-999 1
receive TY-007 abc 1.00
ship KT-100 2
receive TY-007 8 4.40
bogus line";
    decimal profit = 0; int lineNo = 0;
    foreach (var raw in commands.Split('\n')) {
      lineNo++;
      var parts = raw.Trim().Split(' ');
      try {
        switch (parts[0]) {
          case "receive": inv.Receive(parts[1], int.Parse(parts[2]), decimal.Parse(parts[3])); break;
          case "ship": profit += inv.Ship(parts[1], int.Parse(parts[2])); break;
          default: throw new NotSupportedException("unknown command '" + parts[0] + "'");
        }
      } catch (FormatException) { Console.WriteLine("line {0}: bad number in '{1}'", lineNo, raw.Trim()); }
      catch (ArgumentException e) { Console.WriteLine("line {0}: {1}", lineNo, e.Message.Split('\n')[0]); }
      catch (Exception e) { Console.WriteLine("line {0}: {1}: {2}", lineNo, e.GetType().Name, e.Message); }
    }
    foreach (var j in inv.Journal) Console.WriteLine(j);
    Console.WriteLine("gross profit {0:F2}", profit);
    Console.WriteLine("{0,-7} {1,-16} {2,-9} {3,5} {4,10} {5,10}", "SKU", "Name", "Category", "Qty", "Cost", "Retail");
    foreach (var p in inv.All) Console.WriteLine("{0,-7} {1,-16} {2,-9} {3,5} {4,10:F2} {5,10:F2}", p.Sku, p.Name, p.Cat, p.OnHand, p.CostValue, p.OnHand * p.Price);
    var low = inv.All.Where(p => p.OnHand < p.ReorderLevel).GroupBy(p => p.Cat).OrderBy(g => g.Key);
    foreach (var g in low) Console.WriteLine("reorder {0}: {1}", g.Key, string.Join(", ", g.Select(p => p.Name + " (" + p.OnHand + "/" + p.ReorderLevel + ")")));
    var sb = new StringBuilder();
    foreach (Category c in Enum.GetValues(typeof(Category))) sb.AppendFormat("{0}={1:F2} ", c, inv.All.Where(p => p.Cat == c).Sum(p => p.CostValue));
    Console.WriteLine(sb.ToString().TrimEnd());
    Console.WriteLine("total units {0}, distinct {1}, most valuable {2}", inv.All.Sum(p => p.OnHand), inv.All.Count(p => p.OnHand > 0), inv.All.OrderByDescending(p => p.CostValue).First().Name);
  }
}
