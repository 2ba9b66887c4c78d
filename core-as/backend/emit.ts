// Emission: VCode + the allocator's answer -> encoder records -> machine code, and the method's
// outputs (code, relocations, IR position map, unwind description, statistics).
//
// Invariants:
// - Blocks are emitted in isel's layout order; a split block that received no edits is not
//   emitted at all: its label is its target's (branches go straight to the target).
// - A jump to the next emitted block is omitted; a conditional branch whose taken side is the
//   next block is inverted.
// - Edits before instruction i are emitted before it, edits after it right after; R11 and XMM15
//   are free inside any instruction's own sequence (the allocator only uses them inside edits).
// - Out-of-line throw stubs (one `call helper` per check, so the return address identifies the
//   IR instruction) follow the code; the read-only data (constants, then jump tables as 32-bit
//   offsets from each table's start) follows at a 16-byte aligned label.
// - Any failure of the encoder is reported as MO_ERR_ENCODER with its code, never as bytes.
import {
  VC_NUM_BLOCKS, VC_NUM_INSTS, VB_INST_START, VB_INST_END, VB_WORDS, VC_BLOCKS_OFF, VC_INSTS_OFF, VC_OPERANDS_OFF,
  VI_OP_START, VI_OPCODE, VI_PAYLOAD, VI_WORDS, CLASS_GPR, CLASS_XMM, ALLOC_KIND_SHIFT, ALLOC_INDEX_MASK, ALLOC_REG,
  ALLOC_STACK, RE_INST, RE_POINT, RE_BEFORE, RE_FROM, RE_TO, RE_CLASS, RE_WORDS, RA_STATUS, RA_ALLOCS_OFF, RA_EDITS_OFF,
  RA_NUM_EDITS, RA_NUM_SPILL_SLOTS, RA_CALLEE_SAVED_USED, RA_STAT_SPILLS, RA_STAT_RELOADS, RA_STAT_MOVES, RA_OK,
  VC_VREG_CLASS_OFF,
} from "../shared/vcode-layout";
import * as F from "../shared/encoder-layout";
import {
  MO_STATUS, MO_ERROR_DETAIL, MO_ERROR_INST, MO_CODE_PTR, MO_CODE_LEN, MO_DATA_OFFSET, MO_RELOCS_PTR, MO_NUM_RELOCS,
  MO_POSMAP_PTR, MO_NUM_POSMAP, MO_UNWIND_PTR, MO_UNWIND_WORDS, MO_STAT_IR_INSTS, MO_STAT_VCODE_INSTS,
  MO_STAT_MACHINE_INSTS, MO_STAT_SPILLS, MO_STAT_RELOADS, MO_STAT_MOVES, MO_STAT_SPILL_SLOTS, MO_STAT_CODE_BYTES,
  MO_STAT_VCODE_BLOCKS, MO_STAT_SPLITS, MO_WORDS, MO_OK, MO_ERR_REGALLOC, MO_ERR_ENCODER, MP_WORDS,
} from "../shared/codegen-layout";
import { SYM_HELPER_BASE, HELPER_THROW_OVERFLOW, HELPER_THROW_DIVIDE_BY_ZERO } from "../shared/ir-layout";
import {
  MI_FORM_MASK, MI_NONE, MM_NONE, MM_BASE, MM_LOCAL, MM_POOL, MM_INARG, MM_OUTARG, MM_RIPSYM, MK_GEN, MK_MOVE, MK_NONE,
  MK_TRAP, MK_JMP, MK_BR, MK_BR_FEQ, MK_BR_FNE, MK_SETCC, MK_SETCC_FEQ, MK_SETCC_FNE, MK_RET, MK_XZ, MK_LEA, MK_SWITCH,
  MK_SDIV, MK_UDIV, MK_U64_TO_F, MK_F_TO_U64, MK_F_TO_I_OVF, MX_WORDS, X_E, X_NE, X_P, X_NP, X_O, X_S, X_AE, X_B, X_BE,
} from "./minst";
import { encodeBatch } from "../encoder/encoder";
import { arenaAlloc, arenaAllocRaw } from "./arena";
import * as IS from "./isel";
import {
  beginRecords, newLabel, recRR, recMem, recRipLabel, recRaw, recBind, recJump, recCallSymbol, recAlign, nRec, nMachine,
  nLabel, hdr,
} from "./records";
import {
  frameLayout, emitPrologue, emitEpilogue, spillDisp, localsEnd, unwindWords, writeUnwind,
} from "./frame";

