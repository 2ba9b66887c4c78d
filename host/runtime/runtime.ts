/**
 * The JIT runtime: runs managed code in this process (Node, x86-64 Linux). It is the ImportEnv
 * the IL importer compiles against: method symbols are indirection cells, data items are
 * constants (addresses in this process).
 *
 * Life of a method: methodSymbol(md) gives it a runtime id, an 8-byte cell in the data area and
 * a prestub; the cell (and any vtable slot naming the method) holds the prestub's address until
 * the first call, when the prestub's callback imports, compiles, places and seals the code, and
 * writes its address into the cell and those slots. Only methods that run are compiled.
 *
 * Invariants:
 * - Every cell and vtable slot always holds a callable address (prestub, compiled code,
 *   intrinsic, or an unboxing stub).
 * - No JS exception crosses a native frame: every callback catches, records a FatalError (see
 *   errors.ts), makes the abort object pending and returns a harmless value (0, or the
 *   pending-return stub for prestubs and interface lookups).
 * - Exceptions are "pending": helpers store the exception object in the thread state and
 *   return; compiled code checks after each call. The abort object matches no type test, so
 *   no handler catches it.
 * - The managed heap is bump-allocated through regions of zeroed memory; the collector (gc.ts)
 *   frees unreachable objects when allocation needs room.
 */
import koffi from "koffi";
import { writeSync } from "node:fs";
import * as L from "../../core-as/shared/encoder-layout.js";
import * as IR from "../../core-as/shared/ir-layout.js";
import { compileBatch, BackendError, type BackendCore, type UnwindInfo } from "../codegen/backend.js";
import { decodeMethod, formatMethod, packBatch, type MethodBuilder, type VReg } from "../codegen/ir-builder.js";
import { BindError } from "../binder/binder.js";
import { Helper, type DataItem, type ImportEnv } from "../importer/env.js";
import { Table } from "../metadata/schema.js";
import { rowsWithAttribute } from "../metadata/custom-attributes.js";
import {
  ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, Layouts, OBJ_HEADER, STRING_CHARS_OFFSET, STRING_LENGTH_OFFSET,
} from "../typesystem/layout.js";
import type { TypeSystem } from "../typesystem/typesystem.js";
import { FieldDesc, Kind, MethodDesc, Module, TypeDesc, TypeLoadError } from "../typesystem/types.js";
import { VTables } from "../typesystem/vtable.js";
import * as A from "./abi.js";
import { ExitRequest, FatalError, OutOfMemoryError, UnsupportedError } from "./errors.js";
import { GreenThreads } from "./threads.js";
import { Collector } from "./gc.js";
import { describeException } from "./describe.js";
import { IntrinsicTable, type IntrinsicImpl } from "./intrinsics.js";
import { DllNotFoundError, libraryExists, pinvokeLibrary } from "./pinvoke.js";
import { LinkError, placeAndLink } from "./linker.js";
import { Reservation, type CodeBatch } from "./memory.js";
import { StubAssembler, PRESTUB_SIZE, UNWIND_SAVED_REGS } from "./stubs.js";
import { LoadedImage, type ImageHost, type MappedCode } from "./native-code.js";
import type { NativeImage } from "../image/native-image.js";
import type { DependencyIdentity } from "../install/identity-block.js";

/** importMethod of host/importer/importer.ts. */
export type ImportMethod = (env: ImportEnv, md: MethodDesc) => { words: Int32Array; callees?: readonly MethodDesc[] };

export interface RuntimeOptions {
  /** Managed heap size in bytes (default 1 GiB of address space; untouched pages cost nothing). */
  heapSize?: number;
  /** Collect after this many bytes of allocation at most (default: by the live size; small values stress the collector). */
  gcBudget?: number;
  codeSize?: number;
  dataSize?: number;
  /** The IL importer; without it only methods defined with defineMethod() can run. */
  importer?: ImportMethod | null;
  /** Binding/JIT log lines (NGEN_LOG=bind). */
  log?: ((line: string) => void) | null;
  /** Receives console output when flushed (default: written to file descriptor 1). */
  stdout?: (text: string) => void;
  /** Receives what the program writes to its standard error (default: file descriptor 2). */
  stderr?: (text: string) => void;
  /** Methods whose name contains `filter` have their IR and code listed through `write` when compiled. */
  /** Lists compiled methods whose name contains `filter`: their IR and, through `disassemble`, their code. */
  dumpCode?: { filter: string; write: (text: string) => void; disassemble: (code: Uint8Array, ip: number) => string } | null;
  /** Bytes of the localloc (stackalloc) region (default 1 MiB). */
  locallocSize?: number;
}

/** IR of a method made by hand (tests, runtime-provided bodies). */
export type MethodBody = (env: Runtime, symbol: number) => Int32Array;

export interface MethodEntry {
  id: number;
  md: MethodDesc | null;
  /** Display name: "Ns.Type::Method". */
  name: string;
  cell: number;
  prestub: number;
  /** Code address once compiled (or the intrinsic's address); 0 before. */
  code: number;
  /** Vtable slot addresses that still hold the prestub. */
  slotRefs: number[];
  body: MethodBody | null;
  intrinsic: boolean;
  /** An intrinsic that is another managed method: everything about this entry leads to that one. */
  redirect?: MethodEntry;
  /** Parameter and return IR types (for calls from JS); returnBuffer: `this` is the second argument. */
  sig: { params: number[]; ret: number; returnBuffer?: boolean } | null;
}

interface CodeRange {
  start: number;
  end: number;
  entry: MethodEntry;
  unwind: UnwindInfo;
}

const DEFAULT_HEAP = 1 << 30;
/** Stack kept free below the limit for trampolines, helpers and koffi's callback relay. */
const STACK_MARGIN = 256 << 10;
const POOL = 256;

/** Names of the runtime's exceptions, with Mono's default messages and HRESULTs. */
export const RUNTIME_EXCEPTIONS = {
  NullReference: ["System", "NullReferenceException", "Object reference not set to an instance of an object", 0x80004003],
  IndexOutOfRange: ["System", "IndexOutOfRangeException", "Index was outside the bounds of the array.", 0x80131508],
  InvalidCast: ["System", "InvalidCastException", "Specified cast is not valid.", 0x80004002],
  Overflow: ["System", "OverflowException", "Arithmetic operation resulted in an overflow.", 0x80131516],
  DivideByZero: ["System", "DivideByZeroException", "Attempted to divide by zero.", 0x80020012],
  ArrayTypeMismatch: ["System", "ArrayTypeMismatchException", "Attempted to access an element as a type incompatible with the array.", 0x80131503],
  OutOfMemory: ["System", "OutOfMemoryException", "Insufficient memory to continue the execution of the program.", 0x8007000e],
  EntryPointNotFound: ["System", "EntryPointNotFoundException", "Entry point was not found.", 0x80131523],
  StackOverflow: ["System", "StackOverflowException", "Operation caused a stack overflow.", 0x800703e9],
} as const;
export type RuntimeException = keyof typeof RUNTIME_EXCEPTIONS;

const IR_C_TYPE: Record<number, string> = {
  [IR.TY_I32]: "int32_t", [IR.TY_I64]: "int64_t", [IR.TY_PTR]: "uint64_t", [IR.TY_REF]: "uint64_t",
  [IR.TY_F32]: "float", [IR.TY_F64]: "double", [IR.TY_VOID]: "void",
};

/** "Ns.Type::Method" as .NET names the type (no assembly prefixes). */
export function displayMethod(md: MethodDesc): string {
  return `${clrTypeName(md.owner)}::${md.name}`;
}
/** A type's key without "[assembly]" prefixes. */
export function displayTypeKey(t: TypeDesc): string {
  return t.key.replace(/\[(?![,\]])[^\]]*\]/g, "");
}

/** A beforefieldinit .cctor run while compiling a method failed: the method's caller gets `exception`. */
class TypeInitAtCompileTime extends Error {
  constructor(readonly exception: number) {
    super("type initializer failed while compiling");
  }
}

export class Runtime implements ImportEnv, ImageHost {
  readonly layouts: Layouts;
  readonly vtables: VTables;
  readonly vtableOffset = A.MT_VTABLE;
  /** String constructors are factories (env.ts): see intrinsics.ts. */
  readonly stringConstructorFactories = true;
  readonly mem: Reservation;
  /** The managed heap's collector (gc.ts). */
  readonly gc: Collector;
  /** Where koffi's synchronous calls start on its stack: managed frames lie below (set once running). */
  stackTop = 0;
  /** Objects passed to managed code from JS, kept alive for the duration of the call. */
  private readonly pinned: number[] = [];
  /** Objects the JS side holds besides the runtime's own tables (threads, handles, ...). */
  private readonly rootSources: (() => Iterable<number>)[] = [];
  readonly threadState: number;
  readonly heapSize: number;
  private readonly stubs: StubAssembler;
  private readonly callbacks: bigint[] = [];
  private readonly methods: MethodEntry[] = [];
  private readonly byDesc = new Map<MethodDesc, MethodEntry>();
  private readonly byCell = new Map<number, MethodEntry>();
  private readonly prestubPools: { code: number; table: number }[] = [];
  /** Unboxing stub pools: [0] `this` in RDI, [1] `this` in RSI (methods with a return buffer). */
  private readonly unboxPools: { code: number; table: number }[][] = [[], []];
  private readonly unboxUsed = [0, 0];
  private readonly contextPools: { code: number; table: number }[] = [];
  private contextUsed = 0;
  private readonly unboxStubs = new Map<MethodEntry, number>();
  private readonly mts = new Map<TypeDesc, number>();
  private readonly mtTypes = new Map<number, TypeDesc>();
  private readonly statics = new Map<TypeDesc, number>();
  private readonly literals = new Map<string, number>();
  private readonly literalText = new Map<string, number>();
  private readonly literalCells = new Map<string, number>();
  private readonly ranges: CodeRange[] = [];
  private readonly helperCells = new Map<number, number>();
  private readonly trapStubs: number[] = [];
  private readonly castCache = new Map<string, boolean>();
  private readonly initFailures = new Map<number, number>();
  private readonly instanceFieldHandles = new Map<FieldDesc, number>();
  private readonly runtimeTypes = new Map<number, number>();
  private readonly runtimeTypeMTs = new Map<number, number>();
  private readonly protos = new Map<string, ReturnType<typeof koffi.proto>>();
  readonly intrinsics: IntrinsicTable;
  /** Managed threads (cooperative, see threads.ts). */
  readonly threads: GreenThreads;
  private readonly commonPrestub: number;
  /** Where prestubs and interface lookups send a call that must not run (an exception is pending). */
  readonly pendingReturn: number;
  private readonly abortObject: number;
  private fatalError: FatalError | null = null;
  private readonly importer: ImportMethod | null;
  private readonly log: ((line: string) => void) | null;
  private readonly out: ConsoleBuffer;
  private readonly stderrSink: ((text: string) => void) | null;
  /** Environment.ExitCode: the exit code when Main returns void. */
  exitCode = 0;
  /** Environment.GetCommandLineArgs(): the program's path, then its arguments. */
  commandLine: string[] = [];
  /** JIT figures: time spent importing and in the backend (nested compilations counted in both), code produced. */
  readonly stats = { importMs: 0, backendMs: 0, codeBytes: 0, irInsts: 0, prestubCalls: 0 };
  /** Methods compiled, in order (for logs and tests). */
  readonly compiled: string[] = [];
  /** Native images in use, by module. */
  private readonly images = new Map<Module, LoadedImage>();
  /** Methods whose code came from a native image. */
  imageMethods = 0;
  /** Valid native images not loaded yet, by assembly path: each loads (and attaches itself) when its code is first needed. */
  private readonly offered = new Map<string, (module: Module) => boolean>();
  private disposed = false;
  private readonly dumpCode: RuntimeOptions["dumpCode"];
  private started = false;
  private stackPointerStub = 0;

