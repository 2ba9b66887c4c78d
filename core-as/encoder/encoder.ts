// x86-64 batch encoder. The producer (the host through host/core/encoder.ts, or the backend inside
// the core) writes REC_SIZE-byte records into the records region; encodeBatch() turns them into
// code bytes, per-record offsets, resolved label fixups and relocations in one call.
//
// The loop dispatches on the row's path: general records (ModRM, /digit, opcode-register,
// operand-less), labels, jumps, mov r64 imm and calls have fast paths. General records look their
// bytes up in per-form register-pair and memory tables that the checked code fills on first use;
// anything a fast path does not cover, or finds invalid, goes to the checked code (encodeChecked /
// encodeSpecial), the reference encoder that names the error.
//
// Invariants:
// - Every record is validated before a byte is trusted: the fast paths fold every check into one
//   word and hand a failing record to the checked code; an invalid combination stops the batch
//   with an ERR_* code and the record index (HDR_ERROR_INDEX). The output of a failed batch is
//   meaningless and must not be used.
// - The fast paths produce exactly the checked code's bytes: the tables hold its output, and the
//   exhaustive and random tests compare both against iced-x86.
// - Pass 1 encodes everything once. Forward jumps start short (rel8); backward jumps get the size
//   their current distance needs. Jumps and ALIGN paddings are the only variable-size items.
// - Relaxation (relax.ts) only ever grows jumps, so it terminates; once no jump grows, the layout
//   is final and every short jump provably fits (see docs/encoder.md).
// - All label displacements are written in the final resolution step, never in pass 1.
import {
  REC_SIZE, REC_R0, REC_R1, REC_BASE, REC_INDEX, REC_SCALE, REC_FLAGS, REC_DISP, REC_IMM, REC_F_MEM, REC_F_LABEL, REC_F_SYMBOL, MEM_NONE, MEM_RIP,
  ROW_MAP_SHIFT, ROW_PFX_SHIFT, ROW_W_SHIFT, ROW_OSZ_SHIFT, ROW_LOCK_SHIFT, ROW_DIGIT_SHIFT,
  ROW_ENC_SHIFT, ROW_IMM_SHIFT, ROW_RMMODE_SHIFT, ROW_SX_SHIFT, ROW_REGCLS_SHIFT, ROW_RMCLS_SHIFT,
  ROW_SHORTOP_SHIFT, ROW_ACCOP_SHIFT,
  ROW_SHIFT, ROW_PATH, ROW_IMM_LEN, ROW_SHORT_DELTA, ROW_IMM_LO, ROW_IMM_SPAN,
  ROW_PATH_GENERAL, ROW_PATH_MOVIMM, ROW_PATH_LABEL, ROW_PATH_JUMP, ROW_PATH_CALL, REC_TARGET,
  ENC_NONE, ENC_MODRM, ENC_MODRM_DIGIT, ENC_OPREG, ENC_JCC, ENC_JMP, ENC_CALL, ENC_LABEL, ENC_ALIGN,
  ENC_NOP, ENC_MOVIMM,
  IMM_NONE, IMM_8, IMM_16, IMM_32, IMM_64,
  CLS_NONE, CLS_GPR8, RM_MEM_ONLY, RM_REG_ONLY,
  HDR_RECORDS_PTR, HDR_RECORD_CAPACITY, HDR_LABEL_CAPACITY, HDR_STATUS, HDR_ERROR_INDEX, HDR_CODE_PTR,
  HDR_CODE_LEN, HDR_OFFSETS_PTR, HDR_FIXUPS_PTR, HDR_FIXUP_COUNT, HDR_RELOCS_PTR, HDR_RELOC_COUNT,
  HDR_LABELS_PTR, HDR_PASSES, HDR_WORDS,
  FIX_SIZE, FIX_OFFSET, FIX_LABEL, FIX_WIDTH, FIX_RECORD,
  RELOC_SIZE, RELOC_OFFSET, RELOC_KIND, RELOC_SYMBOL, RELOC_ADDEND, RELOC_REL32, RELOC_ABS64,
  ERR_OK, ERR_BAD_FORM, ERR_BAD_REGISTER, ERR_HIGH_BYTE_REX, ERR_RSP_INDEX, ERR_BAD_SCALE, ERR_RIP_INDEX,
  ERR_BAD_BASE, ERR_MEM_REQUIRED, ERR_REG_REQUIRED, ERR_IMM_RANGE, ERR_BAD_LABEL, ERR_LABEL_REBOUND,
  ERR_BAD_TARGET, ERR_CAPACITY, ERR_BAD_ALIGN, ERR_BAD_NOP,
  FORM_COUNT,
} from "../shared/encoder-layout";
import { FORM_TABLE } from "./form-table";
import { writeNops } from "./nops";
import { relaxAndFinish, RelaxState, ITEM_SIZE, ITEM_START, ITEM_ARG, ITEM_META, ITEM_RECORD, itemMeta, FIX_AUTO } from "./relax";

// ---- Regions (allocated by encoderSetup; the stub runtime's bump allocator never moves them).
let hdr: usize = 0;
let recs: usize = 0;
let code: usize = 0;
let codeCap: usize = 0;
let scratch: usize = 0;
let offsets: usize = 0;
let fixups: usize = 0;
let relocs: usize = 0;
let relocRec: usize = 0;
let labelPos: usize = 0;
let labelItem: usize = 0;
let items: usize = 0;
let itemShift: usize = 0;
let recDelta: usize = 0;
let recCap: i32 = 0;
let labelCap: i32 = 0;
const relax = new RelaxState();

// Pass-1 state shared by the helpers below (globals keep the hot loop free of out-parameters).
let fixCount: i32 = 0;
let relocCount: i32 = 0;
let itemCount: i32 = 0;

/**
 * Reserves room for batches of up to maxRecords records and maxLabels labels and returns the
 * header pointer (HDR_* words). Calling it again with larger numbers re-reserves; earlier pointers
 * become invalid, so the producer must re-read HDR_RECORDS_PTR.
 */
