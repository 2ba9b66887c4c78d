// The reference semantics of the backend's IR (docs/ir.md), as an interpreter over the same words
// the core compiles. i32 values are JS numbers (int32), 64-bit integers are bigints kept
// sign-normalised (BigInt.asIntN(64)), floats are numbers (f32 rounded with Math.fround after
// every operation, which is exact for +, -, *, / and sqrt because 53 >= 2·24 + 2).
//
// Integer arithmetic wraps; shifts mask the count as x86 does; division traps (IRTrap) on a zero
// divisor and on MIN / -1; float -> integer conversions give x86's results for out-of-range
// values (see CV_F_TO_S / CV_F_TO_U in ir-layout.ts). Memory is a set of byte regions at 64-bit
// addresses (InterpMemory); local buffers come from a stack region inside it.
import * as IR from "../../core-as/shared/ir-layout.js";
import { decodeMethod, formatInst, type DecodedInst, type DecodedMethod } from "./ir-builder.js";

export type Value = number | bigint;

/** The IR raised a runtime exception through a throw helper (HELPER_*). */
export class IRTrap extends Error {
  override readonly name = "IRTrap";
  constructor(readonly helper: number, readonly inst: number) {
    super(`trap: helper ${helper} at IR instruction ${inst}`);
  }
}

/** The interpreter could not go on: a malformed method, an unmapped address, a step limit. */
export class InterpError extends Error {
  override readonly name = "InterpError";
}

interface Region {
  base: bigint;
  end: bigint;
  view: DataView;
  bytes: Uint8Array;
}

/** Byte regions at 64-bit addresses. Accesses must fall inside one region. */
export class InterpMemory {
  private regions: Region[] = [];
  private stack: Region;
  private sp: bigint;

  constructor(stackBase = 0x7f0000000000n, stackSize = 1 << 20) {
    this.stack = this.map(stackBase, new Uint8Array(stackSize));
    this.sp = this.stack.end;
  }

  /** Makes `bytes` visible at `base` (the array is used in place, not copied). */
  map(base: bigint, bytes: Uint8Array): Region {
    const r: Region = { base, end: base + BigInt(bytes.length), view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes };
    this.regions.push(r);
    return r;
  }

  private find(addr: bigint, size: number): [DataView, number] {
    for (const r of this.regions) {
      if (addr >= r.base && addr + BigInt(size) <= r.end) return [r.view, Number(addr - r.base)];
    }
    throw new InterpError(`unmapped access of ${size} bytes at 0x${BigInt.asUintN(64, addr).toString(16)}`);
  }

  /** Stack allocation for local buffers; released with popTo(). */
  stackAlloc(size: number, align: number): bigint {
    let a = this.sp - BigInt(size);
    a -= ((a % BigInt(align)) + BigInt(align)) % BigInt(align);
    if (a < this.stack.base) throw new InterpError("interpreter stack overflow");
    this.sp = a;
    this.stack.bytes.fill(0, Number(a - this.stack.base), Number(a - this.stack.base) + size);
    return a;
  }
  get stackPointer(): bigint {
    return this.sp;
  }
  popTo(sp: bigint): void {
    this.sp = sp;
  }

  load(width: number, addr: bigint): Value {
    switch (width) {
      case IR.MEMW_8: { const [v, o] = this.find(addr, 1); return v.getUint8(o); }
      case IR.MEMW_S8: { const [v, o] = this.find(addr, 1); return v.getInt8(o); }
      case IR.MEMW_16: { const [v, o] = this.find(addr, 2); return v.getUint16(o, true); }
      case IR.MEMW_S16: { const [v, o] = this.find(addr, 2); return v.getInt16(o, true); }
      case IR.MEMW_32: { const [v, o] = this.find(addr, 4); return v.getUint32(o, true); }
      case IR.MEMW_S32: { const [v, o] = this.find(addr, 4); return v.getInt32(o, true); }
      case IR.MEMW_64: { const [v, o] = this.find(addr, 8); return v.getBigInt64(o, true); }
      case IR.MEMW_F32: { const [v, o] = this.find(addr, 4); return v.getFloat32(o, true); }
      case IR.MEMW_F64: { const [v, o] = this.find(addr, 8); return v.getFloat64(o, true); }
    }
    throw new InterpError(`bad memory width ${width}`);
  }

