// Liveness of non-SSA vregs: the live-in set of every block (a bit row per block, or for large
// functions a list per block), a processing order of the blocks, and which vregs live into
// blocks that contain calls (V_TRAITS: a hint for callee-saved registers).
//
// Two ways to the same fixpoint, chosen by size:
// - bit vectors (blocks x vreg words small): upward-exposed uses and defs per block (from input.ts),
//   then the classic backward dataflow in postorder, 32 vregs per word operation;
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
import { raWords, raAllocRaw, copyWords, ldw, stw } from "./mem";
import { setCross } from "./vregs";
import {
  numBlocks, numVregs, bWord, bStart, bEnd, iOpCount, edge, blockHasCall, useBits, genRows, killRows, uePairs, numUePairs,
  defPairs, numDefPairs,
} from "./input";

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
/** Processing order: layout order (orderIsLayout), layout order with critical-edge blocks moved
 *  in front of their targets, or a reverse postorder. */
export let orderIsLayout: bool = true;
export let rpoOrder: usize = 0;
export let rpoIdx: usize = 0;
export let numReachable: i32 = 0;
/** Whether some edge goes to a block not after its source in processing order (a loop). */
export let hasBackEdge: bool = false;
/** Per block: 1 when some predecessor comes at or after it in processing order (a loop header). */
export let blockHeader: usize = 0;
/** Edges p -> q with q laid out at or before p, as (p, q) pairs: where a vreg can be live outside
 *  the span of its mentions (spill-slot hulls). */
export let backEdges: usize = 0;
export let numBackEdges: i32 = 0;
let backEdgeCap: i32 = 0;

function addBackEdge(p: i32, q: i32): void {
  if (numBackEdges == backEdgeCap) {
    const cap = max(16, backEdgeCap * 2);
    const n = raAllocRaw(<usize>cap << 3);
    if (numBackEdges > 0) memory.copy(n, backEdges, <usize>numBackEdges << 3);
    backEdges = n;
    backEdgeCap = cap;
  }
  stw(backEdges, numBackEdges << 1, p);
  stw(backEdges, (numBackEdges << 1) + 1, q);
  numBackEdges++;
}

/** Whether block b is a lone operand-less jump (a critical-edge block): it mentions no vreg, and
 *  what is live in it is what is live into its successor. */
function isJumpBlock(b: i32): bool {
  const s = bStart(b);
  return bEnd(b) == s + 1 && iOpCount(s) == 0 && bWord(b, VB_SUCC_COUNT) == 1;
}

function hasPlacedPred(b: i32, placed: usize): bool {
  const ps = bWord(b, VB_PRED_START), pc = bWord(b, VB_PRED_COUNT);
  for (let k = 0; k < pc; k++) if (ldw(placed, edge(ps + k)) != 0) return true;
  return false;
}

function place(b: i32, k: i32, placed: usize): void {
  stw(rpoOrder, k, b);
  stw(rpoIdx, b, k);
  stw(placed, b, 1);
}

