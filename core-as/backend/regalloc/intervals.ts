// Live intervals: for each vreg, sorted disjoint ranges [from, to) of positions and a sorted list of
// use positions, built in one backward pass (Wimmer & Franz); later split into children by the
// linear scan. Positions: instruction i has 2i (early) and 2i+1 (late); moves the allocator
// inserts "before i" happen at the boundary between 2i-1 and 2i, so an interval split at an even
// position p changes location exactly there.
//
// Invariants:
// - ranges of an interval are sorted, disjoint and non-adjacent-merged only within a block; uses
//   are sorted by position;
// - an early use at i covers [.., 2i+1), a late use [.., 2i+2), a def starts at its position (2i+1
//   late; 2i early or two-address) and covers at least to 2i+2, a MOD covers [.., 2i+2); the input
//   of a two-address def with another vreg is read at the boundary, so it covers [.., 2i) unless i
//   starts a block (then [.., 2i+1));
// - children of one vreg are linked in position order (IV_NEXT/IV_PREV) and never overlap;
// - splits happen only at even positions strictly inside an interval, so a child never starts or
//   ends in the middle of an instruction unless a def starts it there.
import { OP_USE, OP_DEF, OP_MOD, OPC_REG, OPC_FIXED, OPC_REUSE, OPC_STACK, VI_FLAGS, VI_F_MOVE } from "../../shared/vcode-layout";
import { raWords, ldw, stw, POS_MAX } from "./mem";
import {
  numBlocks, numVregs, numOps, bStart, bEnd, iOpStart, iOpCount, iWord, norm, nVreg, nKind, nLate, nCons, nArg,
  vregClass, N_REUSED,
} from "./input";
import { liveOutHead, listValue, listNext } from "./liveness";

// ---- Interval records.
export const IV_VREG = 0;
export const IV_CLS = 1;
export const IV_START = 2;
export const IV_END = 3;
export const IV_RANGE = 4; // first range
export const IV_CUR = 5; // range cursor: first range with to > the scan position
export const IV_USE = 6; // first use
export const IV_UCUR = 7; // use cursor: first use at or after the scan's split floor
export const IV_REG = 8; // assigned register (hardware number) or -1
export const IV_SPILLED = 9; // 1: lives in the vreg's spill slot
export const IV_NEXT = 10; // next child of the same vreg
export const IV_PREV = 11;
const IV_WORDS = 12;

// ---- Use records.
export const U_NEEDS_REG = 1;
export const U_HINT_FIXED = 2; // hint: a register
export const U_HINT_VREG = 4; // hint: the register another vreg occupies just before

export let ivs: usize = 0;
let ivCap: i32 = 0;
export let ivCount: i32 = 0;
let ranges: usize = 0;
let rangeCap: i32 = 0;
let rangeCount: i32 = 0;
let uses: usize = 0;
let useCount: i32 = 0;

/** First interval (the parent, covering the earliest range) of each vreg, 0 if none. */
export let vrIv: usize = 0;
export let vrHullStart: usize = 0;
export let vrHullEnd: usize = 0;
/** 1 when the vreg needs a spill slot (a spilled child or a STACK operand). */
export let vrNeedSlot: usize = 0;
/** The vreg's child most recently taken by the scan (for copy hints). */
export let vrLast: usize = 0;
export let dbgP: i32 = 0; export let dbgS: i32 = 0; export let dbgE: i32 = 0;
export function dbgInfo(k: i32): i32 { return k == 0 ? dbgP : k == 1 ? dbgS : dbgE; }
export let splitCount: i32 = 0;

@inline export function iv(i: i32, f: i32): i32 { return ldw(ivs, i * IV_WORDS + f); }
@inline export function ivSet(i: i32, f: i32, v: i32): void { stw(ivs, i * IV_WORDS + f, v); }
@inline export function rFrom(r: i32): i32 { return ldw(ranges, r * 3); }
@inline export function rTo(r: i32): i32 { return ldw(ranges, r * 3 + 1); }
@inline export function rNext(r: i32): i32 { return ldw(ranges, r * 3 + 2); }
@inline function rSet(r: i32, f: i32, v: i32): void { stw(ranges, r * 3 + f, v); }
@inline export function uPos(u: i32): i32 { return ldw(uses, u << 2); }
@inline export function uFlags(u: i32): i32 { return ldw(uses, (u << 2) + 1); }
@inline export function uHint(u: i32): i32 { return ldw(uses, (u << 2) + 2); }
@inline export function uNext(u: i32): i32 { return ldw(uses, (u << 2) + 3); }

function newRange(from: i32, to: i32, next: i32): i32 {
  if (rangeCount == rangeCap) {
    const cap = rangeCap * 2;
    const q = raWords(cap * 3);
    memory.copy(q, ranges, <usize>rangeCap * 12);
    ranges = q;
    rangeCap = cap;
  }
  const r = rangeCount++;
  rSet(r, 0, from);
  rSet(r, 1, to);
  rSet(r, 2, next);
  return r;
}

