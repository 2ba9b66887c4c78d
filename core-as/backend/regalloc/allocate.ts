// Forward allocation, block by block in reverse postorder, instruction by instruction, over
// register masks. Every live vreg has one home: a register, or its spill slot; `inSlot` says
// whether the slot also holds its current value (a value is stored at most once between defs).
//
// Per instruction, one parallel move before it (sources are where values are at the instruction's
// start) puts every operand where its constraint wants it, moves values out of registers the
// instruction reserves (fixed operands, clobbers), reloads values read in registers and stores
// values read from the stack; then last reads free their registers and defs take free ones. When a
// register is needed and none is free, the value read farthest in the future (next uses from
// nextuse.ts) is spilled (Belady's rule; a value whose slot is already valid costs no store).
//
// Blocks: in reverse postorder every block but the entry has a processed predecessor except loop
// headers' back edges. The first predecessor to finish fixes a successor's entry state (where each
// live-in vreg is); a block with one predecessor starts exactly in its exit state; every other
// predecessor of a merge (it has that one successor: no critical edges) moves its values into the
// entry state before its terminator, which has no operands. At a loop header the slot of a value
// in a register is taken as stale, so back edges never need a store.
//
// Invariants:
// - occ[g] = v exactly when home[v] = g; a register holds only vregs live at that point (last reads
//   and dead defs free theirs at the instruction);
// - a live vreg without a register home has inSlot = 1;
// - at every instruction: no two operands of different vregs share a register unless the contract
//   allows it (an early read and a late def), fixed operands get their register, REUSE defs the
//   register of their input (a copy when the input lives on), late reads and every value that
//   lives across the instruction avoid its clobbers and defs;
// - edits are produced in instruction order within a block; each block's edits are contiguous in
//   the edit buffer (blockEdits), so the output is the blocks' ranges in layout order.
import {
  VI_CLOBBERS, VI_FLAGS, VI_F_MOVE, OP_USE, OP_DEF, OP_MOD, OPC_REG, OPC_FIXED, OPC_REUSE, OPC_ANY, OPC_STACK,
  ALLOC_REG, ALLOC_STACK, ALLOC_KIND_SHIFT, GPR_ALLOCATABLE, XMM_ALLOCATABLE, GPR_CALLEE_SAVED, CLASS_GPR,
  VB_SUCC_START, VB_SUCC_COUNT, VB_PRED_START, VB_PRED_COUNT, RA_OK, RA_ERR_BAD_INPUT, RA_ERR_TOO_MANY_FIXED,
} from "../../shared/vcode-layout";
import { raWords, raAllocRaw, raPersistentWords, ldw, stw } from "./mem";
import {
  vget, vset, V_HOME, V_IN_SLOT, V_NEXT, V_NEED_SLOT, V_HULL_LO, V_HULL_HI, V_STAMP, V_SRC, V_RD, V_DEF, V_TRAITS, vCross, setCross, vGlobalHint,
  V_WANT_STAMP, V_WANT,
} from "./vregs";
import {
  numBlocks, numVregs, bStart, bEnd, bWord, iOpStart, iOpCount, iWord, norm, nVreg, nKind, nLate, nCons, nArg,
  vregClass, edge, N_REUSED, instSimple, opNorm, opNext, opHint, NU_DEAD, NU_END, NU_END_CALL, NU_FAR, firstReadStart, firstReads,
} from "./input";
import {
  orderAt, blockHeader, backEdges, numBackEdges, prepareLiveIn, isLiveIn, forLiveIn, prepareLiveOut, isLiveOut,
} from "./liveness";

import { pmAdd, pmFlush, editCount } from "./parallel-move";

const A_REG: i32 = ALLOC_REG << ALLOC_KIND_SHIFT;
const A_STACK: i32 = ALLOC_STACK << ALLOC_KIND_SHIFT;
/** Allocatable registers as a global mask: GPRs in bits 0-15, XMMs in bits 16-31. */
const ALLOC_ALL: i32 = (GPR_ALLOCATABLE & 0xffff) | ((XMM_ALLOCATABLE & 0xffff) << 16);
const CALLEE: i32 = GPR_CALLEE_SAVED & 0xffff;
/** Caller-saved registers no calling convention or instruction fixes: taken first. */
const PREF_GPR: i32 = (1 << 10) | (1 << 9) | (1 << 8);
const PREF_XMM: i32 = 0x7f000000; // xmm8-xmm14

// ---- Per-vreg state: vregs.ts. Stamp of the current instruction (V_STAMP, V_DEF).
let stampI: i32 = 0;

// ---- Per register.
let occ: usize = 0; // 32 words: vreg or -1
let freeMask: i32 = 0;
let ownE: usize = 0; // fixed early owner per register (stamped by ownS)
let ownL: usize = 0;
let ownSE: usize = 0;
let ownSL: usize = 0;
/** GPR mask of callee-saved registers given to operands or homes. */
export let regsTouched: i32 = 0;
export let evictions: i32 = 0;

