// Per-vreg working state of one allocation run, shared by the passes that need it: one 64-byte
// record per vreg (a cache line), so that everything the allocator reads and writes about a
// vreg at an operand sits together, and one initialisation loop replaces a dozen arrays.
//
// Invariants: records exist for vregs [0, numVregs) after vregsInit(); every field starts at 0
// except V_HOME (-1), V_HULL_LO (0x7fffffff) and V_HULL_HI (-1). Stamps compared against
// per-run counters that start at 1 are therefore never stale.
import { raAllocRaw } from "./mem";

// allocate.ts
export const V_HOME = 0; // global register (class * 16 + number) or -1
export const V_IN_SLOT = 1; // 1: the slot holds the current value (meaningful with a register home)
export const V_NEXT = 2; // next read (instruction index), for eviction
export const V_NEED_SLOT = 3; // 1: the vreg's slot is used
export const V_HULL_LO = 4; // first instruction where mentioned or live at a loop's edge
export const V_HULL_HI = 5; // last one
export const V_STAMP = 6; // instruction stamp of V_SRC / V_RD
export const V_SRC = 7; // location (allocation word) at the instruction's start; in input.ts: stamp of the block defining the vreg
export const V_RD = 8; // register of the instruction's register reads, or -1
export const V_DEF = 9; // instruction stamp: defined by the instruction
// input.ts / liveness.ts
export const V_TRAITS = 10; // T_CROSS | (1 + global register of a fixed read) << T_HINT_SHIFT
/** Some value of the vreg likely lives across a call (prefer a callee-saved register). */
export const T_CROSS = 1;
/** 1 + the register of a fixed read of the vreg anywhere in the function (0: none). */
export const T_HINT_SHIFT = 8;
export const V_ST = 11; // backward walk of a block: stamp (read below) or -stamp (redefined below)
export const V_NR = 12; // backward walk: next read below
export const V_HINT = 13; // backward walk: 1 + register of the next fixed read, or 0
export const V_CC = 14; // backward walk: clobbering instructions at or after V_NR
export const V_PN = 15; // backward walk: what the first of two reads in one instruction found
// allocate.ts, after input.ts is done with them
export const V_WANT_STAMP = V_ST; // block stamp of V_WANT
export const V_WANT = V_HINT; // register the block's already fixed successor expects the vreg in

export let vrBase: usize = 0;

@inline export function vget(v: i32, f: i32): i32 {
  return load<i32>(vrBase + (<usize>v << 6) + (<usize>f << 2));
}

@inline export function vset(v: i32, f: i32, x: i32): void {
  store<i32>(vrBase + (<usize>v << 6) + (<usize>f << 2), x);
}

@inline export function vCross(v: i32): bool {
  return (vget(v, V_TRAITS) & T_CROSS) != 0;
}

@inline export function setCross(v: i32): void {
  vset(v, V_TRAITS, vget(v, V_TRAITS) | T_CROSS);
}

/** The register of some fixed read of v in the function, or -1. */
@inline export function vGlobalHint(v: i32): i32 {
  return (vget(v, V_TRAITS) >> T_HINT_SHIFT) - 1;
}

export function vregsInit(n: i32): void {
  vrBase = (raAllocRaw((<usize>max(n, 1) << 6) + 64) + 63) & ~<usize>63;
  for (let v = 0; v < n; v++) {
    const p = vrBase + (<usize>v << 6);
    store<u64>(p, 0xffffffff); // V_HOME = -1, V_IN_SLOT = 0
    store<u64>(p + 8, 0);
    store<u64>(p + 16, <u64>0xffffffff00000000 | 0x7fffffff); // V_HULL_LO, V_HULL_HI = -1
    store<u64>(p + 24, 0);
    store<u64>(p + 32, 0);
    store<u64>(p + 40, 0);
    store<u64>(p + 48, 0);
    store<u64>(p + 56, 0);
  }
}
