// Register allocator throughput and quality, through the core's allocator alone: the VCode of every
// function is written into the core's memory before timing, and only the regallocRun() calls are
// timed (no host copies). Times are this process's CPU time (user + system) over the timed loop,
// best of several passes: the loops are synchronous and single-threaded, and CPU time does not
// count the time other processes on a shared machine take from us (wall time does).
//
// - Fuzz mix: functions from host/codegen/vcode-fuzz.ts with the default options (about 180
//   instructions each: calls, div/shift constraints, two-address forms, both classes, 0-36 values
//   live across the whole function).
// - Size curve: functions of about 100, 1,000, 10,000 and 100,000 instructions shaped like real
//   code (local loops and if-then edges, uses of recent values: edgeWindow 6, availCap 48), to show
//   the time per instruction stays flat as functions grow.
// - Quality: spill stores, reloads and register moves the allocator inserts per 1,000 instructions.
//
// Peer: no register allocator is available to this project as a package, so the peer is a trivial
// "spill everything" allocator written here (every vreg lives in its own slot; each instruction
// loads its register operands before and stores its defs after), run on the same functions in the
// same process. It is a floor for speed comparisons and a ceiling for memory traffic, not a real
// allocator.
import * as V from "../../core-as/shared/vcode-layout.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import {
  asRegallocCore, writeVCodeAt, vcodeBytes, resultBytes, numInsts, allocReg, allocStack, readResult,
  type VCode, type RegallocCore, type RegallocResult,
} from "../../host/codegen/vcode.js";
import { fuzzVCode, type FuzzOptions } from "../../host/codegen/vcode-fuzz.js";
import { checkAllocation } from "../../host/codegen/regalloc-checker.js";
import type { BenchModule, BenchResult } from "./types.js";

const GPRS = Array.from({ length: 16 }, (_, r) => r).filter((r) => (V.GPR_ALLOCATABLE >> r) & 1);
const XMMS = Array.from({ length: 16 }, (_, r) => r).filter((r) => (V.XMM_ALLOCATABLE >> r) & 1);

