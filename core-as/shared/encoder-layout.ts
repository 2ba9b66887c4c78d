// The x86-64 encoder's host<->core contract: instruction-record layout, register numbers, operand
// kinds, form-table bit fields, result header, error codes and form ids. Shared verbatim by
// core-as (AssemblyScript) and host (TypeScript), so it keeps to the common subset: only
// `export const NAME = <integer expression>;`. The block between the generated-forms markers is
// written by host/core/gen-encoder-table.ts from host/core/x86-forms.ts; everything else is edited
// by hand.

// ---- Instruction record: REC_SIZE bytes, little-endian, written by the producer into linear memory.
export const REC_SIZE = 24;
/** u16: form id (FORM_*). */
export const REC_FORM = 0;
/** u8: register in the ModRM.reg field or in the opcode (GPR 0-15, AH-BH 16-19, XMM 0-15). */
export const REC_R0 = 2;
/** u8: register in the ModRM.rm field when the rm operand is a register. */
export const REC_R1 = 3;
/** u8: memory base register (0-15), MEM_NONE or MEM_RIP. */
export const REC_BASE = 4;
/** u8: memory index register (0-15, not 4 = RSP) or MEM_NONE. */
export const REC_INDEX = 5;
/** u8: log2 of the index scale (0-3). */
export const REC_SCALE = 6;
/** u8: REC_F_* flags. */
export const REC_FLAGS = 7;
/** i32: memory displacement; for a RIP-relative label/symbol operand, the addend. */
export const REC_DISP = 8;
/** i32: label id (REC_F_LABEL) or external symbol id (REC_F_SYMBOL). */
export const REC_TARGET = 12;
/** i64: immediate (alignment for ALIGN, length for NOP_N). */
export const REC_IMM = 16;

/** The rm operand is the memory operand (base/index/scale/disp), not register r1. */
export const REC_F_MEM = 1;
/** The target (branch, call, RIP-relative memory) is label REC_TARGET of this batch. */
export const REC_F_LABEL = 2;
/** The target is external symbol REC_TARGET: a relocation is emitted. */
export const REC_F_SYMBOL = 4;

/** Base/index "no register". */
export const MEM_NONE = 255;
/** Base: RIP-relative addressing (no index allowed). */
export const MEM_RIP = 254;

// ---- Register numbers (the hardware numbers; the operand class comes from the form).
export const REG_RAX = 0;
export const REG_RCX = 1;
export const REG_RDX = 2;
export const REG_RBX = 3;
export const REG_RSP = 4;
export const REG_RBP = 5;
export const REG_RSI = 6;
export const REG_RDI = 7;
export const REG_R8 = 8;
export const REG_R9 = 9;
export const REG_R10 = 10;
export const REG_R11 = 11;
export const REG_R12 = 12;
export const REG_R13 = 13;
export const REG_R14 = 14;
export const REG_R15 = 15;
/** 8-bit only: AH, CH, DH, BH (encoded as 4-7 without any REX prefix). */
export const REG_AH = 16;
export const REG_CH = 17;
export const REG_DH = 18;
export const REG_BH = 19;

