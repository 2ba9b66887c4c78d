// Host side of the backend: writes a batch of IR methods into the core's memory, compiles it with
// one call, and reads the results (layouts: core-as/shared/ir-layout.ts, codegen-layout.ts).
// Browser-safe. compileBatchWith() runs the same pipeline step by step with an allocation
// supplied by the caller (tests, debugging).
import * as C from "../../core-as/shared/codegen-layout.js";
import * as L from "../../core-as/shared/encoder-layout.js";
import * as IR from "../../core-as/shared/ir-layout.js";
import type { CoreExports } from "../core/load-core.js";

/** The core's backend exports (added to CoreExports by the build of core-as/index.ts). */
export interface BackendCore extends CoreExports {
  backendAlloc(bytes: number): number;
  backendReset(): void;
  backendLower(irPtr: number, irBytes: number, index: number): number;
  backendLowerError(): number;
  backendEmit(raPtr: number): number;
  compileBatch?(irPtr: number, irBytes: number, count: number): number;
}

export interface Relocation {
  offset: number;
  kind: number; // L.RELOC_REL32 | L.RELOC_ABS64
  symbol: number;
  addend: number;
}

export interface UnwindInfo {
  codeLen: number;
  pushRbpEnd: number;
  setFpEnd: number;
  prologueEnd: number;
  frameSize: number;
  saved: { reg: number; rbpOffset: number; savedAt: number }[];
  epilogues: { start: number; ret: number }[];
}

export interface MethodStats {
  irInsts: number;
  vcodeInsts: number;
  vcodeBlocks: number;
  machineInsts: number;
  spills: number;
  reloads: number;
  moves: number;
  spillSlots: number;
  codeBytes: number;
  splitEdges: number;
}

export interface CompiledMethod {
  /** Machine code followed by its read-only data (from dataOffset); place it 16-byte aligned. */
  code: Uint8Array;
  dataOffset: number;
  /** The relocations as quads of words: offset, kind, symbol, addend. */
  relocWords: Int32Array;
  /** The same as objects (built on first use). */
  readonly relocs: Relocation[];
  /** Native offset -> IR instruction index, sorted by offset (built on first use). */
  readonly posMap: { offset: number; irInst: number }[];
  unwind: UnwindInfo;
  stats: MethodStats;
}

const irErrors: Record<number, string> = Object.fromEntries(
  Object.entries(IR).filter(([k]) => k.startsWith("IRERR_")).map(([k, v]) => [v as number, k]),
);
const encErrors: Record<number, string> = Object.fromEntries(
  Object.entries(L).filter(([k]) => k.startsWith("ERR_")).map(([k, v]) => [v as number, k]),
);

/** A method the backend could not compile: bad IR, an allocation failure, an encoder error. */
export class BackendError extends Error {
  override readonly name = "BackendError";
  constructor(readonly method: number, readonly status: number, readonly detail: number, readonly irInst: number) {
    const what =
      status === C.MO_ERR_BAD_IR ? `bad IR: ${irErrors[detail] ?? detail}` :
      status === C.MO_ERR_REGALLOC ? `register allocation failed: ${detail}` :
      status === C.MO_ERR_ENCODER ? `encoder: ${encErrors[detail] ?? detail} at record ${irInst}` :
      `status ${status}, detail ${detail}`;
    super(`method ${method}: ${what}${status === C.MO_ERR_BAD_IR && irInst >= 0 ? ` at IR instruction ${irInst}` : ""}`);
  }
}

/** Copies the batch into the core (after resetting the backend arena); returns its address. */
function writeBatch(core: BackendCore, batch: Int32Array): number {
  core.backendReset();
  const ptr = core.backendAlloc(batch.byteLength);
  new Int32Array(core.memory.buffer, ptr, batch.length).set(batch);
  return ptr;
}