  constructor(readonly core: BackendCore, readonly ts: TypeSystem, options: RuntimeOptions = {}) {
    this.layouts = new Layouts(ts);
    this.vtables = new VTables(ts);
    this.heapSize = options.heapSize ?? DEFAULT_HEAP;
    this.importer = options.importer ?? null;
    this.log = options.log ?? null;
    this.out = new ConsoleBuffer(options.stdout ?? null);
    this.stderrSink = options.stderr ?? null;
    this.dumpCode = options.dumpCode ?? null;
    this.mem = new Reservation({ code: options.codeSize ?? 256 << 20, data: options.dataSize ?? 256 << 20, heap: this.heapSize });
    const heap = this.mem.heap;
    this.heapSize = heap.size;
    this.threadState = this.mem.data.alloc(A.TS_SIZE, 64);
    this.w64(this.threadState + A.TS_ALLOC_PTR, heap.base);
    this.w64(this.threadState + A.TS_ALLOC_LIMIT, heap.base + heap.size);
    this.gc = new Collector(this, heap, this.threadState, options.gcBudget);
    this.gc.start();
    const locallocSize = options.locallocSize ?? 1 << 20;
    const localloc = this.mem.data.alloc(locallocSize, 16);
    this.w64(this.threadState + A.TS_LOCALLOC_TOP, localloc);
    this.w64(this.threadState + A.TS_LOCALLOC_LIMIT, localloc + locallocSize);
    this.stubs = new StubAssembler(core);
    this.threads = new GreenThreads(this, (ex) => describeException(this, ex));
    this.intrinsics = new IntrinsicTable(this);

    // The abort object: a header-only object whose method table matches no type.
    const abortMT = this.mem.data.alloc(A.MT_HEADER_SIZE, 8);
    this.w32(abortMT + A.MT_FLAGS, A.MTF_UNCATCHABLE);
    this.w32(abortMT + A.MT_BASE_SIZE, OBJ_HEADER);
    this.abortObject = this.mem.data.alloc(OBJ_HEADER, 8);
    this.w64(this.abortObject, abortMT);

    const batch = this.mem.code.open();
    try {
      const jit = this.callback("uint64_t", ["int32_t"], (id: number) => this.onPrestub(id));
      this.commonPrestub = this.stubs.commonPrestub(batch, jit);
      this.pendingReturn = this.stubs.pendingReturn(batch);
      const trap = this.callback("void", ["int32_t", "uint64_t", "uint64_t"], (kind: number, ret: unknown, rbp: unknown) => this.onTrap(kind, Number(ret), Number(rbp)));
      for (let h = 0; h < IR.HELPER_COUNT; h++) this.trapStubs.push(this.stubs.trapHelper(batch, this.threadState, h, trap));
      this.installHelpers(batch);
      this.intrinsics.assemble(batch, this.stubs);
      this.stackPointerStub = this.stubs.stackPointer(batch);
    } finally {
      batch.seal();
    }
    this.started = true;
    this.setStackLimit();
  }

  // ---- ImportEnv ------------------------------------------------------------------------------
  methodSymbol(md: MethodDesc): number {
    return A.METHOD_SYMBOL_BASE + this.entry(md).id;
  }

  helperSymbol(h: Helper): number {
    if (!this.helperCells.has(h)) throw new TypeLoadError(`runtime helper ${h} does not exist`);
    return A.HELPER_SYMBOL_BASE + h;
  }

  dataAddress(b: MethodBuilder, item: DataItem): VReg {
    return b.const(IR.TY_PTR, this.dataItemAddress(item));
  }

  /** RuntimeFieldHandle: the address of the field's storage (its initial data for RVA fields). */
  fieldHandle(b: MethodBuilder, field: FieldDesc): VReg {
    return b.const(IR.TY_PTR, this.fieldAddress(field));
  }

  /** A static field's initial data: the statics block holds a copy of it (see staticsBlock). */
  fieldData(b: MethodBuilder, field: FieldDesc): VReg {
    if (!field.hasRva) throw new TypeLoadError(`${field.fullName} has no initial data`);
    return b.const(IR.TY_PTR, this.fieldAddress(field));
  }

  /** RuntimeMethodHandle: the method's indirection cell. */
  methodHandle(b: MethodBuilder, md: MethodDesc): VReg {
    return b.const(IR.TY_PTR, this.entry(md).cell);
  }

  private fieldAddress(field: FieldDesc): number {
    if (!field.isStatic) {
      // Instance fields have no storage of their own: a unique word stands for the handle.
      let h = this.instanceFieldHandles.get(field);
      if (h === undefined) {
        h = this.mem.data.alloc(8, 8);
        this.instanceFieldHandles.set(field, h);
      }
      return h;
    }
    this.layouts.of(field.owner);
    return this.staticsBlock(field.owner) + field.offset;
  }

  dataItemAddress(item: DataItem): number {
    switch (item.kind) {
      case "methodTable":
        return this.methodTable(item.type);
      case "statics":
        this.initializeAtCompileTime(item.type);
        return this.staticsBlock(item.type);
      case "string":
        return this.stringLiteralCell(item.module, item.token);
      case "threadState":
        return this.threadState;
    }
  }

  // ---- Methods ----------------------------------------------------------------------------------
  /** The runtime entry of `md` (created with a cell and a prestub on first request). */
  entry(md: MethodDesc): MethodEntry {
    let e = this.byDesc.get(md);
    if (e) return e;
    const intrinsic = this.intrinsics.lookup(md);
    e = this.newEntry(displayMethod(md), md, null, intrinsic);
    this.byDesc.set(md, e);
    return e;
  }

