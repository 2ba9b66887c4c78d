// Host side of the VCode contract (core-as/shared/vcode-layout.ts): a builder for VCode functions,
// a writer into and a reader out of the core's memory, the allocator call, and a text listing.
// VCode is kept flat (typed arrays laid out exactly as in the core) so writing it is one copy.
import * as V from "../../core-as/shared/vcode-layout.js";
import type { CoreExports } from "../core/load-core.js";

/** The core's exports the allocator path uses (in addition to CoreExports). */
export interface RegallocCore extends CoreExports {
  backendAlloc(bytes: number): number;
  backendReset(): void;
  regallocRun(vcode: number, result: number, resultCapacity: number): number;
  regallocParallelMoveTest(moves: number, n: number, slots: number, out: number, cap: number): number;
}

export function asRegallocCore(core: CoreExports): RegallocCore {
  const c = core as RegallocCore;
  if (typeof c.regallocRun !== "function") throw new Error("core has no regallocRun export: rebuild build/core.wasm");
  return c;
}

/** A VCode function, arrays exactly as the layout file lays them out. */
export interface VCode {
  numVregs: number;
  vregClass: Int32Array;
  blocks: Int32Array; // VB_WORDS per block
  edges: Int32Array;
  insts: Int32Array; // VI_WORDS per instruction
  operands: Int32Array;
}

export const numBlocks = (vc: VCode): number => vc.blocks.length / V.VB_WORDS;
export const numInsts = (vc: VCode): number => vc.insts.length / V.VI_WORDS;

// ---- Operand words.
export interface Operand {
  vreg: number;
  kind: number; // OP_USE | OP_DEF | OP_MOD
  late: boolean;
  constraint: number; // OPC_*
  arg: number;
}

export function operand(vreg: number, kind: number, constraint = V.OPC_REG, arg = 0, late?: boolean): number {
  const pos = (late ?? kind === V.OP_DEF) ? V.OP_LATE : V.OP_EARLY;
  return (
    (vreg & V.OP_VREG_MASK) |
    (kind << V.OP_KIND_SHIFT) |
    (pos << V.OP_POS_SHIFT) |
    (constraint << V.OP_CONSTRAINT_SHIFT) |
    (arg << V.OP_ARG_SHIFT)
  );
}

export function decodeOperand(w: number): Operand {
  return {
    vreg: w & V.OP_VREG_MASK,
    kind: (w >>> V.OP_KIND_SHIFT) & 3,
    late: ((w >>> V.OP_POS_SHIFT) & 1) === V.OP_LATE,
    constraint: (w >>> V.OP_CONSTRAINT_SHIFT) & 7,
    arg: (w >>> V.OP_ARG_SHIFT) & 31,
  };
}

/** Operand constructors, named after what the instruction does with the value. */
export const op = {
  use: (v: number) => operand(v, V.OP_USE),
  useLate: (v: number) => operand(v, V.OP_USE, V.OPC_REG, 0, true),
  useFixed: (v: number, reg: number, late = false) => operand(v, V.OP_USE, V.OPC_FIXED, reg, late),
  useAny: (v: number) => operand(v, V.OP_USE, V.OPC_ANY),
  useStack: (v: number) => operand(v, V.OP_USE, V.OPC_STACK),
  def: (v: number) => operand(v, V.OP_DEF),
  defEarly: (v: number) => operand(v, V.OP_DEF, V.OPC_REG, 0, false),
  defFixed: (v: number, reg: number) => operand(v, V.OP_DEF, V.OPC_FIXED, reg),
  defReuse: (v: number, useIndex: number) => operand(v, V.OP_DEF, V.OPC_REUSE, useIndex),
  defAny: (v: number) => operand(v, V.OP_DEF, V.OPC_ANY),
  defStack: (v: number) => operand(v, V.OP_DEF, V.OPC_STACK),
  mod: (v: number) => operand(v, V.OP_MOD),
  modFixed: (v: number, reg: number) => operand(v, V.OP_MOD, V.OPC_FIXED, reg),
  modAny: (v: number) => operand(v, V.OP_MOD, V.OPC_ANY),
};

export interface InstOptions {
  flags?: number;
  clobbers?: number;
  opcode?: number;
  payload?: number;
}

/** Builds a VCode function block by block. Successor lists are given per block; predecessor lists
 *  are derived (in the order the edges were listed). */
export class VCodeBuilder {
  private classes: number[] = [];
  private blockList: { start: number; end: number; succs: number[]; depth: number }[] = [];
  private instWords: number[] = [];
  private opWords: number[] = [];
  private cur = -1;

  newVreg(cls: number = V.CLASS_GPR): number {
    this.classes.push(cls);
    return this.classes.length - 1;
  }

