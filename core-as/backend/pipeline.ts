// The whole backend in one call per batch: for each method, lowering (isel.ts), register
// allocation (regalloc/), emission (emit.ts). The batch result layout is BO_* / MO_* in
// core-as/shared/codegen-layout.ts.
//
// Invariants: method results are written in input order, one MO_* record each, whatever the
// outcome (a method that fails carries its status; the others are unaffected). The allocator's
// result buffer is reused from method to method and grows when the allocator asks for more room
// (RA_ERR_CAPACITY with RA_NUM_EDITS = the edits it needs), after which the method is allocated
// again. Outputs come from the backend arena, which the host resets between batches.
import { BO_COUNT, BO_FAILED, BO_METHODS_PTR, BO_WORDS, MO_WORDS, MO_STATUS, MO_OK } from "../shared/codegen-layout";
import { VC_NUM_OPERANDS, VC_NUM_INSTS, RA_HEADER_WORDS, RE_WORDS, RA_ERR_CAPACITY, RA_NUM_EDITS } from "../shared/vcode-layout";
import { regallocRun } from "./regalloc/regalloc";
import { backendLower, backendEmit, badIrResult } from "./compile";
import { arenaAlloc } from "./arena";

let raBuf: usize = 0;
let raCap: i32 = 0;

function reserveResult(bytes: i32): void {
  if (bytes > raCap) {
    raCap = max<i32>(bytes, raCap * 2);
    raBuf = (heap.alloc(<usize>raCap + 16) + 15) & ~<usize>15;
  }
}

/** Compiles the `count` methods of the batch of irBytes bytes at irPtr; returns the BO_* header. */
export function compileBatch(irPtr: usize, irBytes: i32, count: i32): usize {
  const hdr = arenaAlloc(<usize>BO_WORDS * 4);
  if (count < 0) count = 0;
  const methods = arenaAlloc(<usize>count * MO_WORDS * 4);
  let failed = 0;
  for (let i = 0; i < count; i++) {
    const vc = backendLower(irPtr, irBytes, i);
    let mo: usize;
    if (vc == 0) {
      mo = badIrResult();
    } else {
      const ops = load<i32>(vc + (<usize>VC_NUM_OPERANDS << 2));
      const insts = load<i32>(vc + (<usize>VC_NUM_INSTS << 2));
      reserveResult((RA_HEADER_WORDS + ops + insts * 2 * RE_WORDS) * 4 + 256);
      let st = regallocRun(vc, raBuf, raCap);
      if (st == RA_ERR_CAPACITY) {
        const edits = load<i32>(raBuf + (<usize>RA_NUM_EDITS << 2));
        reserveResult((RA_HEADER_WORDS + ops + edits * RE_WORDS) * 4 + 256);
        st = regallocRun(vc, raBuf, raCap);
      }
      mo = backendEmit(raBuf);
    }
    memory.copy(methods + (<usize>i * MO_WORDS << 2), mo, <usize>MO_WORDS * 4);
    if (load<i32>(mo + (<usize>MO_STATUS << 2)) != MO_OK) failed++;
  }
  store<i32>(hdr + (<usize>BO_COUNT << 2), count);
  store<i32>(hdr + (<usize>BO_FAILED << 2), failed);
  store<i32>(hdr + (<usize>BO_METHODS_PTR << 2), <i32>methods);
  return hdr;
}
