// Liveness of non-SSA vregs: the live-in set of every block (a bit row per block, or for large
// functions a list per block), a reverse postorder of the CFG, and which vregs live into blocks
// that contain calls (a hint for callee-saved registers).
//
// Two ways to the same fixpoint, chosen by size:
// - bit vectors (blocks x vreg words small): upward-exposed uses and defs per block in one pass over
//   the operands, then the classic backward dataflow in postorder, 32 vregs per word operation;
// - per variable (large functions): each vreg is walked backwards from the blocks that read it
//   before writing it, through predecessors, stopping at blocks that define it. Each (vreg, block)
//   pair is visited at most once, so the cost is the size of the answer, not blocks x vregs.
//
// Invariants on return:
// - isLiveIn(b, v) / forLiveIn(b): the vregs live at b's start; live-out(b) is the union of its
//   successors' live-in sets (not stored);
// - a use that is reused by a two-address def, and MOD operands, count as uses; within an
//   instruction all uses are read before any def is written;
// - rpoOrder lists the blocks reachable from block 0 in reverse postorder, then the unreachable
//   ones in layout order; rpoIdx is its inverse; numReachable counts the former.
import { VB_PRED_START, VB_PRED_COUNT, VB_SUCC_START, VB_SUCC_COUNT, OP_USE, OP_DEF } from "../../shared/vcode-layout";
import { raWords, raAllocRaw, ldw, stw } from "./mem";
import { numBlocks, numVregs, bStart, bEnd, bWord, iOpStart, iOpCount, norm, nVreg, nKind, edge, blockHasCall } from "./input";

/** List form (large functions, when not `liveBits`): liveInStart[b] .. liveInStart[b + 1] in liveInV. */
export let liveInStart: usize = 0; // numBlocks + 1 words
export let liveInV: usize = 0;
export let liveInTotal: i32 = 0;
let lmark: usize = 0;
let lmarkStamp: i32 = 0;
/** Bit-vector form (when `liveBits`): live-in row of each block, `liveWords` words each. */
export let liveBits: bool = false;
export let liveRows: usize = 0;
export let liveWords: i32 = 0;
/** Per vreg: 1 when it is live into a block that contains a call (it likely lives across one). */
export let vrCross: usize = 0;
export let rpoOrder: usize = 0;
export let rpoIdx: usize = 0;
export let numReachable: i32 = 0;

/** Bit-vector dataflow when numBlocks * words stays below this many words. */
const BITSET_LIMIT: i32 = 1 << 18;

function computeRpo(): void {
  rpoOrder = raAllocRaw(<usize>numBlocks << 2);
  rpoIdx = raAllocRaw(<usize>numBlocks << 2);
  const stackB = raAllocRaw(<usize>numBlocks << 2);
  const stackK = raAllocRaw(<usize>numBlocks << 2);
  const seen = raWords(numBlocks);
  let post = numBlocks; // filled from the back
  stw(seen, 0, 1);
  stw(stackB, 0, 0);
  stw(stackK, 0, 0);
  let sp = 1;
  while (sp > 0) {
    const b = ldw(stackB, sp - 1);
    const k = ldw(stackK, sp - 1);
    if (k < bWord(b, VB_SUCC_COUNT)) {
      stw(stackK, sp - 1, k + 1);
      const t = edge(bWord(b, VB_SUCC_START) + k);
      if (ldw(seen, t) == 0) {
        stw(seen, t, 1);
        stw(stackB, sp, t);
        stw(stackK, sp, 0);
        sp++;
      }
    } else {
      stw(rpoOrder, --post, b);
      sp--;
    }
  }
  numReachable = numBlocks - post;
  if (post > 0) {
    memory.copy(rpoOrder, rpoOrder + (<usize>post << 2), <usize>numReachable << 2);
    let k = numReachable;
    for (let b = 0; b < numBlocks; b++) if (ldw(seen, b) == 0) stw(rpoOrder, k++, b);
  }
  for (let k = 0; k < numBlocks; k++) stw(rpoIdx, ldw(rpoOrder, k), k);
}

/** Makes isLiveIn(t, v) answer for block t (list form: marks t's live-in vregs). */
export function prepareLiveIn(t: i32): void {
  if (liveBits) return;
  lmarkStamp++;
  for (let x = ldw(liveInStart, t), x1 = ldw(liveInStart, t + 1); x < x1; x++) stw(lmark, ldw(liveInV, x), lmarkStamp);
}

/** Whether v is live into block t (after prepareLiveIn(t) in list form). */
@inline export function isLiveIn(t: i32, v: i32): bool {
  if (liveBits) return (load<i32>(liveRows + ((<usize>t * <usize>liveWords + <usize>(v >> 5)) << 2)) & (1 << (v & 31))) != 0;
  return ldw(lmark, v) == lmarkStamp;
}