// Most records (and internal labels) one instruction of each kind emits, edits aside: e.g. MK_RET
// is the epilogue (lea, five pops, pop rbp, ret), MK_SDIV the checked idiv sequence, MK_F_TO_I_OVF
// two range checks and the unsigned 64-bit conversion. Indexed by MK_*.
const RECORDS_PER_KIND = memory.data<u8>([1, 2, 0, 2, 1, 3, 4, 4, 3, 5, 5, 8, 2, 1, 6, 14, 5, 14, 11, 16]);
const LABELS_PER_KIND = memory.data<u8>([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 2, 2]);

// ---- The method being emitted.
let vc: usize = 0;
let blocksP: usize = 0;
let instsP: usize = 0;
let opsP: usize = 0;
let allocsP: usize = 0;
let editsP: usize = 0;
let numEdits: i32 = 0;
let dataLabel: i32 = 0;

// Per block: label id (aliases share their target's). Per instruction: first edit index.
let labelOfP: usize = 0;
let editStartP: usize = 0;
let scratchCap: usize = 0;
let scratchP: usize = 0;

// Throw stubs: (label, helper, IR position) triples. Position-map entries: (record, IR position).
let stubP: usize = 0;
let stubCount: i32 = 0;
let stubCap: i32 = 0;
let mapP: usize = 0;
let mapCount: i32 = 0;
let mapCap: i32 = 0;
let lastPos: i32 = -2;

@inline function w32(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline function s32(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }

@inline function labelOf(b: i32): i32 { return w32(labelOfP, b); }
@inline function jcc(cc: u32): i32 { return F.FORM_JO + 2 * <i32>cc; }
@inline function setcc(cc: u32): i32 { return F.FORM_SETO_RM8 + 2 * <i32>cc; }

/** Allocation word of operand k of the instruction whose operands start at `opStart`. */
@inline function allocOf(opStart: i32, k: u32): i32 { return w32(allocsP, opStart + <i32>k); }
@inline function isReg(a: i32): bool { return (a >>> ALLOC_KIND_SHIFT) == ALLOC_REG; }
@inline function regOf(a: i32): i32 { return a & ALLOC_INDEX_MASK; }

function addStub(label: i32, helper: i32, pos: i32): void {
  if (stubCount * 3 + 3 > stubCap) {
    const cap = max<i32>(stubCap * 2, 96);
    const p = heap.alloc(<usize>cap * 4);
    memory.copy(p, stubP, <usize>stubCount * 12);
    stubP = p;
    stubCap = cap;
  }
  s32(stubP, stubCount * 3, label);
  s32(stubP, stubCount * 3 + 1, helper);
  s32(stubP, stubCount * 3 + 2, pos);
  stubCount++;
}

function addMap(pos: i32): void {
  if (mapCount * 2 + 2 > mapCap) {
    const cap = max<i32>(mapCap * 2, 512);
    const p = heap.alloc(<usize>cap * 4);
    memory.copy(p, mapP, <usize>mapCount * 8);
    mapP = p;
    mapCap = cap;
  }
  s32(mapP, mapCount * 2, nRec);
  s32(mapP, mapCount * 2 + 1, pos);
  mapCount++;
  lastPos = pos;
}

/** `jcc` to a fresh out-of-line stub that calls `helper`. */
function trapIf(cc: u32, helper: i32, pos: i32): void {
  const l = newLabel();
  recJump(jcc(cc), l);
  addStub(l, helper, pos);
}

// ---- Moves between allocations (edits and MK_MOVE).

/** Emits a move of one value between two allocations of class cls. */
function moveAlloc(from: i32, to: i32, cls: i32): void {
  if (from == to) return;
  const fr = isReg(from), tr = isReg(to);
  if (cls == CLASS_GPR) {
    if (fr && tr) recRR(F.FORM_MOV_R64_RM64, regOf(to), regOf(from), 0);
    else if (fr) recMem(F.FORM_MOV_RM64_R64, regOf(from), F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(to)), 0);
    else if (tr) recMem(F.FORM_MOV_R64_RM64, regOf(to), F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(from)), 0);
    else {
      recMem(F.FORM_MOV_R64_RM64, F.REG_R11, F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(from)), 0);
      recMem(F.FORM_MOV_RM64_R64, F.REG_R11, F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(to)), 0);
    }
  } else {
    if (fr && tr) recRR(F.FORM_MOVAPS_XMM_XMMM128, regOf(to), regOf(from), 0);
    else if (fr) recMem(F.FORM_MOVSD_XMMM64_XMM, regOf(from), F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(to)), 0);
    else if (tr) recMem(F.FORM_MOVSD_XMM_XMMM64, regOf(to), F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(from)), 0);
    else {
      recMem(F.FORM_MOVSD_XMM_XMMM64, 15, F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(from)), 0);
      recMem(F.FORM_MOVSD_XMMM64_XMM, 15, F.REG_RBP, F.MEM_NONE, 0, spillDisp(regOf(to)), 0);
    }
  }
}

