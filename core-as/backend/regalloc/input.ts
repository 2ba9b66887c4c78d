// Reads and validates the VCode (core-as/shared/vcode-layout.ts), normalises its operands, and in
// the same walk (each block backwards) computes what the allocator needs per operand: when the
// value it reads or writes is read next (Belady's eviction rule) and where it is wanted fixed.
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
// Next uses (opNext): for a read, the next instruction of the block that reads the same value,
// NU_DEAD when the instruction is its last reader in the block and a def below (or at it) kills
// it, NU_END when nothing below in the block mentions the vreg (the value dies unless it is live
// out: allocate.ts asks liveness; NU_END_CALL when a clobbering instruction follows, so a live-out
// value lives across it); for a def or MOD, the first read of the value written, same markers. opHint: for defs and MODs, 1 + the global register (class * 16 + number) of the
// first fixed read of the value written (looking past plain reads), 0 for none; a move
// (VI_F_MOVE) whose source dies passes its destination's hint to the source.
// Per block: the vregs read before any def (gen; with the first such read, firstRead) and the
// vregs defined (kill), as bit rows (useBits) or as (block, vreg) pairs for large functions.
// T_CROSS (vregs.ts) is set for a vreg with a value read after a clobbering instruction of the
// block that follows its def or an earlier read.
import {
  VC_NUM_BLOCKS, VC_NUM_INSTS, VC_NUM_VREGS, VC_NUM_OPERANDS, VC_BLOCKS_OFF, VC_EDGES_OFF, VC_INSTS_OFF,
  VC_OPERANDS_OFF, VC_VREG_CLASS_OFF, VB_INST_START, VB_INST_END, VB_SUCC_START, VB_SUCC_COUNT,
  VB_PRED_START, VB_PRED_COUNT, VB_LOOP_DEPTH, VB_WORDS, VI_OP_START, VI_OP_COUNT, VI_FLAGS, VI_CLOBBERS, VI_WORDS,
  VI_F_TERM, VI_F_MOVE, OP_VREG_MASK, OP_KIND_SHIFT, OP_USE, OP_DEF, OP_MOD, OP_POS_SHIFT, OP_EARLY, OP_LATE,
  OP_CONSTRAINT_SHIFT, OPC_REG, OPC_FIXED, OPC_REUSE, OPC_STACK, OP_ARG_SHIFT,
  GPR_ALLOCATABLE, XMM_ALLOCATABLE, CLASS_GPR, CLASS_XMM, RA_OK, RA_ERR_BAD_INPUT,
} from "../../shared/vcode-layout";
import { raWords, raAllocRaw, ldw, stw } from "./mem";
import { vregsInit, vget, vset, V_ST, V_NR, V_HINT, V_CC, V_PN, V_SRC, V_TRAITS, T_HINT_SHIFT, setCross } from "./vregs";

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
/** Per operand: normalised word, next use, hint (see the top of the file). */
export let opNorm: usize = 0;
export let opNext: usize = 0;
export let opHint: usize = 0;
export const NU_DEAD: i32 = -1;
export const NU_END: i32 = -2;
export const NU_END_CALL: i32 = -3; // NU_END, and a clobbering instruction follows in the block
export const NU_FAR: i32 = 0x3fffffff;
/** Per block b: firstReads[firstReadStart[b] .. firstReadStart[b + 1]) are (vreg, instruction)
 *  pairs, the first read of each vreg read before any def in b. */
export let firstReadStart: usize = 0;
export let firstReads: usize = 0;
/** Large functions (not useBits): (block, vreg) pairs of reads before any def, and of defs. */
export let uePairs: usize = 0;
export let numUePairs: i32 = 0;
export let defPairs: usize = 0;
export let numDefPairs: i32 = 0;
/** Per instruction: 1 when it clobbers nothing and every operand is a register read early, a
 *  register written late, a two-address def or a MOD in a register (allocate.ts's fast path). */
export let instSimple: usize = 0;
/** Bit-vector liveness applies (at most 16 words of 64 vregs per row, numBlocks x words at most
 *  BITSET_LIMIT; beyond that the per-variable form is cheaper, its cost following the live sets
 *  instead of the vreg count): then genRows and killRows hold, per block, the vregs read before
 *  any def in it and the vregs it defines. */
export let useBits: bool = false;
export let genRows: usize = 0;
export let killRows: usize = 0;
export const BITSET_LIMIT: i32 = 1 << 18;
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

let uePairCap: i32 = 0;
let defPairCap: i32 = 0;

