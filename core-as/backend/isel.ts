// Lowering and instruction selection: one IR method (core-as/shared/ir-layout.ts) -> VCode
// (core-as/shared/vcode-layout.ts) plus the side tables emission needs (minst.ts).
//
// Invariants (beyond the VCode contract, which this pass establishes):
// - validate() runs first and rejects any malformed method with an IRERR_* code; lowering then
//   assumes well-formed IR and never fails.
// - IR vreg v is VCode vreg v (same number, class from its type); temporaries follow.
// - A vreg defined exactly once, by OP_CONST, is a constant: it is never computed where it is
//   defined but folded as an immediate or a data-area operand at each use, or rematerialised
//   right before a use that needs a register.
// - A vreg defined once and used once, later in the same block, by a foldable instruction
//   (compare, add, sub, shl, slot address, load) is "sunk": its instruction is lowered at its use,
//   where a pattern may absorb it (compare+branch, addressing modes, lea, memory operands). The
//   pre-pass proves that none of its operands (recursively, through sunk operands) is redefined in
//   between and, for loads, that no store or call intervenes; so lowering it at the use is always
//   correct, absorbed or not.
// - Critical edges are split: an edge from a block with several successors to a block with
//   several predecessors goes through a new block holding one jump. Split blocks are numbered
//   after the IR's blocks and laid out right after their predecessor.
// - Block 0 is the entry; its first instruction defines the register parameters (VI_F_ARGS).
// - Condition flags never live across VCode instructions (see minst.ts).
import {
  VC_NUM_BLOCKS, VC_NUM_INSTS, VC_NUM_VREGS, VC_NUM_OPERANDS, VC_BLOCKS_OFF, VC_EDGES_OFF, VC_INSTS_OFF,
  VC_OPERANDS_OFF, VC_VREG_CLASS_OFF, VC_HEADER_WORDS, VB_INST_START, VB_INST_END, VB_SUCC_START, VB_SUCC_COUNT,
  VB_PRED_START, VB_PRED_COUNT, VB_LOOP_DEPTH, VB_WORDS, VI_OP_START, VI_OP_COUNT, VI_FLAGS, VI_CLOBBERS,
  VI_OPCODE, VI_PAYLOAD, VI_WORDS, VI_F_TERM, VI_F_MOVE, VI_F_CALL, VI_F_ARGS, VI_F_SAFEPOINT,
  OP_KIND_SHIFT, OP_USE, OP_DEF, OP_POS_SHIFT, OP_EARLY, OP_LATE, OP_CONSTRAINT_SHIFT, OPC_REG, OPC_FIXED,
  OPC_REUSE, OPC_ANY, OP_ARG_SHIFT, CLASS_GPR, CLASS_XMM, GPR_CALLER_SAVED, XMM_CALLER_SAVED, OP_VREG_MASK,
} from "../shared/vcode-layout";
import * as IR from "../shared/ir-layout";
import * as F from "../shared/encoder-layout";
import {
  miWord, MI_NONE, MM_NONE, MM_BASE, MM_LOCAL, MM_POOL, MM_INARG, MM_OUTARG, MM_RIPSYM,
  MK_GEN, MK_MOVE, MK_NONE, MK_TRAP, MK_JMP, MK_BR, MK_BR_FEQ, MK_BR_FNE, MK_SETCC, MK_SETCC_FEQ, MK_SETCC_FNE,
  MK_RET, MK_XZ, MK_LEA, MK_SWITCH, MK_SDIV, MK_UDIV, MK_U64_TO_F, MK_F_TO_U64, MK_F_TO_I_OVF, MX_WORDS,
  X_O, X_B, X_AE, X_E, X_NE, X_BE, X_A, X_S, X_L, X_GE, X_LE, X_G, X_P,
} from "./minst";
import { magicUnsigned, magicSigned, magicM, magicS, magicAdd } from "./divmagic";

// ---- Growable regions owned by this pass (reused from method to method; never freed: the
// stub runtime cannot, and they only grow to the largest method seen).
let regionPtr: usize = 0;
let regionCap: usize = 0;

function reserve(bytes: usize): usize {
  if (bytes > regionCap) {
    regionCap = max<usize>(bytes, regionCap * 2);
    regionPtr = heap.alloc(regionCap);
  }
  return regionPtr;
}

// ---- The IR method being lowered.
let M: usize = 0; // method record
let IW: usize = 0; // instruction stream
let typesP: usize = 0;
let nV: i32 = 0;
let nB: i32 = 0;
let nI: i32 = 0;
let nSlots: i32 = 0;
let retType: i32 = 0;

// Per IR vreg (i32 each): flags, def word address, def instruction index, last-def position
// during scans, def/use counts.
let vFlags: usize = 0;
let vDefW: usize = 0;
let vDefIdx: usize = 0;
let vLast: usize = 0;
let vCounts: usize = 0; // defs in bits 0-15 (saturating at 2), uses in bits 16-31 (saturating at 2)
let vDefBlock: usize = 0;
const F_CONST: i32 = 1; // single def, by OP_CONST
const F_SINK: i32 = 2; // lowered at its only use
const F_CAND: i32 = 16; // may be sunk into the use the validation scan saw (if it is the only def and use)
const F_DONE: i32 = 4; // a sunk def already lowered (or absorbed)
const F_PARAM: i32 = 8;

// Per IR block (i32 each).
let bPreds: usize = 0; // unique predecessors
let bStamp: usize = 0; // dedupe marks
let bDepth: usize = 0; // loop depth
let bMap: usize = 0; // successor -> VCode target while lowering one terminator

// ---- Output: VCode and side tables.
export let vc: usize = 0;
let blocksP: usize = 0;
let edgesP: usize = 0;
let instsP: usize = 0;
let opsP: usize = 0;
let classP: usize = 0;
/** MX_WORDS extra words per VCode instruction (minst.ts). */
export let xP: usize = 0;
export let nInst: i32 = 0;
let nOp: i32 = 0;
let nVreg: i32 = 0;
export let nBlk: i32 = 0;
let nEdge: i32 = 0;
let vregCap: i32 = 0;
let curInst: usize = 0;
let curX: usize = 0;
let curOpStart: i32 = 0;
let curIr: i32 = 0;

/** Emission order of the VCode blocks. */
export let orderP: usize = 0;
/** Per VCode block: the target block of a split block, -1 for others. */
export let splitTargetP: usize = 0;
let splitPredP: usize = 0;
/** Data area: constants (16-byte aligned entries where needed), then jump tables (emit.ts). */
export let poolP: usize = 0;
export let poolLen: i32 = 0;
let poolCap: i32 = 0;
/** Switch tables: VCode target block per entry. */
export let swP: usize = 0;
export let swLen: i32 = 0;
/** Byte offset of each local buffer in the locals area, and the area's size (16-aligned). */
let slotOffP: usize = 0;
export let localsSize: i32 = 0;
export let outArgsSize: i32 = 0;
export let numRets: i32 = 0;
export let numTraps: i32 = 0;
export let numSplits: i32 = 0;
/** IRERR_* of the last lowering, and the IR instruction it is about. */
export let iselError: i32 = 0;
export let iselErrorInst: i32 = -1;