/** Calls f(v, a, b2) for every vreg v live into block t. */
export function forLiveIn(t: i32, f: (v: i32, a: i32, b2: i32) => void, a: i32, b2: i32): void {
  if (liveBits) {
    const row = liveRows + ((<usize>t * <usize>liveWords) << 2);
    for (let x = 0; x < liveWords; x++) {
      for (let m = load<i32>(row + (<usize>x << 2)); m != 0; m &= m - 1) f((x << 5) | ctz(m), a, b2);
    }
  } else {
    for (let x = ldw(liveInStart, t), x1 = ldw(liveInStart, t + 1); x < x1; x++) f(ldw(liveInV, x), a, b2);
  }
}

export function computeLiveness(): void {
  computeRpo();
  const words = (numVregs + 31) >> 5;
  vrCross = raWords(numVregs);
  liveBits = <i64>numBlocks * <i64>words <= <i64>BITSET_LIMIT;
  liveWords = words;
  if (liveBits) livenessBits(words);
  else {
    livenessSparse();
    lmark = raWords(numVregs);
    lmarkStamp = 0;
  }
}

// ---- Bit vectors.

function livenessBits(words: i32): void {
  const n = <usize>numBlocks * <usize>words;
  const gen = raWords(<i32>n);
  const kill = raWords(<i32>n);
  const live = raWords(<i32>n); // live-in
  const rowBytes = <usize>words << 2;
  for (let b = 0; b < numBlocks; b++) {
    const g = gen + <usize>b * rowBytes;
    const d = kill + <usize>b * rowBytes;
    for (let i = bStart(b), e = bEnd(b); i < e; i++) {
      const os = iOpStart(i), oc = iOpCount(i);
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) == OP_DEF) continue;
        const v = nVreg(w);
        const p = <usize>(v >> 5) << 2;
        const m = 1 << (v & 31);
        if ((load<i32>(d + p) & m) == 0) store<i32>(g + p, load<i32>(g + p) | m);
      }
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) == OP_USE) continue;
        const v = nVreg(w);
        const p = <usize>(v >> 5) << 2;
        store<i32>(d + p, load<i32>(d + p) | (1 << (v & 31)));
      }
    }
  }
  // Postorder (reverse of rpoOrder) until nothing changes; live-in = gen | (out & ~kill),
  // starting from live-in = gen.
  memory.copy(live, gen, n << 2);
  const out = raAllocRaw(rowBytes);
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = numBlocks - 1; k >= 0; k--) {
      const b = ldw(rpoOrder, k);
      const sc = bWord(b, VB_SUCC_COUNT), ss = bWord(b, VB_SUCC_START);
      if (sc == 0) continue;
      memory.copy(out, live + <usize>edge(ss) * rowBytes, rowBytes);
      for (let j = 1; j < sc; j++) {
        const s = live + <usize>edge(ss + j) * rowBytes;
        for (let x: usize = 0; x < rowBytes; x += 4) store<i32>(out + x, load<i32>(out + x) | load<i32>(s + x));
      }
      const g = gen + <usize>b * rowBytes, d = kill + <usize>b * rowBytes, l = live + <usize>b * rowBytes;
      for (let x: usize = 0; x < rowBytes; x += 4) {
        const nv = load<i32>(g + x) | (load<i32>(out + x) & ~load<i32>(d + x));
        if (nv != load<i32>(l + x)) {
          store<i32>(l + x, nv);
          changed = true;
        }
      }
    }
  }
  liveRows = live;
  // Vregs live into a block with a call.
  memory.fill(out, 0, rowBytes);
  for (let b = 0; b < numBlocks; b++) {
    if (ldw(blockHasCall, b) == 0) continue;
    const l = live + <usize>b * rowBytes;
    for (let x: usize = 0; x < rowBytes; x += 4) store<i32>(out + x, load<i32>(out + x) | load<i32>(l + x));
  }
  for (let x = 0; x < words; x++) {
    for (let m = load<i32>(out + (<usize>x << 2)); m != 0; m &= m - 1) stw(vrCross, (x << 5) | ctz(m), 1);
  }
}

// ---- Per variable.

