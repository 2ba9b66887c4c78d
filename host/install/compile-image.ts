/**
 * Compiles one assembly into a native image: every non-generic method with an IL body is
 * imported and compiled by the backend; the rest, and whatever the compiler cannot handle,
 * is recorded in the image's method table as excluded, with the reason. Calls, runtime
 * helpers and runtime data are reached through the image's indirection cells, which the
 * loader fills, so the code is position independent apart from its base relocations.
 *
 * The work is split into compile jobs (ImageCompiler.run): runs of the assembly's methods,
 * then waves of the generic instantiations their code uses. A job imports and compiles its
 * methods with symbols of its own (cells, profile counters, code symbols numbered in the
 * job's first-use order) and reports, per method, which of them it introduced. A runner
 * (CompileRunner) runs the jobs in this process or on worker threads (host/node/compile-pool.ts);
 * compileImage merges the results in method order.
 *
 * Invariants: the image is the same whatever the jobs and wherever they ran. Methods are laid
 * out in metadata order, then instantiations in the order they were first called; imports and
 * counters are numbered in first-use order over that sequence. (Merging reproduces it: a job's
 * own first-use order is the global one restricted to its methods, and the merge numbers a
 * symbol at the first method, in global order, that introduced it in its job.) Cell keys name
 * modules by name, never by a process's module numbering.
 */
import * as IR from "../../core-as/shared/ir-layout.js";
import * as L from "../../core-as/shared/encoder-layout.js";
import { MethodBuilder, packBatch } from "../codegen/ir-builder.js";
import { BackendCore, BatchCompiler, inThreadBatches } from "../codegen/backend.js";
import { CodeFixup, ImportEntry, ImportKind, IMPORT_HARD_BOUND, MethodEntry, writeNativeImage } from "../image/native-image.js";
import { RefReader, RefWriter } from "../image/refs.js";
import type { BindContext } from "../binder/binder.js";
import { rowsWithAttribute } from "../metadata/custom-attributes.js";
import { Table } from "../metadata/schema.js";
import { DataItem, Helper, ImportEnv } from "../importer/env.js";
import { ImportError, importMethod } from "../importer/importer.js";
import { Layouts } from "../typesystem/layout.js";
import { TypeSystem } from "../typesystem/typesystem.js";
import { Kind, MethodDesc, Module, TypeDesc } from "../typesystem/types.js";
import { VTables } from "../typesystem/vtable.js";
import type { IdentityBlock } from "./identity-block.js";
import { MT_VTABLE } from "../runtime/abi.js";

const CELL_BASE = 0x100000;
const CODE_BASE = 0x200000;
const PROF_BASE = 0x300000;
const BATCH = 128;
/** Methods per compile job: small enough to balance workers, large enough to amortise a job. */
const JOB_METHODS = 256;
/** At most this many generic instantiations are compiled into one image. */
const MAX_INSTANTIATIONS = 4000;
/** .nmeth tokens of generic instantiations: this table byte and a running number. */
export const INSTANTIATION_TOKEN = 0x2b000000;

/**
 * The name of a generic instantiation that the image's `.ninst` table and the runtime agree on:
 * the owner's type key (assembly names, not indices), the MethodDef row, the method arguments.
 */
export function instantiationKey(md: MethodDesc): string {
  return `${md.owner.key}::${md.row}${md.methodArgs.length ? `<${md.methodArgs.map((a) => a.key).join(",")}>` : ""}`;
}

/**
 * Whether `t` names no generic parameter and nests at most `depth` levels (an instantiation over
 * it can be compiled; polymorphic recursion, Foo<T> calling Foo<List<T>>, must not grow types
 * without end).
 */
function closedType(t: TypeDesc, depth = 6): boolean {
  if (depth < 0 || t.kind === Kind.Var || t.kind === Kind.MVar || t.kind === Kind.FnPtr) return false;
  if (t.elem && !closedType(t.elem, depth - 1)) return false;
  return t.args.every((a) => closedType(a, depth - 1));
}
/** Where the vtable starts in a method table: the runtime's layout (host/runtime/abi.ts). */
export const VTABLE_OFFSET = MT_VTABLE;