/** Emits the edits [e, end) whose point is `point` at instruction i; returns the next edit index. */
function emitEdits(e: i32, i: i32, point: i32): i32 {
  while (e < numEdits) {
    const p = editsP + (<usize>e * RE_WORDS << 2);
    if (load<i32>(p + (RE_INST << 2)) != i || load<i32>(p + (RE_POINT << 2)) != point) break;
    moveAlloc(load<i32>(p + (RE_FROM << 2)), load<i32>(p + (RE_TO << 2)), load<i32>(p + (RE_CLASS << 2)));
    e++;
  }
  return e;
}

// ---- The main record of an instruction.

/**
 * Writes instruction i's main record (form `form`, usually its own) from its descriptor, operand
 * allocations and extra words.
 */
function emitMain(opStart: i32, miw: u32, form: i32, x: usize): void {
  const r0s = (miw >> 9) & 7;
  const rms = (miw >> 12) & 7;
  const ixs = (miw >> 15) & 7;
  const mm = (miw >> 20) & 7;
  const kind = (miw >> 23) & 31;
  const r0 = r0s != MI_NONE ? regOf(allocOf(opStart, r0s)) : 0;
  let r1 = 0;
  let base = F.MEM_NONE, index = F.MEM_NONE, scale = 0, flags = 0, disp = 0, target = 0;
  const x0 = load<i32>(x);
  // (The low half masked rather than cast through u32: see zext32 in isel.ts.)
  const imm: i64 = kind == MK_GEN ? ((<i64>load<i32>(x, 8) << 32) | (<i64>load<i32>(x, 4) & 0xffffffff)) : <i64>load<i32>(x, 4);
  if (mm == MM_NONE) {
    if (rms != MI_NONE) {
      const a = allocOf(opStart, rms);
      if (isReg(a)) r1 = regOf(a);
      else {
        flags = F.REC_F_MEM;
        base = F.REG_RBP;
        disp = spillDisp(regOf(a));
      }
    }
  } else {
    flags = F.REC_F_MEM;
    scale = <i32>((miw >> 18) & 3);
    if (ixs != MI_NONE) index = regOf(allocOf(opStart, ixs));
    switch (mm) {
      case MM_BASE:
        if (rms != MI_NONE) base = regOf(allocOf(opStart, rms));
        disp = x0;
        break;
      case MM_LOCAL:
        base = F.REG_RBP;
        disp = x0 - localsEnd;
        break;
      case MM_POOL:
        base = F.MEM_RIP;
        flags |= F.REC_F_LABEL;
        target = dataLabel;
        disp = x0;
        break;
      case MM_INARG:
        base = F.REG_RBP;
        disp = 16 + x0;
        break;
      case MM_OUTARG:
        base = F.REG_RSP;
        disp = x0;
        break;
      case MM_RIPSYM:
        base = F.MEM_RIP;
        flags |= F.REC_F_SYMBOL;
        target = load<i32>(x, 12);
        disp = x0;
        break;
    }
  }
  if (form == F.FORM_CALL) {
    recCallSymbol(F.FORM_CALL, load<i32>(x, 12));
    return;
  }
  recRaw(form, r0, r1, base, index, scale, flags, disp, target, imm);
}

/** Label of the next emitted block after position k of the layout (-1 at the end). */
function nextLabel(k: i32, nb: i32): i32 {
  for (let j = k + 1; j < nb; j++) {
    const b = w32(IS.orderP, j);
    if (!isAliased(b)) return labelOf(b);
  }
  return -1;
}

@inline function isAliased(b: i32): bool { return labelOf(b) != b; }

/** A branch on x86 condition cc to thenL, else elseL, knowing the fallthrough label. */
function branch(cc: u32, thenL: i32, elseL: i32, next: i32): void {
  if (elseL == next) recJump(jcc(cc), thenL);
  else if (thenL == next) recJump(jcc(cc ^ 1), elseL);
  else {
    recJump(jcc(cc), thenL);
    recJump(F.FORM_JMP, elseL);
  }
}

