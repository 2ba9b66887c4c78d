// The exhaustive form check shared by the two exhaustive-*.test.ts files (each takes half of the
// rows so vitest can run them on both cores): every row × every register of its classes × memory
// shapes × immediate edge values, compared byte for byte with iced-x86's Encoder.
import * as L from "../../core-as/shared/encoder-layout.js";
import { formRows, type FormRow } from "../../host/core/x86-forms.js";
import { encodeWords, EncoderError } from "../../host/core/encoder.js";
import type { CoreExports } from "../../host/core/load-core.js";
import {
  type Case, type MemShape, WORDS, IMM_EDGES, immValid, regsOf, memShapes, structuralShapes, writeCase, icedBytes, hex, describe,
} from "./oracle.js";

const SMALL_IMMS = [0n, -1n, 127n, -128n, 128n, -129n, 255n, 65535n, 2147483647n, -2147483648n, 4294967295n, 0x123456789n];

/** All cases of one row (pseudo and branch rows have their own tests). */
export function casesFor(row: FormRow, form: number): Case[] {
  const out: Case[] = [];
  const modrm = row.enc === L.ENC_MODRM || row.enc === L.ENC_MODRM_DIGIT;
  if (!modrm && row.enc !== L.ENC_OPREG && row.enc !== L.ENC_MOVIMM && row.enc !== L.ENC_NONE) return out;
  const imms = row.imm === L.IMM_NONE ? [0n] : IMM_EDGES;
  const smallImms = row.imm === L.IMM_NONE ? [0n] : SMALL_IMMS.filter((v) => immValid(row, v));
  const r0s = row.enc === L.ENC_MODRM_DIGIT || row.reg === L.CLS_NONE ? [0] : regsOf(row.reg);
  const rmRegs = modrm && row.rmMode !== L.RM_MEM_ONLY ? regsOf(row.rm) : [];
  const hasMem = modrm && row.rmMode !== L.RM_REG_ONLY;
  const push = (r0: number, r1: number, mem: MemShape | null, imm: bigint) => out.push({ row, form, r0, r1, mem, imm });
  // Registers: every r0 × every rm register × every immediate edge.
  if (!modrm) for (const r0 of r0s) for (const imm of imms) push(r0, 0, null, imm);
  for (const r0 of r0s) for (const r1 of rmRegs) for (const imm of imms) push(r0, r1, null, imm);
  if (hasMem) {
    // Every r0 × the structural memory shapes × immediates.
    for (const r0 of r0s) for (const m of structuralShapes()) for (const imm of smallImms) push(r0, 0, m, imm);
    // Every memory shape (base × index × scale × displacement class) with a rotating r0 / immediate.
    let k = 0;
    for (const m of memShapes()) { push(r0s[k % r0s.length]!, 0, m, imms[k % imms.length]!); k++; }
  }
  return out;
}

export interface RowResult {
  row: string;
  cases: number;
  errorsChecked: number;
  failures: string[];
}

/** Encodes all cases of a row with the core and with iced; returns the mismatches. */
export function checkRow(core: CoreExports, row: FormRow, form: number): RowResult {
  const cases = casesFor(row, form);
  const failures: string[] = [];
  const good: Case[] = [];
  const expected: Uint8Array[] = [];
  const bad: { c: Case; err: number }[] = [];
  // A high base address keeps RIP-relative targets with negative displacements positive.
  let ip = 1n << 32n;
  for (const c of cases) {
    // The operands are validated before the immediate.
    if (c.mem && c.mem.index === L.REG_RSP) { bad.push({ c, err: L.ERR_RSP_INDEX }); continue; }
    if (!immValid(row, c.imm)) { bad.push({ c, err: L.ERR_IMM_RANGE }); continue; }
    const b = icedBytes(c, ip);
    if (b === null) {
      bad.push({ c, err: L.ERR_HIGH_BYTE_REX });
      continue;
    }
    good.push(c);
    expected.push(b);
    ip += BigInt(b.length);
  }
  const words = new Int32Array(good.length * WORDS);
  good.forEach((c, i) => writeCase(words, i * WORDS, c));
  try {
    const res = encodeWords(core, words, good.length, 0);
    for (let i = 0; i < good.length && failures.length < 5; i++) {
      const ours = res.code.subarray(res.offsets[i]!, res.offsets[i + 1]!);
      if (hex(ours) !== hex(expected[i]!)) failures.push(`${describe(good[i]!)}: ours ${hex(ours)} iced ${hex(expected[i]!)}`);
    }
  } catch (e) {
    if (!(e instanceof EncoderError)) throw e;
    failures.push(`${e.message} (${describe(good[e.record]!)}) but iced encodes it`);
  }
  for (const { c, err } of bad) {
    const w = new Int32Array(WORDS);
    writeCase(w, 0, c);
    let got = L.ERR_OK;
    try { encodeWords(core, w, 1, 0); } catch (e) { if (e instanceof EncoderError) got = e.code; else throw e; }
    if (got !== err && failures.length < 10) failures.push(`${describe(c)}: expected error ${err}, got ${got}`);
  }
  return { row: row.name, cases: good.length, errorsChecked: bad.length, failures };
}

/** Checks rows i with i % parts === part. */
export function runExhaustive(core: CoreExports, part: number, parts: number): { forms: number; cases: number; errors: number; failures: string[] } {
  let forms = 0, total = 0, errors = 0;
  const failures: string[] = [];
  formRows.forEach((row, form) => {
    if (form % parts !== part) return;
    const r = checkRow(core, row, form);
    if (r.cases === 0) return;
    forms++;
    total += r.cases;
    errors += r.errorsChecked;
    failures.push(...r.failures);
  });
  return { forms, cases: total, errors, failures };
}
