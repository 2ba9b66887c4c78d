/**
 * The part of reflection the class library needs to run ordinary code: System.RuntimeType
 * objects for method tables (typeof, GetType, Type.GetTypeFromHandle) and the internal calls
 * that ask them for names, attributes and relations. Members (methods, fields, properties)
 * are not reflected.
 *
 * Invariants:
 * - One RuntimeType object per method table, made on first request and never freed, so type
 *   equality is reference equality (Type.op_Equality relies on it).
 * - A RuntimeTypeHandle's value is the method table (what compiled `ldtoken` pushes).
 */
import { formatDisplayName } from "../metadata/identity.js";
import { tokenRow, tokenTable } from "../metadata/reader.js";
import { Table } from "../metadata/schema.js";
import { ElementType } from "../metadata/signatures.js";
import { Kind, type TypeDesc } from "../typesystem/types.js";
import type { Runtime } from "./runtime.js";
import { clrTypeName } from "./runtime.js";

/** System.TypeCode of a type (enums: their underlying type's). */
export function typeCode(rt: Runtime, t0: TypeDesc): number {
  const t = rt.underlyingType(t0);
  switch (t.kind) {
    case Kind.Boolean: return 3;
    case Kind.Char: return 4;
    case Kind.I1: return 5;
    case Kind.U1: return 6;
    case Kind.I2: return 7;
    case Kind.U2: return 8;
    case Kind.I4: return 9;
    case Kind.U4: return 10;
    case Kind.I8: return 11;
    case Kind.U8: return 12;
    case Kind.R4: return 13;
    case Kind.R8: return 14;
    case Kind.String: return 18;
    default: {
      const name = t.module && t.module === rt.ts.corlib ? t.module.reader.typeDefFullName(t.row) : "";
      if (name === "System.Decimal") return 15;
      if (name === "System.DateTime") return 16;
      if (name === "System.DBNull") return 2;
      return 1;
    }
  }
}

/** ECMA-335 element type of a type, as RuntimeTypeHandle.GetCorElementType answers. */
export function corElementType(rt: Runtime, t: TypeDesc): number {
  switch (t.kind) {
    case Kind.Void: return ElementType.Void;
    case Kind.Boolean: return ElementType.Boolean;
    case Kind.Char: return ElementType.Char;
    case Kind.I1: return ElementType.I1;
    case Kind.U1: return ElementType.U1;
    case Kind.I2: return ElementType.I2;
    case Kind.U2: return ElementType.U2;
    case Kind.I4: return ElementType.I4;
    case Kind.U4: return ElementType.U4;
    case Kind.I8: return ElementType.I8;
    case Kind.U8: return ElementType.U8;
    case Kind.R4: return ElementType.R4;
    case Kind.R8: return ElementType.R8;
    case Kind.I: return ElementType.I;
    case Kind.U: return ElementType.U;
    case Kind.String: return ElementType.String;
    case Kind.Object: return ElementType.Object;
    case Kind.TypedRef: return ElementType.TypedByRef;
    case Kind.SzArray: return ElementType.SzArray;
    case Kind.Array: return ElementType.Array;
    case Kind.Ptr: return ElementType.Ptr;
    case Kind.ByRef: return ElementType.ByRef;
    default:
      if (t.args.length) return ElementType.GenericInst;
      return t.isValueType || rt.underlyingType(t) !== t ? ElementType.ValueType : ElementType.Class;
  }
}

/** Type.Name: the simple name ("List`1", "Int32[]", "Inner" for a nested type). */
export function simpleName(t: TypeDesc): string {
  if (t.kind === Kind.SzArray) return `${simpleName(t.elem!)}[]`;
  if (t.kind === Kind.Array) return `${simpleName(t.elem!)}[${",".repeat(t.rank - 1)}]`;
  if (t.kind === Kind.Ptr) return `${simpleName(t.elem!)}*`;
  if (t.kind === Kind.ByRef) return `${simpleName(t.elem!)}&`;
  if (!t.module) return clrTypeName(t);
  return t.module.reader.typeDefName(t.row);
}

/** Type.Namespace (of the outermost type for nested ones). */
export function namespaceOf(t: TypeDesc): string {
  if (t.elem) return namespaceOf(t.elem);
  if (!t.module) return "";
  const r = t.module.reader;
  let row = t.row;
  for (let depth = 0; depth < 64; depth++) {
    const outer = r.enclosingType(row);
    if (!outer) break;
    row = outer;
  }
  return r.typeDefNamespace(row);
}

