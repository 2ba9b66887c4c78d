/**
 * MetadataReader: the entry point to one assembly or module file. Handle-based and lazy in
 * the style of System.Reflection.Metadata: rows are integers (1-based) into the tables, read
 * on demand from one Uint8Array; small objects are built only when a caller asks for them.
 *
 * Invariants: every row number and coded index read from the file is validated before it is
 * used as a row; every name lookup that follows a chain in the file (nesting, TypeRef scopes)
 * is depth-limited, so cyclic metadata is an error rather than a hang.
 */
import { BadImageError } from "./errors.js";
import { ByteView } from "./bytes.js";
import { PEImage } from "./pe.js";
import { BlobRange, Metadata } from "./metadata.js";
import { Table } from "./schema.js";
import { AssemblyIdentity, AssemblyFlags, formatDisplayName, hex, publicKeyToken } from "./identity.js";
import {
  MethodSig, TypeSig, decodeFieldSig, decodeLocalsSig, decodeMethodSig, decodeMethodSpec, decodePropertySig,
  decodeStandAloneSig, decodeTypeSpec, firstByte, formatType,
} from "./signatures.js";

export const tokenTable = (token: number): number => token >>> 24;
export const tokenRow = (token: number): number => token & 0xffffff;
export const makeToken = (table: number, row: number): number => ((table << 24) | row) >>> 0;

const MAX_NAME_DEPTH = 64;

// Column positions (see schema.ts).
const TD_FLAGS = 0, TD_NAME = 1, TD_NAMESPACE = 2, TD_EXTENDS = 3, TD_FIELDS = 4, TD_METHODS = 5;
const MD_RVA = 0, MD_IMPLFLAGS = 1, MD_FLAGS = 2, MD_NAME = 3, MD_SIG = 4, MD_PARAMS = 5;

export interface TypeDefInfo {
  row: number;
  flags: number;
  name: string;
  namespace: string;
  /** Token of the base type (TypeDef/TypeRef/TypeSpec), row 0 when none. */
  extends: number;
  /**
   * Half-open ranges of list positions. Without *Ptr tables a position is the Field/MethodDef
   * row itself; with them (uncompressed #- metadata) map each position through fieldRow/methodRow.
   */
  fieldList: [number, number];
  methodList: [number, number];
}

export interface MethodDefInfo {
  row: number;
  rva: number;
  implFlags: number;
  flags: number;
  name: string;
  signature: number;
  paramList: [number, number];
}

export class MetadataReader {
  readonly pe: PEImage;
  readonly md: Metadata;
  private methodOwner: Int32Array | null = null;
  private fieldOwner: Int32Array | null = null;
  private enclosing: Int32Array | null = null;
  private typeIndex: Map<string, number> | null = null;

  constructor(bytes: Uint8Array, readonly file: string) {
    this.pe = new PEImage(bytes, file);
    this.md = new Metadata(this.pe);
  }

  /** Reads `bytes` as an assembly or module, converting any internal slip into a BadImageError. */
  static open(bytes: Uint8Array, file: string): MetadataReader {
    return guard(file, () => new MetadataReader(bytes, file));
  }

  get tables() {
    return this.md.tables;
  }
  get data(): ByteView {
    return this.pe.data;
  }
  rows(t: Table): number {
    return this.md.tables.rows(t);
  }

  // ---- heaps -------------------------------------------------------------------------------
  string(i: number): string {
    return this.md.string(i);
  }
  blob(i: number): ByteView {
    return this.md.blob(i);
  }
  blobRange(i: number): BlobRange {
    return this.md.blobRange(i);
  }

  // ---- module and assembly identity ----------------------------------------------------------
  get moduleName(): string {
    return this.rows(Table.Module) ? this.string(this.tables.cell(Table.Module, 1, 1)) : "";
  }
  get mvid(): string | null {
    return this.rows(Table.Module) ? this.md.guid(this.tables.cell(Table.Module, 1, 2)) : null;
  }
  get isAssembly(): boolean {
    return this.rows(Table.Assembly) > 0;
  }

