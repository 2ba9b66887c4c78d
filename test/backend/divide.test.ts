// Division and remainder: by constants (multiply-high sequences, shifts, special cases) for many
// divisors and edge dividends, checked against the definition (truncating division, remainder
// with the dividend's sign; unsigned forms on the unsigned values); and the trap paths (zero
// divisor, MIN / -1), whose code is first checked statically so that a broken check can never
// reach the hardware's divide fault.
import { describe, expect, it } from "vitest";
import { Decoder, DecoderOptions, Mnemonic, OpKind } from "iced-x86";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder, packBatch } from "../../host/codegen/ir-builder.js";
import { Interpreter, IRTrap } from "../../host/codegen/ir-interp.js";
import type { CompiledMethod } from "../../host/codegen/backend.js";
import { allocModes, compileMethods, link } from "./support/harness.js";
import { Rng } from "./support/random-ir.js";

const OPS = [IR.OP_DIV, IR.OP_DIV_U, IR.OP_REM, IR.OP_REM_U] as const;

function reference(op: number, w: number, a: bigint, b: bigint): bigint {
  const signed = op === IR.OP_DIV || op === IR.OP_REM;
  const x = signed ? BigInt.asIntN(w, a) : BigInt.asUintN(w, a);
  const y = signed ? BigInt.asIntN(w, b) : BigInt.asUintN(w, b);
  const r = op === IR.OP_DIV || op === IR.OP_DIV_U ? x / y : x % y; // BigInt division truncates
  return BigInt.asIntN(w, r);
}

function divisors(w: number): bigint[] {
  const out = new Set<bigint>();
  for (let d = -300n; d <= 300n; d++) out.add(d);
  for (let k = 1n; k < BigInt(w); k++) for (const e of [-1n, 0n, 1n]) { out.add((1n << k) + e); out.add(-(1n << k) + e); }
  const r = new Rng(w);
  for (let k = 0; k < 150; k++) out.add(BigInt.asIntN(w, (BigInt(r.next()) << 32n) | BigInt(r.next())) >> BigInt(r.int(w)));
  for (const x of [641n, 6700417n, 1000000007n, 0x7fffffffn, 0x80000001n, 0xfffffffbn, 3n ** 20n, 10n ** 18n + 9n]) out.add(BigInt.asIntN(w, x));
  out.delete(0n);
  out.delete(-1n);
  return [...out].map((d) => BigInt.asIntN(w, d));
}

function dividends(w: number, d: bigint): bigint[] {
  const min = -(1n << BigInt(w - 1)), max = (1n << BigInt(w - 1)) - 1n;
  const out = [0n, 1n, -1n, 2n, min, max, min + 1n, max - 1n, d, d + 1n, d - 1n, -d, 2n * d, 2n * d - 1n, d * d, 7n, 100n, -100n];
  const r = new Rng(Number(BigInt.asUintN(32, d)) ^ w);
  for (let k = 0; k < 6; k++) out.push(BigInt.asIntN(w, (BigInt(r.next()) << 32n) | BigInt(r.next())));
  return out.map((x) => BigInt.asIntN(w, x));
}

/** Every div/idiv in `code` must follow a zero check on its divisor (unless its divisor is a known non-zero), and every idiv a -1 check. */
function assertDivisionsGuarded(c: CompiledMethod, constantDivisor: boolean): void {
  const d = new Decoder(64, c.code.subarray(0, c.dataOffset), DecoderOptions.None);
  const list: { mn: Mnemonic; reg: number; imm: bigint | null; op1Reg: number }[] = [];
  while (d.canDecode) {
    const i = d.decode();
    list.push({ mn: i.mnemonic, reg: i.op0Register, imm: i.opCount > 1 && i.op1Kind !== OpKind.Register && i.op1Kind !== OpKind.Memory ? i.immediate(1) : null, op1Reg: i.opCount > 1 ? i.op1Register : 0 });
    i.free();
  }
  d.free();
  list.forEach((ins, k) => {
    if (ins.mn !== Mnemonic.Div && ins.mn !== Mnemonic.Idiv) return;
    const r = ins.reg;
    let j = k - 1;
    if (ins.mn === Mnemonic.Idiv) {
      expect([Mnemonic.Cdq, Mnemonic.Cqo]).toContain(list[j]!.mn);
      j--;
      expect(list[j]!.mn, "je to the -1 path").toBe(Mnemonic.Je);
      j--;
      expect(list[j]!.mn === Mnemonic.Cmp && list[j]!.reg === r && list[j]!.imm !== null && BigInt.asIntN(32, list[j]!.imm!) === -1n, "cmp divisor, -1").toBe(true);
      j--;
    } else {
      expect(list[j]!.mn === Mnemonic.Xor, "xor edx, edx").toBe(true);
      j--;
    }
    if (!constantDivisor) {
      expect(list[j]!.mn, "je to the zero-divisor stub").toBe(Mnemonic.Je);
      expect(list[j - 1]!.mn === Mnemonic.Test && list[j - 1]!.reg === r && list[j - 1]!.op1Reg === r, "test divisor, divisor").toBe(true);
    }
  });
}