function emitInst(i: i32, next: i32): void {
  const ip = instsP + (<usize>i * VI_WORDS << 2);
  const miw = load<u32>(ip + (VI_OPCODE << 2));
  const opStart = load<i32>(ip + (VI_OP_START << 2));
  const pos = load<i32>(ip + (VI_PAYLOAD << 2));
  const x = IS.xP + (<usize>i * MX_WORDS << 2);
  const form = <i32>(miw & MI_FORM_MASK);
  const kind = (miw >> 23) & 31;
  const cc = miw >> 28;
  if (pos >= 0 && pos != lastPos) addMap(pos);
  switch (kind) {
    case MK_GEN:
      emitMain(opStart, miw, form, x);
      return;
    case MK_NONE:
      return;
    case MK_MOVE: {
      const cls = form == F.FORM_MOVAPS_XMM_XMMM128 ? CLASS_XMM : CLASS_GPR;
      moveAlloc(allocOf(opStart, 1), allocOf(opStart, 0), cls);
      return;
    }
    case MK_TRAP:
      emitMain(opStart, miw, form, x);
      trapIf(cc, load<i32>(x, 8), pos);
      return;
    case MK_JMP: {
      const l = labelOf(load<i32>(x, 8));
      if (l != next) recJump(F.FORM_JMP, l);
      return;
    }
    case MK_BR:
      emitMain(opStart, miw, form, x);
      branch(cc, labelOf(load<i32>(x, 8)), labelOf(load<i32>(x, 12)), next);
      return;
    case MK_BR_FEQ: {
      emitMain(opStart, miw, form, x);
      const t = labelOf(load<i32>(x, 8)), e = labelOf(load<i32>(x, 12));
      recJump(jcc(X_P), e);
      if (t == next) recJump(jcc(X_NE), e);
      else {
        recJump(jcc(X_E), t);
        if (e != next) recJump(F.FORM_JMP, e);
      }
      return;
    }
    case MK_BR_FNE: {
      emitMain(opStart, miw, form, x);
      const t = labelOf(load<i32>(x, 8)), e = labelOf(load<i32>(x, 12));
      recJump(jcc(X_P), t);
      if (t == next) recJump(jcc(X_E), e);
      else {
        recJump(jcc(X_NE), t);
        if (e != next) recJump(F.FORM_JMP, e);
      }
      return;
    }
    case MK_SETCC: case MK_SETCC_FEQ: case MK_SETCC_FNE: {
      emitMain(opStart, miw, form, x);
      const d = regOf(allocOf(opStart, 0));
      if (kind == MK_SETCC) recRR(setcc(cc), 0, d, 0);
      else if (kind == MK_SETCC_FEQ) {
        recRR(setcc(X_E), 0, d, 0);
        recRR(setcc(X_NP), 0, F.REG_R11, 0);
        recRR(F.FORM_AND_RM8_R8, F.REG_R11, d, 0);
      } else {
        recRR(setcc(X_NE), 0, d, 0);
        recRR(setcc(X_P), 0, F.REG_R11, 0);
        recRR(F.FORM_OR_RM8_R8, F.REG_R11, d, 0);
      }
      recRR(F.FORM_MOVZX_R32_RM8, d, d, 0);
      return;
    }
    case MK_RET:
      emitEpilogue();
      return;
    case MK_XZ: {
      const d = regOf(allocOf(opStart, 0));
      const src = allocOf(opStart, 1);
      const gprSource = form == F.FORM_CVTSI2SD_XMM_RM32 || form == F.FORM_CVTSI2SD_XMM_RM64 ||
        form == F.FORM_CVTSI2SS_XMM_RM32 || form == F.FORM_CVTSI2SS_XMM_RM64;
      // The SSE op writes only the low lane: clear the register first to cut the dependency on
      // its old contents, unless it is also the source.
      if (gprSource || !isReg(src) || regOf(src) != d) recRR(F.FORM_XORPS_XMM_XMMM128, d, d, 0);
      emitMain(opStart, miw, form, x);
      return;
    }
    case MK_LEA:
      emitLea(opStart, miw, form, x);
      return;
    case MK_SWITCH: {
      const r = regOf(allocOf(opStart, 0));
      const n = load<i32>(x, 4);
      const dflt = labelOf(load<i32>(x, 8));
      const start = load<i32>(x, 12);
      const tableOff = ((IS.poolLen + 3) & ~3) + start * 4;
      recRR(F.FORM_CMP_RM32_IMM, 0, r, <i64>n);
      recJump(jcc(X_AE), dflt);
      recRipLabel(F.FORM_LEA_R64_M, F.REG_R11, dataLabel, tableOff, 0);
      recMem(F.FORM_MOVSXD_R64_RM32, r, F.REG_R11, r, 2, 0, 0);
      recRR(F.FORM_ADD_RM64_R64, F.REG_R11, r, 0);
      recRR(F.FORM_JMP_RM64, 0, r, 0);
      return;
    }
    case MK_SDIV: case MK_UDIV: {
      const r = regOf(allocOf(opStart, 2));
      const bits = load<i32>(x, 8);
      const w64 = (bits & 1) != 0;
      if ((bits & 2) == 0) {
        recRR(w64 ? F.FORM_TEST_RM64_R64 : F.FORM_TEST_RM32_R32, r, r, 0);
        trapIf(X_E, HELPER_THROW_DIVIDE_BY_ZERO, pos);
      }
      if (kind == MK_UDIV) {
        recRR(F.FORM_XOR_R32_RM32, F.REG_RDX, F.REG_RDX, 0);
        recRR(w64 ? F.FORM_DIV_RM64 : F.FORM_DIV_RM32, 0, r, 0);
        return;
      }
      // x / -1 is a negation (idiv would fault on MIN / -1): MIN overflows, the remainder is 0.
      const lneg = newLabel(), ldone = newLabel();
      recRR(w64 ? F.FORM_CMP_RM64_IMM : F.FORM_CMP_RM32_IMM, 0, r, -1);
      recJump(jcc(X_E), lneg);
      recRR(w64 ? F.FORM_CQO : F.FORM_CDQ, 0, 0, 0);
      recRR(w64 ? F.FORM_IDIV_RM64 : F.FORM_IDIV_RM32, 0, r, 0);
      recJump(F.FORM_JMP, ldone);
      recBind(lneg);
      recRR(w64 ? F.FORM_NEG_RM64 : F.FORM_NEG_RM32, 0, F.REG_RAX, 0);
      trapIf(X_O, HELPER_THROW_OVERFLOW, pos);
      recRR(F.FORM_XOR_R32_RM32, F.REG_RDX, F.REG_RDX, 0);
      recBind(ldone);
      return;
    }
    case MK_U64_TO_F: {
      const d = regOf(allocOf(opStart, 0));
      const s = regOf(allocOf(opStart, 1));
      const t = regOf(allocOf(opStart, 2));
      const f32 = (load<i32>(x, 8) & 1) != 0;
      const cvt = f32 ? F.FORM_CVTSI2SS_XMM_RM64 : F.FORM_CVTSI2SD_XMM_RM64;
      const lbig = newLabel(), ldone = newLabel();
      recRR(F.FORM_XORPS_XMM_XMMM128, d, d, 0);
      recRR(F.FORM_TEST_RM64_R64, s, s, 0);
      recJump(jcc(X_S), lbig);
      recRR(cvt, d, s, 0);
      recJump(F.FORM_JMP, ldone);
      // Halve with the lost bit kept sticky (so rounding is unchanged), convert, double.
      recBind(lbig);
      recRR(F.FORM_MOV_R64_RM64, t, s, 0);
      recRR(F.FORM_SHR_RM64_1, 0, t, 0);
      recRR(F.FORM_MOV_R32_RM32, F.REG_R11, s, 0);
      recRR(F.FORM_AND_RM32_IMM, 0, F.REG_R11, 1);
      recRR(F.FORM_OR_RM64_R64, F.REG_R11, t, 0);
      recRR(cvt, d, t, 0);
      recRR(f32 ? F.FORM_ADDSS_XMM_XMMM32 : F.FORM_ADDSD_XMM_XMMM64, d, d, 0);
      recBind(ldone);
      return;
    }
    case MK_F_TO_U64:
      emitFToU64(regOf(allocOf(opStart, 0)), regOf(allocOf(opStart, 1)), (load<i32>(x, 8) & 1) != 0, load<i32>(x));
      return;
    case MK_F_TO_I_OVF: {
      const d = regOf(allocOf(opStart, 0));
      const s = regOf(allocOf(opStart, 1));
      const bits = load<i32>(x, 8);
      const f32 = (bits & 1) != 0;
      const ucom = f32 ? F.FORM_UCOMISS_XMM_XMMM32 : F.FORM_UCOMISD_XMM_XMMM64;
      // NaN compares unordered (CF = 1): the lower-bound check sends it to the stub as well.
      recRipLabel(ucom, s, dataLabel, load<i32>(x), 0);
      trapIf((bits & 2) != 0 ? X_B : X_BE, HELPER_THROW_OVERFLOW, pos);
      recRipLabel(ucom, s, dataLabel, load<i32>(x, 12), 0);
      trapIf(X_AE, HELPER_THROW_OVERFLOW, pos);
      if ((bits & 4) != 0) emitFToU64(d, s, f32, load<i32>(x, 4));
      else recRR(form, d, s, 0);
      return;
    }
  }
}

