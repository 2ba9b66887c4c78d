// The runtime with hand-built IR methods: method tables against Layouts/VTables, helpers and
// their cells, allocation, strings, pending exceptions through frames, traps that leave a
// method through its frame, unsupported methods and heap exhaustion.
import { afterEach, describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder, type VReg } from "../../host/codegen/ir-builder.js";
import { Helper, THREAD_PENDING_EXCEPTION } from "../../host/importer/env.js";
import { importMethod } from "../../host/importer/importer.js";
import * as A from "../../host/runtime/abi.js";
import type { Runtime, RuntimeOptions } from "../../host/runtime/runtime.js";
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJ_HEADER, STRING_CHARS_OFFSET, STRING_LENGTH_OFFSET } from "../../host/typesystem/layout.js";
import { Kind, type TypeDesc } from "../../host/typesystem/types.js";
import { corlibSystem, newRuntime } from "./support.js";
import { buildProgram } from "./programs.js";
import { Binder } from "../../host/binder/binder.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";
import { dirname } from "node:path";

let current: Runtime | null = null;
afterEach(() => {
  current?.dispose();
  current = null;
});
function setup(options: RuntimeOptions = {}) {
  const r = newRuntime(options);
  current = r.rt;
  return r;
}

const ts = corlibSystem();
const T = (ns: string, name: string) => ts.corlibType(ns, name);

/** Defines a method whose body `build` writes into a fresh builder. */
function define(rt: Runtime, name: string, params: number[], ret: number, build: (b: MethodBuilder, rt: Runtime) => void): number {
  return rt.defineMethod(name, params, ret, (env, sym) => {
    const b = new MethodBuilder(params, ret, sym);
    build(b, env);
    return b.finish();
  });
}

/** if (pending) return `onPending` — what compiled code does after each call. */
function checkPending(b: MethodBuilder, rt: Runtime, onPending: () => void): void {
  const ts0 = rt.dataAddress(b, { kind: "threadState" });
  const p = b.load(IR.MEMW_64, IR.TY_PTR, ts0, IR.IR_NONE, 0, THREAD_PENDING_EXCEPTION);
  const yes = b.newBlock(), no = b.newBlock();
  b.brcmp(IR.CC_NE, p, b.const(IR.TY_PTR, 0), yes, no);
  b.setBlock(yes);
  onPending();
  b.setBlock(no);
}

const helper = (b: MethodBuilder, rt: Runtime, h: Helper, args: VReg[], ret: number) => b.call(IR.CALLK_CELL, rt.helperSymbol(h), args, ret);
const typeOfPending = (rt: Runtime) => {
  const ex = rt.pendingException;
  return ex === 0 ? null : rt.typeOfMethodTable(rt.r64(ex));
};

