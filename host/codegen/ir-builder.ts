// A typed builder for the backend's flat IR (layout: core-as/shared/ir-layout.ts, semantics:
// docs/ir.md). Instructions are appended per block and laid out block after block by finish()
// (in creation order, except blocks made to follow the current one),
// which returns the method record as i32 words; packBatch() puts several methods behind the
// offset table compileBatch() reads. Also: decodeMethod() (words back to plain objects, for the
// interpreter and listings) and formatMethod().
import * as IR from "../../core-as/shared/ir-layout.js";

export type Ty = number; // IR.TY_*
export type VReg = number;
export type Block = number;

const OP_NAMES: string[] = [];
const CC_NAMES = ["eq", "ne", "lt", "le", "gt", "ge", "lt.u", "le.u", "gt.u", "ge.u"];
const CV_NAMES = ["sext8", "sext16", "zext8", "zext16", "sext32", "zext32", "wrap", "s2f", "u2f", "f2s", "f2u", "f2f", "bitcast"];
const TY_NAMES = ["i32", "i64", "f32", "f64", "ptr", "ref", "void"];
const MEMW_NAMES = ["u8", "s8", "u16", "s16", "u32", "s32", "64", "f32", "f64"];
for (const [k, v] of Object.entries(IR)) if (k.startsWith("OP_") && k !== "OP_COUNT") OP_NAMES[v as number] = k.slice(3).toLowerCase();

export const isInt = (t: Ty): boolean => t === IR.TY_I32 || t === IR.TY_I64 || t === IR.TY_PTR || t === IR.TY_REF;
export const isFloat = (t: Ty): boolean => t === IR.TY_F32 || t === IR.TY_F64;
/** 64-bit integer types (i64, ptr, ref). */
export const is64 = (t: Ty): boolean => t === IR.TY_I64 || t === IR.TY_PTR || t === IR.TY_REF;

export class IRBuildError extends Error {
  override readonly name = "IRBuildError";
}

/** Per opcode: 1 for terminators. */
const TERMINATOR = new Uint8Array(256);
for (const op of [IR.OP_JUMP, IR.OP_BR, IR.OP_BRCMP, IR.OP_SWITCH, IR.OP_RET, IR.OP_UNREACHABLE]) TERMINATOR[op] = 1;
const isTerminator = (op: number): boolean => op >= 0 && TERMINATOR[op] === 1;

/** Float constants' bits. */
const SCRATCH = new DataView(new ArrayBuffer(8));

// Per block, in MethodBuilder's block table.
const BLK_FIRST_SEG = 0, BLK_LAST_SEG = 1, BLK_WORDS = 2, BLK_INSTS = 3, BLK_LAYOUT_NEXT = 4, BLK_LAST_HEADER = 5, BLK_FIELDS = 6;
// Per segment of the word buffer: start, length, next segment of the same block (-1: none).
const SEG_START = 0, SEG_LEN = 1, SEG_NEXT = 2, SEG_FIELDS = 3;

/**
 * A builder's working storage: instruction words are appended, whatever their block, to one
 * buffer, each block's words a chain of segments of it (one segment while a block is built
 * without switching away); blocks, segments and vreg types are tables of integers. Reused by
 * the next builder once a method is finished.
 */
class Scratch {
  words = new Int32Array(1024);
  segs = new Int32Array(SEG_FIELDS * 64);
  blocks = new Int32Array(BLK_FIELDS * 32);
  vregTypes = new Uint8Array(256);
}
const spare: Scratch[] = [];
const SPARE_LIMIT = 4, SPARE_MAX_WORDS = 1 << 20;

function grown<T extends Int32Array | Uint8Array>(a: T, need: number): T {
  const b = new (a.constructor as { new (n: number): T })(Math.max(a.length * 2, need));
  b.set(a);
  return b;
}

/** Builds one method. Every instruction method appends to the current block (setBlock). */
export class MethodBuilder {
  readonly params: VReg[] = [];
  /** The working storage (null once finished). */
  private x: Scratch | null = spare.pop() ?? new Scratch();
  private nWords = 0;
  private nSegs = 0;
  private nBlocks = 0;
  private nVregs = 0;
  private slots: [number, number][] = [];
  private cur = -1;
  private insts = 0;

