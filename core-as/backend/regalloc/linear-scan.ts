// Linear scan over live intervals with splitting (after Wimmer & Franz, "Optimized Interval
// Splitting in a Linear Scan Register Allocator" and "Linear Scan Register Allocation on SSA
// Form"), adapted to non-SSA vregs and to fixed ranges with owners (fixed.ts).
//
// Intervals are taken in order of start position from an "unhandled" queue (the initial intervals
// counting-sorted by start, plus a binary heap for split children). Per register class:
// - active: intervals with a register that cover the current position;
// - inactive: intervals with a register that started earlier but have a hole at the position.
// Only these (at most a few per register) are scanned per step; there is no pass over all
// intervals per position.
//
// Invariants:
// - the scan position never decreases; every child pushed back into the queue starts at or after it;
// - at every position, no two intervals covering it hold the same register, and no interval holds a
//   register at a position where a fixed range owned by another vreg (or a clobber) reserves it;
// - an interval holding a register covers every use of it that needs a register (splits put a
//   register-less child before each such use); a spilled child (IV_SPILLED) lives in its vreg's slot;
// - splits are at even positions (instruction boundaries); split positions are moved to the start of
//   the least deeply nested block in range, so spill and reload moves leave loops when they can;
// - eviction choice: the register whose next use (weighted: a use in a deeper loop counts as
//   nearer) is farthest; the current interval is spilled instead when every register is needed
//   again before its own first register use.
import {
  GPR_ALLOCATABLE, XMM_ALLOCATABLE, GPR_CALLEE_SAVED, CLASS_GPR, RA_OK, RA_ERR_TOO_MANY_FIXED,
} from "../../shared/vcode-layout";
import { raWords, ldw, stw, evenFloor, evenCeil, POS_MAX } from "./mem";
import { numInsts, numOps, numVregs, numBlocks, bStart, bDepth, blockOfInst } from "./input";
import {
  ivs, ivCount, iv, ivSet, IV_VREG, IV_CLS, IV_START, IV_END, IV_REG, IV_SPILLED, IV_USE, uPos, uFlags, uHint,
  uNext, U_HINT_FIXED, U_HINT_VREG, covers, nextIntersection, nextRegUse, splitAt, vrNeedSlot, vrLast,
} from "./intervals";
import { fixedNext } from "./fixed";

// ---- Unhandled queue.
let order: usize = 0; // initial intervals sorted by start
let orderCount: i32 = 0;
let orderPos: i32 = 0;
let heapArr: usize = 0;
let heapCap: i32 = 0;
let heapSize: i32 = 0;

function heapPush(i: i32): void {
  if (heapSize == heapCap) {
    const cap = heapCap * 2;
    const q = raWords(cap);
    memory.copy(q, heapArr, <usize>heapCap << 2);
    heapArr = q;
    heapCap = cap;
  }
  let k = heapSize++;
  const s = iv(i, IV_START);
  while (k > 0) {
    const parent = (k - 1) >> 1;
    const pi = ldw(heapArr, parent);
    if (iv(pi, IV_START) <= s) break;
    stw(heapArr, k, pi);
    k = parent;
  }
  stw(heapArr, k, i);
}

function heapPop(): i32 {
  const top = ldw(heapArr, 0);
  const last = ldw(heapArr, --heapSize);
  const s = iv(last, IV_START);
  let k = 0;
  for (;;) {
    let c = 2 * k + 1;
    if (c >= heapSize) break;
    if (c + 1 < heapSize && iv(ldw(heapArr, c + 1), IV_START) < iv(ldw(heapArr, c), IV_START)) c++;
    const ci = ldw(heapArr, c);
    if (iv(ci, IV_START) >= s) break;
    stw(heapArr, k, ci);
    k = c;
  }
  if (heapSize > 0) stw(heapArr, k, last);
  return top;
}

function popUnhandled(): i32 {
  const hasOrder = orderPos < orderCount;
  if (heapSize == 0) return hasOrder ? ldw(order, orderPos++) : 0;
  if (!hasOrder) return heapPop();
  const a = ldw(order, orderPos);
  if (iv(a, IV_START) <= iv(ldw(heapArr, 0), IV_START)) {
    orderPos++;
    return a;
  }
  return heapPop();
}

