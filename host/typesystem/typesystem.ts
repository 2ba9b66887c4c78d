/**
 * TypeSystem: loads assemblies through the binder and resolves metadata tokens to interned
 * TypeDesc / MethodDesc / FieldDesc objects, closing generic instantiations.
 *
 * Invariants:
 * - Interning: one object per distinct type (by key), method and field, so identity is ===.
 * - Core library types that have an element type (System.Int32, System.String, …) are the
 *   primitive TypeDescs, whichever way they are reached (ELEMENT_TYPE_I4 or a TypeRef).
 * - Resolution follows type forwarders (ExportedType rows) and is depth-limited; every failure
 *   is a TypeLoadError (or the binder's BindError) naming what was being resolved.
 */
import { Binder, BindContext } from "../binder/binder.js";
import { formatDisplayName, identityKey } from "../metadata/identity.js";
import { MetadataReader, tokenRow, tokenTable } from "../metadata/reader.js";
import { Table } from "../metadata/schema.js";
import { ElementType, MethodSig, TypeSig } from "../metadata/signatures.js";
import {
  FieldDesc, GenericContext, Kind, MethodDesc, MethodSignature, Module, NO_GENERICS, PRIMITIVE_NAMES, TypeDesc,
  TypeLoadError,
} from "./types.js";

const MAX_DEPTH = 32;

const PRIM_KEYS: Record<number, string> = {
  [Kind.Void]: "void", [Kind.Boolean]: "bool", [Kind.Char]: "char", [Kind.I1]: "int8", [Kind.U1]: "uint8",
  [Kind.I2]: "int16", [Kind.U2]: "uint16", [Kind.I4]: "int32", [Kind.U4]: "uint32", [Kind.I8]: "int64",
  [Kind.U8]: "uint64", [Kind.R4]: "float32", [Kind.R8]: "float64", [Kind.I]: "native int", [Kind.U]: "native uint",
  [Kind.String]: "string", [Kind.Object]: "object", [Kind.TypedRef]: "typedref",
};

const ELEMENT_KIND: Record<number, Kind> = {
  [ElementType.Void]: Kind.Void, [ElementType.Boolean]: Kind.Boolean, [ElementType.Char]: Kind.Char,
  [ElementType.I1]: Kind.I1, [ElementType.U1]: Kind.U1, [ElementType.I2]: Kind.I2, [ElementType.U2]: Kind.U2,
  [ElementType.I4]: Kind.I4, [ElementType.U4]: Kind.U4, [ElementType.I8]: Kind.I8, [ElementType.U8]: Kind.U8,
  [ElementType.R4]: Kind.R4, [ElementType.R8]: Kind.R8, [ElementType.I]: Kind.I, [ElementType.U]: Kind.U,
  [ElementType.String]: Kind.String, [ElementType.Object]: Kind.Object, [ElementType.TypedByRef]: Kind.TypedRef,
};

/** A context without type or method arguments (what a token means there never changes). */
function emptyContext(gctx: GenericContext): boolean {
  return gctx.typeArgs.length === 0 && gctx.methodArgs.length === 0;
}

export class TypeSystem {
  readonly modules: Module[] = [];
  private readonly byPath = new Map<string, Module>();
  /** Modules by full assembly identity (lower case): the runtime loads an identity once. */
  private readonly byIdentity = new Map<string, Module>();
  private readonly refCache = new Map<string, Module>();
  private readonly types = new Map<string, TypeDesc>();
  private readonly methodCache = new Map<string, MethodDesc>();
  private readonly fieldCache = new Map<string, FieldDesc>();
  private readonly methodLists = new Map<TypeDesc, MethodDesc[]>();
  private readonly fieldLists = new Map<TypeDesc, FieldDesc[]>();
  private corlibModule: Module | null = null;
  private readonly arities = new Map<Module, Uint16Array>();
  private readonly variances = new Map<Module, Map<number, number[]>>();
  private readonly plainTypes = new Map<Module, TypeDesc[]>();
  private readonly plainMethods = new Map<TypeDesc, MethodDesc[]>();
  private readonly interfaceImpls = new Map<Module, Map<number, number[]>>();
  /**
   * Per module (by index): what its method, field and type tokens resolved to, for the tokens
   * whose meaning does not depend on the generic context (or was resolved in an empty one).
   * IL names the same members over and over; this makes each one a lookup after the first.
   */
  private readonly tokenCaches: { methods: Map<number, MethodDesc>; fields: Map<number, FieldDesc>; types: Map<number, TypeDesc> }[] = [];
  private nextId = 1;