  /** `symbol` names the method in relocations (and lets other methods call it). */
  constructor(readonly paramTypes: readonly Ty[], readonly retType: Ty, readonly symbol = 0) {
    for (const t of paramTypes) this.params.push(this.newVreg(t));
    this.setBlock(this.newBlock());
  }

  private get scratch(): Scratch {
    const x = this.x;
    if (x === null) throw new IRBuildError("the method is finished");
    return x;
  }
  get numBlocks(): number {
    return this.nBlocks;
  }
  get numInsts(): number {
    return this.insts;
  }
  get numVregs(): number {
    return this.nVregs;
  }
  get currentBlock(): Block {
    return this.cur;
  }
  /** The index in the current block of its next instruction. */
  get currentIndex(): number {
    return this.scratch.blocks[this.cur * BLK_FIELDS + BLK_INSTS]!;
  }
  /** The position of the next instruction of the current block (see instIndex). */
  mark(): [Block, number] {
    return [this.cur, this.currentIndex];
  }
  /** After finish(): the method-wide instruction index a mark() refers to. */
  instIndex(mark: readonly [Block, number]): number {
    if (!this.firstInst) throw new IRBuildError("instIndex needs finish() first");
    return this.firstInst[mark[0]]! + mark[1];
  }
  private firstInst: Int32Array | null = null;

  newVreg(t: Ty): VReg {
    if (t === IR.TY_VOID || t < 0 || t > IR.TY_REF) throw new IRBuildError(`bad vreg type ${t}`);
    const x = this.scratch;
    const v = this.nVregs++;
    if (v >= x.vregTypes.length) x.vregTypes = grown(x.vregTypes, v + 1);
    x.vregTypes[v] = t;
    return v;
  }
  typeOf(v: VReg): Ty {
    if (!(v >= 0 && v < this.nVregs)) throw new IRBuildError(`unknown vreg v${v}`);
    return this.scratch.vregTypes[v]!;
  }
  /**
   * A new block, laid out last — or, with `afterCurrent`, right after the current block (the
   * fall-through of a check, so the hot path needs no jump). The backend lays blocks out in IR
   * order; finish() writes them in this layout order, numbered afresh.
   */
  newBlock(afterCurrent = false): Block {
    const x = this.scratch;
    const b = this.nBlocks++;
    if ((b + 1) * BLK_FIELDS > x.blocks.length) x.blocks = grown(x.blocks, (b + 1) * BLK_FIELDS);
    const t = x.blocks, o = b * BLK_FIELDS;
    t[o + BLK_FIRST_SEG] = -1;
    t[o + BLK_LAST_SEG] = -1;
    t[o + BLK_WORDS] = 0;
    t[o + BLK_INSTS] = 0;
    t[o + BLK_LAST_HEADER] = 0;
    if (afterCurrent && this.cur >= 0) {
      const c = this.cur * BLK_FIELDS;
      t[o + BLK_LAYOUT_NEXT] = t[c + BLK_LAYOUT_NEXT]!;
      t[c + BLK_LAYOUT_NEXT] = b;
      if (this.layoutLast === this.cur) this.layoutLast = b;
      this.reordered = true;
    } else {
      t[o + BLK_LAYOUT_NEXT] = -1;
      if (this.layoutLast >= 0) t[this.layoutLast * BLK_FIELDS + BLK_LAYOUT_NEXT] = b;
      this.layoutLast = b;
    }
    return b;
  }
  /** Layout order is a linked list (BLK_LAYOUT_NEXT: the block after each block, -1: last). */
  private layoutLast = -1;
  private reordered = false;
  setBlock(b: Block): void {
    if (!(b >= 0 && b < this.nBlocks)) throw new IRBuildError(`unknown block b${b}`);
    this.cur = b;
  }
  /** True when the current block already ends with a terminator. */
  get terminated(): boolean {
    return isTerminator(this.lastOp(this.cur));
  }
  /** The opcode of a block's last instruction, or -1 when it has none (a header is never 0). */
  private lastOp(b: Block): number {
    const h = this.scratch.blocks[b * BLK_FIELDS + BLK_LAST_HEADER]!;
    return h === 0 ? -1 : h & IR.IRI_OP_MASK;
  }
  /** A local buffer of `size` bytes; its address comes from slotAddr(). */
  newSlot(size: number, align = 8): number {
    if (!(size >= 1 && size <= 1 << 24) || ![1, 2, 4, 8, 16].includes(align)) throw new IRBuildError(`bad slot ${size}/${align}`);
    this.slots.push([size, align]);
    return this.slots.length - 1;
  }

