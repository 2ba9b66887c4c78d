// Register allocator entry point: VCode in, allocation result out (layouts in
// core-as/shared/vcode-layout.ts). The pipeline, one file per pass:
//   input.ts        read, validate, normalise operands
//   liveness.ts     live-in / live-out per block (per-variable backward walk)
//   intervals.ts    live intervals with use positions; splitting
//   fixed.ts        fixed-register ranges (constraints, clobbers) with owners
//   linear-scan.ts  linear scan with splitting and spilling
//   spill-slots.ts  one slot per spilled vreg, shared across non-overlapping vregs
//   resolve.ts      operand allocations, split/constraint/edge moves
//   parallel-move.ts sequentialised parallel moves, the edit list
// Working memory comes from mem.ts's private region, reset per run.
import {
  RA_STATUS, RA_ALLOCS_OFF, RA_EDITS_OFF, RA_NUM_EDITS, RA_NUM_SPILL_SLOTS, RA_CALLEE_SAVED_USED,
  RA_STAT_SPILLS, RA_STAT_RELOADS, RA_STAT_MOVES, RA_STAT_SPLITS, RA_HEADER_WORDS, RE_WORDS, RA_OK,
  RA_ERR_CAPACITY, GPR_CALLEE_SAVED,
} from "../../shared/vcode-layout";
import { raMemReset, raWords } from "./mem";
import { inputLoad, numOps } from "./input";
import { computeLiveness } from "./liveness";
import { buildIntervals, splitCount } from "./intervals";
import { buildFixed } from "./fixed";
import { linearScan } from "./linear-scan";
import { assignSlots, numSlots } from "./spill-slots";
import { resolveAndWrite, regsTouched } from "./resolve";
import { editsInit, editCount, statSpills, statReloads, statMoves, editRegsWritten, pmSetup, pmAdd, pmFlush } from "./parallel-move";

function header(result: usize, f: i32, v: i32): void {
  store<i32>(result + (<usize>f << 2), v);
}

/** Allocates registers for the VCode at `vcode`; writes the result (header, allocations, edits)
 *  at `result`, which has `resultCapacity` bytes. Returns the status (also in RA_STATUS). On
 *  RA_ERR_CAPACITY, RA_NUM_EDITS holds the number of edits needed. */
export function regallocRun(vcode: usize, result: usize, resultCapacity: i32): i32 {
  raMemReset();
  for (let f = 0; f < RA_HEADER_WORDS; f++) header(result, f, 0);
  let st = inputLoad(vcode);
  if (st == RA_OK) {
    computeLiveness();
    buildIntervals();
    st = buildFixed();
  }
  if (st == RA_OK) st = linearScan();
  if (st != RA_OK) {
    header(result, RA_STATUS, st);
    return st;
  }
  assignSlots();
  pmSetup(numSlots);
  const allocsOff = RA_HEADER_WORDS * 4;
  const editsOff = allocsOff + numOps * 4;
  const room = resultCapacity - editsOff;
  const fits = room >= 0;
  const allocs = fits ? result + <usize>allocsOff : raWords(numOps);
  editsInit(result + <usize>editsOff, fits ? room / (RE_WORDS * 4) : 0);
  st = resolveAndWrite(allocs);
  if (st == RA_OK && (!fits || editCount > room / (RE_WORDS * 4))) st = RA_ERR_CAPACITY;
  header(result, RA_STATUS, st);
  header(result, RA_ALLOCS_OFF, allocsOff);
  header(result, RA_EDITS_OFF, editsOff);
  header(result, RA_NUM_EDITS, editCount);
  header(result, RA_NUM_SPILL_SLOTS, numSlots);
  header(result, RA_CALLEE_SAVED_USED, (regsTouched | editRegsWritten) & GPR_CALLEE_SAVED);
  header(result, RA_STAT_SPILLS, statSpills);
  header(result, RA_STAT_RELOADS, statReloads);
  header(result, RA_STAT_MOVES, statMoves);
  header(result, RA_STAT_SPLITS, splitCount);
  return st;
}

/** Test hook for the parallel-move sequentialiser: `n` moves as [from, to, class] alloc-word
 *  triples at `moves`, `slots` spill slots; writes the edits (RE_WORDS words each, at instruction
 *  0) to `out` (room for `cap` edits). Returns the number of edits or -status. */
export function regallocParallelMoveTest(moves: usize, n: i32, slots: i32, out: usize, cap: i32): i32 {
  raMemReset();
  pmSetup(slots);
  editsInit(out, cap);
  for (let k = 0; k < n; k++) {
    const p = moves + (<usize>k * 12);
    pmAdd(load<i32>(p), load<i32>(p + 4), load<i32>(p + 8));
  }
  const st = pmFlush(0);
  return st != RA_OK ? -st : editCount;
}
