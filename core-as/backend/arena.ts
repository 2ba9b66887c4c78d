// A bump arena for the backend's per-batch working memory. The core runs with the stub
// runtime (no GC): everything a compilation needs is carved from one region that is reset
// between batches, so allocation is a pointer increment and freeing is free.
//
// Invariants: every pointer returned is 8-byte aligned and stays valid until the next
// arenaReset(); the region only grows (heap.alloc), never moves.

let base: usize = 0;
let top: usize = 0;
let limit: usize = 0;

/** Makes sure at least `bytes` are available in total, growing the region if needed. */
export function arenaReserve(bytes: usize): void {
  const need = (bytes + 7) & ~<usize>7;
  if (limit - base >= need) return;
  // The old region is abandoned: callers only reserve between batches, after arenaReset().
  base = heap.alloc(need);
  base = (base + 7) & ~<usize>7;
  top = base;
  limit = base + need - 8;
}

/** Forgets every allocation made since the last reset. */
export function arenaReset(): void {
  top = base;
}

/** `bytes` of zeroed memory, 8-byte aligned; grows the region when it is full. */
export function arenaAlloc(bytes: usize): usize {
  const p = arenaAllocRaw(bytes);
  memory.fill(p, 0, (bytes + 7) & ~<usize>7);
  return p;
}

/** Like arenaAlloc, without zeroing: for outputs the caller writes completely. */
export function arenaAllocRaw(bytes: usize): usize {
  const size = (bytes + 7) & ~<usize>7;
  if (top + size > limit) {
    // Start a fresh, larger region; earlier pointers stay valid (heap.alloc never moves).
    const cap = max<usize>(size * 2, (limit - base) * 2 + (1 << 20));
    base = (heap.alloc(cap) + 7) & ~<usize>7;
    top = base;
    limit = base + cap - 8;
  }
  const p = top;
  top += size;
  return p;
}

/** Exported so the host can place input buffers (VCode, IR) in the core's memory. */
export function backendAlloc(bytes: i32): usize {
  return arenaAlloc(<usize>bytes);
}

export function backendReset(): void {
  arenaReset();
}