export function encoderSetup(maxRecords: i32, maxLabels: i32): usize {
  if (hdr == 0) {
    hdr = heap.alloc(<usize>HDR_WORDS * 4);
    buildTables();
  }
  if (maxRecords < 1) maxRecords = 1;
  if (maxLabels < 1) maxLabels = 1;
  if (maxRecords > recCap || maxLabels > labelCap) {
    // Old regions stay allocated (the stub runtime cannot free them); setup is rare.
    const n = <usize>maxRecords;
    recs = heap.alloc((n + 1) * REC_SIZE); // one record of slack: the loop looks one ahead
    // Every record emits at most 15 bytes except ALIGN (at most 63): checked per ALIGN in pass 1
    // and against the final layout in relaxation.
    codeCap = n * 16 + 64;
    // Slack past the capacity: whole-u64 stores may reach 7 bytes beyond the last instruction.
    code = heap.alloc(codeCap + 64);
    scratch = heap.alloc(codeCap + 64);
    offsets = heap.alloc(n * 4 + 4);
    fixups = heap.alloc(n * FIX_SIZE);
    relocs = heap.alloc(n * RELOC_SIZE);
    relocRec = heap.alloc(n * 4);
    labelPos = heap.alloc(<usize>maxLabels * 4);
    labelItem = heap.alloc(<usize>maxLabels * 4);
    items = heap.alloc(n * ITEM_SIZE);
    itemShift = heap.alloc(n * 4 + 4);
    recDelta = heap.alloc(n * 4 + 4);
    recCap = maxRecords;
    labelCap = maxLabels;
  }
  store<i32>(hdr + HDR_RECORDS_PTR * 4, <i32>recs);
  store<i32>(hdr + HDR_RECORD_CAPACITY * 4, recCap);
  store<i32>(hdr + HDR_LABEL_CAPACITY * 4, labelCap);
  store<i32>(hdr + HDR_CODE_PTR * 4, <i32>code);
  store<i32>(hdr + HDR_OFFSETS_PTR * 4, <i32>offsets);
  store<i32>(hdr + HDR_FIXUPS_PTR * 4, <i32>fixups);
  store<i32>(hdr + HDR_RELOCS_PTR * 4, <i32>relocs);
  store<i32>(hdr + HDR_LABELS_PTR * 4, <i32>labelPos);
  return hdr;
}

/** Encodes records [0, count) of the records region; label ids are 0..labelCount-1. Returns ERR_*. */
export function encodeBatch(count: i32, labelCount: i32): i32 {
  store<i32>(hdr + HDR_CODE_LEN * 4, 0);
  store<i32>(hdr + HDR_FIXUP_COUNT * 4, 0);
  store<i32>(hdr + HDR_RELOC_COUNT * 4, 0);
  store<i32>(hdr + HDR_PASSES * 4, 0);
  if (count > recCap || labelCount > labelCap || count < 0 || labelCount < 0) return fail(ERR_CAPACITY, -1);
  memory.fill(labelPos, 0xff, <usize>labelCount * 4);
  fixCount = 0;
  relocCount = 0;
  itemCount = 0;

  batchLabels = labelCount;
  let p = code;
  let r = recs;
  let off = offsets;
  const end = recs + <usize>count * REC_SIZE;
  // The next record's form, row and path are loaded one iteration ahead, so the dispatch (whose
  // outcome is as unpredictable as the instruction mix) resolves as soon as it is reached instead
  // of after two dependent loads. The records region has one record of slack for the last look.
  let form = <u32>load<u16>(r);
  let row = FORM_TABLE + (<usize>min(form, <u32>FORM_COUNT) << ROW_SHIFT);
  let path = <u32>load<u8>(row, ROW_PATH);
  while (r < end) {
    store<u32>(off, <u32>(p - code));
    const nextForm = <u32>load<u16>(r, REC_SIZE);
    const nextRow = FORM_TABLE + (<usize>min(nextForm, <u32>FORM_COUNT) << ROW_SHIFT);
    const nextPath = <u32>load<u8>(nextRow, ROW_PATH);
    let np: usize;
    if (path == ROW_PATH_GENERAL) {
      // Forms without an immediate are most register-only records: they skip the immediate.
      if (load<u8>(r, REC_FLAGS) & REC_F_MEM) np = encodeMem(r, p, form, row);
      else if (load<u8>(row, ROW_IMM_LEN) == 0) np = encodeRegPair(r, p, form);
      else np = encodeRegPairImm(r, p, form, row);
    } else if (path == ROW_PATH_LABEL) {
      np = bindLabel(r, p);
    } else if (path == ROW_PATH_JUMP) {
      np = encodeJump(r, p, row);
    } else if (path == ROW_PATH_MOVIMM) {
      np = encodeMovImm(r, p);
    } else if (path == ROW_PATH_CALL) {
      np = encodeCall(r, p);
    } else {
      np = encodeOther(r, p);
    }
    if (np == 0) return fail(errCode, recordIndex(r));
    p = np;
    r += REC_SIZE;
    off += 4;
    form = nextForm;
    row = nextRow;
    path = nextPath;
  }
  store<u32>(off, <u32>(p - code));

  const len = <i32>(p - code);
  const res = relaxAndFinish(
    relax, items, itemShift, itemCount, count, code, scratch, len, codeCap, offsets, recDelta, labelPos, labelItem, labelCount,
    fixups, fixCount, relocs, relocRec, relocCount,
  );
  if (res < 0) return fail(relax.errCode, relax.errIndex);
  store<i32>(hdr + HDR_CODE_PTR * 4, <i32>relax.out);
  store<i32>(hdr + HDR_CODE_LEN * 4, res);
  store<i32>(hdr + HDR_FIXUP_COUNT * 4, fixCount);
  store<i32>(hdr + HDR_RELOC_COUNT * 4, relocCount);
  store<i32>(hdr + HDR_PASSES * 4, relax.passes);
  store<i32>(hdr + HDR_STATUS * 4, ERR_OK);
  store<i32>(hdr + HDR_ERROR_INDEX * 4, -1);
  return ERR_OK;
}

function fail(err: i32, index: i32): i32 {
  store<i32>(hdr + HDR_STATUS * 4, err);
  store<i32>(hdr + HDR_ERROR_INDEX * 4, index);
  return err;
}

let errCode: i32 = 0;
/** Label count of the current batch. */
let batchLabels: i32 = 0;

