// Files and directories through the class library: File/Directory/Path helpers, FileStream
// modes, seeking and lengths, readers and writers, FileInfo/DirectoryInfo, searches with
// patterns and subdirectories, copies and moves, attributes, the exceptions for missing files
// and paths and for CreateNew on an existing file, the temporary directory, and standard input.
using System;
using System.IO;
using System.Linq;
using System.Text;
static class Program {
  static void Main() {
    string dir = Path.Combine(Path.GetTempPath(), "ngen-fs-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(dir);
    string f = Path.Combine(dir, "a.txt");
    File.WriteAllText(f, "line one\nline two\n");
    File.AppendAllText(f, "line three\n");
    File.AppendAllLines(f, new[] { "four", "five" });
    Console.WriteLine(File.Exists(f) + " " + File.Exists(dir) + " " + Directory.Exists(dir) + " " + new FileInfo(f).Length + " " + File.ReadAllLines(f).Length + " " + File.ReadLines(f).Last());
    File.WriteAllLines(Path.Combine(dir, "b.txt"), new[] { "x", "y", "z" });
    File.WriteAllBytes(Path.Combine(dir, "c.bin"), new byte[] { 1, 2, 3, 255 });
    Console.WriteLine(File.ReadAllBytes(Path.Combine(dir, "c.bin")).Sum(b => b) + " " + File.ReadAllText(Path.Combine(dir, "b.txt"), Encoding.UTF8).Replace("\n", "/"));
    using (var sw = new StreamWriter(Path.Combine(dir, "d.txt"))) { for (int i = 0; i < 5; i++) sw.WriteLine("row {0}", i); }
    using (var sr = new StreamReader(Path.Combine(dir, "d.txt"))) { string l; int n = 0; while ((l = sr.ReadLine()) != null) n += l.Length; Console.WriteLine(n + " " + sr.EndOfStream); }
    using (var fs = new FileStream(Path.Combine(dir, "e.bin"), FileMode.Create, FileAccess.ReadWrite)) {
      fs.WriteByte(7); fs.Write(new byte[] { 8, 9, 10 }, 0, 3);
      fs.Seek(1, SeekOrigin.Begin); Console.Write(fs.ReadByte() + " " + fs.Position + " ");
      fs.Seek(-1, SeekOrigin.End); Console.Write(fs.ReadByte() + " " + fs.ReadByte() + " ");
      fs.SetLength(2); Console.WriteLine(fs.Length + " " + fs.CanSeek + " " + fs.Position);
    }
    using (var fs = new FileStream(Path.Combine(dir, "e.bin"), FileMode.Append)) { fs.WriteByte(42); }
    using (var fs = File.OpenRead(Path.Combine(dir, "e.bin"))) { var buf = new byte[16]; int n = fs.Read(buf, 0, 16); Console.WriteLine(n + " " + string.Join(",", buf.Take(n))); }
    Console.WriteLine(string.Join(",", Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(x => x)) + " | " + string.Join(",", Directory.GetFiles(dir, "*.txt").Select(Path.GetFileName).OrderBy(x => x)) + " | " + Directory.GetFiles(dir, "?.bin").Length);
    Console.WriteLine(Path.GetExtension(f) + " " + Path.GetFileNameWithoutExtension(f) + " " + Path.ChangeExtension("x/y.txt", ".md") + " " + Path.IsPathRooted(dir) + " " + Path.GetFileName(Path.GetDirectoryName(f)) == Path.GetFileName(dir));
    File.Copy(f, Path.Combine(dir, "copy.txt"));
    try { File.Copy(f, Path.Combine(dir, "copy.txt")); } catch (IOException e) { Console.WriteLine("copy: " + e.GetType().Name); }
    File.Copy(f, Path.Combine(dir, "copy.txt"), true);
    File.Move(Path.Combine(dir, "copy.txt"), Path.Combine(dir, "moved.txt")); File.Delete(f); File.Delete(Path.Combine(dir, "never-there.txt"));
    Console.WriteLine(string.Join(",", new DirectoryInfo(dir).GetFiles("*.txt").Select(x => x.Name + ":" + x.Length).OrderBy(x => x)));
    Directory.CreateDirectory(Path.Combine(dir, "sub", "deep"));
    File.WriteAllText(Path.Combine(dir, "sub", "deep", "n.txt"), "nested");
    Console.WriteLine(Directory.GetDirectories(dir).Length + " " + Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Count() + " " + Directory.GetFiles(dir, "*.txt", SearchOption.AllDirectories).Length);
    Directory.Move(Path.Combine(dir, "sub"), Path.Combine(dir, "sub2"));
    var di = new DirectoryInfo(Path.Combine(dir, "sub2")); Console.WriteLine(di.Name + " " + di.Exists + " " + di.Parent.Name.StartsWith("ngen-fs-") + " " + di.GetDirectories()[0].Name + " " + File.ReadAllText(Path.Combine(dir, "sub2", "deep", "n.txt")));
    var fi = new FileInfo(Path.Combine(dir, "moved.txt")); Console.WriteLine(fi.Name + " " + fi.Extension + " " + fi.Directory.Name.StartsWith("ngen-fs-") + " " + fi.Exists + " " + (fi.Attributes & FileAttributes.ReadOnly) + " " + File.GetAttributes(dir));
    File.SetAttributes(fi.FullName, FileAttributes.ReadOnly); Console.WriteLine(File.GetAttributes(fi.FullName)); File.SetAttributes(fi.FullName, FileAttributes.Normal);
    File.WriteAllText(Path.Combine(dir, ".hidden"), "h"); Console.WriteLine(File.GetAttributes(Path.Combine(dir, ".hidden")));
    try { File.ReadAllText(Path.Combine(dir, "missing.txt")); } catch (FileNotFoundException e) { Console.WriteLine("FNF " + Path.GetFileName(e.FileName) + " " + e.Message.Replace(dir, "DIR")); }
    try { new StreamReader(Path.Combine(dir, "nodir", "x.txt")); } catch (DirectoryNotFoundException e) { Console.WriteLine("DNF " + e.Message.Replace(dir, "DIR")); }
    try { new FileStream(fi.FullName, FileMode.CreateNew); } catch (IOException e) { Console.WriteLine(e.GetType().Name + " " + e.Message.Replace(dir, "DIR")); }
    try { Directory.Delete(Path.Combine(dir, "sub2")); } catch (IOException e) { Console.WriteLine("not empty: " + e.GetType().Name); }
    Directory.Delete(dir, true);
    Console.WriteLine(Directory.Exists(dir) + " " + Path.GetTempPath());
    string input = Console.In.ReadToEnd();
    Console.WriteLine(input.Length + " " + input.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Length);
  }
}
