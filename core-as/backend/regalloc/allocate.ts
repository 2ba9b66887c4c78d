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
import { raWords, raWordsFilled, raAllocRaw, ldw, stw } from "./mem";
import {
  numBlocks, numVregs, bStart, bEnd, bWord, iOpStart, iOpCount, iWord, norm, nVreg, nKind, nLate, nCons, nArg,
  vregClass, edge, N_REUSED,
} from "./input";
import { rpoOrder, rpoIdx, vrCross, prepareLiveIn, isLiveIn, forLiveIn } from "./liveness";
import { opNext, opHint, NU_DEAD, nextUsesOfBlock, firstRead } from "./nextuse";
import { pmAdd, pmFlush, editCount } from "./parallel-move";

const A_REG: i32 = ALLOC_REG << ALLOC_KIND_SHIFT;
const A_STACK: i32 = ALLOC_STACK << ALLOC_KIND_SHIFT;
/** Allocatable registers as a global mask: GPRs in bits 0-15, XMMs in bits 16-31. */
const ALLOC_ALL: i32 = (GPR_ALLOCATABLE & 0xffff) | ((XMM_ALLOCATABLE & 0xffff) << 16);
const CALLEE: i32 = GPR_CALLEE_SAVED & 0xffff;
/** Caller-saved registers no calling convention or instruction fixes: taken first. */
const PREF_GPR: i32 = (1 << 10) | (1 << 9) | (1 << 8);
const PREF_XMM: i32 = 0x7f000000; // xmm8-xmm14

// ---- Per-vreg state.
let home: usize = 0; // global register or -1
let inSlot: usize = 0; // 1: the slot holds the current value
let vNext: usize = 0; // next read (instruction index, NU_FAR)
/** 1 when the vreg's slot is used: spill-slots.ts gives it one. */
export let vrNeedSlot: usize = 0;
/** First and last instruction where the vreg is mentioned or live at a block boundary: an
 *  inclusive interval containing every instruction at which it is live, hence every access to
 *  its slot (spill-slots.ts shares slots between vregs whose hulls are disjoint). */
export let hullLo: usize = 0;
export let hullHi: usize = 0;
// Per instruction (stamped): source location at the instruction's start, register of REG reads.
let vStamp: usize = 0;
let vSrc: usize = 0;
let vRd: usize = 0;
let vDef: usize = 0; // stamp: defined (DEF or MOD) by the instruction
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

// ---- Per block.
let entryFixed: usize = 0;
let isHeader: usize = 0;
let entryOcc: usize = 0; // 32 words per block
let entryMask: usize = 0; // per block: registers holding a live-in vreg
let entryValid: usize = 0; // per block: ... whose slot holds the value too
/** Per block: [first edit, end) in the edit buffer. */
export let blockEditStart: usize = 0;
export let blockEditEnd: usize = 0;
/** Operand indices whose allocation names a vreg's slot (patched with the slot number). */
export let stackOps: usize = 0;
export let stackOpCount: i32 = 0;
let stackOpCap: i32 = 0;

// ---- Per instruction: vregs whose last read it is (at most 31 operands).
let dieList: usize = 0;
let dieCount: i32 = 0;

let allocsP: usize = 0;

@inline function bit(g: i32): i32 { return 1 << g; }

@inline function hull(v: i32, i: i32): void {
  if (i < ldw(hullLo, v)) stw(hullLo, v, i);
  if (i > ldw(hullHi, v)) stw(hullHi, v, i);
}
@inline function clsMask(c: i32): i32 { return c == CLASS_GPR ? 0xffff : <i32>0xffff0000; }
@inline function regWord(g: i32): i32 { return A_REG | (g & 15); }
@inline function slotWord(v: i32): i32 { return A_STACK | v; }
@inline function locWord(v: i32): i32 {
  const h = ldw(home, v);
  return h >= 0 ? regWord(h) : slotWord(v);
}

@inline function snap(v: i32): void {
  if (ldw(vStamp, v) != stampI) {
    stw(vStamp, v, stampI);
    stw(vSrc, v, locWord(v));
    stw(vRd, v, -1);
  }
}

@inline function touched(v: i32): bool { return ldw(vStamp, v) == stampI; }

/** Registers that receive a value in the current instruction's parallel move. */
let dstMask: i32 = 0;

