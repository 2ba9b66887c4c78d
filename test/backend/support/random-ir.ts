// Seeded random IR functions for differential testing (compiled code vs the interpreter).
// Structured generation keeps every program well formed and terminating: every variable is
// assigned in the entry block before any other statement (definite assignment), loops count a
// private counter up to a small constant, calls only go to functions generated earlier (a DAG),
// and divisors that are not constants are forced non-zero (and never -1 for signed division) so
// no path can reach the hardware's divide fault.
import * as IR from "../../../core-as/shared/ir-layout.js";
import { MethodBuilder, type VReg, type Ty } from "../../../host/codegen/ir-builder.js";

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed >>> 0) || 0x9e3779b9;
  }
  next(): number {
    let s = this.s;
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    this.s = s;
    return s;
  }
  int(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 4294967296 < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
}

export interface Signature {
  symbol: number;
  params: Ty[];
  ret: Ty;
}

export interface GenOptions {
  /** Statements in the function body (roughly). */
  statements: number;
  maxDepth: number;
  floats: boolean;
  memory: boolean;
  calls: Signature[];
  /** Overflow-checked arithmetic and conversions (may trap through a helper). */
  checked: boolean;
  switches: boolean;
  /** Keep adding top-level statements until the budget is spent (large methods). */
  fill?: boolean;
}

const INT_EDGES = [0, 1, -1, 2, 3, 7, 31, 32, 63, 64, 127, 128, 255, 256, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, 1000003];
const I64_EDGES = [0n, 1n, -1n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n, 123456789012345n];
const F_EDGES = [0, -0, 1, -1, 0.5, 1.5, -2.5, 3.75, 1e10, -1e-10, 2147483647.5, 4294967296, 9.2e18, 1.8e19, Infinity, -Infinity, NaN, 1e300, 5e-324];

export function randomInt(r: Rng, t: Ty): number | bigint {
  if (t === IR.TY_I32) {
    if (r.chance(0.4)) return r.pick(INT_EDGES);
    return r.chance(0.5) ? (r.next() | 0) : r.int(200) - 100;
  }
  if (r.chance(0.4)) return r.pick(I64_EDGES);
  if (r.chance(0.5)) return BigInt.asIntN(64, (BigInt(r.next()) << 32n) | BigInt(r.next()));
  return BigInt(r.int(2000) - 1000);
}

export function randomFloat(r: Rng, t: Ty): number {
  const v = r.chance(0.4) ? r.pick(F_EDGES) : r.chance(0.5) ? (r.int(20001) - 10000) / 64 : (r.next() / 4294967296 - 0.5) * 2 ** (r.int(80) - 40);
  return t === IR.TY_F32 ? Math.fround(v) : v;
}

export function randomValue(r: Rng, t: Ty): number | bigint {
  return t === IR.TY_F32 || t === IR.TY_F64 ? randomFloat(r, t) : randomInt(r, t);
}

const isF = (t: Ty) => t === IR.TY_F32 || t === IR.TY_F64;

/** Generates one function with signature `sig`. */
export function randomFunction(r: Rng, sig: Signature, o: GenOptions): Int32Array {
  const g = new Gen(r, sig, o);
  return g.build();
}

/** A random signature (1-9 parameters: enough for stack arguments sometimes). */
export function randomSignature(r: Rng, symbol: number, floats: boolean): Signature {
  const types: Ty[] = floats ? [IR.TY_I32, IR.TY_I64, IR.TY_F64, IR.TY_I32, IR.TY_F32] : [IR.TY_I32, IR.TY_I64];
  const n = r.chance(0.15) ? 7 + r.int(4) : 1 + r.int(5);
  const params = Array.from({ length: n }, () => r.pick(types));
  return { symbol, params, ret: r.pick(types) };
}

class Gen {
  private f: MethodBuilder;
  private vars: { v: VReg; t: Ty }[] = [];
  private intSlot = -1;
  private floatSlot = -1;
  private intBuf: VReg = -1;
  private floatBuf: VReg = -1;
  private budget: number;

  constructor(private r: Rng, private sig: Signature, private o: GenOptions) {
    this.f = new MethodBuilder(sig.params, sig.ret, sig.symbol);
    this.budget = o.statements;
  }