  constructor(
    readonly binder: Binder,
    readonly context: BindContext,
  ) {}

  // ---- modules ---------------------------------------------------------------------------------
  /** Loads the assembly at `path` (once). */
  load(path: string): Module {
    const known = this.byPath.get(path);
    if (known) return known;
    const b = this.binder.bindPath(path);
    return this.register(b.reader, b.path);
  }

  private register(reader: MetadataReader, path: string): Module {
    const known = this.byPath.get(path);
    if (known) return known;
    const id = reader.assembly();
    if (!id) throw new TypeLoadError(`${path}: not an assembly`);
    // The same assembly reached by another path (a symbolic link into the GAC, a reference bound
    // in the GAC to an assembly loaded by path) is the module already loaded.
    const idKey = identityKey(id);
    const same = this.byIdentity.get(idKey);
    if (same) {
      this.byPath.set(path, same);
      return same;
    }
    const m = new Module(reader, path, id, this.modules.length);
    this.modules.push(m);
    this.byPath.set(path, m);
    this.byIdentity.set(idKey, m);
    if (id.name === "mscorlib" && !this.corlibModule) this.corlibModule = m;
    return m;
  }

  /** The module an AssemblyRef row of `from` binds to. */
  assemblyRef(from: Module, row: number): Module {
    const key = `${from.index}:${row}`;
    const hit = this.refCache.get(key);
    if (hit) return hit;
    const ref = from.reader.assemblyRef(row);
    const self = from.identity;
    let m: Module;
    if (ref.name.toLowerCase() === self.name.toLowerCase()) m = from;
    else {
      const b = this.binder.bind(ref, this.context);
      m = this.register(b.reader, b.path);
    }
    this.refCache.set(key, m);
    return m;
  }

  /** The core library (mscorlib), bound from the first module's references when needed. */
  get corlib(): Module {
    if (this.corlibModule) return this.corlibModule;
    for (const m of [...this.modules]) {
      for (let r = 1; r <= m.reader.rows(Table.AssemblyRef); r++) {
        if (m.reader.assemblyRef(r).name === "mscorlib") return this.assemblyRef(m, r);
      }
    }
    throw new TypeLoadError("no module references mscorlib, and mscorlib itself is not loaded");
  }

  // ---- interning ---------------------------------------------------------------------------------
  private intern(key: string, make: (id: number) => TypeDesc): TypeDesc {
    let t = this.types.get(key);
    if (!t) {
      t = make(this.nextId++);
      this.types.set(key, t);
    }
    return t;
  }

  primitive(kind: Kind): TypeDesc {
    return (this.primitives[kind] ??= this.makePrimitive(kind));
  }
  private readonly primitives: TypeDesc[] = [];

  private makePrimitive(kind: Kind): TypeDesc {
    const key = PRIM_KEYS[kind];
    if (!key) throw new TypeLoadError(`kind ${kind} is not a primitive`);
    return this.intern(key, (id) => {
      const corlib = this.corlib;
      const name = [...PRIMITIVE_NAMES].find(([, k]) => k === kind)![0];
      const row = corlib.reader.findTypeDef("System", name);
      if (!row) throw new TypeLoadError(`${corlib.path}: System.${name} is missing`);
      return new TypeDesc(kind, key, id, corlib, row);
    });
  }