  /** The entry of a core-library method named by an intrinsic key ("Ns.Type::Name(params)"). */
  private intrinsicTarget(key: string): MethodEntry {
    const m = /^(.*)\.([^.]+)::([^(]+)\((.*)\)$/.exec(key);
    if (!m) throw new FatalError("internal", `bad intrinsic target ${key}`);
    const t = this.ts.corlibType(m[1]!, m[2]!);
    const md = this.ts.methodsOf(t).find((x) => x.name === m[3] && x.sig.params.map(displayTypeKey).join(",") === m[4]);
    if (!md) throw new FatalError("internal", `no method ${key} in the core library`);
    return this.entry(md);
  }

  /** A method whose IR `body` builds (tests and runtime-provided code); returns its symbol. */
  defineMethod(name: string, params: readonly number[], ret: number, body: MethodBody): number {
    const e = this.newEntry(name, null, body, null);
    e.sig = { params: [...params], ret };
    return A.METHOD_SYMBOL_BASE + e.id;
  }

  /** The entry behind a method symbol. */
  entryOfSymbol(symbol: number): MethodEntry {
    const e = this.methods[symbol - A.METHOD_SYMBOL_BASE];
    if (!e) throw new LinkError(`no method has symbol ${symbol}`);
    return e;
  }

  private newEntry(name: string, md: MethodDesc | null, body: MethodBody | null, intrinsic: IntrinsicImpl | null): MethodEntry {
    const id = this.methods.length;
    const cell = this.mem.data.alloc(8, 8);
    const prestub = this.prestubAddress(id);
    const e: MethodEntry = { id, md, name, cell, prestub, code: 0, slotRefs: [], body, intrinsic: intrinsic !== null, sig: null };
    if (md) e.sig = this.irSignature(md);
    this.methods.push(e);
    this.byCell.set(cell, e);
    if (intrinsic?.kind === "redirect") {
      // The entry stands for its target: cell, slots and prestub all lead to the target's code.
      e.redirect = this.intrinsicTarget(intrinsic.target);
      this.refer(cell, e.redirect);
      return e;
    }
    if (intrinsic) e.code = this.intrinsics.address(intrinsic);
    this.w64(cell, e.code || prestub);
    return e;
  }

  private prestubAddress(id: number): number {
    const pool = Math.floor(id / POOL);
    while (this.prestubPools.length <= pool) {
      const table = this.mem.data.alloc(POOL * 8, 8);
      for (let k = 0; k < POOL; k++) this.w64(table + 8 * k, this.commonPrestub);
      const batch = this.mem.code.open();
      try {
        this.prestubPools.push({ code: this.stubs.prestubPool(batch, this.prestubPools.length * POOL, POOL, table), table });
      } finally {
        batch.seal();
      }
    }
    return this.prestubPools[pool]!.code + (id % POOL) * PRESTUB_SIZE;
  }

  /** A stub that adds the object header to `this` and calls through the method's cell (value-type virtuals on boxed values). */
  private unboxingStub(e: MethodEntry): number {
    const known = this.unboxStubs.get(e);
    if (known) return known;
    // With a return buffer, `this` is the second argument.
    const kind = e.sig?.returnBuffer ? 1 : 0;
    const k = this.unboxUsed[kind]++;
    const pools = this.unboxPools[kind]!;
    const pool = Math.floor(k / POOL);
    while (pools.length <= pool) {
      const table = this.mem.data.alloc(POOL * 8, 8);
      const batch = this.mem.code.open();
      try {
        pools.push({ code: this.stubs.unboxPool(batch, table, POOL, kind === 1 ? L.REG_RSI : L.REG_RDI), table });
      } finally {
        batch.seal();
      }
    }
    const p = pools[pool]!;
    this.w64(p.table + (k % POOL) * 8, e.cell);
    const addr = p.code + (k % POOL) * PRESTUB_SIZE;
    this.unboxStubs.set(e, addr);
    return addr;
  }

  /**
   * A thunk that calls native code `target` with EDI = a fresh id; returns the thunk's address and
   * the id (for methods without arguments whose shared implementation needs to know which one ran).
   */
  contextThunk(target: number): { address: number; id: number } {
    const k = this.contextUsed++;
    const pool = Math.floor(k / POOL);
    while (this.contextPools.length <= pool) {
      const table = this.mem.data.alloc(POOL * 8, 8);
      const batch = this.mem.code.open();
      try {
        this.contextPools.push({ code: this.stubs.contextPool(batch, table, this.contextPools.length * POOL, POOL), table });
      } finally {
        batch.seal();
      }
    }
    const p = this.contextPools[pool]!;
    this.w64(p.table + (k % POOL) * 8, target);
    return { address: p.code + (k % POOL) * PRESTUB_SIZE, id: k };
  }

  /** The prestub's callback: compiles method `id` and returns where the call continues. */
  private onPrestub(id: number): number {
    this.stats.prestubCalls++;
    try {
      if (this.fatalError) {
        this.pendingException = this.abortObject;
        return this.pendingReturn;
      }
      const e = this.methods[id];
      if (!e) throw new FatalError("internal", `prestub for unknown method id ${id}`);
      if (e.code) return e.code;
      if (e.redirect) return this.onPrestub(e.redirect.id);
      if (e.md) {
        this.beforeFirstCall(e.md);
        if (this.pendingException !== 0) return this.pendingReturn;
        if (e.code) return e.code;
        if ((this.images.size || this.offered.size) && this.takeImageCode(e)) return e.code;
        if (this.fatalError || this.pendingException !== 0) return this.pendingReturn;
      }
      this.compile(e);
      if (this.fatalError) return this.pendingReturn;
      return e.code;
    } catch (x) {
      if (x instanceof TypeInitAtCompileTime && !this.fatalError) {
        this.pendingException = x.exception;
        return this.pendingReturn;
      }
      // A missing assembly is the program's exception, as in .NET (raised where the code that
      // needs it is first called), not the compiler's limit.
      if (x instanceof DllNotFoundError && !this.fatalError) {
        try {
          // Mono's message names the library and, oddly, no assembly, type or member.
          const t = this.ts.corlibType("System", "DllNotFoundException");
          this.pendingException = this.newException(t, `${x.library} assembly:<unknown assembly> type:<unknown type> member:(null)`, 0x80131524);
          return this.pendingReturn;
        } catch (y) {
          x = y;
        }
      }
      const bind = x instanceof BindError ? x : x instanceof UnsupportedError && x.cause instanceof BindError ? x.cause : null;
      if (bind && !this.fatalError) {
        try {
          this.raiseFileNotFound(bind.reference);
          return this.pendingReturn;
        } catch (y) {
          x = y;
        }
      }
      this.abort(x);
      return this.pendingReturn;
    }
  }

  /**
   * Uses the method's code from a native image when there is one: its assembly's image lists it
   * with code (not excluded), or, for a generic instantiation, a loaded image holds that
   * instantiation (its assembly's image is loaded first). Its cells are bound first; a cell that cannot be bound leaves the method to the JIT, which meets the same
   * problem where it would have anyway. Intrinsics never get here: their entries have code.
   */
  private takeImageCode(e: MethodEntry): boolean {
    const md = e.md!;
    let li = this.images.get(md.module);
    if (!li) {
      const load = this.offered.get(md.module.path);
      if (load) {
        this.offered.delete(md.module.path);
        if (load(md.module)) li = this.images.get(md.module);
      }
    }
    let found: { address: number; index: number } | { excluded: string } | null = null;
    if (md.owner.args.length || md.methodArgs.length) {
      // A generic instantiation: compiled into the image of an assembly whose code uses it, if any.
      for (const img of this.images.values()) {
        found = img.instantiationOf(md);
        if (found) {
          li = img;
          break;
        }
      }
    } else if (li) found = li.codeOf(md);
    if (!li || !found) return false;
    if ("excluded" in found) {
      this.log?.(`JIT: ${e.name}: excluded from the native image: ${found.excluded}`);
      return false;
    }
    const outer = this.pendingException;
    try {
      li.bindMethod(found.index);
    } catch (x) {
      if (x instanceof TypeInitAtCompileTime) throw x;
      if (this.fatalError) return false;
      this.pendingException = outer;
      this.log?.(`JIT: ${e.name}: the native image's imports cannot be bound (${x instanceof Error ? x.message : String(x)})`);
      return false;
    }
    if (this.fatalError || this.pendingException !== outer) return false;
    this.setCode(e, found.address);
    li.methodsRun++;
    this.imageMethods++;
    return true;
  }

  /**
   * Uses a mapped native image for `module` (validated by the caller: its identity is the one
   * an install would compute now). `dependencies` are the image's, as its identity lists them.
   */
  attachImage(module: Module, file: string, image: NativeImage, mapped: MappedCode, dependencies: readonly DependencyIdentity[]): LoadedImage {
    if (this.images.has(module)) throw new FatalError("internal", `${module.name} already has a native image`);
    const li = new LoadedImage(this, module, file, image, mapped, dependencies);
    this.images.set(module, li);
    return li;
  }

  /** Offers a valid native image for the assembly at `path`; `load` maps and attaches it (attachImage) when its code is first needed, false when it cannot. */
  offerImage(path: string, load: (module: Module) => boolean): void {
    this.offered.set(path, load);
  }

  /** Whether a valid image for the assembly at `path` was offered and is not loaded (none of its code was needed). */
  hasUnusedImage(path: string): boolean {
    return this.offered.has(path);
  }

  /** The native image in use for `module`, if any. */
  imageOf(module: Module): LoadedImage | null {
    return this.images.get(module) ?? null;
  }

  // ---- ImageHost ----------------------------------------------------------------------------------
  bindMethodCell(at: number, md: MethodDesc): void {
    const e = this.entry(md);
    this.refer(at, e.redirect ?? e);
  }
  methodCellOf(md: MethodDesc): number {
    return this.entry(md).cell;
  }
  staticsFor(t: TypeDesc): number {
    return this.dataItemAddress({ kind: "statics", type: t });
  }
  fieldStorage(f: FieldDesc): number {
    return this.fieldAddress(f);
  }
  helperAddress(h: Helper): number {
    return this.r64(this.helperCell(h));
  }
  trapStub(h: number): number {
    const s = this.trapStubs[h];
    if (s === undefined) throw new TypeLoadError(`backend trap helper ${h} does not exist`);
    return s;
  }

  /**
   * Type initialisation at a method's first call: the .cctor of its type runs before any of the
   * type's methods is entered (precise semantics for static methods and constructors; early but
   * allowed for beforefieldinit types). Compiled code relies on it: a method does not initialise
   * its own type before touching its statics.
   */
  private beforeFirstCall(md: MethodDesc): void {
    if (md.isStaticConstructor) return;
    const t = md.owner;
    if (!t.module || t.kind === Kind.SzArray || t.kind === Kind.Array) return;
    if (!this.typeHasCctor(t)) return;
    this.runClassConstructor(this.methodTable(t));
  }

  private compile(e: MethodEntry): void {
    const t0 = performance.now();
    const words = e.body ? this.buildBody(e, e.body) : this.importBody(e);
    const t1 = performance.now();
    const [res] = compileBatch(this.core, packBatch([words]), 1);
    this.stats.importMs += t1 - t0;
    this.stats.backendMs += performance.now() - t1;
    if (!res) throw new FatalError("internal", `backend returned no result for ${e.name}`);
    if (res instanceof BackendError) throw new UnsupportedError(e.name, `the compiler cannot handle it (${res.message.replace(/^method \d+: /, "")})`);
    const batch = this.mem.code.open();
    let at: number;
    try {
      at = placeAndLink(batch, res.code, res.relocs, (s) => this.resolveSymbol(s));
    } finally {
      batch.seal();
    }
    this.ranges.push({ start: at, end: at + res.code.length, entry: e, unwind: res.unwind });
    this.setCode(e, at);
    this.compiled.push(e.name);
    this.stats.codeBytes += res.code.length;
    this.stats.irInsts += res.stats.irInsts;
    this.log?.(`JIT: compiled ${e.name} (${res.stats.codeBytes} bytes of code, ${res.stats.irInsts} IR instructions)`);
    const dump = this.dumpCode;
    if (dump && e.name.includes(dump.filter)) {
      dump.write(`== ${e.name} IR\n${formatMethod(decodeMethod(words))}\n== ${e.name} code at 0x${at.toString(16)}\n${dump.disassemble(res.code, at)}\n`);
    }
  }

  private buildBody(e: MethodEntry, body: MethodBody): Int32Array {
    try {
      return body(this, A.METHOD_SYMBOL_BASE + e.id);
    } catch (x) {
      if (x instanceof FatalError || x instanceof TypeInitAtCompileTime) throw x;
      throw new UnsupportedError(e.name, x instanceof Error ? x.message : String(x));
    }
  }

  private importBody(e: MethodEntry): Int32Array {
    const md = e.md!;
    if (md.isAbstract) throw new UnsupportedError(e.name, "abstract method called");
    if (md.isPInvoke) {
      const lib = pinvokeLibrary(md);
      if (lib !== null && !libraryExists(lib)) throw new DllNotFoundError(lib);
      throw new UnsupportedError(e.name, "platform invoke (DllImport) is not supported");
    }
    if (md.isInternalCall) throw new UnsupportedError(e.name, "internal call without a runtime implementation");
    // Runtime-implemented methods without IL (delegates' constructor and Invoke) are the importer's to synthesize.
    if (!this.importer) throw new UnsupportedError(e.name, "no IL importer is available");
    try {
      return this.importer(this, md).words;
    } catch (x) {
      if (x instanceof FatalError || x instanceof TypeInitAtCompileTime) throw x;
      // The importer's ImportError carries the reason apart from its own "not supported: …" text.
      if (x instanceof BindError) throw x;
      const reason = x instanceof Error && typeof (x as { reason?: unknown }).reason === "string" ? (x as unknown as { reason: string }).reason : x instanceof Error ? x.message : String(x);
      throw new UnsupportedError(e.name, reason);
    }
  }

  private setCode(e: MethodEntry, at: number): void {
    e.code = at;
    this.w64(e.cell, at);
    // The prestub itself now leads to the code (for addresses taken before compilation).
    this.w64(this.prestubPools[Math.floor(e.id / POOL)]!.table + (e.id % POOL) * 8, at);
    for (const s of e.slotRefs) this.w64(s, at);
    e.slotRefs.length = 0;
  }

  private resolveSymbol(s: number): number {
    if (s >= IR.SYM_HELPER_BASE && s < IR.SYM_HELPER_BASE + IR.HELPER_COUNT) return this.trapStubs[s - IR.SYM_HELPER_BASE]!;
    if (s >= A.HELPER_SYMBOL_BASE) {
      const c = this.helperCells.get(s - A.HELPER_SYMBOL_BASE);
      if (c === undefined) throw new LinkError(`unknown helper symbol ${s}`);
      return c;
    }
    return this.entryOfSymbol(s).cell;
  }

  /** The compiled method whose code contains `address`. */
  methodAt(address: number): CodeRange | null {
    let lo = 0, hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (address < r.start) hi = mid - 1;
      else if (address >= r.end) lo = mid + 1;
      else return r;
    }
    return null;
  }