/** `Helper` names as stored in import descriptors (the loader maps them back). */
export const HELPER_NAMES: Record<number, string> = {
  [Helper.NewObject]: "NewObject", [Helper.NewArray]: "NewArray", [Helper.Throw]: "Throw",
  [Helper.ThrowNullReference]: "ThrowNullReference", [Helper.ThrowIndexOutOfRange]: "ThrowIndexOutOfRange",
  [Helper.ThrowInvalidCast]: "ThrowInvalidCast", [Helper.ThrowOverflow]: "ThrowOverflow",
  [Helper.ThrowDivideByZero]: "ThrowDivideByZero", [Helper.ThrowArrayTypeMismatch]: "ThrowArrayTypeMismatch",
  [Helper.IsInstanceOf]: "IsInstanceOf", [Helper.CastClass]: "CastClass", [Helper.CheckArrayStore]: "CheckArrayStore",
  [Helper.RunClassConstructor]: "RunClassConstructor", [Helper.InterfaceLookup]: "InterfaceLookup",
  [Helper.ThrowStackOverflow]: "ThrowStackOverflow", [Helper.GenericVirtualLookup]: "GenericVirtualLookup", [Helper.NewMDArray]: "NewMDArray",
};

/** MethodDef rows carrying System.Runtime.BypassNGenAttribute (matched by name, as Ngen does). */
function bypassedMethods(m: Module): Set<number> {
  return rowsWithAttribute(m.reader, Table.MethodDef, "System.Runtime.BypassNGenAttribute");
}

export interface CompileOptions {
  /** Debug images keep every local and argument in memory, so each statement's effects are visible. */
  debug?: boolean;
  /** Profile images count calls at each method's entry. */
  profile?: boolean;
  /** Assemblies (by lower-case simple name) whose calls are hard-bound. */
  hardBound?: ReadonlySet<string>;
}

export interface ImageResult {
  bytes: Uint8Array;
  methods: { compiled: number; excluded: number; total: number };
  /** Generic instantiations the image's code calls, compiled into it too. */
  instantiations: number;
  /** Excluded methods and why ("Type::Method" → reason), for display and logs. */
  exclusions: Map<string, string>;
  codeBytes: number;
}

/** What every compile job of one image shares: plain data, so that it can go to a worker thread. */
export interface ImageSpec {
  /** The assembly's file (the compiling process loads it by path). */
  modulePath: string;
  identity: IdentityBlock;
  debug: boolean;
  profile: boolean;
  /** Lower-case simple names of the dependencies whose calls are hard-bound. */
  hardBound: string[];
  /** How the assembly's references bind: a worker's type system binds them the same way. */
  bindContext: BindContext;
}

export function imageSpec(modulePath: string, identity: IdentityBlock, bindContext: BindContext, options: CompileOptions = {}): ImageSpec {
  return { modulePath, identity, debug: options.debug === true, profile: options.profile === true, hardBound: [...(options.hardBound ?? [])].sort(), bindContext };
}

/** One compile job: methods of the assembly (TypeDef and MethodDef rows, in pairs), or generic instantiations (method references, refs.ts). */
export type CompileJob = { own: number[] } | { instantiations: string[] };

/** A generic instantiation that a method's code calls. */
export interface Candidate {
  key: string;
  /** Its reference; null when it cannot be compiled into this image (no body, abstract, outside the bound closure, BypassNGen). */
  ref: string | null;
  /**
   * For a constructor of a generic class: the class's key, and its virtual methods, which
   * become reachable through its vtable and interfaces once it is constructed (an iterator's
   * MoveNext). Virtual methods are never constructors, so slots have no slots.
   */
  owner?: string;
  slots?: Candidate[];
}

/** What a job did with one of its methods. */
export interface MethodOutcome {
  /** The job's cell and counter counts after importing this method: it introduced those from the previous method's counts on. */
  cellEnd: number;
  counterEnd: number;
  /** Why the import failed: an assembly method is excluded, an instantiation left to the JIT. */
  importError?: string;
  /** Instantiations its code calls that are new to the job, in first-call order. */
  candidates?: Candidate[];
  /** Why the backend failed ("backend: …"), and the method's full name for the exclusion list. */
  backendError?: string;
  fullName?: string;
  code?: Uint8Array;
  /** Where the method's data ends (its code size without constant data). */
  codeSize?: number;
  /** Relocations as quads: offset, kind, symbol (the job's numbering), addend. */
  relocs?: Int32Array;
  saved?: { reg: number; rbpOffset: number }[];
  /** The method's own code symbol (the job's numbering). */
  symbol?: number;
  /** Debug images: IL offset → native offset. */
  ilPairs?: [number, number][];
}

export interface JobResult {
  /** The job's cells in first-use order. */
  cells: { key: string; entry: ImportEntry }[];
  /** The job's profile counters in first-use order (method keys). */
  counters: string[];
  methods: MethodOutcome[];
}

/** Runs the compile jobs of one image, here or on worker threads; results come back in job order. */
export interface CompileRunner {
  run(spec: ImageSpec, jobs: CompileJob[]): Promise<JobResult[]>;
}

/** A method's name independent of any process's module numbering (cell and counter keys). */
function methodKey(md: MethodDesc): string {
  return `${instantiationKey(md)}@${md.module.name}`;
}

