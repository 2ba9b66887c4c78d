// Stack frames: layout, prologue, epilogues and the unwind description (codegen-layout.ts UW_*).
//
// Layout, from the caller's frame down (RBP is always the frame pointer):
//   [rbp + 16 …]                incoming stack arguments
//   [rbp + 8]                   return address
//   [rbp]                       caller's RBP
//   [rbp - 8 … - 8k]            callee-saved registers the allocation uses (pushed, in mask order)
//   (padding to 16)
//   [rbp - localsEnd … ]        local buffers (16-byte aligned area, isel's slot offsets)
//   [rbp - localsEnd - 8(s+1)]  spill slot s (8 bytes each)
//   (padding)
//   [rsp … rsp + outArgs)       outgoing stack arguments
// RSP = RBP - frameSize after the prologue, frameSize a multiple of 16; RBP is 16-byte aligned
// (the call pushed 8 bytes onto a 16-aligned stack, `push rbp` another 8), so RSP is aligned at
// every call. Nothing is ever stored below RSP (no red zone).
//
// Invariants: the prologue is push rbp; mov rbp, rsp; push each saved register; then RSP is
// lowered (with a page probe per 4 KiB for large frames, so no guard page is skipped). Every
// epilogue is lea rsp, [rbp - 8k] (or mov rsp, rbp); pop the saved registers in reverse; pop rbp;
// ret. The unwind description records the offsets the rules in codegen-layout.ts need.
import {
  FORM_PUSH_R64, FORM_POP_R64, FORM_MOV_R64_RM64, FORM_SUB_RM64_IMM, FORM_OR_RM64_IMM, FORM_LEA_R64_M,
  FORM_RET, FORM_MOV_R64_IMM, FORM_JNE, REG_RBP, REG_RSP, REG_R11, MEM_NONE,
} from "../shared/encoder-layout";
import { GPR_CALLEE_SAVED } from "../shared/vcode-layout";
import {
  UW_CODE_LEN, UW_PUSH_RBP_END, UW_SET_FP_END, UW_PROLOGUE_END, UW_FRAME_SIZE, UW_NUM_SAVED, UW_NUM_EPILOGUES,
  UW_HEADER_WORDS, UWS_REG, UWS_RBP_OFFSET, UWS_SAVED_AT, UWS_WORDS, UWE_START, UWE_RET, UWE_WORDS,
} from "../shared/codegen-layout";
import { recRR, recMem, recJump, recBind, newLabel, nRec } from "./records";

export let savedMask: i32 = 0;
export let savedCount: i32 = 0;
export let localsEnd: i32 = 0;
export let frameSize: i32 = 0;

// Record indexes for the unwind description.
let recPushRbp: i32 = 0;
let recPushFirst: i32 = 0;
let recPrologueEnd: i32 = 0;
let epiCount: i32 = 0;
let epiP: usize = 0; // pairs (first record, ret record)
let epiCap: i32 = 0;

/** Computes the layout. */
export function frameLayout(calleeSaved: i32, numSpillSlots: i32, locals: i32, outArgs: i32): void {
  savedMask = calleeSaved & GPR_CALLEE_SAVED;
  savedCount = <i32>popcnt(savedMask);
  const localsStart = (savedCount * 8 + 15) & ~15;
  localsEnd = localsStart + locals;
  frameSize = (localsEnd + numSpillSlots * 8 + outArgs + 15) & ~15;
  epiCount = 0;
}

/** RBP-relative displacement of spill slot s. */
@inline export function spillDisp(s: i32): i32 {
  return -(localsEnd + 8 * (s + 1));
}