  // ---- Calling convention ---------------------------------------------------------------------------
  /** An enum's underlying primitive, any other type unchanged. */
  underlyingType(t: TypeDesc): TypeDesc {
    if (t.kind !== Kind.ValueType) return t;
    const base = this.ts.baseType(t);
    if (!base || base.key !== "[mscorlib]System.Enum") return t;
    return this.ts.fieldsOf(t).find((f) => !f.isStatic)?.type ?? t;
  }

  /** Value types other than enums and primitives: passed and returned through memory. */
  isStruct(t: TypeDesc): boolean {
    const u = this.underlyingType(t);
    return u.kind === Kind.ValueType || u.kind === Kind.TypedRef;
  }

  /** The IR type a value of `t` travels in (arguments, returns); structs travel as their address. */
  irTypeOf(t: TypeDesc): number {
    const u = this.underlyingType(t);
    switch (u.kind) {
      case Kind.Void: return IR.TY_VOID;
      case Kind.Boolean: case Kind.Char: case Kind.I1: case Kind.U1: case Kind.I2: case Kind.U2: case Kind.I4: case Kind.U4:
        return IR.TY_I32;
      case Kind.I8: case Kind.U8: return IR.TY_I64;
      case Kind.R4: return IR.TY_F32;
      case Kind.R8: return IR.TY_F64;
      case Kind.ValueType: case Kind.TypedRef: case Kind.I: case Kind.U: case Kind.Ptr: case Kind.ByRef: case Kind.FnPtr:
        return IR.TY_PTR;
      default:
        return IR.TY_REF;
    }
  }

  /**
   * A method's native signature as compiled code sees it: [return buffer] [this] parameters;
   * a struct result goes through the return buffer (the method returns nothing).
   */
  irSignature(md: MethodDesc): { params: number[]; ret: number; returnBuffer: boolean } {
    if (md.owner.kind === Kind.String && md.isConstructor) {
      return { params: md.sig.params.map((p) => this.irTypeOf(p)), ret: IR.TY_REF, returnBuffer: false };
    }
    const rt = md.sig.returnType;
    const returnBuffer = this.isStruct(rt);
    const params: number[] = [];
    if (returnBuffer) params.push(IR.TY_PTR);
    if (md.sig.hasThis) params.push(md.owner.isValueType ? IR.TY_PTR : IR.TY_REF);
    for (const p of md.sig.params) params.push(this.irTypeOf(p));
    return { params, ret: returnBuffer ? IR.TY_VOID : this.irTypeOf(rt), returnBuffer };
  }

  // ---- Calls from JS into managed code ------------------------------------------------------------
  /** Calls a method (by symbol or MethodDesc) with JS values; returns its result. */
  invoke(target: number | MethodDesc, args: readonly (number | bigint)[] = []): number | bigint | undefined {
    const e = typeof target === "number" ? this.entryOfSymbol(target) : this.entry(target);
    if (!e.sig) throw new FatalError("internal", `${e.name} has no known signature`);
    return this.callAddress(this.r64(e.cell), e.sig.ret, e.sig.params, args);
  }

  /**
   * Managed code runs on koffi's stack for synchronous calls (nested calls from callbacks use
   * what is left of it below the caller's frames). The limit is that stack's bottom plus a
   * margin for the trampolines and helpers that run below the last managed frame. Measured
   * from a top-level call (the constructor never runs inside a callback), so near the top.
   */
  private setStackLimit(): void {
    const sp = this.callAddress(this.stackPointerStub, IR.TY_PTR, [], []) as number;
    this.stackTop = sp;
    const size = (koffi.config() as { sync_stack_size: number }).sync_stack_size;
    this.w64(this.threadState + A.TS_STACK_LIMIT, sp - size + STACK_MARGIN);
  }

  /** Calls native code at `address` with the SysV convention of the given IR types. */
  callAddress(address: number, ret: number, params: readonly number[], args: readonly (number | bigint)[]): number | bigint | undefined {
    const key = `${ret}(${params.join(",")})`;
    let proto = this.protos.get(key);
    if (!proto) {
      proto = koffi.proto(IR_C_TYPE[ret]!, params.map((p) => IR_C_TYPE[p]!));
      this.protos.set(key, proto);
    }
    const conv = params.map((p, i) => {
      const a = args[i] ?? 0;
      return p === IR.TY_I64 ? BigInt.asIntN(64, BigInt(a)) : p === IR.TY_PTR || p === IR.TY_REF ? BigInt.asUintN(64, BigInt(a)) : Number(a);
    });
    const pins = this.pinned.length;
    params.forEach((p, i) => {
      if (p === IR.TY_REF || p === IR.TY_PTR) this.pinned.push(Number(args[i] ?? 0));
    });
    let v: unknown;
    try {
      v = koffi.call(BigInt(address), proto, ...conv) as unknown;
    } finally {
      this.pinned.length = pins;
    }
    if (ret === IR.TY_VOID) return undefined;
    if (ret === IR.TY_I32) return Number(v) | 0;
    if (ret === IR.TY_I64) return BigInt.asIntN(64, BigInt(v as number));
    if (ret === IR.TY_PTR || ret === IR.TY_REF) return Number(BigInt.asUintN(64, BigInt(v as number)));
    return Number(v);
  }

  /** Calls the virtual method in `slot` of `obj`'s type with (obj, …args). */
  callVirtual(obj: number, slot: number, ret: number, params: readonly number[], args: readonly (number | bigint)[]): number | bigint | undefined {
    const mt = this.r64(obj);
    return this.callAddress(this.r64(mt + A.MT_VTABLE + 8 * slot), ret, params, [obj, ...args]);
  }

  // ---- Callbacks ----------------------------------------------------------------------------------
  /**
   * Registers a JS function as native code; every call is guarded (see the file's invariants).
   * Only while the runtime is built: koffi records the stack a callback may be entered on at
   * registration, so none may be registered while managed code is running.
   */
  callback(ret: string, params: readonly string[], fn: (...args: never[]) => unknown): number {
    if (this.started) throw new FatalError("internal", "callbacks must be registered when the runtime is built");
    const safe = (...args: unknown[]) => {
      try {
        const r = (fn as (...a: unknown[]) => unknown)(...args);
        // A callback that raised an exception may return nothing: the caller reads a zero then
        // (koffi cannot convert `undefined` to a number and would end the process).
        return r === undefined && ret !== "void" ? 0 : r;
      } catch (x) {
        if (x instanceof NullAccess) {
          try {
            this.raise("NullReference");
          } catch (y) {
            this.abort(y);
          }
          return ret === "void" ? undefined : 0;
        }
        this.abort(x);
        return ret === "void" ? undefined : 0;
      }
    };
    const p = koffi.register(safe, koffi.pointer(koffi.proto(ret, [...params])));
    this.callbacks.push(p);
    return Number(p);
  }

  // ---- Failure ------------------------------------------------------------------------------------
  /** Records why the program stops and makes the abort object pending (first failure wins). */
  abort(x: unknown): void {
    if (!this.fatalError) {
      this.fatalError = x instanceof FatalError ? x : new FatalError("internal", `internal error: ${x instanceof Error ? x.stack ?? x.message : String(x)}`);
    }
    this.pendingException = this.abortObject;
  }

  get fatal(): FatalError | null {
    return this.fatalError;
  }

  get pendingException(): number {
    return this.r64(this.threadState + A.TS_PENDING_EXCEPTION);
  }
  set pendingException(v: number) {
    this.w64(this.threadState + A.TS_PENDING_EXCEPTION, v);
  }
  isAbortObject(obj: number): boolean {
    return obj === this.abortObject;
  }

  // ---- Traps from compiled code -----------------------------------------------------------------
  private onTrap(kind: number, ret: number, rbp: number): void {
    // Raise first: a failure to build the exception still leaves something pending.
    try {
      this.raise(kind === IR.HELPER_THROW_DIVIDE_BY_ZERO ? "DivideByZero" : "Overflow");
    } catch (x) {
      this.abort(x);
    }
    let saved: readonly { reg: number; rbpOffset: number }[] | null = this.methodAt(ret)?.unwind.saved ?? null;
    for (const li of this.images.values()) saved ??= li.savedRegistersAt(ret);
    if (!saved) {
      this.abort(new FatalError("internal", `trap from unknown code at 0x${ret.toString(16)}`));
      return;
    }
    for (const s of saved) {
      const k = UNWIND_SAVED_REGS.indexOf(s.reg);
      if (k < 0) continue;
      this.w64(this.threadState + A.TS_SAVED_REGS + 8 * k, this.r64(rbp + s.rbpOffset));
    }
  }

