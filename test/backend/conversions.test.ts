// Every conversion kind and every checked-conversion target, from every source type, on edge
// values (zero, ±1, the limits of each integer type and their neighbours, values straddling each
// bound by a half, NaN, infinities): compiled results and traps equal the interpreter's.
import { describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder, packBatch, type Ty } from "../../host/codegen/ir-builder.js";
import { Interpreter, IRTrap, type Value } from "../../host/codegen/ir-interp.js";
import { allocModes, compileMethods, link, sameValue } from "./support/harness.js";

const { TY_I32, TY_I64, TY_F32, TY_F64 } = IR;
const INTS = [TY_I32, TY_I64];
const FLOATS = [TY_F32, TY_F64];

function intEdges(t: Ty): bigint[] {
  const out = new Set<bigint>([0n, 1n, -1n, 2n, 127n, 128n, -128n, -129n, 255n, 256n, 32767n, 32768n, -32768n, -32769n, 65535n, 65536n]);
  for (const b of [31n, 32n, 63n]) for (const d of [-1n, 0n, 1n]) { out.add((1n << b) + d); out.add(-(1n << b) + d); }
  const w = t === TY_I32 ? 32 : 64;
  return [...out].map((x) => BigInt.asIntN(w, x));
}

function floatEdges(t: Ty): number[] {
  const out: number[] = [0, -0, 0.5, -0.5, 1, -1, 1.5, -1.5, NaN, Infinity, -Infinity, 1e300, -1e300];
  for (const b of [7, 8, 15, 16, 31, 32, 63, 64]) for (const d of [-1, -0.5, 0, 0.5, 1]) { out.push(2 ** b + d, -(2 ** b) + d); }
  for (const b of [31, 32, 63, 64]) out.push(2 ** b - 2 ** (b - 53), 2 ** b + 2 ** (b - 52), -(2 ** b) - 2 ** (b - 52));
  return t === TY_F32 ? out.map(Math.fround) : out;
}

interface Case {
  from: Ty;
  to: Ty;
  build: (f: MethodBuilder, x: number) => number;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const from of INTS) {
    for (const to of INTS) {
      for (const k of [IR.CV_SEXT8, IR.CV_SEXT16, IR.CV_ZEXT8, IR.CV_ZEXT16]) out.push({ from, to, build: (f, x) => f.conv(k, to, x) });
      for (let target = 0; target < 8; target++) {
        const dst = target < IR.OVT_I64 ? TY_I32 : TY_I64;
        if (dst !== to) continue;
        for (const uns of [false, true]) out.push({ from, to, build: (f, x) => f.convOvf(target, dst, x, uns) });
      }
    }
    for (const to of FLOATS) for (const k of [IR.CV_S_TO_F, IR.CV_U_TO_F]) out.push({ from, to, build: (f, x) => f.conv(k, to, x) });
  }
  out.push({ from: TY_I32, to: TY_I64, build: (f, x) => f.conv(IR.CV_SEXT32, TY_I64, x) });
  out.push({ from: TY_I32, to: TY_I64, build: (f, x) => f.conv(IR.CV_ZEXT32, TY_I64, x) });
  out.push({ from: TY_I64, to: TY_I32, build: (f, x) => f.conv(IR.CV_WRAP, TY_I32, x) });
  out.push({ from: TY_I32, to: TY_F32, build: (f, x) => f.conv(IR.CV_BITCAST, TY_F32, x) });
  out.push({ from: TY_F64, to: TY_I64, build: (f, x) => f.conv(IR.CV_BITCAST, TY_I64, x) });
  for (const from of FLOATS) {
    for (const to of INTS) {
      for (const k of [IR.CV_F_TO_S, IR.CV_F_TO_U]) out.push({ from, to, build: (f, x) => f.conv(k, to, x) });
      for (let target = 0; target < 8; target++) {
        const dst = target < IR.OVT_I64 ? TY_I32 : TY_I64;
        if (dst === to) out.push({ from, to, build: (f, x) => f.convOvf(target, dst, x) });
      }
    }
    out.push({ from, to: from === TY_F32 ? TY_F64 : TY_F32, build: (f, x) => f.conv(IR.CV_F_TO_F, from === TY_F32 ? TY_F64 : TY_F32, x) });
  }
  return out;
}

describe.each(allocModes())("conversions (%s allocation)", (mode) => {
  it("every kind from every source type on edge values", () => {
    const cs = cases();
    const methods = cs.map((c, i) => {
      const f = new MethodBuilder([c.from], c.to, i + 1);
      f.ret(c.build(f, f.params[0]!));
      return f.finish();
    });
    const compiled = compileMethods(methods, mode);
    const linked = link(methods, compiled);
    const interp = new Interpreter(packBatch(methods), methods.length);
    let runs = 0, traps = 0;
    try {
      cs.forEach((c, i) => {
        const inputs: Value[] = c.from === TY_F32 || c.from === TY_F64 ? floatEdges(c.from) : intEdges(c.from).map((x) => (c.from === TY_I32 ? Number(x) : x));
        for (const x of inputs) {
          // Bit patterns of NaN results are not compared (JS numbers do not keep them).
          if (c.from === TY_I32 && c.to === TY_F32 && Number.isNaN(interp.run(i, [x]) as number)) continue;
          let want: Value | undefined, wantTrap: number | null = null;
          try {
            want = interp.run(i, [x]);
          } catch (e) {
            if (!(e instanceof IRTrap)) throw e;
            wantTrap = e.helper;
          }
          const got = linked.call(i, [x]);
          const ok = wantTrap !== null ? got.trap === wantTrap : got.trap === null && sameValue(got.value, want);
          if (!ok) expect.fail(`case ${i} (${c.from} -> ${c.to}) of ${String(x)}: want ${wantTrap !== null ? `trap ${wantTrap}` : String(want)}, got ${got.trap !== null ? `trap ${got.trap}` : String(got.value)}\n${linked.listing(i)}`);
          runs++;
          if (wantTrap !== null) traps++;
        }
      });
    } finally {
      linked.dispose();
    }
    expect(runs).toBeGreaterThan(3000);
    expect(traps).toBeGreaterThan(300);
  });
});
