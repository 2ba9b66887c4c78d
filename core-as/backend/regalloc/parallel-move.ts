// Parallel moves and the edit list. The allocator collects the moves that happen at one point
// (all reads before all writes) and this file turns them into an ordered list of edits whose
// sequential execution has the same effect:
// - a move is emitted once nothing still pending reads its destination (a reader count per
//   location; fan-out from one source is fine);
// - when only cycles remain, one location of a cycle is saved in the class's scratch register
//   (R11 / XMM15) and its reader is redirected to the scratch;
// - a stack-to-stack move goes through the scratch register; within a cycle the break point is
//   chosen so the one stack-to-stack move, if any, is the one redirected to read the scratch
//   (two stack-to-stack moves in one cycle would need a second temporary: RA_ERR_BAD_INPUT; the
//   allocator never makes them, since all children of a vreg share one slot).
// Invariants: destinations of one parallel move are distinct; the scratch register holds a saved
// value only between a cycle break and the move that reads it.
import {
  ALLOC_REG, ALLOC_STACK, ALLOC_KIND_SHIFT, ALLOC_INDEX_MASK, GPR_SCRATCH, XMM_SCRATCH, CLASS_GPR,
  RE_INST, RE_POINT, RE_BEFORE, RE_FROM, RE_TO, RE_CLASS, RE_WORDS, RA_OK, RA_ERR_BAD_INPUT,
} from "../../shared/vcode-layout";
import { raAllocRaw, raPersistentWords, ldw, stw } from "./mem";

// ---- Edit output: a growable buffer of RE_WORDS-word edits (regalloc.ts copies it out).
export let editsPtr: usize = 0;
let editCap: i32 = 0;
export let editCount: i32 = 0;
export let statSpills: i32 = 0;
export let statReloads: i32 = 0;
export let statMoves: i32 = 0;
/** Registers written by edits, GPR in bits 0-15 (for the callee-saved report). */
export let editRegsWritten: i32 = 0;
/** Starts an edit list at `ptr` with room for `cap` edits; grows when more come (cap > 0). */
export function editsInit(ptr: usize, cap: i32): void {
  editsPtr = ptr;
  editCap = cap;
  editCount = 0;
  statSpills = 0;
  statReloads = 0;
  statMoves = 0;
  editRegsWritten = 0;
}

@inline function isStack(a: i32): bool { return (a >>> ALLOC_KIND_SHIFT) == ALLOC_STACK; }

function growEdits(): void {
  const cap = editCap * 2;
  const q = raAllocRaw(<usize>cap * RE_WORDS * 4);
  memory.copy(q, editsPtr, <usize>editCount * RE_WORDS * 4);
  editsPtr = q;
  editCap = cap;
}

function emit(inst: i32, from: i32, to: i32, cls: i32): void {
  if (editCount == editCap) growEdits();
  const p = editsPtr + <usize>editCount * RE_WORDS * 4;
  store<i32>(p + RE_INST * 4, inst);
  store<i32>(p + RE_POINT * 4, RE_BEFORE);
  store<i32>(p + RE_FROM * 4, from);
  store<i32>(p + RE_TO * 4, to);
  store<i32>(p + RE_CLASS * 4, cls);
  editCount++;
  const fs = isStack(from), ts = isStack(to);
  if (fs) statReloads++;
  else if (ts) statSpills++;
  else statMoves++;
  if (!ts && cls == CLASS_GPR) editRegsWritten |= 1 << (to & 15);
}

// ---- Pending moves of the current point.
let mSrc: usize = 0;
let mDst: usize = 0;
let mCls: usize = 0;
let mDone: usize = 0;
let mCap: i32 = 0;
let mCount: i32 = 0;
let readers: usize = 0;
let readStamp: usize = 0;
let writer: usize = 0;
let writeStamp: usize = 0;
let ready: usize = 0;
let serial: i32 = 0;
let keyCount: i32 = 0;

let keyCap: i32 = 0;

/** Per-run setup: `slots` spill slots exist. The arrays are kept across runs (stamped by
 *  `serial`, which keeps counting), so a run zeroes nothing. */
export function pmSetup(slots: i32): void {
  keyCount = 32 + slots;
  if (keyCount > keyCap || serial > 0x3fffffff) {
    keyCap = max(keyCount, keyCap * 2);
    readers = raPersistentWords(keyCap);
    readStamp = raPersistentWords(keyCap);
    writer = raPersistentWords(keyCap);
    writeStamp = raPersistentWords(keyCap);
    serial = 0;
  }
  if (mCap == 0) growMoves(64);
  mCount = 0;
}

function growMoves(cap: i32): void {
  const a = raPersistentWords(cap), b = raPersistentWords(cap), c = raPersistentWords(cap);
  if (mCount > 0) {
    memory.copy(a, mSrc, <usize>mCount << 2);
    memory.copy(b, mDst, <usize>mCount << 2);
    memory.copy(c, mCls, <usize>mCount << 2);
  }
  mSrc = a;
  mDst = b;
  mCls = c;
  mDone = raPersistentWords(cap);
  ready = raPersistentWords(cap);
  mCap = cap;
}

@inline function key(a: i32, cls: i32): i32 {
  return isStack(a) ? 32 + (a & ALLOC_INDEX_MASK) : (cls << 4) | (a & 15);
}

@inline function scratchOf(cls: i32): i32 {
  return (ALLOC_REG << ALLOC_KIND_SHIFT) | (cls == CLASS_GPR ? GPR_SCRATCH : XMM_SCRATCH);
}

