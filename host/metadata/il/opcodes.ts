/**
 * The ECMA-335 Partition III opcode table.
 *
 * Invariants:
 * - An opcode is named by its *code*: a number in 0..511. One-byte opcodes use their byte
 *   (0x00..0xFF); two-byte opcodes `0xFE xx` use 0x100 | xx. Every per-opcode property is a
 *   typed array indexed by the code, so decoding is one array load per property and the
 *   table holds no object per opcode.
 * - A code is defined iff `opcodeName[code]` is a non-empty string; `operandKindOf[code]` is
 *   `OperandKind.Invalid` for every other code. Byte 0xFE is never an opcode by itself: it
 *   selects the two-byte page. The reserved one-byte prefixes 0xF8..0xFD and 0xFF and every
 *   unused byte are undefined and rejected by the decoder.
 * - Names are spelled as ildasm prints them (prefixes keep their trailing dot: `tail.`).
 * - Stack counts are fixed numbers, or STACK_VARIABLE when they depend on a call signature
 *   (call, callvirt, calli, newobj's pops, ret's pop), or STACK_CLEAR for the instructions that
 *   empty the evaluation stack (leave, leave.s, endfinally).
 *
 * The rows below were written from Partition III (and VI Annex C for the byte values); the
 * tests compare them with two independent implementations' tables.
 */

/** How an instruction's operand is encoded (Partition VI Annex C names). */
export const OperandKind = {
  InlineNone: 0,
  ShortInlineI: 1,
  InlineI: 2,
  InlineI8: 3,
  ShortInlineR: 4,
  InlineR: 5,
  ShortInlineVar: 6,
  InlineVar: 7,
  ShortInlineBrTarget: 8,
  InlineBrTarget: 9,
  InlineSwitch: 10,
  InlineMethod: 11,
  InlineField: 12,
  InlineType: 13,
  InlineTok: 14,
  InlineString: 15,
  InlineSig: 16,
  /** Marks an undefined code; never a real operand kind. */
  Invalid: 255,
} as const;
export type OperandKind = (typeof OperandKind)[keyof typeof OperandKind];

export const operandKindNames: readonly string[] = [
  "InlineNone",
  "ShortInlineI",
  "InlineI",
  "InlineI8",
  "ShortInlineR",
  "InlineR",
  "ShortInlineVar",
  "InlineVar",
  "ShortInlineBrTarget",
  "InlineBrTarget",
  "InlineSwitch",
  "InlineMethod",
  "InlineField",
  "InlineType",
  "InlineTok",
  "InlineString",
  "InlineSig",
];

/**
 * Operand size in bytes per OperandKind. InlineSwitch is variable (4 + 4 × count) and is
 * given as its fixed part, 4.
 */
export const operandSizeOfKind: Readonly<Uint8Array> = Uint8Array.from([0, 1, 4, 8, 4, 8, 1, 2, 1, 4, 4, 4, 4, 4, 4, 4, 4]);

/** What an instruction does to control flow (the FlowControl categories). */
export const FlowKind = {
  Next: 0,
  Branch: 1,
  CondBranch: 2,
  Call: 3,
  Return: 4,
  Throw: 5,
  Break: 6,
  /** A prefix: it modifies the instruction that follows and must be followed by one. */
  Meta: 7,
} as const;
export type FlowKind = (typeof FlowKind)[keyof typeof FlowKind];
export const flowKindNames: readonly string[] = ["next", "branch", "cond_branch", "call", "return", "throw", "break", "meta"];

/** The count depends on the call site's signature. */
export const STACK_VARIABLE = -1;
/** The instruction empties the evaluation stack. */
export const STACK_CLEAR = -2;

/**
 * Every opcode's code. Identifiers are the ildasm names with dots replaced by underscores and
 * a prefix's trailing dot dropped (`conv.ovf.i1.un` → `conv_ovf_i1_un`, `tail.` → `tail`).
 */
