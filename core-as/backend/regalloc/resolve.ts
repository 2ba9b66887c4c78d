// Final pass: turns the scan's children into the answer the layout file defines: one allocation
// word per operand and the edits before each instruction, in instruction order (so sorted).
//
// At the boundary before instruction i (not a block start) two parallel moves run in sequence:
//   P1: the results of i-1's fixed and STACK defs move from their register/slot to where the vreg
//       lives at 2i; children that start at 2i take over from their predecessor (split moves);
//       inputs of i's two-address defs are copied into the def's register (read where the value is
//       before the boundary);
//   P2: inputs of i's fixed and STACK uses (and MODs) move into their register/slot.
// At a block start: first the edge moves (when the block has one predecessor), then P1's
// two-address copies with P2. At the end of a block whose successor has several predecessors, the
// edge moves go before its terminator (which then has no operands). Edge moves: for every vreg
// live into the successor, from its location at the predecessor's last position to its location at
// the successor's first.
//
// Invariants: a vreg defined early at i (or by a two-address def) gets no split or post-move at the
// boundary before i (its old value is dead); a post-move only targets a position the vreg covers;
// every REG operand gets a register (checked: a violation is an internal error, RA_ERR_BAD_INPUT).
import {
  OP_USE, OP_DEF, OP_MOD, OPC_FIXED, OPC_STACK, OPC_REUSE, ALLOC_REG, ALLOC_STACK, ALLOC_KIND_SHIFT,
  VB_PRED_START, VB_PRED_COUNT, VB_SUCC_START, VB_SUCC_COUNT, CLASS_GPR, GPR_CALLEE_SAVED, OPC_REG,
  RA_OK, RA_ERR_BAD_INPUT,
} from "../../shared/vcode-layout";
import { raWords, ldw, stw } from "./mem";
import {
  numBlocks, numVregs, bStart, bEnd, bWord, iOpStart, iOpCount, norm, nVreg, nKind, nLate, nCons, nArg,
  vregClass, edge, N_REUSED,
} from "./input";
import { liveInHead, liveOutHead, listValue, listNext, listNodeCount } from "./liveness";
import {
  ivCount, iv, IV_VREG, IV_START, IV_END, IV_REG, IV_SPILLED, IV_RANGE, IV_NEXT, IV_PREV, rFrom, rTo, rNext, vrIv,
} from "./intervals";
import { vrSlot } from "./spill-slots";
import { pmAdd, pmFlush, noteElided } from "./parallel-move";

const A_REG: i32 = ALLOC_REG << ALLOC_KIND_SHIFT;
const A_STACK: i32 = ALLOC_STACK << ALLOC_KIND_SHIFT;

// Children of each vreg as a sorted array, for binary search at block edges.
let chArr: usize = 0;
let chFirst: usize = 0;
let chNum: usize = 0;
// Forward cursors (child, range) per vreg for the in-order queries.
let curChild: usize = 0;
let curRange: usize = 0;
// Per-vreg stamps for the boundary being built.
let eStamp: usize = 0; // defined early (or two-address) at the instruction
let pmStamp: usize = 0; // has a post-move at the boundary
let pmFrom: usize = 0; // ... from this location
// Split children by the instruction they start at (even starts only).
let splitHead: usize = 0;
let splitNext: usize = 0;

export let regsTouched: i32 = 0; // GPR mask of registers in operand allocations

@inline function locOf(c: i32): i32 {
  const r = iv(c, IV_REG);
  if (r >= 0) return A_REG | r;
  if (iv(c, IV_SPILLED) != 0) return A_STACK | ldw(vrSlot, iv(c, IV_VREG));
  return -1;
}

/** Location of v at `pos` (pos non-decreasing per vreg), or -1 when v is not live there. */
function locAt(v: i32, pos: i32): i32 {
  let c = ldw(curChild, v);
  if (c == 0) return -1;
  let r = ldw(curRange, v);
  while (iv(c, IV_END) <= pos) {
    c = iv(c, IV_NEXT);
    if (c == 0) {
      stw(curChild, v, 0);
      return -1;
    }
    r = iv(c, IV_RANGE);
  }
  while (r != 0 && rTo(r) <= pos) r = rNext(r);
  stw(curChild, v, c);
  stw(curRange, v, r);
  if (r == 0 || rFrom(r) > pos) return -1;
  return locOf(c);
}

