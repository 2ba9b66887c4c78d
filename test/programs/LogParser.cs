using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
// A web server log analyser: parses access-log lines with a regular expression, tallies
// status codes, bytes per path and requests per hour, finds slow requests and malformed lines,
// and rewrites IP addresses with a replacement pattern.
class Entry { public string Ip, Method, Path; public int Status, Bytes; public double Ms; public int Hour; }
class LogParser {
  const string Log = @"10.0.0.1 - - [12/Mar/2024:09:15:02] ""GET /index.html HTTP/1.1"" 200 5120 12.5
10.0.0.2 - - [12/Mar/2024:09:15:09] ""GET /about.html HTTP/1.1"" 200 2048 8.1
192.168.1.20 - - [12/Mar/2024:09:47:55] ""POST /api/login HTTP/1.1"" 401 128 230.4
10.0.0.1 - - [12/Mar/2024:10:02:13] ""GET /img/logo.png HTTP/1.1"" 304 0 1.2
this line is garbage
172.16.5.4 - - [12/Mar/2024:10:05:44] ""GET /api/items?page=2 HTTP/1.1"" 200 18400 512.9
10.0.0.2 - - [12/Mar/2024:11:30:00] ""DELETE /api/items/17 HTTP/1.1"" 500 64 1204.0
192.168.1.20 - - [12/Mar/2024:11:31:17] ""POST /api/login HTTP/1.1"" 200 256 180.3
10.0.0.9 - - [12/Mar/2024:11:59:59] ""GET /index.html HTTP/1.1"" 200 5120 10.0
10.0.0.1 - - [bad date] ""GET / HTTP/1.1"" 200 1 1";
  static readonly Regex Line = new Regex(@"^(?<ip>\d{1,3}(?:\.\d{1,3}){3}) - - \[(?<day>\d{2})/(?<mon>\w{3})/(?<year>\d{4}):(?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})\] ""(?<method>[A-Z]+) (?<path>\S+) HTTP/1\.[01]"" (?<status>\d{3}) (?<bytes>\d+) (?<ms>[\d.]+)$");
  static void Main() {
    var entries = new List<Entry>(); int lineNo = 0;
    foreach (var raw in Log.Split('\n')) {
      lineNo++;
      var m = Line.Match(raw.TrimEnd('\r'));
      if (!m.Success) { Console.WriteLine("line {0}: unparsed: {1}", lineNo, raw.Length > 30 ? raw.Substring(0, 30) + "..." : raw); continue; }
      entries.Add(new Entry {
        Ip = m.Groups["ip"].Value, Method = m.Groups["method"].Value, Path = m.Groups["path"].Value,
        Status = int.Parse(m.Groups["status"].Value), Bytes = int.Parse(m.Groups["bytes"].Value),
        Ms = double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture), Hour = int.Parse(m.Groups["h"].Value),
      });
    }
    Console.WriteLine("{0} requests, {1} bytes, {2} distinct clients", entries.Count, entries.Sum(e => e.Bytes), entries.Select(e => e.Ip).Distinct().Count());
    foreach (var g in entries.GroupBy(e => e.Status / 100).OrderBy(g => g.Key)) Console.WriteLine("  {0}xx: {1}", g.Key, g.Count());
    foreach (var g in entries.GroupBy(e => Regex.Replace(e.Path, @"\?.*$|/\d+$", "")).OrderByDescending(g => g.Sum(e => e.Bytes)).ThenBy(g => g.Key, StringComparer.Ordinal))
      Console.WriteLine("  {0,-16} {1,3} req {2,7} bytes avg {3,8:F1} ms", g.Key, g.Count(), g.Sum(e => e.Bytes), g.Average(e => e.Ms));
    Console.WriteLine("per hour: " + string.Join(" ", entries.GroupBy(e => e.Hour).OrderBy(g => g.Key).Select(g => g.Key + "h=" + g.Count())));
    var slow = entries.Where(e => e.Ms > 200).OrderByDescending(e => e.Ms);
    foreach (var e in slow) Console.WriteLine("slow: {0} {1} {2} ms status {3}", e.Method, e.Path, e.Ms, e.Status);
    var masked = Regex.Replace(Log.Split('\n')[2], @"(\d+)\.(\d+)\.(\d+)\.(\d+)", "$1.$2.x.x");
    Console.WriteLine(masked.Substring(0, 40));
    var query = Regex.Match(entries[4].Path, @"\?(\w+)=(\w+)");
    Console.WriteLine("query {0} = {1}", query.Groups[1].Value, query.Groups[2].Value);
    var words = Regex.Matches("The rain in Spain stays mainly in the plain", @"\b\w*ain\b").Cast<Match>().Select(x => x.Value);
    Console.WriteLine(string.Join(",", words) + " " + Regex.IsMatch("2024-03-12", @"^\d{4}-\d{2}-\d{2}$") + " " + Regex.Escape("a.b*c"));
    Console.WriteLine(string.Join("|", Regex.Split("one1two22three", @"\d+")) + " " + Regex.Replace("hello world", @"\b(\w)", mm => mm.Value.ToUpper()));
  }
}
