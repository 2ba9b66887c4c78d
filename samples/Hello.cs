// The bundled sample: a small program with classes, an interface, generics, a struct,
// exception handling and string formatting.
using System;
using System.Collections.Generic;
using System.Text;

namespace Sample
{
    interface IShape { double Area(); string Name { get; } }

    struct Vec { public double X, Y; public Vec(double x, double y) { X = x; Y = y; } }

    class Circle : IShape
    {
        readonly double r;
        public Circle(double r) { this.r = r; }
        public double Area() { return Math.PI * r * r; }
        public string Name { get { return "circle"; } }
    }

    class Rect : IShape
    {
        readonly Vec size;
        public Rect(double w, double h) { size = new Vec(w, h); }
        public double Area() { return size.X * size.Y; }
        public string Name { get { return "rect"; } }
    }

    static class Program
    {
        static int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

        static int Main(string[] args)
        {
            var shapes = new List<IShape> { new Circle(1.5), new Rect(2, 3.25) };
            var sb = new StringBuilder();
            foreach (var s in shapes) sb.Append(s.Name).Append('=').Append(s.Area().ToString("F3")).Append(' ');
            Console.WriteLine(sb.ToString().TrimEnd());
            Console.WriteLine("fib(20) = " + Fib(20));
            try
            {
                int zero = args.Length;
                Console.WriteLine(10 / zero);
            }
            catch (DivideByZeroException e)
            {
                Console.WriteLine("caught " + e.GetType().Name);
            }
            finally
            {
                Console.WriteLine("done");
            }
            return 0;
        }
    }
}