function computeOrder(): void {
  rpoOrder = raAllocRaw(<usize>numBlocks << 2);
  rpoIdx = raAllocRaw(<usize>numBlocks << 2);
  blockHeader = raWords(numBlocks);
  numBackEdges = 0;
  // Layout order serves when every block but the entry has a predecessor laid out before it, or
  // gets one by moving a critical-edge block (instruction selection lays those out last) in front
  // of its target: then all blocks are reachable and each has a processed predecessor when it
  // comes. The common case, found without a search.
  const placed = raWords(numBlocks);
  let k = 0;
  let moved = false;
  let ok = true;
  for (let b = 0; b < numBlocks; b++) {
    if (ldw(placed, b) != 0) continue;
    if (b > 0 && !hasPlacedPred(b, placed)) {
      let found = -1;
      const ps = bWord(b, VB_PRED_START), pc = bWord(b, VB_PRED_COUNT);
      for (let j = 0; j < pc; j++) {
        const p = edge(ps + j);
        if (ldw(placed, p) == 0 && isJumpBlock(p) && hasPlacedPred(p, placed)) {
          found = p;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      place(found, k++, placed);
      moved = true;
    }
    place(b, k++, placed);
  }
  orderIsLayout = ok && !moved;
  if (ok) numReachable = numBlocks;
  else dfsOrder();
  // Loop headers: a predecessor comes at or after the block in processing order. Edges backward
  // in layout order, for the spill-slot hulls (from critical-edge blocks too: such an edge closes
  // a loop through the blocks laid out between its target and itself).
  hasBackEdge = false;
  for (let b = 0; b < numBlocks; b++) {
    const me = ldw(rpoIdx, b);
    const ps = bWord(b, VB_PRED_START), pc = bWord(b, VB_PRED_COUNT);
    for (let j = 0; j < pc; j++) {
      const p = edge(ps + j);
      if (ldw(rpoIdx, p) >= me) {
        stw(blockHeader, b, 1);
        hasBackEdge = true;
      }
      if (p >= b) addBackEdge(p, b);
    }
  }
}

/** Reverse postorder of the blocks reachable from the entry, then the others in layout order. */
function dfsOrder(): void {
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

/** The k-th block in processing order. */
@inline export function orderAt(k: i32): i32 {
  return ldw(rpoOrder, k);
}

/** Position of block b in processing order. */
@inline export function orderIdx(b: i32): i32 {
  return ldw(rpoIdx, b);
}

let outRow: usize = 0;
let outStamp: usize = 0;
let outStampN: i32 = 0;

/** Makes isLiveOut(v) answer for block b: the union of its successors' live-in sets. */
export function prepareLiveOut(b: i32): void {
  const sc = bWord(b, VB_SUCC_COUNT), ss = bWord(b, VB_SUCC_START);
  if (liveBits) {
    if (liveWords == 1) {
      let out: u64 = 0;
      for (let j = 0; j < sc; j++) out |= load<u64>(liveRows + (<usize>edge(ss + j) << 3));
      store<u64>(outRow, out);
      return;
    }
    const bytes = <usize>liveWords << 3;
    for (let x: usize = 0; x < bytes; x += 8) store<u64>(outRow + x, 0);
    for (let j = 0; j < sc; j++) {
      const r = liveRows + <usize>edge(ss + j) * bytes;
      for (let x: usize = 0; x < bytes; x += 8) store<u64>(outRow + x, load<u64>(outRow + x) | load<u64>(r + x));
    }
    return;
  }
  outStampN++;
  for (let j = 0; j < sc; j++) {
    const t = edge(ss + j);
    for (let x = ldw(liveInStart, t), x1 = ldw(liveInStart, t + 1); x < x1; x++) stw(outStamp, ldw(liveInV, x), outStampN);
  }
}

/** Whether v is live out of the block of the last prepareLiveOut(). */
@inline export function isLiveOut(v: i32): bool {
  if (liveBits) return ((load<u64>(outRow + (<usize>(v >> 6) << 3)) >> <u64>(v & 63)) & 1) != 0;
  return ldw(outStamp, v) == outStampN;
}

/** Makes isLiveIn(t, v) answer for block t (list form: marks t's live-in vregs). */
export function prepareLiveIn(t: i32): void {
  if (liveBits) return;
  lmarkStamp++;
  for (let x = ldw(liveInStart, t), x1 = ldw(liveInStart, t + 1); x < x1; x++) stw(lmark, ldw(liveInV, x), lmarkStamp);
}

/** Whether v is live into block t (after prepareLiveIn(t) in list form). */
@inline export function isLiveIn(t: i32, v: i32): bool {
  if (liveBits) return ((load<u64>(liveRows + ((<usize>t * <usize>liveWords + <usize>(v >> 6)) << 3)) >> <u64>(v & 63)) & 1) != 0;
  return ldw(lmark, v) == lmarkStamp;
}

/** Calls f(v, a, b2) for every vreg v live into block t. */
export function forLiveIn(t: i32, f: (v: i32, a: i32, b2: i32) => void, a: i32, b2: i32): void {
  if (liveBits) {
    const row = liveRows + ((<usize>t * <usize>liveWords) << 3);
    for (let x = 0; x < liveWords; x++) {
      for (let m = load<u64>(row + (<usize>x << 3)); m != 0; m &= m - 1) f((x << 6) | <i32>ctz(m), a, b2);
    }
  } else {
    for (let x = ldw(liveInStart, t), x1 = ldw(liveInStart, t + 1); x < x1; x++) f(ldw(liveInV, x), a, b2);
  }
}

export function computeLiveness(): void {
  backEdgeCap = 0;
  computeOrder();
  const words = (numVregs + 63) >> 6;
  liveBits = useBits;
  liveWords = words;
  outRow = raAllocRaw(<usize>max(words, 1) << 3);
  if (liveBits) livenessBits(words);
  else {
    livenessSparse();
    lmark = raWords(numVregs);
    lmarkStamp = 0;
    outStamp = raWords(numVregs);
    outStampN = 0;
  }
}

// ---- Bit vectors.

function livenessBits(words: i32): void {
  const n = <usize>numBlocks * <usize>words;
  const gen = genRows;
  const kill = killRows;
  const live = raAllocRaw(n << 3); // live-in rows, 64 vregs per word
  const rowBytes = <usize>words << 3;
  // Postorder until nothing changes; live-in = gen | (out & ~kill), starting from live-in = gen.
  // Without loops one pass is the fixpoint.
  copyWords(live, gen, <i32>n << 1);
  if (words == 1) {
    // One word per row (at most 64 vregs, most methods): rows in locals.
    for (let changed = true; changed; ) {
      changed = false;
      for (let k = numBlocks - 1; k >= 0; k--) {
        const b = orderAt(k);
        const sc = bWord(b, VB_SUCC_COUNT), ss = bWord(b, VB_SUCC_START);
        if (sc == 0) continue;
        let out: u64 = 0;
        for (let j = 0; j < sc; j++) out |= load<u64>(live + (<usize>edge(ss + j) << 3));
        const p = <usize>b << 3;
        const nv = load<u64>(gen + p) | (out & ~load<u64>(kill + p));
        if (nv != load<u64>(live + p)) {
          store<u64>(live + p, nv);
          changed = true;
        }
      }
      if (!hasBackEdge) break;
    }
  } else {
    const out = raAllocRaw(rowBytes);
    for (let changed = true; changed; ) {
      changed = false;
      for (let k = numBlocks - 1; k >= 0; k--) {
        const b = orderAt(k);
        const sc = bWord(b, VB_SUCC_COUNT), ss = bWord(b, VB_SUCC_START);
        if (sc == 0) continue;
        const s0 = live + <usize>edge(ss) * rowBytes;
        for (let x: usize = 0; x < rowBytes; x += 8) store<u64>(out + x, load<u64>(s0 + x));
        for (let j = 1; j < sc; j++) {
          const r = live + <usize>edge(ss + j) * rowBytes;
          for (let x: usize = 0; x < rowBytes; x += 8) store<u64>(out + x, load<u64>(out + x) | load<u64>(r + x));
        }
        const g = gen + <usize>b * rowBytes, d = kill + <usize>b * rowBytes, l = live + <usize>b * rowBytes;
        for (let x: usize = 0; x < rowBytes; x += 8) {
          const nv = load<u64>(g + x) | (load<u64>(out + x) & ~load<u64>(d + x));
          if (nv != load<u64>(l + x)) {
            store<u64>(l + x, nv);
            changed = true;
          }
        }
      }
      if (!hasBackEdge) break;
    }
  }
  liveRows = live;
  // Vregs live into a block with a call.
  for (let x = 0; x < words; x++) {
    let m: u64 = 0;
    for (let b = 0; b < numBlocks; b++) {
      if (ldw(blockHasCall, b) != 0) m |= load<u64>(live + <usize>b * rowBytes + (<usize>x << 3));
    }
    for (; m != 0; m &= m - 1) setCross((x << 6) | <i32>ctz(m));
  }
}

// ---- Per variable.

function livenessSparse(): void {
  // Upward-exposed (block, vreg) pairs and def pairs from input.ts, grouped by vreg.
  const ueB = uePairs, nUe = numUePairs, defB = defPairs, nDef = numDefPairs;
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
    if (ldw(blockHasCall, b) != 0) setCross(v);
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
