// The backend's input: a flat IR of 32-bit words written by the host into the core's linear
// memory, one batch of methods per call. Shared verbatim by core-as (AssemblyScript) and host
// (TypeScript): only `export const NAME = <integer expression>;`. docs/ir.md describes the
// semantics; host/codegen/ir-interp.ts is the executable reference for them.
//
// Invariants every producer keeps (the core checks the structural ones and reports IRERR_*):
// - A batch is `count` i32 words at irPtr, each the byte offset (from irPtr) of a method record.
// - A method's blocks are numbered from 0; block 0 is the entry and has no predecessors.
// - Every block has at least one instruction; its last instruction is its only terminator
//   (OP_JUMP, OP_BR, OP_BRCMP, OP_SWITCH, OP_RET, OP_UNREACHABLE).
// - Virtual registers are numbered from 0 and typed once (IRM_VREG_TYPES); they are not SSA:
//   a vreg may be assigned several times, but every use must be reached by an assignment on
//   every path from the entry (parameters are assigned at the entry).
// - Operand types agree with the instruction's type field (see docs/ir.md for each opcode).

// ---- Value types (instruction type field, vreg types, method return type).
export const TY_I32 = 0;
export const TY_I64 = 1;
export const TY_F32 = 2;
export const TY_F64 = 3;
/** Pointer-sized integer (64 bits on x86-64): addresses, native ints. */
export const TY_PTR = 4;
/** Object reference (64 bits): like TY_PTR, but visible to the GC at safepoints (later). */
export const TY_REF = 5;
/** Return type of a method or call without a result. */
export const TY_VOID = 6;

// ---- Method record: IRM_HEADER_WORDS i32 words, then the arrays at the word offsets given
// (offsets are counted in words from the start of the method record).
export const IRM_NUM_VREGS = 0;
export const IRM_NUM_BLOCKS = 1;
export const IRM_NUM_INSTS = 2;
export const IRM_NUM_PARAMS = 3;
/** TY_* of the returned value, or TY_VOID. */
export const IRM_RET_TYPE = 4;
/** Fixed-size local buffers (stack allocations for value types). */
export const IRM_NUM_SLOTS = 5;
/** One word per vreg: its TY_* (never TY_VOID). */
export const IRM_VREG_TYPES_OFF = 6;
/** One word per parameter: the vreg that receives it (parameters are passed in SysV order). */
export const IRM_PARAMS_OFF = 7;
/** IRB_WORDS words per block. */
export const IRM_BLOCKS_OFF = 8;
/** The instruction stream: every block's instructions, block after block. */
export const IRM_INSTS_OFF = 9;
/** IRS_WORDS words per local buffer. */
export const IRM_SLOTS_OFF = 10;
/** Length of the instruction stream in words. */
export const IRM_INST_WORDS = 11;
/** The method's own symbol id (relocations to it are calls to itself). */
export const IRM_SYMBOL = 12;
export const IRM_HEADER_WORDS = 16;

// ---- Block record.
/** Word offset of the block's first instruction, from the start of the instruction stream. */
export const IRB_FIRST_WORD = 0;
/** Index (within the method) of the block's first instruction. */
export const IRB_FIRST_INST = 1;
export const IRB_NUM_INSTS = 2;
export const IRB_WORDS = 3;

// ---- Local buffer (slot) record.
export const IRS_SIZE = 0; // bytes, 1..2^24
export const IRS_ALIGN = 1; // 1, 2, 4, 8 or 16
export const IRS_WORDS = 2;

// ---- Instruction header word:
//   bits 0-7   opcode (OP_*)
//   bits 8-10  type (TY_*): the operation's type (see each opcode)
//   bits 11-15 aux: condition code, conversion kind, memory width, call kind … (per opcode)
//   bits 16-31 length of the instruction in words, header included
// Operand words follow; a vreg operand that is absent is IR_NONE.
export const IRI_OP_MASK = 0xff;
export const IRI_TYPE_SHIFT = 8;
export const IRI_TYPE_MASK = 7;
export const IRI_AUX_SHIFT = 11;
export const IRI_AUX_MASK = 31;
export const IRI_LEN_SHIFT = 16;
export const IR_NONE = -1;

