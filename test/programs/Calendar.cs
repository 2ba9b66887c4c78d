using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
// Dates without the clock: DateTime arithmetic on fixed dates, day of week, leap years, month
// calendars, ISO-like formatting, TimeSpan sums and formatting, parsing with exact formats,
// and a meeting scheduler over working days.
class Calendar {
  static void PrintMonth(int year, int month) {
    var first = new DateTime(year, month, 1);
    Console.WriteLine(first.ToString("MMMM yyyy", CultureInfo.InvariantCulture).PadLeft(14 + first.ToString("MMMM yyyy", CultureInfo.InvariantCulture).Length / 2));
    Console.WriteLine("Mo Tu We Th Fr Sa Su");
    int offset = ((int)first.DayOfWeek + 6) % 7;
    Console.Write(new string(' ', offset * 3));
    for (int d = 1; d <= DateTime.DaysInMonth(year, month); d++) { Console.Write(d.ToString().PadLeft(2)); Console.Write((offset + d) % 7 == 0 ? "\n" : " "); }
    Console.WriteLine();
  }
  static IEnumerable<DateTime> WorkingDays(DateTime from, int count, HashSet<DateTime> holidays) {
    for (var d = from; count > 0; d = d.AddDays(1)) { if (d.DayOfWeek == DayOfWeek.Saturday || d.DayOfWeek == DayOfWeek.Sunday || holidays.Contains(d)) continue; count--; yield return d; }
  }
  static void Main() {
    var d = new DateTime(2024, 2, 28, 22, 30, 15);
    Console.WriteLine(d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + d.DayOfWeek + " day " + d.DayOfYear);
    Console.WriteLine(d.AddDays(1).ToString("yyyy-MM-dd") + " " + d.AddDays(2).ToString("yyyy-MM-dd") + " " + d.AddHours(3).ToString("dd/MM HH:mm") + " " + d.AddMonths(12).ToString("yyyy-MM-dd") + " " + d.AddYears(-4).AddDays(1).ToString("yyyy-MM-dd"));
    foreach (int y in new[] { 1900, 2000, 2023, 2024, 2100 }) Console.Write(y + ":" + (DateTime.IsLeapYear(y) ? "leap" : "common") + " ");
    Console.WriteLine();
    var span = new DateTime(2025, 1, 1) - new DateTime(2024, 3, 15, 8, 0, 0);
    Console.WriteLine(span + " | " + span.TotalDays.ToString("F3") + " days | " + span.Days + "d " + span.Hours + "h");
    var total = TimeSpan.Zero; foreach (var t in new[] { "01:30:00", "00:45:30", "2.03:00:05" }) total += TimeSpan.Parse(t, CultureInfo.InvariantCulture);
    Console.WriteLine("total " + total + " = " + total.TotalMinutes + " minutes; " + TimeSpan.FromSeconds(3725).ToString(@"hh\:mm\:ss") + " " + TimeSpan.FromMilliseconds(1500));
    var parsed = DateTime.ParseExact("31/12/1999 23:59", "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    Console.WriteLine(parsed.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss") + " " + parsed.Ticks + " " + (parsed < d) + " " + parsed.CompareTo(d));
    DateTime bad; Console.WriteLine(DateTime.TryParseExact("30/02/2024", "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out bad) + " " + bad.Year);
    PrintMonth(2024, 2); PrintMonth(2023, 10);
    var holidays = new HashSet<DateTime> { new DateTime(2024, 12, 25), new DateTime(2024, 12, 26), new DateTime(2025, 1, 1) };
    Console.WriteLine("next 8 working days: " + string.Join(" ", WorkingDays(new DateTime(2024, 12, 20), 8, holidays).Select(x => x.ToString("MM-dd ddd", CultureInfo.InvariantCulture))));
    var birthdays = new Dictionary<string, DateTime> { { "Ann", new DateTime(1990, 7, 14) }, { "Bob", new DateTime(1985, 2, 28) }, { "Cy", new DateTime(2000, 12, 31) } };
    var today = new DateTime(2024, 6, 1);
    foreach (var kv in birthdays.OrderBy(kv => kv.Value)) {
      int age = today.Year - kv.Value.Year - (today < kv.Value.AddYears(today.Year - kv.Value.Year) ? 1 : 0);
      var next = kv.Value.AddYears(today.Year - kv.Value.Year); if (next < today) next = next.AddYears(1);
      Console.WriteLine("{0,-4} age {1,2}, next birthday in {2,3} days ({3:yyyy-MM-dd}, a {4})", kv.Key, age, (next - today).Days, next, next.DayOfWeek);
    }
    Console.WriteLine(new DateTime(2024, 1, 1).AddTicks(1).Ticks - new DateTime(2024, 1, 1).Ticks + " " + DateTime.MinValue.ToString("yyyy-MM-dd") + " " + DateTime.MaxValue.Year + " " + new TimeSpan(1, 2, 3, 4, 5).TotalMilliseconds);
  }
}