  store(width: number, addr: bigint, value: Value): void {
    switch (width) {
      case IR.MEMW_8: case IR.MEMW_S8: { const [v, o] = this.find(addr, 1); v.setUint8(o, Number(BigInt.asUintN(8, BigInt(value)))); return; }
      case IR.MEMW_16: case IR.MEMW_S16: { const [v, o] = this.find(addr, 2); v.setUint16(o, Number(BigInt.asUintN(16, BigInt(value))), true); return; }
      case IR.MEMW_32: case IR.MEMW_S32: { const [v, o] = this.find(addr, 4); v.setUint32(o, Number(BigInt.asUintN(32, BigInt(value))), true); return; }
      case IR.MEMW_64: { const [v, o] = this.find(addr, 8); v.setBigInt64(o, BigInt.asIntN(64, BigInt(value)), true); return; }
      case IR.MEMW_F32: { const [v, o] = this.find(addr, 4); v.setFloat32(o, value as number, true); return; }
      case IR.MEMW_F64: { const [v, o] = this.find(addr, 8); v.setFloat64(o, value as number, true); return; }
    }
    throw new InterpError(`bad memory width ${width}`);
  }
}

export interface InterpOptions {
  memory?: InterpMemory;
  /** Calls to symbols that are not methods of the batch (runtime helpers, imports). */
  external?: (symbol: number, args: Value[]) => Value | undefined;
  /** Maps an address (CALLK_REG / CALLK_MEM targets, cells) to the symbol it stands for. */
  symbolAt?: (address: bigint) => number | undefined;
  /** The address of a symbol (OP_SYMBOL_ADDR). */
  symbolAddress?: (symbol: number) => bigint;
  /** Instructions executed before InterpError("step limit"); default 50 million. */
  maxSteps?: number;
  /** Nesting limit for calls; default 1000. */
  maxDepth?: number;
}

const MIN64 = -(1n << 63n);
const TWO63 = 9223372036854775808; // 2^63 as a double

const f32 = Math.fround;
const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** x86 cvttsd2si with a 64-bit destination: truncation, or MIN for NaN and out-of-range values. */
function cvtt64(x: number): bigint {
  if (!(x > -TWO63 - 1025 && x < TWO63)) return MIN64; // NaN fails both comparisons
  const t = Math.trunc(x);
  return t < -TWO63 ? MIN64 : BigInt(t);
}
/** x86 cvttsd2si with a 32-bit destination. */
function cvtt32(x: number): number {
  if (!(x > -2147483649 && x < 2147483648)) return -2147483648;
  return Math.trunc(x) | 0;
}

/** Integer -> f32 with one rounding (to nearest, ties to even), as cvtsi2ss does. */
function bigToF32(v: bigint): number {
  const neg = v < 0n;
  let m = neg ? -v : v;
  if (m < 1n << 53n) return f32(neg ? -Number(m) : Number(m)); // exact in a double: one rounding
  const bits = m.toString(2).length;
  const drop = BigInt(bits - 24);
  let q = m >> drop;
  const rest = m - (q << drop);
  const half = 1n << (drop - 1n);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  const r = Number(q) * 2 ** Number(drop); // exact: q has at most 25 bits
  return f32(neg ? -r : r);
}

function isIntTy(t: number): boolean {
  return t === IR.TY_I32 || t === IR.TY_I64 || t === IR.TY_PTR || t === IR.TY_REF;
}

interface Prepared {
  m: DecodedMethod;
  /** Block -> its instructions. */
  blocks: DecodedInst[][];
}

/** Interprets the methods of one batch (words as written for compileBatch). */
export class Interpreter {
  readonly methods: Prepared[] = [];
  private bySymbol = new Map<number, number>();
  readonly memory: InterpMemory;
  private steps = 0;
  private readonly maxSteps: number;
  private readonly maxDepth: number;

