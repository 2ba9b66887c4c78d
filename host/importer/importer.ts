/**
 * The IL importer: one method's CIL, with its types resolved by the type system, into the
 * backend's IR (host/codegen/ir-builder.ts), by simulating the evaluation stack.
 *
 * Invariants:
 * - Every IL basic block becomes one IR block (plus helper blocks for checks); a block entered
 *   with a non-empty stack receives it in canonical vregs chosen when it is first reached, and
 *   every predecessor copies its stack into them before branching.
 * - Small integers (bool, char, int8…uint16) are kept normalised (sign- or zero-extended) in
 *   32-bit vregs; the normalisation happens when they are stored to a typed home (locals,
 *   arguments, returns, fields through narrow stores).
 * - Value types on the stack are the address of a temporary the entry owns; locals and
 *   arguments of value type, and any local or argument whose address is taken, live in memory.
 *   Other locals and arguments live in vregs, and ldloc/ldarg push that vreg itself: a store
 *   to the home first copies the stack entries still naming it.
 * - Layout: the fall-through of every check is laid out right after it (MethodBuilder's
 *   newBlock(true)); raising blocks and dispatch chains come last.
 * - `this` of a reference type's method is not null (every call site tests its receiver), and
 *   neither are fresh allocations: no null test for those.
 * - Calls to methods whose body is a lone `ret` (and whose type has no .cctor) are left out;
 *   only a method that still calls others checks the stack limit in its prologue.
 * - Exceptions use the runtime's pending-exception model: helpers and callees leave an
 *   exception in the thread state and return; code checks after every call and branches to the
 *   dispatch chain of the throw point: the clauses whose try block covers it, innermost first
 *   (a catch whose type matches takes the exception and clears it; a finally or fault runs with
 *   the exception set aside and then restores it), and finally the method's exit, which returns
 *   to the caller with the exception still pending. Handlers are ordinary IR blocks, so values
 *   live across them in vregs like anywhere else.
 * - A finally block is imported once; every way into it (each `leave` that crosses it, each
 *   dispatch chain) sets its continuation number first, and its `endfinally` is a switch on
 *   that number. Filter blocks work the same way: `endfilter` stores the verdict and switches
 *   on the continuation number back into the chain that ran the filter.
 * - Filters (`catch … when`): within one method, dispatch is two-pass as in the CLI: a chain
 *   whose clauses include a filter first searches (catch type tests and filters, innermost
 *   first, skipping finally and fault clauses), then runs the finally and fault blocks inside
 *   the chosen handler's try, then enters the handler. Across methods there is one pass: a
 *   callee's finally blocks have run by the time the caller's filters see the exception
 *   (docs/runtime-abi.md). A filter runs with the exception on its stack and no exception
 *   pending; an exception escaping the filter replaces the original and is dispatched from
 *   the filter's own position, as Mono does (the CLI would treat it as a false verdict).
 */
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder, VReg, Block } from "../codegen/ir-builder.js";
import { readMethodBody, MethodBody, ClauseKind } from "../metadata/il/method-body.js";
import { ILReader, bodyCode } from "../metadata/il/decoder.js";
import { Op, OperandKind } from "../metadata/il/opcodes.js";
import { TypeSystem } from "../typesystem/typesystem.js";
import { FieldDesc, GenericContext, Kind, MethodDesc, TypeDesc } from "../typesystem/types.js";
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, MDARRAY_BOUNDS_OFFSET, OBJ_HEADER } from "../typesystem/layout.js";
import { Helper, ImportEnv, THREAD_STATE, THREAD_LOCALLOC_LIMIT, THREAD_LOCALLOC_TOP, THREAD_PENDING_EXCEPTION, THREAD_STACK_LIMIT } from "./env.js";

/** A method the importer cannot compile, and why: reported as "not supported: <method>: <reason>". */
export class ImportError extends Error {
  override readonly name = "ImportError";
  constructor(
    readonly method: string,
    readonly reason: string,
  ) {
    super(`not supported: ${method}: ${reason}`);
  }
}

/** Evaluation stack kinds (ECMA-335 I.12.3.2.1), with value types kept apart. */
export const enum SK {
  I4,
  I8,
  I,
  F4,
  F8,
  O,
  ByRef,
  VT,
}

interface Entry {
  v: VReg;
  k: SK;
  /** The precise type when known: object class, value type, or the byref's target. */
  t: TypeDesc | null;
}

interface Home {
  type: TypeDesc;
  /** A vreg holding the value, or -1 when the value lives in memory. */
  v: VReg;
  /** The local buffer holding the value (memory homes), or -1. */
  slot: number;
  /** For value-type arguments: the vreg holding the address of the caller's copy. */
  addr: VReg;
}

interface Scan {
  /** Where blocks start, ascending. */
  starts: number[];
  /** Arguments and locals whose address is taken (null: none). */
  args: Set<number> | null;
  locals: Set<number> | null;
  localloc: boolean;
  /** Arguments stored to (starg; null: none). */
  stored: Set<number> | null;
}

/** Block starts inside the body, marked per IL offset while scanning (cleared after each method). */
let startMarks = new Uint8Array(4096);

interface FilterInfo {
  /** Which chain ran the filter (the continuation endfilter returns to). */
  k: VReg;
  /** The filter's verdict (non-zero: its handler takes the exception). */
  result: VReg;
  /** The block every endfilter of the clause jumps to: a switch on k. */
  ret: Block;
  continuations: Block[];
}

interface FinallyInfo {
  /** Which continuation its endfinally takes. */
  k: VReg;
  /** The block every endfinally of the clause jumps to: a switch on k. */
  ret: Block;
  continuations: Block[];
}

interface BlockInfo {
  ir: Block;
  /** Canonical entry stack, fixed by the first predecessor to reach the block. */
  entry: Entry[] | null;
  queued: boolean;
}

/** The IR operation of each binary arithmetic opcode. */
const ARITH_OPS: Record<number, number> = {
  [Op.add]: IR.OP_ADD, [Op.sub]: IR.OP_SUB, [Op.mul]: IR.OP_MUL, [Op.div]: IR.OP_DIV, [Op.div_un]: IR.OP_DIV_U,
  [Op.rem]: IR.OP_REM, [Op.rem_un]: IR.OP_REM_U, [Op.and]: IR.OP_AND, [Op.or]: IR.OP_OR, [Op.xor]: IR.OP_XOR,
};

const IRTY: Record<number, number> = {
  [SK.I4]: IR.TY_I32, [SK.I8]: IR.TY_I64, [SK.I]: IR.TY_PTR, [SK.F4]: IR.TY_F32, [SK.F8]: IR.TY_F64,
  [SK.O]: IR.TY_REF, [SK.ByRef]: IR.TY_PTR, [SK.VT]: IR.TY_PTR,
};

export interface ImportResult {
  words: Int32Array;
  /** IL offset → index of the first IR instruction imported for it, in IL order (debug imports only: empty otherwise). */
  ilMap: { il: number; ir: number }[];
  /** Methods this one calls directly (for eager compilation and dependency lists). */
  callees: MethodDesc[];
  ilBytes: number;
}

export function importMethod(env: ImportEnv, md: MethodDesc): ImportResult {
  const synthesized = delegateMethod(env, md);
  if (synthesized) return synthesized;
  return new Importer(env, md).run();
}

/** Whether `t` is a delegate type (derives from System.MulticastDelegate). */
function isDelegate(ts: TypeSystem, t: TypeDesc): boolean {
  const base = ts.baseType(t);
  return base !== null && base.module === ts.corlib && base.key === "[mscorlib]System.MulticastDelegate";
}

/**
 * Delegate types' constructors and Invoke have no IL (the runtime provides them); they are
 * synthesized here. The object model is the core library's: Delegate.m_target and
 * Delegate.method_ptr (the code address ldftn gave), MulticastDelegate.delegates (the
 * invocation list of a combined delegate, null otherwise). A delegate with a target passes it
 * as the first argument (instance methods, and static methods closed over their first
 * argument); one without calls the code with the arguments alone.
 */
function delegateMethod(env: ImportEnv, md: MethodDesc): ImportResult | null {
  const ts = env.ts;
  if (md.hasBody || !isDelegate(ts, md.owner) || md.isStatic) return null;
  const isCtor = md.name === ".ctor" && md.sig.params.length === 2;
  if (!isCtor && md.name !== "Invoke") return null;
  const del = ts.corlibType("System", "Delegate");
  const multi = ts.corlibType("System", "MulticastDelegate");
  env.layouts.of(md.owner);
  const field = (t: TypeDesc, name: string) => {
    const f = ts.fieldsOf(t).find((x) => x.name === name);
    if (!f) throw new ImportError(md.fullName, `the core library's ${t.key} has no field ${name}`);
    return f.offset;
  };
  const targetOff = field(del, "m_target");
  const ptrOff = field(del, "method_ptr");
  const listOff = field(multi, "delegates");
  const irOf = (t: TypeDesc): number => {
    if (t.kind === Kind.R4) return IR.TY_F32;
    if (t.kind === Kind.R8) return IR.TY_F64;
    if (t.isReference) return IR.TY_REF;
    if (t.kind === Kind.I8 || t.kind === Kind.U8) return IR.TY_I64;
    if (t.kind === Kind.I || t.kind === Kind.U || t.kind === Kind.Ptr || t.kind === Kind.ByRef || t.kind === Kind.FnPtr) return IR.TY_PTR;
    if (t.kind === Kind.ValueType) {
      const base = ts.baseType(t);
      const isEnum = base !== null && base.key === "[mscorlib]System.Enum";
      if (!isEnum) return -1;
      return irOf(ts.fieldsOf(t).find((x) => !x.isStatic)!.type);
    }
    if (t.kind === Kind.TypedRef || t.kind === Kind.Var || t.kind === Kind.MVar) return -2;
    return IR.TY_I32;
  };
  const structRet = irOf(md.sig.returnType) === -1;
  const params: number[] = [];
  if (structRet) params.push(IR.TY_PTR);
  params.push(IR.TY_REF);
  for (const p of md.sig.params) {
    const t = irOf(p);
    if (t === -2) throw new ImportError(md.fullName, `delegate parameter of type ${p.key}`);
    params.push(t === -1 ? IR.TY_PTR : t);
  }
  const rt = md.sig.returnType.kind === Kind.Void || structRet ? IR.TY_VOID : irOf(md.sig.returnType);
  const b = new MethodBuilder(params, rt, env.codeSymbol ? env.codeSymbol(md) : 0);
  const self = b.params[structRet ? 1 : 0]!;
  const selfPtr = b.conv(IR.CV_WRAP, IR.TY_PTR, self);
  if (isCtor) {
    b.store(IR.MEMW_64, b.params[structRet ? 2 : 1]!, selfPtr, IR.IR_NONE, 0, targetOff);
    b.store(IR.MEMW_64, b.params[structRet ? 3 : 2]!, selfPtr, IR.IR_NONE, 0, ptrOff);
    b.ret();
    return { words: b.finish(), ilMap: [], callees: [], ilBytes: 0 };
  }
  const args = b.params.slice(structRet ? 2 : 1);
  const result = rt === IR.TY_VOID ? -1 : b.newVreg(rt);
  if (result >= 0) b.constInto(result, 0);
  const ts0 = env.dataAddress(b, THREAD_STATE);
  /** One delegate's call; leaves through `exit` when an exception is pending. */
  const single = (d: VReg, exit: Block, cont: Block) => {
    const p = b.conv(IR.CV_WRAP, IR.TY_PTR, d);
    const target = b.load(IR.MEMW_64, IR.TY_REF, p, IR.IR_NONE, 0, targetOff);
    const code = b.load(IR.MEMW_64, IR.TY_PTR, p, IR.IR_NONE, 0, ptrOff);
    const closed = b.newBlock();
    const open = b.newBlock();
    const after = b.newBlock();
    b.brcmp(IR.CC_NE, target, b.const(IR.TY_REF, 0), closed, open);
    for (const [blk, withTarget] of [[closed, true], [open, false]] as const) {
      b.setBlock(blk);
      const callArgs = [...(structRet ? [b.params[0]!] : []), ...(withTarget ? [target] : []), ...args];
      const r = b.call(IR.CALLK_REG, code, callArgs, rt);
      if (result >= 0) b.mov(result, r);
      b.jump(after);
    }
    b.setBlock(after);
    const pending = b.load(IR.MEMW_64, IR.TY_PTR, ts0, IR.IR_NONE, 0, THREAD_PENDING_EXCEPTION);
    b.brcmp(IR.CC_NE, pending, b.const(IR.TY_PTR, 0), exit, cont);
  };
  const exit = b.newBlock();
  const done = b.newBlock();
  const list = b.load(IR.MEMW_64, IR.TY_REF, selfPtr, IR.IR_NONE, 0, listOff);
  const one = b.newBlock();
  const many = b.newBlock();
  b.brcmp(IR.CC_EQ, list, b.const(IR.TY_REF, 0), one, many);
  b.setBlock(one);
  single(self, exit, done);
  // A combined delegate: call each in order; the last one's result is the result.
  b.setBlock(many);
  const arr = b.conv(IR.CV_WRAP, IR.TY_PTR, list);
  const n = b.load(IR.MEMW_64, IR.TY_PTR, arr, IR.IR_NONE, 0, ARRAY_LENGTH_OFFSET);
  const i = b.const(IR.TY_PTR, 0);
  const head = b.newBlock();
  const body = b.newBlock();
  const next = b.newBlock();
  b.jump(head);
  b.setBlock(head);
  b.brcmp(IR.CC_LT_U, i, n, body, done);
  b.setBlock(body);
  const d = b.load(IR.MEMW_64, IR.TY_REF, arr, i, 3, ARRAY_DATA_OFFSET);
  single(d, exit, next);
  b.setBlock(next);
  b.binaryInto(IR.OP_ADD, i, i, b.const(IR.TY_PTR, 1));
  b.jump(head);
  b.setBlock(done);
  b.ret(result >= 0 ? result : IR.IR_NONE);
  b.setBlock(exit);
  b.ret(result >= 0 ? b.const(rt, 0) : IR.IR_NONE);
  return { words: b.finish(), ilMap: [], callees: [], ilBytes: 0 };
}