/** Type.FullName (fullName) or ToString() spelling; assembly-qualified when asked. */
export function fullName(t: TypeDesc, full: boolean, qualified: boolean): string {
  const assembly = (x: TypeDesc): string => {
    let e = x;
    while (e.elem) e = e.elem;
    return e.module ? displayAssembly(e) : "mscorlib";
  };
  let name: string;
  if (t.kind === Kind.SzArray || t.kind === Kind.Array || t.kind === Kind.Ptr || t.kind === Kind.ByRef) {
    const suffix = t.kind === Kind.SzArray ? "[]" : t.kind === Kind.Array ? `[${",".repeat(t.rank - 1)}]` : t.kind === Kind.Ptr ? "*" : "&";
    name = fullName(t.elem!, full, false) + suffix;
  } else if (!t.module) {
    name = clrTypeName(t);
  } else {
    name = t.module.reader.typeDefFullName(t.row).replace(/\//g, "+");
    if (t.args.length) {
      const args = t.args.map((a) => (full ? `[${fullName(a, true, true)}]` : fullName(a, false, false)));
      name += `[${args.join(",")}]`;
    }
  }
  return qualified ? `${name}, ${assembly(t)}` : name;
}

function displayAssembly(t: TypeDesc): string {
  return formatDisplayName(t.module!.identity);
}

/** TypeAttributes of a type (arrays and other constructed types: public sealed serializable). */
export function typeAttributes(t: TypeDesc): number {
  if (t.module && (t.kind !== Kind.SzArray && t.kind !== Kind.Array)) return t.module.reader.typeDef(t.row).flags;
  return 0x2101;
}

/**
 * An enum's named constants in Mono's order: values sorted as unsigned 64-bit numbers (signed
 * underlying types sign-extended first), names alongside.
 */
export function enumConstants(rt: Runtime, t: TypeDesc): { values: bigint[]; names: string[] } {
  const m = t.module!;
  const r = m.reader;
  const byField = new Map<number, bigint>();
  for (let i = 1; i <= r.rows(Table.Constant); i++) {
    const parent = r.tables.coded(Table.Constant, i, 1);
    if (tokenTable(parent) !== Table.Field) continue;
    const bytes = r.blob(r.tables.cell(Table.Constant, i, 2)).bytes;
    const type = r.tables.cell(Table.Constant, i, 0);
    byField.set(tokenRow(parent), constantValue(type, bytes));
  }
  const pairs: { v: bigint; n: string }[] = [];
  for (const f of rt.ts.fieldsOf(t)) {
    if (!f.isStatic || !f.isLiteral) continue;
    const v = byField.get(f.row);
    if (v !== undefined) pairs.push({ v: BigInt.asUintN(64, v), n: f.name });
  }
  // A stable sort keeps declaration order among equal values, as Mono's bubble sort does.
  pairs.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : 0));
  return { values: pairs.map((p) => p.v), names: pairs.map((p) => p.n) };
}

function constantValue(type: number, b: Uint8Array): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (type) {
    case ElementType.Boolean: case ElementType.U1: return BigInt(dv.getUint8(0));
    case ElementType.I1: return BigInt(dv.getInt8(0));
    case ElementType.Char: case ElementType.U2: return BigInt(dv.getUint16(0, true));
    case ElementType.I2: return BigInt(dv.getInt16(0, true));
    case ElementType.I4: return BigInt(dv.getInt32(0, true));
    case ElementType.U4: return BigInt(dv.getUint32(0, true));
    case ElementType.I8: return dv.getBigInt64(0, true);
    case ElementType.U8: return dv.getBigUint64(0, true);
    default: return 0n;
  }
}

/** Whether type `t` carries a custom attribute of class `attr` (or a class derived from it). */
export function hasCustomAttribute(rt: Runtime, t: TypeDesc, attr: TypeDesc): boolean {
  if (!t.module || t.elem) return false;
  const m = t.module;
  const r = m.reader;
  const self = (Table.TypeDef << 24) | t.row;
  for (let i = 1; i <= r.rows(Table.CustomAttribute); i++) {
    if (r.tables.coded(Table.CustomAttribute, i, 0) !== self) continue;
    const ctor = rt.ts.methodFromToken(m, r.tables.coded(Table.CustomAttribute, i, 1));
    if (rt.ts.derivesFrom(ctor.owner, attr)) return true;
  }
  return false;
}
