// Classic kernels written by hand in IR, compiled and executed: every result must equal both the
// interpreter's and the kernel's definition computed in TypeScript (test/backend/support/kernels.ts).
import { describe, expect, it } from "vitest";
import { Interpreter, InterpMemory } from "../../host/codegen/ir-interp.js";
import { packBatch } from "../../host/codegen/ir-builder.js";
import { allocModes, compileMethods, link, DataMemory, type AllocMode } from "./support/harness.js";
import {
  gcdIR, gcdRef, fibRecursiveIR, fibIterativeIR, fibRef, sieveIR, sieveRef, dotIR, dotRef, stateMachineIR, stateMachineRef,
} from "./support/kernels.js";
import { Rng } from "./support/random-ir.js";

function run(mode: AllocMode, methods: Int32Array[], body: (call: (i: number, args: (number | bigint)[]) => number | bigint | undefined, interp: Interpreter, listing: () => string) => void, memory?: InterpMemory): void {
  const compiled = compileMethods(methods, mode);
  const linked = link(methods, compiled);
  try {
    const interp = new Interpreter(packBatch(methods), methods.length, { memory });
    body(
      (i, args) => {
        const r = linked.call(i, args);
        if (r.trap !== null) throw new Error(`unexpected trap ${r.trap}\n${linked.listing(i)}`);
        return r.value;
      },
      interp,
      () => methods.map((_, k) => linked.listing(k)).join("\n\n"),
    );
  } finally {
    linked.dispose();
  }
}

describe.each(allocModes())("kernels (%s allocation)", (mode) => {
  it("gcd (unsigned remainder loop)", () => {
    const m = [gcdIR()];
    run(mode, m, (call, interp) => {
      const r = new Rng(7);
      const pairs: [number, number][] = [[0, 0], [1, 0], [0, 1], [12, 18], [17, 5], [-1, 6], [2 ** 31, 6], [1071, 462], [-7, -14]];
      for (let k = 0; k < 200; k++) pairs.push([r.next() | 0, r.chance(0.5) ? r.next() | 0 : r.int(1000)]);
      for (const [a, b] of pairs) {
        const want = gcdRef(a, b);
        expect(call(0, [a, b])).toBe(want);
        expect(interp.run(0, [a, b])).toBe(want);
      }
    });
  });

  it("fib, recursive (calls) and iterative (64-bit wrap-around)", () => {
    const m = [fibRecursiveIR(2), fibIterativeIR(3)];
    run(mode, m, (call, interp) => {
      for (let n = 0; n <= 22; n++) {
        expect(call(0, [BigInt(n)])).toBe(fibRef(n));
        expect(interp.run(0, [BigInt(n)])).toBe(fibRef(n));
      }
      for (const n of [0, 1, 2, 10, 50, 90, 93, 94, 200, 1000]) {
        expect(call(1, [n])).toBe(fibRef(n));
        expect(interp.run(1, [n])).toBe(fibRef(n));
      }
    });
  });

  it("sieve of Eratosthenes over a byte buffer", () => {
    const data = new DataMemory(1 << 16);
    try {
      const n = 30000;
      const buf = data.alloc(n + 1);
      const mem = new InterpMemory();
      const shadow = new Uint8Array(n + 1);
      mem.map(buf.address, shadow);
      run(mode, [sieveIR()], (call, interp) => {
        for (const size of [0, 1, 2, 3, 10, 100, 1000, n]) {
          buf.bytes.fill(0);
          shadow.fill(0);
          const ref = sieveRef(size);
          expect(call(0, [buf.address, size])).toBe(ref.count);
          expect(interp.run(0, [buf.address, size])).toBe(ref.count);
          expect(Buffer.compare(buf.bytes.subarray(0, size + 1), ref.composite)).toBe(0);
          expect(Buffer.compare(shadow.subarray(0, size + 1), ref.composite)).toBe(0);
        }
      }, mem);
    } finally {
      data.dispose();
    }
  });

  it("dot product on doubles", () => {
    const data = new DataMemory(1 << 16);
    try {
      const r = new Rng(11);
      const n = 1000;
      const a = data.alloc(n * 8), b = data.alloc(n * 8);
      const fa = new Float64Array(a.bytes.buffer, a.bytes.byteOffset, n), fb = new Float64Array(b.bytes.buffer, b.bytes.byteOffset, n);
      for (let i = 0; i < n; i++) {
        fa[i] = (r.next() / 4294967296 - 0.5) * 1000;
        fb[i] = r.chance(0.1) ? r.int(7) - 3 : (r.next() / 4294967296) * 1e-3;
      }
      const mem = new InterpMemory();
      mem.map(a.address, a.bytes);
      mem.map(b.address, b.bytes);
      run(mode, [dotIR()], (call, interp) => {
        for (const len of [0, 1, 2, 7, 100, n]) {
          const want = dotRef(fa.subarray(0, len), fb.subarray(0, len));
          expect(call(0, [a.address, b.address, len])).toBe(want);
          expect(interp.run(0, [a.address, b.address, len])).toBe(want);
        }
      }, mem);
    } finally {
      data.dispose();
    }
  });

  it("switch-heavy state machine (tokenizer)", () => {
    const data = new DataMemory(1 << 16);
    try {
      const r = new Rng(5);
      const alphabet = "0123456789 abcxyz_+-*/ \t\n(){}.,;\u00e9";
      const texts = ["", "1", "12+34", "abc 123 x9 + y*7 / 42", "9999999999 1 2 3", "a+b-c*d/e", ..."   "];
      for (let k = 0; k < 40; k++) texts.push(Array.from({ length: r.int(400) }, () => alphabet[r.int(alphabet.length)]!).join(""));
      const buf = data.alloc(1024);
      const mem = new InterpMemory();
      mem.map(buf.address, buf.bytes);
      run(mode, [stateMachineIR()], (call, interp) => {
        for (const t of texts) {
          const bytes = Buffer.from(t, "latin1");
          buf.bytes.fill(0);
          buf.bytes.set(bytes);
          const want = stateMachineRef(bytes);
          expect(call(0, [buf.address, bytes.length])).toBe(want);
          expect(interp.run(0, [buf.address, bytes.length])).toBe(want);
        }
      }, mem);
    } finally {
      data.dispose();
    }
  });
});