/** Index of the record at r. */
@inline function recordIndex(r: usize): i32 {
  return <i32>((r - recs) / REC_SIZE);
}

/** Records the fast paths leave to the checked ones: a bad form id, calls, ALIGN, NOP_N. */
function encodeOther(r: usize, p: usize): usize {
  const form = <u32>load<u16>(r);
  if (form >= <u32>FORM_COUNT) return err(ERR_BAD_FORM);
  const w0 = load<u32>(FORM_TABLE + (<usize>form << ROW_SHIFT));
  return encodeSpecial(r, p, recordIndex(r), batchLabels, <i32>((w0 >>> ROW_ENC_SHIFT) & 15), w0, <i32>load<u8>(r, REC_FLAGS));
}

/** Records an error for the current record; returns the 0 "no pointer" the loop checks for. */
@inline function err(e: i32): usize {
  errCode = e;
  return 0;
}

// ---- The fast path.
//
// The base and index tables give, per register number, a memory operand's contribution: the
// ModRM rm / SIB base bits and REX.B (bit 8) of a base, the SIB index bits and REX.X (bit 9) of an
// index (100 and nothing for MEM_NONE), MEM_E_SIB, MEM_E_BP, and MEM_E_BAD for what the fast path
// does not encode (RIP, no base, RSP as index, numbers above 15).
const MEM_E_BAD: u32 = 1 << 31;
const MEM_E_SIB: u32 = 1 << 16; // a SIB byte is needed (RSP/R12 base, any index)
const MEM_E_BP: u32 = 1 << 17; // RBP/R13 base: no mod-00 form
// Static regions with constant addresses, filled once by buildTables().
const baseTable: usize = memory.data(1024, 64);
const indexTable: usize = memory.data(1024, 64);
// The short-imm8 test takes the immediate at the operand size: mask by immediate length.
const IMM_MASKS: usize = memory.data<u64>([0, 0xff, 0xffff, 0, 0xffffffff, 0, 0, 0, 0xffffffffffffffff]);

function buildTables(): void {
  for (let r: u32 = 0; r < 256; r++) {
    let b: u32 = MEM_E_BAD;
    if (r < 16) b = (r & 7) | ((r >>> 3) << 8) | ((r & 7) == 4 ? MEM_E_SIB : 0) | ((r & 7) == 5 ? MEM_E_BP : 0);
    store<u32>(baseTable + (<usize>r << 2), b);
    let x: u32 = MEM_E_BAD;
    if (r == <u32>MEM_NONE) x = 4 << 3;
    else if (r < 16 && r != 4) x = ((r & 7) << 3) | ((r >>> 3) << 9) | MEM_E_SIB;
    store<u32>(indexTable + (<usize>r << 2), x);
  }
}

// ---- Register-pair and memory tables.
//
// Everything a general record's bytes before the ModRM-for-memory / immediate depend on is the
// form and a few register bits, so those bytes are looked up, per form, in tables filled on the
// form's first use by the checked encoder (the reference: a table holds exactly its bytes):
// - no memory operand: 256 pairs r0 * 16 + r1 (registers 0-15), the whole instruction before
//   the immediate;
// - memory operand: 16 r0 × the REX.X and REX.B bits of the base and index, the bytes before the
//   ModRM byte and the ModRM reg field (register or /digit).
// Each has two variants per key: the full-size immediate opcode and the short-imm8 one (the same
// bytes for forms without). An entry is 0 when the checked code must decide (an invalid
// combination, which it names); registers above 15 (AH-BH, bad numbers), flagged records and
// memory operands the tables do not describe (RIP-relative, absolute, bad base or index) go to the
// checked code directly.
const pairTables: usize = memory.data(<i32>(FORM_COUNT + 1) * 4, 16);
const memTables: usize = memory.data(<i32>(FORM_COUNT + 1) * 4, 16);
const scratchRec: usize = memory.data(REC_SIZE, 16);
const scratchCode: usize = memory.data(64, 16);
/** Pair entry: the bytes (at most 7) and their count in the top byte. */
const PAIR_ENTRIES: u32 = 256 * 2;
/** Memory entry: head bytes 0-5, ModRM reg bits in byte 6, head length in byte 7. */
const MEM_ENTRIES: u32 = 16 * 4 * 2;

/**
 * Encodes one synthetic record of `form` with the checked code into scratchCode and returns the
 * byte count before the immediate (-1 if the checked code rejects it). `short` picks an
 * immediate that takes the short-imm8 opcode, else one that takes the full-size one (rows
 * without a short form take 1 in both).
 */
function encodeSample(form: u32, row: usize, r0: u32, r1: u32, base: u32, index: u32, flags: u32, short: bool): i32 {
  memory.fill(scratchRec, 0, REC_SIZE);
  store<u16>(scratchRec, <u16>form);
  store<u8>(scratchRec, <u8>r0, REC_R0);
  store<u8>(scratchRec, <u8>r1, REC_R1);
  store<u8>(scratchRec, <u8>base, REC_BASE);
  store<u8>(scratchRec, <u8>index, REC_INDEX);
  store<u8>(scratchRec, <u8>flags, REC_FLAGS);
  const hasShort = load<i8>(row, ROW_SHORT_DELTA) != 0;
  const immLen = <i32>load<u8>(row, ROW_IMM_LEN);
  store<i64>(scratchRec, short || !hasShort ? 1 : 1000, REC_IMM);
  const end = encodeChecked(scratchRec, scratchCode, 0, 0);
  errCode = 0;
  if (end == 0) return -1;
  return <i32>(end - scratchCode) - (immLen == 0 ? 0 : short && hasShort ? 1 : immLen);
}

/**
 * Builds the register-pair (isMem false) or memory (isMem true) table of `form` (a general row)
 * and returns it. One function for both keeps it out of the loop (the optimizer inlines
 * single-use functions).
 */