  szArray(elem: TypeDesc): TypeDesc {
    return this.derived(this.szArrays, Kind.SzArray, elem, "[]");
  }
  /** Array, pointer and byref types by element (each also interned by key). */
  private readonly szArrays = new Map<TypeDesc, TypeDesc>();
  private readonly pointers = new Map<TypeDesc, TypeDesc>();
  private readonly byRefs = new Map<TypeDesc, TypeDesc>();
  /** The `kind` type over `elem` (key: elem's key + suffix), found by element before any key is built. */
  private derived(byElem: Map<TypeDesc, TypeDesc>, kind: Kind, elem: TypeDesc, suffix: string): TypeDesc {
    let t = byElem.get(elem);
    if (!t) {
      const key = elem.key + suffix;
      byElem.set(elem, (t = this.intern(key, (id) => new TypeDesc(kind, key, id, null, 0, [], elem))));
    }
    return t;
  }
  mdArray(elem: TypeDesc, rank: number): TypeDesc {
    const key = `${elem.key}[${",".repeat(rank - 1)}]${rank === 1 ? "(md)" : ""}`;
    return this.intern(key, (id) => new TypeDesc(Kind.Array, key, id, null, 0, [], elem, rank));
  }
  pointer(elem: TypeDesc): TypeDesc {
    return this.derived(this.pointers, Kind.Ptr, elem, "*");
  }
  byRef(elem: TypeDesc): TypeDesc {
    return this.derived(this.byRefs, Kind.ByRef, elem, "&");
  }
  genericParam(kind: Kind.Var | Kind.MVar, index: number): TypeDesc {
    const key = `${kind === Kind.Var ? "!" : "!!"}${index}`;
    return this.intern(key, (id) => new TypeDesc(kind, key, id, null, 0, [], null, index));
  }
  fnPtr(sig: MethodSignature): TypeDesc {
    const key = `method ${sig.returnType.key} *(${sig.params.map((p) => p.key).join(",")})`;
    return this.intern(key, (id) => new TypeDesc(Kind.FnPtr, key, id, null, 0, [], null, 0, sig));
  }

  /** The TypeDesc of TypeDef `row` of `m`, instantiated with `args` when generic. */
  defType(m: Module, row: number, args: readonly TypeDesc[] = []): TypeDesc {
    if (args.length === 0) {
      // The common case, asked for constantly by the importer: one array lookup.
      let byRow = this.plainTypes.get(m);
      if (!byRow) this.plainTypes.set(m, (byRow = []));
      return (byRow[row] ??= this.makeDefType(m, row, args));
    }
    // Instantiations: a tree per generic definition over the arguments (no key is built when
    // the instantiation is known).
    if (args.length !== this.genericArity(m, row)) return this.makeDefType(m, row, args);
    const def = m.index * 0x1000000 + row;
    let node = this.instances.get(def);
    if (!node) this.instances.set(def, (node = new Map()));
    for (let i = 0; i + 1 < args.length; i++) {
      let next = node.get(args[i]!) as Map<TypeDesc, unknown> | undefined;
      if (!next) node.set(args[i]!, (next = new Map()));
      node = next;
    }
    const last = args[args.length - 1]!;
    let t = node.get(last) as TypeDesc | undefined;
    if (!t) node.set(last, (t = this.makeDefType(m, row, args)));
    return t;
  }
  /** Instantiated types per generic definition (module index × 2^24 + row): nested maps by argument. */
  private readonly instances = new Map<number, Map<TypeDesc, unknown>>();

  private makeDefType(m: Module, row: number, args: readonly TypeDesc[]): TypeDesc {
    const r = m.reader;
    if (m === this.corlibModule && args.length === 0 && r.enclosingType(row) === 0 && r.typeDefNamespace(row) === "System") {
      const prim = PRIMITIVE_NAMES.get(r.typeDefName(row));
      if (prim !== undefined) return this.primitive(prim);
    }
    const arity = this.genericArity(m, row);
    if (args.length !== 0 && args.length !== arity) {
      throw new TypeLoadError(`${r.typeDefFullName(row)} takes ${arity} generic arguments, got ${args.length}`);
    }
    const base = `[${m.name}]${r.typeDefFullName(row)}`;
    const key = args.length ? `${base}<${args.map((a) => a.key).join(",")}>` : base;
    return this.intern(key, (id) => new TypeDesc(this.isValueTypeDef(m, row) ? Kind.ValueType : Kind.Class, key, id, m, row, args));
  }

  /** Number of generic parameters a TypeDef declares. */
  genericArity(m: Module, row: number): number {
    let arity = this.arities.get(m);
    if (!arity) {
      // One pass over GenericParam per module instead of one per question.
      const r = m.reader;
      arity = new Uint16Array(r.rows(Table.TypeDef) + 1);
      for (let g = 1; g <= r.rows(Table.GenericParam); g++) {
        const owner = r.tables.coded(Table.GenericParam, g, 2);
        if (tokenTable(owner) === Table.TypeDef) arity[tokenRow(owner)]!++;
      }
      this.arities.set(m, arity);
    }
    return arity[row] ?? 0;
  }