// ---- Opcode tables for the instruction handlers (Importer.handlers).
/** conv.*: (stack kind, IR extension or -1, signed). */
const CONV: [SK, number, boolean][] = [];
CONV[Op.conv_i1] = [SK.I4, IR.CV_SEXT8, true];
CONV[Op.conv_u1] = [SK.I4, IR.CV_ZEXT8, true];
CONV[Op.conv_i2] = [SK.I4, IR.CV_SEXT16, true];
CONV[Op.conv_u2] = [SK.I4, IR.CV_ZEXT16, true];
CONV[Op.conv_i4] = [SK.I4, -1, true];
CONV[Op.conv_u4] = [SK.I4, -1, false];
CONV[Op.conv_i8] = [SK.I8, -1, true];
CONV[Op.conv_u8] = [SK.I8, -1, false];
CONV[Op.conv_i] = [SK.I, -1, true];
CONV[Op.conv_u] = [SK.I, -1, false];
/** conv.ovf.*: (overflow target, stack kind, unsigned source). */
const CONV_OVF: [number, SK, boolean][] = [];
for (const [signed, unsigned, target, to] of [
  [Op.conv_ovf_i1, Op.conv_ovf_i1_un, IR.OVT_I8, SK.I4], [Op.conv_ovf_u1, Op.conv_ovf_u1_un, IR.OVT_U8, SK.I4],
  [Op.conv_ovf_i2, Op.conv_ovf_i2_un, IR.OVT_I16, SK.I4], [Op.conv_ovf_u2, Op.conv_ovf_u2_un, IR.OVT_U16, SK.I4],
  [Op.conv_ovf_i4, Op.conv_ovf_i4_un, IR.OVT_I32, SK.I4], [Op.conv_ovf_u4, Op.conv_ovf_u4_un, IR.OVT_U32, SK.I4],
  [Op.conv_ovf_i8, Op.conv_ovf_i8_un, IR.OVT_I64, SK.I8], [Op.conv_ovf_u8, Op.conv_ovf_u8_un, IR.OVT_U64, SK.I8],
  [Op.conv_ovf_i, Op.conv_ovf_i_un, IR.OVT_I64, SK.I], [Op.conv_ovf_u, Op.conv_ovf_u_un, IR.OVT_U64, SK.I],
] as const) {
  CONV_OVF[signed] = [target, to, false];
  CONV_OVF[unsigned] = [target, to, true];
}
/** ceq, cgt, cgt.un, clt, clt.un: the condition (the same for integers and floats). */
const COMPARE: number[] = [];
COMPARE[Op.ceq] = IR.CC_EQ;
COMPARE[Op.cgt] = IR.CC_GT;
COMPARE[Op.cgt_un] = IR.CC_GT_U;
COMPARE[Op.clt] = IR.CC_LT;
COMPARE[Op.clt_un] = IR.CC_LT_U;
/** Two-operand conditional branches (short and long forms): the condition. */
const COND_BRANCH: number[] = [];
for (const [s, l, cc] of [
  [Op.beq_s, Op.beq, IR.CC_EQ], [Op.bne_un_s, Op.bne_un, IR.CC_NE], [Op.bge_s, Op.bge, IR.CC_GE], [Op.bge_un_s, Op.bge_un, IR.CC_GE_U],
  [Op.bgt_s, Op.bgt, IR.CC_GT], [Op.bgt_un_s, Op.bgt_un, IR.CC_GT_U], [Op.ble_s, Op.ble, IR.CC_LE], [Op.ble_un_s, Op.ble_un, IR.CC_LE_U],
  [Op.blt_s, Op.blt, IR.CC_LT], [Op.blt_un_s, Op.blt_un, IR.CC_LT_U],
] as const) {
  COND_BRANCH[s] = cc;
  COND_BRANCH[l] = cc;
}
/** ldarg, starg, ldarga, ldloc, stloc, ldloca (all forms): the fixed index (-1: the operand's), whether an argument, and what is done with it. */
const enum VarUse {
  Load,
  Store,
  Address,
}
const VAR_INDEX: number[] = [];
const VAR_IS_ARG: boolean[] = [];
const VAR_USE: VarUse[] = [];
for (const [op, index, isArg, use] of [
  [Op.ldarg_0, 0, true, VarUse.Load], [Op.ldarg_1, 1, true, VarUse.Load], [Op.ldarg_2, 2, true, VarUse.Load], [Op.ldarg_3, 3, true, VarUse.Load],
  [Op.ldloc_0, 0, false, VarUse.Load], [Op.ldloc_1, 1, false, VarUse.Load], [Op.ldloc_2, 2, false, VarUse.Load], [Op.ldloc_3, 3, false, VarUse.Load],
  [Op.stloc_0, 0, false, VarUse.Store], [Op.stloc_1, 1, false, VarUse.Store], [Op.stloc_2, 2, false, VarUse.Store], [Op.stloc_3, 3, false, VarUse.Store],
  [Op.ldarg_s, -1, true, VarUse.Load], [Op.ldarg, -1, true, VarUse.Load], [Op.starg_s, -1, true, VarUse.Store], [Op.starg, -1, true, VarUse.Store],
  [Op.ldarga_s, -1, true, VarUse.Address], [Op.ldarga, -1, true, VarUse.Address],
  [Op.ldloc_s, -1, false, VarUse.Load], [Op.ldloc, -1, false, VarUse.Load], [Op.stloc_s, -1, false, VarUse.Store], [Op.stloc, -1, false, VarUse.Store],
  [Op.ldloca_s, -1, false, VarUse.Address], [Op.ldloca, -1, false, VarUse.Address],
] as const) {
  VAR_INDEX[op] = index;
  VAR_IS_ARG[op] = isArg;
  VAR_USE[op] = use;
}
/** ldind.* and stind.*: the element kind. */
const LDIND: Kind[] = [];
LDIND[Op.ldind_i1] = Kind.I1;
LDIND[Op.ldind_u1] = Kind.U1;
LDIND[Op.ldind_i2] = Kind.I2;
LDIND[Op.ldind_u2] = Kind.U2;
LDIND[Op.ldind_i4] = Kind.I4;
LDIND[Op.ldind_u4] = Kind.U4;
LDIND[Op.ldind_i8] = Kind.I8;
LDIND[Op.ldind_i] = Kind.I;
LDIND[Op.ldind_r4] = Kind.R4;
LDIND[Op.ldind_r8] = Kind.R8;
LDIND[Op.ldind_ref] = Kind.Object;
const STIND: Kind[] = [];
STIND[Op.stind_i1] = Kind.I1;
STIND[Op.stind_i2] = Kind.I2;
STIND[Op.stind_i4] = Kind.I4;
STIND[Op.stind_i8] = Kind.I8;
STIND[Op.stind_i] = Kind.I;
STIND[Op.stind_r4] = Kind.R4;
STIND[Op.stind_r8] = Kind.R8;
STIND[Op.stind_ref] = Kind.Object;
/** ldelem.* and stelem.*: the element's primitive kind, ELEM_REF (object references) or ELEM_TOKEN (the operand's type). */
const ELEM_REF = -1;
const ELEM_TOKEN = -2;
const ELEM_KIND: number[] = [];
for (const [op, k] of [
  [Op.ldelem_i1, Kind.I1], [Op.ldelem_u1, Kind.U1], [Op.ldelem_i2, Kind.I2], [Op.ldelem_u2, Kind.U2], [Op.ldelem_i4, Kind.I4],
  [Op.ldelem_u4, Kind.U4], [Op.ldelem_i8, Kind.I8], [Op.ldelem_i, Kind.I], [Op.ldelem_r4, Kind.R4], [Op.ldelem_r8, Kind.R8],
  [Op.ldelem_ref, ELEM_REF], [Op.ldelem, ELEM_TOKEN],
  [Op.stelem_i1, Kind.I1], [Op.stelem_i2, Kind.I2], [Op.stelem_i4, Kind.I4], [Op.stelem_i8, Kind.I8], [Op.stelem_i, Kind.I],
  [Op.stelem_r4, Kind.R4], [Op.stelem_r8, Kind.R8], [Op.stelem_ref, ELEM_REF], [Op.stelem, ELEM_TOKEN],
] as const) ELEM_KIND[op] = k;

class Importer {
  private readonly ts: TypeSystem;
  private readonly b: MethodBuilder;
  private readonly body: MethodBody;
  private readonly gctx: GenericContext;
  private args: Home[] = [];
  /** Whose IL instruction() reads: the method's, or an inlined callee's (tokens, generic context). */
  private ilModule: MethodDesc["module"];
  private ilGctx: GenericContext;
  private ilOwner: TypeDesc;
  /** Nesting of inlined bodies (one level). */
  private inlining = 0;
  private readonly locals: Home[] = [];
  /** Vregs defined by ldc.r8, with their values (see intrinsic: Math.Round of a literal). */
  private literals: Map<VReg, number> | null = null;
  private readonly blocks = new Map<number, BlockInfo>();
  private readonly work: number[] = [];
  private readonly callees = new Set<MethodDesc>();
  private stack: Entry[] = [];
  private excExit: Block = -1;
  /** Raising blocks per (helper, dispatch target). */
  private readonly throwBlocks = new Map<string, Block>();
  /** Dispatch chains by the clauses they visit ("3,1"): the block that starts them. */
  private readonly dispatchBlocks = new Map<string, Block>();
  /** IL offset of the instruction being imported (for the throw point's dispatch chain). */
  private ilOffset = 0;
  /** The constrained. prefix of the instruction being imported, and the one the next instruction gets. */
  private prefix: TypeDesc | null = null;
  private nextPrefix: TypeDesc | null = null;
  // Made on first use (most methods have no exception clauses).
  private finallies: Map<number, FinallyInfo> | null = null;
  private filters: Map<number, FilterInfo> | null = null;
  /** The exception a catch handler took, per clause index (for rethrow). */
  private caught: Map<number, VReg> | null = null;
  /** Where each IL instruction's IR starts: (IL offset, block, index in the block) triples. */
  private readonly ilMarks: number[] = [];
  /** Hidden return buffer parameter (value-type returns), or -1. */
  private retBuf: VReg = -1;
  private readonly name: string;
  private scanned!: Scan;

  constructor(
    private readonly env: ImportEnv,
    private readonly md: MethodDesc,
  ) {
    this.ts = env.ts;
    this.name = md.fullName;
    if (!md.hasBody) throw this.unsupported(md.isInternalCall ? "internal call" : md.isPInvoke ? "P/Invoke" : "no IL body");
    for (const a of md.methodArgs) if (a.isGenericParameter) throw this.unsupported("open generic method");
    for (const a of md.owner.args) if (a.isGenericParameter) throw this.unsupported("method of an open generic type");
    const r = md.module.reader;
    this.body = readMethodBody(r.data, r.bodyOffset(r.methodRva(md.row)));
    this.gctx = { typeArgs: md.owner.args, methodArgs: md.methodArgs };
    this.ilModule = md.module;
    this.ilGctx = this.gctx;
    this.ilOwner = md.owner;

    // Parameters: [return buffer] [this] declared parameters.
    const paramTys: number[] = [];
    const ret = md.sig.returnType;
    const retVT = this.isStruct(ret);
    if (retVT) paramTys.push(IR.TY_PTR);
    const thisType = md.sig.hasThis ? (md.owner.isValueType ? this.ts.byRef(md.owner) : md.owner) : null;
    const argTypes = thisType ? [thisType, ...md.sig.params] : [...md.sig.params];
    for (const t of argTypes) paramTys.push(this.isStruct(t) ? IR.TY_PTR : this.irType(t));
    const retTy = ret.kind === Kind.Void || retVT ? IR.TY_VOID : this.irType(ret);
    this.b = new MethodBuilder(paramTys, retTy, env.codeSymbol ? env.codeSymbol(md) : 0);
    if (retVT) this.retBuf = this.b.params[0]!;
    this.scanned = this.scan(bodyCode(r.data, this.body));
    const addrTaken = this.scanned;
    // Debug code keeps every local and argument in the frame.
    const inMemory = (set: Set<number> | null, i: number) => env.debug === true || (set !== null && set.has(i));
    argTypes.forEach((t, i) => {
      const p = this.b.params[i + (retVT ? 1 : 0)]!;
      if (this.isStruct(t)) this.args.push({ type: t, v: -1, slot: -1, addr: p });
      else if (inMemory(addrTaken.args, i)) {
        const slot = this.b.newSlot(8, 8);
        this.b.store(this.memWidth(t), p, this.b.slotAddr(slot));
        this.args.push({ type: t, v: -1, slot, addr: -1 });
      } else this.args.push({ type: t, v: p, slot: -1, addr: -1 });
    });
    if (thisType && !md.owner.isValueType && this.args[0]!.v >= 0 && !addrTaken.stored?.has(0)) this.nonNull.add(this.args[0]!.v);
    const localTypes = r.locals(this.body.localVarSigToken).map((s) => this.ts.typeFromSig(md.module, s, this.gctx));
    localTypes.forEach((t, i) => {
      if (this.isStruct(t) || inMemory(addrTaken.locals, i)) {
        const size = this.isStruct(t) ? this.env.layouts.sizeOf(t) : 8;
        const slot = this.b.newSlot(Math.max(size, 1), 8);
        this.zero(this.b.slotAddr(slot), size);
        this.locals.push({ type: t, v: -1, slot, addr: -1 });
      } else {
        const v = this.b.newVreg(this.irType(t));
        this.b.constInto(v, 0);
        this.locals.push({ type: t, v, slot: -1, addr: -1 });
      }
    });
  }

  private unsupported(reason: string): ImportError {
    return new ImportError(this.name, reason);
  }

  run(): ImportResult {
    const code = bodyCode(this.md.module.reader.data, this.body);
    if (this.env.profileCounter) {
      // Count the call before anything else runs.
      const counter = this.b.symbolAddr(this.env.profileCounter(this.md));
      const n = this.b.load(IR.MEMW_64, IR.TY_I64, counter);
      this.b.store(IR.MEMW_64, this.b.add(n, this.b.const(IR.TY_I64, 1)), counter);
    }
    this.findBlocks();
    if (this.scanned.localloc) {
      const ts = this.env.dataAddress(this.b, THREAD_STATE);
      this.locallocMark = this.b.load(IR.MEMW_64, IR.TY_PTR, ts, IR.IR_NONE, 0, THREAD_LOCALLOC_TOP);
    }
    // The prologue ends once the body is imported: only a method that really calls others
    // (calls to empty methods are left out) checks the stack limit.
    const prologue = this.b.currentBlock;
    const entry = this.blockAt(0);
    entry.entry = [];
    this.enqueue(0);
    while (this.work.length) {
      const off = this.work.shift()!;
      this.importBlock(code, off);
    }
    this.b.setBlock(prologue);
    if (this.makesCalls) {
      // Deep recursion raises StackOverflowException before the guard page: compare this frame
      // (a local buffer's address) with the thread's stack limit (0 when unknown: never below);
      // the exception leaves the method.
      const b = this.b;
      const ts = this.env.dataAddress(b, THREAD_STATE);
      const limit = b.load(IR.MEMW_64, IR.TY_PTR, ts, IR.IR_NONE, 0, THREAD_STACK_LIMIT);
      const overflow = b.newBlock();
      const cont = b.newBlock(true);
      b.brcmp(IR.CC_LT_U, b.slotAddr(b.newSlot(8, 8)), limit, overflow, cont);
      b.setBlock(overflow);
      b.call(IR.CALLK_CELL, this.env.helperSymbol(Helper.ThrowStackOverflow), [], IR.TY_VOID);
      b.jump(this.exceptionExit());
      b.setBlock(cont);
    }
    this.b.jump(entry.ir);
    // Every endfinally returns through its clause's continuation switch.
    for (const f of this.finallies?.values() ?? []) {
      this.b.setBlock(f.ret);
      if (f.continuations.length === 0) this.b.unreachable();
      else this.b.switch(f.k, f.continuations[0]!, f.continuations);
    }
    for (const f of this.filters?.values() ?? []) {
      this.b.setBlock(f.ret);
      if (f.continuations.length === 0) this.b.unreachable();
      else this.b.switch(f.k, f.continuations[0]!, f.continuations);
    }
    // Blocks nobody reaches still need a terminator for the IR to be well formed.
    for (const info of this.blocks.values()) {
      if (!info.entry) {
        this.b.setBlock(info.ir);
        this.b.unreachable();
      }
    }
    const words = this.b.finish();
    // The IL → IR map is only wanted for debug images: made when asked for.
    const marks = this.ilMarks, b = this.b;
    let ilMap: { il: number; ir: number }[] | null = null;
    return {
      words,
      get ilMap() {
        if (!ilMap) {
          ilMap = [];
          for (let i = 0; i < marks.length; i += 3) ilMap.push({ il: marks[i]!, ir: b.instIndex([marks[i + 1]!, marks[i + 2]!]) });
          ilMap.sort((x, y) => x.il - y.il);
        }
        return ilMap;
      },
      callees: [...this.callees],
      ilBytes: this.body.codeSize,
    };
  }

  // ---- blocks --------------------------------------------------------------------------------
  /**
   * One pass over the IL before importing: where blocks start, which arguments and locals
   * have their address taken, and whether the method uses localloc.
   */
  private scan(code: ReturnType<typeof bodyCode>): Scan {
    const il = new ILReader(code);
    const len = code.length;
    if (startMarks.length < len) startMarks = new Uint8Array(Math.max(len, startMarks.length * 2));
    const marks = startMarks;
    // Targets outside the body (bad IL) are kept apart: their blocks fail when imported.
    const outside: number[] = [];
    const start = (off: number) => {
      if (off >= 0 && off < len) marks[off] = 1;
      else if (off !== len && !outside.includes(off)) outside.push(off);
    };
    start(0);
    let args: Set<number> | null = null;
    let locals: Set<number> | null = null;
    let localloc = false;
    let stored: Set<number> | null = null;
    try {
      while (il.next()) {
        const c = il.code;
        if (il.kind === OperandKind.ShortInlineBrTarget || il.kind === OperandKind.InlineBrTarget) {
          start(il.operand);
          start(il.pos);
        } else if (il.kind === OperandKind.InlineSwitch) {
          for (const t of il.targets) start(t);
          start(il.pos);
        } else if (c === Op.ret || c === Op.throw || c === Op.rethrow || c === Op.jmp || c === Op.endfinally || c === Op.endfilter) {
          if (il.pos < len) start(il.pos);
        } else if (c === Op.ldarga || c === Op.ldarga_s) (args ??= new Set()).add(il.operand);
        else if (c === Op.ldloca || c === Op.ldloca_s) (locals ??= new Set()).add(il.operand);
        else if (c === Op.localloc) localloc = true;
        else if (c === Op.starg || c === Op.starg_s) (stored ??= new Set()).add(il.operand);
      }
      for (const cl of this.body.exceptionClauses) {
        start(cl.tryOffset);
        start(cl.tryOffset + cl.tryLength);
        start(cl.handlerOffset);
        start(cl.handlerOffset + cl.handlerLength);
        if (cl.kind === ClauseKind.Filter) start(cl.filterOffset);
      }
    } catch (e) {
      // Bad IL: the marks are cleared for the next method.
      marks.fill(0, 0, len);
      throw e;
    }
    const starts: number[] = [];
    for (let off = 0; off < len; off++) {
      if (marks[off] === 1) {
        marks[off] = 0;
        starts.push(off);
      }
    }
    if (outside.length) {
      starts.push(...outside);
      starts.sort((a, b) => a - b);
    }
    return { starts, args, locals, localloc, stored };
  }