function buildTable(form: u32, isMem: bool): usize {
  const row = FORM_TABLE + (<usize>form << ROW_SHIFT);
  const n = isMem ? MEM_ENTRIES : PAIR_ENTRIES;
  const tab = heap.alloc(<usize>n << 3);
  for (let k: u32 = 0; k < n; k++) {
    const short = (k & 1) != 0;
    let e: u64 = 0;
    if (isMem) {
      const xb = (k >>> 1) & 3;
      // [rax|r8 + rcx|r9]: mod 00 with a SIB byte and no displacement, so ModRM and SIB are the
      // two bytes before the immediate.
      const len = encodeSample(form, row, k >>> 3, 0, xb & 1 ? 8 : 0, xb & 2 ? 9 : 1, REC_F_MEM, short) - 2;
      if (len > 0 && len <= 6) {
        const modrm = <u64>load<u8>(scratchCode + <usize>len);
        e = (load<u64>(scratchCode) & ((<u64>1 << (<u64>len << 3)) - 1)) | ((modrm & 0x38) << 48) | (<u64>len << 56);
      }
    } else {
      const pair = k >>> 1;
      const len = encodeSample(form, row, pair >>> 4, pair & 15, MEM_NONE, MEM_NONE, 0, short);
      if (len > 0 && len <= 7) e = (load<u64>(scratchCode) & ((<u64>1 << (<u64>len << 3)) - 1)) | (<u64>len << 56);
    }
    store<u64>(tab + (<usize>k << 3), e);
  }
  store<u32>((isMem ? memTables : pairTables) + (<usize>form << 2), <u32>tab);
  return tab;
}

/** 1 when the form has a short-imm8 opcode and the value, at the operand size, fits a signed byte. */
@inline function shortImm(row: usize, imm: i64, immLen: usize): u32 {
  // imm16 0xffff is -1; rows without an immediate have length 0 (mask 0) and no short form.
  return <u32>(load<i8>(row, ROW_SHORT_DELTA) != 0) & <u32>(<u64>((imm + 128) & load<i64>(IMM_MASKS + (immLen << 3))) < 256);
}

/** Immediate outside the row's accepted range (rows without one accept everything). */
@inline function immOutOfRange(row: usize, imm: i64): u32 {
  return <u32>(<u64>(imm - load<i64>(row, ROW_IMM_LO)) > load<u64>(row, ROW_IMM_SPAN));
}

/** General record without a memory operand or an immediate: one table entry. */
@inline function encodeRegPair(r: usize, p: usize, form: u32): usize {
  const r0 = <u32>load<u8>(r, REC_R0);
  const r1 = <u32>load<u8>(r, REC_R1);
  let tab = <usize>load<u32>(pairTables + (<usize>form << 2));
  if (tab == 0) tab = buildTable(form, false);
  const e = load<u64>(tab + (<usize>(((r0 & 15) << 4) | (r1 & 15)) << 4));
  store<u64>(p, e);
  const len = <usize>(e >>> 56);
  // Label/symbol flags (REC_F_MEM is clear here) are the checked path's.
  if ((<u32>load<u8>(r, REC_FLAGS) | ((r0 | r1) >>> 4) | <u32>(len == 0)) != 0) {
    return encodeChecked(r, p, recordIndex(r), batchLabels);
  }
  return p + len;
}

/** General record without a memory operand, with an immediate: the entry for the opcode the value takes. */
@inline function encodeRegPairImm(r: usize, p: usize, form: u32, row: usize): usize {
  const r0 = <u32>load<u8>(r, REC_R0);
  const r1 = <u32>load<u8>(r, REC_R1);
  const imm = load<i64>(r, REC_IMM);
  const immLen = <usize>load<u8>(row, ROW_IMM_LEN);
  let tab = <usize>load<u32>(pairTables + (<usize>form << 2));
  if (tab == 0) tab = buildTable(form, false);
  const short = shortImm(row, imm, immLen);
  const e = load<u64>(tab + (<usize>((((r0 & 15) << 4) | (r1 & 15)) << 1 | short) << 3));
  store<u64>(p, e);
  const len = <usize>(e >>> 56);
  // Label/symbol flags (REC_F_MEM is clear here) are the checked path's.
  const bad = <u32>load<u8>(r, REC_FLAGS) | ((r0 | r1) >>> 4) | <u32>(len == 0) | immOutOfRange(row, imm);
  if (bad) return encodeChecked(r, p, recordIndex(r), batchLabels);
  const q = p + len;
  store<u64>(q, imm);
  return q + (short ? 1 : immLen);
}

/**
 * General record with a memory operand: the head from the table, then ModRM [SIB] [disp] [imm]
 * computed without branches (shortest displacement; RSP/R12 bases need a SIB byte; RBP/R13 bases
 * need a displacement, so [rbp] is disp8 0).
 */
@inline function encodeMem(r: usize, p: usize, form: u32, row: usize): usize {
  const r0 = <u32>load<u8>(r, REC_R0);
  const mc = load<u32>(baseTable + (<usize>load<u8>(r, REC_BASE) << 2)) | load<u32>(indexTable + (<usize>load<u8>(r, REC_INDEX) << 2));
  const scale = <u32>load<u8>(r, REC_SCALE);
  const d = load<i32>(r, REC_DISP);
  const imm = load<i64>(r, REC_IMM);
  const immLen = <usize>load<u8>(row, ROW_IMM_LEN);
  let tab = <usize>load<u32>(memTables + (<usize>form << 2));
  if (tab == 0) tab = buildTable(form, true);
  const short = shortImm(row, imm, immLen);
  const e = load<u64>(tab + (<usize>((((r0 & 15) << 2) | ((mc >>> 8) & 3)) << 1 | short) << 3));
  // Bytes 6-7 of the entry land past the head and are overwritten by the ModRM store.
  store<u64>(p, e);
  const hlen = <usize>(e >>> 56);
  const needSib = (mc >>> 16) & 1;
  // Displacement class 0 (none), 1 (disp8), 2 (disp32): a disp32 is never 0.
  const dcls = (<u32>(d != 0) | ((mc >>> 17) & 1)) + <u32>(<u32>(d + 128) > 255);
  const sib = ((scale << 6) | (mc & 0x3f)) & (0 - needSib);
  const modrm = (dcls << 6) | (<u32>(e >>> 48) & 0x38) | (needSib ? 4 : mc & 7);
  let q = p + hlen;
  store<u64>(q, <u64>(modrm | (sib << 8)));
  q += <usize>(1 + needSib);
  store<u64>(q, <u64><u32>d);
  q += <usize>(dcls * dcls); // 0, 1, 4
  store<u64>(q, imm);
  // Label/symbol operands (RIP-relative ones), RIP / no base / bad numbers (the base and index
  // tables), a bad scale, r0 above 15, combinations the table leaves to the checked code.
  const bad = (<u32>load<u8>(r, REC_FLAGS) & (REC_F_LABEL | REC_F_SYMBOL)) | (mc & MEM_E_BAD) | <u32>(scale > 3)
    | (r0 >>> 4) | <u32>(hlen == 0) | immOutOfRange(row, imm);
  if (bad) return encodeMemOther(r, p, row, tab);
  return q + (short ? 1 : immLen);
}