// ---- Form-table row: ROW_BYTES bytes per form (64-byte aligned: one cache line).
export const ROW_BYTES = 64;
// Word 0 (u32 at byte 0): the description, as the checked path reads it
export const ROW_OP_SHIFT = 0; // 8 bits: opcode byte (last byte for 0F/0F38/0F3A maps)
export const ROW_MAP_SHIFT = 8; // 2 bits: 0 one-byte, 1 0F, 2 0F38, 3 0F3A
export const ROW_PFX_SHIFT = 10; // 2 bits: mandatory prefix 0 none, 1 66, 2 F3, 3 F2
export const ROW_W_SHIFT = 12; // 1 bit: REX.W
export const ROW_OSZ_SHIFT = 13; // 1 bit: 66 operand-size prefix
export const ROW_LOCK_SHIFT = 14; // 1 bit: F0 lock prefix
export const ROW_DIGIT_SHIFT = 15; // 3 bits: /digit
export const ROW_ENC_SHIFT = 18; // 4 bits: ENC_*
export const ROW_IMM_SHIFT = 22; // 3 bits: IMM_*
export const ROW_RMMODE_SHIFT = 25; // 2 bits: RM_*
export const ROW_SX_SHIFT = 27; // 1 bit: imm32 sign-extended to 64 bits
// Word 1 (u32 at byte 4)
export const ROW_REGCLS_SHIFT = 0; // 4 bits: CLS_* of r0
export const ROW_RMCLS_SHIFT = 4; // 4 bits: CLS_* of the rm operand
export const ROW_SHORTOP_SHIFT = 8; // 8 bits: opcode of the sign-extended imm8 form (0: none)
export const ROW_ACCOP_SHIFT = 16; // 8 bits: opcode of the accumulator form (0: none)
// Bytes 8-63: the same row precomputed for the fast path (ready-made bytes, lengths, masks).
/** u64: [prefixes] [escape] opcode as stored when no REX prefix is needed. */
export const ROW_HEAD = 8;
/** u64: [prefixes] 40 [escape] opcode: the same with a REX byte (R/X/B/W are ORed in). */
export const ROW_HEAD_REX = 16;
/** u8: ROW_PATH_*. */
export const ROW_PATH = 24;
/** u8: bytes of ROW_HEAD (prefixes, escape, opcode); one more with REX. */
export const ROW_HLEN = 25;
/** u8: immediate bytes (0, 1, 2, 4, 8). */
export const ROW_IMM_LEN = 26;
/** i8: short-imm8 opcode minus the opcode (0: no short form). */
export const ROW_SHORT_DELTA = 27;
/** u16: byte offset of r0's register table (REGTAB_* × REGTAB_SIZE: the reg field, the opcode, or ignored). */
export const ROW_R0_TABLE = 28;
/** u16: byte offset of r1's register table (the rm field, ignored, or REGTAB_BAD for memory-only forms). */
export const ROW_R1_TABLE = 30;
/** u32: constant ModRM bits (/digit << 3) in bits 0-7, constant REX bits (W) in 8-15, ROW_C_NO_MEM. */
export const ROW_CONST = 32;
/** u32: 1 << bit position of the REX byte in ROW_HEAD_REX (a multiplier: 256^prefixes). */
export const ROW_REX_MUL = 36;
/** u32: 1 << bit position of the opcode byte in ROW_HEAD (256^(prefixes + escape bytes)). */
export const ROW_OP_MUL = 40;
/** i8: accumulator opcode minus the opcode (0: no accumulator form). */
export const ROW_ACC_DELTA = 44;
/** i64: lowest accepted immediate. */
export const ROW_IMM_LO = 48;
/** u64: highest minus lowest accepted immediate (unsigned span). */
export const ROW_IMM_SPAN = 56;

/** ROW_CONST: the form takes no memory operand. */
export const ROW_C_NO_MEM = 0x40000000;

/** Fast-path dispatch of a row. */
export const ROW_PATH_GENERAL = 0; // ModRM, /digit, opcode-register and operand-less forms
export const ROW_PATH_MOVIMM = 1; // mov r64, imm (shortest of three encodings)
export const ROW_PATH_LABEL = 2;
export const ROW_PATH_JUMP = 3; // jcc / jmp
export const ROW_PATH_CALL = 4;
export const ROW_PATH_OTHER = 5; // ALIGN, NOP_N

/** Register tables (built by the core): ROW_R0_TABLE / ROW_R1_TABLE are REGTAB_* × REGTAB_SIZE. */
export const REGTAB_SIZE = 1024; // 256 registers × u32
export const REGTAB_NONE = 0; // operand ignored: every entry 0
export const REGTAB_REG = 1; // ModRM.reg, REX.R; GPR16/32/64 and XMM (0-15)
export const REGTAB_REG8 = 2; // ModRM.reg, GPR8 (AH-BH 16-19; SPL-DIL force REX)
export const REGTAB_RM = 3; // ModRM mod 11 rm, REX.B
export const REGTAB_RM8 = 4;
export const REGTAB_OP = 5; // added to the opcode, REX.B
export const REGTAB_OP8 = 6;
export const REGTAB_BAD = 7; // a register where the form takes memory only: every entry invalid
export const REGTAB_COUNT = 8;

export const ENC_NONE = 0;
export const ENC_MODRM = 1;
export const ENC_MODRM_DIGIT = 2;
export const ENC_OPREG = 3;
export const ENC_JCC = 4;
export const ENC_JMP = 5;
export const ENC_CALL = 6;
export const ENC_LABEL = 7;
export const ENC_ALIGN = 8;
export const ENC_NOP = 9;
export const ENC_MOVIMM = 10;

export const IMM_NONE = 0;
export const IMM_8 = 1;
export const IMM_16 = 2;
export const IMM_32 = 3;
export const IMM_64 = 4;

export const CLS_NONE = 0;
export const CLS_GPR8 = 1;
export const CLS_GPR16 = 2;
export const CLS_GPR32 = 3;
export const CLS_GPR64 = 4;
export const CLS_XMM = 5;

