// Every arithmetic, logic, shift and compare operation, in every operand shape isel treats
// differently (register/register, register/constant, constant/register — immediates, lea forms,
// `neg` for 0 - x, `not` for x ^ -1, movzx masks, shifts and lea for multiplies, `test` for
// compares with zero, swapped compares), on edge values: compiled results equal the interpreter's.
import { describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder, packBatch, type Ty } from "../../host/codegen/ir-builder.js";
import { Interpreter, type Value } from "../../host/codegen/ir-interp.js";
import { allocModes, compileMethods, link, sameValue, type AllocMode } from "./support/harness.js";

const { TY_I32, TY_I64, TY_F32, TY_F64 } = IR;

const INT_CONSTS: bigint[] = [0n, 1n, -1n, 2n, 3n, 5n, 7n, 8n, 9n, 31n, 32n, 63n, 64n, 0xffn, 0xffffn, 0x7fffffffn, -0x80000000n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n, 1000003n];
const FLOAT_CONSTS = [0, -0, 1, -1.5, 0.1, 1e300, NaN, Infinity, -Infinity];

const asInt = (t: Ty, x: bigint): Value => (t === TY_I32 ? Number(BigInt.asIntN(32, x)) : BigInt.asIntN(64, x));
const intValues = (t: Ty): Value[] => INT_CONSTS.map((x) => asInt(t, x));
const floatValues = (t: Ty): Value[] => [...FLOAT_CONSTS, 2.5, -3, 1e-310].map((x) => (t === TY_F32 ? Math.fround(x) : x));

interface Case {
  params: Ty[];
  ret: Ty;
  build: (f: MethodBuilder) => void;
  inputs: Value[][];
}

function binaryCases(ops: number[], types: Ty[], consts: (t: Ty) => Value[], values: (t: Ty) => Value[]): Case[] {
  const out: Case[] = [];
  for (const t of types) {
    const vals = values(t);
    const pairs = vals.flatMap((a) => vals.map((b) => [a, b]));
    for (const op of ops) {
      out.push({ params: [t, t], ret: t, build: (f) => f.ret(f.binary(op, f.params[0]!, f.params[1]!)), inputs: pairs });
      for (const c of consts(t)) {
        out.push({ params: [t], ret: t, build: (f) => f.ret(f.binary(op, f.params[0]!, f.const(t, c as number | bigint))), inputs: vals.map((a) => [a]) });
        out.push({ params: [t], ret: t, build: (f) => f.ret(f.binary(op, f.const(t, c as number | bigint), f.params[0]!)), inputs: vals.map((a) => [a]) });
      }
    }
  }
  return out;
}

function compareCases(): Case[] {
  const out: Case[] = [];
  for (const t of [TY_I32, TY_I64, TY_F32, TY_F64]) {
    const fl = t === TY_F32 || t === TY_F64;
    const vals = fl ? floatValues(t) : intValues(t);
    const consts = fl ? [0, 1, NaN] : [0n, 1n, -1n, 0x7fffffffn];
    const pairs = vals.flatMap((a) => vals.map((b) => [a, b]));
    for (let cc = 0; cc < IR.CC_COUNT; cc++) {
      // As a value, and as a branch (fused compare and branch).
      out.push({ params: [t, t], ret: TY_I32, build: (f) => f.ret(f.cmp(cc, f.params[0]!, f.params[1]!)), inputs: pairs });
      out.push({
        params: [t, t], ret: TY_I32, inputs: pairs,
        build: (f) => {
          const y = f.newBlock(), n = f.newBlock();
          f.brcmp(cc, f.params[0]!, f.params[1]!, y, n);
          f.setBlock(y);
          f.ret(f.const(TY_I32, 10));
          f.setBlock(n);
          f.ret(f.const(TY_I32, 20));
        },
      });
      for (const c of consts) {
        out.push({ params: [t], ret: TY_I32, build: (f) => f.ret(f.cmp(cc, f.params[0]!, f.const(t, c))), inputs: vals.map((a) => [a]) });
        out.push({ params: [t], ret: TY_I32, build: (f) => f.ret(f.cmp(cc, f.const(t, c), f.params[0]!)), inputs: vals.map((a) => [a]) });
        out.push({
          params: [t], ret: TY_I32, inputs: vals.map((a) => [a]),
          build: (f) => {
            const y = f.newBlock(), n = f.newBlock();
            f.br(f.cmp(cc, f.const(t, c), f.params[0]!), y, n);
            f.setBlock(y);
            f.ret(f.const(TY_I32, 1));
            f.setBlock(n);
            f.ret(f.const(TY_I32, 2));
          },
        });
      }
    }
  }
  return out;
}

function unaryCases(): Case[] {
  const out: Case[] = [];
  for (const t of [TY_I32, TY_I64]) for (const op of [IR.OP_NEG, IR.OP_NOT]) out.push({ params: [t], ret: t, build: (f) => f.ret(f.unary(op, f.params[0]!)), inputs: intValues(t).map((a) => [a]) });
  for (const t of [TY_F32, TY_F64]) for (const op of [IR.OP_NEG, IR.OP_ABS, IR.OP_SQRT]) out.push({ params: [t], ret: t, build: (f) => f.ret(f.unary(op, f.params[0]!)), inputs: floatValues(t).map((a) => [a]) });
  return out;
}

function run(mode: AllocMode, cs: Case[]): number {
  const methods = cs.map((c, i) => {
    const f = new MethodBuilder(c.params, c.ret, i + 1);
    c.build(f);
    return f.finish();
  });
  const compiled = compileMethods(methods, mode);
  const linked = link(methods, compiled);
  const interp = new Interpreter(packBatch(methods), methods.length);
  let runs = 0;
  try {
    cs.forEach((c, i) => {
      for (const args of c.inputs) {
        const want = interp.run(i, args);
        const got = linked.call(i, args);
        if (got.trap !== null || !sameValue(got.value, want)) {
          expect.fail(`case ${i} (${args.map(String).join(", ")}): want ${String(want)}, got ${got.trap !== null ? `trap ${got.trap}` : String(got.value)}\n${linked.listing(i)}`);
        }
        runs++;
      }
    });
  } finally {
    linked.dispose();
  }
  return runs;
}

describe.each(allocModes())("operations (%s allocation)", (mode) => {
  it("integer arithmetic, logic, shifts and rotates in every operand shape", () => {
    const ops = [IR.OP_ADD, IR.OP_SUB, IR.OP_MUL, IR.OP_AND, IR.OP_OR, IR.OP_XOR, IR.OP_SHL, IR.OP_SHR, IR.OP_SAR, IR.OP_ROTL, IR.OP_ROTR];
    expect(run(mode, binaryCases(ops, [TY_I32, TY_I64], (t) => intValues(t), (t) => intValues(t)))).toBeGreaterThan(20000);
  });

  it("float arithmetic in every operand shape, and unary operations", () => {
    const n = run(mode, binaryCases([IR.OP_ADD, IR.OP_SUB, IR.OP_MUL, IR.OP_DIV], [TY_F32, TY_F64], (t) => FLOAT_CONSTS.map((x) => (t === TY_F32 ? Math.fround(x) : x)), floatValues));
    expect(n + run(mode, unaryCases())).toBeGreaterThan(3000);
  });

  it("every condition as a value and as a branch, with registers, zero and other constants on either side", () => {
    expect(run(mode, compareCases())).toBeGreaterThan(20000);
  });
});