/** The baseline: every vreg v in slot v; register operands loaded before, defs stored after. */
export function spillEverything(vc: VCode): RegallocResult {
  const ni = numInsts(vc);
  const allocs = new Int32Array(vc.operands.length);
  const edits: number[] = [];
  let spills = 0, reloads = 0, callee = 0;
  const edit = (inst: number, point: number, from: number, to: number, cls: number) => edits.push(inst, point, from, to, cls);
  for (let i = 0; i < ni; i++) {
    const io = i * V.VI_WORDS;
    const os = vc.insts[io + V.VI_OP_START]!, oc = vc.insts[io + V.VI_OP_COUNT]!;
    const clob = vc.insts[io + V.VI_CLOBBERS]!;
    const taken = [0, 0]; // per class: registers this instruction uses
    for (let k = 0; k < oc; k++) {
      const w = vc.operands[os + k]!;
      if (((w >>> V.OP_CONSTRAINT_SHIFT) & 7) === V.OPC_FIXED) taken[vc.vregClass[w & V.OP_VREG_MASK]!]! |= 1 << ((w >>> V.OP_ARG_SHIFT) & 31);
    }
    const pick = (cls: number, avoid: number): number => {
      for (const r of cls === V.CLASS_GPR ? GPRS : XMMS) {
        if (((taken[cls]! | avoid) >> r) & 1) continue;
        taken[cls]! |= 1 << r;
        if (cls === V.CLASS_GPR && (V.GPR_CALLEE_SAVED >> r) & 1) callee |= 1 << r;
        return r;
      }
      throw new Error("spill-everything: out of registers");
    };
    const useReg = new Map<number, number>();
    const before: number[] = [], after: number[] = [];
    for (let k = 0; k < oc; k++) {
      const w = vc.operands[os + k]!;
      const v = w & V.OP_VREG_MASK, cls = vc.vregClass[v]!;
      const kind = (w >>> V.OP_KIND_SHIFT) & 3, cons = (w >>> V.OP_CONSTRAINT_SHIFT) & 7, arg = (w >>> V.OP_ARG_SHIFT) & 31;
      const late = ((w >>> V.OP_POS_SHIFT) & 1) === V.OP_LATE;
      if (kind === V.OP_DEF || cons === V.OPC_ANY || cons === V.OPC_STACK) continue;
      let r = arg;
      if (cons !== V.OPC_FIXED) {
        const key = v * 2 + (late ? 1 : 0);
        r = useReg.get(key) ?? pick(cls, late ? clob >>> (cls * 16) : 0);
        useReg.set(key, r);
      }
      allocs[os + k] = allocReg(r);
      if (cls === V.CLASS_GPR && (V.GPR_CALLEE_SAVED >> r) & 1) callee |= 1 << r;
      before.push(allocStack(v), allocReg(r), cls);
      if (kind === V.OP_MOD) after.push(allocReg(r), allocStack(v), cls);
    }
    for (let k = 0; k < oc; k++) {
      const w = vc.operands[os + k]!;
      const v = w & V.OP_VREG_MASK, cls = vc.vregClass[v]!;
      const kind = (w >>> V.OP_KIND_SHIFT) & 3, cons = (w >>> V.OP_CONSTRAINT_SHIFT) & 7, arg = (w >>> V.OP_ARG_SHIFT) & 31;
      if (cons === V.OPC_ANY || cons === V.OPC_STACK) {
        allocs[os + k] = allocStack(v);
        continue;
      }
      if (kind !== V.OP_DEF) continue;
      const r = cons === V.OPC_FIXED ? arg : cons === V.OPC_REUSE ? allocs[os + arg]! & V.ALLOC_INDEX_MASK : pick(cls, 0);
      allocs[os + k] = allocReg(r);
      if (cls === V.CLASS_GPR && (V.GPR_CALLEE_SAVED >> r) & 1) callee |= 1 << r;
      after.push(allocReg(r), allocStack(v), cls);
    }
    // Uses with an ANY or STACK constraint whose vreg a MOD or REUSE input also loads stay in the slot.
    const seen = new Set<string>();
    for (let k = 0; k < before.length; k += 3) {
      const key = `${before[k + 1]},${before[k + 2]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edit(i, V.RE_BEFORE, before[k]!, before[k + 1]!, before[k + 2]!);
      reloads++;
    }
    for (let k = 0; k < after.length; k += 3) {
      edit(i, V.RE_AFTER, after[k]!, after[k + 1]!, after[k + 2]!);
      spills++;
    }
  }
  return {
    status: V.RA_OK, allocs, edits: Int32Array.from(edits), numEdits: edits.length / V.RE_WORDS,
    numSpillSlots: vc.numVregs, calleeSavedUsed: callee, spills, reloads, moves: 0, splits: 0,
  };
}

/** Average number of vregs live into a block (the liveness density the allocator's cost follows). */
export function avgLiveIn(vc: VCode): number {
  const nb = vc.blocks.length / V.VB_WORDS;
  const word = (b: number, f: number) => vc.blocks[b * V.VB_WORDS + f]!;
  const upward: number[][] = [], defined: Set<number>[] = [];
  for (let b = 0; b < nb; b++) {
    const u = new Set<number>(), d = new Set<number>();
    for (let i = word(b, V.VB_INST_START); i < word(b, V.VB_INST_END); i++) {
      const os = vc.insts[i * V.VI_WORDS + V.VI_OP_START]!, oc = vc.insts[i * V.VI_WORDS + V.VI_OP_COUNT]!;
      for (let k = 0; k < oc; k++) {
        const w = vc.operands[os + k]!;
        if (((w >>> V.OP_KIND_SHIFT) & 3) !== V.OP_DEF && !d.has(w & V.OP_VREG_MASK)) u.add(w & V.OP_VREG_MASK);
      }
      for (let k = 0; k < oc; k++) {
        const w = vc.operands[os + k]!;
        if (((w >>> V.OP_KIND_SHIFT) & 3) !== V.OP_USE) d.add(w & V.OP_VREG_MASK);
      }
    }
    upward.push([...u]);
    defined.push(d);
  }
  const liveIn: Set<number>[] = Array.from({ length: nb }, () => new Set());
  for (let b = 0; b < nb; b++) {
    for (const v of upward[b]!) {
      liveIn[b]!.add(v);
      const work = [b];
      while (work.length) {
        const x = work.pop()!;
        for (let k = 0; k < word(x, V.VB_PRED_COUNT); k++) {
          const p = vc.edges[word(x, V.VB_PRED_START) + k]!;
          if (defined[p]!.has(v) || liveIn[p]!.has(v)) continue;
          liveIn[p]!.add(v);
          work.push(p);
        }
      }
    }
  }
  return liveIn.reduce((a, s) => a + s.size, 0) / nb;
}

interface Loaded {
  ptrs: number[];
  res: number;
  cap: number;
  insts: number;
}

/** Writes the functions into the core's memory once (outside the timed loop). */
function load(core: RegallocCore, fns: VCode[]): Loaded {
  core.backendReset();
  const ptrs = fns.map((vc) => {
    const p = core.backendAlloc(vcodeBytes(vc));
    writeVCodeAt(core.memory, p, vc);
    return p;
  });
  const cap = Math.max(...fns.map((vc) => resultBytes(vc, 8 * numInsts(vc) + 64)));
  return { ptrs, res: core.backendAlloc(cap), cap, insts: fns.reduce((a, vc) => a + numInsts(vc), 0) };
}

/** CPU time of this process, ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Best time of `reps` passes over all functions, ms. */
function timeCore(core: RegallocCore, l: Loaded, reps: number): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = cpuMs();
    for (const p of l.ptrs) {
      const st = core.regallocRun(p, l.res, l.cap);
      if (st !== V.RA_OK) throw new Error(`regallocRun: status ${st}`);
    }
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

function timeBaseline(fns: VCode[], reps: number): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = cpuMs();
    for (const vc of fns) spillEverything(vc);
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

export const regallocBench: BenchModule = {
  name: "regalloc",
  async run(): Promise<BenchResult[]> {
    const core = asRegallocCore(loadCoreNode());
    const out: BenchResult[] = [];

    // ---- Fuzz mix: throughput and quality.
    const fns = Array.from({ length: 3000 }, (_, k) => fuzzVCode(0x5eed + k));
    const l = load(core, fns);
    timeCore(core, l, 1); // warm-up (tier-up of the Wasm code)
    const ms = timeCore(core, l, 5);
    for (const vc of fns.slice(0, 50)) {
      const base = spillEverything(vc);
      const v = checkAllocation(vc, base);
      if (v) throw new Error(`baseline allocation invalid: ${v.message}`);
    }
    timeBaseline(fns.slice(0, 300), 1);
    const baseMs = timeBaseline(fns, 3);
    let spills = 0, reloads = 0, moves = 0, bSpills = 0, bReloads = 0;
    for (let k = 0; k < fns.length; k++) {
      core.regallocRun(l.ptrs[k]!, l.res, l.cap);
      const r = readResult(core.memory, l.res, 0);
      spills += r.spills;
      reloads += r.reloads;
      moves += r.moves;
      const b = spillEverything(fns[k]!);
      bSpills += b.spills;
      bReloads += b.reloads;
    }
    const per = (x: number) => (x * 1000) / l.insts;
    out.push({
      name: "regalloc fuzz mix: instructions/s",
      value: l.insts / ms / 1000,
      unit: "M instr/s",
      peer: "spill-everything baseline (TypeScript, in this bench)",
      peerValue: l.insts / baseMs / 1000,
      note: `${fns.length} functions, ${l.insts} instructions (avg ${(l.insts / fns.length).toFixed(0)}), ${((ms * 1e6) / l.insts).toFixed(0)} ns/instr; goal 10 M/s`,
    });
    out.push({ name: "regalloc fuzz mix: spill stores per 1000 instr", value: per(spills), unit: "/1k", peer: "spill-everything baseline", peerValue: per(bSpills) });
    out.push({ name: "regalloc fuzz mix: reloads per 1000 instr", value: per(reloads), unit: "/1k", peer: "spill-everything baseline", peerValue: per(bReloads) });
    out.push({ name: "regalloc fuzz mix: register moves per 1000 instr", value: per(moves), unit: "/1k", peer: null, peerValue: null });

    // ---- Size curve.
    const local: FuzzOptions = { edgeWindow: 6, availCap: 48 };
    let first = 0;
    for (const size of [100, 1_000, 10_000, 100_000]) {
      const blocks = Math.max(2, Math.round(size / 9.5));
      const count = Math.max(2, Math.round(400_000 / size));
      const set = Array.from({ length: count }, (_, k) => fuzzVCode(7 + k, { ...local, minBlocks: blocks, maxBlocks: blocks }));
      const ls = load(core, set);
      timeCore(core, ls, 1);
      const t = timeCore(core, ls, 3);
      const nsPer = (t * 1e6) / ls.insts;
      if (!first) first = nsPer;
      const density = set.slice(0, 4).reduce((a, vc) => a + avgLiveIn(vc), 0) / Math.min(4, set.length);
      out.push({
        name: `regalloc size curve: ~${size.toLocaleString("en-US")} instructions`,
        value: nsPer,
        unit: "ns/instr",
        peer: null,
        peerValue: null,
        note: `${count} functions of ${Math.round(ls.insts / count)} instructions, ${(t / count).toFixed(2)} ms each; ${(nsPer / first).toFixed(2)}× the smallest size per instruction; ${density.toFixed(0)} vregs live into a block on average`,
      });
    }
    return out;
  },
};