// ---- Opcodes. Operand lists after the header word, in order.
export const OP_NOP = 0; // []
/** [dst, lo, hi]: the constant's bits (f32: lo; f64/i64: lo | hi << 32). type = dst's type. */
export const OP_CONST = 1;
/** [dst, src]: copy; type = both operands' type. */
export const OP_MOV = 2;
// Binary [dst, a, b]; type = the operands' and result's type.
export const OP_ADD = 3; // integer (wraps) or float
export const OP_SUB = 4; // integer (wraps) or float
export const OP_MUL = 5; // integer (low half, wraps) or float
/** Signed integer division (traps: zero divisor, MIN / -1) or float division. */
export const OP_DIV = 6;
export const OP_DIV_U = 7; // unsigned integer division (traps on a zero divisor)
export const OP_REM = 8; // signed remainder, sign of the dividend (traps like OP_DIV)
export const OP_REM_U = 9;
export const OP_AND = 10;
export const OP_OR = 11;
export const OP_XOR = 12;
/** Shifts and rotates: the count (operand b, same type) is masked to 31 or 63, as x86 does. */
export const OP_SHL = 13;
export const OP_SHR = 14; // logical
export const OP_SAR = 15; // arithmetic
export const OP_ROTL = 16;
export const OP_ROTR = 17;
/** [dst, a, b], overflow-checked integer add/sub/mul: aux 0 signed, 1 unsigned; traps HELPER_THROW_OVERFLOW. */
export const OP_ADD_OVF = 18;
export const OP_SUB_OVF = 19;
export const OP_MUL_OVF = 20;
// Unary [dst, a].
export const OP_NEG = 21; // integer (wraps) or float (flips the sign bit)
export const OP_NOT = 22; // integer
export const OP_ABS = 23; // float (clears the sign bit)
export const OP_SQRT = 24; // float
/** [dst, a, b]: dst (TY_I32) = 1 if `a cc b` else 0; aux = CC_*; type = a's and b's type. */
export const OP_CMP = 25;
/** [dst, a]: conversion; aux = CV_*; type = dst's type (a's type is its vreg type). */
export const OP_CONV = 26;
/** [dst, a]: overflow-checked conversion (traps HELPER_THROW_OVERFLOW); aux = OVT_* | OVT_UNSIGNED_SRC; type = dst's type. */
export const OP_CONV_OVF = 27;
/** [dst, base, index, disp, scale]: dst = load(base + index << scale + disp); aux = MEMW_*; type = dst's type. index may be IR_NONE. */
export const OP_LOAD = 28;
/** [value, base, index, disp, scale]: store; aux = MEMW_*; type = value's type. */
export const OP_STORE = 29;
/** [dst, slot]: dst (TY_PTR) = address of local buffer `slot`. */
export const OP_SLOT_ADDR = 30;
/**
 * [dst, target, disp, nargs, arg0 … argN-1]: call; aux = CALLK_*; type = result type (TY_VOID:
 * dst is IR_NONE). CALLK_DIRECT / CALLK_CELL: target is a symbol id; CALLK_REG: target is a vreg
 * holding the address; CALLK_MEM: the address is loaded from [target vreg + disp].
 */
export const OP_CALL = 31;
/** [target block]. Terminator. */
export const OP_JUMP = 32;
/** [cond, then block, else block]: branch on cond (TY_I32) != 0. Terminator. */
export const OP_BR = 33;
/** [a, b, then block, else block]: branch on `a cc b`; aux = CC_*; type = a's and b's type. Terminator. */
export const OP_BRCMP = 34;
/** [index, default block, n, block0 … blockN-1]: index (TY_I32) taken unsigned; >= n goes to default. Terminator. */
export const OP_SWITCH = 35;
/** [value]: return (value is IR_NONE for TY_VOID methods). Terminator. */
export const OP_RET = 36;
/** []: a point control never reaches (traps if it does). Terminator. */
export const OP_UNREACHABLE = 37;
/** []: a GC safepoint marker, kept for stack maps later (no code today). */
export const OP_SAFEPOINT = 38;
/**
 * [dst, symbol]: dst (TY_PTR) = the address of `symbol` (a RIP-relative `lea` with a REL32
 * relocation): how position-independent code reaches its indirection cells and data.
 */
export const OP_SYMBOL_ADDR = 39;
export const OP_COUNT = 40;

// ---- Condition codes (OP_CMP, OP_BRCMP). For floats, the ordered codes are false when either
// operand is NaN, except CC_NE which is true; the "U" codes mean "unordered or …" (IL's *.un).
export const CC_EQ = 0;
export const CC_NE = 1;
export const CC_LT = 2;
export const CC_LE = 3;
export const CC_GT = 4;
export const CC_GE = 5;
export const CC_LT_U = 6;
export const CC_LE_U = 7;
export const CC_GT_U = 8;
export const CC_GE_U = 9;
export const CC_COUNT = 10;

