// Compiling on worker threads gives the image compiling in one thread gives, byte for byte: a
// real class library large enough to be split into jobs (System.Data.Linq, with the 4,000
// generic instantiations its code calls compiled in waves), and its /Profile image (counters
// numbered across jobs); and with the backend on a thread of its own beside the importing
// thread, the default image and the /Debug one (IL maps from the backend's position maps).
// NGEN_WORKERS chooses the number of compile threads.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readNativeImage } from "../../host/image/native-image.js";
import { MONO_LIB } from "../support/mono.js";
import { ROOT } from "../support/fixtures.js";
import { ensureCliBuilt } from "../runtime/programs.js";

const CLI = join(ROOT, "bin", "ngen.mjs");
const LIB = join(MONO_LIB, "System.Data.Linq.dll");

function ngen(cache: string, args: string[], workers: string) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, NGEN_CACHE: cache, NGEN_WORKERS: workers } });
}

/** Installs LIB into a fresh cache; returns the log and the image file's bytes. */
function installWith(workers: string, scenario: string[]) {
  const cache = mkdtempSync(join(tmpdir(), "ngen-parallel-"));
  const r = ngen(cache, ["install", LIB, "/NoDependencies", "/verbose", "/nologo", ...scenario], workers);
  if (r.status !== 0) throw new Error(`install with NGEN_WORKERS=${workers} exited ${r.status}: ${r.stderr}${r.stdout}`);
  const images: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".ni.dll")) images.push(p);
    }
  };
  walk(cache);
  expect(images).toHaveLength(1);
  return { log: r.stdout, bytes: readFileSync(images[0]!) };
}

const sha = (b: Uint8Array) => createHash("sha1").update(b).digest("hex");

beforeAll(() => ensureCliBuilt());

describe("compile workers", () => {
  for (const scenario of [[], ["/Profile"]]) {
    it(`give the same ${scenario[0] ?? "default"} image as one thread`, () => {
      const one = installWith("0", scenario);
      const two = installWith("2", scenario);
      expect(one.log).not.toMatch(/compile threads|own thread/);
      expect(two.log).toMatch(/System\.Data\.Linq, [^\n]*: compiled \d+ of \d+ methods[^\n]*; 2 compile threads\)/);
      const img = readNativeImage(two.bytes, "System.Data.Linq.ni.dll");
      const compiled = img.methods.filter((m) => m.excluded === null).length;
      expect(compiled).toBeGreaterThan(2000);
      if (scenario.length === 0) expect(img.methods.length).toBeGreaterThan(img.methods.filter((m) => m.token >>> 24 === 0x06).length + 1000);
      expect(two.bytes.length).toBe(one.bytes.length);
      expect(sha(two.bytes)).toBe(sha(one.bytes));
    }, 300_000);
  }

  for (const scenario of [[], ["/Debug"]]) {
    it(`with the backend on a thread of its own give the same ${scenario[0] ?? "default"} image as one thread`, () => {
      const one = installWith("0", scenario);
      const split = installWith("1", scenario);
      expect(split.log).toMatch(/System\.Data\.Linq, [^\n]*: compiled \d+ of \d+ methods[^\n]*; backend on its own thread\)/);
      const img = readNativeImage(split.bytes, "System.Data.Linq.ni.dll");
      expect(img.methods.filter((m) => m.excluded === null).length).toBeGreaterThan(2000);
      expect(sha(split.bytes)).toBe(sha(one.bytes));
    }, 300_000);
  }

  it("reject an NGEN_WORKERS that is not a count", () => {
    const cache = mkdtempSync(join(tmpdir(), "ngen-parallel-"));
    const r = ngen(cache, ["install", LIB, "/NoDependencies", "/nologo"], "lots");
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/NGEN_WORKERS=lots: expected a whole number/);
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
  });
});
