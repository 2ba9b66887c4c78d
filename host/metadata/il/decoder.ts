/**
 * IL instruction decoder (ECMA-335 Partition III encoding).
 *
 * Invariants:
 * - The decoder reads the bytes of one method's code through a ByteView whose first byte is
 *   IL offset 0 (see `bodyCode`). IL offsets are indices into that view; errors carry
 *   absolute file offsets (`code.base + IL offset`).
 * - `ILReader.next()` decodes one instruction into the reader's own fields: no object is
 *   allocated per instruction (only an Int32Array per switch, and a bigint per ldc.i8).
 * - An instruction is accepted only if its opcode is defined in opcodes.ts, its operand lies
 *   fully inside the code, and its operand is well formed: branch and switch targets land in
 *   [0, codeSize), metadata tokens name a table the operand kind allows and a non-zero row,
 *   and a prefix is not the last instruction. Anything else throws BadImageError: at the
 *   instruction's first byte for opcode problems, at the operand (or the offending switch
 *   slot) for operand problems. Nothing else is ever thrown for bad input.
 * - Whether branch targets and exception clause bounds fall on instruction boundaries needs
 *   the whole method decoded; `checkBodyOffsets` does that second pass.
 */
import type { ByteView } from "../bytes.js";
import type { MethodBody } from "./method-body.js";
import { Table } from "../schema.js";
import { clauseFieldOffset, ClauseKind, type ClauseField } from "./method-body.js";
import { FlowKind, OperandKind, TWO_BYTE_PREFIX, flowKindOf, opcodeName, operandKindOf } from "./opcodes.js";

// Metadata tables a token operand may name (II.22), by operand kind.
const T_TYPEREF = Table.TypeRef;
const T_TYPEDEF = Table.TypeDef;
const T_FIELD = Table.Field;
const T_METHODDEF = Table.MethodDef;
const T_MEMBERREF = Table.MemberRef;
const T_STANDALONESIG = Table.StandAloneSig;
const T_TYPESPEC = Table.TypeSpec;
const T_METHODSPEC = Table.MethodSpec;
/** Not a table: ldstr tokens index the #US heap. */
const T_USERSTRING = 0x70;

const allowedTable = new Uint8Array(17 * 256);
function allow(kind: number, ...tables: number[]): void {
  for (const t of tables) allowedTable[kind * 256 + t] = 1;
}
allow(OperandKind.InlineMethod, T_METHODDEF, T_MEMBERREF, T_METHODSPEC);
allow(OperandKind.InlineField, T_FIELD, T_MEMBERREF);
allow(OperandKind.InlineType, T_TYPEDEF, T_TYPEREF, T_TYPESPEC);
allow(OperandKind.InlineTok, T_TYPEDEF, T_TYPEREF, T_TYPESPEC, T_FIELD, T_METHODDEF, T_MEMBERREF, T_METHODSPEC);
allow(OperandKind.InlineSig, T_STANDALONESIG);
allow(OperandKind.InlineString, T_USERSTRING);

const EMPTY_TARGETS = new Int32Array(0);

/** The code of a method body as a view whose offset 0 is IL offset 0. */
export function bodyCode(image: ByteView, body: MethodBody): ByteView {
  return image.sub(body.codeOffset, body.codeSize, "IL code");
}

/**
 * Sequential IL decoder. Call `next()` until it returns false; after each true the fields
 * below describe the instruction just decoded.
 */
export class ILReader {
  /** IL offset of the current instruction's first byte. */
  offset = 0;
  /** Opcode code (see opcodes.ts: 0x00..0xFF, or 0x100 | xx for 0xFE xx). */
  code = 0;
  /** Operand kind of the current instruction. */
  kind: OperandKind = OperandKind.InlineNone;
  /**
   * Integer operand: the value for ShortInlineI/InlineI (ldc.i4.s sign-extended; unaligned.
   * and no. unsigned), the index for ShortInlineVar/InlineVar, the token for token kinds,
   * the absolute IL target for branches, the case count for switch; 0 for InlineNone.
   */
  operand = 0;
  /** ldc.i8's value. */
  operandI8 = 0n;
  /** ldc.r4 / ldc.r8 value (ldc.r4 widened exactly to a double). */
  operandReal = 0;
  /** switch's absolute IL targets; empty for every other instruction. */
  targets: Int32Array = EMPTY_TARGETS;
  /** IL offset just past the current instruction. */
  pos = 0;

  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly end: number;

  constructor(readonly codeView: ByteView) {
    this.bytes = codeView.bytes;
    this.view = codeView.view;
    this.end = codeView.bytes.length;
  }