// ---- Active and inactive lists, per class.
let active: StaticArray<usize> = [0, 0];
let activeCount: StaticArray<i32> = [0, 0];
let inactive: StaticArray<usize> = [0, 0];
let inactiveCount: StaticArray<i32> = [0, 0];
let listCap: StaticArray<i32> = [0, 0];

function ensureLists(c: i32): void {
  const need = activeCount[c] + inactiveCount[c] + 2;
  if (need < listCap[c]) return;
  const cap = max(listCap[c] * 2, need * 2);
  const a = raWords(cap);
  memory.copy(a, active[c], <usize>activeCount[c] << 2);
  const b = raWords(cap);
  memory.copy(b, inactive[c], <usize>inactiveCount[c] << 2);
  active[c] = a;
  inactive[c] = b;
  listCap[c] = cap;
}

// ---- Per-step scratch (16 registers of the current class).
let freeUntil: usize = 0;
let nextUse: usize = 0;
let blockPos: usize = 0;

let scanPos: i32 = 0;
let floorPos: i32 = 0;
export let calleeSavedUsed: i32 = 0;

@inline function allowedMask(c: i32): i32 {
  return c == CLASS_GPR ? GPR_ALLOCATABLE & 0xffff : XMM_ALLOCATABLE & 0xffff;
}

@inline function depthAt(pos: i32): i32 {
  let i = pos >> 1;
  if (i >= numInsts) i = numInsts - 1;
  return bDepth(blockOfInst(i));
}

/** A split position in (lo, hi] (hi even): hi, or the start of a less deeply nested block in
 *  between (the latest of the shallowest), so the move it causes sits outside the loop. */
function splitPosBetween(lo: i32, hi: i32): i32 {
  if (hi >> 1 >= numInsts) return hi;
  let b = blockOfInst(hi >> 1);
  const bLo = blockOfInst(lo >> 1);
  let best = hi;
  let bestDepth = bDepth(b);
  for (let steps = 0; steps < 8 && b > bLo && bestDepth > 0; steps++) {
    const d = bDepth(b);
    if (d < bestDepth) {
      bestDepth = d;
      best = bStart(b) << 1;
    }
    b--;
  }
  return best > lo ? best : hi;
}

/** Larger is a better eviction candidate: distance to the next use, shrunk for deeper loops. */
function weigh(usePos: i32, pos: i32): i32 {
  if (usePos >= POS_MAX) return POS_MAX;
  let d = usePos - pos;
  const dd = depthAt(usePos) - depthAt(pos);
  if (dd > 0) d >>= min(3 * dd, 24);
  return d;
}

function hintReg(cur: i32): i32 {
  let u = iv(cur, IV_USE);
  for (let n = 0; u != 0 && n < 3; n++) {
    const f = uFlags(u);
    if (f & U_HINT_FIXED) return uHint(u);
    if (f & U_HINT_VREG) {
      const ch = ldw(vrLast, uHint(u));
      const at = uPos(u) - 1;
      if (ch != 0 && iv(ch, IV_REG) >= 0 && iv(ch, IV_START) <= at && at < iv(ch, IV_END)) return iv(ch, IV_REG);
    }
    u = uNext(u);
  }
  return -1;
}

function assign(cur: i32, r: i32): void {
  ivSet(cur, IV_REG, r);
  if (iv(cur, IV_CLS) == CLASS_GPR && ((GPR_CALLEE_SAVED >> r) & 1)) calleeSavedUsed |= 1 << r;
}

function spill(i: i32): void {
  ivSet(i, IV_REG, -1);
  ivSet(i, IV_SPILLED, 1);
  stw(vrNeedSlot, iv(i, IV_VREG), 1);
}

