// Marshal.SizeOf: unmanaged sizes of primitives and of sequential, explicit, packed, nested and
// Unicode structs and classes; the ArgumentException for types without a marshalable layout.
using System;
using System.Runtime.InteropServices;
struct A { public int X; public byte B; }
struct Bo { public bool F; public char C; public int I; }
struct S { public string Str; public int I; }
[StructLayout(LayoutKind.Sequential, Pack = 1)] struct P { public byte B; public long L; }
[StructLayout(LayoutKind.Explicit, Size = 24)] struct E { [FieldOffset(4)] public int I; }
[StructLayout(LayoutKind.Sequential)] class C { public int I; public double D; }
class Auto { public int I; }
struct Nested { public A a; public short s; }
enum En : short { X }
[StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)] struct U { public char C; public char D; }
static class Program {
  static void T(Type t) { try { Console.WriteLine(t.Name + " " + Marshal.SizeOf(t)); } catch (Exception e) { Console.WriteLine(t.Name + " " + e.GetType().Name + ": " + e.Message); } }
  static void Main() {
    foreach (var t in new[] { typeof(int), typeof(bool), typeof(char), typeof(byte), typeof(long), typeof(double), typeof(IntPtr), typeof(A), typeof(Bo), typeof(S), typeof(P), typeof(E), typeof(C), typeof(Auto), typeof(Nested), typeof(En), typeof(U), typeof(string), typeof(decimal), typeof(DateTime), typeof(Guid), typeof(int[]), typeof(System.Collections.Generic.KeyValuePair<int,int>) }) T(t);
    Console.WriteLine(Marshal.SizeOf(new A()) + " " + Marshal.SizeOf<long>());
  }
}