  /** Appends a raw instruction: header fields and operand words. */
  emit(op: number, type: Ty, aux: number, operands: readonly number[]): void {
    const at = this.head(op, type, aux, operands.length);
    const w = this.x!.words;
    for (let i = 0; i < operands.length; i++) w[at + i] = operands[i]!;
  }
  /**
   * Appends an instruction's header to the current block; returns where in the word buffer
   * its `n` operand words go (the caller writes them).
   */
  private head(op: number, type: Ty, aux: number, n: number): number {
    const x = this.scratch;
    const cur = this.cur, t = x.blocks, o = cur * BLK_FIELDS;
    const last = t[o + BLK_LAST_HEADER]!;
    if (last !== 0 && TERMINATOR[last & IR.IRI_OP_MASK] === 1) throw new IRBuildError(`block b${cur} already has a terminator`);
    const len = 1 + n;
    if (len > 0xffff) throw new IRBuildError("instruction too long");
    const at = this.nWords;
    if (at + len > x.words.length) x.words = grown(x.words, at + len);
    // Extend the block's last segment when it ends here, else start a segment.
    const seg = t[o + BLK_LAST_SEG]!;
    let segs = x.segs;
    if (seg >= 0 && segs[seg * SEG_FIELDS + SEG_START]! + segs[seg * SEG_FIELDS + SEG_LEN]! === at) segs[seg * SEG_FIELDS + SEG_LEN]! += len;
    else {
      const s = this.nSegs++;
      if ((s + 1) * SEG_FIELDS > segs.length) x.segs = segs = grown(segs, (s + 1) * SEG_FIELDS);
      segs[s * SEG_FIELDS + SEG_START] = at;
      segs[s * SEG_FIELDS + SEG_LEN] = len;
      segs[s * SEG_FIELDS + SEG_NEXT] = -1;
      if (seg >= 0) segs[seg * SEG_FIELDS + SEG_NEXT] = s;
      else t[o + BLK_FIRST_SEG] = s;
      t[o + BLK_LAST_SEG] = s;
    }
    const hdr = op | (type << IR.IRI_TYPE_SHIFT) | (aux << IR.IRI_AUX_SHIFT) | (len << IR.IRI_LEN_SHIFT);
    x.words[at] = hdr;
    this.nWords = at + len;
    t[o + BLK_WORDS]! += len;
    t[o + BLK_INSTS]!++;
    t[o + BLK_LAST_HEADER] = hdr;
    this.insts++;
    return at + 1;
  }
  /** Instructions with one to five operand words. */
  private op1(op: number, type: Ty, aux: number, a: number): void {
    const at = this.head(op, type, aux, 1);
    this.x!.words[at] = a;
  }
  private op2(op: number, type: Ty, aux: number, a: number, b: number): void {
    const at = this.head(op, type, aux, 2);
    const w = this.x!.words;
    w[at] = a;
    w[at + 1] = b;
  }
  private op3(op: number, type: Ty, aux: number, a: number, b: number, c: number): void {
    const at = this.head(op, type, aux, 3);
    const w = this.x!.words;
    w[at] = a;
    w[at + 1] = b;
    w[at + 2] = c;
  }
  private op4(op: number, type: Ty, aux: number, a: number, b: number, c: number, d: number): void {
    const at = this.head(op, type, aux, 4);
    const w = this.x!.words;
    w[at] = a;
    w[at + 1] = b;
    w[at + 2] = c;
    w[at + 3] = d;
  }
  private op5(op: number, type: Ty, aux: number, a: number, b: number, c: number, d: number, e: number): void {
    const at = this.head(op, type, aux, 5);
    const w = this.x!.words;
    w[at] = a;
    w[at + 1] = b;
    w[at + 2] = c;
    w[at + 3] = d;
    w[at + 4] = e;
  }

