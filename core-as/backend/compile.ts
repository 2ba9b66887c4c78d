// The backend's entry points: lowering (isel.ts), register allocation (regalloc/), emission
// (emit.ts) per method.
//
// Step-wise entries let a caller supply its own allocation (tests, debugging): backendLower()
// lowers method `index` of a batch and returns the VCode; backendEmit() emits it with an
// allocator result the caller wrote into core memory.
//
// Invariants: outputs live in the backend arena (arena.ts) until the host calls backendReset();
// the input batch may live there too (allocated before the call), which is why nothing here
// resets the arena. Lowering and emission keep their own reusable regions.
import { MO_WORDS, MO_STATUS, MO_ERROR_DETAIL, MO_ERROR_INST, MO_ERR_BAD_IR, MO_STAT_IR_INSTS } from "../shared/codegen-layout";
import { IRM_NUM_INSTS, IRM_HEADER_WORDS, IRERR_BAD_HEADER } from "../shared/ir-layout";
import { iselMethod, iselError, iselErrorInst, iselSetError } from "./isel";
import { emitMethod } from "./emit";
import { arenaAlloc } from "./arena";

let lastIrInsts: i32 = 0;

/**
 * Lowers method `index` of the batch of irBytes bytes at irPtr; returns the VCode pointer, or 0
 * (backendLowerError()).
 */
export function backendLower(irPtr: usize, irBytes: i32, index: i32): usize {
  lastIrInsts = 0;
  const m = methodAt(irPtr, irBytes, index);
  if (m == 0) return 0;
  lastIrInsts = load<i32>(m + (<usize>IRM_NUM_INSTS << 2));
  return iselMethod(m, irPtr + <usize>irBytes);
}

/** The address of method `index`'s record, or 0 (with the lowering error set) when it is outside the batch. */
function methodAt(irPtr: usize, irBytes: i32, index: i32): usize {
  const end = <u64>irPtr + <u64>irBytes;
  const slot = <u64>irPtr + (<u64>index << 2);
  if (irBytes < 0 || index < 0 || slot + 4 > end) return noMethod();
  const off = load<i32>(<usize>slot);
  if (off < 0 || <u64>irPtr + <u64>off + <u64>IRM_HEADER_WORDS * 4 > end || (off & 3) != 0) return noMethod();
  return irPtr + <usize>off;
}

function noMethod(): usize {
  iselSetError(IRERR_BAD_HEADER);
  return 0;
}

/** IRERR_* of the last failed lowering in the low 8 bits, the IR instruction index above (-1: none). */
export function backendLowerError(): i32 {
  return (iselError & 0xff) | (iselErrorInst << 8);
}

/** Emits the method lowered last with the allocator result at raPtr; returns its MO_* record. */
export function backendEmit(raPtr: usize): usize {
  return emitMethod(raPtr, lastIrInsts);
}

/** An MO_* record for a method the lowering rejected. */
export function badIrResult(): usize {
  const out = arenaAlloc(<usize>MO_WORDS * 4);
  store<i32>(out + (MO_STATUS << 2), MO_ERR_BAD_IR);
  store<i32>(out + (MO_ERROR_DETAIL << 2), iselError);
  store<i32>(out + (MO_ERROR_INST << 2), iselErrorInst);
  store<i32>(out + (MO_STAT_IR_INSTS << 2), lastIrInsts);
  return out;
}