describe("method tables", () => {
  const check = (rt: Runtime, t: TypeDesc) => {
    const mt = rt.methodTable(t);
    const vt = rt.vtables.of(t.kind === Kind.SzArray ? T("System", "Array") : t);
    expect(rt.r32(mt + A.MT_TYPE_ID)).toBe(t.id);
    expect(rt.typeOfMethodTable(mt)).toBe(t);
    // T[] adds the slots of IList<T> & co. after System.Array's own.
    const extra = t.kind === Kind.SzArray ? rt.r32(mt + A.MT_NUM_VIRTUALS) - vt.slots.length : 0;
    expect(rt.r32(mt + A.MT_NUM_VIRTUALS)).toBe(t.isInterface ? 0 : vt.slots.length + extra);
    // Every slot is callable: compiled code, an intrinsic, a prestub or an unboxing stub.
    vt.slots.forEach((m, i) => {
      if (t.isInterface) return;
      const slot = rt.r64(mt + A.MT_VTABLE + 8 * i);
      const e = rt.entry(m);
      if (t.isValueType && m.owner.isValueType) expect(slot).not.toBe(0);
      else expect(slot).toBe(e.code || e.prestub);
    });
    // The interface map lists every interface with its slots.
    if (!t.isInterface) {
      const n = rt.r32(mt + A.MT_NUM_INTERFACES);
      expect(n).toBe(vt.interfaces.length + (t.kind === Kind.SzArray ? 5 : 0));
      const map = rt.r64(mt + A.MT_INTERFACE_MAP);
      vt.interfaces.forEach((iface, k) => {
        expect(rt.r64(map + k * A.IMAP_ENTRY_SIZE + A.IMAP_INTERFACE)).toBe(rt.methodTable(iface));
        const slots = rt.r64(map + k * A.IMAP_ENTRY_SIZE + A.IMAP_SLOTS);
        (vt.interfaceSlots.get(iface) ?? []).forEach((s, j) => expect(rt.r32s(slots + 4 * j)).toBe(s));
      });
    }
    return mt;
  };

  it("match Layouts and VTables for classes, value types, strings, interfaces and arrays", () => {
    const { rt } = setup();
    const object = check(rt, ts.primitive(Kind.Object));
    expect(rt.r64(object + A.MT_PARENT)).toBe(0);
    expect(rt.r32(object + A.MT_BASE_SIZE)).toBe(rt.layouts.of(ts.primitive(Kind.Object)).size);

    const ioe = T("System", "InvalidOperationException");
    const mt = check(rt, ioe);
    expect(rt.r32(mt + A.MT_BASE_SIZE)).toBe(rt.layouts.of(ioe).size);
    expect(rt.r64(mt + A.MT_PARENT)).toBe(rt.methodTable(T("System", "SystemException")));
    expect(rt.r32(mt + A.MT_FLAGS) & (A.MTF_VALUE_TYPE | A.MTF_INTERFACE)).toBe(0);
    expect(rt.r32(mt + A.MT_FLAGS) & A.MTF_CONTAINS_REFS).not.toBe(0);

    const str = check(rt, ts.primitive(Kind.String));
    expect(rt.r32(str + A.MT_FLAGS) & A.MTF_STRING).not.toBe(0);
    expect(rt.r32(str + A.MT_COMPONENT_SIZE)).toBe(2);
    expect(rt.r32(str + A.MT_BASE_SIZE)).toBe(16);
    // String has no .cctor in Mono's library: the runtime sets String.Empty itself.
    expect(rt.r32(str + A.MT_FLAGS) & A.MTF_HAS_CCTOR).toBe(0);
    expect(rt.r32(str + A.MT_FLAGS) & A.MTF_BEFOREFIELDINIT).not.toBe(0);
    expect(rt.r32(str + A.MT_CCTOR_STATE)).toBe(A.CCTOR_DONE);
    expect(rt.r64(str + A.MT_STATICS)).toBe(rt.staticsBlock(ts.primitive(Kind.String)));
    expect(rt.readString(rt.r64(rt.staticsBlock(ts.primitive(Kind.String)) + rt.fieldOffset(ts.primitive(Kind.String), "Empty")))).toBe("");
    const exc = check(rt, T("System", "Exception"));
    expect(rt.r32(exc + A.MT_FLAGS) & A.MTF_HAS_CCTOR).not.toBe(0);
    expect(rt.r32(exc + A.MT_CCTOR_STATE)).toBe(A.CCTOR_PENDING);

    const i4 = check(rt, ts.primitive(Kind.I4));
    expect(rt.r32(i4 + A.MT_FLAGS) & A.MTF_VALUE_TYPE).not.toBe(0);
    expect(rt.r32(i4 + A.MT_BASE_SIZE)).toBe(OBJ_HEADER + 8); // 4 bytes of value, rounded up
    expect(rt.r64(i4 + A.MT_PARENT)).toBe(rt.methodTable(T("System", "ValueType")));

    const icomparable = check(rt, T("System", "IComparable"));
    expect(rt.r32(icomparable + A.MT_FLAGS) & A.MTF_INTERFACE).not.toBe(0);
    expect(rt.r64(icomparable + A.MT_PARENT)).toBe(0);

    const strArr = check(rt, ts.szArray(ts.primitive(Kind.String)));
    expect(rt.r32(strArr + A.MT_FLAGS) & (A.MTF_SZARRAY | A.MTF_REF_ELEMENTS)).toBe(A.MTF_SZARRAY | A.MTF_REF_ELEMENTS);
    expect(rt.r64(strArr + A.MT_ELEMENT)).toBe(str);
    expect(rt.r32(strArr + A.MT_COMPONENT_SIZE)).toBe(8);
    expect(rt.r32(strArr + A.MT_RANK)).toBe(1);
    expect(rt.r64(strArr + A.MT_PARENT)).toBe(rt.methodTable(T("System", "Array")));
    const dblArr = check(rt, ts.szArray(ts.primitive(Kind.R8)));
    expect(rt.r32(dblArr + A.MT_COMPONENT_SIZE)).toBe(8);
    expect(rt.r32(dblArr + A.MT_FLAGS) & A.MTF_REF_ELEMENTS).toBe(0);
    const md = rt.methodTable(ts.mdArray(ts.primitive(Kind.I4), 2));
    expect(rt.r32(md + A.MT_RANK)).toBe(2);
    expect(rt.r32(md + A.MT_BASE_SIZE)).toBe(32);

    const color = check(rt, T("System", "ConsoleColor"));
    expect(rt.r32(color + A.MT_FLAGS) & A.MTF_ENUM).not.toBe(0);
    expect(rt.r64(color + A.MT_ELEMENT)).toBe(i4);
    expect(rt.vtableOffset).toBe(A.MT_VTABLE);
  });

  it("type tests follow class chains, interfaces and array covariance", () => {
    const { rt } = setup();
    const mt = (t: TypeDesc) => rt.methodTable(t);
    const str = ts.primitive(Kind.String), obj = ts.primitive(Kind.Object);
    expect(rt.isAssignable(mt(T("System", "InvalidOperationException")), mt(T("System", "Exception")))).toBe(true);
    expect(rt.isAssignable(mt(T("System", "Exception")), mt(T("System", "InvalidOperationException")))).toBe(false);
    expect(rt.isAssignable(mt(str), mt(T("System", "IComparable")))).toBe(true);
    expect(rt.isAssignable(mt(ts.primitive(Kind.I4)), mt(T("System", "IComparable")))).toBe(true);
    expect(rt.isAssignable(mt(ts.szArray(str)), mt(ts.szArray(obj)))).toBe(true);
    expect(rt.isAssignable(mt(ts.szArray(ts.primitive(Kind.I4))), mt(ts.szArray(obj)))).toBe(false);
    expect(rt.isAssignable(mt(ts.szArray(str)), mt(T("System", "Array")))).toBe(true);
    expect(rt.isAssignable(mt(ts.szArray(str)), mt(T("System.Collections", "IList")))).toBe(true);
    const generic = (name: string, arg: TypeDesc) => {
      const d = ts.findByName(ts.corlib, "System.Collections.Generic", name);
      return ts.defType(d.m, d.row, [arg]);
    };
    expect(rt.isAssignable(mt(ts.szArray(str)), mt(generic("IList`1", str)))).toBe(true);
    expect(rt.isAssignable(mt(ts.szArray(ts.primitive(Kind.I4))), mt(generic("IEnumerable`1", ts.primitive(Kind.I4))))).toBe(true);
    expect(rt.isAssignable(mt(ts.szArray(ts.primitive(Kind.I4))), mt(generic("IEnumerable`1", str)))).toBe(false);
  });
});

