using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
// A JSON-like document model: values (null, bool, number, string, array, object) built from
// a small parser, pretty-printed with indentation and string escapes, queried by path, and
// round-tripped through compact output.
abstract class JValue {
  public abstract void Write(StringBuilder sb, int indent, bool pretty);
  public override string ToString() { var sb = new StringBuilder(); Write(sb, 0, false); return sb.ToString(); }
  public string Pretty() { var sb = new StringBuilder(); Write(sb, 0, true); return sb.ToString(); }
  protected static void NewLine(StringBuilder sb, int indent, bool pretty) { if (pretty) sb.Append('\n').Append(' ', indent * 2); }
}
class JNull : JValue { public override void Write(StringBuilder sb, int i, bool p) { sb.Append("null"); } }
class JBool : JValue { public bool V; public JBool(bool v) { V = v; } public override void Write(StringBuilder sb, int i, bool p) { sb.Append(V ? "true" : "false"); } }
class JNumber : JValue { public double V; public JNumber(double v) { V = v; } public override void Write(StringBuilder sb, int i, bool p) { sb.Append(V.ToString("R", CultureInfo.InvariantCulture)); } }
class JString : JValue {
  public string V; public JString(string v) { V = v; }
  public override void Write(StringBuilder sb, int i, bool p) {
    sb.Append('"');
    foreach (char c in V) {
      switch (c) {
        case '"': sb.Append("\\\""); break;
        case '\\': sb.Append("\\\\"); break;
        case '\n': sb.Append("\\n"); break;
        case '\t': sb.Append("\\t"); break;
        default: if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4")); else sb.Append(c); break;
      }
    }
    sb.Append('"');
  }
}
class JArray : JValue {
  public List<JValue> Items = new List<JValue>();
  public override void Write(StringBuilder sb, int indent, bool p) {
    if (Items.Count == 0) { sb.Append("[]"); return; }
    sb.Append('[');
    for (int k = 0; k < Items.Count; k++) { if (k > 0) sb.Append(','); NewLine(sb, indent + 1, p); Items[k].Write(sb, indent + 1, p); }
    NewLine(sb, indent, p); sb.Append(']');
  }
}
class JObject : JValue {
  public List<KeyValuePair<string, JValue>> Members = new List<KeyValuePair<string, JValue>>();
  public JValue this[string key] { get { foreach (var m in Members) if (m.Key == key) return m.Value; return null; } }
  public override void Write(StringBuilder sb, int indent, bool p) {
    if (Members.Count == 0) { sb.Append("{}"); return; }
    sb.Append('{');
    for (int k = 0; k < Members.Count; k++) {
      if (k > 0) sb.Append(',');
      NewLine(sb, indent + 1, p); new JString(Members[k].Key).Write(sb, 0, p); sb.Append(p ? ": " : ":"); Members[k].Value.Write(sb, indent + 1, p);
    }
    NewLine(sb, indent, p); sb.Append('}');
  }
}
class ParseError : Exception { public int Pos; public ParseError(string m, int pos) : base(m + " at " + pos) { Pos = pos; } }
class Parser {
  readonly string s; int i;
  public Parser(string s) { this.s = s; }
  public JValue ParseDocument() { var v = Value(); Ws(); if (i != s.Length) throw new ParseError("trailing characters", i); return v; }
  void Ws() { while (i < s.Length && char.IsWhiteSpace(s[i])) i++; }
  char Peek() { Ws(); if (i >= s.Length) throw new ParseError("unexpected end", i); return s[i]; }
  void Expect(char c) { if (Peek() != c) throw new ParseError("expected '" + c + "' but found '" + s[i] + "'", i); i++; }
  JValue Value() {
    char c = Peek();
    switch (c) {
      case '{': return Obj();
      case '[': return Arr();
      case '"': return new JString(Str());
      case 't': Word("true"); return new JBool(true);
      case 'f': Word("false"); return new JBool(false);
      case 'n': Word("null"); return new JNull();
      default:
        if (c == '-' || char.IsDigit(c)) return Num();
        throw new ParseError("unexpected '" + c + "'", i);
    }
  }
  void Word(string w) { if (string.CompareOrdinal(s, i, w, 0, w.Length) != 0) throw new ParseError("bad literal", i); i += w.Length; }
  JValue Num() { int st = i; if (s[i] == '-') i++; while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.' || s[i] == 'e' || s[i] == 'E' || s[i] == '+' || s[i] == '-')) i++; return new JNumber(double.Parse(s.Substring(st, i - st), CultureInfo.InvariantCulture)); }
  string Str() {
    Expect('"'); var sb = new StringBuilder();
    while (true) {
      if (i >= s.Length) throw new ParseError("unterminated string", i);
      char c = s[i++];
      if (c == '"') return sb.ToString();
      if (c != '\\') { sb.Append(c); continue; }
      char e = s[i++];
      switch (e) { case 'n': sb.Append('\n'); break; case 't': sb.Append('\t'); break; case 'u': sb.Append((char)Convert.ToInt32(s.Substring(i, 4), 16)); i += 4; break; default: sb.Append(e); break; }
    }
  }
  JArray Arr() { Expect('['); var a = new JArray(); if (Peek() == ']') { i++; return a; } while (true) { a.Items.Add(Value()); if (Peek() == ',') { i++; continue; } Expect(']'); return a; } }
  JObject Obj() { Expect('{'); var o = new JObject(); if (Peek() == '}') { i++; return o; } while (true) { Ws(); string k = Str(); Expect(':'); o.Members.Add(new KeyValuePair<string, JValue>(k, Value())); if (Peek() == ',') { i++; continue; } Expect('}'); return o; } }
}
class JsonPrinter {
  static JValue Query(JValue v, string path) {
    foreach (var part in path.Split('.')) {
      int idx;
      if (int.TryParse(part, out idx)) { var a = v as JArray; v = a != null && idx < a.Items.Count ? a.Items[idx] : null; }
      else { var o = v as JObject; v = o != null ? o[part] : null; }
      if (v == null) return null;
    }
    return v;
  }
  static void Main() {
    string doc = @"{ ""name"": ""ngen"", ""version"": 1.5, ""tags"": [""jit"", ""wasm"", ""x86-64""],
      ""stable"": false, ""owner"": null, ""limits"": { ""heap"": 1073741824, ""ratio"": 0.125, ""neg"": -3e-5 },
      ""matrix"": [[1, 2], [3, 4], []], ""quote"": ""she said \""hi\""\tthen\nleft \u00e9"", ""empty"": {} }";
    var v = new Parser(doc).ParseDocument();
    Console.WriteLine(v.Pretty());
    Console.WriteLine(v);
    Console.WriteLine(new Parser(v.ToString()).ParseDocument().ToString() == v.ToString());
    foreach (var q in new[] { "name", "tags.1", "limits.ratio", "matrix.1.0", "matrix.2", "missing.x", "tags.9" }) Console.WriteLine("{0} => {1}", q, Query(v, q) == null ? "(none)" : Query(v, q).ToString());
    foreach (var bad in new[] { "[1, 2", "{\"a\" 1}", "tru", "[1] x", "\"open", "{\"k\": @}" }) {
      try { new Parser(bad).ParseDocument(); Console.WriteLine("parsed?!"); } catch (ParseError e) { Console.WriteLine("error: " + e.Message + " (pos " + e.Pos + ")"); }
    }
    var built = new JObject();
    built.Members.Add(new KeyValuePair<string, JValue>("count", new JNumber(3)));
    var arr = new JArray(); for (int k = 0; k < 3; k++) arr.Items.Add(new JNumber(k * 0.1));
    built.Members.Add(new KeyValuePair<string, JValue>("values", arr));
    Console.WriteLine(built.Pretty());
  }
}