  constructor(batch: Int32Array, count: number, private readonly options: InterpOptions = {}) {
    for (let i = 0; i < count; i++) {
      const m = decodeMethod(batch, batch[i]! / 4);
      this.methods.push({ m, blocks: m.blocks });
      this.bySymbol.set(m.symbol, i);
    }
    this.memory = options.memory ?? new InterpMemory();
    this.maxSteps = options.maxSteps ?? 50_000_000;
    this.maxDepth = options.maxDepth ?? 1000;
  }

  /** Instructions executed so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Runs method `index` with `args` (i32/f32/f64 as numbers, 64-bit integers as bigint or number). */
  run(index: number, args: readonly Value[]): Value | undefined {
    return this.invoke(index, args, 0);
  }

  /** Runs the method whose IRM_SYMBOL is `symbol`. */
  runSymbol(symbol: number, args: readonly Value[]): Value | undefined {
    const i = this.bySymbol.get(symbol);
    if (i === undefined) throw new InterpError(`no method with symbol ${symbol}`);
    return this.run(i, args);
  }

  private callSymbol(symbol: number, args: Value[], depth: number): Value | undefined {
    const i = this.bySymbol.get(symbol);
    if (i !== undefined) return this.invoke(i, args, depth + 1);
    if (this.options.external) return this.options.external(symbol, args);
    throw new InterpError(`call to unknown symbol ${symbol}`);
  }

