/**
 * Custom attribute blobs (II.23.3): fixed arguments typed by the constructor's signature,
 * named field/property arguments typed by their own FieldOrPropType encoding.
 *
 * Enum arguments are stored as their underlying integer type, which the blob does not name:
 * it is found by resolving the enum type (in this assembly, or through an AssemblyResolver in
 * the assembly that defines it, following type forwarders). A missing dependency is a
 * ResolutionError — the file is fine, something it refers to is not at hand.
 */
import { Cursor, ByteView, utf8 } from "./bytes.js";
import { ElementType, TypeSig } from "./signatures.js";
import { AssemblyIdentity, DisplayNameError, formatDisplayName, parseDisplayName } from "./identity.js";
import { MetadataReader, tokenRow, tokenTable } from "./reader.js";
import { Table } from "./schema.js";

export class ResolutionError extends Error {
  override readonly name = "ResolutionError";
}

export interface AssemblyResolver {
  /** The assembly `ref` names, as seen from `from`; null when it cannot be found. */
  resolve(ref: AssemblyIdentity, from: MetadataReader): MetadataReader | null;
}

export type CAValue =
  | boolean
  | number
  | bigint
  | string
  | null
  | { kind: "type"; name: string | null }
  | { kind: "enum"; type: string; value: number | bigint }
  | { kind: "array"; elementType: string; values: CAValue[] | null }
  | { kind: "boxed"; type: string; value: CAValue };

export interface CANamedArg {
  kind: "field" | "property";
  name: string;
  type: string;
  value: CAValue;
}

export interface CustomAttribute {
  row: number;
  /** Token of the owner (HasCustomAttribute). */
  parent: number;
  /** Constructor token (MethodDef or MemberRef). */
  constructor: number;
  /** ILAsm name of the attribute type. */
  typeName: string;
  fixed: CAValue[];
  named: CANamedArg[];
}

/** A located type: the reader that defines it and its TypeDef row. */
interface TypeLocation {
  reader: MetadataReader;
  row: number;
}

const MAX_FORWARDS = 16;

export class CustomAttributeDecoder {
  private readonly underlyingCache = new Map<string, ElementType>();

  constructor(
    readonly reader: MetadataReader,
    readonly resolver: AssemblyResolver | null = null,
  ) {}

  /** Decodes CustomAttribute row `row`. */
  decode(row: number): CustomAttribute {
    const r = this.reader;
    const t = r.tables;
    t.checkRow(Table.CustomAttribute, row, -1);
    const parent = t.coded(Table.CustomAttribute, row, 0);
    const ctor = t.coded(Table.CustomAttribute, row, 1);
    if (tokenRow(ctor) === 0) r.data.fail(t.cellOffset(Table.CustomAttribute, row, 1), "custom attribute has a null constructor");
    const blob = r.blob(t.cell(Table.CustomAttribute, row, 2));
    let sig;
    let typeName: string;
    if (tokenTable(ctor) === Table.MethodDef) {
      sig = r.methodSignature(tokenRow(ctor));
      const owner = r.methodDeclaringType(tokenRow(ctor));
      typeName = owner ? r.typeDefFullName(owner) : "<Module>";
    } else {
      const ms = r.memberRefSignature(tokenRow(ctor));
      if (!("method" in ms)) throw r.data.fail(t.cellOffset(Table.CustomAttribute, row, 1), "custom attribute constructor is a field");
      sig = ms.method;
      typeName = r.memberParentName(r.memberRefParent(tokenRow(ctor)));
    }
    const { fixed, named } = this.decodeBlob(blob, sig.params);
    return { row, parent, constructor: ctor, typeName, fixed, named };
  }

