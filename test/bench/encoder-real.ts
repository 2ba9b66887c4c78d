// Real compiled code as encoder records: the machine code the backend produces for Mono's mscorlib
// (every method the IL importer handles, test/bench/corlib-ir.ts, compiled by compileBatch) is
// decoded with iced-x86's Decoder and each instruction turned back into one encoder record:
//
// - the form is the row whose iced `Code` (default, short-imm8 or accumulator variant) the
//   decoded instruction has; a lock prefix picks the LOCK_ row; `mov r64, imm64` is MOV_R64_IMM64
//   (the 10-byte form the code holds), and `mov r32, imm32` / `mov r/m64, simm32` are the rows of
//   those encodings;
// - a branch target inside the method becomes a label bound before the instruction at that
//   offset; a call, jump or RIP-relative operand whose field carries one of the method's
//   relocations becomes an external symbol with the relocation's symbol and addend (converted back
//   to the record's addend); `mov r64, imm64` under an ABS64 relocation becomes `movabs` with the
//   symbol;
// - a method with read-only data ends, as the backend emits it, with ALIGN 16 and the data label;
//   RIP-relative operands into the data become [rip + data label + offset].
//
// Instructions with no form, with a prefix the encoder does not emit, or with a target that is not
// an instruction of the method are skipped and counted by reason. Nothing else is filtered: the
// stream is the backend's output for those methods, instruction for instruction.
import { Code, Decoder, DecoderOptions, Instruction, OpCodeOperandKind, OpKind, Register } from "iced-x86";
import * as L from "../../core-as/shared/encoder-layout.js";
import { formRows } from "../../host/core/x86-forms.js";
import { opKinds } from "../support/iced-ops.js";

const WORDS = L.REC_SIZE / 4;

/** A compiled method as compileBatch returns it. */
export interface MethodCode {
  code: Uint8Array;
  /** End of the instructions (stats.codeBytes); code past it is alignment padding and data. */
  codeBytes: number;
  /** Start of the read-only data (code.length when there is none). */
  dataOffset: number;
  relocWords: Int32Array;
}

/** Which instructions of the stream to keep: all, only those without a memory operand, only those with one. */
export type Half = "all" | "reg" | "mem";

/** Growable record words. */
export class RecordWords {
  words = new Int32Array(WORDS * 4096);
  count = 0;
  labels = 0;
  /** Machine instructions (records other than LABEL and ALIGN). */
  instrs = 0;

  put(form: number, r0: number, r1: number, memWord: number, disp: number, target: number, imm: bigint): void {
    if ((this.count + 1) * WORDS > this.words.length) {
      const w = new Int32Array(this.words.length * 2);
      w.set(this.words);
      this.words = w;
    }
    const o = this.count++ * WORDS, w = this.words;
    w[o] = form | (r0 << 16) | (r1 << 24);
    w[o + 1] = memWord;
    w[o + 2] = disp | 0;
    w[o + 3] = target | 0;
    w[o + 4] = Number(BigInt.asIntN(32, imm));
    w[o + 5] = Number(BigInt.asIntN(32, imm >> 32n));
    if (form !== L.FORM_LABEL && form !== L.FORM_ALIGN) this.instrs++;
  }
  bind(label: number): void {
    this.put(L.FORM_LABEL, 0, 0, L.MEM_NONE | (L.MEM_NONE << 8) | (L.REC_F_LABEL << 24), 0, label, 0n);
  }
  get staged(): Int32Array {
    return this.words.subarray(0, this.count * WORDS);
  }
}

// ---- iced Code -> form.

interface FormChoice {
  form: number;
  /** The accumulator variant: the rm register is implicit (0). */
  acc: boolean;
}
const byCode = new Map<number, FormChoice>();
const lockByCode = new Map<number, FormChoice>();
{
  const C = Code as unknown as Record<string, number>;
  formRows.forEach((row, form) => {
    if (!row.iced || form === L.FORM_MOV_R64_IMM) return; // MOV_R64_IMM64 is the row of Mov_r64_imm64
    const target = row.lock ? lockByCode : byCode;
    for (const [name, acc] of [[row.iced, false], [row.icedShort, false], [row.icedAcc, true]] as const) {
      if (!name) continue;
      const code = C[name];
      if (code === undefined) throw new Error(`unknown iced Code ${name}`);
      if (!target.has(code)) target.set(code, { form, acc });
    }
  });
}

const K = OpCodeOperandKind;
const implicitKinds = new Set<OpCodeOperandKind>([K.al, K.ax, K.eax, K.rax, K.cl, K.imm8_const_1]);
const signedImmKinds = new Set<OpCodeOperandKind>([K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm32sex64, K.imm64]);
const unsignedImmKinds = new Set<OpCodeOperandKind>([K.imm8, K.imm16, K.imm32]);

