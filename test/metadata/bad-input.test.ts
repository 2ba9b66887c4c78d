// Hostile and broken input: every failure is a BadImageError naming the file (and, where one
// applies, the offset), reached quickly — never another exception, a hang or a crash.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadImageError } from "../../host/metadata/errors.js";
import { MetadataReader } from "../../host/metadata/reader.js";
import { readAll } from "../../host/metadata/read-all.js";
import { Table } from "../../host/metadata/schema.js";
import { ResolutionError } from "../../host/metadata/custom-attributes.js";
import { FileAssemblyResolver } from "../../host/node/file-resolver.js";
import { fixture, ROOT } from "../support/fixtures.js";
import { MONO_LIB } from "../support/mono.js";

const resolver = new FileAssemblyResolver();

/** Full read of `bytes`; returns the error thrown, or null when the file read cleanly. */
function attempt(bytes: Uint8Array, name = "input.dll"): Error | null {
  try {
    readAll(MetadataReader.open(bytes, name), { resolver });
    return null;
  } catch (e) {
    return e as Error;
  }
}

function expectBadImage(bytes: Uint8Array, pattern: RegExp, name = "input.dll"): BadImageError {
  const e = attempt(bytes, name);
  expect(e, `expected a failure matching ${pattern}`).toBeInstanceOf(BadImageError);
  expect(e!.message).toContain(name);
  expect(e!.message).toMatch(pattern);
  return e as BadImageError;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0);
}

const featuresBytes = new Uint8Array(readFileSync(fixture("Features.dll")));
const reader = MetadataReader.open(featuresBytes, "Features.dll");

function patched(f: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const b = featuresBytes.slice();
  f(b, new DataView(b.buffer));
  return b;
}

function tableStreamOffset(): number {
  return reader.md.streams.find((s) => s.name === "#~")!.offset;
}

describe("headers", () => {
  it("rejects wrong magic numbers at the right offset", () => {
    const peOff = new DataView(featuresBytes.buffer).getUint32(0x3c, true);
    expect(expectBadImage(patched((b) => (b[1] = 0x58)), /missing 'MZ'/).offset).toBe(0);
    expect(expectBadImage(patched((b) => (b[peOff] = 0)), /PE\\0\\0/).offset).toBe(peOff);
    expect(expectBadImage(patched((_, v) => v.setUint16(peOff + 24, 0x30b, true)), /optional header magic 0x30b/).offset).toBe(peOff + 24);
    expect(expectBadImage(patched((b) => (b[reader.md.offset] = 0)), /BSJB/).offset).toBe(reader.md.offset);
    expect(expectBadImage(new Uint8Array(10), /too small/)).toBeTruthy();
    expect(expectBadImage(new TextEncoder().encode("MZ this is a text file, not an assembly ........................................"), /PE header offset|PE\\0\\0/)).toBeTruthy();
  });

  it("rejects RVAs and stream offsets past the end", () => {
    const cli = reader.pe.cli.offset;
    expectBadImage(patched((_, v) => v.setUint32(cli + 8, 0x7fff0000, true)), /metadata: RVA 0x7fff0000 is not inside any section/);
    expectBadImage(patched((_, v) => v.setUint32(cli + 12, 0x10000000, true)), /metadata: RVA range/);
    // First stream header: offset then size, right after the version string and flags.
    const md = reader.md.offset;
    const vlen = new DataView(featuresBytes.buffer).getUint32(md + 12, true);
    const first = md + 16 + ((vlen + 3) & ~3) + 4;
    expectBadImage(patched((_, v) => v.setUint32(first, 0xfffffff0, true)), /lies outside the \d+-byte metadata/);
    expectBadImage(patched((_, v) => v.setUint32(first + 4, 0x7ffffff0, true)), /lies outside the \d+-byte metadata/);
    // A method body RVA pointing nowhere.
    const rvaCell = reader.tables.cellOffset(Table.MethodDef, 2, 0);
    expectBadImage(patched((_, v) => v.setUint32(rvaCell, 0x7ffffff0, true)), /method body: RVA 0x7ffffff0/);
  });

  it("rejects row counts claiming billions", () => {
    const ts = tableStreamOffset();
    // Row counts follow the 24-byte header in table-number order; Module is first, TypeRef second.
    for (const count of [0x7fffffff, 0x00ffffff, 0x0100000]) {
      const e = expectBadImage(patched((_, v) => v.setUint32(ts + 24 + 4, count, true)), /rows|row id/);
      expect(e.offset).toBeGreaterThanOrEqual(ts);
    }
  });
});

