// Unmanaged memory through Marshal: AllocHGlobal/ReAllocHGlobal/FreeHGlobal, Copy in both
// directions, Read/Write of integers, string conversions (UTF-8 "Ansi" and UTF-16), and
// pointer access to the same memory.
using System;
using System.Runtime.InteropServices;
unsafe static class Program {
  static void Main() {
    IntPtr p = Marshal.AllocHGlobal(64);
    Marshal.Copy(new byte[] { 1, 2, 3, 4, 5 }, 0, p, 5);
    var back = new byte[5]; Marshal.Copy(p, back, 1, 4); Console.WriteLine(string.Join(",", back));
    Marshal.WriteInt32(p, 8, 0x12345678); Marshal.WriteInt64(p, 16, -2); Marshal.WriteInt16(p, 24, 300); Marshal.WriteByte(p, 26, 9);
    Console.WriteLine(Marshal.ReadInt32(p, 8).ToString("X") + " " + Marshal.ReadInt64(p, 16) + " " + Marshal.ReadInt16(p, 24) + " " + Marshal.ReadByte(p, 26) + " " + ((int*)p)[2].ToString("X"));
    var ints = new[] { 10, 20, 30 }; Marshal.Copy(ints, 0, p + 32, 3); var got = new int[3]; Marshal.Copy(p + 32, got, 0, 3); Console.WriteLine(string.Join(",", got) + " " + *((int*)(p + 36)));
    var doubles = new[] { 1.5, -2.25 }; Marshal.Copy(doubles, 0, p, 2); Console.WriteLine(*(double*)p + " " + ((double*)p)[1]);
    p = Marshal.ReAllocHGlobal(p, (IntPtr)128); Console.WriteLine(*(double*)p);
    Marshal.FreeHGlobal(p);
    IntPtr s = Marshal.StringToHGlobalAnsi("héllo wörld"); Console.WriteLine(Marshal.PtrToStringAnsi(s) + " " + Marshal.PtrToStringAnsi(s, 5) + " " + ((byte*)s)[1]); Marshal.FreeHGlobal(s);
    IntPtr u = Marshal.StringToHGlobalUni("Ünïcode"); Console.WriteLine(Marshal.PtrToStringUni(u) + " " + Marshal.PtrToStringUni(u, 3) + " " + ((char*)u)[0]); Marshal.FreeHGlobal(u);
    Console.WriteLine(Marshal.PtrToStringAnsi(IntPtr.Zero) == null);
    IntPtr c = Marshal.AllocCoTaskMem(16); Marshal.WriteIntPtr(c, new IntPtr(42)); Console.WriteLine(Marshal.ReadIntPtr(c)); Marshal.FreeCoTaskMem(c);
  }
}