  /**
   * Variance of each generic parameter a TypeDef declares, in order: 0 invariant, 1 covariant
   * (`out`), 2 contravariant (`in`) — the GenericParam flags (ECMA-335 II.23.1.7).
   */
  genericVariance(m: Module, row: number): readonly number[] {
    let byRow = this.variances.get(m);
    if (!byRow) {
      byRow = new Map();
      const r = m.reader;
      for (let g = 1; g <= r.rows(Table.GenericParam); g++) {
        const owner = r.tables.coded(Table.GenericParam, g, 2);
        if (tokenTable(owner) !== Table.TypeDef) continue;
        let list = byRow.get(tokenRow(owner));
        if (!list) byRow.set(tokenRow(owner), (list = []));
        list[r.tables.cell(Table.GenericParam, g, 0)] = r.tables.cell(Table.GenericParam, g, 1) & 3;
      }
      this.variances.set(m, byRow);
    }
    return byRow.get(row) ?? [];
  }

  /** A TypeDef is a value type when it derives from System.ValueType or System.Enum (and is not System.Enum). */
  private isValueTypeDef(m: Module, row: number): boolean {
    const r = m.reader;
    const ext = r.typeDefExtends(row);
    if (tokenRow(ext) === 0) return false;
    const base = this.locateDef(m, ext, 0);
    if (!base) return false;
    if (base.m !== this.corlib) return false;
    const name = base.m.reader.typeDefFullName(base.row);
    if (name === "System.Enum") return !(m === this.corlib && r.typeDefFullName(row) === "System.ValueType");
    if (name === "System.ValueType") return !(m === this.corlib && r.typeDefFullName(row) === "System.Enum");
    return false;
  }

  // ---- tokens and signatures ---------------------------------------------------------------------
  /** Finds the TypeDef a TypeDef/TypeRef token names (no instantiation), following forwarders. */
  locateDef(m: Module, token: number, depth: number): { m: Module; row: number } | null {
    if (depth > MAX_DEPTH) throw new TypeLoadError(`${m.path}: type reference chain too long at token 0x${token.toString(16)}`);
    const r = m.reader;
    const row = tokenRow(token);
    if (tokenTable(token) === Table.TypeDef) {
      r.tables.checkRow(Table.TypeDef, row, -1);
      return { m, row };
    }
    if (tokenTable(token) !== Table.TypeRef) return null;
    r.tables.checkRow(Table.TypeRef, row, -1);
    const t = r.tables;
    const scope = t.coded(Table.TypeRef, row, 0);
    const name = r.string(t.cell(Table.TypeRef, row, 1));
    const ns = r.string(t.cell(Table.TypeRef, row, 2));
    switch (tokenTable(scope)) {
      case Table.TypeRef: {
        const outer = this.locateDef(m, scope, depth + 1);
        if (!outer) return null;
        const nested = outer.m.reader.findNestedTypeDef(outer.row, name);
        if (!nested) throw new TypeLoadError(`${outer.m.path}: no nested type ${name} in ${outer.m.reader.typeDefFullName(outer.row)}`);
        return { m: outer.m, row: nested };
      }
      case Table.AssemblyRef:
        return this.findByName(this.assemblyRef(m, tokenRow(scope)), ns, name, depth + 1);
      case Table.ModuleRef:
        throw new TypeLoadError(`${m.path}: multi-module assemblies are not supported (type ${ns}.${name})`);
      default:
        return this.findByName(m, ns, name, depth + 1);
    }
  }

  /** A top-level type by namespace and name in `m`, or where `m` forwards it. */
  findByName(m: Module, ns: string, name: string, depth = 0): { m: Module; row: number } {
    const row = m.reader.findTypeDef(ns, name);
    if (row) return { m, row };
    const r = m.reader;
    const t = r.tables;
    for (let e = 1; e <= r.rows(Table.ExportedType); e++) {
      if (r.string(t.cell(Table.ExportedType, e, 2)) !== name || r.string(t.cell(Table.ExportedType, e, 3)) !== ns) continue;
      const impl = t.coded(Table.ExportedType, e, 4);
      if (tokenTable(impl) === Table.AssemblyRef && tokenRow(impl)) {
        if (depth > MAX_DEPTH) throw new TypeLoadError(`${m.path}: type forwarding chain too long for ${ns}.${name}`);
        return this.findByName(this.assemblyRef(m, tokenRow(impl)), ns, name, depth + 1);
      }
    }
    throw new TypeLoadError(`${m.path}: type ${ns ? ns + "." : ""}${name} is not defined in ${formatDisplayName(m.identity)}`);
  }

