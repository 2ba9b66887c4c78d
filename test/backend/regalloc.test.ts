// Targeted tests of the register allocator: each operand constraint, calls, pressure, loops, error
// statuses, the parallel-move sequentialiser (swaps, cycles, stack-to-stack), and proof that the
// checker rejects corrupted allocations.
import { describe, expect, it } from "vitest";
import * as V from "../../core-as/shared/vcode-layout.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import {
  asRegallocCore, allocateRegisters, VCodeBuilder, op, allocReg, allocStack, allocKind, allocIndex, formatVCode,
  writeVCodeAt, vcodeBytes, resultBytes, type VCode, type RegallocResult,
} from "../../host/codegen/vcode.js";
import { fuzzVCode, rng } from "../../host/codegen/vcode-fuzz.js";
import { checkAllocation } from "../../host/codegen/regalloc-checker.js";

const core = asRegallocCore(loadCoreNode());
const RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RSI = 6, RDI = 7;
const CALL_CLOBBERS = V.GPR_CALLER_SAVED | (1 << V.GPR_SCRATCH) | (V.XMM_CALLER_SAVED << 16);

/** Allocates and checks; returns the result. */
function allocate(vc: VCode): RegallocResult {
  const res = allocateRegisters(core, vc);
  const v = checkAllocation(vc, res);
  if (v) throw new Error(`${v.message}\n${formatVCode(vc, res)}`);
  return res;
}

/** Allocation word of operand k of instruction i. */
const at = (vc: VCode, res: RegallocResult, i: number, k: number) => res.allocs[vc.insts[i * V.VI_WORDS + V.VI_OP_START]! + k]!;