  /** The Assembly row's identity, or null for a module without a manifest. */
  assembly(): AssemblyIdentity | null {
    if (!this.isAssembly) return null;
    const t = this.tables;
    const key = this.blob(t.cell(Table.Assembly, 1, 6)).bytes;
    const flags = t.cell(Table.Assembly, 1, 5);
    return {
      name: this.string(t.cell(Table.Assembly, 1, 7)),
      version: {
        major: t.cell(Table.Assembly, 1, 1),
        minor: t.cell(Table.Assembly, 1, 2),
        build: t.cell(Table.Assembly, 1, 3),
        revision: t.cell(Table.Assembly, 1, 4),
      },
      culture: this.string(t.cell(Table.Assembly, 1, 8)),
      flags,
      publicKey: key.length ? key.slice() : null,
      publicKeyToken: key.length ? publicKeyToken(key) : "",
      hashAlgorithm: t.cell(Table.Assembly, 1, 0),
    };
  }

  assemblyRef(row: number): AssemblyIdentity {
    const t = this.tables;
    const flags = t.cell(Table.AssemblyRef, row, 4);
    const kt = this.blob(t.cell(Table.AssemblyRef, row, 5)).bytes;
    const hasKey = (flags & AssemblyFlags.PublicKey) !== 0;
    let token = "";
    if (kt.length) {
      if (hasKey) token = publicKeyToken(kt);
      else if (kt.length === 8) token = hex(kt);
      else this.data.fail(t.cellOffset(Table.AssemblyRef, row, 5), `AssemblyRef ${row}: public key token is ${kt.length} bytes, expected 8`);
    }
    return {
      name: this.string(t.cell(Table.AssemblyRef, row, 6)),
      version: {
        major: t.cell(Table.AssemblyRef, row, 0),
        minor: t.cell(Table.AssemblyRef, row, 1),
        build: t.cell(Table.AssemblyRef, row, 2),
        revision: t.cell(Table.AssemblyRef, row, 3),
      },
      culture: this.string(t.cell(Table.AssemblyRef, row, 7)),
      flags,
      publicKey: hasKey && kt.length ? kt.slice() : null,
      publicKeyToken: token,
    };
  }

  assemblyRefs(): AssemblyIdentity[] {
    const out: AssemblyIdentity[] = [];
    for (let r = 1; r <= this.rows(Table.AssemblyRef); r++) out.push(this.assemblyRef(r));
    return out;
  }

  displayName(): string {
    const a = this.assembly();
    return a ? formatDisplayName(a) : this.moduleName;
  }

  // ---- indirection through the *Ptr tables of uncompressed (#-) metadata -------------------
  fieldRow(i: number): number {
    return this.rows(Table.FieldPtr) ? this.tables.ref(Table.FieldPtr, i, 0) : i;
  }
  methodRow(i: number): number {
    return this.rows(Table.MethodPtr) ? this.tables.ref(Table.MethodPtr, i, 0) : i;
  }
  paramRow(i: number): number {
    return this.rows(Table.ParamPtr) ? this.tables.ref(Table.ParamPtr, i, 0) : i;
  }
  eventRow(i: number): number {
    return this.rows(Table.EventPtr) ? this.tables.ref(Table.EventPtr, i, 0) : i;
  }
  propertyRow(i: number): number {
    return this.rows(Table.PropertyPtr) ? this.tables.ref(Table.PropertyPtr, i, 0) : i;
  }

  // ---- types ---------------------------------------------------------------------------------
  typeDef(row: number): TypeDefInfo {
    const t = this.tables;
    t.checkRow(Table.TypeDef, row, -1);
    return {
      row,
      flags: t.cell(Table.TypeDef, row, TD_FLAGS),
      name: this.string(t.cell(Table.TypeDef, row, TD_NAME)),
      namespace: this.string(t.cell(Table.TypeDef, row, TD_NAMESPACE)),
      extends: t.coded(Table.TypeDef, row, TD_EXTENDS),
      fieldList: this.rows(Table.FieldPtr) ? this.ptrListRange(Table.TypeDef, row, TD_FIELDS, Table.FieldPtr) : t.listRange(Table.TypeDef, row, TD_FIELDS),
      methodList: this.rows(Table.MethodPtr) ? this.ptrListRange(Table.TypeDef, row, TD_METHODS, Table.MethodPtr) : t.listRange(Table.TypeDef, row, TD_METHODS),
    };
  }