// ---- Small helpers.
@inline function w32(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline function s32(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
@inline function hdrOp(h: i32): i32 { return h & IR.IRI_OP_MASK; }
@inline function hdrTy(h: i32): i32 { return (h >>> IR.IRI_TYPE_SHIFT) & IR.IRI_TYPE_MASK; }
@inline function hdrAux(h: i32): i32 { return (h >>> IR.IRI_AUX_SHIFT) & IR.IRI_AUX_MASK; }
@inline function hdrLen(h: i32): i32 { return h >>> IR.IRI_LEN_SHIFT; }
/** Operand word k (after the header) of the instruction at w. */
@inline function arg(w: usize, k: i32): i32 { return load<i32>(w + (<usize>(k + 1) << 2)); }

@inline function vtype(v: i32): i32 { return w32(typesP, v); }
@inline function isFloatTy(t: i32): bool { return t == IR.TY_F32 || t == IR.TY_F64; }
@inline function is64Ty(t: i32): bool { return t == IR.TY_I64 || t == IR.TY_PTR || t == IR.TY_REF; }
@inline function isIntTy(t: i32): bool { return t == IR.TY_I32 || is64Ty(t); }
/** Same register class and width: 64-bit integer types are interchangeable. */
@inline function sameTy(a: i32, b: i32): bool { return a == b || (is64Ty(a) && is64Ty(b)); }
/** Analysis flags of an IR vreg; temporaries (numbered after the IR's vregs) have none. */
@inline function flags(v: i32): i32 { return v < nV ? w32(vFlags, v) : 0; }
@inline function setFlag(v: i32, f: i32): void { s32(vFlags, v, w32(vFlags, v) | f); }
@inline function fitsI32(x: i64): bool { return x == <i64>(<i32>x); }
/**
 * The 32 bits of x, zero-extended. (Written as a mask: the compiler turns `<i64>(<u32>x)` on an
 * i32 load into a sign-extending load.)
 */
@inline function zext32(x: i32): i64 { return <i64>x & 0xffffffff; }

/** Reports an input error found outside the lowering itself (e.g. a method offset out of the batch). */
export function iselSetError(code: i32): void {
  iselError = code;
  iselErrorInst = -1;
}

function fail(code: i32, inst: i32): bool {
  if (iselError == 0) {
    iselError = code;
    iselErrorInst = inst;
  }
  return false;
}

// =====================================================================================
// Validation and analysis (one pass over the instruction stream).

/** Checks a vreg operand: in range and of a type accepted by `want` (-1: any; -2: any 64-bit integer; -3: any integer; -4: float). */
@inline function okV(v: i32, want: i32): bool {
  if (v < 0 || v >= nV) return false;
  const t = vtype(v);
  if (want == -1) return true;
  if (want == -2) return is64Ty(t);
  if (want == -3) return isIntTy(t);
  if (want == -4) return isFloatTy(t);
  return sameTy(t, want);
}

@inline function countDef(v: i32, w: usize, idx: i32, b: i32): void {
  const c = w32(vCounts, v);
  if ((c & 0xffff) < 2) s32(vCounts, v, c + 1);
  s32(vDefW, v, <i32>w);
  s32(vDefIdx, v, idx);
  s32(vDefBlock, v, b);
}
@inline function countUse(v: i32): void {
  const c = w32(vCounts, v);
  if ((c >>> 16) < 2) s32(vCounts, v, c + 0x10000);
}
@inline function defs(v: i32): i32 { return w32(vCounts, v) & 0xffff; }
@inline function uses(v: i32): i32 { return w32(vCounts, v) >>> 16; }

let totalEdges: i32 = 0;
let totalCallArgs: i32 = 0;
/** Upper bound of the VCode instructions the method lowers to (summed by validateInst). */
let instBudget: i32 = 0;

/**
 * Most VCode instructions the lowering of one IR instruction emits besides rematerialised or
 * copied operands (at most two per operand word, added separately): the longest sequences are
 * division by a constant (16, including a fallback to the divide instruction) and the folded
 * addressing modes of loads, stores and two-address operations (a lea per extra term, one for a
 * wide displacement). A call's arguments may each need a third (a store to the outgoing area):
 * added from totalCallArgs. Indexed by opcode.
 */
const LOWER_BASE = memory.data<u8>([
  0, 1, 1, 6, 6, 6, 18, 18, 18, 18, // NOP CONST MOV ADD SUB MUL DIV DIV_U REM REM_U
  6, 6, 6, 3, 3, 3, 3, 3, 3, 3, // AND OR XOR SHL SHR SAR ROTL ROTR ADD_OVF SUB_OVF
  3, 1, 1, 1, 1, 5, 3, 4, 6, 6, // MUL_OVF NEG NOT ABS SQRT CMP CONV CONV_OVF LOAD STORE
  1, 3, 1, 5, 5, 3, 2, 1, 1, 1, // SLOT_ADDR CALL JUMP BR BRCMP SWITCH RET UNREACHABLE SAFEPOINT SYMBOL_ADDR
]);

/** Validates instruction at w (index idx, block b); counts defs/uses and successors. */
function validateInst(w: usize, idx: i32, b: i32, last: bool): bool {
  const h = load<i32>(w);
  const op = hdrOp(h), t = hdrTy(h), aux = hdrAux(h), len = hdrLen(h);
  let want = 0;
  let term = false;
  switch (op) {
    case IR.OP_NOP: case IR.OP_SAFEPOINT:
      want = 1;
      break;
    case IR.OP_CONST: {
      want = 4;
      if (len != want) break;
      const d = arg(w, 0);
      if (!okV(d, -1) || vtype(d) != t) return fail(IR.IRERR_BAD_VREG, idx);
      countDef(d, w, idx, b);
      break;
    }
    case IR.OP_MOV: {
      want = 3;
      if (len != want) break;
      const d = arg(w, 0), s = arg(w, 1);
      if (!okV(d, -1) || !okV(s, vtype(d))) return fail(IR.IRERR_BAD_VREG, idx);
      countDef(d, w, idx, b);
      countUse(s);
      break;
    }
    case IR.OP_ADD: case IR.OP_SUB: case IR.OP_MUL: case IR.OP_DIV: case IR.OP_DIV_U: case IR.OP_REM:
    case IR.OP_REM_U: case IR.OP_AND: case IR.OP_OR: case IR.OP_XOR: case IR.OP_SHL: case IR.OP_SHR:
    case IR.OP_SAR: case IR.OP_ROTL: case IR.OP_ROTR: case IR.OP_ADD_OVF: case IR.OP_SUB_OVF: case IR.OP_MUL_OVF: {
      want = 4;
      if (len != want) break;
      if (t > IR.TY_REF) return fail(IR.IRERR_BAD_TYPE, idx);
      if (isFloatTy(t) && op > IR.OP_DIV) return fail(IR.IRERR_BAD_TYPE, idx);
      if (op >= IR.OP_ADD_OVF) { if (aux > 1) return fail(IR.IRERR_BAD_AUX, idx); }
      const d = arg(w, 0), a = arg(w, 1), c = arg(w, 2);
      if (!okV(d, t) || !okV(a, t) || !okV(c, t)) return fail(IR.IRERR_BAD_VREG, idx);
      countDef(d, w, idx, b);
      countUse(a);
      countUse(c);
      break;
    }
    case IR.OP_NEG: case IR.OP_NOT: case IR.OP_ABS: case IR.OP_SQRT: {
      want = 3;
      if (len != want) break;
      if (t > IR.TY_REF) return fail(IR.IRERR_BAD_TYPE, idx);
      if (op == IR.OP_NOT && !isIntTy(t)) return fail(IR.IRERR_BAD_TYPE, idx);
      if ((op == IR.OP_ABS || op == IR.OP_SQRT) && !isFloatTy(t)) return fail(IR.IRERR_BAD_TYPE, idx);
      const d = arg(w, 0), a = arg(w, 1);
      if (!okV(d, t) || !okV(a, t)) return fail(IR.IRERR_BAD_VREG, idx);
      countDef(d, w, idx, b);
      countUse(a);
      break;
    }
    case IR.OP_CMP: {
      want = 4;
      if (len != want) break;
      if (t > IR.TY_REF) return fail(IR.IRERR_BAD_TYPE, idx);
      if (aux >= IR.CC_COUNT) return fail(IR.IRERR_BAD_AUX, idx);
      const d = arg(w, 0), a = arg(w, 1), c = arg(w, 2);
      if (!okV(d, IR.TY_I32) || !okV(a, t) || !okV(c, t)) return fail(IR.IRERR_BAD_VREG, idx);
      countDef(d, w, idx, b);
      countUse(a);
      countUse(c);
      break;
    }
    case IR.OP_CONV: {
      want = 3;
      if (len != want) break;
      if (aux >= IR.CV_COUNT) return fail(IR.IRERR_BAD_AUX, idx);
      const d = arg(w, 0), a = arg(w, 1);
      if (!okV(d, -1) || !okV(a, -1) || vtype(d) != t) return fail(IR.IRERR_BAD_VREG, idx);
      if (!convOk(aux, vtype(a), t)) return fail(IR.IRERR_BAD_TYPE, idx);
      countDef(d, w, idx, b);
      countUse(a);
      break;
    }
    case IR.OP_CONV_OVF: {
      want = 3;
      if (len != want) break;
      if (aux > 15) return fail(IR.IRERR_BAD_AUX, idx);
      const d = arg(w, 0), a = arg(w, 1);
      if (!okV(d, -3) || !okV(a, -1) || vtype(d) != t) return fail(IR.IRERR_BAD_VREG, idx);
      // Targets up to 32 bits produce i32, wider ones a 64-bit integer.
      if (((aux & 7) < IR.OVT_I64) != (t == IR.TY_I32)) return fail(IR.IRERR_BAD_TYPE, idx);
      if (isFloatTy(vtype(a)) && (aux & IR.OVT_UNSIGNED_SRC) != 0) return fail(IR.IRERR_BAD_AUX, idx);
      countDef(d, w, idx, b);
      countUse(a);
      break;
    }
    case IR.OP_LOAD: case IR.OP_STORE: {
      want = 6;
      if (len != want) break;
      if (aux > IR.MEMW_F64) return fail(IR.IRERR_BAD_AUX, idx);
      const v = arg(w, 0), base = arg(w, 1), index = arg(w, 2), scale = arg(w, 4);
      if (!okV(v, -1) || !okV(base, -2) || (index != IR.IR_NONE && !okV(index, -2))) return fail(IR.IRERR_BAD_VREG, idx);
      if (<u32>scale > 3) return fail(IR.IRERR_BAD_AUX, idx);
      const vt = vtype(v);
      if (!sameTy(vt, t)) return fail(IR.IRERR_BAD_TYPE, idx);
      if (aux <= IR.MEMW_S32 ? !isIntTy(vt) : aux == IR.MEMW_64 ? !is64Ty(vt) : aux == IR.MEMW_F32 ? vt != IR.TY_F32 : vt != IR.TY_F64) {
        return fail(IR.IRERR_BAD_TYPE, idx);
      }
      if (op == IR.OP_LOAD) countDef(v, w, idx, b);
      else countUse(v);
      countUse(base);
      if (index != IR.IR_NONE) countUse(index);
      break;
    }
    case IR.OP_SLOT_ADDR: {
      want = 3;
      if (len != want) break;
      const d = arg(w, 0);
      if (!okV(d, -2)) return fail(IR.IRERR_BAD_VREG, idx);
      if (<u32>arg(w, 1) >= <u32>nSlots) return fail(IR.IRERR_BAD_SLOT, idx);
      countDef(d, w, idx, b);
      break;
    }
    case IR.OP_SYMBOL_ADDR: {
      want = 3;
      if (len != want) break;
      const d = arg(w, 0);
      if (!okV(d, -2)) return fail(IR.IRERR_BAD_VREG, idx);
      countDef(d, w, idx, b);
      break;
    }
    case IR.OP_CALL: {
      if (len < 5) break;
      const n = arg(w, 3);
      want = n < 0 || n > 0xfff0 ? -1 : 5 + n;
      if (len != want) break;
      if (aux > IR.CALLK_CELL) return fail(IR.IRERR_BAD_AUX, idx);
      if (t > IR.TY_VOID) return fail(IR.IRERR_BAD_TYPE, idx);
      const d = arg(w, 0);
      if (t == IR.TY_VOID ? d != IR.IR_NONE : !okV(d, t)) return fail(IR.IRERR_BAD_VREG, idx);
      if (aux == IR.CALLK_REG || aux == IR.CALLK_MEM) {
        if (!okV(arg(w, 1), -2)) return fail(IR.IRERR_BAD_VREG, idx);
        countUse(arg(w, 1));
      }
      for (let k = 0; k < n; k++) {
        const a = arg(w, 4 + k);
        if (!okV(a, -1)) return fail(IR.IRERR_BAD_VREG, idx);
        countUse(a);
      }
      totalCallArgs += n;
      if (d != IR.IR_NONE) countDef(d, w, idx, b);
      break;
    }
    case IR.OP_JUMP: {
      want = 2;
      term = true;
      if (len != want) break;
      if (!succ(b, arg(w, 0))) return fail(IR.IRERR_BAD_BLOCK, idx);
      break;
    }
    case IR.OP_BR: {
      want = 4;
      term = true;
      if (len != want) break;
      if (!okV(arg(w, 0), IR.TY_I32)) return fail(IR.IRERR_BAD_VREG, idx);
      countUse(arg(w, 0));
      if (!succ(b, arg(w, 1)) || !succ(b, arg(w, 2))) return fail(IR.IRERR_BAD_BLOCK, idx);
      break;
    }
    case IR.OP_BRCMP: {
      want = 5;
      term = true;
      if (len != want) break;
      if (t > IR.TY_REF) return fail(IR.IRERR_BAD_TYPE, idx);
      if (aux >= IR.CC_COUNT) return fail(IR.IRERR_BAD_AUX, idx);
      if (!okV(arg(w, 0), t) || !okV(arg(w, 1), t)) return fail(IR.IRERR_BAD_VREG, idx);
      countUse(arg(w, 0));
      countUse(arg(w, 1));
      if (!succ(b, arg(w, 2)) || !succ(b, arg(w, 3))) return fail(IR.IRERR_BAD_BLOCK, idx);
      break;
    }
    case IR.OP_SWITCH: {
      term = true;
      if (len < 4) break;
      const n = arg(w, 2);
      want = n < 0 || n > 0xfff0 ? -1 : 4 + n;
      if (len != want) break;
      if (!okV(arg(w, 0), IR.TY_I32)) return fail(IR.IRERR_BAD_VREG, idx);
      countUse(arg(w, 0));
      if (!succ(b, arg(w, 1))) return fail(IR.IRERR_BAD_BLOCK, idx);
      for (let k = 0; k < n; k++) if (!succ(b, arg(w, 3 + k))) return fail(IR.IRERR_BAD_BLOCK, idx);
      break;
    }
    case IR.OP_RET: {
      want = 2;
      term = true;
      if (len != want) break;
      const v = arg(w, 0);
      if (retType == IR.TY_VOID ? v != IR.IR_NONE : !okV(v, retType)) return fail(IR.IRERR_BAD_VREG, idx);
      if (v != IR.IR_NONE) countUse(v);
      break;
    }
    case IR.OP_UNREACHABLE:
      want = 1;
      term = true;
      break;
    default:
      return fail(IR.IRERR_BAD_OPCODE, idx);
  }
  if (len != want) return fail(IR.IRERR_BAD_LENGTH, idx);
  if (term != last) return fail(IR.IRERR_NO_TERMINATOR, idx);
  instBudget += <i32>load<u8>(LOWER_BASE + <usize>op) + 2 * (len - 1);
  // Sinking candidates among the uses (decided before this instruction's own def moves the
  // last-def positions: its uses read the values from before it).
  switch (op) {
    case IR.OP_CMP: case IR.OP_ADD: case IR.OP_SUB: case IR.OP_MUL: case IR.OP_AND: case IR.OP_OR:
    case IR.OP_XOR: case IR.OP_SHL: case IR.OP_LOAD:
      markCandidate(arg(w, 1), b, idx);
      if (arg(w, 2) >= 0) markCandidate(arg(w, 2), b, idx);
      break;
    case IR.OP_STORE:
      markCandidate(arg(w, 0), b, idx);
      markCandidate(arg(w, 1), b, idx);
      if (arg(w, 2) >= 0) markCandidate(arg(w, 2), b, idx);
      break;
    case IR.OP_BR:
      markCandidate(arg(w, 0), b, idx);
      break;
    case IR.OP_BRCMP:
      markCandidate(arg(w, 0), b, idx);
      markCandidate(arg(w, 1), b, idx);
      break;
    case IR.OP_CALL:
      if (aux == IR.CALLK_MEM) markCandidate(arg(w, 1), b, idx);
      break;
  }
  const d = defOf(w, op);
  if (d >= 0) s32(vLast, d, idx);
  if (op == IR.OP_STORE || op == IR.OP_CALL) lastEffect = idx;
  return true;
}

function convOk(kind: i32, from: i32, to: i32): bool {
  switch (kind) {
    case IR.CV_SEXT8: case IR.CV_SEXT16: case IR.CV_ZEXT8: case IR.CV_ZEXT16:
      return isIntTy(from) && isIntTy(to);
    case IR.CV_SEXT32: case IR.CV_ZEXT32:
      return from == IR.TY_I32 && is64Ty(to);
    case IR.CV_WRAP:
      return is64Ty(from) && isIntTy(to);
    case IR.CV_S_TO_F: case IR.CV_U_TO_F:
      return isIntTy(from) && isFloatTy(to);
    case IR.CV_F_TO_S: case IR.CV_F_TO_U:
      return isFloatTy(from) && isIntTy(to);
    case IR.CV_F_TO_F:
      return isFloatTy(from) && isFloatTy(to);
    case IR.CV_BITCAST:
      return (from == IR.TY_F32 && to == IR.TY_I32) || (from == IR.TY_I32 && to == IR.TY_F32) ||
        (from == IR.TY_F64 && is64Ty(to)) || (is64Ty(from) && to == IR.TY_F64);
  }
  return false;
}

/** Records the edge b -> s once (dedupe through bStamp); false if s is out of range. */
function succ(b: i32, s: i32): bool {
  if (<u32>s >= <u32>nB) return false;
  if (w32(bStamp, s) != b + 1) {
    s32(bStamp, s, b + 1);
    s32(bPreds, s, w32(bPreds, s) + 1);
    totalEdges++;
    // A back edge in layout order marks the blocks in between as a loop (a spill-cost weight).
    if (s <= b) {
      s32(bDepth, s, w32(bDepth, s) + 1);
      s32(bDepth, b + 1, w32(bDepth, b + 1) - 1);
    }
  }
  return true;
}

/** Can `v`'s only def (at index d) be lowered at the current scan position instead? */
function sinkable(v: i32, depth: i32): bool {
  const w = <usize>w32(vDefW, v);
  const d = w32(vDefIdx, v);
  const h = load<i32>(w);
  const op = hdrOp(h);
  let a = -1, c = -1;
  switch (op) {
    case IR.OP_CMP: case IR.OP_ADD: case IR.OP_SUB: case IR.OP_SHL:
      if (op != IR.OP_CMP && !isIntTy(hdrTy(h))) return false;
      a = arg(w, 1);
      c = arg(w, 2);
      break;
    case IR.OP_SLOT_ADDR:
      return true;
    case IR.OP_LOAD:
      if (lastEffect > d) return false;
      a = arg(w, 1);
      c = arg(w, 2);
      break;
    default:
      return false;
  }
  if (a >= 0 && !operandStable(a, d, depth)) return false;
  if (c >= 0 && !operandStable(c, d, depth)) return false;
  return true;
}

/**
 * Operand x of an instruction at index d still holds the same value now, recursively for x that
 * may be sunk itself (a candidate: assuming it is sunk is the conservative side).
 */
function operandStable(x: i32, d: i32, depth: i32): bool {
  if (w32(vLast, x) > d) return false;
  if ((flags(x) & F_CAND) != 0) {
    if (depth > 3) return false;
    return sinkable(x, depth + 1);
  }
  return true;
}

let lastEffect: i32 = -1;

/**
 * Marks v as a sinking candidate for the use at idx (block b): its def so far is earlier in the
 * same block and everything it reads is unchanged since. Whether it is sunk is settled once the
 * counts are final: exactly one def and one use, not a constant, not a parameter.
 */
function markCandidate(v: i32, b: i32, idx: i32): void {
  if (w32(vDefBlock, v) != b || w32(vDefIdx, v) >= idx || defs(v) != 1) return;
  if ((flags(v) & F_PARAM) != 0) return;
  if (sinkable(v, 0)) setFlag(v, F_CAND);
}

/** Opcodes whose operand 0 is the vreg they define (IR_NONE for a call without a result). */
const DEFINES_ARG0: u64 = ~((<u64>1 << IR.OP_STORE) | (<u64>1 << IR.OP_JUMP) | (<u64>1 << IR.OP_BR) |
  (<u64>1 << IR.OP_BRCMP) | (<u64>1 << IR.OP_SWITCH) | (<u64>1 << IR.OP_RET) | (<u64>1 << IR.OP_UNREACHABLE) |
  (<u64>1 << IR.OP_SAFEPOINT) | (<u64>1 << IR.OP_NOP));

/** The vreg an instruction defines, or -1. */
@inline function defOf(w: usize, op: i32): i32 {
  return ((DEFINES_ARG0 >> <u64>op) & 1) != 0 ? arg(w, 0) : -1;
}

// =====================================================================================
// VCode construction.

function newTemp(cls: i32): i32 {
  if (nVreg >= vregCap) growClasses();
  const v = nVreg++;
  s32(classP, v, cls);
  return v;
}
@inline function clsOf(v: i32): i32 { return w32(classP, v); }

// ---- Growable arrays (instructions with their extra words, operands, vreg classes). They are
// reused from method to method and double when full; the VCode header addresses each by its own
// offset, so they need not be next to each other.
let instCap: i32 = 0; // instructions (VI_WORDS each) and extras (MX_WORDS each)
let opCap: i32 = 0;
/** The vreg limit of the operand encoding was reached: the method is rejected. */
let capOverflow: bool = false;

function grow(p: usize, usedBytes: usize, newBytes: usize): usize {
  const q = (heap.alloc(newBytes + 16) + 15) & ~<usize>15;
  memory.copy(q, p, usedBytes);
  return q;
}

function growInsts(): void {
  const cap = max<i32>(instCap * 2, 256);
  instsP = grow(instsP, <usize>nInst * VI_WORDS * 4, <usize>cap * VI_WORDS * 4);
  xP = grow(xP, <usize>nInst * MX_WORDS * 4, <usize>cap * MX_WORDS * 4);
  instCap = cap;
}

function growOps(): void {
  const cap = max<i32>(opCap * 2, 1024);
  opsP = grow(opsP, <usize>nOp * 4, <usize>cap * 4);
  opCap = cap;
}

function growClasses(): void {
  if (vregCap >= OP_VREG_MASK) {
    // The operand word has 20 bits for the vreg: keep reusing the last one, reject the method.
    capOverflow = true;
    nVreg = vregCap - 1;
    return;
  }
  const cap = min<i32>(max<i32>(vregCap * 2, 1024), OP_VREG_MASK);
  classP = grow(classP, <usize>nVreg * 4, <usize>cap * 4);
  vregCap = cap;
}

/** Starts a VCode instruction (the previous one's operand count is written now: see operand()). */
function inst(mi: u32, fl: i32): void {
  if (nInst > 0) store<i32>(curInst + (VI_OP_COUNT << 2), nOp - curOpStart);
  if (nInst >= instCap) growInsts();
  // Room for this instruction's operands (calls and the entry ensure their own, see opsRoom).
  if (nOp + 8 > opCap) growOps();
  curInst = instsP + (<usize>nInst * VI_WORDS << 2);
  store<i32>(curInst + (VI_OP_START << 2), nOp);
  store<i32>(curInst + (VI_FLAGS << 2), fl);
  store<i32>(curInst + (VI_CLOBBERS << 2), 0);
  store<u32>(curInst + (VI_OPCODE << 2), mi);
  store<i32>(curInst + (VI_PAYLOAD << 2), curIr);
  curX = xP + (<usize>nInst * MX_WORDS << 2);
  store<u64>(curX, 0);
  store<u64>(curX + 8, 0);
  curOpStart = nOp;
  nInst++;
}
@inline function setX(k: i32, v: i32): void { store<i32>(curX + (<usize>k << 2), v); }
@inline function setImm(v: i64): void {
  store<i32>(curX + 4, <i32>v);
  store<i32>(curX + 8, <i32>(v >> 32));
}

/** Makes room for an instruction with n operands (inst() itself guarantees 8). */
function opsRoom(n: i32): void {
  while (nOp + n + 8 > opCap) growOps();
}

/** Appends an operand to the current instruction (its count is stored when the next one starts, or at the end). */
@inline function operand(v: i32, kind: i32, pos: i32, cons: i32, a: i32): void {
  store<i32>(opsP + (<usize>nOp << 2), v | (kind << OP_KIND_SHIFT) | (pos << OP_POS_SHIFT) | (cons << OP_CONSTRAINT_SHIFT) | (a << OP_ARG_SHIFT));
  nOp++;
}
@inline function useR(v: i32): void { operand(v, OP_USE, OP_EARLY, OPC_REG, 0); }
@inline function useA(v: i32): void { operand(v, OP_USE, OP_EARLY, OPC_ANY, 0); }
@inline function useF(v: i32, r: i32): void { operand(v, OP_USE, OP_EARLY, OPC_FIXED, r); }
@inline function defR(v: i32): void { operand(v, OP_DEF, OP_LATE, OPC_REG, 0); }
@inline function defE(v: i32): void { operand(v, OP_DEF, OP_EARLY, OPC_REG, 0); }
@inline function defF(v: i32, r: i32): void { operand(v, OP_DEF, OP_LATE, OPC_FIXED, r); }
@inline function defFE(v: i32, r: i32): void { operand(v, OP_DEF, OP_EARLY, OPC_FIXED, r); }
@inline function defReuse(v: i32, k: i32): void { operand(v, OP_DEF, OP_LATE, OPC_REUSE, k); }

@inline function mi(form: i32, r0: u32, rm: u32, kind: u32): u32 {
  return miWord(form, r0, rm, MI_NONE, 0, MM_NONE, kind, 0);
}

// ---- Constants.

@inline function isConst(v: i32): bool { return (flags(v) & F_CONST) != 0; }
@inline function constLo(v: i32): i32 { return arg(<usize>w32(vDefW, v), 1); }
@inline function constHi(v: i32): i32 { return arg(<usize>w32(vDefW, v), 2); }
/** The integer value of a constant vreg (i32 constants sign-extended). */
function constVal(v: i32): i64 {
  if (vtype(v) == IR.TY_I32) return <i64>constLo(v);
  return (<i64>constHi(v) << 32) | zext32(constLo(v));
}
/** An integer constant usable as the immediate of an instruction of this width. */
@inline function isImm(v: i32, w64: bool): bool {
  return isConst(v) && isIntTy(vtype(v)) && (!w64 || fitsI32(constVal(v)));
}

/** Adds a constant to the data area; returns its offset. 16-byte entries for masks. */
function poolAdd(lo: i64, hi: i64, size: i32): i32 {
  // Reuse an identical entry among the last few (constants repeat within a method).
  const a = size == 16 ? 16 : 8;
  let k = poolLen - 8 * a;
  if (k < 0) k = 0;
  k = (k + a - 1) & ~(a - 1);
  for (; k + size <= poolLen; k += a) {
    if (load<i64>(poolP + <usize>k) == lo && (size != 16 || load<i64>(poolP + <usize>k + 8) == hi)) return k;
  }
  if (poolLen + 32 > poolCap) {
    const cap = max<i32>(poolCap * 2, 256);
    const p = heap.alloc(<usize>cap);
    memory.copy(p, poolP, <usize>poolLen);
    poolP = p;
    poolCap = cap;
  }
  poolLen = (poolLen + a - 1) & ~(a - 1);
  const off = poolLen;
  store<i64>(poolP + <usize>off, lo);
  store<i64>(poolP + <usize>off + 8, hi);
  poolLen += size == 16 ? 16 : 8;
  return off;
}

/** Defines dst (a fresh or IR vreg) with constant bits (lo, hi) of type ty. */
function emitConstInto(dst: i32, ty: i32, lo: i32, hi: i32): void {
  if (isIntTy(ty)) {
    const val: i64 = ty == IR.TY_I32 ? zext32(lo) : ((<i64>hi << 32) | zext32(lo));
    if (val == 0) {
      // xor r32, r32: the zero idiom (breaks dependencies, clears all 64 bits).
      inst(mi(F.FORM_XOR_R32_RM32, 0, 0, MK_GEN), 0);
      defR(dst);
    } else {
      inst(mi(F.FORM_MOV_R64_IMM, 0, MI_NONE, MK_GEN), 0);
      defR(dst);
      setImm(val);
    }
  } else if (lo == 0 && hi == 0) {
    inst(mi(F.FORM_XORPS_XMM_XMMM128, 0, 0, MK_GEN), 0); // +0.0
    defR(dst);
  } else {
    const f32 = ty == IR.TY_F32;
    const off = poolAdd(f32 ? zext32(lo) : ((<i64>hi << 32) | zext32(lo)), 0, 8);
    inst(miWord(f32 ? F.FORM_MOVSS_XMM_XMMM32 : F.FORM_MOVSD_XMM_XMMM64, 0, MI_NONE, MI_NONE, 0, MM_POOL, MK_GEN, 0), 0);
    defR(dst);
    setX(0, off);
  }
}

/** A vreg holding v's value in a register-allocatable form: materialises constants and sunk defs. */
function reg(v: i32): i32 {
  // Most operands are plain vregs: only constants and not-yet-lowered sunk defs need work.
  if ((flags(v) & (F_CONST | F_SINK)) == 0) return v;
  return regSlow(v);
}

function regSlow(v: i32): i32 {
  const f = flags(v);
  if ((f & F_CONST) != 0) {
    const t = newTemp(clsOf(v));
    emitConstInto(t, vtype(v), constLo(v), constHi(v));
    return t;
  }
  if ((f & (F_SINK | F_DONE)) == F_SINK) materialize(v);
  return v;
}

/** Lowers a sunk def now, at its use. */
function materialize(v: i32): void {
  setFlag(v, F_DONE);
  const saved = curIr;
  // The def may build an address of its own: keep the one being built around it.
  const m = amMode, b = amBase, x = amIndex, s = amScale, d = amDisp;
  curIr = w32(vDefIdx, v);
  lowerInst(<usize>w32(vDefW, v));
  curIr = saved;
  amMode = m; amBase = b; amIndex = x; amScale = s; amDisp = d;
}

/** v is a sunk def of opcode op not yet lowered (so a pattern may absorb it). */
function sunkOp(v: i32): i32 {
  if ((flags(v) & (F_SINK | F_DONE)) != F_SINK) return -1;
  return hdrOp(load<i32>(<usize>w32(vDefW, v)));
}
@inline function defWord(v: i32): usize { return <usize>w32(vDefW, v); }
@inline function absorb(v: i32): void { setFlag(v, F_DONE); }

// ---- Addressing modes: base + index << scale + disp, built from sunk add/sub/shl/slot-address trees.

let amMode: u32 = MM_BASE;
let amBase: i32 = -1;
let amIndex: i32 = -1;
let amScale: u32 = 0;
let amDisp: i64 = 0;

function amStart(): void {
  amMode = MM_BASE;
  amBase = -1;
  amIndex = -1;
  amScale = 0;
  amDisp = 0;
}

/** Adds term v (an integer of the address's width) to the address being built. */
function amTerm(v: i32, w64: bool, depth: i32): void {
  if (isConst(v) && isIntTy(vtype(v))) {
    const c = constVal(v);
    if (fitsI32(amDisp + c) && fitsI32(c)) {
      amDisp += c;
      return;
    }
  }
  const op = depth < 4 ? sunkOp(v) : -1;
  if (op >= 0) {
    const w = defWord(v);
    const h = load<i32>(w);
    // Only operations of the address's own width fold (an i32 add wraps at 32 bits).
    if (op == IR.OP_SLOT_ADDR) {
      if (w64 && amMode == MM_BASE && amBase < 0) {
        absorb(v);
        amMode = MM_LOCAL;
        // A scaled index found earlier stays: LOCAL addresses are [rbp + index << scale + disp].
        amDisp += <i64>w32(slotOffP, arg(w, 1));
        return;
      }
    } else if (is64Ty(hdrTy(h)) == w64) {
      const a = arg(w, 1), c = arg(w, 2);
      if (op == IR.OP_ADD) {
        absorb(v);
        amTerm(a, w64, depth + 1);
        amTerm(c, w64, depth + 1);
        return;
      }
      if (op == IR.OP_SUB && isImm(c, true) && fitsI32(amDisp - constVal(c))) {
        absorb(v);
        amDisp -= constVal(c);
        amTerm(a, w64, depth + 1);
        return;
      }
      if (op == IR.OP_SHL && isConst(c) && amIndex < 0) {
        const k = constVal(c) & (w64 ? 63 : 31);
        if (k <= 3) {
          absorb(v);
          amIndex = reg(a);
          amScale = <u32>k;
          return;
        }
      }
    }
  }
  amReg(reg(v));
}

/** Adds a register term. */
function amReg(r: i32): void {
  if (amMode == MM_BASE && amBase < 0) {
    amBase = r;
    return;
  }
  if (amIndex < 0) {
    amIndex = r;
    amScale = 0;
    return;
  }
  // Three registers: fold two of them with a lea first.
  const t = newTemp(CLASS_GPR);
  if (amMode == MM_BASE) {
    inst(miWord(F.FORM_LEA_R64_M, 0, 1, 2, amScale, MM_BASE, MK_GEN, 0), 0);
    defR(t);
    useR(amBase);
    useR(amIndex);
    amBase = t;
    amIndex = r;
    amScale = 0;
  } else {
    inst(miWord(F.FORM_LEA_R64_M, 0, 1, 2, amScale, MM_BASE, MK_GEN, 0), 0);
    defR(t);
    useR(r);
    useR(amIndex);
    amIndex = t;
    amScale = 0;
  }
}

/** Adds a scaled index term (IR load/store index). */
function amScaled(v: i32, scale: u32): void {
  if (scale == 0) {
    amTerm(v, true, 0);
    return;
  }
  const r = reg(v);
  if (amIndex < 0) {
    amIndex = r;
    amScale = scale;
    return;
  }
  // The index is taken: scale this one with a lea [r << scale] and add it as a plain term.
  const t = newTemp(CLASS_GPR);
  inst(miWord(F.FORM_LEA_R64_M, 0, MI_NONE, 1, scale, MM_BASE, MK_GEN, 0), 0);
  defR(t);
  useR(r);
  amReg(t);
}

/** Makes the displacement fit 32 bits (folding it into a register term otherwise). */
function amFinish(): void {
  if (!fitsI32(amDisp)) {
    const t = newTemp(CLASS_GPR);
    inst(mi(F.FORM_MOV_R64_IMM, 0, MI_NONE, MK_GEN), 0);
    defR(t);
    setImm(amDisp);
    amDisp = 0;
    amReg(t);
  }
}

/** The address of a load/store: base + index << scale + disp. */
function amBuild(base: i32, index: i32, scale: i32, disp: i32): void {
  amStart();
  amDisp = <i64>disp;
  amTerm(base, true, 0);
  if (index != IR.IR_NONE) amScaled(index, <u32>scale);
  amFinish();
}

/** The MI bits of the current address when its operands start at operand index `first`. */
function amBits(first: u32): u32 {
  let bits: u32 = (amMode << 20) | (amScale << 18);
  let k = first;
  if (amMode == MM_BASE && amBase >= 0) bits |= k++ << 12;
  else bits |= MI_NONE << 12;
  if (amIndex >= 0) bits |= k << 15;
  else bits |= MI_NONE << 15;
  return bits;
}

/** Appends the current address's register operands. */
function amOperands(): void {
  if (amMode == MM_BASE && amBase >= 0) useR(amBase);
  if (amIndex >= 0) useR(amIndex);
}

@inline function amInst(form: i32, r0: u32, kind: u32, cc: u32, opsBefore: u32, fl: i32): void {
  inst(<u32>form | (r0 << 9) | amBits(opsBefore) | (kind << 23) | (cc << 28), fl);
  setX(0, <i32>amDisp);
}

/** If v is a sunk load of the given width, builds its address (absorbing it) and returns true. */
function foldLoad(v: i32, width: i32): bool {
  if (sunkOp(v) != IR.OP_LOAD) return false;
  const w = defWord(v);
  const aux = hdrAux(load<i32>(w));
  if (aux != width && !(width == IR.MEMW_32 && aux == IR.MEMW_S32)) return false;
  absorb(v);
  const saved = curIr;
  curIr = w32(vDefIdx, v);
  amBuild(arg(w, 1), arg(w, 2), arg(w, 4), arg(w, 3));
  curIr = saved;
  return true;
}

/** The load width an operation of type t reads from memory with one operand. */
function widthOf(t: i32): i32 {
  if (t == IR.TY_I32) return IR.MEMW_32;
  if (t == IR.TY_F32) return IR.MEMW_F32;
  if (t == IR.TY_F64) return IR.MEMW_F64;
  return IR.MEMW_64;
}

/**
 * Two-address operation `dst = a OP b` with form `dst OP= rm` (r0 = dst, rm = b): b may be a
 * register, a spill slot, a folded load, or (floats) a constant in the data area.
 */
function twoAddr(form: i32, dst: i32, a: i32, b: i32, t: i32): void {
  if (isFloatTy(t) && isConst(b)) {
    const ra = reg(a);
    const off = floatConstOff(b);
    inst(miWord(form, 0, MI_NONE, MI_NONE, 0, MM_POOL, MK_GEN, 0), 0);
    defReuse(dst, 1);
    useR(ra);
    setX(0, off);
    return;
  }
  const ra = reg(a);
  if (a != b && foldLoad(b, widthOf(t))) {
    if (ra != dst) {
      if (amBase >= 0) amBase = avoid(amBase, dst);
      if (amIndex >= 0) amIndex = avoid(amIndex, dst);
    }
    amInst(form, 0, MK_GEN, 0, 2, 0);
    defReuse(dst, 1);
    useR(ra);
    amOperands();
    return;
  }
  let rb = reg(b);
  if (ra != dst) rb = avoid(rb, dst);
  inst(mi(form, 0, 2, MK_GEN), 0);
  defReuse(dst, 1);
  useR(ra);
  useA(rb);
}

/** Two-address op with an immediate: `dst = a OP imm` (form rm = dst, /digit). */
function twoAddrImm(form: i32, dst: i32, a: i32, imm: i64): void {
  const ra = reg(a);
  inst(mi(form, MI_NONE, 0, MK_GEN), 0);
  defReuse(dst, 1);
  useR(ra);
  setImm(imm);
}

function floatConstOff(v: i32): i32 {
  const f32 = vtype(v) == IR.TY_F32;
  return poolAdd(f32 ? zext32(constLo(v)) : ((<i64>constHi(v) << 32) | zext32(constLo(v))), 0, 8);
}

/**
 * `v`, or a copy of it when it is `dst`: a vreg with an early or two-address def may not be any
 * other operand of the same instruction (the allocator's input rule), so `x = a - x` reads a copy.
 */
function avoid(v: i32, dst: i32): i32 {
  if (v != dst) return v;
  const c = newTemp(clsOf(v));
  copy(c, v);
  return c;
}

function copy(dst: i32, src: i32): void {
  const cls = clsOf(dst);
  inst(mi(cls == CLASS_XMM ? F.FORM_MOVAPS_XMM_XMMM128 : F.FORM_MOV_R64_RM64, 0, 1, MK_MOVE), VI_F_MOVE);
  defR(dst);
  useR(src);
}

// =====================================================================================
// Lowering, one IR instruction at a time.

function lowerInst(w: usize): void {
  const h = load<i32>(w);
  const op = hdrOp(h), t = hdrTy(h), aux = hdrAux(h);
  switch (op) {
    case IR.OP_NOP:
      return;
    case IR.OP_SAFEPOINT:
      inst(mi(0, MI_NONE, MI_NONE, MK_NONE), VI_F_SAFEPOINT);
      return;
    case IR.OP_CONST:
      emitConstInto(arg(w, 0), t, arg(w, 1), arg(w, 2));
      return;
    case IR.OP_MOV: {
      const d = arg(w, 0), s = arg(w, 1);
      if (isConst(s)) emitConstInto(d, vtype(s), constLo(s), constHi(s));
      else copy(d, reg(s));
      return;
    }
    case IR.OP_ADD:
      if (isFloatTy(t)) lowerFloatBin(t == IR.TY_F32 ? F.FORM_ADDSS_XMM_XMMM32 : F.FORM_ADDSD_XMM_XMMM64, w, t, true);
      else lowerAdd(w, t);
      return;
    case IR.OP_SUB:
      if (isFloatTy(t)) lowerFloatBin(t == IR.TY_F32 ? F.FORM_SUBSS_XMM_XMMM32 : F.FORM_SUBSD_XMM_XMMM64, w, t, false);
      else lowerSub(w, t);
      return;
    case IR.OP_MUL:
      if (isFloatTy(t)) lowerFloatBin(t == IR.TY_F32 ? F.FORM_MULSS_XMM_XMMM32 : F.FORM_MULSD_XMM_XMMM64, w, t, true);
      else lowerMul(w, t);
      return;
    case IR.OP_DIV:
      if (isFloatTy(t)) lowerFloatBin(t == IR.TY_F32 ? F.FORM_DIVSS_XMM_XMMM32 : F.FORM_DIVSD_XMM_XMMM64, w, t, false);
      else lowerDiv(w, t, true, false);
      return;
    case IR.OP_DIV_U:
      lowerDiv(w, t, false, false);
      return;
    case IR.OP_REM:
      lowerDiv(w, t, true, true);
      return;
    case IR.OP_REM_U:
      lowerDiv(w, t, false, true);
      return;
    case IR.OP_AND: case IR.OP_OR: case IR.OP_XOR:
      lowerLogic(w, op, t);
      return;
    case IR.OP_SHL: case IR.OP_SHR: case IR.OP_SAR: case IR.OP_ROTL: case IR.OP_ROTR:
      lowerShift(w, op, t);
      return;
    case IR.OP_ADD_OVF: case IR.OP_SUB_OVF: case IR.OP_MUL_OVF:
      lowerOvf(w, op, t, aux);
      return;
    case IR.OP_NEG: case IR.OP_NOT:
      lowerNegNot(w, op, t);
      return;
    case IR.OP_ABS: {
      // andps with 0x7fff… clears the sign bit; the mask entry is 16 bytes (andps reads 128 bits).
      const m: i64 = t == IR.TY_F32 ? 0x7fffffff7fffffff : 0x7fffffffffffffff;
      lowerMaskOp(w, F.FORM_ANDPS_XMM_XMMM128, m);
      return;
    }
    case IR.OP_SQRT: {
      const d = arg(w, 0), a = arg(w, 1);
      const ra = reg(a);
      inst(mi(t == IR.TY_F32 ? F.FORM_SQRTSS_XMM_XMMM32 : F.FORM_SQRTSD_XMM_XMMM64, 0, 1, MK_XZ), 0);
      defR(d);
      useA(ra);
      return;
    }
    case IR.OP_CMP:
      lowerCompare(arg(w, 0), t, aux, arg(w, 1), arg(w, 2), -1, -1);
      return;
    case IR.OP_CONV:
      lowerConv(w, aux, t);
      return;
    case IR.OP_CONV_OVF:
      lowerConvOvf(w, aux, t);
      return;
    case IR.OP_LOAD:
      lowerLoad(w, t, aux);
      return;
    case IR.OP_STORE:
      lowerStore(w, t, aux);
      return;
    case IR.OP_SLOT_ADDR: {
      inst(miWord(F.FORM_LEA_R64_M, 0, MI_NONE, MI_NONE, 0, MM_LOCAL, MK_GEN, 0), 0);
      defR(arg(w, 0));
      setX(0, w32(slotOffP, arg(w, 1)));
      return;
    }
    case IR.OP_SYMBOL_ADDR: {
      // lea dst, [rip + symbol]: emission turns MM_RIPSYM into a REL32 relocation.
      inst(miWord(F.FORM_LEA_R64_M, 0, MI_NONE, MI_NONE, 0, MM_RIPSYM, MK_GEN, 0), 0);
      defR(arg(w, 0));
      setX(0, 0);
      setX(3, arg(w, 1));
      return;
    }
    case IR.OP_CALL:
      lowerCall(w, t, aux);
      return;
  }
}

// ---- Integer add/sub/mul.

function lowerAdd(w: usize, t: i32): void {
  const d = arg(w, 0);
  const w64 = is64Ty(t);
  amStart();
  amTerm(arg(w, 1), w64, 0);
  amTerm(arg(w, 2), w64, 0);
  amFinish();
  leaOrMove(d, w64);
}

/** dst = the current address (lea), or a copy when it is one register. */
function leaOrMove(d: i32, w64: bool): void {
  if (amMode == MM_BASE && amIndex < 0 && amDisp == 0) {
    if (amBase >= 0) copy(d, amBase);
    else emitConstInto(d, IR.TY_I64, 0, 0);
    return;
  }
  if (amMode == MM_BASE && amBase < 0 && amIndex < 0) {
    // Constant only (both operands folded).
    inst(mi(F.FORM_MOV_R64_IMM, 0, MI_NONE, MK_GEN), 0);
    defR(d);
    setImm(w64 ? amDisp : zext32((<i32>amDisp)));
    return;
  }
  amInst(w64 ? F.FORM_LEA_R64_M : F.FORM_LEA_R32_M, 0, MK_LEA, 0, 1, 0);
  defR(d);
  amOperands();
}

function lowerSub(w: usize, t: i32): void {
  const d = arg(w, 0), a = arg(w, 1), b = arg(w, 2);
  const w64 = is64Ty(t);
  if (isImm(b, true) && fitsI32(-constVal(b))) {
    amStart();
    amDisp = -constVal(b);
    amTerm(a, w64, 0);
    amFinish();
    leaOrMove(d, w64);
    return;
  }
  if (isConst(a) && constVal(a) == 0) {
    const rb = reg(b);
    inst(mi(w64 ? F.FORM_NEG_RM64 : F.FORM_NEG_RM32, MI_NONE, 0, MK_GEN), 0);
    defReuse(d, 1);
    useR(rb);
    return;
  }
  twoAddr(w64 ? F.FORM_SUB_R64_RM64 : F.FORM_SUB_R32_RM32, d, a, b, t);
}

function lowerMul(w: usize, t: i32): void {
  let d = arg(w, 0), a = arg(w, 1), b = arg(w, 2);
  const w64 = is64Ty(t);
  if (isConst(a) && !isConst(b)) { const x = a; a = b; b = x; }
  if (isImm(b, true)) {
    const c = constVal(b);
    if (c == 0) { emitConstInto(d, t, 0, 0); return; }
    if (c == 1) { copy(d, reg(a)); return; }
    if (c > 0 && (c & (c - 1)) == 0) {
      twoAddrImm(w64 ? F.FORM_SHL_RM64_IMM8 : F.FORM_SHL_RM32_IMM8, d, a, <i64>ctz(c));
      return;
    }
    if (c == 3 || c == 5 || c == 9) {
      // lea d, [a + a*2/4/8]
      const ra = reg(a);
      const s: u32 = c == 3 ? 1 : c == 5 ? 2 : 3;
      inst(miWord(w64 ? F.FORM_LEA_R64_M : F.FORM_LEA_R32_M, 0, 1, 1, s, MM_BASE, MK_GEN, 0), 0);
      defR(d);
      useR(ra);
      return;
    }
    const ra = reg(a);
    inst(mi(w64 ? F.FORM_IMUL_R64_RM64_IMM : F.FORM_IMUL_R32_RM32_IMM, 0, 1, MK_GEN), 0);
    defR(d);
    useA(ra);
    setImm(c);
    return;
  }
  twoAddr(w64 ? F.FORM_IMUL_R64_RM64 : F.FORM_IMUL_R32_RM32, d, a, b, t);
}

function lowerFloatBin(form: i32, w: usize, t: i32, commutative: bool): void {
  let a = arg(w, 1), b = arg(w, 2);
  if (commutative && isConst(a) && !isConst(b)) { const x = a; a = b; b = x; }
  twoAddr(form, arg(w, 0), a, b, t);
}

function lowerLogic(w: usize, op: i32, t: i32): void {
  let d = arg(w, 0), a = arg(w, 1), b = arg(w, 2);
  const w64 = is64Ty(t);
  if (isConst(a) && !isConst(b)) { const x = a; a = b; b = x; }
  if (isImm(b, true)) {
    const c = constVal(b);
    if (op == IR.OP_XOR && (c == -1 || (!w64 && <i32>c == -1))) {
      twoAddrImm(w64 ? F.FORM_NOT_RM64 : F.FORM_NOT_RM32, d, a, 0);
      return;
    }
    if (op == IR.OP_AND && c == 0xff) {
      const ra = reg(a);
      inst(mi(F.FORM_MOVZX_R32_RM8, 0, 1, MK_GEN), 0);
      defR(d);
      useR(ra);
      return;
    }
    if (op == IR.OP_AND && c == 0xffff) {
      const ra = reg(a);
      inst(mi(F.FORM_MOVZX_R32_RM16, 0, 1, MK_GEN), 0);
      defR(d);
      useR(ra);
      return;
    }
    const base = op == IR.OP_AND ? F.FORM_AND_RM32_IMM : op == IR.OP_OR ? F.FORM_OR_RM32_IMM : F.FORM_XOR_RM32_IMM;
    twoAddrImm(base + (w64 ? 3 : 0), d, a, c);
    return;
  }
  const base = op == IR.OP_AND ? F.FORM_AND_R32_RM32 : op == IR.OP_OR ? F.FORM_OR_R32_RM32 : F.FORM_XOR_R32_RM32;
  twoAddr(base + (w64 ? 3 : 0), d, a, b, t);
}

function lowerShift(w: usize, op: i32, t: i32): void {
  const d = arg(w, 0), a = arg(w, 1), b = arg(w, 2);
  const w64 = is64Ty(t);
  // Forms: ROL/ROR/SHL/SHR/SAR each have _1, _IMM8, _CL rows in that order.
  let base = op == IR.OP_SHL ? F.FORM_SHL_RM32_1 : op == IR.OP_SHR ? F.FORM_SHR_RM32_1 : op == IR.OP_SAR ? F.FORM_SAR_RM32_1 :
    op == IR.OP_ROTL ? F.FORM_ROL_RM32_1 : F.FORM_ROR_RM32_1;
  if (w64) base += F.FORM_SHL_RM64_1 - F.FORM_SHL_RM32_1;
  if (isConst(b)) {
    const k = constVal(b) & (w64 ? 63 : 31);
    if (k == 0) { copy(d, reg(a)); return; }
    if (op == IR.OP_SHL && k <= 3 && !(isConst(a))) {
      // lea d, [a*2^k]: three-operand, no copy of a needed.
      const ra = reg(a);
      inst(miWord(w64 ? F.FORM_LEA_R64_M : F.FORM_LEA_R32_M, 0, MI_NONE, 1, <u32>k, MM_BASE, MK_GEN, 0), 0);
      defR(d);
      useR(ra);
      if (k == 1) {
        // [a + a] is shorter than [a*2 + disp32]: base and index both a.
        store<u32>(curInst + (VI_OPCODE << 2), miWord(w64 ? F.FORM_LEA_R64_M : F.FORM_LEA_R32_M, 0, 1, 1, 0, MM_BASE, MK_GEN, 0));
      }
      return;
    }
    twoAddrImm(base + 1, d, a, k);
    return;
  }
  // Variable count in CL. The count must be a different vreg from the value (one fixed use each).
  let rb = reg(b);
  const ra = reg(a);
  if (rb == ra || rb == d) {
    const c = newTemp(CLASS_GPR);
    copy(c, rb);
    rb = c;
  }
  inst(mi(base + 2, MI_NONE, 0, MK_GEN), 0);
  defReuse(d, 1);
  useR(ra);
  useF(rb, F.REG_RCX);
}

function lowerOvf(w: usize, op: i32, t: i32, unsigned: i32): void {
  const d = arg(w, 0), a = arg(w, 1), b = arg(w, 2);
  const w64 = is64Ty(t);
  const cc = unsigned ? X_B : X_O;
  if (op == IR.OP_MUL_OVF && unsigned) {
    // mul: RDX:RAX = RAX * rm; CF = OF = (RDX != 0).
    let ra = reg(a);
    let rb = reg(b);
    if (ra == rb) { const c = newTemp(CLASS_GPR); copy(c, rb); rb = c; }
    const hi = newTemp(CLASS_GPR);
    inst(miWord(w64 ? F.FORM_MUL_RM64 : F.FORM_MUL_RM32, MI_NONE, 2, MI_NONE, 0, MM_NONE, MK_TRAP, X_O), 0);
    defF(d, F.REG_RAX);
    useF(ra, F.REG_RAX);
    useR(rb);
    defFE(hi, F.REG_RDX);
    setX(2, IR.HELPER_THROW_OVERFLOW);
    numTraps++;
    return;
  }
  let form: i32;
  if (op == IR.OP_ADD_OVF) form = w64 ? F.FORM_ADD_R64_RM64 : F.FORM_ADD_R32_RM32;
  else if (op == IR.OP_SUB_OVF) form = w64 ? F.FORM_SUB_R64_RM64 : F.FORM_SUB_R32_RM32;
  else form = w64 ? F.FORM_IMUL_R64_RM64 : F.FORM_IMUL_R32_RM32;
  const ra = reg(a);
  let rb = reg(b);
  if (ra != d) rb = avoid(rb, d);
  inst(miWord(form, 0, 2, MI_NONE, 0, MM_NONE, MK_TRAP, cc), 0);
  defReuse(d, 1);
  useR(ra);
  useA(rb);
  setX(2, IR.HELPER_THROW_OVERFLOW);
  numTraps++;
}

function lowerNegNot(w: usize, op: i32, t: i32): void {
  const d = arg(w, 0), a = arg(w, 1);
  if (isFloatTy(t)) {
    const m: i64 = t == IR.TY_F32 ? <i64>0x8000000080000000 : <i64>0x8000000000000000;
    lowerMaskOp(w, F.FORM_XORPS_XMM_XMMM128, m);
    return;
  }
  const w64 = is64Ty(t);
  const form = op == IR.OP_NEG ? (w64 ? F.FORM_NEG_RM64 : F.FORM_NEG_RM32) : (w64 ? F.FORM_NOT_RM64 : F.FORM_NOT_RM32);
  twoAddrImm(form, d, a, 0);
}

/** dst = a & / ^ a 16-byte mask from the data area (float abs / neg). */
function lowerMaskOp(w: usize, form: i32, m: i64): void {
  const d = arg(w, 0), a = arg(w, 1);
  const off = poolAdd(m, m, 16);
  const ra = reg(a);
  inst(miWord(form, 0, MI_NONE, MI_NONE, 0, MM_POOL, MK_GEN, 0), 0);
  defReuse(d, 1);
  useR(ra);
  setX(0, off);
}

// ---- Division.

function lowerDiv(w: usize, t: i32, signed: bool, rem: bool): void {
  const d = arg(w, 0), a = arg(w, 1), b = arg(w, 2);
  const w64 = is64Ty(t);
  if (isConst(b)) {
    const c = constVal(b);
    if (c != 0 && !(signed && c == -1) && divByConst(d, a, c, w64, signed, rem)) return;
  }
  let ra = reg(a);
  let rb = reg(b);
  if (ra == rb) { const x = newTemp(CLASS_GPR); copy(x, rb); rb = x; }
  if (rem) {
    // The remainder is an early def: it may not also be an input.
    ra = avoid(ra, d);
    rb = avoid(rb, d);
  }
  const other = newTemp(CLASS_GPR);
  let bits = w64 ? 1 : 0;
  if (isConst(b) && constVal(b) != 0) bits |= 2;
  inst(miWord(0, MI_NONE, 2, MI_NONE, 0, MM_NONE, signed ? MK_SDIV : MK_UDIV, 0), 0);
  // The quotient is in RAX, the remainder in RDX; cdq/xor writes RDX before the divisor is read,
  // so the other half is an early def (it may not share a register with the divisor).
  if (rem) {
    defFE(d, F.REG_RDX);
    useF(ra, F.REG_RAX);
    useR(rb);
    defF(other, F.REG_RAX);
  } else {
    defF(d, F.REG_RAX);
    useF(ra, F.REG_RAX);
    useR(rb);
    defFE(other, F.REG_RDX);
  }
  setX(2, bits);
  numTraps += signed ? 2 : 1;
}

/** Division by a constant c (not 0; not -1 when signed). Returns false to use the divide instruction. */
function divByConst(d: i32, a: i32, c: i64, w64: bool, signed: bool, rem: bool): bool {
  const W = w64 ? 64 : 32;
  const mask: u64 = w64 ? <u64>-1 : 0xffffffff;
  const uc: u64 = <u64>c & mask;
  const sc: i64 = w64 ? c : <i64>(<i32>c);
  const ra = reg(a);
  const sh = w64 ? F.FORM_SHL_RM64_1 - F.FORM_SHL_RM32_1 : 0;
  const alu = w64 ? 3 : 0;
  if (!signed) {
    if (uc == 1) {
      if (rem) emitConstInto(d, w64 ? IR.TY_I64 : IR.TY_I32, 0, 0);
      else copy(d, ra);
      return true;
    }
    if ((uc & (uc - 1)) == 0) {
      const k = <i64>ctz(uc);
      if (!rem) {
        twoAddrImm(F.FORM_SHR_RM32_IMM8 + sh, d, ra, k);
      } else if (fitsI32(<i64>(uc - 1))) {
        twoAddrImm(F.FORM_AND_RM32_IMM + alu, d, ra, <i64>(uc - 1));
      } else {
        // 64-bit mask wider than imm32: shl then shr clears the high bits.
        const t1 = newTemp(CLASS_GPR);
        twoAddrImm(F.FORM_SHL_RM64_IMM8, t1, ra, 64 - k);
        twoAddrImm(F.FORM_SHR_RM64_IMM8, d, t1, 64 - k);
      }
      return true;
    }
    if ((uc >> <u64>(W - 1)) != 0) {
      // d >= 2^(W-1): the quotient is 0 or 1. Remainders use the divide instruction.
      if (rem) return false;
      if (w64 && !fitsI32(<i64>uc)) {
        const cr = newTemp(CLASS_GPR);
        inst(mi(F.FORM_MOV_R64_IMM, 0, MI_NONE, MK_GEN), 0);
        defR(cr);
        setImm(<i64>uc);
        inst(miWord(w64 ? F.FORM_CMP_R64_RM64 : F.FORM_CMP_R32_RM32, 1, 2, MI_NONE, 0, MM_NONE, MK_SETCC, X_AE), 0);
        defR(d);
        useR(ra);
        useR(cr);
      } else {
        inst(miWord(w64 ? F.FORM_CMP_RM64_IMM : F.FORM_CMP_RM32_IMM, MI_NONE, 1, MI_NONE, 0, MM_NONE, MK_SETCC, X_AE), 0);
        defR(d);
        useR(ra);
        setImm(<i64>uc);
      }
      return true;
    }
    magicUnsigned(uc, W);
    const q = rem ? newTemp(CLASS_GPR) : d;
    if (!w64) {
      // t = (zext(n) * M) >> 32, in 64-bit registers: no fixed registers needed.
      const n64 = newTemp(CLASS_GPR);
      inst(mi(F.FORM_MOV_R32_RM32, 0, 1, MK_GEN), 0); // zero-extends
      defR(n64);
      useR(ra);
      const mr = newTemp(CLASS_GPR);
      inst(mi(F.FORM_MOV_R64_IMM, 0, MI_NONE, MK_GEN), 0);
      defR(mr);
      setImm(<i64>magicM);
      const p = newTemp(CLASS_GPR);
      inst(mi(F.FORM_IMUL_R64_RM64, 0, 2, MK_GEN), 0);
      defReuse(p, 1);
      useR(n64);
      useR(mr);
      if (magicAdd == 0) {
        twoAddrImm(F.FORM_SHR_RM64_IMM8, q, p, <i64>(32 + magicS));
      } else {
        const th = newTemp(CLASS_GPR);
        twoAddrImm(F.FORM_SHR_RM64_IMM8, th, p, 32);
        unsignedAddFixup(q, ra, th, false);
      }
    } else {
      const th = newTemp(CLASS_GPR);
      mulHigh(th, ra, <i64>magicM, false);
      if (magicAdd == 0) twoAddrImm(F.FORM_SHR_RM64_IMM8, q, th, <i64>magicS);
      else unsignedAddFixup(q, ra, th, true);
    }
    if (rem) remainderFrom(d, ra, q, <i64>uc, w64);
    return true;
  }
  // Signed.
  if (sc == 1) {
    if (rem) emitConstInto(d, w64 ? IR.TY_I64 : IR.TY_I32, 0, 0);
    else copy(d, ra);
    return true;
  }
  const ad: u64 = <u64>(sc < 0 ? -sc : sc);
  if ((ad & (ad - 1)) == 0) {
    // q = (n + ((n >> (W-1)) >>> (W-k))) >> k; negate for a negative divisor.
    const k = <i64>ctz(ad);
    const sign = newTemp(CLASS_GPR);
    twoAddrImm(F.FORM_SAR_RM32_IMM8 + sh, sign, ra, <i64>(W - 1));
    const bias = newTemp(CLASS_GPR);
    twoAddrImm(F.FORM_SHR_RM32_IMM8 + sh, bias, sign, <i64>W - k);
    const sum = newTemp(CLASS_GPR);
    inst(miWord(w64 ? F.FORM_LEA_R64_M : F.FORM_LEA_R32_M, 0, 1, 2, 0, MM_BASE, MK_GEN, 0), 0);
    defR(sum);
    useR(ra);
    useR(bias);
    if (!rem) {
      if (sc > 0) {
        twoAddrImm(F.FORM_SAR_RM32_IMM8 + sh, d, sum, k);
      } else {
        const q = newTemp(CLASS_GPR);
        twoAddrImm(F.FORM_SAR_RM32_IMM8 + sh, q, sum, k);
        twoAddrImm(w64 ? F.FORM_NEG_RM64 : F.FORM_NEG_RM32, d, q, 0);
      }
    } else {
      // r = n - (sum & -2^k)
      const m = newTemp(CLASS_GPR);
      if (fitsI32(-<i64>ad)) twoAddrImm(F.FORM_AND_RM32_IMM + alu, m, sum, -<i64>ad);
      else {
        const t1 = newTemp(CLASS_GPR);
        twoAddrImm(F.FORM_SAR_RM64_IMM8, t1, sum, k);
        twoAddrImm(F.FORM_SHL_RM64_IMM8, m, t1, k);
      }
      inst(mi(F.FORM_SUB_R32_RM32 + alu, 0, 2, MK_GEN), 0);
      defReuse(d, 1);
      useR(ra);
      useR(m);
    }
    return true;
  }
  magicSigned(sc, W);
  const q = rem ? newTemp(CLASS_GPR) : d;
  const mSigned: i64 = w64 ? <i64>magicM : <i64>(<i32>(<u32>magicM));
  let t1 = newTemp(CLASS_GPR);
  if (!w64) {
    // t = (sext(n) * M) >> 32 with a 64-bit imul by imm32 (M fits: it is a 32-bit signed value).
    const n64 = newTemp(CLASS_GPR);
    inst(mi(F.FORM_MOVSXD_R64_RM32, 0, 1, MK_GEN), 0);
    defR(n64);
    useR(ra);
    const p = newTemp(CLASS_GPR);
    inst(mi(F.FORM_IMUL_R64_RM64_IMM, 0, 1, MK_GEN), 0);
    defR(p);
    useR(n64);
    setImm(mSigned);
    twoAddrImm(F.FORM_SAR_RM64_IMM8, t1, p, 32);
  } else {
    mulHigh(t1, ra, mSigned, true);
  }
  if (sc > 0 && mSigned < 0) {
    const t2 = newTemp(CLASS_GPR);
    inst(mi(F.FORM_ADD_R32_RM32 + alu, 0, 2, MK_GEN), 0);
    defReuse(t2, 1);
    useR(t1);
    useR(ra);
    t1 = t2;
  } else if (sc < 0 && mSigned > 0) {
    const t2 = newTemp(CLASS_GPR);
    inst(mi(F.FORM_SUB_R32_RM32 + alu, 0, 2, MK_GEN), 0);
    defReuse(t2, 1);
    useR(t1);
    useR(ra);
    t1 = t2;
  }
  if (magicS > 0) {
    const t3 = newTemp(CLASS_GPR);
    twoAddrImm(F.FORM_SAR_RM32_IMM8 + sh, t3, t1, <i64>magicS);
    t1 = t3;
  }
  // q = t + (t >>> (W-1)): rounds toward zero for negative quotients.
  const sgn = newTemp(CLASS_GPR);
  twoAddrImm(F.FORM_SHR_RM32_IMM8 + sh, sgn, t1, <i64>(W - 1));
  inst(mi(F.FORM_ADD_R32_RM32 + alu, 0, 2, MK_GEN), 0);
  defReuse(q, 1);
  useR(t1);
  useR(sgn);
  if (rem) remainderFrom(d, ra, q, sc, w64);
  return true;
}

/** hi = high half of n * m (64-bit, signed or unsigned) through RDX:RAX. */
function mulHigh(hi: i32, n: i32, m: i64, signed: bool): void {
  const mr = newTemp(CLASS_GPR);
  inst(mi(F.FORM_MOV_R64_IMM, 0, MI_NONE, MK_GEN), 0);
  defR(mr);
  setImm(m);
  const lo = newTemp(CLASS_GPR);
  inst(mi(signed ? F.FORM_IMUL_RM64 : F.FORM_MUL_RM64, MI_NONE, 2, MK_GEN), 0);
  defF(hi, F.REG_RDX);
  useF(mr, F.REG_RAX);
  useR(n);
  defF(lo, F.REG_RAX);
}

/** q = (((n - t) >> 1) + t) >> (s - 1): the magic multiplier's "add" case. */
function unsignedAddFixup(q: i32, n: i32, t: i32, w64: bool): void {
  const alu = w64 ? 3 : 0;
  const sh = w64 ? F.FORM_SHL_RM64_1 - F.FORM_SHL_RM32_1 : 0;
  const u = newTemp(CLASS_GPR);
  inst(mi(F.FORM_SUB_R32_RM32 + alu, 0, 2, MK_GEN), 0);
  defReuse(u, 1);
  useR(n);
  useR(t);
  const u2 = newTemp(CLASS_GPR);
  twoAddrImm(F.FORM_SHR_RM32_IMM8 + sh, u2, u, 1);
  const u3 = newTemp(CLASS_GPR);
  inst(miWord(w64 ? F.FORM_LEA_R64_M : F.FORM_LEA_R32_M, 0, 1, 2, 0, MM_BASE, MK_GEN, 0), 0);
  defR(u3);
  useR(u2);
  useR(t);
  if (magicS > 1) twoAddrImm(F.FORM_SHR_RM32_IMM8 + sh, q, u3, <i64>(magicS - 1));
  else copy(q, u3);
}

/** d = n - q * c. */
function remainderFrom(d: i32, n: i32, q: i32, c: i64, w64: bool): void {
  const p = newTemp(CLASS_GPR);
  if (fitsI32(c)) {
    inst(mi(w64 ? F.FORM_IMUL_R64_RM64_IMM : F.FORM_IMUL_R32_RM32_IMM, 0, 1, MK_GEN), 0);
    defR(p);
    useR(q);
    setImm(c);
  } else {
    const cr = newTemp(CLASS_GPR);
    inst(mi(F.FORM_MOV_R64_IMM, 0, MI_NONE, MK_GEN), 0);
    defR(cr);
    setImm(c);
    inst(mi(F.FORM_IMUL_R64_RM64, 0, 2, MK_GEN), 0);
    defReuse(p, 1);
    useR(q);
    useR(cr);
  }
  inst(mi(w64 ? F.FORM_SUB_R64_RM64 : F.FORM_SUB_R32_RM32, 0, 2, MK_GEN), 0);
  defReuse(d, 1);
  useR(n);
  useR(p);
}

// ---- Comparisons (as values and as branches).

/** x86 condition for an integer IR condition. */
function intCC(cc: i32): u32 {
  switch (cc) {
    case IR.CC_EQ: return X_E;
    case IR.CC_NE: return X_NE;
    case IR.CC_LT: return X_L;
    case IR.CC_LE: return X_LE;
    case IR.CC_GT: return X_G;
    case IR.CC_GE: return X_GE;
    case IR.CC_LT_U: return X_B;
    case IR.CC_LE_U: return X_BE;
    case IR.CC_GT_U: return X_A;
  }
  return X_AE;
}

/** The condition with its operands swapped (a cc b == b swap(cc) a). */
function swapCC(cc: i32): i32 {
  switch (cc) {
    case IR.CC_LT: return IR.CC_GT;
    case IR.CC_LE: return IR.CC_GE;
    case IR.CC_GT: return IR.CC_LT;
    case IR.CC_GE: return IR.CC_LE;
    case IR.CC_LT_U: return IR.CC_GT_U;
    case IR.CC_LE_U: return IR.CC_GE_U;
    case IR.CC_GT_U: return IR.CC_LT_U;
    case IR.CC_GE_U: return IR.CC_LE_U;
  }
  return cc;
}

/**
 * Lowers `a cc b` of type t: as a value into dst (dst >= 0) or as a branch to VCode blocks
 * thenB / elseB. The compare is the instruction's main record; the kind adds setcc or jumps.
 */
function lowerCompare(dst: i32, t: i32, cc: i32, a: i32, b: i32, thenB: i32, elseB: i32): void {
  const branch = dst < 0;
  const fl = branch ? VI_F_TERM : 0;
  const pre: u32 = branch ? 0 : 1; // operand slots taken before the compare's operands
  if (isFloatTy(t)) {
    // ucomis x, y; the order and the x86 condition come from the IR condition (see docs/backend.md).
    let x = a, y = b;
    let kind: u32 = branch ? MK_BR : MK_SETCC;
    let xcc: u32 = X_A;
    switch (cc) {
      case IR.CC_EQ: kind = branch ? MK_BR_FEQ : MK_SETCC_FEQ; break;
      case IR.CC_NE: kind = branch ? MK_BR_FNE : MK_SETCC_FNE; break;
      case IR.CC_GT: xcc = X_A; break;
      case IR.CC_GE: xcc = X_AE; break;
      case IR.CC_LT: x = b; y = a; xcc = X_A; break;
      case IR.CC_LE: x = b; y = a; xcc = X_AE; break;
      case IR.CC_LT_U: xcc = X_B; break;
      case IR.CC_LE_U: xcc = X_BE; break;
      case IR.CC_GT_U: x = b; y = a; xcc = X_B; break;
      case IR.CC_GE_U: x = b; y = a; xcc = X_BE; break;
    }
    const form = t == IR.TY_F32 ? F.FORM_UCOMISS_XMM_XMMM32 : F.FORM_UCOMISD_XMM_XMMM64;
    if (isConst(y) && !isConst(x)) {
      const rx = reg(x);
      const off = floatConstOff(y);
      inst(miWord(form, pre, MI_NONE, MI_NONE, 0, MM_POOL, kind, xcc), fl);
      if (!branch) defR(dst);
      useR(rx);
      setX(0, off);
    } else {
      const rx = reg(x);
      if (x != y && foldLoad(y, widthOf(t))) {
        amInst(form, pre, kind, xcc, pre + 1, fl);
        if (!branch) defR(dst);
        useR(rx);
        amOperands();
        if (branch) { setX(2, thenB); setX(3, elseB); }
        return;
      }
      const ry = reg(y);
      inst(miWord(form, pre, pre + 1, MI_NONE, 0, MM_NONE, kind, xcc), fl);
      if (!branch) defR(dst);
      useR(rx);
      useA(ry);
    }
    if (branch) { setX(2, thenB); setX(3, elseB); }
    return;
  }
  const w64 = is64Ty(t);
  const kind: u32 = branch ? MK_BR : MK_SETCC;
  if (isConst(a) && !isConst(b)) {
    const x = a; a = b; b = x;
    cc = swapCC(cc);
  }
  const xcc = intCC(cc);
  if (isImm(b, w64)) {
    const c = constVal(b);
    if (c == 0 && !foldableLoad(a, t)) {
      // test a, a: the same flags as cmp a, 0 for every condition (OF = CF = 0).
      const ra = reg(a);
      inst(miWord(w64 ? F.FORM_TEST_RM64_R64 : F.FORM_TEST_RM32_R32, pre, pre, MI_NONE, 0, MM_NONE, kind, xcc), fl);
      if (!branch) defR(dst);
      useR(ra);
    } else if (foldLoad(a, widthOf(t))) {
      amInst(w64 ? F.FORM_CMP_RM64_IMM : F.FORM_CMP_RM32_IMM, MI_NONE, kind, xcc, pre, fl);
      if (!branch) defR(dst);
      amOperands();
      setImm(c);
    } else {
      const ra = reg(a);
      inst(miWord(w64 ? F.FORM_CMP_RM64_IMM : F.FORM_CMP_RM32_IMM, MI_NONE, pre, MI_NONE, 0, MM_NONE, kind, xcc), fl);
      if (!branch) defR(dst);
      useA(ra);
      setImm(c);
    }
  } else {
    const ra = reg(a);
    if (a != b && foldLoad(b, widthOf(t))) {
      amInst(w64 ? F.FORM_CMP_R64_RM64 : F.FORM_CMP_R32_RM32, pre, kind, xcc, pre + 1, fl);
      if (!branch) defR(dst);
      useR(ra);
      amOperands();
      if (branch) { setX(2, thenB); setX(3, elseB); }
      return;
    }
    const rb = reg(b);
    inst(miWord(w64 ? F.FORM_CMP_R64_RM64 : F.FORM_CMP_R32_RM32, pre, pre + 1, MI_NONE, 0, MM_NONE, kind, xcc), fl);
    if (!branch) defR(dst);
    useR(ra);
    useA(rb);
  }
  if (branch) { setX(2, thenB); setX(3, elseB); }
}

@inline function foldableLoad(v: i32, t: i32): bool {
  return sunkOp(v) == IR.OP_LOAD && hdrAux(load<i32>(defWord(v))) == widthOf(t);
}

// ---- Conversions.

function lowerConv(w: usize, kind: i32, to: i32): void {
  const d = arg(w, 0), a = arg(w, 1);
  const from = vtype(a);
  const to64 = is64Ty(to);
  switch (kind) {
    case IR.CV_SEXT8: case IR.CV_SEXT16: case IR.CV_ZEXT8: case IR.CV_ZEXT16: {
      let form: i32;
      if (kind == IR.CV_SEXT8) form = to64 ? F.FORM_MOVSX_R64_RM8 : F.FORM_MOVSX_R32_RM8;
      else if (kind == IR.CV_SEXT16) form = to64 ? F.FORM_MOVSX_R64_RM16 : F.FORM_MOVSX_R32_RM16;
      else form = kind == IR.CV_ZEXT8 ? F.FORM_MOVZX_R32_RM8 : F.FORM_MOVZX_R32_RM16; // zero-extends to 64 too
      const ra = reg(a);
      inst(mi(form, 0, 1, MK_GEN), 0);
      defR(d);
      useA(ra);
      return;
    }
    case IR.CV_SEXT32: {
      const ra = reg(a);
      inst(mi(F.FORM_MOVSXD_R64_RM32, 0, 1, MK_GEN), 0);
      defR(d);
      useA(ra);
      return;
    }
    case IR.CV_ZEXT32: {
      const ra = reg(a);
      inst(mi(F.FORM_MOV_R32_RM32, 0, 1, MK_GEN), 0);
      defR(d);
      useA(ra);
      return;
    }
    case IR.CV_WRAP:
      // The low 32 bits are the i32 (its upper half is never read).
      copy(d, reg(a));
      return;
    case IR.CV_S_TO_F: case IR.CV_U_TO_F: {
      const f32 = to == IR.TY_F32;
      let ra = reg(a);
      let src64 = is64Ty(from);
      if (kind == IR.CV_U_TO_F) {
        if (!src64) {
          // Zero-extend, then convert as a signed 64-bit value (exact).
          const z = newTemp(CLASS_GPR);
          inst(mi(F.FORM_MOV_R32_RM32, 0, 1, MK_GEN), 0);
          defR(z);
          useA(ra);
          ra = z;
          src64 = true;
        } else {
          const tmp = newTemp(CLASS_GPR);
          inst(miWord(0, MI_NONE, MI_NONE, MI_NONE, 0, MM_NONE, MK_U64_TO_F, 0), 0);
          defR(d);
          useR(ra);
          defE(tmp);
          setX(2, f32 ? 1 : 0);
          return;
        }
      }
      const form = f32 ? (src64 ? F.FORM_CVTSI2SS_XMM_RM64 : F.FORM_CVTSI2SS_XMM_RM32) : (src64 ? F.FORM_CVTSI2SD_XMM_RM64 : F.FORM_CVTSI2SD_XMM_RM32);
      inst(mi(form, 0, 1, MK_XZ), 0);
      defR(d);
      useA(ra);
      return;
    }
    case IR.CV_F_TO_S: case IR.CV_F_TO_U: {
      const fs = from == IR.TY_F32;
      const ra = reg(a);
      if (kind == IR.CV_F_TO_U && to64) {
        const off = poolAdd(fs ? 0x5f000000 : 0x43e0000000000000, 0, 8); // 2^63
        inst(miWord(0, MI_NONE, MI_NONE, MI_NONE, 0, MM_NONE, MK_F_TO_U64, 0), 0);
        defR(d);
        useR(ra);
        setX(0, off);
        setX(2, fs ? 1 : 0);
        return;
      }
      // F_TO_U into i32 takes the low half of the 64-bit conversion.
      const wide = to64 || kind == IR.CV_F_TO_U;
      const form = fs ? (wide ? F.FORM_CVTTSS2SI_R64_XMMM32 : F.FORM_CVTTSS2SI_R32_XMMM32) : (wide ? F.FORM_CVTTSD2SI_R64_XMMM64 : F.FORM_CVTTSD2SI_R32_XMMM64);
      inst(mi(form, 0, 1, MK_GEN), 0);
      defR(d);
      useA(ra);
      return;
    }
    case IR.CV_F_TO_F: {
      const ra = reg(a);
      if (from == to) { copy(d, ra); return; }
      inst(mi(to == IR.TY_F64 ? F.FORM_CVTSS2SD_XMM_XMMM32 : F.FORM_CVTSD2SS_XMM_XMMM64, 0, 1, MK_XZ), 0);
      defR(d);
      useA(ra);
      return;
    }
    case IR.CV_BITCAST: {
      const ra = reg(a);
      let form: i32;
      if (from == IR.TY_F32) form = F.FORM_MOVD_RM32_XMM; // r0 = xmm source, rm = gpr destination
      else if (from == IR.TY_F64) form = F.FORM_MOVQ_RM64_XMM;
      else if (to == IR.TY_F32) form = F.FORM_MOVD_XMM_RM32;
      else form = F.FORM_MOVQ_XMM_RM64;
      if (isFloatTy(from)) {
        inst(mi(form, 1, 0, MK_GEN), 0);
        defR(d);
        useR(ra);
      } else {
        inst(mi(form, 0, 1, MK_GEN), 0);
        defR(d);
        useA(ra);
      }
      return;
    }
  }
}

/** Range checks for OP_CONV_OVF, then the value in the destination type. */
function lowerConvOvf(w: usize, aux: i32, to: i32): void {
  const d = arg(w, 0), a = arg(w, 1);
  const from = vtype(a);
  const target = aux & 7;
  const tBits = 8 << (target >> 1); // 8, 16, 32, 64
  const tSigned = (target & 1) == 0;
  const to64 = is64Ty(to);
  if (isFloatTy(from)) {
    // trunc(x) fits [MIN, MAX] exactly when MIN - 1 < x < MAX + 1. MAX + 1 is a power of two
    // (exact in f32 and f64); where MIN - 1 is not representable (i32/i64 in f32, i64 in f64),
    // "x >= MIN" is the same test, as no value of the type lies between MIN - 1 and MIN.
    const fs = from == IR.TY_F32;
    const minV: f64 = tSigned ? -Math.pow(2, <f64>(tBits - 1)) : 0;
    const maxP1: f64 = Math.pow(2, <f64>(tSigned ? tBits - 1 : tBits));
    // MIN - 1 is exact while |MIN| < 2^24 (f32) or 2^53 (f64); beyond, the bound is MIN itself,
    // inclusive (MIN is a power of two, exact in both).
    let lo: f64 = minV - 1;
    let inclusive = 0;
    if (Math.abs(minV) >= (fs ? 16777216.0 : 9007199254740992.0)) {
      lo = minV;
      inclusive = 1;
    }
    const loBits: i64 = fs ? zext32(reinterpret<i32>(<f32>lo)) : reinterpret<i64>(lo);
    const hiBits: i64 = fs ? zext32(reinterpret<i32>(<f32>maxP1)) : reinterpret<i64>(maxP1);
    const ra = reg(a);
    const loOff = poolAdd(loBits, 0, 8);
    const hiOff = poolAdd(hiBits, 0, 8);
    // u32 and narrower unsigned targets convert through the 64-bit form (their range is not
    // that of a signed 32-bit conversion); u64 uses the 2^63 split (X2 bit 2, X1 = 2^63's offset).
    const wide = tBits == 64 || (!tSigned && tBits == 32);
    const form = fs ? (wide ? F.FORM_CVTTSS2SI_R64_XMMM32 : F.FORM_CVTTSS2SI_R32_XMMM32) : (wide ? F.FORM_CVTTSD2SI_R64_XMMM64 : F.FORM_CVTTSD2SI_R32_XMMM64);
    const u64 = tBits == 64 && !tSigned;
    const twoTo63 = u64 ? poolAdd(fs ? 0x5f000000 : 0x43e0000000000000, 0, 8) : 0;
    inst(mi(form, 0, 1, MK_F_TO_I_OVF), 0);
    defR(d);
    useR(ra);
    setX(0, loOff);
    setX(1, twoTo63);
    setX(3, hiOff);
    setX(2, (fs ? 1 : 0) | (inclusive << 1) | (u64 ? 4 : 0));
    numTraps += 2;
    return;
  }
  const sBits = is64Ty(from) ? 64 : 32;
  const sUnsigned = (aux & IR.OVT_UNSIGNED_SRC) != 0;
  let ra = reg(a);
  const s64 = sBits == 64;
  // Which check: 0 none, 1 sign (value must be >= 0), 2 sign-extension round trip, 3 zero-extension
  // round trip, 4 unsigned upper bound (cmp imm; ja).
  let check = 0;
  let bound: i64 = 0;
  if (!sUnsigned) {
    if (tSigned) check = tBits < sBits ? 2 : 0;
    else check = tBits < sBits ? 3 : 1;
  } else {
    if (!tSigned) check = tBits < sBits ? 3 : 0;
    else if (tBits < sBits) { check = 4; bound = (<i64>1 << (tBits - 1)) - 1; }
    else check = tBits == sBits ? 1 : 0;
  }
  if (check == 1) {
    inst(miWord(s64 ? F.FORM_TEST_RM64_R64 : F.FORM_TEST_RM32_R32, 0, 0, MI_NONE, 0, MM_NONE, MK_TRAP, X_S), 0);
    useR(ra);
    setX(2, IR.HELPER_THROW_OVERFLOW);
    numTraps++;
  } else if (check == 4) {
    inst(miWord(s64 ? F.FORM_CMP_RM64_IMM : F.FORM_CMP_RM32_IMM, MI_NONE, 0, MI_NONE, 0, MM_NONE, MK_TRAP, X_A), 0);
    useR(ra);
    setImm(bound);
    setX(2, IR.HELPER_THROW_OVERFLOW);
    numTraps++;
  } else if (check >= 2) {
    // Narrow and widen back; the value fits when it survives the round trip.
    const t1 = newTemp(CLASS_GPR);
    let form: i32;
    if (check == 2) form = tBits == 8 ? (s64 ? F.FORM_MOVSX_R64_RM8 : F.FORM_MOVSX_R32_RM8) : tBits == 16 ? (s64 ? F.FORM_MOVSX_R64_RM16 : F.FORM_MOVSX_R32_RM16) : F.FORM_MOVSXD_R64_RM32;
    else form = tBits == 8 ? F.FORM_MOVZX_R32_RM8 : tBits == 16 ? F.FORM_MOVZX_R32_RM16 : F.FORM_MOV_R32_RM32;
    inst(mi(form, 0, 1, MK_GEN), 0);
    defR(t1);
    useR(ra);
    inst(miWord(s64 ? F.FORM_CMP_R64_RM64 : F.FORM_CMP_R32_RM32, 0, 1, MI_NONE, 0, MM_NONE, MK_TRAP, X_NE), 0);
    useR(t1);
    useR(ra);
    setX(2, IR.HELPER_THROW_OVERFLOW);
    numTraps++;
  }
  // The value itself: widen (sign or zero per the source) or keep.
  if (to64 && !s64) {
    inst(mi(sUnsigned ? F.FORM_MOV_R32_RM32 : F.FORM_MOVSXD_R64_RM32, 0, 1, MK_GEN), 0);
    defR(d);
    useA(ra);
  } else {
    copy(d, ra);
  }
}

// ---- Memory.

function lowerLoad(w: usize, t: i32, width: i32): void {
  const d = arg(w, 0);
  amBuild(arg(w, 1), arg(w, 2), arg(w, 4), arg(w, 3));
  const to64 = is64Ty(t);
  let form: i32;
  switch (width) {
    case IR.MEMW_8: form = F.FORM_MOVZX_R32_RM8; break;
    case IR.MEMW_S8: form = to64 ? F.FORM_MOVSX_R64_RM8 : F.FORM_MOVSX_R32_RM8; break;
    case IR.MEMW_16: form = F.FORM_MOVZX_R32_RM16; break;
    case IR.MEMW_S16: form = to64 ? F.FORM_MOVSX_R64_RM16 : F.FORM_MOVSX_R32_RM16; break;
    case IR.MEMW_32: form = F.FORM_MOV_R32_RM32; break;
    case IR.MEMW_S32: form = to64 ? F.FORM_MOVSXD_R64_RM32 : F.FORM_MOV_R32_RM32; break;
    case IR.MEMW_64: form = F.FORM_MOV_R64_RM64; break;
    case IR.MEMW_F32: form = F.FORM_MOVSS_XMM_XMMM32; break;
    default: form = F.FORM_MOVSD_XMM_XMMM64; break;
  }
  amInst(form, 0, MK_GEN, 0, 1, 0);
  defR(d);
  amOperands();
}

function lowerStore(w: usize, t: i32, width: i32): void {
  const v = arg(w, 0);
  if (isConst(v) && isIntTy(vtype(v)) && (width != IR.MEMW_64 || fitsI32(constVal(v)))) {
    let form: i32;
    if (width <= IR.MEMW_S8) form = F.FORM_MOV_RM8_IMM;
    else if (width <= IR.MEMW_S16) form = F.FORM_MOV_RM16_IMM;
    else if (width <= IR.MEMW_S32) form = F.FORM_MOV_RM32_IMM;
    else form = F.FORM_MOV_RM64_IMM;
    // Keep the immediate in the form's accepted range (the low bits are what is stored).
    let c = constVal(v);
    if (width <= IR.MEMW_S8) c = <i64>(<i8>c);
    else if (width <= IR.MEMW_S16) c = <i64>(<i16>c);
    else if (width <= IR.MEMW_S32) c = <i64>(<i32>c);
    amBuild(arg(w, 1), arg(w, 2), arg(w, 4), arg(w, 3));
    amInst(form, MI_NONE, MK_GEN, 0, 0, 0);
    amOperands();
    setImm(c);
    return;
  }
  const rv = reg(v);
  amBuild(arg(w, 1), arg(w, 2), arg(w, 4), arg(w, 3));
  let form: i32;
  if (width <= IR.MEMW_S8) form = F.FORM_MOV_RM8_R8;
  else if (width <= IR.MEMW_S16) form = F.FORM_MOV_RM16_R16;
  else if (width <= IR.MEMW_S32) form = F.FORM_MOV_RM32_R32;
  else if (width == IR.MEMW_64) form = F.FORM_MOV_RM64_R64;
  else if (width == IR.MEMW_F32) form = F.FORM_MOVSS_XMMM32_XMM;
  else form = F.FORM_MOVSD_XMMM64_XMM;
  amInst(form, 0, MK_GEN, 0, 1, 0);
  useR(rv);
  amOperands();
}

// ---- Calls.

/** SysV integer argument register k: rdi, rsi, rdx, rcx, r8, r9. */
@inline function intArgReg(k: i32): i32 {
  return <i32>((<u64>0x090801020607 >> <u64>(k * 8)) & 0xff);
}

let argRegs: usize = 0; // scratch: vreg per register argument (GPR 0-5, XMM 6-13)
let argFixed: usize = 0; // physical register per register argument

function lowerCall(w: usize, t: i32, kind: i32): void {
  const d = arg(w, 0);
  const n = arg(w, 3);
  let ni = 0, nf = 0, ns = 0;
  // Stack arguments first: stores into the outgoing area.
  for (let k = 0; k < n; k++) {
    const v = arg(w, 4 + k);
    const fl = isFloatTy(vtype(v));
    if (fl ? nf < 8 : ni < 6) {
      if (fl) nf++; else ni++;
      continue;
    }
    const off = ns * 8;
    ns++;
    if (isConst(v) && isIntTy(vtype(v)) && fitsI32(constVal(v))) {
      inst(miWord(F.FORM_MOV_RM64_IMM, MI_NONE, MI_NONE, MI_NONE, 0, MM_OUTARG, MK_GEN, 0), 0);
      setX(0, off);
      setImm(constVal(v));
      continue;
    }
    const rv = reg(v);
    const vt = vtype(v);
    const form = vt == IR.TY_F32 ? F.FORM_MOVSS_XMMM32_XMM : vt == IR.TY_F64 ? F.FORM_MOVSD_XMMM64_XMM : F.FORM_MOV_RM64_R64;
    inst(miWord(form, 0, MI_NONE, MI_NONE, 0, MM_OUTARG, MK_GEN, 0), 0);
    useR(rv);
    setX(0, off);
  }
  if (ns * 8 > outArgsSize) outArgsSize = (ns * 8 + 15) & ~15;
  // Register arguments: a vreg may appear in one fixed operand only, so repeats get a copy.
  let nr = 0;
  ni = 0;
  nf = 0;
  for (let k = 0; k < n; k++) {
    const v = arg(w, 4 + k);
    const fl = isFloatTy(vtype(v));
    let phys: i32;
    if (fl) { if (nf >= 8) continue; phys = nf++; }
    else { if (ni >= 6) continue; phys = intArgReg(ni++); }
    let r = reg(v);
    for (let j = 0; j < nr; j++) {
      if (w32(argRegs, j) == r) {
        const c = newTemp(clsOf(r));
        copy(c, r);
        r = c;
        break;
      }
    }
    s32(argRegs, nr, r);
    s32(argFixed, nr, phys);
    nr++;
  }
  let target = -1;
  if (kind == IR.CALLK_REG || kind == IR.CALLK_MEM) {
    target = reg(arg(w, 1));
    for (let j = 0; j < nr; j++) {
      if (w32(argRegs, j) == target) {
        const c = newTemp(CLASS_GPR);
        copy(c, target);
        target = c;
        break;
      }
    }
  }
  // The target register (if any) is operand 0: operand slots above 6 do not fit the descriptor.
  let miw: u32;
  if (kind == IR.CALLK_DIRECT) miw = mi(F.FORM_CALL, MI_NONE, MI_NONE, MK_GEN);
  else if (kind == IR.CALLK_CELL) miw = miWord(F.FORM_CALL_RM64, MI_NONE, MI_NONE, MI_NONE, 0, MM_RIPSYM, MK_GEN, 0);
  else if (kind == IR.CALLK_REG) miw = mi(F.FORM_CALL_RM64, MI_NONE, 0, MK_GEN);
  else miw = miWord(F.FORM_CALL_RM64, MI_NONE, 0, MI_NONE, 0, MM_BASE, MK_GEN, 0);
  opsRoom(nr + 2);
  inst(miw, VI_F_CALL);
  store<i32>(curInst + (VI_CLOBBERS << 2), GPR_CALLER_SAVED | (XMM_CALLER_SAVED << 16));
  if (target >= 0) useR(target);
  for (let j = 0; j < nr; j++) useF(w32(argRegs, j), w32(argFixed, j));
  if (d != IR.IR_NONE) defF(d, isFloatTy(t) ? 0 : F.REG_RAX);
  if (kind == IR.CALLK_DIRECT || kind == IR.CALLK_CELL) setX(3, arg(w, 1));
  else if (kind == IR.CALLK_MEM) setX(0, arg(w, 2));
}

// ---- Terminators.

/** Maps the successors of block b (unique ones) to VCode targets, splitting critical edges. */
function beginSuccs(b: i32, w: usize, op: i32): void {
  const start = nEdge;
  // Unique successors, in first-appearance order.
  let count = 0;
  if (op == IR.OP_JUMP) {
    addSucc(arg(w, 0), start, count++);
  } else if (op == IR.OP_BR || op == IR.OP_BRCMP) {
    const k = op == IR.OP_BR ? 1 : 2;
    addSucc(arg(w, k), start, count++);
    if (arg(w, k + 1) != arg(w, k)) addSucc(arg(w, k + 1), start, count++);
  } else if (op == IR.OP_SWITCH) {
    const n = arg(w, 2);
    addSucc(arg(w, 1), start, count++);
    s32(bStamp, arg(w, 1), b + 1);
    for (let k = 0; k < n; k++) {
      const s = arg(w, 3 + k);
      if (w32(bStamp, s) != b + 1) {
        s32(bStamp, s, b + 1);
        addSucc(s, start, count++);
      }
    }
  }
  nEdge += count;
  const bp = blocksP + (<usize>b * VB_WORDS << 2);
  store<i32>(bp + (VB_SUCC_START << 2), start);
  store<i32>(bp + (VB_SUCC_COUNT << 2), count);
  // Now replace each successor by its edge block when the edge is critical.
  for (let j = 0; j < count; j++) {
    const s = w32(edgesP, start + j);
    let target = s;
    if (count > 1 && w32(bPreds, s) > 1) {
      target = nBlk++;
      s32(splitTargetP, target, s);
      s32(splitPredP, target, b);
      numSplits++;
    }
    s32(bMap, s, target);
    s32(edgesP, start + j, target);
  }
}

@inline function addSucc(s: i32, start: i32, k: i32): void {
  s32(edgesP, start + k, s);
}

/** The VCode block control goes to for IR successor s of the block being terminated. */
@inline function tgt(s: i32): i32 { return w32(bMap, s); }

function lowerTerminator(w: usize, b: i32): void {
  const h = load<i32>(w);
  const op = hdrOp(h), t = hdrTy(h), aux = hdrAux(h);
  if (op == IR.OP_RET) {
    const v = arg(w, 0);
    if (v == IR.IR_NONE) {
      inst(mi(0, MI_NONE, MI_NONE, MK_RET), VI_F_TERM);
    } else {
      const r = reg(v);
      inst(mi(0, MI_NONE, MI_NONE, MK_RET), VI_F_TERM);
      useF(r, isFloatTy(vtype(v)) ? 0 : F.REG_RAX);
    }
    numRets++;
    const bp = blocksP + (<usize>b * VB_WORDS << 2);
    store<i32>(bp + (VB_SUCC_START << 2), nEdge);
    store<i32>(bp + (VB_SUCC_COUNT << 2), 0);
    return;
  }
  if (op == IR.OP_UNREACHABLE) {
    inst(mi(F.FORM_UD2, MI_NONE, MI_NONE, MK_GEN), VI_F_TERM);
    const bp = blocksP + (<usize>b * VB_WORDS << 2);
    store<i32>(bp + (VB_SUCC_START << 2), nEdge);
    store<i32>(bp + (VB_SUCC_COUNT << 2), 0);
    return;
  }
  // Operands are lowered (materialised) before the successor mapping, which does not emit code.
  beginSuccs(b, w, op);
  if (op == IR.OP_JUMP) {
    jumpTo(tgt(arg(w, 0)));
    return;
  }
  if (op == IR.OP_BR) {
    const c = arg(w, 0), th = arg(w, 1), el = arg(w, 2);
    if (th == el) { jumpTo(tgt(th)); return; }
    if (isConst(c)) { jumpTo(tgt(constLo(c) != 0 ? th : el)); return; }
    if (sunkOp(c) == IR.OP_CMP) {
      const cw = defWord(c);
      absorb(c);
      const ch = load<i32>(cw);
      lowerCompare(-1, hdrTy(ch), hdrAux(ch), arg(cw, 1), arg(cw, 2), tgt(th), tgt(el));
      return;
    }
    const rc = reg(c);
    inst(miWord(F.FORM_TEST_RM32_R32, 0, 0, MI_NONE, 0, MM_NONE, MK_BR, X_NE), VI_F_TERM);
    useR(rc);
    setX(2, tgt(th));
    setX(3, tgt(el));
    return;
  }
  if (op == IR.OP_BRCMP) {
    const th = arg(w, 2), el = arg(w, 3);
    if (th == el) { jumpTo(tgt(th)); return; }
    lowerCompare(-1, t, aux, arg(w, 0), arg(w, 1), tgt(th), tgt(el));
    return;
  }
  // OP_SWITCH
  const n = arg(w, 2);
  const dflt = tgt(arg(w, 1));
  if (n == 0) { jumpTo(dflt); return; }
  const idx = reg(arg(w, 0));
  const tmp = newTemp(CLASS_GPR);
  // A fresh zero-extended copy: the table jump overwrites its index register.
  inst(mi(F.FORM_MOV_R32_RM32, 0, 1, MK_GEN), 0);
  defR(tmp);
  useA(idx);
  inst(mi(0, MI_NONE, MI_NONE, MK_SWITCH), VI_F_TERM);
  useR(tmp);
  setX(1, n);
  setX(2, dflt);
  setX(3, swLen);
  for (let k = 0; k < n; k++) s32(swP, swLen + k, tgt(arg(w, 3 + k)));
  swLen += n;
}

function jumpTo(target: i32): void {
  inst(mi(0, MI_NONE, MI_NONE, MK_JMP), VI_F_TERM);
  setX(2, target);
}

// =====================================================================================
// Driver.

/** [M + off words, + n words) lies inside the method record's input, which ends at `limit`. */
function inside(off: i32, n: i32, limit: usize): bool {
  if (off < IR.IRM_HEADER_WORDS || n < 0) return false;
  return <u64>M + (<u64>off + <u64>n) * 4 <= <u64>limit;
}

/**
 * Lowers the method record at `method` (its input ends at `limit`: every array the header names
 * must lie before it). Returns the VCode pointer, or 0 with iselError set.
 */
export function iselMethod(method: usize, limit: usize): usize {
  iselError = 0;
  iselErrorInst = -1;
  M = method;
  if (<u64>M + <u64>IR.IRM_HEADER_WORDS * 4 > <u64>limit) {
    fail(IR.IRERR_BAD_HEADER, -1);
    return 0;
  }
  nV = w32(M, IR.IRM_NUM_VREGS);
  nB = w32(M, IR.IRM_NUM_BLOCKS);
  nI = w32(M, IR.IRM_NUM_INSTS);
  nSlots = w32(M, IR.IRM_NUM_SLOTS);
  retType = w32(M, IR.IRM_RET_TYPE);
  const np = w32(M, IR.IRM_NUM_PARAMS);
  const instWords = w32(M, IR.IRM_INST_WORDS);
  if (nV < 0 || nB < 1 || nI < nB || np < 0 || nSlots < 0 || instWords < nI || retType < 0 || retType > IR.TY_VOID) {
    fail(IR.IRERR_BAD_HEADER, -1);
    return 0;
  }
  if (nV > 0x40000 || nB > 0x100000 || instWords > 0x4000000 || np > 0x10000 || nSlots > 0x10000) {
    fail(IR.IRERR_TOO_BIG, -1);
    return 0;
  }
  if (!inside(w32(M, IR.IRM_VREG_TYPES_OFF), nV, limit) || !inside(w32(M, IR.IRM_PARAMS_OFF), np, limit) ||
      !inside(w32(M, IR.IRM_BLOCKS_OFF), nB * IR.IRB_WORDS, limit) || !inside(w32(M, IR.IRM_INSTS_OFF), instWords, limit) ||
      !inside(w32(M, IR.IRM_SLOTS_OFF), nSlots * IR.IRS_WORDS, limit)) {
    fail(IR.IRERR_BAD_HEADER, -1);
    return 0;
  }
  typesP = M + (<usize>w32(M, IR.IRM_VREG_TYPES_OFF) << 2);
  IW = M + (<usize>w32(M, IR.IRM_INSTS_OFF) << 2);
  for (let v = 0; v < nV; v++) {
    const t = vtype(v);
    if (t < 0 || t > IR.TY_REF) { fail(IR.IRERR_BAD_TYPE, -1); return 0; }
  }

  // Analysis arrays: 6 per vreg, 4 per block (+1 for the loop-depth difference array).
  const nv = <usize>nV;
  const nb = <usize>nB + 1;
  const analysisBytes = (nv * 6 + nb * 4) * 4 + 64;
  const base = reserve(analysisBytes);
  vFlags = base;
  vDefW = vFlags + nv * 4;
  vDefIdx = vDefW + nv * 4;
  vLast = vDefIdx + nv * 4;
  vCounts = vLast + nv * 4;
  vDefBlock = vCounts + nv * 4;
  bPreds = vDefBlock + nv * 4;
  bStamp = bPreds + nb * 4;
  bDepth = bStamp + nb * 4;
  bMap = bDepth + nb * 4;
  memory.fill(vFlags, 0, nv * 4);
  memory.fill(vCounts, 0, nv * 4);
  memory.fill(vLast, 0xff, nv * 4); // -1: no def seen yet
  memory.fill(bPreds, 0, nb * 12);
  totalEdges = 0;
  totalCallArgs = 0;
  instBudget = 0;
  capOverflow = false;
  lastEffect = -1;

  // Parameters: distinct vregs, each defined at entry.
  const paramsP = M + (<usize>w32(M, IR.IRM_PARAMS_OFF) << 2);
  for (let k = 0; k < np; k++) {
    const p = w32(paramsP, k);
    if (p < 0 || p >= nV || (flags(p) & F_PARAM) != 0) { fail(IR.IRERR_BAD_VREG, -1); return 0; }
    setFlag(p, F_PARAM);
    countDef(p, 0, -1, 0);
  }

  // Validate every instruction; count defs, uses and edges.
  const blocksIR = M + (<usize>w32(M, IR.IRM_BLOCKS_OFF) << 2);
  let expectWord = 0;
  let expectInst = 0;
  for (let b = 0; b < nB; b++) {
    const bp = blocksIR + (<usize>b * IR.IRB_WORDS << 2);
    const first = w32(bp, IR.IRB_FIRST_WORD);
    const n = w32(bp, IR.IRB_NUM_INSTS);
    if (first != expectWord || w32(bp, IR.IRB_FIRST_INST) != expectInst || n < 1) { fail(IR.IRERR_BAD_HEADER, expectInst); return 0; }
    let w = IW + (<usize>first << 2);
    let idx = expectInst;
    for (let i = 0; i < n; i++, idx++) {
      if (w >= IW + (<usize>instWords << 2)) { fail(IR.IRERR_BAD_LENGTH, idx); return 0; }
      const len = hdrLen(load<i32>(w));
      if (len < 1 || w + (<usize>len << 2) > IW + (<usize>instWords << 2)) { fail(IR.IRERR_BAD_LENGTH, idx); return 0; }
      if (!validateInst(w, idx, b, i == n - 1)) return 0;
      w += <usize>len << 2;
    }
    expectWord = <i32>((w - IW) >> 2);
    expectInst = idx;
  }
  if (expectWord != instWords || expectInst != nI) { fail(IR.IRERR_BAD_HEADER, -1); return 0; }
  if (w32(bPreds, 0) != 0) { fail(IR.IRERR_ENTRY_HAS_PREDS, -1); return 0; }
  // Loop depth from the back-edge difference array.
  let depth = 0;
  for (let b = 0; b < nB; b++) {
    depth += w32(bDepth, b);
    s32(bDepth, b, depth);
  }
  memory.fill(bStamp, 0, nb * 4); // reused by the switch lowering to dedupe successors

  // Blocks and edges have exact bounds; instructions, operands and vreg classes grow as needed
  // (starting from the per-instruction bounds of LOWER_BASE, capped, so most methods never grow).
  const blkCap = nB + totalEdges + 1;
  const edgeCap = totalEdges * 4 + 4;
  const sideWords = blkCap * 3 + nSlots + 64 + 32 + w32(M, IR.IRM_INST_WORDS);
  allocOutput(<usize>(VC_HEADER_WORDS + blkCap * VB_WORDS + edgeCap + sideWords) * 4 + 256);
  vc = outPtr;
  blocksP = vc + (<usize>VC_HEADER_WORDS << 2);
  edgesP = blocksP + (<usize>blkCap * VB_WORDS << 2);
  orderP = edgesP + (<usize>edgeCap << 2);
  splitTargetP = orderP + (<usize>blkCap << 2);
  splitPredP = splitTargetP + (<usize>blkCap << 2);
  slotOffP = splitPredP + (<usize>blkCap << 2);
  argRegs = slotOffP + (<usize>nSlots << 2) + 4;
  argFixed = argRegs + 64;
  swP = argFixed + 64;
  const wantInsts = min<i32>(instBudget + totalCallArgs + np + totalEdges + 8, nI * 4 + totalCallArgs * 3 + np + totalEdges + 64);
  while (instCap < wantInsts) growInsts();
  while (opCap < wantInsts * 3 + np + 16) growOps();
  while (vregCap < nV + 64) growClasses();
  if (capOverflow) { fail(IR.IRERR_TOO_BIG, -1); return 0; }
  for (let v = 0; v < nV; v++) {
    s32(classP, v, isFloatTy(vtype(v)) ? CLASS_XMM : CLASS_GPR);
    const c = w32(vCounts, v);
    const f = flags(v);
    if ((c & 0xffff) == 1 && (f & F_PARAM) == 0) {
      if (hdrOp(load<i32>(<usize>w32(vDefW, v))) == IR.OP_CONST) setFlag(v, F_CONST);
      else if (c == 0x10001 && (f & F_CAND) != 0) setFlag(v, F_SINK);
    }
  }
  memory.fill(splitTargetP, 0xff, <usize>blkCap << 2);

  nInst = 0;
  nOp = 0;
  nVreg = nV;
  nBlk = nB;
  nEdge = 0;
  poolLen = 0;
  swLen = 0;
  outArgsSize = 0;
  numRets = 0;
  numTraps = 0;
  numSplits = 0;

  // Local buffers: laid out in declaration order, each at its alignment; the area is 16-aligned.
  const slotsIR = M + (<usize>w32(M, IR.IRM_SLOTS_OFF) << 2);
  let lo = 0;
  for (let s = 0; s < nSlots; s++) {
    const size = w32(slotsIR, s * IR.IRS_WORDS + IR.IRS_SIZE);
    const al = w32(slotsIR, s * IR.IRS_WORDS + IR.IRS_ALIGN);
    if (size < 1 || size > (1 << 24) || al < 1 || al > 16 || (al & (al - 1)) != 0) { fail(IR.IRERR_BAD_SLOT, -1); return 0; }
    lo = (lo + al - 1) & ~(al - 1);
    s32(slotOffP, s, lo);
    lo += size;
    if (lo > (1 << 28)) { fail(IR.IRERR_TOO_BIG, -1); return 0; }
  }
  localsSize = (lo + 15) & ~15;

  // Lower block by block.
  for (let b = 0; b < nB; b++) {
    const bp = blocksIR + (<usize>b * IR.IRB_WORDS << 2);
    let w = IW + (<usize>w32(bp, IR.IRB_FIRST_WORD) << 2);
    let idx = w32(bp, IR.IRB_FIRST_INST);
    const n = w32(bp, IR.IRB_NUM_INSTS);
    const vb = blocksP + (<usize>b * VB_WORDS << 2);
    store<i32>(vb + (VB_INST_START << 2), nInst);
    store<i32>(vb + (VB_LOOP_DEPTH << 2), w32(bDepth, b));
    if (b == 0) lowerEntry(paramsP, np);
    for (let i = 0; i < n; i++, idx++) {
      curIr = idx;
      const h = load<i32>(w);
      if (i == n - 1) {
        lowerTerminator(w, b);
      } else {
        const d = defOf(w, hdrOp(h));
        const skip = d >= 0 && (flags(d) & (F_CONST | F_SINK)) != 0;
        if (!skip) lowerInst(w);
      }
      w += <usize>hdrLen(h) << 2;
    }
    store<i32>(vb + (VB_INST_END << 2), nInst);
  }
  // Split blocks: one jump each.
  for (let b = nB; b < nBlk; b++) {
    const vb = blocksP + (<usize>b * VB_WORDS << 2);
    const target = w32(splitTargetP, b);
    const pred = w32(splitPredP, b);
    store<i32>(vb + (VB_INST_START << 2), nInst);
    store<i32>(vb + (VB_LOOP_DEPTH << 2), w32(bDepth, pred));
    curIr = -1;
    jumpTo(target);
    store<i32>(vb + (VB_INST_END << 2), nInst);
    store<i32>(vb + (VB_SUCC_START << 2), nEdge);
    store<i32>(vb + (VB_SUCC_COUNT << 2), 1);
    s32(edgesP, nEdge++, target);
  }
  // Predecessor lists from the successor lists.
  const predStart = nEdge;
  for (let b = 0; b < nBlk; b++) {
    const vb = blocksP + (<usize>b * VB_WORDS << 2);
    store<i32>(vb + (VB_PRED_COUNT << 2), 0);
  }
  for (let b = 0; b < nBlk; b++) {
    const vb = blocksP + (<usize>b * VB_WORDS << 2);
    const s0 = load<i32>(vb + (VB_SUCC_START << 2));
    const sc = load<i32>(vb + (VB_SUCC_COUNT << 2));
    for (let k = 0; k < sc; k++) {
      const sp = blocksP + (<usize>w32(edgesP, s0 + k) * VB_WORDS << 2);
      store<i32>(sp + (VB_PRED_COUNT << 2), load<i32>(sp + (VB_PRED_COUNT << 2)) + 1);
    }
  }
  let acc = predStart;
  for (let b = 0; b < nBlk; b++) {
    const vb = blocksP + (<usize>b * VB_WORDS << 2);
    store<i32>(vb + (VB_PRED_START << 2), acc);
    acc += load<i32>(vb + (VB_PRED_COUNT << 2));
    store<i32>(vb + (VB_PRED_COUNT << 2), 0);
  }
  for (let b = 0; b < nBlk; b++) {
    const vb = blocksP + (<usize>b * VB_WORDS << 2);
    const s0 = load<i32>(vb + (VB_SUCC_START << 2));
    const sc = load<i32>(vb + (VB_SUCC_COUNT << 2));
    for (let k = 0; k < sc; k++) {
      const sp = blocksP + (<usize>w32(edgesP, s0 + k) * VB_WORDS << 2);
      const pc = load<i32>(sp + (VB_PRED_COUNT << 2));
      s32(edgesP, load<i32>(sp + (VB_PRED_START << 2)) + pc, b);
      store<i32>(sp + (VB_PRED_COUNT << 2), pc + 1);
    }
  }
  nEdge = acc;
  // Layout: IR blocks in order, each followed by its split blocks.
  let o = 0;
  let sb = nB;
  for (let b = 0; b < nB; b++) {
    s32(orderP, o++, b);
    while (sb < nBlk && w32(splitPredP, sb) == b) s32(orderP, o++, sb++);
  }

  if (nInst > 0) store<i32>(curInst + (VI_OP_COUNT << 2), nOp - curOpStart);
  if (capOverflow) {
    fail(IR.IRERR_TOO_BIG, -1);
    return 0;
  }
  s32(vc, VC_NUM_BLOCKS, nBlk);
  s32(vc, VC_NUM_INSTS, nInst);
  s32(vc, VC_NUM_VREGS, nVreg);
  s32(vc, VC_NUM_OPERANDS, nOp);
  s32(vc, VC_BLOCKS_OFF, <i32>(blocksP - vc));
  s32(vc, VC_EDGES_OFF, <i32>(edgesP - vc));
  s32(vc, VC_INSTS_OFF, <i32>(instsP - vc));
  s32(vc, VC_OPERANDS_OFF, <i32>(opsP - vc));
  s32(vc, VC_VREG_CLASS_OFF, <i32>(classP - vc));
  for (let k = VC_VREG_CLASS_OFF + 1; k < VC_HEADER_WORDS; k++) s32(vc, k, 0);
  return vc;
}

/** Block 0: the incoming arguments (registers in one VI_F_ARGS instruction, stack ones loaded). */
function lowerEntry(paramsP: usize, np: i32): void {
  curIr = -1;
  opsRoom(np);
  inst(mi(0, MI_NONE, MI_NONE, MK_NONE), VI_F_ARGS);
  let ni = 0, nf = 0;
  for (let k = 0; k < np; k++) {
    const p = w32(paramsP, k);
    if (isFloatTy(vtype(p))) { if (nf < 8) defF(p, nf++); }
    else if (ni < 6) defF(p, intArgReg(ni++));
  }
  ni = 0;
  nf = 0;
  let ns = 0;
  for (let k = 0; k < np; k++) {
    const p = w32(paramsP, k);
    const t = vtype(p);
    const fl = isFloatTy(t);
    if (fl ? nf++ < 8 : ni++ < 6) continue;
    const form = t == IR.TY_F32 ? F.FORM_MOVSS_XMM_XMMM32 : t == IR.TY_F64 ? F.FORM_MOVSD_XMM_XMMM64 : F.FORM_MOV_R64_RM64;
    inst(miWord(form, 0, MI_NONE, MI_NONE, 0, MM_INARG, MK_GEN, 0), 0);
    defR(p);
    setX(0, ns * 8);
    ns++;
  }
}

// ---- The output region for VCode and side tables (reused from method to method).
let outPtr: usize = 0;
let outCap: usize = 0;
function allocOutput(bytes: usize): void {
  if (bytes > outCap) {
    outCap = max<usize>(bytes, outCap * 2);
    outPtr = (heap.alloc(outCap + 16) + 15) & ~<usize>15;
  }
}