export const RM_REG_OR_MEM = 0;
export const RM_MEM_ONLY = 1;
export const RM_REG_ONLY = 2;

// ---- Result header: HDR_WORDS i32 words at the pointer encoderSetup() returns.
export const HDR_RECORDS_PTR = 0; // where the producer writes records
export const HDR_RECORD_CAPACITY = 1;
export const HDR_LABEL_CAPACITY = 2;
export const HDR_STATUS = 3; // ERR_* of the last batch
export const HDR_ERROR_INDEX = 4; // record index of the error, -1 if none
export const HDR_CODE_PTR = 5; // code of the last batch: one of two buffers, re-read after every batch
export const HDR_CODE_LEN = 6;
export const HDR_OFFSETS_PTR = 7; // u32 per record: code offset of the record's first byte
export const HDR_FIXUPS_PTR = 8;
export const HDR_FIXUP_COUNT = 9;
export const HDR_RELOCS_PTR = 10;
export const HDR_RELOC_COUNT = 11;
export const HDR_LABELS_PTR = 12; // i32 per label: final offset (-1 unbound)
export const HDR_PASSES = 13; // relaxation passes the last batch needed
export const HDR_WORDS = 16;

/** Resolved label reference: FIX_SIZE bytes, four u32. */
export const FIX_SIZE = 16;
export const FIX_OFFSET = 0; // offset of the displacement field in the code
export const FIX_LABEL = 4;
export const FIX_WIDTH = 8; // 1 (rel8) or 4 (rel32)
export const FIX_RECORD = 12; // index of the referencing record

/** Relocation for the image writer / loader: RELOC_SIZE bytes, four u32. */
export const RELOC_SIZE = 16;
export const RELOC_OFFSET = 0; // offset of the field to patch
export const RELOC_KIND = 4; // RELOC_REL32 or RELOC_ABS64
export const RELOC_SYMBOL = 8;
export const RELOC_ADDEND = 12; // i32; REL32: field = S + A - P (P = field address); ABS64: field = S + A
export const RELOC_REL32 = 1;
export const RELOC_ABS64 = 2;

// ---- Error codes (HDR_STATUS and the return value of encodeBatch).
export const ERR_OK = 0;
export const ERR_BAD_FORM = 1; // form id out of range
export const ERR_BAD_REGISTER = 2; // register number invalid for the operand's class
export const ERR_HIGH_BYTE_REX = 3; // AH/CH/DH/BH in an instruction that needs a REX prefix
export const ERR_RSP_INDEX = 4; // RSP cannot be an index register
export const ERR_BAD_SCALE = 5; // scale log2 above 3
export const ERR_RIP_INDEX = 6; // RIP-relative operand with an index register
export const ERR_BAD_BASE = 7; // base register number invalid
export const ERR_MEM_REQUIRED = 8; // form takes memory only (lea, lock …) but got a register
export const ERR_REG_REQUIRED = 9; // form takes no memory operand but got one
export const ERR_IMM_RANGE = 10; // immediate does not fit the form's immediate field
export const ERR_BAD_LABEL = 11; // label id outside the batch's label count
export const ERR_LABEL_REBOUND = 12; // label bound twice
export const ERR_UNBOUND_LABEL = 13; // label referenced but never bound
export const ERR_BAD_TARGET = 14; // missing/unsupported target kind (e.g. jcc to a symbol)
export const ERR_CAPACITY = 15; // more records/labels than encoderSetup() reserved
export const ERR_BAD_ALIGN = 16; // ALIGN not a power of two in 1..64
export const ERR_BAD_NOP = 17; // NOP_N length outside 0..15
export const ERR_INTERNAL = 18; // an invariant of the encoder failed (a bug, reported instead of wrong bytes)

