using System;
using System.Collections.Generic;
// A vending machine as a state machine driven by string commands (string switch), with an
// integer switch over states and a char switch in a tiny lexer.
class StateMachine {
  enum State { Idle, HasCoins, Dispensing, OutOfOrder }
  static State state = State.Idle;
  static int credit;
  static Dictionary<string, int> prices = new Dictionary<string, int> { { "cola", 150 }, { "chips", 100 }, { "gum", 50 } };
  static Dictionary<string, int> stock = new Dictionary<string, int> { { "cola", 2 }, { "chips", 1 }, { "gum", 0 } };

  static string Handle(string cmd, string arg) {
    switch (cmd) {
      case "coin":
        if (state == State.OutOfOrder) return "machine out of order";
        int v;
        switch (arg) {
          case "quarter": v = 25; break;
          case "dime": v = 10; break;
          case "nickel": v = 5; break;
          case "dollar": v = 100; break;
          default: return "rejected coin '" + arg + "'";
        }
        credit += v; state = State.HasCoins;
        return "credit " + credit;
      case "select":
        if (state != State.HasCoins) return "insert coins first";
        if (!prices.ContainsKey(arg)) return "unknown item " + arg;
        if (stock[arg] == 0) return arg + " sold out";
        if (credit < prices[arg]) return "need " + (prices[arg] - credit) + " more";
        state = State.Dispensing;
        stock[arg]--; credit -= prices[arg];
        string r = "dispensed " + arg + (credit > 0 ? ", change " + credit : "");
        credit = 0; state = State.Idle;
        return r;
      case "refund":
        if (credit == 0) return "nothing to refund";
        int c = credit; credit = 0; state = State.Idle;
        return "refunded " + c;
      case "kick":
        state = State.OutOfOrder; return "ouch";
      case "fix":
      case "repair":
        state = credit > 0 ? State.HasCoins : State.Idle; return "fixed";
      default:
        return "unknown command " + cmd;
    }
  }

  static string Classify(char ch) {
    switch (ch) {
      case '+': case '-': case '*': case '/': return "op";
      case '(': case ')': return "paren";
      case ' ': case '\t': return "space";
      default:
        if (char.IsDigit(ch)) return "digit";
        if (char.IsLetter(ch)) return "letter";
        return "other";
    }
  }

  static string Describe(int n) {
    switch (n) {
      case 0: return "zero";
      case 1: return "one";
      case 2: return "two";
      case 3: case 4: case 5: return "a few";
      case 100: return "hundred";
      case -1: return "minus one";
    }
    return n > 100 ? "many" : "some";
  }

  static void Main() {
    string[] script = {
      "select cola", "coin quarter", "coin button", "coin dollar", "select cola", "coin dollar",
      "select gum", "select chips", "coin dollar", "coin dollar", "select cola", "refund",
      "kick", "coin dime", "repair", "coin dime", "refund", "dance", "select cola",
    };
    foreach (string line in script) {
      string[] parts = line.Split(' ');
      string res = Handle(parts[0], parts.Length > 1 ? parts[1] : "");
      Console.WriteLine("{0,-14} -> {1} [{2}]", line, res, state);
    }
    foreach (char ch in "x1+(y*2)/z ?") Console.Write(Classify(ch) + " ");
    Console.WriteLine();
    foreach (int n in new[] { 0, 1, 2, 4, 7, 100, 101, -1, -5 }) Console.Write(Describe(n) + "; ");
    Console.WriteLine();
    long big = 5000000000L;
    switch (big > int.MaxValue ? 1 : 0) { case 1: Console.WriteLine("long branch"); break; default: Console.WriteLine("int"); break; }
  }
}
