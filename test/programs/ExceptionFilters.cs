using System;
// Exception filters (catch ... when): the filter decides whether its handler takes the
// exception, sees the exception object and locals, can have side effects; filters run before
// the finally blocks they enclose (two passes); an exception escaping a filter replaces the
// original one (Mono's behaviour).
class HttpError : Exception {
  public int Status;
  public HttpError(int status) : base("HTTP " + status) { Status = status; }
}
class ExceptionFilters {
  static int filterRuns;
  static bool Log(string what, bool result) { filterRuns++; Console.WriteLine("  filter " + what + " -> " + result); return result; }
  static string Fetch(int status) {
    try {
      if (status >= 400) throw new HttpError(status);
      return "ok " + status;
    }
    catch (HttpError e) when (e.Status == 404) { return "not found"; }
    catch (HttpError e) when (e.Status >= 500 && Log("server " + e.Status, e.Status != 503)) { return "server error " + e.Status; }
    catch (HttpError e) when (Log("client " + e.Status, e.Status < 500)) { return "client error " + e.Status; }
  }
  static int Retry(int failures) {
    int attempt = 0;
    while (true) {
      try {
        attempt++;
        if (attempt <= failures) throw new TimeoutException("attempt " + attempt);
        return attempt;
      } catch (TimeoutException) when (attempt < 3) {
        Console.WriteLine("  retrying after attempt " + attempt);
      }
    }
  }
  static bool Throws(Exception e) { throw new InvalidOperationException("filter failed"); }
  static void Main() {
    foreach (int s in new[] { 200, 404, 500, 418 }) Console.WriteLine(s + ": " + Fetch(s));
    try { Console.WriteLine(Fetch(503)); } catch (HttpError e) { Console.WriteLine("escaped: " + e.Message); }
    Console.WriteLine("retry ok at " + Retry(2));
    try { Retry(5); } catch (TimeoutException e) { Console.WriteLine("gave up: " + e.Message); }
    // Mono lets an exception escape a filter: it replaces the original one.
    try {
      try { throw new ArgumentException("inner"); }
      catch (ArgumentException e) when (Throws(e)) { Console.WriteLine("unreachable"); }
      catch (Exception e) { Console.WriteLine("not this clause either: " + e.Message); }
    } catch (InvalidOperationException e) { Console.WriteLine("escaped the filter: " + e.Message); }
    catch (ArgumentException e) { Console.WriteLine("original: " + e.Message); }
    int limit = 2;
    for (int i = 0; i < 4; i++) {
      try { throw new IndexOutOfRangeException("i=" + i); }
      catch (Exception e) when (i < limit) { Console.WriteLine("first handler " + e.Message); }
      catch (Exception e) { Console.WriteLine("second handler " + e.Message); }
    }
    try {
      try { throw new FormatException("bad"); }
      finally { Console.WriteLine("inner finally"); }
    } catch (FormatException e) when (Log("outer", true)) { Console.WriteLine("outer caught " + e.Message); }
    try { try { throw new Exception("x"); } catch (Exception) when (false) { } }
    catch (Exception e) when (e.Message == "x") { Console.WriteLine("passed through a false filter"); }
    try { try { throw new Exception("rethrown"); } catch (Exception e) when (e.Message.Length > 3) { Console.WriteLine("rethrowing"); throw; } }
    catch (Exception e) when (Log("after rethrow " + e.Message, true)) { Console.WriteLine("caught again"); }
    Console.WriteLine("filters ran " + filterRuns + " times");
  }
}