  private invoke(index: number, args: readonly Value[], depth: number): Value | undefined {
    if (depth > this.maxDepth) throw new InterpError("call depth limit");
    const p = this.methods[index];
    if (!p) throw new InterpError(`no method ${index}`);
    const m = p.m;
    if (args.length !== m.params.length) throw new InterpError(`method ${index} takes ${m.params.length} arguments, got ${args.length}`);
    const types = m.vregTypes;
    const regs: (Value | undefined)[] = new Array(types.length).fill(undefined);
    m.params.forEach((v, i) => (regs[v] = norm(types[v]!, args[i]!)));
    const mem = this.memory;
    const sp0 = mem.stackPointer;
    const slotAddr = m.slots.map((s) => mem.stackAlloc(s.size, s.align));
    const get = (v: number, ins: DecodedInst): Value => {
      const x = regs[v];
      if (x === undefined) throw new InterpError(`use of unassigned v${v} in ${formatInst(m, ins)}`);
      return x;
    };
    try {
      let block = 0;
      for (;;) {
        const list = p.blocks[block];
        if (!list) throw new InterpError(`bad block ${block}`);
        let next = -1;
        for (const ins of list) {
          if (++this.steps > this.maxSteps) throw new InterpError("step limit");
          const a = ins.args;
          const t = ins.type;
          switch (ins.op) {
            case IR.OP_NOP:
            case IR.OP_SAFEPOINT:
              break;
            case IR.OP_CONST:
              regs[a[0]!] = constValue(types[a[0]!]!, a[1]!, a[2]!);
              break;
            case IR.OP_MOV:
              regs[a[0]!] = get(a[1]!, ins);
              break;
            case IR.OP_ADD: case IR.OP_SUB: case IR.OP_MUL: case IR.OP_DIV: case IR.OP_DIV_U:
            case IR.OP_REM: case IR.OP_REM_U: case IR.OP_AND: case IR.OP_OR: case IR.OP_XOR:
            case IR.OP_SHL: case IR.OP_SHR: case IR.OP_SAR: case IR.OP_ROTL: case IR.OP_ROTR:
            case IR.OP_ADD_OVF: case IR.OP_SUB_OVF: case IR.OP_MUL_OVF:
              regs[a[0]!] = binary(ins.op, t, ins.aux, get(a[1]!, ins), get(a[2]!, ins), ins.index);
              break;
            case IR.OP_NEG: case IR.OP_NOT: case IR.OP_ABS: case IR.OP_SQRT:
              regs[a[0]!] = unary(ins.op, t, get(a[1]!, ins));
              break;
            case IR.OP_CMP:
              regs[a[0]!] = compare(ins.aux, t, get(a[1]!, ins), get(a[2]!, ins)) ? 1 : 0;
              break;
            case IR.OP_CONV:
              regs[a[0]!] = convert(ins.aux, types[a[1]!]!, t, get(a[1]!, ins));
              break;
            case IR.OP_CONV_OVF:
              regs[a[0]!] = convertChecked(ins.aux, types[a[1]!]!, t, get(a[1]!, ins), ins.index);
              break;
            case IR.OP_LOAD: {
              const addr = address(get(a[1]!, ins), a[2] === IR.IR_NONE ? 0n : (get(a[2]!, ins) as bigint), a[3]!, a[4]!);
              regs[a[0]!] = norm(t, mem.load(ins.aux, addr));
              break;
            }
            case IR.OP_STORE: {
              const addr = address(get(a[1]!, ins), a[2] === IR.IR_NONE ? 0n : (get(a[2]!, ins) as bigint), a[3]!, a[4]!);
              mem.store(ins.aux, addr, get(a[0]!, ins));
              break;
            }
            case IR.OP_SLOT_ADDR:
              regs[a[0]!] = slotAddr[a[1]!]!;
              break;
            case IR.OP_SYMBOL_ADDR: {
              if (!this.options.symbolAddress) throw new InterpError(`no address for symbol ${a[1]} (no symbolAddress option)`);
              regs[a[0]!] = this.options.symbolAddress(a[1]!);
              break;
            }
            case IR.OP_CALL: {
              const n = a[3]!;
              const args: Value[] = [];
              for (let i = 0; i < n; i++) args.push(get(a[4 + i]!, ins));
              let sym: number | undefined;
              if (ins.aux === IR.CALLK_DIRECT || ins.aux === IR.CALLK_CELL) sym = a[1]!;
              else {
                let addr = get(a[1]!, ins) as bigint;
                if (ins.aux === IR.CALLK_MEM) addr = mem.load(IR.MEMW_64, addr + BigInt(a[2]!)) as bigint;
                sym = this.options.symbolAt?.(addr);
                if (sym === undefined) throw new InterpError(`call to unknown address 0x${u64(addr).toString(16)}`);
              }
              const r = this.callSymbol(sym, args, depth);
              if (a[0] !== IR.IR_NONE) {
                if (r === undefined) throw new InterpError(`call to symbol ${sym} returned nothing`);
                regs[a[0]!] = norm(t, r);
              }
              break;
            }
            case IR.OP_JUMP:
              next = a[0]!;
              break;
            case IR.OP_BR:
              next = (get(a[0]!, ins) as number) !== 0 ? a[1]! : a[2]!;
              break;
            case IR.OP_BRCMP:
              next = compare(ins.aux, t, get(a[0]!, ins), get(a[1]!, ins)) ? a[2]! : a[3]!;
              break;
            case IR.OP_SWITCH: {
              const i = (get(a[0]!, ins) as number) >>> 0;
              next = i < a[2]! ? a[3 + i]! : a[1]!;
              break;
            }
            case IR.OP_RET:
              return a[0] === IR.IR_NONE ? undefined : get(a[0]!, ins);
            case IR.OP_UNREACHABLE:
              throw new InterpError(`reached unreachable at IR instruction ${ins.index}`);
            default:
              throw new InterpError(`bad opcode ${ins.op}`);
          }
        }
        if (next < 0) throw new InterpError(`block b${block} fell through`);
        block = next;
      }
    } finally {
      mem.popTo(sp0);
    }
  }
}

function address(base: Value, index: bigint, disp: number, scale: number): bigint {
  return i64((base as bigint) + (index << BigInt(scale)) + BigInt(disp));
}