  private findBlocks(): void {
    for (const s of this.scanned.starts) this.blocks.set(s, { ir: this.b.newBlock(), entry: null, queued: false });
  }

  private blockAt(off: number): BlockInfo {
    const b = this.blocks.get(off);
    if (!b) throw this.unsupported(`branch to IL_${off.toString(16).padStart(4, "0")}, which does not start an instruction`);
    return b;
  }

  private enqueue(off: number): void {
    const info = this.blockAt(off);
    if (!info.queued) {
      info.queued = true;
      this.work.push(off);
    }
  }

  /** Copies the current stack into `off`'s canonical entry vregs (fixing them on first arrival). */
  private flowTo(off: number): Block {
    const info = this.blockAt(off);
    if (!info.entry) {
      info.entry = this.stack.map((e) => ({ v: this.b.newVreg(IRTY[e.k]!), k: e.k, t: e.t }));
    } else if (info.entry.length !== this.stack.length) {
      throw this.unsupported(`stack depth differs at IL_${off.toString(16).padStart(4, "0")} (${info.entry.length} vs ${this.stack.length})`);
    }
    // A parallel move: when an entry holds another slot's canonical vreg (a loop that reorders
    // its stack), the sources are read into temporaries before any canonical vreg is written.
    // (Most edges carry an empty stack.)
    if (this.stack.length > 0) {
      const canonical = new Set(info.entry.map((c) => c.v));
      const sources = this.stack.map((e, i) => {
        const c = info.entry![i]!;
        let v = e.v;
        if (c.k !== e.k) v = this.coerce(e, c.k).v;
        if (c.t !== e.t) c.t = null;
        return canonical.has(v) && v !== c.v ? this.b.mov(this.b.newVreg(this.b.typeOf(v)), v) : v;
      });
      sources.forEach((v, i) => {
        const c = info.entry![i]!.v;
        if (v !== c) this.b.mov(c, v);
      });
    }
    this.enqueue(off);
    return info.ir;
  }

  private importBlock(code: ReturnType<typeof bodyCode>, start: number): void {
    const info = this.blockAt(start);
    this.b.setBlock(info.ir);
    this.stack = info.entry!.map((e) => ({ ...e }));
    const il = new ILReader(code);
    il.pos = start;
    this.nextPrefix = null;
    while (il.next()) {
      if (il.offset !== start && this.blocks.has(il.offset)) {
        // Fell through into the next block.
        this.b.jump(this.flowTo(il.offset));
        return;
      }
      this.ilOffset = il.offset;
      if (this.env.debug) this.ilMarks.push(il.offset, this.b.currentBlock, this.b.currentIndex);
      this.prefix = this.nextPrefix;
      this.nextPrefix = null;
      if (this.instruction(il)) return;
    }
    throw this.unsupported("control falls off the end of the method");
  }

  // ---- types -----------------------------------------------------------------------------------
  private isStruct(t: TypeDesc): boolean {
    return (t.kind === Kind.ValueType && !this.isEnum(t)) || t.kind === Kind.TypedRef;
  }

  private isEnum(t: TypeDesc): boolean {
    if (t.kind !== Kind.ValueType) return false;
    const base = this.ts.baseType(t);
    return base !== null && base.module === this.ts.corlib && base.key === "[mscorlib]System.Enum";
  }

  /** An enum's underlying primitive; any other type unchanged. */
  private underlying(t: TypeDesc): TypeDesc {
    if (!this.isEnum(t)) return t;
    const f = this.ts.fieldsOf(t).find((x) => !x.isStatic);
    if (!f) throw this.unsupported(`enum ${t.key} has no value field`);
    return f.type;
  }

  private stackKind(t0: TypeDesc): SK {
    const t = this.underlying(t0);
    switch (t.kind) {
      case Kind.Boolean: case Kind.Char: case Kind.I1: case Kind.U1: case Kind.I2: case Kind.U2: case Kind.I4: case Kind.U4:
        return SK.I4;
      case Kind.I8: case Kind.U8:
        return SK.I8;
      case Kind.I: case Kind.U: case Kind.Ptr: case Kind.FnPtr:
        return SK.I;
      case Kind.R4:
        return SK.F4;
      case Kind.R8:
        return SK.F8;
      case Kind.ByRef:
        return SK.ByRef;
      case Kind.ValueType: case Kind.TypedRef:
        return SK.VT;
      case Kind.Var: case Kind.MVar:
        throw this.unsupported(`open generic type ${t.key}`);
      case Kind.Void:
        throw this.unsupported("void value");
      default:
        return SK.O;
    }
  }

  private irType(t: TypeDesc): number {
    return IRTY[this.stackKind(t)]!;
  }

  /** The memory width for loads and stores of a value of type `t` (not structs). */
  private memWidth(t0: TypeDesc): number {
    const t = this.underlying(t0);
    switch (t.kind) {
      case Kind.Boolean: case Kind.U1: return IR.MEMW_8;
      case Kind.I1: return IR.MEMW_S8;
      case Kind.Char: case Kind.U2: return IR.MEMW_16;
      case Kind.I2: return IR.MEMW_S16;
      case Kind.I4: case Kind.U4: return IR.MEMW_32;
      case Kind.R4: return IR.MEMW_F32;
      case Kind.R8: return IR.MEMW_F64;
      default: return IR.MEMW_64;
    }
  }

  // ---- stack -----------------------------------------------------------------------------------
  private push(v: VReg, k: SK, t: TypeDesc | null = null): void {
    this.stack.push({ v, k, t });
  }
  private pop(): Entry {
    const e = this.stack.pop();
    if (!e) throw this.unsupported("evaluation stack underflow");
    return e;
  }

  /** Converts a stack entry to another numeric kind where IL allows it implicitly. */
  private coerce(e: Entry, k: SK): Entry {
    if (e.k === k) return e;
    const b = this.b;
    if (k === SK.I || k === SK.ByRef || k === SK.I8) {
      if (e.k === SK.I4) return { v: b.conv(IR.CV_SEXT32, IRTY[k]!, e.v), k, t: null };
      if (e.k === SK.I || e.k === SK.ByRef || e.k === SK.I8 || e.k === SK.O) return { v: b.conv(IR.CV_WRAP, IRTY[k]!, e.v), k, t: e.t };
    }
    if (k === SK.I4 && (e.k === SK.I || e.k === SK.I8)) return { v: b.conv(IR.CV_WRAP, IR.TY_I32, e.v), k, t: null };
    if (k === SK.F8 && e.k === SK.F4) return { v: b.conv(IR.CV_F_TO_F, IR.TY_F64, e.v), k, t: null };
    if (k === SK.F4 && e.k === SK.F8) return { v: b.conv(IR.CV_F_TO_F, IR.TY_F32, e.v), k, t: null };
    if (k === SK.O && (e.k === SK.I || e.k === SK.ByRef)) return { v: b.conv(IR.CV_WRAP, IR.TY_REF, e.v), k, t: null };
    throw this.unsupported(`cannot use a ${skName(e.k)} as ${skName(k)}`);
  }

  /** The IR value to store to a home of type `t` (normalising small integers). */
  private valueFor(e: Entry, t: TypeDesc): VReg {
    const k = this.stackKind(t);
    const v = this.coerce(e, k).v;
    if (k !== SK.I4) return v;
    switch (this.underlying(t).kind) {
      case Kind.Boolean: case Kind.U1: return this.b.conv(IR.CV_ZEXT8, IR.TY_I32, v);
      case Kind.I1: return this.b.conv(IR.CV_SEXT8, IR.TY_I32, v);
      case Kind.Char: case Kind.U2: return this.b.conv(IR.CV_ZEXT16, IR.TY_I32, v);
      case Kind.I2: return this.b.conv(IR.CV_SEXT16, IR.TY_I32, v);
      default: return v;
    }
  }

  // ---- memory helpers ------------------------------------------------------------------------
  /** Pushes the value of type `t` stored at addr+disp. */
  private loadTo(addr: VReg, disp: number, t: TypeDesc): void {
    if (this.isStruct(t)) {
      const tmp = this.tempStruct(t);
      this.copy(tmp, addr, disp, t);
      this.push(tmp, SK.VT, t);
      return;
    }
    const k = this.stackKind(t);
    this.push(this.b.load(this.memWidth(t), IRTY[k]!, addr, IR.IR_NONE, 0, disp), k, k === SK.O ? t : null);
  }

  private storeTo(addr: VReg, disp: number, t: TypeDesc, e: Entry): void {
    if (this.isStruct(t)) {
      if (e.k !== SK.VT) throw this.unsupported(`storing a ${skName(e.k)} into a ${t.key}`);
      this.copy(addr, e.v, 0, t, disp);
      return;
    }
    this.b.store(this.memWidth(t), this.valueFor(e, t), addr, IR.IR_NONE, 0, disp);
  }

  private tempStruct(t: TypeDesc): VReg {
    const size = Math.max(this.env.layouts.sizeOf(t), 1);
    return this.b.slotAddr(this.b.newSlot(size, 8));
  }

  /** Copies a value of struct type `t` from src+srcDisp to dst+dstDisp. */
  private copy(dst: VReg, src: VReg, srcDisp: number, t: TypeDesc, dstDisp = 0): void {
    const size = this.env.layouts.sizeOf(t);
    let o = 0;
    for (; o + 8 <= size; o += 8) this.b.store(IR.MEMW_64, this.b.load(IR.MEMW_64, IR.TY_I64, src, IR.IR_NONE, 0, srcDisp + o), dst, IR.IR_NONE, 0, dstDisp + o);
    for (; o + 4 <= size; o += 4) this.b.store(IR.MEMW_32, this.b.load(IR.MEMW_32, IR.TY_I32, src, IR.IR_NONE, 0, srcDisp + o), dst, IR.IR_NONE, 0, dstDisp + o);
    for (; o + 2 <= size; o += 2) this.b.store(IR.MEMW_16, this.b.load(IR.MEMW_16, IR.TY_I32, src, IR.IR_NONE, 0, srcDisp + o), dst, IR.IR_NONE, 0, dstDisp + o);
    for (; o < size; o++) this.b.store(IR.MEMW_8, this.b.load(IR.MEMW_8, IR.TY_I32, src, IR.IR_NONE, 0, srcDisp + o), dst, IR.IR_NONE, 0, dstDisp + o);
  }

  private zero(addr: VReg, size: number, disp = 0): void {
    const z = this.b.const(IR.TY_I64, 0);
    let o = 0;
    for (; o + 8 <= size; o += 8) this.b.store(IR.MEMW_64, z, addr, IR.IR_NONE, 0, disp + o);
    const z32 = size - o > 0 ? this.b.const(IR.TY_I32, 0) : -1;
    for (; o + 4 <= size; o += 4) this.b.store(IR.MEMW_32, z32, addr, IR.IR_NONE, 0, disp + o);
    for (; o + 2 <= size; o += 2) this.b.store(IR.MEMW_16, z32, addr, IR.IR_NONE, 0, disp + o);
    for (; o < size; o++) this.b.store(IR.MEMW_8, z32, addr, IR.IR_NONE, 0, disp + o);
  }

  private homeAddr(h: Home): VReg {
    return h.addr >= 0 ? h.addr : this.b.slotAddr(h.slot);
  }

  /**
   * Pushes a local's or argument's value. A register home is pushed as is, without a copy:
   * storeHome copies the entries that still name it before it changes (most values are used
   * before their home is written again, so most copies never happen).
   */
  private loadHome(h: Home): void {
    if (h.v >= 0) {
      const k = this.stackKind(h.type);
      this.push(h.v, k, k === SK.O ? h.type : null);
    } else this.loadTo(this.homeAddr(h), 0, h.type);
  }

  private storeHome(h: Home, e: Entry): void {
    if (h.v < 0) {
      this.storeTo(this.homeAddr(h), 0, h.type, e);
      return;
    }
    const value = this.valueFor(e, h.type);
    // Values still on the stack that were read from this home keep the old value.
    for (const s of this.stack) if (s.v === h.v) s.v = this.b.mov(this.b.newVreg(this.b.typeOf(h.v)), h.v);
    if (value !== h.v) this.b.mov(h.v, value);
  }

  // ---- exceptions and checks ----------------------------------------------------------------
  /** The block every pending exception leaves through: returns to the caller, which checks. */
  private exceptionExit(): Block {
    if (this.excExit < 0) {
      const cur = this.b.currentBlock;
      this.excExit = this.b.newBlock();
      this.b.setBlock(this.excExit);
      const rt = this.b.retType;
      this.releaseLocalloc();
      if (rt === IR.TY_VOID) this.b.ret();
      else this.b.ret(this.b.const(rt, 0));
      this.b.setBlock(cur);
    }
    return this.excExit;
  }

  /** After a call or helper that may raise: go to the dispatch chain if an exception is pending. */
  private checkPending(): void {
    const ts = this.env.dataAddress(this.b, THREAD_STATE);
    const p = this.b.load(IR.MEMW_64, IR.TY_PTR, ts, IR.IR_NONE, 0, THREAD_PENDING_EXCEPTION);
    const cont = this.b.newBlock(true);
    this.b.brcmp(IR.CC_NE, p, this.b.const(IR.TY_PTR, 0), this.dispatch(), cont);
    this.b.setBlock(cont);
  }

  /** Clauses whose try block covers IL offset `at`, innermost (table order) first. */
  private covering(at: number): number[] {
    const out: number[] = [];
    this.body.exceptionClauses.forEach((c, i) => {
      if (at >= c.tryOffset && at < c.tryOffset + c.tryLength) out.push(i);
    });
    return out;
  }

  /** The block that handles an exception pending at the current instruction. */
  private dispatch(at = this.ilOffset): Block {
    return this.chain(this.covering(at));
  }

  private clearPending(): void {
    this.b.store(IR.MEMW_64, this.b.const(IR.TY_PTR, 0), this.env.dataAddress(this.b, THREAD_STATE), IR.IR_NONE, 0, THREAD_PENDING_EXCEPTION);
  }

  /** The dispatch chain visiting `clauses` in order, then leaving the method. */
  private chain(clauses: number[]): Block {
    if (clauses.length === 0) return this.exceptionExit();
    // With a filter among them, the filters must run before the finally blocks they enclose.
    if (clauses.some((i) => this.body.exceptionClauses[i]!.kind === ClauseKind.Filter)) return this.search(clauses, 0);
    return this.dispatchBlock(clauses.join(","), (start) => {
      const b = this.b;
      const rest = this.chain(clauses.slice(1));
      const clause = this.body.exceptionClauses[clauses[0]!]!;
      b.setBlock(start);
      const ex = this.pendingException();
      if (clause.kind === ClauseKind.Catch) {
        const take = b.newBlock();
        this.catchTest(clause.classToken, ex, take, rest);
        b.setBlock(take);
        this.enterHandler(clauses[0]!, ex);
      } else {
        // finally / fault: run it with the exception set aside, then put it back and go on.
        this.runAside(this.finallyInfo(clauses[0]!), clause.handlerOffset, ex, () => []);
        b.jump(rest);
      }
    });
  }

  /**
   * First pass over `clauses` from index `i`: catch type tests and filters in order (finally
   * and fault clauses are skipped); the first that takes the exception continues with
   * unwind(clauses, that index), none with unwind(clauses, clauses.length). The exception
   * stays pending throughout, except while a filter runs.
   */
  private search(clauses: number[], i: number): Block {
    if (i === clauses.length) return this.unwind(clauses, i);
    const clause = this.body.exceptionClauses[clauses[i]!]!;
    if (clause.kind === ClauseKind.Finally || clause.kind === ClauseKind.Fault) return this.search(clauses, i + 1);
    return this.dispatchBlock(`S${clauses.join(",")}@${i}`, (start) => {
      const b = this.b;
      const next = this.search(clauses, i + 1);
      const take = this.unwind(clauses, i);
      b.setBlock(start);
      const ex = this.pendingException();
      if (clause.kind === ClauseKind.Catch) this.catchTest(clause.classToken, ex, take, next);
      else {
        // The filter runs like ordinary code (its own calls check for exceptions), so nothing
        // may be pending meanwhile; its verdict comes back through its continuation switch.
        const f = this.filterInfo(clauses[i]!);
        this.runAside(f, clause.filterOffset, ex, (saved) => [{ v: saved, k: SK.O, t: null }]);
        b.brcmp(IR.CC_NE, f.result, b.const(IR.TY_I32, 0), take, next);
      }
    });
  }

  /**
   * Second pass: the finally and fault blocks of clauses[0 … k-1] in order, then the handler
   * of clauses[k] takes the exception (k = clauses.length: the method is left with it pending).
   */
  private unwind(clauses: number[], k: number): Block {
    return this.dispatchBlock(`U${clauses.join(",")}@${k}`, (start) => {
      const b = this.b;
      b.setBlock(start);
      for (let j = 0; j < k; j++) {
        const c = this.body.exceptionClauses[clauses[j]!]!;
        if (c.kind !== ClauseKind.Finally && c.kind !== ClauseKind.Fault) continue;
        this.runAside(this.finallyInfo(clauses[j]!), c.handlerOffset, this.pendingException(), () => []);
      }
      if (k === clauses.length) b.jump(this.exceptionExit());
      else this.enterHandler(clauses[k]!, this.pendingException());
    });
  }