  // ---- Values.
  constInto(dst: VReg, value: number | bigint): VReg {
    const t = this.typeOf(dst);
    let lo = 0, hi = 0;
    if (t === IR.TY_F64) {
      SCRATCH.setFloat64(0, Number(value), true);
      lo = SCRATCH.getInt32(0, true);
      hi = SCRATCH.getInt32(4, true);
    } else if (t === IR.TY_F32) {
      SCRATCH.setFloat32(0, Number(value), true);
      lo = SCRATCH.getInt32(0, true);
    } else if (typeof value === "number" && Number.isSafeInteger(value) && (t === IR.TY_I32 || (value >= -0x80000000 && value <= 0x7fffffff))) {
      // The common case without BigInt: a 32-bit constant (sign-extended for 64-bit types).
      lo = value | 0;
      hi = t === IR.TY_I32 ? 0 : value < 0 ? -1 : 0;
    } else {
      const b = BigInt.asIntN(64, BigInt(value));
      lo = Number(BigInt.asIntN(32, b));
      hi = t === IR.TY_I32 ? 0 : Number(BigInt.asIntN(32, b >> 32n));
    }
    this.op3(IR.OP_CONST, t, 0, dst, lo, hi);
    return dst;
  }
  const(t: Ty, value: number | bigint): VReg {
    return this.constInto(this.newVreg(t), value);
  }
  /** A constant given by its raw bits (f32: low 32 bits; f64: all 64). */
  constBits(t: Ty, bits: bigint): VReg {
    const dst = this.newVreg(t);
    const b = BigInt.asUintN(64, bits);
    this.op3(IR.OP_CONST, t, 0, dst, Number(BigInt.asIntN(32, b)), Number(BigInt.asIntN(32, b >> 32n)));
    return dst;
  }
  mov(dst: VReg, src: VReg): VReg {
    this.op2(IR.OP_MOV, this.typeOf(dst), 0, dst, src);
    return dst;
  }
  /** Binary operation (OP_ADD … OP_ROTR, OP_*_OVF with aux); the type is a's. */
  binaryInto(op: number, dst: VReg, a: VReg, b: VReg, aux = 0): VReg {
    this.op3(op, this.typeOf(a), aux, dst, a, b);
    return dst;
  }
  binary(op: number, a: VReg, b: VReg, aux = 0): VReg {
    return this.binaryInto(op, this.newVreg(this.typeOf(a)), a, b, aux);
  }
  add(a: VReg, b: VReg): VReg { return this.binary(IR.OP_ADD, a, b); }
  sub(a: VReg, b: VReg): VReg { return this.binary(IR.OP_SUB, a, b); }
  mul(a: VReg, b: VReg): VReg { return this.binary(IR.OP_MUL, a, b); }
  div(a: VReg, b: VReg): VReg { return this.binary(IR.OP_DIV, a, b); }
  divU(a: VReg, b: VReg): VReg { return this.binary(IR.OP_DIV_U, a, b); }
  rem(a: VReg, b: VReg): VReg { return this.binary(IR.OP_REM, a, b); }
  remU(a: VReg, b: VReg): VReg { return this.binary(IR.OP_REM_U, a, b); }
  and(a: VReg, b: VReg): VReg { return this.binary(IR.OP_AND, a, b); }
  or(a: VReg, b: VReg): VReg { return this.binary(IR.OP_OR, a, b); }
  xor(a: VReg, b: VReg): VReg { return this.binary(IR.OP_XOR, a, b); }
  shl(a: VReg, b: VReg): VReg { return this.binary(IR.OP_SHL, a, b); }
  shr(a: VReg, b: VReg): VReg { return this.binary(IR.OP_SHR, a, b); }
  sar(a: VReg, b: VReg): VReg { return this.binary(IR.OP_SAR, a, b); }
  unaryInto(op: number, dst: VReg, a: VReg): VReg {
    this.op2(op, this.typeOf(a), 0, dst, a);
    return dst;
  }
  unary(op: number, a: VReg): VReg {
    return this.unaryInto(op, this.newVreg(this.typeOf(a)), a);
  }
  /** dst (i32) = a cc b. */
  cmpInto(cc: number, dst: VReg, a: VReg, b: VReg): VReg {
    this.op3(IR.OP_CMP, this.typeOf(a), cc, dst, a, b);
    return dst;
  }
  cmp(cc: number, a: VReg, b: VReg): VReg {
    return this.cmpInto(cc, this.newVreg(IR.TY_I32), a, b);
  }
  convInto(kind: number, dst: VReg, a: VReg): VReg {
    this.op2(IR.OP_CONV, this.typeOf(dst), kind, dst, a);
    return dst;
  }
  conv(kind: number, to: Ty, a: VReg): VReg {
    return this.convInto(kind, this.newVreg(to), a);
  }
  convOvf(target: number, to: Ty, a: VReg, unsignedSource = false): VReg {
    const dst = this.newVreg(to);
    this.op2(IR.OP_CONV_OVF, to, target | (unsignedSource ? IR.OVT_UNSIGNED_SRC : 0), dst, a);
    return dst;
  }

