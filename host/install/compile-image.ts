/**
 * Compiles one assembly into a native image: every non-generic method with an IL body is
 * imported and compiled by the backend; the rest, and whatever the compiler cannot handle,
 * is recorded in the image's method table as excluded, with the reason. Calls, runtime
 * helpers and runtime data are reached through the image's indirection cells, which the
 * loader fills, so the code is position independent apart from its base relocations.
 *
 * Invariants: methods are compiled in metadata order and imports are numbered in first-use
 * order, so the same inputs give the same image bytes.
 */
import * as IR from "../../core-as/shared/ir-layout.js";
import * as L from "../../core-as/shared/encoder-layout.js";
import { MethodBuilder, packBatch } from "../codegen/ir-builder.js";
import { BackendCore, BackendError, compileBatch } from "../codegen/backend.js";
import { CodeFixup, ImportEntry, ImportKind, IMPORT_HARD_BOUND, MethodEntry, writeNativeImage } from "../image/native-image.js";
import { rowsWithAttribute } from "../metadata/custom-attributes.js";
import { Table } from "../metadata/schema.js";
import { DataItem, Helper, ImportEnv } from "../importer/env.js";
import { ImportError, importMethod } from "../importer/importer.js";
import { Layouts } from "../typesystem/layout.js";
import { TypeSystem } from "../typesystem/typesystem.js";
import { FieldDesc, Kind, MethodDesc, Module, TypeDesc } from "../typesystem/types.js";
import { VTables } from "../typesystem/vtable.js";
import type { IdentityBlock } from "./identity-block.js";
import { MT_VTABLE } from "../runtime/abi.js";

const CELL_BASE = 0x100000;
const CODE_BASE = 0x200000;
const PROF_BASE = 0x300000;
const BATCH = 128;
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

