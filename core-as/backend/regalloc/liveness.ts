// Liveness of non-SSA vregs, per variable: for every vreg, walk backwards from the blocks that use
// it before defining it ("upward-exposed" uses) through predecessors, stopping at blocks that
// define it. This is the classic iterative dataflow's fixpoint computed one variable at a time:
// each (vreg, block) pair is visited at most once, so the cost is proportional to the size of the
// answer (sum of live-in sets), not to blocks × vregs as with bit vectors.
//
// Invariants on return:
// - liveIn(b) lists each vreg live at b's start exactly once; liveOut(b) each vreg live at its end
//   exactly once (= union of the successors' live-in sets);
// - a use that is reused by a two-address def, and MOD operands, count as uses; within an
//   instruction all uses are read before any def is written.
import { VB_PRED_START, VB_PRED_COUNT, OP_USE, OP_DEF } from "../../shared/vcode-layout";
import { raWords, ldw, stw } from "./mem";
import { numBlocks, numVregs, bStart, bEnd, bWord, iOpStart, iOpCount, norm, nVreg, nKind, edge } from "./input";

/** List nodes: [value, next] pairs; index 0 is the null node. */
let nodes: usize = 0;
let nodeCap: i32 = 0;
let nodeCount: i32 = 0;

/** Head node of each block's live-in / live-out list. */
export let liveInHead: usize = 0;
export let liveOutHead: usize = 0;

@inline export function listValue(n: i32): i32 { return ldw(nodes, n << 1); }
@inline export function listNext(n: i32): i32 { return ldw(nodes, (n << 1) + 1); }

/** Number of list nodes in use (node indices are below it). */
export function listNodeCount(): i32 {
  return nodeCount;
}

function push(head: i32, value: i32): i32 {
  if (nodeCount == nodeCap) {
    const cap = nodeCap * 2;
    const q = raWords(cap * 2);
    memory.copy(q, nodes, <usize>nodeCap << 3);
    nodes = q;
    nodeCap = cap;
  }
  const n = nodeCount++;
  stw(nodes, n << 1, value);
  stw(nodes, (n << 1) + 1, head);
  return n;
}

export function computeLiveness(): void {
  nodeCap = 1024;
  while (nodeCap < numVregs * 2 + numBlocks * 2) nodeCap <<= 1;
  nodes = raWords(nodeCap * 2);
  nodeCount = 1;
  liveInHead = raWords(numBlocks);
  liveOutHead = raWords(numBlocks);

  // Upward-exposed uses and def blocks per vreg, as lists.
  const ueHead = raWords(numVregs);
  const defHead = raWords(numVregs);
  const ueStamp = raWords(numVregs);
  const defStamp = raWords(numVregs);
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
          stw(ueHead, v, push(ldw(ueHead, v), b));
        }
      }
      for (let k = 0; k < oc; k++) {
        const w = norm(os + k);
        if (nKind(w) == OP_USE) continue;
        const v = nVreg(w);
        if (ldw(defStamp, v) != stamp) {
          stw(defStamp, v, stamp);
          stw(defHead, v, push(ldw(defHead, v), b));
        }
      }
    }
  }

  // Backward walk per vreg. Stamps are v + 1, so no clearing between vregs.
  const inStamp = raWords(numBlocks);
  const outStamp = raWords(numBlocks);
  const defMark = raWords(numBlocks);
  const stack = raWords(numBlocks);
  for (let v = 0; v < numVregs; v++) {
    let n = ldw(ueHead, v);
    if (n == 0) continue;
    const stamp = v + 1;
    for (let d = ldw(defHead, v); d != 0; d = listNext(d)) stw(defMark, listValue(d), stamp);
    let sp = 0;
    for (; n != 0; n = listNext(n)) {
      const b = listValue(n);
      stw(inStamp, b, stamp);
      stw(liveInHead, b, push(ldw(liveInHead, b), v));
      stw(stack, sp++, b);
    }
    while (sp > 0) {
      const b = ldw(stack, --sp);
      const ps = bWord(b, VB_PRED_START), pc = bWord(b, VB_PRED_COUNT);
      for (let k = 0; k < pc; k++) {
        const p = edge(ps + k);
        if (ldw(outStamp, p) != stamp) {
          stw(outStamp, p, stamp);
          stw(liveOutHead, p, push(ldw(liveOutHead, p), v));
        }
        if (ldw(defMark, p) != stamp && ldw(inStamp, p) != stamp) {
          stw(inStamp, p, stamp);
          stw(liveInHead, p, push(ldw(liveInHead, p), v));
          stw(stack, sp++, p);
        }
      }
    }
  }
}
