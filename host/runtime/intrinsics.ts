/**
 * Internal calls and intrinsics: base-library methods the runtime implements itself instead of
 * compiling their IL (docs/runtime-abi.md lists them). A method is matched by its declaring
 * type, name and parameter types ("System.Console::WriteLine(int32)"); its cell then points at
 * the implementation directly, no prestub.
 *
 * Implementations are koffi callbacks (JS), small machine-code stubs, or both (an adapter that
 * loads a value-type `this` and tail-calls a callback). Conventions:
 * - Arguments and results follow the IR types of the signature (int32/bool/char as int32,
 *   references and pointers as 64-bit, float32/float64 in XMM registers).
 * - Instance methods of primitive value types receive `this` as the address of the value.
 * - String constructors take the constructor's arguments (no `this`) and return the new
 *   string: `newobj string::.ctor(...)` cannot allocate before knowing the length.
 * - A callback that raises an exception sets it pending and returns 0.
 */
import * as L from "../../core-as/shared/encoder-layout.js";
import * as IR from "../../core-as/shared/ir-layout.js";
import { X86Assembler, mem } from "../core/encoder.js";
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJ_HEADER, STRING_CHARS_OFFSET, nativeLayout } from "../typesystem/layout.js";
import { Kind, type MethodDesc, type TypeDesc } from "../typesystem/types.js";
import * as A from "./abi.js";
import { UnsupportedError } from "./errors.js";
import { cExponential, formatBoolean, formatDouble, formatGeneral, formatInteger, formatSingle } from "./format.js";
import { getLibc, libmFunction, type CodeBatch } from "./memory.js";
import { availableParallelism } from "node:os";
import { randomFillSync } from "node:crypto";
import { isatty } from "node:tty";
import { readSync } from "node:fs";
import { FileTable, IOError, type IOResult, type NativeStat, SystemNative, errorOf } from "./file-io.js";
import { constants as osConstants, homedir, hostname, release as osRelease, userInfo } from "node:os";
import type { Runtime } from "./runtime.js";
import { clrTypeName, displayTypeKey } from "./runtime.js";
import * as R from "./reflection.js";
import type { StubAssembler } from "./stubs.js";

type StubName = "memmove" | "allocateString" | "byReferenceCtor" | "byReferenceValue" | "arrayData" | "stringEquals" | "stringNotEquals" | "stringEqualsObject" | "objectHash" | "referenceEquals";

/** How a value-type `this` is loaded before the callback sees it. */
type Deref = "i8" | "u8" | "i16" | "u16" | "i32" | "u32" | "i64" | "u64" | "f32" | "f64";

export type IntrinsicImpl =
  | { kind: "callback"; key: string; ret: string; params: string[]; fn: (...a: never[]) => unknown }
  | { kind: "deref"; key: string; load: Deref; ret: string; fn: (...a: never[]) => unknown }
  | { kind: "stub"; key: string; stub: StubName }
  /** A C library function with the method's signature: the cell holds its address. */
  | { kind: "native"; key: string; symbol: string }
  /** Another managed method with the same signature runs instead (its cell's code). */
  | { kind: "redirect"; key: string; target: string }
  /** A per-instantiation method without arguments: a thunk passes `context` to a shared callback. */
  | { kind: "context"; key: string; callback: string; context: TypeDesc };

const DEREF_C: Record<Deref, string> = {
  i8: "int32_t", u8: "int32_t", i16: "int32_t", u16: "int32_t", i32: "int32_t", u32: "uint32_t",
  i64: "int64_t", u64: "uint64_t", f32: "float", f64: "double",
};

/** Parameter spelling in intrinsic keys: the type key without assembly prefixes. */
function paramKey(t: TypeDesc): string {
  return displayTypeKey(t);
}

/** "System.Console::WriteLine(int32)". */
export function intrinsicKey(md: MethodDesc): string {
  return `${clrTypeName(md.owner)}::${md.name}(${md.sig.params.map(paramKey).join(",")})`;
}

const big = (n: number) => BigInt(n);
const stdinWait = new Int32Array(new SharedArrayBuffer(4));
const num = (v: unknown) => Number(v);
const u64 = (v: unknown) => BigInt.asUintN(64, BigInt(v as number));
const i64 = (v: unknown) => BigInt.asIntN(64, BigInt(v as number));

export class IntrinsicTable {
  private readonly table = new Map<string, IntrinsicImpl>();
  private readonly addresses = new Map<string, number>();
  private readonly stubAddresses = new Map<StubName, number>();
  private readonly contextCallbacks = new Map<string, number>();
  private readonly contexts = new Map<number, TypeDesc>();
  private toStringSlot = -1;

  constructor(private readonly rt: Runtime) {
    this.define();
  }

  /** Every key this table implements (docs and tests). */
  get keys(): string[] {
    return [...this.table.keys()].sort();
  }

  lookup(md: MethodDesc): IntrinsicImpl | null {
    if (!md.owner.module) return null;
    if (md.methodArgs.length) {
      // Array.GetGenericValueImpl<T> / SetGenericValueImpl<T>: one element copy, any T.
      if (md.owner.module === this.rt.ts.corlib && clrTypeName(md.owner) === "System.Array" && (md.name === "GetGenericValueImpl" || md.name === "SetGenericValueImpl")) {
        return this.table.get(`System.Array::${md.name}<T>(int32,T&)`) ?? null;
      }
      return null;
    }
    if (md.owner.args.length === 1 && md.owner.module === this.rt.ts.corlib && md.owner.module.reader.typeDefFullName(md.owner.row) === "System.ByReference`1") {
      // A JIT intrinsic in the class library (its IL throws): the struct holds the pointer.
      const key = `System.ByReference\`1::${md.name}`;
      if (md.name === ".ctor" && md.sig.params.length === 1) return { kind: "stub", key, stub: "byReferenceCtor" };
      if (md.name === "get_Value" && md.sig.params.length === 0) return { kind: "stub", key, stub: "byReferenceValue" };
    }
    if (md.owner.args.length === 1 && md.name === "CreateComparer" && md.sig.params.length === 0 && md.owner.module === this.rt.ts.corlib) {
      // EqualityComparer<T>.CreateComparer / Comparer<T>.CreateComparer choose a class by reflection.
      const def = md.owner.module.reader.typeDefFullName(md.owner.row);
      if (def === "System.Collections.Generic.EqualityComparer`1" || def === "System.Collections.Generic.Comparer`1") {
        return { kind: "context", key: md.key, callback: def, context: md.owner.args[0]! };
      }
    }
    return this.table.get(intrinsicKey(md)) ?? null;
  }

  /** The code address of an implementation. */
  address(impl: IntrinsicImpl): number {
    if (impl.kind === "stub" && !this.addresses.has(impl.key)) this.addresses.set(impl.key, this.stubAddresses.get(impl.stub)!);
    if (impl.kind === "context") {
      const known = this.addresses.get(impl.key);
      if (known !== undefined) return known;
      const cb = this.contextCallbacks.get(impl.callback);
      if (cb === undefined) throw new Error(`no shared callback ${impl.callback}`);
      const t = this.rt.contextThunk(cb);
      this.contexts.set(t.id, impl.context);
      this.addresses.set(impl.key, t.address);
      return t.address;
    }
    const a = this.addresses.get(impl.key);
    if (a === undefined) throw new Error(`intrinsic ${impl.key} was not assembled`);
    if (impl.kind === "stub" && (impl.stub === "allocateString" || impl.stub === "stringEqualsObject") && this.rt.r64(this.rt.threadState + A.TS_STRING_MT) === 0) {
      this.rt.w64(this.rt.threadState + A.TS_STRING_MT, this.rt.methodTable(this.rt.ts.primitive(Kind.String)));
    }
    return a;
  }

  /**
   * Registers every callback and assembles every stub, at runtime start-up (in its first code
   * batch). Eagerly, because koffi records the stack a callback may be entered on when it is
   * registered: one registered while managed code runs could not be entered from shallower frames.
   */
  assemble(batch: CodeBatch, stubs: StubAssembler): void {
    const memmove = stubs.memmove(batch, getLibc().memmove);
    this.stubAddresses.set("memmove", memmove);
    this.stubAddresses.set("byReferenceCtor", stubs.byReferenceCtor(batch));
    this.stubAddresses.set("byReferenceValue", stubs.byReferenceValue(batch));
    this.stubAddresses.set("arrayData", stubs.arrayData(batch));
    this.stubAddresses.set("objectHash", stubs.objectHash(batch));
    this.stubAddresses.set("referenceEquals", stubs.referenceEquals(batch));
    const memcmp = getLibc().memcmp;
    this.stubAddresses.set("stringEquals", stubs.stringEquals(batch, memcmp));
    this.stubAddresses.set("stringNotEquals", stubs.stringEquals(batch, memcmp, { invert: true }));
    this.stubAddresses.set("stringEqualsObject", stubs.stringEquals(batch, memcmp, { threadState: this.rt.threadState }));
    const slow = this.rt.callback("uint64_t", ["int32_t"], (len: number) => this.allocString(len));
    const allocateString = stubs.allocateString(batch, this.rt.threadState, slow);
    this.stubAddresses.set("allocateString", allocateString);
    const ctx = (f: (t: TypeDesc) => number) => (id: number) => {
      const t = this.contexts.get(id);
      if (!t) throw new Error(`unknown context ${id}`);
      return f(t);
    };
    this.contextCallbacks.set("System.Collections.Generic.EqualityComparer`1", this.rt.callback("uint64_t", ["int32_t"], ctx((t) => this.createComparer(t, true))));
    this.contextCallbacks.set("System.Collections.Generic.Comparer`1", this.rt.callback("uint64_t", ["int32_t"], ctx((t) => this.createComparer(t, false))));
    for (const impl of this.table.values()) {
      let a: number;
      if (impl.kind === "callback") a = this.rt.callback(impl.ret, impl.params, impl.fn);
      else if (impl.kind === "stub") a = this.stubAddresses.get(impl.stub)!;
      else if (impl.kind === "deref") a = this.derefAdapter(batch, impl);
      else if (impl.kind === "native") a = libmFunction(impl.symbol);
      else continue; // resolved when first used
      this.addresses.set(impl.key, a);
    }
  }

