// Writes encoder records (core-as/shared/encoder-layout.ts) straight into the encoder's record
// region, for frame.ts and emit.ts. The encoder is called inside the core (no host round trip).
//
// Invariants: beginRecords() reserves room for the worst case the caller computed; every writer
// then appends without a capacity check. Labels are batch-local ids below the reserved count.
import {
  REC_SIZE, REC_F_MEM, REC_F_LABEL, REC_F_SYMBOL, MEM_NONE, MEM_RIP, HDR_RECORDS_PTR, FORM_LABEL, FORM_ALIGN,
} from "../shared/encoder-layout";
import { encoderSetup } from "../encoder/encoder";

export let hdr: usize = 0;
let recP: usize = 0;
export let nRec: i32 = 0;
/** Records that produce machine instructions (labels and alignment excluded). */
export let nMachine: i32 = 0;
export let nLabel: i32 = 0;

/** Prepares for up to maxRecords records and maxLabels labels; the first `fixedLabels` label ids are pre-assigned. */
export function beginRecords(maxRecords: i32, maxLabels: i32, fixedLabels: i32): void {
  hdr = encoderSetup(maxRecords, maxLabels);
  recP = <usize>load<i32>(hdr + (HDR_RECORDS_PTR << 2));
  nRec = 0;
  nMachine = 0;
  nLabel = fixedLabels;
}

export function newLabel(): i32 {
  return nLabel++;
}

@inline function put(form: i32, r0: i32, r1: i32, mem: u32, disp: i32, target: i32, imm: i64): void {
  const r = recP + (<usize>nRec * REC_SIZE);
  store<u32>(r, <u32>form | (<u32>r0 << 16) | (<u32>r1 << 24));
  store<u32>(r, mem, 4);
  store<i32>(r, disp, 8);
  store<i32>(r, target, 12);
  store<i64>(r, imm, 16);
  nRec++;
}

/** Register form: r0 (ModRM.reg / opcode register), r1 (ModRM.rm register), immediate. */
export function recRR(form: i32, r0: i32, r1: i32, imm: i64): void {
  put(form, r0, r1, MEM_NONE | (MEM_NONE << 8), 0, 0, imm);
  nMachine++;
}

/** Memory form: r0 and [base + index << scale + disp] (base MEM_NONE for none). */
export function recMem(form: i32, r0: i32, base: i32, index: i32, scale: i32, disp: i32, imm: i64): void {
  put(form, r0, 0, <u32>base | (<u32>index << 8) | (<u32>scale << 16) | (<u32>REC_F_MEM << 24), disp, 0, imm);
  nMachine++;
}

/** Memory form at [rip + label + addend]. */
export function recRipLabel(form: i32, r0: i32, label: i32, addend: i32, imm: i64): void {
  put(form, r0, 0, <u32>MEM_RIP | (<u32>MEM_NONE << 8) | (<u32>(REC_F_MEM | REC_F_LABEL) << 24), addend, label, imm);
  nMachine++;
}

/** Memory form at [rip + symbol + addend] (a REL32 relocation). */
export function recRipSymbol(form: i32, r0: i32, symbol: i32, addend: i32, imm: i64): void {
  put(form, r0, 0, <u32>MEM_RIP | (<u32>MEM_NONE << 8) | (<u32>(REC_F_MEM | REC_F_SYMBOL) << 24), addend, symbol, imm);
  nMachine++;
}

/** A record given completely (generic emission). */
export function recRaw(form: i32, r0: i32, r1: i32, base: i32, index: i32, scale: i32, flags: i32, disp: i32, target: i32, imm: i64): void {
  put(form, r0, r1, <u32>base | (<u32>index << 8) | (<u32>scale << 16) | (<u32>flags << 24), disp, target, imm);
  nMachine++;
}

export function recBind(label: i32): void {
  put(FORM_LABEL, 0, 0, MEM_NONE | (MEM_NONE << 8) | (<u32>REC_F_LABEL << 24), 0, label, 0);
}

/** jmp / jcc / call to a label. */
export function recJump(form: i32, label: i32): void {
  put(form, 0, 0, MEM_NONE | (MEM_NONE << 8) | (<u32>REC_F_LABEL << 24), 0, label, 0);
  nMachine++;
}

/** call / jmp to an external symbol (a REL32 relocation). */
export function recCallSymbol(form: i32, symbol: i32): void {
  put(form, 0, 0, MEM_NONE | (MEM_NONE << 8) | (<u32>REC_F_SYMBOL << 24), 0, symbol, 0);
  nMachine++;
}

export function recAlign(n: i32): void {
  put(FORM_ALIGN, 0, 0, MEM_NONE | (MEM_NONE << 8), 0, 0, <i64>n);
}