@inline function moveTo(src: i32, g: i32, c: i32): void {
  dstMask |= bit(g);
  if ((src >>> ALLOC_KIND_SHIFT) == ALLOC_STACK) needSlot(src & 0xfffff);
  pmAdd(src, regWord(g), c);
}

@inline function setHome(v: i32, g: i32): void {
  stw(home, v, g);
  stw(occ, g, v);
  freeMask &= ~bit(g);
}

@inline function clearHome(v: i32): void {
  const h = ldw(home, v);
  if (h >= 0) {
    stw(occ, h, -1);
    freeMask |= bit(h);
    stw(home, v, -1);
  }
}

function needSlot(v: i32): void {
  stw(vrNeedSlot, v, 1);
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
    const n = ldw(vNext, w);
    const s = ldw(inSlot, w);
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
  if (ldw(inSlot, v) == 0) {
    pmAdd(ldw(vSrc, v), slotWord(v), vregClass(v));
    stw(inSlot, v, 1);
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
  let r = pick(freeMask & cand, call || ldw(vrCross, v) != 0);
  if (r < 0) r = evict(ALLOC_ALL & ~freeMask & cand, ldw(vNext, v), true);
  clearHome(v);
  if (r >= 0) {
    evictions++;
    moveTo(ldw(vSrc, v), r, c);
    setHome(v, r);
    if (r < 16) regsTouched |= bit(r);
  } else {
    spillOut(v);
  }
}

/** Allocates instruction i; RA_OK or an error. */
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
    if (kind != OP_USE) stw(vDef, v, stampI);
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
    else stw(vRd, v, g); // a register read of v at this instruction can read it there too
    setAllocReg(os + k, g);
    if (kind == OP_USE) {
      const next = ldw(opNext, os + k);
      if (next == NU_DEAD) noteDeath(v);
      else stw(vNext, v, next);
    }
    moveTo(ldw(vSrc, v), g, c);
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
    const next = ldw(opNext, os + k);
    const late = kind == OP_MOD || nLate(w);
    if (kind == OP_USE) {
      if (next == NU_DEAD) noteDeath(v);
      else stw(vNext, v, next);
    }
    const reused = (w & N_REUSED) != 0;
    if (cons == OPC_STACK || (cons == OPC_ANY && !reused && !placeAnyInReg(v, late, lateBusy, fixedEarly))) {
      // From the slot (stored first when it is stale).
      if (ldw(inSlot, v) == 0) {
        pmAdd(ldw(vSrc, v), slotWord(v), c);
        stw(inSlot, v, 1);
      }
      setAllocSlot(os + k, v);
      if (kind == OP_MOD) clearHome(v); // the instruction writes the slot: a register copy goes stale
      continue;
    }
    if (reused && next != NU_DEAD) {
      // The input of a two-address def that lives on: the def's register gets a copy.
      const avoid = earlyTaken | fixedEarly | lateBusy | lateTaken;
      let r = pick(freeMask & clsMask(c) & ~avoid, false);
      if (r < 0) r = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, true);
      if (r < 0) return RA_ERR_TOO_MANY_FIXED;
      moveTo(ldw(vSrc, v), r, c);
      earlyTaken |= bit(r);
      lateTaken |= bit(r);
      setAllocReg(os + k, r);
      continue;
    }
    let r = ldw(vRd, v);
    if (r >= 0 && late && (lateBusy & bit(r)) != 0) r = -1;
    if (r < 0) {
      const h = ldw(home, v);
      if (h >= 0 && (!late || (lateBusy & bit(h)) == 0) && ((fixedEarly & bit(h)) == 0 || ldw(ownE, h) == v)) {
        r = h;
      } else {
        const avoid = earlyTaken | fixedEarly | (late ? lateBusy | lateTaken : 0);
        const cand = freeMask & clsMask(c) & ~avoid;
        // A value that lives on avoids the registers the instruction destroys when it can.
        r = pick(next != NU_DEAD && (cand & ~lateBusy) != 0 ? cand & ~lateBusy : cand, ldw(vrCross, v) != 0);
        if (r < 0) r = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, true);
        if (r < 0) return RA_ERR_TOO_MANY_FIXED;
        moveTo(ldw(vSrc, v), r, c);
        if (h < 0) stw(inSlot, v, 1); // reloaded: the slot holds the value
        clearHome(v);
        setHome(v, r);
      }
      stw(vRd, v, r);
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
      const h = ldw(home, v);
      if (h == g) continue;
      if (kind == OP_MOD || (ldw(opNext, os + k) != NU_DEAD && (lateBusy & bit(g)) == 0 &&
          (h < 0 || ((lateBusy | fixedEarly) & bit(h)) != 0))) {
        const o = ldw(occ, g);
        if (o >= 0) displace(o, avoidMove, call);
        if (h < 0) stw(inSlot, v, 1);
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
    if (v < 0 || ldw(vDef, v) == stampI) continue;
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
    const next = ldw(opNext, os + k);
    if (kind == OP_MOD) {
      const a = ldw(allocsP, os + k);
      if ((a >>> ALLOC_KIND_SHIFT) == ALLOC_STACK) {
        clearHome(v);
        stw(inSlot, v, 1);
        stw(vNext, v, next);
        continue;
      }
      const g = (c << 4) | (a & 15);
      defTaken |= bit(g);
      if (ldw(home, v) != g) {
        clearHome(v);
        if (ldw(occ, g) < 0) setHome(v, g);
      }
      stw(inSlot, v, 0);
      stw(vNext, v, next);
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
      if (hint >= 0 && (cand & bit(hint)) != 0) g = hint;
      else if (isMove && k == 0) {
        const sa = ldw(allocsP, os + 1);
        const sg = (c << 4) | (sa & 15);
        if ((sa >>> ALLOC_KIND_SHIFT) == ALLOC_REG && (cand & bit(sg)) != 0) g = sg;
      }
      if (g < 0) g = pick(cand, ldw(vrCross, v) != 0);
      if (g < 0 && cons != OPC_ANY) {
        g = evict(ALLOC_ALL & ~freeMask & clsMask(c) & ~avoid, -1, false);
        if (g < 0) return RA_ERR_TOO_MANY_FIXED;
      }
    }
    if (g < 0) {
      // To the slot (STACK, or ANY with no register free).
      stw(inSlot, v, 1);
      stw(vNext, v, next);
      setAllocSlot(os + k, v);
      continue;
    }
    defTaken |= bit(g);
    setAllocReg(os + k, g);
    stw(inSlot, v, 0);
    stw(vNext, v, next);
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
  let r = ldw(vRd, v);
  if (r < 0) r = ldw(home, v);
  if (r < 0) return false;
  if (late && (lateBusy & bit(r)) != 0) return false;
  if ((fixedEarly & bit(r)) != 0 && ldw(ownE, r) != v) return false;
  return true;
}

