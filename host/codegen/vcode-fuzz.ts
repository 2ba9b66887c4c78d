// Seeded random VCode functions for fuzzing the register allocator (in the spirit of regalloc2's
// fuzzing/func.rs): random CFGs with loops, diamonds and switches, critical edges split the way a
// producer must, and instructions exercising every operand form of the contract:
// register, fixed (call arguments and results, div-like RAX/RDX in and out, shift counts in RCX,
// returns), two-address reuse (with the same or another vreg), MOD, early defs, late uses,
// register-or-stack (ANY) and STACK operands, moves (coalescing hints), calls clobbering every
// caller-saved register, incoming arguments in registers and on the stack, both register classes,
// and long-lived values (defined in the entry block, used in the exit block) that push register
// pressure far above the 13 GPRs / 15 XMMs.
//
// Every use is of a vreg defined on every path to it: uses pick from the values defined in the
// block's dominators or earlier in the block. Vregs are redefined now and then (not SSA).
import * as V from "../../core-as/shared/vcode-layout.js";
import { VCodeBuilder, op, type VCode } from "./vcode.js";

export interface FuzzOptions {
  minBlocks?: number;
  maxBlocks?: number;
  /** Non-terminator instructions per block. */
  minInsts?: number;
  maxInsts?: number;
  /** Long-lived values defined in the entry block and consumed in the exit block. */
  maxGlobals?: number;
  /** Share of XMM values, 0..1. */
  xmmShare?: number;
  /** Extra CFG edges stay local (default: anywhere): forward ones skip one block (if-then
   *  shapes), backward ones (loops) go at most this many blocks back. For large functions shaped
   *  like real code, where a block's dominator is near it. */
  edgeWindow?: number;
  /** Uses pick among at most this many of the latest values available (default: all), so live
   *  ranges stay local in very large functions as they do in real code. */
  availCap?: number;
  /** Lay the critical-edge blocks out after all the others, as instruction selection does
   *  (default: each right after its predecessor): their jumps then go backward in layout order. */
  edgeBlocksLast?: boolean;
}

