// Checked arithmetic and conversions caught in the same method, with finally blocks, and the
// division corner cases (MIN / -1, MIN % -1, x % -1, division by zero).
using System;

class P
{
    static int Z = int.MaxValue;
    static string Try(Func<long> f)
    {
        try { return f().ToString(); }
        catch (Exception e) { return e.GetType().Name; }
    }
    static int Local(int a)
    {
        int r = 0;
        try { checked { r = a + Z; } }
        catch (OverflowException) { r = -1; }
        finally { r += 1000; }
        return r;
    }
    static long Conv(double d)
    {
        long r;
        try { r = checked((int)d); }
        catch (OverflowException) { r = -7; }
        try { r += checked((byte)(r + 200)); }
        catch (OverflowException) { r -= 1; }
        return r;
    }
    static int MulIn(int a, int b) { try { return checked(a * b); } catch (OverflowException) { return int.MinValue; } }
    static long MulIn64(long a, long b) { try { return checked(a * b); } catch (OverflowException) { return long.MinValue; } }
    static ulong MulInU(ulong a, ulong b) { try { return checked(a * b); } catch (OverflowException) { return 1; } }
    static uint SubU(uint a, uint b) { try { return checked(a - b); } catch (OverflowException) { return 42; } }

    static int Main()
    {
        Console.WriteLine(Local(0) + " " + Local(1) + " " + Local(-5));
        foreach (double d in new[] { 1.5, -3.9, 3e9, -3e9, double.NaN, 2147483647.9, -2147483648.9 }) Console.WriteLine(Conv(d));
        Console.WriteLine(MulIn(65536, 32768) + " " + MulIn(-65536, 32768) + " " + MulIn(1000, 1000));
        Console.WriteLine(MulIn64(long.MaxValue, 2) + " " + MulIn64(-1, long.MinValue) + " " + MulIn64(-1, 5) + " " + MulIn64(1L << 31, 1L << 31));
        Console.WriteLine(MulInU(ulong.MaxValue, 2) + " " + MulInU(1UL << 32, 1UL << 31) + " " + SubU(3, 5) + " " + SubU(5, 3));
        int min = int.MinValue, m1 = -1, zero = 0;
        long lmin = long.MinValue;
        Console.WriteLine(Try(() => min / m1) + " " + Try(() => min % m1) + " " + Try(() => 7 % m1) + " " + Try(() => 7 / zero) + " " + Try(() => lmin % -1L) + " " + Try(() => lmin / -1L));
        checked { try { int x = Z; x++; Console.WriteLine(x); } catch (OverflowException e) { Console.WriteLine("outer " + e.Message); } }
        return 0;
    }
}