/** Normalises a value to its type's representation. */
export function norm(t: number, v: Value): Value {
  switch (t) {
    case IR.TY_I32:
      return Number(BigInt.asIntN(32, BigInt(v)));
    case IR.TY_I64: case IR.TY_PTR: case IR.TY_REF:
      return i64(BigInt(v));
    case IR.TY_F32:
      return f32(Number(v));
    case IR.TY_F64:
      return Number(v);
  }
  throw new InterpError(`bad type ${t}`);
}

function constValue(t: number, lo: number, hi: number): Value {
  if (t === IR.TY_I32) return lo | 0;
  if (t === IR.TY_F32) {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setInt32(0, lo, true);
    return dv.getFloat32(0, true);
  }
  if (t === IR.TY_F64) {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setInt32(0, lo, true);
    dv.setInt32(4, hi, true);
    return dv.getFloat64(0, true);
  }
  return i64((BigInt(hi) << 32n) | BigInt(lo >>> 0));
}

function binary(op: number, t: number, aux: number, x: Value, y: Value, at: number): Value {
  if (t === IR.TY_F32 || t === IR.TY_F64) {
    const a = x as number, b = y as number;
    let r: number;
    switch (op) {
      case IR.OP_ADD: r = a + b; break;
      case IR.OP_SUB: r = a - b; break;
      case IR.OP_MUL: r = a * b; break;
      case IR.OP_DIV: r = a / b; break;
      default: throw new InterpError(`opcode ${op} has no float form`);
    }
    return t === IR.TY_F32 ? f32(r) : r;
  }
  if (t === IR.TY_I32) {
    const a = x as number, b = y as number;
    switch (op) {
      case IR.OP_ADD: return (a + b) | 0;
      case IR.OP_SUB: return (a - b) | 0;
      case IR.OP_MUL: return Math.imul(a, b);
      case IR.OP_DIV:
        if (b === 0) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
        if (a === -2147483648 && b === -1) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
        return (a / b) | 0;
      case IR.OP_REM:
        if (b === 0) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
        if (a === -2147483648 && b === -1) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
        return (a % b) | 0;
      case IR.OP_DIV_U:
        if (b === 0) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
        return Math.floor((a >>> 0) / (b >>> 0)) | 0;
      case IR.OP_REM_U:
        if (b === 0) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
        return ((a >>> 0) % (b >>> 0)) | 0;
      case IR.OP_AND: return a & b;
      case IR.OP_OR: return a | b;
      case IR.OP_XOR: return a ^ b;
      case IR.OP_SHL: return a << (b & 31);
      case IR.OP_SHR: return (a >>> (b & 31)) | 0;
      case IR.OP_SAR: return a >> (b & 31);
      case IR.OP_ROTL: { const c = b & 31; return c === 0 ? a : (a << c) | (a >>> (32 - c)); }
      case IR.OP_ROTR: { const c = b & 31; return c === 0 ? a : (a >>> c) | (a << (32 - c)); }
      case IR.OP_ADD_OVF: case IR.OP_SUB_OVF: case IR.OP_MUL_OVF: {
        const [p, q] = aux ? [BigInt(a >>> 0), BigInt(b >>> 0)] : [BigInt(a), BigInt(b)];
        const r = op === IR.OP_ADD_OVF ? p + q : op === IR.OP_SUB_OVF ? p - q : p * q;
        const ok = aux ? r >= 0n && r <= 0xffffffffn : r >= -(1n << 31n) && r < 1n << 31n;
        if (!ok) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
        return Number(BigInt.asIntN(32, r));
      }
    }
    throw new InterpError(`opcode ${op} has no i32 form`);
  }
  const a = x as bigint, b = y as bigint;
  switch (op) {
    case IR.OP_ADD: return i64(a + b);
    case IR.OP_SUB: return i64(a - b);
    case IR.OP_MUL: return i64(a * b);
    case IR.OP_DIV:
      if (b === 0n) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
      if (a === MIN64 && b === -1n) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
      return a / b;
    case IR.OP_REM:
      if (b === 0n) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
      if (a === MIN64 && b === -1n) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
      return a % b;
    case IR.OP_DIV_U:
      if (b === 0n) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
      return i64(u64(a) / u64(b));
    case IR.OP_REM_U:
      if (b === 0n) throw new IRTrap(IR.HELPER_THROW_DIVIDE_BY_ZERO, at);
      return i64(u64(a) % u64(b));
    case IR.OP_AND: return a & b;
    case IR.OP_OR: return a | b;
    case IR.OP_XOR: return a ^ b;
    case IR.OP_SHL: return i64(a << (b & 63n));
    case IR.OP_SHR: return i64(u64(a) >> (b & 63n));
    case IR.OP_SAR: return a >> (b & 63n);
    case IR.OP_ROTL: { const c = b & 63n; return c === 0n ? a : i64((u64(a) << c) | (u64(a) >> (64n - c))); }
    case IR.OP_ROTR: { const c = b & 63n; return c === 0n ? a : i64((u64(a) >> c) | (u64(a) << (64n - c))); }
    case IR.OP_ADD_OVF: case IR.OP_SUB_OVF: case IR.OP_MUL_OVF: {
      const [p, q] = aux ? [u64(a), u64(b)] : [a, b];
      const r = op === IR.OP_ADD_OVF ? p + q : op === IR.OP_SUB_OVF ? p - q : p * q;
      const ok = aux ? r >= 0n && r < 1n << 64n : r >= MIN64 && r < 1n << 63n;
      if (!ok) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
      return i64(r);
    }
  }
  throw new InterpError(`opcode ${op} has no 64-bit form`);
}