  /** With *Ptr tables, list columns index the Ptr table, whose length bounds the run. */
  private ptrListRange(t: Table, row: number, c: number, ptr: Table): [number, number] {
    const tb = this.tables;
    const n = this.rows(t);
    const read = (r: number) => {
      const v = tb.cell(t, r, c);
      if (v === 0 || v > this.rows(ptr) + 1) this.data.fail(tb.cellOffset(t, r, c), `list index ${v} outside ${this.rows(ptr) + 1}`);
      return v;
    };
    const start = read(row);
    const end = row < n ? read(row + 1) : this.rows(ptr) + 1;
    if (end < start) this.data.fail(tb.cellOffset(t, row, c), "list runs are not ascending");
    return [start, end];
  }

  /** One column of a TypeDef row, without building the whole TypeDefInfo. */
  typeDefFlags(row: number): number {
    this.tables.checkRow(Table.TypeDef, row, -1);
    return this.tables.cell(Table.TypeDef, row, TD_FLAGS);
  }
  typeDefExtends(row: number): number {
    this.tables.checkRow(Table.TypeDef, row, -1);
    return this.tables.coded(Table.TypeDef, row, TD_EXTENDS);
  }
  typeDefName(row: number): string {
    return this.string(this.tables.cell(Table.TypeDef, row, TD_NAME));
  }
  typeDefNamespace(row: number): string {
    return this.string(this.tables.cell(Table.TypeDef, row, TD_NAMESPACE));
  }

  /** Enclosing TypeDef row of a nested type, or 0. */
  enclosingType(row: number): number {
    if (!this.enclosing) {
      const e = new Int32Array(this.rows(Table.TypeDef) + 1);
      for (let r = 1; r <= this.rows(Table.NestedClass); r++) {
        const nested = this.tables.ref(Table.NestedClass, r, 0);
        const outer = this.tables.ref(Table.NestedClass, r, 1);
        if (nested === 0 || outer === 0) this.data.fail(this.tables.cellOffset(Table.NestedClass, r, 0), `NestedClass ${r} has a null type`);
        e[nested] = outer;
      }
      this.enclosing = e;
    }
    return this.enclosing[row] ?? 0;
  }

  /** TypeDef row of a type by namespace and name: top-level types, or nested in `outer` when given. 0 if absent. */
  findTypeDef(ns: string, name: string): number {
    return this.index().get(`${ns}\0${name}`) ?? 0;
  }
  findNestedTypeDef(outer: number, name: string): number {
    return this.index().get(`#${outer}\0${name}`) ?? 0;
  }
  private index(): Map<string, number> {
    if (!this.typeIndex) {
      const m = new Map<string, number>();
      for (let r = 1; r <= this.rows(Table.TypeDef); r++) {
        const outer = this.enclosingType(r);
        const key = outer ? `#${outer}\0${this.typeDefName(r)}` : `${this.typeDefNamespace(r)}\0${this.typeDefName(r)}`;
        if (!m.has(key)) m.set(key, r);
      }
      this.typeIndex = m;
    }
    return this.typeIndex;
  }

  /** Full name with nesting, "Ns.Outer/Inner" (the ILAsm and monodis spelling). */
  typeDefFullName(row: number): string {
    let name = "";
    let r = row;
    for (let depth = 0; ; depth++) {
      if (depth > MAX_NAME_DEPTH) this.data.fail(-1, `TypeDef ${row}: nesting chain is cyclic or deeper than ${MAX_NAME_DEPTH}`);
      const ns = this.typeDefNamespace(r);
      const n = this.typeDefName(r);
      const outer = this.enclosingType(r);
      const piece = outer ? n : ns ? `${ns}.${n}` : n;
      name = name ? `${piece}/${name}` : piece;
      if (!outer) return name;
      r = outer;
    }
  }

