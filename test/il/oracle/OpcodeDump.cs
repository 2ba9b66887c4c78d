// Independent oracle for the opcode table: prints System.Reflection.Emit.OpCodes (from the
// runtime's corlib) and then, after a "--cecil" line, Mono.Cecil.Cil.OpCodes, one opcode a line:
//   <value hex4> <name> <size> <operand type> <flow control> <stack pop> <stack push>
// test/il/fixtures/opcodes.mono.txt is this program's output under Mono 6.8 and Cecil 0.11:
//   mcs -r:Mono.Cecil.dll OpcodeDump.cs && mono OpcodeDump.exe > ../fixtures/opcodes.mono.txt
using System;
using System.Reflection;
using System.Reflection.Emit;

static class OpcodeDump {
  static void Main() {
    foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)) {
      var o = (OpCode)f.GetValue(null);
      Console.WriteLine("{0:x4} {1} {2} {3} {4} {5} {6}", (ushort)o.Value, o.Name, o.Size, o.OperandType,
        o.FlowControl, o.StackBehaviourPop, o.StackBehaviourPush);
    }
    Console.WriteLine("--cecil");
    foreach (var f in typeof(Mono.Cecil.Cil.OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)) {
      var o = (Mono.Cecil.Cil.OpCode)f.GetValue(null);
      Console.WriteLine("{0:x4} {1} {2} {3} {4} {5} {6}", (ushort)o.Value, o.Name, o.Size, o.OperandType,
        o.FlowControl, o.StackBehaviourPop, o.StackBehaviourPush);
    }
  }
}