/** d = s as an unsigned 64-bit integer (s < 2^63: one conversion; else convert s - 2^63, flip bit 63). */
function emitFToU64(d: i32, s: i32, f32: bool, twoTo63: i32): void {
  const ucom = f32 ? F.FORM_UCOMISS_XMM_XMMM32 : F.FORM_UCOMISD_XMM_XMMM64;
  const cvt = f32 ? F.FORM_CVTTSS2SI_R64_XMMM32 : F.FORM_CVTTSD2SI_R64_XMMM64;
  const lbig = newLabel(), ldone = newLabel();
  recRipLabel(ucom, s, dataLabel, twoTo63, 0);
  recJump(jcc(X_AE), lbig);
  recRR(cvt, d, s, 0);
  recJump(F.FORM_JMP, ldone);
  recBind(lbig);
  recRR(F.FORM_MOVAPS_XMM_XMMM128, 15, s, 0);
  recRipLabel(f32 ? F.FORM_SUBSS_XMM_XMMM32 : F.FORM_SUBSD_XMM_XMMM64, 15, dataLabel, twoTo63, 0);
  recRR(cvt, d, 15, 0);
  recRR(F.FORM_MOV_R64_IMM64, F.REG_R11, 0, <i64>0x8000000000000000);
  recRR(F.FORM_XOR_RM64_R64, F.REG_R11, d, 0);
  recBind(ldone);
}