/** Whether a callee is a generic instantiation that could be compiled into an image. */
function instantiable(c: MethodDesc): boolean {
  return (c.owner.args.length > 0 || c.methodArgs.length > 0) && closedType(c.owner) && c.methodArgs.every(closedType);
}

function isLoadFailure(e: unknown): e is Error {
  return e instanceof Error && (e.name === "TypeLoadError" || e.name === "BindError");
}

/** Why a method cannot be imported, or rethrows what is not such a reason. */
function importFailure(e: unknown): string {
  if (e instanceof ImportError) return e.reason;
  if (isLoadFailure(e)) return `${e.name}: ${e.message}`;
  throw e;
}

/** Compiles the jobs of one image in the process that owns `core` and `ts`. */
export class ImageCompiler {
  private readonly env: ImportEnv;
  private readonly refs: RefWriter;
  private readonly reader: RefReader;
  private readonly vtables: VTables;
  private readonly bypassed: Set<number>;
  private readonly hardBound: Set<string>;
  private readonly slotCache = new Map<TypeDesc, Candidate[]>();
  // The running job's symbols.
  private cells: { key: string; entry: ImportEntry }[] = [];
  private cellIndex = new Map<string, number>();
  private counters: string[] = [];
  private counterIndex = new Map<string, number>();
  private codeSymbols = new Map<MethodDesc, number>();
  /** Method cells by descriptor (a type system has one per method): the key string is built once per job. */
  private methodCells = new Map<MethodDesc, number>();
  /** Method-table and statics cells by type, likewise. */
  private typeCells = [new Map<TypeDesc, number>(), new Map<TypeDesc, number>()];
  /** The job's helper cells by helper, and its thread-state cell (-1: none yet). */
  private helperCells: number[] = [];
  private threadCell = -1;
  /** The same cells' descriptions, kept across jobs (each job still numbers its cells itself). */
  private readonly methodCellsSeen = new Map<MethodDesc, { key: string; entry: ImportEntry }>();
  private readonly typeCellsSeen = [new Map<TypeDesc, { key: string; entry: ImportEntry }>(), new Map<TypeDesc, { key: string; entry: ImportEntry }>()];
  private seen = new Set<string>();