export function pmAdd(src: i32, dst: i32, cls: i32): void {
  if (src == dst) return;
  if (mCount == mCap) growMoves(mCap * 2);
  stw(mSrc, mCount, src);
  stw(mDst, mCount, dst);
  stw(mCls, mCount, cls);
  mCount++;
}

@inline function readersOf(k: i32): i32 {
  return ldw(readStamp, k) == serial ? ldw(readers, k) : 0;
}

let scratchBusy: i32 = 0; // bit per class

function emitMove(inst: i32, src: i32, dst: i32, cls: i32): bool {
  if (isStack(src) && isStack(dst)) {
    if ((scratchBusy >> cls) & 1) return false;
    const t = scratchOf(cls);
    emit(inst, src, t, cls);
    emit(inst, t, dst, cls);
    return true;
  }
  emit(inst, src, dst, cls);
  return true;
}

/** Whether the n pending moves neither read a location another one writes nor write one
 *  location twice (registers through masks, slots pairwise). */
function independent(n: i32): bool {
  let srcRegs = 0, dstRegs = 0;
  for (let m = 0; m < n; m++) {
    const c = ldw(mCls, m);
    const s = ldw(mSrc, m), d = ldw(mDst, m);
    if (isStack(d)) {
      for (let j = 0; j < n; j++) if (j != m && (ldw(mSrc, j) == d || (j < m && ldw(mDst, j) == d))) return false;
    } else {
      const b = 1 << ((c << 4) | (d & 15));
      if ((dstRegs & b) != 0) return false;
      dstRegs |= b;
    }
    if (!isStack(s)) srcRegs |= 1 << ((c << 4) | (s & 15));
  }
  return (srcRegs & dstRegs) == 0;
}

/** Emits the pending moves as edits before instruction `inst` and clears them. */
@inline export function pmFlush(inst: i32): i32 {
  return mCount == 0 ? RA_OK : pmFlushMoves(inst);
}

function pmFlushMoves(inst: i32): i32 {
  const n0 = mCount;
  mCount = 0;
  if (n0 == 0) return RA_OK;
  scratchBusy = 0;
  if (n0 == 1) {
    // One move: no order to find (a stack-to-stack one goes through the scratch register).
    emitMove(inst, ldw(mSrc, 0), ldw(mDst, 0), ldw(mCls, 0));
    return RA_OK;
  }
  if (n0 <= 8 && independent(n0)) {
    // No move writes what another reads, no destination twice: any order is right.
    for (let m = 0; m < n0; m++) emitMove(inst, ldw(mSrc, m), ldw(mDst, m), ldw(mCls, m));
    return RA_OK;
  }
  serial++;
  let n = 0;
  for (let m = 0; m < n0; m++) {
    const c = ldw(mCls, m);
    const src = ldw(mSrc, m), dst = ldw(mDst, m);
    const kd = key(dst, c);
    if (ldw(writeStamp, kd) == serial) {
      // The same value wanted twice in one place (e.g. one vreg in two STACK operands) is one move.
      if (ldw(mSrc, ldw(writer, kd)) == src) continue;
      return RA_ERR_BAD_INPUT; // two different values into one location
    }
    stw(mSrc, n, src);
    stw(mDst, n, dst);
    stw(mCls, n, c);
    stw(writeStamp, kd, serial);
    stw(writer, kd, n);
    const ks = key(src, c);
    stw(readers, ks, readersOf(ks) + 1);
    stw(readStamp, ks, serial);
    stw(mDone, n, 0);
    n++;
  }
  let nr = 0;
  for (let m = 0; m < n; m++) {
    if (readersOf(key(ldw(mDst, m), ldw(mCls, m))) == 0) stw(ready, nr++, m);
  }
  let pending = n;
  while (pending > 0) {
    while (nr > 0) {
      const m = ldw(ready, --nr);
      const src = ldw(mSrc, m), dst = ldw(mDst, m), c = ldw(mCls, m);
      if (!emitMove(inst, src, dst, c)) return RA_ERR_BAD_INPUT;
      stw(mDone, m, 1);
      pending--;
      if (src == scratchOf(c)) {
        scratchBusy &= ~(1 << c);
        continue;
      }
      const ks = key(src, c);
      const r = readersOf(ks) - 1;
      stw(readers, ks, r);
      if (r == 0 && ldw(writeStamp, ks) == serial) {
        const w = ldw(writer, ks);
        if (ldw(mDone, w) == 0) stw(ready, nr++, w);
      }
    }
    if (pending == 0) break;
    // Only cycles remain. Prefer to redirect a stack-to-stack move to read the scratch.
    let m = -1;
    let p = 0;
    for (let k = 0; k < n; k++) {
      if (ldw(mDone, k) != 0) continue;
      if (m < 0) {
        m = k;
        p = ldw(mDst, k);
      }
      const s = ldw(mSrc, k);
      if (isStack(s) && isStack(ldw(mDst, k))) {
        const c = ldw(mCls, k);
        m = ldw(writer, key(s, c));
        p = s;
        break;
      }
    }
    const c = ldw(mCls, m);
    const t = scratchOf(c);
    emit(inst, p, t, c);
    scratchBusy |= 1 << c;
    for (let k = 0; k < n; k++) {
      if (ldw(mDone, k) == 0 && ldw(mSrc, k) == p && ldw(mCls, k) == c) stw(mSrc, k, t);
    }
    stw(readers, key(p, c), 0);
    stw(ready, nr++, m);
  }
  return RA_OK;
}