  /**
   * The block `key` of the dispatch code, made once: `build` fills it (and whatever it needs)
   * from its start block; the block and evaluation stack current before are restored after.
   */
  private dispatchBlock(key: string, build: (start: Block) => void): Block {
    const known = this.dispatchBlocks.get(key);
    if (known !== undefined) return known;
    const b = this.b;
    const cur = b.currentBlock;
    const savedStack = this.stack;
    const start = b.newBlock();
    this.dispatchBlocks.set(key, start);
    build(start);
    this.stack = savedStack;
    b.setBlock(cur);
    return start;
  }

  /** The exception pending in the thread state (a fresh load). */
  private pendingException(): VReg {
    return this.b.load(IR.MEMW_64, IR.TY_REF, this.env.dataAddress(this.b, THREAD_STATE), IR.IR_NONE, 0, THREAD_PENDING_EXCEPTION);
  }

  /** Branches to `take` when `ex` is an instance of the catch clause's type, else to `next`. */
  private catchTest(classToken: number, ex: VReg, take: Block, next: Block): void {
    const b = this.b;
    const type = this.ts.typeFromToken(this.md.module, classToken, this.gctx);
    const mt = this.env.dataAddress(b, { kind: "methodTable", type });
    const hit = b.call(IR.CALLK_CELL, this.env.helperSymbol(Helper.IsInstanceOf), [mt, ex], IR.TY_REF);
    b.brcmp(IR.CC_NE, hit, b.const(IR.TY_REF, 0), take, next);
  }

  /** The handler of clause `ci` takes exception `ex`: nothing pending, `ex` its stack. */
  private enterHandler(ci: number, ex: VReg): void {
    const c = this.body.exceptionClauses[ci]!;
    this.clearPending();
    this.b.mov(this.caughtVreg(ci), ex);
    const type = c.kind === ClauseKind.Catch ? this.ts.typeFromToken(this.md.module, c.classToken, this.gctx) : null;
    this.stack = [{ v: ex, k: SK.O, t: type }];
    this.b.jump(this.flowTo(c.handlerOffset));
  }

  /**
   * Runs a finally, fault or filter body out of line with `ex` set aside (nothing pending while
   * it runs): entered through its continuation switch with `stack(saved)` as its stack, and
   * when it comes back the exception is pending again. Code goes on in the resume block.
   */
  private runAside(f: { k: VReg; continuations: Block[] }, offset: number, ex: VReg, stack: (saved: VReg) => Entry[]): void {
    const b = this.b;
    const saved = b.mov(b.newVreg(IR.TY_REF), ex);
    this.clearPending();
    const resume = b.newBlock();
    b.constInto(f.k, f.continuations.length);
    f.continuations.push(resume);
    this.stack = stack(saved);
    b.jump(this.flowTo(offset));
    b.setBlock(resume);
    b.store(IR.MEMW_64, b.conv(IR.CV_WRAP, IR.TY_PTR, saved), this.env.dataAddress(b, THREAD_STATE), IR.IR_NONE, 0, THREAD_PENDING_EXCEPTION);
  }

  private filterInfo(clause: number): FilterInfo {
    let f = (this.filters ??= new Map()).get(clause);
    if (!f) {
      f = { k: this.b.newVreg(IR.TY_I32), result: this.b.newVreg(IR.TY_I32), ret: this.b.newBlock(), continuations: [] };
      this.filters.set(clause, f);
    }
    return f;
  }

  private caughtVreg(clause: number): VReg {
    let v = (this.caught ??= new Map()).get(clause);
    if (v === undefined) {
      v = this.b.newVreg(IR.TY_REF);
      this.caught.set(clause, v);
    }
    return v;
  }

  private finallyInfo(clause: number): FinallyInfo {
    let f = (this.finallies ??= new Map()).get(clause);
    if (!f) {
      f = { k: this.b.newVreg(IR.TY_I32), ret: this.b.newBlock(), continuations: [] };
      this.finallies.set(clause, f);
    }
    return f;
  }

  /** The clause of one of `kinds` whose handler contains `at` (innermost), or -1. */
  private handlerClauseAt(at: number, kinds: readonly number[]): number {
    let best = -1;
    this.body.exceptionClauses.forEach((c, i) => {
      if (kinds.includes(c.kind) && at >= c.handlerOffset && at < c.handlerOffset + c.handlerLength) {
        if (best < 0 || c.handlerLength < this.body.exceptionClauses[best]!.handlerLength) best = i;
      }
    });
    return best;
  }

  /** `leave target`: runs the finally blocks it crosses, innermost first, then goes on at target. */
  private leave(target: number): void {
    const b = this.b;
    this.stack = [];
    const at = this.ilOffset;
    const inTry = (c: { tryOffset: number; tryLength: number }, x: number) => x >= c.tryOffset && x < c.tryOffset + c.tryLength;
    const inHandler = (c: { handlerOffset: number; handlerLength: number }, x: number) => x >= c.handlerOffset && x < c.handlerOffset + c.handlerLength;
    this.body.exceptionClauses.forEach((c, i) => {
      // A finally runs when the leave exits its try block; leaving its handler runs nothing.
      if (c.kind !== ClauseKind.Finally || !inTry(c, at) || inTry(c, target) || inHandler(c, target)) return;
      const f = this.finallyInfo(i);
      const next = b.newBlock();
      b.constInto(f.k, f.continuations.length);
      f.continuations.push(next);
      b.jump(this.flowTo(c.handlerOffset));
      b.setBlock(next);
    });
    b.jump(this.flowTo(target));
  }

  /** A block that raises a runtime exception through `h` and dispatches it from here. */
  private throwBlock(h: Helper): Block {
    const target = this.dispatch();
    const key = `${h}@${target}`;
    let blk = this.throwBlocks.get(key);
    if (blk === undefined) {
      const cur = this.b.currentBlock;
      blk = this.b.newBlock();
      this.b.setBlock(blk);
      this.b.call(IR.CALLK_CELL, this.env.helperSymbol(h), [], IR.TY_VOID);
      this.b.jump(target);
      this.b.setBlock(cur);
      this.throwBlocks.set(key, blk);
    }
    return blk;
  }

  /** Raises `h` when `a cc b`. */
  private checkThrow(cc: number, a: VReg, b: VReg, h: Helper): void {
    const cont = this.b.newBlock(true);
    this.b.brcmp(cc, a, b, this.throwBlock(h), cont);
    this.b.setBlock(cont);
  }

  /**
   * NullReferenceException when `v` is null; `src` is the reference `v` was converted from.
   * Nothing to test for values known not to be null: `this` of a class's method (callers test
   * before calling; never stored to) and fresh allocations.
   */
  private nullCheck(v: VReg, src: VReg = v): void {
    if (this.nonNull.has(src) || this.nonNull.has(v)) return;
    this.checkThrow(IR.CC_EQ, v, this.b.const(this.b.typeOf(v), 0), Helper.ThrowNullReference);
  }

  private callHelper(h: Helper, args: VReg[], ret: number): VReg {
    const r = this.b.call(IR.CALLK_CELL, this.env.helperSymbol(h), args, ret);
    this.checkPending();
    return r;
  }

  // ---- instructions ----------------------------------------------------------------------------
  /**
   * Imports one instruction; returns true when it ended the block. Dispatches through a table
   * of small handlers (one per opcode family) rather than one large switch: a rare opcode that
   * first appears late then disturbs only its own handler's optimised code.
   */
  private instruction(il: ILReader): boolean {
    return Importer.handlers[il.code]!.call(this, il, il.code);
  }

  // ---- instruction handlers (see HANDLERS) ---------------------------------------------------
  private opNop(): boolean {
    return false;
  }
  /** The argument or local an ldarg/starg/ldarga/ldloc/stloc/ldloca names (see VAR_INDEX). */
  private varHome(il: ILReader, c: number): Home {
    const fixed = VAR_INDEX[c]!;
    const i = fixed >= 0 ? fixed : il.operand;
    return VAR_IS_ARG[c] ? this.arg(i) : this.local(i);
  }
  private opLoadVar(il: ILReader, c: number): boolean {
    this.loadHome(this.varHome(il, c));
    return false;
  }
  private opStoreVar(il: ILReader, c: number): boolean {
    this.storeHome(this.varHome(il, c), this.pop());
    return false;
  }
  private opVarAddress(il: ILReader, c: number): boolean {
    const h = this.varHome(il, c);
    this.push(this.homeAddr(h), SK.ByRef, h.type);
    return false;
  }
  private opLdnull(): boolean {
    this.push(this.b.const(IR.TY_REF, 0), SK.O);
    return false;
  }
  private opLdcI4N(il: ILReader, c: number): boolean {
    this.push(this.b.const(IR.TY_I32, c - Op.ldc_i4_0), SK.I4);
    return false;
  }
  private opLdcI4(il: ILReader): boolean {
    this.push(this.b.const(IR.TY_I32, il.operand), SK.I4);
    return false;
  }
  private opLdcI8(il: ILReader): boolean {
    this.push(this.b.const(IR.TY_I64, il.operandI8), SK.I8);
    return false;
  }
  private opLdcR4(il: ILReader): boolean {
    this.push(this.b.const(IR.TY_F32, il.operandReal), SK.F4);
    return false;
  }
  private opLdcR8(il: ILReader): boolean {
    const v = this.b.const(IR.TY_F64, il.operandReal);
    (this.literals ??= new Map()).set(v, il.operandReal);
    this.push(v, SK.F8);
    return false;
  }
  private opLdstr(il: ILReader): boolean {
    const b = this.b;
    this.push(b.load(IR.MEMW_64, IR.TY_REF, this.env.dataAddress(b, { kind: "string", module: this.ilModule, token: il.operand })), SK.O, this.ts.primitive(Kind.String));
    return false;
  }
  private opDup(): boolean {
    const b = this.b;
    const e = this.pop();
    this.stack.push(e);
    if (e.k === SK.VT) {
      const t = this.tempStruct(e.t!);
      this.copy(t, e.v, 0, e.t!);
      this.push(t, SK.VT, e.t);
    } else {
      const copy = b.mov(b.newVreg(IRTY[e.k]!), e.v);
      if (this.nonNull.has(e.v)) this.nonNull.add(copy);
      this.push(copy, e.k, e.t);
    }
    return false;
  }
  private opPop(): boolean {
    this.pop();
    return false;
  }
  private opArith(il: ILReader, c: number): boolean {
    this.arith(c);
    return false;
  }
  private opShift(il: ILReader, c: number): boolean {
    this.shift(c);
    return false;
  }
  private opCheckedArith(il: ILReader, c: number): boolean {
    this.checkedArith(c);
    return false;
  }
  private opUnary(il: ILReader, c: number): boolean {
    const e = this.pop();
    this.push(this.b.unary(c === Op.neg ? IR.OP_NEG : IR.OP_NOT, e.v), e.k);
    return false;
  }
  private opConv(il: ILReader, c: number): boolean {
    const [to, ext, signed] = CONV[c]!;
    this.conv(to, ext, signed);
    return false;
  }
  private opConvFloat(il: ILReader, c: number): boolean {
    this.convFloat(c === Op.conv_r4 ? SK.F4 : SK.F8, c === Op.conv_r_un);
    return false;
  }
  private opConvOvf(il: ILReader, c: number): boolean {
    const [target, to, unsignedSource] = CONV_OVF[c]!;
    this.convOvf(target, to, unsignedSource);
    return false;
  }
  private opCompare(il: ILReader, c: number): boolean {
    const cc = COMPARE[c]!;
    this.compare(cc, cc);
    return false;
  }
  private opBr(il: ILReader): boolean {
    this.b.jump(this.flowTo(il.operand));
    return true;
  }
  private opBrBool(il: ILReader, c: number): boolean {
    const b = this.b;
    const e = this.pop();
    const isTrue = c === Op.brtrue || c === Op.brtrue_s;
    const taken = this.flowTo(il.operand);
    const next = this.flowTo(il.pos);
    const zero = b.const(IRTY[e.k]!, 0);
    b.brcmp(isTrue ? IR.CC_NE : IR.CC_EQ, e.v, zero, taken, next);
    return true;
  }
  private opCondBranch(il: ILReader, c: number): boolean {
    const cc = COND_BRANCH[c]!;
    return this.condBranch(il, cc, cc);
  }
  private opSwitch(il: ILReader): boolean {
    const idx = this.coerce(this.pop(), SK.I4).v;
    const targets = Array.from(il.targets, (t) => this.flowTo(t));
    this.b.switch(idx, this.flowTo(il.pos), targets);
    return true;
  }
  private opRet(): boolean {
    const b = this.b;
    const rt = this.md.sig.returnType;
    this.releaseLocalloc();
    if (rt.kind === Kind.Void) b.ret();
    else if (this.retBuf >= 0) {
      this.storeTo(this.retBuf, 0, rt, this.pop());
      b.ret();
    } else b.ret(this.valueFor(this.pop(), rt));
    if (this.stack.length) throw this.unsupported("ret with a non-empty evaluation stack");
    return true;
  }
  private opCall(il: ILReader, c: number): boolean {
    const target = this.ts.methodFromToken(this.ilModule, il.operand, this.ilGctx);
    if (c === Op.newobj) this.newobj(target);
    else this.call(target, c === Op.callvirt, this.prefix);
    return false;
  }
  private opConstrained(il: ILReader): boolean {
    const t = this.ts.typeFromToken(this.ilModule, il.operand, this.ilGctx);
    if (this.inlining > 0) throw this.unsupported("prefix in an inlined body");
    this.nextPrefix = t;
    return false;
  }
  private opInstanceField(il: ILReader, c: number): boolean {
    this.instanceField(c, this.ts.fieldFromToken(this.ilModule, il.operand, this.ilGctx));
    return false;
  }
  private opStaticField(il: ILReader, c: number): boolean {
    this.staticField(c, this.ts.fieldFromToken(this.ilModule, il.operand, this.ilGctx));
    return false;
  }
  private opLdind(il: ILReader, c: number): boolean {
    return this.ldind(LDIND[c]!);
  }
  private opStind(il: ILReader, c: number): boolean {
    return this.stind(STIND[c]!);
  }
  private tokenType(il: ILReader): TypeDesc {
    return this.ts.typeFromToken(this.ilModule, il.operand, this.ilGctx);
  }
  private opLdobj(il: ILReader): boolean {
    const t = this.tokenType(il);
    const a = this.pop();
    this.loadTo(this.addrOf(a), 0, t);
    return false;
  }
  private opStobj(il: ILReader): boolean {
    const t = this.tokenType(il);
    const v = this.pop();
    const a = this.pop();
    this.storeTo(this.addrOf(a), 0, t, v);
    return false;
  }
  private opCpobj(il: ILReader): boolean {
    const t = this.tokenType(il);
    const src = this.pop();
    const dst = this.pop();
    this.loadTo(this.addrOf(src), 0, t);
    this.storeTo(this.addrOf(dst), 0, t, this.pop());
    return false;
  }
  private opInitobj(il: ILReader): boolean {
    const b = this.b;
    const t = this.tokenType(il);
    const a = this.addrOf(this.pop());
    if (this.isStruct(t)) this.zero(a, this.env.layouts.sizeOf(t));
    else b.store(this.memWidth(t), b.const(this.irType(t), 0), a);
    return false;
  }
  private opLdtoken(il: ILReader): boolean {
    this.ldtoken(il.operand);
    return false;
  }
  private opLocalloc(): boolean {
    this.localloc();
    return false;
  }
  private opLdftn(il: ILReader): boolean {
    const target = this.ts.methodFromToken(this.ilModule, il.operand, this.ilGctx);
    this.push(this.codeAddress(target), SK.I);
    return false;
  }
  private opLdvirtftn(il: ILReader): boolean {
    const b = this.b;
    const target = this.ts.methodFromToken(this.ilModule, il.operand, this.ilGctx);
    const o = this.pop();
    this.nullCheck(o.v);
    if (!target.isVirtual || target.isFinal) {
      this.push(this.codeAddress(target), SK.I);
    } else if (target.methodArgs.length > 0) {
      if (!this.env.methodHandle) throw this.unsupported(`ldvirtftn of generic virtual method ${target.fullName}`);
      this.push(this.callHelper(Helper.GenericVirtualLookup, [o.v, this.env.methodHandle(b, target)], IR.TY_PTR), SK.I);
    } else if (target.owner.isInterface) {
      const iface = this.env.dataAddress(b, { kind: "methodTable", type: target.owner });
      const index = this.ts.methodsOf(target.owner).indexOf(target);
      this.push(this.callHelper(Helper.InterfaceLookup, [o.v, iface, b.const(IR.TY_I32, index)], IR.TY_PTR), SK.I);
    } else {
      const mt = b.load(IR.MEMW_64, IR.TY_PTR, b.conv(IR.CV_WRAP, IR.TY_PTR, o.v));
      this.push(b.load(IR.MEMW_64, IR.TY_PTR, mt, IR.IR_NONE, 0, this.env.vtableOffset + this.env.vtables.slot(target) * 8), SK.I);
    }
    return false;
  }
  private opSizeof(il: ILReader): boolean {
    this.push(this.b.const(IR.TY_I32, this.env.layouts.sizeOf(this.tokenType(il))), SK.I4);
    return false;
  }
  private opNewarr(il: ILReader): boolean {
    this.newarr(this.tokenType(il));
    return false;
  }
  private opLdlen(): boolean {
    const a = this.pop();
    this.nullCheck(a.v);
    this.push(this.b.load(IR.MEMW_64, IR.TY_PTR, a.v, IR.IR_NONE, 0, ARRAY_LENGTH_OFFSET), SK.I);
    return false;
  }
  private opLdelem(il: ILReader, c: number): boolean {
    const k = ELEM_KIND[c]!;
    return this.ldelem(k === ELEM_REF ? null : k === ELEM_TOKEN ? this.tokenType(il) : this.ts.primitive(k));
  }
  private opStelem(il: ILReader, c: number): boolean {
    const k = ELEM_KIND[c]!;
    return this.stelem(k === ELEM_REF ? null : k === ELEM_TOKEN ? this.tokenType(il) : this.ts.primitive(k));
  }
  private opLdelema(il: ILReader): boolean {
    const t = this.tokenType(il);
    const idx = this.pop();
    const arr = this.pop();
    this.push(this.elementAddress(arr, idx, t), SK.ByRef, t);
    return false;
  }
  private opBox(il: ILReader): boolean {
    this.box(this.tokenType(il));
    return false;
  }
  private opUnbox(il: ILReader, c: number): boolean {
    this.unbox(this.tokenType(il), c === Op.unbox_any);
    return false;
  }
  private opCast(il: ILReader, c: number): boolean {
    const t = this.tokenType(il);
    const o = this.pop();
    const mt = this.env.dataAddress(this.b, { kind: "methodTable", type: this.boxedForm(t) });
    const r = this.callHelper(c === Op.isinst ? Helper.IsInstanceOf : Helper.CastClass, [mt, o.v], IR.TY_REF);
    this.push(r, SK.O, t);
    return false;
  }
  private opThrow(): boolean {
    const b = this.b;
    const o = this.pop();
    this.nullCheck(o.v);
    b.call(IR.CALLK_CELL, this.env.helperSymbol(Helper.Throw), [o.v], IR.TY_VOID);
    b.jump(this.dispatch());
    return true;
  }
  private opRethrow(il: ILReader): boolean {
    const b = this.b;
    const clause = this.handlerClauseAt(il.offset, [ClauseKind.Catch, ClauseKind.Filter]);
    if (clause < 0) throw this.unsupported("rethrow outside a catch handler");
    b.call(IR.CALLK_CELL, this.env.helperSymbol(Helper.Throw), [this.caughtVreg(clause)], IR.TY_VOID);
    b.jump(this.dispatch());
    return true;
  }
  private opLeave(il: ILReader): boolean {
    this.leave(il.operand);
    return true;
  }
  private opEndfilter(il: ILReader): boolean {
    // The innermost filter block containing this instruction (it lies before its handler).
    let clause = -1;
    this.body.exceptionClauses.forEach((cl, i) => {
      if (cl.kind === ClauseKind.Filter && il.offset >= cl.filterOffset && il.offset < cl.handlerOffset) {
        if (clause < 0 || cl.filterOffset > this.body.exceptionClauses[clause]!.filterOffset) clause = i;
      }
    });
    if (clause < 0) throw this.unsupported("endfilter outside a filter block");
    const f = this.filterInfo(clause);
    this.b.mov(f.result, this.coerce(this.pop(), SK.I4).v);
    this.stack = [];
    this.b.jump(f.ret);
    return true;
  }
  private opEndfinally(il: ILReader): boolean {
    const clause = this.handlerClauseAt(il.offset, [ClauseKind.Finally, ClauseKind.Fault]);
    if (clause < 0) throw this.unsupported("endfinally outside a finally or fault handler");
    this.stack = [];
    this.b.jump(this.finallyInfo(clause).ret);
    return true;
  }
  private opUnsupported(il: ILReader): boolean {
    throw this.unsupported(`opcode ${il.name}`);
  }

