// The operand kinds iced-x86 lists for an instruction code (cached: CodeExt.opCode allocates).
import { Code, CodeExt, OpCodeOperandKind } from "iced-x86";

const cache = new Map<Code, OpCodeOperandKind[]>();

export function opKinds(code: Code): OpCodeOperandKind[] {
  let k = cache.get(code);
  if (!k) {
    const info = CodeExt.opCode(code);
    k = [];
    for (let i = 0; i < info.opCount; i++) k.push(info.opKind(i));
    info.free();
    cache.set(code, k);
  }
  return k;
}