/**
 * The memory operands encodeMem leaves out, from the same table: RIP-relative (plain, to a label,
 * to a symbol) and without a base (absolute, index only). Compiled code has many (statics and
 * runtime data, constants, indirect calls). Anything else, and anything invalid, is the checked
 * code's, which produces the same bytes or names the error.
 */
function encodeMemOther(r: usize, p: usize, row: usize, tab: usize): usize {
  const r0 = <u32>load<u8>(r, REC_R0);
  const base = <u32>load<u8>(r, REC_BASE);
  const idx = <u32>load<u8>(r, REC_INDEX);
  const scale = <u32>load<u8>(r, REC_SCALE);
  const tf = <u32>load<u8>(r, REC_FLAGS) & (REC_F_LABEL | REC_F_SYMBOL);
  const target = load<i32>(r, REC_TARGET);
  const d = load<i32>(r, REC_DISP);
  const imm = load<i64>(r, REC_IMM);
  const immLen = <usize>load<u8>(row, ROW_IMM_LEN);
  const isRip = base == <u32>MEM_RIP;
  let ok = <u32>(r0 < 16) & <u32>(scale <= 3) & (immOutOfRange(row, imm) ^ 1);
  let x: u32 = 0;
  let sib: u32 = 0x25; // no base, no index: [disp32]
  if (isRip) {
    // No index; a label id of this batch, a symbol, or a plain displacement.
    ok &= <u32>(idx == <u32>MEM_NONE) & <u32>(tf != (REC_F_LABEL | REC_F_SYMBOL)) & <u32>(tf != REC_F_LABEL || <u32>target < <u32>batchLabels);
  } else if (base == <u32>MEM_NONE) {
    ok &= <u32>(tf == 0);
    if (idx != <u32>MEM_NONE) {
      ok &= <u32>(idx < 16) & <u32>(idx != 4);
      x = (idx >>> 3) & 1;
      sib = (scale << 6) | ((idx & 7) << 3) | 5;
    }
  } else ok = 0;
  if (!ok) return encodeChecked(r, p, recordIndex(r), batchLabels);
  const short = shortImm(row, imm, immLen);
  const e = load<u64>(tab + (<usize>((((r0 & 15) << 2) | (x << 1)) << 1 | short) << 3));
  const hlen = <usize>(e >>> 56);
  if (hlen == 0) return encodeChecked(r, p, recordIndex(r), batchLabels);
  store<u64>(p, e);
  const regBits = <u32>(e >>> 48) & 0x38;
  const ib: usize = short ? 1 : immLen;
  let q = p + hlen;
  if (isRip) {
    // mod 00 rm 101: [rip + disp32].
    store<u8>(q, <u8>(0x05 | regBits));
    q += 1;
    let field = d;
    if (tf == REC_F_LABEL) {
      // The addend rides in the field until resolution adds the label distance.
      addFixup(target, <i32>(hlen + 1), 4, <i32>ib, recordIndex(r));
    } else if (tf == REC_F_SYMBOL) {
      // S + A - P with P the field: the CPU adds the disp to the end of the instruction.
      addReloc(RELOC_REL32, target, <i32>(hlen + 1), d - 4 - <i32>ib, recordIndex(r));
      field = 0;
    }
    store<i32>(q, field);
  } else {
    // mod 00 rm 100, SIB base 101: disp32 without a base.
    store<u16>(q, <u16>((0x04 | regBits) | (sib << 8)));
    q += 2;
    store<i32>(q, d);
  }
  q += 4;
  store<u64>(q, imm);
  return q + ib;
}

/** Appends a label reference; field and end offsets are kept relative to the record start. */
@inline function addFixup(label: i32, fieldDelta: i32, width: i32, endDelta: i32, rec: i32): void {
  const f = fixups + <usize>fixCount * FIX_SIZE;
  store<i32>(f + FIX_OFFSET, fieldDelta);
  store<i32>(f + FIX_LABEL, label);
  store<i32>(f + FIX_WIDTH, width | (endDelta << 8));
  store<i32>(f + FIX_RECORD, rec);
  fixCount++;
}

@inline function addReloc(kind: i32, symbol: i32, fieldDelta: i32, addend: i32, rec: i32): void {
  const q = relocs + <usize>relocCount * RELOC_SIZE;
  store<i32>(q + RELOC_OFFSET, fieldDelta);
  store<i32>(q + RELOC_KIND, kind);
  store<i32>(q + RELOC_SYMBOL, symbol);
  store<i32>(q + RELOC_ADDEND, addend);
  store<i32>(relocRec + <usize>relocCount * 4, rec);
  relocCount++;
}

@inline function fitsI8(v: i64): bool {
  return v == <i64>(<i8>v);
}

/** Size in bytes of an immediate kind. */
@inline function immBytes(kind: i32): i32 {
  // IMM_NONE 0, IMM_8 1, IMM_16 2, IMM_32 4, IMM_64 8
  return <i32>((0x84210 >>> (kind << 2)) & 15);
}

/**
 * Encodes record r at p. Returns the new write pointer, or 0 with errCode set.
 * The order of the bytes: [F0] [66] [mandatory prefix] [REX] [0F [38|3A]] opcode [ModRM [SIB] [disp]] [imm].
 */
