// `ngen install mscorlib.dll /NoDependencies` into an empty cache, against `mono --aot` on the
// same file in the same run: wall time, peak memory, image size and methods compiled / total.
// Then `ngen run` of test programs with their installed native images against `ngen run`
// without images (everything JIT-compiled) and against `mono`: total wall time, start-up included.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchModule, BenchResult } from "./types.js";

const FILE = "/usr/lib/mono/4.5/mscorlib.dll";
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const TIME = "/usr/bin/time";

interface Run {
  seconds: number;
  peakKB: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command, measuring wall time and (with GNU time, when installed) peak resident memory. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const withTime = existsSync(TIME);
  const t0 = performance.now();
  const r = withTime
    ? spawnSync(TIME, ["-f", "__PEAK_KB=%M", cmd, ...args], { encoding: "utf8", env, maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { encoding: "utf8", env, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const m = /__PEAK_KB=(\d+)/.exec(r.stderr);
  return { seconds, peakKB: m ? Number(m[1]) : null, stdout: r.stdout, stderr: r.stderr };
}

export const installBench: BenchModule = {
  name: "install",
  async run(): Promise<BenchResult[]> {
    const cache = mkdtempSync(join(tmpdir(), "ngen-bench-cache-"));
    const ours = measure(process.execPath, [join(ROOT, "bin", "ngen.mjs"), "install", FILE, "/NoDependencies", "/silent"], { ...process.env, NGEN_CACHE: cache });
    const shown = JSON.parse(spawnSync(process.execPath, [join(ROOT, "bin", "ngen.mjs"), "display", "--json"], { encoding: "utf8", env: { ...process.env, NGEN_CACHE: cache } }).stdout);
    const img = shown.images[0];
    const ourSize = statSync(join(cache, img.imagePath)).size;
    const ourCoverage = `${img.methods.compiled}/${img.methods.total}`;

    const aotDir = mkdtempSync(join(tmpdir(), "ngen-bench-aot-"));
    const out = join(aotDir, "mscorlib.dll.so");
    const mono = measure("mono", [`--aot=outfile=${out},stats`, FILE]);
    const monoSize = statSync(out).size;
    const cov = /Compiled: (\d+)\/(\d+)/.exec(mono.stdout + mono.stderr);
    const monoCoverage = cov ? `${cov[1]}/${cov[2]}` : "?";
    rmSync(cache, { recursive: true, force: true });
    rmSync(aotDir, { recursive: true, force: true });

    const results: BenchResult[] = [
      { name: "install mscorlib /NoDependencies: wall time", value: ours.seconds, unit: "s", peer: "mono --aot", peerValue: mono.seconds, note: `${(mono.seconds / ours.seconds).toFixed(2)}x the peer's speed` },
      { name: "install mscorlib: image size", value: ourSize / (1 << 20), unit: "MiB", peer: "mono --aot", peerValue: monoSize / (1 << 20), note: "PE32+ native image vs ELF shared object" },
      { name: "install mscorlib: methods compiled", value: img.methods.compiled / img.methods.total * 100, unit: "%", peer: "mono --aot", peerValue: cov ? (Number(cov[1]) / Number(cov[2])) * 100 : null, note: `${ourCoverage} vs ${monoCoverage} (methods with IL bodies)` },
    ];
    if (ours.peakKB !== null && mono.peakKB !== null) {
      results.push({ name: "install mscorlib: peak memory", value: ours.peakKB / 1024, unit: "MiB", peer: "mono --aot", peerValue: mono.peakKB / 1024, note: "maximum resident set size" });
    }
    for (const p of RUN_PROGRAMS) results.push(...runWithImages(p));
    return results;
  },
};

/** Programs whose `ngen run` is timed with and without native images. */
const RUN_PROGRAMS = ["StringOps", "BankAccounts", "LinqQueries"];
const REPEAT = 5;

function runWithImages(name: string): BenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), "ngen-bench-run-"));
  try {
    const exe = join(dir, `${name}.exe`);
    execFileSync("mcs", [`-out:${exe}`, join(ROOT, "test", "programs", `${name}.cs`)], { stdio: "pipe" });
    const cache = join(dir, "cache"), none = join(dir, "none");
    mkdirSync(none);
    const ngen = join(ROOT, "bin", "ngen.mjs");
    measure(process.execPath, [ngen, "install", exe, "/silent"], { ...process.env, NGEN_CACHE: cache });
    const bestOf = (f: () => Run) => {
      let b: Run | null = null;
      for (let i = 0; i < REPEAT; i++) {
        const r = f();
        if (!b || r.seconds < b.seconds) b = r;
      }
      return b!;
    };
    const log = { ...process.env, NGEN_LOG: "bind" };
    const withImages = bestOf(() => measure(process.execPath, [ngen, "run", exe], { ...log, NGEN_CACHE: cache }));
    const jitOnly = bestOf(() => measure(process.execPath, [ngen, "run", exe], { ...log, NGEN_CACHE: none }));
    const mono = bestOf(() => measure("mono", [exe]));
    if (withImages.stdout !== mono.stdout || jitOnly.stdout !== mono.stdout) throw new Error(`${name}: output differs from Mono's`);
    const counts = (r: Run) => /^images: (\d+) methods ran from native images, (\d+) were JIT-compiled$/m.exec(r.stderr);
    const a = counts(withImages), b = counts(jitOnly);
    const what = a && b ? `${a[1]} methods from images + ${a[2]} JIT vs ${b[2]} JIT` : "";
    return [
      { name: `ngen run ${name} with native images: wall time`, value: withImages.seconds, unit: "s", peer: "ngen run without images (JIT)", peerValue: jitOnly.seconds, note: `${(jitOnly.seconds / withImages.seconds).toFixed(2)}x the JIT-only speed; ${what}` },
      { name: `ngen run ${name} with native images: wall time vs Mono`, value: withImages.seconds, unit: "s", peer: "mono", peerValue: mono.seconds, note: `${(withImages.seconds / mono.seconds).toFixed(1)}x Mono's time (best of ${REPEAT}, start-up included)` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