  /** Size in bytes of the current instruction. */
  get size(): number {
    return this.pos - this.offset;
  }

  get name(): string {
    return opcodeName[this.code]!;
  }

  /** Restart from IL offset 0. */
  reset(): void {
    this.pos = 0;
  }

  /** Decodes the next instruction; false at the end of the code. */
  next(): boolean {
    const start = this.pos;
    const end = this.end;
    if (start >= end) return false;
    const b = this.bytes;
    let code = b[start]!;
    let p = start + 1;
    if (code === TWO_BYTE_PREFIX) {
      if (p >= end) this.failAt(start, "two-byte opcode 0xfe is cut off by the end of the code");
      code = 0x100 | b[p]!;
      p++;
    }
    const kind = operandKindOf[code]! as OperandKind;
    if (kind === OperandKind.Invalid) {
      this.failAt(start, `undefined opcode ${code >= 0x100 ? `0xfe 0x${hex2(code & 0xff)}` : `0x${hex2(code)}`}`);
    }
    this.offset = start;
    this.code = code;
    this.kind = kind;
    switch (kind) {
      case OperandKind.InlineNone:
        this.operand = 0;
        break;
      case OperandKind.ShortInlineI:
        this.need(p, 1);
        // ldc.i4.s takes a signed byte; unaligned. (alignment) and no. (flags) unsigned ones.
        this.operand = code === 0x1f ? (b[p]! << 24) >> 24 : b[p]!;
        p += 1;
        break;
      case OperandKind.ShortInlineVar:
        this.need(p, 1);
        this.operand = b[p]!;
        p += 1;
        break;
      case OperandKind.InlineVar:
        this.need(p, 2);
        this.operand = this.view.getUint16(p, true);
        p += 2;
        break;
      case OperandKind.InlineI:
        this.need(p, 4);
        this.operand = this.view.getInt32(p, true);
        p += 4;
        break;
      case OperandKind.InlineI8:
        this.need(p, 8);
        this.operand = 0;
        this.operandI8 = this.view.getBigInt64(p, true);
        p += 8;
        break;
      case OperandKind.ShortInlineR:
        this.need(p, 4);
        this.operand = 0;
        this.operandReal = this.view.getFloat32(p, true);
        p += 4;
        break;
      case OperandKind.InlineR:
        this.need(p, 8);
        this.operand = 0;
        this.operandReal = this.view.getFloat64(p, true);
        p += 8;
        break;
      case OperandKind.ShortInlineBrTarget: {
        this.need(p, 1);
        const target = p + 1 + ((b[p]! << 24) >> 24);
        if (target < 0 || target >= end) this.badTarget(p, target);
        this.operand = target;
        p += 1;
        break;
      }
      case OperandKind.InlineBrTarget: {
        this.need(p, 4);
        const target = p + 4 + this.view.getInt32(p, true);
        if (target < 0 || target >= end) this.badTarget(p, target);
        this.operand = target;
        p += 4;
        break;
      }
      case OperandKind.InlineSwitch: {
        this.need(p, 4);
        const count = this.view.getUint32(p, true);
        // Check the table fits before allocating anything sized by the untrusted count.
        if (count > (end - p - 4) / 4) {
          this.failAt(p, `switch with ${count} targets needs ${count * 4} bytes, only ${end - p - 4} left in the code`);
        }
        const tableStart = p + 4;
        const next = tableStart + count * 4;
        const targets = count === 0 ? EMPTY_TARGETS : new Int32Array(count);
        for (let i = 0; i < count; i++) {
          const slot = tableStart + i * 4;
          const target = next + this.view.getInt32(slot, true);
          if (target < 0 || target >= end) this.badTarget(slot, target);
          targets[i] = target;
        }
        this.operand = count;
        this.targets = targets;
        this.pos = next;
        return true;
      }
      default: {
        // Token operands: InlineMethod, InlineField, InlineType, InlineTok, InlineString, InlineSig.
        this.need(p, 4);
        const token = this.view.getUint32(p, true);
        const table = token >>> 24;
        if (allowedTable[kind * 256 + table] === 0) {
          this.failAt(p, `${opcodeName[code]} operand 0x${hex8(token)} is not a token of an allowed kind`);
        }
        if (table !== T_USERSTRING && (token & 0xffffff) === 0) {
          this.failAt(p, `${opcodeName[code]} operand 0x${hex8(token)} names row 0`);
        }
        this.operand = token;
        p += 4;
        break;
      }
    }
    if (this.targets.length !== 0) this.targets = EMPTY_TARGETS;
    if (p >= end && flowKindOf[code] === FlowKind.Meta) {
      this.failAt(start, `prefix ${opcodeName[code]} is the last instruction; it must precede another`);
    }
    this.pos = p;
    return true;
  }

