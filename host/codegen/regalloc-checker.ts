// An independent checker for register allocations (the regalloc2 idea): symbolic execution of the
// VCode with the allocator's answer, tracking which vreg every physical register and spill slot
// holds. Block entry states are a dataflow fixpoint over the CFG with meet = intersection (a
// location holds v at a block's start only if it does at the end of every predecessor). Then,
// instruction by instruction with the edits in order, it checks that every use reads a location
// holding its vreg and that every constraint is honoured. It shares nothing with the allocator but
// the layout constants.
//
// Semantics checked (the contract in core-as/shared/vcode-layout.ts):
// - edits RE_BEFORE i run before i, RE_AFTER i right after it (never after a terminator), in list
//   order; a move copies whatever the source holds; no stack-to-stack moves; registers are of the
//   edit's class; the scratch registers may be used by edits only;
// - an instruction reads its uses (and MODs), then its clobbers destroy registers, then its defs
//   (and MODs) write; a def of v also makes every other copy of v stale (vregs are not SSA);
// - uses of the VI_F_ARGS instruction read values from outside and are not checked;
// - OPC_REG: a register of the class (allocatable: never RSP, RBP or the scratch); OPC_FIXED: that
//   register; OPC_REUSE: the same register as the named use; OPC_STACK: a slot < RA_NUM_SPILL_SLOTS;
//   OPC_ANY: either;
// - within an instruction: defs in distinct locations; a late use shares no location with a def
//   and is not clobbered; an early def shares no location with a use of another vreg;
// - every callee-saved GPR the allocation writes is reported in RA_CALLEE_SAVED_USED.
import * as V from "../../core-as/shared/vcode-layout.js";
import { type VCode, type RegallocResult, numBlocks, numInsts, decodeOperand, allocText, regName } from "./vcode.js";

export interface Violation {
  /** Instruction index (-1 when not tied to one). */
  inst: number;
  /** Operand index within the instruction, or -1. */
  operand: number;
  /** Edit index, or -1. */
  edit: number;
  message: string;
}

const NONE = -1;
const REG_LOCS = 32; // GPR 0-15, XMM 16-31, then slots

function allocatable(cls: number, r: number): boolean {
  return r >= 0 && r < 16 && (((cls === V.CLASS_GPR ? V.GPR_ALLOCATABLE : V.XMM_ALLOCATABLE) >> r) & 1) === 1;
}

class Failure extends Error {
  constructor(readonly v: Violation) {
    super(v.message);
  }
}

function fail(inst: number, operand: number, edit: number, message: string): never {
  throw new Failure({ inst, operand, edit, message: `${inst >= 0 ? `inst ${inst}` : "result"}${operand >= 0 ? ` operand ${operand}` : ""}${edit >= 0 ? ` edit ${edit}` : ""}: ${message}` });
}

/** Checks `res` against `vc`; returns the first violation, or null when the allocation is valid. */
export function checkAllocation(vc: VCode, res: RegallocResult): Violation | null {
  try {
    run(vc, res);
    return null;
  } catch (e) {
    if (e instanceof Failure) return e.v;
    throw e;
  }
}