function tryAllocateFree(cur: i32): bool {
  const c = iv(cur, IV_CLS);
  const v = iv(cur, IV_VREG);
  const start = iv(cur, IV_START);
  const end = iv(cur, IV_END);
  const allowed = allowedMask(c);
  for (let r = 0; r < 16; r++) stw(freeUntil, r, (allowed >> r) & 1 ? POS_MAX : 0);
  const act = active[c];
  for (let k = 0, n = activeCount[c]; k < n; k++) stw(freeUntil, iv(ldw(act, k), IV_REG), 0);
  const ina = inactive[c];
  for (let k = 0, n = inactiveCount[c]; k < n; k++) {
    const it = ldw(ina, k);
    const r = iv(it, IV_REG);
    const f = ldw(freeUntil, r);
    if (f <= start) continue;
    const x = nextIntersection(it, cur);
    if (x < f) stw(freeUntil, r, x);
  }
  for (let m = allowed; m != 0; m &= m - 1) {
    const r = ctz(m);
    const f = ldw(freeUntil, r);
    if (f <= start) continue;
    const x = fixedNext((c << 4) | r, cur, v, scanPos);
    if (x < f) stw(freeUntil, r, x);
  }
  const hint = hintReg(cur);
  let best = -1;
  if (hint >= 0 && ldw(freeUntil, hint) >= end) best = hint;
  else {
    let second = -1;
    for (let m = allowed; m != 0; m &= m - 1) {
      const r = ctz(m);
      if (ldw(freeUntil, r) < end) continue;
      // A callee-saved register not used yet costs a save and restore: take it last.
      if (c == CLASS_GPR && ((GPR_CALLEE_SAVED >> r) & 1) && !((calleeSavedUsed >> r) & 1)) {
        if (second < 0) second = r;
        continue;
      }
      best = r;
      break;
    }
    if (best < 0) best = second;
  }
  if (best < 0) {
    let bestFree = 0;
    for (let m = allowed; m != 0; m &= m - 1) {
      const r = ctz(m);
      const f = ldw(freeUntil, r);
      if (f > bestFree) {
        bestFree = f;
        best = r;
      }
    }
    if (hint >= 0 && ldw(freeUntil, hint) == bestFree) best = hint;
    if (best < 0 || evenFloor(bestFree) <= start) return false;
    heapPush(splitAt(cur, splitPosBetween(start, evenFloor(bestFree))));
  }
  assign(cur, best);
  return true;
}

/** Moves `it` out of its register from position `at` on: the part from `at` lives in the spill slot
 *  until just before its next register use, the rest goes back to the queue. */
function splitAndSpill(it: i32, at: i32): void {
  let t = it;
  if (at <= iv(it, IV_START)) ivSet(it, IV_REG, -1);
  else t = splitAt(it, at);
  const ts = iv(t, IV_START);
  const n = nextRegUse(t, ts, floorPos);
  if (n == POS_MAX) {
    spill(t);
    return;
  }
  const q = evenFloor(n);
  if (q <= ts) {
    ivSet(t, IV_REG, -1);
    heapPush(t);
    return;
  }
  const rest = splitAt(t, splitPosBetween(ts, q));
  spill(t);
  heapPush(rest);
}

function allocateBlocked(cur: i32): i32 {
  const c = iv(cur, IV_CLS);
  const v = iv(cur, IV_VREG);
  const start = iv(cur, IV_START);
  const allowed = allowedMask(c);
  const first = nextRegUse(cur, start, floorPos);
  if (first == POS_MAX) {
    spill(cur);
    return RA_OK;
  }
  const sp = evenFloor(start);
  for (let r = 0; r < 16; r++) {
    stw(nextUse, r, (allowed >> r) & 1 ? POS_MAX : 0);
    stw(blockPos, r, POS_MAX);
  }
  const act = active[c];
  for (let k = 0, n = activeCount[c]; k < n; k++) {
    const it = ldw(act, k);
    const r = iv(it, IV_REG);
    const u = nextRegUse(it, max(sp, iv(it, IV_START)), floorPos);
    if (u < ldw(nextUse, r)) stw(nextUse, r, u);
  }
  const ina = inactive[c];
  const sp2 = evenCeil(start);
  for (let k = 0, n = inactiveCount[c]; k < n; k++) {
    const it = ldw(ina, k);
    const r = iv(it, IV_REG);
    if (ldw(nextUse, r) <= start) continue;
    if (nextIntersection(it, cur) == POS_MAX) continue;
    const u = nextRegUse(it, sp2, floorPos);
    if (u < ldw(nextUse, r)) stw(nextUse, r, u);
  }
  for (let m = allowed; m != 0; m &= m - 1) {
    const r = ctz(m);
    const b = fixedNext((c << 4) | r, cur, v, scanPos);
    stw(blockPos, r, b);
    if (b < ldw(nextUse, r)) stw(nextUse, r, b);
    if (evenFloor(b) <= start) stw(nextUse, r, 0);
  }
  let best = -1;
  let bestW = -1;
  for (let m = allowed; m != 0; m &= m - 1) {
    const r = ctz(m);
    const u = ldw(nextUse, r);
    if (u <= first) continue;
    const w = weigh(u, start);
    if (w > bestW) {
      bestW = w;
      best = r;
    }
  }
  if (best < 0) {
    // Every register is needed again before cur's first register use: spill cur up to there.
    const q = evenFloor(first);
    if (q <= start) return RA_ERR_TOO_MANY_FIXED;
    heapPush(splitAt(cur, splitPosBetween(start, q)));
    spill(cur);
    return RA_OK;
  }
  assign(cur, best);
  const b = ldw(blockPos, best);
  if (b < iv(cur, IV_END)) heapPush(splitAt(cur, splitPosBetween(start, evenFloor(b))));
  // Evict the register's other holders.
  let n = 0;
  for (let k = 0, cnt = activeCount[c]; k < cnt; k++) {
    const it = ldw(act, k);
    if (iv(it, IV_REG) == best) splitAndSpill(it, sp);
    else stw(act, n++, it);
  }
  activeCount[c] = n;
  n = 0;
  for (let k = 0, cnt = inactiveCount[c]; k < cnt; k++) {
    const it = ldw(ina, k);
    if (iv(it, IV_REG) == best && nextIntersection(it, cur) != POS_MAX) splitAndSpill(it, sp2);
    else stw(ina, n++, it);
  }
  inactiveCount[c] = n;
  return RA_OK;
}