function addPair(ue: bool, b: i32, v: i32): void {
  if (ue) {
    if (numUePairs == uePairCap) {
      const q = raAllocRaw(<usize>uePairCap << 4);
      memory.copy(q, uePairs, <usize>uePairCap << 3);
      uePairs = q;
      uePairCap <<= 1;
    }
    stw(uePairs, numUePairs << 1, b);
    stw(uePairs, (numUePairs << 1) + 1, v);
    numUePairs++;
  } else {
    if (numDefPairs == defPairCap) {
      const q = raAllocRaw(<usize>defPairCap << 4);
      memory.copy(q, defPairs, <usize>defPairCap << 3);
      defPairs = q;
      defPairCap <<= 1;
    }
    stw(defPairs, numDefPairs << 1, b);
    stw(defPairs, (numDefPairs << 1) + 1, v);
    numDefPairs++;
  }
}

const F_USE_EARLY = 1;
const F_USE_LATE = 2;
const F_DEF_LATE = 4;
const F_DEF_EARLY = 8;
const F_MOD = 16;
const F_DEFS = F_DEF_LATE | F_DEF_EARLY | F_MOD;

/** The role of a normalised operand, for the per-vreg checks (a remaining REUSE is an early def). */
@inline function roleOf(w: i32): i32 {
  const kind = nKind(w);
  if (kind == OP_MOD) return F_MOD;
  const late = nLate(w);
  return kind == OP_USE ? (late ? F_USE_LATE : F_USE_EARLY) : late ? F_DEF_LATE : F_DEF_EARLY;
}

// ---- The backward walk of a block (state shared by walkInst and endBlock).
let stamp: i32 = 0; // the block's stamp (V_ST: stamp / -stamp)
let calls: i32 = 0; // clobbering instructions below the current one
let nm: i32 = 0; // vregs in `mentioned`
let mentioned: usize = 0; // vregs the block mentions
let nfr: i32 = 0;
let frCap: i32 = 0;
let rowBytes: usize = 0;