  /** TypeRef name with nesting and, for types in other assemblies, the "[Assembly]" prefix. */
  typeRefFullName(row: number, withScope = true): string {
    let name = "";
    let r = row;
    const t = this.tables;
    for (let depth = 0; ; depth++) {
      if (depth > MAX_NAME_DEPTH) this.data.fail(t.cellOffset(Table.TypeRef, row, 0), `TypeRef ${row}: resolution scope chain is cyclic or deeper than ${MAX_NAME_DEPTH}`);
      const scope = t.coded(Table.TypeRef, r, 0);
      const n = this.string(t.cell(Table.TypeRef, r, 1));
      const ns = this.string(t.cell(Table.TypeRef, r, 2));
      const nestedInRef = tokenTable(scope) === Table.TypeRef && tokenRow(scope) !== 0;
      const piece = nestedInRef ? n : ns ? `${ns}.${n}` : n;
      name = name ? `${piece}/${name}` : piece;
      if (nestedInRef) {
        r = tokenRow(scope);
        continue;
      }
      if (!withScope) return name;
      const st = tokenTable(scope);
      if (st === Table.AssemblyRef && tokenRow(scope)) return `[${this.string(t.cell(Table.AssemblyRef, tokenRow(scope), 6))}]${name}`;
      if (st === Table.ModuleRef && tokenRow(scope)) return `[.module ${this.string(t.cell(Table.ModuleRef, tokenRow(scope), 0))}]${name}`;
      return name;
    }
  }

  /** ILAsm name of a TypeDef, TypeRef or TypeSpec token. */
  typeName(token: number): string {
    const row = tokenRow(token);
    switch (tokenTable(token)) {
      case Table.TypeDef:
        this.tables.checkRow(Table.TypeDef, row, -1);
        return this.typeDefFullName(row);
      case Table.TypeRef:
        this.tables.checkRow(Table.TypeRef, row, -1);
        return this.typeRefFullName(row);
      case Table.TypeSpec:
        this.tables.checkRow(Table.TypeSpec, row, -1);
        return formatType(this.typeSpec(row), (t) => this.typeName(t));
      default:
        throw this.data.fail(-1, `token 0x${token.toString(16)} is not a type`);
    }
  }

  formatType(t: TypeSig): string {
    return formatType(t, (tok) => this.typeName(tok));
  }

  /** TypeDef row that declares MethodDef `row` (0 if none, e.g. global functions outside <Module>). */
  methodDeclaringType(row: number): number {
    if (!this.methodOwner) this.methodOwner = this.buildOwnerMap(TD_METHODS, Table.MethodDef, (i) => this.methodRow(i));
    return this.methodOwner[row] ?? 0;
  }
  fieldDeclaringType(row: number): number {
    if (!this.fieldOwner) this.fieldOwner = this.buildOwnerMap(TD_FIELDS, Table.Field, (i) => this.fieldRow(i));
    return this.fieldOwner[row] ?? 0;
  }
  private buildOwnerMap(col: number, target: Table, resolve: (i: number) => number): Int32Array {
    const owner = new Int32Array(this.rows(target) + 1);
    for (let td = 1; td <= this.rows(Table.TypeDef); td++) {
      const ti = this.typeDef(td);
      const [s, e] = col === TD_METHODS ? ti.methodList : ti.fieldList;
      for (let i = s; i < e; i++) owner[resolve(i)] = td;
    }
    return owner;
  }