describe("indices", () => {
  it("rejects out-of-range and badly tagged coded indices", () => {
    const ext = reader.tables.cellOffset(Table.TypeDef, 2, 3);
    expect(expectBadImage(patched((_, v) => v.setUint16(ext, 3, true)), /TypeDefOrRef has invalid tag 3/).offset).toBe(ext);
    expect(expectBadImage(patched((_, v) => v.setUint16(ext, (0x3fff << 2) | 1, true)), /row 16383 of table TypeRef does not exist/).offset).toBe(ext);
    const caType = reader.tables.cellOffset(Table.CustomAttribute, 1, 1);
    expectBadImage(patched((_, v) => v.setUint16(caType, 0, true)), /CustomAttributeType has invalid tag 0/);
  });

  it("rejects heap indices past the heaps", () => {
    const name = reader.tables.cellOffset(Table.TypeDef, 2, 1);
    expectBadImage(patched((_, v) => v.setUint16(name, 0xfff0, true)), /#Strings index 0xfff0/);
    const sig = reader.tables.cellOffset(Table.MethodDef, 2, 4);
    expectBadImage(patched((_, v) => v.setUint16(sig, 0xfff0, true)), /#Blob index 0xfff0/);
  });

  it("rejects cyclic resolution scopes and nesting", () => {
    // TypeRef 2's scope made TypeRef 2 itself (ResolutionScope tag 3).
    const scope = reader.tables.cellOffset(Table.TypeRef, 2, 0);
    const cyclic = MetadataReader.open(patched((_, v) => v.setUint16(scope, (2 << 2) | 3, true)), "cyclic.dll");
    expect(() => cyclic.typeRefFullName(2)).toThrow(/cyclic/);
    // Two NestedClass rows enclosing each other.
    const n1 = reader.tables.cellOffset(Table.NestedClass, 1, 0);
    const nested = reader.tables.ref(Table.NestedClass, 1, 0);
    const outer = reader.tables.ref(Table.NestedClass, 1, 1);
    const n2 = reader.tables.cellOffset(Table.NestedClass, 2, 0);
    const loop = MetadataReader.open(
      patched((_, v) => {
        v.setUint16(n1, nested, true);
        v.setUint16(n1 + 2, outer, true);
        v.setUint16(n2, outer, true);
        v.setUint16(n2 + 2, nested, true);
      }),
      "loop.dll",
    );
    expect(() => loop.typeDefFullName(nested)).toThrow(BadImageError);
    expect(() => loop.typeDefFullName(nested)).toThrow(/cyclic/);
  });
});

describe("damage everywhere", () => {
  it("truncation at every 1 KiB boundary of a real assembly", () => {
    const file = join(MONO_LIB, "System.Xml.Linq.dll");
    const full = new Uint8Array(readFileSync(file));
    let cases = 0;
    for (let n = 0; n < full.length; n += 1024) {
      const e = attempt(full.subarray(0, n), file);
      expect(e, `truncated to ${n}`).toBeInstanceOf(BadImageError);
      expect(e!.message.startsWith(file)).toBe(true);
      cases++;
    }
    expect(cases).toBeGreaterThan(50);
  });

  it("10,000 seeded random byte flips: only typed errors, each in bounded time", () => {
    const next = rng(0x5eed);
    const outcomes = { ok: 0, bad: 0, unresolved: 0 };
    let slowest = 0;
    for (let i = 0; i < 10_000; i++) {
      const b = featuresBytes.slice();
      const flips = 1 + (next() % 4);
      for (let k = 0; k < flips; k++) b[next() % b.length] ^= 1 << (next() % 8);
      const t0 = performance.now();
      const e = attempt(b, `flip-${i}.dll`);
      slowest = Math.max(slowest, performance.now() - t0);
      if (e === null) outcomes.ok++;
      else if (e instanceof BadImageError) {
        expect(e.message).toContain(`flip-${i}.dll`);
        outcomes.bad++;
      } else if (e instanceof ResolutionError) outcomes.unresolved++;
      else throw new Error(`flip case ${i} threw ${e.name}: ${e.message}`);
    }
    expect(outcomes.bad).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(2000);
  });
});

describe("the CLI on bad input", () => {
  const dir = mkdtempSync(join(tmpdir(), "ngen-bad-"));
  const cli = join(ROOT, "bin", "ngen.mjs");

  it.each([
    ["meta", "truncated.dll", featuresBytes.subarray(0, 3000)],
    ["il", "garbage.dll", new Uint8Array(5000).fill(0x41)],
    ["meta", "zero.dll", new Uint8Array(0)],
  ])("ngen %s %s exits 1 with one line naming the file", (action, name, bytes) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const r = spawnSync(process.execPath, [cli, action, path], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(/^ngen: error: /);
  });

  it("a missing file and a bad argument exit 1", () => {
    const missing = spawnSync(process.execPath, [cli, "meta", join(dir, "nope.dll")], { encoding: "utf8" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.dll: file not found/);
    const bad = spawnSync(process.execPath, [cli, "meta", "--frobnicate", fixture("Features.dll")], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown option 'frobnicate'/);
  });

  it("keeps working: the same files read fine after the errors", () => {
    const ok = execFileSync(process.execPath, [cli, "meta", "--json", fixture("Features.dll")], { encoding: "utf8" });
    expect(JSON.parse(ok).name).toBe("Features");
  });
});
