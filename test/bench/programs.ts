// Compilation and generated-code speed, against Mono in the same run:
// - the IL importer over every method of Mono's mscorlib it handles (non-generic methods of
//   non-generic types, as test/importer/coverage.test.ts): microseconds per method and IL
//   megabytes per second, warm (a first pass resolves types and layouts); then the same IR
//   through the backend, for the whole compile time per method;
// - the JIT on a LINQ-heavy test program: compile time per method JIT-compiled under `ngen run`
//   (its NGEN_LOG=bind summary) and under `mono --stats` ("Total time spent JITting" over
//   "Compiled methods");
// - compute-bound test programs (test/programs: sieve, n-body, matrix multiply, binary trees)
//   with large problem sizes: each times its own kernel with Stopwatch after a warm-up call that
//   compiles it, and prints the milliseconds on stderr, so start-up (Node, Mono, loading the
//   class library, JIT compilation) is left out. Best of three runs each.
// Times are wall-clock milliseconds; ratios above 1 mean ngen is slower than Mono.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as IR from "../../core-as/shared/ir-layout.js";
import { Binder } from "../../host/binder/binder.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { BackendError, compileBatch, type BackendCore } from "../../host/codegen/backend.js";
import { packBatch } from "../../host/codegen/ir-builder.js";
import type { ImportEnv } from "../../host/importer/env.js";
import { ImportError, importMethod } from "../../host/importer/importer.js";
import { Table } from "../../host/metadata/schema.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { Layouts } from "../../host/typesystem/layout.js";
import type { MethodDesc } from "../../host/typesystem/types.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { VTables } from "../../host/typesystem/vtable.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";
import type { BenchModule, BenchResult } from "./types.js";

// Compiled to dist/test/bench; the repository (programs, the CLI) is three levels up.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const PROGRAMS = join(ROOT, "test", "programs");
const CLI = join(ROOT, "bin", "ngen.mjs");

const KERNELS: { name: string; args: string[]; what: string }[] = [
  { name: "Sieve", args: ["5000000", "10"], what: "primes below 5M, 10 times" },
  { name: "NBody", args: ["2000000"], what: "5 bodies, 2M steps (doubles)" },
  { name: "MatMul", args: ["400"], what: "400x400 doubles, jagged arrays" },
  { name: "BinaryTrees", args: ["17"], what: "depth 17 (allocation)" },
];

function ratioNote(ngen: number, mono: number, unit = "time"): string {
  const r = ngen / mono;
  return `${r.toFixed(2)}x Mono's ${unit}${r <= 1 ? " (faster or equal)" : ""}`;
}