  classOf(v: number): number {
    return this.classes[v]!;
  }

  get vregCount(): number {
    return this.classes.length;
  }

  /** Starts a new block (closing the current one); returns its index. */
  block(loopDepth = 0): number {
    const n = this.instWords.length / V.VI_WORDS;
    if (this.cur >= 0) this.blockList[this.cur]!.end = n;
    this.blockList.push({ start: n, end: n, succs: [], depth: loopDepth });
    this.cur = this.blockList.length - 1;
    return this.cur;
  }

  succs(block: number, targets: number[]): void {
    this.blockList[block]!.succs = targets.slice();
  }

  setLoopDepth(block: number, depth: number): void {
    this.blockList[block]!.depth = depth;
  }

  inst(operands: number[], o: InstOptions = {}): number {
    if (this.cur < 0) throw new Error("inst() before block()");
    const idx = this.instWords.length / V.VI_WORDS;
    const w = new Array<number>(V.VI_WORDS).fill(0);
    w[V.VI_OP_START] = this.opWords.length;
    w[V.VI_OP_COUNT] = operands.length;
    w[V.VI_FLAGS] = o.flags ?? 0;
    w[V.VI_CLOBBERS] = o.clobbers ?? 0;
    w[V.VI_OPCODE] = o.opcode ?? 0;
    w[V.VI_PAYLOAD] = o.payload ?? 0;
    this.instWords.push(...w);
    this.opWords.push(...operands);
    return idx;
  }

  /** A terminator: `inst` with VI_F_TERM, plus the block's successors. */
  term(operands: number[], succs: number[], o: InstOptions = {}): number {
    const i = this.inst(operands, { ...o, flags: (o.flags ?? 0) | V.VI_F_TERM });
    this.succs(this.cur, succs);
    return i;
  }

  finish(): VCode {
    const nInst = this.instWords.length / V.VI_WORDS;
    if (this.cur >= 0) this.blockList[this.cur]!.end = nInst;
    const nb = this.blockList.length;
    const preds: number[][] = this.blockList.map(() => []);
    this.blockList.forEach((b, i) => b.succs.forEach((s) => preds[s]!.push(i)));
    const edges: number[] = [];
    const blocks = new Int32Array(nb * V.VB_WORDS);
    this.blockList.forEach((b, i) => {
      const o = i * V.VB_WORDS;
      blocks[o + V.VB_INST_START] = b.start;
      blocks[o + V.VB_INST_END] = b.end;
      blocks[o + V.VB_SUCC_START] = edges.length;
      blocks[o + V.VB_SUCC_COUNT] = b.succs.length;
      edges.push(...b.succs);
      blocks[o + V.VB_PRED_START] = edges.length;
      blocks[o + V.VB_PRED_COUNT] = preds[i]!.length;
      edges.push(...preds[i]!);
      blocks[o + V.VB_LOOP_DEPTH] = b.depth;
    });
    return {
      numVregs: this.classes.length,
      vregClass: Int32Array.from(this.classes),
      blocks,
      edges: Int32Array.from(edges),
      insts: Int32Array.from(this.instWords),
      operands: Int32Array.from(this.opWords),
    };
  }
}

// ---- Core memory.

/** Bytes the VCode takes in the core's memory. */
export function vcodeBytes(vc: VCode): number {
  return 4 * (V.VC_HEADER_WORDS + vc.blocks.length + vc.edges.length + vc.insts.length + vc.operands.length + vc.vregClass.length);
}

/** Writes `vc` at `ptr` (4-byte aligned) in `memory`. */
export function writeVCodeAt(memory: WebAssembly.Memory, ptr: number, vc: VCode): void {
  const words = new Int32Array(memory.buffer, ptr, vcodeBytes(vc) / 4);
  words.fill(0, 0, V.VC_HEADER_WORDS);
  words[V.VC_NUM_BLOCKS] = numBlocks(vc);
  words[V.VC_NUM_INSTS] = numInsts(vc);
  words[V.VC_NUM_VREGS] = vc.numVregs;
  words[V.VC_NUM_OPERANDS] = vc.operands.length;
  let at = V.VC_HEADER_WORDS;
  const put = (field: number, a: Int32Array) => {
    words[field] = at * 4;
    words.set(a, at);
    at += a.length;
  };
  put(V.VC_BLOCKS_OFF, vc.blocks);
  put(V.VC_EDGES_OFF, vc.edges);
  put(V.VC_INSTS_OFF, vc.insts);
  put(V.VC_OPERANDS_OFF, vc.operands);
  put(V.VC_VREG_CLASS_OFF, vc.vregClass);
}

