// A deliberately simple register allocation for testing instruction selection and emission
// independently of the real allocator: every vreg lives in its own spill slot; each instruction
// reloads its uses into registers right before it and spills its defs right after. It honours
// every operand constraint of core-as/shared/vcode-layout.ts, so any wrong code it produces is
// isel's or emission's fault. `anyOnStack` puts OPC_ANY operands in their slots (exercising the
// memory-operand forms of emission).
import * as V from "../../../core-as/shared/vcode-layout.js";

export interface VCodeView {
  numBlocks: number;
  numInsts: number;
  numVregs: number;
  insts: { opStart: number; opCount: number; flags: number; clobbers: number; opcode: number; payload: number }[];
  operands: Int32Array;
  classes: Int32Array;
  blocks: { start: number; end: number; succs: number[]; preds: number[]; depth: number }[];
}

/** Reads the VCode at `vc` in the core's memory. */
export function readVCode(memory: ArrayBuffer, vc: number): VCodeView {
  const h = new Int32Array(memory, vc, V.VC_HEADER_WORDS);
  const nb = h[V.VC_NUM_BLOCKS]!, ni = h[V.VC_NUM_INSTS]!, nv = h[V.VC_NUM_VREGS]!, no = h[V.VC_NUM_OPERANDS]!;
  const bw = new Int32Array(memory, vc + h[V.VC_BLOCKS_OFF]!, nb * V.VB_WORDS);
  const edges = new Int32Array(memory, vc + h[V.VC_EDGES_OFF]!);
  const iw = new Int32Array(memory, vc + h[V.VC_INSTS_OFF]!, ni * V.VI_WORDS);
  const operands = new Int32Array(memory, vc + h[V.VC_OPERANDS_OFF]!, no).slice();
  const classes = new Int32Array(memory, vc + h[V.VC_VREG_CLASS_OFF]!, nv).slice();
  const blocks: VCodeView["blocks"] = [];
  for (let b = 0; b < nb; b++) {
    const o = b * V.VB_WORDS;
    const ss = bw[o + V.VB_SUCC_START]!, sc = bw[o + V.VB_SUCC_COUNT]!, ps = bw[o + V.VB_PRED_START]!, pc = bw[o + V.VB_PRED_COUNT]!;
    blocks.push({
      start: bw[o + V.VB_INST_START]!,
      end: bw[o + V.VB_INST_END]!,
      succs: Array.from(edges.subarray(ss, ss + sc)),
      preds: Array.from(edges.subarray(ps, ps + pc)),
      depth: bw[o + V.VB_LOOP_DEPTH]!,
    });
  }
  const insts: VCodeView["insts"] = [];
  for (let i = 0; i < ni; i++) {
    const o = i * V.VI_WORDS;
    insts.push({
      opStart: iw[o + V.VI_OP_START]!,
      opCount: iw[o + V.VI_OP_COUNT]!,
      flags: iw[o + V.VI_FLAGS]!,
      clobbers: iw[o + V.VI_CLOBBERS]!,
      opcode: iw[o + V.VI_OPCODE]!,
      payload: iw[o + V.VI_PAYLOAD]!,
    });
  }
  return { numBlocks: nb, numInsts: ni, numVregs: nv, insts, operands, classes, blocks };
}

export interface Operand {
  vreg: number;
  kind: number;
  pos: number;
  constraint: number;
  arg: number;
}
export function decodeOperand(w: number): Operand {
  return {
    vreg: w & V.OP_VREG_MASK,
    kind: (w >>> V.OP_KIND_SHIFT) & 3,
    pos: (w >>> V.OP_POS_SHIFT) & 1,
    constraint: (w >>> V.OP_CONSTRAINT_SHIFT) & 7,
    arg: (w >>> V.OP_ARG_SHIFT) & 31,
  };
}

const reg = (r: number) => (V.ALLOC_REG << V.ALLOC_KIND_SHIFT) | r;
const slot = (s: number) => (V.ALLOC_STACK << V.ALLOC_KIND_SHIFT) | s;