function encodeChecked(r: usize, p: usize, index: i32, labelCount: i32): usize {
  const w = load<u32>(r);
  const form = w & 0xffff;
  if (form >= <u32>FORM_COUNT) return err(ERR_BAD_FORM);
  const row = FORM_TABLE + (<usize>form << ROW_SHIFT);
  const w0 = load<u32>(row);
  const w1 = load<u32>(row, 4);
  const enc = <i32>((w0 >>> ROW_ENC_SHIFT) & 15);
  const m = load<u32>(r, 4);
  const flags = <i32>(m >>> 24);

  if (enc > ENC_OPREG) {
    if (enc != ENC_MOVIMM) return encodeSpecial(r, p, index, labelCount, enc, w0, flags);
  }

  let r0 = (w >>> 16) & 0xff;
  const regCls = <i32>((w1 >>> ROW_REGCLS_SHIFT) & 15);
  const rmCls = <i32>((w1 >>> ROW_RMCLS_SHIFT) & 15);
  let rex: u32 = (w0 >>> ROW_W_SHIFT) & 1 ? 8 : 0;
  // needRex: SPL/BPL/SIL/DIL; high: AH-BH. The pair is checked once everything is known.
  let needRex = false;
  let high = false;
  let op = w0 & 0xff;

  // Operand in ModRM.reg or in the opcode.
  let regField: u32 = (w0 >>> ROW_DIGIT_SHIFT) & 7;
  if (regCls != CLS_NONE) {
    if (regCls == CLS_GPR8) {
      if (r0 > 19) return err(ERR_BAD_REGISTER);
      if (r0 >= 16) { high = true; r0 -= 12; } else if (r0 >= 4 && r0 < 8) needRex = true;
    } else if (r0 > 15) return err(ERR_BAD_REGISTER);
    if (enc == ENC_MODRM) {
      regField = r0 & 7;
      rex |= (r0 & 8) >>> 1; // REX.R
    } else {
      // ENC_OPREG / ENC_MOVIMM: the register lives in the opcode (or ModRM.rm for C7 /0).
      rex |= r0 >>> 3; // REX.B
    }
  }

  // The rm operand: register r1 or memory.
  let modrm: u32 = 0;
  let hasModrm = enc == ENC_MODRM || enc == ENC_MODRM_DIGIT;
  let sib: u32 = 0;
  let hasSib = false;
  let dispBytes: i32 = 0;
  let disp: i32 = 0;
  let ripTarget = false;
  const isMem = (flags & REC_F_MEM) != 0;
  if (hasModrm) {
    if (rmCls == CLS_NONE) return err(ERR_BAD_FORM);
    const rmMode = <i32>((w0 >>> ROW_RMMODE_SHIFT) & 3);
    if (isMem) {
      if (rmMode == RM_REG_ONLY) return err(ERR_REG_REQUIRED);
      const base = <i32>(m & 0xff);
      const idx = <i32>((m >>> 8) & 0xff);
      const scale = <i32>((m >>> 16) & 0xff);
      disp = load<i32>(r, 8);
      if (scale > 3) return err(ERR_BAD_SCALE);
      if (idx != MEM_NONE) {
        if (idx > 15) return err(ERR_BAD_REGISTER);
        if (idx == 4) return err(ERR_RSP_INDEX);
        rex |= (idx & 8) >>> 2; // REX.X
      }
      if (base == MEM_RIP) {
        if (idx != MEM_NONE) return err(ERR_RIP_INDEX);
        modrm = 0x05; // mod 00, rm 101: [rip + disp32]
        dispBytes = 4;
        ripTarget = (flags & (REC_F_LABEL | REC_F_SYMBOL)) != 0;
      } else if (base == MEM_NONE) {
        // No base: SIB with base 101 and mod 00 means disp32 only (in 64-bit mode the plain
        // mod 00 rm 101 form is RIP-relative, so an absolute address needs the SIB form too).
        modrm = 0x04;
        hasSib = true;
        sib = (idx == MEM_NONE ? 0x20 : (scale << 6) | ((idx & 7) << 3)) | 5;
        dispBytes = 4;
      } else {
        if (base > 15) return err(ERR_BAD_BASE);
        rex |= base >>> 3; // REX.B
        const b = base & 7;
        // RBP/R13 as base have no mod-00 form (that encoding means "no base"): use disp8 0.
        if (disp == 0 && b != 5) modrm = 0x00;
        else if (disp == <i32>(<i8>disp)) { modrm = 0x40; dispBytes = 1; }
        else { modrm = 0x80; dispBytes = 4; }
        if (idx == MEM_NONE && b != 4) {
          modrm |= b;
        } else {
          // RSP/R12 as base, or any index: SIB byte (index 100 = none).
          modrm |= 4;
          hasSib = true;
          sib = (scale << 6) | ((idx == MEM_NONE ? 4 : idx & 7) << 3) | b;
        }
      }
    } else {
      if (rmMode == RM_MEM_ONLY) return err(ERR_MEM_REQUIRED);
      let r1 = w >>> 24;
      if (rmCls == CLS_GPR8) {
        if (r1 > 19) return err(ERR_BAD_REGISTER);
        if (r1 >= 16) { high = true; r1 -= 12; } else if (r1 >= 4 && r1 < 8) needRex = true;
      } else if (r1 > 15) return err(ERR_BAD_REGISTER);
      rex |= r1 >>> 3; // REX.B
      modrm = 0xc0 | (r1 & 7);
    }
    modrm |= regField << 3;
  } else if (isMem) {
    return err(ERR_REG_REQUIRED);
  }

  // Immediate: range check, then the short sign-extended imm8 or accumulator alternatives.
  let immKind = <i32>((w0 >>> ROW_IMM_SHIFT) & 7);
  let imm: i64 = 0;
  let symbolImm = false;
  if (immKind != IMM_NONE) {
    imm = load<i64>(r, 16);
    if (immKind == IMM_8) {
      if (imm < -128 || imm > 255) return err(ERR_IMM_RANGE);
    } else if (immKind == IMM_16) {
      if (imm < -32768 || imm > 65535) return err(ERR_IMM_RANGE);
      imm = <i64>(<i16>imm);
    } else if (immKind == IMM_32) {
      if ((w0 >>> ROW_SX_SHIFT) & 1) {
        if (imm != <i64>(<i32>imm)) return err(ERR_IMM_RANGE);
      } else {
        if (imm < -2147483648 || imm > 4294967295) return err(ERR_IMM_RANGE);
        imm = <i64>(<i32>imm);
      }
    }
    const shortOp = (w1 >>> ROW_SHORTOP_SHIFT) & 0xff;
    if (shortOp != 0 && fitsI8(imm)) {
      op = shortOp;
      immKind = IMM_8;
    } else {
      const accOp = (w1 >>> ROW_ACCOP_SHIFT) & 0xff;
      if (accOp != 0 && !isMem && (w >>> 24) == 0) {
        // add rax, imm32 → 48 05 id: no ModRM byte.
        op = accOp;
        hasModrm = false;
      }
    }
    if (enc == ENC_MOVIMM) {
      if (flags & REC_F_SYMBOL) {
        symbolImm = true; // movabs with an abs64 relocation
      } else if (<u64>imm <= 0xffffffff) {
        rex &= ~8; // mov r32, imm32 zero-extends into the 64-bit register
        immKind = IMM_32;
      } else if (imm == <i64>(<i32>imm)) {
        op = 0xc7; // mov r/m64, simm32: ModRM 11 000 reg
        hasModrm = true;
        modrm = 0xc0 | (r0 & 7);
        immKind = IMM_32;
      }
    } else if (immKind == IMM_64 && (flags & REC_F_SYMBOL)) {
      symbolImm = true;
    }
  }

  if (needRex) rex |= 0x40;
  if (high && rex != 0) return err(ERR_HIGH_BYTE_REX);

  const start = p;
  // Prefixes, REX, opcode, ModRM and SIB are at most 7 bytes: gather them in one u64 and store it
  // at once (the code region keeps 64 bytes of slack past the last record for this).
  let acc: u64 = 0;
  let sh: u64 = 0;
  if ((w0 >>> ROW_LOCK_SHIFT) & 1) { acc = 0xf0; sh = 8; }
  if ((w0 >>> ROW_OSZ_SHIFT) & 1) { acc |= <u64>0x66 << sh; sh += 8; }
  const pfx = (w0 >>> ROW_PFX_SHIFT) & 3;
  // 66 / F3 / F2 from the 2-bit code: 1 → 66, 2 → F3, 3 → F2.
  if (pfx != 0) { acc |= <u64>((<u32>0xf2f36600 >>> (pfx << 3)) & 0xff) << sh; sh += 8; }
  if (rex != 0) { acc |= <u64>(0x40 | rex) << sh; sh += 8; }
  const map = (w0 >>> ROW_MAP_SHIFT) & 3;
  if (map != 0) {
    // 0F, 0F 38, 0F 3A
    if (map == 1) { acc |= <u64>0x0f << sh; sh += 8; }
    else { acc |= <u64>(map == 2 ? 0x380f : 0x3a0f) << sh; sh += 16; }
  }
  if (enc == ENC_OPREG || (enc == ENC_MOVIMM && op != 0xc7)) op += r0 & 7;
  acc |= <u64>(op & 0xff) << sh;
  sh += 8;
  if (hasModrm) {
    acc |= <u64>modrm << sh;
    sh += 8;
    if (hasSib) { acc |= <u64>sib << sh; sh += 8; }
  }
  store<u64>(p, acc);
  p += <usize>(sh >> 3);
  if (hasModrm) {
    if (dispBytes == 1) {
      store<u8>(p++, <u8>disp);
    } else if (dispBytes == 4) {
      if (ripTarget) {
        const ib = immBytes(immKind);
        const target = load<i32>(r, 12);
        if (flags & REC_F_LABEL) {
          if (target < 0 || target >= labelCount) return err(ERR_BAD_LABEL);
          addFixup(target, <i32>(p - start), 4, ib, index);
          // The addend rides in the field until resolution adds the label distance.
          store<i32>(p, disp);
        } else {
          // S + A - P with P the field: the CPU adds the disp to the end of the instruction.
          addReloc(RELOC_REL32, target, <i32>(p - start), disp - 4 - ib, index);
          store<i32>(p, 0);
        }
      } else {
        store<i32>(p, disp);
      }
      p += 4;
    }
  }
  if (immKind != IMM_NONE) {
    if (immKind == IMM_8) { store<u8>(p, <u8>imm); p += 1; }
    else if (immKind == IMM_16) { store<u16>(p, <u16>imm); p += 2; }
    else if (immKind == IMM_32) { store<u32>(p, <u32>imm); p += 4; }
    else {
      if (symbolImm) {
        const target = load<i32>(r, 12);
        addReloc(RELOC_ABS64, target, <i32>(p - start), <i32>imm, index);
        if (imm != <i64>(<i32>imm)) return err(ERR_IMM_RANGE); // addend is an i32
        store<u64>(p, 0);
      } else {
        store<u64>(p, <u64>imm);
      }
      p += 8;
    }
  }
  return p;
}

