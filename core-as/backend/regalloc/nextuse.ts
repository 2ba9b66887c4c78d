// Next uses: one backward pass over a block's normalised operands, run by allocate.ts right
// before it allocates the block. For every operand it records when the value it reads or writes
// is read next: all the forward allocator needs to free registers at last uses and to evict the
// value read farthest in the future (Belady) when registers run out.
//
// Invariants after nextUsesOfBlock(b), for b's operands:
// - opNext[k] for a read (USE) is the index of the next instruction of the block that reads the
//   same value, NU_FAR when the value is live out of the block with no further read in it, and
//   NU_DEAD when this read is its last one (the vreg is dead after the instruction, or redefined
//   by it); for a def or MOD it is the first read of the value written (NU_DEAD: never read);
// - opHint[k] (defs and MODs) is 1 + the global register (class * 16 + number) of the first fixed
//   read of the value written, looking past plain reads, 0 when there is none in the block; a
//   move (VI_F_MOVE) whose source dies passes its destination's hint on to the source;
// - firstRead(v) for a vreg live into b is its first read in b, NU_FAR when it is only live
//   through (valid until the next block's pass);
// - vrCross[v] (liveness.ts) is also set when a value of v lives across a clobbering
//   instruction inside b (between its def and a later read or the block end).
// Live-out membership comes from the successors' live-in bit rows (or, for large functions,
// from their live-in lists), never from a per-vreg initialisation.
import { VI_CLOBBERS, VI_FLAGS, VI_F_MOVE, OP_USE, OP_DEF, OPC_FIXED, VB_SUCC_START, VB_SUCC_COUNT } from "../../shared/vcode-layout";
import { raWords, raAllocRaw, ldw, stw } from "./mem";
import {
  numVregs, numOps, bStart, bEnd, bWord, iOpStart, iOpCount, iWord, norm, nVreg, nKind, nCons, nArg, vregClass, edge,
} from "./input";
import { liveInStart, liveInV, liveBits, liveRows, liveWords, vrCross } from "./liveness";

export const NU_DEAD: i32 = -1;
export const NU_FAR: i32 = 0x3fffffff;

export let opNext: usize = 0;
export let opHint: usize = 0;

// Per-vreg state of the current pass: st[v] == stamp: live, read next at nr[v]; == -stamp:
// redefined below without a read (dead); otherwise not mentioned below: live iff live out.
let st: usize = 0;
let nr: usize = 0;
let hintR: usize = 0;
let cc: usize = 0; // clobbering instructions at or after nr[v]
let pn: usize = 0; // opNext found by the first of two reads of v in one instruction
let outRow: usize = 0;
let outStamp: usize = 0;
let stamp: i32 = 0;

export function nextUsesSetup(): void {
  opNext = raAllocRaw(<usize>max(numOps, 1) << 2);
  opHint = raAllocRaw(<usize>max(numOps, 1) << 2);
  st = raWords(numVregs);
  nr = raAllocRaw(<usize>max(numVregs, 1) << 2);
  hintR = raAllocRaw(<usize>max(numVregs, 1) << 2);
  cc = raAllocRaw(<usize>max(numVregs, 1) << 2);
  pn = raAllocRaw(<usize>max(numVregs, 1) << 2);
  outRow = raAllocRaw(<usize>max(liveWords, 1) << 2);
  outStamp = liveBits ? 0 : raWords(numVregs);
  stamp = 0;
}

@inline function liveOut(v: i32): bool {
  if (liveBits) return (load<i32>(outRow + (<usize>(v >> 5) << 2)) & (1 << (v & 31))) != 0;
  return ldw(outStamp, v) == stamp;
}

/** The first read of v in the block of the last pass (v live into it), or NU_FAR. */
@inline export function firstRead(v: i32): i32 {
  return ldw(st, v) == stamp ? ldw(nr, v) : NU_FAR;
}