  constructor(
    /** Where the job's IR batches are compiled (the runner may change it between jobs). */
    public batches: BatchCompiler,
    private readonly ts: TypeSystem,
    readonly module: Module,
    readonly spec: ImageSpec,
  ) {
    const layouts = new Layouts(ts);
    this.vtables = new VTables(ts);
    this.refs = new RefWriter(module, spec.identity.dependencies.map((d) => d.displayName));
    this.reader = new RefReader(ts, (asm) => (asm === -1 ? module : ts.load(spec.identity.dependencies[asm]!.path)), spec.modulePath);
    this.bypassed = bypassedMethods(module);
    this.hardBound = new Set(spec.hardBound);
    const refs = this.refs;
    const cell = (key: string, make: () => ImportEntry): number => {
      let i = this.cellIndex.get(key);
      if (i === undefined) {
        const entry = make();
        i = this.cells.length;
        this.cells.push({ key, entry });
        this.cellIndex.set(key, i);
      }
      return CELL_BASE + i;
    };
    // The cell of `k`, described once per image (`seen`) and numbered by each job that uses it.
    const describedCell = <K>(seen: Map<K, { key: string; entry: ImportEntry }>, k: K, key: () => string, make: () => ImportEntry): number => {
      const known = seen.get(k);
      if (known) return cell(known.key, () => known.entry);
      const sym = cell(key(), make);
      seen.set(k, this.cells[sym - CELL_BASE]!);
      return sym;
    };
    const load = (b: MethodBuilder, sym: number) => b.load(IR.MEMW_64, IR.TY_PTR, b.symbolAddr(sym));
    const typeToken = (t: TypeDesc) => (t.module ? (Table.TypeDef << 24) | t.row : 0);
    const typeAsm = (t: TypeDesc) => (t.module ? refs.assemblyOf(t.module) : -1);
    // A type's method-table (0) or statics (1) cell.
    const typeCell = (which: 0 | 1, t: TypeDesc): number => {
      const known = this.typeCells[which]!.get(t);
      if (known !== undefined) return known;
      const sym = describedCell(this.typeCellsSeen[which]!, t, () => `${which ? "d:st:" : "d:mt:"}${t.key}`, () => ({
        kind: which ? ImportKind.Statics : ImportKind.MethodTable, assembly: typeAsm(t), token: typeToken(t), name: t.key, ref: JSON.stringify(refs.type(t)),
      }));
      this.typeCells[which]!.set(t, sym);
      return sym;
    };
    this.env = {
      ts, layouts, vtables: this.vtables, vtableOffset: VTABLE_OFFSET,
      debug: spec.debug,
      stringConstructorFactories: true,
      canInline: (md) => (md.module === module ? !this.bypassed.has(md.row) : this.hardBound.has(md.module.name.toLowerCase())),
      profileCounter: spec.profile
        ? (md) => {
            const key = methodKey(md);
            let i = this.counterIndex.get(key);
            if (i === undefined) {
              i = this.counters.length;
              this.counters.push(key);
              this.counterIndex.set(key, i);
            }
            return PROF_BASE + i;
          }
        : undefined,
      codeSymbol: (md) => {
        let s = this.codeSymbols.get(md);
        if (s === undefined) this.codeSymbols.set(md, (s = CODE_BASE + this.codeSymbols.size));
        return s;
      },
      methodSymbol: (md) => {
        let sym = this.methodCells.get(md);
        if (sym !== undefined) return sym;
        sym = describedCell(this.methodCellsSeen, md, () => `m:${methodKey(md)}`, () => {
          const asm = refs.assemblyOf(md.module);
          if (asm === -2) throw new ImportError(md.fullName, `calls into ${md.module.name}, which is not among the bound dependencies`);
          const local = asm === -1 && md.methodArgs.length === 0 && md.owner.args.length === 0;
          const hard = asm >= 0 && this.hardBound.has(md.module.name.toLowerCase());
          return {
            kind: (local ? ImportKind.LocalMethod : ImportKind.Method) | (hard ? IMPORT_HARD_BOUND : 0),
            assembly: asm,
            token: (Table.MethodDef << 24) | md.row,
            name: md.fullName,
            ref: refs.method(md),
          };
        });
        this.methodCells.set(md, sym);
        return sym;
      },
      helperSymbol: (h) =>
        (this.helperCells[h] ??= cell(`h:${h}`, () => ({ kind: ImportKind.Helper, assembly: -1, token: 0, name: HELPER_NAMES[h] ?? `helper${h}` }))),
      dataAddress: (b: MethodBuilder, item: DataItem) => {
        // The cell holds the address; the code loads it from there (lea of the cell, then a load).
        switch (item.kind) {
          case "threadState":
            if (this.threadCell < 0) this.threadCell = cell("d:thread", () => ({ kind: ImportKind.ThreadState, assembly: -1, token: 0, name: "" }));
            return load(b, this.threadCell);
          case "methodTable":
            return load(b, typeCell(0, item.type));
          case "statics":
            return load(b, typeCell(1, item.type));
          case "string":
            return load(b, cell(`d:str:${item.module.name}:${item.token}`, () => ({ kind: ImportKind.String, assembly: refs.assemblyOf(item.module), token: item.token, name: "" })));
        }
      },
      fieldHandle: (b, f) =>
        load(b, cell(`d:fh:${f.fullName}:${f.module.name}:${f.row}`, () => ({ kind: ImportKind.FieldHandle, assembly: refs.assemblyOf(f.module), token: (Table.Field << 24) | f.row, name: f.fullName, ref: refs.field(f) }))),
      methodHandle: (b, md) =>
        load(b, cell(`d:mh:${methodKey(md)}`, () => ({ kind: ImportKind.MethodHandle, assembly: refs.assemblyOf(md.module), token: (Table.MethodDef << 24) | md.row, name: md.fullName, ref: refs.method(md) }))),
      fieldData: (b, f) =>
        load(b, cell(`d:fd:${f.module.name}:${f.row}`, () => ({ kind: ImportKind.FieldData, assembly: refs.assemblyOf(f.module), token: (Table.Field << 24) | f.row, name: f.fullName, ref: refs.field(f) }))),
    };
  }