describe("register allocator: constraints", () => {
  it("fixed uses and defs get their registers", () => {
    const b = new VCodeBuilder();
    b.block();
    const x = b.newVreg(), y = b.newVreg(), z = b.newVreg();
    b.inst([op.def(x)]);
    b.inst([op.def(y)]);
    const i = b.inst([op.useFixed(x, RCX), op.useFixed(y, RDX), op.defFixed(z, RAX)]);
    const r = b.term([op.useFixed(z, RAX)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect([at(vc, res, i, 0), at(vc, res, i, 1), at(vc, res, i, 2), at(vc, res, r, 0)]).toEqual([allocReg(RCX), allocReg(RDX), allocReg(RAX), allocReg(RAX)]);
    // Hints put x, y and z where they are needed: no moves at all.
    expect(res.numEdits).toBe(0);
  });

  it("div-like RAX/RDX in and out keep the divisor elsewhere and preserve live values", () => {
    const b = new VCodeBuilder();
    b.block();
    const [lo, hi, d, q, rem] = [0, 0, 0, 0, 0].map(() => b.newVreg());
    for (const v of [lo, hi, d]) b.inst([op.def(v!)]);
    const i = b.inst([op.useFixed(lo!, RAX), op.useFixed(hi!, RDX), op.use(d!), op.defFixed(q!, RAX), op.defFixed(rem!, RDX)]);
    const s = b.newVreg();
    b.inst([op.def(s), op.use(q!), op.use(rem!)]);
    b.inst([op.def(s), op.use(s), op.use(lo!)]); // lo lives across the division
    b.term([op.useFixed(d!, RAX)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect([allocReg(RAX), allocReg(RDX)]).not.toContain(at(vc, res, i, 2));
  });

  it("shift-like two-address def with the count in RCX", () => {
    const b = new VCodeBuilder();
    b.block();
    const a = b.newVreg(), c = b.newVreg(), d = b.newVreg();
    b.inst([op.def(a)]);
    b.inst([op.def(c)]);
    const i = b.inst([op.defReuse(d, 1), op.use(a), op.useFixed(c, RCX)]);
    b.inst([op.def(d), op.use(d), op.use(a)]); // a is still live: the reuse needs a copy
    b.term([op.useFixed(d, RAX)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect(at(vc, res, i, 0)).toBe(at(vc, res, i, 1));
    expect(at(vc, res, i, 2)).toBe(allocReg(RCX));
    expect(allocKind(at(vc, res, i, 0))).toBe(V.ALLOC_REG);
  });

  it("two-address def of a dying input needs no copy", () => {
    const b = new VCodeBuilder();
    b.block();
    const a = b.newVreg(), x = b.newVreg(), d = b.newVreg();
    b.inst([op.def(a)]);
    b.inst([op.def(x)]);
    const i = b.inst([op.defReuse(d, 1), op.use(a), op.use(x)]);
    b.term([op.useFixed(d, RAX), op.useFixed(x, RCX)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect(at(vc, res, i, 0)).toBe(at(vc, res, i, 1));
    const copies = [...Array(res.numEdits).keys()].filter((e) => res.edits[e * V.RE_WORDS + V.RE_INST] === i);
    expect(copies).toEqual([]);
  });

  it("STACK operands are in spill slots; ANY accepts either", () => {
    const b = new VCodeBuilder();
    b.block();
    const a = b.newVreg(), s = b.newVreg(), f = b.newVreg(V.CLASS_XMM);
    const args = b.inst([op.defFixed(a, RDI), op.defStack(s), op.defStack(f)], { flags: V.VI_F_ARGS });
    const u = b.inst([op.useStack(a), op.useAny(s), op.useAny(f)]);
    b.term([op.useFixed(s, RAX), op.useFixed(f, 0)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect(allocKind(at(vc, res, args, 1))).toBe(V.ALLOC_STACK);
    expect(allocKind(at(vc, res, args, 2))).toBe(V.ALLOC_STACK);
    expect(allocKind(at(vc, res, u, 0))).toBe(V.ALLOC_STACK);
    expect(res.numSpillSlots).toBeGreaterThanOrEqual(3);
  });

  it("early defs avoid every input; late uses avoid every def", () => {
    const b = new VCodeBuilder();
    b.block();
    const a = b.newVreg(), c = b.newVreg(), d = b.newVreg(), e = b.newVreg();
    b.inst([op.def(a)]);
    b.inst([op.def(c)]);
    const i = b.inst([op.defEarly(d), op.use(a), op.use(c)]);
    const j = b.inst([op.def(e), op.use(d), op.useLate(a)]);
    b.term([op.useFixed(e, RAX)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect([at(vc, res, i, 1), at(vc, res, i, 2)]).not.toContain(at(vc, res, i, 0));
    expect(at(vc, res, j, 2)).not.toBe(at(vc, res, j, 0));
  });

  it("values live across a call leave the caller-saved registers; callee-saved ones are reported", () => {
    const b = new VCodeBuilder();
    b.block();
    const vs = [0, 1, 2].map(() => b.newVreg());
    const f = b.newVreg(V.CLASS_XMM);
    for (const v of vs) b.inst([op.def(v)]);
    b.inst([op.def(f)]);
    const call = b.inst([op.useFixed(vs[0]!, RDI)], { flags: V.VI_F_CALL, clobbers: CALL_CLOBBERS });
    const t = b.newVreg();
    b.inst([op.def(t), op.use(vs[1]!), op.use(vs[2]!)]);
    b.inst([op.def(t), op.use(t), op.use(vs[0]!)]);
    b.term([op.useFixed(t, RAX), op.useFixed(f, 0)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect(res.calleeSavedUsed & ~V.GPR_CALLEE_SAVED).toBe(0);
    expect(res.calleeSavedUsed).not.toBe(0); // three GPR values fit in callee-saved registers
    expect(res.spills).toBeGreaterThanOrEqual(1); // the XMM value has no callee-saved home
    expect(at(vc, res, call, 0)).toBe(allocReg(RDI));
  });

  it("far more live values than registers: spills, reloads, and a clean check", () => {
    const b = new VCodeBuilder();
    b.block();
    const g = Array.from({ length: 30 }, (_, k) => b.newVreg(k % 3 === 0 ? V.CLASS_XMM : V.CLASS_GPR));
    for (const v of g) b.inst([op.def(v)]);
    for (let k = 0; k < g.length; k++) {
      const a = g[k]!, c = g[(k * 7 + 3) % g.length]!;
      if (vcClass(b, a) === vcClass(b, c)) b.inst([op.def(a), op.use(a), op.use(c)]);
    }
    const s = b.newVreg();
    for (const v of g) if (vcClass(b, v) === V.CLASS_GPR) b.inst([op.def(s), op.use(v)]);
    b.term([op.useFixed(s, RAX)], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect(res.spills).toBeGreaterThan(0);
    expect(res.reloads).toBeGreaterThan(0);
    expect(res.numSpillSlots).toBeGreaterThan(0);
  });

  it("a loop with a call: resolution moves at the edges keep loop-carried values", () => {
    const b = new VCodeBuilder();
    const entry = b.block();
    const i = b.newVreg(), n = b.newVreg(), acc = b.newVreg(), f = b.newVreg(V.CLASS_XMM);
    b.inst([op.defFixed(n, RDI), op.defFixed(f, 0)], { flags: V.VI_F_ARGS });
    b.inst([op.def(i)]);
    b.inst([op.def(acc)]);
    b.term([], [1]);
    b.block(1); // header
    b.term([op.use(i), op.use(n)], [2, 3]);
    b.block(1); // body
    b.inst([op.useFixed(acc, RDI), op.useFixed(f, 0), op.defFixed(acc, RAX)], { flags: V.VI_F_CALL, clobbers: CALL_CLOBBERS });
    b.inst([op.defReuse(i, 1), op.use(i), op.use(n)]);
    b.term([], [1]);
    b.block(); // exit
    b.term([op.useFixed(acc, RAX)], []);
    expect(entry).toBe(0);
    const vc = b.finish();
    allocate(vc);
  });
});

function vcClass(b: VCodeBuilder, v: number): number {
  return b.classOf(v);
}

describe("register allocator: error statuses", () => {
  const status = (vc: VCode) => allocateRegisters(core, vc, true).status;

  it("rejects a critical edge, a fixed RSP and a def on a terminator", () => {
    {
      const b = new VCodeBuilder();
      b.block();
      const c = b.newVreg();
      b.inst([op.def(c)]);
      b.term([op.use(c)], [1, 2]);
      b.block();
      b.term([], [2]);
      b.block();
      b.term([], []);
      expect(status(b.finish())).toBe(V.RA_ERR_BAD_INPUT); // 0 -> 2 is critical
    }
    {
      const b = new VCodeBuilder();
      b.block();
      const c = b.newVreg();
      b.inst([op.def(c)]);
      b.term([op.useFixed(c, RSP)], []);
      expect(status(b.finish())).toBe(V.RA_ERR_BAD_INPUT);
    }
    {
      const b = new VCodeBuilder();
      b.block();
      const c = b.newVreg();
      b.term([op.def(c)], []);
      expect(status(b.finish())).toBe(V.RA_ERR_BAD_INPUT);
    }
  });

  it("two values fixed to one register at once is RA_ERR_TOO_MANY_FIXED", () => {
    const b = new VCodeBuilder();
    b.block();
    const x = b.newVreg(), y = b.newVreg();
    b.inst([op.def(x)]);
    b.inst([op.def(y)]);
    b.inst([op.useFixed(x, RCX), op.useFixed(y, RCX)]);
    b.term([], []);
    expect(status(b.finish())).toBe(V.RA_ERR_TOO_MANY_FIXED);
  });

  it("a small output buffer gives RA_ERR_CAPACITY with the edit count needed", () => {
    const vc = fuzzVCode(12345, { maxGlobals: 40 });
    const full = allocate(vc);
    expect(full.numEdits).toBeGreaterThan(0);
    core.backendReset();
    const vptr = core.backendAlloc(vcodeBytes(vc));
    writeVCodeAt(core.memory, vptr, vc);
    const cap = resultBytes(vc, 1);
    const rptr = core.backendAlloc(cap);
    expect(core.regallocRun(vptr, rptr, cap)).toBe(V.RA_ERR_CAPACITY);
    expect(new Int32Array(core.memory.buffer, rptr, V.RA_HEADER_WORDS)[V.RA_NUM_EDITS]).toBe(full.numEdits);
  });
});

// ---- Parallel moves.

type Move = [from: number, to: number, cls: number];

/** Runs the sequentialiser; returns the edits (or a negative status). */
function sequentialise(moves: Move[], slots: number): Int32Array | number {
  core.backendReset();
  const mp = core.backendAlloc(12 * Math.max(moves.length, 1));
  new Int32Array(core.memory.buffer, mp, moves.length * 3).set(moves.flat());
  const cap = 4 * moves.length + 8;
  const out = core.backendAlloc(cap * V.RE_WORDS * 4);
  const n = core.regallocParallelMoveTest(mp, moves.length, slots, out, cap);
  if (n < 0) return n;
  return new Int32Array(core.memory.buffer, out, n * V.RE_WORDS).slice();
}

const locKey = (a: number, cls: number) => (allocKind(a) === V.ALLOC_STACK ? `s${allocIndex(a)}` : `${cls}:${allocIndex(a)}`);

/** Executes the edits on symbolic contents and compares with the parallel semantics. */
function expectParallel(moves: Move[], edits: Int32Array): void {
  const state = new Map<string, string>();
  const read = (k: string) => state.get(k) ?? `init(${k})`;
  for (let e = 0; e * V.RE_WORDS < edits.length; e++) {
    const o = e * V.RE_WORDS;
    const c = edits[o + V.RE_CLASS]!;
    const from = edits[o + V.RE_FROM]!, to = edits[o + V.RE_TO]!;
    expect(allocKind(from) === V.ALLOC_STACK && allocKind(to) === V.ALLOC_STACK).toBe(false);
    state.set(locKey(to, c), read(locKey(from, c)));
  }
  const dsts = new Set<string>();
  for (const [from, to, c] of moves) {
    dsts.add(locKey(to, c));
    expect(read(locKey(to, c))).toBe(`init(${locKey(from, c)})`);
  }
  // Nothing else changed, except the scratch registers.
  for (const [k, v] of state) {
    if (dsts.has(k) || k === `0:${V.GPR_SCRATCH}` || k === `1:${V.XMM_SCRATCH}`) continue;
    expect(v).toBe(`init(${k})`);
  }
}

describe("register allocator: parallel moves", () => {
  const R = allocReg, S = allocStack;
  const cases: [string, Move[], number][] = [
    ["swap", [[R(RAX), R(RCX), 0], [R(RCX), R(RAX), 0]], 3],
    ["3-cycle", [[R(RAX), R(RCX), 0], [R(RCX), R(RDX), 0], [R(RDX), R(RAX), 0]], 4],
    ["XMM swap", [[R(1), R(2), 1], [R(2), R(1), 1]], 3],
    ["stack to stack", [[S(0), S(1), 0]], 2],
    ["cycle through a stack-to-stack move", [[S(0), S(1), 0], [S(1), R(RBX), 0], [R(RBX), S(0), 0]], 4],
    ["swap of a register and a slot", [[R(RSI), S(2), 0], [S(2), R(RSI), 0]], 3],
    ["chain and fan-out", [[R(RAX), R(RCX), 0], [R(RAX), R(RDX), 0], [R(RCX), R(RBX), 0], [R(RDX), S(0), 0]], 4],
    ["two cycles, both classes", [[R(RAX), R(RCX), 0], [R(RCX), R(RAX), 0], [R(3), R(4), 1], [R(4), R(3), 1]], 6],
  ];
  for (const [name, moves, expected] of cases) {
    it(name, () => {
      const edits = sequentialise(moves, 4);
      expect(typeof edits).not.toBe("number");
      const e = edits as Int32Array;
      expectParallel(moves, e);
      expect(e.length / V.RE_WORDS).toBe(expected);
    });
  }

  it("two stack-to-stack moves in one cycle need a second temporary: refused", () => {
    expect(sequentialise([[S(0), S(1), 0], [S(1), S(0), 0]], 2)).toBe(-V.RA_ERR_BAD_INPUT);
  });

  it("2,000 random parallel moves (permutations with fan-out over registers and slots)", () => {
    const r = rng(99);
    let done = 0;
    for (let t = 0; t < 2000; t++) {
      const c = r.below(2);
      const locs = [...Array.from({ length: 6 }, (_, k) => R(c === 0 ? [0, 1, 2, 3, 6, 7][k]! : k)), S(0), S(1), S(2)];
      const n = r.range(1, 7);
      const dsts = [...locs].sort(() => r.next() - 0.5).slice(0, n);
      const moves: Move[] = dsts.map((d) => [r.pick(locs), d, c] as Move).filter(([s, d]) => s !== d);
      // At most one stack-to-stack move overall keeps every cycle within one temporary.
      if (moves.filter(([s, d]) => allocKind(s) === V.ALLOC_STACK && allocKind(d) === V.ALLOC_STACK).length > 1) continue;
      const edits = sequentialise(moves, 3);
      expect(typeof edits).not.toBe("number");
      expectParallel(moves, edits as Int32Array);
      done++;
    }
    expect(done).toBeGreaterThan(1000);
  });
});

// ---- The checker bites.

describe("regalloc checker rejects corrupted allocations", () => {
  const copy = (res: RegallocResult): RegallocResult => ({ ...res, allocs: res.allocs.slice(), edits: res.edits.slice() });
  const dropEdit = (res: RegallocResult, e: number): RegallocResult => {
    const r = copy(res);
    r.edits = new Int32Array([...res.edits.subarray(0, e * V.RE_WORDS), ...res.edits.subarray((e + 1) * V.RE_WORDS)]);
    r.numEdits--;
    return r;
  };

  it("a needed move dropped, or a use pointed at the wrong register", () => {
    const b = new VCodeBuilder();
    b.block();
    const x = b.newVreg(), y = b.newVreg();
    b.inst([op.defFixed(x, RAX)]);
    b.inst([op.defFixed(y, RDX)]);
    const u = b.inst([op.useFixed(x, RCX), op.use(y)]);
    b.term([], []);
    const vc = b.finish();
    const res = allocate(vc);
    expect(res.numEdits).toBeGreaterThan(0); // x must travel RAX -> RCX
    for (let e = 0; e < res.numEdits; e++) expect(checkAllocation(vc, dropEdit(res, e))).not.toBeNull();
    const wrong = copy(res);
    wrong.allocs[vc.insts[u * V.VI_WORDS + V.VI_OP_START]! + 1] = allocReg(RBX);
    expect(checkAllocation(vc, wrong)?.message).toMatch(/use of v1/);
  });

  it("constraint violations: fixed, reuse, stack, scratch, slot range, callee-saved report", () => {
    const vc = fuzzVCode(777, { maxGlobals: 30 });
    const res = allocate(vc);
    const ops = vc.operands;
    const find = (pred: (w: number) => boolean) => ops.findIndex(pred);
    const cons = (w: number) => (w >>> V.OP_CONSTRAINT_SHIFT) & 7;
    const mutate = (k: number, a: number) => {
      const r = copy(res);
      r.allocs[k] = a;
      return checkAllocation(vc, r);
    };
    const fixed = find((w) => cons(w) === V.OPC_FIXED);
    const fixedArg = (ops[fixed]! >>> V.OP_ARG_SHIFT) & 31;
    expect(mutate(fixed, allocReg(fixedArg === RBX ? RSI : RBX))?.message).toMatch(/must be in/);
    const reuse = find((w) => cons(w) === V.OPC_REUSE);
    expect(reuse).toBeGreaterThanOrEqual(0);
    expect(mutate(reuse, allocReg(allocIndex(res.allocs[reuse]!) === RBX ? RSI : RBX))?.message).toMatch(/reuse/);
    const stack = find((w) => cons(w) === V.OPC_STACK);
    expect(mutate(stack, allocReg(RBX))?.message).toMatch(/spill slot/);
    const reg = find((w) => cons(w) === V.OPC_REG && vc.vregClass[w & V.OP_VREG_MASK] === V.CLASS_GPR);
    expect(mutate(reg, allocStack(0))?.message).toMatch(/needs a register/);
    expect(mutate(reg, allocReg(V.GPR_SCRATCH))?.message).toMatch(/may not be used/);
    expect(mutate(reg, allocReg(RSP))?.message).toMatch(/may not be used/);
    const any = find((w) => cons(w) === V.OPC_ANY);
    expect(mutate(any, allocStack(res.numSpillSlots))?.message).toMatch(/out of range/);
    if (res.calleeSavedUsed) expect(checkAllocation(vc, { ...copy(res), calleeSavedUsed: 0 })?.message).toMatch(/callee-saved/);
  });

  it("random corruption of fuzzed allocations is caught", () => {
    const r = rng(4242);
    let useMut = 0, useCaught = 0, dropMut = 0, dropCaught = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const vc = fuzzVCode(seed * 31, { maxGlobals: 30 });
      const res = allocate(vc);
      // Point one use (with a REG or ANY constraint) at another location of its class.
      const uses = [...vc.operands.keys()].filter((k) => {
        const w = vc.operands[k]!;
        return ((w >>> V.OP_KIND_SHIFT) & 3) === V.OP_USE && [V.OPC_REG, V.OPC_ANY].includes((w >>> V.OP_CONSTRAINT_SHIFT) & 7);
      });
      if (uses.length) {
        const k = r.pick(uses);
        const cls = vc.vregClass[vc.operands[k]! & V.OP_VREG_MASK]!;
        const old = res.allocs[k]!;
        let a = old;
        while (a === old) a = allocReg(cls === V.CLASS_GPR ? r.pick([0, 1, 2, 3, 6, 7, 8, 9, 10, 12, 13, 14, 15]) : r.below(15));
        const m = copy(res);
        m.allocs[k] = a;
        useMut++;
        if (checkAllocation(vc, m)) useCaught++;
      }
      if (res.numEdits) {
        dropMut++;
        if (checkAllocation(vc, dropEdit(res, r.below(res.numEdits)))) dropCaught++;
      }
    }
    console.log(`checker caught ${useCaught}/${useMut} redirected uses and ${dropCaught}/${dropMut} dropped edits`);
    // A redirected use can only go unnoticed when the new register holds a copy of the same vreg.
    expect(useCaught / useMut).toBeGreaterThan(0.9);
    // A dropped edit goes unnoticed only when it moved a value that is not used again.
    expect(dropCaught / dropMut).toBeGreaterThan(0.5);
  });
});
