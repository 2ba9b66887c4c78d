// Bad input gives a clear error code and the record index, never bytes; relocations carry what a
// loader needs to patch the code.
import { describe, expect, it } from "vitest";
import { Decoder, DecoderOptions } from "iced-x86";
import * as L from "../../core-as/shared/encoder-layout.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { X86Assembler, EncoderError, mem, ripSymbol, abs } from "../../host/core/encoder.js";

const core = loadCoreNode();
const N = L.MEM_NONE;

function errorOf(build: (a: X86Assembler) => void): { code: number; record: number } | null {
  const a = new X86Assembler(core);
  a.op(L.FORM_NOP); // a valid record first: the error index must point past it
  build(a);
  try {
    a.finish();
    return null;
  } catch (e) {
    if (e instanceof EncoderError) return { code: e.code, record: e.record };
    throw e;
  }
}

describe("x86-64 encoder: bad input", () => {
  const cases: [string, number, (a: X86Assembler) => void][] = [
    ["mov ah, r8b (AH with a REX register)", L.ERR_HIGH_BYTE_REX, (a) => a.rr(L.FORM_MOV_R8_RM8, L.REG_AH, 8)],
    ["mov ah, sil (SIL needs REX)", L.ERR_HIGH_BYTE_REX, (a) => a.rr(L.FORM_MOV_R8_RM8, L.REG_AH, 6)],
    ["movzx r8d, bh", L.ERR_HIGH_BYTE_REX, (a) => a.rr(L.FORM_MOVZX_R32_RM8, 8, L.REG_BH)],
    ["mov [r9], ch (REX.B from the base)", L.ERR_HIGH_BYTE_REX, (a) => a.rm(L.FORM_MOV_RM8_R8, L.REG_CH, mem(9))],
    ["AH in a 64-bit form", L.ERR_BAD_REGISTER, (a) => a.rr(L.FORM_MOV_R64_RM64, L.REG_AH, 0)],
    ["register 20 as an 8-bit register", L.ERR_BAD_REGISTER, (a) => a.rr(L.FORM_ADD_RM8_R8, 20, 0)],
    ["xmm16", L.ERR_BAD_REGISTER, (a) => a.rr(L.FORM_ADDSD_XMM_XMMM64, 16, 0)],
    ["RSP as an index", L.ERR_RSP_INDEX, (a) => a.rm(L.FORM_MOV_R64_RM64, 0, mem(0, L.REG_RSP, 2))],
    ["RIP with an index", L.ERR_RIP_INDEX, (a) => a.rm(L.FORM_MOV_R64_RM64, 0, { ...mem(L.MEM_RIP, 1), disp: 0 })],
    ["scale 16", L.ERR_BAD_SCALE, (a) => a.rm(L.FORM_MOV_R64_RM64, 0, { ...mem(0, 1), scaleLog2: 4 })],
    ["base register 16", L.ERR_BAD_BASE, (a) => a.rm(L.FORM_MOV_R64_RM64, 0, mem(16))],
    ["lea with a register source", L.ERR_MEM_REQUIRED, (a) => a.rr(L.FORM_LEA_R64_M, 0, 1)],
    ["lock cmpxchg with a register destination", L.ERR_MEM_REQUIRED, (a) => a.rr(L.FORM_LOCK_CMPXCHG_M64_R64, 0, 1)],
    ["push r64 with a memory operand", L.ERR_REG_REQUIRED, (a) => a.rm(L.FORM_PUSH_R64, 0, mem(0))],
    ["add r/m32, imm 2^32", L.ERR_IMM_RANGE, (a) => a.r(L.FORM_ADD_RM32_IMM, 0, 2 ** 32)],
    ["add r/m64, imm 2^31 (sign-extended field)", L.ERR_IMM_RANGE, (a) => a.r(L.FORM_ADD_RM64_IMM, 0, 2 ** 31)],
    ["shl r/m32, 256", L.ERR_IMM_RANGE, (a) => a.r(L.FORM_SHL_RM32_IMM8, 0, 256)],
    ["mov r/m16, 65536", L.ERR_IMM_RANGE, (a) => a.r(L.FORM_MOV_RM16_IMM, 0, 65536)],
    ["form id out of range", L.ERR_BAD_FORM, (a) => a.op(L.FORM_COUNT)],
    ["jump to label outside the batch", L.ERR_BAD_LABEL, (a) => a.jump(L.FORM_JMP, 5)],
    ["jump without a target", L.ERR_BAD_TARGET, (a) => a.op(L.FORM_JE)],
    ["label bound twice", L.ERR_LABEL_REBOUND, (a) => { const l = a.newLabel(); a.bind(l).bind(l); }],
    ["label never bound", L.ERR_UNBOUND_LABEL, (a) => { const l = a.newLabel(); a.jump(L.FORM_JNE, l); }],
    ["ALIGN 3", L.ERR_BAD_ALIGN, (a) => a.align(3)],
    ["ALIGN 128", L.ERR_BAD_ALIGN, (a) => a.align(128)],
    ["NOP_N 16", L.ERR_BAD_NOP, (a) => a.nop(16)],
  ];
  for (const [what, code, build] of cases) {
    it(`${what} → ${Object.entries(L).find(([k, v]) => k.startsWith("ERR_") && v === code)![0]}`, () => {
      expect(errorOf(build)).toEqual({ code, record: what.startsWith("label bound twice") ? 2 : 1 });
    });
  }

  it("the same records without the fault encode fine (the errors above are about the fault only)", () => {
    expect(errorOf((a) => a.rr(L.FORM_MOV_R8_RM8, L.REG_AH, 3))).toBeNull();
    expect(errorOf((a) => a.rm(L.FORM_MOV_R64_RM64, 0, mem(L.REG_RSP, 5, 2)))).toBeNull();
    expect(errorOf((a) => a.r(L.FORM_ADD_RM32_IMM, 0, 2 ** 32 - 1))).toBeNull();
  });

  it("a batch after a failed one starts clean", () => {
    expect(errorOf((a) => a.rm(L.FORM_MOV_R64_RM64, 0, mem(0, L.REG_RSP)))?.code).toBe(L.ERR_RSP_INDEX);
    const res = new X86Assembler(core).rr(L.FORM_MOV_R64_RM64, 0, 1).finish();
    expect(Array.from(res.code)).toEqual([0x48, 0x8b, 0xc1]);
  });
});

