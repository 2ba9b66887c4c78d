// Register allocator entry point: VCode in, allocation result out (layouts in
// core-as/shared/vcode-layout.ts). The pipeline, one file per pass:
//   input.ts         read, validate, normalise operands; next uses, hints, upward-exposed reads
//   liveness.ts      live-in per block (bit vectors, or per variable), processing order
//   allocate.ts      forward allocation over register masks, blocks in reverse postorder
//   spill-slots.ts   one slot per spilled vreg, shared across vregs with disjoint hulls
//   parallel-move.ts sequentialised parallel moves, the edit list
// Working memory comes from mem.ts's private region, reset per run.
import {
  RA_STATUS, RA_ALLOCS_OFF, RA_EDITS_OFF, RA_NUM_EDITS, RA_NUM_SPILL_SLOTS, RA_CALLEE_SAVED_USED,
  RA_STAT_SPILLS, RA_STAT_RELOADS, RA_STAT_MOVES, RA_STAT_SPLITS, RA_HEADER_WORDS, RE_WORDS, RE_FROM, RE_TO, RE_INST,
  RE_POINT, RE_CLASS,
  RA_OK, RA_ERR_CAPACITY, GPR_CALLEE_SAVED, ALLOC_STACK, ALLOC_KIND_SHIFT, ALLOC_INDEX_MASK,
} from "../../shared/vcode-layout";
import { raMemReset, raWords, raAllocRaw, ldw, stw } from "./mem";
import { inputLoad, numOps, numBlocks, numVregs } from "./input";
import { computeLiveness, orderIsLayout } from "./liveness";
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

/** Copies n edits, numbering the slots they name. */
function copyEdits(out: usize, src: usize, n: i32): void {
  for (let p = out, q = src, end = out + <usize>n * RE_WORDS * 4; p < end; p += RE_WORDS * 4, q += RE_WORDS * 4) {
    const f = load<i32>(q + RE_FROM * 4), t = load<i32>(q + RE_TO * 4);
    store<i32>(p + RE_INST * 4, load<i32>(q + RE_INST * 4));
    store<i32>(p + RE_POINT * 4, load<i32>(q + RE_POINT * 4));
    store<i32>(p + RE_FROM * 4, (f >>> ALLOC_KIND_SHIFT) == ALLOC_STACK ? slotted(f) : f);
    store<i32>(p + RE_TO * 4, (t >>> ALLOC_KIND_SHIFT) == ALLOC_STACK ? slotted(t) : t);
    store<i32>(p + RE_CLASS * 4, load<i32>(q + RE_CLASS * 4));
  }
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
    const out = result + <usize>editsOff;
    if (orderIsLayout) {
      // Blocks were processed in layout order: the buffer is sorted already.
      copyEdits(out, editsPtr, editCount);
    } else {
      let o = out;
      for (let b = 0; b < numBlocks; b++) {
        const e0 = blockEditStart(b), e1 = blockEditEnd(b);
        copyEdits(o, editsPtr + <usize>e0 * RE_WORDS * 4, e1 - e0);
        o += <usize>(e1 - e0) * RE_WORDS * 4;
      }
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