  /** Opcode → handler (the importer's instruction dispatch). */
  static readonly handlers: ((this: Importer, il: ILReader, c: number) => boolean)[] = (() => {
    const p = Importer.prototype;
    const t = new Array<(this: Importer, il: ILReader, c: number) => boolean>(0x200).fill(p.opUnsupported);
    const on = (h: (this: Importer, il: ILReader, c: number) => boolean, ...ops: number[]) => {
      for (const o of ops) t[o] = h;
    };
    on(p.opNop, Op.nop, Op.break, Op.readonly, Op.volatile, Op.unaligned, Op.tail);
    for (const c of VAR_USE.keys()) {
      const use = VAR_USE[c];
      if (use !== undefined) on(use === VarUse.Load ? p.opLoadVar : use === VarUse.Store ? p.opStoreVar : p.opVarAddress, c);
    }
    on(p.opLdnull, Op.ldnull);
    on(p.opLdcI4N, Op.ldc_i4_m1, Op.ldc_i4_0, Op.ldc_i4_1, Op.ldc_i4_2, Op.ldc_i4_3, Op.ldc_i4_4, Op.ldc_i4_5, Op.ldc_i4_6, Op.ldc_i4_7, Op.ldc_i4_8);
    on(p.opLdcI4, Op.ldc_i4_s, Op.ldc_i4);
    on(p.opLdcI8, Op.ldc_i8);
    on(p.opLdcR4, Op.ldc_r4);
    on(p.opLdcR8, Op.ldc_r8);
    on(p.opLdstr, Op.ldstr);
    on(p.opDup, Op.dup);
    on(p.opPop, Op.pop);
    on(p.opArith, Op.add, Op.sub, Op.mul, Op.div, Op.div_un, Op.rem, Op.rem_un, Op.and, Op.or, Op.xor);
    on(p.opShift, Op.shl, Op.shr, Op.shr_un);
    on(p.opCheckedArith, Op.add_ovf, Op.add_ovf_un, Op.sub_ovf, Op.sub_ovf_un, Op.mul_ovf, Op.mul_ovf_un);
    on(p.opUnary, Op.neg, Op.not);
    for (const c of CONV.keys()) if (CONV[c]) on(p.opConv, c);
    on(p.opConvFloat, Op.conv_r4, Op.conv_r8, Op.conv_r_un);
    for (const c of CONV_OVF.keys()) if (CONV_OVF[c]) on(p.opConvOvf, c);
    for (const c of COMPARE.keys()) if (COMPARE[c] !== undefined) on(p.opCompare, c);
    on(p.opBr, Op.br_s, Op.br);
    on(p.opBrBool, Op.brfalse_s, Op.brfalse, Op.brtrue_s, Op.brtrue);
    for (const c of COND_BRANCH.keys()) if (COND_BRANCH[c] !== undefined) on(p.opCondBranch, c);
    on(p.opSwitch, Op.switch);
    on(p.opRet, Op.ret);
    on(p.opCall, Op.call, Op.callvirt, Op.newobj);
    on(p.opConstrained, Op.constrained);
    on(p.opInstanceField, Op.ldfld, Op.ldflda, Op.stfld);
    on(p.opStaticField, Op.ldsfld, Op.ldsflda, Op.stsfld);
    for (const c of LDIND.keys()) if (LDIND[c] !== undefined) on(p.opLdind, c);
    for (const c of STIND.keys()) if (STIND[c] !== undefined) on(p.opStind, c);
    on(p.opLdobj, Op.ldobj);
    on(p.opStobj, Op.stobj);
    on(p.opCpobj, Op.cpobj);
    on(p.opInitobj, Op.initobj);
    on(p.opLdtoken, Op.ldtoken);
    on(p.opLocalloc, Op.localloc);
    on(p.opLdftn, Op.ldftn);
    on(p.opLdvirtftn, Op.ldvirtftn);
    on(p.opSizeof, Op.sizeof);
    on(p.opNewarr, Op.newarr);
    on(p.opLdlen, Op.ldlen);
    on(p.opLdelem, Op.ldelem_i1, Op.ldelem_u1, Op.ldelem_i2, Op.ldelem_u2, Op.ldelem_i4, Op.ldelem_u4, Op.ldelem_i8, Op.ldelem_i, Op.ldelem_r4, Op.ldelem_r8, Op.ldelem_ref, Op.ldelem);
    on(p.opStelem, Op.stelem_i1, Op.stelem_i2, Op.stelem_i4, Op.stelem_i8, Op.stelem_i, Op.stelem_r4, Op.stelem_r8, Op.stelem_ref, Op.stelem);
    on(p.opLdelema, Op.ldelema);
    on(p.opBox, Op.box);
    on(p.opUnbox, Op.unbox, Op.unbox_any);
    on(p.opCast, Op.castclass, Op.isinst);
    on(p.opThrow, Op.throw);
    on(p.opRethrow, Op.rethrow);
    on(p.opLeave, Op.leave_s, Op.leave);
    on(p.opEndfilter, Op.endfilter);
    on(p.opEndfinally, Op.endfinally);
    return t;
  })();

  private arg(i: number): Home {
    const h = this.args[i];
    if (!h) throw this.unsupported(`argument ${i} does not exist`);
    return h;
  }
  private local(i: number): Home {
    const h = this.locals[i];
    if (!h) throw this.unsupported(`local ${i} does not exist`);
    return h;
  }

  /** An address from a byref, native int, pointer, or an object reference (for fields). */
  private addrOf(e: Entry): VReg {
    if (e.k === SK.ByRef || e.k === SK.I || e.k === SK.VT) return e.v;
    if (e.k === SK.O) return this.b.conv(IR.CV_WRAP, IR.TY_PTR, e.v);
    throw this.unsupported(`a ${skName(e.k)} used as an address`);
  }

  // ---- arithmetic --------------------------------------------------------------------------------
  /** Brings two numeric operands to one kind (ECMA-335 III.1.5 table). */
  private binaryOperands(): [Entry, Entry, SK] {
    let y = this.pop();
    let x = this.pop();
    let k: SK;
    if (x.k === y.k) k = x.k === SK.ByRef ? SK.I : x.k;
    else if ((x.k === SK.F4 || x.k === SK.F8) && (y.k === SK.F4 || y.k === SK.F8)) k = SK.F8;
    else if (x.k === SK.ByRef || y.k === SK.ByRef) k = SK.ByRef;
    else if (x.k === SK.I || y.k === SK.I) k = SK.I;
    else if (x.k === SK.O || y.k === SK.O) k = SK.I;
    else throw this.unsupported(`arithmetic on ${skName(x.k)} and ${skName(y.k)}`);
    x = this.coerce(x, k === SK.ByRef ? (x.k === SK.ByRef ? SK.ByRef : SK.I) : k);
    y = this.coerce(y, k === SK.ByRef ? (y.k === SK.ByRef ? SK.ByRef : SK.I) : k);
    if (k === SK.ByRef) {
      x = { ...x, v: this.b.conv(IR.CV_WRAP, IR.TY_PTR, x.v) };
      y = { ...y, v: this.b.conv(IR.CV_WRAP, IR.TY_PTR, y.v) };
    }
    return [x, y, k];
  }

  private arith(c: number): void {
    const bothByRef = this.stack.length >= 2 && this.stack[this.stack.length - 1]!.k === SK.ByRef && this.stack[this.stack.length - 2]!.k === SK.ByRef;
    const [x, y, k0] = this.binaryOperands();
    const b = this.b;
    const isFloat = k0 === SK.F4 || k0 === SK.F8;
    const op = ARITH_OPS[c]!;
    // byref - byref is a native int; byref +/- int stays a byref.
    const k = bothByRef && c === Op.sub ? SK.I : k0;
    if (isFloat && op === IR.OP_REM) {
      // IEEE has no remainder instruction here: C's fmod (the core library's Math.FMod, exact,
      // so float32 operands give the same result through float64).
      const fmod = this.ts.methodsOf(this.ts.corlibType("System", "Math")).find((m) => m.name === "FMod" && m.sig.params.length === 2);
      if (!fmod) throw this.unsupported("floating-point remainder (the core library has no Math.FMod)");
      const wide = (v: VReg) => (k0 === SK.F4 ? b.conv(IR.CV_F_TO_F, IR.TY_F64, v) : v);
      this.callees.add(fmod);
      const r = b.call(IR.CALLK_CELL, this.env.methodSymbol(fmod), [wide(x.v), wide(y.v)], IR.TY_F64);
      this.push(k0 === SK.F4 ? b.conv(IR.CV_F_TO_F, IR.TY_F32, r) : r, k0);
      return;
    }
    if (!isFloat && (op === IR.OP_DIV || op === IR.OP_DIV_U || op === IR.OP_REM || op === IR.OP_REM_U)) {
      // DivideByZeroException for a zero divisor; OverflowException for MIN / -1 and, as Mono
      // does, MIN % -1 (x86's idiv would fault on both); other -1 divisors skip the instruction.
      const ty = b.typeOf(y.v);
      this.checkThrow(IR.CC_EQ, y.v, b.const(ty, 0), Helper.ThrowDivideByZero);
      if (op === IR.OP_DIV || op === IR.OP_REM) {
        const minusOne = b.const(ty, -1);
        const normal = b.newBlock();
        const special = b.newBlock();
        const join = b.newBlock();
        const dst = b.newVreg(ty);
        b.brcmp(IR.CC_EQ, y.v, minusOne, special, normal);
        b.setBlock(special);
        if (op === IR.OP_DIV) {
          const min = b.const(ty, ty === IR.TY_I32 ? -0x80000000 : -(1n << 63n));
          const ok = b.newBlock();
          b.brcmp(IR.CC_EQ, x.v, min, this.throwBlock(Helper.ThrowOverflow), ok);
          b.setBlock(ok);
          b.unaryInto(IR.OP_NEG, dst, x.v);
        } else {
          // Mono raises OverflowException for MIN % -1 too (the hardware's idiv would fault).
          const min = b.const(ty, ty === IR.TY_I32 ? -0x80000000 : -(1n << 63n));
          const ok = b.newBlock();
          b.brcmp(IR.CC_EQ, x.v, min, this.throwBlock(Helper.ThrowOverflow), ok);
          b.setBlock(ok);
          b.constInto(dst, 0);
        }
        b.jump(join);
        b.setBlock(normal);
        b.binaryInto(op, dst, x.v, y.v);
        b.jump(join);
        b.setBlock(join);
        this.push(dst, k);
        return;
      }
    }
    this.push(b.binary(op, x.v, y.v), k);
  }

  private shift(c: number): void {
    const n = this.pop();
    const x = this.pop();
    if (x.k !== SK.I4 && x.k !== SK.I8 && x.k !== SK.I) throw this.unsupported(`shift of a ${skName(x.k)}`);
    let cnt = n.v;
    const xt = this.b.typeOf(x.v);
    if (this.b.typeOf(cnt) !== xt) cnt = xt === IR.TY_I32 ? this.coerce(n, SK.I4).v : this.b.conv(n.k === SK.I4 ? IR.CV_ZEXT32 : IR.CV_WRAP, xt, cnt);
    const op = c === Op.shl ? IR.OP_SHL : c === Op.shr ? IR.OP_SAR : IR.OP_SHR;
    this.push(this.b.binary(op, x.v, cnt), x.k);
  }

  private checkedArith(c: number): void {
    const [x, y, k] = this.binaryOperands();
    if (k === SK.F4 || k === SK.F8) throw this.unsupported("checked arithmetic on floats");
    const op = c === Op.add_ovf || c === Op.add_ovf_un ? IR.OP_ADD_OVF : c === Op.sub_ovf || c === Op.sub_ovf_un ? IR.OP_SUB_OVF : IR.OP_MUL_OVF;
    const unsigned = c === Op.add_ovf_un || c === Op.sub_ovf_un || c === Op.mul_ovf_un;
    const kind = k === SK.ByRef ? SK.ByRef : k;
    // Outside protected blocks the backend's trap leaves the method, which is what should happen;
    // inside them the overflow must reach this method's handlers, so it is tested here.
    if (this.covering(this.ilOffset).length === 0) {
      this.push(this.b.binary(op, x.v, y.v, unsigned ? 1 : 0), kind);
      return;
    }
    this.push(this.checkedInline(op, unsigned, x.v, y.v), kind);
  }