  decodeBlob(blob: ByteView, params: TypeSig[]): { fixed: CAValue[]; named: CANamedArg[] } {
    const c = new Cursor(blob);
    if (blob.length === 0) {
      // An empty blob is allowed for a parameterless constructor with no named arguments.
      if (params.length) c.fail(`empty custom attribute blob for a constructor with ${params.length} parameters`);
      return { fixed: [], named: [] };
    }
    const prolog = c.u16();
    if (prolog !== 0x0001) c.fail(`custom attribute prolog is 0x${prolog.toString(16)}, expected 0x0001`, 0);
    const fixed = params.map((p) => this.fixedArg(c, p));
    const n = c.u16();
    const named: CANamedArg[] = [];
    for (let i = 0; i < n; i++) {
      const at = c.pos;
      const k = c.u8();
      if (k !== ElementType.Field && k !== ElementType.Property) c.fail(`named argument kind 0x${k.toString(16)}, expected FIELD (0x53) or PROPERTY (0x54)`, at);
      const type = this.fieldOrPropType(c);
      const name = serString(c);
      if (name === null) throw c.fail("named argument with a null name", at);
      named.push({ kind: k === ElementType.Field ? "field" : "property", name, type: type.name, value: this.elemValue(c, type) });
    }
    if (!c.atEnd) c.fail(`${c.remaining} trailing bytes after custom attribute arguments`);
    return { fixed, named };
  }

  /** A FixedArg whose type comes from the constructor signature. */
  private fixedArg(c: Cursor, p: TypeSig): CAValue {
    const r = this.reader;
    while (p.kind === "modified") p = p.type;
    switch (p.kind) {
      case "prim":
        if (p.type === ElementType.Object) return this.boxed(c);
        return primValue(c, p.type);
      case "szarray": {
        const elem = this.sigToCAType(p.elem);
        return this.arrayValue(c, elem);
      }
      case "class": {
        const name = r.typeName(p.token);
        if (isSystemType(name, r)) return { kind: "type", name: serString(c) };
        return c.fail(`custom attribute parameter of class type ${name} cannot be encoded`);
      }
      case "valuetype": {
        const u = this.underlyingOfToken(r, p.token);
        return { kind: "enum", type: r.typeName(p.token), value: primValue(c, u) as number | bigint };
      }
      default:
        return c.fail(`custom attribute parameter type ${r.formatType(p)} cannot be encoded`);
    }
  }

  private sigToCAType(t: TypeSig): CAType {
    const r = this.reader;
    while (t.kind === "modified") t = t.type;
    if (t.kind === "prim") {
      if (t.type === ElementType.Object) return { et: ElementType.Boxed, name: "object" };
      return { et: t.type, name: primName(t.type) };
    }
    if (t.kind === "class" && isSystemType(r.typeName(t.token), r)) return { et: ElementType.SystemType, name: "type" };
    if (t.kind === "valuetype") return { et: ElementType.Enum, name: r.typeName(t.token), underlying: this.underlyingOfToken(r, t.token) };
    if (t.kind === "szarray") return { et: ElementType.SzArray, name: "", elem: this.sigToCAType(t.elem) };
    throw new ResolutionError(`${r.file}: custom attribute array element type ${r.formatType(t)} cannot be encoded`);
  }

  /** FieldOrPropType (II.23.3) as used by named and boxed arguments. */
  private fieldOrPropType(c: Cursor): CAType {
    const at = c.pos;
    const et = c.u8();
    switch (et) {
      case ElementType.Boolean: case ElementType.Char: case ElementType.I1: case ElementType.U1:
      case ElementType.I2: case ElementType.U2: case ElementType.I4: case ElementType.U4:
      case ElementType.I8: case ElementType.U8: case ElementType.R4: case ElementType.R8: case ElementType.String:
        return { et, name: primName(et) };
      case ElementType.SystemType:
        return { et, name: "type" };
      case ElementType.Boxed:
        return { et, name: "object" };
      case ElementType.SzArray: {
        const elem = this.fieldOrPropType(c);
        return { et, name: `${elem.name}[]`, elem };
      }
      case ElementType.Enum: {
        const name = serString(c);
        if (name === null) throw c.fail("enum type name is null", at);
        return { et, name, underlying: this.underlyingOfName(name, c, at) };
      }
      default:
        return c.fail(`invalid FieldOrPropType 0x${et.toString(16)}`, at);
    }
  }