/** Validates, normalises and computes next uses for instruction i (the walk goes backwards). */
function walkInst(i: i32, term: bool): i32 {
  const os = iOpStart(i), oc = iOpCount(i);
  if (((iWord(i, VI_FLAGS) & VI_F_TERM) != 0) != term) return RA_ERR_BAD_INPUT;
  if (os < 0 || oc < 0 || os + oc > numOps || oc > 31) return RA_ERR_BAD_INPUT;
  const clob = iWord(i, VI_CLOBBERS);
  let simple = clob == 0;
  let reuse = false;
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
    if (cons == OPC_REUSE) {
      if (kind != OP_DEF || arg >= oc) return RA_ERR_BAD_INPUT;
      reuse = true;
      stw(opNorm, os + k, w); // below
      continue;
    }
    if (cons == OPC_FIXED && !regAllocatable(vregClass(v), arg)) return RA_ERR_BAD_INPUT;
    stw(opNorm, os + k, pack(v, kind, pos, cons, cons == OPC_FIXED ? arg : 0));
    if (cons != OPC_REG || (kind == OP_USE ? pos == OP_LATE : kind == OP_DEF && pos == OP_EARLY)) simple = false;
  }
  if (reuse) {
    for (let k = 0; k < oc; k++) {
      const w = ldw(opsP, os + k);
      if (((w >>> OP_CONSTRAINT_SHIFT) & 7) != OPC_REUSE) continue;
      const v = w & OP_VREG_MASK;
      const arg = (w >>> OP_ARG_SHIFT) & 31;
      const cls = vregClass(v);
      const u = ldw(opsP, os + arg);
      const uv = u & OP_VREG_MASK;
      const ucons = (u >>> OP_CONSTRAINT_SHIFT) & 7;
      if (((u >>> OP_KIND_SHIFT) & 3) != OP_USE || ((u >>> OP_POS_SHIFT) & 1) != OP_EARLY) return RA_ERR_BAD_INPUT;
      if (ucons == OPC_STACK || ucons == OPC_REUSE || uv >= numVregs || vregClass(uv) != cls) return RA_ERR_BAD_INPUT;
      const uarg = (u >>> OP_ARG_SHIFT) & 31;
      if (uv == v) {
        stw(opNorm, os + k, pack(v, OP_MOD, OP_EARLY, ucons == OPC_FIXED ? OPC_FIXED : OPC_REG, ucons == OPC_FIXED ? uarg : 0));
        if (ucons == OPC_FIXED) simple = false;
      } else if (ucons == OPC_FIXED) {
        if (!regAllocatable(cls, uarg)) return RA_ERR_BAD_INPUT;
        stw(opNorm, os + k, pack(v, OP_DEF, OP_LATE, OPC_FIXED, uarg));
        simple = false;
      } else {
        stw(opNorm, os + k, pack(v, OP_DEF, OP_EARLY, OPC_REUSE, arg));
        const un = ldw(opNorm, os + arg);
        if (un & N_REUSED) return RA_ERR_BAD_INPUT; // two defs reusing one input
        stw(opNorm, os + arg, un | N_REUSED);
        if (ucons != OPC_REG) simple = false;
      }
    }
  }
  stw(instSimple, i, simple ? 1 : 0);
  // Per-vreg combinations, pairwise (at most 31 operands, usually 1-3): at most one def; an
  // early def (not a two-address one of the same vreg, normalised to MOD above) is the vreg's
  // only operand; no late use of a vreg the instruction defines. `dup`: some vreg is named twice.
  let dup = false;
  for (let k = 1; k < oc; k++) {
    const wk = ldw(opNorm, os + k);
    const vk = nVreg(wk);
    for (let j = 0; j < k; j++) {
      const wj = ldw(opNorm, os + j);
      if (nVreg(wj) != vk) continue;
      dup = true;
      const fk = roleOf(wk), fj = roleOf(wj);
      const f = fk | fj;
      if ((f & F_DEF_EARLY) != 0) return RA_ERR_BAD_INPUT;
      if ((fk & F_DEFS) != 0 && (fj & F_DEFS) != 0) return RA_ERR_BAD_INPUT;
      if ((f & (F_DEF_LATE | F_MOD)) != 0 && (f & F_USE_LATE) != 0) return RA_ERR_BAD_INPUT;
    }
  }
  // Next uses. Defs and MODs first: the value written is read next at V_NR; above them the
  // vreg is dead until a read (V_ST = -stamp).
  let moveHint = 0;
  for (let k = 0; k < oc; k++) {
    const w = ldw(opNorm, os + k);
    if (nKind(w) == OP_USE) continue;
    const v = nVreg(w);
    const sv = vget(v, V_ST);
    let next = NU_DEAD, h = 0;
    if (sv == stamp) {
      next = vget(v, V_NR);
      h = vget(v, V_HINT);
      if (calls > vget(v, V_CC)) setCross(v);
    } else if (sv != -stamp) {
      next = calls > 0 ? NU_END_CALL : NU_END;
      stw(mentioned, nm++, v);
    }
    stw(opNext, os + k, next);
    stw(opHint, os + k, h);
    if (k == 0) moveHint = h;
    vset(v, V_ST, -stamp);
    vset(v, V_SRC, stamp); // defined in this block
  }
  // Reads: each makes its vreg live above the instruction, read next here. A vreg read twice
  // by the instruction (dup) finds V_NR == i at its second read: V_PN keeps what the first found.
  const here = calls + (clob != 0 ? 1 : 0);
  const isMove = oc >= 2 && (iWord(i, VI_FLAGS) & VI_F_MOVE) != 0;
  for (let k = 0; k < oc; k++) {
    const w = ldw(opNorm, os + k);
    const kind = nKind(w);
    if (kind == OP_DEF) continue;
    const v = nVreg(w);
    const sv = vget(v, V_ST);
    let h = 0;
    if (kind == OP_USE) {
      let next = NU_DEAD;
      if (sv == stamp) {
        h = vget(v, V_HINT);
        next = vget(v, V_NR);
        if (dup && next == i) next = vget(v, V_PN);
        else if (calls > vget(v, V_CC)) setCross(v);
      } else if (sv != -stamp) {
        next = calls > 0 ? NU_END_CALL : NU_END;
        stw(mentioned, nm++, v);
      } else if (isMove && k == 1) {
        h = moveHint; // the source of a move dies here: its def should sit where the copy goes
      }
      stw(opNext, os + k, next);
      if (dup) vset(v, V_PN, next);
    } else if (dup) {
      vset(v, V_PN, ldw(opNext, os + k));
    }
    if (nCons(w) == OPC_FIXED) {
      h = ((vregClass(v) << 4) | nArg(w)) + 1;
      const t = vget(v, V_TRAITS);
      if ((t >> T_HINT_SHIFT) == 0) vset(v, V_TRAITS, t | (h << T_HINT_SHIFT));
    }
    vset(v, V_HINT, h);
    vset(v, V_ST, stamp);
    vset(v, V_NR, i);
    vset(v, V_CC, here);
  }
  if (clob != 0) calls++;
  return RA_OK;
}

