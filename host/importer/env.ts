/**
 * What the IL importer needs from whoever drives it (the JIT runtime, or the native image
 * compiler): symbols to call methods and runtime helpers through, and the addresses of
 * runtime data (method tables, statics blocks, string literals, the thread state). Keeping
 * these behind an interface lets the same importer produce code for a process (addresses as
 * constants) and for a relocatable native image (addresses through symbols).
 */
import type { MethodBuilder, VReg } from "../codegen/ir-builder.js";
import type { Layouts } from "../typesystem/layout.js";
import type { TypeSystem } from "../typesystem/typesystem.js";
import type { FieldDesc, MethodDesc, Module, TypeDesc } from "../typesystem/types.js";
import type { VTables } from "../typesystem/vtable.js";

/** Runtime helpers compiled code calls (all SysV, all through indirection cells). */
export const enum Helper {
  /** (MethodTable*, size) → object: zeroed instance, header set. */
  NewObject = 1,
  /** (MethodTable* of the array type, length i64) → array; negative length raises OverflowException. */
  NewArray,
  /** (exception object) → void: makes it the pending exception. */
  Throw,
  /** () → void: makes a new NullReferenceException pending. */
  ThrowNullReference,
  ThrowIndexOutOfRange,
  ThrowInvalidCast,
  ThrowOverflow,
  ThrowDivideByZero,
  ThrowArrayTypeMismatch,
  /** (MethodTable* target, object) → object or null. */
  IsInstanceOf,
  /** (MethodTable* target, object) → object; raises InvalidCastException (pending) when it does not fit. */
  CastClass,
  /** (array, value) → void: raises ArrayTypeMismatchException (pending) when value cannot be stored. */
  CheckArrayStore,
  /** (MethodTable* of the type) → void: runs the type's static constructor if it has not run. */
  RunClassConstructor,
  /** (object, MethodTable* interface, method index) → code address. */
  InterfaceLookup,
  /** (pending exception was raised outside any handler of the caller chain) — not called by code. */
  Reserved,
  /** () → void: makes a StackOverflowException pending (the localloc region is exhausted). */
  ThrowStackOverflow,
  /**
   * (object, RuntimeMethodHandle of an instantiated generic virtual or interface method) → the
   * code address of the implementation for the object's class, instantiated the same way
   * (generic virtual methods have no vtable slot per instantiation).
   */
  GenericVirtualLookup,
  /**
   * (MethodTable* of a multi-dimensional array type, i32* lengths: one per dimension) → array
   * with zero lower bounds; a negative length raises OverflowException.
   */
  NewMDArray,
}

/** Runtime data whose address code needs. */
export type DataItem =
  | { kind: "methodTable"; type: TypeDesc }
  | { kind: "statics"; type: TypeDesc }
  | { kind: "string"; module: Module; token: number }
  | { kind: "threadState" };

/** The thread state block's DataItem (one object: it is asked for at every call site). */
export const THREAD_STATE: DataItem = { kind: "threadState" };

/** Offsets in the thread state block. */
export const THREAD_PENDING_EXCEPTION = 0;
/**
 * `localloc` memory comes from a per-thread region: the next free byte and the end. A method
 * that allocates restores the top when it returns (normally or with an exception pending).
 * The runtime sets both at start-up; zeroes make every localloc raise StackOverflowException.
 */
export const THREAD_LOCALLOC_TOP = 8;
export const THREAD_LOCALLOC_LIMIT = 16;
/**
 * The lowest stack address managed frames may reach (the runtime keeps a margin below it for
 * its own helpers). A method whose frame lies below it can raise StackOverflowException
 * (Helper.ThrowStackOverflow) instead of running into the guard page; 0 means no limit known.
 */
export const THREAD_STACK_LIMIT = 88;

export interface ImportEnv {
  ts: TypeSystem;
  layouts: Layouts;
  vtables: VTables;
  /** Symbol of the indirection cell that calls reach `md` through (CALLK_CELL). */
  methodSymbol(md: MethodDesc): number;
  /** The symbol naming `md`'s own compiled code (the IR method's IRM_SYMBOL); 0 when unused. */
  codeSymbol?(md: MethodDesc): number;
  helperSymbol(h: Helper): number;
  /** Emits code that puts the address of `item` into a new TY_PTR vreg. */
  dataAddress(b: MethodBuilder, item: DataItem): VReg;
  /** Byte offset of vtable slot 0 from the start of a method table. */
  vtableOffset: number;
  /**
   * Debug code: every local and argument lives in memory, so the state at each statement
   * boundary is in the frame, not spread over registers.
   */
  debug?: boolean;
  /** When given, each method's entry increments the 64-bit counter at this symbol's address. */
  profileCounter?(md: MethodDesc): number;
  /** The value of a RuntimeFieldHandle for `ldtoken` of a field (without it, such ldtoken is not supported). */
  fieldHandle?(b: MethodBuilder, field: FieldDesc): VReg;
  /** The value of a RuntimeMethodHandle for `ldtoken` of a method. */
  methodHandle?(b: MethodBuilder, method: MethodDesc): VReg;
  /** The address of a static field's initial data (its RVA), for RuntimeHelpers.InitializeArray. */
  fieldData?(b: MethodBuilder, field: FieldDesc): VReg;
  /**
   * When true, `newobj string::.ctor(args)` is a call through methodSymbol(ctor) with the
   * constructor's arguments only (no `this`; value-type arguments by address as usual) that
   * returns the new string (TY_REF): a string's size depends on the arguments, so the
   * runtime allocates it.
   */
  stringConstructorFactories?: boolean;
  /**
   * Whether a call to `callee` may be replaced by its body (see the importer's inliner); when
   * absent, any small callee may be. A native image inlines only code whose changes invalidate
   * it by construction: its own assembly's, and hard-bound dependencies'.
   */
  canInline?(callee: MethodDesc): boolean;
}