  // ---- Helpers ------------------------------------------------------------------------------------
  private installHelpers(batch: CodeBatch): void {
    const ts = this.threadState;
    const set = (h: Helper, address: number) => {
      const cell = this.mem.data.alloc(8, 8);
      this.w64(cell, address);
      this.helperCells.set(h, cell);
    };
    const slowObj = this.callback("uint64_t", ["uint64_t", "uint64_t"], (mt: unknown) => this.allocObjectOf(Number(mt), true));
    set(Helper.NewObject, this.stubs.newObject(batch, ts, slowObj));
    const slowArr = this.callback("uint64_t", ["uint64_t", "int64_t"], (mt: unknown, len: unknown) => this.allocArrayOf(Number(mt), Number(len), true));
    set(Helper.NewArray, this.stubs.newArray(batch, ts, slowArr));
    set(Helper.Throw, this.callback("void", ["uint64_t"], (obj: unknown) => this.throwObject(Number(obj))));
    const raiser = (name: RuntimeException) => this.callback("void", [], () => this.raise(name));
    set(Helper.ThrowStackOverflow, raiser("StackOverflow"));
    set(Helper.ThrowNullReference, raiser("NullReference"));
    set(Helper.ThrowIndexOutOfRange, raiser("IndexOutOfRange"));
    set(Helper.ThrowInvalidCast, raiser("InvalidCast"));
    set(Helper.ThrowOverflow, raiser("Overflow"));
    set(Helper.ThrowDivideByZero, raiser("DivideByZero"));
    set(Helper.ThrowArrayTypeMismatch, raiser("ArrayTypeMismatch"));
    const isInstSlow = this.callback("uint64_t", ["uint64_t", "uint64_t"], (mt: unknown, obj: unknown) => (this.isInstanceOf(Number(obj), Number(mt)) ? Number(obj) : 0));
    set(Helper.IsInstanceOf, this.stubs.isInstanceOf(batch, isInstSlow, true));
    const castSlow = this.callback("uint64_t", ["uint64_t", "uint64_t"], (mt: unknown, obj: unknown) => {
      const o = Number(obj);
      if (o === 0 || this.isInstanceOf(o, Number(mt))) return o;
      // The importer casts to a value type only to unbox, where an enum and its underlying
      // type are interchangeable (ECMA-335 III.4.32; the library's UnsafeMov relies on it).
      if (this.r32(Number(mt) + A.MT_FLAGS) & A.MTF_VALUE_TYPE && this.sameUnderlying(this.r64(o), Number(mt))) return o;
      this.raise("InvalidCast");
      return 0;
    });
    set(Helper.CastClass, this.stubs.isInstanceOf(batch, castSlow));
    set(Helper.CheckArrayStore, this.callback("void", ["uint64_t", "uint64_t"], (arr: unknown, value: unknown) => this.checkArrayStore(Number(arr), Number(value))));
    set(Helper.RunClassConstructor, this.callback("void", ["uint64_t"], (mt: unknown) => this.runClassConstructor(Number(mt))));
    set(Helper.NewMDArray, this.callback("uint64_t", ["uint64_t", "uint64_t"], (mt: unknown, lengths: unknown) => this.allocMDArray(Number(mt), Number(lengths), true)));
    set(Helper.GenericVirtualLookup, this.callback("uint64_t", ["uint64_t", "uint64_t"], (obj: unknown, handle: unknown) => {
      try {
        return this.genericVirtualLookup(Number(obj), Number(handle));
      } catch (x) {
        this.abort(x);
        return this.pendingReturn;
      }
    }));
    // Interface calls find their code in machine code; the JS path handles variance and
    // failures. A lookup never returns 0: callers call the result before testing for exceptions.
    const ifaceSlow = this.callback("uint64_t", ["uint64_t", "uint64_t", "int32_t"], (obj: unknown, iface: unknown, index: number) => {
      try {
        return this.interfaceLookup(Number(obj), Number(iface), index);
      } catch (x) {
        this.abort(x);
        return this.pendingReturn;
      }
    });
    set(Helper.InterfaceLookup, this.stubs.interfaceLookup(batch, ifaceSlow));
  }

  /** Makes `obj` the pending exception (throw null raises NullReferenceException). */
  throwObject(obj: number): void {
    if (obj === 0) this.raise("NullReference");
    else this.pendingException = obj;
  }

  /** Allocates one of the runtime's exceptions with Mono's message and makes it pending. */
  raise(kind: RuntimeException, message?: string): number {
    const [ns, name, defaultMessage, hresult] = RUNTIME_EXCEPTIONS[kind];
    const ex = this.newException(this.ts.corlibType(ns, name), message ?? defaultMessage, hresult);
    this.pendingException = ex;
    return ex;
  }

  /** FileNotFoundException for an assembly that cannot be bound, with Mono's message. */
  private raiseFileNotFound(reference: string): void {
    const t = this.ts.corlibType("System.IO", "FileNotFoundException");
    const ex = this.newException(t, `Could not load file or assembly '${reference}' or one of its dependencies.`, 0x80070002);
    this.w64(ex + this.fieldOffset(t, "<FileName>k__BackingField"), this.internString(reference));
    this.pendingException = ex;
  }

  /** An exception object of type `t` with _message (and _HResult) set; its constructor does not run. */
  newException(t: TypeDesc, message: string | null, hresult = 0x80131500, inner = 0): number {
    const ex = this.allocObject(t);
    const exType = this.ts.corlibType("System", "Exception");
    if (message !== null) this.w64(ex + this.fieldOffset(exType, "_message"), this.internString(message));
    this.w32(ex + this.fieldOffset(exType, "_HResult"), hresult | 0);
    if (inner) this.w64(ex + this.fieldOffset(exType, "_innerException"), inner);
    return ex;
  }

  /** Byte offset of instance or static field `name` declared by `t`. */
  fieldOffset(t: TypeDesc, name: string): number {
    this.layouts.of(t);
    const f = this.ts.fieldsOf(t).find((x) => x.name === name);
    if (!f || f.offset < 0) throw new FatalError("internal", `${displayTypeKey(t)} has no field ${name}`);
    return f.offset;
  }

  /** Whether an object is an instance of the type of method table `target` (casting rules, array covariance). */
  isInstanceOf(obj: number, target: number): boolean {
    if (obj === 0) return false;
    return this.isAssignable(this.r64(obj), target);
  }

  /** Whether a value of the type of method table `from` can be stored where `to` is expected. */
  isAssignable(from: number, to: number): boolean {
    if (from === to) return (this.r32(from + A.MT_FLAGS) & A.MTF_UNCATCHABLE) === 0;
    const key = `${from}:${to}`;
    const hit = this.castCache.get(key);
    if (hit !== undefined) return hit;
    const v = this.computeAssignable(from, to);
    this.castCache.set(key, v);
    return v;
  }

  private computeAssignable(from: number, to: number): boolean {
    const ff = this.r32(from + A.MT_FLAGS), tf = this.r32(to + A.MT_FLAGS);
    if (ff & A.MTF_UNCATCHABLE) return false;
    if (tf & A.MTF_INTERFACE) {
      const n = this.r32(from + A.MT_NUM_INTERFACES), map = this.r64(from + A.MT_INTERFACE_MAP);
      for (let i = 0; i < n; i++) if (this.r64(map + i * A.IMAP_ENTRY_SIZE + A.IMAP_INTERFACE) === to) return true;
      for (let i = 0; i < n; i++) if (this.variantAssignable(this.r64(map + i * A.IMAP_ENTRY_SIZE + A.IMAP_INTERFACE), to)) return true;
      return (ff & A.MTF_INTERFACE) !== 0 && this.variantAssignable(from, to);
    }
    if (tf & ff & A.MTF_DELEGATE && this.variantAssignable(from, to)) return true;
    if (tf & (A.MTF_SZARRAY | A.MTF_MDARRAY)) {
      if ((ff & (A.MTF_SZARRAY | A.MTF_MDARRAY)) !== (tf & (A.MTF_SZARRAY | A.MTF_MDARRAY))) return false;
      if (this.r32(from + A.MT_RANK) !== this.r32(to + A.MT_RANK)) return false;
      const fe = this.r64(from + A.MT_ELEMENT), te = this.r64(to + A.MT_ELEMENT);
      if (fe === te) return true;
      // Array covariance: reference element types only.
      if (!(ff & A.MTF_REF_ELEMENTS) || !(tf & A.MTF_REF_ELEMENTS) || fe === 0 || te === 0) return false;
      return this.isAssignable(fe, te);
    }
    for (let p = this.r64(from + A.MT_PARENT), depth = 0; p !== 0 && depth < 256; p = this.r64(p + A.MT_PARENT), depth++) if (p === to) return true;
    return false;
  }

  /** Whether two value types' method tables are the same type once enums are replaced by their underlying types. */
  private sameUnderlying(a: number, b: number): boolean {
    const u = (mt: number) => (this.r32(mt + A.MT_FLAGS) & A.MTF_ENUM ? this.r64(mt + A.MT_ELEMENT) : mt);
    return (this.r32(a + A.MT_FLAGS) & A.MTF_VALUE_TYPE) !== 0 && u(a) === u(b);
  }

  /**
   * Generic variance (ECMA-335 II.9.11): two instantiations of one generic interface or
   * delegate, where every covariant argument converts by reference to the target's, every
   * contravariant one the other way, and invariant ones are identical.
   */
  private variantAssignable(from: number, to: number): boolean {
    if (from === to) return true;
    const f = this.mtTypes.get(from), t = this.mtTypes.get(to);
    if (!f || !t || !f.module || f.module !== t.module || f.row !== t.row || f.args.length === 0 || f.args.length !== t.args.length) return false;
    const variance = this.ts.genericVariance(f.module, f.row);
    return f.args.every((a, i) => {
      const b = t.args[i]!;
      if (a === b) return true;
      const v = variance[i] ?? 0;
      if (v === 0 || !a.isReference || !b.isReference) return false;
      return v === 1 ? this.isAssignable(this.methodTable(a), this.methodTable(b)) : this.isAssignable(this.methodTable(b), this.methodTable(a));
    });
  }

  private checkArrayStore(arr: number, value: number): void {
    if (arr === 0) {
      this.raise("NullReference");
      return;
    }
    if (value === 0) return;
    const elem = this.r64(this.r64(arr) + A.MT_ELEMENT);
    if (elem === 0 || !this.isAssignable(this.r64(value), elem)) this.raise("ArrayTypeMismatch");
  }

  /** The code implementing method `index` of interface `iface` for `obj`'s class, 0 when it does not implement it. */
  interfaceMethodCode(obj: number, iface: number, index: number): number {
    const mt = this.r64(obj);
    const slot = this.interfaceSlot(mt, iface, index);
    return slot < 0 ? 0 : this.r64(mt + A.MT_VTABLE + 8 * slot);
  }

