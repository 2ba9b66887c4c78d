// The ngen command line: help, exit codes, meta and il on the bundled sample and on real
// assemblies, with monodis as the reference for the IL listing.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectAssembly } from "../../host/api.js";
import { MetadataReader } from "../../host/metadata/reader.js";
import { Table } from "../../host/metadata/schema.js";
import { ROOT, fixture } from "../support/fixtures.js";
import { MONO_LIB, monodis } from "../support/mono.js";

const CLI = join(ROOT, "bin", "ngen.mjs");
const SAMPLE = join(ROOT, "samples", "Hello.exe");

function ngen(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 256 << 20 });
}

describe("help and usage", () => {
  it("lists the actions with --help, /? and help, and exits 0", () => {
    for (const h of [["--help"], ["/?"], ["help"], ["-h"]]) {
      const r = ngen(...h);
      expect(r.status, h.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/^Usage: ngen <action>/);
      expect(r.stdout).toMatch(/\n {2}meta +Show/);
      expect(r.stdout).toMatch(/\n {2}il +Disassemble/);
    }
  });

  it("has help for every action", () => {
    for (const action of ["meta", "il"]) {
      for (const form of [[action, "--help"], ["help", action], [action, "/help"]]) {
        const r = ngen(...form);
        expect(r.status, form.join(" ")).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: ngen ${action} <file>`));
      }
    }
  });

  it("exits 1 with usage for no action, an unknown action or a missing file argument", () => {
    expect(ngen().status).toBe(1);
    const unknown = ngen("frobnicate");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown action 'frobnicate'/);
    const noFile = ngen("meta");
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toMatch(/exactly one assembly file, got 0/);
    const noMatch = ngen("il", SAMPLE, "--method", "NoSuchMethod");
    expect(noMatch.status).toBe(1);
    expect(noMatch.stderr).toMatch(/no method matches 'NoSuchMethod'/);
  });
});

describe("the bundled sample", () => {
  it("is what samples/Hello.cs compiles to", () => {
    const dir = mkdtempSync(join(tmpdir(), "ngen-sample-"));
    const out = join(dir, "Hello.exe");
    execFileSync("mcs", [`-out:${out}`, join(ROOT, "samples", "Hello.cs")]);
    const names = (f: string) => {
      const r = MetadataReader.open(new Uint8Array(readFileSync(f)), f);
      return Array.from({ length: r.rows(Table.MethodDef) }, (_, i) => r.methodFullName(0x06000001 + i));
    };
    expect(names(SAMPLE)).toEqual(names(out));
  });

  it("meta prints identity and counts; --json equals the API", () => {
    const text = ngen("meta", SAMPLE);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Assembly: +Hello, Version=0\.0\.0\.0, Culture=neutral, PublicKeyToken=null$/m);
    const api = inspectAssembly(new Uint8Array(readFileSync(SAMPLE)), SAMPLE);
    expect(text.stdout).toContain(`method bodies     ${api.counts.methodBodies}\n`);
    const json = ngen("meta", "--json", SAMPLE);
    expect(JSON.parse(json.stdout)).toEqual(api);
  });

  it("meta --verify reports a complete read", () => {
    const r = ngen("meta", "--verify", "--json", SAMPLE);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verified.methodBodies).toBe(j.counts.methodBodies);
    expect(j.verified.instructions).toBeGreaterThan(j.verified.methodBodies);
  });

  it("il --method selects by substring and by glob", () => {
    const fib = ngen("il", SAMPLE, "--method", "fib");
    expect(fib.status).toBe(0);
    expect(fib.stdout).toMatch(/\.method private hidebysig static int32 Fib\(int32 n\) cil managed/);
    expect(fib.stdout).toMatch(/call +int32 Sample\.Program::Fib\(int32\)/);
    expect(fib.stdout.match(/\.method /g)).toHaveLength(1);
    const main = ngen("il", SAMPLE, "--method", "*::Main");
    expect(main.stdout).toMatch(/\.try IL_[0-9a-f]{4} to IL_[0-9a-f]{4} catch \[mscorlib\]System\.DivideByZeroException handler/);
    expect(main.stdout).toMatch(/\.try IL_[0-9a-f]{4} to IL_[0-9a-f]{4} finally handler/);
  });
});

describe("il agrees with monodis", () => {
  /**
   * Each method's "IL_0004 leave.s" lines (offset and mnemonic of every instruction, in
   * order), one string per method, sorted: monodis prints nested classes inside their
   * enclosing class, so the order of methods differs while each method's listing must not.
   */
  const listing = (text: string) => {
    const methods: string[] = [];
    for (const m of text.matchAll(/^\s*(IL_[0-9a-f]{4}):\s+(\S+)/gm)) {
      const line = `${m[1]} ${m[2]}`;
      if (m[1] === "IL_0000" || methods.length === 0) methods.push(line);
      else methods[methods.length - 1] += "\n" + line;
    }
    return methods.sort();
  };

  it.each([SAMPLE, fixture("Features.dll"), fixture("IlOnly.dll"), join(MONO_LIB, "System.Xml.Linq.dll"), join(MONO_LIB, "System.Numerics.dll")])(
    "%s: every instruction's offset and opcode",
    (file) => {
      const ours = listing(ngen("il", file).stdout);
      const theirs = listing(monodis(null, file));
      expect(ours.length).toBeGreaterThanOrEqual(5);
      expect(ours).toEqual(theirs);
    },
  );
});