// <generated-forms> (do not edit by hand: node dist/host/core/gen-encoder-table.js)
export const FORM_ADD_RM8_R8 = 0;
export const FORM_ADD_R8_RM8 = 1;
export const FORM_ADD_RM8_IMM = 2;
export const FORM_ADD_RM16_R16 = 3;
export const FORM_ADD_R16_RM16 = 4;
export const FORM_ADD_RM16_IMM = 5;
export const FORM_ADD_RM32_R32 = 6;
export const FORM_ADD_R32_RM32 = 7;
export const FORM_ADD_RM32_IMM = 8;
export const FORM_ADD_RM64_R64 = 9;
export const FORM_ADD_R64_RM64 = 10;
export const FORM_ADD_RM64_IMM = 11;
export const FORM_OR_RM8_R8 = 12;
export const FORM_OR_R8_RM8 = 13;
export const FORM_OR_RM8_IMM = 14;
export const FORM_OR_RM16_R16 = 15;
export const FORM_OR_R16_RM16 = 16;
export const FORM_OR_RM16_IMM = 17;
export const FORM_OR_RM32_R32 = 18;
export const FORM_OR_R32_RM32 = 19;
export const FORM_OR_RM32_IMM = 20;
export const FORM_OR_RM64_R64 = 21;
export const FORM_OR_R64_RM64 = 22;
export const FORM_OR_RM64_IMM = 23;
export const FORM_ADC_RM8_R8 = 24;
export const FORM_ADC_R8_RM8 = 25;
export const FORM_ADC_RM8_IMM = 26;
export const FORM_ADC_RM16_R16 = 27;
export const FORM_ADC_R16_RM16 = 28;
export const FORM_ADC_RM16_IMM = 29;
export const FORM_ADC_RM32_R32 = 30;
export const FORM_ADC_R32_RM32 = 31;
export const FORM_ADC_RM32_IMM = 32;
export const FORM_ADC_RM64_R64 = 33;
export const FORM_ADC_R64_RM64 = 34;
export const FORM_ADC_RM64_IMM = 35;
export const FORM_SBB_RM8_R8 = 36;
export const FORM_SBB_R8_RM8 = 37;
export const FORM_SBB_RM8_IMM = 38;
export const FORM_SBB_RM16_R16 = 39;
export const FORM_SBB_R16_RM16 = 40;
export const FORM_SBB_RM16_IMM = 41;
export const FORM_SBB_RM32_R32 = 42;
export const FORM_SBB_R32_RM32 = 43;
export const FORM_SBB_RM32_IMM = 44;
export const FORM_SBB_RM64_R64 = 45;
export const FORM_SBB_R64_RM64 = 46;
export const FORM_SBB_RM64_IMM = 47;
export const FORM_AND_RM8_R8 = 48;
export const FORM_AND_R8_RM8 = 49;
export const FORM_AND_RM8_IMM = 50;
export const FORM_AND_RM16_R16 = 51;
export const FORM_AND_R16_RM16 = 52;
export const FORM_AND_RM16_IMM = 53;
export const FORM_AND_RM32_R32 = 54;
export const FORM_AND_R32_RM32 = 55;
export const FORM_AND_RM32_IMM = 56;
export const FORM_AND_RM64_R64 = 57;
export const FORM_AND_R64_RM64 = 58;
export const FORM_AND_RM64_IMM = 59;
export const FORM_SUB_RM8_R8 = 60;
export const FORM_SUB_R8_RM8 = 61;
export const FORM_SUB_RM8_IMM = 62;
export const FORM_SUB_RM16_R16 = 63;
export const FORM_SUB_R16_RM16 = 64;
export const FORM_SUB_RM16_IMM = 65;
export const FORM_SUB_RM32_R32 = 66;
export const FORM_SUB_R32_RM32 = 67;
export const FORM_SUB_RM32_IMM = 68;
export const FORM_SUB_RM64_R64 = 69;
export const FORM_SUB_R64_RM64 = 70;
export const FORM_SUB_RM64_IMM = 71;
export const FORM_XOR_RM8_R8 = 72;
export const FORM_XOR_R8_RM8 = 73;
export const FORM_XOR_RM8_IMM = 74;
export const FORM_XOR_RM16_R16 = 75;
export const FORM_XOR_R16_RM16 = 76;
export const FORM_XOR_RM16_IMM = 77;
export const FORM_XOR_RM32_R32 = 78;
export const FORM_XOR_R32_RM32 = 79;
export const FORM_XOR_RM32_IMM = 80;
export const FORM_XOR_RM64_R64 = 81;
export const FORM_XOR_R64_RM64 = 82;
export const FORM_XOR_RM64_IMM = 83;
export const FORM_CMP_RM8_R8 = 84;
export const FORM_CMP_R8_RM8 = 85;
export const FORM_CMP_RM8_IMM = 86;
export const FORM_CMP_RM16_R16 = 87;
export const FORM_CMP_R16_RM16 = 88;
export const FORM_CMP_RM16_IMM = 89;
export const FORM_CMP_RM32_R32 = 90;
export const FORM_CMP_R32_RM32 = 91;
export const FORM_CMP_RM32_IMM = 92;
export const FORM_CMP_RM64_R64 = 93;
export const FORM_CMP_R64_RM64 = 94;
export const FORM_CMP_RM64_IMM = 95;
export const FORM_TEST_RM8_R8 = 96;
export const FORM_TEST_RM8_IMM = 97;
export const FORM_XCHG_RM8_R8 = 98;
export const FORM_MOV_RM8_R8 = 99;
export const FORM_MOV_R8_RM8 = 100;
export const FORM_MOV_RM8_IMM = 101;
export const FORM_MOV_R8_IMM8 = 102;
export const FORM_NOT_RM8 = 103;
export const FORM_NEG_RM8 = 104;
export const FORM_MUL_RM8 = 105;
export const FORM_IMUL_RM8 = 106;
export const FORM_DIV_RM8 = 107;
export const FORM_IDIV_RM8 = 108;
export const FORM_INC_RM8 = 109;
export const FORM_DEC_RM8 = 110;
export const FORM_ROL_RM8_1 = 111;
export const FORM_ROL_RM8_IMM8 = 112;
export const FORM_ROL_RM8_CL = 113;
export const FORM_ROR_RM8_1 = 114;
export const FORM_ROR_RM8_IMM8 = 115;
export const FORM_ROR_RM8_CL = 116;
export const FORM_SHL_RM8_1 = 117;
export const FORM_SHL_RM8_IMM8 = 118;
export const FORM_SHL_RM8_CL = 119;
export const FORM_SHR_RM8_1 = 120;
export const FORM_SHR_RM8_IMM8 = 121;
export const FORM_SHR_RM8_CL = 122;
export const FORM_SAR_RM8_1 = 123;
export const FORM_SAR_RM8_IMM8 = 124;
export const FORM_SAR_RM8_CL = 125;
export const FORM_CMPXCHG_RM8_R8 = 126;
export const FORM_LOCK_CMPXCHG_M8_R8 = 127;
export const FORM_XADD_RM8_R8 = 128;
export const FORM_LOCK_XADD_M8_R8 = 129;
export const FORM_TEST_RM16_R16 = 130;
export const FORM_TEST_RM16_IMM = 131;
export const FORM_XCHG_RM16_R16 = 132;
export const FORM_MOV_RM16_R16 = 133;
export const FORM_MOV_R16_RM16 = 134;
export const FORM_MOV_RM16_IMM = 135;
export const FORM_MOV_R16_IMM16 = 136;
export const FORM_NOT_RM16 = 137;
export const FORM_NEG_RM16 = 138;
export const FORM_MUL_RM16 = 139;
export const FORM_IMUL_RM16 = 140;
export const FORM_DIV_RM16 = 141;
export const FORM_IDIV_RM16 = 142;
export const FORM_INC_RM16 = 143;
export const FORM_DEC_RM16 = 144;
export const FORM_ROL_RM16_1 = 145;
export const FORM_ROL_RM16_IMM8 = 146;
export const FORM_ROL_RM16_CL = 147;
export const FORM_ROR_RM16_1 = 148;
export const FORM_ROR_RM16_IMM8 = 149;
export const FORM_ROR_RM16_CL = 150;
export const FORM_SHL_RM16_1 = 151;
export const FORM_SHL_RM16_IMM8 = 152;
export const FORM_SHL_RM16_CL = 153;
export const FORM_SHR_RM16_1 = 154;
export const FORM_SHR_RM16_IMM8 = 155;
export const FORM_SHR_RM16_CL = 156;
export const FORM_SAR_RM16_1 = 157;
export const FORM_SAR_RM16_IMM8 = 158;
export const FORM_SAR_RM16_CL = 159;
export const FORM_CMPXCHG_RM16_R16 = 160;
export const FORM_LOCK_CMPXCHG_M16_R16 = 161;
export const FORM_XADD_RM16_R16 = 162;
export const FORM_LOCK_XADD_M16_R16 = 163;
export const FORM_TEST_RM32_R32 = 164;
export const FORM_TEST_RM32_IMM = 165;
export const FORM_XCHG_RM32_R32 = 166;
export const FORM_MOV_RM32_R32 = 167;
export const FORM_MOV_R32_RM32 = 168;
export const FORM_MOV_RM32_IMM = 169;
export const FORM_MOV_R32_IMM32 = 170;
export const FORM_NOT_RM32 = 171;
export const FORM_NEG_RM32 = 172;
export const FORM_MUL_RM32 = 173;
export const FORM_IMUL_RM32 = 174;
export const FORM_DIV_RM32 = 175;
export const FORM_IDIV_RM32 = 176;
export const FORM_INC_RM32 = 177;
export const FORM_DEC_RM32 = 178;
export const FORM_ROL_RM32_1 = 179;
export const FORM_ROL_RM32_IMM8 = 180;
export const FORM_ROL_RM32_CL = 181;
export const FORM_ROR_RM32_1 = 182;
export const FORM_ROR_RM32_IMM8 = 183;
export const FORM_ROR_RM32_CL = 184;
export const FORM_SHL_RM32_1 = 185;
export const FORM_SHL_RM32_IMM8 = 186;
export const FORM_SHL_RM32_CL = 187;
export const FORM_SHR_RM32_1 = 188;
export const FORM_SHR_RM32_IMM8 = 189;
export const FORM_SHR_RM32_CL = 190;
export const FORM_SAR_RM32_1 = 191;
export const FORM_SAR_RM32_IMM8 = 192;
export const FORM_SAR_RM32_CL = 193;
export const FORM_CMPXCHG_RM32_R32 = 194;
export const FORM_LOCK_CMPXCHG_M32_R32 = 195;
export const FORM_XADD_RM32_R32 = 196;
export const FORM_LOCK_XADD_M32_R32 = 197;
export const FORM_TEST_RM64_R64 = 198;
export const FORM_TEST_RM64_IMM = 199;
export const FORM_XCHG_RM64_R64 = 200;
export const FORM_MOV_RM64_R64 = 201;
export const FORM_MOV_R64_RM64 = 202;
export const FORM_MOV_RM64_IMM = 203;
export const FORM_NOT_RM64 = 204;
export const FORM_NEG_RM64 = 205;
export const FORM_MUL_RM64 = 206;
export const FORM_IMUL_RM64 = 207;
export const FORM_DIV_RM64 = 208;
export const FORM_IDIV_RM64 = 209;
export const FORM_INC_RM64 = 210;
export const FORM_DEC_RM64 = 211;
export const FORM_ROL_RM64_1 = 212;
export const FORM_ROL_RM64_IMM8 = 213;
export const FORM_ROL_RM64_CL = 214;
export const FORM_ROR_RM64_1 = 215;
export const FORM_ROR_RM64_IMM8 = 216;
export const FORM_ROR_RM64_CL = 217;
export const FORM_SHL_RM64_1 = 218;
export const FORM_SHL_RM64_IMM8 = 219;
export const FORM_SHL_RM64_CL = 220;
export const FORM_SHR_RM64_1 = 221;
export const FORM_SHR_RM64_IMM8 = 222;
export const FORM_SHR_RM64_CL = 223;
export const FORM_SAR_RM64_1 = 224;
export const FORM_SAR_RM64_IMM8 = 225;
export const FORM_SAR_RM64_CL = 226;
export const FORM_CMPXCHG_RM64_R64 = 227;
export const FORM_LOCK_CMPXCHG_M64_R64 = 228;
export const FORM_XADD_RM64_R64 = 229;
export const FORM_LOCK_XADD_M64_R64 = 230;
export const FORM_MOV_R64_IMM64 = 231;
export const FORM_MOV_R64_IMM = 232;
export const FORM_MOVZX_R16_RM8 = 233;
export const FORM_MOVSX_R16_RM8 = 234;
export const FORM_LEA_R16_M = 235;
export const FORM_IMUL_R16_RM16 = 236;
export const FORM_IMUL_R16_RM16_IMM = 237;
export const FORM_CMOVO_R16_RM16 = 238;
export const FORM_CMOVNO_R16_RM16 = 239;
export const FORM_CMOVB_R16_RM16 = 240;
export const FORM_CMOVAE_R16_RM16 = 241;
export const FORM_CMOVE_R16_RM16 = 242;
export const FORM_CMOVNE_R16_RM16 = 243;
export const FORM_CMOVBE_R16_RM16 = 244;
export const FORM_CMOVA_R16_RM16 = 245;
export const FORM_CMOVS_R16_RM16 = 246;
export const FORM_CMOVNS_R16_RM16 = 247;
export const FORM_CMOVP_R16_RM16 = 248;
export const FORM_CMOVNP_R16_RM16 = 249;
export const FORM_CMOVL_R16_RM16 = 250;
export const FORM_CMOVGE_R16_RM16 = 251;
export const FORM_CMOVLE_R16_RM16 = 252;
export const FORM_CMOVG_R16_RM16 = 253;
export const FORM_BT_RM16_R16 = 254;
export const FORM_BT_RM16_IMM8 = 255;
export const FORM_POPCNT_R16_RM16 = 256;
export const FORM_TZCNT_R16_RM16 = 257;
export const FORM_LZCNT_R16_RM16 = 258;
export const FORM_MOVZX_R32_RM8 = 259;
export const FORM_MOVSX_R32_RM8 = 260;
export const FORM_MOVZX_R32_RM16 = 261;
export const FORM_MOVSX_R32_RM16 = 262;
export const FORM_LEA_R32_M = 263;
export const FORM_IMUL_R32_RM32 = 264;
export const FORM_IMUL_R32_RM32_IMM = 265;
export const FORM_CMOVO_R32_RM32 = 266;
export const FORM_CMOVNO_R32_RM32 = 267;
export const FORM_CMOVB_R32_RM32 = 268;
export const FORM_CMOVAE_R32_RM32 = 269;
export const FORM_CMOVE_R32_RM32 = 270;
export const FORM_CMOVNE_R32_RM32 = 271;
export const FORM_CMOVBE_R32_RM32 = 272;
export const FORM_CMOVA_R32_RM32 = 273;
export const FORM_CMOVS_R32_RM32 = 274;
export const FORM_CMOVNS_R32_RM32 = 275;
export const FORM_CMOVP_R32_RM32 = 276;
export const FORM_CMOVNP_R32_RM32 = 277;
export const FORM_CMOVL_R32_RM32 = 278;
export const FORM_CMOVGE_R32_RM32 = 279;
export const FORM_CMOVLE_R32_RM32 = 280;
export const FORM_CMOVG_R32_RM32 = 281;
export const FORM_BT_RM32_R32 = 282;
export const FORM_BT_RM32_IMM8 = 283;
export const FORM_POPCNT_R32_RM32 = 284;
export const FORM_TZCNT_R32_RM32 = 285;
export const FORM_LZCNT_R32_RM32 = 286;
export const FORM_MOVZX_R64_RM8 = 287;
export const FORM_MOVSX_R64_RM8 = 288;
export const FORM_MOVZX_R64_RM16 = 289;
export const FORM_MOVSX_R64_RM16 = 290;
export const FORM_LEA_R64_M = 291;
export const FORM_IMUL_R64_RM64 = 292;
export const FORM_IMUL_R64_RM64_IMM = 293;
export const FORM_CMOVO_R64_RM64 = 294;
export const FORM_CMOVNO_R64_RM64 = 295;
export const FORM_CMOVB_R64_RM64 = 296;
export const FORM_CMOVAE_R64_RM64 = 297;
export const FORM_CMOVE_R64_RM64 = 298;
export const FORM_CMOVNE_R64_RM64 = 299;
export const FORM_CMOVBE_R64_RM64 = 300;
export const FORM_CMOVA_R64_RM64 = 301;
export const FORM_CMOVS_R64_RM64 = 302;
export const FORM_CMOVNS_R64_RM64 = 303;
export const FORM_CMOVP_R64_RM64 = 304;
export const FORM_CMOVNP_R64_RM64 = 305;
export const FORM_CMOVL_R64_RM64 = 306;
export const FORM_CMOVGE_R64_RM64 = 307;
export const FORM_CMOVLE_R64_RM64 = 308;
export const FORM_CMOVG_R64_RM64 = 309;
export const FORM_BT_RM64_R64 = 310;
export const FORM_BT_RM64_IMM8 = 311;
export const FORM_POPCNT_R64_RM64 = 312;
export const FORM_TZCNT_R64_RM64 = 313;
export const FORM_LZCNT_R64_RM64 = 314;
export const FORM_MOVSXD_R64_RM32 = 315;
export const FORM_BSWAP_R32 = 316;
export const FORM_BSWAP_R64 = 317;
export const FORM_SETO_RM8 = 318;
export const FORM_JO = 319;
export const FORM_SETNO_RM8 = 320;
export const FORM_JNO = 321;
export const FORM_SETB_RM8 = 322;
export const FORM_JB = 323;
export const FORM_SETAE_RM8 = 324;
export const FORM_JAE = 325;
export const FORM_SETE_RM8 = 326;
export const FORM_JE = 327;
export const FORM_SETNE_RM8 = 328;
export const FORM_JNE = 329;
export const FORM_SETBE_RM8 = 330;
export const FORM_JBE = 331;
export const FORM_SETA_RM8 = 332;
export const FORM_JA = 333;
export const FORM_SETS_RM8 = 334;
export const FORM_JS = 335;
export const FORM_SETNS_RM8 = 336;
export const FORM_JNS = 337;
export const FORM_SETP_RM8 = 338;
export const FORM_JP = 339;
export const FORM_SETNP_RM8 = 340;
export const FORM_JNP = 341;
export const FORM_SETL_RM8 = 342;
export const FORM_JL = 343;
export const FORM_SETGE_RM8 = 344;
export const FORM_JGE = 345;
export const FORM_SETLE_RM8 = 346;
export const FORM_JLE = 347;
export const FORM_SETG_RM8 = 348;
export const FORM_JG = 349;
export const FORM_CWD = 350;
export const FORM_CDQ = 351;
export const FORM_CQO = 352;
export const FORM_CBW = 353;
export const FORM_CWDE = 354;
export const FORM_CDQE = 355;
export const FORM_RET = 356;
export const FORM_INT3 = 357;
export const FORM_NOP = 358;
export const FORM_UD2 = 359;
export const FORM_RET_IMM16 = 360;
export const FORM_JMP = 361;
export const FORM_CALL = 362;
export const FORM_CALL_RM64 = 363;
export const FORM_JMP_RM64 = 364;
export const FORM_PUSH_R64 = 365;
export const FORM_PUSH_R16 = 366;
export const FORM_POP_R64 = 367;
export const FORM_POP_R16 = 368;
export const FORM_PUSH_RM64 = 369;
export const FORM_POP_RM64 = 370;
export const FORM_PUSH_IMM = 371;
export const FORM_LABEL = 372;
export const FORM_ALIGN = 373;
export const FORM_NOP_N = 374;
export const FORM_MOVSS_XMM_XMMM32 = 375;
export const FORM_MOVSS_XMMM32_XMM = 376;
export const FORM_MOVSD_XMM_XMMM64 = 377;
export const FORM_MOVSD_XMMM64_XMM = 378;
export const FORM_MOVAPS_XMM_XMMM128 = 379;
export const FORM_MOVAPS_XMMM128_XMM = 380;
export const FORM_MOVAPD_XMM_XMMM128 = 381;
export const FORM_MOVAPD_XMMM128_XMM = 382;
export const FORM_MOVD_XMM_RM32 = 383;
export const FORM_MOVD_RM32_XMM = 384;
export const FORM_MOVQ_XMM_RM64 = 385;
export const FORM_MOVQ_RM64_XMM = 386;
export const FORM_MOVQ_XMM_XMMM64 = 387;
export const FORM_MOVQ_XMMM64_XMM = 388;
export const FORM_ADDSS_XMM_XMMM32 = 389;
export const FORM_ADDSD_XMM_XMMM64 = 390;
export const FORM_MULSS_XMM_XMMM32 = 391;
export const FORM_MULSD_XMM_XMMM64 = 392;
export const FORM_SUBSS_XMM_XMMM32 = 393;
export const FORM_SUBSD_XMM_XMMM64 = 394;
export const FORM_MINSS_XMM_XMMM32 = 395;
export const FORM_MINSD_XMM_XMMM64 = 396;
export const FORM_DIVSS_XMM_XMMM32 = 397;
export const FORM_DIVSD_XMM_XMMM64 = 398;
export const FORM_MAXSS_XMM_XMMM32 = 399;
export const FORM_MAXSD_XMM_XMMM64 = 400;
export const FORM_SQRTSS_XMM_XMMM32 = 401;
export const FORM_SQRTSD_XMM_XMMM64 = 402;
export const FORM_UCOMISS_XMM_XMMM32 = 403;
export const FORM_UCOMISD_XMM_XMMM64 = 404;
export const FORM_COMISS_XMM_XMMM32 = 405;
export const FORM_COMISD_XMM_XMMM64 = 406;
export const FORM_CVTSI2SS_XMM_RM32 = 407;
export const FORM_CVTSI2SS_XMM_RM64 = 408;
export const FORM_CVTTSS2SI_R32_XMMM32 = 409;
export const FORM_CVTTSS2SI_R64_XMMM32 = 410;
export const FORM_CVTSI2SD_XMM_RM32 = 411;
export const FORM_CVTSI2SD_XMM_RM64 = 412;
export const FORM_CVTTSD2SI_R32_XMMM64 = 413;
export const FORM_CVTTSD2SI_R64_XMMM64 = 414;
export const FORM_CVTSS2SD_XMM_XMMM32 = 415;
export const FORM_CVTSD2SS_XMM_XMMM64 = 416;
export const FORM_ANDPS_XMM_XMMM128 = 417;
export const FORM_ANDNPS_XMM_XMMM128 = 418;
export const FORM_ORPS_XMM_XMMM128 = 419;
export const FORM_XORPS_XMM_XMMM128 = 420;
export const FORM_PXOR_XMM_XMMM128 = 421;
export const FORM_ROUNDSS_XMM_XMMM32_IMM8 = 422;
export const FORM_ROUNDSD_XMM_XMMM64_IMM8 = 423;
export const FORM_COUNT = 424;
// </generated-forms>