  /** Checked add/sub/mul as explicit tests that raise OverflowException through this method's dispatch. */
  private checkedInline(op: number, unsigned: boolean, x: VReg, y: VReg): VReg {
    const b = this.b;
    const ty = b.typeOf(x);
    const zero = b.const(ty, 0);
    const overflowIf = (cc: number, a: VReg, c: VReg) => this.checkThrow(cc, a, c, Helper.ThrowOverflow);
    if (op === IR.OP_ADD_OVF) {
      const r = b.add(x, y);
      if (unsigned) overflowIf(IR.CC_LT_U, r, x);
      else overflowIf(IR.CC_LT, b.and(b.xor(x, r), b.xor(y, r)), zero);
      return r;
    }
    if (op === IR.OP_SUB_OVF) {
      if (unsigned) overflowIf(IR.CC_LT_U, x, y);
      const r = b.sub(x, y);
      if (!unsigned) overflowIf(IR.CC_LT, b.and(b.xor(x, y), b.xor(x, r)), zero);
      return r;
    }
    if (ty === IR.TY_I32) {
      // 32 bits: the exact product fits in 64; it must survive the round trip to 32 bits.
      const ext = unsigned ? IR.CV_ZEXT32 : IR.CV_SEXT32;
      const wide = b.mul(b.conv(ext, IR.TY_I64, x), b.conv(ext, IR.TY_I64, y));
      const r = b.conv(IR.CV_WRAP, IR.TY_I32, wide);
      overflowIf(IR.CC_NE, wide, b.conv(ext, IR.TY_I64, r));
      return r;
    }
    // 64 bits: r = x * y overflowed unless r / x == y (x != 0); x == -1 overflows only for MIN.
    const r = b.mul(x, y);
    const done = b.newBlock();
    const nonzero = b.newBlock();
    b.brcmp(IR.CC_EQ, x, zero, done, nonzero);
    b.setBlock(nonzero);
    if (unsigned) {
      overflowIf(IR.CC_NE, b.divU(r, x), y);
    } else {
      const minusOne = b.newBlock();
      const general = b.newBlock();
      b.brcmp(IR.CC_EQ, x, b.const(ty, -1), minusOne, general);
      b.setBlock(minusOne);
      overflowIf(IR.CC_EQ, y, b.const(ty, -(1n << 63n)));
      b.jump(done);
      b.setBlock(general);
      overflowIf(IR.CC_NE, b.div(r, x), y);
    }
    b.jump(done);
    b.setBlock(done);
    return r;
  }

  private compare(ccInt: number, ccFloat: number): void {
    const [x, y, k] = this.binaryOperands();
    this.push(this.b.cmp(k === SK.F4 || k === SK.F8 ? ccFloat : ccInt, x.v, y.v), SK.I4);
  }

  private condBranch(il: ILReader, ccInt: number, ccFloat: number): boolean {
    const [x, y, k] = this.binaryOperands();
    const taken = this.flowTo(il.operand);
    const next = this.flowTo(il.pos);
    this.b.brcmp(k === SK.F4 || k === SK.F8 ? ccFloat : ccInt, x.v, y.v, taken, next);
    return true;
  }

  /** conv.i1…conv.u: `ext` is the narrowing extension for small targets, else -1. */
  private conv(to: SK, ext: number, signed = true): void {
    const e = this.pop();
    const b = this.b;
    let v: VReg;
    if (e.k === SK.F4 || e.k === SK.F8) {
      const wide = to === SK.I4 && ext < 0 && !signed ? IR.TY_I64 : to === SK.I4 ? IR.TY_I32 : IRTY[to]!;
      v = b.conv(signed || to !== SK.I4 ? (signed ? IR.CV_F_TO_S : IR.CV_F_TO_U) : IR.CV_F_TO_S, wide, e.v);
      if (wide !== IRTY[to]) v = b.conv(IR.CV_WRAP, IRTY[to]!, v);
    } else if (to === SK.I4) {
      v = e.k === SK.I4 ? e.v : b.conv(IR.CV_WRAP, IR.TY_I32, e.v);
    } else {
      // To 64 bits: from i32 sign- or zero-extend; from 64-bit kinds retype.
      v = e.k === SK.I4 ? b.conv(signed ? IR.CV_SEXT32 : IR.CV_ZEXT32, IRTY[to]!, e.v) : b.conv(IR.CV_WRAP, IRTY[to]!, e.v);
    }
    if (ext >= 0) v = b.conv(ext, IR.TY_I32, v);
    this.push(v, to);
  }

  private convFloat(to: SK, unsignedSource: boolean): void {
    const e = this.pop();
    const ty = IRTY[to]!;
    let v: VReg;
    if (e.k === SK.F4 || e.k === SK.F8) v = e.k === to ? e.v : this.b.conv(IR.CV_F_TO_F, ty, e.v);
    else if (unsignedSource) {
      const wide = e.k === SK.I4 ? this.b.conv(IR.CV_ZEXT32, IR.TY_I64, e.v) : e.v;
      v = this.b.conv(IR.CV_U_TO_F, ty, wide);
    } else v = this.b.conv(IR.CV_S_TO_F, ty, e.v);
    this.push(v, to);
  }

  private convOvf(target: number, to: SK, unsignedSource: boolean): void {
    const e = this.pop();
    if (this.covering(this.ilOffset).length === 0) {
      this.push(this.b.convOvf(target, IRTY[to]!, e.v, unsignedSource), to);
      return;
    }
    this.push(this.convOvfInline(target, to, e, unsignedSource), to);
  }

  /** conv.ovf.* as explicit range tests (inside protected blocks, like checkedInline). */
  private convOvfInline(target: number, to: SK, e: Entry, unsignedSource: boolean): VReg {
    const b = this.b;
    const ranges: [bigint, bigint][] = [
      [-128n, 127n], [0n, 255n], [-32768n, 32767n], [0n, 65535n], [-(1n << 31n), (1n << 31n) - 1n], [0n, (1n << 32n) - 1n],
      [-(1n << 63n), (1n << 63n) - 1n], [0n, (1n << 64n) - 1n],
    ];
    const [lo, hi] = ranges[target]!;
    const outTy = IRTY[to]!;
    const overflowIf = (cc: number, a: VReg, c: VReg) => this.checkThrow(cc, a, c, Helper.ThrowOverflow);
    if (e.k === SK.F4 || e.k === SK.F8) {
      // Truncation toward zero must land in [lo, hi]: v > lo - 1 and v < hi + 1 (NaN fails both).
      const v = e.k === SK.F4 ? b.conv(IR.CV_F_TO_F, IR.TY_F64, e.v) : e.v;
      const ok1 = b.newBlock();
      const ok2 = b.newBlock();
      // (For int64 the bound -2^63 - 1 is not a double; v >= -2^63 is the same test.)
      if (target === IR.OVT_I64) b.brcmp(IR.CC_GE, v, b.const(IR.TY_F64, -(2 ** 63)), ok1, this.throwBlock(Helper.ThrowOverflow));
      else b.brcmp(IR.CC_GT, v, b.const(IR.TY_F64, Number(lo) - 1), ok1, this.throwBlock(Helper.ThrowOverflow));
      b.setBlock(ok1);
      b.brcmp(IR.CC_LT, v, b.const(IR.TY_F64, Number(hi) + 1), ok2, this.throwBlock(Helper.ThrowOverflow));
      b.setBlock(ok2);
      const wide = b.conv(target === 7 ? IR.CV_F_TO_U : IR.CV_F_TO_S, IR.TY_I64, v);
      return outTy === IR.TY_I32 ? b.conv(IR.CV_WRAP, IR.TY_I32, wide) : b.conv(IR.CV_WRAP, outTy, wide);
    }
    // Integers: widen to 64 bits (by the source's signedness) and compare.
    const src = e.k === SK.I4 ? b.conv(unsignedSource ? IR.CV_ZEXT32 : IR.CV_SEXT32, IR.TY_I64, e.v) : b.conv(IR.CV_WRAP, IR.TY_I64, e.v);
    if (unsignedSource) {
      // The source is unsigned: only the upper bound matters (as an unsigned comparison).
      if (hi < (1n << 64n) - 1n) overflowIf(IR.CC_GT_U, src, b.const(IR.TY_I64, hi));
    } else {
      if (lo === 0n) overflowIf(IR.CC_LT, src, b.const(IR.TY_I64, 0));
      else if (lo > -(1n << 63n)) overflowIf(IR.CC_LT, src, b.const(IR.TY_I64, lo));
      if (hi < (1n << 63n) - 1n) overflowIf(IR.CC_GT, src, b.const(IR.TY_I64, hi));
    }
    return outTy === IR.TY_I32 ? b.conv(IR.CV_WRAP, IR.TY_I32, src) : b.conv(IR.CV_WRAP, outTy, src);
  }

  private ldind(k: Kind): boolean {
    const a = this.pop();
    this.loadTo(this.addrOf(a), 0, k === Kind.Object ? (a.t ?? this.ts.primitive(Kind.Object)) : this.ts.primitive(k));
    return false;
  }

  private stind(k: Kind): boolean {
    const v = this.pop();
    const a = this.pop();
    this.storeTo(this.addrOf(a), 0, k === Kind.Object ? this.ts.primitive(Kind.Object) : this.ts.primitive(k), v);
    return false;
  }

  // ---- objects, fields, arrays ---------------------------------------------------------------
  private instanceField(c: number, f: FieldDesc): void {
    if (f.isStatic) return this.staticField(c === Op.ldfld ? Op.ldsfld : c === Op.ldflda ? Op.ldsflda : Op.stsfld, f, true);
    this.env.layouts.of(f.owner);
    const value = c === Op.stfld ? this.pop() : null;
    const obj = this.pop();
    let base: VReg;
    let disp = f.offset;
    if (obj.k === SK.O) {
      base = this.b.conv(IR.CV_WRAP, IR.TY_PTR, obj.v);
      this.nullCheck(base, obj.v);
      // Fields of a value type reached through a boxed object sit after the header.
      if (f.owner.isValueType) disp += OBJ_HEADER;
    } else if (obj.k === SK.ByRef || obj.k === SK.I || obj.k === SK.VT) {
      base = obj.v;
    } else throw this.unsupported(`field access through a ${skName(obj.k)}`);
    if (c === Op.ldfld) this.loadTo(base, disp, f.type);
    else if (c === Op.ldflda) this.push(disp ? this.b.binary(IR.OP_ADD, base, this.b.const(IR.TY_PTR, disp)) : base, SK.ByRef, f.type);
    else this.storeTo(base, disp, f.type, value!);
  }

  private staticField(c: number, f: FieldDesc, popObject = false): void {
    if (popObject) this.pop();
    if (f.hasRva) throw this.unsupported(`static field with initial data ${f.fullName}`);
    if (f.isLiteral) throw this.unsupported(`literal field ${f.fullName} used as storage`);
    this.env.layouts.of(f.owner);
    this.classInit(f.owner);
    const base = this.env.dataAddress(this.b, { kind: "statics", type: f.owner });
    if (c === Op.ldsfld) this.loadTo(base, f.offset, f.type);
    else if (c === Op.ldsflda) this.push(this.b.binary(IR.OP_ADD, base, this.b.const(IR.TY_PTR, f.offset)), SK.ByRef, f.type);
    else this.storeTo(base, f.offset, f.type, this.pop());
  }

  /** Runs `t`'s static constructor first when it has one (unless this method belongs to `t`). */
  private classInit(t: TypeDesc): void {
    if (t === this.md.owner || t === this.ilOwner) return; // already running or run before entering its methods (an inlined callee's type has no .cctor)
    if (!this.ts.hasStaticConstructor(t)) return;
    const mt = this.env.dataAddress(this.b, { kind: "methodTable", type: t });
    this.callHelper(Helper.RunClassConstructor, [mt], IR.TY_VOID);
  }

  private newarr(elem: TypeDesc): void {
    const n = this.pop();
    const len = n.k === SK.I4 ? this.b.conv(IR.CV_SEXT32, IR.TY_I64, n.v) : this.b.conv(IR.CV_WRAP, IR.TY_I64, n.v);
    const mt = this.env.dataAddress(this.b, { kind: "methodTable", type: this.ts.szArray(elem) });
    const arr = this.callHelper(Helper.NewArray, [mt, len], IR.TY_REF);
    this.nonNull.add(arr);
    this.push(arr, SK.O, this.ts.szArray(elem));
  }

  /** Bounds-checked address of element `idx` of single-dimensional array `arr`. */
  private elementAddress(arr: Entry, idx: Entry, elem: TypeDesc): VReg {
    const b = this.b;
    const base = b.conv(IR.CV_WRAP, IR.TY_PTR, arr.v);
    this.nullCheck(base, arr.v);
    const i64 = idx.k === SK.I4 ? b.conv(IR.CV_SEXT32, IR.TY_PTR, idx.v) : b.conv(IR.CV_WRAP, IR.TY_PTR, idx.v);
    const len = b.load(IR.MEMW_64, IR.TY_PTR, base, IR.IR_NONE, 0, ARRAY_LENGTH_OFFSET);
    this.checkThrow(IR.CC_GE_U, i64, len, Helper.ThrowIndexOutOfRange);
    const size = this.env.layouts.sizeOf(elem);
    const scale = size === 1 ? 0 : size === 2 ? 1 : size === 4 ? 2 : size === 8 ? 3 : -1;
    if (scale >= 0) {
      const shifted = scale ? b.binary(IR.OP_SHL, i64, b.const(IR.TY_PTR, scale)) : i64;
      return b.binary(IR.OP_ADD, b.binary(IR.OP_ADD, base, shifted), b.const(IR.TY_PTR, ARRAY_DATA_OFFSET));
    }
    const off = b.binary(IR.OP_MUL, i64, b.const(IR.TY_PTR, size));
    return b.binary(IR.OP_ADD, b.binary(IR.OP_ADD, base, off), b.const(IR.TY_PTR, ARRAY_DATA_OFFSET));
  }

  private ldelem(t: TypeDesc | null): boolean {
    const idx = this.pop();
    const arr = this.pop();
    const elem = t ?? (arr.t && arr.t.kind === Kind.SzArray ? arr.t.elem! : this.ts.primitive(Kind.Object));
    this.loadTo(this.elementAddress(arr, idx, elem), 0, elem);
    return false;
  }

  private stelem(t: TypeDesc | null): boolean {
    const v = this.pop();
    const idx = this.pop();
    const arr = this.pop();
    const elem = t ?? (arr.t && arr.t.kind === Kind.SzArray ? arr.t.elem! : this.ts.primitive(Kind.Object));
    const addr = this.elementAddress(arr, idx, elem);
    if (elem.isReference) this.callHelper(Helper.CheckArrayStore, [arr.v, this.coerce(v, SK.O).v], IR.TY_VOID);
    this.storeTo(addr, 0, elem, v);
    return false;
  }

  /** T when `t` is the core library's Nullable<T>, else null. */
  private nullableOf(t: TypeDesc): TypeDesc | null {
    if (t.kind !== Kind.ValueType || t.args.length !== 1 || t.module !== this.ts.corlib) return null;
    return t.module.reader.typeDefFullName(t.row) === "System.Nullable`1" ? t.args[0]! : null;
  }

  /** Offsets of Nullable<T>'s hasValue and value fields. */
  private nullableFields(t: TypeDesc): { has: number; value: number } {
    this.env.layouts.of(t);
    const fs = this.ts.fieldsOf(t).filter((f) => !f.isStatic);
    const has = fs.find((f) => f.name === "hasValue");
    const value = fs.find((f) => f.name === "value");
    if (!has || !value) throw this.unsupported(`the core library's ${t.key} has no hasValue/value fields`);
    return { has: has.offset, value: value.offset };
  }

  /** The type a type test against `t` checks: a boxed Nullable<T> is a boxed T (or null). */
  private boxedForm(t: TypeDesc): TypeDesc {
    return this.nullableOf(t) ?? t;
  }

