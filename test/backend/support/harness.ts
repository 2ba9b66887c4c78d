// Compile IR methods through the core, place and link them in executable memory, call them
// with koffi, and compare with the interpreter. Helper symbols resolve to stubs that record the
// trap and return to the guard trampoline (so a throw path never kills the process); see
// trap-guard.ts.
import * as IR from "../../../core-as/shared/ir-layout.js";
import { loadCoreNode } from "../../../host/core/load-core-node.js";
import { packBatch, decodeMethod, formatMethod } from "../../../host/codegen/ir-builder.js";
import {
  compileBatch, compileBatchWith, BackendError, type BackendCore, type CompiledMethod,
} from "../../../host/codegen/backend.js";
import { disassemble } from "../../../host/codegen/disassemble.js";
import { ExecMemory, DataMemory } from "../../../host/node/exec-memory.js";
import { spillEverything } from "./spill-alloc.js";
import * as V from "../../../core-as/shared/vcode-layout.js";
import { readVCode, readResult, resultBytes, numInsts, formatVCode, type RegallocCore } from "../../../host/codegen/vcode.js";
import { checkAllocation } from "../../../host/codegen/regalloc-checker.js";
import { TrapGuard } from "./trap-guard.js";

/** The core under test (BACKEND_CORE names another build, e.g. a debug one). */
export const core = (process.env.BACKEND_CORE ? loadCoreNode(process.env.BACKEND_CORE) : loadCoreNode()) as BackendCore;

/**
 * How registers are allocated: "regalloc" is the core's allocator, its answer verified by the
 * independent checker (host/codegen/regalloc-checker.ts) before anything is emitted or run;
 * "spill" / "spill-mem" are the test allocation of spill-alloc.ts (isel and emission on their
 * own); "batch" is the one-call compileBatch() entry (the production path, unchecked).
 */
export type AllocMode = "regalloc" | "spill" | "spill-mem" | "batch";

/** The modes the execution tests run under. */
export function allocModes(): AllocMode[] {
  return ["regalloc", "spill", "spill-mem"];
}

/** Thrown when the checker rejects an allocation (the method is never run). */
export class AllocationRejected extends Error {
  override readonly name = "AllocationRejected";
}

/** Allocates with the core's allocator in place and checks the answer; returns the result words. */
function checkedRegalloc(_memory: WebAssembly.Memory, vc: number): Int32Array {
  const c = core as unknown as RegallocCore;
  const vcode = readVCode(core.memory, vc);
  let cap = resultBytes(vcode, 2 * numInsts(vcode) + 64);
  let ra = core.backendAlloc(cap);
  let st = c.regallocRun(vc, ra, cap);
  if (st === V.RA_ERR_CAPACITY) {
    cap = resultBytes(vcode, new Int32Array(core.memory.buffer, ra, V.RA_HEADER_WORDS)[V.RA_NUM_EDITS]!);
    ra = core.backendAlloc(cap);
    st = c.regallocRun(vc, ra, cap);
  }
  const words = new Int32Array(core.memory.buffer, ra, cap / 4).slice();
  if (st !== V.RA_OK) return words; // emission reports MO_ERR_REGALLOC
  const violation = checkAllocation(vcode, readResult(core.memory, ra, vcode.operands.length));
  if (violation) throw new AllocationRejected(`allocation rejected by the checker: ${violation.message}\n${formatVCode(vcode)}`);
  return words;
}

export function compileMethods(methods: readonly Int32Array[], mode: AllocMode): CompiledMethod[] {
  const batch = packBatch(methods);
  const res = mode === "batch"
    ? compileBatch(core, batch, methods.length)
    : compileBatchWith(core, batch, methods.length, mode === "regalloc" ? checkedRegalloc : (mem, vc) => spillEverything(mem, vc, { anyOnStack: mode === "spill-mem" }));
  return res.map((r) => {
    if (r instanceof BackendError) throw r;
    return r;
  });
}

const TYPE_NAMES: Record<number, string> = {
  [IR.TY_I32]: "int32_t", [IR.TY_I64]: "int64_t", [IR.TY_PTR]: "int64_t", [IR.TY_REF]: "int64_t",
  [IR.TY_F32]: "float", [IR.TY_F64]: "double", [IR.TY_VOID]: "void",
};