  // ---- Memory.
  loadInto(width: number, dst: VReg, base: VReg, index: VReg = IR.IR_NONE, scaleLog2 = 0, disp = 0): VReg {
    this.op5(IR.OP_LOAD, this.typeOf(dst), width, dst, base, index, disp, scaleLog2);
    return dst;
  }
  load(width: number, to: Ty, base: VReg, index: VReg = IR.IR_NONE, scaleLog2 = 0, disp = 0): VReg {
    return this.loadInto(width, this.newVreg(to), base, index, scaleLog2, disp);
  }
  store(width: number, value: VReg, base: VReg, index: VReg = IR.IR_NONE, scaleLog2 = 0, disp = 0): void {
    this.op5(IR.OP_STORE, this.typeOf(value), width, value, base, index, disp, scaleLog2);
  }
  slotAddr(slot: number): VReg {
    const dst = this.newVreg(IR.TY_PTR);
    this.op2(IR.OP_SLOT_ADDR, IR.TY_PTR, 0, dst, slot);
    return dst;
  }
  /** The address of `symbol` (an indirection cell or data the image or runtime provides). */
  symbolAddr(symbol: number): VReg {
    const dst = this.newVreg(IR.TY_PTR);
    this.op2(IR.OP_SYMBOL_ADDR, IR.TY_PTR, 0, dst, symbol);
    return dst;
  }

  // ---- Calls.
  /** Call; returns the result vreg (or IR_NONE for TY_VOID). target: a symbol (DIRECT/CELL) or a vreg (REG/MEM). */
  call(kind: number, target: number, args: readonly VReg[], ret: Ty, disp = 0): VReg {
    const dst = ret === IR.TY_VOID ? IR.IR_NONE : this.newVreg(ret);
    const at = this.head(IR.OP_CALL, ret, kind, 4 + args.length);
    const w = this.x!.words;
    w[at] = dst;
    w[at + 1] = target;
    w[at + 2] = disp;
    w[at + 3] = args.length;
    for (let i = 0; i < args.length; i++) w[at + 4 + i] = args[i]!;
    return dst;
  }

  // ---- Control.
  jump(target: Block): void {
    this.op1(IR.OP_JUMP, IR.TY_I32, 0, target);
  }
  br(cond: VReg, then: Block, els: Block): void {
    this.op3(IR.OP_BR, IR.TY_I32, 0, cond, then, els);
  }
  brcmp(cc: number, a: VReg, b: VReg, then: Block, els: Block): void {
    this.op4(IR.OP_BRCMP, this.typeOf(a), cc, a, b, then, els);
  }
  switch(index: VReg, dflt: Block, targets: readonly Block[]): void {
    this.emit(IR.OP_SWITCH, IR.TY_I32, 0, [index, dflt, targets.length, ...targets]);
  }
  ret(value: VReg = IR.IR_NONE): void {
    this.op1(IR.OP_RET, value === IR.IR_NONE ? IR.TY_VOID : this.typeOf(value), 0, value);
  }
  unreachable(): void {
    this.head(IR.OP_UNREACHABLE, IR.TY_I32, 0, 0);
  }
  safepoint(): void {
    this.head(IR.OP_SAFEPOINT, IR.TY_I32, 0, 0);
  }