  build(): Int32Array {
    const f = this.f;
    f.params.forEach((p, i) => this.vars.push({ v: p, t: this.sig.params[i]! }));
    // A few more variables, all assigned in the entry block.
    const extra = 2 + this.r.int(4);
    for (let i = 0; i < extra; i++) {
      const t = this.pickType();
      this.vars.push({ v: f.const(t, randomValue(this.r, t)), t });
    }
    if (this.o.memory) {
      this.intSlot = f.newSlot(64, 8);
      this.floatSlot = f.newSlot(64, 16);
      this.intBuf = f.slotAddr(this.intSlot);
      this.floatBuf = f.slotAddr(this.floatSlot);
      // Initialise the buffers: loads must not read uninitialised bytes (the interpreter zeroes its stack).
      for (let k = 0; k < 8; k++) f.store(IR.MEMW_64, f.const(IR.TY_I64, randomInt(this.r, IR.TY_I64)), this.intBuf, IR.IR_NONE, 0, k * 8);
      for (let k = 0; k < 8; k++) f.store(IR.MEMW_F64, f.const(IR.TY_F64, randomFloat(this.r, IR.TY_F64)), this.floatBuf, IR.IR_NONE, 0, k * 8);
    }
    this.block(0);
    while (this.o.fill && this.budget > 0) this.statement(0);
    f.ret(this.expr(this.sig.ret, 0));
    return f.finish();
  }

  private pickType(): Ty {
    if (!this.o.floats) return this.r.chance(0.5) ? IR.TY_I32 : IR.TY_I64;
    return this.r.pick([IR.TY_I32, IR.TY_I32, IR.TY_I64, IR.TY_I64, IR.TY_F64, IR.TY_F64, IR.TY_F32]);
  }

  private block(depth: number): void {
    const n = 1 + this.r.int(4);
    for (let i = 0; i < n && this.budget > 0; i++) this.statement(depth);
  }

  private statement(depth: number): void {
    this.budget--;
    const r = this.r;
    const k = r.int(100);
    if (depth < this.o.maxDepth && k < 14) return this.ifElse(depth);
    if (depth < this.o.maxDepth && k < 24) return this.loop(depth);
    if (depth < this.o.maxDepth && this.o.switches && k < 30) return this.switchStmt(depth);
    if (this.o.calls.length && k < 38) return this.callStmt();
    if (this.o.memory && k < 48) return this.storeStmt();
    // Assignment.
    const dst = r.pick(this.vars);
    const e = this.expr(dst.t, 0);
    this.f.mov(dst.v, e);
  }

  private cond(): { cc: number; a: VReg; b: VReg } {
    const t = this.pickType();
    const a = this.expr(t, 1);
    const b = this.r.chance(0.3) ? this.f.const(t, isF(t) ? 0 : 0) : this.expr(t, 1);
    return { cc: this.r.int(IR.CC_COUNT), a, b };
  }

  private branch(thenB: number, elseB: number): void {
    const c = this.cond();
    if (this.r.chance(0.5)) this.f.brcmp(c.cc, c.a, c.b, thenB, elseB);
    else this.f.br(this.f.cmp(c.cc, c.a, c.b), thenB, elseB);
  }

  private ifElse(depth: number): void {
    const f = this.f;
    const thenB = f.newBlock(), elseB = this.r.chance(0.6) ? f.newBlock() : -1, join = f.newBlock();
    this.branch(thenB, elseB >= 0 ? elseB : join);
    f.setBlock(thenB);
    this.block(depth + 1);
    f.jump(join);
    if (elseB >= 0) {
      f.setBlock(elseB);
      this.block(depth + 1);
      f.jump(join);
    }
    f.setBlock(join);
  }

  private loop(depth: number): void {
    const f = this.f;
    const i = f.const(IR.TY_I32, 0);
    const n = f.const(IR.TY_I32, 1 + this.r.int(depth === 0 ? 6 : 3));
    const head = f.newBlock(), body = f.newBlock(), exit = f.newBlock();
    f.jump(head);
    f.setBlock(head);
    f.brcmp(IR.CC_LT, i, n, body, exit);
    f.setBlock(body);
    this.block(depth + 1);
    // Sometimes leave early (a second exit edge into `exit`).
    if (this.r.chance(0.2)) {
      const cont = f.newBlock();
      this.branch(exit, cont);
      f.setBlock(cont);
    }
    f.binaryInto(IR.OP_ADD, i, i, f.const(IR.TY_I32, 1));
    f.jump(head);
    f.setBlock(exit);
  }

  private switchStmt(depth: number): void {
    const f = this.f;
    const n = 1 + this.r.int(6);
    const cases = Array.from({ length: n }, () => f.newBlock());
    const dflt = f.newBlock(), join = f.newBlock();
    const targets = Array.from({ length: n + this.r.int(3) }, () => (this.r.chance(0.8) ? this.r.pick(cases) : this.r.chance(0.5) ? dflt : join));
    const idx = this.r.chance(0.7) ? f.and(this.expr(IR.TY_I32, 1), f.const(IR.TY_I32, 7)) : this.expr(IR.TY_I32, 1);
    f.switch(idx, dflt, targets);
    for (const c of [...cases, dflt]) {
      f.setBlock(c);
      this.block(depth + 1);
      f.jump(join);
    }
    f.setBlock(join);
  }