// ---- Per block: a record of B_WORDS words, and the entry registers (32 words).
const B_FIXED = 0; // entry state fixed
const B_HEADER = 1; // a loop header (some predecessor comes later in processing order)
const B_MASK = 2; // registers holding a live-in vreg at entry
const B_VALID = 3; // ... whose slot holds the value too
const B_EDIT_START = 4; // the block's edits: [start, end) in the edit buffer
const B_EDIT_END = 5;
const B_WORDS = 8;
let blockRec: usize = 0;
let entryOcc: usize = 0; // 32 words per block (meaningful in B_MASK)

@inline function bget(b: i32, f: i32): i32 { return ldw(blockRec, b * B_WORDS + f); }
@inline function bset(b: i32, f: i32, x: i32): void { stw(blockRec, b * B_WORDS + f, x); }

/** The edits of block b: [blockEditStart(b), blockEditEnd(b)) in the edit buffer. */
export function blockEditStart(b: i32): i32 { return bget(b, B_EDIT_START); }
export function blockEditEnd(b: i32): i32 { return bget(b, B_EDIT_END); }

/** Operand indices whose allocation names a vreg's slot (patched with the slot number). */
export let stackOps: usize = 0;
export let stackOpCount: i32 = 0;
let stackOpCap: i32 = 0;

// ---- Per instruction: vregs whose last read it is (at most 31 operands).
let dieList: usize = 0;
let dieCount: i32 = 0;

let allocsP: usize = 0;

@inline function bit(g: i32): i32 { return 1 << g; }

/** Operand k's next use (input.ts), NU_END resolved: the value lives on past the block (NU_FAR)
 *  or dies here (NU_DEAD). */
@inline function nextOf(k: i32): i32 {
  const x = ldw(opNext, k);
  if (x > NU_END) return x;
  return isLiveOut(nVreg(ldw(opNorm, k))) ? NU_FAR : NU_DEAD;
}

/** Whether the value operand k writes lives across a call: its vreg often does (T_CROSS), or it
 *  is live out of the block with a clobbering instruction after k (`next` = nextOf(k)). */
@inline function crossAt(k: i32, v: i32, next: i32): bool {
  return vCross(v) || (next == NU_FAR && ldw(opNext, k) == NU_END_CALL);
}

@inline function hull(v: i32, i: i32): void {
  if (i < vget(v, V_HULL_LO)) vset(v, V_HULL_LO, i);
  if (i > vget(v, V_HULL_HI)) vset(v, V_HULL_HI, i);
}
@inline function clsMask(c: i32): i32 { return c == CLASS_GPR ? 0xffff : <i32>0xffff0000; }
@inline function regWord(g: i32): i32 { return A_REG | (g & 15); }
@inline function slotWord(v: i32): i32 { return A_STACK | v; }
@inline function locWord(v: i32): i32 {
  const h = vget(v, V_HOME);
  return h >= 0 ? regWord(h) : slotWord(v);
}

@inline function snap(v: i32): void {
  if (vget(v, V_STAMP) != stampI) {
    vset(v, V_STAMP, stampI);
    vset(v, V_SRC, locWord(v));
    vset(v, V_RD, -1);
  }
}

@inline function touched(v: i32): bool { return vget(v, V_STAMP) == stampI; }

/** Registers that receive a value in the current instruction's parallel move. */
let dstMask: i32 = 0;

@inline function moveTo(src: i32, g: i32, c: i32): void {
  dstMask |= bit(g);
  if ((src >>> ALLOC_KIND_SHIFT) == ALLOC_STACK) needSlot(src & 0xfffff);
  pmAdd(src, regWord(g), c);
}

@inline function setHome(v: i32, g: i32): void {
  vset(v, V_HOME, g);
  stw(occ, g, v);
  freeMask &= ~bit(g);
}

@inline function clearHome(v: i32): void {
  const h = vget(v, V_HOME);
  if (h >= 0) {
    stw(occ, h, -1);
    freeMask |= bit(h);
    vset(v, V_HOME, -1);
  }
}

function needSlot(v: i32): void {
  vset(v, V_NEED_SLOT, 1);
}

function noteStackOp(k: i32): void {
  if (stackOpCount == stackOpCap) {
    const cap = stackOpCap * 2;
    const q = raAllocRaw(<usize>cap << 2);
    memory.copy(q, stackOps, <usize>stackOpCap << 2);
    stackOps = q;
    stackOpCap = cap;
  }
  stw(stackOps, stackOpCount++, k);
}

function setAllocReg(k: i32, g: i32): void {
  stw(allocsP, k, regWord(g));
  if (g < 16) regsTouched |= bit(g);
}

function setAllocSlot(k: i32, v: i32): void {
  stw(allocsP, k, slotWord(v));
  needSlot(v);
  noteStackOp(k);
}

/** A free register from `mask` (global bits): the preferred tiers first. */
function pick(mask: i32, cross: bool): i32 {
  if (mask == 0) return -1;
  if ((mask & 0xffff) != 0) {
    const m = mask & 0xffff;
    if (cross) {
      const c = m & CALLEE;
      if (c != 0) {
        const u = c & regsTouched;
        return ctz(u != 0 ? u : c);
      }
    }
    const p = m & PREF_GPR;
    if (p != 0) return 31 - clz(p);
    const o = m & ~CALLEE;
    if (o != 0) return 31 - clz(o);
    const u = m & regsTouched;
    return ctz(u != 0 ? u : m);
  }
  const p = mask & PREF_XMM;
  if (p != 0) return ctz(p);
  return 31 - clz(mask);
}

