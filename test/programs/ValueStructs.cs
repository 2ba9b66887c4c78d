using System;
// Structs as locals, fields, array elements, arguments (by value and by ref), returns,
// with copy semantics, methods mutating through `this`, nested structs and default values.
struct Vec2 {
  public double X, Y;
  public Vec2(double x, double y) { X = x; Y = y; }
  public double Length { get { return Math.Sqrt(X * X + Y * Y); } }
  public Vec2 Add(Vec2 o) { return new Vec2(X + o.X, Y + o.Y); }
  public Vec2 Scaled(double k) { return new Vec2(X * k, Y * k); }
  public void Normalize() { double l = Length; if (l > 0) { X /= l; Y /= l; } }
  public override string ToString() { return "(" + X.ToString("F2") + ", " + Y.ToString("F2") + ")"; }
}
struct Particle {
  public Vec2 Pos, Vel;
  public int Id;
  public byte Flags;
  public void Step(double dt) { Pos = Pos.Add(Vel.Scaled(dt)); if (Pos.Y < 0) { Pos.Y = -Pos.Y; Vel.Y = -Vel.Y; Flags |= 1; } }
}
struct Rgb { public byte R, G, B; public Rgb(byte r, byte g, byte b) { R = r; G = g; B = b; } public int Packed { get { return R << 16 | G << 8 | B; } } }
struct Big { public long A, B, C, D; public int E; public short F; public bool G; }
class Holder { public Vec2 V; public Particle P; public Rgb[] Palette = new Rgb[3]; }
class ValueStructs {
  static void Bump(Vec2 v) { v.X += 100; }
  static void BumpRef(ref Vec2 v) { v.X += 100; }
  static void Make(out Vec2 v) { v = new Vec2(7, 8); }
  static Big MakeBig(int k) { Big b = new Big(); b.A = k; b.B = k * 2; b.C = k * 3; b.D = k * 4; b.E = -k; b.F = (short)k; b.G = k % 2 == 0; return b; }
  static long Sum(Big b) { return b.A + b.B + b.C + b.D + b.E + b.F + (b.G ? 1 : 0); }
  static Rgb Blend(Rgb a, Rgb b) { return new Rgb((byte)((a.R + b.R) / 2), (byte)((a.G + b.G) / 2), (byte)((a.B + b.B) / 2)); }
  static void Main() {
    Vec2 a = new Vec2(3, 4);
    Vec2 b = a;
    b.X = 10;
    Console.WriteLine(a + " " + b + " " + a.Length);
    Bump(a); Console.WriteLine(a);
    BumpRef(ref a); Console.WriteLine(a);
    Vec2 c; Make(out c); Console.WriteLine(c);
    c.Normalize(); Console.WriteLine(c);
    Vec2 d = default(Vec2); Console.WriteLine(d + " " + d.Length);
    var ps = new Particle[4];
    for (int i = 0; i < ps.Length; i++) { ps[i].Id = i; ps[i].Pos = new Vec2(i, 1); ps[i].Vel = new Vec2(1, -0.75 * i); }
    for (int t = 0; t < 5; t++) for (int i = 0; i < ps.Length; i++) ps[i].Step(0.5);
    foreach (Particle p in ps) Console.WriteLine("p{0} {1} {2} bounced={3}", p.Id, p.Pos, p.Vel, p.Flags);
    Particle copy = ps[1]; copy.Step(10); Console.WriteLine(ps[1].Pos + " vs " + copy.Pos);
    var h = new Holder();
    h.V.X = 5; h.V.Y = -1; h.P.Pos.X = 2; h.P.Id = 9;
    h.Palette[0] = new Rgb(255, 0, 0); h.Palette[1] = new Rgb(0, 0, 255); h.Palette[2] = Blend(h.Palette[0], h.Palette[1]);
    Console.WriteLine(h.V + " " + h.P.Pos + " " + h.P.Id + " " + h.Palette[2].Packed.ToString("X6"));
    h.Palette[2].G = 200; Console.WriteLine(h.Palette[2].Packed.ToString("X6"));
    Big big = MakeBig(7); Console.WriteLine(Sum(big) + " " + Sum(MakeBig(8)));
    Big[] bigs = new Big[3]; bigs[1] = MakeBig(3); bigs[2] = bigs[1]; bigs[2].A = 1000;
    Console.WriteLine(Sum(bigs[0]) + " " + Sum(bigs[1]) + " " + Sum(bigs[2]));
    object boxed = a; a.X = -1; Console.WriteLine(boxed + " " + a);
    Vec2 unboxed = (Vec2)boxed; Console.WriteLine(unboxed.Equals(boxed) + " " + unboxed.Equals(a));
    Vec2[] path = { new Vec2(0, 0), new Vec2(3, 4), new Vec2(6, 0) };
    double len = 0;
    for (int i = 1; i < path.Length; i++) len += new Vec2(path[i].X - path[i - 1].X, path[i].Y - path[i - 1].Y).Length;
    Console.WriteLine("path " + len);
  }
}