describe("allocation and strings", () => {
  it("allocates objects and arrays through the helpers' machine code", () => {
    const { rt } = setup();
    const exMT = rt.methodTable(T("System", "Exception"));
    const arrMT = rt.methodTable(ts.szArray(ts.primitive(Kind.I4)));
    const newObj = define(rt, "T::NewObj", [], IR.TY_REF, (b) => {
      b.ret(helper(b, rt, Helper.NewObject, [b.const(IR.TY_PTR, exMT), b.const(IR.TY_I64, 0)], IR.TY_REF));
    });
    const newArr = define(rt, "T::NewArr", [IR.TY_I64], IR.TY_REF, (b) => {
      b.ret(helper(b, rt, Helper.NewArray, [b.const(IR.TY_PTR, arrMT), b.params[0]!], IR.TY_REF));
    });
    const o1 = rt.invoke(newObj) as number, o2 = rt.invoke(newObj) as number;
    expect(rt.r64(o1)).toBe(exMT);
    expect(o2 - o1).toBe(rt.r32(exMT + A.MT_BASE_SIZE));
    const a = rt.invoke(newArr, [10]) as number;
    expect(rt.r64(a)).toBe(arrMT);
    expect(rt.r64(a + ARRAY_LENGTH_OFFSET)).toBe(10);
    for (let i = 0; i < 10; i++) expect(rt.r32(a + ARRAY_DATA_OFFSET + 4 * i)).toBe(0);
    expect(rt.pendingException).toBe(0);
    expect(rt.invoke(newArr, [-1])).toBe(0);
    expect(typeOfPending(rt)).toBe(T("System", "OverflowException"));
  });

  it("allocates multi-dimensional arrays with their bounds", () => {
    const { rt } = setup();
    const mt = rt.methodTable(ts.mdArray(ts.primitive(Kind.I4), 2));
    const make = define(rt, "T::Make", [IR.TY_I32, IR.TY_I32], IR.TY_REF, (b) => {
      const lens = b.slotAddr(b.newSlot(8, 8));
      b.store(IR.MEMW_32, b.params[0]!, lens);
      b.store(IR.MEMW_32, b.params[1]!, lens, IR.IR_NONE, 0, 4);
      b.ret(helper(b, rt, Helper.NewMDArray, [b.const(IR.TY_PTR, mt), lens], IR.TY_REF));
    });
    const a = rt.invoke(make, [3, 4]) as number;
    expect(rt.r64(a)).toBe(mt);
    expect(rt.r64(a + ARRAY_LENGTH_OFFSET)).toBe(12);
    expect([rt.r32(a + 16), rt.r32(a + 20), rt.r32(a + 24), rt.r32(a + 28)]).toEqual([3, 0, 4, 0]);
    expect(rt.r32(mt + A.MT_BASE_SIZE)).toBe(32);
    expect(rt.invoke(make, [2, -1])).toBe(0);
    expect(typeOfPending(rt)).toBe(T("System", "OverflowException"));
  });

  it("interns literals per (module, token) and by text; code loads them from their cell", () => {
    const { rt, out } = setup();
    const m = ts.corlib;
    // Find some #US token of mscorlib: the first ldstr-able entry at offset 1.
    const token = 0x70000001;
    const text = m.reader.md.userString(1);
    const cell = rt.dataItemAddress({ kind: "string", module: m, token });
    const s = rt.r64(cell);
    expect(rt.readString(s)).toBe(text);
    expect(rt.r32(s + STRING_LENGTH_OFFSET)).toBe(text.length);
    expect(rt.viewAt(s + STRING_CHARS_OFFSET + 2 * text.length, 2).view.getUint16(rt.viewAt(s + STRING_CHARS_OFFSET + 2 * text.length, 2).offset, true)).toBe(0);
    expect(rt.dataItemAddress({ kind: "string", module: m, token })).toBe(cell);
    expect(rt.internString(text)).toBe(s);
    const writeLine = ts.methodsOf(T("System", "Console")).find((x) => x.name === "WriteLine" && x.sig.params.length === 1 && x.sig.params[0]!.kind === Kind.String)!;
    const main = define(rt, "T::Main", [], IR.TY_VOID, (b) => {
      const lit = b.load(IR.MEMW_64, IR.TY_REF, rt.dataAddress(b, { kind: "string", module: m, token }));
      b.call(IR.CALLK_CELL, rt.methodSymbol(writeLine), [lit], IR.TY_VOID);
      b.ret();
    });
    rt.invoke(main);
    expect(out()).toBe(`${text}\n`);
    expect(rt.isCompiled(writeLine)).toBe(false); // an intrinsic: its cell points at the implementation
  });

  it("FastAllocateString and primitive ToString through an unboxing stub", () => {
    const { rt, out } = setup();
    const fast = ts.methodsOf(ts.primitive(Kind.String)).find((x) => x.name === "FastAllocateString")!;
    const s = rt.invoke(fast, [3]) as number;
    expect(rt.r64(s)).toBe(rt.methodTable(ts.primitive(Kind.String)));
    expect(rt.readString(s)).toBe("\0\0\0");
    const object = ts.primitive(Kind.Object);
    const toString = ts.methodsOf(object).find((x) => x.name === "ToString")!;
    const slot = rt.vtables.slot(toString);
    const writeObj = ts.methodsOf(T("System", "Console")).find((x) => x.name === "WriteLine" && x.sig.params.length === 1 && x.sig.params[0] === object)!;
    const writeStr = ts.methodsOf(T("System", "Console")).find((x) => x.name === "WriteLine" && x.sig.params.length === 1 && x.sig.params[0]!.kind === Kind.String)!;
    const r4MT = rt.methodTable(ts.primitive(Kind.R4));
    const r8MT = rt.methodTable(ts.primitive(Kind.R8));
    const main = define(rt, "T::Main", [], IR.TY_VOID, (b) => {
      // box 42.5f and call its ToString through the vtable, then WriteLine(object) a boxed double.
      const boxed = helper(b, rt, Helper.NewObject, [b.const(IR.TY_PTR, r4MT), b.const(IR.TY_I64, 12)], IR.TY_REF);
      b.store(IR.MEMW_F32, b.const(IR.TY_F32, 42.5), boxed, IR.IR_NONE, 0, OBJ_HEADER);
      const mt = b.load(IR.MEMW_64, IR.TY_PTR, boxed);
      const text = b.call(IR.CALLK_MEM, mt, [boxed], IR.TY_REF, rt.vtableOffset + 8 * slot);
      b.call(IR.CALLK_CELL, rt.methodSymbol(writeStr), [text], IR.TY_VOID);
      const d = helper(b, rt, Helper.NewObject, [b.const(IR.TY_PTR, r8MT), b.const(IR.TY_I64, 16)], IR.TY_REF);
      b.store(IR.MEMW_F64, b.const(IR.TY_F64, 0.1 + 0.2), d, IR.IR_NONE, 0, OBJ_HEADER);
      b.call(IR.CALLK_CELL, rt.methodSymbol(writeObj), [d], IR.TY_VOID);
      b.ret();
    });
    rt.invoke(main);
    expect(rt.fatal?.message).toBeUndefined();
    expect(out()).toBe("42.5\n0.3\n");
  });
});