/** mulberry32: tiny, seedable, good enough for test generation. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    below: (n: number) => Math.floor(next() * n),
    range: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

const RAX = 0, RCX = 1, RDX = 2, RSI = 6, RDI = 7, R8 = 8, R9 = 9;
export const ARG_GPRS = [RDI, RSI, RDX, RCX, R8, R9];
const CALL_CLOBBERS = (V.GPR_CALLER_SAVED | (1 << V.GPR_SCRATCH)) | (V.XMM_CALLER_SAVED << 16);
const ALLOC_GPRS = Array.from({ length: 16 }, (_, r) => r).filter((r) => (V.GPR_ALLOCATABLE >> r) & 1);

interface Cfg {
  succs: number[][];
  preds: number[][];
  depth: number[];
  idom: number[];
  rpo: number[];
}

/** A random CFG: a fall-through chain with extra forward/backward edges, critical edges split. */
function makeCfg(r: Rng, n: number, window: number, edgeBlocksLast: boolean): Cfg {
  const target = (b: number) => (r.chance(0.5) ? Math.min(n - 1, b + 2) : Math.max(1, b - r.below(window + 1)));
  const succs: number[][] = [];
  for (let b = 0; b < n; b++) {
    if (b === n - 1) {
      succs.push([]);
      continue;
    }
    const s = [b + 1];
    if (r.chance(0.4)) s.push(window > 0 ? target(b) : r.range(1, n - 1));
    if (r.chance(0.08)) s.push(window > 0 ? target(b) : r.range(1, n - 1));
    succs.push([...new Set(s)]);
  }
  const preds = (): number[][] => {
    const p: number[][] = succs.map(() => []);
    succs.forEach((ss, b) => ss.forEach((s) => p[s]!.push(b)));
    return p;
  };
  let p = preds();
  const total = succs.length;
  const splitsOf: number[][] = succs.map(() => []);
  for (let b = 0; b < total; b++) {
    if (succs[b]!.length < 2) continue;
    succs[b] = succs[b]!.map((s) => {
      if (p[s]!.length < 2) return s;
      succs.push([s]);
      splitsOf[b]!.push(succs.length - 1);
      return succs.length - 1;
    });
  }
  // Lay each edge block out right after its predecessor, or all of them last.
  const layout: number[] = [];
  for (let b = 0; b < total; b++) layout.push(b, ...(edgeBlocksLast ? [] : splitsOf[b]!));
  if (edgeBlocksLast) for (let b = 0; b < total; b++) layout.push(...splitsOf[b]!);
  const newIndex = new Int32Array(succs.length);
  layout.forEach((b, k) => (newIndex[b] = k));
  const laid = layout.map((b) => succs[b]!.map((s) => newIndex[s]!));
  succs.length = 0;
  succs.push(...laid);
  p = preds();
  const nb = succs.length;
  // Reverse postorder, dominators (Cooper, Harvey, Kennedy).
  const order: number[] = [];
  const seen = new Uint8Array(nb);
  const stack: [number, number][] = [[0, 0]];
  seen[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [b, k] = top;
    if (k < succs[b]!.length) {
      top[1]++;
      const s = succs[b]![k]!;
      if (!seen[s]) {
        seen[s] = 1;
        stack.push([s, 0]);
      }
    } else {
      order.push(b);
      stack.pop();
    }
  }
  const rpo = order.reverse();
  const rpoIndex = new Int32Array(nb).fill(-1);
  rpo.forEach((b, i) => (rpoIndex[b] = i));
  const idom = new Array<number>(nb).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (rpoIndex[a]! > rpoIndex[b]!) a = idom[a]!;
      while (rpoIndex[b]! > rpoIndex[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of rpo) {
      if (b === 0) continue;
      let d = -1;
      for (const q of p[b]!) if (idom[q] !== -1) d = d === -1 ? q : intersect(q, d);
      if (d !== idom[b]) {
        idom[b] = d;
        changed = true;
      }
    }
  }
  const dominates = (a: number, b: number) => {
    for (;;) {
      if (a === b) return true;
      if (b === 0) return false;
      b = idom[b]!;
    }
  };
  // Loop depth: the number of natural loops (merged per header) containing the block.
  const loops = new Map<number, Set<number>>();
  for (let b = 0; b < nb; b++) {
    for (const h of succs[b]!) {
      if (!dominates(h, b)) continue;
      const body = loops.get(h) ?? new Set<number>([h]);
      const work = [b];
      while (work.length) {
        const x = work.pop()!;
        if (body.has(x)) continue;
        body.add(x);
        for (const q of p[x]!) work.push(q);
      }
      loops.set(h, body);
    }
  }
  const depth = new Array<number>(nb).fill(0);
  for (const body of loops.values()) for (const b of body) depth[b]!++;
  return { succs, preds: p, depth, idom, rpo };
}