// Registers the current block's successor expects (its entry state is fixed already: a loop
// header reached by a back edge, or a merge another predecessor reached first), and for each
// vreg it expects, which one (V_WANT, stamped by wantStamp).
let wantMask: i32 = 0;
let wantStamp: i32 = 0;

/** Whether the successor expects v in a register of `mask`. */
@inline function wanted(v: i32, mask: i32): bool {
  return wantMask != 0 && vget(v, V_WANT_STAMP) == wantStamp && (mask & bit(vget(v, V_WANT))) != 0;
}

/** pick() for vreg v: the register the successor expects it in when free, else a register no
 *  other live-out vreg is expected in, else any. */
function pickFor(v: i32, mask: i32, cross: bool): i32 {
  if (wantMask != 0) {
    if (vget(v, V_WANT_STAMP) == wantStamp) {
      const w = vget(v, V_WANT);
      if ((mask & bit(w)) != 0) return w;
    }
    const m = mask & ~wantMask;
    if (m != 0) return pick(m, cross);
  }
  return pick(mask, cross);
}

/** Spills the occupant of the best victim register in `cand` (occupied): the one read farthest in
 *  the future, preferring a valid slot. Returns the register, now free, or -1. `limit`: only a
 *  value read after `limit` may go. A register that already receives a move at this instruction
 *  is not taken when the caller moves something into the victim's register. */
function evict(cand: i32, limit: i32, forMove: bool): i32 {
  let best = -1;
  let bestN = limit;
  let bestS = 0;
  if (forMove) cand &= ~dstMask;
  for (let m = cand; m != 0; m &= m - 1) {
    const g = ctz(m);
    const w = ldw(occ, g);
    if (w < 0) continue;
    const n = vget(w, V_NEXT);
    const s = vget(w, V_IN_SLOT);
    if (n > bestN || (n == bestN && best >= 0 && s > bestS)) {
      best = g;
      bestN = n;
      bestS = s;
    }
  }
  if (best < 0) return -1;
  spillOut(ldw(occ, best));
  return best;
}

/** v leaves its register for its slot (stored unless the slot is valid). */
function spillOut(v: i32): void {
  snap(v);
  evictions++;
  if (vget(v, V_IN_SLOT) == 0) {
    pmAdd(vget(v, V_SRC), slotWord(v), vregClass(v));
    vset(v, V_IN_SLOT, 1);
    needSlot(v);
  }
  clearHome(v);
}

/** v must leave register g (taken by the instruction): to a free register outside `avoid`, else
 *  to its slot, or a value read later than v gives up its register. */
function displace(v: i32, avoid: i32, call: bool): void {
  snap(v);
  const c = vregClass(v);
  const cand = clsMask(c) & ~avoid;
  let r = pickFor(v, freeMask & cand, call || vCross(v));
  if (r < 0) r = evict(ALLOC_ALL & ~freeMask & cand, vget(v, V_NEXT), true);
  clearHome(v);
  if (r >= 0) {
    evictions++;
    moveTo(vget(v, V_SRC), r, c);
    setHome(v, r);
    if (r < 16) regsTouched |= bit(r);
  } else {
    spillOut(v);
  }
}

/** Where v is at the start of the instruction, on the fast path: where an eviction found it
 *  (snap), else in its register unless that was just loaded from the slot, else in the slot. */
@inline function simpleSrc(v: i32): i32 {
  if (touched(v)) return vget(v, V_SRC);
  const h = vget(v, V_HOME);
  return h >= 0 && (dstMask & bit(h)) == 0 ? regWord(h) : slotWord(v);
}

/** The fast path for instructions input.ts marks simple: register reads at the early point,
 *  register defs at the late point, two-address defs and MODs; no fixed registers, no
 *  clobbers, no stack. Only reloads move values, so a register in dstMask holds a value loaded
 *  from its slot and a value whose home is elsewhere is still there. */