/** LABEL: binds the label to the current offset (and to the next variable-size item). */
@inline function bindLabel(r: usize, p: usize): usize {
  const target = load<i32>(r, REC_TARGET);
  if (<u32>target >= <u32>batchLabels) return err(ERR_BAD_LABEL);
  const lp = labelPos + (<usize>target << 2);
  if (load<i32>(lp) != -1) return err(ERR_LABEL_REBOUND);
  store<i32>(lp, <i32>(p - code));
  store<i32>(labelItem + (<usize>target << 2), itemCount);
  return p;
}

/** Adds a variable-size item (a jump to a label, or an ALIGN padding) of record `rec`. */
@inline function addItem(start: i32, arg: i32, meta: u32, rec: i32): void {
  const it = items + (<usize>itemCount << 4);
  store<i32>(it, start, ITEM_START);
  store<i32>(it, arg, ITEM_ARG);
  store<u32>(it, meta, ITEM_META);
  store<i32>(it, rec, ITEM_RECORD);
  itemCount++;
}

/**
 * Jcc / jmp to a label: short unless a bound (backward) target is already out of rel8 reach; the
 * relaxation grows it later if needed. Anything else (a symbol target, a bad record) is
 * encodeSpecial's.
 */
@inline function encodeJump(r: usize, p: usize, row: usize): usize {
  const target = load<i32>(r, REC_TARGET);
  const w0 = load<u32>(row);
  const enc = <i32>((w0 >>> ROW_ENC_SHIFT) & 15);
  const flags = <i32>load<u8>(r, REC_FLAGS);
  if ((flags & (REC_F_MEM | REC_F_LABEL | REC_F_SYMBOL)) != REC_F_LABEL || <u32>target >= <u32>batchLabels) {
    return encodeSpecial(r, p, recordIndex(r), batchLabels, enc, w0, flags);
  }
  return emitLabelJump(p, target, enc, w0 & 0xff, recordIndex(r));
}