/** Location of live v at `pos`, any order (binary search over v's children). */
function locAny(v: i32, pos: i32): i32 {
  let lo = ldw(chFirst, v);
  let hi = lo + ldw(chNum, v) - 1;
  if (hi < lo) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (iv(ldw(chArr, mid), IV_START) <= pos) lo = mid;
    else hi = mid - 1;
  }
  const c = ldw(chArr, lo);
  if (iv(c, IV_START) > pos || iv(c, IV_END) <= pos) return -1;
  return locOf(c);
}

/** Whether instruction i defines v at its early point (an early or two-address def). */
function definesEarly(i: i32, v: i32): bool {
  const os = iOpStart(i), oc = iOpCount(i);
  for (let k = 0; k < oc; k++) {
    const w = norm(os + k);
    if (nVreg(w) == v && nKind(w) == OP_DEF && (!nLate(w) || nCons(w) == OPC_REUSE)) return true;
  }
  return false;
}

function edgeMoves(p: i32, s: i32): i32 {
  const from = (bEnd(p) << 1) - 1;
  const to = bStart(s) << 1;
  if (from + 1 == to) {
    // Fall-through edge: a vreg changes location only where one of its children starts exactly
    // at the block boundary, so only those children are looked at (not the whole live-in set).
    const first = bStart(s);
    for (let c = ldw(splitHead, first); c != 0; c = ldw(splitNext, c)) {
      const prev = iv(c, IV_PREV);
      if (iv(c, IV_START) != to || iv(prev, IV_END) != to) continue;
      const v = iv(c, IV_VREG);
      if (definesEarly(first, v)) continue; // redefined right there: nothing to carry
      const a = locOf(prev), b = locOf(c);
      if (a < 0 || b < 0) return RA_ERR_BAD_INPUT;
      mv(a, b, vregClass(v), v);
    }
    return RA_OK;
  }
  for (let n = ldw(liveInHead, s); n != 0; n = listNext(n)) {
    const v = listValue(n);
    if (ldw(chNum, v) == 1) continue; // never split: one location throughout
    const a = locAny(v, from), b = locAny(v, to);
    if (a < 0 || b < 0) return RA_ERR_BAD_INPUT;
    mv(a, b, vregClass(v), v);
  }
  return RA_OK;
}

function setup(): void {
  chFirst = raWords(numVregs);
  chNum = raWords(numVregs);
  chArr = raWords(ivCount);
  curChild = raWords(numVregs);
  curRange = raWords(numVregs);
  eStamp = raWords(numVregs);
  pmStamp = raWords(numVregs);
  pmFrom = raWords(numVregs);
  let k = 0;
  for (let v = 0; v < numVregs; v++) {
    stw(chFirst, v, k);
    const first = ldw(vrIv, v);
    stw(curChild, v, first);
    if (first != 0) stw(curRange, v, iv(first, IV_RANGE));
    for (let c = first; c != 0; c = iv(c, IV_NEXT)) stw(chArr, k++, c);
    stw(chNum, v, k - ldw(chFirst, v));
  }
  const ninst = numBlocks > 0 ? bEnd(numBlocks - 1) : 0;
  splitHead = raWords(ninst + 1);
  splitNext = raWords(ivCount);
  for (let c = 1; c < ivCount; c++) {
    const s = iv(c, IV_START);
    if (iv(c, IV_PREV) == 0 || (s & 1) != 0) continue;
    const i = s >> 1;
    stw(splitNext, c, ldw(splitHead, i));
    stw(splitHead, i, c);
  }
}

// ---- Redundant spill stores. slotValid[v]: v's slot holds v's current value (set by a store or a
// def into the slot, cleared by a def into a register). A store into a valid slot is dropped. At a
// block start the state is the meet (AND) over predecessors already passed in layout order; any
// later predecessor (a back edge) makes it all-invalid, so the analysis needs a single pass and
// stays sound. Only vregs with a slot are tracked.
let slotValid: usize = 0;
let validOut: usize = 0; // per live-out list node: the vreg's validity at its block's end
let meetCount: usize = 0;
let meetStamp: usize = 0;
let groupSets: usize = 0; // vregs whose slot a pending group stores into
let groupSetCount: i32 = 0;
let groupSetCap: i32 = 0;