  /** The method record as words (IRM_* header, vreg types, params, blocks, instructions, slots). */
  finish(): Int32Array {
    const x = this.scratch;
    const nb = this.nBlocks, t = x.blocks, segs = x.segs, words = x.words;
    for (let b = 0; b < nb; b++) {
      if (t[b * BLK_FIELDS + BLK_WORDS] === 0 || !isTerminator(this.lastOp(b))) throw new IRBuildError(`block b${b} has no terminator`);
    }
    // Layout order; block operands of terminators are renumbered to it.
    const order = new Int32Array(nb);
    let count = 0;
    for (let b = 0; b >= 0 && count < nb; b = t[b * BLK_FIELDS + BLK_LAYOUT_NEXT]!) order[count++] = b;
    if (count !== nb) throw new IRBuildError("block layout lost a block");
    const id = this.reordered ? new Int32Array(nb) : null;
    if (id) for (let i = 0; i < nb; i++) id[order[i]!] = i;
    const instWords = this.nWords;
    const nv = this.nVregs;
    const typesOff = IR.IRM_HEADER_WORDS;
    const paramsOff = typesOff + nv;
    const blocksOff = paramsOff + this.params.length;
    const instsOff = blocksOff + nb * IR.IRB_WORDS;
    const slotsOff = instsOff + instWords;
    const out = new Int32Array(slotsOff + this.slots.length * IR.IRS_WORDS);
    out[IR.IRM_NUM_VREGS] = nv;
    out[IR.IRM_NUM_BLOCKS] = nb;
    out[IR.IRM_NUM_INSTS] = this.insts;
    out[IR.IRM_NUM_PARAMS] = this.params.length;
    out[IR.IRM_RET_TYPE] = this.retType;
    out[IR.IRM_NUM_SLOTS] = this.slots.length;
    out[IR.IRM_VREG_TYPES_OFF] = typesOff;
    out[IR.IRM_PARAMS_OFF] = paramsOff;
    out[IR.IRM_BLOCKS_OFF] = blocksOff;
    out[IR.IRM_INSTS_OFF] = instsOff;
    out[IR.IRM_SLOTS_OFF] = slotsOff;
    out[IR.IRM_INST_WORDS] = instWords;
    out[IR.IRM_SYMBOL] = this.symbol;
    for (let v = 0; v < nv; v++) out[typesOff + v] = x.vregTypes[v]!;
    out.set(this.params, paramsOff);
    let w = 0, inst = 0;
    const firstInst = (this.firstInst = new Int32Array(nb));
    for (let i = 0; i < nb; i++) {
      const b = order[i]!, o = b * BLK_FIELDS;
      firstInst[b] = inst;
      const ob = blocksOff + i * IR.IRB_WORDS;
      out[ob + IR.IRB_FIRST_WORD] = w;
      out[ob + IR.IRB_FIRST_INST] = inst;
      out[ob + IR.IRB_NUM_INSTS] = t[o + BLK_INSTS]!;
      for (let s = t[o + BLK_FIRST_SEG]!; s >= 0; s = segs[s * SEG_FIELDS + SEG_NEXT]!) {
        const start = segs[s * SEG_FIELDS + SEG_START]!, n = segs[s * SEG_FIELDS + SEG_LEN]!, to = instsOff + w;
        for (let k = 0; k < n; k++) out[to + k] = words[start + k]!;
        w += n;
      }
      if (id) {
        // The terminator's block operands, renumbered in place in the output.
        const at = instsOff + w - ((t[o + BLK_LAST_HEADER]! >>> IR.IRI_LEN_SHIFT) & 0xffff);
        const op = out[at]! & IR.IRI_OP_MASK;
        if (op === IR.OP_JUMP) out[at + 1] = id[out[at + 1]!]!;
        else if (op === IR.OP_BR) (out[at + 2] = id[out[at + 2]!]!), (out[at + 3] = id[out[at + 3]!]!);
        else if (op === IR.OP_BRCMP) (out[at + 3] = id[out[at + 3]!]!), (out[at + 4] = id[out[at + 4]!]!);
        else if (op === IR.OP_SWITCH) {
          out[at + 2] = id[out[at + 2]!]!;
          for (let k = 0, n = out[at + 3]!; k < n; k++) out[at + 4 + k] = id[out[at + 4 + k]!]!;
        }
      }
      inst += t[o + BLK_INSTS]!;
    }
    this.slots.forEach(([size, align], i) => {
      out[slotsOff + i * IR.IRS_WORDS + IR.IRS_SIZE] = size;
      out[slotsOff + i * IR.IRS_WORDS + IR.IRS_ALIGN] = align;
    });
    // Everything is copied out: the storage serves the next builder.
    this.x = null;
    if (spare.length < SPARE_LIMIT && words.length <= SPARE_MAX_WORDS) spare.push(x);
    return out;
  }
}