  /** Throws BadImageError at the given IL offset. */
  failAt(ilOffset: number, problem: string): never {
    this.codeView.fail(ilOffset, problem);
  }

  private need(p: number, n: number): void {
    if (p + n > this.end) {
      this.failAt(p, `${opcodeName[this.code]} needs ${n} operand bytes, only ${this.end - p} left in the code`);
    }
  }

  private badTarget(slot: number, target: number): never {
    this.failAt(slot, `${opcodeName[this.code]} target ${target} lies outside the ${this.end}-byte code`);
  }
}

/**
 * Decodes every instruction of `code`, calling `visit` with the reader positioned on each.
 * The reader is reused: copy what you keep. Returns the instruction count.
 */
export function decodeIL(code: ByteView, visit: (r: ILReader) => void): number {
  const r = new ILReader(code);
  let n = 0;
  while (r.next()) {
    visit(r);
    n++;
  }
  return n;
}

/** Decodes and validates all of `code`, returning the number of instructions. */
export function countInstructions(code: ByteView): number {
  const r = new ILReader(code);
  let n = 0;
  while (r.next()) n++;
  return n;
}

/**
 * A bitmap with 1 at every IL offset where an instruction starts, and 1 at codeSize (the
 * end, a valid end for try and handler ranges). Validates every instruction on the way.
 */
export function instructionStarts(code: ByteView): Uint8Array {
  const starts = new Uint8Array(code.length + 1);
  const r = new ILReader(code);
  while (r.next()) starts[r.offset] = 1;
  starts[code.length] = 1;
  return starts;
}

/**
 * Second pass over a method: every branch and switch target, and every exception clause's
 * try, handler and filter bounds, must fall on an instruction boundary. Throws BadImageError
 * at the operand slot or clause field that is wrong. `visit`, when given, sees every
 * instruction of this same pass, so a caller that inspects the instructions too need not
 * decode the body twice.
 */
export function checkBodyOffsets(image: ByteView, body: MethodBody, visit?: (r: ILReader) => void): void {
  const code = bodyCode(image, body);
  // Scratch buffers reused across calls (a full read checks tens of thousands of bodies).
  if (startsScratch.length < code.length + 1) startsScratch = new Uint8Array(Math.max(code.length + 1, startsScratch.length * 2));
  const starts = startsScratch;
  starts.fill(0, 0, code.length + 1);
  // Branch targets are checked after the whole method is decoded (a forward target's
  // instruction is not known yet); remember each with the offset of the operand naming it.
  let targetCount = 0;
  let targets = targetsScratch;
  let slots = slotsScratch;
  const r = new ILReader(code);
  const remember = (target: number, slot: number): void => {
    if (targetCount === targets.length) {
      targets = targetsScratch = grow(targets);
      slots = slotsScratch = grow(slots);
    }
    targets[targetCount] = target;
    slots[targetCount] = slot;
    targetCount++;
  };
  while (r.next()) {
    starts[r.offset] = 1;
    if (visit) visit(r);
    if (r.kind === OperandKind.ShortInlineBrTarget) remember(r.operand, r.pos - 1);
    else if (r.kind === OperandKind.InlineBrTarget) remember(r.operand, r.pos - 4);
    else if (r.kind === OperandKind.InlineSwitch) {
      const table = r.pos - 4 * r.targets.length;
      for (let i = 0; i < r.targets.length; i++) remember(r.targets[i]!, table + 4 * i);
    }
  }
  starts[code.length] = 1;
  for (let i = 0; i < targetCount; i++) {
    if (starts[targets[i]!] === 0) {
      code.fail(slots[i]!, `branch target IL_${hex4(targets[i]!)} is inside an instruction`);
    }
  }
  for (const c of body.exceptionClauses) {
    const check = (il: number, field: ClauseField, what: string): void => {
      if (starts[il] !== 1) image.fail(clauseFieldOffset(c, field), `${what} IL_${hex4(il)} is inside an instruction`);
    };
    check(c.tryOffset, "tryOffset", "try block start");
    check(c.tryOffset + c.tryLength, "tryLength", "try block end");
    check(c.handlerOffset, "handlerOffset", "handler start");
    check(c.handlerOffset + c.handlerLength, "handlerLength", "handler end");
    if (c.kind === ClauseKind.Filter) check(c.filterOffset, "extra", "filter start");
  }
}

let startsScratch: Uint8Array = new Uint8Array(4096);
let targetsScratch: Int32Array = new Int32Array(64);
let slotsScratch: Int32Array = new Int32Array(64);

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}
function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}
function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
