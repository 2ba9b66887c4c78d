// Differential execution: seeded random IR programs (integer/float mixes, loops with bounded trip
// counts, branches, switches, calls between generated functions, memory, division by constants
// and by guarded variables, checked arithmetic) are compiled, mapped executable and called with
// random arguments; every result (or trap) must equal the interpreter's. BACKEND_SEED picks
// another seed range.
import { describe, expect, it } from "vitest";
import { Interpreter, IRTrap } from "../../host/codegen/ir-interp.js";
import { packBatch } from "../../host/codegen/ir-builder.js";
import { Rng, randomFunction, randomSignature, randomValue, type Signature, type GenOptions } from "./support/random-ir.js";
import { allocModes, compileMethods, link, sameValue } from "./support/harness.js";

const BASE_SEED = Number(process.env.BACKEND_SEED ?? 1);

interface Program {
  methods: Int32Array[];
  sigs: Signature[];
}

function program(seed: number, o: Partial<GenOptions>, count: number): Program {
  const r = new Rng(seed);
  const sigs: Signature[] = [];
  const methods: Int32Array[] = [];
  for (let i = 0; i < count; i++) {
    const sig = randomSignature(r, 100 + i, o.floats ?? true);
    const opts: GenOptions = { statements: 12, maxDepth: 2, floats: true, memory: true, calls: sigs.slice(), checked: false, switches: true, ...o };
    methods.push(randomFunction(r, sig, opts));
    sigs.push(sig);
  }
  return { methods, sigs };
}

/** Runs every method of the program with `runs` argument sets natively and in the interpreter. */
let trapsSeen = 0;

function check(p: Program, seed: number, runs: number): number {
  let compared = 0;
  for (const mode of allocModes()) {
    const compiled = compileMethods(p.methods, mode);
    const linked = link(p.methods, compiled);
    try {
      const batch = packBatch(p.methods);
      const r = new Rng(seed * 7919 + 17);
      for (let i = 0; i < p.methods.length; i++) {
        for (let run = 0; run < runs; run++) {
          const args = p.sigs[i]!.params.map((t) => randomValue(r, t));
          const interp = new Interpreter(batch, p.methods.length, { maxSteps: 2_000_000 });
          let expected: unknown, expectedTrap: number | null = null;
          try {
            expected = interp.run(i, args);
          } catch (e) {
            if (!(e instanceof IRTrap)) throw e;
            expectedTrap = e.helper;
          }
          const got = linked.call(i, args);
          const ok = expectedTrap !== null ? got.trap === expectedTrap : got.trap === null && sameValue(got.value, expected);
          if (!ok) {
            const listing = p.methods.map((_, k) => linked.listing(k)).join("\n\n");
            expect.fail(
              `seed ${seed} mode ${mode} method ${i} args ${args.map(String).join(", ")}: ` +
              `expected ${expectedTrap !== null ? `trap ${expectedTrap}` : String(expected)}, ` +
              `got ${got.trap !== null ? `trap ${got.trap}` : String(got.value)}\n${listing}`,
            );
          }
          compared++;
          if (expectedTrap !== null) trapsSeen++;
        }
      }
    } finally {
      linked.dispose();
    }
  }
  return compared;
}

describe("backend: differential execution against the interpreter", () => {
  it("integer-only programs (300 seeds)", () => {
    let n = 0;
    for (let s = 0; s < 300; s++) n += check(program(BASE_SEED * 100000 + s, { floats: false, memory: s % 2 === 0 }, 1 + (s % 3)), s, 4);
    expect(n).toBeGreaterThan(1000);
  });

  it("integer and float mixes with memory and calls (300 seeds)", () => {
    let n = 0;
    for (let s = 0; s < 300; s++) n += check(program(BASE_SEED * 200000 + s, { floats: true }, 1 + (s % 4)), s, 4);
    expect(n).toBeGreaterThan(1000);
  });

  it("checked arithmetic and conversions, traps included (200 seeds)", () => {
    let n = 0;
    trapsSeen = 0;
    for (let s = 0; s < 200; s++) n += check(program(BASE_SEED * 300000 + s, { checked: true, floats: s % 2 === 0 }, 1 + (s % 2)), s, 6);
    expect(n).toBeGreaterThan(1000);
    // Both outcomes occur: the throw paths ran and matched the interpreter's traps.
    expect(trapsSeen).toBeGreaterThan(50);
    expect(trapsSeen).toBeLessThan(n - 50);
  });

  it("the one-call compileBatch entry emits exactly what the checked step-wise path does (100 programs)", () => {
    let bytes = 0;
    for (let s = 0; s < 100; s++) {
      const p = program(BASE_SEED * 500000 + s, { checked: s % 3 === 0 }, 1 + (s % 4));
      const batch = compileMethods(p.methods, "batch");
      const stepwise = compileMethods(p.methods, "regalloc");
      batch.forEach((c, i) => {
        expect(Buffer.compare(c.code, stepwise[i]!.code), `seed ${s} method ${i}`).toBe(0);
        expect(c.relocs).toEqual(stepwise[i]!.relocs);
        expect(c.posMap).toEqual(stepwise[i]!.posMap);
        expect(c.unwind).toEqual(stepwise[i]!.unwind);
        bytes += c.code.length;
      });
    }
    expect(bytes).toBeGreaterThan(10000);
  });

  it("larger functions: deeper nesting, more statements (40 seeds)", () => {
    let n = 0;
    for (let s = 0; s < 40; s++) n += check(program(BASE_SEED * 400000 + s, { statements: 60, maxDepth: 3 }, 3), s, 3);
    expect(n).toBeGreaterThan(200);
  });
});