export function compileImage(
  core: BackendCore,
  ts: TypeSystem,
  module: Module,
  identity: IdentityBlock,
  options: CompileOptions = {},
): ImageResult {
  const layouts = new Layouts(ts);
  const vtables = new VTables(ts);
  const imports: ImportEntry[] = [];
  const importIndex = new Map<string, number>();
  const depIndex = new Map(identity.dependencies.map((d, i) => [d.displayName.split(",")[0]!.toLowerCase(), i]));
  const cell = (key: string, make: () => ImportEntry): number => {
    let i = importIndex.get(key);
    if (i === undefined) {
      i = imports.length;
      imports.push(make());
      importIndex.set(key, i);
    }
    return CELL_BASE + i;
  };
  const assemblyOf = (m: Module) => (m === module ? -1 : (depIndex.get(m.name.toLowerCase()) ?? -2));
  // Structured references the loader resolves (ImportEntry.ref).
  const typeRef = (t: TypeDesc): unknown => {
    switch (t.kind) {
      case Kind.SzArray: return ["[]", typeRef(t.elem!)];
      case Kind.Array: return ["[,]", typeRef(t.elem!), t.rank];
      case Kind.Ptr: return ["*", typeRef(t.elem!)];
      case Kind.ByRef: return ["&", typeRef(t.elem!)];
    }
    if (!t.module) throw new ImportError(t.key, "the type cannot be named in a native image");
    const asm = assemblyOf(t.module);
    if (asm === -2) throw new ImportError(t.key, `${t.module.name} is not among the bound dependencies`);
    return t.args.length ? [asm, t.row, t.args.map(typeRef)] : [asm, t.row];
  };
  const methodRef = (md: MethodDesc): string =>
    JSON.stringify([typeRef(md.owner), assemblyOf(md.module), md.row, ...(md.methodArgs.length ? [md.methodArgs.map(typeRef)] : [])]);
  const fieldRef = (f: FieldDesc): string => JSON.stringify([typeRef(f.owner), assemblyOf(f.module), f.row]);
  const bypassed = bypassedMethods(module);
  const codeSymbols = new Map<MethodDesc, number>();
  const counters = new Map<MethodDesc, number>();
  const env: ImportEnv = {
    ts, layouts, vtables, vtableOffset: VTABLE_OFFSET,
    debug: options.debug === true,
    stringConstructorFactories: true,
    canInline: (md) =>
      md.module === module ? !bypassed.has(md.row) : (options.hardBound?.has(md.module.name.toLowerCase()) ?? false),
    profileCounter: options.profile
      ? (md) => {
          let i = counters.get(md);
          if (i === undefined) counters.set(md, (i = counters.size));
          return PROF_BASE + i;
        }
      : undefined,
    codeSymbol: (md) => {
      let s = codeSymbols.get(md);
      if (s === undefined) codeSymbols.set(md, (s = CODE_BASE + codeSymbols.size));
      return s;
    },
    methodSymbol: (md) =>
      cell(`m:${md.key}`, () => {
        const asm = assemblyOf(md.module);
        if (asm === -2) throw new ImportError(md.fullName, `calls into ${md.module.name}, which is not among the bound dependencies`);
        const local = asm === -1 && md.methodArgs.length === 0 && md.owner.args.length === 0;
        const hard = asm >= 0 && (options.hardBound?.has(md.module.name.toLowerCase()) ?? false);
        return {
          kind: (local ? ImportKind.LocalMethod : ImportKind.Method) | (hard ? IMPORT_HARD_BOUND : 0),
          assembly: asm,
          token: (Table.MethodDef << 24) | md.row,
          name: md.key,
          ref: methodRef(md),
        };
      }),
    helperSymbol: (h) => cell(`h:${h}`, () => ({ kind: ImportKind.Helper, assembly: -1, token: 0, name: HELPER_NAMES[h] ?? `helper${h}` })),
    dataAddress: (b: MethodBuilder, item: DataItem) => {
      let key: string;
      let entry: () => ImportEntry;
      switch (item.kind) {
        case "threadState":
          key = "d:thread";
          entry = () => ({ kind: ImportKind.ThreadState, assembly: -1, token: 0, name: "" });
          break;
        case "methodTable":
          key = `d:mt:${item.type.key}`;
          entry = () => ({ kind: ImportKind.MethodTable, assembly: item.type.module ? assemblyOf(item.type.module) : -1, token: item.type.module ? (Table.TypeDef << 24) | item.type.row : 0, name: item.type.key, ref: JSON.stringify(typeRef(item.type)) });
          break;
        case "statics":
          key = `d:st:${item.type.key}`;
          entry = () => ({ kind: ImportKind.Statics, assembly: item.type.module ? assemblyOf(item.type.module) : -1, token: item.type.module ? (Table.TypeDef << 24) | item.type.row : 0, name: item.type.key, ref: JSON.stringify(typeRef(item.type)) });
          break;
        case "string":
          key = `d:str:${item.module.index}:${item.token}`;
          entry = () => ({ kind: ImportKind.String, assembly: assemblyOf(item.module), token: item.token, name: "" });
          break;
      }
      // The cell holds the address; the code loads it from there (lea of the cell, then a load).
      const sym = cell(key, entry);
      return b.load(IR.MEMW_64, IR.TY_PTR, b.symbolAddr(sym));
    },
    fieldHandle: (b, f) => {
      const sym = cell(`d:fh:${f.fullName}:${f.module.index}:${f.row}`, () => ({ kind: ImportKind.FieldHandle, assembly: assemblyOf(f.module), token: (Table.Field << 24) | f.row, name: f.fullName, ref: fieldRef(f) }));
      return b.load(IR.MEMW_64, IR.TY_PTR, b.symbolAddr(sym));
    },
    methodHandle: (b, md) => {
      const sym = cell(`d:mh:${md.key}`, () => ({ kind: ImportKind.MethodHandle, assembly: assemblyOf(md.module), token: (Table.MethodDef << 24) | md.row, name: md.key, ref: methodRef(md) }));
      return b.load(IR.MEMW_64, IR.TY_PTR, b.symbolAddr(sym));
    },
    fieldData: (b, f) => {
      const sym = cell(`d:fd:${f.module.index}:${f.row}`, () => ({ kind: ImportKind.FieldData, assembly: assemblyOf(f.module), token: (Table.Field << 24) | f.row, name: f.fullName, ref: fieldRef(f) }));
      return b.load(IR.MEMW_64, IR.TY_PTR, b.symbolAddr(sym));
    },
  };

  // Methods in metadata order: non-generic methods of non-generic types with IL bodies.
  const r = module.reader;
  const entries: MethodEntry[] = [];
  const exclusions = new Map<string, string>();
  const pending: { md: MethodDesc; entry: MethodEntry; words: Int32Array; ilMap: { il: number; ir: number }[] }[] = [];
  const ilMaps: { token: number; pairs: [number, number][] }[] = [];
  // Code laid out 16-byte aligned as batches compile, gaps filled with int3.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const fixups: CodeFixup[] = [];
  const placed: { symbol: number; offset: number; relocs: { offset: number; kind: number; symbol: number; addend: number }[] }[] = [];
  const codeOffset = new Map<number, number>();

  // Generic instantiations the compiled code calls (List<int>.Add …): compiled after the
  // assembly's own methods, transitively, when every type they name is in the bound closure.
  const instQueue: MethodDesc[] = [];
  const instSeen = new Set<string>();
  const instantiations: { token: number; key: string }[] = [];
  const inClosure = (t: TypeDesc): boolean =>
    (!t.module || assemblyOf(t.module) !== -2) && (!t.elem || inClosure(t.elem)) && t.args.every(inClosure);
  const typesSeen = new Set<TypeDesc>();
  const considerCallees = (callees: readonly MethodDesc[]) => {
    for (const c of callees) {
      if (!c.owner.args.length && !c.methodArgs.length) continue;
      if (!closedType(c.owner) || !c.methodArgs.every(closedType)) continue;
      const key = instantiationKey(c);
      if (instSeen.has(key)) continue;
      instSeen.add(key);
      instQueue.push(c);
      // Constructing a generic class makes its virtual methods reachable through its vtable and
      // interfaces (an iterator's MoveNext): they are compiled too.
      if (c.isConstructor && !c.owner.isInterface && c.owner.args.length && !typesSeen.has(c.owner)) {
        typesSeen.add(c.owner);
        try {
          considerCallees(vtables.of(c.owner).slots.filter((m) => m.owner.args.length > 0 && !m.isAbstract));
        } catch (e) {
          if (!(e instanceof Error && (e.name === "TypeLoadError" || e.name === "BindError"))) throw e;
        }
      }
    }
  };

  let total = 0;
  for (let td = 1; td <= r.rows(Table.TypeDef); td++) {
    const info = r.typeDef(td);
    const generic = ts.genericArity(module, td) > 0;
    for (let i = info.methodList[0]; i < info.methodList[1]; i++) {
      const row = r.methodRow(i);
      const def = r.methodDef(row);
      const token = (Table.MethodDef << 24) | row;
      const entry: MethodEntry = { token, codeOffset: 0, codeSize: 0 };
      entries.push(entry);
      const name = `${r.typeDefFullName(td)}::${def.name}`;
      const exclude = (why: string) => {
        entry.excluded = why;
        exclusions.set(name, why);
      };
      // Delegate types' constructor and Invoke are runtime methods the importer synthesizes.
      const runtimeMethod = (def.implFlags & 3) === 3 && !generic;
      if ((def.rva === 0 || (def.implFlags & 3) !== 0) && !runtimeMethod) {
        entry.excluded = (def.flags & 0x400) ? "abstract" : (def.implFlags & 0x1000) ? "internal call" : (def.flags & 0x2000) ? "P/Invoke" : "no IL body";
        continue;
      }
      total++;
      if (td === 1) {
        exclude("global method");
        continue;
      }
      if (bypassed.has(row)) {
        exclude("BypassNGenAttribute");
        continue;
      }
      if (generic || r.methodSignature(row).genericParamCount > 0) {
        exclude("generic: compiled for each instantiation when it first runs");
        continue;
      }
      try {
        const md = ts.method(ts.defType(module, td), module, row);
        const imported = importMethod(env, md);
        considerCallees(imported.callees);
        pending.push({ md, entry, words: imported.words, ilMap: imported.ilMap });
        // Compile as batches fill, so only one batch of IR is alive at a time.
        if (pending.length === BATCH) flush();
      } catch (e) {
        if (e instanceof ImportError) exclude(e.reason);
        else if (e instanceof Error && (e.name === "TypeLoadError" || e.name === "BindError")) exclude(`${e.name}: ${e.message}`);
        else throw e;
      }
    }
  }

  // Debug and profile images hold the assembly's own methods only.
  for (let q = 0; q < instQueue.length && instantiations.length < MAX_INSTANTIATIONS && !options.debug && !options.profile; q++) {
    const md = instQueue[q]!;
    if (!md.hasBody || md.isAbstract || !inClosure(md.owner) || !md.methodArgs.every(inClosure)) continue;
    if (md.module === module && bypassed.has(md.row)) continue;
    try {
      const imported = importMethod(env, md);
      const entry: MethodEntry = { token: INSTANTIATION_TOKEN | (instantiations.length + 1), codeOffset: 0, codeSize: 0 };
      entries.push(entry);
      instantiations.push({ token: entry.token, key: instantiationKey(md) });
      considerCallees(imported.callees);
      pending.push({ md, entry, words: imported.words, ilMap: imported.ilMap });
      if (pending.length === BATCH) flush();
    } catch (e) {
      // Left to the JIT, which meets the same limit where it matters.
      if (!(e instanceof ImportError) && !(e instanceof Error && (e.name === "TypeLoadError" || e.name === "BindError"))) throw e;
    }
  }

  function flush(): void {
    if (!pending.length) return;
    const chunk = pending.splice(0, pending.length);
    core.backendReset();
    const res = compileBatch(core, packBatch(chunk.map((c) => c.words)), chunk.length);
    res.forEach((out, k) => {
      const p = chunk[k]!;
      if (out instanceof BackendError) {
        p.entry.excluded = `backend: ${out.message}`;
        exclusions.set(p.md.fullName, p.entry.excluded);
        return;
      }
      const pad = (16 - (size % 16)) % 16;
      if (pad) chunks.push(new Uint8Array(pad).fill(0xcc));
      size += pad;
      p.entry.codeOffset = size;
      p.entry.codeSize = out.dataOffset;
      const cells = new Set<number>();
      for (const rel of out.relocs) if (rel.kind === L.RELOC_REL32 && rel.symbol >= CELL_BASE && rel.symbol < CODE_BASE) cells.add(rel.symbol - CELL_BASE);
      p.entry.cells = [...cells];
      p.entry.saved = out.unwind.saved.map((r) => ({ reg: r.reg, rbpOffset: r.rbpOffset }));
      const symbol = env.codeSymbol!(p.md);
      codeOffset.set(symbol, size);
      placed.push({ symbol, offset: size, relocs: out.relocs });
      if (options.debug) {
        // IL offset → native offset: where the code of the IL instruction's first IR instruction
        // (or of the next one that produced code) starts.
        const pm = [...out.posMap].sort((a, b) => a.irInst - b.irInst || a.offset - b.offset);
        const pairs: [number, number][] = [];
        let j = 0;
        for (const { il, ir } of p.ilMap) {
          while (j < pm.length && pm[j]!.irInst < ir) j++;
          pairs.push([il, j < pm.length ? pm[j]!.offset : out.dataOffset]);
        }
        ilMaps.push({ token: p.entry.token, pairs });
      }
      chunks.push(out.code);
      size += out.code.length;
    });
  }
  flush();

  // Backend trap helpers are called directly; each gets a thunk `jmp [rip+cell]` after the code.
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
  for (const p of placed) {
    for (const rel of p.relocs) {
      const at = p.offset + rel.offset;
      if (rel.kind === L.RELOC_REL32) {
        if (rel.symbol >= CELL_BASE && rel.symbol < CODE_BASE) fixups.push({ offset: at, kind: "rel32-cell", target: rel.symbol - CELL_BASE, addend: rel.addend });
        else if (rel.symbol >= PROF_BASE && rel.symbol < PROF_BASE + counters.size) fixups.push({ offset: at, kind: "rel32-prof", target: rel.symbol - PROF_BASE, addend: rel.addend });
        else if (codeOffset.has(rel.symbol)) fixups.push({ offset: at, kind: "rel32-code", target: codeOffset.get(rel.symbol)!, addend: rel.addend });
        else if (rel.symbol >= IR.SYM_HELPER_BASE) fixups.push({ offset: at, kind: "rel32-code", target: thunkFor(rel.symbol), addend: rel.addend });
        else throw new Error(`internal: relocation to unknown symbol ${rel.symbol}`);
      } else {
        const target = codeOffset.get(rel.symbol);
        if (target === undefined) throw new Error(`internal: absolute relocation to unknown symbol ${rel.symbol}`);
        fixups.push({ offset: at, kind: "abs64-code", target, addend: rel.addend });
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
    identity,
    profileCounters: options.profile ? Math.max(counters.size, 1) : 0,
    ilMaps: options.debug ? ilMaps : undefined,
    instantiations,
  });
  const own = entries.filter((e) => e.token >>> 24 === Table.MethodDef);
  const compiled = own.filter((e) => e.excluded === undefined).length;
  const inst = entries.filter((e) => e.token >>> 24 !== Table.MethodDef && e.excluded === undefined).length;
  return { bytes, methods: { compiled, excluded: total - compiled, total }, instantiations: inst, exclusions, codeBytes: size };
}

/** PE32+ bases are 64 KiB aligned. */
function alignBase(b: bigint): bigint {
  return (b + 0xffffn) & ~0xffffn;
}