// ---- Blocks. Entry state of a block: the vreg in each register (-1: none) and the registers
// whose vreg's slot also holds its value; every other live-in vreg is in its slot.

function setupEntry(b: i32): void {
  const base = entryOcc + (<usize>b << 7);
  if (ldw(entryFixed, b) == 0) {
    // No predecessor processed (the entry block, unreachable code): live-ins in their slots.
    memory.fill(base, 0xff, 128);
    stw(entryMask, b, 0);
    stw(entryValid, b, 0);
    stw(entryFixed, b, 1);
  }
  memory.copy(occ, base, 128);
  const m = ldw(entryMask, b), valid = ldw(entryValid, b);
  freeMask = ALLOC_ALL & ~m;
  for (let x = m; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(occ, g);
    stw(home, v, g);
    stw(inSlot, v, (valid >> g) & 1);
    stw(vNext, v, firstRead(v));
  }
}

/** t's entry state: the registers now holding vregs live into t. */
function captureEntry(t: i32): void {
  prepareLiveIn(t);
  const base = entryOcc + (<usize>t << 7);
  memory.fill(base, 0xff, 128);
  const header = ldw(isHeader, t) != 0;
  let m = 0, valid = 0;
  for (let x = ALLOC_ALL & ~freeMask; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(occ, g);
    if (!isLiveIn(t, v)) continue;
    stw(base, g, v);
    m |= bit(g);
    // At a loop header a slot counts as stale, so that back edges never need a store.
    if (!header && ldw(inSlot, v) != 0) valid |= bit(g);
  }
  stw(entryMask, t, m);
  stw(entryValid, t, valid);
  stw(entryFixed, t, 1);
}