  /**
   * The vtable slot of `mt` implementing method `index` of interface `iface` (-1: none): the
   * interface's own entry in the map, else an entry it is a variant of (IEnumerable<Cat> for a
   * call through IEnumerable<Animal>), first in map order.
   */
  private interfaceSlot(mt: number, iface: number, index: number): number {
    const n = this.r32(mt + A.MT_NUM_INTERFACES), map = this.r64(mt + A.MT_INTERFACE_MAP);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < n; i++) {
        const ent = map + i * A.IMAP_ENTRY_SIZE;
        const it = this.r64(ent + A.IMAP_INTERFACE);
        if (pass === 0 ? it !== iface : !this.variantAssignable(it, iface)) continue;
        return this.r32s(this.r64(ent + A.IMAP_SLOTS) + 4 * index);
      }
    }
    return -1;
  }

  private interfaceLookup(obj: number, iface: number, index: number): number {
    if (obj === 0) {
      this.raise("NullReference");
      return this.pendingReturn;
    }
    const mt = this.r64(obj);
    const slot = this.interfaceSlot(mt, iface, index);
    if (slot >= 0) return this.r64(mt + A.MT_VTABLE + 8 * slot);
    this.raise("EntryPointNotFound");
    return this.pendingReturn;
  }

  /**
   * The implementation of instantiated generic virtual method `handle` (a method handle: its
   * cell) for `obj`'s class: the override of the generic definition, instantiated with the
   * same method arguments.
   */
  private genericVirtualLookup(obj: number, handle: number): number {
    if (obj === 0) {
      this.raise("NullReference");
      return this.pendingReturn;
    }
    const md = this.byCell.get(handle)?.md;
    if (!md) throw new FatalError("internal", `GenericVirtualLookup: 0x${handle.toString(16)} is not a method handle`);
    const cls = this.typeOfMethodTable(this.r64(obj));
    if (!cls) throw new FatalError("internal", "GenericVirtualLookup on an object of unknown type");
    const def = this.ts.method(md.owner, md.module, md.row);
    let impl: MethodDesc | null;
    if (md.owner.isInterface) impl = this.vtables.resolveInterfaceMethod(cls.kind === Kind.SzArray || cls.kind === Kind.Array ? this.ts.corlibType("System", "Array") : cls, def);
    else impl = this.vtables.of(cls).slots[this.vtables.slot(def)] ?? null;
    if (!impl) {
      this.raise("EntryPointNotFound");
      return this.pendingReturn;
    }
    const inst = this.ts.method(impl.owner, impl.module, impl.row, md.methodArgs);
    // A boxed value type's own method takes the value, not the box: through an unboxing stub.
    if (cls.isValueType && inst.owner.isValueType) return this.unboxingStub(this.entry(inst));
    return this.r64(this.entry(inst).cell);
  }

  // ---- Class constructors -------------------------------------------------------------------------
  /**
   * Mono runs the .cctor of a beforefieldinit type when it compiles a method that reads its
   * statics (before the method runs); doing the same keeps the order of side effects identical.
   * When the .cctor fails (now, or before) the method is not compiled: its caller gets the
   * TypeInitializationException, at every call, as from Mono's JIT.
   */
  private initializeAtCompileTime(t: TypeDesc): void {
    if (!t.module || t.kind === Kind.SzArray || t.kind === Kind.Array || t.isInterface) return;
    if ((t.module.reader.typeDef(t.row).flags & 0x00100000) === 0 || !this.typeHasCctor(t)) return;
    const mt = this.methodTable(t);
    const state = this.r32(mt + A.MT_CCTOR_STATE);
    if (state !== A.CCTOR_PENDING && state !== A.CCTOR_FAILED) return;
    const outer = this.pendingException;
    this.pendingException = 0;
    this.runClassConstructor(mt);
    const failure = this.pendingException;
    if (failure === this.abortObject) return;
    this.pendingException = outer;
    if (failure !== 0) throw new TypeInitAtCompileTime(failure);
  }

  /** Whether `t` declares a .cctor: asked at every method's first call, so answered from the metadata names (once per type definition). */
  private typeHasCctor(t: TypeDesc): boolean {
    const m = t.module;
    if (!m || t.kind === Kind.SzArray || t.kind === Kind.Array) return this.ts.methodsOf(t).some((x) => x.isStaticConstructor);
    let byRow = this.cctorDefs.get(m);
    if (!byRow) this.cctorDefs.set(m, (byRow = new Map()));
    let has = byRow.get(t.row);
    if (has === undefined) {
      const r = m.reader;
      const [start, end] = r.typeDef(t.row).methodList;
      has = false;
      for (let i = start; i < end && !has; i++) has = r.methodName(r.methodRow(i)) === ".cctor";
      byRow.set(t.row, has);
    }
    return has;
  }
  private readonly cctorDefs = new Map<Module, Map<number, boolean>>();

  /** Runs the .cctor of the type of `mt` unless it ran, is running (re-entrancy) or failed (then raises again). */
  runClassConstructor(mt: number): void {
    const state = this.r32(mt + A.MT_CCTOR_STATE);
    if (state === A.CCTOR_DONE || state === A.CCTOR_RUNNING) return;
    const t = this.mtTypes.get(mt);
    if (!t) throw new FatalError("internal", `RunClassConstructor on unknown method table 0x${mt.toString(16)}`);
    if (state === A.CCTOR_FAILED) {
      this.pendingException = this.initFailures.get(mt) ?? 0;
      if (this.pendingException === 0) this.raiseTypeInitialization(t, 0);
      return;
    }
    const cctor = this.ts.methodsOf(t).find((m) => m.isStaticConstructor);
    if (!cctor) {
      this.w32(mt + A.MT_CCTOR_STATE, A.CCTOR_DONE);
      return;
    }
    this.w32(mt + A.MT_CCTOR_STATE, A.CCTOR_RUNNING);
    this.log?.(`JIT: running ${displayTypeKey(t)}::.cctor`);
    this.invoke(cctor, []);
    const pending = this.pendingException;
    if (pending === 0) {
      this.w32(mt + A.MT_CCTOR_STATE, A.CCTOR_DONE);
      return;
    }
    this.w32(mt + A.MT_CCTOR_STATE, A.CCTOR_FAILED);
    if (pending === this.abortObject) return;
    this.raiseTypeInitialization(t, pending);
    // Every later access raises the same TypeInitializationException, as .NET does.
    this.initFailures.set(mt, this.pendingException);
  }

  private raiseTypeInitialization(t: TypeDesc, inner: number): void {
    const tie = this.ts.corlibType("System", "TypeInitializationException");
    const name = clrTypeName(t);
    const ex = this.newException(tie, `The type initializer for '${name}' threw an exception.`, 0x80131534, inner);
    this.w64(ex + this.fieldOffset(tie, "_typeName"), this.internString(name));
    this.pendingException = ex;
  }

  // ---- Method tables ------------------------------------------------------------------------------
  /** The method table of `t` (built on first request; see docs/runtime-abi.md). */
  methodTable(t: TypeDesc): number {
    const known = this.mts.get(t);
    if (known !== undefined) return known;
    switch (t.kind) {
      case Kind.Var: case Kind.MVar:
        throw new TypeLoadError(`${t.key}: an open generic parameter has no method table`);
      case Kind.Ptr: case Kind.ByRef: case Kind.FnPtr:
        throw new TypeLoadError(`${t.key} has no method table`);
      case Kind.SzArray: case Kind.Array:
        return this.arrayMethodTable(t);
      default:
        return this.classMethodTable(t);
    }
  }

  /** The type of a method table built by this runtime. */
  typeOfMethodTable(mt: number): TypeDesc | null {
    return this.mtTypes.get(mt) ?? null;
  }

  private allocMT(t: TypeDesc, slots: number): number {
    const mt = this.mem.data.alloc(A.MT_HEADER_SIZE + 8 * slots, 8);
    this.mts.set(t, mt);
    this.mtTypes.set(mt, t);
    this.w32(mt + A.MT_TYPE_ID, t.id);
    this.w32(mt + A.MT_NUM_VIRTUALS, slots);
    return mt;
  }

  private classMethodTable(t: TypeDesc): number {
    if (!t.module) throw new TypeLoadError(`${t.key} has no definition`);
    if (this.ts.genericArity(t.module, t.row) !== t.args.length) {
      if (t.args.length === 0) return this.genericDefinitionMethodTable(t);
      throw new TypeLoadError(`${t.key}: an open generic type has no method table`);
    }
    const vt = this.vtables.of(t);
    const flags0 = t.module.reader.typeDef(t.row).flags;
    const iface = t.isInterface;
    const mt = this.allocMT(t, iface ? 0 : vt.slots.length);
    let flags = 0;
    if (t.isValueType) flags |= A.MTF_VALUE_TYPE;
    if (iface) flags |= A.MTF_INTERFACE;
    if (t.kind === Kind.String) flags |= A.MTF_STRING;
    if (flags0 & 0x80) flags |= A.MTF_ABSTRACT;
    const hasCctor = this.typeHasCctor(t);
    if (hasCctor) flags |= A.MTF_HAS_CCTOR;
    if (flags0 & 0x00100000) flags |= A.MTF_BEFOREFIELDINIT;
    const base = iface ? null : this.ts.baseType(t);
    const baseKey = base && base.module ? `${base.module.reader.typeDefNamespace(base.row)}.${base.module.reader.typeDefName(base.row)}` : "";
    if (baseKey === "System.Enum" && t.isValueType) flags |= A.MTF_ENUM;
    if (baseKey === "System.MulticastDelegate") flags |= A.MTF_DELEGATE;

    let baseSize = 0, componentSize = 0;
    if (!iface) {
      const l = this.layouts.of(t);
      if (t.kind === Kind.String) {
        baseSize = alignUp(STRING_CHARS_OFFSET + 2, 8);
        componentSize = 2;
      } else if (t.isValueType) {
        baseSize = alignUp(OBJ_HEADER + l.size, 8);
        if (l.refOffsets.length) flags |= A.MTF_CONTAINS_REFS;
      } else {
        baseSize = l.size;
        if (l.refOffsets.length) flags |= A.MTF_CONTAINS_REFS;
      }
    }
    this.w32(mt + A.MT_FLAGS, flags);
    this.w32(mt + A.MT_BASE_SIZE, baseSize);
    this.w32(mt + A.MT_COMPONENT_SIZE, componentSize);
    this.w32(mt + A.MT_CCTOR_STATE, hasCctor ? A.CCTOR_PENDING : A.CCTOR_DONE);
    if (base && base.module) this.w64(mt + A.MT_PARENT, this.methodTable(base));
    if (flags & A.MTF_ENUM) {
      const value = this.ts.fieldsOf(t).find((f) => !f.isStatic);
      if (value) this.w64(mt + A.MT_ELEMENT, this.methodTable(value.type));
    }
    if (!iface) {
      this.fillVTable(t, mt, vt.slots);
      this.fillInterfaceMap(mt, vt.interfaces, vt.interfaceSlots);
    }
    const l = iface ? null : this.layouts.of(t);
    if (l && l.staticsSize > 0) this.w64(mt + A.MT_STATICS, this.staticsBlock(t));
    return mt;
  }

  /**
   * A generic type definition (typeof(List<>)) exists only for reflection: a method table with
   * no vtable, no size and the ABSTRACT flag (nothing can be allocated or called through it).
   */
  private genericDefinitionMethodTable(t: TypeDesc): number {
    const mt = this.allocMT(t, 0);
    this.w32(mt + A.MT_FLAGS, A.MTF_ABSTRACT | (t.isInterface ? A.MTF_INTERFACE : 0) | (t.isValueType ? A.MTF_VALUE_TYPE : 0));
    this.genericDefinitions.add(mt);
    return mt;
  }

  /** Whether `mt` is a generic type definition's method table (typeof(List<>)). */
  isGenericDefinition(mt: number): boolean {
    return this.genericDefinitions.has(mt);
  }
  private readonly genericDefinitions = new Set<number>();

  private fillVTable(t: TypeDesc, mt: number, slots: readonly MethodDesc[]): void {
    slots.forEach((m, i) => {
      const slot = mt + A.MT_VTABLE + 8 * i;
      const e = this.entry(m);
      if (t.isValueType && m.owner.isValueType) {
        this.w64(slot, this.unboxingStub(e));
      } else this.refer(slot, e.redirect ?? e);
    });
  }

  /** Makes the word at `at` lead to `e`'s code: the code now, or the prestub until it is compiled. */
  private refer(at: number, e: MethodEntry): void {
    if (e.code) this.w64(at, e.code);
    else {
      this.w64(at, e.prestub);
      e.slotRefs.push(at);
    }
  }

  private fillInterfaceMap(mt: number, interfaces: readonly TypeDesc[], slots: ReadonlyMap<TypeDesc, number[]>): void {
    const list = interfaces;
    if (list.length === 0) return;
    const map = this.mem.data.alloc(list.length * A.IMAP_ENTRY_SIZE, 8);
    list.forEach((iface, k) => {
      const s = slots.get(iface) ?? this.ts.methodsOf(iface).map(() => -1);
      const arr = this.mem.data.alloc(Math.max(1, s.length) * 4, 4);
      s.forEach((v, j) => this.w32(arr + 4 * j, v));
      this.w64(map + k * A.IMAP_ENTRY_SIZE + A.IMAP_INTERFACE, this.methodTable(iface));
      this.w64(map + k * A.IMAP_ENTRY_SIZE + A.IMAP_SLOTS, arr);
    });
    this.w64(mt + A.MT_INTERFACE_MAP, map);
    this.w32(mt + A.MT_NUM_INTERFACES, list.length);
  }

  private arrayMethodTable(t: TypeDesc): number {
    const arrayType = this.ts.corlibType("System", "Array");
    const vt = this.vtables.of(arrayType);
    const elem = t.elem!;
    const hasMT = !(elem.kind === Kind.Ptr || elem.kind === Kind.FnPtr || elem.kind === Kind.ByRef);
    const generic = t.kind === Kind.SzArray && hasMT ? this.arrayGenericInterfaces(arrayType, elem, vt.slots.length) : null;
    const slots = generic ? [...vt.slots, ...generic.methods] : vt.slots;
    const mt = this.allocMT(t, slots.length);
    let flags = t.kind === Kind.SzArray ? A.MTF_SZARRAY : A.MTF_MDARRAY;
    if (elem.isReference) flags |= A.MTF_REF_ELEMENTS;
    if (this.layouts.containsRefs(elem)) flags |= A.MTF_CONTAINS_REFS;
    const rank = t.kind === Kind.SzArray ? 1 : t.rank;
    this.w32(mt + A.MT_FLAGS, flags);
    this.w32(mt + A.MT_BASE_SIZE, t.kind === Kind.SzArray ? ARRAY_DATA_OFFSET : alignUp(ARRAY_DATA_OFFSET + 8 * rank, 8));
    this.w32(mt + A.MT_COMPONENT_SIZE, this.layouts.sizeOf(elem));
    this.w32(mt + A.MT_RANK, rank);
    this.w64(mt + A.MT_PARENT, this.methodTable(arrayType));
    if (hasMT) this.w64(mt + A.MT_ELEMENT, this.methodTable(elem));
    this.fillVTable(arrayType, mt, slots);
    if (generic) {
      const map = new Map(vt.interfaceSlots);
      for (const [i, s] of generic.slots) map.set(i, s);
      this.fillInterfaceMap(mt, [...vt.interfaces, ...generic.slots.keys()], map);
    } else this.fillInterfaceMap(mt, vt.interfaces, vt.interfaceSlots);
    return mt;
  }

  /**
   * T[] implements IList<T>, ICollection<T>, IEnumerable<T>, IReadOnlyList<T> and
   * IReadOnlyCollection<T> through System.Array's InternalArray__* methods (instantiated with
   * T), as Mono does; they get vtable slots after Array's own.
   */
  private arrayGenericInterfaces(arrayType: TypeDesc, elem: TypeDesc, firstSlot: number): { methods: MethodDesc[]; slots: Map<TypeDesc, number[]> } {
    const ts = this.ts;
    const arrayMethods = ts.methodsOf(arrayType);
    const methods: MethodDesc[] = [];
    const slots = new Map<TypeDesc, number[]>();
    const prefix: Record<string, string> = {
      "IList`1": "InternalArray__", "ICollection`1": "InternalArray__ICollection_", "IEnumerable`1": "InternalArray__IEnumerable_",
      "IReadOnlyList`1": "InternalArray__IReadOnlyList_", "IReadOnlyCollection`1": "InternalArray__IReadOnlyCollection_",
    };
    for (const [name, pre] of Object.entries(prefix)) {
      const d = ts.findByName(ts.corlib, "System.Collections.Generic", name);
      const iface = ts.defType(d.m, d.row, [elem]);
      slots.set(iface, ts.methodsOf(iface).map((im) => {
        const impl = arrayMethods.find((m) => m.name === pre + im.name);
        if (!impl) return -1;
        const md = impl.sig.genericParamCount ? ts.method(arrayType, impl.module, impl.row, [elem]) : impl;
        methods.push(md);
        return firstSlot + methods.length - 1;
      }));
    }
    return { methods, slots };
  }

  /** Static fields marked [ThreadStatic] whose storage exists: each managed thread has its own values (threads.ts). */
  readonly threadStatics: { addr: number; size: number }[] = [];
  private readonly threadStaticRows = new Map<Module, Set<number>>();
  private threadStaticFields(m: Module): Set<number> {
    let rows = this.threadStaticRows.get(m);
    if (rows) return rows;
    rows = rowsWithAttribute(m.reader, Table.Field, "System.ThreadStaticAttribute");
    this.threadStaticRows.set(m, rows);
    return rows;
  }

  /** The statics block of `t` (zeroed; RVA fields hold their initial data). */
  staticsBlock(t: TypeDesc): number {
    const known = this.statics.get(t);
    if (known !== undefined) return known;
    const l = this.layouts.of(t);
    const block = this.mem.data.alloc(Math.max(8, l.staticsSize), Math.max(8, l.staticsAlign));
    this.statics.set(t, block);
    if (t.module) {
      const ts = this.threadStaticFields(t.module);
      for (const f of l.staticFields) if (ts.has(f.row)) this.threadStatics.push({ addr: block + f.offset, size: this.layouts.sizeOf(f.type) });
    }
    // Mono's String has no .cctor: the runtime provides String.Empty.
    if (t.kind === Kind.String) this.w64(block + this.fieldOffset(t, "Empty"), this.internString(""));
    const m = t.module;
    if (m) {
      for (const f of l.staticFields) {
        if (!f.hasRva) continue;
        const r = m.reader;
        for (let i = 1; i <= r.rows(Table.FieldRva); i++) {
          if (r.tables.ref(Table.FieldRva, i, 1) !== f.row) continue;
          const rva = r.tables.cell(Table.FieldRva, i, 0);
          const size = this.layouts.sizeOf(f.type);
          const off = r.pe.rvaToOffset(rva, size, `data of field ${f.name}`);
          this.mem.data.bytes.set(r.data.bytes.subarray(off, off + size), block - this.mem.data.base + f.offset);
          break;
        }
      }
    }
    return block;
  }

  // ---- Reflection: System.RuntimeType objects ---------------------------------------------------------
  /** The RuntimeType object of method table `mt` (one per type; 0 for 0). */
  runtimeType(mt: number): number {
    if (mt === 0) return 0;
    let o = this.runtimeTypes.get(mt);
    if (o === undefined) {
      const rtType = this.ts.corlibType("System", "RuntimeType");
      o = this.allocObject(rtType);
      const impl = this.fieldOffset(this.ts.corlibType("System", "Type"), "_impl");
      this.w64(o + impl + this.fieldOffset(this.ts.corlibType("System", "RuntimeTypeHandle"), "value"), mt);
      this.runtimeTypes.set(mt, o);
      this.runtimeTypeMTs.set(o, mt);
    }
    return o;
  }

  /** The method table behind a RuntimeType object (0 for null or a foreign Type). */
  methodTableOfType(type: number): number {
    return this.runtimeTypeMTs.get(type) ?? 0;
  }

  // ---- Objects and strings -------------------------------------------------------------------------
  /** Bytes in use on the managed heap. */
  get heapUsed(): number {
    return this.gc.used;
  }

  /**
   * Bump allocation of `size` bytes on the managed heap (zeroed). `mayCollect`: the caller is a
   * managed allocation slow path holding no object in JS, so the collector may run (gc.ts).
   */
  allocRaw(size: number, mayCollect = false): number {
    const n = alignUp(size, 8);
    let p = this.r64(this.threadState + A.TS_ALLOC_PTR);
    if (n > this.r64(this.threadState + A.TS_ALLOC_LIMIT) - p) {
      if (!this.gc.refill(n, mayCollect)) throw new OutOfMemoryError(this.heapSize, n);
      p = this.r64(this.threadState + A.TS_ALLOC_PTR);
    }
    this.w64(this.threadState + A.TS_ALLOC_PTR, p + n);
    return p;
  }

  /** The collector's roots held by JS: pinned call arguments, cached objects, registered sources. */
  *gcRoots(): Iterable<number> {
    yield* this.pinned;
    yield* this.runtimeTypes.values();
    yield* this.initFailures.values();
    for (const source of this.rootSources) yield* source();
  }
  addRootSource(source: () => Iterable<number>): void {
    this.rootSources.push(source);
  }
  /** The stack pointer of a call made now (below every managed frame on koffi's stack). */
  currentStackPointer(): number {
    return this.callAddress(this.stackPointerStub, IR.TY_PTR, [], []) as number;
  }

  /** A new instance of `t` (boxed for value types); fields zero, constructor not run. */
  allocObject(t: TypeDesc): number {
    return this.allocObjectOf(this.methodTable(t));
  }
  allocObjectOf(mt: number, mayCollect = false): number {
    const o = this.allocRaw(this.r32(mt + A.MT_BASE_SIZE), mayCollect);
    this.w64(o, mt);
    return o;
  }

  /** A new array of the array type of method table `mt`. A negative length raises OverflowException, a huge one OutOfMemoryException. */
  allocArrayOf(mt: number, length: number, mayCollect = false): number {
    if (length < 0) {
      this.raise("Overflow");
      return 0;
    }
    if (length > 0x7fffffff) {
      this.raise("OutOfMemory");
      return 0;
    }
    const size = this.r32(mt + A.MT_BASE_SIZE) + length * this.r32(mt + A.MT_COMPONENT_SIZE);
    const a = this.allocRaw(size, mayCollect);
    this.w64(a, mt);
    this.w64(a + ARRAY_LENGTH_OFFSET, length);
    return a;
  }

  /**
   * A multi-dimensional array: total length at 8, then per dimension its length and lower
   * bound (i32 each, bounds 0), then the elements (MT_BASE_SIZE gives where they start).
   */
  allocMDArray(mt: number, lengthsAt: number, mayCollect = false): number {
    const rank = this.r32(mt + A.MT_RANK);
    const lengths: number[] = [];
    for (let d = 0; d < rank; d++) lengths.push(this.r32s(lengthsAt + 4 * d));
    return this.allocMDArrayOf(mt, lengths, mayCollect);
  }
  allocMDArrayOf(mt: number, lengths: readonly number[], mayCollect = false): number {
    if (lengths.some((n) => n < 0)) {
      this.raise("Overflow");
      return 0;
    }
    const total = lengths.reduce((p, n) => p * n, 1);
    if (total > 0x7fffffff) {
      this.raise("OutOfMemory");
      return 0;
    }
    const a = this.allocRaw(this.r32(mt + A.MT_BASE_SIZE) + total * this.r32(mt + A.MT_COMPONENT_SIZE), mayCollect);
    this.w64(a, mt);
    this.w64(a + ARRAY_LENGTH_OFFSET, total);
    lengths.forEach((n, d) => this.w32(a + ARRAY_DATA_OFFSET + 8 * d, n));
    return a;
  }

  allocArray(elem: TypeDesc, length: number): number {
    return this.allocArrayOf(this.methodTable(this.ts.szArray(elem)), length);
  }

  /** A new string on the heap. */
  newString(s: string, mayCollect = false): number {
    const o = this.allocRaw(STRING_CHARS_OFFSET + 2 * s.length + 2, mayCollect);
    this.writeStringAt(o, s);
    return o;
  }

  private writeStringAt(o: number, s: string): void {
    this.w64(o, this.methodTable(this.ts.primitive(Kind.String)));
    this.w32(o + STRING_LENGTH_OFFSET, s.length);
    const dv = this.viewAt(o + STRING_CHARS_OFFSET, 2 * s.length + 2);
    for (let i = 0; i < s.length; i++) dv.view.setUint16(dv.offset + 2 * i, s.charCodeAt(i), true);
  }

  /** The interned string object with text `s` in the data area (ldstr literals share these). */
  internString(s: string): number {
    let o = this.literalText.get(s);
    if (o === undefined) {
      o = this.mem.data.alloc(alignUp(STRING_CHARS_OFFSET + 2 * s.length + 2, 8), 8);
      this.writeStringAt(o, s);
      this.literalText.set(s, o);
    }
    return o;
  }

  /** A data-area word holding the string object of `ldstr token` (compiled code loads it). */
  stringLiteralCell(m: Module, token: number): number {
    const key = `${m.index}:${token & 0xffffff}`;
    let c = this.literalCells.get(key);
    if (c === undefined) {
      c = this.mem.data.alloc(8, 8);
      this.w64(c, this.stringLiteral(m, token));
      this.literalCells.set(key, c);
    }
    return c;
  }

  /** The string object of `ldstr token` in `m`. */
  stringLiteral(m: Module, token: number): number {
    const key = `${m.index}:${token & 0xffffff}`;
    let o = this.literals.get(key);
    if (o === undefined) {
      o = this.internString(m.reader.md.userString(token & 0xffffff));
      this.literals.set(key, o);
    }
    return o;
  }

  /** The text of a string object (null for a null reference). */
  readString(o: number): string | null {
    if (o === 0) return null;
    const len = this.r32(o + STRING_LENGTH_OFFSET);
    return this.readChars(o + STRING_CHARS_OFFSET, len);
  }

  readChars(address: number, count: number): string {
    const dv = this.viewAt(address, 2 * count);
    let s = "";
    for (let i = 0; i < count; i += 4096) {
      const n = Math.min(4096, count - i);
      const codes = new Array<number>(n);
      for (let k = 0; k < n; k++) codes[k] = dv.view.getUint16(dv.offset + 2 * (i + k), true);
      s += String.fromCharCode(...codes);
    }
    return s;
  }

  // ---- Console output ------------------------------------------------------------------------------
  write(text: string): void {
    this.out.write(text);
  }
  /** Bytes the class library writes to file descriptor 1 (stdout, buffered) or 2 (stderr, at once, after stdout). */
  writeDescriptor(fd: number, bytes: Buffer): void {
    if (fd === 1) this.out.writeBytes(bytes);
    else {
      this.out.flush();
      if (this.stderrSink) this.stderrSink(bytes.toString("utf8"));
      else writeBytesSync(fd, bytes);
    }
  }
  get consoleCharset(): string {
    return this.out.charset;
  }
  flush(): void {
    this.out.flush();
  }

  /** Environment.Exit. */
  requestExit(code: number): void {
    this.abort(new ExitRequest(code));
  }

  // ---- Raw memory ----------------------------------------------------------------------------------
  /** A DataView covering [address, address + n) and the offset of `address` in it. */
  viewAt(address: number, n: number): { view: DataView; offset: number } {
    const d = this.mem.data;
    if (address >= d.base && address + n <= d.base + d.size) return { view: d.view, offset: address - d.base };
    const h = this.mem.heap;
    if (address >= h.base && address + n <= h.base + h.size) return { view: this.heapView, offset: address - h.base };
    // A null reference reaching an intrinsic: NullReferenceException, as the managed code would raise.
    if (address < 0x10000) throw new NullAccess(address);
    for (const li of this.images.values()) {
      const m = li.mapped;
      if (address >= m.base && address + n <= m.base + m.size) return { view: li.dataView, offset: address - m.base };
    }
    // Elsewhere (the stack, native memory): a view made for this access.
    return { view: new DataView(koffi.view(BigInt(address), Math.max(n, 1))), offset: 0 };
  }
  /** The bytes [address, address + n) (a view, not a copy). */
  bytesAt(address: number, n: number): Uint8Array {
    const v = this.viewAt(address, n);
    return new Uint8Array(v.view.buffer, v.view.byteOffset + v.offset, n);
  }
  private _heapView: DataView | null = null;
  private get heapView(): DataView {
    if (!this._heapView) {
      const b = this.mem.heap.bytes;
      this._heapView = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    return this._heapView;
  }
  /** A 64-bit word as a number (addresses and lengths fit in 53 bits; larger values lose precision). */
  r64(a: number): number {
    const v = this.viewAt(a, 8);
    return v.view.getUint32(v.offset + 4, true) * 4294967296 + v.view.getUint32(v.offset, true);
  }
  w64(a: number, x: number | bigint): void {
    const v = this.viewAt(a, 8);
    if (typeof x === "number" && x >= 0 && x <= Number.MAX_SAFE_INTEGER) {
      v.view.setUint32(v.offset, x >>> 0, true);
      v.view.setUint32(v.offset + 4, Math.floor(x / 4294967296), true);
    } else v.view.setBigUint64(v.offset, BigInt.asUintN(64, BigInt(x)), true);
  }
  r32(a: number): number {
    const v = this.viewAt(a, 4);
    return v.view.getUint32(v.offset, true);
  }
  r32s(a: number): number {
    const v = this.viewAt(a, 4);
    return v.view.getInt32(v.offset, true);
  }
  w32(a: number, x: number): void {
    const v = this.viewAt(a, 4);
    v.view.setUint32(v.offset, x >>> 0, true);
  }

  // ---- Introspection (tests, logs) -------------------------------------------------------------------
  get methodCount(): number {
    return this.methods.length;
  }
  isCompiled(target: number | MethodDesc): boolean {
    const e = typeof target === "number" ? this.entryOfSymbol(target) : this.byDesc.get(target);
    return !!e && e.code !== 0 && !e.intrinsic;
  }
  helperCell(h: Helper): number {
    const c = this.helperCells.get(h);
    if (c === undefined) throw new FatalError("internal", `no helper ${h}`);
    return c;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.out.flush();
    for (const p of this.callbacks) koffi.unregister(p);
    this.callbacks.length = 0;
    this.mem.dispose();
    for (const li of this.images.values()) li.mapped.dispose();
    this.images.clear();
  }
}