/**
 * Jcc / jmp rel to label `target` (valid): short unless the label is bound (backward) and already
 * out of rel8 reach. The fixup is FIX_AUTO: its field follows from the final size.
 */
@inline function emitLabelJump(p: usize, target: i32, enc: i32, op: u32, index: i32): usize {
  const pos = <i32>(p - code);
  const bound = load<i32>(labelPos + (<usize>target << 2));
  const d = bound - (pos + 2);
  const isJmp = enc == ENC_JMP;
  const short = (bound == -1) | (d == <i32>(<i8>d));
  // EB / 70+cc rel8, E9 rel32, 0F 80+cc rel32; the displacement bytes are 0 until resolution.
  const size: u32 = short ? 2 : isJmp ? 5 : 6;
  const bytes: u64 = short ? (isJmp ? 0xeb : <u64>op) : isJmp ? 0xe9 : <u64>(0x0f | ((op + 0x10) << 8));
  addItem(pos, target, itemMeta(size, enc, op), index);
  addFixup(target, 0, FIX_AUTO, 0, index);
  store<u64>(p, bytes);
  return p + <usize>size;
}

/**
 * mov r64, imm: the shortest of `mov r32, imm32` (value in 0..2^32-1, zero-extends),
 * `mov r/m64, simm32` and `mov r64, imm64`. Flagged or invalid records are the checked path's.
 */
@inline function encodeMovImm(r: usize, p: usize): usize {
  const r0 = <u32>load<u8>(r, REC_R0);
  const imm = load<i64>(r, REC_IMM);
  if ((<u32>load<u8>(r, REC_FLAGS) | (r0 >>> 4)) != 0) return encodeChecked(r, p, recordIndex(r), batchLabels);
  const lo = <u64>(r0 & 7);
  const b = <u64>(r0 >>> 3); // REX.B
  const v = <u64><u32>imm;
  if (<u64>(imm + 0x80000000) <= 0x17fffffff) {
    // -2^31 .. 2^32-1: B8+r imm32 (with 41 for r8-r15), or 48 C7 C0+r simm32 below zero.
    const zx = <u64>imm <= 0xffffffff;
    const short = b ? 0x41 | ((0xb8 + lo) << 8) | (v << 16) : (0xb8 + lo) | (v << 8);
    const sx = (0x48 | b) | (0xc7 << 8) | ((0xc0 + lo) << 16) | (v << 24);
    store<u64>(p, zx ? short : sx);
    return p + <usize>(zx ? 5 + <u32>b : 7);
  }
  store<u64>(p, (0x48 | b) | ((0xb8 + lo) << 8));
  store<u64>(p + 2, <u64>imm);
  return p + 10;
}

/** call rel32 to an external symbol (a REL32 relocation) or to a label; errors are encodeSpecial's. */
@inline function encodeCall(r: usize, p: usize): usize {
  const flags = <u32>load<u8>(r, REC_FLAGS);
  const target = load<i32>(r, REC_TARGET);
  const index = recordIndex(r);
  if (flags == REC_F_SYMBOL) {
    addReloc(RELOC_REL32, target, 1, load<i32>(r, REC_DISP) - 4, index);
    store<u64>(p, 0xe8);
    return p + 5;
  }
  if (flags == REC_F_LABEL && <u32>target < <u32>batchLabels) {
    addFixup(target, 1, 4, 0, index);
    store<u64>(p, 0xe8);
    return p + 5;
  }
  return encodeOther(r, p);
}

/** Labels, jumps, calls, alignment and nops. */
function encodeSpecial(r: usize, p: usize, index: i32, labelCount: i32, enc: i32, w0: u32, flags: i32): usize {
  const target = load<i32>(r, 12);
  if (enc == ENC_LABEL) {
    if (target < 0 || target >= labelCount) return err(ERR_BAD_LABEL);
    const lp = labelPos + (<usize>target << 2);
    if (load<i32>(lp) != -1) return err(ERR_LABEL_REBOUND);
    store<i32>(lp, <i32>(p - code));
    store<i32>(labelItem + (<usize>target << 2), itemCount);
    return p;
  }
  if (enc == ENC_ALIGN) {
    const a = load<i64>(r, 16);
    if (a < 1 || a > 64 || (a & (a - 1)) != 0) return err(ERR_BAD_ALIGN);
    // Room check: ALIGN is the only record that may exceed 16 bytes.
    if (p + 64 > code + codeCap) return err(ERR_CAPACITY);
    const pad = <i32>((<i64>0 - <i64>(p - code)) & (a - 1));
    addItem(<i32>(p - code), <i32>a, itemMeta(<u32>pad, ENC_ALIGN, 0), index);
    return writeNops(p, pad);
  }
  if (enc == ENC_NOP) {
    const n = load<i64>(r, 16);
    if (n < 0 || n > 15) return err(ERR_BAD_NOP);
    return writeNops(p, <i32>n);
  }
  if (flags & REC_F_MEM) return err(ERR_REG_REQUIRED);
  const op = w0 & 0xff;
  if (flags & REC_F_SYMBOL) {
    // Jumps and calls to external symbols are always rel32 with a relocation.
    const start = p;
    if (enc == ENC_JCC) { store<u8>(p++, 0x0f); store<u8>(p++, <u8>(op + 0x10)); }
    else store<u8>(p++, <u8>op);
    addReloc(RELOC_REL32, target, <i32>(p - start), load<i32>(r, 8) - 4, index);
    store<i32>(p, 0);
    return p + 4;
  }
  if (!(flags & REC_F_LABEL)) return err(ERR_BAD_TARGET);
  if (target < 0 || target >= labelCount) return err(ERR_BAD_LABEL);
  if (enc == ENC_CALL) {
    store<u8>(p, <u8>op);
    addFixup(target, 1, 4, 0, index);
    store<i32>(p + 1, 0);
    return p + 5;
  }
  return emitLabelJump(p, target, enc, op, index);
}

