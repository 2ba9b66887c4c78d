// Seeded random differential test: 250,000 random instructions (random form, registers, memory
// operand, immediate) encoded in one batch by the core and one by one by iced-x86's Encoder.
import { describe, expect, it } from "vitest";
import * as L from "../../core-as/shared/encoder-layout.js";
import { formRows } from "../../host/core/x86-forms.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { encodeWords } from "../../host/core/encoder.js";
import { type Case, type MemShape, WORDS, immValid, regsOf, writeCase, icedBytes, hex, describe as show } from "./oracle.js";

/** xorshift32: small, seedable, reproducible across runs. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  return { next, below: (n: number) => next() % n, pick: <T>(a: readonly T[]) => a[next() % a.length]! };
}

const SEED = Number(process.env.ENCODER_SEED ?? 0x5eed1234);
const COUNT = 250_000;

describe("x86-64 encoder: random differential test vs iced-x86", () => {
  it(`${COUNT} random instructions (seed ${SEED}) match iced byte for byte`, () => {
    const core = loadCoreNode();
    const r = rng(SEED);
    const forms = formRows
      .map((row, form) => ({ row, form }))
      .filter(({ row }) => [L.ENC_MODRM, L.ENC_MODRM_DIGIT, L.ENC_OPREG, L.ENC_MOVIMM, L.ENC_NONE].includes(row.enc));
    const disp = () => {
      switch (r.below(4)) {
        case 0: return 0;
        case 1: return (r.next() & 0xff) << 24 >> 24; // disp8 range
        case 2: return r.next() | 0;
        default: return (r.below(600) - 300);
      }
    };
    const imm = (): bigint => {
      switch (r.below(5)) {
        case 0: return BigInt(r.below(256) - 128);
        case 1: return BigInt(r.next() | 0);
        case 2: return BigInt(r.next() >>> 0);
        case 3: return BigInt.asIntN(64, (BigInt(r.next()) << 32n) | BigInt(r.next()));
        default: return BigInt(r.below(70000) - 35000);
      }
    };
    const cases: Case[] = [];
    const expected: Uint8Array[] = [];
    let ip = 1n << 32n, rejected = 0;
    while (cases.length < COUNT) {
      const { row, form } = r.pick(forms);
      const modrm = row.enc === L.ENC_MODRM || row.enc === L.ENC_MODRM_DIGIT;
      const r0 = row.reg === L.CLS_NONE || row.enc === L.ENC_MODRM_DIGIT ? 0 : r.pick(regsOf(row.reg));
      let r1 = 0, mem: MemShape | null = null;
      const useMem = modrm && (row.rmMode === L.RM_MEM_ONLY || (row.rmMode === L.RM_REG_OR_MEM && r.below(2) === 0));
      if (useMem) {
        const k = r.below(10);
        const base = k === 0 ? L.MEM_NONE : k === 1 ? L.MEM_RIP : r.below(16);
        let index = base === L.MEM_RIP || r.below(2) ? L.MEM_NONE : r.below(16);
        if (index === L.REG_RSP) index = L.MEM_NONE;
        // Without an index the scale means nothing (the encoder ignores it; iced would keep it in a SIB byte).
        mem = { base, index, scaleLog2: index === L.MEM_NONE ? 0 : r.below(4), disp: disp() };
      } else if (modrm) r1 = r.pick(regsOf(row.rm));
      const c: Case = { row, form, r0, r1, mem, imm: row.imm === L.IMM_NONE ? 0n : imm() };
      if (!immValid(row, c.imm)) { rejected++; continue; }
      const b = icedBytes(c, ip);
      if (b === null) { rejected++; continue; } // AH-BH next to a REX register: covered by the error tests
      cases.push(c);
      expected.push(b);
      ip += BigInt(b.length);
    }
    const words = new Int32Array(COUNT * WORDS);
    cases.forEach((c, i) => writeCase(words, i * WORDS, c));
    const res = encodeWords(core, words, COUNT, 0);
    const failures: string[] = [];
    for (let i = 0; i < COUNT && failures.length < 10; i++) {
      const ours = res.code.subarray(res.offsets[i]!, res.offsets[i + 1]!);
      if (hex(ours) !== hex(expected[i]!)) failures.push(`#${i} ${show(cases[i]!)}: ours ${hex(ours)} iced ${hex(expected[i]!)}`);
    }
    console.log(`random: ${COUNT} instructions compared (${rejected} invalid draws skipped), ${res.code.length} bytes`);
    expect(failures).toEqual([]);
    expect(res.code.length).toBe(Number(ip - (1n << 32n)));
  });
});
