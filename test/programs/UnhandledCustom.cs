using System;
using System.Collections.Generic;
// A configuration loader that fails: a custom exception with an inner exception escapes Main
// after some output and after finally blocks ran; the runtime reports it on stderr, exit 1.
class ConfigException : Exception {
  public string Key { get; private set; }
  public ConfigException(string key, string message, Exception inner) : base(message, inner) { Key = key; }
}
class Loader {
  readonly Dictionary<string, string> values = new Dictionary<string, string> { { "port", "8080" }, { "workers", "four" }, { "debug", "true" } };
  public int GetInt(string key) {
    try { return int.Parse(values[key]); }
    catch (FormatException e) { throw new ConfigException(key, "setting '" + key + "' is not a number", e); }
  }
}
class UnhandledCustom {
  static void Main() {
    var l = new Loader();
    Console.WriteLine("port " + l.GetInt("port"));
    try {
      Console.WriteLine("workers " + l.GetInt("workers"));
    } finally {
      Console.WriteLine("cleanup runs first");
    }
    Console.WriteLine("not reached");
  }
}