function livenessSparse(): void {
  // Upward-exposed (vreg, block) pairs and def pairs, grouped by vreg with a counting sort.
  const ueStamp = raWords(numVregs);
  const defStamp = raWords(numVregs);
  let ueCap = 1024, defCap = 1024;
  let ueB = raAllocRaw(<usize>ueCap << 3); // (block, vreg) pairs
  let defB = raAllocRaw(<usize>defCap << 3);
  let nUe = 0, nDef = 0;
  for (let b = 0; b < numBlocks; b++) {
    const stamp = b + 1;
    for (let i = bStart(b), e = bEnd(b); i < e; i++) {
      const os = iOpStart(i), oc = iOpCount(i);
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) == OP_DEF) continue;
        const v = nVreg(w);
        if (ldw(defStamp, v) != stamp && ldw(ueStamp, v) != stamp) {
          stw(ueStamp, v, stamp);
          if (nUe == ueCap) {
            const q = raAllocRaw(<usize>ueCap << 4);
            memory.copy(q, ueB, <usize>ueCap << 3);
            ueB = q;
            ueCap <<= 1;
          }
          stw(ueB, nUe << 1, b);
          stw(ueB, (nUe << 1) + 1, v);
          nUe++;
        }
      }
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) == OP_USE) continue;
        const v = nVreg(w);
        if (ldw(defStamp, v) != stamp) {
          stw(defStamp, v, stamp);
          if (nDef == defCap) {
            const q = raAllocRaw(<usize>defCap << 4);
            memory.copy(q, defB, <usize>defCap << 3);
            defB = q;
            defCap <<= 1;
          }
          stw(defB, nDef << 1, b);
          stw(defB, (nDef << 1) + 1, v);
          nDef++;
        }
      }
    }
  }
  const ueStart = groupByVreg(ueB, nUe);
  const ueList = sortedBlocks;
  const defStart = groupByVreg(defB, nDef);
  const defList = sortedBlocks;

  // Backward walk per vreg; live-in pairs collected as (block, vreg).
  let pCap = max(1024, nUe * 4);
  let pairs = raAllocRaw(<usize>pCap << 3);
  let nPairs = 0;
  const inStamp = raWords(numBlocks);
  const defMark = raWords(numBlocks);
  const stack = raAllocRaw(<usize>max(numBlocks, 1) << 2);
  for (let v = 0; v < numVregs; v++) {
    const u0 = ldw(ueStart, v), u1 = ldw(ueStart, v + 1);
    if (u0 == u1) continue;
    const stamp = v + 1;
    for (let d = ldw(defStart, v), d1 = ldw(defStart, v + 1); d < d1; d++) stw(defMark, ldw(defList, d), stamp);
    let sp = 0;
    for (let u = u0; u < u1; u++) {
      const b = ldw(ueList, u);
      stw(inStamp, b, stamp);
      stw(stack, sp++, b);
    }
    while (sp > 0) {
      const b = ldw(stack, --sp);
      if (nPairs == pCap) {
        const q = raAllocRaw(<usize>pCap << 4);
        memory.copy(q, pairs, <usize>pCap << 3);
        pairs = q;
        pCap <<= 1;
      }
      stw(pairs, nPairs << 1, b);
      stw(pairs, (nPairs << 1) + 1, v);
      nPairs++;
      const ps = bWord(b, VB_PRED_START), pc = bWord(b, VB_PRED_COUNT);
      for (let k = 0; k < pc; k++) {
        const p = edge(ps + k);
        if (ldw(defMark, p) != stamp && ldw(inStamp, p) != stamp) {
          stw(inStamp, p, stamp);
          stw(stack, sp++, p);
        }
      }
    }
  }
  // Group by block.
  liveInStart = raWords(numBlocks + 1);
  for (let k = 0; k < nPairs; k++) {
    const b = ldw(pairs, k << 1);
    stw(liveInStart, b + 1, ldw(liveInStart, b + 1) + 1);
  }
  for (let b = 0; b < numBlocks; b++) stw(liveInStart, b + 1, ldw(liveInStart, b + 1) + ldw(liveInStart, b));
  liveInTotal = nPairs;
  liveInV = raAllocRaw(<usize>max(nPairs, 1) << 2);
  const fill = raAllocRaw(<usize>max(numBlocks, 1) << 2);
  memory.copy(fill, liveInStart, <usize>numBlocks << 2);
  for (let k = 0; k < nPairs; k++) {
    const b = ldw(pairs, k << 1);
    const at = ldw(fill, b);
    const v = ldw(pairs, (k << 1) + 1);
    stw(liveInV, at, v);
    stw(fill, b, at + 1);
    if (ldw(blockHasCall, b) != 0) stw(vrCross, v, 1);
  }
}

let sortedBlocks: usize = 0;

/** Counting sort of n (block, vreg) pairs by vreg: returns the start of each vreg's group
 *  (numVregs + 1 words); the blocks, grouped, are in sortedBlocks. */
function groupByVreg(pairs: usize, n: i32): usize {
  const start = raWords(numVregs + 1);
  for (let k = 0; k < n; k++) {
    const v = ldw(pairs, (k << 1) + 1);
    stw(start, v + 1, ldw(start, v + 1) + 1);
  }
  for (let v = 0; v < numVregs; v++) stw(start, v + 1, ldw(start, v + 1) + ldw(start, v));
  const fill = raAllocRaw(<usize>max(numVregs, 1) << 2);
  memory.copy(fill, start, <usize>numVregs << 2);
  sortedBlocks = raAllocRaw(<usize>max(n, 1) << 2);
  for (let k = 0; k < n; k++) {
    const v = ldw(pairs, (k << 1) + 1);
    const at = ldw(fill, v);
    stw(sortedBlocks, at, ldw(pairs, k << 1));
    stw(fill, v, at + 1);
  }
  return start;
}