/** Reads one MO_* record; throws BackendError when the method failed. */
export function readMethodResult(core: CoreExports, mo: number, method: number): CompiledMethod {
  const buf = core.memory.buffer;
  const h = new Int32Array(buf, mo, C.MO_WORDS);
  if (h[C.MO_STATUS] !== C.MO_OK) throw new BackendError(method, h[C.MO_STATUS]!, h[C.MO_ERROR_DETAIL]!, h[C.MO_ERROR_INST]!);
  const code = new Uint8Array(buf, h[C.MO_CODE_PTR]!, h[C.MO_CODE_LEN]!).slice();
  // Relocations and the position map are copied as words; most callers never need them as objects.
  const rw = new Int32Array(buf, h[C.MO_RELOCS_PTR]!, h[C.MO_NUM_RELOCS]! * (L.RELOC_SIZE / 4)).slice();
  const mw = new Int32Array(buf, h[C.MO_POSMAP_PTR]!, h[C.MO_NUM_POSMAP]! * C.MP_WORDS).slice();
  let relocs: Relocation[] | null = null;
  let posMap: { offset: number; irInst: number }[] | null = null;
  const uw = new Int32Array(buf, h[C.MO_UNWIND_PTR]!, h[C.MO_UNWIND_WORDS]!);
  const nSaved = uw[C.UW_NUM_SAVED]!, nEpi = uw[C.UW_NUM_EPILOGUES]!;
  const saved: UnwindInfo["saved"] = [];
  let p = C.UW_HEADER_WORDS;
  for (let i = 0; i < nSaved; i++, p += C.UWS_WORDS) saved.push({ reg: uw[p + C.UWS_REG]!, rbpOffset: uw[p + C.UWS_RBP_OFFSET]!, savedAt: uw[p + C.UWS_SAVED_AT]! });
  const epilogues: UnwindInfo["epilogues"] = [];
  for (let i = 0; i < nEpi; i++, p += C.UWE_WORDS) epilogues.push({ start: uw[p + C.UWE_START]!, ret: uw[p + C.UWE_RET]! });
  return {
    code,
    dataOffset: h[C.MO_DATA_OFFSET]!,
    relocWords: rw,
    get relocs() {
      if (!relocs) {
        relocs = [];
        for (let i = 0; i < rw.length; i += 4) relocs.push({ offset: rw[i]!, kind: rw[i + 1]!, symbol: rw[i + 2]!, addend: rw[i + 3]! });
      }
      return relocs;
    },
    get posMap() {
      if (!posMap) {
        posMap = [];
        for (let i = 0; i < mw.length; i += C.MP_WORDS) posMap.push({ offset: mw[i + C.MP_OFFSET]!, irInst: mw[i + C.MP_IR_INST]! });
      }
      return posMap;
    },
    unwind: {
      codeLen: uw[C.UW_CODE_LEN]!,
      pushRbpEnd: uw[C.UW_PUSH_RBP_END]!,
      setFpEnd: uw[C.UW_SET_FP_END]!,
      prologueEnd: uw[C.UW_PROLOGUE_END]!,
      frameSize: uw[C.UW_FRAME_SIZE]!,
      saved,
      epilogues,
    },
    stats: {
      irInsts: h[C.MO_STAT_IR_INSTS]!,
      vcodeInsts: h[C.MO_STAT_VCODE_INSTS]!,
      vcodeBlocks: h[C.MO_STAT_VCODE_BLOCKS]!,
      machineInsts: h[C.MO_STAT_MACHINE_INSTS]!,
      spills: h[C.MO_STAT_SPILLS]!,
      reloads: h[C.MO_STAT_RELOADS]!,
      moves: h[C.MO_STAT_MOVES]!,
      spillSlots: h[C.MO_STAT_SPILL_SLOTS]!,
      codeBytes: h[C.MO_STAT_CODE_BYTES]!,
      splitEdges: h[C.MO_STAT_SPLITS]!,
    },
  };
}

/** Compiles a batch (made by packBatch) through the whole backend in one core call. */
export function compileBatch(core: BackendCore, batch: Int32Array, count: number): (CompiledMethod | BackendError)[] {
  if (!core.compileBatch) throw new Error("this core has no compileBatch (register allocator missing)");
  const ptr = writeBatch(core, batch);
  const res = core.compileBatch(ptr, batch.byteLength, count);
  const h = new Int32Array(core.memory.buffer, res, C.BO_WORDS);
  const methods = h[C.BO_METHODS_PTR]!;
  const out: (CompiledMethod | BackendError)[] = [];
  for (let i = 0; i < count; i++) {
    try {
      out.push(readMethodResult(core, methods + i * C.MO_WORDS * 4, i));
    } catch (e) {
      if (!(e instanceof BackendError)) throw e;
      out.push(e);
    }
  }
  return out;
}

