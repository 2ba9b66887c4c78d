using System;
using System.Numerics;
using System.Text;
// Arbitrary precision with System.Numerics.BigInteger (factorials, Fibonacci, powers, gcd,
// modular exponentiation, parsing and formatting), checked against a hand-written base-10^9
// multiplication.
class BigNumbers {
  static string SlowFactorial(int n) {
    var digits = new System.Collections.Generic.List<uint> { 1 };
    for (uint k = 2; k <= n; k++) {
      ulong carry = 0;
      for (int i = 0; i < digits.Count; i++) { ulong v = (ulong)digits[i] * k + carry; digits[i] = (uint)(v % 1000000000); carry = v / 1000000000; }
      while (carry > 0) { digits.Add((uint)(carry % 1000000000)); carry /= 1000000000; }
    }
    var sb = new StringBuilder(digits[digits.Count - 1].ToString());
    for (int i = digits.Count - 2; i >= 0; i--) sb.Append(digits[i].ToString("D9"));
    return sb.ToString();
  }
  static void Main() {
    BigInteger f = 1; for (int i = 2; i <= 50; i++) f *= i;
    Console.WriteLine("50! = " + f);
    Console.WriteLine("matches hand-written: " + (f.ToString() == SlowFactorial(50)) + " " + (SlowFactorial(100).Length));
    BigInteger a = 0, b = 1; for (int i = 0; i < 200; i++) { var t = a + b; a = b; b = t; }
    Console.WriteLine("fib(200) = " + a);
    Console.WriteLine("2^128 = " + BigInteger.Pow(2, 128) + ", 3^100 mod 1e9+7 = " + BigInteger.ModPow(3, 100, 1000000007));
    var x = BigInteger.Parse("123456789012345678901234567890"); var y = BigInteger.Parse("-987654321098765432109876543210");
    Console.WriteLine(x * y); Console.WriteLine(y / x + " rem " + BigInteger.Remainder(y, x) + " gcd " + BigInteger.GreatestCommonDivisor(x, y));
    Console.WriteLine((x + y) + " " + BigInteger.Abs(y) + " " + BigInteger.Negate(x).Sign + " " + (x > y) + " " + x.CompareTo(y) + " " + x.IsEven);
    Console.WriteLine(((BigInteger)long.MaxValue + 1) + " " + (long)(new BigInteger(1L << 40) * 3) + " " + (double)BigInteger.Pow(10, 30));
    Console.WriteLine(new BigInteger(255).ToString("X") + " " + BigInteger.Parse("ff", System.Globalization.NumberStyles.HexNumber) + " " + BigInteger.Log10(BigInteger.Pow(10, 50)).ToString("F3"));
    Console.WriteLine(BitConverter.ToString(new BigInteger(-2).ToByteArray()) + " " + BigInteger.One + BigInteger.Zero + BigInteger.MinusOne);
  }
}