// ---- iced Register -> register number.

const regNum = new Map<number, number>();
{
  const R = Register as unknown as Record<string, number>;
  const sets = [
    ["RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI"],
    ["EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"],
    ["AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI"],
    ["AL", "CL", "DL", "BL", "SPL", "BPL", "SIL", "DIL"],
  ];
  const suffix = ["", "D", "W", "L"];
  sets.forEach((names, k) => {
    names.forEach((n, i) => regNum.set(R[n]!, i));
    for (let i = 8; i < 16; i++) regNum.set(R[`R${i}${suffix[k]}`]!, i);
  });
  ["AH", "CH", "DH", "BH"].forEach((n, i) => regNum.set(R[n]!, 16 + i));
  for (let i = 0; i < 16; i++) regNum.set(R[`XMM${i}`]!, i);
}
function reg(r: Register): number {
  const n = regNum.get(r);
  if (n === undefined) throw new Unsupported(`register ${Register[r]}`);
  return n;
}

class Unsupported extends Error {}

interface Reloc {
  kind: number;
  symbol: number;
  addend: number;
}

/** What converting a set of methods produced. */
export interface ConvertStats {
  methods: number;
  /** Instructions decoded (all of them, before the half filter). */
  decoded: number;
  /** Skipped instructions by reason. */
  skipped: Map<string, number>;
  /** Instructions of the stream with / without a memory operand. */
  withMemory: number;
  registerOnly: number;
}

export function newStats(): ConvertStats {
  return { methods: 0, decoded: 0, skipped: new Map(), withMemory: 0, registerOnly: 0 };
}

/**
 * Appends one method's instructions (those of `half`) to `out` as records, with label ids from
 * out.labels on. Returns the kept instructions (decoded at ip 0 = method start, for iced); the
 * caller owns and frees them.
 */
export function convertMethod(m: MethodCode, out: RecordWords, half: Half, stats: ConvertStats): Instruction[] {
  stats.methods++;
  const relocs = new Map<number, Reloc>();
  const rw = m.relocWords;
  for (let i = 0; i + 3 < rw.length; i += 4) relocs.set(rw[i]!, { kind: rw[i + 1]!, symbol: rw[i + 2]!, addend: rw[i + 3]! });
  const hasData = m.dataOffset < m.code.length;

  const d = new Decoder(64, m.code.subarray(0, m.codeBytes), DecoderOptions.None);
  d.ip = 0n;
  const list: Instruction[] = [];
  while (d.canDecode) list.push(d.decode());
  d.free();
  stats.decoded += list.length;

  // Labels: every in-method branch target, bound at its instruction.
  const starts = new Set<number>();
  for (const ins of list) starts.add(Number(ins.ip));
  const labelAt = new Map<number, number>();
  const labelBase = out.labels;
  let nLabels = 0;
  for (const ins of list) {
    const kinds = opKinds(ins.code);
    if (kinds.length === 1 && (kinds[0] === K.br64_1 || kinds[0] === K.br64_4)) {
      const t = Number(ins.nearBranchTarget);
      if (starts.has(t) && !labelAt.has(t) && !fieldReloc(relocs, ins)) labelAt.set(t, labelBase + nLabels++);
    }
  }
  const dataLabel = hasData ? labelBase + nLabels++ : -1;
  out.labels += nLabels;

  const kept: Instruction[] = [];
  for (const ins of list) {
    const off = Number(ins.ip);
    const lbl = labelAt.get(off);
    if (lbl !== undefined) out.bind(lbl);
    const memOp = hasMemory(ins);
    if (half !== "all" && memOp !== (half === "mem")) {
      ins.free();
      continue;
    }
    try {
      convert(ins, relocs, labelAt, hasData ? { label: dataLabel, offset: m.dataOffset } : null, out);
      kept.push(ins);
      if (memOp) stats.withMemory++;
      else stats.registerOnly++;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      stats.skipped.set(e.message, (stats.skipped.get(e.message) ?? 0) + 1);
      ins.free();
    }
  }
  if (hasData) {
    out.put(L.FORM_ALIGN, 0, 0, L.MEM_NONE | (L.MEM_NONE << 8), 0, 0, 16n);
    out.bind(dataLabel);
  }
  return kept;
}

function hasMemory(ins: Instruction): boolean {
  for (let i = 0; i < ins.opCount; i++) if (ins.opKind(i) === OpKind.Memory) return true;
  return false;
}

