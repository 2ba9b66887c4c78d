// Typed host-side assembler over the core's batch encoder. Records are staged in an Int32Array
// (REC_SIZE bytes each, layout from core-as/shared/encoder-layout.ts), copied into the core's
// memory in one block, and encoded by one encodeBatch() call; the results are copied back out.
import * as L from "../../core-as/shared/encoder-layout.js";
import type { CoreExports } from "./load-core.js";

const WORDS = L.REC_SIZE / 4;

/** A memory operand. Build it with mem(), abs(), ripLabel() or ripSymbol(). */
export interface Mem {
  base: number; // 0-15, L.MEM_NONE or L.MEM_RIP
  index: number; // 0-15 (not 4) or L.MEM_NONE
  scaleLog2: number; // 0-3
  disp: number; // i32; addend for RIP-relative label/symbol operands
  target: number; // label or symbol id for RIP-relative operands
  targetFlag: number; // 0, L.REC_F_LABEL or L.REC_F_SYMBOL
}

const LOG2: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };

/** [base + index*scale + disp]; pass L.MEM_NONE for a missing base or index. */
export function mem(base: number, index: number = L.MEM_NONE, scale: 1 | 2 | 4 | 8 = 1, disp = 0): Mem {
  return { base, index, scaleLog2: LOG2[scale] ?? 0, disp, target: 0, targetFlag: 0 };
}
/** [disp32] (absolute). */
export const abs = (disp: number): Mem => mem(L.MEM_NONE, L.MEM_NONE, 1, disp);
/** [rip + label + addend]. */
export const ripLabel = (label: number, addend = 0): Mem => ({ ...mem(L.MEM_RIP, L.MEM_NONE, 1, addend), target: label, targetFlag: L.REC_F_LABEL });
/** [rip + symbol + addend]: a REL32 relocation. */
export const ripSymbol = (symbol: number, addend = 0): Mem => ({ ...mem(L.MEM_RIP, L.MEM_NONE, 1, addend), target: symbol, targetFlag: L.REC_F_SYMBOL });

export interface Fixup {
  offset: number;
  label: number;
  width: number;
  record: number;
}
export interface Reloc {
  offset: number;
  kind: number; // L.RELOC_REL32 | L.RELOC_ABS64
  symbol: number;
  addend: number;
}
export interface EncodedBatch {
  code: Uint8Array;
  /** offsets[i]: code offset of record i; offsets[count]: the code length. */
  offsets: Uint32Array;
  fixups: Fixup[];
  relocs: Reloc[];
  /** Final offset of each label. */
  labels: Int32Array;
  /** Relaxation passes the batch needed (0 without jumps or ALIGN). */
  passes: number;
}

const errorNames: Record<number, string> = Object.fromEntries(
  Object.entries(L).filter(([k]) => k.startsWith("ERR_")).map(([k, v]) => [v as number, k]),
);

export class EncoderError extends Error {
  override readonly name = "EncoderError";
  constructor(readonly code: number, readonly record: number) {
    super(`${errorNames[code] ?? `error ${code}`} at record ${record}`);
  }
}

export class X86Assembler {
  private words = new Int32Array(WORDS * 1024);
  private n = 0;
  private labels = 0;

  constructor(private readonly core: CoreExports) {}

  /** Number of records staged so far. */
  get count(): number {
    return this.n;
  }

  newLabel(): number {
    return this.labels++;
  }

  /**
   * Stages one raw record. r0: register in ModRM.reg / the opcode; r1: register in ModRM.rm
   * (ignored when mem is given). For /digit forms (neg, shifts, ALU with imm …) the single
   * register operand is r1.
   */
  record(form: number, r0: number, r1: number, m: Mem | null, imm: number | bigint = 0, flags = 0, target = 0): this {
    if (this.n * WORDS + WORDS > this.words.length) {
      const w = new Int32Array(this.words.length * 2);
      w.set(this.words);
      this.words = w;
    }
    const o = this.n++ * WORDS, w = this.words;
    w[o] = form | (r0 << 16) | (r1 << 24);
    if (m) {
      w[o + 1] = m.base | (m.index << 8) | (m.scaleLog2 << 16) | ((L.REC_F_MEM | m.targetFlag | flags) << 24);
      w[o + 2] = m.disp | 0;
      w[o + 3] = m.targetFlag ? m.target : target;
    } else {
      w[o + 1] = L.MEM_NONE | (L.MEM_NONE << 8) | (flags << 24);
      w[o + 2] = 0;
      w[o + 3] = target;
    }
    if (typeof imm === "bigint") {
      w[o + 4] = Number(BigInt.asIntN(32, imm));
      w[o + 5] = Number(BigInt.asIntN(32, imm >> 32n));
    } else {
      w[o + 4] = imm | 0;
      w[o + 5] = Math.floor(imm / 4294967296) | 0;
    }
    return this;
  }