/** A random VCode function; the same seed and options give the same function. */
export function fuzzVCode(seed: number, o: FuzzOptions = {}): VCode {
  const r = rng(seed);
  const n = r.range(o.minBlocks ?? 2, o.maxBlocks ?? 24);
  const cfg = makeCfg(r, n, o.edgeWindow ?? 0, o.edgeBlocksLast ?? false);
  const cap = o.availCap ?? Infinity;
  const nb = cfg.succs.length;
  const xmmShare = o.xmmShare ?? 0.3;
  const g = new VCodeBuilder();
  const code: { ops: number[]; flags: number; clobbers: number }[][] = Array.from({ length: nb }, () => []);
  const availOut: number[][][] = new Array(nb);
  const globals: number[] = [];

  for (const b of cfg.rpo) {
    const avail: number[][] = b === 0 ? [[], []] : availOut[cfg.idom[b]!]!.map((a) => a.slice(Math.max(0, a.length - cap)));
    const emit = (ops: number[], flags = 0, clobbers = 0) => code[b]!.push({ ops, flags, clobbers });
    const fresh = (c: number) => {
      const v = g.newVreg(c);
      avail[c]!.push(v);
      return v;
    };
    const pickUse = (c: number, not: number[] = []): number => {
      const a = avail[c]!;
      for (let tries = 0; tries < 6 && a.length; tries++) {
        const v = r.chance(0.5) ? a[a.length - 1 - r.below(Math.min(8, a.length))]! : r.pick(a);
        if (!not.includes(v)) return v;
      }
      // Nothing suitable: make a value first.
      const v = fresh(c);
      emit([op.def(v)]);
      return v;
    };
    /** A def target: a new vreg, or (30%) an available one not in `not`. */
    const pickDef = (c: number, not: number[] = []): number => {
      if (r.chance(0.3) && avail[c]!.length) {
        const v = r.pick(avail[c]!);
        if (!not.includes(v)) return v;
      }
      return fresh(c);
    };
    const cls = () => (r.chance(xmmShare) ? V.CLASS_XMM : V.CLASS_GPR);

    if (b === 0) {
      // Incoming arguments: registers, then the stack.
      const ops: number[] = [];
      const ng = r.range(0, 6), nx = r.range(0, 3), ns = r.range(0, 2);
      for (let k = 0; k < ng; k++) ops.push(op.defFixed(fresh(V.CLASS_GPR), ARG_GPRS[k]!));
      for (let k = 0; k < nx; k++) ops.push(op.defFixed(fresh(V.CLASS_XMM), k));
      for (let k = 0; k < ns; k++) ops.push(op.defStack(fresh(r.chance(0.7) ? V.CLASS_GPR : V.CLASS_XMM)));
      emit(ops, V.VI_F_ARGS);
      const ng2 = r.range(0, o.maxGlobals ?? 36);
      for (let k = 0; k < ng2; k++) {
        const c = cls();
        const v = fresh(c);
        globals.push(v);
        if (avail[c]!.length > 1 && r.chance(0.5)) emit([op.def(v), op.use(pickUse(c, [v]))]);
        else emit([op.def(v)]);
      }
    }

    const count = r.range(o.minInsts ?? 1, o.maxInsts ?? 12);
    for (let k = 0; k < count; k++) {
      const x = r.below(100);
      const c = cls();
      if (x < 14) {
        // d = a op b (b sometimes register-or-stack, sometimes read late)
        const a = pickUse(c), bb = pickUse(c);
        const lateB = r.chance(0.15);
        const d = pickDef(c, lateB ? [bb] : []);
        emit([op.def(d), op.use(a), lateB ? op.useLate(bb) : r.chance(0.3) ? op.useAny(bb) : op.use(bb)]);
      } else if (x < 28) {
        // two-address: d = a op b, d in a's register
        const a = pickUse(c), bb = pickUse(c);
        const self = r.chance(0.3);
        const d = self ? a : pickDef(c, [a, bb]);
        emit([op.defReuse(d, 1), op.use(a), r.chance(0.4) ? op.useAny(bb) : op.use(bb)]);
      } else if (x < 34) {
        const a = pickUse(c), bb = pickUse(c, [a]);
        emit([r.chance(0.25) ? op.modAny(a) : op.mod(a), op.use(bb)]);
      } else if (x < 44) {
        const a = pickUse(c);
        emit([op.def(pickDef(c, [a])), op.use(a)], V.VI_F_MOVE);
      } else if (x < 48) {
        const a = pickUse(c), bb = pickUse(c);
        emit([op.defEarly(pickDef(c, [a, bb])), op.use(a), op.use(bb)]);
      } else if (x < 52) {
        const a = pickUse(c);
        const c2 = cls();
        const d1 = pickDef(c);
        const d2 = pickDef(c2, [d1]);
        emit([op.def(d1), op.def(d2), op.use(a)]);
      } else if (x < 58) {
        // div-like: RAX:RDX / z -> RAX, RDX
        const xv = pickUse(V.CLASS_GPR), yv = pickUse(V.CLASS_GPR, [xv]), z = pickUse(V.CLASS_GPR, [xv, yv]);
        const q = pickDef(V.CLASS_GPR, [yv, z]);
        const rem = pickDef(V.CLASS_GPR, [xv, z, q]);
        emit([op.useFixed(xv, RAX), op.useFixed(yv, RDX), op.use(z), op.defFixed(q, RAX), op.defFixed(rem, RDX)]);
      } else if (x < 63) {
        // shift-like: d = a << cl
        const a = pickUse(V.CLASS_GPR), cnt = pickUse(V.CLASS_GPR, [a]);
        const d = r.chance(0.4) ? a : pickDef(V.CLASS_GPR, [a, cnt]);
        emit([op.defReuse(d, 1), op.use(a), op.useFixed(cnt, RCX)]);
      } else if (x < 73) {
        // call
        const ops: number[] = [];
        const na = r.range(0, 6), nf = r.range(0, 3), ns = r.chance(0.2) ? r.range(1, 2) : 0;
        for (let k2 = 0; k2 < na; k2++) ops.push(op.useFixed(pickUse(V.CLASS_GPR), ARG_GPRS[k2]!));
        for (let k2 = 0; k2 < nf; k2++) ops.push(op.useFixed(pickUse(V.CLASS_XMM), k2));
        for (let k2 = 0; k2 < ns; k2++) ops.push(op.useStack(pickUse(r.chance(0.7) ? V.CLASS_GPR : V.CLASS_XMM)));
        if (r.chance(0.3)) ops.push(op.use(pickUse(V.CLASS_GPR))); // indirect target
        const used = ops.map((w) => w & V.OP_VREG_MASK);
        const res = r.below(4);
        if (res === 1) ops.push(op.defFixed(pickDef(V.CLASS_GPR), RAX));
        else if (res === 2) ops.push(op.defFixed(pickDef(V.CLASS_XMM), 0));
        else if (res === 3) {
          const lo = pickDef(V.CLASS_GPR);
          ops.push(op.defFixed(lo, RAX), op.defFixed(pickDef(V.CLASS_GPR, [lo, ...used]), RDX));
        }
        emit(ops, V.VI_F_CALL, CALL_CLOBBERS);
      } else if (x < 80) {
        const a = pickUse(c);
        if (r.chance(0.5)) emit([op.def(pickDef(c)), op.useAny(a)]);
        else emit([op.defAny(pickDef(c)), op.use(a)]);
      } else if (x < 86) {
        const a = pickUse(c);
        const y = r.below(3);
        if (y === 0) emit([op.useStack(a)]);
        else if (y === 1) emit([op.defStack(pickDef(c)), op.use(a)]);
        else emit([op.def(pickDef(c)), op.useStack(a)]);
      } else if (x < 91) {
        // a fixed register that is not a calling-convention one
        const a = pickUse(V.CLASS_GPR);
        const reg = r.pick(ALLOC_GPRS);
        if (r.chance(0.5)) emit([op.useFixed(a, reg), op.def(pickDef(V.CLASS_GPR))]);
        else emit([op.defFixed(pickDef(V.CLASS_GPR, [a]), reg), op.use(a)]);
      } else {
        emit([op.def(fresh(c))]);
      }
    }

    const ss = cfg.succs[b]!;
    if (ss.length === 0) {
      // Exit: consume the long-lived values so they stay live throughout, then return.
      for (let k = 0; k + 1 < globals.length; k += 2) {
        const a = globals[k]!, bb = globals[k + 1]!;
        const ca = g.classOf(a), cb = g.classOf(bb);
        if (ca === cb) emit([op.def(fresh(ca)), op.use(a), op.use(bb)]);
        else {
          emit([op.def(fresh(ca)), op.use(a)]);
          emit([op.def(fresh(cb)), op.use(bb)]);
        }
      }
      if (globals.length % 2) emit([op.useAny(globals[globals.length - 1]!)]);
      const y = r.below(3);
      if (y === 0) emit([op.useFixed(pickUse(V.CLASS_GPR), RAX)], V.VI_F_TERM);
      else if (y === 1) emit([op.useFixed(pickUse(V.CLASS_XMM), 0)], V.VI_F_TERM);
      else emit([], V.VI_F_TERM);
    } else if (ss.length === 1) {
      emit([], V.VI_F_TERM);
    } else if (r.chance(0.7)) {
      emit([r.chance(0.7) ? op.use(pickUse(V.CLASS_GPR)) : op.useAny(pickUse(V.CLASS_GPR))], V.VI_F_TERM);
    } else {
      const a = pickUse(V.CLASS_XMM), bb = pickUse(V.CLASS_XMM);
      emit([op.use(a), op.useAny(bb)], V.VI_F_TERM);
    }
    availOut[b] = avail;
  }

  // Lay the blocks out in index order.
  for (let b = 0; b < nb; b++) {
    g.block(cfg.depth[b]!);
    const list = code[b]!;
    for (let k = 0; k < list.length; k++) {
      const { ops, flags, clobbers } = list[k]!;
      if (k === list.length - 1) g.term(ops, cfg.succs[b]!, { flags, clobbers });
      else g.inst(ops, { flags, clobbers });
    }
  }
  return g.finish();
}