  private callStmt(): void {
    const f = this.f;
    const callee = this.r.pick(this.o.calls);
    const args = callee.params.map((t) => this.expr(t, 1));
    const res = f.call(IR.CALLK_DIRECT, callee.symbol, args, callee.ret);
    const same = this.vars.filter((x) => x.t === callee.ret);
    if (same.length) f.mov(this.r.pick(same).v, res);
  }

  private index(): VReg {
    // (e & 7): an in-bounds element index, as a 64-bit value for the addressing mode.
    const e = this.f.and(this.expr(IR.TY_I32, 1), this.f.const(IR.TY_I32, 7));
    return this.f.conv(this.r.chance(0.5) ? IR.CV_ZEXT32 : IR.CV_SEXT32, IR.TY_I64, e);
  }

  private storeStmt(): void {
    const f = this.f;
    if (this.o.floats && this.r.chance(0.4)) {
      f.store(IR.MEMW_F64, this.expr(IR.TY_F64, 1), this.floatBuf, this.index(), 3, 0);
      return;
    }
    const t = this.r.chance(0.5) ? IR.TY_I64 : IR.TY_I32;
    const widths = t === IR.TY_I64 ? [IR.MEMW_8, IR.MEMW_16, IR.MEMW_32, IR.MEMW_64] : [IR.MEMW_8, IR.MEMW_16, IR.MEMW_32];
    const w = this.r.pick(widths);
    const v = this.expr(t, 1);
    if (this.r.chance(0.5)) {
      f.store(w, v, this.intBuf, this.index(), 3, 0);
    } else {
      // Address arithmetic in the IR (exercises addressing-mode folding): buf + (i << 3) + 0.
      const off = f.shl(this.index(), f.const(IR.TY_I64, 3));
      f.store(w, v, f.add(this.intBuf, off));
    }
  }

  private leaf(t: Ty): VReg {
    const same = this.vars.filter((x) => x.t === t);
    if (same.length && this.r.chance(0.7)) return this.r.pick(same).v;
    return this.f.const(t, randomValue(this.r, t));
  }

  private expr(t: Ty, depth: number): VReg {
    if (depth >= 3 || this.r.chance(0.25)) return this.leaf(t);
    return isF(t) ? this.floatExpr(t, depth) : this.intExpr(t, depth);
  }

