// Test support: turns an encoder case (form row + registers + memory + immediate) into both our
// record words and the iced-x86 instruction that must give the same bytes. The selection rules
// here (short imm8 form, accumulator form, mov r64 imm) restate the documented behaviour
// independently of the core.
import { Code, Encoder, Instruction, MemoryOperand, OpCodeOperandKind, Register } from "iced-x86";
import * as L from "../../core-as/shared/encoder-layout.js";
import type { FormRow } from "../../host/core/x86-forms.js";
import { opKinds } from "../support/iced-ops.js";

export const WORDS = L.REC_SIZE / 4;

const gpr64 = ["RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"];
const gpr32 = ["EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI", ...[8, 9, 10, 11, 12, 13, 14, 15].map((i) => `R${i}D`)];
const gpr16 = ["AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI", ...[8, 9, 10, 11, 12, 13, 14, 15].map((i) => `R${i}W`)];
const gpr8 = ["AL", "CL", "DL", "BL", "SPL", "BPL", "SIL", "DIL", ...[8, 9, 10, 11, 12, 13, 14, 15].map((i) => `R${i}L`), "AH", "CH", "DH", "BH"];
const xmm = Array.from({ length: 16 }, (_, i) => `XMM${i}`);
const R = Register as unknown as Record<string, number>;
const names: Record<number, string[]> = { [L.CLS_GPR8]: gpr8, [L.CLS_GPR16]: gpr16, [L.CLS_GPR32]: gpr32, [L.CLS_GPR64]: gpr64, [L.CLS_XMM]: xmm };

/** iced Register for our number in a class. */
export function icedReg(cls: number, n: number): Register {
  const v = R[names[cls]![n]!];
  if (v === undefined) throw new Error(`no register ${cls}/${n}`);
  return v as Register;
}
/** All register numbers of a class (GPR8 includes AH-BH as 16-19). */
export function regsOf(cls: number): number[] {
  return cls === L.CLS_NONE ? [] : names[cls]!.map((_, i) => i);
}
export function icedCode(name: string): Code {
  const c = (Code as unknown as Record<string, number>)[name];
  if (c === undefined) throw new Error(`unknown iced Code ${name}`);
  return c as Code;
}

export interface MemShape {
  base: number; // 0-15 | MEM_NONE | MEM_RIP
  index: number;
  scaleLog2: number;
  disp: number;
}

export interface Case {
  row: FormRow;
  form: number;
  r0: number;
  r1: number;
  mem: MemShape | null;
  imm: bigint;
}

export const IMM_EDGES: bigint[] = [
  0n, 1n, -1n, 127n, -128n, 128n, -129n, 255n, 256n, 32767n, -32768n, 32768n, 65535n, 65536n,
  2147483647n, -2147483648n, 2147483648n, 4294967295n, 4294967296n, -2147483649n, 0x7fffffffffffffffn, -0x8000000000000000n,
];
export const DISP_EDGES = [0, 1, -1, 127, -128, 128, -129, 0x7fffffff, -0x80000000];

/** The immediate range the encoder accepts for a row (docs/encoder.md). */
export function immValid(row: FormRow, v: bigint): boolean {
  switch (row.imm) {
    case L.IMM_8: return v >= -128n && v <= 255n;
    case L.IMM_16: return v >= -32768n && v <= 65535n;
    case L.IMM_32: return row.sx ? v >= -(1n << 31n) && v < 1n << 31n : v >= -(1n << 31n) && v < 1n << 32n;
    case L.IMM_64: return v >= -(1n << 63n) && v < 1n << 63n;
    default: return true;
  }
}

/** Record words of a case. */
export function writeCase(w: Int32Array, o: number, c: Case): void {
  w[o] = c.form | (c.r0 << 16) | (c.r1 << 24);
  if (c.mem) {
    w[o + 1] = c.mem.base | (c.mem.index << 8) | (c.mem.scaleLog2 << 16) | (L.REC_F_MEM << 24);
    w[o + 2] = c.mem.disp;
  } else {
    w[o + 1] = L.MEM_NONE | (L.MEM_NONE << 8);
    w[o + 2] = 0;
  }
  w[o + 3] = 0;
  w[o + 4] = Number(BigInt.asIntN(32, c.imm));
  w[o + 5] = Number(BigInt.asIntN(32, c.imm >> 32n));
}

const sext = (v: bigint, bits: number) => BigInt.asIntN(bits, v);
const fits8 = (v: bigint) => v >= -128n && v <= 127n;