/** Moves before the terminator (instruction `at`) into t's entry state. */
function reconcile(t: i32, at: i32): i32 {
  prepareLiveIn(t);
  const base = entryOcc + (<usize>t << 7);
  const m = ldw(entryMask, t), valid = ldw(entryValid, t);
  stampI++;
  for (let x = m; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(base, g);
    stw(vStamp, v, stampI);
    const h = ldw(home, v);
    const c = vregClass(v);
    if (h != g) {
      if (h < 0) needSlot(v);
      pmAdd(h >= 0 ? regWord(h) : slotWord(v), regWord(g), c);
      if (g < 16) regsTouched |= bit(g);
    }
    if ((valid & bit(g)) != 0 && h >= 0 && ldw(inSlot, v) == 0) {
      pmAdd(regWord(h), slotWord(v), c);
      needSlot(v);
    }
  }
  // Values in registers here that t expects in their slot.
  for (let x = ALLOC_ALL & ~freeMask; x != 0; x &= x - 1) {
    const g = ctz(x);
    const v = ldw(occ, g);
    if (ldw(vStamp, v) == stampI || ldw(inSlot, v) != 0 || !isLiveIn(t, v)) continue;
    pmAdd(regWord(g), slotWord(v), vregClass(v));
    needSlot(v);
  }
  return pmFlush(at);
}

function allocBlock(b: i32): i32 {
  nextUsesOfBlock(b);
  setupEntry(b);
  stw(blockEditStart, b, editCount);
  const s = bStart(b), e = bEnd(b);
  for (let i = s; i < e; i++) {
    const st = allocInst(i);
    if (st != RA_OK) return st;
  }
  const sc = bWord(b, VB_SUCC_COUNT), ss = bWord(b, VB_SUCC_START);
  for (let k = 0; k < sc; k++) {
    const t = edge(ss + k);
    if (ldw(entryFixed, t) == 0) captureEntry(t);
    else if (sc == 1) {
      const st = reconcile(t, e - 1);
      if (st != RA_OK) return st;
    }
    // else: t was processed before its only predecessor b, which happens only in unreachable
    // code (reverse postorder): nothing can be placed there, and nothing runs it.
  }
  stw(blockEditEnd, b, editCount);
  for (let m = ALLOC_ALL & ~freeMask; m != 0; m &= m - 1) stw(home, ldw(occ, ctz(m)), -1);
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
  stampI = 0;
  home = raWordsFilled(numVregs, -1);
  inSlot = raWords(numVregs);
  vNext = raWords(numVregs);
  vrNeedSlot = raWords(numVregs);
  hullLo = raWordsFilled(numVregs, 0x7fffffff);
  hullHi = raWordsFilled(numVregs, -1);
  vStamp = raWords(numVregs);
  vSrc = raAllocRaw(<usize>max(numVregs, 1) << 2);
  vRd = raAllocRaw(<usize>max(numVregs, 1) << 2);
  vDef = raWords(numVregs);
  occ = raWordsFilled(32, -1);
  ownE = raWords(32);
  ownL = raWords(32);
  ownSE = raWords(32);
  ownSL = raWords(32);
  dieList = raWords(32);
  entryFixed = raWords(numBlocks);
  isHeader = raWords(numBlocks);
  entryOcc = raAllocRaw(<usize>numBlocks << 7);
  entryMask = raAllocRaw(<usize>numBlocks << 2);
  entryValid = raAllocRaw(<usize>numBlocks << 2);
  blockEditStart = raWords(numBlocks);
  blockEditEnd = raWords(numBlocks);
  stackOpCap = 64;
  stackOps = raAllocRaw(<usize>stackOpCap << 2);
  stackOpCount = 0;

  for (let b = 0; b < numBlocks; b++) {
    const ps = bWord(b, VB_PRED_START), pc = bWord(b, VB_PRED_COUNT);
    const me = ldw(rpoIdx, b);
    for (let k = 0; k < pc; k++) {
      if (ldw(rpoIdx, edge(ps + k)) >= me) {
        stw(isHeader, b, 1);
        break;
      }
    }
  }

  for (let k = 0; k < numBlocks; k++) {
    const st = allocBlock(ldw(rpoOrder, k));
    if (st != RA_OK) return st;
  }
  // Hulls so far span each vreg's mentions. A vreg is live outside that span only around a loop
  // (a backward edge in layout order into a block it is live into): cover the loop.
  for (let q = 0; q < numBlocks; q++) {
    const ps = bWord(q, VB_PRED_START), pc = bWord(q, VB_PRED_COUNT);
    for (let k = 0; k < pc; k++) {
      const p = edge(ps + k);
      if (p >= q) forLiveIn(q, hullBoth, bStart(q), bEnd(p) - 1);
    }
  }
  regsTouched &= GPR_CALLEE_SAVED;
  return RA_OK;
}