function run(vc: VCode, res: RegallocResult): void {
  const nb = numBlocks(vc);
  const ni = numInsts(vc);
  const slots = res.numSpillSlots;
  if (res.status !== V.RA_OK) fail(-1, -1, -1, `status ${res.status}`);
  if (res.allocs.length !== vc.operands.length) fail(-1, -1, -1, `${res.allocs.length} allocations for ${vc.operands.length} operands`);
  if (slots < 0) fail(-1, -1, -1, "negative spill slot count");
  const cls = (v: number) => vc.vregClass[v]!;
  const blockOf = new Int32Array(ni);
  for (let b = 0; b < nb; b++) {
    const o = b * V.VB_WORDS;
    for (let i = vc.blocks[o + V.VB_INST_START]!; i < vc.blocks[o + V.VB_INST_END]!; i++) blockOf[i] = b;
  }
  const isTerm = (i: number) => (vc.insts[i * V.VI_WORDS + V.VI_FLAGS]! & V.VI_F_TERM) !== 0;

  /** Location index of an allocation word of class c (validated). */
  const loc = (a: number, c: number, inst: number, operand: number, edit: number, allowScratch: boolean): number => {
    const kind = a >>> V.ALLOC_KIND_SHIFT;
    const idx = a & V.ALLOC_INDEX_MASK;
    if (kind === V.ALLOC_REG) {
      const scratch = c === V.CLASS_GPR ? V.GPR_SCRATCH : V.XMM_SCRATCH;
      if (!(allocatable(c, idx) || (allowScratch && idx === scratch))) fail(inst, operand, edit, `register ${regName(c, idx)} may not be used here`);
      return c * 16 + idx;
    }
    if (kind === V.ALLOC_STACK) {
      if (idx >= slots) fail(inst, operand, edit, `spill slot ${idx} out of range (${slots} slots)`);
      return REG_LOCS + idx;
    }
    fail(inst, operand, edit, `bad allocation word 0x${(a >>> 0).toString(16)}`);
  };

  // ---- Operand constraints and per-instruction conflicts (no dataflow needed).
  const opLoc = new Int32Array(vc.operands.length);
  let written = 0; // GPR mask written by defs and edits
  for (let i = 0; i < ni; i++) {
    const io = i * V.VI_WORDS;
    const os = vc.insts[io + V.VI_OP_START]!, oc = vc.insts[io + V.VI_OP_COUNT]!;
    const clob = vc.insts[io + V.VI_CLOBBERS]!;
    for (let k = 0; k < oc; k++) {
      const o = decodeOperand(vc.operands[os + k]!);
      const c = cls(o.vreg);
      const a = res.allocs[os + k]!;
      const l = loc(a, c, i, k, -1, false);
      opLoc[os + k] = l;
      const isReg = l < REG_LOCS;
      switch (o.constraint) {
        case V.OPC_REG:
          if (!isReg) fail(i, k, -1, `v${o.vreg} needs a register, got ${allocText(a, c)}`);
          break;
        case V.OPC_FIXED:
          if (l !== c * 16 + o.arg) fail(i, k, -1, `v${o.vreg} must be in ${regName(c, o.arg)}, got ${allocText(a, c)}`);
          break;
        case V.OPC_REUSE:
          if (!isReg) fail(i, k, -1, `v${o.vreg} (two-address) needs a register, got ${allocText(a, c)}`);
          if (o.arg >= oc || res.allocs[os + o.arg] !== a) fail(i, k, -1, `v${o.vreg} must reuse operand ${o.arg}'s register, got ${allocText(a, c)}`);
          break;
        case V.OPC_STACK:
          if (isReg) fail(i, k, -1, `v${o.vreg} must be in a spill slot, got ${allocText(a, c)}`);
          break;
        case V.OPC_ANY:
          break;
        default:
          fail(i, k, -1, `unknown constraint ${o.constraint}`);
      }
      if (o.kind !== V.OP_USE && isReg && c === V.CLASS_GPR) written |= 1 << (l & 15);
    }
    for (let k = 0; k < oc; k++) {
      const o = decodeOperand(vc.operands[os + k]!);
      const l = opLoc[os + k]!;
      const clobbered = l < REG_LOCS && ((clob >>> l) & 1) === 1;
      if (o.kind === V.OP_USE && o.late && clobbered) fail(i, k, -1, `late use of v${o.vreg} sits in a clobbered register`);
      for (let j = 0; j < oc; j++) {
        if (j === k) continue;
        const p = decodeOperand(vc.operands[os + j]!);
        if (opLoc[os + j] !== l) continue;
        if (o.kind !== V.OP_USE && p.kind !== V.OP_USE && j > k) fail(i, k, -1, `defs of v${o.vreg} and v${p.vreg} share a location`);
        if (o.kind === V.OP_USE && o.late && p.kind !== V.OP_USE) fail(i, k, -1, `late use of v${o.vreg} shares a location with the def of v${p.vreg}`);
        if (o.kind === V.OP_DEF && !o.late && o.constraint !== V.OPC_REUSE && p.kind !== V.OP_DEF && p.vreg !== o.vreg) {
          fail(i, k, -1, `early def of v${o.vreg} shares a location with the use of v${p.vreg}`);
        }
      }
    }
  }

  // ---- Edits: order, shape; grouped by instruction.
  const before: number[][] = Array.from({ length: ni }, () => []);
  const after: number[][] = Array.from({ length: ni }, () => []);
  let lastKey = -1;
  for (let e = 0; e < res.numEdits; e++) {
    const o = e * V.RE_WORDS;
    const inst = res.edits[o + V.RE_INST]!, point = res.edits[o + V.RE_POINT]!, c = res.edits[o + V.RE_CLASS]!;
    if (inst < 0 || inst >= ni) fail(-1, -1, e, `edit at instruction ${inst} out of range`);
    if (point !== V.RE_BEFORE && point !== V.RE_AFTER) fail(inst, -1, e, `bad edit point ${point}`);
    if (c !== V.CLASS_GPR && c !== V.CLASS_XMM) fail(inst, -1, e, `bad edit class ${c}`);
    const key = inst * 2 + point;
    if (key < lastKey) fail(inst, -1, e, "edits are not sorted by (instruction, point)");
    lastKey = key;
    if (point === V.RE_AFTER && isTerm(inst)) fail(inst, -1, e, "edit after a terminator");
    const from = loc(res.edits[o + V.RE_FROM]!, c, inst, -1, e, true);
    const to = loc(res.edits[o + V.RE_TO]!, c, inst, -1, e, true);
    if (from >= REG_LOCS && to >= REG_LOCS) fail(inst, -1, e, "stack-to-stack move");
    if (to < REG_LOCS && c === V.CLASS_GPR) written |= 1 << (to & 15);
    (point === V.RE_BEFORE ? before : after)[inst]!.push(e);
  }
  const missing = written & V.GPR_CALLEE_SAVED & ~res.calleeSavedUsed;
  if (missing) fail(-1, -1, -1, `callee-saved registers written but not reported: mask 0x${missing.toString(16)}`);

  // ---- Dataflow.
  const nloc = REG_LOCS + slots;
  const applyEdits = (st: Int32Array, list: number[], check: boolean) => {
    for (const e of list) {
      const o = e * V.RE_WORDS;
      const c = res.edits[o + V.RE_CLASS]!;
      const from = loc(res.edits[o + V.RE_FROM]!, c, -1, -1, e, true);
      const to = loc(res.edits[o + V.RE_TO]!, c, -1, -1, e, true);
      const v = st[from]!;
      if (check && v !== NONE && cls(v) !== c) fail(res.edits[o + V.RE_INST]!, -1, e, `edit moves v${v} as the other register class`);
      st[to] = v;
    }
  };
  const execInst = (st: Int32Array, i: number, check: boolean) => {
    const io = i * V.VI_WORDS;
    const os = vc.insts[io + V.VI_OP_START]!, oc = vc.insts[io + V.VI_OP_COUNT]!;
    const args = (vc.insts[io + V.VI_FLAGS]! & V.VI_F_ARGS) !== 0;
    if (check && !args) {
      for (let k = 0; k < oc; k++) {
        const o = decodeOperand(vc.operands[os + k]!);
        if (o.kind === V.OP_DEF) continue;
        const l = opLoc[os + k]!;
        if (st[l] !== o.vreg) {
          const held = st[l] === NONE ? "nothing known" : `v${st[l]}`;
          fail(i, k, -1, `use of v${o.vreg} reads ${allocText(res.allocs[os + k]!, cls(o.vreg))}, which holds ${held}`);
        }
      }
    }
    const clob = vc.insts[io + V.VI_CLOBBERS]!;
    for (let r = 0; r < 32; r++) if ((clob >>> r) & 1) st[r] = NONE;
    for (let k = 0; k < oc; k++) {
      const o = decodeOperand(vc.operands[os + k]!);
      if (o.kind === V.OP_USE) continue;
      for (let l = 0; l < nloc; l++) if (st[l] === o.vreg) st[l] = NONE;
    }
    for (let k = 0; k < oc; k++) {
      const o = decodeOperand(vc.operands[os + k]!);
      if (o.kind !== V.OP_USE) st[opLoc[os + k]!] = o.vreg;
    }
  };
  const transfer = (b: number, st: Int32Array, check: boolean) => {
    const o = b * V.VB_WORDS;
    for (let i = vc.blocks[o + V.VB_INST_START]!; i < vc.blocks[o + V.VB_INST_END]!; i++) {
      applyEdits(st, before[i]!, check);
      execInst(st, i, check);
      applyEdits(st, after[i]!, check);
    }
  };
  const inState: (Int32Array | null)[] = new Array(nb).fill(null);
  inState[0] = new Int32Array(nloc).fill(NONE);
  const queued = new Uint8Array(nb);
  const work: number[] = [0];
  queued[0] = 1;
  while (work.length) {
    const b = work.shift()!;
    queued[b] = 0;
    const st = inState[b]!.slice();
    transfer(b, st, false);
    const o = b * V.VB_WORDS;
    for (let k = 0; k < vc.blocks[o + V.VB_SUCC_COUNT]!; k++) {
      const s = vc.edges[vc.blocks[o + V.VB_SUCC_START]! + k]!;
      const cur = inState[s];
      let changed = false;
      if (!cur) {
        inState[s] = st.slice();
        changed = true;
      } else {
        for (let l = 0; l < nloc; l++) {
          if (cur[l] !== NONE && cur[l] !== st[l]) {
            cur[l] = NONE;
            changed = true;
          }
        }
      }
      if (changed && !queued[s]) {
        queued[s] = 1;
        work.push(s);
      }
    }
  }
  for (let b = 0; b < nb; b++) {
    if (inState[b]) transfer(b, inState[b]!.slice(), true);
  }
}