/**
 * The allocation step of compileBatchWith(): given the core's memory and the address of a
 * method's VCode, returns the allocator's result words (vcode-layout.ts RA_* header; offsets
 * relative to the start of the returned array).
 */
export type Allocate = (memory: WebAssembly.Memory, vcode: number) => Int32Array;

/** Lowers, allocates (with `allocate`) and emits each method of the batch. */
export function compileBatchWith(core: BackendCore, batch: Int32Array, count: number, allocate: Allocate): (CompiledMethod | BackendError)[] {
  const ptr = writeBatch(core, batch);
  const out: (CompiledMethod | BackendError)[] = [];
  for (let i = 0; i < count; i++) {
    const vc = core.backendLower(ptr, batch.byteLength, i);
    if (vc === 0) {
      const e = core.backendLowerError();
      out.push(new BackendError(i, C.MO_ERR_BAD_IR, e & 0xff, e >> 8));
      continue;
    }
    const words = allocate(core.memory, vc);
    const ra = core.backendAlloc(words.byteLength);
    new Int32Array(core.memory.buffer, ra, words.length).set(words);
    const mo = core.backendEmit(ra);
    try {
      out.push(readMethodResult(core, mo, i));
    } catch (e) {
      if (!(e instanceof BackendError)) throw e;
      out.push(e);
    }
  }
  return out;
}

/** Where the caller's frame is, at code offset `offset` of a method (rules in codegen-layout.ts). */
export interface FrameRule {
  /** The CFA (the caller's RSP) is this register plus cfaOffset. */
  cfaReg: "rsp" | "rbp";
  cfaOffset: number;
  /** Offset from the CFA of the caller's RBP, or null when RBP still holds it. */
  rbpAt: number | null;
  /** Callee-saved registers already saved, with their offset from the CFA. */
  saved: { reg: number; cfaOffset: number }[];
}

/** The unwind rule at a code offset. */
export function frameRuleAt(u: UnwindInfo, offset: number): FrameRule {
  if (offset < u.pushRbpEnd) return { cfaReg: "rsp", cfaOffset: 8, rbpAt: null, saved: [] };
  if (offset < u.setFpEnd) return { cfaReg: "rsp", cfaOffset: 16, rbpAt: -16, saved: [] };
  if (u.epilogues.some((e) => e.ret === offset)) return { cfaReg: "rsp", cfaOffset: 8, rbpAt: null, saved: [] };
  return {
    cfaReg: "rbp",
    cfaOffset: 16,
    rbpAt: -16,
    saved: u.saved.filter((s) => offset >= s.savedAt).map((s) => ({ reg: s.reg, cfaOffset: s.rbpOffset - 16 })),
  };
}

/** What an image needs of one compiled method: plain data, so that it can come from a worker thread. */
export type BatchOutcome =
  | { error: string }
  | {
      code: Uint8Array;
      /** Where the method's data ends (its code size without constant data). */
      codeSize: number;
      relocs: Int32Array;
      saved: { reg: number; rbpOffset: number }[];
      /** Only when asked for: native offset → IR instruction. */
      posMap?: { offset: number; irInst: number }[];
    };

/** Compiles a batch (made by packBatch) and keeps what an image needs of each method. */
export function compileOutcomes(core: BackendCore, batch: Int32Array, count: number, posMap: boolean): BatchOutcome[] {
  return compileBatch(core, batch, count).map((r) =>
    r instanceof BackendError
      ? { error: `backend: ${r.message}` }
      : {
          code: r.code,
          codeSize: r.dataOffset,
          relocs: r.relocWords,
          saved: r.unwind.saved.map((s) => ({ reg: s.reg, rbpOffset: s.rbpOffset })),
          posMap: posMap ? r.posMap : undefined,
        },
  );
}

/**
 * Compiles IR batches for an image: in this thread (the core's call, answered at once) or on
 * a backend thread (host/node/backend-worker.ts), while this thread imports the next batch.
 */
export interface BatchCompiler {
  compile(batch: Int32Array, count: number, posMap: boolean): Promise<BatchOutcome[]>;
}

/** The batch compiler of the calling thread. */
export function inThreadBatches(core: BackendCore): BatchCompiler {
  return { compile: async (batch, count, posMap) => compileOutcomes(core, batch, count, posMap) };
}