  /** Register-only form: reg (ModRM.reg / opcode register) and rm register. */
  rr(form: number, reg: number, rm: number, imm: number | bigint = 0): this {
    return this.record(form, reg, rm, null, imm);
  }
  /** Form with a memory rm operand. */
  rm(form: number, reg: number, m: Mem, imm: number | bigint = 0): this {
    return this.record(form, reg, 0, m, imm);
  }
  /** One register in the rm slot (neg, shifts, setcc, ALU with imm, call/jmp reg, …). */
  r(form: number, rm: number, imm: number | bigint = 0): this {
    return this.record(form, 0, rm, null, imm);
  }
  /** One register in the reg/opcode slot (push, pop, bswap, mov r, imm). */
  o(form: number, reg: number, imm: number | bigint = 0): this {
    return this.record(form, reg, 0, null, imm);
  }
  /** A form without operands, or with only an immediate (ret, cqo, push imm). */
  op(form: number, imm: number | bigint = 0): this {
    return this.record(form, 0, 0, null, imm);
  }
  bind(label: number): this {
    return this.record(L.FORM_LABEL, 0, 0, null, 0, L.REC_F_LABEL, label);
  }
  /** jcc/jmp (FORM_JE … FORM_JMP) or call (FORM_CALL) to a label. */
  jump(form: number, label: number): this {
    return this.record(form, 0, 0, null, 0, L.REC_F_LABEL, label);
  }
  /** call/jmp/jcc rel32 to an external symbol: a REL32 relocation. */
  jumpSymbol(form: number, symbol: number): this {
    return this.record(form, 0, 0, null, 0, L.REC_F_SYMBOL, symbol);
  }
  /** mov r64, imm64 with the absolute address of a symbol (+ addend): an ABS64 relocation. */
  movSymbol(reg: number, symbol: number, addend = 0): this {
    return this.record(L.FORM_MOV_R64_IMM64, reg, 0, null, addend, L.REC_F_SYMBOL, symbol);
  }
  align(n: number): this {
    return this.op(L.FORM_ALIGN, n);
  }
  nop(n: number): this {
    return this.op(L.FORM_NOP_N, n);
  }

  /** Staged record words (for producers that fill many records at once). */
  get stagedWords(): Int32Array {
    return this.words.subarray(0, this.n * WORDS);
  }

  /** Encodes the staged records as one batch and resets the assembler. Throws EncoderError. */
  finish(): EncodedBatch {
    try {
      return encodeWords(this.core, this.stagedWords, this.n, this.labels);
    } finally {
      this.n = 0;
      this.labels = 0;
    }
  }
}

/** Encodes `count` records given as words (WORDS per record) with `labelCount` labels. */
export function encodeWords(core: CoreExports, words: Int32Array, count: number, labelCount: number): EncodedBatch {
  let hdr = core.encoderSetup(0, 0);
  let h = new Int32Array(core.memory.buffer, hdr, L.HDR_WORDS);
  if (count > h[L.HDR_RECORD_CAPACITY]! || labelCount > h[L.HDR_LABEL_CAPACITY]!) {
    hdr = core.encoderSetup(Math.max(count, 1024), Math.max(labelCount, 256));
  }
  h = new Int32Array(core.memory.buffer, hdr, L.HDR_WORDS);
  new Int32Array(core.memory.buffer, h[L.HDR_RECORDS_PTR]!, count * WORDS).set(words.subarray(0, count * WORDS));
  const status = core.encodeBatch(count, labelCount);
  const buf = core.memory.buffer;
  h = new Int32Array(buf, hdr, L.HDR_WORDS);
  if (status !== L.ERR_OK) throw new EncoderError(status, h[L.HDR_ERROR_INDEX]!);
  const code = new Uint8Array(buf, h[L.HDR_CODE_PTR]!, h[L.HDR_CODE_LEN]!).slice();
  const offsets = new Uint32Array(buf, h[L.HDR_OFFSETS_PTR]!, count + 1).slice();
  const fx = new Int32Array(buf, h[L.HDR_FIXUPS_PTR]!, h[L.HDR_FIXUP_COUNT]! * 4);
  const fixups: Fixup[] = [];
  for (let i = 0; i < fx.length; i += 4) fixups.push({ offset: fx[i]!, label: fx[i + 1]!, width: fx[i + 2]!, record: fx[i + 3]! });
  const rl = new Int32Array(buf, h[L.HDR_RELOCS_PTR]!, h[L.HDR_RELOC_COUNT]! * 4);
  const relocs: Reloc[] = [];
  for (let i = 0; i < rl.length; i += 4) relocs.push({ offset: rl[i]!, kind: rl[i + 1]!, symbol: rl[i + 2]!, addend: rl[i + 3]! });
  const labels = new Int32Array(buf, h[L.HDR_LABELS_PTR]!, labelCount).slice();
  return { code, offsets, fixups, relocs, labels, passes: h[L.HDR_PASSES]! };
}
