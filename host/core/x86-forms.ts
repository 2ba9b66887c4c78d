// The x86-64 instruction form description: one row per encodable form. This is the source the
// generator (gen-encoder-table.ts) turns into the form ids of core-as/shared/encoder-layout.ts and
// the packed table of core-as/encoder/form-table.ts; the tests read it to know which iced-x86 `Code`
// each row must match. Editing a row means re-running the generator; a test fails if the committed
// generated files are stale.

import * as L from "../../core-as/shared/encoder-layout.js";

export interface FormRow {
  /** Constant suffix: FORM_<name> in encoder-layout.ts. */
  name: string;
  /** iced-x86 `Code` of the encoding this row produces by default. */
  iced: string;
  /** iced-x86 `Code` used when the immediate fits a sign-extended imm8 (the short-imm opcode). */
  icedShort?: string;
  /** iced-x86 `Code` used when rm is register 0 (AL/AX/EAX/RAX) and the short-imm form does not apply. */
  icedAcc?: string;
  op: number;
  /** 0: one-byte map, 1: 0F, 2: 0F 38, 3: 0F 3A. */
  map: number;
  /** Mandatory prefix: 0 none, 1: 66, 2: F3, 3: F2. */
  pfx: number;
  /** REX.W. */
  w: number;
  /** 66 operand-size prefix (16-bit operation). */
  osz: number;
  /** F0 lock prefix (memory destination only). */
  lock: number;
  /** ENC_* */
  enc: number;
  digit: number;
  /** IMM_* */
  imm: number;
  /** Class of the register in the reg field / opcode (record r0). */
  reg: number;
  /** Class of the rm operand (record r1, or memory). */
  rm: number;
  /** RM_* */
  rmMode: number;
  /** Opcode used when the immediate fits a sign-extended imm8 (0: none). */
  shortOp: number;
  /** Opcode of the accumulator short form (0: none). */
  accOp: number;
  /** 1: the imm32 is sign-extended to 64 bits (so it must lie in [-2^31, 2^31)). */
  sx: number;
}

const sizes = [8, 16, 32, 64] as const;
type Size = (typeof sizes)[number];
const clsOf = (s: Size): number => (s === 8 ? L.CLS_GPR8 : s === 16 ? L.CLS_GPR16 : s === 32 ? L.CLS_GPR32 : L.CLS_GPR64);
const accName: Record<Size, string> = { 8: "AL", 16: "AX", 32: "EAX", 64: "RAX" };
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

function row(p: Partial<FormRow> & { name: string; iced: string; op: number; enc: number }): FormRow {
  const r: FormRow = {
    map: 0, pfx: 0, w: 0, osz: 0, lock: 0, digit: 0, imm: L.IMM_NONE,
    reg: L.CLS_NONE, rm: L.CLS_NONE, rmMode: L.RM_REG_OR_MEM, shortOp: 0, accOp: 0, sx: 0, ...p,
  };
  // With REX.W an imm32 is sign-extended to the 64-bit operand.
  if (r.imm === L.IMM_32 && r.w) r.sx = 1;
  return r;
}
/** Operand-size fields for a GPR size: 66 for 16-bit, REX.W for 64-bit. */
const sz = (s: Size) => ({ osz: s === 16 ? 1 : 0, w: s === 64 ? 1 : 0 });
/** The full-size immediate of a size: imm8, imm16, imm32, or sign-extended imm32 for 64-bit. */
const immOf = (s: Size): number => (s === 8 ? L.IMM_8 : s === 16 ? L.IMM_16 : L.IMM_32);
const immName = (s: Size): string => (s === 8 ? "imm8" : s === 16 ? "imm16" : "imm32");

export const conditions = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"] as const;

