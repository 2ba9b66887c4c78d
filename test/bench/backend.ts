// Backend throughput: IR instructions per second through the whole backend (lowering, register
// allocation, emission and encoding in the core, one compileBatch call per batch; the host's copy
// of the IR into the core's memory included), the time per method at 100 / 1,000 / 10,000 /
// 100,000 IR instructions (ns per instruction at each size: the curve should be near-linear), and
// spills / moves per 1,000 IR instructions on the classic kernels.
//
// Workload: seeded random methods from test/backend/support/random-ir.ts: integer and float
// arithmetic, loads and stores, compares and branches, loops, switches, calls, division by
// constants and by guarded variables, checked arithmetic (about a third each of arithmetic,
// memory/conversions, control flow by IR instruction count).
//
// Peer: asmjit's C++ Compiler (its register allocator plus assembler) is quoted at 6-8 M instr/s
// on this machine class; it is not measured here (no C++ toolchain in the run), so the goal is
// stated in the notes rather than as a measured peer.
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { packBatch, decodeMethod } from "../../host/codegen/ir-builder.js";
import { compileBatch, BackendError, type BackendCore, type CompiledMethod } from "../../host/codegen/backend.js";
import { Rng, randomFunction, randomSignature, type Signature } from "../backend/support/random-ir.js";
import { gcdIR, fibRecursiveIR, fibIterativeIR, sieveIR, dotIR, stateMachineIR } from "../backend/support/kernels.js";
import type { BenchModule, BenchResult } from "./types.js";

const GOAL = 8; // M IR instructions/s

/** Random methods of about `size` IR instructions each, until `total` instructions. */
function workload(seed: number, size: number, total: number): { methods: Int32Array[]; insts: number } {
  const r = new Rng(seed);
  const externals: Signature[] = Array.from({ length: 8 }, (_, k) => randomSignature(r, 5000 + k, true));
  const methods: Int32Array[] = [];
  let insts = 0;
  while (insts < total) {
    const sig = randomSignature(r, methods.length + 1, true);
    // About 11 IR instructions per statement of the generator.
    const m = randomFunction(r, sig, { statements: Math.max(1, Math.round(size / 11)), maxDepth: 3, floats: true, memory: true, calls: externals, checked: true, switches: true, fill: true });
    methods.push(m);
    insts += decodeMethod(m).numInsts;
  }
  return { methods, insts };
}

function compileAll(core: BackendCore, batch: Int32Array, count: number): (CompiledMethod | BackendError)[] {
  const res = compileBatch(core, batch, count);
  for (const r of res) if (r instanceof BackendError) throw r;
  return res;
}