describe("string equality stubs", () => {
  it("compare by length and characters, with null and same-object cases and Equals(object)'s type test", () => {
    const { rt } = setup();
    const S = ts.primitive(Kind.String);
    const find = (name: string, params: string) => ts.methodsOf(S).find((m) => m.name === name && m.sig.params.map((p) => p.kind === Kind.String ? "s" : "o").join("") === params)!;
    const eq = find("op_Equality", "ss"), ne = find("op_Inequality", "ss"), eqObj = find("Equals", "o");
    const abc = rt.newString("abc"), abc2 = rt.newString("abc"), abd = rt.newString("abd"), ab = rt.newString("ab"), empty = rt.newString("");
    const long1 = rt.newString("x".repeat(1000) + "y"), long2 = rt.newString("x".repeat(1000) + "z");
    const pairs: [number, number, number][] = [[abc, abc, 1], [abc, abc2, 1], [abc, abd, 0], [abc, ab, 0], [abc, 0, 0], [0, abc, 0], [0, 0, 1], [empty, rt.newString(""), 1], [long1, long2, 0], [long1, long1, 1]];
    for (const [a, b, want] of pairs) {
      expect(rt.invoke(eq, [a, b]), `${rt.readString(a)} == ${rt.readString(b)}`).toBe(want);
      expect(rt.invoke(ne, [a, b])).toBe(1 - want);
    }
    const boxed = rt.allocObject(ts.primitive(Kind.I4));
    expect([rt.invoke(eqObj, [abc, abc2]), rt.invoke(eqObj, [abc, boxed]), rt.invoke(eqObj, [abc, 0]), rt.invoke(eqObj, [abc, abd])]).toEqual([1, 0, 0, 0]);
  });
});

