// Multi-dimensional arrays: construction, element access, references to elements, bounds checks.
using System;
class P {
  static int Main() {
    var m = new int[3, 4];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) m[i, j] = i * 10 + j;
    var s = new string[2, 2];
    s[1, 0] = "x"; s[0, 1] = "y";
    double[,,] c = new double[2, 2, 2];
    c[1, 1, 1] = 2.5;
    m[2, 3] += 100;
    Console.WriteLine(m[2, 3] + " " + m[1, 2] + " " + s[1, 0] + s[0, 1] + " " + c[1, 1, 1] + " " + m.Length + " " + m.GetLength(1));
    try { m[3, 0] = 1; } catch (IndexOutOfRangeException) { Console.WriteLine("caught"); }
    return m[0, 1];
  }
}