export function nextUsesOfBlock(b: i32): void {
  stamp++;
  const s = bStart(b), e = bEnd(b);
  // Live out: the union of the successors' live-in sets.
  const sc = bWord(b, VB_SUCC_COUNT), ss = bWord(b, VB_SUCC_START);
  if (liveBits) {
    const bytes = <usize>liveWords << 2;
    if (sc == 0) memory.fill(outRow, 0, bytes);
    else {
      memory.copy(outRow, liveRows + <usize>edge(ss) * bytes, bytes);
      for (let j = 1; j < sc; j++) {
        const r = liveRows + <usize>edge(ss + j) * bytes;
        for (let x: usize = 0; x < bytes; x += 4) store<i32>(outRow + x, load<i32>(outRow + x) | load<i32>(r + x));
      }
    }
  } else {
    for (let j = 0; j < sc; j++) {
      const t = edge(ss + j);
      for (let x = ldw(liveInStart, t), x1 = ldw(liveInStart, t + 1); x < x1; x++) stw(outStamp, ldw(liveInV, x), stamp);
    }
  }
  let calls = 0; // clobbering instructions after the current one
  for (let i = e - 1; i >= s; i--) {
    const os = iOpStart(i), oc = iOpCount(i);
    const isCall = iWord(i, VI_CLOBBERS) != 0;
    if (oc == 0) {
      if (isCall) calls++;
      continue;
    }
    // Defs and MODs: the value written is read next at nr[v]; then v is dead above them.
    let moveHint = 0;
    for (let k = 0; k < oc; k++) {
      const w = norm(os + k);
      if (nKind(w) == OP_USE) continue;
      const v = nVreg(w);
      const sv = ldw(st, v);
      let next = NU_DEAD, h = 0;
      if (sv == stamp) {
        next = ldw(nr, v);
        h = ldw(hintR, v);
        if (calls > ldw(cc, v)) stw(vrCross, v, 1);
      } else if (sv != -stamp && liveOut(v)) {
        next = NU_FAR;
        if (calls > 0) stw(vrCross, v, 1);
      }
      stw(opNext, os + k, next);
      stw(opHint, os + k, h);
      if (k == 0) moveHint = h;
      stw(st, v, -stamp);
    }
    // Reads: next read of the value read (dead if the instruction redefines it); then each read
    // makes its vreg live above the instruction. A vreg read twice here finds nr[v] == i at its
    // second read: pn[v] keeps what the first one found.
    const here = calls + (isCall ? 1 : 0);
    const isMove = (iWord(i, VI_FLAGS) & VI_F_MOVE) != 0 && oc >= 2;
    for (let k = 0; k < oc; k++) {
      const w = norm(os + k);
      const kind = nKind(w);
      if (kind == OP_DEF) continue;
      const v = nVreg(w);
      const sv = ldw(st, v);
      let live = false;
      let hPrev = 0;
      if (kind == OP_USE) {
        let next = NU_DEAD;
        if (sv == stamp) {
          live = true;
          hPrev = ldw(hintR, v);
          next = ldw(nr, v);
          if (next == i) next = ldw(pn, v);
          else if (calls > ldw(cc, v)) stw(vrCross, v, 1);
        } else if (sv != -stamp && liveOut(v)) {
          live = true;
          next = NU_FAR;
          if (calls > 0) stw(vrCross, v, 1);
        }
        stw(opNext, os + k, next);
        stw(pn, v, next);
      } else {
        stw(pn, v, ldw(opNext, os + k));
      }
      let h = 0;
      if (nCons(w) == OPC_FIXED) h = ((vregClass(v) << 4) | nArg(w)) + 1;
      else if (live) h = hPrev;
      else if (isMove && k == 1 && kind == OP_USE) h = moveHint;
      stw(hintR, v, h);
      stw(st, v, stamp);
      stw(nr, v, i);
      stw(cc, v, here);
    }
    if (isCall) calls++;
  }
}