  /**
   * Imports and compiles the job's methods, numbering symbols afresh. The importing is done
   * when this returns; the promise waits for the backend's last batches (see BatchCompiler).
   */
  run(job: CompileJob): Promise<JobResult> {
    this.cells = [];
    this.cellIndex = new Map();
    this.counters = [];
    this.counterIndex = new Map();
    this.codeSymbols = new Map();
    this.methodCells = new Map();
    this.typeCells = [new Map(), new Map()];
    this.helperCells = [];
    this.threadCell = -1;
    this.seen = new Set();
    const methods: MethodOutcome[] = [];
    const pending: { md: MethodDesc; out: MethodOutcome; words: Int32Array; ilMap: { il: number; ir: number }[] }[] = [];
    const one = (resolve: () => MethodDesc) => {
      const out: MethodOutcome = { cellEnd: 0, counterEnd: 0 };
      methods.push(out);
      try {
        const md = resolve();
        const imported = importMethod(this.env, md);
        out.candidates = this.candidates(imported.callees);
        // The IL map is built on demand: only debug images keep it.
        pending.push({ md, out, words: imported.words, ilMap: this.spec.debug ? imported.ilMap : [] });
      } catch (e) {
        out.importError = importFailure(e);
      }
      out.cellEnd = this.cells.length;
      out.counterEnd = this.counters.length;
      // Compile as batches fill, so only one batch of IR is alive at a time.
      if (pending.length === BATCH) this.flush(pending);
    };
    if ("own" in job) {
      const { ts, module } = this;
      for (let i = 0; i + 1 < job.own.length; i += 2) one(() => ts.method(ts.defType(module, job.own[i]!), module, job.own[i + 1]!));
    } else {
      for (const ref of job.instantiations) one(() => this.reader.method(this.reader.parse(ref, "instantiation")));
    }
    this.flush(pending);
    const result: JobResult = { cells: this.cells, counters: this.counters, methods };
    return Promise.all(this.compiling.splice(0)).then(() => result);
  }

  /** The job's batches the backend has not answered yet. */
  private readonly compiling: Promise<void>[] = [];

  private flush(pending: { md: MethodDesc; out: MethodOutcome; words: Int32Array; ilMap: { il: number; ir: number }[] }[]): void {
    if (!pending.length) return;
    const chunk = pending.splice(0, pending.length);
    // Code symbols are the job's numbering, taken now: the answer may come after the next job started.
    const symbols = chunk.map((c) => this.env.codeSymbol!(c.md));
    const debug = this.spec.debug;
    const answered = this.batches.compile(packBatch(chunk.map((c) => c.words)), chunk.length, debug).then((res) => {
      res.forEach((r, k) => {
        const { md, out, ilMap } = chunk[k]!;
        if ("error" in r) {
          out.backendError = r.error;
          out.fullName = md.fullName;
          return;
        }
        out.code = r.code;
        out.codeSize = r.codeSize;
        out.relocs = r.relocs;
        out.saved = r.saved;
        out.symbol = symbols[k]!;
        if (debug) {
          // IL offset → native offset: where the code of the IL instruction's first IR instruction
          // (or of the next one that produced code) starts.
          const pm = [...r.posMap!].sort((a, b) => a.irInst - b.irInst || a.offset - b.offset);
          const pairs: [number, number][] = [];
          let j = 0;
          for (const { il, ir } of ilMap) {
            while (j < pm.length && pm[j]!.irInst < ir) j++;
            pairs.push([il, j < pm.length ? pm[j]!.offset : r.codeSize]);
          }
          out.ilPairs = pairs;
        }
      });
    });
    this.compiling.push(answered);
  }

  /** The instantiations among `callees` new to the job (debug and profile images hold none). */
  private candidates(callees: readonly MethodDesc[]): Candidate[] | undefined {
    if (this.spec.debug || this.spec.profile) return undefined;
    let out: Candidate[] | undefined;
    for (const c of callees) {
      if (!instantiable(c)) continue;
      const key = instantiationKey(c);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const cand = this.candidate(c, key);
      if (c.isConstructor && !c.owner.isInterface && c.owner.args.length) {
        cand.owner = c.owner.key;
        cand.slots = this.slotsOf(c.owner);
      }
      (out ??= []).push(cand);
    }
    return out;
  }

  private candidate(c: MethodDesc, key: string): Candidate {
    let ref: string | null = null;
    if (c.hasBody && !c.isAbstract && this.inClosure(c.owner) && c.methodArgs.every((a) => this.inClosure(a)) && !(c.module === this.module && this.bypassed.has(c.row))) {
      try {
        ref = this.refs.method(c);
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
      }
    }
    return { key, ref };
  }

  private slotsOf(t: TypeDesc): Candidate[] {
    let s = this.slotCache.get(t);
    if (!s) {
      s = [];
      try {
        for (const m of this.vtables.of(t).slots) if (m.owner.args.length > 0 && !m.isAbstract && instantiable(m)) s.push(this.candidate(m, instantiationKey(m)));
      } catch (e) {
        if (!isLoadFailure(e)) throw e;
      }
      this.slotCache.set(t, s);
    }
    return s;
  }

  private inClosure(t: TypeDesc): boolean {
    return (!t.module || this.refs.assemblyOf(t.module) !== -2) && (!t.elem || this.inClosure(t.elem)) && t.args.every((a) => this.inClosure(a));
  }
}

/**
 * Runs compile jobs in this process, on its type system, importing in this thread. The backend
 * runs on `core` in this thread too, or, from `offloadFrom` jobs up, on `offload` (a backend
 * thread) while this thread imports on.
 */