describe("pending exceptions", () => {
  it("propagate through frames that check after each call", () => {
    const { rt } = setup();
    const ran: string[] = [];
    const inner = define(rt, "T::Inner", [IR.TY_I32], IR.TY_I32, (b) => {
      const zero = b.newBlock(), other = b.newBlock();
      b.brcmp(IR.CC_EQ, b.params[0]!, b.const(IR.TY_I32, 0), zero, other);
      b.setBlock(zero);
      helper(b, rt, Helper.ThrowNullReference, [], IR.TY_VOID);
      b.ret(b.const(IR.TY_I32, -1));
      b.setBlock(other);
      b.ret(b.mul(b.params[0]!, b.const(IR.TY_I32, 10)));
    });
    const middle = define(rt, "T::Middle", [IR.TY_I32], IR.TY_I32, (b) => {
      const r = b.call(IR.CALLK_CELL, inner, [b.params[0]!], IR.TY_I32);
      checkPending(b, rt, () => b.ret(b.const(IR.TY_I32, 0)));
      b.ret(b.add(r, b.const(IR.TY_I32, 1)));
    });
    const outer = define(rt, "T::Outer", [IR.TY_I32], IR.TY_I32, (b) => {
      const r = b.call(IR.CALLK_CELL, middle, [b.params[0]!], IR.TY_I32);
      checkPending(b, rt, () => b.ret(b.const(IR.TY_I32, 0)));
      b.ret(b.add(r, b.const(IR.TY_I32, 1000)));
    });
    expect(rt.invoke(outer, [4])).toBe(1041);
    expect(rt.pendingException).toBe(0);
    expect(rt.invoke(outer, [0])).toBe(0);
    const ex = rt.pendingException;
    expect(typeOfPending(rt)).toBe(T("System", "NullReferenceException"));
    expect(rt.readString(rt.r64(ex + rt.fieldOffset(T("System", "Exception"), "_message")))).toBe("Object reference not set to an instance of an object");
    ran.push("ok");
  });

  it("Throw makes an object pending; CastClass and CheckArrayStore raise", () => {
    const { rt } = setup();
    const exMT = rt.methodTable(T("System", "Exception"));
    const strMT = rt.methodTable(ts.primitive(Kind.String));
    const thrower = define(rt, "T::Throw", [], IR.TY_VOID, (b) => {
      const ex = helper(b, rt, Helper.NewObject, [b.const(IR.TY_PTR, exMT), b.const(IR.TY_I64, 0)], IR.TY_REF);
      helper(b, rt, Helper.Throw, [ex], IR.TY_VOID);
      b.ret();
    });
    rt.invoke(thrower);
    expect(rt.r64(rt.pendingException)).toBe(exMT);
    rt.pendingException = 0;
    const cast = define(rt, "T::Cast", [IR.TY_PTR, IR.TY_REF], IR.TY_REF, (b) => b.ret(helper(b, rt, Helper.CastClass, [b.params[0]!, b.params[1]!], IR.TY_REF)));
    const isinst = define(rt, "T::IsInst", [IR.TY_PTR, IR.TY_REF], IR.TY_REF, (b) => b.ret(helper(b, rt, Helper.IsInstanceOf, [b.params[0]!, b.params[1]!], IR.TY_REF)));
    const s = rt.internString("text");
    expect(rt.invoke(isinst, [strMT, s])).toBe(s);
    expect(rt.invoke(isinst, [rt.methodTable(T("System", "IComparable")), s])).toBe(s);
    expect(rt.invoke(isinst, [exMT, s])).toBe(0);
    expect(rt.invoke(isinst, [exMT, 0])).toBe(0);
    expect(rt.invoke(cast, [rt.methodTable(ts.primitive(Kind.Object)), s])).toBe(s);
    expect(rt.pendingException).toBe(0);
    expect(rt.invoke(cast, [exMT, s])).toBe(0);
    expect(typeOfPending(rt)).toBe(T("System", "InvalidCastException"));
    rt.pendingException = 0;
    const store = define(rt, "T::Store", [IR.TY_REF, IR.TY_REF], IR.TY_VOID, (b) => {
      helper(b, rt, Helper.CheckArrayStore, [b.params[0]!, b.params[1]!], IR.TY_VOID);
      b.ret();
    });
    const strings = rt.allocArray(ts.primitive(Kind.String), 2);
    rt.invoke(store, [strings, s]);
    expect(rt.pendingException).toBe(0);
    rt.invoke(store, [strings, rt.allocObject(T("System", "Exception"))]);
    expect(typeOfPending(rt)).toBe(T("System", "ArrayTypeMismatchException"));
  });

  it("InterfaceLookup finds the implementing vtable slot", () => {
    const { rt } = setup();
    const icomparable = T("System", "IComparable");
    const lookup = define(rt, "T::Lookup", [IR.TY_REF, IR.TY_PTR, IR.TY_I32], IR.TY_PTR, (b) => b.ret(helper(b, rt, Helper.InterfaceLookup, b.params, IR.TY_PTR)));
    const s = rt.internString("x");
    const compareTo = ts.methodsOf(icomparable).find((m) => m.name === "CompareTo")!;
    const impl = rt.vtables.resolveInterfaceMethod(ts.primitive(Kind.String), compareTo)!;
    const slot = rt.vtables.slot(impl);
    const code = rt.invoke(lookup, [s, rt.methodTable(icomparable), 0]);
    expect(code).toBe(rt.r64(rt.methodTable(ts.primitive(Kind.String)) + A.MT_VTABLE + 8 * slot));
    rt.invoke(lookup, [s, rt.methodTable(T("System", "IDisposable")), 0]);
    expect(typeOfPending(rt)).toBe(T("System", "EntryPointNotFoundException"));
  });

  it("a trap leaves the method through its frame, restoring the caller's callee-saved registers", () => {
    const { rt } = setup();
    const nop = define(rt, "T::Nop", [IR.TY_I64], IR.TY_I64, (b) => b.ret(b.params[0]!));
    // Keeps values live across a call (so they sit in callee-saved registers), then overflows.
    const trapper = define(rt, "T::Trap", [IR.TY_I64], IR.TY_I64, (b) => {
      const vals = Array.from({ length: 6 }, (_, i) => b.add(b.params[0]!, b.const(IR.TY_I64, 7 * i + 3)));
      const r = b.call(IR.CALLK_CELL, nop, [vals[0]!], IR.TY_I64);
      let acc = r;
      for (const v of vals) acc = b.add(acc, v);
      b.ret(b.binary(IR.OP_ADD_OVF, acc, b.const(IR.TY_I64, 0x7fffffffffffff00n), 0));
    });
    const caller = define(rt, "T::Caller", [IR.TY_I64], IR.TY_I64, (b) => {
      const vals = Array.from({ length: 6 }, (_, i) => b.mul(b.params[0]!, b.const(IR.TY_I64, i + 2)));
      const r = b.call(IR.CALLK_CELL, trapper, [b.params[0]!], IR.TY_I64);
      let acc = b.const(IR.TY_I64, 0);
      for (const v of vals) acc = b.add(acc, v);
      checkPending(b, rt, () => b.ret(acc));
      b.ret(b.add(acc, r));
    });
    // 27 * (2+3+…+7) = 27 * 27 = 729: the values the caller kept survive the trap.
    expect(rt.invoke(caller, [27])).toBe(729n);
    expect(typeOfPending(rt)).toBe(T("System", "OverflowException"));
    rt.pendingException = 0;
    expect(rt.invoke(caller, [-(2n ** 40n)])).not.toBe(0n);
    expect(rt.pendingException).toBe(0);
  });
});