function buildRows(): FormRow[] {
  const rows: FormRow[] = [];
  const add = (r: FormRow) => rows.push(r);

  // The eight classic ALU operations share one opcode pattern: base+0/1 (rm, r), base+2/3 (r, rm),
  // base+4/5 (accumulator, imm), 80/81 /n (rm, imm) and 83 /n (rm, sign-extended imm8).
  (["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"] as const).forEach((m, n) => {
    const M = m.toUpperCase(), I = cap(m), base = n * 8;
    for (const s of sizes) {
      const c = clsOf(s), b = s === 8 ? 0 : 1;
      add(row({ name: `${M}_RM${s}_R${s}`, iced: `${I}_rm${s}_r${s}`, op: base + b, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
      add(row({ name: `${M}_R${s}_RM${s}`, iced: `${I}_r${s}_rm${s}`, op: base + 2 + b, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
      add(row({
        name: `${M}_RM${s}_IMM`, iced: `${I}_rm${s}_${immName(s)}`, op: s === 8 ? 0x80 : 0x81, enc: L.ENC_MODRM_DIGIT, digit: n,
        imm: immOf(s), rm: c, ...sz(s), shortOp: s === 8 ? 0 : 0x83, icedShort: s === 8 ? undefined : `${I}_rm${s}_imm8`,
        accOp: base + 4 + b, icedAcc: `${I}_${accName[s]}_${immName(s)}`,
      }));
    }
  });

  for (const s of sizes) {
    const c = clsOf(s), b = s === 8 ? 0 : 1;
    add(row({ name: `TEST_RM${s}_R${s}`, iced: `Test_rm${s}_r${s}`, op: 0x84 + b, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    add(row({
      name: `TEST_RM${s}_IMM`, iced: `Test_rm${s}_${immName(s)}`, op: 0xf6 + b, enc: L.ENC_MODRM_DIGIT, digit: 0, imm: immOf(s), rm: c,
      ...sz(s), accOp: 0xa8 + b, icedAcc: `Test_${accName[s]}_${immName(s)}`,
    }));
    add(row({ name: `XCHG_RM${s}_R${s}`, iced: `Xchg_rm${s}_r${s}`, op: 0x86 + b, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    add(row({ name: `MOV_RM${s}_R${s}`, iced: `Mov_rm${s}_r${s}`, op: 0x88 + b, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    add(row({ name: `MOV_R${s}_RM${s}`, iced: `Mov_r${s}_rm${s}`, op: 0x8a + b, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    add(row({ name: `MOV_RM${s}_IMM`, iced: `Mov_rm${s}_${immName(s)}`, op: 0xc6 + b, enc: L.ENC_MODRM_DIGIT, imm: immOf(s), rm: c, ...sz(s) }));
    if (s !== 64) {
      add(row({ name: `MOV_R${s}_IMM${s}`, iced: `Mov_r${s}_imm${s}`, op: s === 8 ? 0xb0 : 0xb8, enc: L.ENC_OPREG, imm: immOf(s), reg: c, ...sz(s) }));
    }
    // One-operand group 3 (F6/F7) and group 4/5 (FE/FF).
    (["not", "neg", "mul", "imul", "div", "idiv"] as const).forEach((m, k) => {
      add(row({ name: `${m.toUpperCase()}_RM${s}`, iced: `${cap(m)}_rm${s}`, op: 0xf6 + b, enc: L.ENC_MODRM_DIGIT, digit: k + 2, rm: c, ...sz(s) }));
    });
    add(row({ name: `INC_RM${s}`, iced: `Inc_rm${s}`, op: 0xfe + b, enc: L.ENC_MODRM_DIGIT, digit: 0, rm: c, ...sz(s) }));
    add(row({ name: `DEC_RM${s}`, iced: `Dec_rm${s}`, op: 0xfe + b, enc: L.ENC_MODRM_DIGIT, digit: 1, rm: c, ...sz(s) }));
    // Shifts and rotates: by 1 (D0/D1), by imm8 (C0/C1), by CL (D2/D3).
    for (const [m, d] of [["rol", 0], ["ror", 1], ["shl", 4], ["shr", 5], ["sar", 7]] as const) {
      const M = m.toUpperCase(), I = cap(m);
      add(row({ name: `${M}_RM${s}_1`, iced: `${I}_rm${s}_1`, op: 0xd0 + b, enc: L.ENC_MODRM_DIGIT, digit: d, rm: c, ...sz(s) }));
      add(row({ name: `${M}_RM${s}_IMM8`, iced: `${I}_rm${s}_imm8`, op: 0xc0 + b, enc: L.ENC_MODRM_DIGIT, digit: d, imm: L.IMM_8, rm: c, ...sz(s) }));
      add(row({ name: `${M}_RM${s}_CL`, iced: `${I}_rm${s}_CL`, op: 0xd2 + b, enc: L.ENC_MODRM_DIGIT, digit: d, rm: c, ...sz(s) }));
    }
    // cmpxchg / xadd, plain and locked (the locked forms require a memory destination).
    for (const [m, o] of [["cmpxchg", 0xb0], ["xadd", 0xc0]] as const) {
      const M = m.toUpperCase(), I = cap(m);
      add(row({ name: `${M}_RM${s}_R${s}`, iced: `${I}_rm${s}_r${s}`, op: o + b, map: 1, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
      add(row({ name: `LOCK_${M}_M${s}_R${s}`, iced: `${I}_rm${s}_r${s}`, op: o + b, map: 1, lock: 1, enc: L.ENC_MODRM, reg: c, rm: c, rmMode: L.RM_MEM_ONLY, ...sz(s) }));
    }
  }

  add(row({ name: "MOV_R64_IMM64", iced: "Mov_r64_imm64", op: 0xb8, enc: L.ENC_OPREG, imm: L.IMM_64, reg: L.CLS_GPR64, w: 1 }));
  add(row({ name: "MOV_R64_IMM", iced: "Mov_r64_imm64", op: 0xb8, enc: L.ENC_MOVIMM, imm: L.IMM_64, reg: L.CLS_GPR64, w: 1 }));

  for (const s of [16, 32, 64] as const) {
    const c = clsOf(s);
    add(row({ name: `MOVZX_R${s}_RM8`, iced: `Movzx_r${s}_rm8`, op: 0xb6, map: 1, enc: L.ENC_MODRM, reg: c, rm: L.CLS_GPR8, ...sz(s) }));
    add(row({ name: `MOVSX_R${s}_RM8`, iced: `Movsx_r${s}_rm8`, op: 0xbe, map: 1, enc: L.ENC_MODRM, reg: c, rm: L.CLS_GPR8, ...sz(s) }));
    if (s !== 16) {
      add(row({ name: `MOVZX_R${s}_RM16`, iced: `Movzx_r${s}_rm16`, op: 0xb7, map: 1, enc: L.ENC_MODRM, reg: c, rm: L.CLS_GPR16, ...sz(s) }));
      add(row({ name: `MOVSX_R${s}_RM16`, iced: `Movsx_r${s}_rm16`, op: 0xbf, map: 1, enc: L.ENC_MODRM, reg: c, rm: L.CLS_GPR16, ...sz(s) }));
    }
    add(row({ name: `LEA_R${s}_M`, iced: `Lea_r${s}_m`, op: 0x8d, enc: L.ENC_MODRM, reg: c, rm: c, rmMode: L.RM_MEM_ONLY, ...sz(s) }));
    add(row({ name: `IMUL_R${s}_RM${s}`, iced: `Imul_r${s}_rm${s}`, op: 0xaf, map: 1, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    add(row({
      name: `IMUL_R${s}_RM${s}_IMM`, iced: `Imul_r${s}_rm${s}_${immName(s)}`, op: 0x69, enc: L.ENC_MODRM, imm: immOf(s), reg: c, rm: c,
      ...sz(s), shortOp: 0x6b, icedShort: `Imul_r${s}_rm${s}_imm8`,
    }));
    for (const [cc, n] of conditions.map((x, i) => [x, i] as const)) {
      add(row({ name: `CMOV${cc.toUpperCase()}_R${s}_RM${s}`, iced: `Cmov${cc}_r${s}_rm${s}`, op: 0x40 + n, map: 1, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    }
    add(row({ name: `BT_RM${s}_R${s}`, iced: `Bt_rm${s}_r${s}`, op: 0xa3, map: 1, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    add(row({ name: `BT_RM${s}_IMM8`, iced: `Bt_rm${s}_imm8`, op: 0xba, map: 1, enc: L.ENC_MODRM_DIGIT, digit: 4, imm: L.IMM_8, rm: c, ...sz(s) }));
    for (const [m, o] of [["popcnt", 0xb8], ["tzcnt", 0xbc], ["lzcnt", 0xbd]] as const) {
      add(row({ name: `${m.toUpperCase()}_R${s}_RM${s}`, iced: `${cap(m)}_r${s}_rm${s}`, op: o, map: 1, pfx: 2, enc: L.ENC_MODRM, reg: c, rm: c, ...sz(s) }));
    }
  }
  add(row({ name: "MOVSXD_R64_RM32", iced: "Movsxd_r64_rm32", op: 0x63, enc: L.ENC_MODRM, reg: L.CLS_GPR64, rm: L.CLS_GPR32, w: 1 }));
  add(row({ name: "BSWAP_R32", iced: "Bswap_r32", op: 0xc8, map: 1, enc: L.ENC_OPREG, reg: L.CLS_GPR32 }));
  add(row({ name: "BSWAP_R64", iced: "Bswap_r64", op: 0xc8, map: 1, enc: L.ENC_OPREG, reg: L.CLS_GPR64, w: 1 }));
  for (const [cc, n] of conditions.map((x, i) => [x, i] as const)) {
    add(row({ name: `SET${cc.toUpperCase()}_RM8`, iced: `Set${cc}_rm8`, op: 0x90 + n, map: 1, enc: L.ENC_MODRM_DIGIT, rm: L.CLS_GPR8 }));
    add(row({ name: `J${cc.toUpperCase()}`, iced: `J${cc}_rel32_64`, icedShort: `J${cc}_rel8_64`, op: 0x70 + n, enc: L.ENC_JCC }));
  }

  for (const [name, iced, op, extra] of [
    ["CWD", "Cwd", 0x99, { osz: 1 }], ["CDQ", "Cdq", 0x99, {}], ["CQO", "Cqo", 0x99, { w: 1 }],
    ["CBW", "Cbw", 0x98, { osz: 1 }], ["CWDE", "Cwde", 0x98, {}], ["CDQE", "Cdqe", 0x98, { w: 1 }],
    ["RET", "Retnq", 0xc3, {}], ["INT3", "Int3", 0xcc, {}], ["NOP", "Nopd", 0x90, {}], ["UD2", "Ud2", 0x0b, { map: 1 }],
  ] as const) {
    add(row({ name, iced, op, enc: L.ENC_NONE, ...extra }));
  }
  add(row({ name: "RET_IMM16", iced: "Retnq_imm16", op: 0xc2, enc: L.ENC_NONE, imm: L.IMM_16 }));
  add(row({ name: "JMP", iced: "Jmp_rel32_64", icedShort: "Jmp_rel8_64", op: 0xe9, enc: L.ENC_JMP }));
  add(row({ name: "CALL", iced: "Call_rel32_64", op: 0xe8, enc: L.ENC_CALL }));
  add(row({ name: "CALL_RM64", iced: "Call_rm64", op: 0xff, enc: L.ENC_MODRM_DIGIT, digit: 2, rm: L.CLS_GPR64 }));
  add(row({ name: "JMP_RM64", iced: "Jmp_rm64", op: 0xff, enc: L.ENC_MODRM_DIGIT, digit: 4, rm: L.CLS_GPR64 }));
  add(row({ name: "PUSH_R64", iced: "Push_r64", op: 0x50, enc: L.ENC_OPREG, reg: L.CLS_GPR64 }));
  add(row({ name: "PUSH_R16", iced: "Push_r16", op: 0x50, enc: L.ENC_OPREG, reg: L.CLS_GPR16, osz: 1 }));
  add(row({ name: "POP_R64", iced: "Pop_r64", op: 0x58, enc: L.ENC_OPREG, reg: L.CLS_GPR64 }));
  add(row({ name: "POP_R16", iced: "Pop_r16", op: 0x58, enc: L.ENC_OPREG, reg: L.CLS_GPR16, osz: 1 }));
  add(row({ name: "PUSH_RM64", iced: "Push_rm64", op: 0xff, enc: L.ENC_MODRM_DIGIT, digit: 6, rm: L.CLS_GPR64 }));
  add(row({ name: "POP_RM64", iced: "Pop_rm64", op: 0x8f, enc: L.ENC_MODRM_DIGIT, digit: 0, rm: L.CLS_GPR64 }));
  add(row({ name: "PUSH_IMM", iced: "Pushq_imm32", icedShort: "Pushq_imm8", op: 0x68, shortOp: 0x6a, enc: L.ENC_NONE, imm: L.IMM_32, sx: 1 }));
  add(row({ name: "LABEL", iced: "", op: 0, enc: L.ENC_LABEL }));
  add(row({ name: "ALIGN", iced: "", op: 0, enc: L.ENC_ALIGN }));
  add(row({ name: "NOP_N", iced: "", op: 0, enc: L.ENC_NOP }));

  // SSE/SSE2/SSE4.1 scalar. pfx: 1 = 66, 2 = F3, 3 = F2.
  const X = L.CLS_XMM;
  const sse = (name: string, iced: string, pfx: number, op: number, reg: number, rm: number, extra: Partial<FormRow> = {}) =>
    add(row({ name, iced, pfx, op, map: 1, enc: L.ENC_MODRM, reg, rm, ...extra }));
  sse("MOVSS_XMM_XMMM32", "Movss_xmm_xmmm32", 2, 0x10, X, X);
  sse("MOVSS_XMMM32_XMM", "Movss_xmmm32_xmm", 2, 0x11, X, X);
  sse("MOVSD_XMM_XMMM64", "Movsd_xmm_xmmm64", 3, 0x10, X, X);
  sse("MOVSD_XMMM64_XMM", "Movsd_xmmm64_xmm", 3, 0x11, X, X);
  sse("MOVAPS_XMM_XMMM128", "Movaps_xmm_xmmm128", 0, 0x28, X, X);
  sse("MOVAPS_XMMM128_XMM", "Movaps_xmmm128_xmm", 0, 0x29, X, X);
  sse("MOVAPD_XMM_XMMM128", "Movapd_xmm_xmmm128", 1, 0x28, X, X);
  sse("MOVAPD_XMMM128_XMM", "Movapd_xmmm128_xmm", 1, 0x29, X, X);
  sse("MOVD_XMM_RM32", "Movd_xmm_rm32", 1, 0x6e, X, L.CLS_GPR32);
  sse("MOVD_RM32_XMM", "Movd_rm32_xmm", 1, 0x7e, X, L.CLS_GPR32);
  sse("MOVQ_XMM_RM64", "Movq_xmm_rm64", 1, 0x6e, X, L.CLS_GPR64, { w: 1 });
  sse("MOVQ_RM64_XMM", "Movq_rm64_xmm", 1, 0x7e, X, L.CLS_GPR64, { w: 1 });
  sse("MOVQ_XMM_XMMM64", "Movq_xmm_xmmm64", 2, 0x7e, X, X);
  sse("MOVQ_XMMM64_XMM", "Movq_xmmm64_xmm", 1, 0xd6, X, X);
  for (const [m, o] of [["add", 0x58], ["mul", 0x59], ["sub", 0x5c], ["min", 0x5d], ["div", 0x5e], ["max", 0x5f], ["sqrt", 0x51]] as const) {
    sse(`${m.toUpperCase()}SS_XMM_XMMM32`, `${cap(m)}ss_xmm_xmmm32`, 2, o, X, X);
    sse(`${m.toUpperCase()}SD_XMM_XMMM64`, `${cap(m)}sd_xmm_xmmm64`, 3, o, X, X);
  }
  sse("UCOMISS_XMM_XMMM32", "Ucomiss_xmm_xmmm32", 0, 0x2e, X, X);
  sse("UCOMISD_XMM_XMMM64", "Ucomisd_xmm_xmmm64", 1, 0x2e, X, X);
  sse("COMISS_XMM_XMMM32", "Comiss_xmm_xmmm32", 0, 0x2f, X, X);
  sse("COMISD_XMM_XMMM64", "Comisd_xmm_xmmm64", 1, 0x2f, X, X);
  for (const [t, p] of [["ss", 2], ["sd", 3]] as const) {
    const T = t.toUpperCase(), ms = t === "ss" ? 32 : 64;
    sse(`CVTSI2${T}_XMM_RM32`, `Cvtsi2${t}_xmm_rm32`, p, 0x2a, X, L.CLS_GPR32);
    sse(`CVTSI2${T}_XMM_RM64`, `Cvtsi2${t}_xmm_rm64`, p, 0x2a, X, L.CLS_GPR64, { w: 1 });
    sse(`CVTT${T}2SI_R32_XMMM${ms}`, `Cvtt${t}2si_r32_xmmm${ms}`, p, 0x2c, L.CLS_GPR32, X);
    sse(`CVTT${T}2SI_R64_XMMM${ms}`, `Cvtt${t}2si_r64_xmmm${ms}`, p, 0x2c, L.CLS_GPR64, X, { w: 1 });
  }
  sse("CVTSS2SD_XMM_XMMM32", "Cvtss2sd_xmm_xmmm32", 2, 0x5a, X, X);
  sse("CVTSD2SS_XMM_XMMM64", "Cvtsd2ss_xmm_xmmm64", 3, 0x5a, X, X);
  sse("ANDPS_XMM_XMMM128", "Andps_xmm_xmmm128", 0, 0x54, X, X);
  sse("ANDNPS_XMM_XMMM128", "Andnps_xmm_xmmm128", 0, 0x55, X, X);
  sse("ORPS_XMM_XMMM128", "Orps_xmm_xmmm128", 0, 0x56, X, X);
  sse("XORPS_XMM_XMMM128", "Xorps_xmm_xmmm128", 0, 0x57, X, X);
  sse("PXOR_XMM_XMMM128", "Pxor_xmm_xmmm128", 1, 0xef, X, X);
  add(row({ name: "ROUNDSS_XMM_XMMM32_IMM8", iced: "Roundss_xmm_xmmm32_imm8", pfx: 1, op: 0x0a, map: 3, enc: L.ENC_MODRM, reg: X, rm: X, imm: L.IMM_8 }));
  add(row({ name: "ROUNDSD_XMM_XMMM64_IMM8", iced: "Roundsd_xmm_xmmm64_imm8", pfx: 1, op: 0x0b, map: 3, enc: L.ENC_MODRM, reg: X, rm: X, imm: L.IMM_8 }));
  return rows;
}

/** Every form, in form-id order (the id of a row is its index). */
export const formRows: readonly FormRow[] = buildRows();