function unary(op: number, t: number, x: Value): Value {
  if (t === IR.TY_F32 || t === IR.TY_F64) {
    const a = x as number;
    let r: number;
    switch (op) {
      case IR.OP_NEG: r = -a; break;
      case IR.OP_ABS: r = Math.abs(a); break;
      case IR.OP_SQRT: r = Math.sqrt(a); break;
      default: throw new InterpError(`opcode ${op} has no float form`);
    }
    return t === IR.TY_F32 ? f32(r) : r;
  }
  if (t === IR.TY_I32) {
    if (op === IR.OP_NEG) return -(x as number) | 0;
    if (op === IR.OP_NOT) return ~(x as number);
  } else {
    if (op === IR.OP_NEG) return i64(-(x as bigint));
    if (op === IR.OP_NOT) return ~(x as bigint);
  }
  throw new InterpError(`opcode ${op} has no integer form`);
}

/** `a cc b` for the type. */
export function compare(cc: number, t: number, x: Value, y: Value): boolean {
  if (t === IR.TY_F32 || t === IR.TY_F64) {
    const a = x as number, b = y as number;
    const un = Number.isNaN(a) || Number.isNaN(b);
    switch (cc) {
      case IR.CC_EQ: return a === b;
      case IR.CC_NE: return a !== b;
      case IR.CC_LT: return a < b;
      case IR.CC_LE: return a <= b;
      case IR.CC_GT: return a > b;
      case IR.CC_GE: return a >= b;
      case IR.CC_LT_U: return un || a < b;
      case IR.CC_LE_U: return un || a <= b;
      case IR.CC_GT_U: return un || a > b;
      case IR.CC_GE_U: return un || a >= b;
    }
    throw new InterpError(`bad condition ${cc}`);
  }
  let a: bigint, b: bigint, ua: bigint, ub: bigint;
  if (t === IR.TY_I32) {
    a = BigInt(x as number); b = BigInt(y as number);
    ua = BigInt((x as number) >>> 0); ub = BigInt((y as number) >>> 0);
  } else {
    a = x as bigint; b = y as bigint; ua = u64(a); ub = u64(b);
  }
  switch (cc) {
    case IR.CC_EQ: return a === b;
    case IR.CC_NE: return a !== b;
    case IR.CC_LT: return a < b;
    case IR.CC_LE: return a <= b;
    case IR.CC_GT: return a > b;
    case IR.CC_GE: return a >= b;
    case IR.CC_LT_U: return ua < ub;
    case IR.CC_LE_U: return ua <= ub;
    case IR.CC_GT_U: return ua > ub;
    case IR.CC_GE_U: return ua >= ub;
  }
  throw new InterpError(`bad condition ${cc}`);
}

