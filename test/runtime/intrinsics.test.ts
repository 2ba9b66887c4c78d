// The intrinsic table names real methods of the class library, and the number formatting follows the
// .NET Framework rules Mono prints with (checked against Mono end to end in programs.test.ts).
import { describe, expect, it } from "vitest";
import { intrinsicKey } from "../../host/runtime/intrinsics.js";
import { formatDouble, formatGeneral, formatSingle } from "../../host/runtime/format.js";
import { Kind } from "../../host/typesystem/types.js";
import { Table } from "../../host/metadata/schema.js";
import { corlibSystem, newRuntime } from "./support.js";
import { MONO_LIB } from "../support/mono.js";
import { join } from "node:path";

describe("intrinsic table", () => {
  it("every entry is a method of mscorlib or System.dll, found by the runtime's lookup", () => {
    const ts = corlibSystem();
    const { rt } = newRuntime();
    try {
      const keys = new Set(rt.intrinsics.keys);
      const found = new Set<string>();
      for (const m of [ts.corlib, ts.load(join(MONO_LIB, "System.dll"))]) {
        const r = m.reader;
        for (let row = 1; row <= r.rows(Table.TypeDef); row++) {
          const name = r.typeDefFullName(row).replace(/\//g, "+");
          if (![...keys].some((k) => k.startsWith(`${name}::`))) continue;
          const t = ts.defType(m, row);
          for (const md of ts.methodsOf(t)) {
            const key = intrinsicKey(md);
            if (!keys.has(key)) continue;
            expect(rt.intrinsics.lookup(md), key).not.toBeNull();
            found.add(key);
          }
        }
      }
      // Generic methods: any instantiation finds the shared implementation.
      const array = ts.corlibType("System", "Array");
      for (const name of ["GetGenericValueImpl", "SetGenericValueImpl"]) {
        const md = ts.methodsOf(array).find((m) => m.name === name)!;
        expect(rt.intrinsics.lookup(ts.method(array, md.module, md.row, [ts.primitive(Kind.I4)]))).not.toBeNull();
        found.add(`System.Array::${name}<T>(int32,T&)`);
      }
      expect([...keys].filter((k) => !found.has(k))).toEqual([]);
    } finally {
      rt.dispose();
    }
  });
});

describe("number formatting", () => {
  it("doubles: G15, scientific outside [1e-5, 1e15), -0 as 0", () => {
    const cases: [number, string][] = [
      [0.1 + 0.2, "0.3"], [1 / 3, "0.333333333333333"], [1e20, "1E+20"], [-0, "0"], [NaN, "NaN"],
      [Infinity, "Infinity"], [-Infinity, "-Infinity"], [1e-5, "1E-05"], [1e-4, "0.0001"], [1e15, "1E+15"],
      [1e14, "100000000000000"], [123456789012345678, "1.23456789012346E+17"], [Number.MAX_VALUE, "1.79769313486232E+308"],
      [5e-324, "4.94065645841247E-324"], [-123.456, "-123.456"], [100, "100"], [1.5e-7, "1.5E-07"], [2 ** 53 + 2, "9.00719925474099E+15"],
    ];
    for (const [v, s] of cases) expect(formatDouble(v), String(v)).toBe(s);
  });

  it("floats: G7", () => {
    const cases: [number, string][] = [
      [3.4028234663852886e38, "3.402823E+38"], [0.1, "0.1"], [1 / 3, "0.3333333"], [1e7, "1E+07"], [12345678, "1.234568E+07"],
      [-2.5, "-2.5"], [1e-5, "1E-05"], [0.30000001192092896, "0.3"],
    ];
    for (const [v, s] of cases) expect(formatSingle(v), String(v)).toBe(s);
    expect(formatGeneral(1234.5, 4)).toBe("1235");
  });

});

describe("Math internal calls", () => {
  it("are the C library's functions, as in Mono: Round ties to even, Pow has C's special cases", () => {
    const ts = corlibSystem();
    const { rt } = newRuntime();
    try {
      const math = ts.corlibType("System", "Math");
      const find = (name: string, n: number) => ts.methodsOf(math).find((m) => m.name === name && m.sig.params.length === n && m.sig.params.every((p) => p.kind === Kind.R8))!;
      const round = find("Round", 1), pow = find("Pow", 2), fmod = find("FMod", 2);
      expect([0.5, 1.5, 2.5, -0.5, -2.5, 2.4].map((x) => rt.invoke(round, [x]))).toEqual([0, 2, 2, -0, -2, 2]);
      // Mono 6.8 answers pow(1, NaN) = 1 and pow(-1, ±inf) = 1 (C99), not the CLR's NaN.
      expect([[1, NaN], [-1, Infinity], [NaN, 0], [2, 10], [-8, 1 / 3]].map(([x, y]) => rt.invoke(pow, [x!, y!]))).toEqual([1, 1, 1, 1024, NaN]);
      expect([[7.5, 2], [-7.5, 2], [1, 0]].map(([x, y]) => rt.invoke(fmod, [x!, y!]))).toEqual([1.5, -1.5, NaN]);
    } finally {
      rt.dispose();
    }
  });
});