  /** A type by its namespace and name in the core library. */
  corlibType(ns: string, name: string): TypeDesc {
    const d = this.findByName(this.corlib, ns, name);
    return this.defType(d.m, d.row);
  }

  private tokenCache(m: Module) {
    return (this.tokenCaches[m.index] ??= { methods: new Map(), fields: new Map(), types: new Map() });
  }

  /**
   * Whether a member token (MethodDef, Field or MemberRef) of `m` means the same in every
   * generic context: a member of a non-generic type, or a MemberRef whose parent is a
   * TypeDef or TypeRef (a generic type's members are referenced through a TypeSpec).
   */
  private memberContextFree(m: Module, token: number): boolean {
    const r = m.reader;
    const row = tokenRow(token);
    switch (tokenTable(token)) {
      case Table.MethodDef:
        return this.genericArity(m, r.methodDeclaringType(row)) === 0;
      case Table.Field:
        return this.genericArity(m, r.fieldDeclaringType(row)) === 0;
      case Table.MemberRef: {
        const parent = tokenTable(r.memberRefParent(row));
        return parent === Table.TypeDef || parent === Table.TypeRef;
      }
      default:
        return false;
    }
  }

  /** The TypeDesc of a TypeDef, TypeRef or TypeSpec token in `gctx`. */
  typeFromToken(m: Module, token: number, gctx: GenericContext = NO_GENERICS): TypeDesc {
    // TypeDef and TypeRef tokens never depend on the context; TypeSpecs only in a generic one.
    const cacheable = tokenTable(token) !== Table.TypeSpec || emptyContext(gctx);
    if (!cacheable) return this.resolveType(m, token, gctx);
    const cache = this.tokenCache(m).types;
    let t = cache.get(token);
    if (t === undefined) cache.set(token, (t = this.resolveType(m, token, gctx)));
    return t;
  }

  private resolveType(m: Module, token: number, gctx: GenericContext): TypeDesc {
    if (tokenTable(token) === Table.TypeSpec) {
      m.reader.tables.checkRow(Table.TypeSpec, tokenRow(token), -1);
      return this.typeFromSig(m, m.reader.typeSpec(tokenRow(token)), gctx);
    }
    const d = this.locateDef(m, token, 0);
    if (!d) throw new TypeLoadError(`${m.path}: token 0x${token.toString(16)} is not a type`);
    return this.defType(d.m, d.row);
  }

  typeFromSig(m: Module, s: TypeSig, gctx: GenericContext): TypeDesc {
    switch (s.kind) {
      case "prim": {
        const k = ELEMENT_KIND[s.type];
        if (k === undefined) throw new TypeLoadError(`${m.path}: element type 0x${s.type.toString(16)} in a signature`);
        return this.primitive(k);
      }
      case "class":
      case "valuetype":
        return this.typeFromToken(m, s.token, gctx);
      case "generic": {
        const d = this.locateDef(m, s.token, 0);
        if (!d) throw new TypeLoadError(`${m.path}: generic instantiation of a non-type token`);
        return this.defType(d.m, d.row, s.args.map((a) => this.typeFromSig(m, a, gctx)));
      }
      case "szarray":
        return this.szArray(this.typeFromSig(m, s.elem, gctx));
      case "array":
        return this.mdArray(this.typeFromSig(m, s.elem, gctx), s.rank);
      case "ptr":
        return this.pointer(this.typeFromSig(m, s.elem, gctx));
      case "byref":
        return this.byRef(this.typeFromSig(m, s.elem, gctx));
      case "var": {
        const t = gctx.typeArgs[s.index];
        return t ?? this.genericParam(Kind.Var, s.index);
      }
      case "mvar": {
        const t = gctx.methodArgs[s.index];
        return t ?? this.genericParam(Kind.MVar, s.index);
      }
      case "fnptr":
        return this.fnPtr(this.methodSig(m, s.sig, gctx));
      case "modified":
        return this.typeFromSig(m, s.type, gctx); // custom modifiers do not change the type's identity for us
      case "pinned":
        return this.typeFromSig(m, s.type, gctx);
    }
  }

