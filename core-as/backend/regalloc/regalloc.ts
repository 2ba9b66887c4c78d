// Register allocator entry point: VCode in, allocation result out (layouts in
// core-as/shared/vcode-layout.ts). The pipeline, one file per pass:
//   input.ts         read, validate, normalise operands
//   liveness.ts      live-in / live-out per block (per-variable backward walk)
//   nextuse.ts       per operand: next read of its value, deaths, fixed-register hints; hulls
//   allocate.ts      forward allocation over register masks, blocks in reverse postorder
//   spill-slots.ts   one slot per spilled vreg, shared across vregs with disjoint hulls
//   parallel-move.ts sequentialised parallel moves, the edit list
// Working memory comes from mem.ts's private region, reset per run.
import {
  RA_STATUS, RA_ALLOCS_OFF, RA_EDITS_OFF, RA_NUM_EDITS, RA_NUM_SPILL_SLOTS, RA_CALLEE_SAVED_USED,
  RA_STAT_SPILLS, RA_STAT_RELOADS, RA_STAT_MOVES, RA_STAT_SPLITS, RA_HEADER_WORDS, RE_WORDS, RE_FROM, RE_TO,
  RA_OK, RA_ERR_CAPACITY, GPR_CALLEE_SAVED, ALLOC_STACK, ALLOC_KIND_SHIFT, ALLOC_INDEX_MASK,
} from "../../shared/vcode-layout";
import { raMemReset, raWords, raAllocRaw, ldw, stw } from "./mem";
import { inputLoad, numOps, numBlocks, numVregs } from "./input";
import { computeLiveness } from "./liveness";
import { nextUsesSetup } from "./nextuse";
import { allocateAll, regsTouched, evictions, blockEditStart, blockEditEnd, stackOps, stackOpCount } from "./allocate";
import { assignSlots, numSlots, vrSlot } from "./spill-slots";
import {
  editsInit, editsPtr, editCount, statSpills, statReloads, statMoves, editRegsWritten, pmSetup, pmAdd, pmFlush,
} from "./parallel-move";

function header(result: usize, f: i32, v: i32): void {
  store<i32>(result + (<usize>f << 2), v);
}

@inline function slotted(a: i32): i32 {
  return (a >>> ALLOC_KIND_SHIFT) == ALLOC_STACK ? (a & ~ALLOC_INDEX_MASK) | ldw(vrSlot, a & ALLOC_INDEX_MASK) : a;
}

/** Allocates registers for the VCode at `vcode`; writes the result (header, allocations, edits)
 *  at `result`, which has `resultCapacity` bytes. Returns the status (also in RA_STATUS). On
 *  RA_ERR_CAPACITY, RA_NUM_EDITS holds the number of edits needed. */
export function regallocRun(vcode: usize, result: usize, resultCapacity: i32): i32 {
  raMemReset();
  for (let f = 0; f < RA_HEADER_WORDS; f++) header(result, f, 0);
  let st = inputLoad(vcode);
  const allocsOff = RA_HEADER_WORDS * 4;
  const editsOff = allocsOff + numOps * 4;
  const room = resultCapacity - editsOff;
  const fits = room >= 0;
  const allocs = fits ? result + <usize>allocsOff : raWords(numOps);
  if (st == RA_OK) {
    computeLiveness();
    nextUsesSetup();
    pmSetup(numVregs);
    editsInit(raAllocRaw(<usize>256 * RE_WORDS * 4), 256);
    st = allocateAll(allocs);
  }
  if (st != RA_OK) {
    header(result, RA_STATUS, st);
    return st;
  }
  assignSlots();
  // Slot words name vregs until here: number them.
  for (let k = 0; k < stackOpCount; k++) {
    const o = ldw(stackOps, k);
    stw(allocs, o, slotted(ldw(allocs, o)));
  }
  if (!fits || editCount > room / (RE_WORDS * 4)) {
    st = RA_ERR_CAPACITY;
  } else {
    // Edits: each block's range, blocks in layout order (so sorted by instruction).
    let out = result + <usize>editsOff;
    for (let b = 0; b < numBlocks; b++) {
      const e0 = ldw(blockEditStart, b), e1 = ldw(blockEditEnd, b);
      if (e0 == e1) continue;
      const bytes = <usize>(e1 - e0) * RE_WORDS * 4;
      memory.copy(out, editsPtr + <usize>e0 * RE_WORDS * 4, bytes);
      for (let p = out, end = out + bytes; p < end; p += RE_WORDS * 4) {
        const f = load<i32>(p + RE_FROM * 4), t = load<i32>(p + RE_TO * 4);
        if ((f >>> ALLOC_KIND_SHIFT) == ALLOC_STACK) store<i32>(p + RE_FROM * 4, slotted(f));
        if ((t >>> ALLOC_KIND_SHIFT) == ALLOC_STACK) store<i32>(p + RE_TO * 4, slotted(t));
      }
      out += bytes;
    }
  }
  header(result, RA_STATUS, st);
  header(result, RA_ALLOCS_OFF, allocsOff);
  header(result, RA_EDITS_OFF, editsOff);
  header(result, RA_NUM_EDITS, editCount);
  header(result, RA_NUM_SPILL_SLOTS, numSlots);
  header(result, RA_CALLEE_SAVED_USED, (regsTouched | editRegsWritten) & GPR_CALLEE_SAVED);
  header(result, RA_STAT_SPILLS, statSpills);
  header(result, RA_STAT_RELOADS, statReloads);
  header(result, RA_STAT_MOVES, statMoves);
  header(result, RA_STAT_SPLITS, evictions);
  return st;
}

/** Test hook for the parallel-move sequentialiser: `n` moves as [from, to, class] alloc-word
 *  triples at `moves`, `slots` spill slots; writes the edits (RE_WORDS words each, at instruction
 *  0) to `out` (room for `cap` edits). Returns the number of edits or -status. */
export function regallocParallelMoveTest(moves: usize, n: i32, slots: i32, out: usize, cap: i32): i32 {
  raMemReset();
  pmSetup(slots);
  editsInit(raAllocRaw(<usize>64 * RE_WORDS * 4), 64);
  for (let k = 0; k < n; k++) {
    const p = moves + (<usize>k * 12);
    pmAdd(load<i32>(p), load<i32>(p + 4), load<i32>(p + 8));
  }
  const st = pmFlush(0);
  if (st != RA_OK) return -st;
  memory.copy(out, editsPtr, <usize>min(editCount, cap) * RE_WORDS * 4);
  return editCount;
}
