// Test helpers for the IL reader: building method bodies by hand, a seeded PRNG, PE section
// mapping for real assemblies, and the Mono.Cecil oracle (test/il/oracle/BodyDump.cs).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { ByteView } from "../../host/metadata/bytes.js";
import { BadImageError } from "../../host/metadata/errors.js";

export const FILE = "test.dll";

/** Little-endian byte builder. */
export class Bytes {
  readonly out: number[] = [];
  get length(): number {
    return this.out.length;
  }
  u8(...v: number[]): this {
    for (const x of v) this.out.push(x & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v, v >>> 8);
  }
  u24(v: number): this {
    return this.u8(v, v >>> 8, v >>> 16);
  }
  u32(v: number): this {
    return this.u8(v, v >>> 8, v >>> 16, v >>> 24);
  }
  i32(v: number): this {
    return this.u32(v >>> 0);
  }
  i64(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    for (let i = 0n; i < 8n; i++) this.u8(Number((u >> (8n * i)) & 0xffn));
    return this;
  }
  f32(v: number): this {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setFloat32(0, v, true);
    return this.u8(...new Uint8Array(dv.buffer));
  }
  f64(v: number): this {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, v, true);
    return this.u8(...new Uint8Array(dv.buffer));
  }
  bytes(b: ArrayLike<number>): this {
    return this.u8(...Array.from(b));
  }
  /** Pads with `fill` until the length is a multiple of 4. */
  align4(fill = 0): this {
    while (this.out.length % 4 !== 0) this.out.push(fill);
    return this;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.out);
  }
  view(base = 0): ByteView {
    return new ByteView(this.build(), FILE, base);
  }
}

/** Runs `f` and asserts it throws a BadImageError at absolute offset `offset`. */
export function expectBad(f: () => unknown, offset: number, problem?: RegExp): BadImageError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected a BadImageError").toBeInstanceOf(BadImageError);
  const err = caught as BadImageError;
  expect(err.file).toBe(FILE);
  expect(err.offset, `offset of: ${err.message}`).toBe(offset);
  if (problem) expect(err.problem).toMatch(problem);
  return err;
}

/** mulberry32: small, seedable, good enough for fuzzing. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Maps RVAs to file offsets through a PE file's section table (enough for test oracles). */
export function peSections(file: Uint8Array): (rva: number) => number {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const pe = dv.getUint32(0x3c, true);
  const count = dv.getUint16(pe + 6, true);
  const optSize = dv.getUint16(pe + 20, true);
  const table = pe + 24 + optSize;
  const sections: { va: number; size: number; raw: number }[] = [];
  for (let i = 0; i < count; i++) {
    const s = table + 40 * i;
    sections.push({ va: dv.getUint32(s + 12, true), size: dv.getUint32(s + 16, true), raw: dv.getUint32(s + 20, true) });
  }
  return (rva) => {
    const s = sections.find((x) => rva >= x.va && rva < x.va + x.size);
    if (!s) throw new Error(`RVA 0x${rva.toString(16)} is in no section`);
    return rva - s.va + s.raw;
  };
}

export interface OracleClause {
  kind: number;
  tryStart: number;
  tryEnd: number;
  handlerStart: number;
  handlerEnd: number;
  filterStart: number;
  catchToken: number;
}
export interface OracleMethod {
  rva: number;
  codeSize: number;
  maxStack: number;
  initLocals: boolean;
  localVarToken: number;
  clauses: OracleClause[];
  /** "offset:opcodeValueHex[:operand]" per instruction, as BodyDump.cs prints them. */
  instructions: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const MSCORLIB = "/usr/lib/mono/4.5/mscorlib.dll";

/** Path of Mono.Cecil.dll in Mono's GAC, or null when Mono or Cecil is missing. */
export function findCecil(): string | null {
  const gac = "/usr/lib/mono/gac/Mono.Cecil";
  if (!existsSync(gac) || !existsSync("/usr/bin/mcs") || !existsSync("/usr/bin/mono")) return null;
  const versions = readdirSync(gac)
    .filter((v) => existsSync(join(gac, v, "Mono.Cecil.dll")))
    .sort()
    .reverse();
  return versions.length ? join(gac, versions[0]!, "Mono.Cecil.dll") : null;
}

/** Builds BodyDump.exe and runs it on `assembly`. */
export function cecilDump(cecil: string, assembly: string): OracleMethod[] {
  const dir = mkdtempSync(join(tmpdir(), "ngen-il-oracle-"));
  const exe = join(dir, "BodyDump.exe");
  execFileSync("mcs", [`-r:${cecil}`, join(here, "oracle", "BodyDump.cs"), `-out:${exe}`], { stdio: "pipe" });
  const text = execFileSync("mono", [exe, assembly], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, MONO_PATH: dirname(cecil) },
  });
  return text
    .split("\n")
    .filter((l) => l.startsWith("M "))
    .map(parseOracleLine);
}

function parseOracleLine(line: string): OracleMethod {
  const t = line.split(" ");
  let i = 1;
  const rva = parseInt(t[i++]!, 16);
  const codeSize = Number(t[i++]);
  const maxStack = Number(t[i++]);
  const initLocals = t[i++] === "1";
  const localVarToken = parseInt(t[i++]!, 16);
  const n = Number(t[i++]);
  const clauses: OracleClause[] = [];
  for (let k = 0; k < n; k++) {
    if (t[i++] !== "C") throw new Error(`bad oracle line: ${line}`);
    clauses.push({
      kind: Number(t[i++]),
      tryStart: Number(t[i++]),
      tryEnd: Number(t[i++]),
      handlerStart: Number(t[i++]),
      handlerEnd: Number(t[i++]),
      filterStart: Number(t[i++]),
      catchToken: parseInt(t[i++]!, 16),
    });
  }
  if (t[i++] !== "I") throw new Error(`bad oracle line: ${line}`);
  return { rva, codeSize, maxStack, initLocals, localVarToken, clauses, instructions: t.slice(i) };
}

export function readFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export interface ClauseSpec {
  flags: number;
  tryOffset: number;
  tryLength: number;
  handlerOffset: number;
  handlerLength: number;
  /** Class token or filter offset. */
  extra: number;
}

/**
 * A fat method body (header at offset 0) around `code`, with one EH section holding `clauses`
 * in small or fat form when any are given.
 */
export function fatBody(code: ArrayLike<number>, clauses: ClauseSpec[] = [], fatSection = false, localSig = 0): Bytes {
  const b = new Bytes();
  b.u16((3 << 12) | 0x3 | (clauses.length ? 0x8 : 0) | (localSig ? 0x10 : 0));
  b.u16(4).u32(code.length).u32(localSig).bytes(code);
  if (!clauses.length) return b;
  b.align4();
  if (fatSection) {
    b.u8(0x41).u24(4 + 24 * clauses.length);
    for (const c of clauses) b.u32(c.flags).u32(c.tryOffset).u32(c.tryLength).u32(c.handlerOffset).u32(c.handlerLength).u32(c.extra);
  } else {
    b.u8(0x01, 4 + 12 * clauses.length, 0, 0);
    for (const c of clauses) b.u16(c.flags).u16(c.tryOffset).u8(c.tryLength).u16(c.handlerOffset).u8(c.handlerLength).u32(c.extra);
  }
  return b;
}