export function newInterval(v: i32): i32 {
  if (ivCount == ivCap) {
    const cap = ivCap * 2;
    const q = raWords(cap * IV_WORDS);
    memory.copy(q, ivs, <usize>ivCap * IV_WORDS * 4);
    ivs = q;
    ivCap = cap;
  }
  const i = ivCount++;
  ivSet(i, IV_VREG, v);
  ivSet(i, IV_CLS, vregClass(v));
  ivSet(i, IV_REG, -1);
  return i;
}

function addRange(v: i32, from: i32, to: i32): void {
  let i = ldw(vrIv, v);
  if (i == 0) {
    i = newInterval(v);
    stw(vrIv, v, i);
  }
  if (to > ldw(vrHullEnd, v)) stw(vrHullEnd, v, to);
  const h = iv(i, IV_RANGE);
  if (h != 0 && to >= rFrom(h)) {
    if (from < rFrom(h)) rSet(h, 0, from);
    if (to > rTo(h)) rSet(h, 1, to);
  } else {
    ivSet(i, IV_RANGE, newRange(from, to, h));
  }
}

function addUse(v: i32, pos: i32, flags: i32, hint: i32): void {
  const i = ldw(vrIv, v);
  const u = useCount++;
  stw(uses, u << 2, pos);
  stw(uses, (u << 2) + 1, flags);
  stw(uses, (u << 2) + 2, hint);
  stw(uses, (u << 2) + 3, iv(i, IV_USE));
  ivSet(i, IV_USE, u);
}

function useFlags(w: i32): i32 {
  const c = nCons(w);
  if (c == OPC_REG || c == OPC_REUSE) return U_NEEDS_REG;
  if (c == OPC_FIXED) return U_HINT_FIXED;
  return 0;
}

let live: usize = 0;

function defAt(v: i32, pos: i32, end: i32, stamp: i32, flags: i32, hint: i32): void {
  if (ldw(live, v) == stamp) {
    const h = iv(ldw(vrIv, v), IV_RANGE);
    rSet(h, 0, pos);
    stw(live, v, 0);
  } else {
    addRange(v, pos, end);
  }
  addUse(v, pos, flags, hint);
}

function useAt(v: i32, bf: i32, end: i32, stamp: i32): void {
  if (ldw(live, v) != stamp) {
    addRange(v, bf, end);
    stw(live, v, stamp);
  }
}

export function buildIntervals(): void {
  ivCap = 256;
  while (ivCap < numVregs * 2 + 2) ivCap <<= 1;
  ivs = raWords(ivCap * IV_WORDS);
  ivCount = 1; // 0 is null
  rangeCap = 1024;
  while (rangeCap < numOps + numVregs + 2) rangeCap <<= 1;
  ranges = raWords(rangeCap * 3);
  rangeCount = 1;
  uses = raWords((numOps + 1) * 4);
  useCount = 1;
  splitCount = 0;
  vrIv = raWords(numVregs);
  vrHullStart = raWords(numVregs);
  vrHullEnd = raWords(numVregs);
  vrNeedSlot = raWords(numVregs);
  vrLast = raWords(numVregs);
  live = raWords(numVregs);

  for (let b = numBlocks - 1; b >= 0; b--) {
    const s = bStart(b), e = bEnd(b);
    const bf = s << 1, bt = e << 1;
    const stamp = b + 1;
    for (let n = ldw(liveOutHead, b); n != 0; n = listNext(n)) {
      const v = listValue(n);
      addRange(v, bf, bt);
      stw(live, v, stamp);
    }
    for (let i = e - 1; i >= s; i--) {
      const os = iOpStart(i), oc = iOpCount(i);
      const p = i << 1;
      const isMove = (iWord(i, VI_FLAGS) & VI_F_MOVE) != 0 && oc >= 2;
      // 1. late defs; 2. late uses (descending positions keep use lists sorted).
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) != OP_DEF || !nLate(w) || nCons(w) == OPC_REUSE) continue;
        const v = nVreg(w);
        let flags = useFlags(w), hint = nArg(w);
        if (isMove && k == 0 && flags == U_NEEDS_REG && nKind(norm(os + 1)) == OP_USE) {
          flags |= U_HINT_VREG;
          hint = nVreg(norm(os + 1));
        }
        if (nCons(w) == OPC_STACK) stw(vrNeedSlot, v, 1);
        defAt(v, p + 1, p + 2, stamp, flags, hint);
      }
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) != OP_USE || !nLate(w)) continue;
        const v = nVreg(w);
        if (nCons(w) == OPC_STACK) stw(vrNeedSlot, v, 1);
        useAt(v, bf, p + 2, stamp);
        addUse(v, p + 1, useFlags(w), nArg(w));
      }
      // 3. early and two-address defs.
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) != OP_DEF || (nLate(w) && nCons(w) != OPC_REUSE)) continue;
        const v = nVreg(w);
        let flags = useFlags(w), hint = nArg(w);
        if (nCons(w) == OPC_REUSE) {
          flags |= U_HINT_VREG;
          hint = nVreg(norm(os + nArg(w)));
        }
        if (nCons(w) == OPC_STACK) stw(vrNeedSlot, v, 1);
        defAt(v, p, p + 2, stamp, flags, hint);
      }
      // 4. MODs and early uses (not the inputs of two-address defs).
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        const kind = nKind(w);
        if (kind == OP_DEF || (kind == OP_USE && nLate(w))) continue;
        const v = nVreg(w);
        if (nCons(w) == OPC_STACK) stw(vrNeedSlot, v, 1);
        if (kind == OP_MOD) {
          addRange(v, bf, p + 2);
          stw(live, v, stamp);
          addUse(v, p, useFlags(w), nArg(w));
        } else if ((w & N_REUSED) == 0) {
          useAt(v, bf, p + 1, stamp);
          addUse(v, p, useFlags(w), nArg(w));
        }
      }
      // 5. Inputs of two-address defs with another vreg, last: when the vreg is also read normally
      // at i, that longer range is already in place.
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if ((w & N_REUSED) == 0) continue;
        // Read by the copy at the boundary before i; at a block start, after the edge moves, at 2i.
        useAt(nVreg(w), bf, i == s ? p + 1 : p, stamp);
      }
    }
  }

  for (let v = 0; v < numVregs; v++) {
    const i = ldw(vrIv, v);
    if (i == 0) continue;
    const r = iv(i, IV_RANGE);
    ivSet(i, IV_START, rFrom(r));
    ivSet(i, IV_END, ldw(vrHullEnd, v));
    ivSet(i, IV_CUR, r);
    ivSet(i, IV_UCUR, iv(i, IV_USE));
    stw(vrHullStart, v, rFrom(r));
  }
}