/** lea, or a shorter add when the destination is one of the address's registers. */
function emitLea(opStart: i32, miw: u32, form: i32, x: usize): void {
  const mm = (miw >> 20) & 7;
  const rms = (miw >> 12) & 7;
  const ixs = (miw >> 15) & 7;
  const scale = (miw >> 18) & 3;
  const disp = load<i32>(x);
  const w64 = form == F.FORM_LEA_R64_M;
  if (mm == MM_BASE && rms != MI_NONE) {
    const d = regOf(allocOf(opStart, 0));
    const b = regOf(allocOf(opStart, rms));
    if (ixs == MI_NONE) {
      if (b == d) {
        if (disp != 0) recRR(w64 ? F.FORM_ADD_RM64_IMM : F.FORM_ADD_RM32_IMM, 0, d, <i64>disp);
        else if (!w64) recRR(F.FORM_MOV_R32_RM32, d, d, 0);
        return;
      }
    } else if (scale == 0 && disp == 0) {
      const ix = regOf(allocOf(opStart, ixs));
      if (b == d) { recRR(w64 ? F.FORM_ADD_RM64_R64 : F.FORM_ADD_RM32_R32, ix, d, 0); return; }
      if (ix == d) { recRR(w64 ? F.FORM_ADD_RM64_R64 : F.FORM_ADD_RM32_R32, b, d, 0); return; }
    }
  }
  emitMain(opStart, miw, form, x);
}

// ---- Driver.

/**
 * Emits the method isel lowered last, with the allocation at `ra`. Returns the MO_* record
 * (allocated from the arena) describing the method.
 */