function mv(src: i32, dst: i32, cls: i32, v: i32): void {
  if (src == dst) return;
  if ((dst >>> ALLOC_KIND_SHIFT) == ALLOC_STACK) {
    if ((src >>> ALLOC_KIND_SHIFT) == ALLOC_REG && ldw(slotValid, v) != 0) {
      noteElided();
      return;
    }
    if (groupSetCount == groupSetCap) {
      const cap = groupSetCap * 2;
      const q = raWords(cap);
      memory.copy(q, groupSets, <usize>groupSetCap << 2);
      groupSets = q;
      groupSetCap = cap;
    }
    stw(groupSets, groupSetCount++, v);
  }
  pmAdd(src, dst, cls);
}

function flush(i: i32): i32 {
  const st = pmFlush(i);
  for (let k = 0; k < groupSetCount; k++) stw(slotValid, ldw(groupSets, k), 1);
  groupSetCount = 0;
  return st;
}

function blockEntryValidity(b: i32): void {
  const pc = bWord(b, VB_PRED_COUNT);
  if (pc == 0) return;
  const ps = bWord(b, VB_PRED_START);
  const stamp = b + 1;
  let forward = true;
  for (let k = 0; k < pc; k++) {
    const p = edge(ps + k);
    if (p >= b) {
      forward = false;
      break;
    }
    for (let n = ldw(liveOutHead, p); n != 0; n = listNext(n)) {
      if (ldw(validOut, n) == 0) continue;
      const v = listValue(n);
      if (ldw(meetStamp, v) != stamp) {
        stw(meetStamp, v, stamp);
        stw(meetCount, v, 0);
      }
      stw(meetCount, v, ldw(meetCount, v) + 1);
    }
  }
  for (let n = ldw(liveInHead, b); n != 0; n = listNext(n)) {
    const v = listValue(n);
    stw(slotValid, v, forward && ldw(meetStamp, v) == stamp && ldw(meetCount, v) == pc ? 1 : 0);
  }
}

function blockExitValidity(b: i32): void {
  for (let n = ldw(liveOutHead, b); n != 0; n = listNext(n)) stw(validOut, n, ldw(slotValid, listValue(n)));
}