function allocSimple(i: i32, os: i32, oc: i32): i32 {
  stampI++;
  dieCount = 0;
  dstMask = 0;
  let earlyTaken = 0, lateTaken = 0;
  for (let k = 0; k < oc; k++) {
    const w = norm(os + k);
    const kind = nKind(w);
    if (kind == OP_DEF) continue;
    const v = nVreg(w);
    hull(v, i);
    const c = vregClass(v);
    const next = nextOf(os + k);
    if (kind == OP_USE) {
      if (next == NU_DEAD) noteDeath(v);
      else vset(v, V_NEXT, next);
    }
    let r = vget(v, V_HOME);
    if ((w & N_REUSED) != 0 && next != NU_DEAD) {
      // The input of a two-address def that lives on: the def's register gets a copy.
      const avoid = earlyTaken | lateTaken | (r >= 0 ? bit(r) : 0);
      let f = pick(freeMask & clsMask(c) & ~avoid, false);
      if (f < 0) f = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, true);
      if (f < 0) return RA_ERR_TOO_MANY_FIXED;
      moveTo(simpleSrc(v), f, c);
      earlyTaken |= bit(f);
      lateTaken |= bit(f);
      setAllocReg(os + k, f);
      continue;
    }
    if (r < 0) {
      const avoid = earlyTaken;
      r = pickFor(v, freeMask & clsMask(c) & ~avoid, vCross(v));
      if (r < 0) r = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, true);
      if (r < 0) return RA_ERR_TOO_MANY_FIXED;
      moveTo(simpleSrc(v), r, c);
      vset(v, V_IN_SLOT, 1);
      setHome(v, r);
    }
    earlyTaken |= bit(r);
    if (kind == OP_MOD || (w & N_REUSED) != 0) lateTaken |= bit(r);
    setAllocReg(os + k, r);
  }
  for (let d = 0; d < dieCount; d++) clearHome(ldw(dieList, d));
  let defTaken = 0;
  const isMove = (iWord(i, VI_FLAGS) & VI_F_MOVE) != 0 && oc >= 2;
  for (let k = 0; k < oc; k++) {
    const w = norm(os + k);
    const kind = nKind(w);
    if (kind == OP_USE) continue;
    const v = nVreg(w);
    const c = vregClass(v);
    const next = nextOf(os + k);
    if (kind == OP_MOD) {
      const g = (c << 4) | (ldw(allocsP, os + k) & 15);
      defTaken |= bit(g);
      vset(v, V_IN_SLOT, 0);
      vset(v, V_NEXT, next);
      if (next == NU_DEAD) clearHome(v);
      continue;
    }
    hull(v, i);
    clearHome(v);
    let g = -1;
    if (nCons(w) == OPC_REUSE) {
      g = (c << 4) | (ldw(allocsP, os + nArg(w)) & 15);
    } else {
      const avoid = lateTaken | defTaken;
      const cand = freeMask & clsMask(c) & ~avoid;
      const hint = ldw(opHint, os + k) - 1;
      if (hint >= 0 && ((cand & bit(hint)) != 0 || stealHint(hint, next, avoid, earlyTaken))) g = hint;
      else if (wanted(v, cand)) g = vget(v, V_WANT);
      else if (isMove && k == 0) {
        const sg = (c << 4) | (ldw(allocsP, os + 1) & 15);
        if ((cand & bit(sg)) != 0) g = sg;
      }
      if (g < 0) {
        const gh = vGlobalHint(v);
        if (gh >= 0 && (cand & bit(gh)) != 0) g = gh;
      }
      if (g < 0) g = pickFor(v, cand, crossAt(os + k, v, next));
      if (g < 0) {
        g = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, false);
        if (g < 0) return RA_ERR_TOO_MANY_FIXED;
      }
    }
    defTaken |= bit(g);
    setAllocReg(os + k, g);
    vset(v, V_IN_SLOT, 0);
    vset(v, V_NEXT, next);
    if (next != NU_DEAD) setHome(v, g);
  }
  return pmFlush(i);
}

/** A def whose value is next read in fixed register g (at `next`) finds g held by w: when w is
 *  still live there, w has to leave g by then anyway, so it moves now to a free register (one move,
 *  instead of that move later plus one into g). Returns whether g is free for the def. `late`:
 *  registers the instruction reads late or writes; `early`: registers it reads. */
function stealHint(g: i32, next: i32, late: i32, early: i32): bool {
  if (next == NU_DEAD || next == NU_FAR || ((late | dstMask) & bit(g)) != 0) return false;
  const w = ldw(occ, g);
  if (w < 0 || vget(w, V_NEXT) < next) return false;
  const avoid = late | early | bit(g);
  if ((freeMask & clsMask(g >> 4) & ~avoid) == 0) return false;
  // w may be read in g by this instruction (early): the move copies it, g keeps it until the def.
  displace(w, avoid, true);
  return ldw(occ, g) < 0;
}