  methodSig(m: Module, s: MethodSig, gctx: GenericContext): MethodSignature {
    return {
      hasThis: s.hasThis,
      explicitThis: s.explicitThis,
      callConv: s.callConv,
      genericParamCount: s.genericParamCount,
      returnType: this.typeFromSig(m, s.returnType, gctx),
      params: s.params.map((p) => this.typeFromSig(m, p, gctx)),
      sentinelIndex: s.sentinelIndex,
    };
  }

  // ---- members -----------------------------------------------------------------------------------
  /** The open generic context of a type definition: !0..!n-1 stand for themselves. */
  private openContext(arity: number, methodArity = 0): GenericContext {
    return {
      typeArgs: Array.from({ length: arity }, (_, i) => this.genericParam(Kind.Var, i)),
      methodArgs: Array.from({ length: methodArity }, (_, i) => this.genericParam(Kind.MVar, i)),
    };
  }

  /** MethodDesc of MethodDef `row` (of `m`) on `owner` (an instantiation of its declaring type). */
  method(owner: TypeDesc, m: Module, row: number, methodArgs: readonly TypeDesc[] = []): MethodDesc {
    if (methodArgs.length === 0) {
      let byRow = this.plainMethods.get(owner);
      if (!byRow) this.plainMethods.set(owner, (byRow = []));
      const known = byRow[row];
      if (known && known.module === m) return known;
      const md = this.makeMethod(owner, m, row, methodArgs);
      byRow[row] = md;
      return md;
    }
    return this.makeMethod(owner, m, row, methodArgs);
  }

  private makeMethod(owner: TypeDesc, m: Module, row: number, methodArgs: readonly TypeDesc[]): MethodDesc {
    const key = `${owner.key}::${m.index}:${row}${methodArgs.length ? `<${methodArgs.map((a) => a.key).join(",")}>` : ""}`;
    let md = this.methodCache.get(key);
    if (md) return md;
    const r = m.reader;
    const def = r.methodDef(row);
    const sig = this.methodSig(m, r.methodSignature(row), { typeArgs: owner.args, methodArgs });
    if (methodArgs.length && methodArgs.length !== sig.genericParamCount) {
      throw new TypeLoadError(`${owner.key}::${def.name} takes ${sig.genericParamCount} generic arguments, got ${methodArgs.length}`);
    }
    md = new MethodDesc(owner, m, row, def.name, def.flags, def.implFlags, sig, methodArgs, key);
    this.methodCache.set(key, md);
    return md;
  }

  /** Every method a type declares (not inherited), instantiated for it. */
  methodsOf(t: TypeDesc): MethodDesc[] {
    const known = this.methodLists.get(t);
    if (known) return known;
    const list: MethodDesc[] = [];
    if (t.module) {
      const r = t.module.reader;
      const td = r.typeDef(t.row);
      for (let i = td.methodList[0]; i < td.methodList[1]; i++) list.push(this.method(t, t.module, r.methodRow(i)));
    }
    this.methodLists.set(t, list);
    return list;
  }

  /** Whether a type declares a static constructor (.cctor), read from metadata without loading its methods. */
  hasStaticConstructor(t: TypeDesc): boolean {
    if (!t.module) return false;
    const m = t.module;
    let known = this.cctors[m.index];
    if (!known) known = this.cctors[m.index] = new Uint8Array(m.reader.rows(Table.TypeDef) + 1);
    if (known[t.row] === 0) {
      const r = m.reader;
      const td = r.typeDef(t.row);
      let has = false;
      for (let i = td.methodList[0]; i < td.methodList[1] && !has; i++) has = r.methodName(r.methodRow(i)) === ".cctor";
      known[t.row] = has ? 2 : 1;
    }
    return known[t.row] === 2;
  }
  /** Per module (by index), per TypeDef row: 0 not known yet, 1 no .cctor, 2 a .cctor. */
  private readonly cctors: Uint8Array[] = [];

  /** Every field a type declares (not inherited), with its type instantiated. */
  fieldsOf(t: TypeDesc): FieldDesc[] {
    const known = this.fieldLists.get(t);
    if (known) return known;
    const list: FieldDesc[] = [];
    if (t.module) {
      const m = t.module;
      const r = m.reader;
      const td = r.typeDef(t.row);
      for (let i = td.fieldList[0]; i < td.fieldList[1]; i++) {
        const row = r.fieldRow(i);
        const key = `${t.key}::${m.index}:${row}`;
        let f = this.fieldCache.get(key);
        if (!f) {
          f = new FieldDesc(t, m, row, r.fieldName(row), r.tables.cell(Table.Field, row, 0), this.typeFromSig(m, r.fieldSignature(row), { typeArgs: t.args, methodArgs: [] }));
          this.fieldCache.set(key, f);
        }
        list.push(f);
      }
    }
    this.fieldLists.set(t, list);
    return list;
  }