/** Writes allocations to `allocs` and edits through parallel-move.ts; RA_OK or an error. */
export function resolveAndWrite(allocs: usize): i32 {
  setup();
  regsTouched = 0;
  slotValid = raWords(numVregs);
  validOut = raWords(listNodeCount());
  meetCount = raWords(numVregs);
  meetStamp = raWords(numVregs);
  groupSetCap = 64;
  groupSets = raWords(groupSetCap);
  groupSetCount = 0;
  for (let b = 0; b < numBlocks; b++) {
    const s = bStart(b), e = bEnd(b);
    blockEntryValidity(b);
    for (let i = s; i < e; i++) {
      const os = iOpStart(i), oc = iOpCount(i);
      const p = i << 1;
      const stamp = i + 1;
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) == OP_DEF && (!nLate(w) || nCons(w) == OPC_REUSE)) stw(eStamp, nVreg(w), stamp);
      }
      if (i == s) {
        if (bWord(b, VB_PRED_COUNT) == 1) {
          const st = edgeMoves(edge(bWord(b, VB_PRED_START)), b);
          if (st != RA_OK) return st;
          const f = flush(i);
          if (f != RA_OK) return f;
        }
      } else {
        // P1. Post-move sources first (no queries), then reuse inputs (at 2i-1), then post-move
        // targets (at 2i): per-vreg queries stay in increasing position order.
        const ps = iOpStart(i - 1), pc = iOpCount(i - 1);
        for (let k = 0; k < pc; k++) {
          const w = norm(ps + k);
          const kind = nKind(w), cons = nCons(w);
          if (kind == OP_USE || (cons != OPC_FIXED && cons != OPC_STACK)) continue;
          const v = nVreg(w);
          if (ldw(eStamp, v) == stamp) continue;
          stw(pmStamp, v, stamp);
          stw(pmFrom, v, cons == OPC_FIXED ? A_REG | nArg(w) : A_STACK | ldw(vrSlot, v));
        }
        for (let k = 0; k < oc; k++) {
          const w = norm(os + k);
          if (nKind(w) != OP_DEF || nCons(w) != OPC_REUSE) continue;
          const u = nVreg(norm(os + nArg(w)));
          const src = ldw(pmStamp, u) == stamp ? ldw(pmFrom, u) : locAt(u, p - 1);
          const dst = locAt(nVreg(w), p);
          if (src < 0 || dst < 0) return RA_ERR_BAD_INPUT;
          mv(src, dst, vregClass(u), u);
        }
        for (let k = 0; k < pc; k++) {
          const w = norm(ps + k);
          const kind = nKind(w), cons = nCons(w);
          if (kind == OP_USE || (cons != OPC_FIXED && cons != OPC_STACK)) continue;
          const v = nVreg(w);
          if (ldw(pmStamp, v) != stamp) continue;
          const dst = locAt(v, p);
          if (dst >= 0) mv(ldw(pmFrom, v), dst, vregClass(v), v);
        }
        for (let c = ldw(splitHead, i); c != 0; c = ldw(splitNext, c)) {
          const v = iv(c, IV_VREG);
          if (ldw(eStamp, v) == stamp || ldw(pmStamp, v) == stamp) continue;
          const prev = iv(c, IV_PREV);
          if (iv(prev, IV_END) != p) continue; // a hole: nothing to carry over
          const a = locOf(prev), d = locOf(c);
          if (a < 0 || d < 0) return RA_ERR_BAD_INPUT;
          mv(a, d, vregClass(v), v);
        }
        const f = flush(i);
        if (f != RA_OK) return f;
      }
      // P2 (and two-address copies at a block start).
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        const kind = nKind(w), cons = nCons(w);
        const v = nVreg(w);
        if (kind == OP_DEF) {
          if (cons == OPC_REUSE && i == s) {
            const u = nVreg(norm(os + nArg(w)));
            const src = locAt(u, p), dst = locAt(v, p);
            if (src < 0 || dst < 0) return RA_ERR_BAD_INPUT;
            mv(src, dst, vregClass(u), u);
          }
          continue;
        }
        if (cons != OPC_FIXED && cons != OPC_STACK) continue;
        const src = locAt(v, p);
        if (src < 0) return RA_ERR_BAD_INPUT;
        mv(src, cons == OPC_FIXED ? A_REG | nArg(w) : A_STACK | ldw(vrSlot, v), vregClass(v), v);
      }
      let f = flush(i);
      if (f != RA_OK) return f;
      if (i == e - 1 && bWord(b, VB_SUCC_COUNT) == 1) {
        const t = edge(bWord(b, VB_SUCC_START));
        if (bWord(t, VB_PRED_COUNT) > 1) {
          const st = edgeMoves(b, t);
          if (st != RA_OK) return st;
          f = flush(i);
          if (f != RA_OK) return f;
        }
      }
      // Allocations: positions 2i first, then 2i+1 (cursor order).
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < oc; k++) {
          const w = norm(os + k);
          const kind = nKind(w), cons = nCons(w);
          const late = nLate(w) && cons != OPC_REUSE && kind != OP_MOD;
          if ((pass == 1) != late || (w & N_REUSED) != 0) continue; // reused inputs: set below
          const v = nVreg(w);
          let a = 0;
          if (cons == OPC_FIXED) a = A_REG | nArg(w);
          else if (cons == OPC_STACK) a = A_STACK | ldw(vrSlot, v);
          else {
            a = locAt(v, p + pass);
            if (a < 0) return RA_ERR_BAD_INPUT;
            if ((cons == OPC_REG || cons == OPC_REUSE) && (a >>> ALLOC_KIND_SHIFT) != ALLOC_REG) return RA_ERR_BAD_INPUT;
          }
          stw(allocs, os + k, a);
          if ((a >>> ALLOC_KIND_SHIFT) == ALLOC_REG && vregClass(v) == CLASS_GPR) regsTouched |= 1 << (a & 15);
        }
      }
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) == OP_USE) continue;
        const a = ldw(allocs, os + k);
        if (nCons(w) == OPC_REUSE) stw(allocs, os + nArg(w), a);
        // The def writes a register (the slot goes stale) or the slot itself.
        stw(slotValid, nVreg(w), (a >>> ALLOC_KIND_SHIFT) == ALLOC_STACK ? 1 : 0);
      }
    }
    blockExitValidity(b);
  }
  regsTouched &= GPR_CALLEE_SAVED;
  return RA_OK;
}
