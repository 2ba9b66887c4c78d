// disassemble(): syntaxes, raw bytes, symbol names for branch targets and RIP-relative operands.
import { describe, expect, it } from "vitest";
import * as L from "../../core-as/shared/encoder-layout.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { X86Assembler, mem, ripLabel } from "../../host/core/encoder.js";
import { disassemble, disassembleInstructions } from "../../host/codegen/disassemble.js";

const core = loadCoreNode();

function sample() {
  const a = new X86Assembler(core);
  const loop = a.newLabel(), data = a.newLabel();
  a.bind(loop);
  a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RBX, L.REG_RCX, 8, 16));
  a.r(L.FORM_SUB_RM64_IMM, L.REG_RCX, 1);
  a.jump(L.FORM_JNE, loop);
  a.rm(L.FORM_LEA_R64_M, L.REG_RDX, ripLabel(data));
  a.op(L.FORM_RET);
  a.bind(data).op(L.FORM_INT3);
  return a.finish();
}

describe("disassemble()", () => {
  it("lists every instruction in Intel syntax with addresses, bytes and symbol names", () => {
    const res = sample();
    const text = disassemble(res.code, { ip: 0x1000, bytes: true, symbols: new Map([[0x1000 + res.labels[0]!, "loop"], [0x1000 + res.labels[1]!, "table"]]) });
    const lines = text.split("\n");
    expect(lines[0]).toBe("loop:");
    expect(lines[1]).toMatch(/^ {2}00001000: 48 8b 44 cb 10\s+mov rax,\[rbx\+rcx\*8\+10h\]$/);
    expect(text).toContain("jne loop");
    expect(text).toContain("lea rdx,[table]");
    expect(text).toMatch(/table:\n\s+0000101[0-9a-f]: cc\s+int3/);
  });

  it("offers masm, nasm and gas syntax; the instruction count and lengths do not depend on it", () => {
    const res = sample();
    const intel = disassembleInstructions(res.code);
    for (const syntax of ["masm", "nasm", "gas"] as const) {
      const list = disassembleInstructions(res.code, { syntax });
      expect(list.map((i) => i.length)).toEqual(intel.map((i) => i.length));
    }
    expect(disassembleInstructions(res.code, { syntax: "gas" })[0]!.text).toBe("mov 0x10(%rbx,%rcx,8),%rax");
    expect(disassembleInstructions(res.code, { syntax: "nasm" })[0]!.text).toBe("mov rax,[rbx+rcx*8+10h]");
    expect(disassembleInstructions(res.code, { syntax: "masm" })[0]!.text).toBe("mov rax,[rbx+rcx*8+10h]");
    expect(Array.from(intel[0]!.bytes)).toEqual(Array.from(res.code.subarray(0, 5)));
  });
});
