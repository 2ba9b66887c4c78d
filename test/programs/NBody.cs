using System;
using System.Diagnostics;
// The n-body benchmark (doubles, struct-free arrays of bodies, Math.Sqrt): advances the five
// Jovian planets N steps and prints the energy before and after. Argument: N.
class Body { public double X, Y, Z, Vx, Vy, Vz, Mass; }
class NBody {
  const double Pi = 3.141592653589793, SolarMass = 4 * Pi * Pi, DaysPerYear = 365.24;
  static Body[] Bodies() {
    return new[] {
      new Body { Mass = SolarMass },
      new Body { X = 4.84143144246472090e+00, Y = -1.16032004402742839e+00, Z = -1.03622044471123109e-01, Vx = 1.66007664274403694e-03 * DaysPerYear, Vy = 7.69901118419740425e-03 * DaysPerYear, Vz = -6.90460016972063023e-05 * DaysPerYear, Mass = 9.54791938424326609e-04 * SolarMass },
      new Body { X = 8.34336671824457987e+00, Y = 4.12479856412430479e+00, Z = -4.03523417114321381e-01, Vx = -2.76742510726862411e-03 * DaysPerYear, Vy = 4.99852801234917238e-03 * DaysPerYear, Vz = 2.30417297573763929e-05 * DaysPerYear, Mass = 2.85885980666130812e-04 * SolarMass },
      new Body { X = 1.28943695621391310e+01, Y = -1.51111514016986312e+01, Z = -2.23307578892655734e-01, Vx = 2.96460137564761618e-03 * DaysPerYear, Vy = 2.37847173959480950e-03 * DaysPerYear, Vz = -2.96589568540237556e-05 * DaysPerYear, Mass = 4.36624404335156298e-05 * SolarMass },
      new Body { X = 1.53796971148509165e+01, Y = -2.59193146099879641e+01, Z = 1.79258772950371181e-01, Vx = 2.68067772490389322e-03 * DaysPerYear, Vy = 1.62824170038242295e-03 * DaysPerYear, Vz = -9.51592254519715870e-05 * DaysPerYear, Mass = 5.15138902046611451e-05 * SolarMass },
    };
  }
  static void Offset(Body[] b) {
    double px = 0, py = 0, pz = 0;
    foreach (var x in b) { px += x.Vx * x.Mass; py += x.Vy * x.Mass; pz += x.Vz * x.Mass; }
    b[0].Vx = -px / SolarMass; b[0].Vy = -py / SolarMass; b[0].Vz = -pz / SolarMass;
  }
  static double Energy(Body[] b) {
    double e = 0;
    for (int i = 0; i < b.Length; i++) {
      var x = b[i];
      e += 0.5 * x.Mass * (x.Vx * x.Vx + x.Vy * x.Vy + x.Vz * x.Vz);
      for (int j = i + 1; j < b.Length; j++) { var y = b[j]; double dx = x.X - y.X, dy = x.Y - y.Y, dz = x.Z - y.Z; e -= x.Mass * y.Mass / Math.Sqrt(dx * dx + dy * dy + dz * dz); }
    }
    return e;
  }
  static void Advance(Body[] b, double dt) {
    for (int i = 0; i < b.Length; i++) {
      var x = b[i];
      for (int j = i + 1; j < b.Length; j++) {
        var y = b[j];
        double dx = x.X - y.X, dy = x.Y - y.Y, dz = x.Z - y.Z;
        double d2 = dx * dx + dy * dy + dz * dz;
        double mag = dt / (d2 * Math.Sqrt(d2));
        x.Vx -= dx * y.Mass * mag; x.Vy -= dy * y.Mass * mag; x.Vz -= dz * y.Mass * mag;
        y.Vx += dx * x.Mass * mag; y.Vy += dy * x.Mass * mag; y.Vz += dz * x.Mass * mag;
      }
    }
    foreach (var x in b) { x.X += dt * x.Vx; x.Y += dt * x.Vy; x.Z += dt * x.Vz; }
  }
  static void Main(string[] args) {
    int n = args.Length > 0 ? int.Parse(args[0]) : 20000;
    var warm = Bodies(); Offset(warm); Advance(warm, 0.01); Energy(warm); // compiles the kernel before it is timed
    var bodies = Bodies(); Offset(bodies);
    Console.WriteLine(Energy(bodies).ToString("F9"));
    // The stopwatch's own methods are compiled on first use: use them once before timing.
    var warmup = Stopwatch.StartNew(); warmup.Stop(); if (warmup.Elapsed.TotalMilliseconds < 0) return;
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < n; i++) Advance(bodies, 0.01);
    sw.Stop();
    Console.WriteLine(Energy(bodies).ToString("F9"));
    Console.Error.WriteLine("kernel-ms " + sw.Elapsed.TotalMilliseconds.ToString("F1"));
  }
}