/** An intrinsic touched memory near address 0: a null reference from managed code. */
class NullAccess extends Error {
  override readonly name = "NullAccess";
  constructor(address: number) {
    super(`null reference (address 0x${address.toString(16)})`);
  }
}

/** The console's character set as Mono picks it from the locale (LC_ALL, LC_CTYPE, LANG). */
export function consoleCharset(env: NodeJS.ProcessEnv = process.env): "utf-8" | "us-ascii" | "iso-8859-1" {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  if (/utf-?8/i.test(locale)) return "utf-8";
  if (/8859-?1|latin-?1/i.test(locale)) return "iso-8859-1";
  return "us-ascii";
}

/** Text as the console encodes it: UTF-8 (lone surrogates as U+FFFD), or '?' for what the charset lacks. */
export function encodeConsole(text: string, charset: ReturnType<typeof consoleCharset>): Buffer {
  if (charset === "utf-8") return Buffer.from(text, "utf8");
  const max = charset === "us-ascii" ? 0x7f : 0xff;
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c <= max ? c : 0x3f;
  }
  return out;
}

/**
 * Console output, buffered as encoded bytes and written at flush (and when it grows large).
 * Text written by the runtime's Console intrinsics and bytes the class library writes to the
 * standard output descriptor share the buffer, so their order is kept.
 */
