// Independent oracle for the IL tests: prints every method body of an assembly as read by
// Mono.Cecil, one line per method:
//   M <rva> <codeSize> <maxStack> <initLocals> <localVarToken> <clauseCount>
//     {C <kind> <tryStart> <tryEnd> <handlerStart> <handlerEnd> <filterStart> <catchToken>}*
//     I {<offset>:<opcodeValue>[:<operand>]}*
// Operands: branch targets and var indices in decimal, switch targets joined by ',', integers
// in decimal, floats as their IEEE bit patterns in hex, tokens in hex, "gp" for a TypeSpec
// naming a generic parameter; ldstr's operand (Cecil keeps no token for it) is left out. Build: mcs -r:Mono.Cecil.dll BodyDump.cs
using System;
using System.IO;
using System.Linq;
using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

static class BodyDump {
  static string Operand(MethodDefinition m, Instruction ins) {
    object o = ins.Operand;
    if (o == null || o is string) return null;
    if (o is Instruction) return ((Instruction)o).Offset.ToString();
    if (o is Instruction[]) return string.Join(",", ((Instruction[])o).Select(t => t.Offset.ToString()));
    if (o is VariableDefinition) return ((VariableDefinition)o).Index.ToString();
    if (o is ParameterDefinition) {
      var p = (ParameterDefinition)o;
      return (m.HasThis ? p.Index + 1 : p.Index).ToString();
    }
    if (o is sbyte) return ((sbyte)o).ToString();
    if (o is byte) return ((byte)o).ToString();
    if (o is int) return ((int)o).ToString();
    if (o is long) return ((long)o).ToString();
    if (o is float) return BitConverter.ToUInt32(BitConverter.GetBytes((float)o), 0).ToString("x");
    if (o is double) return BitConverter.DoubleToInt64Bits((double)o).ToString("x");
    // Cecil resolves a TypeSpec that is just !0 or !!0 to the GenericParam row, losing the
    // TypeSpec token the IL holds: say so instead of printing the wrong table.
    if (o is GenericParameter) return "gp";
    if (o is IMetadataTokenProvider) return ((IMetadataTokenProvider)o).MetadataToken.ToUInt32().ToString("x");
    return "?";
  }

  static int Main(string[] args) {
    var module = ModuleDefinition.ReadModule(args[0]);
    var w = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
    foreach (var t in module.GetTypes())
      foreach (var m in t.Methods) {
        if (!m.HasBody) continue;
        var b = m.Body;
        w.Write("M {0:x} {1} {2} {3} {4:x} {5}", m.RVA, b.CodeSize, b.MaxStackSize, b.InitLocals ? 1 : 0,
          b.LocalVarToken.ToUInt32(), b.ExceptionHandlers.Count);
        foreach (var h in b.ExceptionHandlers) {
          w.Write(" C {0} {1} {2} {3} {4} {5} {6:x}", (int)h.HandlerType, h.TryStart.Offset,
            h.TryEnd == null ? b.CodeSize : h.TryEnd.Offset, h.HandlerStart.Offset,
            h.HandlerEnd == null ? b.CodeSize : h.HandlerEnd.Offset,
            h.FilterStart == null ? -1 : h.FilterStart.Offset,
            h.CatchType == null ? 0 : h.CatchType.MetadataToken.ToUInt32());
        }
        w.Write(" I");
        foreach (var ins in b.Instructions) {
          w.Write(' ');
          w.Write(ins.Offset);
          w.Write(':');
          w.Write(((ushort)ins.OpCode.Value).ToString("x"));
          var op = Operand(m, ins);
          if (op != null) { w.Write(':'); w.Write(op); }
        }
        w.Write('\n');
      }
    w.Flush();
    return 0;
  }
}