  /** The base type (instantiated), or null for System.Object, interfaces and non-class types. */
  baseType(t: TypeDesc): TypeDesc | null {
    if (t.kind === Kind.SzArray || t.kind === Kind.Array) return this.corlibType("System", "Array");
    if (!t.module) return null;
    const ext = t.module.reader.typeDefExtends(t.row);
    if (tokenRow(ext) === 0) return null;
    return this.typeFromToken(t.module, ext, { typeArgs: t.args, methodArgs: [] });
  }

  /** Interfaces a type declares directly (InterfaceImpl rows), instantiated. */
  declaredInterfaces(t: TypeDesc): TypeDesc[] {
    if (!t.module) return [];
    const m = t.module;
    let byClass = this.interfaceImpls.get(m);
    if (!byClass) {
      byClass = new Map();
      const r = m.reader;
      for (let i = 1; i <= r.rows(Table.InterfaceImpl); i++) {
        const cls = r.tables.ref(Table.InterfaceImpl, i, 0);
        const list = byClass.get(cls) ?? [];
        list.push(r.tables.coded(Table.InterfaceImpl, i, 1));
        byClass.set(cls, list);
      }
      this.interfaceImpls.set(m, byClass);
    }
    return (byClass.get(t.row) ?? []).map((tok) => this.typeFromToken(m, tok, { typeArgs: t.args, methodArgs: [] }));
  }

  /** Resolves a MethodDef, MemberRef or MethodSpec token used in `m`'s IL. */
  methodFromToken(m: Module, token: number, gctx: GenericContext = NO_GENERICS): MethodDesc {
    const cache = this.tokenCache(m).methods;
    const known = cache.get(token);
    if (known !== undefined) return known;
    const md = this.resolveMethod(m, token, gctx);
    if (emptyContext(gctx) || (tokenTable(token) !== Table.MethodSpec && this.memberContextFree(m, token))) cache.set(token, md);
    return md;
  }

  private resolveMethod(m: Module, token: number, gctx: GenericContext): MethodDesc {
    const r = m.reader;
    const row = tokenRow(token);
    switch (tokenTable(token)) {
      case Table.MethodDef: {
        r.tables.checkRow(Table.MethodDef, row, -1);
        const ownerRow = r.methodDeclaringType(row);
        if (!ownerRow) throw new TypeLoadError(`${m.path}: global method 0x${token.toString(16)} is not supported`);
        // A MethodDef token names the method on its type's open (or non-generic) form.
        const arity = this.genericArity(m, ownerRow);
        const owner = this.defType(m, ownerRow, arity ? this.openContext(arity).typeArgs.map((a) => gctx.typeArgs[a.rank] ?? a) : []);
        return this.method(owner, m, row);
      }
      case Table.MemberRef: {
        r.tables.checkRow(Table.MemberRef, row, -1);
        const parent = r.memberRefParent(row);
        const name = r.memberRefName(row);
        const sig = r.memberRefSignature(row);
        if (!("method" in sig)) throw new TypeLoadError(`${m.path}: MemberRef 0x${token.toString(16)} (${name}) is a field, used as a method`);
        if (tokenTable(parent) === Table.MethodDef) return this.methodFromToken(m, parent, gctx); // vararg call site
        const owner = this.typeFromToken(m, parent, gctx);
        return this.findMethod(owner, name, m, sig.method, token);
      }
      case Table.MethodSpec: {
        r.tables.checkRow(Table.MethodSpec, row, -1);
        const spec = r.methodSpec(row);
        const generic = this.methodFromToken(m, spec.method, gctx);
        const args = spec.args.map((a) => this.typeFromSig(m, a, gctx));
        return this.method(generic.owner, generic.module, generic.row, args);
      }
      default:
        throw new TypeLoadError(`${m.path}: token 0x${token.toString(16)} is not a method`);
    }
  }