/** Emits the prologue records. */
export function emitPrologue(): void {
  recPushRbp = nRec;
  recRR(FORM_PUSH_R64, REG_RBP, 0, 0);
  recRR(FORM_MOV_R64_RM64, REG_RBP, REG_RSP, 0);
  recPushFirst = nRec;
  for (let r = 0; r < 16; r++) if ((savedMask >> r) & 1) recRR(FORM_PUSH_R64, r, 0, 0);
  let sub = frameSize - savedCount * 8;
  if (sub > 4096) {
    // Touch every page on the way down: the guard page below a thread's stack must not be skipped.
    const pages = sub >> 12;
    if (pages <= 8) {
      for (let k = 0; k < pages; k++) {
        recRR(FORM_SUB_RM64_IMM, 0, REG_RSP, 4096);
        recMem(FORM_OR_RM64_IMM, 0, REG_RSP, MEM_NONE, 0, 0, 0);
      }
    } else {
      recRR(FORM_MOV_R64_IMM, REG_R11, 0, <i64>pages);
      const loop = newLabel();
      recBind(loop);
      recRR(FORM_SUB_RM64_IMM, 0, REG_RSP, 4096);
      recMem(FORM_OR_RM64_IMM, 0, REG_RSP, MEM_NONE, 0, 0, 0);
      recRR(FORM_SUB_RM64_IMM, 0, REG_R11, 1);
      recJump(FORM_JNE, loop);
    }
    sub &= 4095;
  }
  if (sub > 0) recRR(FORM_SUB_RM64_IMM, 0, REG_RSP, <i64>sub);
  recPrologueEnd = nRec;
}

/** Emits an epilogue and its ret. */
export function emitEpilogue(): void {
  if (epiCount * 2 + 2 > epiCap) {
    const cap = max<i32>(epiCap * 2, 64);
    const p = heap.alloc(<usize>cap * 4);
    memory.copy(p, epiP, <usize>epiCount * 8);
    epiP = p;
    epiCap = cap;
  }
  store<i32>(epiP + (<usize>epiCount << 3), nRec);
  if (savedCount > 0) recMem(FORM_LEA_R64_M, REG_RSP, REG_RBP, MEM_NONE, 0, -8 * savedCount, 0);
  else recRR(FORM_MOV_R64_RM64, REG_RSP, REG_RBP, 0);
  for (let r = 15; r >= 0; r--) if ((savedMask >> r) & 1) recRR(FORM_POP_R64, r, 0, 0);
  recRR(FORM_POP_R64, REG_RBP, 0, 0);
  store<i32>(epiP + (<usize>epiCount << 3) + 4, nRec);
  recRR(FORM_RET, 0, 0, 0);
  epiCount++;
}

/** Words the unwind description takes. */
export function unwindWords(): i32 {
  return UW_HEADER_WORDS + savedCount * UWS_WORDS + epiCount * UWE_WORDS;
}

/** Writes the unwind description at out, given the encoder's record offsets. */
@inline function off(offsets: usize, rec: i32): i32 {
  return load<i32>(offsets + (<usize>rec << 2));
}

export function writeUnwind(out: usize, offsets: usize, codeLen: i32): void {
  store<i32>(out + (UW_CODE_LEN << 2), codeLen);
  store<i32>(out + (UW_PUSH_RBP_END << 2), off(offsets, recPushRbp + 1));
  store<i32>(out + (UW_SET_FP_END << 2), off(offsets, recPushRbp + 2));
  store<i32>(out + (UW_PROLOGUE_END << 2), off(offsets, recPrologueEnd));
  store<i32>(out + (UW_FRAME_SIZE << 2), frameSize);
  store<i32>(out + (UW_NUM_SAVED << 2), savedCount);
  store<i32>(out + (UW_NUM_EPILOGUES << 2), epiCount);
  store<i32>(out + (7 << 2), 0);
  let p = out + (<usize>UW_HEADER_WORDS << 2);
  let k = 0;
  for (let r = 0; r < 16; r++) {
    if (((savedMask >> r) & 1) == 0) continue;
    store<i32>(p + (UWS_REG << 2), r);
    store<i32>(p + (UWS_RBP_OFFSET << 2), -8 * (k + 1));
    store<i32>(p + (UWS_SAVED_AT << 2), off(offsets, recPushFirst + k + 1));
    p += <usize>UWS_WORDS << 2;
    k++;
  }
  for (let e = 0; e < epiCount; e++) {
    store<i32>(p + (UWE_START << 2), off(offsets, load<i32>(epiP + (<usize>e << 3))));
    store<i32>(p + (UWE_RET << 2), off(offsets, load<i32>(epiP + (<usize>e << 3) + 4)));
    p += <usize>UWE_WORDS << 2;
  }
}