  private elemValue(c: Cursor, t: CAType): CAValue {
    switch (t.et) {
      case ElementType.SystemType:
        return { kind: "type", name: serString(c) };
      case ElementType.Boxed:
        return this.boxed(c);
      case ElementType.SzArray:
        return this.arrayValue(c, t.elem!);
      case ElementType.Enum:
        return { kind: "enum", type: t.name, value: primValue(c, t.underlying!) as number | bigint };
      default:
        return primValue(c, t.et);
    }
  }

  private boxed(c: Cursor): CAValue {
    const t = this.fieldOrPropType(c);
    return { kind: "boxed", type: t.name, value: this.elemValue(c, t) };
  }

  private arrayValue(c: Cursor, elem: CAType): CAValue {
    const at = c.pos;
    const n = c.u32();
    if (n === 0xffffffff) return { kind: "array", elementType: elem.name, values: null };
    // Every element takes at least one byte, so a count above the bytes left is corrupt.
    if (n > c.remaining) c.fail(`array of ${n} elements in ${c.remaining} bytes`, at);
    const values: CAValue[] = [];
    for (let i = 0; i < n; i++) values.push(this.elemValue(c, elem));
    return { kind: "array", elementType: elem.name, values };
  }

  // ---- enum resolution -------------------------------------------------------------------------
  private underlyingOfToken(r: MetadataReader, token: number): ElementType {
    const loc = this.locateToken(r, token, 0);
    return this.underlyingOf(loc);
  }

  private underlyingOfName(serialized: string, c: Cursor, at: number): ElementType {
    const { typeName, assembly } = splitAssemblyQualified(serialized);
    let reader: MetadataReader | null = this.reader;
    if (assembly) {
      let ref: AssemblyIdentity;
      try {
        ref = parseDisplayName(assembly);
      } catch (e) {
        if (e instanceof DisplayNameError) throw c.fail(`enum type name: ${e.message}`, at);
        throw e;
      }
      reader = this.resolveAssembly(ref, this.reader);
    }
    let loc = reader ? this.locateByName(reader, typeName, 0) : null;
    if (!loc && !assembly) {
      // Unqualified names are looked up in this assembly, then in the core library.
      const core = this.reader.assemblyRefs().find((a) => a.name === "mscorlib" || a.name === "System.Runtime" || a.name === "netstandard");
      const coreReader = core ? this.resolveAssembly(core, this.reader) : null;
      if (coreReader) loc = this.locateByName(coreReader, typeName, 0);
    }
    if (!loc) throw new ResolutionError(`${this.reader.file}: cannot find enum type '${serialized}'`);
    return this.underlyingOf(loc);
  }

  private underlyingOf(loc: TypeLocation): ElementType {
    const key = `${loc.reader.file}#${loc.row}`;
    const cached = this.underlyingCache.get(key);
    if (cached !== undefined) return cached;
    const r = loc.reader;
    const td = r.typeDef(loc.row);
    for (let i = td.fieldList[0]; i < td.fieldList[1]; i++) {
      const f = r.fieldRow(i);
      const flags = r.tables.cell(Table.Field, f, 0);
      if (flags & 0x0010) continue; // static: the enum's named constants
      let sig = r.fieldSignature(f);
      while (sig.kind === "modified") sig = sig.type;
      if (sig.kind !== "prim") break;
      this.underlyingCache.set(key, sig.type);
      return sig.type;
    }
    throw new ResolutionError(`${r.file}: ${r.typeDefFullName(loc.row)} is used as an enum in a custom attribute but has no integral value field`);
  }