export interface LinkedProgram {
  compiled: CompiledMethod[];
  addresses: bigint[];
  /** Calls method i through the trap guard; `trap` is the helper id when a throw helper ran. */
  call(i: number, args: readonly (number | bigint)[]): { value: number | bigint | undefined; trap: number | null };
  listing(i: number): string;
  symbolAt(address: bigint): number | undefined;
  exec: ExecMemory;
  guard: TrapGuard;
  dispose(): void;
}

/**
 * Links compiled methods: method i is placed, symbols are the methods' IRM_SYMBOL ids, helpers
 * go to the guard's stubs, `externals` maps other symbols to addresses.
 */
export function link(
  methods: readonly Int32Array[],
  compiled: CompiledMethod[],
  externals: Map<number, bigint> = new Map(),
  /** Indirection cells to create: cell symbol -> the method symbol whose address it holds. */
  cells: Map<number, number> = new Map(),
): LinkedProgram {
  const size = compiled.reduce((s, c) => s + c.code.length + 16, 0) + 65536 + cells.size * 16;
  const exec = new ExecMemory(size);
  const guard = new TrapGuard(core, exec);
  const addresses = compiled.map((c) => exec.place(c.code));
  const decoded = methods.map((m) => decodeMethod(m, 0));
  const bySymbol = new Map<number, bigint>();
  decoded.forEach((m, i) => bySymbol.set(m.symbol, addresses[i]!));
  // Cells go into the same region (within rel32 reach of the code; read-only once sealed).
  for (const [cell, target] of cells) {
    const a = bySymbol.get(target);
    if (a === undefined) throw new Error(`cell ${cell}: no method with symbol ${target}`);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, a, true);
    bySymbol.set(cell, exec.place(bytes, 8));
  }
  const resolve = (s: number): bigint => {
    if (s >= IR.SYM_HELPER_BASE) return guard.helperAddress(s - IR.SYM_HELPER_BASE);
    const a = bySymbol.get(s) ?? externals.get(s);
    if (a === undefined) throw new Error(`unresolved symbol ${s}`);
    return a;
  };
  compiled.forEach((c, i) => exec.relocate(addresses[i]!, c.relocs, resolve));
  exec.seal();
  guard.bind(exec);
  const fns = decoded.map((m) => {
    const params = Array.from(m.params, (p) => TYPE_NAMES[m.vregTypes[p]!]!);
    return guard.callable(TYPE_NAMES[m.retType]!, params);
  });
  return {
    compiled,
    addresses,
    exec,
    guard,
    call(i, args) {
      const m = decoded[i]!;
      const conv = Array.from(m.params, (p, k) => {
        const t = m.vregTypes[p]!;
        const a = args[k]!;
        return t === IR.TY_I64 || t === IR.TY_PTR || t === IR.TY_REF ? BigInt.asIntN(64, BigInt(a)) : Number(a);
      });
      const { value, trap } = guard.call(fns[i]!, addresses[i]!, conv);
      if (trap !== null) return { value: undefined, trap };
      return { value: normalise(m.retType, value), trap: null };
    },
    listing(i) {
      return `${formatMethod(decoded[i]!)}\n--- x86-64 ---\n${disassemble(compiled[i]!.code.subarray(0, compiled[i]!.dataOffset), { ip: addresses[i]!, symbols: symbolNames(addresses, decoded.map((d) => d.symbol)) })}`;
    },
    symbolAt(address) {
      const i = addresses.indexOf(address);
      return i >= 0 ? decoded[i]!.symbol : undefined;
    },
    dispose() {
      exec.dispose();
      guard.dispose();
    },
  };
}

function symbolNames(addresses: bigint[], symbols: number[]): Map<bigint, string> {
  const m = new Map<bigint, string>();
  addresses.forEach((a, i) => m.set(a, `sym${symbols[i]}`));
  return m;
}

function normalise(t: number, v: unknown): number | bigint | undefined {
  if (t === IR.TY_VOID) return undefined;
  if (t === IR.TY_I32) return Number(v) | 0;
  if (t === IR.TY_I64 || t === IR.TY_PTR || t === IR.TY_REF) return BigInt.asIntN(64, BigInt(v as number | bigint));
  if (t === IR.TY_F32) return Math.fround(Number(v));
  return Number(v);
}

/** Value equality as the differential tests need it: NaNs are equal, -0 and +0 differ. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

export { DataMemory };