/** Best of `reps` timed runs (after one warm-up) of compiling `batch`, in ms. */
function time(core: BackendCore, batch: Int32Array, count: number, reps: number): number {
  compileAll(core, batch, count);
  let best = Infinity;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    core.backendReset();
    const ptr = core.backendAlloc(batch.byteLength);
    new Int32Array(core.memory.buffer, ptr, batch.length).set(batch);
    core.compileBatch!(ptr, batch.byteLength, count);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The core's step-wise entry points plus the allocator's. */
interface PhaseCore extends BackendCore {
  regallocRun(vcode: number, result: number, capacity: number): number;
}

/** Milliseconds spent in each phase over the batch (best of `reps` for each). */
function timePhases(core: BackendCore, batch: Int32Array, count: number, reps: number): { lower: number; alloc: number; emit: number } {
  const c = core as PhaseCore;
  const best = { lower: Infinity, alloc: Infinity, emit: Infinity };
  for (let k = 0; k < reps; k++) {
    let lower = 0, alloc = 0, emit = 0;
    let ptr = 0, ra = 0;
    const cap = 1 << 22;
    for (let i = 0; i < count; i++) {
      if (i % 256 === 0) {
        // Outputs accumulate in the arena: start it again now and then (untimed).
        core.backendReset();
        ptr = core.backendAlloc(batch.byteLength);
        new Int32Array(core.memory.buffer, ptr, batch.length).set(batch);
        ra = core.backendAlloc(cap);
      }
      const t0 = performance.now();
      const vc = core.backendLower(ptr, batch.byteLength, i);
      const t1 = performance.now();
      if (c.regallocRun(vc, ra, cap) !== 0) throw new Error(`allocation failed for method ${i}`);
      const t2 = performance.now();
      core.backendEmit(ra);
      const t3 = performance.now();
      lower += t1 - t0;
      alloc += t2 - t1;
      emit += t3 - t2;
    }
    best.lower = Math.min(best.lower, lower);
    best.alloc = Math.min(best.alloc, alloc);
    best.emit = Math.min(best.emit, emit);
  }
  return best;
}

export const backendBench: BenchModule = {
  name: "backend",
  async run(): Promise<BenchResult[]> {
    const core = (process.env.BACKEND_CORE ? loadCoreNode(process.env.BACKEND_CORE) : loadCoreNode()) as BackendCore;
    if (!core.compileBatch) throw new Error("the core has no compileBatch: build it with the register allocator");
    const results: BenchResult[] = [];

    // Throughput on a mixed batch of methods of 50-400 instructions.
    {
      const parts = [50, 100, 200, 400].map((s, k) => workload(100 + k, s, 250_000));
      const methods = parts.flatMap((p) => p.methods);
      const insts = parts.reduce((s, p) => s + p.insts, 0);
      const batch = packBatch(methods);
      const ms = time(core, batch, methods.length, 5);
      const rate = insts / ms / 1000;
      const compiled = compileAll(core, batch, methods.length) as CompiledMethod[];
      const machine = compiled.reduce((s, c) => s + c.stats.machineInsts, 0);
      const bytes = compiled.reduce((s, c) => s + c.stats.codeBytes, 0);
      results.push({
        name: "backend: IR instructions/s (whole backend)",
        value: rate,
        unit: "M instr/s",
        peer: null,
        peerValue: null,
        note: `${methods.length} methods, ${insts} IR instr -> ${machine} machine instr, ${bytes} bytes; best of 5; goal >= ${GOAL} (asmjit Compiler 6-8, not measured here)`,
      });
    }

    // Where the time goes: each phase timed separately through the step-wise entry points
    // (lowering; the register allocator; emission with the encoder), best of 3.
    {
      const { methods, insts } = workload(300, 200, 300_000);
      const batch = packBatch(methods);
      const phases = timePhases(core, batch, methods.length, 3);
      for (const [name, ms] of [["lowering and instruction selection", phases.lower], ["register allocation", phases.alloc], ["emission and encoding", phases.emit]] as const) {
        results.push({
          name: `backend phase: ${name}`,
          value: insts / ms / 1000,
          unit: "M instr/s",
          peer: null,
          peerValue: null,
          note: `${((ms / (phases.lower + phases.alloc + phases.emit)) * 100).toFixed(0)} % of the three phases; ${methods.length} methods of ${Math.round(insts / methods.length)} IR instr on average`,
        });
      }
    }

    // Per-method time at growing sizes.
    for (const size of [100, 1_000, 10_000, 100_000]) {
      const { methods, insts } = workload(size, size, size === 100_000 ? size : Math.max(size * 20, 200_000));
      const batch = packBatch(methods);
      const ms = time(core, batch, methods.length, size === 100_000 ? 3 : 5);
      results.push({
        name: `backend: method of ~${size} IR instructions`,
        value: (ms * 1e6) / insts,
        unit: "ns/IR instr",
        peer: null,
        peerValue: null,
        note: `${((ms * 1000) / methods.length).toFixed(1)} µs per method, ${methods.length} methods of ${Math.round(insts / methods.length)} instr on average`,
      });
    }

    // Allocation quality on the kernels.
    {
      const kernels: [string, Int32Array][] = [
        ["gcd", gcdIR()], ["fib (recursive)", fibRecursiveIR()], ["fib (iterative)", fibIterativeIR()],
        ["sieve", sieveIR()], ["dot product", dotIR()], ["state machine", stateMachineIR()],
      ];
      const compiled = compileAll(core, packBatch(kernels.map((k) => k[1])), kernels.length) as CompiledMethod[];
      compiled.forEach((c, k) => {
        const per = (n: number) => (n * 1000) / c.stats.irInsts;
        results.push({
          name: `backend: ${kernels[k]![0]} spills+reloads / moves per 1000 IR`,
          value: per(c.stats.spills + c.stats.reloads),
          unit: "per 1000 IR",
          peer: null,
          peerValue: null,
          note: `moves ${per(c.stats.moves).toFixed(1)}; ${c.stats.irInsts} IR -> ${c.stats.machineInsts} machine instr, ${c.stats.codeBytes} bytes, ${c.stats.spillSlots} spill slots`,
        });
      });
    }
    return results;
  },
};