/** The iced Code the encoder must produce for a case, by the documented selection rules. */
export function expectedCode(c: Case): { code: string; rmIsReg32?: boolean } {
  const row = c.row;
  if (row.enc === L.ENC_MOVIMM) {
    if (c.imm >= 0n && c.imm <= 0xffffffffn) return { code: "Mov_r32_imm32", rmIsReg32: true };
    if (c.imm >= -(1n << 31n) && c.imm < 1n << 31n) return { code: "Mov_rm64_imm32" };
    return { code: "Mov_r64_imm64" };
  }
  if (row.icedShort && row.imm !== L.IMM_NONE) {
    const n = row.imm === L.IMM_16 ? sext(c.imm, 16) : row.imm === L.IMM_32 ? sext(c.imm, 32) : c.imm;
    if (fits8(n)) return { code: row.icedShort };
  }
  if (row.icedAcc && !c.mem && c.r1 === 0) return { code: row.icedAcc };
  return { code: row.iced };
}

const K = OpCodeOperandKind;
const immKinds = new Set([K.imm8, K.imm16, K.imm32, K.imm64, K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm32sex64, K.imm8_const_1]);
const unsignedKinds = new Set([K.imm8, K.imm16, K.imm32, K.imm8_const_1]);
const accRegs: Partial<Record<OpCodeOperandKind, Register>> = { [K.al]: Register.AL, [K.ax]: Register.AX, [K.eax]: Register.EAX, [K.rax]: Register.RAX, [K.cl]: Register.CL };

type Op = { t: "r"; r: Register } | { t: "m"; m: () => MemoryOperand } | { t: "i"; k: OpCodeOperandKind };


function icedMem(m: MemShape, ripTarget: bigint): MemoryOperand {
  if (m.base === L.MEM_RIP) return new MemoryOperand(Register.RIP, Register.None, 1, ripTarget, 0, false, Register.None);
  const base = m.base === L.MEM_NONE ? Register.None : icedReg(L.CLS_GPR64, m.base);
  const index = m.index === L.MEM_NONE ? Register.None : icedReg(L.CLS_GPR64, m.index);
  // No base: force the 32-bit displacement form (displSize 8 = 64-bit addressing, disp32 field).
  const ds = m.base === L.MEM_NONE ? 8 : m.disp === 0 ? 0 : 1;
  return new MemoryOperand(base, index, 1 << m.scaleLog2, BigInt(m.disp), ds, false, Register.None);
}

function immArg(k: OpCodeOperandKind, v: bigint): number {
  switch (k) {
    case K.imm8: return Number(BigInt.asUintN(8, v));
    case K.imm16: return Number(BigInt.asUintN(16, v));
    case K.imm32: return Number(BigInt.asUintN(32, v));
    case K.imm8_const_1: return 1;
    case K.imm8sex16: case K.imm8sex32: case K.imm8sex64: return Number(BigInt.asIntN(8, v));
    default: return Number(BigInt.asIntN(32, v)); // imm32sex64 takes the signed value
  }
}

/** Builds the iced instruction for a case (throws when iced rejects the operands). */
export function icedInstruction(c: Case, ip: bigint, len: number): Instruction {
  const sel = expectedCode(c);
  const code = icedCode(sel.code);
  const kinds = opKinds(code);
  const row = c.row;
  const ops: Op[] = [];
  for (const k of kinds) {
    const name = K[k] ?? "";
    if (accRegs[k] !== undefined) ops.push({ t: "r", r: accRegs[k]! });
    else if (immKinds.has(k)) ops.push({ t: "i", k });
    else if (name.endsWith("_or_mem") || name === "mem") {
      if (c.mem) { const m = c.mem; ops.push({ t: "m", m: () => icedMem(m, ip + BigInt(len) + BigInt(m.disp)) }); }
      else {
        // mov r64, imm chosen as C7 /0: the register is the rm operand.
        const regNum = row.enc === L.ENC_MOVIMM ? c.r0 : c.r1;
        ops.push({ t: "r", r: icedReg(row.enc === L.ENC_MOVIMM ? L.CLS_GPR64 : row.rm, regNum) });
      }
    } else if (name.endsWith("_reg") || name.endsWith("_opcode")) {
      const cls = sel.rmIsReg32 ? L.CLS_GPR32 : row.reg;
      ops.push({ t: "r", r: icedReg(cls, c.r0) });
    } else throw new Error(`operand kind ${name} of ${sel.code} not handled`);
  }
  const sig = ops.map((o) => o.t).join("");
  const r = (i: number) => (ops[i] as { r: Register }).r;
  const m = (i: number) => (ops[i] as { m: () => MemoryOperand }).m();
  const imm = (i: number) => immArg((ops[i] as { k: OpCodeOperandKind }).k, c.imm);
  const uns = (i: number) => unsignedKinds.has((ops[i] as { k: OpCodeOperandKind }).k);
  let ins: Instruction;
  switch (sig) {
    case "": ins = Instruction.create(code); break;
    case "r": ins = Instruction.createReg(code, r(0)); break;
    case "m": ins = Instruction.createMem(code, m(0)); break;
    case "i": ins = uns(0) ? Instruction.createU32(code, imm(0) >>> 0) : Instruction.createI32(code, imm(0)); break;
    case "rr": ins = Instruction.createRegReg(code, r(0), r(1)); break;
    case "rm": ins = Instruction.createRegMem(code, r(0), m(1)); break;
    case "mr": ins = Instruction.createMemReg(code, m(0), r(1)); break;
    case "ri":
      if (kinds[1] === K.imm64) ins = Instruction.createRegI64(code, r(0), c.imm);
      else ins = uns(1) ? Instruction.createRegU32(code, r(0), imm(1) >>> 0) : Instruction.createRegI32(code, r(0), imm(1));
      break;
    case "mi": ins = uns(1) ? Instruction.createMemU32(code, m(0), imm(1) >>> 0) : Instruction.createMemI32(code, m(0), imm(1)); break;
    case "rri": ins = uns(2) ? Instruction.createRegRegU32(code, r(0), r(1), imm(2) >>> 0) : Instruction.createRegRegI32(code, r(0), r(1), imm(2)); break;
    case "rmi": ins = uns(2) ? Instruction.createRegMemU32(code, r(0), m(1), imm(2) >>> 0) : Instruction.createRegMemI32(code, r(0), m(1), imm(2)); break;
    default: throw new Error(`signature ${sig} of ${sel.code} not handled`);
  }
  if (row.lock) ins.hasLockPrefix = true;
  return ins;
}

