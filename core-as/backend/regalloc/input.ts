// Reads and validates the VCode (core-as/shared/vcode-layout.ts) and normalises its operands.
//
// Invariants established for the later passes when inputLoad() returns RA_OK:
// - blocks partition [0, numInsts) in order, each non-empty, ending with its only terminator;
// - edges are consistent (every successor edge is a predecessor edge of its target) and none is
//   critical; a block whose single successor has several predecessors ends in a terminator without
//   operands (edge moves go in front of it);
// - terminators define nothing (edge moves cannot go after a terminator);
// - per instruction and vreg: at most one def (DEF, MOD or REUSE); an early or two-address def with a
//   different input is the vreg's only operand there; no late use of a vreg the instruction defines;
// - every fixed register is allocatable in the vreg's class.
// Normalised operands (opNorm, same bit fields as the operand word, plus N_REUSED in bit 31):
// - REUSE of an input with the same vreg becomes MOD (REG, or FIXED when the input is fixed);
// - REUSE of a fixed input with another vreg becomes a late FIXED def of that register;
// - what remains as REUSE is "def starts at the instruction's early point in a register, the
//   reused input is copied there first"; its input carries N_REUSED.
import {
  VC_NUM_BLOCKS, VC_NUM_INSTS, VC_NUM_VREGS, VC_NUM_OPERANDS, VC_BLOCKS_OFF, VC_EDGES_OFF, VC_INSTS_OFF,
  VC_OPERANDS_OFF, VC_VREG_CLASS_OFF, VB_INST_START, VB_INST_END, VB_SUCC_START, VB_SUCC_COUNT,
  VB_PRED_START, VB_PRED_COUNT, VB_LOOP_DEPTH, VB_WORDS, VI_OP_START, VI_OP_COUNT, VI_FLAGS, VI_CLOBBERS, VI_WORDS,
  VI_F_TERM, OP_VREG_MASK, OP_KIND_SHIFT, OP_USE, OP_DEF, OP_MOD, OP_POS_SHIFT, OP_EARLY, OP_LATE,
  OP_CONSTRAINT_SHIFT, OPC_REG, OPC_FIXED, OPC_REUSE, OPC_STACK, OP_ARG_SHIFT,
  GPR_ALLOCATABLE, XMM_ALLOCATABLE, CLASS_GPR, CLASS_XMM, RA_OK, RA_ERR_BAD_INPUT,
} from "../../shared/vcode-layout";
import { raWords, raAllocRaw, ldw, stw } from "./mem";

export let vcBase: usize = 0;
export let numBlocks: i32 = 0;
export let numInsts: i32 = 0;
export let numVregs: i32 = 0;
export let numOps: i32 = 0;
export let blocksP: usize = 0;
export let edgesP: usize = 0;
export let instsP: usize = 0;
export let opsP: usize = 0;
export let classP: usize = 0;
/** Normalised operand words, one per operand. */
export let opNorm: usize = 0;
/** Per block: 1 when one of its instructions clobbers registers (a call). */
export let blockHasCall: usize = 0;

export const N_REUSED: i32 = 1 << 31;

@inline export function bWord(b: i32, f: i32): i32 { return ldw(blocksP, b * VB_WORDS + f); }
@inline export function bStart(b: i32): i32 { return ldw(blocksP, b * VB_WORDS + VB_INST_START); }
@inline export function bEnd(b: i32): i32 { return ldw(blocksP, b * VB_WORDS + VB_INST_END); }
@inline export function bDepth(b: i32): i32 { return ldw(blocksP, b * VB_WORDS + VB_LOOP_DEPTH); }
@inline export function iWord(i: i32, f: i32): i32 { return ldw(instsP, i * VI_WORDS + f); }
@inline export function iOpStart(i: i32): i32 { return ldw(instsP, i * VI_WORDS + VI_OP_START); }
@inline export function iOpCount(i: i32): i32 { return ldw(instsP, i * VI_WORDS + VI_OP_COUNT); }
@inline export function edge(k: i32): i32 { return ldw(edgesP, k); }
@inline export function vregClass(v: i32): i32 { return ldw(classP, v); }
@inline export function norm(k: i32): i32 { return ldw(opNorm, k); }

@inline export function nVreg(w: i32): i32 { return w & OP_VREG_MASK; }
@inline export function nKind(w: i32): i32 { return (w >>> OP_KIND_SHIFT) & 3; }
@inline export function nLate(w: i32): bool { return ((w >>> OP_POS_SHIFT) & 1) == OP_LATE; }
@inline export function nCons(w: i32): i32 { return (w >>> OP_CONSTRAINT_SHIFT) & 7; }
@inline export function nArg(w: i32): i32 { return (w >>> OP_ARG_SHIFT) & 31; }

