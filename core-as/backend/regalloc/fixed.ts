// Fixed-register ranges: for every physical register, the positions where an operand constraint or a
// clobber reserves it. A range is "owned" by the vreg whose fixed operand created it: that vreg may
// sit in the register there (the constraint's move then is a no-op); for any other vreg the range
// blocks the register. Clobbers are unowned, except when the instruction also defines a fixed
// operand in the clobbered register (a call's result in RAX): then the def owns it.
//
// Ranges per instruction i: fixed early use [2i, 2i+1); fixed late use and fixed MOD [2i, 2i+2);
// fixed late def [2i+1, 2i+2); fixed early def [2i, 2i+2); clobber [2i+1, 2i+2).
//
// Invariants: each register's ranges are sorted by start and pairwise disjoint; two different
// owners never overlap (else RA_ERR_TOO_MANY_FIXED); a late use never sits in a register its
// instruction clobbers (else RA_ERR_BAD_INPUT). Global register index: class * 16 + hardware number.
import {
  VI_CLOBBERS, OP_USE, OP_MOD, OPC_FIXED, GPR_ALLOCATABLE, XMM_ALLOCATABLE, RA_OK, RA_ERR_BAD_INPUT,
  RA_ERR_TOO_MANY_FIXED,
} from "../../shared/vcode-layout";
import { raWords, ldw, stw, POS_MAX } from "./mem";
import { numInsts, iOpStart, iOpCount, iWord, norm, nVreg, nKind, nLate, nCons, nArg, vregClass } from "./input";
import { iv, IV_RANGE, IV_END, rFrom, rTo, rNext } from "./intervals";

let entries: usize = 0; // [from, to, owner] triples, grouped by register
let fxBase: usize = 0; // first entry of each register
let fxCount: usize = 0;
let fxCur: usize = 0;

const ALLOC_MASK: i32 = (GPR_ALLOCATABLE & 0xffff) | ((XMM_ALLOCATABLE & 0xffff) << 16);

@inline function eFrom(k: i32): i32 { return ldw(entries, k * 3); }
@inline function eTo(k: i32): i32 { return ldw(entries, k * 3 + 1); }
@inline function eOwner(k: i32): i32 { return ldw(entries, k * 3 + 2); }

function add(g: i32, from: i32, to: i32, owner: i32): i32 {
  const base = ldw(fxBase, g);
  const n = ldw(fxCount, g);
  if (n > 0) {
    const last = base + n - 1;
    if (eTo(last) > from) {
      if (eOwner(last) != owner) return RA_ERR_TOO_MANY_FIXED;
      if (to > eTo(last)) stw(entries, last * 3 + 1, to);
      return RA_OK;
    }
    if (eTo(last) == from && eOwner(last) == owner) {
      stw(entries, last * 3 + 1, to);
      return RA_OK;
    }
  }
  const k = base + n;
  stw(entries, k * 3, from);
  stw(entries, k * 3 + 1, to);
  stw(entries, k * 3 + 2, owner);
  stw(fxCount, g, n + 1);
  return RA_OK;
}

export function buildFixed(): i32 {
  fxBase = raWords(32);
  fxCount = raWords(32);
  fxCur = raWords(32);
  // Count an upper bound per register, then lay the groups out.
  const cap = raWords(32);
  for (let i = 0; i < numInsts; i++) {
    const os = iOpStart(i), oc = iOpCount(i);
    for (let k = 0; k < oc; k++) {
      const w = norm(os + k);
      if (nCons(w) != OPC_FIXED) continue;
      const g = (vregClass(nVreg(w)) << 4) | nArg(w);
      stw(cap, g, ldw(cap, g) + 1);
    }
    let m = iWord(i, VI_CLOBBERS) & ALLOC_MASK;
    while (m != 0) {
      const g = ctz(m);
      m &= m - 1;
      stw(cap, g, ldw(cap, g) + 1);
    }
  }
  let total = 0;
  for (let g = 0; g < 32; g++) {
    stw(fxBase, g, total);
    total += ldw(cap, g);
  }
  entries = raWords(total * 3);

  for (let i = 0; i < numInsts; i++) {
    const os = iOpStart(i), oc = iOpCount(i);
    const p = i << 1;
    let defMask = 0;
    for (let pass = 0; pass < 2; pass++) {
      // pass 0: uses and MODs (start at 2i); pass 1: defs.
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nCons(w) != OPC_FIXED) continue;
        const kind = nKind(w);
        const v = nVreg(w);
        const g = (vregClass(v) << 4) | nArg(w);
        let st = RA_OK;
        if (pass == 0) {
          if (kind == OP_USE) st = add(g, p, nLate(w) ? p + 2 : p + 1, v);
          else if (kind == OP_MOD) {
            st = add(g, p, p + 2, v);
            defMask |= 1 << g;
          }
        } else if (kind != OP_USE && kind != OP_MOD) {
          st = nLate(w) ? add(g, p + 1, p + 2, v) : add(g, p, p + 2, v);
          defMask |= 1 << g;
        }
        if (st != RA_OK) return st;
      }
    }
    let m = iWord(i, VI_CLOBBERS) & ALLOC_MASK & ~defMask;
    while (m != 0) {
      const g = ctz(m);
      m &= m - 1;
      const n = ldw(fxCount, g);
      if (n > 0 && eTo(ldw(fxBase, g) + n - 1) > p + 1) return RA_ERR_BAD_INPUT; // late use clobbered
      const st = add(g, p + 1, p + 2, -1);
      if (st != RA_OK) return st;
    }
  }
  return RA_OK;
}

/** First position from `pos` on where register g is reserved for a vreg other than the one of
 *  interval `cur` and `cur` is live, or POS_MAX. `pos` must not decrease between calls. */
@inline export function fixedNext(g: i32, cur: i32, v: i32, pos: i32): i32 {
  const base = ldw(fxBase, g);
  const end = base + ldw(fxCount, g);
  let k = base + ldw(fxCur, g);
  if (k < end && eTo(k) <= pos) {
    do k++;
    while (k < end && eTo(k) <= pos);
    stw(fxCur, g, k - base);
  }
  // Common case: the register's next reservation starts after the interval ends.
  if (k == end || eFrom(k) >= iv(cur, IV_END)) return POS_MAX;
  return fixedNextSlow(k, end, cur, v);
}

function fixedNextSlow(k: i32, end: i32, cur: i32, v: i32): i32 {
  let r = iv(cur, IV_RANGE);
  while (k < end && r != 0) {
    if (eOwner(k) == v) k++;
    else if (eTo(k) <= rFrom(r)) k++;
    else if (rTo(r) <= eFrom(k)) r = rNext(r);
    else return max(eFrom(k), rFrom(r));
  }
  return POS_MAX;
}