/** Allocates instruction i, one input.ts does not mark simple; RA_OK or an error. */
function allocInst(i: i32): i32 {
  const os = iOpStart(i), oc = iOpCount(i);
  const clob = iWord(i, VI_CLOBBERS) & ALLOC_ALL;
  stampI++;
  dieCount = 0;
  dstMask = 0;

  // Pre-scan: registers the instruction fixes, defs, whether anything needs the general path.
  let fixedEarly = 0;
  let lateBusy = clob;
  for (let k = 0; k < oc; k++) {
    const w = norm(os + k);
    const kind = nKind(w);
    const v = nVreg(w);
    hull(v, i);
    if (kind != OP_USE) vset(v, V_DEF, stampI);
    if (nCons(w) != OPC_FIXED) continue;
    const g = (vregClass(v) << 4) | nArg(w);
    const late = nLate(w);
    const early = kind != OP_DEF || !late;
    const lateToo = kind != OP_USE || late;
    if (early) {
      if (ldw(ownSE, g) == stampI && ldw(ownE, g) != v) return RA_ERR_TOO_MANY_FIXED;
      stw(ownSE, g, stampI);
      stw(ownE, g, v);
      fixedEarly |= bit(g);
    }
    if (lateToo) {
      if (ldw(ownSL, g) == stampI && ldw(ownL, g) != v) return RA_ERR_TOO_MANY_FIXED;
      if (kind == OP_USE && (clob & bit(g)) != 0) return RA_ERR_BAD_INPUT; // late use clobbered
      stw(ownSL, g, stampI);
      stw(ownL, g, v);
      lateBusy |= bit(g);
    }
  }
  let earlyTaken = 0; // registers read or written at the early point
  let lateTaken = 0; // registers read late or written by defs
  const call = clob != 0;

  // a. Fixed reads (USE, MOD): the operand's register gets the value; occupants move in c./d.
  for (let k = 0; k < oc; k++) {
    const w = norm(os + k);
    const kind = nKind(w);
    if (kind == OP_DEF || nCons(w) != OPC_FIXED) continue;
    const v = nVreg(w);
    const c = vregClass(v);
    const g = (c << 4) | nArg(w);
    snap(v);
    earlyTaken |= bit(g);
    const late = kind == OP_MOD || nLate(w);
    if (late) lateTaken |= bit(g);
    else vset(v, V_RD, g); // a register read of v at this instruction can read it there too
    setAllocReg(os + k, g);
    if (kind == OP_USE) {
      const next = nextOf(os + k);
      if (next == NU_DEAD) noteDeath(v);
      else vset(v, V_NEXT, next);
    }
    moveTo(vget(v, V_SRC), g, c);
  }

  // b. Register, register-or-stack and stack reads.
  for (let k = 0; k < oc; k++) {
    const w = norm(os + k);
    const kind = nKind(w);
    if (kind == OP_DEF) continue;
    const cons = nCons(w);
    if (cons == OPC_FIXED) continue;
    const v = nVreg(w);
    const c = vregClass(v);
    snap(v);
    const next = nextOf(os + k);
    const late = kind == OP_MOD || nLate(w);
    if (kind == OP_USE) {
      if (next == NU_DEAD) noteDeath(v);
      else vset(v, V_NEXT, next);
    }
    const reused = (w & N_REUSED) != 0;
    if (cons == OPC_STACK || (cons == OPC_ANY && !reused && !placeAnyInReg(v, late, lateBusy, fixedEarly))) {
      // From the slot (stored first when it is stale).
      if (vget(v, V_IN_SLOT) == 0) {
        pmAdd(vget(v, V_SRC), slotWord(v), c);
        vset(v, V_IN_SLOT, 1);
      }
      setAllocSlot(os + k, v);
      if (kind == OP_MOD) clearHome(v); // the instruction writes the slot: a register copy goes stale
      continue;
    }
    if (reused && next != NU_DEAD) {
      // The input of a two-address def that lives on: the def's register gets a copy.
      const h = vget(v, V_HOME);
      const avoid = earlyTaken | fixedEarly | lateBusy | lateTaken | (h >= 0 ? bit(h) : 0);
      let r = pick(freeMask & clsMask(c) & ~avoid, false);
      if (r < 0) r = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, true);
      if (r < 0) return RA_ERR_TOO_MANY_FIXED;
      moveTo(vget(v, V_SRC), r, c);
      earlyTaken |= bit(r);
      lateTaken |= bit(r);
      setAllocReg(os + k, r);
      continue;
    }
    let r = vget(v, V_RD);
    if (r >= 0 && late && (lateBusy & bit(r)) != 0) r = -1;
    if (r < 0) {
      const h = vget(v, V_HOME);
      if (h >= 0 && (!late || (lateBusy & bit(h)) == 0) && ((fixedEarly & bit(h)) == 0 || ldw(ownE, h) == v)) {
        r = h;
      } else {
        const avoid = earlyTaken | fixedEarly | (late ? lateBusy | lateTaken : 0);
        const cand = freeMask & clsMask(c) & ~avoid;
        // A value that lives on avoids the registers the instruction destroys when it can.
        r = pickFor(v, next != NU_DEAD && (cand & ~lateBusy) != 0 ? cand & ~lateBusy : cand, vCross(v));
        if (r < 0) r = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, true);
        if (r < 0) return RA_ERR_TOO_MANY_FIXED;
        moveTo(vget(v, V_SRC), r, c);
        if (h < 0) vset(v, V_IN_SLOT, 1); // reloaded: the slot holds the value
        clearHome(v);
        setHome(v, r);
      }
      vset(v, V_RD, r);
    }
    earlyTaken |= bit(r);
    if (late || reused) lateTaken |= bit(r);
    setAllocReg(os + k, r);
  }

  // c. A value read in a fixed register that lives on and must leave its home, or has none,
  // stays in the fixed register when the instruction does not destroy it.
  const avoidMove = earlyTaken | fixedEarly | lateBusy | lateTaken;
  if (fixedEarly != 0) {
    for (let k = 0; k < oc; k++) {
      const w = norm(os + k);
      const kind = nKind(w);
      if (kind == OP_DEF || nCons(w) != OPC_FIXED) continue;
      const v = nVreg(w);
      const g = (vregClass(v) << 4) | nArg(w);
      const h = vget(v, V_HOME);
      if (h == g) continue;
      if (kind == OP_MOD || (nextOf(os + k) != NU_DEAD && (lateBusy & bit(g)) == 0 &&
          (h < 0 || ((lateBusy | fixedEarly) & bit(h)) != 0))) {
        const o = ldw(occ, g);
        if (o >= 0) displace(o, avoidMove, call);
        if (h < 0) vset(v, V_IN_SLOT, 1);
        clearHome(v);
        setHome(v, g);
      }
    }
  }

  // d. Values that live across the instruction leave the registers it fixes for other vregs,
  // clobbers or defines.
  for (let m = (lateBusy | fixedEarly) & ALLOC_ALL & ~freeMask; m != 0; m &= m - 1) {
    const g = ctz(m);
    const v = ldw(occ, g);
    if (v < 0 || vget(v, V_DEF) == stampI) continue;
    if ((fixedEarly & bit(g)) != 0 && ldw(ownE, g) == v && (lateBusy & bit(g)) == 0) continue;
    if (touched(v) && isDying(v)) {
      clearHome(v);
      continue;
    }
    displace(v, avoidMove, call);
  }

  // f. Last reads free their registers (still taken at the early point: earlyTaken).
  for (let d = 0; d < dieCount; d++) {
    const v = ldw(dieList, d);
    clearHome(v);
  }

  // g. Defs.
  let defTaken = 0;
  const isMove = (iWord(i, VI_FLAGS) & VI_F_MOVE) != 0 && oc >= 2;
  for (let k = 0; k < oc; k++) {
    const w = norm(os + k);
    const kind = nKind(w);
    if (kind == OP_USE) continue;
    const v = nVreg(w);
    const c = vregClass(v);
    const cons = nCons(w);
    const next = nextOf(os + k);
    if (kind == OP_MOD) {
      const a = ldw(allocsP, os + k);
      if ((a >>> ALLOC_KIND_SHIFT) == ALLOC_STACK) {
        clearHome(v);
        vset(v, V_IN_SLOT, 1);
        vset(v, V_NEXT, next);
        continue;
      }
      const g = (c << 4) | (a & 15);
      defTaken |= bit(g);
      if (vget(v, V_HOME) != g) {
        clearHome(v);
        if (ldw(occ, g) < 0) setHome(v, g);
      }
      vset(v, V_IN_SLOT, 0);
      vset(v, V_NEXT, next);
      if (next == NU_DEAD) clearHome(v);
      continue;
    }
    // The old value (if it was live) is gone.
    clearHome(v);
    let g = -1;
    if (cons == OPC_FIXED) {
      g = (c << 4) | nArg(w);
    } else if (cons == OPC_REUSE) {
      g = (c << 4) | (ldw(allocsP, os + nArg(w)) & 15);
    } else if (cons != OPC_STACK) {
      const early = !nLate(w);
      const avoid = lateBusy | lateTaken | defTaken | (early ? earlyTaken | fixedEarly : 0);
      const cand = freeMask & clsMask(c) & ~avoid;
      const hint = ldw(opHint, os + k) - 1;
      if (hint >= 0 && ((cand & bit(hint)) != 0 || (!early && stealHint(hint, next, avoid, earlyTaken | fixedEarly)))) g = hint;
      else if (wanted(v, cand)) g = vget(v, V_WANT);
      else if (isMove && k == 0) {
        const sa = ldw(allocsP, os + 1);
        const sg = (c << 4) | (sa & 15);
        if ((sa >>> ALLOC_KIND_SHIFT) == ALLOC_REG && (cand & bit(sg)) != 0) g = sg;
      }
      if (g < 0) {
        const gh = vGlobalHint(v);
        if (gh >= 0 && (cand & bit(gh)) != 0) g = gh;
      }
      if (g < 0) g = pickFor(v, cand, crossAt(os + k, v, next));
      if (g < 0 && cons != OPC_ANY) {
        g = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, false);
        if (g < 0) return RA_ERR_TOO_MANY_FIXED;
      }
    }
    if (g < 0) {
      // To the slot (STACK, or ANY with no register free).
      vset(v, V_IN_SLOT, 1);
      vset(v, V_NEXT, next);
      setAllocSlot(os + k, v);
      continue;
    }
    defTaken |= bit(g);
    setAllocReg(os + k, g);
    vset(v, V_IN_SLOT, 0);
    vset(v, V_NEXT, next);
    if (next != NU_DEAD) {
      const o = ldw(occ, g);
      if (o >= 0) return RA_ERR_BAD_INPUT; // cannot happen: the register was cleared above
      setHome(v, g);
    }
  }
  return pmFlush(i);
}