let enc = new Encoder(64);

/** iced's bytes for a case at ip, or null when iced rejects it. */
export function icedBytes(c: Case, ip: bigint): Uint8Array | null {
  try {
    let len = 0;
    if (c.mem && c.mem.base === L.MEM_RIP) {
      // The displacement is relative to the end of the instruction: get the length first.
      const probe = icedInstruction({ ...c, mem: { ...c.mem, disp: 0 } }, ip, 0);
      len = enc.encode(probe, ip);
      probe.free();
      enc.takeBuffer();
    }
    const ins = icedInstruction(c, ip, len);
    enc.encode(ins, ip);
    ins.free();
    return enc.takeBuffer();
  } catch (e) {
    if (e instanceof Error && /not handled|unknown iced/.test(e.message)) throw e;
    // A failed encode leaves the wasm-bindgen encoder unusable: start a new one.
    enc = new Encoder(64);
    return null;
  }
}

export const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

/** A readable description of a case for failure messages. */
export function describe(c: Case): string {
  const m = c.mem;
  const ms = m ? `[b=${m.base} i=${m.index} s=${1 << m.scaleLog2} d=${m.disp}]` : `r1=${c.r1}`;
  return `${c.row.name} r0=${c.r0} ${ms} imm=${c.imm}`;
}

/** Every memory shape: each base with each displacement class, base+index*scale, index only, absolute, RIP. */
export function memShapes(): MemShape[] {
  const out: MemShape[] = [];
  const N = L.MEM_NONE;
  for (let b = 0; b < 16; b++) for (const d of DISP_EDGES) out.push({ base: b, index: N, scaleLog2: 0, disp: d });
  let k = 0;
  for (let b = 0; b < 16; b++)
    for (let i = 0; i < 16; i++)
      for (let s = 0; s < 4; s++) out.push({ base: b, index: i, scaleLog2: s, disp: [0, -5, 1000][k++ % 3]! });
  for (let i = 0; i < 16; i++) for (let s = 0; s < 4; s++) for (const d of [0, 77, -0x12345]) out.push({ base: N, index: i, scaleLog2: s, disp: d });
  for (const d of DISP_EDGES) out.push({ base: N, index: N, scaleLog2: 0, disp: d });
  for (const d of DISP_EDGES) out.push({ base: L.MEM_RIP, index: N, scaleLog2: 0, disp: d });
  return out;
}

/** The memory shapes where each special case (RSP/R12 need SIB, RBP/R13 need a displacement) shows. */
export function structuralShapes(): MemShape[] {
  const N = L.MEM_NONE, out: MemShape[] = [];
  for (const b of [0, 4, 5, 12, 13, 15]) for (const d of [0, 1, -129]) out.push({ base: b, index: N, scaleLog2: 0, disp: d });
  for (const [b, i] of [[0, 1], [4, 5], [5, 12], [13, 9], [12, 15]] as const) for (const s of [0, 3]) out.push({ base: b, index: i, scaleLog2: s, disp: s ? 0x100 : 0 });
  out.push({ base: N, index: 3, scaleLog2: 2, disp: 64 }, { base: N, index: N, scaleLog2: 0, disp: 0x1000 }, { base: L.MEM_RIP, index: N, scaleLog2: 0, disp: -7 });
  return out;
}
