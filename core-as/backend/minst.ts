// How instruction selection describes a machine instruction to emission. The register allocator
// never looks inside: for it, VI_OPCODE and VI_PAYLOAD are opaque (core-as/shared/vcode-layout.ts).
//
// VI_OPCODE word:
//   bits 0-8    encoder form (FORM_*) of the main record
//   bits 9-11   operand index whose register goes to the record's r0 (MI_NONE: none)
//   bits 12-14  operand index of the rm register, or of the memory base (MI_NONE: none)
//   bits 15-17  operand index of the memory index (MI_NONE: none)
//   bits 18-19  log2 of the index scale
//   bits 20-22  memory mode (MM_*); MM_NONE means the rm operand is a register operand, which
//               emission turns into the operand's spill slot when it was allocated on the stack
//   bits 23-27  kind (MK_*): what emission does around the main record
//   bits 28-31  an x86 condition code (0-15, the low nibble of Jcc/SETcc) for kinds that branch
// VI_PAYLOAD: the IR instruction index the instruction was selected for (the position map).
//
// Four extra words per instruction (X0-X3, a parallel array owned by isel):
//   X0  memory displacement (or data-area offset for MM_POOL)
//   X1  immediate, low 32 bits
//   X2  immediate, high 32 bits | then-block | helper id | default block (per kind)
//   X3  else-block | symbol (MM_RIPSYM, calls) | switch table start (per kind)
//
// Invariant: condition flags never live from one VCode instruction to the next; every flag
// producer and its consumer (jcc, setcc, jo …) are emitted by the same instruction, so the
// allocator's moves between instructions cannot disturb them (and moves do not touch flags).

export const MI_FORM_MASK: u32 = 0x1ff;
export const MI_R0_SHIFT: u32 = 9;
export const MI_RM_SHIFT: u32 = 12;
export const MI_IDX_SHIFT: u32 = 15;
export const MI_SCALE_SHIFT: u32 = 18;
export const MI_MEM_SHIFT: u32 = 20;
export const MI_KIND_SHIFT: u32 = 23;
export const MI_CC_SHIFT: u32 = 28;
export const MI_NONE: u32 = 7;

// Memory modes.
export const MM_NONE: u32 = 0;
/** [base + index << scale + X0]. */
export const MM_BASE: u32 = 1;
/** [rbp - localsEnd + X0 (+ index << scale)]: a local buffer. */
export const MM_LOCAL: u32 = 2;
/** [rip + data + X0]: a constant in the method's data area. */
export const MM_POOL: u32 = 3;
/** [rbp + 16 + X0]: an incoming stack argument. */
export const MM_INARG: u32 = 4;
/** [rsp + X0]: an outgoing stack argument. */
export const MM_OUTARG: u32 = 5;
/** [rip + symbol X3 + X0]: an indirection cell (a REL32 relocation). */
export const MM_RIPSYM: u32 = 6;

// Kinds.
/** The main record alone. */
export const MK_GEN: u32 = 0;
/** A register copy (VI_F_MOVE; form MOV_R64_RM64 or MOVAPS): nothing when both sides agree. */
export const MK_MOVE: u32 = 1;
/** Nothing: the incoming arguments (VI_F_ARGS), safepoint markers. */
export const MK_NONE: u32 = 2;
/** The main record, then `j<cc>` to an out-of-line call of helper X2. */
export const MK_TRAP: u32 = 3;
/** Jump to block X2 (nothing when it is the next block in layout). */
export const MK_JMP: u32 = 4;
/** The main record (a compare), then `j<cc>` to block X2, else to block X3. */
export const MK_BR: u32 = 5;
/** ucomis; taken when ordered and equal (ZF=1, PF=0). */
export const MK_BR_FEQ: u32 = 6;
/** ucomis; taken when unordered or not equal (ZF=0 or PF=1). */
export const MK_BR_FNE: u32 = 7;
/** The main record (a compare), then `set<cc>` into operand 0's low byte and `movzx` it to 32 bits. */
export const MK_SETCC: u32 = 8;
/** ucomis; operand 0 = ordered and equal. */
export const MK_SETCC_FEQ: u32 = 9;
/** ucomis; operand 0 = unordered or not equal. */
export const MK_SETCC_FNE: u32 = 10;
/** Epilogue and `ret`. */
export const MK_RET: u32 = 11;
/** The main record is an SSE op whose destination (operand 0) merges old bits: `xorps dst, dst` first unless dst is also the source register. */
export const MK_XZ: u32 = 12;
/** lea; `add` instead when the destination is the base register (a smaller encoding, same result). */
export const MK_LEA: u32 = 13;
/**
 * Jump table on operand 0 (a 32-bit index the instruction may overwrite: isel gives it a fresh
 * temporary): X1 entries starting at switch-table index X3, default block X2.
 */
export const MK_SWITCH: u32 = 14;
/**
 * Signed division by operand 2 (register): operand 1 is the dividend in RAX, operand 0 the
 * quotient (RAX) or remainder (RDX) def, operand 3 the other half (dead). X2 bit 0: 64-bit;
 * bit 1: skip the zero check (constant divisor). Traps: zero divisor, MIN / -1.
 */
export const MK_SDIV: u32 = 15;
/** Unsigned division, same operands as MK_SDIV. */
export const MK_UDIV: u32 = 16;
/** 64-bit unsigned integer -> float: operand 0 XMM def, operand 1 GPR use, operand 2 GPR temp (early def). X2 bit 0: f32. */
export const MK_U64_TO_F: u32 = 17;
/** float -> 64-bit unsigned: operand 0 GPR def, operand 1 XMM use; X0 = offset of 2^63 in the data area; X2 bit 0: f32. */
export const MK_F_TO_U64: u32 = 18;
/**
 * Overflow-checked float -> integer: operand 0 GPR def, operand 1 XMM use; main record = the
 * cvtt conversion. X0 / X3: data offsets of the bounds lo / hi (x must satisfy lo < x < hi, or
 * lo <= x when X2 bit 1); X2 bit 0: f32; X2 bit 2: u64 target (X1: data offset of 2^63).
 */
export const MK_F_TO_I_OVF: u32 = 19;

@inline export function miWord(form: i32, r0: u32, rm: u32, idx: u32, scale: u32, mm: u32, kind: u32, cc: u32): u32 {
  return <u32>form | (r0 << MI_R0_SHIFT) | (rm << MI_RM_SHIFT) | (idx << MI_IDX_SHIFT) | (scale << MI_SCALE_SHIFT) |
    (mm << MI_MEM_SHIFT) | (kind << MI_KIND_SHIFT) | (cc << MI_CC_SHIFT);
}

// x86 condition codes (the low nibble of Jcc 70+cc / SETcc 0F 90+cc).
export const X_O: u32 = 0;
export const X_NO: u32 = 1;
export const X_B: u32 = 2;
export const X_AE: u32 = 3;
export const X_E: u32 = 4;
export const X_NE: u32 = 5;
export const X_BE: u32 = 6;
export const X_A: u32 = 7;
export const X_S: u32 = 8;
export const X_NS: u32 = 9;
export const X_P: u32 = 10;
export const X_NP: u32 = 11;
export const X_L: u32 = 12;
export const X_GE: u32 = 13;
export const X_LE: u32 = 14;
export const X_G: u32 = 15;

/** Words per instruction in the extra array. */
export const MX_WORDS: i32 = 4;