export function linearScan(): i32 {
  calleeSavedUsed = 0;
  scanPos = 0;
  floorPos = 0;
  freeUntil = raWords(16);
  nextUse = raWords(16);
  blockPos = raWords(16);
  for (let c = 0; c < 2; c++) {
    listCap[c] = 64;
    active[c] = raWords(64);
    inactive[c] = raWords(64);
    activeCount[c] = 0;
    inactiveCount[c] = 0;
  }
  // Counting sort of the initial intervals by start.
  const npos = (numInsts << 1) + 2;
  const cnt = raWords(npos + 1);
  const n0 = ivCount;
  for (let i = 1; i < n0; i++) {
    const s = iv(i, IV_START);
    stw(cnt, s + 1, ldw(cnt, s + 1) + 1);
  }
  for (let p = 1; p <= npos; p++) stw(cnt, p, ldw(cnt, p) + ldw(cnt, p - 1));
  order = raWords(n0);
  for (let i = 1; i < n0; i++) {
    const s = iv(i, IV_START);
    const k = ldw(cnt, s);
    stw(order, k, i);
    stw(cnt, s, k + 1);
  }
  orderCount = n0 - 1;
  orderPos = 0;
  heapCap = 256;
  heapArr = raWords(heapCap);
  heapSize = 0;

  let budget = 16 * (numOps + numVregs + numBlocks) + 4096;
  for (;;) {
    const cur = popUnhandled();
    if (cur == 0) break;
    if (--budget < 0) return RA_ERR_TOO_MANY_FIXED;
    const pos = iv(cur, IV_START);
    if (pos < scanPos) return RA_ERR_TOO_MANY_FIXED; // cannot happen: see the invariants
    scanPos = pos;
    floorPos = evenFloor(pos);
    const c = iv(cur, IV_CLS);
    ensureLists(c);
    // Active intervals that ended or entered a hole; inactive ones that ended or resumed.
    const act = active[c], ina = inactive[c];
    let na = 0, ni = inactiveCount[c];
    for (let k = 0, n = activeCount[c]; k < n; k++) {
      const it = ldw(act, k);
      if (iv(it, IV_END) <= pos) continue;
      if (covers(it, pos)) stw(act, na++, it);
      else stw(ina, ni++, it);
    }
    let nk = 0;
    for (let k = 0; k < ni; k++) {
      const it = ldw(ina, k);
      if (iv(it, IV_END) <= pos) continue;
      if (covers(it, pos)) stw(act, na++, it);
      else stw(ina, nk++, it);
    }
    activeCount[c] = na;
    inactiveCount[c] = nk;
    stw(vrLast, iv(cur, IV_VREG), cur);
    if (!tryAllocateFree(cur)) {
      const st = allocateBlocked(cur);
      if (st != RA_OK) return st;
    }
    if (iv(cur, IV_REG) >= 0) {
      ensureLists(c);
      const a = active[c];
      stw(a, activeCount[c], cur);
      activeCount[c] = activeCount[c] + 1;
    }
  }
  return RA_OK;
}
