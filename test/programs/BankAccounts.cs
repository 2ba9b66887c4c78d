using System;
using System.Collections.Generic;
using System.Linq;
// A small bank: account types with different rules (overdraft, interest, withdrawal limits),
// transfers that must be atomic, a transaction log, custom exceptions, monthly processing and
// a statement printed with decimal formatting.
class InsufficientFundsException : Exception {
  public decimal Requested, Available;
  public InsufficientFundsException(string acct, decimal req, decimal avail) : base(string.Format("{0}: insufficient funds (requested {1:F2}, available {2:F2})", acct, req, avail)) { Requested = req; Available = avail; }
}
class AccountFrozenException : InvalidOperationException { public AccountFrozenException(string id) : base("account " + id + " is frozen") { } }
enum TxKind { Deposit, Withdrawal, TransferIn, TransferOut, Interest, Fee }
struct Transaction { public int Seq; public TxKind Kind; public decimal Amount; public decimal Balance; public string Memo; }
abstract class Account {
  static int nextSeq = 1;
  public string Id { get; private set; }
  public string Owner { get; private set; }
  public decimal Balance { get; protected set; }
  public bool Frozen { get; set; }
  protected readonly List<Transaction> log = new List<Transaction>();
  protected Account(string id, string owner) { Id = id; Owner = owner; }
  public virtual decimal Available { get { return Balance; } }
  protected void Record(TxKind k, decimal amount, string memo) { log.Add(new Transaction { Seq = nextSeq++, Kind = k, Amount = amount, Balance = Balance, Memo = memo }); }
  public void Deposit(decimal amount, string memo = "deposit") {
    if (amount <= 0) throw new ArgumentOutOfRangeException("amount", amount, "deposit must be positive");
    if (Frozen) throw new AccountFrozenException(Id);
    Balance += amount; Record(TxKind.Deposit, amount, memo);
  }
  public virtual void Withdraw(decimal amount, string memo = "withdrawal") {
    if (Frozen) throw new AccountFrozenException(Id);
    if (amount > Available) throw new InsufficientFundsException(Id, amount, Available);
    Balance -= amount; Record(TxKind.Withdrawal, amount, memo);
  }
  public abstract void MonthEnd();
  public IEnumerable<Transaction> History { get { return log; } }
  internal void ApplyTransfer(decimal signed, string memo) { Balance += signed; Record(signed > 0 ? TxKind.TransferIn : TxKind.TransferOut, Math.Abs(signed), memo); }
}
class Checking : Account {
  public decimal Overdraft;
  public Checking(string id, string owner, decimal overdraft) : base(id, owner) { Overdraft = overdraft; }
  public override decimal Available { get { return Balance + Overdraft; } }
  public override void MonthEnd() { if (Balance < 0) { decimal fee = Math.Round(-Balance * 0.015m, 2) + 5m; Balance -= fee; Record(TxKind.Fee, fee, "overdraft fee"); } }
}
class Savings : Account {
  public decimal Rate; int withdrawalsThisMonth;
  public Savings(string id, string owner, decimal rate) : base(id, owner) { Rate = rate; }
  public override void Withdraw(decimal amount, string memo = "withdrawal") {
    if (withdrawalsThisMonth >= 2) throw new InvalidOperationException(Id + ": withdrawal limit reached");
    base.Withdraw(amount, memo); withdrawalsThisMonth++;
  }
  public override void MonthEnd() { decimal i = Math.Round(Balance * Rate / 12, 2, MidpointRounding.AwayFromZero); if (i > 0) { Balance += i; Record(TxKind.Interest, i, "interest"); } withdrawalsThisMonth = 0; }
}
class Bank {
  readonly Dictionary<string, Account> accounts = new Dictionary<string, Account>();
  public Account Open(Account a) { accounts.Add(a.Id, a); return a; }
  public Account this[string id] { get { Account a; if (!accounts.TryGetValue(id, out a)) throw new KeyNotFoundException("no account " + id); return a; } }
  public void Transfer(string from, string to, decimal amount) {
    var a = this[from]; var b = this[to];
    if (a.Frozen) throw new AccountFrozenException(a.Id);
    if (b.Frozen) throw new AccountFrozenException(b.Id);
    if (amount > a.Available) throw new InsufficientFundsException(a.Id, amount, a.Available);
    a.ApplyTransfer(-amount, "to " + to); b.ApplyTransfer(amount, "from " + from);
  }
  public IEnumerable<Account> All { get { return accounts.Values; } }
}
class BankAccounts {
  static void Try(string what, Action a) {
    try { a(); Console.WriteLine("ok    " + what); }
    catch (InsufficientFundsException e) { Console.WriteLine("FAIL  " + what + ": " + e.Message + " short by " + (e.Requested - e.Available)); }
    catch (ArgumentOutOfRangeException e) { Console.WriteLine("FAIL  " + what + ": " + e.ParamName + " " + e.ActualValue); }
    catch (InvalidOperationException e) { Console.WriteLine("FAIL  " + what + ": " + e.GetType().Name + " " + e.Message); }
    catch (KeyNotFoundException e) { Console.WriteLine("FAIL  " + what + ": " + e.Message); }
  }
  static void Main() {
    var bank = new Bank();
    bank.Open(new Checking("C-1", "Ada", 200m)); bank.Open(new Savings("S-1", "Ada", 0.04m)); bank.Open(new Checking("C-2", "Bo", 0m));
    Try("deposit 1000 to C-1", () => bank["C-1"].Deposit(1000m, "salary"));
    Try("deposit 5000 to S-1", () => bank["S-1"].Deposit(5000m));
    Try("withdraw 1150 from C-1", () => bank["C-1"].Withdraw(1150m, "rent"));
    Try("withdraw 100 from C-1", () => bank["C-1"].Withdraw(100m));
    Try("deposit -5 to C-2", () => bank["C-2"].Deposit(-5m));
    Try("transfer 300 S-1 -> C-2", () => bank.Transfer("S-1", "C-2", 300m));
    Try("withdraw 50 from S-1", () => bank["S-1"].Withdraw(50m));
    Try("withdraw 60 from S-1", () => bank["S-1"].Withdraw(60m));
    Try("withdraw 70 from S-1", () => bank["S-1"].Withdraw(70m));
    Try("transfer 500 C-2 -> X-9", () => bank.Transfer("C-2", "X-9", 500m));
    bank["C-2"].Frozen = true;
    Try("deposit 10 to frozen C-2", () => bank["C-2"].Deposit(10m));
    Try("transfer 10 C-1 -> C-2", () => bank.Transfer("C-1", "C-2", 10m));
    for (int month = 1; month <= 3; month++) foreach (var a in bank.All) a.MonthEnd();
    foreach (var a in bank.All.OrderBy(x => x.Id)) {
      Console.WriteLine("== {0} ({1}, {2}) balance {3:N2} available {4:N2}", a.Id, a.Owner, a.GetType().Name, a.Balance, a.Available);
      foreach (var t in a.History) Console.WriteLine("  #{0,-3}{1,-12}{2,10:F2}{3,11:F2}  {4}", t.Seq, t.Kind, t.Amount, t.Balance, t.Memo);
    }
    var totals = bank.All.GroupBy(a => a.Owner).Select(g => g.Key + ": " + g.Sum(a => a.Balance).ToString("F2"));
    Console.WriteLine(string.Join("; ", totals));
    Console.WriteLine("interest paid: " + bank.All.SelectMany(a => a.History).Where(t => t.Kind == TxKind.Interest).Sum(t => t.Amount));
  }
}