class ConsoleBuffer {
  private parts: Buffer[] = [];
  private size = 0;
  readonly charset = consoleCharset();
  constructor(private readonly sink: ((text: string) => void) | null) {}
  write(s: string): void {
    this.writeBytes(encodeConsole(s, this.charset));
  }
  writeBytes(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    if (this.sink) this.sink(bytes.toString("utf8"));
    else writeBytesSync(1, bytes);
  }
}

/** Writes all of `text` as UTF-8 to a file descriptor (pipes may take it in pieces). */
export function writeAllSync(fd: number, text: string): void {
  writeBytesSync(fd, Buffer.from(text, "utf8"));
}

/** Writes all of `buf` to a file descriptor. */
export function writeBytesSync(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSyncImpl(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      throw e;
    }
  }
}
function writeSyncImpl(fd: number, buf: Buffer, off: number): number {
  return writeSync(fd, buf, off, buf.length - off);
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;


/** The .NET name of a type as Type.ToString() spells it ("Ns.Outer+Inner", "List`1[System.Int32]"). */
export function clrTypeName(t: TypeDesc): string {
  if (t.kind === Kind.SzArray) return `${clrTypeName(t.elem!)}[]`;
  if (t.kind === Kind.Array) return `${clrTypeName(t.elem!)}[${",".repeat(t.rank - 1)}]`;
  if (t.kind === Kind.Ptr) return `${clrTypeName(t.elem!)}*`;
  if (t.kind === Kind.ByRef) return `${clrTypeName(t.elem!)}&`;
  if (!t.module) return displayTypeKey(t);
  const base = t.module.reader.typeDefFullName(t.row).replace(/\//g, "+");
  if (t.args.length === 0) return base;
  return `${base}[${t.args.map((a) => clrTypeName(a)).join(",")}]`;
}