/** A batch: `count` byte offsets (from the start) of the method records, then the records. */
export function packBatch(methods: readonly Int32Array[]): Int32Array {
  const total = methods.length + methods.reduce((s, m) => s + m.length, 0);
  const out = new Int32Array(total);
  let w = methods.length;
  methods.forEach((m, i) => {
    out[i] = w * 4;
    out.set(m, w);
    w += m.length;
  });
  return out;
}

// ---- Decoding (for the interpreter, listings and tests).

export interface DecodedInst {
  op: number;
  type: Ty;
  aux: number;
  /** Operand words after the header. */
  args: Int32Array;
  /** Index of the instruction within the method. */
  index: number;
}
export interface DecodedMethod {
  vregTypes: Int32Array;
  params: Int32Array;
  retType: Ty;
  symbol: number;
  blocks: DecodedInst[][];
  slots: { size: number; align: number }[];
  numInsts: number;
}

/** Decodes the method record starting at word `at` of `words`. Throws IRBuildError on a malformed record. */
export function decodeMethod(words: Int32Array, at = 0): DecodedMethod {
  const h = (i: number): number => {
    const v = words[at + i];
    if (v === undefined) throw new IRBuildError(`method record truncated at word ${at + i}`);
    return v;
  };
  const nv = h(IR.IRM_NUM_VREGS), nb = h(IR.IRM_NUM_BLOCKS), np = h(IR.IRM_NUM_PARAMS), ns = h(IR.IRM_NUM_SLOTS);
  const vregTypes = words.subarray(at + h(IR.IRM_VREG_TYPES_OFF), at + h(IR.IRM_VREG_TYPES_OFF) + nv);
  const params = words.subarray(at + h(IR.IRM_PARAMS_OFF), at + h(IR.IRM_PARAMS_OFF) + np);
  const insts0 = at + h(IR.IRM_INSTS_OFF);
  const blocks: DecodedInst[][] = [];
  for (let b = 0; b < nb; b++) {
    const o = at + h(IR.IRM_BLOCKS_OFF) + b * IR.IRB_WORDS;
    let w = insts0 + words[o + IR.IRB_FIRST_WORD]!;
    let index = words[o + IR.IRB_FIRST_INST]!;
    const n = words[o + IR.IRB_NUM_INSTS]!;
    const list: DecodedInst[] = [];
    for (let i = 0; i < n; i++) {
      const hdr = words[w]!;
      const len = hdr >>> IR.IRI_LEN_SHIFT;
      if (len < 1 || w + len > insts0 + h(IR.IRM_INST_WORDS)) throw new IRBuildError(`bad instruction length at word ${w}`);
      list.push({
        op: hdr & IR.IRI_OP_MASK,
        type: (hdr >>> IR.IRI_TYPE_SHIFT) & IR.IRI_TYPE_MASK,
        aux: (hdr >>> IR.IRI_AUX_SHIFT) & IR.IRI_AUX_MASK,
        args: words.subarray(w + 1, w + len),
        index: index++,
      });
      w += len;
    }
    blocks.push(list);
  }
  const slots: { size: number; align: number }[] = [];
  for (let s = 0; s < ns; s++) {
    const o = at + h(IR.IRM_SLOTS_OFF) + s * IR.IRS_WORDS;
    slots.push({ size: words[o + IR.IRS_SIZE]!, align: words[o + IR.IRS_ALIGN]! });
  }
  return { vregTypes, params, retType: h(IR.IRM_RET_TYPE), symbol: h(IR.IRM_SYMBOL), blocks, slots, numInsts: h(IR.IRM_NUM_INSTS) };
}

/** Word offsets of the methods of a batch made by packBatch(). */
export function batchMethodOffsets(batch: Int32Array, count: number): number[] {
  return Array.from({ length: count }, (_, i) => batch[i]! / 4);
}

