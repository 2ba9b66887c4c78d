// A deliberately simple register allocation for testing instruction selection and emission
// independently of the real allocator: every vreg lives in its own spill slot; each instruction
// reloads its uses into registers right before it and spills its defs right after. It honours
// every operand constraint of core-as/shared/vcode-layout.ts, so any wrong code it produces is
// isel's or emission's fault. `anyOnStack` puts OPC_ANY operands in their slots (exercising the
// memory-operand forms of emission).
import * as V from "../../../core-as/shared/vcode-layout.js";
import { readVCode, decodeOperand, numInsts } from "../../../host/codegen/vcode.js";

const reg = (r: number) => (V.ALLOC_REG << V.ALLOC_KIND_SHIFT) | r;
const slot = (s: number) => (V.ALLOC_STACK << V.ALLOC_KIND_SHIFT) | s;

/** The spill-everything allocation of the VCode at `vc`, as RA_* result words. */
export function spillEverything(memory: WebAssembly.Memory, vc: number, options: { anyOnStack?: boolean } = {}): Int32Array {
  const v = readVCode(memory, vc);
  const allocs = new Int32Array(v.operands.length);
  const edits: number[] = [];
  let calleeSaved = 0, spills = 0, reloads = 0;
  const classOf = (vreg: number) => v.vregClass[vreg]!;
  for (let i = 0; i < numInsts(v); i++) {
    const io = i * V.VI_WORDS;
    const opStart = v.insts[io + V.VI_OP_START]!, opCount = v.insts[io + V.VI_OP_COUNT]!, flags = v.insts[io + V.VI_FLAGS]!;
    const ops = Array.from(v.operands.subarray(opStart, opStart + opCount), decodeOperand);
    // Registers taken in this instruction, per class: fixed ones first.
    const taken = [new Set<number>(), new Set<number>()];
    for (const o of ops) if (o.constraint === V.OPC_FIXED) taken[classOf(o.vreg)]!.add(o.arg);
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
      const cls = classOf(o.vreg);
      if (o.constraint === V.OPC_ANY && options.anyOnStack) {
        allocs[opStart + k] = slot(o.vreg);
        return;
      }
      const r = o.constraint === V.OPC_FIXED ? o.arg : pick(cls);
      allocs[opStart + k] = reg(r);
      edits.push(i, V.RE_BEFORE, slot(o.vreg), reg(r), cls);
      reloads++;
    });
    ops.forEach((o, k) => {
      if (o.kind !== V.OP_DEF) return;
      const cls = classOf(o.vreg);
      let r: number;
      if (o.constraint === V.OPC_FIXED) r = o.arg;
      else if (o.constraint === V.OPC_REUSE) r = allocs[opStart + o.arg]! & V.ALLOC_INDEX_MASK;
      else r = pick(cls);
      allocs[opStart + k] = reg(r);
      if (cls === V.CLASS_GPR && ((V.GPR_CALLEE_SAVED >> r) & 1)) calleeSaved |= 1 << r;
      if (!(flags & V.VI_F_TERM)) {
        edits.push(i, V.RE_AFTER, reg(r), slot(o.vreg), cls);
        spills++;
      }
    });
    ops.forEach((o, k) => {
      const a = allocs[opStart + k]!;
      if ((a >>> V.ALLOC_KIND_SHIFT) === V.ALLOC_REG && classOf(o.vreg) === V.CLASS_GPR && ((V.GPR_CALLEE_SAVED >> (a & 15)) & 1)) calleeSaved |= 1 << (a & 15);
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