export function emitMethod(ra: usize, irInsts: i32): usize {
  const out = arenaAlloc(<usize>MO_WORDS * 4);
  vc = IS.vc;
  const status = load<i32>(ra + (RA_STATUS << 2));
  store<i32>(out + (MO_ERROR_INST << 2), -1);
  if (status != RA_OK) {
    store<i32>(out + (MO_STATUS << 2), MO_ERR_REGALLOC);
    store<i32>(out + (MO_ERROR_DETAIL << 2), status);
    return out;
  }
  const nb = load<i32>(vc + (VC_NUM_BLOCKS << 2));
  const ni = load<i32>(vc + (VC_NUM_INSTS << 2));
  blocksP = vc + <usize>load<i32>(vc + (VC_BLOCKS_OFF << 2));
  instsP = vc + <usize>load<i32>(vc + (VC_INSTS_OFF << 2));
  opsP = vc + <usize>load<i32>(vc + (VC_OPERANDS_OFF << 2));
  allocsP = ra + <usize>load<i32>(ra + (RA_ALLOCS_OFF << 2));
  editsP = ra + <usize>load<i32>(ra + (RA_EDITS_OFF << 2));
  numEdits = load<i32>(ra + (RA_NUM_EDITS << 2));
  const numSpill = load<i32>(ra + (RA_NUM_SPILL_SLOTS << 2));
  frameLayout(load<i32>(ra + (RA_CALLEE_SAVED_USED << 2)), numSpill, IS.localsSize, IS.outArgsSize);

  // Scratch: label per block, first edit per instruction.
  const need = <usize>(nb + ni + 2) * 4;
  if (need > scratchCap) {
    scratchCap = max<usize>(need, scratchCap * 2);
    scratchP = heap.alloc(scratchCap);
  }
  labelOfP = scratchP;
  editStartP = scratchP + (<usize>nb << 2);
  // One walk over the instructions: the first edit of each, and the records and labels they can
  // need (RECORDS_PER_KIND / LABELS_PER_KIND; throw stubs are counted by isel's numTraps).
  let e = 0;
  let maxRecords = numEdits * 2 + IS.numTraps * 3 + nb + 48;
  let maxLabels = nb + IS.numTraps + 4;
  for (let i = 0; i <= ni; i++) {
    while (e < numEdits && load<i32>(editsP + (<usize>e * RE_WORDS << 2)) < i) e++;
    s32(editStartP, i, e);
    if (i < ni) {
      const kind = (load<u32>(instsP + (<usize>i * VI_WORDS << 2) + (VI_OPCODE << 2)) >> 23) & 31;
      maxRecords += <i32>load<u8>(RECORDS_PER_KIND + <usize>kind);
      maxLabels += <i32>load<u8>(LABELS_PER_KIND + <usize>kind);
    }
  }
  // Labels; a split block without edits is an alias of its target.
  for (let b = 0; b < nb; b++) {
    s32(labelOfP, b, b);
    const t = w32(IS.splitTargetP, b);
    if (t >= 0) {
      const bp = blocksP + (<usize>b * VB_WORDS << 2);
      const s = load<i32>(bp + (VB_INST_START << 2)), en = load<i32>(bp + (VB_INST_END << 2));
      if (w32(editStartP, s) == w32(editStartP, en)) s32(labelOfP, b, t);
    }
  }

  beginRecords(maxRecords, maxLabels, nb);
  dataLabel = newLabel();
  stubCount = 0;
  mapCount = 0;
  lastPos = -2;

  emitPrologue();
  for (let k = 0; k < nb; k++) {
    const b = w32(IS.orderP, k);
    if (isAliased(b)) continue;
    recBind(b);
    const next = nextLabel(k, nb);
    const bp = blocksP + (<usize>b * VB_WORDS << 2);
    const s = load<i32>(bp + (VB_INST_START << 2)), en = load<i32>(bp + (VB_INST_END << 2));
    for (let i = s; i < en; i++) {
      let ed = w32(editStartP, i);
      ed = emitEdits(ed, i, RE_BEFORE);
      emitInst(i, next);
      emitEdits(ed, i, 1 - RE_BEFORE);
    }
  }
  for (let k = 0; k < stubCount; k++) {
    recBind(w32(stubP, k * 3));
    const pos = w32(stubP, k * 3 + 2);
    if (pos >= 0) addMap(pos);
    recCallSymbol(F.FORM_CALL, SYM_HELPER_BASE + w32(stubP, k * 3 + 1));
    recRR(F.FORM_UD2, 0, 0, 0);
  }
  const codeRecords = nRec;
  const hasData = IS.poolLen > 0 || IS.swLen > 0;
  if (hasData) {
    recAlign(16);
  }
  recBind(dataLabel);

  const err = encodeBatch(nRec, nLabel);
  if (err != F.ERR_OK) {
    store<i32>(out + (MO_STATUS << 2), MO_ERR_ENCODER);
    store<i32>(out + (MO_ERROR_DETAIL << 2), err);
    store<i32>(out + (MO_ERROR_INST << 2), load<i32>(hdr + (F.HDR_ERROR_INDEX << 2)));
    return out;
  }
  const codeP = <usize>load<i32>(hdr + (F.HDR_CODE_PTR << 2));
  const codeLen = load<i32>(hdr + (F.HDR_CODE_LEN << 2));
  const offsets = <usize>load<i32>(hdr + (F.HDR_OFFSETS_PTR << 2));
  const labels = <usize>load<i32>(hdr + (F.HDR_LABELS_PTR << 2));
  const instrEnd = load<i32>(offsets + (<usize>codeRecords << 2));
  const dataOff = w32(labels, dataLabel);
  const swBase = (IS.poolLen + 3) & ~3;
  const dataLen = hasData ? swBase + IS.swLen * 4 : 0;
  const total = codeLen + dataLen;
  const code = arenaAllocRaw(<usize>total + 16);
  memory.copy(code, codeP, <usize>codeLen);
  if (hasData) {
    memory.copy(code + <usize>dataOff, IS.poolP, <usize>IS.poolLen);
    // The bytes between the constants and the 4-aligned jump tables: zero (deterministic output).
    memory.fill(code + <usize>dataOff + <usize>IS.poolLen, 0, <usize>(swBase - IS.poolLen));
    // Jump tables: each entry is target - table start, found by walking the switch instructions.
    for (let i = 0; i < ni; i++) {
      const ip = instsP + (<usize>i * VI_WORDS << 2);
      if (((load<u32>(ip + (VI_OPCODE << 2)) >> 23) & 31) != MK_SWITCH) continue;
      const x = IS.xP + (<usize>i * MX_WORDS << 2);
      const n = load<i32>(x, 4), start = load<i32>(x, 12);
      const tableAt = dataOff + swBase + start * 4;
      for (let j = 0; j < n; j++) {
        const target = w32(labels, labelOf(w32(IS.swP, start + j)));
        store<i32>(code + <usize>tableAt + (<usize>j << 2), target - tableAt);
      }
    }
  }
  // Relocations (same layout as the encoder's).
  const nrel = load<i32>(hdr + (F.HDR_RELOC_COUNT << 2));
  const rel = arenaAllocRaw(<usize>nrel * F.RELOC_SIZE + 8);
  memory.copy(rel, <usize>load<i32>(hdr + (F.HDR_RELOCS_PTR << 2)), <usize>nrel * F.RELOC_SIZE);
  // Position map: drop entries that produced no code (the next one starts at the same offset).
  const map = arenaAllocRaw(<usize>mapCount * MP_WORDS * 4 + 8);
  let nm = 0;
  for (let k = 0; k < mapCount; k++) {
    const o = w32(offsets, w32(mapP, k * 2));
    const nextO = k + 1 < mapCount ? w32(offsets, w32(mapP, k * 2 + 2)) : instrEnd;
    if (nextO == o) continue;
    if (nm > 0 && w32(map, (nm - 1) * 2 + 1) == w32(mapP, k * 2 + 1)) continue;
    s32(map, nm * 2, o);
    s32(map, nm * 2 + 1, w32(mapP, k * 2 + 1));
    nm++;
  }
  const uwWords = unwindWords();
  const uw = arenaAllocRaw(<usize>uwWords * 4);
  writeUnwind(uw, offsets, instrEnd);

  store<i32>(out + (MO_STATUS << 2), MO_OK);
  store<i32>(out + (MO_CODE_PTR << 2), <i32>code);
  store<i32>(out + (MO_CODE_LEN << 2), total);
  store<i32>(out + (MO_DATA_OFFSET << 2), hasData ? dataOff : codeLen);
  store<i32>(out + (MO_RELOCS_PTR << 2), <i32>rel);
  store<i32>(out + (MO_NUM_RELOCS << 2), nrel);
  store<i32>(out + (MO_POSMAP_PTR << 2), <i32>map);
  store<i32>(out + (MO_NUM_POSMAP << 2), nm);
  store<i32>(out + (MO_UNWIND_PTR << 2), <i32>uw);
  store<i32>(out + (MO_UNWIND_WORDS << 2), uwWords);
  store<i32>(out + (MO_STAT_IR_INSTS << 2), irInsts);
  store<i32>(out + (MO_STAT_VCODE_INSTS << 2), ni);
  store<i32>(out + (MO_STAT_MACHINE_INSTS << 2), nMachine);
  store<i32>(out + (MO_STAT_SPILLS << 2), load<i32>(ra + (RA_STAT_SPILLS << 2)));
  store<i32>(out + (MO_STAT_RELOADS << 2), load<i32>(ra + (RA_STAT_RELOADS << 2)));
  store<i32>(out + (MO_STAT_MOVES << 2), load<i32>(ra + (RA_STAT_MOVES << 2)));
  store<i32>(out + (MO_STAT_SPILL_SLOTS << 2), numSpill);
  store<i32>(out + (MO_STAT_CODE_BYTES << 2), instrEnd);
  store<i32>(out + (MO_STAT_VCODE_BLOCKS << 2), nb);
  store<i32>(out + (MO_STAT_SPLITS << 2), IS.numSplits);
  return out;
}