function noteDeath(v: i32): void {
  stw(dieList, dieCount++, v);
}

function isDying(v: i32): bool {
  for (let d = 0; d < dieCount; d++) if (ldw(dieList, d) == v) return true;
  return false;
}

/** An ANY read of v in its register when it has one the instruction leaves alone there. */
function placeAnyInReg(v: i32, late: bool, lateBusy: i32, fixedEarly: i32): bool {
  let r = vget(v, V_RD);
  if (r < 0) r = vget(v, V_HOME);
  if (r < 0) return false;
  if (late && (lateBusy & bit(r)) != 0) return false;
  if ((fixedEarly & bit(r)) != 0 && ldw(ownE, r) != v) return false;
  return true;
}

// ---- Blocks. Entry state of a block: the vreg in each register (-1: none) and the registers
// whose vreg's slot also holds its value; every other live-in vreg is in its slot.

/** Makes block b's entry state current: each register's vreg occupies it and is homed there
 *  (`far`: with no next read known yet). Returns the occupied registers. */
@inline function installEntry(b: i32, far: bool): i32 {
  const base = entryOcc + (<usize>b << 7);
  const m = bget(b, B_MASK), valid = bget(b, B_VALID);
  freeMask = ALLOC_ALL & ~m;
  for (let x = m; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(base, g);
    stw(occ, g, v);
    vset(v, V_HOME, g);
    vset(v, V_IN_SLOT, (valid >> g) & 1);
    if (far) vset(v, V_NEXT, NU_FAR);
  }
  return m;
}

