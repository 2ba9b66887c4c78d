using System;
using System.Collections.Generic;
using System.Linq;
// LINQ to objects over a small employee table: filtering, projection, ordering, grouping,
// joins, aggregates, set operations, element operators, query syntax and deferred execution.
class Employee {
  public string Name; public string Dept; public int Age; public decimal Salary;
  public Employee(string n, string d, int a, decimal s) { Name = n; Dept = d; Age = a; Salary = s; }
}
class LinqQueries {
  static void Main() {
    var staff = new List<Employee> {
      new Employee("Alice", "Eng", 34, 120000m), new Employee("Bob", "Eng", 28, 95000m), new Employee("Carol", "Sales", 45, 70000m),
      new Employee("Dan", "Sales", 23, 48000m), new Employee("Eve", "Ops", 39, 80000m), new Employee("Frank", "Eng", 51, 150000m),
      new Employee("Grace", "Ops", 31, 62000m),
    };
    var young = staff.Where(e => e.Age < 35).Select(e => e.Name);
    Console.WriteLine(string.Join(", ", young));
    var byDept = staff.GroupBy(e => e.Dept).OrderBy(g => g.Key);
    foreach (var g in byDept) Console.WriteLine("{0}: n={1} avg age {2:F1} total {3:N0} top {4}", g.Key, g.Count(), g.Average(e => e.Age), g.Sum(e => e.Salary), g.OrderByDescending(e => e.Salary).First().Name);
    var ordered = from e in staff orderby e.Dept, e.Salary descending select e.Name + "(" + e.Dept + ")";
    Console.WriteLine(string.Join(" ", ordered));
    Console.WriteLine(staff.Max(e => e.Salary) + " " + staff.Min(e => e.Age) + " " + staff.Sum(e => e.Age) + " " + staff.Average(e => (double)e.Salary).ToString("F2"));
    Console.WriteLine(staff.Any(e => e.Age > 50) + " " + staff.All(e => e.Salary > 40000m) + " " + staff.Count(e => e.Dept == "Eng"));
    var depts = new[] { new { Code = "Eng", Floor = 3 }, new { Code = "Sales", Floor = 1 }, new { Code = "HR", Floor = 2 } };
    var joined = from e in staff join d in depts on e.Dept equals d.Code select e.Name + "@" + d.Floor;
    Console.WriteLine(string.Join(" ", joined));
    int[] nums = { 5, 3, 8, 1, 9, 2, 8, 3 };
    Console.WriteLine(string.Join(",", nums.Distinct()) + " | " + string.Join(",", nums.OrderBy(x => x).Skip(2).Take(3)) + " | " + string.Join(",", nums.Reverse()));
    Console.WriteLine(nums.First(x => x > 5) + " " + nums.LastOrDefault(x => x > 100) + " " + nums.ElementAt(3) + " " + nums.FirstOrDefault());
    Console.WriteLine(string.Join(",", nums.Union(new[] { 10, 1 })) + " | " + string.Join(",", nums.Intersect(new[] { 8, 9, 7 })) + " | " + string.Join(",", nums.Except(new[] { 3, 8 })));
    Console.WriteLine(nums.Aggregate((a, b) => a * b % 1000) + " " + nums.Aggregate(0, (a, b) => a + b) + " " + nums.Aggregate("", (s, x) => s + x, s => s.Length));
    Console.WriteLine(string.Join(",", Enumerable.Range(1, 10).Where(x => x % 3 == 0).Select(x => x * x)) + " " + string.Join("", Enumerable.Repeat("ab", 3)));
    var words = "the quick brown fox jumps over the lazy dog".Split(' ');
    var byLen = words.GroupBy(w => w.Length).OrderByDescending(g => g.Key).Select(g => g.Key + ":" + string.Join("/", g.Distinct()));
    Console.WriteLine(string.Join(" ", byLen));
    Console.WriteLine(string.Join(",", words.OrderBy(w => w.Length).ThenByDescending(w => w).Take(4)));
    Console.WriteLine(string.Join(" ", words.Zip(Enumerable.Range(1, 100), (w, i) => i + w)));
    Console.WriteLine(string.Join(",", new[] { new[] { 1, 2 }, new[] { 3 }, new int[0], new[] { 4, 5, 6 } }.SelectMany(x => x)));
    var dict = staff.ToDictionary(e => e.Name, e => e.Age);
    Console.WriteLine(dict["Eve"] + " " + dict.Count);
    var lookup = staff.ToLookup(e => e.Age / 10 * 10);
    foreach (var g in lookup.OrderBy(g => g.Key)) Console.Write(g.Key + "s:" + g.Count() + " ");
    Console.WriteLine();
    int evaluated = 0;
    var lazy = nums.Select(x => { evaluated++; return x * 2; });
    Console.WriteLine("before " + evaluated);
    var list = lazy.ToList();
    Console.WriteLine("after " + evaluated + " " + list.Count + " " + lazy.Take(2).Sum() + " " + evaluated);
    Console.WriteLine(nums.SequenceEqual(new[] { 5, 3, 8, 1, 9, 2, 8, 3 }) + " " + nums.Contains(9) + " " + nums.Select((x, i) => x * i).Max());
    var pairs = from a in Enumerable.Range(1, 4) from b in Enumerable.Range(a, 3) where (a + b) % 3 == 0 select a + "+" + b;
    Console.WriteLine(string.Join(" ", pairs));
    Console.WriteLine(string.Join(",", new object[] { 1, "a", 2.5, 3 }.OfType<int>()) + " " + new List<object> { "x", "y" }.Cast<string>().Last());
    var anon = staff.Select(e => new { e.Name, Band = e.Salary >= 100000m ? "high" : "std" }).Where(x => x.Band == "high");
    foreach (var x in anon) Console.Write(x + " ");
    Console.WriteLine();
    Console.WriteLine(staff.OrderBy(e => e.Age).Select(e => e.Age).DefaultIfEmpty().Sum() + " " + new int[0].DefaultIfEmpty(-1).First());
  }
}