describe.each(allocModes())("division (%s allocation)", (mode) => {
  it.each([32, 64])("by constants, %i-bit: every op on many divisors and edge dividends", (w) => {
    const t = w === 32 ? IR.TY_I32 : IR.TY_I64;
    const ds = divisors(w);
    const methods: Int32Array[] = [];
    const meta: { op: number; d: bigint }[] = [];
    for (const d of ds) {
      for (const op of OPS) {
        const f = new MethodBuilder([t], t, methods.length + 1);
        f.ret(f.binary(op, f.params[0]!, f.const(t, d)));
        methods.push(f.finish());
        meta.push({ op, d });
      }
    }
    const compiled = compileMethods(methods, mode);
    const linked = link(methods, compiled);
    let checked = 0;
    try {
      compiled.forEach((c, i) => assertDivisionsGuarded(c, true));
      for (let i = 0; i < methods.length; i++) {
        const { op, d } = meta[i]!;
        for (const a of dividends(w, d)) {
          const want = reference(op, w, a, d);
          const got = linked.call(i, [w === 32 ? Number(a) : a]);
          const ok = got.trap === null && BigInt(got.value as number | bigint) === want;
          if (!ok) expect.fail(`op ${op} ${w}-bit ${a} by ${d}: want ${want}, got ${got.trap !== null ? `trap ${got.trap}` : got.value}\n${linked.listing(i)}`);
          checked++;
        }
      }
    } finally {
      linked.dispose();
    }
    expect(checked).toBeGreaterThan(ds.length * 4 * 20);
  });

  it("traps: zero divisors, MIN / -1, and x / -1 for other x", () => {
    const methods: Int32Array[] = [];
    const cases: { t: number; op: number; constD: bigint | null }[] = [];
    for (const t of [IR.TY_I32, IR.TY_I64]) {
      for (const op of OPS) {
        // Variable divisor.
        const f = new MethodBuilder([t, t], t, methods.length + 1);
        f.ret(f.binary(op, f.params[0]!, f.params[1]!));
        methods.push(f.finish());
        cases.push({ t, op, constD: null });
        // Constant 0 and -1 divisors.
        for (const d of [0n, -1n]) {
          const g = new MethodBuilder([t, t], t, methods.length + 1);
          g.ret(g.binary(op, g.params[0]!, g.const(t, d)));
          methods.push(g.finish());
          cases.push({ t, op, constD: d });
        }
      }
    }
    const compiled = compileMethods(methods, mode);
    compiled.forEach((c, i) => assertDivisionsGuarded(c, cases[i]!.constD === -1n));
    const linked = link(methods, compiled);
    const interp = new Interpreter(packBatch(methods), methods.length);
    let traps = 0;
    try {
      cases.forEach(({ t, constD }, i) => {
        const w = t === IR.TY_I32 ? 32 : 64;
        const min = -(1n << BigInt(w - 1));
        const pairs: [bigint, bigint][] = [[7n, 0n], [min, -1n], [7n, -1n], [min + 1n, -1n], [0n, -1n], [min, 1n], [-9n, 4n]];
        for (const [a0, b] of pairs) {
          const args = (w === 32 ? [Number(a0), Number(b)] : [a0, b]) as (number | bigint)[];
          let want: bigint | null = null, wantTrap: number | null = null;
          try {
            want = BigInt(interp.run(i, args) as number | bigint);
          } catch (e) {
            if (!(e instanceof IRTrap)) throw e;
            wantTrap = e.helper;
          }
          if (constD !== null && b !== constD) continue;
          const got = linked.call(i, args);
          if (wantTrap !== null) {
            expect(got.trap, `${i}: ${a0}, ${b}`).toBe(wantTrap);
            traps++;
          } else {
            expect(got.trap).toBeNull();
            expect(BigInt(got.value as number | bigint)).toBe(want);
          }
        }
      });
    } finally {
      linked.dispose();
    }
    // Every op traps on a zero divisor, the signed ones on MIN / -1 too.
    expect(traps).toBeGreaterThanOrEqual(2 * (4 + 2) * 2);
  });
});