function setupEntry(b: i32): void {
  // occ is all -1 here (allocBlock clears what it used).
  if (bget(b, B_FIXED) == 0) {
    // No predecessor processed (the entry block, unreachable code): live-ins in their slots.
    bset(b, B_MASK, 0);
    bset(b, B_VALID, 0);
    bset(b, B_FIXED, 1);
    freeMask = ALLOC_ALL;
    return;
  }
  installEntry(b, true);
  // Next reads of the live-ins in registers (the others are only live through the block).
  for (let k = ldw(firstReadStart, b), k1 = ldw(firstReadStart, b + 1); k < k1; k++) {
    const v = ldw(firstReads, k << 1);
    if (vget(v, V_HOME) >= 0) vset(v, V_NEXT, ldw(firstReads, (k << 1) + 1));
  }
}

/** t's entry state: the registers now holding vregs live into t (entryOcc words of registers
 *  outside entryMask are not meaningful). */
function captureEntry(t: i32): void {
  prepareLiveIn(t);
  const base = entryOcc + (<usize>t << 7);
  const header = bget(t, B_HEADER) != 0;
  let m = 0, valid = 0;
  for (let x = ALLOC_ALL & ~freeMask; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(occ, g);
    if (!isLiveIn(t, v)) continue;
    stw(base, g, v);
    m |= bit(g);
    // At a loop header a slot counts as stale, so that back edges never need a store.
    if (!header && vget(v, V_IN_SLOT) != 0) valid |= bit(g);
  }
  bset(t, B_MASK, m);
  bset(t, B_VALID, valid);
  bset(t, B_FIXED, 1);
}

/** Moves before the terminator (instruction `at`) into t's entry state. */
function reconcile(t: i32, at: i32): i32 {
  prepareLiveIn(t);
  const base = entryOcc + (<usize>t << 7);
  const m = bget(t, B_MASK), valid = bget(t, B_VALID);
  stampI++;
  for (let x = m; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(base, g);
    vset(v, V_STAMP, stampI);
    const h = vget(v, V_HOME);
    const c = vregClass(v);
    if (h != g) {
      if (h < 0) needSlot(v);
      pmAdd(h >= 0 ? regWord(h) : slotWord(v), regWord(g), c);
      if (g < 16) regsTouched |= bit(g);
    }
    if ((valid & bit(g)) != 0 && h >= 0 && vget(v, V_IN_SLOT) == 0) {
      pmAdd(regWord(h), slotWord(v), c);
      needSlot(v);
    }
  }
  // Values in registers here that t expects in their slot.
  for (let x = ALLOC_ALL & ~freeMask; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(occ, g);
    if (vget(v, V_STAMP) == stampI || vget(v, V_IN_SLOT) != 0 || !isLiveIn(t, v)) continue;
    pmAdd(regWord(g), slotWord(v), vregClass(v));
    needSlot(v);
  }
  return pmFlush(at);
}

/** A lone operand-less jump to a block whose entry is not fixed yet: the target starts in this
 *  block's entry state (what lives into both is the same), no state to set up. */
function passThrough(b: i32, t: i32): void {
  if (bget(b, B_FIXED) == 0) {
    bset(b, B_MASK, 0);
    bset(b, B_VALID, 0);
    bset(b, B_FIXED, 1);
  }
  const m = bget(b, B_MASK);
  const from = entryOcc + (<usize>b << 7), to = entryOcc + (<usize>t << 7);
  for (let x = m; x != 0; x &= x - 1) {
    const g = ctz(x);
    stw(to, g, ldw(from, g));
  }
  bset(t, B_MASK, m);
  bset(t, B_VALID, bget(t, B_HEADER) != 0 ? 0 : bget(b, B_VALID));
  bset(t, B_FIXED, 1);
  bset(b, B_EDIT_START, editCount);
  bset(b, B_EDIT_END, editCount);
}