function convert(kind: number, from: number, to: number, v: Value): Value {
  const toInt = (big: bigint): Value => (to === IR.TY_I32 ? Number(BigInt.asIntN(32, big)) : i64(big));
  const asBig = (): bigint => (from === IR.TY_I32 ? BigInt(v as number) : (v as bigint));
  switch (kind) {
    case IR.CV_SEXT8: return toInt(BigInt.asIntN(8, asBig()));
    case IR.CV_SEXT16: return toInt(BigInt.asIntN(16, asBig()));
    case IR.CV_ZEXT8: return toInt(BigInt.asUintN(8, asBig()));
    case IR.CV_ZEXT16: return toInt(BigInt.asUintN(16, asBig()));
    case IR.CV_SEXT32: return toInt(BigInt.asIntN(32, asBig()));
    case IR.CV_ZEXT32: return toInt(BigInt.asUintN(32, asBig()));
    case IR.CV_WRAP: return toInt(asBig());
    case IR.CV_S_TO_F:
    case IR.CV_U_TO_F: {
      let big = asBig();
      if (kind === IR.CV_U_TO_F) big = from === IR.TY_I32 ? BigInt.asUintN(32, big) : u64(big);
      return to === IR.TY_F32 ? bigToF32(big) : Number(big);
    }
    case IR.CV_F_TO_S:
      return to === IR.TY_I32 ? cvtt32(v as number) : cvtt64(v as number);
    case IR.CV_F_TO_U: {
      const x = v as number;
      if (to === IR.TY_I32) return Number(BigInt.asIntN(32, cvtt64(x)));
      if (Number.isNaN(x) || x < TWO63) return cvtt64(x);
      return i64(cvtt64(x - TWO63) ^ MIN64);
    }
    case IR.CV_F_TO_F:
      return to === IR.TY_F32 ? f32(v as number) : (v as number);
    case IR.CV_BITCAST: {
      const dv = new DataView(new ArrayBuffer(8));
      if (from === IR.TY_F32) { dv.setFloat32(0, v as number, true); return dv.getInt32(0, true); }
      if (from === IR.TY_F64) { dv.setFloat64(0, v as number, true); return dv.getBigInt64(0, true); }
      if (from === IR.TY_I32) { dv.setInt32(0, v as number, true); return dv.getFloat32(0, true); }
      dv.setBigInt64(0, v as bigint, true);
      return dv.getFloat64(0, true);
    }
  }
  throw new InterpError(`bad conversion ${kind} from ${from} to ${to}`);
}

const OVT_RANGES: [bigint, bigint][] = [
  [-128n, 127n], [0n, 255n], [-32768n, 32767n], [0n, 65535n],
  [-(1n << 31n), (1n << 31n) - 1n], [0n, (1n << 32n) - 1n], [MIN64, (1n << 63n) - 1n], [0n, (1n << 64n) - 1n],
];

function convertChecked(aux: number, from: number, to: number, v: Value, at: number): Value {
  const target = aux & 7;
  const [lo, hi] = OVT_RANGES[target]!;
  let x: bigint;
  if (from === IR.TY_F32 || from === IR.TY_F64) {
    const f = v as number;
    if (Number.isNaN(f)) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
    const t = Math.trunc(f);
    // Exact comparison against the bounds: every integer-valued double converts exactly.
    if (!Number.isFinite(t)) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
    x = BigInt(t);
  } else {
    x = from === IR.TY_I32 ? BigInt(v as number) : (v as bigint);
    if (aux & IR.OVT_UNSIGNED_SRC) x = from === IR.TY_I32 ? BigInt.asUintN(32, x) : u64(x);
  }
  if (x < lo || x > hi) throw new IRTrap(IR.HELPER_THROW_OVERFLOW, at);
  return to === IR.TY_I32 ? Number(BigInt.asIntN(32, x)) : i64(x);
}

export { isIntTy };