function pack(v: i32, kind: i32, pos: i32, cons: i32, arg: i32): i32 {
  return v | (kind << OP_KIND_SHIFT) | (pos << OP_POS_SHIFT) | (cons << OP_CONSTRAINT_SHIFT) | (arg << OP_ARG_SHIFT);
}

export function regAllocatable(cls: i32, r: i32): bool {
  if (r < 0 || r > 15) return false;
  return ((cls == CLASS_GPR ? GPR_ALLOCATABLE : XMM_ALLOCATABLE) >> r) & 1 ? true : false;
}

const F_USE_EARLY = 1;
const F_USE_LATE = 2;
const F_DEF_LATE = 4;
const F_DEF_EARLY = 8;
const F_MOD = 16;
const F_REUSE = 32;
const F_DEFS = F_DEF_LATE | F_DEF_EARLY | F_MOD;

/** Loads the VCode at `vc`; RA_OK or RA_ERR_BAD_INPUT. */
export function inputLoad(vc: usize): i32 {
  vcBase = vc;
  numBlocks = load<i32>(vc + (<usize>VC_NUM_BLOCKS << 2));
  numInsts = load<i32>(vc + (<usize>VC_NUM_INSTS << 2));
  numVregs = load<i32>(vc + (<usize>VC_NUM_VREGS << 2));
  numOps = load<i32>(vc + (<usize>VC_NUM_OPERANDS << 2));
  if (numBlocks < 1 || numInsts < numBlocks || numVregs < 0 || numOps < 0) return RA_ERR_BAD_INPUT;
  if (numVregs > OP_VREG_MASK + 1 || numInsts > 0x0fffffff) return RA_ERR_BAD_INPUT;
  blocksP = vc + <usize>load<i32>(vc + (<usize>VC_BLOCKS_OFF << 2));
  edgesP = vc + <usize>load<i32>(vc + (<usize>VC_EDGES_OFF << 2));
  instsP = vc + <usize>load<i32>(vc + (<usize>VC_INSTS_OFF << 2));
  opsP = vc + <usize>load<i32>(vc + (<usize>VC_OPERANDS_OFF << 2));
  classP = vc + <usize>load<i32>(vc + (<usize>VC_VREG_CLASS_OFF << 2));

  for (let v = 0; v < numVregs; v++) {
    const c = vregClass(v);
    if (c != CLASS_GPR && c != CLASS_XMM) return RA_ERR_BAD_INPUT;
  }

  // Blocks, terminators and edges.
  blockHasCall = raWords(numBlocks);
  let prevEnd = 0;
  let succTotal = 0;
  let predTotal = 0;
  for (let b = 0; b < numBlocks; b++) {
    const s = bStart(b), e = bEnd(b);
    if (s != prevEnd || e <= s || e > numInsts) return RA_ERR_BAD_INPUT;
    prevEnd = e;
    for (let i = s; i < e; i++) {
      if (iWord(i, VI_CLOBBERS) != 0) stw(blockHasCall, b, 1);
      const term = (iWord(i, VI_FLAGS) & VI_F_TERM) != 0;
      if (term != (i == e - 1)) return RA_ERR_BAD_INPUT;
      const os = iOpStart(i), oc = iOpCount(i);
      if (os < 0 || oc < 0 || os + oc > numOps || oc > 31) return RA_ERR_BAD_INPUT;
    }
    const sc = bWord(b, VB_SUCC_COUNT), pc = bWord(b, VB_PRED_COUNT);
    if (sc < 0 || pc < 0 || bWord(b, VB_SUCC_START) < 0 || bWord(b, VB_PRED_START) < 0) return RA_ERR_BAD_INPUT;
    succTotal += sc;
    predTotal += pc;
  }
  if (prevEnd != numInsts || succTotal != predTotal) return RA_ERR_BAD_INPUT;
  for (let b = 0; b < numBlocks; b++) {
    const ss = bWord(b, VB_SUCC_START), sc = bWord(b, VB_SUCC_COUNT);
    for (let k = 0; k < sc; k++) {
      const t = edge(ss + k);
      if (t < 0 || t >= numBlocks) return RA_ERR_BAD_INPUT;
      const tp = bWord(t, VB_PRED_COUNT);
      if (sc > 1 && tp > 1) return RA_ERR_BAD_INPUT; // critical edge
      if (sc == 1 && tp > 1 && iOpCount(bEnd(b) - 1) != 0) return RA_ERR_BAD_INPUT;
      // The edge must be listed among t's predecessors.
      const ps = bWord(t, VB_PRED_START);
      let found = false;
      for (let j = 0; j < tp; j++) if (edge(ps + j) == b) { found = true; break; }
      if (!found) return RA_ERR_BAD_INPUT;
    }
    const ps = bWord(b, VB_PRED_START), pc = bWord(b, VB_PRED_COUNT);
    for (let k = 0; k < pc; k++) {
      const p = edge(ps + k);
      if (p < 0 || p >= numBlocks) return RA_ERR_BAD_INPUT;
    }
  }

  // Operands.
  opNorm = raWords(numOps);
  const fl = raAllocRaw(32 << 2); // per operand of the instruction: F_* of its role
  for (let i = 0; i < numInsts; i++) {
    const os = iOpStart(i), oc = iOpCount(i);
    const term = (iWord(i, VI_FLAGS) & VI_F_TERM) != 0;
    // Normalise.
    for (let k = 0; k < oc; k++) {
      const w = ldw(opsP, os + k);
      const v = w & OP_VREG_MASK;
      if (v >= numVregs) return RA_ERR_BAD_INPUT;
      const kind = (w >>> OP_KIND_SHIFT) & 3;
      const pos = (w >>> OP_POS_SHIFT) & 1;
      const cons = (w >>> OP_CONSTRAINT_SHIFT) & 7;
      const arg = (w >>> OP_ARG_SHIFT) & 31;
      if (kind > OP_MOD || cons > OPC_STACK) return RA_ERR_BAD_INPUT;
      if (term && kind != OP_USE) return RA_ERR_BAD_INPUT;
      if (cons != OPC_REUSE) {
        if (cons == OPC_FIXED && !regAllocatable(vregClass(v), arg)) return RA_ERR_BAD_INPUT;
        const prev = ldw(opNorm, os + k);
        stw(opNorm, os + k, pack(v, kind, pos, cons, cons == OPC_FIXED ? arg : 0) | (prev & N_REUSED));
        stw(fl, k, kind == OP_USE ? (pos == OP_LATE ? F_USE_LATE : F_USE_EARLY) : kind == OP_MOD ? F_MOD : pos == OP_LATE ? F_DEF_LATE : F_DEF_EARLY);
        continue;
      }
      if (kind != OP_DEF || arg >= oc) return RA_ERR_BAD_INPUT;
      const cls = vregClass(v);
      const u = ldw(opsP, os + arg);
      const uv = u & OP_VREG_MASK;
      const ucons = (u >>> OP_CONSTRAINT_SHIFT) & 7;
      if (((u >>> OP_KIND_SHIFT) & 3) != OP_USE || ((u >>> OP_POS_SHIFT) & 1) != OP_EARLY) return RA_ERR_BAD_INPUT;
      if (ucons == OPC_STACK || ucons == OPC_REUSE || uv >= numVregs || vregClass(uv) != cls) return RA_ERR_BAD_INPUT;
      const uarg = (u >>> OP_ARG_SHIFT) & 31;
      if (uv == v) {
        stw(opNorm, os + k, pack(v, OP_MOD, OP_EARLY, ucons == OPC_FIXED ? OPC_FIXED : OPC_REG, ucons == OPC_FIXED ? uarg : 0));
        stw(fl, k, F_MOD);
      } else if (ucons == OPC_FIXED) {
        if (!regAllocatable(cls, uarg)) return RA_ERR_BAD_INPUT;
        stw(opNorm, os + k, pack(v, OP_DEF, OP_LATE, OPC_FIXED, uarg));
        stw(fl, k, F_DEF_LATE);
      } else {
        stw(opNorm, os + k, pack(v, OP_DEF, OP_EARLY, OPC_REUSE, arg));
        stw(fl, k, F_DEF_EARLY | F_REUSE);
        const un = ldw(opNorm, os + arg);
        if (un & N_REUSED) return RA_ERR_BAD_INPUT; // two defs reusing one input
        stw(opNorm, os + arg, un | N_REUSED);
      }
    }
    // Per-vreg combinations, pairwise (at most 31 operands, usually 1-3): at most one def; an
    // early def (not a two-address one of the same vreg, normalised to MOD above) is the vreg's
    // only operand; no late use of a vreg the instruction defines.
    for (let k = 1; k < oc; k++) {
      const vk = nVreg(ldw(opNorm, os + k));
      const fk = ldw(fl, k);
      for (let j = 0; j < k; j++) {
        if (nVreg(ldw(opNorm, os + j)) != vk) continue;
        const f = fk | ldw(fl, j);
        if ((f & F_DEF_EARLY) != 0) return RA_ERR_BAD_INPUT;
        if ((fk & F_DEFS) != 0 && (ldw(fl, j) & F_DEFS) != 0) return RA_ERR_BAD_INPUT;
        if ((f & (F_DEF_LATE | F_MOD)) != 0 && (f & F_USE_LATE) != 0) return RA_ERR_BAD_INPUT;
      }
    }
  }
  return RA_OK;
}