/** The spill-everything allocation of the VCode at `vc`, as RA_* result words. */
export function spillEverything(memory: ArrayBuffer, vc: number, options: { anyOnStack?: boolean } = {}): Int32Array {
  const v = readVCode(memory, vc);
  const allocs = new Int32Array(v.operands.length);
  const edits: number[] = [];
  let calleeSaved = 0, spills = 0, reloads = 0;
  for (let i = 0; i < v.numInsts; i++) {
    const ins = v.insts[i]!;
    const ops = Array.from(v.operands.subarray(ins.opStart, ins.opStart + ins.opCount), decodeOperand);
    // Registers taken in this instruction, per class: fixed ones first.
    const taken = [new Set<number>(), new Set<number>()];
    for (const o of ops) if (o.constraint === V.OPC_FIXED) taken[v.classes[o.vreg]!]!.add(o.arg);
    const pick = (cls: number): number => {
      const mask = cls === V.CLASS_GPR ? V.GPR_ALLOCATABLE : V.XMM_ALLOCATABLE;
      // Prefer callee-saved GPRs sometimes, so the prologue saves and restores them.
      const order = cls === V.CLASS_GPR ? [3, 12, 0, 1, 2, 6, 7, 8, 9, 10, 13, 14, 15] : Array.from({ length: 15 }, (_, k) => k);
      for (const r of order) {
        if (((mask >> r) & 1) && !taken[cls]!.has(r)) {
          taken[cls]!.add(r);
          return r;
        }
      }
      throw new Error(`spill allocator: no register left at instruction ${i}`);
    };
    // Uses: fixed or a free register, reloaded before; ANY may stay in its slot.
    ops.forEach((o, k) => {
      if (o.kind === V.OP_DEF) return;
      const cls = v.classes[o.vreg]!;
      if (o.constraint === V.OPC_ANY && options.anyOnStack) {
        allocs[ins.opStart + k] = slot(o.vreg);
        return;
      }
      const r = o.constraint === V.OPC_FIXED ? o.arg : pick(cls);
      allocs[ins.opStart + k] = reg(r);
      edits.push(i, V.RE_BEFORE, slot(o.vreg), reg(r), cls);
      reloads++;
    });
    ops.forEach((o, k) => {
      if (o.kind !== V.OP_DEF) return;
      const cls = v.classes[o.vreg]!;
      let r: number;
      if (o.constraint === V.OPC_FIXED) r = o.arg;
      else if (o.constraint === V.OPC_REUSE) r = allocs[ins.opStart + o.arg]! & V.ALLOC_INDEX_MASK;
      else r = pick(cls);
      allocs[ins.opStart + k] = reg(r);
      if (cls === V.CLASS_GPR && ((V.GPR_CALLEE_SAVED >> r) & 1)) calleeSaved |= 1 << r;
      if (!(ins.flags & V.VI_F_TERM)) {
        edits.push(i, V.RE_AFTER, reg(r), slot(o.vreg), cls);
        spills++;
      }
    });
    ops.forEach((o, k) => {
      const a = allocs[ins.opStart + k]!;
      if ((a >>> V.ALLOC_KIND_SHIFT) === V.ALLOC_REG && v.classes[o.vreg] === V.CLASS_GPR && ((V.GPR_CALLEE_SAVED >> (a & 15)) & 1)) calleeSaved |= 1 << (a & 15);
    });
  }
  const allocsOff = V.RA_HEADER_WORDS * 4;
  const editsOff = allocsOff + allocs.length * 4;
  const out = new Int32Array(V.RA_HEADER_WORDS + allocs.length + edits.length);
  out[V.RA_STATUS] = V.RA_OK;
  out[V.RA_ALLOCS_OFF] = allocsOff;
  out[V.RA_EDITS_OFF] = editsOff;
  out[V.RA_NUM_EDITS] = edits.length / V.RE_WORDS;
  out[V.RA_NUM_SPILL_SLOTS] = v.numVregs;
  out[V.RA_CALLEE_SAVED_USED] = calleeSaved;
  out[V.RA_STAT_SPILLS] = spills;
  out[V.RA_STAT_RELOADS] = reloads;
  out.set(allocs, V.RA_HEADER_WORDS);
  out.set(edits, V.RA_HEADER_WORDS + allocs.length);
  return out;
}