/** Builds test/programs/<name>.cs with mcs into the cache directory. */
function build(name: string): string {
  const dir = join(ROOT, "test", ".cache", "bench");
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${name}.exe`);
  execFileSync("mcs", ["-optimize+", `-out:${out}`, join(PROGRAMS, `${name}.cs`)], { stdio: "pipe" });
  return out;
}

/** The kernel milliseconds a program prints on stderr ("kernel-ms 12.3"). */
function kernelMs(cmd: string, args: string[]): number {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const m = /kernel-ms ([\d.]+)/.exec(r.stderr ?? "");
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return Number(m[1]);
}

function best(n: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) b = Math.min(b, f());
  return b;
}

function importerBench(): BenchResult[] {
  const ts = new TypeSystem(new Binder(nodeBinderFS), { appBase: MONO_LIB, gac: MONO_GAC, corlibDir: MONO_LIB });
  const m = ts.load(join(MONO_LIB, "mscorlib.dll"));
  let sym = 1;
  const env: ImportEnv = {
    ts, layouts: new Layouts(ts), vtables: new VTables(ts), vtableOffset: 64,
    methodSymbol: () => sym++,
    helperSymbol: (h) => IR.SYM_HELPER_BASE + 100 + h,
    dataAddress: (b) => b.const(IR.TY_PTR, 0x10000),
  };
  const methods: MethodDesc[] = [];
  for (let td = 2; td <= m.reader.rows(Table.TypeDef); td++) {
    if (ts.genericArity(m, td)) continue;
    for (const md of ts.methodsOf(ts.defType(m, td))) if (!md.sig.genericParamCount) methods.push(md);
  }
  const pass = (): { ms: number; words: Int32Array[]; ilBytes: number } => {
    const words: Int32Array[] = [];
    let ilBytes = 0;
    const t0 = performance.now();
    for (const md of methods) {
      try {
        const r = importMethod(env, md);
        words.push(r.words);
        ilBytes += r.ilBytes;
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
      }
    }
    return { ms: performance.now() - t0, words, ilBytes };
  };
  pass(); // resolves every type, layout and vtable the methods need
  const warm = [pass(), pass(), pass()].sort((a, b) => a.ms - b.ms)[0]!;
  const n = warm.words.length;
  const core = loadCoreNode() as BackendCore;
  const backendPass = (): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i += 128) {
      core.backendReset();
      const batch = warm.words.slice(i, i + 128);
      for (const r of compileBatch(core, packBatch(batch), batch.length)) if (r instanceof BackendError) throw r;
    }
    return performance.now() - t0;
  };
  const backendMs = best(2, backendPass);
  const importUs = (1000 * warm.ms) / n;
  const backendUs = (1000 * backendMs) / n;
  return [
    { name: "importer (mscorlib): time per method", value: importUs, unit: "us", peer: null, peerValue: null, note: `${n} methods imported of ${methods.length}, warm` },
    { name: "importer (mscorlib): IL throughput", value: warm.ilBytes / 1e6 / (warm.ms / 1000), unit: "MB/s", peer: null, peerValue: null, note: `${(warm.ilBytes / 1e6).toFixed(2)} MB of IL` },
    { name: "compile (mscorlib): import + backend per method", value: importUs + backendUs, unit: "us", peer: null, peerValue: null, note: `backend ${backendUs.toFixed(1)} us of it` },
  ];
}

function jitBench(): BenchResult[] {
  const exe = build("LinqQueries");
  const ngen = spawnSync(process.execPath, [CLI, "run", exe], { encoding: "utf8", env: { ...process.env, NGEN_LOG: "bind" } });
  const nm = /JIT: (\d+) methods compiled .*; import (\d+) ms, backend (\d+) ms/.exec(ngen.stderr ?? "");
  const mono = spawnSync("mono", ["--stats", exe], { encoding: "utf8" });
  const jitted = /Compiled methods\s*:\s*(\d+)/.exec(mono.stdout ?? "");
  const jitMs = /Total time spent JITting\s*:\s*([\d.]+) ms/.exec(mono.stdout ?? "");
  if (!nm) throw new Error(`ngen run printed no JIT summary: ${ngen.stderr}`);
  const ngenUs = (1000 * (Number(nm[2]) + Number(nm[3]))) / Number(nm[1]);
  const monoUs = jitted && jitMs ? (1000 * Number(jitMs[1])) / Number(jitted[1]) : null;
  return [{
    name: "JIT (LinqQueries): compile time per method", value: ngenUs, unit: "us", peer: "mono --stats", peerValue: monoUs,
    note: `${nm[1]} methods vs ${jitted?.[1] ?? "?"} (Mono loads much of mscorlib AOT-compiled)${monoUs ? "; " + ratioNote(ngenUs, monoUs) : ""}`,
  }];
}

function kernelBench(): BenchResult[] {
  const out: BenchResult[] = [];
  for (const k of KERNELS) {
    const exe = build(k.name);
    const ngen = best(3, () => kernelMs(process.execPath, [CLI, "run", exe, ...k.args]));
    const mono = best(3, () => kernelMs("mono", [exe, ...k.args]));
    out.push({ name: `run ${k.name}: kernel time`, value: ngen, unit: "ms", peer: "mono (JIT)", peerValue: mono, note: `${k.what}; ${ratioNote(ngen, mono)}` });
  }
  return out;
}

export const programsBench: BenchModule = {
  name: "programs",
  async run(): Promise<BenchResult[]> {
    if (!existsSync(join(MONO_LIB, "mscorlib.dll"))) return [];
    return [...importerBench(), ...jitBench(), ...kernelBench()];
  },
};