export const Op = {
  nop: 0x00,
  break: 0x01,
  ldarg_0: 0x02,
  ldarg_1: 0x03,
  ldarg_2: 0x04,
  ldarg_3: 0x05,
  ldloc_0: 0x06,
  ldloc_1: 0x07,
  ldloc_2: 0x08,
  ldloc_3: 0x09,
  stloc_0: 0x0a,
  stloc_1: 0x0b,
  stloc_2: 0x0c,
  stloc_3: 0x0d,
  ldarg_s: 0x0e,
  ldarga_s: 0x0f,
  starg_s: 0x10,
  ldloc_s: 0x11,
  ldloca_s: 0x12,
  stloc_s: 0x13,
  ldnull: 0x14,
  ldc_i4_m1: 0x15,
  ldc_i4_0: 0x16,
  ldc_i4_1: 0x17,
  ldc_i4_2: 0x18,
  ldc_i4_3: 0x19,
  ldc_i4_4: 0x1a,
  ldc_i4_5: 0x1b,
  ldc_i4_6: 0x1c,
  ldc_i4_7: 0x1d,
  ldc_i4_8: 0x1e,
  ldc_i4_s: 0x1f,
  ldc_i4: 0x20,
  ldc_i8: 0x21,
  ldc_r4: 0x22,
  ldc_r8: 0x23,
  dup: 0x25,
  pop: 0x26,
  jmp: 0x27,
  call: 0x28,
  calli: 0x29,
  ret: 0x2a,
  br_s: 0x2b,
  brfalse_s: 0x2c,
  brtrue_s: 0x2d,
  beq_s: 0x2e,
  bge_s: 0x2f,
  bgt_s: 0x30,
  ble_s: 0x31,
  blt_s: 0x32,
  bne_un_s: 0x33,
  bge_un_s: 0x34,
  bgt_un_s: 0x35,
  ble_un_s: 0x36,
  blt_un_s: 0x37,
  br: 0x38,
  brfalse: 0x39,
  brtrue: 0x3a,
  beq: 0x3b,
  bge: 0x3c,
  bgt: 0x3d,
  ble: 0x3e,
  blt: 0x3f,
  bne_un: 0x40,
  bge_un: 0x41,
  bgt_un: 0x42,
  ble_un: 0x43,
  blt_un: 0x44,
  switch: 0x45,
  ldind_i1: 0x46,
  ldind_u1: 0x47,
  ldind_i2: 0x48,
  ldind_u2: 0x49,
  ldind_i4: 0x4a,
  ldind_u4: 0x4b,
  ldind_i8: 0x4c,
  ldind_i: 0x4d,
  ldind_r4: 0x4e,
  ldind_r8: 0x4f,
  ldind_ref: 0x50,
  stind_ref: 0x51,
  stind_i1: 0x52,
  stind_i2: 0x53,
  stind_i4: 0x54,
  stind_i8: 0x55,
  stind_r4: 0x56,
  stind_r8: 0x57,
  add: 0x58,
  sub: 0x59,
  mul: 0x5a,
  div: 0x5b,
  div_un: 0x5c,
  rem: 0x5d,
  rem_un: 0x5e,
  and: 0x5f,
  or: 0x60,
  xor: 0x61,
  shl: 0x62,
  shr: 0x63,
  shr_un: 0x64,
  neg: 0x65,
  not: 0x66,
  conv_i1: 0x67,
  conv_i2: 0x68,
  conv_i4: 0x69,
  conv_i8: 0x6a,
  conv_r4: 0x6b,
  conv_r8: 0x6c,
  conv_u4: 0x6d,
  conv_u8: 0x6e,
  callvirt: 0x6f,
  cpobj: 0x70,
  ldobj: 0x71,
  ldstr: 0x72,
  newobj: 0x73,
  castclass: 0x74,
  isinst: 0x75,
  conv_r_un: 0x76,
  unbox: 0x79,
  throw: 0x7a,
  ldfld: 0x7b,
  ldflda: 0x7c,
  stfld: 0x7d,
  ldsfld: 0x7e,
  ldsflda: 0x7f,
  stsfld: 0x80,
  stobj: 0x81,
  conv_ovf_i1_un: 0x82,
  conv_ovf_i2_un: 0x83,
  conv_ovf_i4_un: 0x84,
  conv_ovf_i8_un: 0x85,
  conv_ovf_u1_un: 0x86,
  conv_ovf_u2_un: 0x87,
  conv_ovf_u4_un: 0x88,
  conv_ovf_u8_un: 0x89,
  conv_ovf_i_un: 0x8a,
  conv_ovf_u_un: 0x8b,
  box: 0x8c,
  newarr: 0x8d,
  ldlen: 0x8e,
  ldelema: 0x8f,
  ldelem_i1: 0x90,
  ldelem_u1: 0x91,
  ldelem_i2: 0x92,
  ldelem_u2: 0x93,
  ldelem_i4: 0x94,
  ldelem_u4: 0x95,
  ldelem_i8: 0x96,
  ldelem_i: 0x97,
  ldelem_r4: 0x98,
  ldelem_r8: 0x99,
  ldelem_ref: 0x9a,
  stelem_i: 0x9b,
  stelem_i1: 0x9c,
  stelem_i2: 0x9d,
  stelem_i4: 0x9e,
  stelem_i8: 0x9f,
  stelem_r4: 0xa0,
  stelem_r8: 0xa1,
  stelem_ref: 0xa2,
  ldelem: 0xa3,
  stelem: 0xa4,
  unbox_any: 0xa5,
  conv_ovf_i1: 0xb3,
  conv_ovf_u1: 0xb4,
  conv_ovf_i2: 0xb5,
  conv_ovf_u2: 0xb6,
  conv_ovf_i4: 0xb7,
  conv_ovf_u4: 0xb8,
  conv_ovf_i8: 0xb9,
  conv_ovf_u8: 0xba,
  refanyval: 0xc2,
  ckfinite: 0xc3,
  mkrefany: 0xc6,
  ldtoken: 0xd0,
  conv_u2: 0xd1,
  conv_u1: 0xd2,
  conv_i: 0xd3,
  conv_ovf_i: 0xd4,
  conv_ovf_u: 0xd5,
  add_ovf: 0xd6,
  add_ovf_un: 0xd7,
  mul_ovf: 0xd8,
  mul_ovf_un: 0xd9,
  sub_ovf: 0xda,
  sub_ovf_un: 0xdb,
  endfinally: 0xdc,
  leave: 0xdd,
  leave_s: 0xde,
  stind_i: 0xdf,
  conv_u: 0xe0,
  // Two-byte opcodes: 0xFE xx has code 0x100 | xx.
  arglist: 0x100,
  ceq: 0x101,
  cgt: 0x102,
  cgt_un: 0x103,
  clt: 0x104,
  clt_un: 0x105,
  ldftn: 0x106,
  ldvirtftn: 0x107,
  ldarg: 0x109,
  ldarga: 0x10a,
  starg: 0x10b,
  ldloc: 0x10c,
  ldloca: 0x10d,
  stloc: 0x10e,
  localloc: 0x10f,
  endfilter: 0x111,
  unaligned: 0x112,
  volatile: 0x113,
  tail: 0x114,
  initobj: 0x115,
  constrained: 0x116,
  cpblk: 0x117,
  initblk: 0x118,
  no: 0x119,
  rethrow: 0x11a,
  sizeof: 0x11c,
  refanytype: 0x11d,
  readonly: 0x11e,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** First byte of every two-byte opcode. */
export const TWO_BYTE_PREFIX = 0xfe;
/** Number of codes: 256 one-byte plus 256 on the 0xFE page. */
export const OPCODE_CODE_COUNT = 512;

const K = OperandKind;
const F = FlowKind;
const V = STACK_VARIABLE;
const C = STACK_CLEAR;

// [code, name, operand kind, flow, pops, pushes]
type Row = readonly [number, string, OperandKind, FlowKind, number, number];

const rows: readonly Row[] = [
  [Op.nop, "nop", K.InlineNone, F.Next, 0, 0],
  [Op.break, "break", K.InlineNone, F.Break, 0, 0],
  [Op.ldarg_0, "ldarg.0", K.InlineNone, F.Next, 0, 1],
  [Op.ldarg_1, "ldarg.1", K.InlineNone, F.Next, 0, 1],
  [Op.ldarg_2, "ldarg.2", K.InlineNone, F.Next, 0, 1],
  [Op.ldarg_3, "ldarg.3", K.InlineNone, F.Next, 0, 1],
  [Op.ldloc_0, "ldloc.0", K.InlineNone, F.Next, 0, 1],
  [Op.ldloc_1, "ldloc.1", K.InlineNone, F.Next, 0, 1],
  [Op.ldloc_2, "ldloc.2", K.InlineNone, F.Next, 0, 1],
  [Op.ldloc_3, "ldloc.3", K.InlineNone, F.Next, 0, 1],
  [Op.stloc_0, "stloc.0", K.InlineNone, F.Next, 1, 0],
  [Op.stloc_1, "stloc.1", K.InlineNone, F.Next, 1, 0],
  [Op.stloc_2, "stloc.2", K.InlineNone, F.Next, 1, 0],
  [Op.stloc_3, "stloc.3", K.InlineNone, F.Next, 1, 0],
  [Op.ldarg_s, "ldarg.s", K.ShortInlineVar, F.Next, 0, 1],
  [Op.ldarga_s, "ldarga.s", K.ShortInlineVar, F.Next, 0, 1],
  [Op.starg_s, "starg.s", K.ShortInlineVar, F.Next, 1, 0],
  [Op.ldloc_s, "ldloc.s", K.ShortInlineVar, F.Next, 0, 1],
  [Op.ldloca_s, "ldloca.s", K.ShortInlineVar, F.Next, 0, 1],
  [Op.stloc_s, "stloc.s", K.ShortInlineVar, F.Next, 1, 0],
  [Op.ldnull, "ldnull", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_m1, "ldc.i4.m1", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_0, "ldc.i4.0", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_1, "ldc.i4.1", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_2, "ldc.i4.2", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_3, "ldc.i4.3", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_4, "ldc.i4.4", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_5, "ldc.i4.5", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_6, "ldc.i4.6", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_7, "ldc.i4.7", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_8, "ldc.i4.8", K.InlineNone, F.Next, 0, 1],
  [Op.ldc_i4_s, "ldc.i4.s", K.ShortInlineI, F.Next, 0, 1],
  [Op.ldc_i4, "ldc.i4", K.InlineI, F.Next, 0, 1],
  [Op.ldc_i8, "ldc.i8", K.InlineI8, F.Next, 0, 1],
  [Op.ldc_r4, "ldc.r4", K.ShortInlineR, F.Next, 0, 1],
  [Op.ldc_r8, "ldc.r8", K.InlineR, F.Next, 0, 1],
  [Op.dup, "dup", K.InlineNone, F.Next, 1, 2],
  [Op.pop, "pop", K.InlineNone, F.Next, 1, 0],
  // jmp requires an empty stack and transfers the current arguments.
  [Op.jmp, "jmp", K.InlineMethod, F.Call, 0, 0],
  [Op.call, "call", K.InlineMethod, F.Call, V, V],
  [Op.calli, "calli", K.InlineSig, F.Call, V, V],
  [Op.ret, "ret", K.InlineNone, F.Return, V, 0],
  [Op.br_s, "br.s", K.ShortInlineBrTarget, F.Branch, 0, 0],
  [Op.brfalse_s, "brfalse.s", K.ShortInlineBrTarget, F.CondBranch, 1, 0],
  [Op.brtrue_s, "brtrue.s", K.ShortInlineBrTarget, F.CondBranch, 1, 0],
  [Op.beq_s, "beq.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.bge_s, "bge.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.bgt_s, "bgt.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.ble_s, "ble.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.blt_s, "blt.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.bne_un_s, "bne.un.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.bge_un_s, "bge.un.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.bgt_un_s, "bgt.un.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.ble_un_s, "ble.un.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.blt_un_s, "blt.un.s", K.ShortInlineBrTarget, F.CondBranch, 2, 0],
  [Op.br, "br", K.InlineBrTarget, F.Branch, 0, 0],
  [Op.brfalse, "brfalse", K.InlineBrTarget, F.CondBranch, 1, 0],
  [Op.brtrue, "brtrue", K.InlineBrTarget, F.CondBranch, 1, 0],
  [Op.beq, "beq", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.bge, "bge", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.bgt, "bgt", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.ble, "ble", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.blt, "blt", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.bne_un, "bne.un", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.bge_un, "bge.un", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.bgt_un, "bgt.un", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.ble_un, "ble.un", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.blt_un, "blt.un", K.InlineBrTarget, F.CondBranch, 2, 0],
  [Op.switch, "switch", K.InlineSwitch, F.CondBranch, 1, 0],
  [Op.ldind_i1, "ldind.i1", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_u1, "ldind.u1", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_i2, "ldind.i2", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_u2, "ldind.u2", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_i4, "ldind.i4", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_u4, "ldind.u4", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_i8, "ldind.i8", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_i, "ldind.i", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_r4, "ldind.r4", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_r8, "ldind.r8", K.InlineNone, F.Next, 1, 1],
  [Op.ldind_ref, "ldind.ref", K.InlineNone, F.Next, 1, 1],
  [Op.stind_ref, "stind.ref", K.InlineNone, F.Next, 2, 0],
  [Op.stind_i1, "stind.i1", K.InlineNone, F.Next, 2, 0],
  [Op.stind_i2, "stind.i2", K.InlineNone, F.Next, 2, 0],
  [Op.stind_i4, "stind.i4", K.InlineNone, F.Next, 2, 0],
  [Op.stind_i8, "stind.i8", K.InlineNone, F.Next, 2, 0],
  [Op.stind_r4, "stind.r4", K.InlineNone, F.Next, 2, 0],
  [Op.stind_r8, "stind.r8", K.InlineNone, F.Next, 2, 0],
  [Op.add, "add", K.InlineNone, F.Next, 2, 1],
  [Op.sub, "sub", K.InlineNone, F.Next, 2, 1],
  [Op.mul, "mul", K.InlineNone, F.Next, 2, 1],
  [Op.div, "div", K.InlineNone, F.Next, 2, 1],
  [Op.div_un, "div.un", K.InlineNone, F.Next, 2, 1],
  [Op.rem, "rem", K.InlineNone, F.Next, 2, 1],
  [Op.rem_un, "rem.un", K.InlineNone, F.Next, 2, 1],
  [Op.and, "and", K.InlineNone, F.Next, 2, 1],
  [Op.or, "or", K.InlineNone, F.Next, 2, 1],
  [Op.xor, "xor", K.InlineNone, F.Next, 2, 1],
  [Op.shl, "shl", K.InlineNone, F.Next, 2, 1],
  [Op.shr, "shr", K.InlineNone, F.Next, 2, 1],
  [Op.shr_un, "shr.un", K.InlineNone, F.Next, 2, 1],
  [Op.neg, "neg", K.InlineNone, F.Next, 1, 1],
  [Op.not, "not", K.InlineNone, F.Next, 1, 1],
  [Op.conv_i1, "conv.i1", K.InlineNone, F.Next, 1, 1],
  [Op.conv_i2, "conv.i2", K.InlineNone, F.Next, 1, 1],
  [Op.conv_i4, "conv.i4", K.InlineNone, F.Next, 1, 1],
  [Op.conv_i8, "conv.i8", K.InlineNone, F.Next, 1, 1],
  [Op.conv_r4, "conv.r4", K.InlineNone, F.Next, 1, 1],
  [Op.conv_r8, "conv.r8", K.InlineNone, F.Next, 1, 1],
  [Op.conv_u4, "conv.u4", K.InlineNone, F.Next, 1, 1],
  [Op.conv_u8, "conv.u8", K.InlineNone, F.Next, 1, 1],
  [Op.callvirt, "callvirt", K.InlineMethod, F.Call, V, V],
  [Op.cpobj, "cpobj", K.InlineType, F.Next, 2, 0],
  [Op.ldobj, "ldobj", K.InlineType, F.Next, 1, 1],
  [Op.ldstr, "ldstr", K.InlineString, F.Next, 0, 1],
  // newobj pops the constructor's arguments (signature-dependent) and pushes the new object.
  [Op.newobj, "newobj", K.InlineMethod, F.Call, V, 1],
  [Op.castclass, "castclass", K.InlineType, F.Next, 1, 1],
  [Op.isinst, "isinst", K.InlineType, F.Next, 1, 1],
  [Op.conv_r_un, "conv.r.un", K.InlineNone, F.Next, 1, 1],
  [Op.unbox, "unbox", K.InlineType, F.Next, 1, 1],
  [Op.throw, "throw", K.InlineNone, F.Throw, 1, 0],
  [Op.ldfld, "ldfld", K.InlineField, F.Next, 1, 1],
  [Op.ldflda, "ldflda", K.InlineField, F.Next, 1, 1],
  [Op.stfld, "stfld", K.InlineField, F.Next, 2, 0],
  [Op.ldsfld, "ldsfld", K.InlineField, F.Next, 0, 1],
  [Op.ldsflda, "ldsflda", K.InlineField, F.Next, 0, 1],
  [Op.stsfld, "stsfld", K.InlineField, F.Next, 1, 0],
  [Op.stobj, "stobj", K.InlineType, F.Next, 2, 0],
  [Op.conv_ovf_i1_un, "conv.ovf.i1.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i2_un, "conv.ovf.i2.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i4_un, "conv.ovf.i4.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i8_un, "conv.ovf.i8.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u1_un, "conv.ovf.u1.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u2_un, "conv.ovf.u2.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u4_un, "conv.ovf.u4.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u8_un, "conv.ovf.u8.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i_un, "conv.ovf.i.un", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u_un, "conv.ovf.u.un", K.InlineNone, F.Next, 1, 1],
  [Op.box, "box", K.InlineType, F.Next, 1, 1],
  [Op.newarr, "newarr", K.InlineType, F.Next, 1, 1],
  [Op.ldlen, "ldlen", K.InlineNone, F.Next, 1, 1],
  [Op.ldelema, "ldelema", K.InlineType, F.Next, 2, 1],
  [Op.ldelem_i1, "ldelem.i1", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_u1, "ldelem.u1", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_i2, "ldelem.i2", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_u2, "ldelem.u2", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_i4, "ldelem.i4", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_u4, "ldelem.u4", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_i8, "ldelem.i8", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_i, "ldelem.i", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_r4, "ldelem.r4", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_r8, "ldelem.r8", K.InlineNone, F.Next, 2, 1],
  [Op.ldelem_ref, "ldelem.ref", K.InlineNone, F.Next, 2, 1],
  [Op.stelem_i, "stelem.i", K.InlineNone, F.Next, 3, 0],
  [Op.stelem_i1, "stelem.i1", K.InlineNone, F.Next, 3, 0],
  [Op.stelem_i2, "stelem.i2", K.InlineNone, F.Next, 3, 0],
  [Op.stelem_i4, "stelem.i4", K.InlineNone, F.Next, 3, 0],
  [Op.stelem_i8, "stelem.i8", K.InlineNone, F.Next, 3, 0],
  [Op.stelem_r4, "stelem.r4", K.InlineNone, F.Next, 3, 0],
  [Op.stelem_r8, "stelem.r8", K.InlineNone, F.Next, 3, 0],
  [Op.stelem_ref, "stelem.ref", K.InlineNone, F.Next, 3, 0],
  [Op.ldelem, "ldelem", K.InlineType, F.Next, 2, 1],
  [Op.stelem, "stelem", K.InlineType, F.Next, 3, 0],
  [Op.unbox_any, "unbox.any", K.InlineType, F.Next, 1, 1],
  [Op.conv_ovf_i1, "conv.ovf.i1", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u1, "conv.ovf.u1", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i2, "conv.ovf.i2", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u2, "conv.ovf.u2", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i4, "conv.ovf.i4", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u4, "conv.ovf.u4", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i8, "conv.ovf.i8", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u8, "conv.ovf.u8", K.InlineNone, F.Next, 1, 1],
  [Op.refanyval, "refanyval", K.InlineType, F.Next, 1, 1],
  [Op.ckfinite, "ckfinite", K.InlineNone, F.Next, 1, 1],
  [Op.mkrefany, "mkrefany", K.InlineType, F.Next, 1, 1],
  [Op.ldtoken, "ldtoken", K.InlineTok, F.Next, 0, 1],
  [Op.conv_u2, "conv.u2", K.InlineNone, F.Next, 1, 1],
  [Op.conv_u1, "conv.u1", K.InlineNone, F.Next, 1, 1],
  [Op.conv_i, "conv.i", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_i, "conv.ovf.i", K.InlineNone, F.Next, 1, 1],
  [Op.conv_ovf_u, "conv.ovf.u", K.InlineNone, F.Next, 1, 1],
  [Op.add_ovf, "add.ovf", K.InlineNone, F.Next, 2, 1],
  [Op.add_ovf_un, "add.ovf.un", K.InlineNone, F.Next, 2, 1],
  [Op.mul_ovf, "mul.ovf", K.InlineNone, F.Next, 2, 1],
  [Op.mul_ovf_un, "mul.ovf.un", K.InlineNone, F.Next, 2, 1],
  [Op.sub_ovf, "sub.ovf", K.InlineNone, F.Next, 2, 1],
  [Op.sub_ovf_un, "sub.ovf.un", K.InlineNone, F.Next, 2, 1],
  // endfinally and leave empty the evaluation stack (III.3.35, III.3.46).
  [Op.endfinally, "endfinally", K.InlineNone, F.Return, C, 0],
  [Op.leave, "leave", K.InlineBrTarget, F.Branch, C, 0],
  [Op.leave_s, "leave.s", K.ShortInlineBrTarget, F.Branch, C, 0],
  [Op.stind_i, "stind.i", K.InlineNone, F.Next, 2, 0],
  [Op.conv_u, "conv.u", K.InlineNone, F.Next, 1, 1],
  [Op.arglist, "arglist", K.InlineNone, F.Next, 0, 1],
  [Op.ceq, "ceq", K.InlineNone, F.Next, 2, 1],
  [Op.cgt, "cgt", K.InlineNone, F.Next, 2, 1],
  [Op.cgt_un, "cgt.un", K.InlineNone, F.Next, 2, 1],
  [Op.clt, "clt", K.InlineNone, F.Next, 2, 1],
  [Op.clt_un, "clt.un", K.InlineNone, F.Next, 2, 1],
  [Op.ldftn, "ldftn", K.InlineMethod, F.Next, 0, 1],
  [Op.ldvirtftn, "ldvirtftn", K.InlineMethod, F.Next, 1, 1],
  [Op.ldarg, "ldarg", K.InlineVar, F.Next, 0, 1],
  [Op.ldarga, "ldarga", K.InlineVar, F.Next, 0, 1],
  [Op.starg, "starg", K.InlineVar, F.Next, 1, 0],
  [Op.ldloc, "ldloc", K.InlineVar, F.Next, 0, 1],
  [Op.ldloca, "ldloca", K.InlineVar, F.Next, 0, 1],
  [Op.stloc, "stloc", K.InlineVar, F.Next, 1, 0],
  [Op.localloc, "localloc", K.InlineNone, F.Next, 1, 1],
  [Op.endfilter, "endfilter", K.InlineNone, F.Return, 1, 0],
  [Op.unaligned, "unaligned.", K.ShortInlineI, F.Meta, 0, 0],
  [Op.volatile, "volatile.", K.InlineNone, F.Meta, 0, 0],
  [Op.tail, "tail.", K.InlineNone, F.Meta, 0, 0],
  [Op.initobj, "initobj", K.InlineType, F.Next, 1, 0],
  [Op.constrained, "constrained.", K.InlineType, F.Meta, 0, 0],
  [Op.cpblk, "cpblk", K.InlineNone, F.Next, 3, 0],
  [Op.initblk, "initblk", K.InlineNone, F.Next, 3, 0],
  // no. { typecheck, rangecheck, nullcheck }: the operand is a bit set of skippable checks.
  [Op.no, "no.", K.ShortInlineI, F.Meta, 0, 0],
  [Op.rethrow, "rethrow", K.InlineNone, F.Throw, 0, 0],
  [Op.sizeof, "sizeof", K.InlineType, F.Next, 0, 1],
  [Op.refanytype, "refanytype", K.InlineNone, F.Next, 1, 1],
  [Op.readonly, "readonly.", K.InlineNone, F.Meta, 0, 0],
];

/** Operand kind per code; OperandKind.Invalid for undefined codes. */
export const operandKindOf = new Uint8Array(OPCODE_CODE_COUNT).fill(OperandKind.Invalid);
/** Flow kind per code (0 for undefined codes; check operandKindOf first). */
export const flowKindOf = new Uint8Array(OPCODE_CODE_COUNT);
/** Stack pops per code: a count, STACK_VARIABLE or STACK_CLEAR. */
export const stackPopOf = new Int8Array(OPCODE_CODE_COUNT);
/** Stack pushes per code: a count or STACK_VARIABLE. */
export const stackPushOf = new Int8Array(OPCODE_CODE_COUNT);
/** Instruction size without the switch table: opcode bytes + fixed operand bytes; 0 if undefined. */
export const instructionSizeOf = new Uint8Array(OPCODE_CODE_COUNT);
/** ildasm name per code; "" for undefined codes. */
export const opcodeName: string[] = new Array<string>(OPCODE_CODE_COUNT).fill("");

for (const [code, name, kind, flow, pop, push] of rows) {
  if (opcodeName[code] !== "") throw new Error(`opcode table: code 0x${code.toString(16)} defined twice`);
  opcodeName[code] = name;
  operandKindOf[code] = kind;
  flowKindOf[code] = flow;
  stackPopOf[code] = pop;
  stackPushOf[code] = push;
  instructionSizeOf[code] = (code >= 0x100 ? 2 : 1) + operandSizeOfKind[kind]!;
}

/** Number of defined opcodes. */
export const opcodeCount = rows.length;

export function isDefinedOpcode(code: number): boolean {
  return code >= 0 && code < OPCODE_CODE_COUNT && operandKindOf[code] !== OperandKind.Invalid;
}

/** The opcode's encoding as a number: 0x00..0xFF, or 0xFE00 | xx for two-byte opcodes. */
export function opcodeValue(code: number): number {
  return code >= 0x100 ? 0xfe00 | (code & 0xff) : code;
}

/** The code for an encoding as returned by opcodeValue, or -1 if it is not a defined opcode. */
export function codeFromValue(value: number): number {
  const code = value >= 0xfe00 && value <= 0xfeff ? 0x100 | (value & 0xff) : value <= 0xff && value >= 0 ? value : -1;
  return code >= 0 && isDefinedOpcode(code) ? code : -1;
}

/** Code of a defined opcode by its ildasm name, or -1. */
export function codeFromName(name: string): number {
  return byName.get(name) ?? -1;
}
const byName = new Map<string, number>(rows.map((r) => [r[1], r[0]]));