export class InProcessRunner implements CompileRunner {
  private current: { spec: ImageSpec; compiler: ImageCompiler } | null = null;
  private readonly here: BatchCompiler;

  constructor(
    core: BackendCore,
    private readonly ts: TypeSystem,
    private readonly offload?: BatchCompiler,
    private readonly offloadFrom = 2,
  ) {
    this.here = inThreadBatches(core);
  }

  /** Whether a run of `jobs` compiles on the backend thread. */
  offloads(jobs: readonly CompileJob[]): boolean {
    return this.offload !== undefined && jobs.length >= this.offloadFrom;
  }

  run(spec: ImageSpec, jobs: CompileJob[]): Promise<JobResult[]> {
    const batches = this.offloads(jobs) ? this.offload! : this.here;
    if (this.current?.spec !== spec) this.current = { spec, compiler: new ImageCompiler(batches, this.ts, this.ts.load(spec.modulePath), spec) };
    const c = this.current.compiler;
    c.batches = batches;
    // Every job is imported before any answer is awaited: the backend never waits for this thread.
    return Promise.all(jobs.map((j) => c.run(j)));
  }
}

/** A job's numbering mapped to the image's: cells and counters by position, code symbols by value. */
class JobSymbols {
  readonly cells: number[] = [];
  readonly counters: number[] = [];
  readonly code = new Map<number, number>();
  constructor(readonly result: JobResult) {}
}

/** How many methods a job compiles. */
export function jobSize(job: CompileJob): number {
  return "own" in job ? job.own.length >> 1 : job.instantiations.length;
}

/** Splits `items` into jobs of at most JOB_METHODS methods (`per` array slots per method). */
function split<T>(items: T[], per: number, make: (part: T[]) => CompileJob): CompileJob[] {
  const jobs: CompileJob[] = [];
  for (let i = 0; i < items.length; i += JOB_METHODS * per) jobs.push(make(items.slice(i, i + JOB_METHODS * per)));
  return jobs;
}

/**
 * Compiles `module` (loaded in `ts`, which also plans the work) into a native image, running
 * the compile jobs with `runner`.
 */
