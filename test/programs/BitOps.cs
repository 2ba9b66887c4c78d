using System;
// Bit manipulation: population count, parity, bit reversal, rotations, masks, Gray codes,
// powers of two, unsigned arithmetic and shifts, a bitset of primes, and BitConverter.
class BitOps {
  static int PopCount(ulong x) { int n = 0; while (x != 0) { x &= x - 1; n++; } return n; }
  static uint Reverse(uint x) { x = (x >> 1 & 0x55555555) | (x & 0x55555555) << 1; x = (x >> 2 & 0x33333333) | (x & 0x33333333) << 2; x = (x >> 4 & 0x0F0F0F0F) | (x & 0x0F0F0F0F) << 4; x = (x >> 8 & 0x00FF00FF) | (x & 0x00FF00FF) << 8; return x >> 16 | x << 16; }
  static uint RotL(uint x, int k) { return x << k | x >> (32 - k); }
  static ulong RotR(ulong x, int k) { return x >> k | x << (64 - k); }
  static int Log2(ulong x) { int r = -1; while (x != 0) { x >>= 1; r++; } return r; }
  static int TrailingZeros(uint x) { if (x == 0) return 32; int n = 0; while ((x & 1) == 0) { x >>= 1; n++; } return n; }
  static uint NextPow2(uint x) { x--; x |= x >> 1; x |= x >> 2; x |= x >> 4; x |= x >> 8; x |= x >> 16; return x + 1; }
  static string Bin(ulong x, int width) { var c = new char[width]; for (int i = 0; i < width; i++) c[width - 1 - i] = (x >> i & 1) != 0 ? '1' : '0'; return new string(c); }
  static void Main() {
    ulong[] vals = { 0, 1, 0xFF, 0x8000000000000000, 0xDEADBEEFCAFEBABE, ulong.MaxValue };
    foreach (ulong v in vals) Console.WriteLine("{0,20} pop {1,2} log2 {2,2} parity {3}", v, PopCount(v), Log2(v), PopCount(v) & 1);
    Console.WriteLine(Reverse(1).ToString("X8") + " " + Reverse(0x12345678).ToString("X8") + " " + RotL(0x80000001, 4).ToString("X8") + " " + RotR(0x1, 1).ToString("X16"));
    Console.WriteLine(TrailingZeros(40) + " " + TrailingZeros(0) + " " + NextPow2(1000) + " " + NextPow2(1024) + " " + NextPow2(1));
    for (uint i = 0; i < 8; i++) Console.Write(Bin(i ^ (i >> 1), 3) + " ");
    Console.WriteLine();
    uint u = 0xF0F0F0F0; int s = unchecked((int)u);
    Console.WriteLine(u + " " + s + " " + (u >> 4).ToString("X") + " " + (s >> 4).ToString("X") + " " + (u << 4).ToString("X") + " " + (uint)(s >> 28));
    Console.WriteLine((~0u) + " " + (~0UL) + " " + (-1 >> 31) + " " + ((uint)1 << 31));
    long big = long.MinValue; Console.WriteLine((big >> 63) + " " + ((ulong)big >> 63) + " " + (big >> 1).ToString("X") + " " + (1L << 40));
    int x = 1; x <<= 33; Console.WriteLine(x + " " + (1 << -1) + " " + (1L << 65) + " " + (0x80 >> 40));
    byte b = 0xAA; b = (byte)~b; Console.WriteLine(b + " " + (byte)(b << 1) + " " + unchecked((sbyte)0x80) + " " + unchecked((ushort)(-1)) + " " + unchecked((short)0x8000));
    var sieve = new ulong[16]; int limit = 1000;
    for (int i = 2; i < limit; i++) sieve[i >> 6] |= 1UL << (i & 63);
    for (int i = 2; i * i < limit; i++) if ((sieve[i >> 6] >> (i & 63) & 1) != 0) for (int j = i * i; j < limit; j += i) sieve[j >> 6] &= ~(1UL << (j & 63));
    int count = 0; foreach (ulong w in sieve) count += PopCount(w);
    Console.WriteLine("primes below 1000: " + count + ", word 0 = " + sieve[0].ToString("X16"));
    Console.WriteLine(BitConverter.ToString(BitConverter.GetBytes(0x01020304)) + " " + BitConverter.ToInt32(new byte[] { 0x78, 0x56, 0x34, 0x12 }, 0).ToString("X") + " " + BitConverter.IsLittleEndian);
    Console.WriteLine(BitConverter.ToString(BitConverter.GetBytes(1.5)) + " " + BitConverter.ToDouble(BitConverter.GetBytes(-2.25), 0) + " " + BitConverter.ToUInt16(new byte[] { 0xFF, 0x7F }, 0));
    uint flags = 0; flags |= 1u << 3; flags |= 1u << 7; flags &= ~(1u << 3); flags ^= 0xF;
    Console.WriteLine(Bin(flags, 12) + " " + ((flags & (1u << 7)) != 0) + " " + Convert.ToString((long)flags, 2));
    ulong a = 0xFFFFFFFFFFFFFFFF, c = 3; Console.WriteLine(a / c + " " + a % 10 + " " + unchecked(a * c) + " " + unchecked(a + 2) + " " + (a > c));
    uint q = 4000000000; Console.WriteLine(q / 3 + " " + (q > int.MaxValue) + " " + (double)q + " " + (long)q * 2 + " " + unchecked((int)q));
  }
}
