// A sales report over seeded random data: grouping by anonymous-type keys, decimal sums,
// aligned interpolated formats, pivots, ordering with ties, set operations, lookups, chunking
// by index, Zip/Skip/ElementAt and dictionary projections.
using System;
using System.Collections.Generic;
using System.Linq;
struct Sale { public string Region; public string Product; public int Qty; public decimal Price; }
static class Program {
  static void Main() {
    var rnd = new Random(7);
    string[] regions = { "North", "South", "East", "West" }, products = { "Apple", "Pear", "Plum" };
    var sales = Enumerable.Range(0, 200).Select(i => new Sale { Region = regions[rnd.Next(4)], Product = products[rnd.Next(3)], Qty = rnd.Next(1, 20), Price = rnd.Next(100, 999) / 100m }).ToList();
    var byKey = sales.GroupBy(s => new { s.Region, s.Product }).Select(g => new { g.Key.Region, g.Key.Product, Total = g.Sum(s => s.Qty * s.Price), Count = g.Count() }).OrderByDescending(x => x.Total).ThenBy(x => x.Region).Take(5);
    foreach (var x in byKey) Console.WriteLine($"{x.Region,-6}{x.Product,-6}{x.Total,10:N2}{x.Count,4}");
    var pivot = sales.GroupBy(s => s.Region).OrderBy(g => g.Key).Select(g => g.Key + ": " + string.Join(" ", products.Select(p => g.Where(s => s.Product == p).Sum(s => s.Qty).ToString().PadLeft(4))));
    foreach (var line in pivot) Console.WriteLine(line);
    Console.WriteLine(sales.Select(s => s.Price).Distinct().Count() + " " + sales.Max(s => s.Price) + " " + sales.Average(s => s.Qty).ToString("F3") + " " + sales.Aggregate(0m, (a, s) => a + s.Price * s.Qty));
    var top = sales.OrderBy(s => s.Price).ThenByDescending(s => s.Qty).Select((s, i) => new { i, s.Price, s.Qty }).Where(x => x.i % 50 == 0); Console.WriteLine(string.Join(";", top));
    var set1 = new HashSet<int>(sales.Select(s => s.Qty)); var set2 = new SortedSet<int>(Enumerable.Range(5, 10)); set1.IntersectWith(set2); Console.WriteLine(string.Join(",", set1.OrderBy(x => x)) + " " + set2.Overlaps(new[] { 99 }) + " " + set1.IsSubsetOf(set2));
    var lookup = sales.ToLookup(s => s.Qty > 10); Console.WriteLine(lookup[true].Count() + " " + lookup[false].Count() + " " + lookup.Count);
    var chunks = sales.Select((s, i) => new { s, i }).GroupBy(x => x.i / 60, x => x.s.Qty).Select(g => g.Sum()); Console.WriteLine(string.Join(",", chunks));
    var zipped = sales.Take(3).Zip(sales.Skip(3).Take(3), (a, b) => a.Qty + b.Qty); Console.WriteLine(string.Join(",", zipped) + " " + sales.Skip(195).Last().Region + " " + sales.ElementAt(17).Product + " " + sales.Any(s => s.Qty == 19) + " " + sales.All(s => s.Price > 0));
    var dict = sales.GroupBy(s => s.Product).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Price).First().Price); Console.WriteLine(string.Join(",", dict.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value)));
    Console.WriteLine(string.Join(",", Enumerable.Repeat("ab", 3)) + " " + Enumerable.Empty<int>().DefaultIfEmpty(-1).Single() + " " + new[] { 3, 1, 2 }.OrderBy(x => x).SequenceEqual(new[] { 1, 2, 3 }) + " " + new[] { 1, 2, 3, 4 }.Except(new[] { 2, 4 }).Union(new[] { 9 }).Count());
  }
}
