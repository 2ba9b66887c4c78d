// Working memory of the register allocator: one private bump region, reset at the start of every
// run and reused by the next, so a run in the steady state takes nothing from the heap and never
// touches the backend arena (whose lifetime belongs to the caller's batch).
//
// Invariants: every pointer is 8-byte aligned and valid until the next raMemReset(); a region is
// never moved (the stub runtime's heap.alloc does not move or free), so growing starts a fresh,
// larger region and earlier pointers of the same run stay valid.

let regionBase: usize = 0;
let regionTop: usize = 0;
let regionLimit: usize = 0;

/** Forgets everything allocated since the last reset (start of a run). */
export function raMemReset(): void {
  regionTop = regionBase;
}

/** `bytes` of uninitialised memory. */
export function raAllocRaw(bytes: usize): usize {
  const size = (bytes + 7) & ~<usize>7;
  if (regionTop + size > regionLimit) {
    const cap = max<usize>(size * 2, (regionLimit - regionBase) * 2 + (1 << 20));
    regionBase = (heap.alloc(cap + 8) + 7) & ~<usize>7;
    regionTop = regionBase;
    regionLimit = regionBase + cap;
  }
  const p = regionTop;
  regionTop += size;
  return p;
}

/** n zeroed i32 words that outlive the run (scratch kept across runs; the stub runtime never
 *  frees, so callers grow geometrically and keep their arrays). */
export function raPersistentWords(n: i32): usize {
  const bytes = (<usize>max(n, 1) << 2) + 8;
  const p = (heap.alloc(bytes) + 7) & ~<usize>7;
  memory.fill(p, 0, <usize>max(n, 1) << 2);
  return p;
}

/** `bytes` of zeroed memory. */
export function raAlloc(bytes: usize): usize {
  const p = raAllocRaw(bytes);
  zeroBytes(p, (bytes + 7) & ~<usize>7);
  return p;
}

// Small copies and fills as loops: the engine's bulk-memory instructions go through a call that
// costs more than a few dozen words of plain stores.

/** Zeroes `bytes` (a multiple of 8) at p (8-byte aligned). */
export function zeroBytes(p: usize, bytes: usize): void {
  if (bytes > 512) {
    memory.fill(p, 0, bytes);
    return;
  }
  for (let q = p, end = p + bytes; q < end; q += 8) store<u64>(q, 0);
}

/** Copies n i32 words from src to dst (non-overlapping). */
export function copyWords(dst: usize, src: usize, n: i32): void {
  if (n > 128) {
    memory.copy(dst, src, <usize>n << 2);
    return;
  }
  for (let k = 0; k < n; k++) stw(dst, k, ldw(src, k));
}

/** n zeroed i32 words. */
export function raWords(n: i32): usize {
  return raAlloc(<usize>max(n, 1) << 2);
}

/** n i32 words filled with `v`. */
export function raWordsFilled(n: i32, v: i32): usize {
  const p = raAllocRaw(<usize>max(n, 1) << 2);
  for (let i = 0; i < n; i++) store<i32>(p + (<usize>i << 2), v);
  return p;
}

/** A copy of `oldWords` words of `p` in a new zeroed array of `newWords` words. */
export function raGrow(p: usize, oldWords: i32, newWords: i32): usize {
  const q = raWords(newWords);
  memory.copy(q, p, <usize>oldWords << 2);
  return q;
}

@inline export function ldw(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline export function stw(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

@inline export function evenFloor(p: i32): i32 {
  return p & ~1;
}

@inline export function evenCeil(p: i32): i32 {
  return (p + 1) & ~1;
}

export const POS_MAX: i32 = 0x3fffffff;