export async function compileImage(runner: CompileRunner, ts: TypeSystem, module: Module, spec: ImageSpec): Promise<ImageResult> {
  const r = module.reader;
  const bypassed = bypassedMethods(module);
  const entries: MethodEntry[] = [];
  const exclusions = new Map<string, string>();
  const own: MethodEntry[] = [];
  const ownRows: number[] = [];
  // A method's name for the exclusion list, built only for methods excluded.
  const nameOf = (td: number, row: number) => `${r.typeDefFullName(td)}::${r.methodName(row)}`;

  // Methods in metadata order: non-generic methods of non-generic types with IL bodies.
  let total = 0;
  for (let td = 1; td <= r.rows(Table.TypeDef); td++) {
    const info = r.typeDef(td);
    const generic = ts.genericArity(module, td) > 0;
    for (let i = info.methodList[0]; i < info.methodList[1]; i++) {
      const row = r.methodRow(i);
      const def = r.methodDef(row);
      const entry: MethodEntry = { token: (Table.MethodDef << 24) | row, codeOffset: 0, codeSize: 0 };
      entries.push(entry);
      const exclude = (why: string) => {
        entry.excluded = why;
        exclusions.set(nameOf(td, row), why);
      };
      // Delegate types' constructor and Invoke are runtime methods the importer synthesizes.
      const runtimeMethod = (def.implFlags & 3) === 3 && !generic;
      if ((def.rva === 0 || (def.implFlags & 3) !== 0) && !runtimeMethod) {
        entry.excluded = (def.flags & 0x400) ? "abstract" : (def.implFlags & 0x1000) ? "internal call" : (def.flags & 0x2000) ? "P/Invoke" : "no IL body";
        continue;
      }
      total++;
      if (td === 1) exclude("global method");
      else if (bypassed.has(row)) exclude("BypassNGenAttribute");
      else if (generic || r.methodSignature(row).genericParamCount > 0) exclude("generic: compiled for each instantiation when it first runs");
      else {
        own.push(entry);
        ownRows.push(td, row);
      }
    }
  }

  // The merge: symbols numbered at first use, code laid out 16-byte aligned, gaps filled with int3.
  const imports: ImportEntry[] = [];
  const importIndex = new Map<string, number>();
  const counterIndex = new Map<string, number>();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const placed: { offset: number; relocs: Int32Array }[] = [];
  const codeOffset = new Map<number, number>();
  let codeSymbols = 0;
  const ilMaps: { token: number; pairs: [number, number][] }[] = [];
  // The image's cell for `key`, made at its first use.
  const cell = (key: string, make: () => ImportEntry): number => {
    let i = importIndex.get(key);
    if (i === undefined) {
      i = imports.length;
      imports.push(make());
      importIndex.set(key, i);
    }
    return CELL_BASE + i;
  };
  const absorb = (js: JobSymbols, out: MethodOutcome) => {
    for (let i = js.cells.length; i < out.cellEnd; i++) {
      const c = js.result.cells[i]!;
      js.cells.push(cell(c.key, () => c.entry) - CELL_BASE);
    }
    for (let i = js.counters.length; i < out.counterEnd; i++) {
      const key = js.result.counters[i]!;
      let g = counterIndex.get(key);
      if (g === undefined) counterIndex.set(key, (g = counterIndex.size));
      js.counters.push(g);
    }
  };
  const codeSymbol = (js: JobSymbols, local: number): number => {
    let g = js.code.get(local);
    if (g === undefined) js.code.set(local, (g = CODE_BASE + codeSymbols++));
    return g;
  };
  const cellMark: number[] = [];
  let placedCount = 0;
  const place = (js: JobSymbols, entry: MethodEntry, out: MethodOutcome) => {
    if (out.backendError !== undefined) {
      entry.excluded = out.backendError;
      exclusions.set(out.fullName!, out.backendError);
      return;
    }
    const pad = (16 - (size % 16)) % 16;
    if (pad) chunks.push(new Uint8Array(pad).fill(0xcc));
    size += pad;
    entry.codeOffset = size;
    entry.codeSize = out.codeSize!;
    const relocs = out.relocs!;
    // The cells the method reads, in first-use order (cellMark: the last method that listed each).
    const cells: number[] = [];
    placedCount++;
    for (let i = 0; i < relocs.length; i += 4) {
      const sym = relocs[i + 2]!;
      let g = sym;
      if (sym >= CELL_BASE && sym < CODE_BASE) {
        const c = js.cells[sym - CELL_BASE]!;
        g = CELL_BASE + c;
        if (relocs[i + 1] === L.RELOC_REL32 && cellMark[c] !== placedCount) {
          cellMark[c] = placedCount;
          cells.push(c);
        }
      } else if (sym >= CODE_BASE && sym < PROF_BASE) g = codeSymbol(js, sym);
      else if (sym >= PROF_BASE && sym < IR.SYM_HELPER_BASE && sym - PROF_BASE < js.counters.length) g = PROF_BASE + js.counters[sym - PROF_BASE]!;
      relocs[i + 2] = g;
    }
    entry.cells = cells;
    entry.saved = out.saved;
    codeOffset.set(codeSymbol(js, out.symbol!), size);
    placed.push({ offset: size, relocs });
    if (out.ilPairs) ilMaps.push({ token: entry.token, pairs: out.ilPairs });
    chunks.push(out.code!);
    size += out.code!.length;
  };
  const expect = (res: JobResult, n: number) => {
    if (res.methods.length !== n) throw new Error(`internal: a compile job returned ${res.methods.length} methods for ${n}`);
  };

  // Generic instantiations the compiled code calls (List<int>.Add …): compiled after the
  // assembly's own methods, in the order they are first called, transitively, when every type
  // they name is in the bound closure.
  const queue: Candidate[] = [];
  const instSeen = new Set<string>();
  const typesSeen = new Set<string>();
  const consider = (cands: readonly Candidate[] | undefined) => {
    if (!cands) return;
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      if (instSeen.has(c.key)) continue;
      instSeen.add(c.key);
      if (c.ref !== null) queue.push(c);
      if (c.owner !== undefined && !typesSeen.has(c.owner)) {
        typesSeen.add(c.owner);
        consider(c.slots);
      }
    }
  };

  const ownJobs = split(ownRows, 2, (part) => ({ own: part }));
  let k = 0;
  for (const [j, res] of (await runner.run(spec, ownJobs)).entries()) {
    const js = new JobSymbols(res);
    expect(res, jobSize(ownJobs[j]!));
    for (let m = 0; m < res.methods.length; m++) {
      const out = res.methods[m]!;
      const entry = own[k]!;
      const td = ownRows[2 * k]!, row = ownRows[2 * k + 1]!;
      k++;
      absorb(js, out);
      if (out.importError !== undefined) {
        entry.excluded = out.importError;
        exclusions.set(nameOf(td, row), out.importError);
        continue;
      }
      consider(out.candidates);
      place(js, entry, out);
    }
  }

  // Debug and profile images hold the assembly's own methods only (they name no candidates).
  const instantiations: { token: number; key: string }[] = [];
  let q = 0;
  waves: while (q < queue.length && instantiations.length < MAX_INSTANTIATIONS) {
    const wave = queue.slice(q);
    const jobs = split(wave, 1, (part) => ({ instantiations: part.map((c) => c.ref!) }));
    for (const [j, res] of (await runner.run(spec, jobs)).entries()) {
      const js = new JobSymbols(res);
      expect(res, jobSize(jobs[j]!));
      for (let m = 0; m < res.methods.length; m++) {
        const out = res.methods[m]!;
        if (instantiations.length >= MAX_INSTANTIATIONS) break waves;
        const c = queue[q++]!;
        absorb(js, out);
        // Left to the JIT, which meets the same limit where it matters.
        if (out.importError !== undefined) continue;
        const entry: MethodEntry = { token: INSTANTIATION_TOKEN | (instantiations.length + 1), codeOffset: 0, codeSize: 0 };
        entries.push(entry);
        instantiations.push({ token: entry.token, key: c.key });
        consider(out.candidates);
        place(js, entry, out);
      }
    }
  }

  // Backend trap helpers are called directly; each gets a thunk `jmp [rip+cell]` after the code.
  const fixups: CodeFixup[] = [];
  const thunks = new Map<number, number>();
  const thunkFor = (sym: number): number => {
    let off = thunks.get(sym);
    if (off === undefined) {
      const pad = (8 - (size % 8)) % 8;
      if (pad) chunks.push(new Uint8Array(pad).fill(0xcc));
      size += pad;
      off = size;
      chunks.push(Uint8Array.from([0xff, 0x25, 0, 0, 0, 0, 0xcc, 0xcc]));
      size += 8;
      // The backend's trap helpers leave the trapping method through its frame: they are not the
      // importer's Throw* helpers (which return), so their cells have names of their own.
      const name = sym === IR.SYM_HELPER_BASE + IR.HELPER_THROW_OVERFLOW ? "TrapOverflow" : sym === IR.SYM_HELPER_BASE + IR.HELPER_THROW_DIVIDE_BY_ZERO ? "TrapDivideByZero" : `Trap${sym - IR.SYM_HELPER_BASE}`;
      const c = cell(`bh:${sym}`, () => ({ kind: ImportKind.Helper, assembly: -1, token: 0, name }));
      fixups.push({ offset: off + 2, kind: "rel32-cell", target: c - CELL_BASE, addend: -4 });
      thunks.set(sym, off);
    }
    return off;
  };
  const counters = counterIndex.size;
  for (let k = 0; k < placed.length; k++) {
    const p = placed[k]!;
    const relocs = p.relocs;
    for (let i = 0; i < relocs.length; i += 4) {
      const at = p.offset + relocs[i]!, kind = relocs[i + 1]!, symbol = relocs[i + 2]!, addend = relocs[i + 3]!;
      if (kind === L.RELOC_REL32) {
        if (symbol >= CELL_BASE && symbol < CODE_BASE) fixups.push({ offset: at, kind: "rel32-cell", target: symbol - CELL_BASE, addend });
        else if (symbol >= PROF_BASE && symbol < PROF_BASE + counters) fixups.push({ offset: at, kind: "rel32-prof", target: symbol - PROF_BASE, addend });
        else if (codeOffset.has(symbol)) fixups.push({ offset: at, kind: "rel32-code", target: codeOffset.get(symbol)!, addend });
        else if (symbol >= IR.SYM_HELPER_BASE) fixups.push({ offset: at, kind: "rel32-code", target: thunkFor(symbol), addend });
        else throw new Error(`internal: relocation to unknown symbol ${symbol}`);
      } else {
        const target = codeOffset.get(symbol);
        if (target === undefined) throw new Error(`internal: absolute relocation to unknown symbol ${symbol}`);
        fixups.push({ offset: at, kind: "abs64-code", target, addend });
      }
    }
  }
  const code = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    code.set(c, o);
    o += c.length;
  }
  const bytes = writeNativeImage({
    imageBase: r.pe.imageBase < 0x10000n ? 0x10000000n : alignBase(r.pe.imageBase),
    code,
    methods: entries,
    imports,
    fixups,
    identity: spec.identity,
    profileCounters: spec.profile ? Math.max(counters, 1) : 0,
    ilMaps: spec.debug ? ilMaps : undefined,
    instantiations,
  });
  const ownEntries = entries.filter((e) => e.token >>> 24 === Table.MethodDef);
  const compiled = ownEntries.filter((e) => e.excluded === undefined).length;
  const inst = entries.filter((e) => e.token >>> 24 !== Table.MethodDef && e.excluded === undefined).length;
  return { bytes, methods: { compiled, excluded: total - compiled, total }, instantiations: inst, exclusions, codeBytes: size };
}

/** PE32+ bases are 64 KiB aligned. */
function alignBase(b: bigint): bigint {
  return (b + 0xffffn) & ~0xffffn;
}
