/**
 * The runtime's view of types, methods and fields, above the metadata: types are resolved
 * across assemblies (TypeRef → TypeDef through the binder and type forwarders), generic
 * instantiations are closed, and every distinct type is one interned TypeDesc object, so type
 * identity is object identity.
 *
 * Invariants: a TypeDesc is created only through TypeSystem.intern (see typesystem.ts) and
 * never changes its identity fields afterwards; lazily computed data (layout, method table)
 * hangs off it and is computed once.
 */
import type { MetadataReader } from "../metadata/reader.js";
import type { AssemblyIdentity } from "../metadata/identity.js";

export const enum Kind {
  Void = 1,
  Boolean,
  Char,
  I1,
  U1,
  I2,
  U2,
  I4,
  U4,
  I8,
  U8,
  R4,
  R8,
  I,
  U,
  String,
  Object,
  TypedRef,
  /** A reference type defined in metadata (classes, interfaces, delegates). */
  Class,
  /** A value type defined in metadata that is not a primitive (structs, enums). */
  ValueType,
  SzArray,
  Array,
  Ptr,
  ByRef,
  FnPtr,
  /** A type's generic parameter (!n), only in open signatures. */
  Var,
  /** A method's generic parameter (!!n), only in open signatures. */
  MVar,
}

/** Primitive kinds with a System.* definition in the core library, by name. */
export const PRIMITIVE_NAMES: ReadonlyMap<string, Kind> = new Map([
  ["Void", Kind.Void], ["Boolean", Kind.Boolean], ["Char", Kind.Char], ["SByte", Kind.I1], ["Byte", Kind.U1],
  ["Int16", Kind.I2], ["UInt16", Kind.U2], ["Int32", Kind.I4], ["UInt32", Kind.U4], ["Int64", Kind.I8],
  ["UInt64", Kind.U8], ["Single", Kind.R4], ["Double", Kind.R8], ["IntPtr", Kind.I], ["UIntPtr", Kind.U],
  ["String", Kind.String], ["Object", Kind.Object], ["TypedReference", Kind.TypedRef],
]);

export class Module {
  constructor(
    readonly reader: MetadataReader,
    readonly path: string,
    readonly identity: AssemblyIdentity,
    /** Index in the type system's module list. */
    readonly index: number,
  ) {}
  get name(): string {
    return this.identity.name;
  }
}

export interface MethodSignature {
  hasThis: boolean;
  explicitThis: boolean;
  callConv: number;
  genericParamCount: number;
  returnType: TypeDesc;
  params: TypeDesc[];
  /** Index of the first vararg argument (call sites), else -1. */
  sentinelIndex: number;
}

export class TypeDesc {
  /** Lazily computed by layout.ts. */
  layout: unknown = null;
  /** Lazily computed by vtable.ts. */
  methodTable: unknown = null;
  /** Small dense id, assigned at interning (type handles, statics indexes). */
  readonly id: number;

  constructor(
    readonly kind: Kind,
    /** Unique key: identical keys are identical types. */
    readonly key: string,
    id: number,
    /** Defining module and TypeDef row (classes, value types, and primitives' System.* types). */
    readonly module: Module | null = null,
    readonly row = 0,
    /** Generic arguments of an instantiation (empty otherwise). */
    readonly args: readonly TypeDesc[] = [],
    /** Element type of arrays, pointers and byrefs. */
    readonly elem: TypeDesc | null = null,
    /** Rank of a multi-dimensional array; index of a generic parameter. */
    readonly rank = 0,
    readonly sig: MethodSignature | null = null,
  ) {
    this.id = id;
  }

  get isValueType(): boolean {
    switch (this.kind) {
      case Kind.Boolean: case Kind.Char: case Kind.I1: case Kind.U1: case Kind.I2: case Kind.U2: case Kind.I4:
      case Kind.U4: case Kind.I8: case Kind.U8: case Kind.R4: case Kind.R8: case Kind.I: case Kind.U:
      case Kind.TypedRef: case Kind.ValueType:
        return true;
      default:
        return false;
    }
  }

  /** Held by reference (an object pointer the GC sees). */
  get isReference(): boolean {
    return this.kind === Kind.Class || this.kind === Kind.String || this.kind === Kind.Object || this.kind === Kind.SzArray || this.kind === Kind.Array;
  }

  get isInterface(): boolean {
    return this.kind === Kind.Class && this.module !== null && (this.module.reader.typeDefFlags(this.row) & 0x20) !== 0;
  }

  get isGenericParameter(): boolean {
    return this.kind === Kind.Var || this.kind === Kind.MVar;
  }

  /** ILAsm-like name for messages: "System.Collections.Generic.List`1<int32>". */
  get name(): string {
    return this.key;
  }

  toString(): string {
    return this.key;
  }
}

export class MethodDesc {
  constructor(
    readonly owner: TypeDesc,
    readonly module: Module,
    readonly row: number,
    readonly name: string,
    readonly flags: number,
    readonly implFlags: number,
    /** The signature with the owner's and the method's generic arguments substituted. */
    readonly sig: MethodSignature,
    /** Generic method arguments (empty for non-generic methods). */
    readonly methodArgs: readonly TypeDesc[],
    readonly key: string,
  ) {}

  get isStatic(): boolean {
    return (this.flags & 0x10) !== 0;
  }
  get isVirtual(): boolean {
    return (this.flags & 0x40) !== 0;
  }
  get isAbstract(): boolean {
    return (this.flags & 0x400) !== 0;
  }
  get isNewSlot(): boolean {
    return (this.flags & 0x100) !== 0;
  }
  get isFinal(): boolean {
    return (this.flags & 0x20) !== 0;
  }
  get isConstructor(): boolean {
    return this.name === ".ctor";
  }
  get isStaticConstructor(): boolean {
    return this.name === ".cctor";
  }
  get hasBody(): boolean {
    return this.module.reader.methodRva(this.row) !== 0 && (this.implFlags & 3) === 0;
  }
  get isInternalCall(): boolean {
    return (this.implFlags & 0x1000) !== 0;
  }
  get isPInvoke(): boolean {
    return (this.flags & 0x2000) !== 0;
  }
  /** "Ns.Type::Method" as in error messages. */
  get fullName(): string {
    return `${this.owner.key}::${this.name}`;
  }
  toString(): string {
    return this.key;
  }
}

export class FieldDesc {
  /** Byte offset within the instance (after the object header for classes) or the statics block. */
  offset = -1;
  constructor(
    readonly owner: TypeDesc,
    readonly module: Module,
    readonly row: number,
    readonly name: string,
    readonly flags: number,
    readonly type: TypeDesc,
  ) {}
  get isStatic(): boolean {
    return (this.flags & 0x10) !== 0;
  }
  /** Literal (const) fields have no storage. */
  get isLiteral(): boolean {
    return (this.flags & 0x40) !== 0;
  }
  /** Static fields with an RVA (initialised data blocks). */
  get hasRva(): boolean {
    return (this.flags & 0x100) !== 0;
  }
  get fullName(): string {
    return `${this.owner.key}::${this.name}`;
  }
}

/** The generic arguments in scope while resolving a signature. */
export interface GenericContext {
  typeArgs: readonly TypeDesc[];
  methodArgs: readonly TypeDesc[];
}

export const NO_GENERICS: GenericContext = { typeArgs: [], methodArgs: [] };

export class TypeLoadError extends Error {
  override readonly name = "TypeLoadError";
}
