// IL → IR → x86-64, executed: static methods of a C# fixture over numbers are imported from
// the IL mcs produced, compiled by the backend, linked and called natively; every call Mono
// made in the fixture's Main (and printed with its result) gives the same result here.
import { execFileSync } from "node:child_process";
import { dirname } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder } from "../../host/codegen/ir-builder.js";
import { Binder } from "../../host/binder/binder.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { Layouts } from "../../host/typesystem/layout.js";
import { VTables } from "../../host/typesystem/vtable.js";
import { MethodDesc } from "../../host/typesystem/types.js";
import { importMethod } from "../../host/importer/importer.js";
import { ImportEnv } from "../../host/importer/env.js";
import { DataMemory, compileMethods, link, LinkedProgram } from "../backend/support/harness.js";
import { fixture } from "../support/fixtures.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";

interface Call {
  name: string;
  args: (number | bigint)[];
  expected: number | bigint;
  line: string;
}

/** Decodes "Name(i4:1,r8:4607182418800017408)=i8:5" into typed values as the native calls take them. */
function decode(tok: string): number | bigint {
  const [tag, text] = tok.split(":") as [string, string];
  switch (tag) {
    case "i4": case "u4": case "b": case "c": return Number(BigInt.asIntN(32, BigInt(text)));
    case "i8": case "u8": return BigInt.asIntN(64, BigInt(text));
    case "r8": { const dv = new DataView(new ArrayBuffer(8)); dv.setBigInt64(0, BigInt(text), true); return dv.getFloat64(0, true); }
    case "r4": { const dv = new DataView(new ArrayBuffer(4)); dv.setInt32(0, Number(text), true); return dv.getFloat32(0, true); }
    default: throw new Error(`unknown tag ${tag}`);
  }
}

describe.each([false, true])("imported IL runs natively with Mono's results (debug code: %s)", (debug) => {
  const file = fixture("Pure.exe");
  let calls: Call[] = [];
  let program: LinkedProgram;
  const index = new Map<string, number>();

  beforeAll(() => {
    calls = execFileSync("mono", [file], { encoding: "utf8" }).trim().split("\n").map((line) => {
      const m = /^(\w+)\((.*)\)=(.*)$/.exec(line)!;
      return { name: m[1]!, args: m[2]!.split(",").map(decode), expected: decode(m[3]!), line };
    });
    const ts = new TypeSystem(new Binder(nodeBinderFS), { appBase: dirname(file), gac: MONO_GAC, corlibDir: MONO_LIB });
    const mod = ts.load(file);
    const d = ts.findByName(mod, "", "Pure");
    const type = ts.defType(d.m, d.row);
    const threadState = new DataMemory(4096).alloc(64);
    const methods = ts.methodsOf(type).filter((m) => m.name !== "Main" && m.name !== "P" && m.name !== "E" && m.name !== ".cctor" && m.name !== ".ctor");
    const code = new Map<MethodDesc, number>();
    const symbolFor = (m: MethodDesc) => {
      let s = code.get(m);
      if (s === undefined) code.set(m, (s = 100 + code.size));
      return s;
    };
    const STUB = 99;
    const cells = new Map<number, number>();
    const env: ImportEnv = {
      ts, layouts: new Layouts(ts), vtables: new VTables(ts), vtableOffset: 64, debug,
      codeSymbol: symbolFor,
      methodSymbol: (m) => {
        const target = symbolFor(m);
        cells.set(100000 + target, target);
        return 100000 + target;
      },
      // Helpers would only run on exceptional paths the inputs avoid; they land on a stub that returns.
      helperSymbol: (h) => (cells.set(50000 + h, STUB), 50000 + h),
      dataAddress: (b, item) => {
        if (item.kind !== "threadState") throw new Error(`unexpected data item ${item.kind}`);
        return b.const(IR.TY_PTR, threadState.address);
      },
    };
    // The fixture's methods and, transitively, what they call in mscorlib (e.g. Math.Abs).
    const words: Int32Array[] = [];
    const order: MethodDesc[] = [];
    const todo = [...methods];
    for (const m of todo) symbolFor(m);
    while (todo.length) {
      const m = todo.shift()!;
      const r = importMethod(env, m);
      words.push(r.words);
      order.push(m);
      for (const c of r.callees) if (!order.includes(c) && !todo.includes(c)) todo.push(c);
    }
    const stub = new MethodBuilder([], IR.TY_VOID, STUB);
    stub.ret();
    const all = [...words, stub.finish()];
    program = link(all, compileMethods(all, "regalloc"), new Map(), cells);
    methods.forEach((m) => index.set(m.name, order.indexOf(m)));
  });

  it("covers every fixture method with hundreds of calls", () => {
    expect(calls.length).toBeGreaterThan(1000);
    expect(new Set(calls.map((c) => c.name)).size).toBe(index.size);
  });

  it("gives Mono's result for every call", () => {
    const wrong: string[] = [];
    for (const c of calls) {
      const i = index.get(c.name)!;
      const r = program.call(i, c.args);
      expect(r.trap, c.line).toBeNull();
      const got = r.value;
      const same = typeof got === "number" && typeof c.expected === "number" ? Object.is(got, c.expected) || (Number.isNaN(got) && Number.isNaN(c.expected)) : got === c.expected;
      if (!same) wrong.push(`${c.line}: got ${String(got)}`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});