/** Whether interval `i` covers `pos`; advances its range cursor (pos must not decrease). */
export function covers(i: i32, pos: i32): bool {
  let r = iv(i, IV_CUR);
  while (r != 0 && rTo(r) <= pos) r = rNext(r);
  ivSet(i, IV_CUR, r);
  return r != 0 && rFrom(r) <= pos;
}

/** First position covered by both `a` (from its cursor) and `b` (from its first range), or POS_MAX. */
export function nextIntersection(a: i32, b: i32): i32 {
  let ra = iv(a, IV_CUR), rb = iv(b, IV_RANGE);
  while (ra != 0 && rb != 0) {
    if (rTo(ra) <= rFrom(rb)) ra = rNext(ra);
    else if (rTo(rb) <= rFrom(ra)) rb = rNext(rb);
    else return max(rFrom(ra), rFrom(rb));
  }
  return POS_MAX;
}

/** First use of `i` at or after `from` that needs a register, or POS_MAX; `floor` (<= from, never
 *  decreasing over the scan) lets the use cursor advance for good. */
export function nextRegUse(i: i32, from: i32, floor: i32): i32 {
  let u = iv(i, IV_UCUR);
  while (u != 0 && uPos(u) < floor) u = uNext(u);
  ivSet(i, IV_UCUR, u);
  while (u != 0 && (uPos(u) < from || (uFlags(u) & U_NEEDS_REG) == 0)) u = uNext(u);
  return u == 0 ? POS_MAX : uPos(u);
}

/** Splits interval `i` at even position `p` (start < p < end); returns the child [p, end). */
export function splitAt(i: i32, p: i32): i32 {
  if (p <= iv(i, IV_START) || p >= iv(i, IV_END)) { dbgP = p; dbgS = iv(i, IV_START); dbgE = iv(i, IV_END); unreachable(); }
  const c = newInterval(iv(i, IV_VREG));
  const oldEnd = iv(i, IV_END);
  splitCount++;
  // Ranges.
  let prev = 0;
  let r = iv(i, IV_RANGE);
  while (rTo(r) <= p) {
    prev = r;
    r = rNext(r);
  }
  let first = r;
  if (rFrom(r) < p) {
    first = newRange(p, rTo(r), rNext(r));
    rSet(r, 1, p);
    rSet(r, 2, 0);
    ivSet(i, IV_END, p);
  } else {
    rSet(prev, 2, 0);
    ivSet(i, IV_END, rTo(prev));
  }
  ivSet(c, IV_RANGE, first);
  ivSet(c, IV_CUR, first);
  ivSet(c, IV_START, rFrom(first));
  ivSet(c, IV_END, oldEnd);
  const cur = iv(i, IV_CUR);
  if (cur != 0 && (cur == first || rFrom(cur) >= p)) ivSet(i, IV_CUR, 0);
  // Uses.
  let up = 0;
  let u = iv(i, IV_USE);
  while (u != 0 && uPos(u) < p) {
    up = u;
    u = uNext(u);
  }
  if (up == 0) ivSet(i, IV_USE, 0);
  else stw(uses, (up << 2) + 3, 0);
  ivSet(c, IV_USE, u);
  ivSet(c, IV_UCUR, u);
  const uc = iv(i, IV_UCUR);
  if (uc != 0 && uPos(uc) >= p) ivSet(i, IV_UCUR, 0);
  // Sibling chain.
  const nx = iv(i, IV_NEXT);
  ivSet(c, IV_NEXT, nx);
  ivSet(c, IV_PREV, i);
  if (nx != 0) ivSet(nx, IV_PREV, c);
  ivSet(i, IV_NEXT, c);
  return c;
}