/** Reads a VCode function from the core's memory (e.g. one instruction selection produced). */
export function readVCode(memory: WebAssembly.Memory, ptr: number): VCode {
  const h = new Int32Array(memory.buffer, ptr, V.VC_HEADER_WORDS);
  const nb = h[V.VC_NUM_BLOCKS]!, ni = h[V.VC_NUM_INSTS]!, nv = h[V.VC_NUM_VREGS]!, no = h[V.VC_NUM_OPERANDS]!;
  const arr = (field: number, n: number) => new Int32Array(memory.buffer, ptr + h[field]!, n).slice();
  const blocks = arr(V.VC_BLOCKS_OFF, nb * V.VB_WORDS);
  let ne = 0;
  for (let b = 0; b < nb; b++) {
    const o = b * V.VB_WORDS;
    ne = Math.max(ne, blocks[o + V.VB_SUCC_START]! + blocks[o + V.VB_SUCC_COUNT]!, blocks[o + V.VB_PRED_START]! + blocks[o + V.VB_PRED_COUNT]!);
  }
  return {
    numVregs: nv,
    vregClass: arr(V.VC_VREG_CLASS_OFF, nv),
    blocks,
    edges: arr(V.VC_EDGES_OFF, ne),
    insts: arr(V.VC_INSTS_OFF, ni * V.VI_WORDS),
    operands: arr(V.VC_OPERANDS_OFF, no),
  };
}

// ---- Allocation results.

export interface RegallocResult {
  status: number;
  /** One allocation word per operand (ALLOC_* packed). */
  allocs: Int32Array;
  /** RE_WORDS words per edit. */
  edits: Int32Array;
  numEdits: number;
  numSpillSlots: number;
  calleeSavedUsed: number;
  spills: number;
  reloads: number;
  moves: number;
  splits: number;
}

export const allocReg = (r: number): number => (V.ALLOC_REG << V.ALLOC_KIND_SHIFT) | r;
export const allocStack = (s: number): number => (V.ALLOC_STACK << V.ALLOC_KIND_SHIFT) | s;
export const allocKind = (a: number): number => a >>> V.ALLOC_KIND_SHIFT;
export const allocIndex = (a: number): number => a & V.ALLOC_INDEX_MASK;

/** Reads an allocation result at `ptr` (copied out of the core's memory). */
export function readResult(memory: WebAssembly.Memory, ptr: number, numOperands: number): RegallocResult {
  const h = new Int32Array(memory.buffer, ptr, V.RA_HEADER_WORDS);
  const status = h[V.RA_STATUS]!;
  const ok = status === V.RA_OK;
  const numEdits = h[V.RA_NUM_EDITS]!;
  return {
    status,
    allocs: ok ? new Int32Array(memory.buffer, ptr + h[V.RA_ALLOCS_OFF]!, numOperands).slice() : new Int32Array(0),
    edits: ok ? new Int32Array(memory.buffer, ptr + h[V.RA_EDITS_OFF]!, numEdits * V.RE_WORDS).slice() : new Int32Array(0),
    numEdits,
    numSpillSlots: h[V.RA_NUM_SPILL_SLOTS]!,
    calleeSavedUsed: h[V.RA_CALLEE_SAVED_USED]!,
    spills: h[V.RA_STAT_SPILLS]!,
    reloads: h[V.RA_STAT_RELOADS]!,
    moves: h[V.RA_STAT_MOVES]!,
    splits: h[V.RA_STAT_SPLITS]!,
  };
}

export const raErrorNames: Record<number, string> = Object.fromEntries(
  Object.entries(V).filter(([k]) => k.startsWith("RA_ERR_") || k === "RA_OK").map(([k, v]) => [v as number, k]),
);

export class RegallocError extends Error {
  override readonly name = "RegallocError";
  constructor(readonly status: number) {
    super(`register allocation failed: ${raErrorNames[status] ?? status}`);
  }
}

/** Result bytes for `edits` edits. */
export const resultBytes = (vc: VCode, edits: number): number => 4 * V.RA_HEADER_WORDS + 4 * vc.operands.length + 4 * V.RE_WORDS * edits;

/** Runs the core's allocator on `vc` (resets the core's backend arena). Throws RegallocError
 *  unless `noThrow`, in which case a failed status is returned in the result. */
export function allocateRegisters(core: RegallocCore, vc: VCode, noThrow = false): RegallocResult {
  core.backendReset();
  const vptr = core.backendAlloc(vcodeBytes(vc));
  writeVCodeAt(core.memory, vptr, vc);
  let cap = resultBytes(vc, 2 * numInsts(vc) + 64);
  let rptr = core.backendAlloc(cap);
  let st = core.regallocRun(vptr, rptr, cap);
  if (st === V.RA_ERR_CAPACITY) {
    const need = new Int32Array(core.memory.buffer, rptr, V.RA_HEADER_WORDS)[V.RA_NUM_EDITS]!;
    cap = resultBytes(vc, need);
    rptr = core.backendAlloc(cap);
    st = core.regallocRun(vptr, rptr, cap);
  }
  const res = readResult(core.memory, rptr, vc.operands.length);
  if (st !== V.RA_OK && !noThrow) throw new RegallocError(st);
  return res;
}

