/**
 * The runtime's data layouts that compiled code reads or writes directly: method tables, their
 * interface maps, the thread state, class-constructor states and the symbol ranges of the JIT.
 * docs/runtime-abi.md describes them; this module is the only place their offsets are written
 * down (ImportEnv.vtableOffset is MT_VTABLE).
 *
 * Invariants:
 * - Every offset here is part of the runtime ABI (RUNTIME_ABI_VERSION in
 *   host/typesystem/layout.ts): changing one changes the ABI and invalidates native images.
 * - Method tables are 8-byte aligned and never move; the vtable starts at MT_VTABLE and has
 *   MT_NUM_VIRTUALS slots of 8 bytes, each holding a callable code address (a prestub until the
 *   method is compiled).
 * - The thread state's first word is the pending exception (env.ts THREAD_PENDING_EXCEPTION).
 */
import { THREAD_LOCALLOC_LIMIT, THREAD_LOCALLOC_TOP, THREAD_PENDING_EXCEPTION, THREAD_STACK_LIMIT } from "../importer/env.js";

// ---- Method table.
/** u32: MTF_* flags. */
export const MT_FLAGS = 0;
/**
 * u32: instance size in bytes, header included, a multiple of 8. Arrays: the size before the
 * elements (ARRAY_DATA_OFFSET); strings: the size of an empty string (header, length, NUL).
 */
export const MT_BASE_SIZE = 4;
/** u32: element size of arrays (2 for strings: UTF-16 units), 0 for other types. */
export const MT_COMPONENT_SIZE = 8;
/** u32: the type's id (TypeDesc.id): dense, unique within the process. */
export const MT_TYPE_ID = 12;
/** u64: the base type's method table, 0 for System.Object and interfaces. */
export const MT_PARENT = 16;
/** u64: arrays: the element type's method table; boxed enums: the underlying type's. */
export const MT_ELEMENT = 24;
/** u64: address of the interface map (MT_NUM_INTERFACES entries of IMAP_ENTRY_SIZE bytes). */
export const MT_INTERFACE_MAP = 32;
/** u32: entries in the interface map (every interface implemented, transitively). */
export const MT_NUM_INTERFACES = 40;
/** u32: vtable slots. */
export const MT_NUM_VIRTUALS = 44;
/** u64: the type's statics block, 0 when it has no static fields. */
export const MT_STATICS = 48;
/** u32: CCTOR_*: whether the class constructor still has to run. */
export const MT_CCTOR_STATE = 56;
/** u32: arrays: the rank (1 for single-dimensional zero-based arrays); 0 otherwise. */
export const MT_RANK = 60;
/** First vtable slot. */
export const MT_VTABLE = 64;
export const MT_HEADER_SIZE = MT_VTABLE;

// ---- Method table flags.
export const MTF_VALUE_TYPE = 1 << 0;
export const MTF_INTERFACE = 1 << 1;
/** A single-dimensional zero-based array (T[]). */
export const MTF_SZARRAY = 1 << 2;
/** A multi-dimensional array (T[,]). */
export const MTF_MDARRAY = 1 << 3;
export const MTF_STRING = 1 << 4;
export const MTF_ABSTRACT = 1 << 5;
/** The type has a class constructor (.cctor). */
export const MTF_HAS_CCTOR = 1 << 6;
/** beforefieldinit: the .cctor runs before the first static field access only. */
export const MTF_BEFOREFIELDINIT = 1 << 7;
/** Instances hold object references (for the collector, later). */
export const MTF_CONTAINS_REFS = 1 << 8;
/**
 * The runtime's own "abort" object: the pending exception when the program cannot go on (a
 * method the compiler cannot handle, the heap exhausted). No type test matches it, so no
 * handler catches it; frames return until run() reports the reason.
 */
export const MTF_UNCATCHABLE = 1 << 9;
export const MTF_ENUM = 1 << 10;
export const MTF_DELEGATE = 1 << 11;
/** Arrays whose elements are object references (array covariance checks apply). */
export const MTF_REF_ELEMENTS = 1 << 12;

// ---- Interface map entry.
/** u64: the interface's method table. */
export const IMAP_INTERFACE = 0;
/** u64: address of an i32 array: for each method of the interface (declaration order), the vtable slot implementing it, or -1. */
export const IMAP_SLOTS = 8;
export const IMAP_ENTRY_SIZE = 16;

// ---- Class-constructor state (MT_CCTOR_STATE). Compiled code may test `state == CCTOR_DONE`
// inline and call Helper.RunClassConstructor only otherwise.
/** Nothing to run: the type has no .cctor, or it has run. */
export const CCTOR_DONE = 0;
/** The .cctor has not started. */
export const CCTOR_PENDING = 1;
/** The .cctor is running (re-entrant accesses from it proceed). */
export const CCTOR_RUNNING = 2;
/** The .cctor threw: every later access raises TypeInitializationException. */
export const CCTOR_FAILED = 3;

// ---- Thread state (one block; a single managed thread for now).
/** u64: the pending exception object, 0 when none. */
export const TS_PENDING_EXCEPTION = THREAD_PENDING_EXCEPTION;
/** u64: next free byte of the localloc region (env.ts). */
export const TS_LOCALLOC_TOP = THREAD_LOCALLOC_TOP;
/** u64: end of the localloc region (env.ts). */
export const TS_LOCALLOC_LIMIT = THREAD_LOCALLOC_LIMIT;
/** u64: the method table of System.String (set when string allocation is first needed). */
export const TS_STRING_MT = 24;
/** u64: the managed heap's bump pointer (next free byte, 8-byte aligned). */
export const TS_ALLOC_PTR = 32;
/** u64: the end of the managed heap. */
export const TS_ALLOC_LIMIT = 40;
/** 5 × u64: RBX, R12, R13, R14, R15 as the trap unwinder restores them (scratch for the runtime). */
export const TS_SAVED_REGS = 48;
/** u64: the lowest stack address managed frames may reach (env.ts THREAD_STACK_LIMIT). */
export const TS_STACK_LIMIT = THREAD_STACK_LIMIT;
export const TS_SIZE = 128;

// ---- Symbols of the JIT's relocations (ids the runtime hands to the importer).
/** Method cells: symbol = METHOD_SYMBOL_BASE + the method's runtime id. */
export const METHOD_SYMBOL_BASE = 1;
/** Helper cells (env.ts Helper): symbol = HELPER_SYMBOL_BASE + helper. */
export const HELPER_SYMBOL_BASE = 0x30000000;
// The backend's own trap helpers use SYM_HELPER_BASE + HELPER_* (core-as/shared/ir-layout.ts):
// direct calls (rel32) into the code area.