  private resolveAssembly(ref: AssemblyIdentity, from: MetadataReader): MetadataReader | null {
    const self = from.assembly();
    if (self && self.name.toLowerCase() === ref.name.toLowerCase()) return from;
    if (!this.resolver) throw new ResolutionError(`${from.file}: needs assembly '${formatDisplayName(ref)}' to decode a custom attribute, and no resolver was given`);
    const got = this.resolver.resolve(ref, from);
    if (!got) throw new ResolutionError(`${from.file}: cannot find assembly '${formatDisplayName(ref)}' needed to decode a custom attribute`);
    return got;
  }

  /** Finds the TypeDef a TypeDef/TypeRef token denotes, across assemblies and forwarders. */
  private locateToken(r: MetadataReader, token: number, depth: number): TypeLocation {
    if (depth > MAX_FORWARDS) r.data.fail(-1, "type reference chain is cyclic or too long");
    const row = tokenRow(token);
    if (tokenTable(token) === Table.TypeDef) {
      r.tables.checkRow(Table.TypeDef, row, -1);
      return { reader: r, row };
    }
    if (tokenTable(token) !== Table.TypeRef) r.data.fail(-1, `token 0x${token.toString(16)} does not name an enum type`);
    r.tables.checkRow(Table.TypeRef, row, -1);
    const t = r.tables;
    const scope = t.coded(Table.TypeRef, row, 0);
    const name = r.string(t.cell(Table.TypeRef, row, 1));
    const ns = r.string(t.cell(Table.TypeRef, row, 2));
    let found: TypeLocation | null = null;
    switch (tokenTable(scope)) {
      case Table.TypeRef: {
        const outer = this.locateToken(r, scope, depth + 1);
        found = findNested(outer, name);
        break;
      }
      case Table.AssemblyRef: {
        const target = this.resolveAssembly(r.assemblyRef(tokenRow(scope)), r);
        if (target) found = this.locateByParts(target, ns, [name], depth + 1);
        break;
      }
      default:
        found = this.locateByParts(r, ns, [name], depth + 1);
    }
    if (!found) throw new ResolutionError(`${r.file}: cannot find type ${r.typeRefFullName(row)}`);
    return found;
  }

  /** Serialized type name "Ns.Outer+Inner" (no assembly part) in `r` or what it forwards to. */
  private locateByName(r: MetadataReader, typeName: string, depth: number): TypeLocation | null {
    const parts = typeName.split("+");
    const first = parts[0]!;
    const dot = first.lastIndexOf(".");
    const ns = dot >= 0 ? first.slice(0, dot) : "";
    parts[0] = dot >= 0 ? first.slice(dot + 1) : first;
    return this.locateByParts(r, ns, parts, depth);
  }

  private locateByParts(r: MetadataReader, ns: string, names: string[], depth: number): TypeLocation | null {
    if (depth > MAX_FORWARDS) r.data.fail(-1, "type forwarding chain is cyclic or too long");
    const top = r.findTypeDef(ns, names[0]!);
    if (top) {
      let loc: TypeLocation | null = { reader: r, row: top };
      for (const n of names.slice(1)) {
        loc = loc ? findNested(loc, n) : null;
      }
      return loc;
    }
    // Type forwarders: ExportedType rows whose Implementation is an AssemblyRef.
    const t = r.tables;
    for (let e = 1; e <= r.rows(Table.ExportedType); e++) {
      if (r.string(t.cell(Table.ExportedType, e, 2)) !== names[0] || r.string(t.cell(Table.ExportedType, e, 3)) !== ns) continue;
      const impl = t.coded(Table.ExportedType, e, 4);
      if (tokenTable(impl) === Table.AssemblyRef && tokenRow(impl)) {
        const target = this.resolveAssembly(r.assemblyRef(tokenRow(impl)), r);
        return target ? this.locateByParts(target, ns, names, depth + 1) : null;
      }
    }
    return null;
  }
}

interface CAType {
  et: ElementType;
  name: string;
  elem?: CAType;
  underlying?: ElementType;
}