/** A lone operand-less jump into a block whose entry is fixed: only the moves from b's entry
 *  state into t's, before the jump (no next uses, hints or instruction to allocate). */
function jumpInto(b: i32, t: i32, at: i32): i32 {
  if (bget(b, B_FIXED) == 0) {
    bset(b, B_MASK, 0);
    bset(b, B_VALID, 0);
    bset(b, B_FIXED, 1);
  }
  const m = installEntry(b, false);
  bset(b, B_EDIT_START, editCount);
  const st = reconcile(t, at);
  bset(b, B_EDIT_END, editCount);
  for (let x = m; x != 0; x &= x - 1) {
    const g = ctz(x);
    vset(ldw(occ, g), V_HOME, -1);
    stw(occ, g, -1);
  }
  return st;
}

function allocBlock(b: i32): i32 {
  const s0 = bStart(b);
  if (bEnd(b) == s0 + 1 && iOpCount(s0) == 0 && iWord(s0, VI_CLOBBERS) == 0 && bWord(b, VB_SUCC_COUNT) == 1) {
    const t = edge(bWord(b, VB_SUCC_START));
    if (bget(t, B_FIXED) == 0) {
      passThrough(b, t);
      return RA_OK;
    }
    return jumpInto(b, t, s0);
  }
  prepareLiveOut(b);
  wantMask = 0;
  if (bWord(b, VB_SUCC_COUNT) == 1) {
    const t = edge(bWord(b, VB_SUCC_START));
    if (bget(t, B_FIXED) != 0) {
      wantMask = bget(t, B_MASK);
      wantStamp++;
      const base = entryOcc + (<usize>t << 7);
      for (let x = wantMask; x != 0; x &= x - 1) {
        const g = ctz(x);
        const v = ldw(base, g);
        vset(v, V_WANT_STAMP, wantStamp);
        vset(v, V_WANT, g);
      }
    }
  }
  setupEntry(b);
  bset(b, B_EDIT_START, editCount);
  const s = bStart(b), e = bEnd(b);
  for (let i = s; i < e; i++) {
    let st = RA_OK;
    if (ldw(instSimple, i) == 0) st = allocInst(i);
    else {
      const oc = iOpCount(i);
      if (oc != 0) st = allocSimple(i, iOpStart(i), oc); // nothing to do for a bare jump
    }
    if (st != RA_OK) return st;
  }
  const sc = bWord(b, VB_SUCC_COUNT), ss = bWord(b, VB_SUCC_START);
  for (let k = 0; k < sc; k++) {
    const t = edge(ss + k);
    if (bget(t, B_FIXED) == 0) captureEntry(t);
    else if (sc == 1) {
      const st = reconcile(t, e - 1);
      if (st != RA_OK) return st;
    }
    // else: t was processed before its only predecessor b, which happens only in unreachable
    // code (reverse postorder): nothing can be placed there, and nothing runs it.
  }
  bset(b, B_EDIT_END, editCount);
  for (let m = ALLOC_ALL & ~freeMask; m != 0; m &= m - 1) {
    const g = ctz(m);
    vset(ldw(occ, g), V_HOME, -1);
    stw(occ, g, -1);
  }
  return RA_OK;
}

function hullBoth(v: i32, a: i32, b2: i32): void {
  hull(v, a);
  hull(v, b2);
}

/** Allocates every block; operand allocations go to `allocs` (slot words name vregs until
 *  spill-slots.ts numbers the slots). */
export function allocateAll(allocs: usize): i32 {
  allocsP = allocs;
  regsTouched = 0;
  evictions = 0;
  wantStamp = 0x40000000; // above the block stamps input.ts left in V_WANT_STAMP
  if (occ == 0 || stampI > 0x3fffffff) {
    // Kept across runs: instruction stamps keep counting, so nothing needs zeroing per run.
    const scratch = raPersistentWords(32 * 6);
    occ = scratch;
    ownE = scratch + 128;
    ownL = scratch + 256;
    ownSE = scratch + 384;
    ownSL = scratch + 512;
    dieList = scratch + 640;
    stampI = 0;
  }
  for (let g = 0; g < 32; g++) stw(occ, g, -1);
  blockRec = raWords(numBlocks * B_WORDS);
  entryOcc = raAllocRaw(<usize>numBlocks << 7);
  stackOpCap = 64;
  stackOps = raAllocRaw(<usize>stackOpCap << 2);
  stackOpCount = 0;

  for (let b = 0; b < numBlocks; b++) if (ldw(blockHeader, b) != 0) bset(b, B_HEADER, 1);

  for (let k = 0; k < numBlocks; k++) {
    const st = allocBlock(orderAt(k));
    if (st != RA_OK) return st;
  }
  // Hulls so far span each vreg's mentions. A vreg is live outside that span only around a loop
  // (a backward edge in layout order into a block it is live into): cover the loop.
  for (let k = 0; k < numBackEdges; k++) {
    const p = ldw(backEdges, k << 1), q = ldw(backEdges, (k << 1) + 1);
    forLiveIn(q, hullBoth, bStart(q), bEnd(p) - 1);
  }
  regsTouched &= GPR_CALLEE_SAVED;
  return RA_OK;
}