  private intExpr(t: Ty, depth: number): VReg {
    const f = this.f, r = this.r;
    const k = r.int(100);
    const sub = () => this.expr(t, depth + 1);
    if (k < 30) {
      const op = r.pick([IR.OP_ADD, IR.OP_ADD, IR.OP_SUB, IR.OP_MUL, IR.OP_AND, IR.OP_OR, IR.OP_XOR]);
      return f.binary(op, sub(), r.chance(0.3) ? f.const(t, randomInt(r, t)) : sub());
    }
    if (k < 40) {
      const op = r.pick([IR.OP_SHL, IR.OP_SHR, IR.OP_SAR, IR.OP_ROTL, IR.OP_ROTR]);
      return f.binary(op, sub(), r.chance(0.6) ? f.const(t, r.int(70)) : sub());
    }
    if (k < 52) {
      const op = r.pick([IR.OP_DIV, IR.OP_DIV_U, IR.OP_REM, IR.OP_REM_U]);
      const signed = op === IR.OP_DIV || op === IR.OP_REM;
      if (r.chance(0.6)) {
        // A constant divisor: powers of two, small odd numbers, large values; never 0 or -1.
        let c: number | bigint = r.pick([2, 3, 5, 6, 7, 8, 10, 12, 16, 25, 60, 100, 641, 1000, 65536, 0x7fffffff, -2, -3, -7, -8, -10, -1000]);
        if (r.chance(0.2)) c = randomInt(r, t);
        if (BigInt(c) === 0n || BigInt(c) === -1n || (t === IR.TY_I32 && BigInt.asIntN(32, BigInt(c)) === -1n)) c = 3;
        return f.binary(op, sub(), f.const(t, c));
      }
      // A variable divisor made non-zero (and, signed, never -1: bit 1 cleared, bit 0 set).
      const b = sub();
      const guarded = signed ? f.or(f.and(b, f.const(t, -3)), f.const(t, 1)) : f.or(b, f.const(t, 1));
      return f.binary(op, sub(), guarded);
    }
    if (k < 58) return f.unary(r.chance(0.5) ? IR.OP_NEG : IR.OP_NOT, sub());
    if (k < 66) {
      // Integer conversions.
      const other = t === IR.TY_I32 ? IR.TY_I64 : IR.TY_I32;
      const src = this.expr(r.chance(0.5) ? other : t, depth + 1);
      const st = f.typeOf(src);
      if (st === t) return f.conv(r.pick([IR.CV_SEXT8, IR.CV_SEXT16, IR.CV_ZEXT8, IR.CV_ZEXT16]), t, src);
      if (t === IR.TY_I32) return f.conv(IR.CV_WRAP, t, src);
      return f.conv(r.chance(0.5) ? IR.CV_SEXT32 : IR.CV_ZEXT32, t, src);
    }
    if (k < 74) {
      const c = this.cond();
      const v = f.cmp(c.cc, c.a, c.b);
      return t === IR.TY_I32 ? v : f.conv(IR.CV_ZEXT32, t, v);
    }
    if (k < 78 && this.o.floats) {
      const ft = r.chance(0.7) ? IR.TY_F64 : IR.TY_F32;
      return f.conv(r.chance(0.6) ? IR.CV_F_TO_S : IR.CV_F_TO_U, t, this.expr(ft, depth + 1));
    }
    if (k < 86 && this.o.memory) {
      const to64 = t !== IR.TY_I32;
      const w = r.pick(to64 ? [IR.MEMW_8, IR.MEMW_S8, IR.MEMW_16, IR.MEMW_S16, IR.MEMW_32, IR.MEMW_S32, IR.MEMW_64] : [IR.MEMW_8, IR.MEMW_S8, IR.MEMW_16, IR.MEMW_S16, IR.MEMW_32]);
      return f.load(w, t, this.intBuf, this.index(), 3, 0);
    }
    if (k < 90 && this.o.checked) {
      const op = r.pick([IR.OP_ADD_OVF, IR.OP_SUB_OVF, IR.OP_MUL_OVF]);
      return f.binary(op, sub(), sub(), r.int(2));
    }
    if (k < 93 && this.o.checked) {
      const target = t === IR.TY_I32 ? r.int(6) : 6 + r.int(2);
      if (this.o.floats && r.chance(0.4)) {
        // Float sources: near the target's bounds often enough that both outcomes occur.
        const ft = r.chance(0.7) ? IR.TY_F64 : IR.TY_F32;
        const bits = 8 << (target >> 1), signed = (target & 1) === 0;
        const edge = signed ? (r.chance(0.5) ? -(2 ** (bits - 1)) : 2 ** (bits - 1)) : r.chance(0.5) ? 0 : 2 ** bits;
        const near = edge + (r.int(5) - 2) * (r.chance(0.5) ? 0.5 : Math.max(1, 2 ** (bits - 53)));
        const src = r.chance(0.5) ? f.const(ft, ft === IR.TY_F32 ? Math.fround(near) : near) : this.expr(ft, depth + 1);
        return f.convOvf(target, t, src);
      }
      const src = this.expr(r.chance(0.5) ? IR.TY_I32 : IR.TY_I64, depth + 1);
      return f.convOvf(target, t, src, r.chance(0.4));
    }
    return this.leaf(t);
  }

  private floatExpr(t: Ty, depth: number): VReg {
    const f = this.f, r = this.r;
    const k = r.int(100);
    const sub = () => this.expr(t, depth + 1);
    if (k < 45) return f.binary(r.pick([IR.OP_ADD, IR.OP_SUB, IR.OP_MUL, IR.OP_DIV]), sub(), r.chance(0.25) ? f.const(t, randomFloat(r, t)) : sub());
    if (k < 55) return f.unary(r.pick([IR.OP_NEG, IR.OP_ABS, IR.OP_SQRT]), sub());
    if (k < 70) {
      const it = r.chance(0.5) ? IR.TY_I32 : IR.TY_I64;
      return f.conv(r.chance(0.6) ? IR.CV_S_TO_F : IR.CV_U_TO_F, t, this.expr(it, depth + 1));
    }
    if (k < 78) return f.conv(IR.CV_F_TO_F, t, this.expr(t === IR.TY_F64 ? IR.TY_F32 : IR.TY_F64, depth + 1));
    if (k < 88 && this.o.memory && t === IR.TY_F64) return f.load(IR.MEMW_F64, t, this.floatBuf, this.index(), 3, 0);
    return this.leaf(t);
  }
}