  // ---- members -------------------------------------------------------------------------------
  methodDef(row: number): MethodDefInfo {
    const t = this.tables;
    t.checkRow(Table.MethodDef, row, -1);
    return {
      row,
      rva: t.cell(Table.MethodDef, row, MD_RVA),
      implFlags: t.cell(Table.MethodDef, row, MD_IMPLFLAGS),
      flags: t.cell(Table.MethodDef, row, MD_FLAGS),
      name: this.string(t.cell(Table.MethodDef, row, MD_NAME)),
      signature: t.cell(Table.MethodDef, row, MD_SIG),
      paramList: this.rows(Table.ParamPtr) ? this.ptrListRange(Table.MethodDef, row, MD_PARAMS, Table.ParamPtr) : t.listRange(Table.MethodDef, row, MD_PARAMS),
    };
  }
  /** The RVA of a method's body (0: none), without building the whole MethodDefInfo. */
  methodRva(row: number): number {
    this.tables.checkRow(Table.MethodDef, row, -1);
    return this.tables.cell(Table.MethodDef, row, MD_RVA);
  }
  methodName(row: number): string {
    return this.string(this.tables.cell(Table.MethodDef, row, MD_NAME));
  }
  /** Decoded once per row (signatures are shared: callers never change them). */
  methodSignature(row: number): MethodSig {
    const known = this.methodSigs[row];
    if (known) return known;
    return (this.methodSigs[row] = decodeMethodSig(this.blobRange(this.tables.cell(Table.MethodDef, row, MD_SIG))));
  }
  private readonly methodSigs: MethodSig[] = [];
  fieldName(row: number): string {
    return this.string(this.tables.cell(Table.Field, row, 1));
  }
  fieldSignature(row: number): TypeSig {
    const known = this.fieldSigs[row];
    if (known) return known;
    return (this.fieldSigs[row] = decodeFieldSig(this.blobRange(this.tables.cell(Table.Field, row, 2))));
  }
  private readonly fieldSigs: TypeSig[] = [];
  memberRefName(row: number): string {
    return this.string(this.tables.cell(Table.MemberRef, row, 1));
  }
  /** A MemberRef's signature: a method signature, or a field signature (leading 0x06). */
  memberRefSignature(row: number): { field: TypeSig } | { method: MethodSig } {
    const known = this.memberRefSigs[row];
    if (known) return known;
    const b = this.blobRange(this.tables.cell(Table.MemberRef, row, 2));
    return (this.memberRefSigs[row] = (firstByte(b) & 0x0f) === 0x06 ? { field: decodeFieldSig(b) } : { method: decodeMethodSig(b) });
  }
  private readonly memberRefSigs: ({ field: TypeSig } | { method: MethodSig })[] = [];
  memberRefParent(row: number): number {
    return this.tables.coded(Table.MemberRef, row, 0);
  }
  propertySignature(row: number) {
    return decodePropertySig(this.blobRange(this.tables.cell(Table.Property, row, 2)));
  }
  typeSpec(row: number): TypeSig {
    return (this.typeSpecs[row] ??= decodeTypeSpec(this.blobRange(this.tables.cell(Table.TypeSpec, row, 0))));
  }
  private readonly typeSpecs: TypeSig[] = [];
  methodSpec(row: number): { method: number; args: TypeSig[] } {
    return (this.methodSpecs[row] ??= { method: this.tables.coded(Table.MethodSpec, row, 0), args: decodeMethodSpec(this.blobRange(this.tables.cell(Table.MethodSpec, row, 1))) });
  }
  private readonly methodSpecs: { method: number; args: TypeSig[] }[] = [];
  standAloneSig(row: number) {
    return decodeStandAloneSig(this.blobRange(this.tables.cell(Table.StandAloneSig, row, 0)));
  }
  /** Local variable types of a body's LocalVarSigTok (0 means no locals). */
  locals(localVarSigToken: number): TypeSig[] {
    if (localVarSigToken === 0) return [];
    if (tokenTable(localVarSigToken) !== Table.StandAloneSig) this.data.fail(-1, `local signature token 0x${localVarSigToken.toString(16)} is not a StandAloneSig`);
    const row = tokenRow(localVarSigToken);
    const known = this.localSigs[row];
    if (known) return known;
    this.tables.checkRow(Table.StandAloneSig, row, -1);
    return (this.localSigs[row] = decodeLocalsSig(this.blobRange(this.tables.cell(Table.StandAloneSig, row, 0))));
  }
  private readonly localSigs: TypeSig[][] = [];

  /** File offset of a method body given its RVA (bodies are read by il/method-body.ts). */
  bodyOffset(rva: number): number {
    return this.pe.rvaToOffset(rva, 1, "method body");
  }