// ---- Conversion kinds (OP_CONV aux). Integer sources are TY_I32 or 64-bit (TY_I64/PTR/REF).
/** Sign/zero-extend the low 8/16 bits of an integer to the destination integer type. */
export const CV_SEXT8 = 0;
export const CV_SEXT16 = 1;
export const CV_ZEXT8 = 2;
export const CV_ZEXT16 = 3;
/** TY_I32 -> 64-bit, sign-extending. */
export const CV_SEXT32 = 4;
/** TY_I32 -> 64-bit, zero-extending. */
export const CV_ZEXT32 = 5;
/** 64-bit -> TY_I32: keeps the low 32 bits. Also 64-bit -> 64-bit (a retyping copy). */
export const CV_WRAP = 6;
/** Signed integer -> float, rounded to nearest even. */
export const CV_S_TO_F = 7;
/** Unsigned integer -> float, rounded to nearest even. */
export const CV_U_TO_F = 8;
/**
 * Float -> signed integer, truncated. Out of range or NaN gives the x86 "integer indefinite"
 * value (the type's MIN).
 */
export const CV_F_TO_S = 9;
/**
 * Float -> unsigned integer, truncated. TY_I32 destination: the low 32 bits of the 64-bit
 * signed truncation (0 when that is out of range). 64-bit destination: x < 2^63 (or NaN) gives
 * the signed truncation, otherwise the signed truncation of x - 2^63 with bit 63 flipped.
 */
export const CV_F_TO_U = 10;
/** f32 <-> f64 (round to nearest even). */
export const CV_F_TO_F = 11;
/** Reinterpret the bits: f32 <-> i32, f64 <-> 64-bit. */
export const CV_BITCAST = 12;
export const CV_COUNT = 13;

// ---- Overflow-checked conversion targets (OP_CONV_OVF aux = target | OVT_UNSIGNED_SRC).
// The value must fit the target's range, else HELPER_THROW_OVERFLOW; the result is the value in
// the destination type (TY_I32 for targets up to 32 bits, a 64-bit type otherwise). A float
// source is truncated toward zero first (NaN never fits).
export const OVT_I8 = 0;
export const OVT_U8 = 1;
export const OVT_I16 = 2;
export const OVT_U16 = 3;
export const OVT_I32 = 4;
export const OVT_U32 = 5;
export const OVT_I64 = 6;
export const OVT_U64 = 7;
/** The integer source is taken as unsigned (IL's conv.ovf.*.un). */
export const OVT_UNSIGNED_SRC = 8;

// ---- Memory widths (OP_LOAD / OP_STORE aux). Loads of 8/16 bits extend (sign or zero) to the
// destination type; MEMW_32 into a 64-bit destination zero-extends, MEMW_S32 sign-extends.
// Stores of narrow widths store the low bits (the signedness of the width is irrelevant).
export const MEMW_8 = 0; // zero-extending
export const MEMW_S8 = 1;
export const MEMW_16 = 2; // zero-extending
export const MEMW_S16 = 3;
export const MEMW_32 = 4;
export const MEMW_S32 = 5;
export const MEMW_64 = 6;
export const MEMW_F32 = 7;
export const MEMW_F64 = 8;

// ---- Call kinds (OP_CALL aux).
export const CALLK_DIRECT = 0; // call symbol (a REL32 relocation)
export const CALLK_REG = 1; // call vreg
export const CALLK_MEM = 2; // call [vreg + disp] (vtables, function pointers in objects)
export const CALLK_CELL = 3; // call [rip + symbol] (an indirection cell: imports, helpers)

// ---- Symbols. Relocations name a symbol id chosen by the host; ids from SYM_HELPER_BASE up are
// runtime helpers, the ones the backend itself calls are listed here.
export const SYM_HELPER_BASE = 0x40000000;
export const HELPER_THROW_OVERFLOW = 1; // OverflowException: checked arithmetic, MIN / -1
export const HELPER_THROW_DIVIDE_BY_ZERO = 2; // DivideByZeroException
export const HELPER_COUNT = 3;

// ---- Errors in the IR (method result MO_STATUS = MO_ERR_BAD_IR, MO_ERROR_DETAIL = one of these).
export const IRERR_OK = 0;
export const IRERR_BAD_OPCODE = 1;
export const IRERR_BAD_LENGTH = 2; // an instruction's length disagrees with its opcode or the stream
export const IRERR_BAD_VREG = 3; // a vreg number out of range or of the wrong type
export const IRERR_BAD_BLOCK = 4; // a branch target out of range
export const IRERR_NO_TERMINATOR = 5; // a block without a terminator, or one in the middle
export const IRERR_ENTRY_HAS_PREDS = 6;
export const IRERR_BAD_TYPE = 7; // a type field not allowed for the opcode
export const IRERR_BAD_AUX = 8; // an aux value out of range
export const IRERR_BAD_SLOT = 9;
export const IRERR_TOO_BIG = 10; // more vregs, blocks or instructions than the backend supports
export const IRERR_BAD_HEADER = 11;
