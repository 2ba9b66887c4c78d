// Lazy compilation through prestubs with hand-built IR methods.
import { afterEach, describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder } from "../../host/codegen/ir-builder.js";
import type { Runtime } from "../../host/runtime/runtime.js";
import { newRuntime } from "./support.js";

let current: Runtime | null = null;
afterEach(() => {
  current?.dispose();
  current = null;
});
function setup(options = {}) {
  const r = newRuntime(options);
  current = r.rt;
  return r;
}

describe("prestubs", () => {
  it("compiles only the methods that run", () => {
    const { rt } = setup();
    const twice = rt.defineMethod("T::Twice", [IR.TY_I32], IR.TY_I32, (_env, sym) => {
      const b = new MethodBuilder([IR.TY_I32], IR.TY_I32, sym);
      b.ret(b.add(b.params[0]!, b.params[0]!));
      return b.finish();
    });
    const never = rt.defineMethod("T::Never", [IR.TY_I32], IR.TY_I32, (_env, sym) => {
      const b = new MethodBuilder([IR.TY_I32], IR.TY_I32, sym);
      b.ret(b.params[0]!);
      return b.finish();
    });
    const main = rt.defineMethod("T::Main", [IR.TY_I32], IR.TY_I32, (_env, sym) => {
      const b = new MethodBuilder([IR.TY_I32], IR.TY_I32, sym);
      const x = b.params[0]!;
      const then = b.newBlock(), els = b.newBlock();
      b.brcmp(IR.CC_LT, x, b.const(IR.TY_I32, 0), then, els);
      b.setBlock(then);
      b.ret(b.call(IR.CALLK_CELL, never, [x], IR.TY_I32));
      b.setBlock(els);
      const t = b.call(IR.CALLK_CELL, twice, [x], IR.TY_I32);
      b.ret(b.add(t, b.const(IR.TY_I32, 1)));
      return b.finish();
    });
    expect(rt.invoke(main, [20])).toBe(41);
    expect(rt.invoke(main, [5])).toBe(11);
    expect(rt.compiled).toEqual(["T::Main", "T::Twice"]);
    expect(rt.isCompiled(never)).toBe(false);
    expect(rt.stats.prestubCalls).toBe(2);
    // A prestub address kept from before compilation leads straight to the code afterwards.
    const e = rt.entryOfSymbol(twice);
    expect(rt.r64(e.cell)).toBe(e.code);
    expect(rt.callAddress(e.prestub, IR.TY_I32, [IR.TY_I32], [21])).toBe(42);
    expect(rt.stats.prestubCalls).toBe(2);
    // An uncompiled method's prestub compiles it on the first call only.
    const n = rt.entryOfSymbol(never);
    expect(rt.callAddress(n.prestub, IR.TY_I32, [IR.TY_I32], [7])).toBe(7);
    expect(rt.callAddress(n.prestub, IR.TY_I32, [IR.TY_I32], [8])).toBe(8);
    expect(rt.stats.prestubCalls).toBe(3);
  });
});