  /** "Ns.Type::Method" for MethodDef, MemberRef and MethodSpec tokens. */
  methodFullName(token: number): string {
    const row = tokenRow(token);
    switch (tokenTable(token)) {
      case Table.MethodDef: {
        this.tables.checkRow(Table.MethodDef, row, -1);
        const owner = this.methodDeclaringType(row);
        return `${owner ? this.typeDefFullName(owner) : "<Module>"}::${this.methodName(row)}`;
      }
      case Table.MemberRef: {
        this.tables.checkRow(Table.MemberRef, row, -1);
        return `${this.memberParentName(this.memberRefParent(row))}::${this.memberRefName(row)}`;
      }
      case Table.MethodSpec: {
        this.tables.checkRow(Table.MethodSpec, row, -1);
        const ms = this.methodSpec(row);
        return `${this.methodFullName(ms.method)}<${ms.args.map((a) => this.formatType(a)).join(", ")}>`;
      }
      default:
        throw this.data.fail(-1, `token 0x${token.toString(16)} is not a method`);
    }
  }

  memberParentName(parent: number): string {
    const row = tokenRow(parent);
    switch (tokenTable(parent)) {
      case Table.TypeDef:
      case Table.TypeRef:
      case Table.TypeSpec:
        return this.typeName(parent);
      case Table.ModuleRef:
        return `[.module ${this.string(this.tables.cell(Table.ModuleRef, row, 0))}]`;
      case Table.MethodDef:
        return this.methodFullName(parent);
      default:
        return "?";
    }
  }

  // ---- counts --------------------------------------------------------------------------------
  /** Summary used by `ngen meta` and the playground. */
  summary(): MetadataSummary {
    let bodies = 0;
    let ilBytes = 0;
    for (let r = 1; r <= this.rows(Table.MethodDef); r++) {
      const rva = this.tables.cell(Table.MethodDef, r, MD_RVA);
      if (rva === 0) continue;
      const implFlags = this.tables.cell(Table.MethodDef, r, MD_IMPLFLAGS);
      if ((implFlags & 3) !== 0) continue; // native or runtime code type: not IL
      bodies++;
      ilBytes += this.ilCodeSize(rva);
    }
    const a = this.assembly();
    return {
      file: this.file,
      name: a ? a.name : this.moduleName,
      displayName: this.displayName(),
      module: this.moduleName,
      mvid: this.mvid,
      runtimeVersion: this.md.version,
      pe: this.pe.is64 ? "PE32+" : "PE32",
      kind: this.pe.isDll ? "dll" : "exe",
      corFlags: this.pe.cli.flags,
      strongNameSigned: this.pe.strongNameSignature() !== null,
      references: this.assemblyRefs().map(formatDisplayName),
      counts: {
        typeDefs: this.rows(Table.TypeDef),
        typeRefs: this.rows(Table.TypeRef),
        methods: this.rows(Table.MethodDef),
        fields: this.rows(Table.Field),
        methodBodies: bodies,
        ilBytes,
        memberRefs: this.rows(Table.MemberRef),
        customAttributes: this.rows(Table.CustomAttribute),
        resources: this.rows(Table.ManifestResource),
      },
    };
  }

  /** Code size of the IL body at `rva`, read from its header only. */
  ilCodeSize(rva: number): number {
    const o = this.bodyOffset(rva);
    const b0 = this.data.u8(o);
    if ((b0 & 3) === 2) return b0 >>> 2;
    if ((b0 & 3) === 3) return this.data.u32(o + 4);
    throw this.data.fail(o, `method body header 0x${b0.toString(16)} is neither tiny nor fat`);
  }
}

export interface MetadataSummary {
  file: string;
  name: string;
  displayName: string;
  module: string;
  mvid: string | null;
  runtimeVersion: string;
  pe: string;
  kind: string;
  corFlags: number;
  strongNameSigned: boolean;
  references: string[];
  counts: {
    typeDefs: number;
    typeRefs: number;
    methods: number;
    fields: number;
    methodBodies: number;
    ilBytes: number;
    memberRefs: number;
    customAttributes: number;
    resources: number;
  };
}

/**
 * Runs `f`, turning anything but a BadImageError into one naming the file: a RangeError from
 * a typed array, a stack overflow, or a bug must never escape to the user as a crash.
 */
export function guard<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BadImageError) throw e;
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new BadImageError(file, -1, `malformed image (${msg})`);
  }
}