describe("failures", () => {
  it("reports a method the compiler cannot handle and skips the rest of the program", () => {
    const { rt, out } = setup();
    const console = T("System", "Console");
    const writeInt = ts.methodsOf(console).find((x) => x.name === "WriteLine" && x.sig.params.length === 1 && x.sig.params[0]!.kind === Kind.I4)!;
    const bad = rt.defineMethod("T::Bad", [], IR.TY_I32, () => {
      throw new Error("uses something exotic");
    });
    // An internal call the runtime does not implement.
    const getType = ts.methodsOf(T("System.Runtime.CompilerServices", "RuntimeHelpers")).find((x) => x.name === "SufficientExecutionStack")!;
    const main = define(rt, "T::Main", [IR.TY_I32], IR.TY_I32, (b) => {
      b.call(IR.CALLK_CELL, rt.methodSymbol(writeInt), [b.const(IR.TY_I32, 1)], IR.TY_VOID);
      const which = b.newBlock(), viaType = b.newBlock(), after = b.newBlock();
      b.jump(which);
      b.setBlock(which);
      b.brcmp(IR.CC_EQ, b.params[0]!, b.const(IR.TY_I32, 0), viaType, after);
      b.setBlock(viaType);
      b.call(IR.CALLK_CELL, rt.methodSymbol(getType), [], IR.TY_I32);
      checkPending(b, rt, () => b.ret(b.const(IR.TY_I32, 0)));
      b.ret(b.const(IR.TY_I32, 5));
      b.setBlock(after);
      const r = b.call(IR.CALLK_CELL, bad, [], IR.TY_I32);
      checkPending(b, rt, () => b.ret(b.const(IR.TY_I32, 0)));
      b.call(IR.CALLK_CELL, rt.methodSymbol(writeInt), [b.const(IR.TY_I32, 2)], IR.TY_VOID);
      b.ret(r);
    });
    expect(rt.invoke(main, [1])).toBe(0);
    expect(out()).toBe("1\n");
    expect(rt.fatal?.message).toBe("not supported: T::Bad: uses something exotic");
    expect(rt.fatal?.exitCode).toBe(1);
    // The abort object matches no type test: no handler takes it.
    const ex = rt.pendingException;
    expect(rt.isAbortObject(ex)).toBe(true);
    expect(rt.isInstanceOf(ex, rt.methodTable(ts.primitive(Kind.Object)))).toBe(false);

    const { rt: rt2 } = setup();
    const main2 = define(rt2, "T::Main", [], IR.TY_I32, (b) => {
      b.call(IR.CALLK_CELL, rt2.methodSymbol(getType), [], IR.TY_I32);
      checkPending(b, rt2, () => b.ret(b.const(IR.TY_I32, 0)));
      b.ret(b.const(IR.TY_I32, 5));
    });
    rt2.invoke(main2);
    expect(rt2.fatal?.message).toBe("not supported: System.Runtime.CompilerServices.RuntimeHelpers::SufficientExecutionStack: internal call without a runtime implementation");
    rt2.dispose();
  });

  it("turns a null reference reaching an intrinsic into NullReferenceException", () => {
    const { rt } = setup();
    const getType = ts.methodsOf(ts.primitive(Kind.Object)).find((x) => x.name === "GetType")!;
    const main = define(rt, "T::Main", [], IR.TY_REF, (b) => b.ret(b.call(IR.CALLK_CELL, rt.methodSymbol(getType), [b.const(IR.TY_REF, 0)], IR.TY_REF)));
    expect(rt.invoke(main)).toBe(0);
    expect(rt.fatal).toBeNull();
    expect(typeOfPending(rt)).toBe(T("System", "NullReferenceException"));
  });

  it("knows the stack limit managed frames may reach", () => {
    const { rt } = setup();
    const limit = rt.r64(rt.threadState + A.TS_STACK_LIMIT);
    const here = define(rt, "T::Frame", [], IR.TY_PTR, (b) => b.ret(b.slotAddr(b.newSlot(8))));
    const frame = rt.invoke(here) as number;
    expect(limit).toBeGreaterThan(0);
    expect(frame - limit).toBeGreaterThan(1 << 20);
    expect(frame - limit).toBeLessThan(16 << 20);
  });

  it("names the heap size when live objects exhaust the heap", () => {
    const { rt } = setup({ heapSize: 1 << 20 });
    const arrMT = rt.methodTable(ts.szArray(ts.primitive(Kind.Object)));
    // Allocates 64 KiB object arrays, each holding the previous one (so all stay alive), until
    // the allocation fails; returns how many succeeded.
    const fill = define(rt, "T::Fill", [], IR.TY_I32, (b) => {
      const n = b.const(IR.TY_I32, 0);
      const prev = b.const(IR.TY_REF, 0);
      const loop = b.newBlock(), done = b.newBlock(), next = b.newBlock();
      b.jump(loop);
      b.setBlock(loop);
      const arr = helper(b, rt, Helper.NewArray, [b.const(IR.TY_PTR, arrMT), b.const(IR.TY_I64, 8192)], IR.TY_REF);
      const p = b.load(IR.MEMW_64, IR.TY_PTR, rt.dataAddress(b, { kind: "threadState" }), IR.IR_NONE, 0, THREAD_PENDING_EXCEPTION);
      b.brcmp(IR.CC_NE, p, b.const(IR.TY_PTR, 0), done, next);
      b.setBlock(next);
      b.store(IR.MEMW_64, prev, arr, IR.IR_NONE, 0, ARRAY_DATA_OFFSET);
      b.mov(prev, arr);
      b.binaryInto(IR.OP_ADD, n, n, b.const(IR.TY_I32, 1));
      b.jump(loop);
      b.setBlock(done);
      b.ret(n);
    });
    expect(rt.invoke(fill)).toBe(15);
    expect(rt.gc.stats.collections).toBeGreaterThan(0);
    expect(rt.fatal?.kind).toBe("out-of-memory");
    expect(rt.fatal?.message).toMatch(/^out of memory: the managed heap of 1 MiB is exhausted by live objects \(allocating 65552 bytes/);
  });

  it("collects unreachable objects: garbage many times the heap's size is allocated, what is reachable survives", () => {
    const { rt } = setup({ heapSize: 1 << 20 });
    const bytesMT = rt.methodTable(ts.szArray(ts.primitive(Kind.U1)));
    const objsMT = rt.methodTable(ts.szArray(ts.primitive(Kind.Object)));
    // keep = object[4]; 2,000 times: a 64 KiB byte array (garbage) whose first byte is i & 0x7f,
    // and every 500th one is kept in keep[i / 500]. Returns the sum of the kept arrays' first bytes.
    const churn = define(rt, "T::Churn", [], IR.TY_I32, (b) => {
      const keep = helper(b, rt, Helper.NewArray, [b.const(IR.TY_PTR, objsMT), b.const(IR.TY_I64, 4)], IR.TY_REF);
      const i = b.const(IR.TY_I32, 0);
      const loop = b.newBlock(), body = b.newBlock(), store = b.newBlock(), step = b.newBlock(), done = b.newBlock();
      b.jump(loop);
      b.setBlock(loop);
      b.brcmp(IR.CC_LT, i, b.const(IR.TY_I32, 2000), body, done);
      b.setBlock(body);
      const arr = helper(b, rt, Helper.NewArray, [b.const(IR.TY_PTR, bytesMT), b.const(IR.TY_I64, 65536)], IR.TY_REF);
      b.store(IR.MEMW_8, b.and(i, b.const(IR.TY_I32, 0x7f)), arr, IR.IR_NONE, 0, ARRAY_DATA_OFFSET);
      const r = b.binary(IR.OP_REM, i, b.const(IR.TY_I32, 500));
      b.brcmp(IR.CC_EQ, r, b.const(IR.TY_I32, 0), store, step);
      b.setBlock(store);
      const slot = b.conv(IR.CV_SEXT32, IR.TY_I64, b.div(i, b.const(IR.TY_I32, 500)));
      b.store(IR.MEMW_64, arr, keep, slot, 3, ARRAY_DATA_OFFSET);
      b.jump(step);
      b.setBlock(step);
      b.binaryInto(IR.OP_ADD, i, i, b.const(IR.TY_I32, 1));
      b.jump(loop);
      b.setBlock(done);
      let sum = b.const(IR.TY_I32, 0);
      for (let k = 0; k < 4; k++) {
        const kept = b.load(IR.MEMW_64, IR.TY_REF, keep, IR.IR_NONE, 0, ARRAY_DATA_OFFSET + 8 * k);
        sum = b.add(sum, b.load(IR.MEMW_8, IR.TY_I32, kept, IR.IR_NONE, 0, ARRAY_DATA_OFFSET));
      }
      b.ret(sum);
    });
    // Kept: i = 0, 500, 1000, 1500 → first bytes 0, 500 & 0x7f = 116, 1000 & 0x7f = 104, 1500 & 0x7f = 92.
    expect(rt.invoke(churn)).toBe(0 + 116 + 104 + 92);
    expect(rt.fatal).toBeNull();
    expect(rt.gc.stats.collections).toBeGreaterThan(50);
  });

  it("GenericVirtualLookup finds the override for the object's class, instantiated", () => {
    const path = buildProgram("GenericVirtual", ["-target:library"]);
    const ts2 = new TypeSystem(new Binder(nodeBinderFS), { appBase: dirname(path), gac: MONO_GAC, corlibDir: MONO_LIB });
    const m = ts2.load(path);
    const { rt, out } = newRuntime({ importer: importMethod }, ts2);
    current = rt;
    const cls = (n: string) => ts2.defType(m, m.reader.findTypeDef("", n));
    const describe = ts2.methodsOf(cls("Shape")).find((x) => x.name === "Describe")!;
    const tag = ts2.methodsOf(cls("ITagger")).find((x) => x.name === "Tag")!;
    const i4 = ts2.primitive(Kind.I4), str = ts2.primitive(Kind.String);
    const writeLine = ts2.methodsOf(ts2.corlibType("System", "Console")).find((x) => x.name === "WriteLine" && x.sig.params.length === 1 && x.sig.params[0] === str)!;
    const call = (obj: number, md: typeof describe, arg: VReg | null, b: MethodBuilder) => {
      const code = helper(b, rt, Helper.GenericVirtualLookup, [b.const(IR.TY_REF, obj), rt.methodHandle(b, md)], IR.TY_PTR);
      const s = b.call(IR.CALLK_REG, code, [b.const(IR.TY_REF, obj), arg!], IR.TY_REF);
      b.call(IR.CALLK_CELL, rt.methodSymbol(writeLine), [s], IR.TY_VOID);
    };
    const circle = rt.allocObject(cls("Circle")), shape = rt.allocObject(cls("Shape")), tagger = rt.allocObject(cls("Tagger"));
    const main = define(rt, "T::Main", [], IR.TY_VOID, (b) => {
      call(circle, ts2.method(describe.owner, describe.module, describe.row, [i4]), b.const(IR.TY_I32, 7), b);
      call(shape, ts2.method(describe.owner, describe.module, describe.row, [str]), b.load(IR.MEMW_64, IR.TY_REF, rt.dataAddress(b, { kind: "threadState" }), IR.IR_NONE, 0, 0), b);
      call(tagger, ts2.method(tag.owner, tag.module, tag.row, [i4]), b.const(IR.TY_I32, 3), b);
      b.ret();
    });
    rt.invoke(main);
    expect(rt.fatal?.message).toBeUndefined();
    expect(out()).toBe("circle 7\nshape \n<3>\n");
  });
});

describe("class constructors", () => {
  it("run once, through the importer, before the first access", () => {
    const { rt } = setup({ importer: importMethod });
    const exception = T("System", "Exception");
    const mt = rt.methodTable(exception);
    const run = define(rt, "T::Init", [IR.TY_PTR], IR.TY_VOID, (b) => {
      helper(b, rt, Helper.RunClassConstructor, [b.params[0]!], IR.TY_VOID);
      b.ret();
    });
    expect(rt.r32(mt + A.MT_CCTOR_STATE)).toBe(A.CCTOR_PENDING);
    rt.invoke(run, [mt]);
    expect(rt.r32(mt + A.MT_CCTOR_STATE)).toBe(A.CCTOR_DONE);
    expect(rt.compiled).toContain("System.Exception::.cctor");
    const lock = rt.r64(rt.staticsBlock(exception) + rt.fieldOffset(exception, "s_EDILock"));
    expect(rt.r64(lock)).toBe(rt.methodTable(ts.primitive(Kind.Object)));
    const before = rt.compiled.length;
    rt.invoke(run, [mt]);
    expect(rt.compiled.length).toBe(before);
    expect(rt.pendingException).toBe(0);
  });
});