function findNested(outer: TypeLocation, name: string): TypeLocation | null {
  const row = outer.reader.findNestedTypeDef(outer.row, name);
  return row ? { reader: outer.reader, row } : null;
}

function isSystemType(name: string, r: MetadataReader): boolean {
  return name === "[mscorlib]System.Type" || name === "[netstandard]System.Type" || name === "[System.Runtime]System.Type" || (name === "System.Type" && r.assembly()?.name === "mscorlib");
}

/** Splits "Ns.Type+Nested, Assembly, Version=…" at the first top-level comma (outside brackets). */
/** The full name of the class of custom attribute `row` (its constructor's type, without a scope). */
export function customAttributeClassName(r: MetadataReader, row: number): string {
  const ctor = r.tables.coded(Table.CustomAttribute, row, 1);
  const name = tokenTable(ctor) === Table.MethodDef ? r.typeDefFullName(r.methodDeclaringType(tokenRow(ctor))) : r.memberParentName(r.memberRefParent(tokenRow(ctor)));
  return name.replace(/^\[[^\]]*\]/, "");
}

/** The rows of `table` that carry a custom attribute of class `className` (matched by name). */
export function rowsWithAttribute(r: MetadataReader, table: Table, className: string): Set<number> {
  const out = new Set<number>();
  for (let i = 1; i <= r.rows(Table.CustomAttribute); i++) {
    const parent = r.tables.coded(Table.CustomAttribute, i, 0);
    if (tokenTable(parent) === table && customAttributeClassName(r, i) === className) out.add(tokenRow(parent));
  }
  return out;
}

export function splitAssemblyQualified(s: string): { typeName: string; assembly: string | null } {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "\\") i++;
    else if (ch === "[") depth++;
    else if (ch === "]") depth--;
    else if (ch === "," && depth === 0) return { typeName: s.slice(0, i).trim(), assembly: s.slice(i + 1).trim() };
  }
  return { typeName: s.trim(), assembly: null };
}

/** SerString: 0xFF is null, otherwise a compressed length and UTF-8 bytes. */
export function serString(c: Cursor): string | null {
  if (!c.atEnd && c.data.bytes[c.pos] === 0xff) {
    c.pos++;
    return null;
  }
  const n = c.compressedU32();
  return utf8(c.bytes(n));
}

function primValue(c: Cursor, et: ElementType): CAValue {
  switch (et) {
    case ElementType.Boolean: {
      const v = c.u8();
      return v !== 0;
    }
    case ElementType.Char:
      return String.fromCharCode(c.u16());
    case ElementType.I1:
      return c.i8();
    case ElementType.U1:
      return c.u8();
    case ElementType.I2:
      return c.i16();
    case ElementType.U2:
      return c.u16();
    case ElementType.I4:
      return c.i32();
    case ElementType.U4:
      return c.u32();
    case ElementType.I8:
      return c.i64();
    case ElementType.U8:
      return c.u64();
    case ElementType.R4:
      return c.f32();
    case ElementType.R8:
      return c.f64();
    case ElementType.String:
      return serString(c);
    default:
      return c.fail(`element type 0x${et.toString(16)} cannot appear in a custom attribute`);
  }
}

function primName(et: ElementType): string {
  const names: Record<number, string> = {
    [ElementType.Boolean]: "bool", [ElementType.Char]: "char", [ElementType.I1]: "int8", [ElementType.U1]: "uint8",
    [ElementType.I2]: "int16", [ElementType.U2]: "uint16", [ElementType.I4]: "int32", [ElementType.U4]: "uint32",
    [ElementType.I8]: "int64", [ElementType.U8]: "uint64", [ElementType.R4]: "float32", [ElementType.R8]: "float64",
    [ElementType.String]: "string",
  };
  const n = names[et];
  if (n === undefined) throw new ResolutionError(`element type 0x${et.toString(16)} cannot appear in a custom attribute`);
  return n;
}