  /** Finds the method `name` with MemberRef signature `refSig` (written in `refModule`) on `owner` or its bases. */
  private findMethod(owner: TypeDesc, name: string, refModule: Module, refSig: MethodSig, token: number): MethodDesc {
    if (owner.kind === Kind.SzArray || owner.kind === Kind.Array) {
      return this.arrayMethod(owner, name, refModule, refSig);
    }
    for (let t: TypeDesc | null = owner, depth = 0; t && depth < 64; t = this.baseType(t), depth++) {
      if (!t.module) continue;
      const r = t.module.reader;
      const arity = this.genericArity(t.module, t.row);
      const open = this.openContext(arity, refSig.genericParamCount);
      const want = this.methodSig(refModule, refSig, open);
      const td = r.typeDef(t.row);
      for (let i = td.methodList[0]; i < td.methodList[1]; i++) {
        const row = r.methodRow(i);
        if (r.methodName(row) !== name) continue;
        const have = this.methodSig(t.module, r.methodSignature(row), open);
        if (sameSignature(have, want)) return this.method(t, t.module, row);
      }
    }
    throw new TypeLoadError(`${refModule.path}: method ${owner.key}::${name} (MemberRef 0x${token.toString(16)}) not found`);
  }

  /** Array types' runtime-provided methods: Get, Set, Address and the constructors. */
  private arrayMethod(owner: TypeDesc, name: string, m: Module, s: MethodSig): MethodDesc {
    const sig = this.methodSig(m, s, NO_GENERICS);
    const key = `${owner.key}::${name}(${sig.params.map((p) => p.key).join(",")})`;
    let md = this.methodCache.get(key);
    if (!md) {
      md = new MethodDesc(owner, this.corlib, 0, name, name === ".ctor" ? 0x1886 : 0x0086, 0x1003, sig, [], key);
      this.methodCache.set(key, md);
    }
    return md;
  }

  /** Resolves a Field or MemberRef (field) token. */
  fieldFromToken(m: Module, token: number, gctx: GenericContext = NO_GENERICS): FieldDesc {
    const cache = this.tokenCache(m).fields;
    const known = cache.get(token);
    if (known !== undefined) return known;
    const f = this.resolveField(m, token, gctx);
    if (emptyContext(gctx) || this.memberContextFree(m, token)) cache.set(token, f);
    return f;
  }

  private resolveField(m: Module, token: number, gctx: GenericContext): FieldDesc {
    const r = m.reader;
    const row = tokenRow(token);
    if (tokenTable(token) === Table.Field) {
      r.tables.checkRow(Table.Field, row, -1);
      const ownerRow = r.fieldDeclaringType(row);
      const arity = this.genericArity(m, ownerRow);
      const owner = this.defType(m, ownerRow, arity ? this.openContext(arity).typeArgs.map((a) => gctx.typeArgs[a.rank] ?? a) : []);
      const f = this.fieldsOf(owner).find((x) => x.row === row);
      if (!f) throw new TypeLoadError(`${m.path}: field 0x${token.toString(16)} not found on ${owner.key}`);
      return f;
    }
    if (tokenTable(token) !== Table.MemberRef) throw new TypeLoadError(`${m.path}: token 0x${token.toString(16)} is not a field`);
    r.tables.checkRow(Table.MemberRef, row, -1);
    const owner = this.typeFromToken(m, r.memberRefParent(row), gctx);
    const name = r.memberRefName(row);
    for (let t: TypeDesc | null = owner, depth = 0; t && depth < 64; t = this.baseType(t), depth++) {
      const f = this.fieldsOf(t).find((x) => x.name === name);
      if (f) return f;
    }
    throw new TypeLoadError(`${m.path}: field ${owner.key}::${name} not found`);
  }

  /** Whether `t` is `ancestor` or derives from it (classes only; see vtable.ts for interfaces). */
  derivesFrom(t: TypeDesc, ancestor: TypeDesc): boolean {
    for (let c: TypeDesc | null = t, depth = 0; c && depth < 64; c = this.baseType(c), depth++) if (c === ancestor) return true;
    return false;
  }
}

export function sameSignature(a: MethodSignature, b: MethodSignature): boolean {
  if (a.hasThis !== b.hasThis || a.genericParamCount !== b.genericParamCount || a.returnType !== b.returnType) return false;
  // A vararg call site lists extra arguments after the sentinel; only the fixed part must match.
  const n = b.sentinelIndex >= 0 ? b.sentinelIndex : b.params.length;
  if (a.params.length !== n) return false;
  for (let i = 0; i < n; i++) if (a.params[i] !== b.params[i]) return false;
  return true;
}