/** The relocation whose field lies inside the instruction, if any. */
function fieldReloc(relocs: Map<number, Reloc>, ins: Instruction): { at: number; r: Reloc } | null {
  if (relocs.size === 0) return null;
  const s = Number(ins.ip);
  for (let o = s + 1; o < s + ins.length; o++) {
    const r = relocs.get(o);
    if (r) return { at: o - s, r };
  }
  return null;
}

function convert(ins: Instruction, relocs: Map<number, Reloc>, labelAt: Map<number, number>, data: { label: number; offset: number } | null, out: RecordWords): void {
  if (ins.segmentPrefix !== Register.None || ins.hasRepPrefix || ins.hasRepnePrefix) throw new Unsupported("prefix the encoder does not emit");
  const code = ins.code;
  const choice = (ins.hasLockPrefix ? lockByCode : byCode).get(code);
  if (!choice) throw new Unsupported(`no form for ${Code[code]}${ins.hasLockPrefix ? " (lock)" : ""}`);
  const form = choice.form;
  const rel = fieldReloc(relocs, ins);
  const kinds = opKinds(code);

  // Branches and calls: a label inside the method or a relocated symbol.
  if (kinds.length === 1 && (kinds[0] === K.br64_1 || kinds[0] === K.br64_4)) {
    const none = L.MEM_NONE | (L.MEM_NONE << 8);
    if (rel) {
      if (rel.r.kind !== L.RELOC_REL32) throw new Unsupported("branch with a non-REL32 relocation");
      out.put(form, 0, 0, none | (L.REC_F_SYMBOL << 24), rel.r.addend + 4, rel.r.symbol, 0n);
      return;
    }
    const lbl = labelAt.get(Number(ins.nearBranchTarget));
    if (lbl === undefined) throw new Unsupported("branch target outside the method's instructions");
    out.put(form, 0, 0, none | (L.REC_F_LABEL << 24), 0, lbl, 0n);
    return;
  }

  let r0 = 0, r1 = 0, imm = 0n, memWord = L.MEM_NONE | (L.MEM_NONE << 8), disp = 0, target = 0, flags = 0;
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i]!;
    const name = K[k] ?? "";
    if (implicitKinds.has(k)) continue; // accumulator (r1 = 0), CL, the constant 1
    if (signedImmKinds.has(k)) imm = BigInt.asIntN(64, ins.immediate(i));
    else if (unsignedImmKinds.has(k)) imm = ins.immediate(i);
    else if (name.endsWith("_reg") || name.endsWith("_opcode")) r0 = reg(ins.opRegister(i));
    else if (name.endsWith("_or_mem") || name.endsWith("_rm") || name === "mem") {
      if (ins.opKind(i) === OpKind.Register) r1 = reg(ins.opRegister(i));
      else {
        flags |= L.REC_F_MEM;
        const base = ins.memoryBase, index = ins.memoryIndex;
        if (base === Register.RIP) {
          const t = Number(BigInt.asIntN(64, ins.memoryDisplacement));
          memWord = L.MEM_RIP | (L.MEM_NONE << 8);
          if (rel) {
            if (rel.r.kind !== L.RELOC_REL32) throw new Unsupported("RIP-relative operand with a non-REL32 relocation");
            flags |= L.REC_F_SYMBOL;
            target = rel.r.symbol;
            // The encoder writes addend = record addend - (bytes from the field's end to the instruction's end) - 4.
            disp = rel.r.addend + (ins.length - rel.at);
          } else if (data && t >= data.offset) {
            flags |= L.REC_F_LABEL;
            target = data.label;
            disp = t - data.offset;
          } else {
            const lbl = labelAt.get(t);
            if (lbl === undefined) throw new Unsupported("RIP-relative target outside the method's instructions and data");
            flags |= L.REC_F_LABEL;
            target = lbl;
          }
        } else {
          const b = base === Register.None ? L.MEM_NONE : reg(base);
          const x = index === Register.None ? L.MEM_NONE : reg(index);
          memWord = b | (x << 8) | ((31 - Math.clz32(ins.memoryIndexScale)) << 16);
          disp = Number(BigInt.asIntN(32, ins.memoryDisplacement));
        }
      }
    } else throw new Unsupported(`operand kind ${name}`);
  }
  if (choice.acc) r1 = 0;
  if (form === L.FORM_MOV_R64_IMM64 && rel) {
    if (rel.r.kind !== L.RELOC_ABS64) throw new Unsupported("movabs with a non-ABS64 relocation");
    flags |= L.REC_F_SYMBOL;
    target = rel.r.symbol;
    imm = BigInt(rel.r.addend);
  } else if (rel && !(flags & L.REC_F_SYMBOL)) throw new Unsupported("relocation on an operand the encoder does not relocate");
  out.put(form, r0, r1, memWord | (flags << 24), disp, target, imm);
}