describe("x86-64 encoder: relocations", () => {
  it("REL32 and ABS64 relocations, applied by a loader, give the symbol's address", () => {
    const a = new X86Assembler(core);
    a.jumpSymbol(L.FORM_CALL, 7);
    a.jumpSymbol(L.FORM_JMP, 8);
    a.jumpSymbol(L.FORM_JNE, 9);
    a.rm(L.FORM_CMP_RM32_IMM, 0, ripSymbol(10, 8), 1000); // imm32 after the displacement
    a.rm(L.FORM_MOVSD_XMM_XMMM64, 3, ripSymbol(11, -16));
    a.movSymbol(2, 12, 24);
    a.rm(L.FORM_MOV_R64_RM64, 1, abs(0x1000));
    const res = a.finish();
    expect(res.relocs.map((r) => [r.kind, r.symbol])).toEqual([
      [L.RELOC_REL32, 7], [L.RELOC_REL32, 8], [L.RELOC_REL32, 9], [L.RELOC_REL32, 10], [L.RELOC_REL32, 11], [L.RELOC_ABS64, 12],
    ]);
    // Load at a base address, place the symbols, patch as a loader does: REL32 = S + A - P, ABS64 = S + A.
    const base = 0x7000_0000n;
    const sym = (s: number) => 0x7100_0000n + BigInt(s) * 0x100n;
    const code = res.code.slice();
    const dv = new DataView(code.buffer);
    for (const r of res.relocs) {
      if (r.kind === L.RELOC_REL32) dv.setInt32(r.offset, Number(sym(r.symbol) + BigInt(r.addend) - (base + BigInt(r.offset))), true);
      else dv.setBigInt64(r.offset, sym(r.symbol) + BigInt(r.addend), true);
    }
    const d = new Decoder(64, code, DecoderOptions.None);
    d.ip = base;
    const ins = d.decodeAll();
    expect(ins.map((i) => (i.isIpRelMemoryOperand ? i.ipRelMemoryAddress : i.nearBranchTarget)).slice(0, 5)).toEqual([
      sym(7), sym(8), sym(9), sym(10) + 8n, sym(11) - 16n,
    ]);
    expect(ins[3].immediate32).toBe(1000);
    expect(ins[5].immediate64).toBe(sym(12) + 24n);
    expect(ins[6].memoryDisplacement).toBe(0x1000n);
  });
});
