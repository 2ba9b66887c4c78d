/**
 * Field layout and the object model: the runtime ABI's shapes of objects, arrays, strings,
 * boxed values and statics blocks. See docs/runtime-abi.md; RUNTIME_ABI_VERSION changes
 * whenever any offset or rule here changes, and invalidates every native image.
 *
 * Object model (x86-64):
 *   object  [0] MethodTable*   [8…] instance fields (base class fields first)
 *   string  [0] MethodTable*   [8] length (i32)   [12…] UTF-16 chars, then a NUL char
 *   T[]     [0] MethodTable*   [8] length (i64, upper half zero)   [16…] elements
 *   T[,]    [0] MethodTable*   [8] total length (i64)   [16…] per dimension: length (i32),
 *           lower bound (i32)   then the elements, 8-byte aligned
 *   boxed   [0] MethodTable*   [8…] the value (value types' alignment is at most 8)
 *
 * Field placement:
 *   auto (classes by default; value types that ask for it): references first, then by size
 *     descending (8, 4, 2, 1, then other value types by alignment), each naturally aligned;
 *   sequential (C# structs by default): declaration order, each aligned to min(its alignment,
 *     the packing size when one is given);
 *   explicit: the FieldLayout offsets.
 *   ClassLayout.ClassSize is a minimum size; an empty value type has size 1.
 */
import type { MetadataReader } from "../metadata/reader.js";
import { Table } from "../metadata/schema.js";
import { TypeSystem } from "./typesystem.js";
import { FieldDesc, Kind, TypeDesc, TypeLoadError } from "./types.js";

export const RUNTIME_ABI_VERSION = 1;

export const OBJ_HEADER = 8;
export const STRING_LENGTH_OFFSET = 8;
export const STRING_CHARS_OFFSET = 12;
export const ARRAY_LENGTH_OFFSET = 8;
export const ARRAY_DATA_OFFSET = 16;
export const MDARRAY_BOUNDS_OFFSET = 16;
export const POINTER_SIZE = 8;

export interface TypeLayout {
  /** Value types: the size of the value. Reference types: the instance size, header included. */
  size: number;
  align: number;
  /** Instance fields this type declares, with offsets (from the object start for classes, the value start for value types). */
  fields: FieldDesc[];
  /** Offsets of every object reference in an instance (inherited and nested in value-type fields): for the GC. */
  refOffsets: number[];
  staticsSize: number;
  staticsAlign: number;
  staticFields: FieldDesc[];
  /** Offsets of references within the statics block. */
  staticRefOffsets: number[];
  /** How fields were placed. */
  kind: "auto" | "sequential" | "explicit";
}