  private derefAdapter(batch: CodeBatch, impl: Extract<IntrinsicImpl, { kind: "deref" }>): number {
    const cb = this.rt.callback(impl.ret, [DEREF_C[impl.load]], impl.fn);
    const a = new X86Assembler(this.rt.core);
    const src = mem(L.REG_RDI);
    switch (impl.load) {
      case "i8": a.rm(L.FORM_MOVSX_R32_RM8, L.REG_RDI, src); break;
      case "u8": a.rm(L.FORM_MOVZX_R32_RM8, L.REG_RDI, src); break;
      case "i16": a.rm(L.FORM_MOVSX_R32_RM16, L.REG_RDI, src); break;
      case "u16": a.rm(L.FORM_MOVZX_R32_RM16, L.REG_RDI, src); break;
      case "i32": case "u32": a.rm(L.FORM_MOV_R32_RM32, L.REG_RDI, src); break;
      case "i64": case "u64": a.rm(L.FORM_MOV_R64_RM64, L.REG_RDI, src); break;
      case "f32": a.rm(L.FORM_MOVSS_XMM_XMMM32, 0, src); break;
      case "f64": a.rm(L.FORM_MOVSD_XMM_XMMM64, 0, src); break;
    }
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(cb));
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    return batch.place(a.finish().code);
  }

  private allocString(len: number): number {
    if (len < 0) {
      this.rt.raise("OutOfMemory");
      return 0;
    }
    return this.rt.newString("\0".repeat(len), true);
  }

  // ---- The table ------------------------------------------------------------------------------
  private cb(key: string, ret: string, params: string[], fn: (...a: never[]) => unknown): void {
    this.table.set(key, { kind: "callback", key, ret, params, fn });
  }
  private deref(key: string, load: Deref, ret: string, fn: (...a: never[]) => unknown): void {
    this.table.set(key, { kind: "deref", key, load, ret, fn });
  }
  private redirect(key: string, target: string): void {
    this.table.set(key, { kind: "redirect", key, target });
  }
  private native(key: string, symbol: string): void {
    this.table.set(key, { kind: "native", key, symbol });
  }
  private stub(key: string, stub: StubName): void {
    this.table.set(key, { kind: "stub", key, stub });
  }

  private define(): void {
    const rt = this.rt;
    const str = (s: string) => rt.newString(s);

    // System.Console: output through the runtime's buffer.
    const C = "System.Console";
    for (const [name, nl] of [["Write", ""], ["WriteLine", "\n"]] as const) {
      const w = (s: string) => rt.write(s + nl);
      this.cb(`${C}::${name}(string)`, "void", ["uint64_t"], (s: unknown) => w(rt.readString(num(s)) ?? ""));
      this.cb(`${C}::${name}(int32)`, "void", ["int32_t"], (v: number) => w(formatInteger(v)));
      this.cb(`${C}::${name}(uint32)`, "void", ["uint32_t"], (v: number) => w(formatInteger(v)));
      this.cb(`${C}::${name}(int64)`, "void", ["int64_t"], (v: unknown) => w(i64(v).toString()));
      this.cb(`${C}::${name}(uint64)`, "void", ["uint64_t"], (v: unknown) => w(u64(v).toString()));
      this.cb(`${C}::${name}(bool)`, "void", ["int32_t"], (v: number) => w(formatBoolean((v & 0xff) !== 0)));
      this.cb(`${C}::${name}(char)`, "void", ["int32_t"], (v: number) => w(String.fromCharCode(v & 0xffff)));
      this.cb(`${C}::${name}(float64)`, "void", ["double"], (v: number) => w(formatDouble(v)));
      this.cb(`${C}::${name}(float32)`, "void", ["float"], (v: number) => w(formatSingle(v)));
      this.cb(`${C}::${name}(char[])`, "void", ["uint64_t"], (a: unknown) => w(this.charArray(num(a))));
      this.cb(`${C}::${name}(object)`, "void", ["uint64_t"], (o: unknown) => {
        const s = this.toText(num(o));
        if (s !== null) w(s);
      });
      this.cb(`${C}::${name}(string,object)`, "void", ["uint64_t", "uint64_t"], (f: unknown, a0: unknown) => this.writeFormat(w, f, [num(a0)]));
      this.cb(`${C}::${name}(string,object,object)`, "void", ["uint64_t", "uint64_t", "uint64_t"], (f: unknown, a0: unknown, a1: unknown) => this.writeFormat(w, f, [num(a0), num(a1)]));
      this.cb(`${C}::${name}(string,object,object,object)`, "void", ["uint64_t", "uint64_t", "uint64_t", "uint64_t"], (f: unknown, a0: unknown, a1: unknown, a2: unknown) => this.writeFormat(w, f, [num(a0), num(a1), num(a2)]));
      this.cb(`${C}::${name}(string,object[])`, "void", ["uint64_t", "uint64_t"], (f: unknown, arr: unknown) => this.writeFormat(w, f, this.objectArray(num(arr))));
    }
    this.cb(`${C}::WriteLine()`, "void", [], () => rt.write("\n"));

    // String.Format: the same composite formatting, returning a new string.
    const S = "System.String";
    const fmt = (f: unknown, args: number[] | null): number => {
      const s = this.format(f, args);
      return s === null ? 0 : str(s);
    };
    this.cb(`${S}::Format(string,object)`, "uint64_t", ["uint64_t", "uint64_t"], (f: unknown, a0: unknown) => fmt(f, [num(a0)]));
    this.cb(`${S}::Format(string,object,object)`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t"], (f: unknown, a0: unknown, a1: unknown) => fmt(f, [num(a0), num(a1)]));
    this.cb(`${S}::Format(string,object,object,object)`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t", "uint64_t"], (f: unknown, a0: unknown, a1: unknown, a2: unknown) => fmt(f, [num(a0), num(a1), num(a2)]));
    this.cb(`${S}::Format(string,object[])`, "uint64_t", ["uint64_t", "uint64_t"], (f: unknown, arr: unknown) => fmt(f, this.objectArray(num(arr))));
    // With a format provider: the invariant culture's rules whatever the provider (no cultures yet).
    const P = "System.IFormatProvider";
    this.cb(`${S}::Format(${P},string,object)`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t"], (_p: unknown, f: unknown, a0: unknown) => fmt(f, [num(a0)]));
    this.cb(`${S}::Format(${P},string,object,object)`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t", "uint64_t"], (_p: unknown, f: unknown, a0: unknown, a1: unknown) => fmt(f, [num(a0), num(a1)]));
    this.cb(`${S}::Format(${P},string,object,object,object)`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t", "uint64_t", "uint64_t"], (_p: unknown, f: unknown, a0: unknown, a1: unknown, a2: unknown) => fmt(f, [num(a0), num(a1), num(a2)]));
    this.cb(`${S}::Format(${P},string,object[])`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t"], (_p: unknown, f: unknown, arr: unknown) => fmt(f, this.objectArray(num(arr))));
    // Mono's resource strings are the English texts themselves, formatted with the invariant culture.
    this.cb(`System.Environment::GetResourceString(string,object[])`, "uint64_t", ["uint64_t", "uint64_t"], (f: unknown, arr: unknown) => fmt(f, this.objectArray(num(arr))));
    this.cb(`System.Exception::GetClassName()`, "uint64_t", ["uint64_t"], (o: unknown) => str(this.typeNameOf(num(o))));

    // Strings: allocation and the runtime-implemented constructors (factories, see above).
    this.stub(`${S}::FastAllocateString(int32)`, "allocateString");
    this.cb(`${S}::.ctor(char[])`, "uint64_t", ["uint64_t"], (a: unknown) => str(this.charArray(num(a))));
    this.cb(`${S}::.ctor(char[],int32,int32)`, "uint64_t", ["uint64_t", "int32_t", "int32_t"], (a: unknown, start: number, len: number) => {
      const arr = num(a);
      if (arr === 0) return this.raiseArg("System.ArgumentNullException", "Value cannot be null.");
      const n = rt.r32(arr + ARRAY_LENGTH_OFFSET);
      if (start < 0 || len < 0 || start > n - len) return this.raiseArg("System.ArgumentOutOfRangeException", "Index was out of range. Must be non-negative and less than the size of the collection.");
      return str(rt.readChars(arr + ARRAY_DATA_OFFSET + 2 * start, len));
    });
    this.cb(`${S}::.ctor(char,int32)`, "uint64_t", ["int32_t", "int32_t"], (c: number, n: number) => {
      if (n < 0) return this.raiseArg("System.ArgumentOutOfRangeException", "Count cannot be less than zero.");
      return str(String.fromCharCode(c & 0xffff).repeat(n));
    });
    this.cb(`${S}::.ctor(char*)`, "uint64_t", ["uint64_t"], (p: unknown) => {
      const a = num(p);
      if (a === 0) return str("");
      let n = 0;
      while (rt.viewAt(a + 2 * n, 2).view.getUint16(rt.viewAt(a + 2 * n, 2).offset, true) !== 0) n++;
      return str(rt.readChars(a, n));
    });
    this.cb(`${S}::.ctor(char*,int32,int32)`, "uint64_t", ["uint64_t", "int32_t", "int32_t"], (p: unknown, start: number, len: number) => {
      if (len < 0 || start < 0) return this.raiseArg("System.ArgumentOutOfRangeException", "Length cannot be less than zero.");
      return str(len === 0 ? "" : rt.readChars(num(p) + 2 * start, len));
    });
    // Equality (machine code over C's memcmp) and ordinal order of strings.
    this.stub(`${S}::Equals(string,string)`, "stringEquals");
    this.stub(`${S}::op_Equality(string,string)`, "stringEquals");
    this.stub(`${S}::op_Inequality(string,string)`, "stringNotEquals");
    this.stub(`${S}::EqualsHelper(string,string)`, "stringEquals");
    this.stub(`${S}::Equals(string)`, "stringEquals");
    this.stub(`${S}::Equals(object)`, "stringEqualsObject");
    this.cb(`${S}::CompareOrdinal(string,string)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => this.compareOrdinal(num(a), num(b)));
    this.cb(`${S}::CompareOrdinalHelper(string,string)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => this.compareOrdinal(num(a), num(b)));
    this.cb(`${S}::.ctor(System.ReadOnlySpan\`1<char>)`, "uint64_t", ["uint64_t"], (p: unknown) => {
      const span = rt.ts.defType(rt.ts.corlib, rt.ts.findByName(rt.ts.corlib, "System", "ReadOnlySpan`1").row, [rt.ts.primitive(Kind.Char)]);
      const ptr = rt.r64(num(p) + rt.fieldOffset(span, "_pointer"));
      const len = rt.r32s(num(p) + rt.fieldOffset(span, "_length"));
      return str(len > 0 ? rt.readChars(ptr, len) : "");
    });
    this.cb(`${S}::.ctor(int8*)`, "uint64_t", ["uint64_t"], (p: unknown) => {
      const a = num(p);
      if (a === 0) return str("");
      let s0 = "";
      for (let i = 0; ; i++) {
        const v = rt.viewAt(a + i, 1);
        const c = v.view.getUint8(v.offset);
        if (c === 0) break;
        s0 += String.fromCharCode(c);
      }
      return str(s0);
    });
    this.cb(`${S}::InternalIntern(string)`, "uint64_t", ["uint64_t"], (s: unknown) => rt.internString(rt.readString(num(s)) ?? ""));
    this.cb(`${S}::InternalIsInterned(string)`, "uint64_t", ["uint64_t"], (s: unknown) => rt.internString(rt.readString(num(s)) ?? ""));

    // Memory copies.
    const B = "System.Buffer";
    this.stub(`${B}::Memmove(uint8*,uint8*,uint32)`, "memmove");
    this.stub(`${B}::Memcpy(uint8*,uint8*,int32)`, "memmove");
    this.stub(`${B}::InternalMemcpy(uint8*,uint8*,int32)`, "memmove");
    this.cb(`${B}::InternalBlockCopy(System.Array,int32,System.Array,int32,int32)`, "int32_t", ["uint64_t", "int32_t", "uint64_t", "int32_t", "int32_t"],
      (src: unknown, so: number, dst: unknown, d: number, n: number) => this.blockCopy(num(src), so, num(dst), d, n));
    this.cb(`${B}::_ByteLength(System.Array)`, "int32_t", ["uint64_t"], (a: unknown) => this.byteLength(num(a)));

    // Floating-point ToString: `this` is the value's address. (Integers, booleans and chars
    // format faster through the library's own IL than through a callback.)
    const prim: [string, Deref, (v: never) => string][] = [
      ["System.Double", "f64", (v: number) => formatDouble(v)],
      ["System.Single", "f32", (v: number) => formatSingle(v)],
    ];
    for (const [type, load, f] of prim) this.deref(`${type}::ToString()`, load, "uint64_t", (v: never) => str(f(v)));

    // System.Object and System.ValueType basics.
    const O = "System.Object";
    const typeName = (o: unknown) => str(this.typeNameOf(num(o)));
    this.cb(`${O}::ToString()`, "uint64_t", ["uint64_t"], typeName);
    this.cb(`System.ValueType::ToString()`, "uint64_t", ["uint64_t"], typeName);
    // Identity hash codes and reference equality: machine code.
    this.stub(`${O}::GetHashCode()`, "objectHash");
    this.stub(`${O}::InternalGetHashCode(object)`, "objectHash");
    this.stub(`System.Runtime.CompilerServices.RuntimeHelpers::GetHashCode(object)`, "objectHash");
    this.stub(`${O}::Equals(object)`, "referenceEquals");
    // Delegate.Combine: a fresh delegate of the same type; the library fills in its invocation list.
    this.cb(`System.Delegate::AllocDelegateLike_internal(System.Delegate)`, "uint64_t", ["uint64_t"], (d: unknown) => rt.allocObjectOf(rt.r64(num(d))));
    // GCHandle: objects never move and are never collected, so a handle is just a table entry.
    const GH = "System.Runtime.InteropServices.GCHandle", GHT = "System.Runtime.InteropServices.GCHandleType";
    const handles = new Map<number, number>();
    rt.addRootSource(() => handles.values());
    let nextHandle = 1;
    this.cb(`${GH}::GetTargetHandle(object,int32,${GHT})`, "int32_t", ["uint64_t", "int32_t", "int32_t"], (o: unknown, h: number, type: number) => {
      const handle = h !== 0 ? h : (nextHandle++ << 3) | (type & 7);
      handles.set(handle, num(o));
      return handle;
    });
    this.cb(`${GH}::GetTarget(int32)`, "uint64_t", ["int32_t"], (h: number) => handles.get(h) ?? 0);
    this.cb(`${GH}::FreeHandle(int32)`, "void", ["int32_t"], (h: number) => void handles.delete(h));
    this.cb(`${GH}::CheckCurrentDomain(int32)`, "int32_t", ["int32_t"], () => 1);
    this.cb(`${GH}::GetAddrOfPinnedObject(int32)`, "uint64_t", ["int32_t"], (h: number) => {
      const o = handles.get(h) ?? 0;
      if (o === 0) return 0;
      const flags = rt.r32(rt.r64(o) + A.MT_FLAGS);
      if (flags & (A.MTF_SZARRAY | A.MTF_MDARRAY)) return o + rt.r32(rt.r64(o) + A.MT_BASE_SIZE);
      if (flags & A.MTF_STRING) return o + STRING_CHARS_OFFSET;
      return o + OBJ_HEADER;
    });

    // ValueType.Equals / GetHashCode: value fields compared here, reference fields handed back in
    // pairs for the library to compare with Equals (Mono's protocol).
    this.cb(`System.ValueType::InternalEquals(object,object,object[]&)`, "int32_t", ["uint64_t", "uint64_t", "uint64_t"], (a: unknown, b: unknown, out: unknown) => {
      const x = num(a), y = num(b);
      rt.w64(num(out), 0);
      const t = rt.typeOfMethodTable(rt.r64(x))!;
      const { bytes, refs } = this.valueFields(t);
      for (const [off, size] of bytes) {
        const p = rt.viewAt(x + OBJ_HEADER + off, size), q = rt.viewAt(y + OBJ_HEADER + off, size);
        for (let i = 0; i < size; i++) if (p.view.getUint8(p.offset + i) !== q.view.getUint8(q.offset + i)) return 0;
      }
      if (refs.length === 0) return 1;
      const pairs = rt.allocArray(rt.ts.primitive(Kind.Object), 2 * refs.length);
      refs.forEach((off, i) => {
        rt.w64(pairs + ARRAY_DATA_OFFSET + 16 * i, rt.r64(x + OBJ_HEADER + off));
        rt.w64(pairs + ARRAY_DATA_OFFSET + 16 * i + 8, rt.r64(y + OBJ_HEADER + off));
      });
      rt.w64(num(out), pairs);
      return 0;
    });
    this.cb(`System.ValueType::InternalGetHashCode(object,object[]&)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, out: unknown) => {
      const x = num(a);
      rt.w64(num(out), 0);
      const t = rt.typeOfMethodTable(rt.r64(x))!;
      let h = 0x811c9dc5;
      for (const [off, size] of this.valueFields(t).bytes) {
        const p = rt.viewAt(x + OBJ_HEADER + off, size);
        for (let i = 0; i < size; i++) h = Math.imul(h ^ p.view.getUint8(p.offset + i), 0x01000193);
      }
      return h | 0;
    });
    this.cb(`${O}::MemberwiseClone()`, "uint64_t", ["uint64_t"], (o: unknown) => this.clone(num(o)));
    this.cb(`System.Runtime.CompilerServices.RuntimeHelpers::get_OffsetToStringData()`, "int32_t", [], () => STRING_CHARS_OFFSET);
    this.cb(`System.Runtime.CompilerServices.RuntimeHelpers::InitializeArray(System.Array,native int)`, "void", ["uint64_t", "uint64_t"], (a: unknown, data: unknown) => this.initializeArray(num(a), num(data)));
    this.cb(`System.Runtime.CompilerServices.RuntimeHelpers::RunClassConstructor(native int)`, "void", ["uint64_t"], (mt: unknown) => rt.runClassConstructor(num(mt)));

    // Arrays.
    const AR = "System.Array";
    // Its IL reads the elements through a class laid out for Mono's 32-byte array header.
    this.stub(`${AR}::GetRawSzArrayData()`, "arrayData");
    this.cb(`${AR}::GetRank()`, "int32_t", ["uint64_t"], (a: unknown) => rt.r32(rt.r64(num(a)) + A.MT_RANK));
    this.cb(`${AR}::GetLength(int32)`, "int32_t", ["uint64_t", "int32_t"], (a: unknown, d: number) => this.arrayDimension(num(a), d, 0));
    this.cb(`${AR}::GetLowerBound(int32)`, "int32_t", ["uint64_t", "int32_t"], (a: unknown, d: number) => this.arrayDimension(num(a), d, 4));
    const element = (arr: number, pos: number) => {
      const mt = rt.r64(arr);
      const size = rt.r32(mt + A.MT_COMPONENT_SIZE);
      return { at: arr + rt.r32(mt + A.MT_BASE_SIZE) + pos * size, size };
    };
    this.table.set(`${AR}::GetGenericValueImpl<T>(int32,T&)`, { kind: "callback", key: `${AR}::GetGenericValueImpl<T>(int32,T&)`, ret: "void", params: ["uint64_t", "int32_t", "uint64_t"],
      fn: ((a: unknown, pos: number, out: unknown) => {
        const e = element(num(a), pos);
        this.copy(num(out), e.at, e.size);
      }) as (...a: never[]) => unknown });
    this.table.set(`${AR}::SetGenericValueImpl<T>(int32,T&)`, { kind: "callback", key: `${AR}::SetGenericValueImpl<T>(int32,T&)`, ret: "void", params: ["uint64_t", "int32_t", "uint64_t"],
      fn: ((a: unknown, pos: number, value: unknown) => {
        const e = element(num(a), pos);
        this.copy(e.at, num(value), e.size);
      }) as (...a: never[]) => unknown });
    // Untyped element access (Array.GetValue/SetValue): references as they are, values boxed.
    this.cb(`${AR}::GetValueImpl(int32)`, "uint64_t", ["uint64_t", "int32_t"], (a: unknown, pos: number) => {
      const arr = num(a), mt = rt.r64(arr);
      const e = element(arr, pos);
      if (rt.r32(mt + A.MT_FLAGS) & A.MTF_REF_ELEMENTS) return rt.r64(e.at);
      const emt = rt.r64(mt + A.MT_ELEMENT);
      const box = rt.allocObjectOf(emt);
      this.copy(box + OBJ_HEADER, e.at, e.size);
      return box;
    });
    this.cb(`${AR}::SetValueImpl(object,int32)`, "void", ["uint64_t", "uint64_t", "int32_t"], (a: unknown, v: unknown, pos: number) => {
      const arr = num(a), value = num(v), mt = rt.r64(arr);
      const e = element(arr, pos);
      const emt = rt.r64(mt + A.MT_ELEMENT);
      if (rt.r32(mt + A.MT_FLAGS) & A.MTF_REF_ELEMENTS) {
        if (value !== 0 && !rt.isAssignable(rt.r64(value), emt)) return void rt.raise("InvalidCast");
        rt.w64(e.at, value);
        return;
      }
      const view = rt.viewAt(e.at, e.size);
      if (value === 0) {
        new Uint8Array(view.view.buffer, view.view.byteOffset + view.offset, e.size).fill(0);
        return;
      }
      if (rt.r64(value) === emt) return void this.copy(e.at, value + OBJ_HEADER, e.size);
      // Primitive values widen as Mono's SetValueImpl widens them (Array.Copy of int[] into long[]).
      const from = rt.typeOfMethodTable(rt.r64(value)), to = rt.typeOfMethodTable(emt);
      if (!from || !to || !widens(from.kind, to.kind)) return void rt.raise("InvalidCast", "");
      writePrimitive(rt, e.at, to.kind, readPrimitive(rt, value + OBJ_HEADER, from.kind));
    });
    // Array.CreateInstance (Enum.GetValues, Array.CreateInstance): a vector for one dimension
    // with lower bound 0, else a multi-dimensional array (lower bounds other than 0 are refused).
    this.cb(`${AR}::CreateInstanceImpl(System.Type,int32[],int32[])`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t"], (type: unknown, lens: unknown, bounds: unknown) => {
      const mt = rt.methodTableOfType(num(type));
      const elem = mt ? rt.typeOfMethodTable(mt) : null;
      if (!elem) throw new UnsupportedError(`${AR}::CreateInstanceImpl`, "a Type object the runtime did not make");
      const ls = num(lens), bs = num(bounds);
      const rank = rt.r32(ls + ARRAY_LENGTH_OFFSET);
      const lengths: number[] = [];
      for (let d = 0; d < rank; d++) lengths.push(rt.r32s(ls + ARRAY_DATA_OFFSET + 4 * d));
      if (bs !== 0) {
        for (let d = 0; d < rank; d++) if (rt.r32s(bs + ARRAY_DATA_OFFSET + 4 * d) !== 0) throw new UnsupportedError(`${AR}::CreateInstanceImpl`, "arrays with lower bounds other than zero");
      }
      if (rank === 1 && bs === 0) return rt.allocArray(elem, lengths[0]!);
      return rt.allocMDArrayOf(rt.methodTable(rt.ts.mdArray(elem, rank)), lengths);
    });
    this.cb(`${AR}::ClearInternal(System.Array,int32,int32)`, "void", ["uint64_t", "int32_t", "int32_t"], (a: unknown, i: number, n: number) => this.clearArray(num(a), i, n));
    this.cb(`${AR}::FastCopy(System.Array,int32,System.Array,int32,int32)`, "int32_t", ["uint64_t", "int32_t", "uint64_t", "int32_t", "int32_t"],
      (s: unknown, si: number, d: unknown, di: number, n: number) => this.fastCopy(num(s), si, num(d), di, n));

    // Math.
    const M = "System.Math";
    // Mono's Math internal calls are the C library's functions (Pow is C's pow, with its answers
    // for pow(1, NaN) and pow(-1, ±∞)); the cells point at them, so results are Mono's to the
    // last bit. Round is rint (ties to even in the default rounding mode).
    const libmUnary: [string, string][] = [
      ["Sqrt", "sqrt"], ["Floor", "floor"], ["Ceiling", "ceil"], ["Sin", "sin"], ["Cos", "cos"], ["Tan", "tan"],
      ["Asin", "asin"], ["Acos", "acos"], ["Atan", "atan"], ["Sinh", "sinh"], ["Cosh", "cosh"], ["Tanh", "tanh"],
      ["Asinh", "asinh"], ["Acosh", "acosh"], ["Atanh", "atanh"], ["Cbrt", "cbrt"],
      ["Exp", "exp"], ["Log", "log"], ["Log10", "log10"], ["Round", "rint"], ["Abs", "fabs"],
    ];
    for (const [name, f] of libmUnary) this.native(`${M}::${name}(float64)`, f);
    this.native(`${M}::Abs(float32)`, "fabsf");
    this.native(`${M}::Pow(float64,float64)`, "pow");
    this.native(`${M}::Atan2(float64,float64)`, "atan2");
    this.native(`${M}::FMod(float64,float64)`, "fmod");
    // C's modf: the fraction is returned, the integral part stored (Math.Round(x, digits) uses it).
    this.cb(`${M}::ModF(float64,float64*)`, "double", ["double", "uint64_t"], (x: number, ip: unknown) => {
      const whole = Number.isFinite(x) ? Math.trunc(x) : x;
      const v = rt.viewAt(num(ip), 8);
      v.view.setFloat64(v.offset, whole, true);
      if (!Number.isFinite(x)) return Number.isNaN(x) ? x : x > 0 ? 0 : -0;
      const frac = x - whole;
      return frac === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : frac;
    });

    // Interlocked: one managed thread, so plain reads and writes are atomic enough.
    const I = "System.Threading.Interlocked";
    const cell32 = (p: unknown) => rt.viewAt(num(p), 4);
    const cell64 = (p: unknown) => rt.viewAt(num(p), 8);
    this.cb(`${I}::CompareExchange(int32&,int32,int32)`, "int32_t", ["uint64_t", "int32_t", "int32_t"], (p: unknown, v: number, cmp: number) => {
      const c = cell32(p), old = c.view.getInt32(c.offset, true);
      if (old === cmp) c.view.setInt32(c.offset, v, true);
      return old;
    });
    const cas64 = (p: unknown, v: unknown, cmp: unknown) => {
      const c = cell64(p), old = c.view.getBigInt64(c.offset, true);
      if (old === i64(cmp)) c.view.setBigInt64(c.offset, i64(v), true);
      return old;
    };
    for (const t of ["int64", "native int"]) {
      const c = t === "int64" ? "int64_t" : "uint64_t";
      this.cb(`${I}::CompareExchange(${t}&,${t},${t})`, c, ["uint64_t", c, c], cas64);
      this.cb(`${I}::Exchange(${t}&,${t})`, c, ["uint64_t", c], (p: unknown, v: unknown) => {
        const cl = cell64(p), old = cl.view.getBigInt64(cl.offset, true);
        cl.view.setBigInt64(cl.offset, i64(v), true);
        return old;
      });
    }
    this.cb(`${I}::Read(int64&)`, "int64_t", ["uint64_t"], (p: unknown) => cell64(p).view.getBigInt64(cell64(p).offset, true));
    // The object forms take every operand by reference (the generic methods wrap them).
    this.cb(`${I}::CompareExchange(object&,object&,object&,object&)`, "void", ["uint64_t", "uint64_t", "uint64_t", "uint64_t"], (loc: unknown, v: unknown, cmp: unknown, res: unknown) => {
      const old = rt.r64(num(loc));
      if (old === rt.r64(num(cmp))) rt.w64(num(loc), rt.r64(num(v)));
      rt.w64(num(res), old);
    });
    this.cb(`${I}::Exchange(object&,object&,object&)`, "void", ["uint64_t", "uint64_t", "uint64_t"], (loc: unknown, v: unknown, res: unknown) => {
      const old = rt.r64(num(loc));
      rt.w64(num(loc), rt.r64(num(v)));
      rt.w64(num(res), old);
    });
    this.cb(`${I}::CompareExchange(int32&,int32,int32,bool&)`, "int32_t", ["uint64_t", "int32_t", "int32_t", "uint64_t"], (p: unknown, v: number, cmp: number, ok: unknown) => {
      const c = cell32(p), old = c.view.getInt32(c.offset, true);
      const hit = old === cmp;
      if (hit) c.view.setInt32(c.offset, v, true);
      const b = rt.viewAt(num(ok), 1);
      b.view.setUint8(b.offset, hit ? 1 : 0);
      return old;
    });
    this.cb(`${I}::Exchange(int32&,int32)`, "int32_t", ["uint64_t", "int32_t"], (p: unknown, v: number) => {
      const c = cell32(p), old = c.view.getInt32(c.offset, true);
      c.view.setInt32(c.offset, v, true);
      return old;
    });
    const add32 = (p: unknown, d: number) => {
      const c = cell32(p), v = (c.view.getInt32(c.offset, true) + d) | 0;
      c.view.setInt32(c.offset, v, true);
      return v;
    };
    const add64 = (p: unknown, d: unknown) => {
      const c = cell64(p), v = BigInt.asIntN(64, c.view.getBigInt64(c.offset, true) + i64(d));
      c.view.setBigInt64(c.offset, v, true);
      return v;
    };
    this.cb(`${I}::Increment(int32&)`, "int32_t", ["uint64_t"], (p: unknown) => add32(p, 1));
    this.cb(`${I}::Decrement(int32&)`, "int32_t", ["uint64_t"], (p: unknown) => add32(p, -1));
    this.cb(`${I}::Add(int32&,int32)`, "int32_t", ["uint64_t", "int32_t"], add32);
    this.cb(`${I}::Increment(int64&)`, "int64_t", ["uint64_t"], (p: unknown) => add64(p, 1));
    this.cb(`${I}::Decrement(int64&)`, "int64_t", ["uint64_t"], (p: unknown) => add64(p, -1));
    this.cb(`${I}::Add(int64&,int64)`, "int64_t", ["uint64_t", "int64_t"], add64);
    this.cb(`${I}::MemoryBarrierProcessWide()`, "void", [], () => undefined);

    // Monitor: one managed thread, so locks only count their owner's entries.
    const M0 = "System.Threading.Monitor";
    const held = new Map<number, number>();
    const enter = (o: unknown) => {
      if (num(o) === 0) return void rt.raise("NullReference");
      held.set(num(o), (held.get(num(o)) ?? 0) + 1);
    };
    this.cb(`${M0}::Enter(object)`, "void", ["uint64_t"], enter);
    this.cb(`${M0}::try_enter_with_atomic_var(object,int32,bool&)`, "void", ["uint64_t", "int32_t", "uint64_t"], (o: unknown, _ms: number, taken: unknown) => {
      enter(o);
      if (rt.pendingException !== 0) return;
      const b = rt.viewAt(num(taken), 1);
      b.view.setUint8(b.offset, 1);
    });
    this.cb(`${M0}::Exit(object)`, "void", ["uint64_t"], (o: unknown) => {
      const n = held.get(num(o)) ?? 0;
      if (n <= 1) held.delete(num(o));
      else held.set(num(o), n - 1);
    });
    const owned = (o: unknown) => ((held.get(num(o)) ?? 0) > 0 ? 1 : 0);
    this.cb(`${M0}::Monitor_test_owner(object)`, "int32_t", ["uint64_t"], owned);
    this.cb(`${M0}::Monitor_test_synchronised(object)`, "int32_t", ["uint64_t"], owned);
    this.cb(`${M0}::Monitor_pulse(object)`, "void", ["uint64_t"], () => undefined);
    this.cb(`${M0}::Monitor_pulse_all(object)`, "void", ["uint64_t"], () => undefined);

    // Unicode character data: the library reads it from a resource of mscorlib; the JS engine's
    // Unicode tables answer the same questions (its Unicode version is newer than Mono's).
    const CU = "System.Globalization.CharUnicodeInfo";
    this.cb(`${CU}::.cctor()`, "void", [], () => undefined);
    this.cb(`${CU}::InternalGetUnicodeCategory(int32)`, "int32_t", ["int32_t"], (ch: number) => unicodeCategory(ch));
    this.cb(`${CU}::InternalGetNumericValue(int32)`, "double", ["int32_t"], (ch: number) => decimalDigit(ch));
    this.cb(`${CU}::InternalGetDecimalDigitValue(int32)`, "int32_t", ["int32_t"], (ch: number) => decimalDigit(ch));
    this.cb(`${CU}::InternalGetDigitValue(int32)`, "int32_t", ["int32_t"], (ch: number) => decimalDigit(ch));

    // Cultures: there is one, the invariant culture (Mono's with LANG unset or C).
    const CI = "System.Globalization.CultureInfo";
    this.redirect(`${CI}::get_CurrentCulture()`, `${CI}::get_InvariantCulture()`);
    this.redirect(`${CI}::get_CurrentUICulture()`, `${CI}::get_InvariantCulture()`);

    // Culture-sensitive string comparison: ICU's root collation (Intl.Collator) stands in for
    // Mono's managed collation tables; searches and prefixes compare ordinally (case-folded when
    // asked), which agrees with them on text without ignorable characters.
    const CMP = "System.Globalization.CompareInfo", OPT = "System.Globalization.CompareOptions";
    const sub = (o: unknown, off: number, len: number) => {
      const u = this.units(num(o));
      return u ? String.fromCharCode(...u.subarray(off, off + len)) : "";
    };
    this.cb(`${CMP}::internal_compare_switch(string,int32,int32,string,int32,int32,${OPT})`, "int32_t",
      ["uint64_t", "uint64_t", "int32_t", "int32_t", "uint64_t", "int32_t", "int32_t", "int32_t"],
      (_self: unknown, a: unknown, ao: number, al: number, b: unknown, bo: number, bl: number, opt: number) => cultureCompare(sub(a, ao, al), sub(b, bo, bl), opt));
    this.cb(`${CMP}::internal_index_switch(string,int32,int32,string,${OPT},bool)`, "int32_t",
      ["uint64_t", "uint64_t", "int32_t", "int32_t", "uint64_t", "int32_t", "int32_t"],
      (_self: unknown, s0: unknown, start: number, count: number, v: unknown, opt: number, first: number) => {
        const fold = (x: string) => (opt & 0x10000001 ? x.toUpperCase() : x);
        const source = fold(rt.readString(num(s0)) ?? ""), value = fold(rt.readString(num(v)) ?? "");
        if (first & 0xff) {
          const i = source.slice(0, start + count).indexOf(value, start);
          return i;
        }
        const lo = start - count + 1;
        const i = source.slice(lo, start + 1).lastIndexOf(value);
        return i < 0 ? -1 : i + lo;
      });
    const affix = (prefix: boolean) => (_self: unknown, s0: unknown, v: unknown, opt: number) => {
      const fold = (x: string) => (opt & 0x10000001 ? x.toUpperCase() : x);
      const source = fold(rt.readString(num(s0)) ?? ""), value = fold(rt.readString(num(v)) ?? "");
      return (prefix ? source.startsWith(value) : source.endsWith(value)) ? 1 : 0;
    };
    this.cb(`${CMP}::StartsWith(string,string,${OPT})`, "int32_t", ["uint64_t", "uint64_t", "uint64_t", "int32_t"], affix(true));
    this.cb(`${CMP}::EndsWith(string,string,${OPT})`, "int32_t", ["uint64_t", "uint64_t", "uint64_t", "int32_t"], affix(false));
    this.cb(`System.Environment::internalGetEnvironmentVariable(string)`, "uint64_t", ["uint64_t"], (n: unknown) => {
      const v = process.env[rt.readString(num(n)) ?? ""];
      return v === undefined ? 0 : str(v);
    });

    // System.Native functions the class library reaches for ordinary work.
    this.cb(`Interop+Sys::LChflagsCanSetHiddenFlag()`, "int32_t", [], () => 0);
    this.cb(`Interop+Sys::GetNonCryptographicallySecureRandomBytes(uint8*,int32)`, "void", ["uint64_t", "int32_t"], (p: unknown, n: number) => {
      if (n <= 0) return;
      randomFillSync(rt.bytesAt(num(p), n));
    });
    // The class library's double formatting asks the C library for "%.40e" and rounds itself.
    this.cb(`Interop+Sys::DoubleToString(float64,uint8*,uint8*,int32)`, "int32_t", ["double", "uint64_t", "uint64_t", "int32_t"],
      (x: number, fmt: unknown, buf: unknown, len: number) => {
        let f = "";
        for (let i = 0; i < 32; i++) {
          const v = rt.viewAt(num(fmt) + i, 1);
          const c = v.view.getUint8(v.offset);
          if (c === 0) break;
          f += String.fromCharCode(c);
        }
        const m = /^%\.(\d+)e$/.exec(f);
        if (!m) throw new UnsupportedError("Interop+Sys::DoubleToString", `printf format '${f}'`);
        const text = cExponential(x, Number(m[1]));
        const n = Math.min(text.length, len - 1);
        const out = rt.viewAt(num(buf), n + 1);
        for (let i = 0; i < n; i++) out.view.setUint8(out.offset + i, text.charCodeAt(i));
        out.view.setUint8(out.offset + n, 0);
        return text.length;
      });
    this.redirect(`System.Globalization.NumberFormatInfo::get_CurrentInfo()`, `System.Globalization.NumberFormatInfo::get_InvariantInfo()`);

    // Threads: cooperative, run to completion when the running thread waits (threads.ts).
    const th = rt.threads;
    const TH = "System.Threading.Thread";
    this.cb(`${TH}::GetCurrentThread()`, "uint64_t", [], () => th.currentThread());
    // One application domain: its object, its name (the program's file name) and its data
    // slots (GetData of an unset name is null, as in Mono).
    let domain = 0;
    const domainData = new Map<string, number>();
    rt.addRootSource(() => [domain, ...domainData.values()]);
    const AD = "System.AppDomain";
    const currentDomain = () => (domain ||= rt.allocObject(rt.ts.corlibType("System", "AppDomain")));
    this.cb(`${AD}::getCurDomain()`, "uint64_t", [], currentDomain);
    this.cb(`${AD}::getRootDomain()`, "uint64_t", [], currentDomain);
    this.cb(`${AD}::getFriendlyName()`, "uint64_t", ["uint64_t"], () => str((rt.commandLine[0] ?? "").split("/").pop() ?? ""));
    this.cb(`${AD}::GetData(string)`, "uint64_t", ["uint64_t", "uint64_t"], (_d: unknown, n: unknown) => domainData.get(rt.readString(num(n)) ?? "") ?? 0);
    this.cb(`${AD}::SetData(string,object)`, "void", ["uint64_t", "uint64_t", "uint64_t"], (_d: unknown, n: unknown, v: unknown) => {
      domainData.set(rt.readString(num(n)) ?? "", num(v));
    });
    this.cb(`${TH}::ConstructInternalThread()`, "void", ["uint64_t"], (self: unknown) => th.construct(num(self)));
    this.cb(`${TH}::Thread_internal(System.MulticastDelegate)`, "int32_t", ["uint64_t", "uint64_t"], (self: unknown, start: unknown) => (th.start(num(self), num(start)) ? 1 : 0));
    this.cb(`${TH}::JoinInternal(int32)`, "int32_t", ["uint64_t", "int32_t"], (self: unknown, ms: number) => (th.join(num(self), ms) ? 1 : 0));
    const IT = "System.Threading.InternalThread", TS = "System.Threading.ThreadState";
    this.cb(`${TH}::GetState(${IT})`, "int32_t", ["uint64_t"], (it: unknown) => th.state(num(it)));
    this.cb(`${TH}::SetState(${IT},${TS})`, "void", ["uint64_t", "int32_t"], (it: unknown, f: number) => th.setState(num(it), f));
    this.cb(`${TH}::ClrState(${IT},${TS})`, "void", ["uint64_t", "int32_t"], (it: unknown, f: number) => th.clearState(num(it), f));
    const names = new Map<number, string>();
    this.cb(`${TH}::GetName_internal(${IT})`, "uint64_t", ["uint64_t"], (it: unknown) => {
      const n = names.get(num(it));
      return n === undefined ? 0 : str(n);
    });
    this.cb(`${TH}::SetName_icall(${IT},char*,int32)`, "void", ["uint64_t", "uint64_t", "int32_t"], (it: unknown, p: unknown, len: number) => {
      const v = rt.viewAt(num(p), 2 * len);
      let n = "";
      for (let i = 0; i < len; i++) n += String.fromCharCode(v.view.getUint16(v.offset + 2 * i, true));
      names.set(num(it), n);
    });
    this.cb(`${TH}::GetPriorityNative()`, "int32_t", ["uint64_t"], () => 2);
    this.cb(`${TH}::SetPriorityNative(int32)`, "void", ["uint64_t", "int32_t"], () => undefined);
    // Waiting points: queued threads and pool work run there. Sleep still sleeps when nothing ran.
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    this.cb(`${TH}::SleepInternal(int32)`, "void", ["int32_t"], (ms: number) => {
      if (!th.yieldAll(Date.now() + Math.max(ms, 0)) && ms > 0) Atomics.wait(sleeper, 0, 0, ms);
    });
    this.cb(`${TH}::MemoryBarrier()`, "void", [], () => undefined);
    this.cb(`${TH}::SpinWait_nop()`, "void", [], () => void th.yieldAll());
    this.cb(`${TH}::YieldInternal()`, "int32_t", [], () => (th.yieldAll() ? 1 : 0));
    this.cb(`${M0}::Monitor_wait(object,int32)`, "int32_t", ["uint64_t", "int32_t"], (_o: unknown, ms: number) => (th.monitorWait(ms) ? 1 : 0));
    // The thread pool: the class library's queue; workers run at waiting points (threads.ts).
    const TP = "System.Threading.ThreadPool";
    this.cb(`${TP}::InitializeVMTp(bool&)`, "void", ["uint64_t"], (p: unknown) => {
      const b = rt.viewAt(num(p), 1);
      b.view.setUint8(b.offset, 0);
    });
    this.cb(`${TP}::RequestWorkerThread()`, "int32_t", [], () => (th.requestWorker(), 1));
    this.cb(`${TP}::NotifyWorkItemComplete()`, "int32_t", [], () => 1);
    this.cb(`${TP}::NotifyWorkItemProgressNative()`, "void", [], () => undefined);
    this.cb(`${TP}::NotifyWorkItemQueued()`, "void", [], () => undefined);
    this.cb(`${TP}::ReportThreadStatus(bool)`, "void", ["int32_t"], () => undefined);
    this.cb(`${TP}::SetMinThreadsNative(int32,int32)`, "int32_t", ["int32_t", "int32_t"], () => 1);
    this.cb(`${TP}::SetMaxThreadsNative(int32,int32)`, "int32_t", ["int32_t", "int32_t"], () => 1);
    const two32 = (a: unknown, b: unknown, x: number, y: number) => {
      rt.w32(num(a), x);
      rt.w32(num(b), y);
    };
    const cpus = availableParallelism();
    this.cb(`${TP}::GetMinThreadsNative(int32&,int32&)`, "void", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => two32(a, b, cpus, cpus));
    this.cb(`${TP}::GetMaxThreadsNative(int32&,int32&)`, "void", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => two32(a, b, 32767, 1000));
    this.cb(`${TP}::GetAvailableThreadsNative(int32&,int32&)`, "void", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => two32(a, b, 32767, 1000));
    // Events (ManualResetEvent, AutoResetEvent) and waits on them.
    const NE = "System.Threading.NativeEventCalls";
    this.cb(`${NE}::CreateEvent_icall(bool,bool,char*,int32,int32&)`, "uint64_t", ["int32_t", "int32_t", "uint64_t", "int32_t", "uint64_t"],
      (manual: number, initial: number, _n: unknown, _l: number, err: unknown) => {
        rt.w32(num(err), 0);
        return th.createEvent((manual & 0xff) !== 0, (initial & 0xff) !== 0);
      });
    this.cb(`${NE}::SetEvent_internal(native int)`, "int32_t", ["uint64_t"], (h: unknown) => (th.setEvent(num(h), true) ? 1 : 0));
    this.cb(`${NE}::ResetEvent_internal(native int)`, "int32_t", ["uint64_t"], (h: unknown) => (th.setEvent(num(h), false) ? 1 : 0));
    this.cb(`${NE}::CloseEvent_internal(native int)`, "void", ["uint64_t"], (h: unknown) => th.closeEvent(num(h)));
    this.cb(`System.Threading.WaitHandle::Wait_internal(native int*,int32,bool,int32)`, "int32_t", ["uint64_t", "int32_t", "int32_t", "int32_t"],
      (p: unknown, n: number, all: number, ms: number) => {
        const handles: number[] = [];
        for (let i = 0; i < n; i++) handles.push(rt.r64(num(p) + 8 * i));
        return th.waitHandles(handles, (all & 0xff) !== 0, ms);
      });

    // Stack traces are not recorded: an exception's trace has no frames, and a frame of the
    // caller's stack cannot be described (Exception.StackTrace of a thrown exception is null).
    this.cb(`System.Diagnostics.StackTrace::get_trace(System.Exception,int32,bool)`, "uint64_t", ["uint64_t", "int32_t", "int32_t"],
      () => rt.allocArray(rt.ts.corlibType("System.Diagnostics", "StackFrame"), 0));
    this.cb(`System.Diagnostics.StackFrame::get_frame_info(int32,bool,System.Reflection.MethodBase&,int32&,int32&,string&,int32&,int32&)`, "int32_t",
      ["int32_t", "int32_t", "uint64_t", "uint64_t", "uint64_t", "uint64_t", "uint64_t", "uint64_t"], () => 0);

    // Reflection over types (host/runtime/reflection.ts).
    const typeOf = (o: unknown): TypeDesc => {
      const mt = rt.methodTableOfType(num(o));
      const t = mt ? rt.typeOfMethodTable(mt) : null;
      if (!t) throw new UnsupportedError("System.RuntimeType", "a Type object the runtime did not make");
      return t;
    };
    const RT = "System.RuntimeType", RTH = "System.RuntimeTypeHandle";
    this.cb(`System.Type::internal_from_handle(native int)`, "uint64_t", ["uint64_t"], (h: unknown) => rt.runtimeType(num(h)));
    this.cb(`${O}::GetType()`, "uint64_t", ["uint64_t"], (o: unknown) => rt.runtimeType(rt.r64(num(o))));
    this.cb(`${RT}::get_Name()`, "uint64_t", ["uint64_t"], (o: unknown) => str(R.simpleName(typeOf(o))));
    this.cb(`${RT}::get_Namespace()`, "uint64_t", ["uint64_t"], (o: unknown) => str(R.namespaceOf(typeOf(o))));
    this.cb(`${RT}::getFullName(bool,bool)`, "uint64_t", ["uint64_t", "int32_t", "int32_t"], (o: unknown, full: number, qualified: number) => str(R.fullName(typeOf(o), (full & 0xff) !== 0, (qualified & 0xff) !== 0)));
    this.cb(`${RT}::GetTypeCodeImplInternal(System.Type)`, "int32_t", ["uint64_t"], (o: unknown) => R.typeCode(rt, typeOf(o)));
    this.cb(`${RT}::get_DeclaringType()`, "uint64_t", ["uint64_t"], (o: unknown) => {
      const t = typeOf(o);
      const outer = t.module && !t.elem ? t.module.reader.enclosingType(t.row) : 0;
      return outer ? rt.runtimeType(rt.methodTable(rt.ts.defType(t.module!, outer))) : 0;
    });
    this.cb(`${RT}::GetGenericArgumentsInternal(bool)`, "uint64_t", ["uint64_t", "int32_t"], (o: unknown) => {
      const args = typeOf(o).args;
      const arr = rt.allocArray(rt.ts.corlibType("System", "Type"), args.length);
      args.forEach((a, i) => rt.w64(arr + ARRAY_DATA_OFFSET + 8 * i, rt.runtimeType(rt.methodTable(a))));
      return arr;
    });
    // Marshal.SizeOf: the unmanaged size (typesystem/layout.ts nativeLayout); Mono's message otherwise.
    this.cb(`System.Runtime.InteropServices.Marshal::SizeOf(System.Type)`, "int32_t", ["uint64_t"], (o: unknown) => {
      const argument = (type: string, message: string) => {
        const at = rt.ts.corlibType("System", type);
        const ex = rt.newException(at, message, type === "ArgumentNullException" ? 0x80004003 : 0x80070057);
        rt.w64(ex + rt.fieldOffset(rt.ts.corlibType("System", "ArgumentException"), "_paramName"), rt.internString("t"));
        rt.pendingException = ex;
      };
      if (num(o) === 0) {
        argument("ArgumentNullException", "Value cannot be null.");
        return 0;
      }
      const t = typeOf(o);
      const prim: Partial<Record<Kind, number>> = { [Kind.Boolean]: 4, [Kind.Char]: 1, [Kind.I]: 8, [Kind.U]: 8, [Kind.Ptr]: 8, [Kind.FnPtr]: 8 };
      const p = prim[t.kind] ?? (t.kind !== Kind.ValueType && !t.isReference && t.kind !== Kind.Void ? rt.layouts.sizeOf(t) : undefined);
      if (p !== undefined) return p;
      const n = nativeLayout(rt.layouts, t);
      if (n) return n.size;
      argument("ArgumentException", `Type ${R.simpleName(t)} cannot be marshaled as an unmanaged structure.`);
      return 0;
    });
    this.cb(`${RTH}::GetAttributes(${RT})`, "int32_t", ["uint64_t"], (o: unknown) => R.typeAttributes(typeOf(o)));
    this.cb(`${RTH}::GetCorElementType(${RT})`, "int32_t", ["uint64_t"], (o: unknown) => R.corElementType(rt, typeOf(o)));
    this.cb(`${RTH}::HasInstantiation(${RT})`, "int32_t", ["uint64_t"], (o: unknown) => (typeOf(o).args.length ? 1 : 0));
    this.cb(`${RTH}::IsGenericTypeDefinition(${RT})`, "int32_t", ["uint64_t"], (o: unknown) => (rt.isGenericDefinition(rt.methodTableOfType(num(o))) ? 1 : 0));
    this.cb(`${RTH}::IsGenericVariable(${RT})`, "int32_t", ["uint64_t"], () => 0);
    this.cb(`${RTH}::IsByRefLike(${RT})`, "int32_t", ["uint64_t"], () => 0);
    this.cb(`${RTH}::IsComObject(${RT})`, "int32_t", ["uint64_t"], () => 0);
    this.cb(`${RTH}::HasReferences(${RT})`, "int32_t", ["uint64_t"], (o: unknown) => (rt.layouts.containsRefs(typeOf(o)) ? 1 : 0));
    this.cb(`${RTH}::GetArrayRank(${RT})`, "int32_t", ["uint64_t"], (o: unknown) => {
      const t = typeOf(o);
      return t.kind === Kind.SzArray ? 1 : t.kind === Kind.Array ? t.rank : 0;
    });
    this.cb(`${RTH}::GetElementType(${RT})`, "uint64_t", ["uint64_t"], (o: unknown) => {
      const e = typeOf(o).elem;
      return e && e.kind !== Kind.Ptr && e.kind !== Kind.ByRef ? rt.runtimeType(rt.methodTable(e)) : 0;
    });
    this.cb(`${RTH}::GetBaseType(${RT})`, "uint64_t", ["uint64_t"], (o: unknown) => {
      const t = typeOf(o);
      const b = t.isInterface ? null : rt.ts.baseType(t);
      return b ? rt.runtimeType(rt.methodTable(b)) : 0;
    });
    this.cb(`${RTH}::IsInstanceOfType(${RT},object)`, "int32_t", ["uint64_t", "uint64_t"], (o: unknown, x: unknown) => (rt.isInstanceOf(num(x), rt.methodTableOfType(num(o))) ? 1 : 0));
    this.cb(`${RTH}::type_is_assignable_from(System.Type,System.Type)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => {
      const to = rt.methodTableOfType(num(a)), from = rt.methodTableOfType(num(b));
      return to && from && rt.isAssignable(from, to) ? 1 : 0;
    });
    this.cb(`${RTH}::is_subclass_of(native int,native int)`, "int32_t", ["uint64_t", "uint64_t"], (c: unknown, b: unknown) => (num(c) !== num(b) && rt.isAssignable(num(c), num(b)) ? 1 : 0));

    // Activator.CreateInstance(Type): the default constructor run directly (the library would
    // reflect over constructors); failures as Mono reports them.
    this.cb(`System.Activator::CreateInstance(System.Type)`, "uint64_t", ["uint64_t"], (type: unknown) => {
      if (num(type) === 0) return this.raiseArg("System.ArgumentNullException", "Value cannot be null.\nParameter name: type");
      const t = typeOf(type);
      if (t.isValueType) return rt.allocObject(t);
      const abstract = !t.module || t.isInterface || (t.module.reader.typeDef(t.row).flags & 0x80) !== 0;
      const ctor = abstract ? undefined : rt.ts.methodsOf(t).find((m) => m.isConstructor && !m.isStatic && m.sig.params.length === 0);
      if (!ctor) return this.raiseArg("System.MissingMethodException", `Default constructor not found for type ${R.fullName(t, true, false)}`);
      const obj = rt.allocObject(t);
      rt.invoke(ctor, [obj]);
      const failure = rt.pendingException;
      if (failure === 0) return obj;
      if (!rt.isAbortObject(failure)) {
        const tie = rt.ts.corlibType("System.Reflection", "TargetInvocationException");
        rt.pendingException = rt.newException(tie, "Exception has been thrown by the target of an invocation.", 0x80131604, failure);
      }
      return 0;
    });

    // Custom attributes: only "is it defined on this type" (Enum.ToString asks about [Flags]).
    this.cb(`System.MonoCustomAttrs::IsDefinedInternal(System.Reflection.ICustomAttributeProvider,System.Type)`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, a: unknown) => {
      if (!rt.methodTableOfType(num(p))) throw new UnsupportedError("System.MonoCustomAttrs::IsDefinedInternal", "custom attributes of members (only types are reflected)");
      return R.hasCustomAttribute(rt, typeOf(p), typeOf(a)) ? 1 : 0;
    });

    // Enums: constants from metadata, values through the underlying type.
    const E = "System.Enum";
    const readInt = (at: number, k: Kind): bigint => {
      const v = rt.viewAt(at, 8);
      switch (k) {
        case Kind.I1: return BigInt(v.view.getInt8(v.offset));
        case Kind.U1: case Kind.Boolean: return BigInt(v.view.getUint8(v.offset));
        case Kind.I2: return BigInt(v.view.getInt16(v.offset, true));
        case Kind.U2: case Kind.Char: return BigInt(v.view.getUint16(v.offset, true));
        case Kind.I4: return BigInt(v.view.getInt32(v.offset, true));
        case Kind.U4: return BigInt(v.view.getUint32(v.offset, true));
        case Kind.I8: return v.view.getBigInt64(v.offset, true);
        default: return v.view.getBigUint64(v.offset, true);
      }
    };
    const boxedValue = (o: number) => {
      const t = rt.typeOfMethodTable(rt.r64(o))!;
      const u = rt.underlyingType(t);
      return { t, u, v: readInt(o + OBJ_HEADER, u.kind) };
    };
    const box = (t: TypeDesc, v: bigint) => {
      const o = rt.allocObject(t);
      const size = rt.layouts.sizeOf(rt.underlyingType(t));
      const w = rt.viewAt(o + OBJ_HEADER, 8);
      for (let i = 0; i < size; i++) w.view.setUint8(w.offset + i, Number((BigInt.asUintN(64, v) >> BigInt(8 * i)) & 0xffn));
      return o;
    };
    this.cb(`${E}::GetEnumValuesAndNames(${RT},uint64[]&,string[]&)`, "int32_t", ["uint64_t", "uint64_t", "uint64_t"], (type: unknown, vOut: unknown, nOut: unknown) => {
      const { values, names } = R.enumConstants(rt, typeOf(type));
      const va = rt.allocArray(rt.ts.primitive(Kind.U8), values.length);
      values.forEach((v, i) => rt.w64(va + ARRAY_DATA_OFFSET + 8 * i, v));
      const na = rt.allocArray(rt.ts.primitive(Kind.String), names.length);
      names.forEach((n, i) => rt.w64(na + ARRAY_DATA_OFFSET + 8 * i, rt.internString(n)));
      rt.w64(num(vOut), va);
      rt.w64(num(nOut), na);
      return 1;
    });
    this.cb(`${E}::InternalGetUnderlyingType(${RT})`, "uint64_t", ["uint64_t"], (type: unknown) => rt.runtimeType(rt.methodTable(rt.underlyingType(typeOf(type)))));
    this.cb(`${E}::InternalBoxEnum(${RT},int64)`, "uint64_t", ["uint64_t", "int64_t"], (type: unknown, v: unknown) => box(typeOf(type), i64(v)));
    this.cb(`${E}::get_value()`, "uint64_t", ["uint64_t"], (o: unknown) => {
      const b = boxedValue(num(o));
      return box(b.u, b.v);
    });
    this.cb(`${E}::InternalCompareTo(object,object)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => {
      const x = boxedValue(num(a)).v, y = boxedValue(num(b)).v;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    this.cb(`${E}::get_hashcode()`, "int32_t", ["uint64_t"], (o: unknown) => {
      const b = boxedValue(num(o));
      const v = BigInt.asUintN(64, b.v);
      return b.u.kind === Kind.I8 || b.u.kind === Kind.U8 ? Number(BigInt.asIntN(32, v ^ (v >> 32n))) : Number(BigInt.asIntN(32, v));
    });
    this.cb(`${E}::InternalHasFlag(${E})`, "int32_t", ["uint64_t", "uint64_t"], (o: unknown, f: unknown) => {
      const x = BigInt.asUintN(64, boxedValue(num(o)).v), y = BigInt.asUintN(64, boxedValue(num(f)).v);
      return (x & y) === y ? 1 : 0;
    });

    // Environment.
    this.cb(`System.Environment::Exit(int32)`, "void", ["int32_t"], (code: number) => rt.requestExit(code));
    this.cb(`System.Environment::get_ExitCode()`, "int32_t", [], () => rt.exitCode);
    this.cb(`System.Environment::set_ExitCode(int32)`, "void", ["int32_t"], (v: number) => {
      rt.exitCode = v;
    });
    const start = Date.now();
    this.cb(`System.Environment::get_TickCount()`, "int32_t", [], () => (Date.now() - start + 1) | 0);
    this.cb(`System.Environment::get_ProcessorCount()`, "int32_t", [], () => availableParallelism());
    this.cb(`System.Environment::GetCommandLineArgs()`, "uint64_t", [], () => this.stringArray(rt.commandLine));
    // Mono's Stopwatch counts 100 ns ticks of a monotonic clock (Stopwatch.Frequency is 10^7).
    const ticks100ns = () => process.hrtime.bigint() / 100n;
    this.cb(`System.Diagnostics.Stopwatch::GetTimestamp()`, "int64_t", [], ticks100ns);
    // Timers: the scheduler's clock (100 ns ticks), and its thread, which only registers it
    // (threads.ts runs its loop at wait points).
    this.cb(`System.Threading.Timer::GetTimeMonotonic()`, "int64_t", [], ticks100ns);
    this.cb(`System.Threading.Timer+Scheduler::SchedulerThread()`, "void", ["uint64_t"], (self: unknown) => th.setTimerScheduler(num(self)));
    this.cb(`System.DateTime::GetSystemTimeAsFileTime()`, "int64_t", [], () => (BigInt(Date.now()) + 11644473600000n) * 10000n);

    // The collector that is not there yet: collections do nothing, every object is in generation 0.
    const GC = "System.GC";
    const used = () => rt.heapUsed;
    this.cb(`${GC}::GetMaxGeneration()`, "int32_t", [], () => 1);
    this.cb(`${GC}::GetCollectionCount(int32)`, "int32_t", ["int32_t"], () => 0);
    this.cb(`${GC}::InternalCollect(int32)`, "void", ["int32_t"], () => undefined);
    this.cb(`${GC}::WaitForPendingFinalizers()`, "void", [], () => undefined);
    this.cb(`${GC}::_SuppressFinalize(object)`, "void", ["uint64_t"], () => undefined);
    this.cb(`${GC}::_ReRegisterForFinalize(object)`, "void", ["uint64_t"], () => undefined);
    this.cb(`${GC}::RecordPressure(int64)`, "void", ["int64_t"], () => undefined);
    this.cb(`${GC}::GetGeneration(object)`, "int32_t", ["uint64_t"], () => 0);
    this.cb(`${GC}::GetTotalMemory(bool)`, "int64_t", ["int32_t"], () => BigInt(used()));
    this.cb(`${GC}::GetAllocatedBytesForCurrentThread()`, "int64_t", [], () => BigInt(used()));
    this.cb(`${GC}::register_ephemeron_array(System.Runtime.CompilerServices.Ephemeron[])`, "void", ["uint64_t"], () => undefined);
    let tombstone = 0;
    rt.addRootSource(() => [tombstone]);
    this.cb(`${GC}::get_ephemeron_tombstone()`, "uint64_t", [], () => (tombstone ||= rt.allocObject(rt.ts.primitive(Kind.Object))));

    // MonoIO on the standard descriptors (the class library's console streams): handles are
    // the descriptors themselves; writes join the runtime's console buffer.
    const IO = "System.IO.MonoIO", ERR = "System.IO.MonoIOError&";
    const noError = (e: unknown) => rt.w32(num(e), 0);
    const files = new FileTable();
    // Field addresses of a value of `type` at `base`, by field name.
    const fieldAt = (type: TypeDesc, base: number) => {
      const fields = rt.layouts.of(type).fields;
      return (name: string) => base + fields.find((f) => f.name === name)!.offset;
    };
    const INVALID_HANDLE = 0xffffffffffffffffn; // (IntPtr)(-1)
    // A char* argument: a NUL-terminated UTF-16 path.
    const wide = (p: unknown): string => readCString(rt, num(p), 2);
    // Results: the value, or `failed` with the error code stored through `e`.
    const done = <T>(r: IOResult<T>, e: unknown, failed: T): T => {
      rt.w32(num(e), r.error ?? 0);
      return r.error === undefined ? r.ok : failed;
    };
    // Elements [off, off + count) of a byte array.
    const bytesAt = (arr: unknown, off: number, count: number) => rt.bytesAt(num(arr) + ARRAY_DATA_OFFSET + off, count);
    const flag = (b: boolean) => (b ? 1 : 0);
    this.cb(`${IO}::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,${ERR})`, "uint64_t", ["uint64_t", "int32_t", "int32_t", "int32_t", "int32_t", "uint64_t"],
      (p: unknown, mode: number, access: number, _share: number, options: number, e: unknown) => {
        const h = done(files.open(wide(p), mode, access, options), e, -1);
        return h < 0 ? INVALID_HANDLE : h;
      });
    this.cb(`${IO}::Close(native int,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (h: unknown, e: unknown) => flag(done(files.close(num(h)), e, false)));
    this.cb(`${IO}::Seek(native int,int64,System.IO.SeekOrigin,${ERR})`, "int64_t", ["uint64_t", "int64_t", "int32_t", "uint64_t"],
      (h: unknown, off: unknown, origin: number, e: unknown) => BigInt(done(files.seek(num(h), Number(off), origin), e, -1)));
    this.cb(`${IO}::GetLength(native int,${ERR})`, "int64_t", ["uint64_t", "uint64_t"], (h: unknown, e: unknown) => BigInt(done(files.length(num(h)), e, -1)));
    this.cb(`${IO}::SetLength(native int,int64,${ERR})`, "int32_t", ["uint64_t", "int64_t", "uint64_t"], (h: unknown, n: unknown, e: unknown) => flag(done(files.setLength(num(h), Number(n)), e, false)));
    this.cb(`${IO}::SetFileTime(native int,int64,int64,int64,${ERR})`, "int32_t", ["uint64_t", "int64_t", "int64_t", "int64_t", "uint64_t"],
      (h: unknown, _c: unknown, a: unknown, w: unknown, e: unknown) => flag(done(files.setTimes(num(h), BigInt(a as bigint), BigInt(w as bigint)), e, false)));
    this.cb(`${IO}::Lock(native int,int64,int64,${ERR})`, "void", ["uint64_t", "int64_t", "int64_t", "uint64_t"], (_h: unknown, _a: unknown, _b: unknown, e: unknown) => noError(e));
    this.cb(`${IO}::Unlock(native int,int64,int64,${ERR})`, "void", ["uint64_t", "int64_t", "int64_t", "uint64_t"], (_h: unknown, _a: unknown, _b: unknown, e: unknown) => noError(e));
    this.cb(`${IO}::Cancel_internal(native int,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (_h: unknown, e: unknown) => {
      noError(e);
      return 0;
    });
    this.cb(`${IO}::CreateDirectory(char*,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, e: unknown) => flag(done(files.createDirectory(wide(p)), e, false)));
    this.cb(`${IO}::RemoveDirectory(char*,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, e: unknown) => flag(done(files.removeDirectory(wide(p)), e, false)));
    this.cb(`${IO}::DeleteFile(char*,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, e: unknown) => flag(done(files.deleteFile(wide(p)), e, false)));
    this.cb(`${IO}::MoveFile(char*,char*,${ERR})`, "int32_t", ["uint64_t", "uint64_t", "uint64_t"], (a: unknown, b: unknown, e: unknown) => flag(done(files.moveFile(wide(a), wide(b)), e, false)));
    this.cb(`${IO}::CopyFile(char*,char*,bool,${ERR})`, "int32_t", ["uint64_t", "uint64_t", "int32_t", "uint64_t"],
      (a: unknown, b: unknown, over: number, e: unknown) => flag(done(files.copyFile(wide(a), wide(b), (over & 0xff) !== 0), e, false)));
    this.cb(`${IO}::GetFileAttributes(char*,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, e: unknown) => done(files.attributes(wide(p)), e, -1));
    this.cb(`${IO}::SetFileAttributes(char*,System.IO.FileAttributes,${ERR})`, "int32_t", ["uint64_t", "int32_t", "uint64_t"], (p: unknown, a: number, e: unknown) => flag(done(files.setAttributes(wide(p), a), e, false)));
    this.cb(`${IO}::GetFileStat(char*,System.IO.MonoIOStat&,${ERR})`, "int32_t", ["uint64_t", "uint64_t", "uint64_t"], (p: unknown, out: unknown, e: unknown) => {
      const st = done(files.stat(wide(p)), e, null);
      if (!st) return 0;
      const at = fieldAt(rt.ts.corlibType("System.IO", "MonoIOStat"), num(out));
      rt.w32(at("fileAttributes"), st.attributes);
      rt.w64(at("Length"), st.length);
      rt.w64(at("CreationTime"), st.creation);
      rt.w64(at("LastAccessTime"), st.access);
      rt.w64(at("LastWriteTime"), st.write);
      return 1;
    });
    // Directory searches: the entry's name and attributes through the out parameters.
    const found = (r: IOResult<{ name: string; attributes: number }>, name: unknown, attrs: unknown, e: unknown) => {
      rt.w32(num(e), r.error ?? 0);
      if (r.error !== undefined) return false;
      rt.w64(num(name), rt.newString(r.ok.name));
      rt.w32(num(attrs), r.ok.attributes);
      return true;
    };
    this.cb(`${IO}::FindFirstFile(char*,string&,int32&,int32&)`, "uint64_t", ["uint64_t", "uint64_t", "uint64_t", "uint64_t"], (p: unknown, name: unknown, attrs: unknown, e: unknown) => {
      const r = files.findFirst(wide(p));
      return found(r, name, attrs, e) ? r.ok!.handle : INVALID_HANDLE;
    });
    this.cb(`${IO}::FindNextFile(native int,string&,int32&,int32&)`, "int32_t", ["uint64_t", "uint64_t", "uint64_t", "uint64_t"],
      (h: unknown, name: unknown, attrs: unknown, e: unknown) => flag(found(files.findNext(num(h)), name, attrs, e)));
    this.cb(`${IO}::FindCloseFile(native int)`, "int32_t", ["uint64_t"], (h: unknown) => flag(files.findClose(num(h))));
    this.cb(`${IO}::GetCurrentDirectory(${ERR})`, "uint64_t", ["uint64_t"], (e: unknown) => {
      noError(e);
      return rt.newString(process.cwd());
    });
    this.cb(`${IO}::SetCurrentDirectory(char*,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, e: unknown) => {
      const path = wide(p);
      return flag(done(attemptChdir(path), e, false));
    });
    // System.Native's file system functions (the library's static File and Directory code).
    const sys = new SystemNative(files);
    const SYS = "Interop+Sys", FS = "Interop/Sys/FileStatus", SFH = "Microsoft.Win32.SafeHandles.SafeFileHandle";
    // Interop's nested types (Interop+Sys+FileStatus …), found once each.
    const nestedTypes = new Map<string, TypeDesc>();
    const nested = (path: string[]) => {
      const key = path.join("+");
      let t = nestedTypes.get(key);
      if (!t) {
        const c = rt.ts.corlib;
        let row = c.reader.findTypeDef("", path[0]!);
        for (const n of path.slice(1)) row = row && c.reader.findNestedTypeDef(row, n);
        if (!row) throw new UnsupportedError(key, "type not found in the core library");
        nestedTypes.set(key, (t = rt.ts.defType(c, row)));
      }
      return t;
    };
    const text = (o: unknown) => rt.readString(num(o)) ?? "";
    const writeStat = (st: NativeStat | number, out: unknown) => {
      if (typeof st === "number") return st;
      const at = fieldAt(nested(["Interop", "Sys", "FileStatus"]), num(out));
      rt.w32(at("Flags"), 1); // HasBirthTime
      rt.w32(at("Mode"), st.mode);
      rt.w32(at("Uid"), st.uid);
      rt.w32(at("Gid"), st.gid);
      const longs: [string, bigint][] = [["Size", st.size], ["ATime", st.atime], ["ATimeNsec", st.atimeNsec], ["MTime", st.mtime], ["MTimeNsec", st.mtimeNsec],
        ["CTime", st.ctime], ["CTimeNsec", st.ctimeNsec], ["BirthTime", st.birthtime], ["BirthTimeNsec", st.birthtimeNsec], ["Dev", st.dev], ["Ino", st.ino]];
      for (const [n, v] of longs) rt.w64(at(n), v);
      rt.w32(at("UserFlags"), 0);
      return 0;
    };
    const handleOf = (safe: unknown) => rt.r64(num(safe) + rt.fieldOffset(rt.ts.corlibType("System.Runtime.InteropServices", "SafeHandle"), "handle"));
    this.cb(`${SYS}::Stat(string,${FS}&)`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, out: unknown) => writeStat(sys.stat(text(p), false), out));
    this.cb(`${SYS}::LStat(string,${FS}&)`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, out: unknown) => writeStat(sys.stat(text(p), true), out));
    this.cb(`${SYS}::Stat(uint8&,${FS}&)`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, out: unknown) => writeStat(sys.stat(readCString(rt, num(p), 1), false), out));
    this.cb(`${SYS}::LStat(uint8&,${FS}&)`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, out: unknown) => writeStat(sys.stat(readCString(rt, num(p), 1), true), out));
    this.cb(`${SYS}::FStat(${SFH},${FS}&)`, "int32_t", ["uint64_t", "uint64_t"], (h: unknown, out: unknown) => writeStat(sys.fstat(handleOf(h)), out));
    this.cb(`${SYS}::OpenDir(string)`, "uint64_t", ["uint64_t"], (p: unknown) => sys.openDir(text(p)));
    this.cb(`${SYS}::GetReadDirRBufferSize()`, "int32_t", [], () => 280);
    this.cb(`${SYS}::ReadDirR(native int,uint8*,int32,Interop/Sys/DirectoryEntry&)`, "int32_t", ["uint64_t", "uint64_t", "int32_t", "uint64_t"],
      (d: unknown, buf: unknown, size: number, out: unknown) => {
        const e = sys.readDir(num(d));
        if (e === null) return -1;
        if (typeof e === "number") return e;
        const n = writeCString(rt, num(buf), size, e.name);
        const at = fieldAt(nested(["Interop", "Sys", "DirectoryEntry"]), num(out));
        rt.w64(at("Name"), num(buf));
        rt.w32(at("NameLength"), n);
        rt.w32(at("InodeType"), e.type);
        return 0;
      });
    this.cb(`${SYS}::CloseDir(native int)`, "int32_t", ["uint64_t"], (d: unknown) => sys.closeDir(num(d)));
    this.cb(`${SYS}::MkDir(string,int32)`, "int32_t", ["uint64_t", "int32_t"], (p: unknown, mode: number) => sys.mkdir(text(p), mode));
    this.cb(`${SYS}::RmDir(string)`, "int32_t", ["uint64_t"], (p: unknown) => sys.rmdir(text(p)));
    this.cb(`${SYS}::Unlink(string)`, "int32_t", ["uint64_t"], (p: unknown) => sys.unlink(text(p)));
    this.cb(`${SYS}::Rename(string,string)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => sys.rename(text(a), text(b)));
    this.cb(`${SYS}::ChMod(string,int32)`, "int32_t", ["uint64_t", "int32_t"], (p: unknown, mode: number) => sys.chmod(text(p), mode));
    this.cb(`${SYS}::Link(string,string)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => sys.link(text(a), text(b)));
    this.cb(`${SYS}::Symlink(string,string)`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => sys.symlink(text(a), text(b)));
    this.cb(`${SYS}::ReadLink(string,uint8[],int32)`, "int32_t", ["uint64_t", "uint64_t", "int32_t"], (p: unknown, buf: unknown, size: number) => {
      const r = sys.readLink(text(p));
      if (typeof r === "number") return r;
      const b = Buffer.from(r, "utf8");
      const n = Math.min(b.length, size);
      bytesAt(buf, 0, n).set(b.subarray(0, n));
      return n;
    });
    this.cb(`${SYS}::CopyFile(${SFH},${SFH})`, "int32_t", ["uint64_t", "uint64_t"], (a: unknown, b: unknown) => sys.copyFile(handleOf(a), handleOf(b)));
    this.cb(`${SYS}::UTimes(string,Interop/Sys/TimeValPair&)`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, tv: unknown) => {
      const at = fieldAt(nested(["Interop", "Sys", "TimeValPair"]), num(tv));
      const t = (s: string, us: string) => rt.r64(at(s)) + rt.r64(at(us)) / 1e6;
      return sys.utimes(text(p), t("ASec", "AUSec"), t("MSec", "MUSec"));
    });
    this.cb(`${SYS}::UTime(string,Interop/Sys/UTimBuf&)`, "int32_t", ["uint64_t", "uint64_t"], (p: unknown, tb: unknown) => {
      const at = fieldAt(nested(["Interop", "Sys", "UTimBuf"]), num(tb));
      return sys.utimes(text(p), rt.r64(at("AcTime")), rt.r64(at("ModTime")));
    });
    this.cb(`${SYS}::GetEUid()`, "uint32_t", [], () => process.geteuid?.() ?? 0);
    this.cb(`${SYS}::GetEGid()`, "uint32_t", [], () => process.getegid?.() ?? 0);
    this.cb(`${SYS}::LChflags(string,uint32)`, "int32_t", ["uint64_t", "uint32_t"], () => 0);
    // errno ↔ System.Native's portable codes (Interop+Error, by name).
    const pal = () => {
      const { values, names } = R.enumConstants(rt, nested(["Interop", "Error"]));
      return new Map(names.map((n, i) => [n, Number(values[i])]));
    };
    let palCodes: Map<string, number> | null = null;
    const errnoNames = new Map(Object.entries(osConstants.errno).map(([k, v]) => [v as number, k]));
    this.cb(`${SYS}::ConvertErrorPlatformToPal(int32)`, "int32_t", ["int32_t"], (errno: number) => {
      palCodes ??= pal();
      return errno === 0 ? 0 : (palCodes.get(errnoNames.get(errno) ?? "") ?? palCodes.get("ENONSTANDARD") ?? 0x1_00ff);
    });
    this.cb(`${SYS}::ConvertErrorPalToPlatform(Interop/Error)`, "int32_t", ["int32_t"], (code: number) => {
      palCodes ??= pal();
      for (const [n, v] of palCodes) if (v === code) return (osConstants.errno as Record<string, number>)[n] ?? -1;
      return -1;
    });
    this.cb(`${SYS}::StrErrorR(int32,uint8*,int32)`, "uint64_t", ["int32_t", "uint64_t", "int32_t"], (errno: number, buf: unknown, size: number) => {
      writeCString(rt, num(buf), size, getLibc().strerror(errno));
      return num(buf);
    });
    this.cb(`System.Runtime.InteropServices.Marshal::GetLastWin32Error()`, "int32_t", [], () => sys.errno);

    // Unmanaged memory and strings (Marshal): the C library's heap; Ansi strings are UTF-8, as in Mono on Unix.
    const MA = "System.Runtime.InteropServices.Marshal";
    const libc = getLibc();
    const alloc = (n: number) => {
      const p = Number(libc.malloc(Math.max(n, 1)));
      if (p === 0) rt.raise("OutOfMemory");
      return p;
    };
    const realloc = (p: number, n: number) => Number(libc.realloc(p, Math.max(n, 1)));
    const ansi = (a: number, n: number) => (a === 0 ? 0 : str(Buffer.from(rt.bytesAt(a, n)).toString("utf8")));
    this.cb(`${MA}::AllocHGlobal(native int)`, "uint64_t", ["uint64_t"], (n: unknown) => alloc(num(n)));
    this.cb(`${MA}::AllocCoTaskMem(int32)`, "uint64_t", ["int32_t"], (n: number) => alloc(n));
    this.cb(`${MA}::AllocCoTaskMemSize(native uint)`, "uint64_t", ["uint64_t"], (n: unknown) => alloc(num(n)));
    this.cb(`${MA}::ReAllocHGlobal(native int,native int)`, "uint64_t", ["uint64_t", "uint64_t"], (p: unknown, n: unknown) => realloc(num(p), num(n)));
    this.cb(`${MA}::ReAllocCoTaskMem(native int,int32)`, "uint64_t", ["uint64_t", "int32_t"], (p: unknown, n: number) => realloc(num(p), n));
    this.cb(`${MA}::FreeHGlobal(native int)`, "void", ["uint64_t"], (p: unknown) => libc.free(num(p)));
    this.cb(`${MA}::FreeCoTaskMem(native int)`, "void", ["uint64_t"], (p: unknown) => libc.free(num(p)));
    this.cb(`${MA}::PtrToStringAnsi(native int)`, "uint64_t", ["uint64_t"], (p: unknown) => (num(p) === 0 ? 0 : str(readCString(rt, num(p), 1))));
    this.cb(`${MA}::PtrToStringAnsi(native int,int32)`, "uint64_t", ["uint64_t", "int32_t"], (p: unknown, n: number) => ansi(num(p), Math.max(n, 0)));
    this.cb(`${MA}::PtrToStringUni(native int)`, "uint64_t", ["uint64_t"], (p: unknown) => (num(p) === 0 ? 0 : str(readCString(rt, num(p), 2))));
    this.cb(`${MA}::PtrToStringUni(native int,int32)`, "uint64_t", ["uint64_t", "int32_t"], (p: unknown, n: number) => (num(p) === 0 ? 0 : str(utf16At(rt, num(p), Math.max(n, 0)))));
    this.cb(`${MA}::StringToHGlobalAnsi(char*,int32)`, "uint64_t", ["uint64_t", "int32_t"], (s0: unknown, n: number) => {
      const b = Buffer.from(utf16At(rt, num(s0), n), "utf8");
      const p = alloc(b.length + 1);
      writeCString(rt, p, b.length + 1, b);
      return p;
    });
    this.cb(`${MA}::StringToHGlobalUni(char*,int32)`, "uint64_t", ["uint64_t", "int32_t"], (s0: unknown, n: number) => {
      const p = alloc(2 * n + 2);
      const to = rt.bytesAt(p, 2 * n + 2);
      to.set(rt.bytesAt(num(s0), 2 * n));
      to[2 * n] = 0;
      to[2 * n + 1] = 0;
      return p;
    });
    // Marshal.Copy between arrays of primitives and unmanaged memory.
    const elements = (arr: number, start: number, n: number) => {
      const size = rt.r32(rt.r64(arr) + A.MT_COMPONENT_SIZE);
      return { at: arr + ARRAY_DATA_OFFSET + start * size, bytes: n * size };
    };
    this.cb(`${MA}::copy_to_unmanaged_fixed(System.Array,int32,native int,int32,void*)`, "void", ["uint64_t", "int32_t", "uint64_t", "int32_t", "uint64_t"],
      (arr: unknown, start: number, dst: unknown, n: number) => {
        const e = elements(num(arr), start, n);
        if (e.bytes > 0) rt.bytesAt(num(dst), e.bytes).set(rt.bytesAt(e.at, e.bytes));
      });
    this.cb(`${MA}::copy_from_unmanaged_fixed(native int,int32,System.Array,int32,void*)`, "void", ["uint64_t", "int32_t", "uint64_t", "int32_t", "uint64_t"],
      (src: unknown, start: number, arr: unknown, n: number) => {
        const e = elements(num(arr), start, n);
        if (e.bytes > 0) rt.bytesAt(e.at, e.bytes).set(rt.bytesAt(num(src), e.bytes));
      });
    this.cb(`System.IO.Path::get_temp_path()`, "uint64_t", [], () => rt.newString(process.env.TMPDIR || "/tmp"));
    this.cb(`${IO}::get_ConsoleOutput()`, "uint64_t", [], () => 1);
    this.cb(`${IO}::get_ConsoleError()`, "uint64_t", [], () => 2);
    this.cb(`${IO}::get_ConsoleInput()`, "uint64_t", [], () => 0);
    this.cb(`${IO}::GetFileType(native int,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (h: unknown, e: unknown) => {
      noError(e);
      return files.isFile(num(h)) ? 1 : 2; // MonoFileType.Disk, or Char: an unseekable stream
    });
    this.cb(`${IO}::Write(native int,uint8[],int32,int32,${ERR})`, "int32_t", ["uint64_t", "uint64_t", "int32_t", "int32_t", "uint64_t"],
      (h: unknown, src: unknown, off: number, count: number, e: unknown) => {
        const fd = num(h);
        if (fd !== 1 && fd !== 2) return done(files.write(fd, bytesAt(src, off, Math.max(count, 0))), e, -1);
        noError(e);
        if (count <= 0) return 0;
        rt.writeDescriptor(fd, Buffer.from(bytesAt(src, off, count)));
        return count;
      });
    // Standard input (Console.ReadLine, Console.In): blocking reads of descriptor 0.
    this.cb(`${IO}::Read(native int,uint8[],int32,int32,${ERR})`, "int32_t", ["uint64_t", "uint64_t", "int32_t", "int32_t", "uint64_t"],
      (h: unknown, dst: unknown, off: number, count: number, e: unknown) => {
        if (num(h) !== 0) return done(files.read(num(h), bytesAt(dst, off, Math.max(count, 0))), e, -1);
        noError(e);
        if (count <= 0) return 0;
        const into = bytesAt(dst, off, count);
        for (;;) {
          try {
            return readSync(0, into, 0, count, null);
          } catch (x) {
            const code = (x as NodeJS.ErrnoException).code;
            if (code === "EOF") return 0;
            if (code !== "EAGAIN") throw x;
            Atomics.wait(stdinWait, 0, 0, 5); // a non-blocking descriptor with nothing yet
          }
        }
      });
    this.cb(`${IO}::Flush(native int,${ERR})`, "int32_t", ["uint64_t", "uint64_t"], (_h: unknown, e: unknown) => {
      noError(e);
      return 1;
    });
    this.cb(`${IO}::get_DirectorySeparatorChar()`, "int32_t", [], () => 0x2f);
    this.cb(`${IO}::get_AltDirectorySeparatorChar()`, "int32_t", [], () => 0x2f);
    this.cb(`${IO}::get_VolumeSeparatorChar()`, "int32_t", [], () => 0x2f);
    this.cb(`${IO}::get_PathSeparator()`, "int32_t", [], () => 0x3a);

    this.cb(`System.ConsoleDriver::Isatty(native int)`, "int32_t", ["uint64_t"], (h: unknown) => (isatty(num(h)) ? 1 : 0));
    // The console's encoding follows the locale, as Mono's (code page index 3: UTF-8, 1: ASCII).
    this.cb(`System.Text.EncodingHelper::InternalCodePage(int32&)`, "uint64_t", ["uint64_t"], (cp: unknown) => {
      const cs = rt.consoleCharset;
      rt.w32(num(cp), cs === "utf-8" ? 3 : cs === "iso-8859-1" ? -1 : 1);
      return rt.internString(cs);
    });
    this.cb(`System.Environment::get_Platform()`, "int32_t", [], () => 4); // PlatformID.Unix
    this.cb(`System.Environment::get_NewLine()`, "uint64_t", [], () => rt.internString("\n"));
    // The machine, the user and the environment block, from the process Node runs in.
    const ENV = "System.Environment";
    // Process.GetCurrentProcess(): the pseudo handle and this process's id.
    this.cb(`Microsoft.Win32.NativeMethods::GetCurrentProcessId()`, "int32_t", [], () => process.pid);
    this.cb(`Microsoft.Win32.NativeMethods::GetCurrentProcess()`, "uint64_t", [], () => 0xffffffffffffffffn);
    this.cb(`Microsoft.Win32.NativeMethods::CloseProcess(native int)`, "int32_t", ["uint64_t"], () => 1);
    this.cb(`${ENV}::GetNewLine()`, "uint64_t", [], () => rt.internString("\n"));
    this.cb(`${ENV}::GetOSVersionString()`, "uint64_t", [], () => str(osRelease()));
    this.cb(`${ENV}::get_MachineName()`, "uint64_t", [], () => str(hostname()));
    this.cb(`${ENV}::get_UserName()`, "uint64_t", [], () => str(userInfo().username));
    this.cb(`${ENV}::internalGetHome()`, "uint64_t", [], () => str(homedir()));
    this.cb(`${ENV}::GetIs64BitOperatingSystem()`, "int32_t", [], () => 1);
    this.cb(`${ENV}::get_HasShutdownStarted()`, "int32_t", [], () => 0);
    this.cb(`${ENV}::GetPageSize()`, "int32_t", [], () => 4096);
    this.cb(`${ENV}::GetLogicalDrivesInternal()`, "uint64_t", [], () => this.stringArray(["/"]));
    this.cb(`${ENV}::GetEnvironmentVariableNames()`, "uint64_t", [], () => this.stringArray(Object.keys(process.env)));
    this.cb(`${ENV}::internalGetEnvironmentVariable_native(native int)`, "uint64_t", ["uint64_t"], (p: unknown) => {
      const v = process.env[readCString(rt, num(p), 1)];
      return v === undefined ? 0 : str(v);
    });
    this.cb(`${ENV}::InternalSetEnvironmentVariable(char*,int32,char*,int32)`, "void", ["uint64_t", "int32_t", "uint64_t", "int32_t"],
      (n: unknown, nl: number, v: unknown, vl: number) => {
        const name = utf16At(rt, num(n), nl);
        if (num(v) === 0 || vl === 0) delete process.env[name];
        else process.env[name] = utf16At(rt, num(v), vl);
      });
  }

  // ---- Implementations ----------------------------------------------------------------------------
  /**
   * EqualityComparer<T>.Default / Comparer<T>.Default: the class the library's CreateComparer
   * picks by reflection, instantiated directly (their constructors do nothing).
   */
  private createComparer(t: TypeDesc, equality: boolean): number {
    const ts = this.rt.ts;
    const gen = (name: string, arg: TypeDesc) => {
      const d = ts.findByName(ts.corlib, "System.Collections.Generic", name);
      return ts.defType(d.m, d.row, [arg]);
    };
    const implementsSelf = (x: TypeDesc, iface: string) => {
      const d = ts.findByName(ts.corlib, "System", iface);
      const want = ts.defType(d.m, d.row, [x]);
      try {
        return this.rt.vtables.of(x).interfaces.includes(want);
      } catch {
        return false;
      }
    };
    const nullableOf = (x: TypeDesc): TypeDesc | null =>
      x.module === ts.corlib && x.args.length === 1 && x.module.reader.typeDefFullName(x.row) === "System.Nullable`1" ? x.args[0]! : null;
    const iface = equality ? "IEquatable`1" : "IComparable`1";
    let cls: TypeDesc;
    const u = nullableOf(t);
    if (equality && t.kind === Kind.U1) {
      cls = ts.corlibType("System.Collections.Generic", "ByteEqualityComparer");
    } else if (implementsSelf(t, iface)) {
      cls = gen(equality ? "GenericEqualityComparer`1" : "GenericComparer`1", t);
    } else if (u && implementsSelf(u, iface)) {
      cls = gen(equality ? "NullableEqualityComparer`1" : "NullableComparer`1", u);
    } else if (equality && this.rt.underlyingType(t) !== t) {
      const k = this.rt.underlyingType(t).kind;
      cls = gen(k === Kind.I1 ? "SByteEnumEqualityComparer`1" : k === Kind.I2 ? "ShortEnumEqualityComparer`1" : k === Kind.I8 || k === Kind.U8 ? "LongEnumEqualityComparer`1" : "EnumEqualityComparer`1", t);
    } else {
      cls = gen(equality ? "ObjectEqualityComparer`1" : "ObjectComparer`1", t);
    }
    return this.rt.allocObject(cls);
  }

  /** A value type's fields as byte ranges to compare and offsets of references (nested structs flattened). */
  private valueFields(t: TypeDesc, base = 0, out: { bytes: [number, number][]; refs: number[] } = { bytes: [], refs: [] }): { bytes: [number, number][]; refs: number[] } {
    const rt = this.rt;
    for (const f of rt.layouts.of(t).fields) {
      if (f.type.isReference) out.refs.push(base + f.offset);
      else if (f.type.kind === Kind.ValueType && rt.layouts.containsRefs(f.type)) this.valueFields(f.type, base + f.offset, out);
      else out.bytes.push([base + f.offset, rt.layouts.sizeOf(f.type)]);
    }
    return out;
  }

  /** The UTF-16 units of a string object (null for null). */
  private units(o: number): Uint16Array | null {
    if (o === 0) return null;
    const n = this.rt.r32(o + 8);
    const v = this.rt.viewAt(o + STRING_CHARS_OFFSET, 2 * n);
    return new Uint16Array(v.view.buffer, v.view.byteOffset + v.offset, n);
  }

  private stringEquals(a: number, b: number): boolean {
    if (a === b) return true;
    const x = this.units(a), y = this.units(b);
    if (!x || !y || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }

  /** Ordinal comparison: the difference of the first differing units, else of the lengths. */
  private compareOrdinal(a: number, b: number): number {
    if (a === b) return 0;
    const x = this.units(a), y = this.units(b);
    if (!x) return -1;
    if (!y) return 1;
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  }

  private raiseArg(typeName: string, message: string): number {
    const dot = typeName.lastIndexOf(".");
    const t = this.rt.ts.corlibType(typeName.slice(0, dot), typeName.slice(dot + 1));
    this.rt.pendingException = this.rt.newException(t, message, 0x80070057);
    return 0;
  }

  private charArray(a: number): string {
    if (a === 0) return "";
    return this.rt.readChars(a + ARRAY_DATA_OFFSET, this.rt.r32(a + ARRAY_LENGTH_OFFSET));
  }

  private objectArray(a: number): number[] | null {
    if (a === 0) return null;
    const n = this.rt.r32(a + ARRAY_LENGTH_OFFSET);
    return Array.from({ length: n }, (_, i) => this.rt.r64(a + ARRAY_DATA_OFFSET + 8 * i));
  }

  /** The text of obj.ToString() (a virtual call into managed code), null when it threw or returned null. */
  toText(obj: number): string | null {
    if (obj === 0) return "";
    const rt = this.rt;
    // String.ToString() returns the string itself: no call needed.
    if (rt.r32(rt.r64(obj) + A.MT_FLAGS) & A.MTF_STRING) return rt.readString(obj);
    if (this.toStringSlot < 0) {
      const object = rt.ts.primitive(Kind.Object);
      this.toStringSlot = rt.vtables.slot(rt.ts.methodsOf(object).find((m) => m.name === "ToString" && m.sig.params.length === 0)!);
    }
    const s = rt.callVirtual(obj, this.toStringSlot, IR.TY_REF, [IR.TY_REF], []) as number;
    if (rt.pendingException !== 0) return null;
    return rt.readString(s);
  }

  private typeNameOf(obj: number): string {
    const t = this.rt.typeOfMethodTable(this.rt.r64(obj));
    return t ? clrTypeName(t) : "System.Object";
  }

  private writeFormat(w: (s: string) => void, f: unknown, args: number[] | null): void {
    const s = this.format(f, args);
    if (s !== null) w(s);
  }

  /**
   * Composite formatting ("{0}", "{1,-5}", "{0:X4}"): items with a format string go through the
   * value's own IFormattable.ToString (the class library's formatting); null when an exception
   * is pending.
   */
  format(f: unknown, args: number[] | null): string | null {
    const rt = this.rt;
    const text = rt.readString(num(f));
    if (text === null || args === null) {
      this.raiseArg("System.ArgumentNullException", `Value cannot be null.\nParameter name: ${text === null ? "format" : "args"}`);
      return null;
    }
    let out = "";
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === "}") {
        if (text[i + 1] === "}") i++;
        else return this.badFormat();
        out += "}";
        continue;
      }
      if (c !== "{") {
        out += c;
        continue;
      }
      if (text[i + 1] === "{") {
        out += "{";
        i++;
        continue;
      }
      const close = text.indexOf("}", i);
      if (close < 0) return this.badFormat();
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(text.slice(i + 1, close));
      if (!m) return this.badFormat();
      const index = Number(m[1]);
      if (index >= args.length) return this.badFormat("Index (zero based) must be greater than or equal to zero and less than the size of the argument list.");
      const arg = args[index]!;
      let piece: string | null;
      if (arg === 0) piece = "";
      else if (m[3] !== undefined) piece = this.formatWithSpec(arg, m[3]);
      else {
        // Without a format an IFormattable still formats itself, with a null format (its
        // ToString() may differ); primitives' ToString() is the same thing, done here.
        const t = rt.typeOfMethodTable(rt.r64(arg));
        piece = t && t.kind >= Kind.Boolean && t.kind <= Kind.String ? this.toText(arg) : this.formatWithSpec(arg, null);
      }
      if (piece === null) return null;
      const width = m[2] === undefined ? 0 : Number(m[2]);
      if (width > 0) piece = piece.padStart(width);
      else if (width < 0) piece = piece.padEnd(-width);
      out += piece;
      i = close;
    }
    return out;
  }

  private badFormat(message = "Input string was not in a correct format."): null {
    this.raiseArg("System.FormatException", message);
    return null;
  }

  /** `obj`'s IFormattable.ToString(spec, null) (managed code), or its ToString() when it is not formattable; null when an exception is pending. */
  private formatWithSpec(obj: number, spec: string | null): string | null {
    const rt = this.rt;
    const formattable = rt.methodTable(rt.ts.corlibType("System", "IFormattable"));
    const code = rt.interfaceMethodCode(obj, formattable, 0);
    if (code === 0) return this.toText(obj);
    const s = rt.callAddress(code, IR.TY_REF, [IR.TY_REF, IR.TY_REF, IR.TY_REF], [obj, spec === null ? 0 : rt.internString(spec), 0]) as number;
    if (rt.pendingException !== 0) return null;
    return rt.readString(s) ?? "";
  }

  private clone(o: number): number {
    const rt = this.rt;
    const mt = rt.r64(o);
    const flags = rt.r32(mt + A.MT_FLAGS);
    let size = rt.r32(mt + A.MT_BASE_SIZE);
    if (flags & (A.MTF_SZARRAY | A.MTF_MDARRAY)) size += rt.r32(o + ARRAY_LENGTH_OFFSET) * rt.r32(mt + A.MT_COMPONENT_SIZE);
    else if (flags & A.MTF_STRING) size = STRING_CHARS_OFFSET + 2 * rt.r32(o + 8) + 2;
    const c = rt.allocRaw(size);
    this.copy(c, o, size);
    return c;
  }

  private copy(dst: number, src: number, n: number): void {
    if (n <= 0) return;
    const s = this.rt.viewAt(src, n), d = this.rt.viewAt(dst, n);
    new Uint8Array(d.view.buffer, d.view.byteOffset + d.offset, n).set(new Uint8Array(s.view.buffer, s.view.byteOffset + s.offset, n));
  }

  private initializeArray(arr: number, data: number): void {
    const rt = this.rt;
    if (arr === 0) {
      rt.raise("NullReference");
      return;
    }
    const mt = rt.r64(arr);
    this.copy(arr + rt.r32(mt + A.MT_BASE_SIZE), data, rt.r32(arr + ARRAY_LENGTH_OFFSET) * rt.r32(mt + A.MT_COMPONENT_SIZE));
  }

  private arrayDimension(a: number, d: number, field: 0 | 4): number {
    const rt = this.rt;
    const mt = rt.r64(a);
    const rank = rt.r32(mt + A.MT_RANK);
    if (d < 0 || d >= rank) {
      rt.raise("IndexOutOfRange");
      return 0;
    }
    if (rt.r32(mt + A.MT_FLAGS) & A.MTF_SZARRAY) return field === 0 ? rt.r32(a + ARRAY_LENGTH_OFFSET) : 0;
    return rt.r32s(a + ARRAY_DATA_OFFSET + 8 * d + field);
  }

  private byteLength(a: number): number {
    const rt = this.rt;
    const mt = rt.r64(a);
    if (rt.r32(mt + A.MT_FLAGS) & A.MTF_REF_ELEMENTS) return -1;
    return rt.r32(a + ARRAY_LENGTH_OFFSET) * rt.r32(mt + A.MT_COMPONENT_SIZE);
  }

  private blockCopy(src: number, so: number, dst: number, d: number, n: number): number {
    const rt = this.rt;
    const sl = this.byteLength(src), dl = this.byteLength(dst);
    if (so < 0 || d < 0 || n < 0 || so > sl - n || d > dl - n) return 0;
    this.copy(dst + rt.r32(rt.r64(dst) + A.MT_BASE_SIZE) + d, src + rt.r32(rt.r64(src) + A.MT_BASE_SIZE) + so, n);
    return 1;
  }

  /** A new string[] holding `xs`. */
  private stringArray(xs: readonly string[]): number {
    const rt = this.rt;
    const arr = rt.allocArray(rt.ts.primitive(Kind.String), xs.length);
    xs.forEach((x, i) => rt.w64(arr + ARRAY_DATA_OFFSET + 8 * i, rt.newString(x)));
    return arr;
  }

  private clearArray(a: number, i: number, n: number): void {
    const rt = this.rt;
    const mt = rt.r64(a);
    const es = rt.r32(mt + A.MT_COMPONENT_SIZE);
    rt.bytesAt(a + rt.r32(mt + A.MT_BASE_SIZE) + i * es, n * es).fill(0);
  }

  /** Array.Copy's fast path: same element type, or reference elements the destination accepts. */
  private fastCopy(s: number, si: number, d: number, di: number, n: number): number {
    const rt = this.rt;
    const smt = rt.r64(s), dmt = rt.r64(d);
    if (!(rt.r32(smt + A.MT_FLAGS) & A.MTF_SZARRAY) || !(rt.r32(dmt + A.MT_FLAGS) & A.MTF_SZARRAY)) return 0;
    const se = rt.r64(smt + A.MT_ELEMENT), de = rt.r64(dmt + A.MT_ELEMENT);
    const sl = rt.r32(s + ARRAY_LENGTH_OFFSET), dl = rt.r32(d + ARRAY_LENGTH_OFFSET);
    if (si < 0 || di < 0 || n < 0 || si > sl - n || di > dl - n) return 0;
    const refs = (rt.r32(smt + A.MT_FLAGS) & A.MTF_REF_ELEMENTS) !== 0;
    if (se !== de && !(refs && (rt.r32(dmt + A.MT_FLAGS) & A.MTF_REF_ELEMENTS) && rt.isAssignable(se, de))) return 0;
    const es = rt.r32(smt + A.MT_COMPONENT_SIZE);
    const src = s + ARRAY_DATA_OFFSET + si * es, dst = d + ARRAY_DATA_OFFSET + di * es;
    const bytes = n * es;
    if (bytes > 0) {
      const sv = rt.viewAt(src, bytes), dv = rt.viewAt(dst, bytes);
      const from = new Uint8Array(sv.view.buffer, sv.view.byteOffset + sv.offset, bytes);
      new Uint8Array(dv.view.buffer, dv.view.byteOffset + dv.offset, bytes).set(from.slice());
    }
    return 1;
  }
}