// ---- Text.

const GPR_NAMES = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

export function regName(cls: number, r: number): string {
  return cls === V.CLASS_GPR ? GPR_NAMES[r] ?? `r?${r}` : `xmm${r}`;
}

export function allocText(a: number, cls: number): string {
  const k = allocKind(a);
  if (k === V.ALLOC_REG) return regName(cls, allocIndex(a));
  if (k === V.ALLOC_STACK) return `slot${allocIndex(a)}`;
  return `?${a}`;
}

function operandText(w: number, vc: VCode): string {
  const o = decodeOperand(w);
  const kind = ["use", "def", "mod"][o.kind] ?? `kind${o.kind}`;
  const cls = vc.vregClass[o.vreg] ?? 0;
  const cons =
    o.constraint === V.OPC_REG ? "reg" :
    o.constraint === V.OPC_FIXED ? regName(cls, o.arg) :
    o.constraint === V.OPC_REUSE ? `reuse${o.arg}` :
    o.constraint === V.OPC_ANY ? "any" :
    o.constraint === V.OPC_STACK ? "stack" : `c${o.constraint}`;
  return `${kind}${o.late ? "@late" : o.kind !== V.OP_DEF ? "" : "@early"} v${o.vreg}${cls === V.CLASS_XMM ? "f" : ""}:${cons}`;
}

/** A listing of `vc`, with allocations and edits when `res` is given (for failure reports). */
export function formatVCode(vc: VCode, res?: RegallocResult): string {
  const lines: string[] = [];
  const editsAt = new Map<number, string[]>();
  if (res) {
    for (let e = 0; e < res.numEdits; e++) {
      const o = e * V.RE_WORDS;
      const key = res.edits[o + V.RE_INST]! * 2 + res.edits[o + V.RE_POINT]!;
      const cls = res.edits[o + V.RE_CLASS]!;
      const s = `      ${res.edits[o + V.RE_POINT] === V.RE_BEFORE ? "" : "(after) "}move ${allocText(res.edits[o + V.RE_TO]!, cls)} <- ${allocText(res.edits[o + V.RE_FROM]!, cls)}`;
      (editsAt.get(key) ?? editsAt.set(key, []).get(key)!).push(s);
    }
  }
  for (let b = 0; b < numBlocks(vc); b++) {
    const o = b * V.VB_WORDS;
    const succ = Array.from(vc.edges.subarray(vc.blocks[o + V.VB_SUCC_START]!, vc.blocks[o + V.VB_SUCC_START]! + vc.blocks[o + V.VB_SUCC_COUNT]!));
    const pred = Array.from(vc.edges.subarray(vc.blocks[o + V.VB_PRED_START]!, vc.blocks[o + V.VB_PRED_START]! + vc.blocks[o + V.VB_PRED_COUNT]!));
    lines.push(`block${b} (depth ${vc.blocks[o + V.VB_LOOP_DEPTH]}) preds [${pred.join(",")}] succs [${succ.join(",")}]`);
    for (let i = vc.blocks[o + V.VB_INST_START]!; i < vc.blocks[o + V.VB_INST_END]!; i++) {
      lines.push(...(editsAt.get(i * 2) ?? []));
      const io = i * V.VI_WORDS;
      const os = vc.insts[io + V.VI_OP_START]!, oc = vc.insts[io + V.VI_OP_COUNT]!;
      const f = vc.insts[io + V.VI_FLAGS]!;
      const flags = [f & V.VI_F_TERM && "term", f & V.VI_F_MOVE && "move", f & V.VI_F_CALL && "call", f & V.VI_F_ARGS && "args"].filter(Boolean).join(",");
      const ops: string[] = [];
      for (let k = 0; k < oc; k++) {
        const w = vc.operands[os + k]!;
        const cls = vc.vregClass[w & V.OP_VREG_MASK] ?? 0;
        ops.push(operandText(w, vc) + (res && res.allocs.length ? ` = ${allocText(res.allocs[os + k]!, cls)}` : ""));
      }
      const clob = vc.insts[io + V.VI_CLOBBERS]!;
      lines.push(`  ${String(i).padStart(4)}: ${flags ? `[${flags}] ` : ""}${ops.join(", ")}${clob ? ` clobbers 0x${(clob >>> 0).toString(16)}` : ""}`);
      lines.push(...(editsAt.get(i * 2 + 1) ?? []));
    }
  }
  return lines.join("\n");
}
