// `ngen install mscorlib.dll /NoDependencies` into an empty cache, against `mono --aot` on the
// same file in the same run: wall time, peak memory, image size and methods compiled / total.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
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
    return results;
  },
};