const CATEGORIES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"]
  .map((c) => new RegExp(`^\\p{${c}}$`, "u"));
/** System.Globalization.UnicodeCategory of a code point (OtherNotAssigned when none matches). */
export function unicodeCategory(cp: number): number {
  if (cp < 0 || cp > 0x10ffff) return 29;
  const s = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  for (let i = 0; i < CATEGORIES.length; i++) if (CATEGORIES[i]!.test(s)) return i;
  return 29;
}
/** The value of a decimal digit (runs of ten in Unicode), -1 for any other character. */
export function decimalDigit(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (unicodeCategory(cp) !== 8) return -1;
  let k = 0;
  while (k < 64 && unicodeCategory(cp - k - 1) === 8) k++;
  return k % 10;
}

const EXPANSIONS: Record<string, string> = { "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ĳ": "ij", "Ĳ": "IJ", "ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff" };
const LIGATURE = /[ßæÆœŒĳĲﬁﬂﬀ]/;
const LIGATURES = /[ßæÆœŒĳĲﬁﬂﬀ]/g;
const collators = new Map<string, Intl.Collator>();
/** Culture-sensitive comparison (-1, 0, 1) under CompareOptions `opt`. */
export function cultureCompare(a: string, b: string, opt: number): number {
  if (opt & 0x40000000) return a === b ? 0 : a < b ? -1 : 1; // Ordinal
  if (opt & 0x10000000) {
    const x = a.toUpperCase(), y = b.toUpperCase();
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const key = `${opt & 1}:${opt & 2}:${opt & 4}`;
  let c = collators.get(key);
  if (!c) {
    c = new Intl.Collator("en-US", {
      sensitivity: opt & 1 ? (opt & 2 ? "base" : "accent") : opt & 2 ? "case" : "variant",
      ignorePunctuation: (opt & 4) !== 0,
      usage: "sort",
    });
    collators.set(key, c);
  }
  // Mono's tables expand ß and the Latin ligatures (ß = ss, æ = ae): ICU only orders them next
  // to their expansions, so compare the expansions.
  if (LIGATURE.test(a) || LIGATURE.test(b)) {
    a = a.replace(LIGATURES, (ch) => EXPANSIONS[ch]!);
    b = b.replace(LIGATURES, (ch) => EXPANSIONS[ch]!);
  }
  // Windows' word sort (Mono's collation follows it) ignores hyphens and apostrophes at first:
  // "co-op" sorts right after "coop". Compare without them, then with them weighing most.
  const word = /[-'\u00ad]/;
  if (!(opt & 4) && (word.test(a) || word.test(b))) {
    const r = Math.sign(c.compare(a.replace(/[-'\u00ad]/g, ""), b.replace(/[-'\u00ad]/g, "")));
    if (r !== 0) return r;
    const x = a.replace(/[-'\u00ad]/g, "\uffff"), y = b.replace(/[-'\u00ad]/g, "\uffff");
    return x === y ? 0 : x < y ? -1 : 1;
  }
  return Math.sign(c.compare(a, b));
}

/** Primitive widening of Array.SetValue and Array.Copy (no loss of range; integers to floats). */
const WIDENING: Partial<Record<Kind, Kind[]>> = {
  [Kind.U1]: [Kind.Char, Kind.U2, Kind.I2, Kind.U4, Kind.I4, Kind.U8, Kind.I8, Kind.R4, Kind.R8],
  [Kind.I1]: [Kind.I2, Kind.I4, Kind.I8, Kind.R4, Kind.R8],
  [Kind.U2]: [Kind.Char, Kind.U4, Kind.I4, Kind.U8, Kind.I8, Kind.R4, Kind.R8],
  [Kind.I2]: [Kind.I4, Kind.I8, Kind.R4, Kind.R8],
  [Kind.Char]: [Kind.U2, Kind.U4, Kind.I4, Kind.U8, Kind.I8, Kind.R4, Kind.R8],
  [Kind.U4]: [Kind.U8, Kind.I8, Kind.R4, Kind.R8],
  [Kind.I4]: [Kind.I8, Kind.R4, Kind.R8],
  [Kind.U8]: [Kind.R4, Kind.R8],
  [Kind.I8]: [Kind.R4, Kind.R8],
  [Kind.R4]: [Kind.R8],
};
function widens(from: Kind, to: Kind): boolean {
  return WIDENING[from]?.includes(to) ?? false;
}
function readPrimitive(rt: Runtime, at: number, k: Kind): number | bigint {
  const v = rt.viewAt(at, 8);
  switch (k) {
    case Kind.I1: return v.view.getInt8(v.offset);
    case Kind.U1: return v.view.getUint8(v.offset);
    case Kind.I2: return v.view.getInt16(v.offset, true);
    case Kind.U2: case Kind.Char: return v.view.getUint16(v.offset, true);
    case Kind.I4: return v.view.getInt32(v.offset, true);
    case Kind.U4: return v.view.getUint32(v.offset, true);
    case Kind.I8: return v.view.getBigInt64(v.offset, true);
    case Kind.U8: return v.view.getBigUint64(v.offset, true);
    case Kind.R4: return v.view.getFloat32(v.offset, true);
    default: return v.view.getFloat64(v.offset, true);
  }
}
function writePrimitive(rt: Runtime, at: number, k: Kind, x: number | bigint): void {
  const v = rt.viewAt(at, 8);
  switch (k) {
    case Kind.I2: case Kind.U2: case Kind.Char: return v.view.setUint16(v.offset, Number(x), true);
    case Kind.I4: case Kind.U4: return v.view.setUint32(v.offset, Number(x) >>> 0, true);
    case Kind.I8: case Kind.U8: return v.view.setBigUint64(v.offset, BigInt.asUintN(64, BigInt(x)), true);
    case Kind.R4: return v.view.setFloat32(v.offset, Number(x), true);
    default: return v.view.setFloat64(v.offset, Number(x), true);
  }
}

/** Changes the process's directory (Directory.SetCurrentDirectory). */
function attemptChdir(path: string): IOResult<boolean> {
  try {
    process.chdir(path);
    return { ok: true };
  } catch (e) {
    return { error: errorOf(e, path) === IOError.FileNotFound ? IOError.PathNotFound : errorOf(e, path) };
  }
}

/** The NUL-terminated string at `address` in units of 1 (UTF-8) or 2 (UTF-16) bytes. */
function readCString(rt: Runtime, address: number, unit: 1 | 2): string {
  let n = 0;
  for (;;) {
    const v = rt.viewAt(address + n * unit, unit);
    if ((unit === 1 ? v.view.getUint8(v.offset) : v.view.getUint16(v.offset, true)) === 0) break;
    n++;
  }
  return unit === 1 ? Buffer.from(rt.bytesAt(address, n)).toString("utf8") : utf16At(rt, address, n);
}

/** `n` UTF-16 code units at `address`. */
function utf16At(rt: Runtime, address: number, n: number): string {
  return Buffer.from(rt.bytesAt(address, 2 * n)).toString("utf16le");
}

/** Writes `text` as UTF-8 and a NUL into the `size` bytes at `address` (cut to fit); returns the bytes written before the NUL. */
function writeCString(rt: Runtime, address: number, size: number, text: string | Uint8Array): number {
  const b = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const n = Math.max(0, Math.min(b.length, size - 1));
  const to = rt.bytesAt(address, n + 1);
  to.set(b.subarray(0, n));
  to[n] = 0;
  return n;
}