/** A readable listing of one instruction. */
export function formatInst(m: DecodedMethod, ins: DecodedInst): string {
  const a = ins.args;
  const v = (x: number) => (x === IR.IR_NONE ? "_" : `v${x}`);
  const ty = TY_NAMES[ins.type] ?? `?${ins.type}`;
  const name = OP_NAMES[ins.op] ?? `op${ins.op}`;
  switch (ins.op) {
    case IR.OP_CONST: {
      const t = m.vregTypes[a[0]!]!;
      let val: string;
      if (t === IR.TY_F64) {
        const dv = new DataView(new ArrayBuffer(8));
        dv.setInt32(0, a[1]!, true);
        dv.setInt32(4, a[2]!, true);
        val = String(dv.getFloat64(0, true));
      } else if (t === IR.TY_F32) {
        const dv = new DataView(new ArrayBuffer(4));
        dv.setInt32(0, a[1]!, true);
        val = String(dv.getFloat32(0, true));
      } else val = t === IR.TY_I32 ? String(a[1]!) : String(BigInt.asIntN(64, (BigInt(a[2]!) << 32n) | BigInt(a[1]! >>> 0)));
      return `${v(a[0]!)} = const.${ty} ${val}`;
    }
    case IR.OP_CMP:
      return `${v(a[0]!)} = cmp.${CC_NAMES[ins.aux]}.${ty} ${v(a[1]!)}, ${v(a[2]!)}`;
    case IR.OP_CONV:
      return `${v(a[0]!)} = conv.${CV_NAMES[ins.aux]}.${ty} ${v(a[1]!)}`;
    case IR.OP_CONV_OVF:
      return `${v(a[0]!)} = conv.ovf.${ins.aux}.${ty} ${v(a[1]!)}`;
    case IR.OP_LOAD:
      return `${v(a[0]!)} = load.${MEMW_NAMES[ins.aux]}.${ty} [${v(a[1]!)} + ${v(a[2]!)}<<${a[4]} + ${a[3]}]`;
    case IR.OP_STORE:
      return `store.${MEMW_NAMES[ins.aux]} [${v(a[1]!)} + ${v(a[2]!)}<<${a[4]} + ${a[3]}], ${v(a[0]!)}`;
    case IR.OP_SLOT_ADDR:
      return `${v(a[0]!)} = slot_addr ${a[1]}`;
    case IR.OP_SYMBOL_ADDR:
      return `${v(a[0]!)} = symbol_addr sym${a[1]}`;
    case IR.OP_CALL: {
      const args = Array.from(a.subarray(4, 4 + a[3]!), v).join(", ");
      const tgt = ins.aux === IR.CALLK_REG ? v(a[1]!) : ins.aux === IR.CALLK_MEM ? `[${v(a[1]!)} + ${a[2]}]` : ins.aux === IR.CALLK_CELL ? `[sym${a[1]}]` : `sym${a[1]}`;
      return `${a[0] === IR.IR_NONE ? "" : `${v(a[0]!)} = `}call.${ty} ${tgt}(${args})`;
    }
    case IR.OP_JUMP:
      return `jump b${a[0]}`;
    case IR.OP_BR:
      return `br ${v(a[0]!)}, b${a[1]}, b${a[2]}`;
    case IR.OP_BRCMP:
      return `brcmp.${CC_NAMES[ins.aux]}.${ty} ${v(a[0]!)}, ${v(a[1]!)}, b${a[2]}, b${a[3]}`;
    case IR.OP_SWITCH:
      return `switch ${v(a[0]!)}, b${a[1]}, [${Array.from(a.subarray(3), (b) => `b${b}`).join(", ")}]`;
    case IR.OP_RET:
      return `ret ${v(a[0]!)}`;
    case IR.OP_UNREACHABLE:
    case IR.OP_SAFEPOINT:
    case IR.OP_NOP:
      return name;
    default:
      if (a.length === 3) return `${v(a[0]!)} = ${name}${ins.aux ? `.${ins.aux}` : ""}.${ty} ${v(a[1]!)}, ${v(a[2]!)}`;
      if (a.length === 2) return `${v(a[0]!)} = ${name}.${ty} ${v(a[1]!)}`;
      return `${name} ${Array.from(a).join(" ")}`;
  }
}

/** A readable listing of a whole method. */
export function formatMethod(m: DecodedMethod): string {
  const lines = [`method sym${m.symbol}(${Array.from(m.params, (p) => `v${p}: ${TY_NAMES[m.vregTypes[p]!]}`).join(", ")}) -> ${TY_NAMES[m.retType]}`];
  m.slots.forEach((s, i) => lines.push(`  slot ${i}: ${s.size} bytes, align ${s.align}`));
  m.blocks.forEach((b, i) => {
    lines.push(`b${i}:`);
    for (const ins of b) lines.push(`  ${String(ins.index).padStart(4)}  ${formatInst(m, ins)}`);
  });
  return lines.join("\n");
}