  private box(t: TypeDesc): void {
    const e = this.pop();
    if (!t.isValueType) {
      this.push(this.coerce(e, SK.O).v, SK.O, t);
      return;
    }
    const inner = this.nullableOf(t);
    if (inner) {
      // Boxing a Nullable<T> boxes its value, or gives null when it has none (ECMA-335 III.4.1).
      if (e.k !== SK.VT) throw this.unsupported(`boxing a ${skName(e.k)} as ${t.key}`);
      const b = this.b;
      const f = this.nullableFields(t);
      const result = b.newVreg(IR.TY_REF);
      const some = b.newBlock();
      const none = b.newBlock();
      const join = b.newBlock();
      b.brcmp(IR.CC_NE, b.load(IR.MEMW_8, IR.TY_I32, e.v, IR.IR_NONE, 0, f.has), b.const(IR.TY_I32, 0), some, none);
      b.setBlock(none);
      b.constInto(result, 0);
      b.jump(join);
      b.setBlock(some);
      const mt = this.env.dataAddress(b, { kind: "methodTable", type: inner });
      const obj = this.callHelper(Helper.NewObject, [mt, b.const(IR.TY_I64, OBJ_HEADER + this.env.layouts.sizeOf(inner))], IR.TY_REF);
      const src = f.value ? b.binary(IR.OP_ADD, e.v, b.const(IR.TY_PTR, f.value)) : e.v;
      this.loadTo(src, 0, inner);
      this.storeTo(b.conv(IR.CV_WRAP, IR.TY_PTR, obj), OBJ_HEADER, inner, this.pop());
      b.mov(result, obj);
      b.jump(join);
      b.setBlock(join);
      this.push(result, SK.O, inner);
      return;
    }
    const mt = this.env.dataAddress(this.b, { kind: "methodTable", type: t });
    const size = OBJ_HEADER + this.env.layouts.sizeOf(t);
    const obj = this.callHelper(Helper.NewObject, [mt, this.b.const(IR.TY_I64, size)], IR.TY_REF);
    this.storeTo(this.b.conv(IR.CV_WRAP, IR.TY_PTR, obj), OBJ_HEADER, t, e);
    this.push(obj, SK.O, t);
  }

  private unbox(t: TypeDesc, any: boolean): void {
    const o = this.pop();
    if (!t.isValueType) {
      // unbox.any of a reference type is castclass.
      const mt = this.env.dataAddress(this.b, { kind: "methodTable", type: t });
      this.push(this.callHelper(Helper.CastClass, [mt, o.v], IR.TY_REF), SK.O, t);
      return;
    }
    const inner = this.nullableOf(t);
    if (inner) {
      // null gives a Nullable<T> without a value; a boxed T gives one with it; anything else
      // is an invalid cast.
      const b = this.b;
      const f = this.nullableFields(t);
      const tmp = this.tempStruct(t);
      this.zero(tmp, this.env.layouts.sizeOf(t));
      const some = b.newBlock();
      const join = b.newBlock();
      b.brcmp(IR.CC_NE, o.v, b.const(IR.TY_REF, 0), some, join);
      b.setBlock(some);
      const mt = this.env.dataAddress(b, { kind: "methodTable", type: inner });
      const checked = this.callHelper(Helper.CastClass, [mt, o.v], IR.TY_REF);
      this.loadTo(b.binary(IR.OP_ADD, b.conv(IR.CV_WRAP, IR.TY_PTR, checked), b.const(IR.TY_PTR, OBJ_HEADER)), 0, inner);
      this.storeTo(tmp, f.value, inner, this.pop());
      b.store(IR.MEMW_8, b.const(IR.TY_I32, 1), tmp, IR.IR_NONE, 0, f.has);
      b.jump(join);
      b.setBlock(join);
      this.push(tmp, any ? SK.VT : SK.ByRef, t);
      return;
    }
    const mt = this.env.dataAddress(this.b, { kind: "methodTable", type: t });
    const checked = this.callHelper(Helper.CastClass, [mt, o.v], IR.TY_REF);
    this.nullCheck(checked);
    const addr = this.b.binary(IR.OP_ADD, this.b.conv(IR.CV_WRAP, IR.TY_PTR, checked), this.b.const(IR.TY_PTR, OBJ_HEADER));
    if (any) this.loadTo(addr, 0, t);
    else this.push(addr, SK.ByRef, t);
  }

  // ---- calls -----------------------------------------------------------------------------------
  private argumentsFor(target: MethodDesc, args: Entry[], thisEntry: Entry | null): VReg[] {
    const out: VReg[] = [];
    if (thisEntry) out.push(thisEntry.v);
    target.sig.params.forEach((p, i) => {
      const e = args[i]!;
      if (this.isStruct(p)) {
        // The callee owns its copy of a value-type argument.
        const copy = this.tempStruct(p);
        if (e.k !== SK.VT) throw this.unsupported(`passing a ${skName(e.k)} as ${p.key}`);
        this.copy(copy, e.v, 0, p);
        out.push(copy);
      } else out.push(this.valueFor(e, p));
    });
    return out;
  }

  private call(target: MethodDesc, virt: boolean, constrained: TypeDesc | null): void {
    const b = this.b;
    if (target.sig.sentinelIndex >= 0 || (target.sig.callConv & 0x0f) === 5) throw this.unsupported(`vararg call to ${target.fullName}`);
    if (target.owner.kind === Kind.Array && this.mdArrayMethod(target)) return;
    if (target.owner.kind === Kind.SzArray || target.owner.kind === Kind.Array) throw this.unsupported(`array method ${target.fullName}`);
    if (this.intrinsic(target)) return;
    const n = target.sig.params.length;
    const args = this.stack.splice(this.stack.length - n, n);
    if (args.length !== n) throw this.unsupported("evaluation stack underflow at a call");
    let thisEntry: Entry | null = null;
    if (target.sig.hasThis) {
      thisEntry = this.pop();
      if (constrained) {
        // constrained. T callvirt M: value types call their own implementation with a byref
        // `this`, or are boxed; reference types dereference the byref.
        if (constrained.isValueType) {
          const impl = this.implementationOn(constrained, target);
          if (impl && impl.owner === constrained) {
            this.emitCall(impl, this.argumentsFor(impl, args, { v: this.addrOf(thisEntry), k: SK.ByRef, t: constrained }), false);
            return;
          }
          this.stack.push({ v: this.addrOf(thisEntry), k: SK.ByRef, t: constrained });
          this.instructionLoadForBox(constrained);
          this.box(constrained);
          thisEntry = this.pop();
        } else {
          thisEntry = { v: b.load(IR.MEMW_64, IR.TY_REF, this.addrOf(thisEntry)), k: SK.O, t: constrained };
        }
      }
      if (target.owner.isValueType && thisEntry.k !== SK.O) thisEntry = { v: this.addrOf(thisEntry), k: SK.ByRef, t: target.owner };
    }
    // Every call site tests `this` (callvirt as the spec says, and call too, which C# emits for
    // receivers that cannot be null anyway), so a method may take its `this` as non-null.
    if (thisEntry && thisEntry.k === SK.O) this.nullCheck(thisEntry.v);
    const dispatch = virt && target.isVirtual && !target.isFinal && thisEntry !== null && thisEntry.k === SK.O && !(target.owner.module && (target.owner.module.reader.typeDefFlags(target.owner.row) & 0x100) !== 0);
    if (!dispatch && this.inlineCall(target, args, thisEntry)) return;
    this.emitCall(target, this.argumentsFor(target, args, thisEntry), dispatch);
  }

  /** ldtoken: a RuntimeTypeHandle (the method table), RuntimeFieldHandle or RuntimeMethodHandle on the stack. */
  private ldtoken(token: number): void {
    const m = this.ilModule;
    const table = token >>> 24;
    const handleType = (name: string) => this.ts.corlibType("System", name);
    let t: TypeDesc;
    let value: VReg;
    if (table === 0x04 || (table === 0x0a && "field" in m.reader.memberRefSignature(token & 0xffffff))) {
      const f = this.ts.fieldFromToken(m, token, this.ilGctx);
      if (!this.env.fieldHandle) throw this.unsupported(`ldtoken of field ${f.fullName}`);
      t = handleType("RuntimeFieldHandle");
      value = this.env.fieldHandle(this.b, f);
      const slot = this.tempStruct(t);
      this.b.store(IR.MEMW_64, value, slot);
      this.fieldTokens.set(slot, f);
      this.push(slot, SK.VT, t);
      return;
    }
    if (table === 0x06 || table === 0x0a || table === 0x2b) {
      const md = this.ts.methodFromToken(m, token, this.ilGctx);
      if (!this.env.methodHandle) throw this.unsupported(`ldtoken of method ${md.fullName}`);
      t = handleType("RuntimeMethodHandle");
      value = this.env.methodHandle(this.b, md);
    } else {
      t = handleType("RuntimeTypeHandle");
      value = this.env.dataAddress(this.b, { kind: "methodTable", type: this.ts.typeFromToken(m, token, this.ilGctx) });
    }
    const slot = this.tempStruct(t);
    this.b.store(IR.MEMW_64, value, slot);
    this.push(slot, SK.VT, t);
  }
  /**
   * The address a call to `md` reaches: what its indirection cell holds (its code, or the
   * prestub that compiles it, which stays valid).
   */
  private codeAddress(md: MethodDesc): VReg {
    if (md.sig.callConv === 5) throw this.unsupported(`address of vararg method ${md.fullName}`);
    this.callees.add(md);
    return this.b.load(IR.MEMW_64, IR.TY_PTR, this.b.symbolAddr(this.env.methodSymbol(md)));
  }

  /** localloc: zeroed, 16-byte aligned memory from the thread's localloc region. */
  private localloc(): void {
    const b = this.b;
    const e = this.pop();
    const size = e.k === SK.I4 ? b.conv(IR.CV_ZEXT32, IR.TY_PTR, e.v) : b.conv(IR.CV_WRAP, IR.TY_PTR, e.v);
    const ts = this.env.dataAddress(b, THREAD_STATE);
    const top = b.load(IR.MEMW_64, IR.TY_PTR, ts, IR.IR_NONE, 0, THREAD_LOCALLOC_TOP);
    const limit = b.load(IR.MEMW_64, IR.TY_PTR, ts, IR.IR_NONE, 0, THREAD_LOCALLOC_LIMIT);
    // Sizes beyond the region fail before the addition can wrap.
    this.checkThrow(IR.CC_GT_U, size, b.binary(IR.OP_SUB, limit, top), Helper.ThrowStackOverflow);
    const end = b.binary(IR.OP_AND, b.binary(IR.OP_ADD, b.binary(IR.OP_ADD, top, size), b.const(IR.TY_PTR, 15)), b.const(IR.TY_PTR, -16));
    this.checkThrow(IR.CC_GT_U, end, limit, Helper.ThrowStackOverflow);
    b.store(IR.MEMW_64, end, ts, IR.IR_NONE, 0, THREAD_LOCALLOC_TOP);
    // Zero it (ECMA-335 leaves it undefined unless localsinit; C# relies on zeroes).
    const p = b.mov(b.newVreg(IR.TY_PTR), top);
    const loop = b.newBlock();
    const body = b.newBlock();
    const done = b.newBlock();
    b.jump(loop);
    b.setBlock(loop);
    b.brcmp(IR.CC_LT_U, p, end, body, done);
    b.setBlock(body);
    b.store(IR.MEMW_64, b.const(IR.TY_I64, 0), p);
    b.binaryInto(IR.OP_ADD, p, p, b.const(IR.TY_PTR, 8));
    b.jump(loop);
    b.setBlock(done);
    this.push(top, SK.I);
  }

  /** Gives back what this method took from the localloc region (at every return). */
  private releaseLocalloc(): void {
    if (this.locallocMark < 0) return;
    const ts = this.env.dataAddress(this.b, THREAD_STATE);
    this.b.store(IR.MEMW_64, this.locallocMark, ts, IR.IR_NONE, 0, THREAD_LOCALLOC_TOP);
  }
  private locallocMark: VReg = -1;
  /** Vregs holding references known not to be null (see nullCheck). */
  private readonly nonNull = new Set<VReg>();
  /** Whether the method calls managed code (so its prologue checks the stack limit). */
  private makesCalls = false;
  /** RuntimeFieldHandle temporaries made by ldtoken, and their fields (for InitializeArray). */
  private readonly fieldTokens = new Map<VReg, FieldDesc>();

  /**
   * RuntimeHelpers.InitializeArray(array, ldtoken field): copies the field's initial data into
   * the array's elements (what C# compiles array initialisers to).
   */
  private initializeArray(target: MethodDesc): boolean {
    if (target.name !== "InitializeArray" || target.owner.key !== "[mscorlib]System.Runtime.CompilerServices.RuntimeHelpers" || target.sig.params.length !== 2) return false;
    const handle = this.stack[this.stack.length - 1];
    const field = handle ? this.fieldTokens.get(handle.v) : undefined;
    if (!field || !this.env.fieldData || !field.hasRva) return false;
    // Where the elements start depends on the array's shape (md arrays keep their bounds first);
    // an array of unknown type goes through the runtime's InitializeArray instead.
    const arrType = this.stack[this.stack.length - 2]?.t;
    if (!arrType || (arrType.kind !== Kind.SzArray && arrType.kind !== Kind.Array)) return false;
    const dataOffset = arrType.kind === Kind.SzArray ? ARRAY_DATA_OFFSET : Math.ceil((MDARRAY_BOUNDS_OFFSET + 8 * arrType.rank) / 8) * 8;
    this.pop();
    const arr = this.pop();
    const b = this.b;
    const base = b.conv(IR.CV_WRAP, IR.TY_PTR, arr.v);
    this.nullCheck(base, arr.v);
    const size = this.env.layouts.sizeOf(field.type);
    const src = this.env.fieldData(b, field);
    const dst = b.binary(IR.OP_ADD, base, b.const(IR.TY_PTR, dataOffset));
    this.copyBytes(dst, src, size);
    return true;
  }

  /** Copies `size` bytes (a loop of 8-byte moves, then the tail). */
  private copyBytes(dst: VReg, src: VReg, size: number): void {
    const b = this.b;
    const words = Math.floor(size / 8);
    if (words > 0) {
      const i = b.const(IR.TY_PTR, 0);
      const end = b.const(IR.TY_PTR, words * 8);
      const loop = b.newBlock();
      const done = b.newBlock();
      b.jump(loop);
      b.setBlock(loop);
      const v = b.load(IR.MEMW_64, IR.TY_I64, src, i);
      b.store(IR.MEMW_64, v, dst, i);
      b.binaryInto(IR.OP_ADD, i, i, b.const(IR.TY_PTR, 8));
      b.brcmp(IR.CC_LT_U, i, end, loop, done);
      b.setBlock(done);
    }
    for (let o = words * 8; o < size; o++) b.store(IR.MEMW_8, b.load(IR.MEMW_8, IR.TY_I32, src, IR.IR_NONE, 0, o), dst, IR.IR_NONE, 0, o);
  }

  /**
   * Methods compiled to IR operations instead of calls (docs/runtime-abi.md lists them): the
   * core library's floating-point internal calls the hardware does in one instruction.
   */
  private intrinsic(target: MethodDesc): boolean {
    if (this.initializeArray(target)) return true;
    if (this.createInstance(target)) return true;
    if (target.owner.module !== this.ts.corlib || target.owner.key !== "[mscorlib]System.Math") return false;
    const p = target.sig.params;
    if (p.length !== 1 || p[0] !== target.sig.returnType) return false;
    const k = p[0]!.kind;
    if (k !== Kind.R8 && k !== Kind.R4) return false;
    if (target.name === "Round" && k === Kind.R8) {
      // Mono's JIT folds Math.Round of a literal with C's round() (halves away from zero), while
      // at run time it rounds halves to even; programs see both, so both are reproduced.
      const top = this.stack[this.stack.length - 1];
      const lit = top ? this.literals?.get(top.v) : undefined;
      if (lit === undefined) return false;
      this.pop();
      const r = Math.sign(lit) * Math.floor(Math.abs(lit) + 0.5);
      this.push(this.b.const(IR.TY_F64, Math.abs(lit) >= 2 ** 52 ? lit : Object.is(r, 0) && (lit < 0 || Object.is(lit, -0)) ? -0 : r), SK.F8);
      return true;
    }
    const op = target.name === "Abs" ? IR.OP_ABS : target.name === "Sqrt" ? IR.OP_SQRT : -1;
    if (op < 0) return false;
    const sk = k === Kind.R8 ? SK.F8 : SK.F4;
    const x = this.coerce(this.pop(), sk);
    this.push(this.b.unary(op, x.v), sk);
    return true;
  }

  /**
   * Activator.CreateInstance<T>() (what C# compiles `new T()` to): with T known here, the
   * allocation and the parameterless constructor call directly, as a JIT expands it, instead of
   * the library's reflection over constructors. Value types give their default value.
   */
  private createInstance(target: MethodDesc): boolean {
    if (target.name !== "CreateInstance" || target.methodArgs.length !== 1 || target.sig.params.length !== 0) return false;
    if (target.owner.module !== this.ts.corlib || target.owner.key !== "[mscorlib]System.Activator") return false;
    const t = target.methodArgs[0]!;
    if (t.isValueType) {
      if (this.isStruct(t)) {
        const tmp = this.tempStruct(t);
        this.zero(tmp, this.env.layouts.sizeOf(t));
        this.push(tmp, SK.VT, t);
      } else {
        const k = this.stackKind(t);
        this.push(this.b.const(IRTY[k]!, 0), k);
      }
      return true;
    }
    if (!t.module || t.isInterface || (t.module.reader.typeDefFlags(t.row) & 0x80) !== 0) return false;
    const ctor = this.ts.methodsOf(t).find((m) => m.isConstructor && !m.isStatic && m.sig.params.length === 0);
    if (!ctor) return false;
    this.newobj(ctor);
    return true;
  }

