// The backend's output: what compileBatch(irPtr, count) writes for the host, and the per-method
// unwind description the runtime reads. Shared verbatim by core-as (AssemblyScript) and host
// (TypeScript): only `export const NAME = <integer expression>;`.
//
// Every pointer below is an absolute address in the core's linear memory, valid until the host
// resets the backend arena (backendReset) before its next batch.

// ---- Batch result: BO_WORDS i32 words at the pointer compileBatch returns.
export const BO_COUNT = 0; // methods in the batch
export const BO_FAILED = 1; // methods whose MO_STATUS is not MO_OK
/** Pointer to BO_COUNT method results, MO_WORDS words each, in input order. */
export const BO_METHODS_PTR = 2;
export const BO_WORDS = 4;

// ---- Method result.
export const MO_STATUS = 0; // MO_OK or MO_ERR_*
export const MO_ERROR_DETAIL = 1; // IRERR_* / RA_ERR_* / encoder ERR_* depending on MO_STATUS
export const MO_ERROR_INST = 2; // IR instruction index the error is about, or -1
/** Code bytes: the instructions, then (from MO_DATA_OFFSET) constants and jump tables. */
export const MO_CODE_PTR = 3;
export const MO_CODE_LEN = 4;
/** Where the read-only data starts (= MO_CODE_LEN when there is none); 16-byte aligned. */
export const MO_DATA_OFFSET = 5;
/** Relocations, RELOC_SIZE bytes each in the encoder's layout (core-as/shared/encoder-layout.ts). */
export const MO_RELOCS_PTR = 6;
export const MO_NUM_RELOCS = 7;
/**
 * IR position map: MP_WORDS words per entry, sorted by native offset; an entry starts the code of
 * one IR instruction (code a later entry does not claim belongs to the same instruction).
 */
export const MO_POSMAP_PTR = 8;
export const MO_NUM_POSMAP = 9;
/** Unwind description (UW_* below), MO_UNWIND_WORDS words. */
export const MO_UNWIND_PTR = 10;
export const MO_UNWIND_WORDS = 11;
// Statistics.
export const MO_STAT_IR_INSTS = 12;
export const MO_STAT_VCODE_INSTS = 13;
/** Machine instructions emitted (encoder records that produce bytes; labels and alignment excluded). */
export const MO_STAT_MACHINE_INSTS = 14;
export const MO_STAT_SPILLS = 15;
export const MO_STAT_RELOADS = 16;
export const MO_STAT_MOVES = 17;
export const MO_STAT_SPILL_SLOTS = 18;
/** Code bytes without the data area. */
export const MO_STAT_CODE_BYTES = 19;
export const MO_STAT_VCODE_BLOCKS = 20;
export const MO_STAT_SPLITS = 21;
export const MO_WORDS = 24;

export const MO_OK = 0;
export const MO_ERR_BAD_IR = 1; // detail: IRERR_*
export const MO_ERR_REGALLOC = 2; // detail: RA_ERR_*
export const MO_ERR_ENCODER = 3; // detail: encoder ERR_*
export const MO_ERR_UNSUPPORTED = 4; // detail: the IR opcode
export const MO_ERR_NO_ALLOCATION = 5; // a step-wise emit without an allocation result

// ---- Position map entry.
export const MP_OFFSET = 0; // native code offset
export const MP_IR_INST = 1; // IR instruction index within the method
export const MP_WORDS = 2;

// ---- Unwind description (UW_HEADER_WORDS words, then the saved registers, then the epilogues).
// Every frame keeps RBP as its frame pointer. How to find the caller's frame at code offset `o`:
//   o <  UW_PUSH_RBP_END:              CFA = RSP + 8;  return address at [CFA - 8]
//   o <  UW_SET_FP_END:                CFA = RSP + 16; caller's RBP at [CFA - 16]
//   o is the `ret` of an epilogue:     CFA = RSP + 8;  every register already restored
//   otherwise:                         CFA = RBP + 16; caller's RBP at [RBP]; saved register r is
//                                      at [RBP + UWS_RBP_OFFSET] once o >= its UWS_SAVED_AT,
//                                      before that it still holds the caller's value
// The caller's RSP is the CFA. Offsets inside the epilogue before its `ret` follow the last rule
// (RBP stays valid until the `pop rbp` right before the `ret`; the pops leave the slots intact).
export const UW_CODE_LEN = 0; // bytes of instructions the description covers
export const UW_PUSH_RBP_END = 1;
export const UW_SET_FP_END = 2;
export const UW_PROLOGUE_END = 3;
/** After the prologue, RSP = RBP - UW_FRAME_SIZE (16-byte aligned). */
export const UW_FRAME_SIZE = 4;
export const UW_NUM_SAVED = 5;
export const UW_NUM_EPILOGUES = 6;
export const UW_HEADER_WORDS = 8;
export const UWS_REG = 0; // GPR hardware number
export const UWS_RBP_OFFSET = 1; // negative
export const UWS_SAVED_AT = 2; // code offset right after the push
export const UWS_WORDS = 3;
export const UWE_START = 0; // offset of the epilogue's first instruction
export const UWE_RET = 1; // offset of its `ret`
export const UWE_WORDS = 2;