/** After the walk of block b: its upward-exposed reads (first reads too) and defs. */
function endBlock(b: i32): void {
  stw(blockHasCall, b, calls > 0 ? 1 : 0);
  // The block's upward-exposed reads (with their first read) and defs.
  stw(firstReadStart, b, nfr);
  if (nfr + nm > frCap) {
    frCap = max(frCap * 2, nfr + nm);
    const q = raAllocRaw(<usize>frCap << 3);
    memory.copy(q, firstReads, <usize>nfr << 3);
    firstReads = q;
  }
  if (useBits) {
    const g = genRows + <usize>b * rowBytes, d = killRows + <usize>b * rowBytes;
    for (let x: usize = 0; x < rowBytes; x += 8) {
      store<u64>(g + x, 0);
      store<u64>(d + x, 0);
    }
    for (let m = 0; m < nm; m++) {
      const v = ldw(mentioned, m);
      const p = <usize>(v >> 6) << 3;
      const bit: u64 = <u64>1 << <u64>(v & 63);
      if (vget(v, V_ST) == stamp) {
        store<u64>(g + p, load<u64>(g + p) | bit);
        stw(firstReads, nfr << 1, v);
        stw(firstReads, (nfr << 1) + 1, vget(v, V_NR));
        nfr++;
      }
      if (vget(v, V_SRC) == stamp) store<u64>(d + p, load<u64>(d + p) | bit);
    }
  } else {
    for (let m = 0; m < nm; m++) {
      const v = ldw(mentioned, m);
      if (vget(v, V_ST) == stamp) {
        addPair(true, b, v);
        stw(firstReads, nfr << 1, v);
        stw(firstReads, (nfr << 1) + 1, vget(v, V_NR));
        nfr++;
      }
      if (vget(v, V_SRC) == stamp) addPair(false, b, v);
    }
  }
}

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
  vregsInit(numVregs);

  blockHasCall = raAllocRaw(<usize>numBlocks << 2);
  // Operands, each block backwards; blocks and instructions are validated on the way (edges
  // after, once every block's range is known to be sound).
  opNorm = raAllocRaw(<usize>max(numOps, 1) << 2);
  opNext = raAllocRaw(<usize>max(numOps, 1) << 2);
  opHint = raAllocRaw(<usize>max(numOps, 1) << 2);
  instSimple = raAllocRaw(<usize>numInsts << 2);
  firstReadStart = raAllocRaw(<usize>(numBlocks + 1) << 2);
  mentioned = raAllocRaw(<usize>max(numVregs, 1) << 2);
  const words = (numVregs + 63) >> 6;
  useBits = words <= 16 && <i64>numBlocks * <i64>words <= <i64>BITSET_LIMIT;
  rowBytes = <usize>words << 3;
  if (useBits) {
    genRows = raAllocRaw(<usize>numBlocks * rowBytes);
    killRows = raAllocRaw(<usize>numBlocks * rowBytes);
  } else {
    uePairCap = 1024;
    uePairs = raAllocRaw(<usize>uePairCap << 3);
    defPairCap = 1024;
    defPairs = raAllocRaw(<usize>defPairCap << 3);
  }
  numUePairs = 0;
  numDefPairs = 0;
  frCap = max(256, numVregs);
  firstReads = raAllocRaw(<usize>frCap << 3);
  nfr = 0;
  stamp = 0;
  let prevEnd = 0;
  let succTotal = 0;
  let predTotal = 0;
  for (let b = 0; b < numBlocks; b++) {
    const s = bStart(b), e = bEnd(b);
    if (s != prevEnd || e <= s || e > numInsts) return RA_ERR_BAD_INPUT;
    prevEnd = e;
    const sc = bWord(b, VB_SUCC_COUNT), pc = bWord(b, VB_PRED_COUNT);
    if (sc < 0 || pc < 0 || bWord(b, VB_SUCC_START) < 0 || bWord(b, VB_PRED_START) < 0) return RA_ERR_BAD_INPUT;
    succTotal += sc;
    predTotal += pc;
    stamp++;
    nm = 0;
    calls = 0;
    for (let i = e - 1; i >= s; i--) {
      const st = walkInst(i, i == e - 1);
      if (st != RA_OK) return st;
    }
    endBlock(b);
  }
  stw(firstReadStart, numBlocks, nfr);
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
  return RA_OK;
}