function primSize(k: Kind): number {
  switch (k) {
    case Kind.Boolean: case Kind.I1: case Kind.U1: return 1;
    case Kind.Char: case Kind.I2: case Kind.U2: return 2;
    case Kind.I4: case Kind.U4: case Kind.R4: return 4;
    case Kind.I8: case Kind.U8: case Kind.R8: case Kind.I: case Kind.U: return 8;
    case Kind.TypedRef: return 16;
    default: return 0;
  }
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

export class Layouts {
  private readonly inProgress = new Set<TypeDesc>();

  constructor(readonly ts: TypeSystem) {}

  /** Size of a value of type `t` when stored in a field, local, array element or argument. */
  sizeOf(t: TypeDesc): number {
    if (t.isReference || t.kind === Kind.Ptr || t.kind === Kind.ByRef || t.kind === Kind.FnPtr) return POINTER_SIZE;
    const p = primSize(t.kind);
    if (p) return p;
    if (t.kind === Kind.ValueType) return this.of(t).size;
    if (t.kind === Kind.Void) throw new TypeLoadError("void has no size");
    throw new TypeLoadError(`${t.key}: open generic parameter has no size (the method must be instantiated)`);
  }

  alignOf(t: TypeDesc): number {
    if (t.kind === Kind.ValueType) return this.of(t).align;
    if (t.kind === Kind.TypedRef) return 8;
    return Math.min(this.sizeOf(t), 8);
  }

  /** Whether a value of type `t` holds object references (for zeroing and the GC). */
  containsRefs(t: TypeDesc): boolean {
    if (t.isReference) return true;
    if (t.kind === Kind.ValueType) return this.of(t).refOffsets.length > 0;
    return t.kind === Kind.TypedRef;
  }

  /** Layout of a class or value type (computed once). */
  of(t: TypeDesc): TypeLayout {
    if (t.layout) return t.layout as TypeLayout;
    if (!t.module) throw new TypeLoadError(`${t.key} has no field layout of its own`);
    if (this.inProgress.has(t)) throw new TypeLoadError(`${t.key} contains itself by value`);
    this.inProgress.add(t);
    let l: TypeLayout;
    try {
      l = this.compute(t);
      t.layout = l;
    } finally {
      this.inProgress.delete(t);
    }
    // Statics after the instance layout is known: a type may hold static fields of its own type.
    this.computeStatics(l);
    return l;
  }

  private compute(t: TypeDesc): TypeLayout {
    const m = t.module!;
    const r = m.reader;
    const flags = r.typeDefFlags(t.row);
    const layoutBits = flags & 0x18;
    const kind = layoutBits === 0x08 ? "sequential" : layoutBits === 0x10 ? "explicit" : "auto";
    const { packing, classSize } = classLayout(r, t.row);
    const valueType = t.isValueType;
    const all = this.ts.fieldsOf(t);
    const instance = all.filter((f) => !f.isStatic);
    const statics = all.filter((f) => f.isStatic && !f.isLiteral);

    // Where instance fields start: after the header and the base class's fields.
    let start = 0;
    let align = 1;
    const refOffsets: number[] = [];
    if (!valueType) {
      const base = this.ts.baseType(t);
      if (base && base.module) {
        const bl = this.of(base);
        start = bl.size;
        align = bl.align;
        refOffsets.push(...bl.refOffsets);
      } else start = OBJ_HEADER;
      align = Math.max(align, 8);
    }
    // Enums: exactly their underlying value field.
    let end = start;
    const place = (f: FieldDesc, off: number) => {
      f.offset = off;
      const sz = this.sizeOf(f.type);
      end = Math.max(end, off + sz);
      if (f.type.isReference) refOffsets.push(off);
      else if (f.type.kind === Kind.ValueType) for (const o of this.of(f.type).refOffsets) refOffsets.push(off + o);
    };
    const fieldAlign = (f: FieldDesc) => {
      const a = this.alignOf(f.type);
      return packing ? Math.min(a, packing) : a;
    };
    if (kind === "explicit") {
      const offsets = new Map<number, number>();
      for (let i = 1; i <= r.rows(Table.FieldLayout); i++) offsets.set(r.tables.ref(Table.FieldLayout, i, 1), r.tables.cell(Table.FieldLayout, i, 0));
      for (const f of instance) {
        const off = offsets.get(f.row);
        if (off === undefined) throw new TypeLoadError(`${t.key}: explicit layout without an offset for field ${f.name}`);
        if (f.type.isReference && (start + off) % 8 !== 0) throw new TypeLoadError(`${t.key}: reference field ${f.name} at misaligned offset ${off}`);
        place(f, start + off);
        align = Math.max(align, fieldAlign(f));
      }
    } else {
      const order = kind === "sequential" ? instance : autoOrder(instance, this);
      let off = start;
      for (const f of order) {
        const a = fieldAlign(f);
        off = alignUp(off, a);
        place(f, off);
        off += this.sizeOf(f.type);
        align = Math.max(align, a);
      }
    }
    let size = Math.max(end, valueType ? classSize : start + classSize);
    if (valueType) {
      if (size === 0) size = 1;
      size = alignUp(size, Math.min(align, 8));
      align = Math.min(align, 8);
    } else {
      size = alignUp(Math.max(size, OBJ_HEADER), 8);
    }

    return { size, align, fields: instance, refOffsets, staticsSize: 0, staticsAlign: 8, staticFields: statics, staticRefOffsets: [], kind };
  }

  /** Statics: one block per type, the auto placement rules. */
  private computeStatics(l: TypeLayout): void {
    let off = 0;
    let align = 8;
    for (const f of autoOrder(l.staticFields, this)) {
      const a = this.alignOf(f.type);
      off = alignUp(off, a);
      f.offset = off;
      if (f.type.isReference) l.staticRefOffsets.push(off);
      else if (f.type.kind === Kind.ValueType) for (const o of this.of(f.type).refOffsets) l.staticRefOffsets.push(off + o);
      off += this.sizeOf(f.type);
      align = Math.max(align, a);
    }
    l.staticsSize = alignUp(off, 8);
    l.staticsAlign = align;
  }
}

/** A TypeDef's ClassLayout row: packing (0: default) and minimum size (0: none). */
function classLayout(r: MetadataReader, row: number): { packing: number; classSize: number } {
  for (let i = 1; i <= r.rows(Table.ClassLayout); i++) {
    if (r.tables.ref(Table.ClassLayout, i, 2) === row) return { packing: r.tables.cell(Table.ClassLayout, i, 0), classSize: r.tables.cell(Table.ClassLayout, i, 1) };
  }
  return { packing: 0, classSize: 0 };
}

/**
 * The unmanaged (marshaled) size and alignment of a value type or class with sequential or
 * explicit layout, as Marshal.SizeOf reports it: bool is 4 bytes, char 1 (2 with
 * CharSet.Unicode), references are pointers, nested value types are laid out the same way,
 * Pack and ClassLayout.ClassSize apply. Null for a type that cannot be marshaled as a structure
 * (auto layout: classes by default, enums, DateTime).
 */
export function nativeLayout(l: Layouts, t: TypeDesc): { size: number; align: number } | null {
  if (!t.module || t.elem) return null;
  const r = t.module.reader;
  const def = r.typeDef(t.row);
  const layoutBits = def.flags & 0x18;
  if (layoutBits === 0) return null;
  const unicode = (def.flags & 0x30000) === 0x10000;
  const { packing, classSize } = classLayout(r, t.row);
  const field = (ft: TypeDesc): { size: number; align: number } => {
    if (ft.kind === Kind.Boolean) return { size: 4, align: 4 };
    if (ft.kind === Kind.Char) return unicode ? { size: 2, align: 2 } : { size: 1, align: 1 };
    // Enum fields are their underlying integer.
    if (ft.kind === Kind.ValueType && l.ts.baseType(ft)?.key !== "[mscorlib]System.Enum") {
      const n = nativeLayout(l, ft);
      if (!n) throw new TypeLoadError(`${ft.key} cannot be marshaled`);
      return n;
    }
    const size = l.sizeOf(ft);
    return { size, align: Math.min(size, 8) };
  };
  const managed = l.of(t);
  const start = t.isValueType ? 0 : OBJ_HEADER;
  let end = 0, align = 1, off = 0;
  try {
    for (const f of managed.fields) {
      const n = field(f.type);
      const a = packing ? Math.min(n.align, packing) : n.align;
      if (layoutBits === 0x10) off = f.offset - start;
      else off = alignUp(off, a);
      end = Math.max(end, off + n.size);
      off += n.size;
      align = Math.max(align, a);
    }
  } catch (e) {
    if (e instanceof TypeLoadError) return null;
    throw e;
  }
  const size = alignUp(Math.max(end, classSize, 1), align);
  return { size, align };
}

/** References first, then by alignment and size descending; ties keep declaration order. */
function autoOrder(fields: FieldDesc[], l: Layouts): FieldDesc[] {
  const rank = (f: FieldDesc) => (f.type.isReference ? 0 : 1);
  return fields
    .map((f, i) => ({ f, i, a: l.alignOf(f.type), s: l.sizeOf(f.type) }))
    .sort((x, y) => rank(x.f) - rank(y.f) || y.a - x.a || y.s - x.s || x.i - y.i)
    .map((x) => x.f);
}