  /**
   * Multi-dimensional arrays' Get, Set and Address (runtime methods without IL): bounds-checked
   * element addressing over the layout in layout.ts (per dimension a length and a lower bound
   * from MDARRAY_BOUNDS_OFFSET, elements after them, 8-byte aligned).
   */
  private mdArrayMethod(target: MethodDesc): boolean {
    const t = target.owner;
    const rank = t.rank;
    const elem = t.elem!;
    const kind = target.name === "Get" ? 0 : target.name === "Set" ? 1 : target.name === "Address" ? 2 : -1;
    if (kind < 0) return false;
    const b = this.b;
    const value = kind === 1 ? this.pop() : null;
    const idx = this.stack.splice(this.stack.length - rank, rank);
    if (idx.length !== rank) throw this.unsupported("evaluation stack underflow at an array access");
    const arr = this.pop();
    const base = b.conv(IR.CV_WRAP, IR.TY_PTR, arr.v);
    this.nullCheck(base, arr.v);
    // offset = ((i0 - lo0) * len1 + (i1 - lo1)) * len2 + …, each index checked against its length.
    let linear: VReg = -1;
    idx.forEach((e, d) => {
      const i = this.coerce(e, SK.I4).v;
      const len = b.load(IR.MEMW_32, IR.TY_I32, base, IR.IR_NONE, 0, MDARRAY_BOUNDS_OFFSET + 8 * d);
      const lo = b.load(IR.MEMW_32, IR.TY_I32, base, IR.IR_NONE, 0, MDARRAY_BOUNDS_OFFSET + 8 * d + 4);
      const rel = b.binary(IR.OP_SUB, i, lo);
      this.checkThrow(IR.CC_GE_U, rel, len, Helper.ThrowIndexOutOfRange);
      const rel64 = b.conv(IR.CV_ZEXT32, IR.TY_PTR, rel);
      linear = linear < 0 ? rel64 : b.binary(IR.OP_ADD, b.binary(IR.OP_MUL, linear, b.conv(IR.CV_ZEXT32, IR.TY_PTR, len)), rel64);
    });
    const dataOffset = Math.ceil((MDARRAY_BOUNDS_OFFSET + 8 * rank) / 8) * 8;
    const size = this.env.layouts.sizeOf(elem);
    const addr = b.binary(IR.OP_ADD, b.binary(IR.OP_ADD, base, b.binary(IR.OP_MUL, linear, b.const(IR.TY_PTR, size))), b.const(IR.TY_PTR, dataOffset));
    if (kind === 0) this.loadTo(addr, 0, elem);
    else if (kind === 1) {
      if (elem.isReference) this.callHelper(Helper.CheckArrayStore, [arr.v, this.coerce(value!, SK.O).v], IR.TY_VOID);
      this.storeTo(addr, 0, elem, value!);
    } else this.push(addr, SK.ByRef, elem);
    return true;
  }

  /** For `constrained.` on a value type: pushes the value behind the byref on the stack top. */
  private instructionLoadForBox(t: TypeDesc): void {
    const a = this.pop();
    this.loadTo(this.addrOf(a), 0, t);
  }

  private implementationOn(t: TypeDesc, m: MethodDesc): MethodDesc | null {
    try {
      if (!m.methodArgs.length) return this.env.vtables.resolveVirtual(t, m);
      // A generic method: the implementation of its definition, instantiated the same way.
      const impl = this.env.vtables.resolveVirtual(t, this.ts.method(m.owner, m.module, m.row));
      return this.ts.method(impl.owner, impl.module, impl.row, m.methodArgs);
    } catch {
      return null;
    }
  }

  /**
   * Imports a small straight-line callee in place of the call (getters, setters, constructors
   * that store fields): its arguments become fresh vregs (struct arguments are copied, as the
   * callee owns them), its IL runs through instruction() with the callee's tokens and generic
   * context, and its `ret` leaves the result on this method's stack. Checks in the callee
   * raise at the call site, which is where its exceptions would come from anyway. Returns false
   * (nothing emitted) when the callee does not qualify (see inlineBody).
   */
  private inlineCall(target: MethodDesc, args: Entry[], thisEntry: Entry | null): boolean {
    if (this.inlining > 0 || this.env.debug || this.env.profileCounter) return false;
    if (this.env.canInline && !this.env.canInline(target)) return false;
    const code = inlineBody(this.ts, target);
    if (!code) return false;
    const b = this.b;
    const types = [...(target.sig.hasThis ? [target.owner.isValueType ? this.ts.byRef(target.owner) : target.owner] : []), ...target.sig.params];
    const entries = thisEntry ? [thisEntry, ...args] : args;
    const homes: Home[] = entries.map((e, i) => {
      const t = types[i]!;
      if (this.isStruct(t)) {
        if (e.k !== SK.VT) throw this.unsupported(`passing a ${skName(e.k)} as ${t.key}`);
        const copy = this.tempStruct(t);
        this.copy(copy, e.v, 0, t);
        return { type: t, v: -1, slot: -1, addr: copy };
      }
      const v = b.mov(b.newVreg(this.irType(t)), this.valueFor(e, t));
      if (i === 0 && thisEntry && thisEntry.k === SK.O) this.nonNull.add(v);
      return { type: t, v, slot: -1, addr: -1 };
    });
    const saved = { args: this.args, stack: this.stack, module: this.ilModule, gctx: this.ilGctx, owner: this.ilOwner, prefix: this.prefix };
    this.args = homes;
    this.stack = [];
    this.ilModule = target.module;
    this.ilGctx = { typeArgs: target.owner.args, methodArgs: target.methodArgs };
    this.ilOwner = target.owner;
    this.inlining++;
    let result: Entry | null = null;
    try {
      const il = new ILReader(code);
      while (il.next()) {
        if (il.code === Op.ret) {
          const rt = target.sig.returnType;
          if (rt.kind !== Kind.Void) {
            const e = this.pop();
            if (this.isStruct(rt)) result = e;
            else {
              const k = this.stackKind(rt);
              result = { v: this.valueFor(e, rt), k, t: k === SK.O ? rt : null };
            }
          }
          break;
        }
        this.prefix = null;
        this.instruction(il);
      }
    } finally {
      this.inlining--;
      this.args = saved.args;
      this.stack = saved.stack;
      this.ilModule = saved.module;
      this.ilGctx = saved.gctx;
      this.ilOwner = saved.owner;
      this.prefix = saved.prefix;
    }
    if (result) this.stack.push(result);
    return true;
  }

  private emitCall(target: MethodDesc, argv: VReg[], dispatch: boolean): void {
    const b = this.b;
    const rt = target.sig.returnType;
    // A direct call of a method whose whole body is `ret` (Object's constructor, which every
    // constructor calls) does nothing — unless its first call would run its type's .cctor.
    if (!dispatch && rt.kind === Kind.Void && isEmptyMethod(this.ts, target)) return;
    this.makesCalls = true;
    const retVT = this.isStruct(rt);
    let buf: VReg = -1;
    if (retVT) {
      buf = this.tempStruct(rt);
      argv.unshift(buf);
    }
    const irRet = rt.kind === Kind.Void || retVT ? IR.TY_VOID : this.irType(rt);
    let r: VReg;
    if (dispatch && target.methodArgs.length > 0) {
      // Generic virtual methods have no slot per instantiation: the runtime finds the override.
      if (!this.env.methodHandle) throw this.unsupported(`generic virtual call to ${target.fullName}`);
      // The lookups never return 0 (a failure leaves its exception pending and gives a stub
      // that returns at once): the call's own test covers them.
      const code = b.call(IR.CALLK_CELL, this.env.helperSymbol(Helper.GenericVirtualLookup), [argv[retVT ? 1 : 0]!, this.env.methodHandle(b, target)], IR.TY_PTR);
      r = b.call(IR.CALLK_REG, code, argv, irRet);
    } else if (dispatch) {
      const self = b.conv(IR.CV_WRAP, IR.TY_PTR, argv[retVT ? 1 : 0]!);
      if (target.owner.isInterface) {
        const iface = this.env.dataAddress(b, { kind: "methodTable", type: target.owner });
        const index = this.ts.methodsOf(target.owner).indexOf(target);
        const code = b.call(IR.CALLK_CELL, this.env.helperSymbol(Helper.InterfaceLookup), [argv[retVT ? 1 : 0]!, iface, b.const(IR.TY_I32, index)], IR.TY_PTR);
        r = b.call(IR.CALLK_REG, code, argv, irRet);
      } else {
        const slot = this.env.vtables.slot(target);
        const mt = b.load(IR.MEMW_64, IR.TY_PTR, self);
        r = b.call(IR.CALLK_MEM, mt, argv, irRet, this.env.vtableOffset + slot * 8);
      }
    } else {
      this.callees.add(target);
      r = b.call(IR.CALLK_CELL, this.env.methodSymbol(target), argv, irRet);
    }
    this.checkPending();
    if (retVT) this.push(buf, SK.VT, rt);
    else if (irRet !== IR.TY_VOID) {
      const k = this.stackKind(rt);
      this.push(r, k, k === SK.O ? rt : null);
    }
  }

  private newobj(ctor: MethodDesc): void {
    const t = ctor.owner;
    const b = this.b;
    if (t.kind === Kind.String) {
      // A string's size depends on the arguments: the runtime's factory allocates and fills it.
      if (!this.env.stringConstructorFactories) throw this.unsupported("string constructors");
      const n = ctor.sig.params.length;
      const args = this.stack.splice(this.stack.length - n, n);
      if (args.length !== n) throw this.unsupported("evaluation stack underflow at newobj");
      this.callees.add(ctor);
      this.makesCalls = true;
      const s = b.call(IR.CALLK_CELL, this.env.methodSymbol(ctor), this.argumentsFor(ctor, args, null), IR.TY_REF);
      this.checkPending();
      this.push(s, SK.O, t);
      return;
    }
    if (t.kind === Kind.Array && ctor.sig.params.length === t.rank && ctor.sig.params.every((p) => p.kind === Kind.I4)) {
      // new T[a, b, …]: the runtime allocates from the lengths (zero lower bounds).
      const lens = this.stack.splice(this.stack.length - t.rank, t.rank);
      const slot = b.slotAddr(b.newSlot(4 * t.rank, 8));
      lens.forEach((e, d) => b.store(IR.MEMW_32, this.coerce(e, SK.I4).v, slot, IR.IR_NONE, 0, 4 * d));
      const mt = this.env.dataAddress(b, { kind: "methodTable", type: t });
      this.push(this.callHelper(Helper.NewMDArray, [mt, slot], IR.TY_REF), SK.O, t);
      return;
    }
    if (t.kind === Kind.SzArray || t.kind === Kind.Array) throw this.unsupported(`array construction ${ctor.fullName}`);
    const n = ctor.sig.params.length;
    const args = this.stack.splice(this.stack.length - n, n);
    if (args.length !== n) throw this.unsupported("evaluation stack underflow at newobj");
    if (t.isValueType) {
      const tmp = this.tempStruct(t);
      this.zero(tmp, this.env.layouts.sizeOf(t));
      this.emitCall(ctor, this.argumentsFor(ctor, args, { v: tmp, k: SK.ByRef, t }), false);
      // Primitive value types (IntPtr, …) have constructors too: their value goes on the stack.
      if (this.isStruct(t)) this.push(tmp, SK.VT, t);
      else this.loadTo(tmp, 0, t);
      return;
    }
    this.classInit(t);
    const mt = this.env.dataAddress(b, { kind: "methodTable", type: t });
    const obj = this.callHelper(Helper.NewObject, [mt, b.const(IR.TY_I64, this.env.layouts.of(t).size)], IR.TY_REF);
    this.nonNull.add(obj);
    if (!this.inlineCall(ctor, args, { v: obj, k: SK.O, t })) this.emitCall(ctor, this.argumentsFor(ctor, args, { v: obj, k: SK.O, t }), false);
    this.push(obj, SK.O, t);
  }
}

const inlineBodies = new WeakMap<MethodDesc, ReturnType<typeof bodyCode> | null>();

/** Opcodes an inlined body may use: loads, stores, arithmetic and conversions, no control flow. */
const INLINE_OPS = new Set<number>([
  Op.nop, Op.ldarg_0, Op.ldarg_1, Op.ldarg_2, Op.ldarg_3, Op.ldarg_s, Op.ldarg,
  Op.ldc_i4_m1, Op.ldc_i4_0, Op.ldc_i4_1, Op.ldc_i4_2, Op.ldc_i4_3, Op.ldc_i4_4, Op.ldc_i4_5, Op.ldc_i4_6, Op.ldc_i4_7, Op.ldc_i4_8,
  Op.ldc_i4_s, Op.ldc_i4, Op.ldc_i8, Op.ldc_r4, Op.ldc_r8, Op.ldnull, Op.ldstr, Op.dup, Op.pop,
  Op.ldfld, Op.ldflda, Op.stfld, Op.ldsfld, Op.stsfld,
  Op.add, Op.sub, Op.mul, Op.div, Op.div_un, Op.rem, Op.rem_un, Op.and, Op.or, Op.xor, Op.shl, Op.shr, Op.shr_un, Op.neg, Op.not,
  Op.conv_i1, Op.conv_u1, Op.conv_i2, Op.conv_u2, Op.conv_i4, Op.conv_u4, Op.conv_i8, Op.conv_u8, Op.conv_i, Op.conv_u,
  Op.conv_r4, Op.conv_r8, Op.conv_r_un, Op.ceq, Op.cgt, Op.cgt_un, Op.clt, Op.clt_un,
  Op.ldind_i1, Op.ldind_u1, Op.ldind_i2, Op.ldind_u2, Op.ldind_i4, Op.ldind_u4, Op.ldind_i8, Op.ldind_i, Op.ldind_r4, Op.ldind_r8, Op.ldind_ref,
  Op.stind_i1, Op.stind_i2, Op.stind_i4, Op.stind_i8, Op.stind_i, Op.stind_r4, Op.stind_r8, Op.stind_ref,
  Op.call, Op.ret,
]);

/**
 * The IL of a method small and simple enough to inline (null when it is not): at most 48
 * bytes of straight-line code from INLINE_OPS ending in its only `ret`, calls only to empty
 * methods (a base constructor of Object), no locals, no handlers, not NoInlining or
 * synchronized, and a type without a .cctor (inlined code would skip the prestub that runs it).
 */
function inlineBody(ts: TypeSystem, md: MethodDesc): ReturnType<typeof bodyCode> | null {
  let known = inlineBodies.get(md);
  if (known !== undefined) return known;
  known = null;
  try {
    const r = md.module?.reader;
    const def = r && md.hasBody ? r.methodDef(md.row) : null;
    if (def && !md.isPInvoke && !md.isInternalCall && (def.implFlags & 0x28) === 0 && !md.isStaticConstructor) {
      const body = readMethodBody(r!.data, r!.bodyOffset(def.rva));
      if (body.codeSize <= 48 && body.localVarSigToken === 0 && body.exceptionClauses.length === 0 && !ts.hasStaticConstructor(md.owner)) {
        const code = bodyCode(r!.data, body);
        const il = new ILReader(code);
        const gctx = { typeArgs: md.owner.args, methodArgs: md.methodArgs };
        let ok = true, ended = false;
        while (ok && il.next()) {
          if (ended || !INLINE_OPS.has(il.code)) ok = false;
          else if (il.code === Op.ret) ended = true;
          else if (il.code === Op.call) ok = isEmptyMethod(ts, ts.methodFromToken(md.module, il.operand, gctx));
        }
        if (ok && ended) known = code;
      }
    }
  } catch {
    known = null; // anything unusual: call it instead
  }
  inlineBodies.set(md, known);
  return known;
}

const emptyMethods = new WeakMap<MethodDesc, boolean>();

/** Whether a method's IL is a lone `ret` (no locals, no handlers) and its type has no .cctor. */
function isEmptyMethod(ts: TypeSystem, md: MethodDesc): boolean {
  let known = emptyMethods.get(md);
  if (known !== undefined) return known;
  known = false;
  if (md.hasBody && !md.isStaticConstructor && !md.isPInvoke && !md.isInternalCall && md.methodArgs.length === 0) {
    // A tiny header (ECMA-335 II.25.4.2) of a 1-byte body, then `ret`: two bytes tell.
    const r = md.module.reader;
    const at = r.bodyOffset(r.methodRva(md.row));
    const bytes = r.data.bytes;
    known = bytes[at] === ((1 << 2) | 2) && bytes[at + 1] === Op.ret && !ts.hasStaticConstructor(md.owner);
  }
  emptyMethods.set(md, known);
  return known;
}

function skName(k: SK): string {
  return ["int32", "int64", "native int", "float32", "float64", "object reference", "managed pointer", "value type"][k]!;
}

