// The type system over real assemblies: resolution across assemblies and forwarders, the
// primitive types, generic instantiation, field layout and virtual dispatch.
import { describe, expect, it } from "vitest";
import { Binder } from "../../host/binder/binder.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { Layouts, OBJ_HEADER } from "../../host/typesystem/layout.js";
import { VTables } from "../../host/typesystem/vtable.js";
import { Kind, TypeDesc } from "../../host/typesystem/types.js";
import { Table } from "../../host/metadata/schema.js";
import { fixture } from "../support/fixtures.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";
import { dirname, join } from "node:path";

function system(path: string) {
  const ts = new TypeSystem(new Binder(nodeBinderFS), { appBase: dirname(path), gac: MONO_GAC, corlibDir: MONO_LIB });
  const m = ts.load(path);
  return { ts, m, layouts: new Layouts(ts), vt: new VTables(ts) };
}

const { ts, m, layouts, vt } = system(fixture("Types.dll"));
const T = (name: string, args: TypeDesc[] = []) => {
  const d = ts.findByName(m, "TypesFixture", name);
  return ts.defType(d.m, d.row, args);
};
const field = (t: TypeDesc, name: string) => {
  layouts.of(t);
  return ts.fieldsOf(t).find((f) => f.name === name)!;
};

describe("resolution", () => {
  it("maps System.* core types to the primitive kinds, however they are named", () => {
    const i4 = ts.primitive(Kind.I4);
    expect(ts.corlibType("System", "Int32")).toBe(i4);
    expect(field(T("Point"), "X").type).toBe(i4);
    expect(ts.corlibType("System", "String")).toBe(ts.primitive(Kind.String));
    expect(i4.isValueType).toBe(true);
    expect(ts.primitive(Kind.String).isReference).toBe(true);
  });

  it("classifies value types, enums, classes and interfaces", () => {
    expect(T("Point").kind).toBe(Kind.ValueType);
    expect(T("Small").kind).toBe(Kind.ValueType);
    expect(T("Base").kind).toBe(Kind.Class);
    expect(T("IShape").isInterface).toBe(true);
    expect(ts.corlibType("System", "Enum").kind).toBe(Kind.Class);
    expect(ts.corlibType("System", "ValueType").kind).toBe(Kind.Class);
  });

  it("interns generic instantiations and substitutes field types", () => {
    const i4 = ts.primitive(Kind.I4);
    const s = ts.primitive(Kind.String);
    expect(T("Box`1", [i4])).toBe(T("Box`1", [i4]));
    expect(T("Box`1", [i4])).not.toBe(T("Box`1", [s]));
    expect(field(T("Box`1", [s]), "Value").type).toBe(s);
    expect(ts.baseType(T("IntBox"))).toBe(T("Box`1", [i4]));
    const pair = T("Pair`2", [ts.primitive(Kind.U1), ts.primitive(Kind.R8)]);
    expect(field(pair, "Second").type).toBe(ts.primitive(Kind.R8));
  });

  it("follows type forwarders from facades to their implementations", () => {
    const f = system(join(MONO_LIB, "Facades", "System.Runtime.dll"));
    const d = f.ts.findByName(f.m, "System", "Int32");
    expect(d.m.name).toBe("mscorlib");
  });

  it("resolves every MemberRef of real assemblies to a definition", () => {
    for (const name of ["System.dll", "System.Core.dll", "System.Xml.dll"]) {
      const s = system(join(MONO_LIB, name));
      const r = s.m.reader;
      let methods = 0;
      let fields = 0;
      for (let row = 1; row <= r.rows(Table.MemberRef); row++) {
        const token = (Table.MemberRef << 24) | row;
        const sig = r.memberRefSignature(row);
        if ("method" in sig) {
          expect(s.ts.methodFromToken(s.m, token).name).toBe(r.memberRefName(row));
          methods++;
        } else {
          expect(s.ts.fieldFromToken(s.m, token).name).toBe(r.memberRefName(row));
          fields++;
        }
      }
      expect(methods).toBeGreaterThan(100);
      expect(methods + fields).toBe(r.rows(Table.MemberRef));
    }
  });
});

describe("layout", () => {
  it("lays out sequential structs in declaration order with natural alignment", () => {
    expect(layouts.of(T("Point")).size).toBe(8);
    expect([field(T("Point"), "X").offset, field(T("Point"), "Y").offset]).toEqual([0, 4]);
    const mixed = T("Mixed");
    expect([field(mixed, "B").offset, field(mixed, "L").offset, field(mixed, "S").offset]).toEqual([0, 8, 16]);
    expect(layouts.of(mixed).size).toBe(24);
  });

  it("honours Pack, explicit offsets, ClassSize and empty structs", () => {
    expect(field(T("Packed"), "L").offset).toBe(1);
    expect(layouts.of(T("Packed")).size).toBe(9);
    const u = T("Union");
    expect([field(u, "I").offset, field(u, "F").offset, field(u, "L").offset]).toEqual([0, 0, 8]);
    expect(layouts.of(u).size).toBe(16);
    expect(layouts.of(T("Empty")).size).toBe(1);
  });

  it("sizes enums by their underlying type", () => {
    expect(layouts.sizeOf(T("Small"))).toBe(1);
    expect(layouts.sizeOf(T("Wide"))).toBe(8);
  });

  it("places class fields after the header and the base class, references first", () => {
    const b = T("Base");
    expect(field(b, "o").offset).toBe(OBJ_HEADER);
    expect(field(b, "l").offset).toBe(16);
    expect(field(b, "i").offset).toBe(24);
    expect(field(b, "b").offset).toBe(28);
    expect(layouts.of(b).size).toBe(32);
    const d = T("Derived");
    expect(field(d, "s").offset).toBe(32);
    expect(field(d, "sh").offset).toBe(40);
    expect(layouts.of(d).refOffsets).toEqual([8, 32]);
  });

  it("records references nested in value-type fields and statics", () => {
    const w = T("WithRef");
    expect(layouts.of(w).refOffsets).toEqual([field(w, "S").offset]);
    const st = layouts.of(T("Statics"));
    expect(st.staticFields.map((f) => f.name).sort()).toEqual(["Counter", "Name", "Origin"]);
    expect(st.staticRefOffsets).toHaveLength(1);
  });
});

describe("virtual dispatch", () => {
  const method = (t: TypeDesc, name: string) => ts.methodsOf(t).find((x) => x.name === name)!;

  it("overrides by name and signature, and opens a new slot for `new virtual`", () => {
    const base = T("Base");
    const md = T("MoreDerived");
    expect(vt.resolveVirtual(md, method(base, "Name")).owner).toBe(T("Derived"));
    expect(vt.resolveVirtual(md, method(base, "Value")).owner).toBe(md);
    // Hidden: Derived's `new virtual` starts a new slot; MoreDerived overrides that one.
    expect(vt.resolveVirtual(md, method(base, "Hidden")).owner).toBe(base);
    expect(vt.resolveVirtual(md, method(T("Derived"), "Hidden")).owner).toBe(md);
    // object's virtuals come first and are inherited.
    const toString = ts.methodsOf(ts.primitive(Kind.Object)).find((x) => x.name === "ToString")!;
    expect(vt.resolveVirtual(T("Point"), toString).owner).toBe(T("Point"));
    expect(vt.resolveVirtual(base, toString).owner).toBe(ts.primitive(Kind.Object));
    expect(vt.of(md).slots.length).toBe(vt.of(base).slots.length + 1);
  });

  it("maps interfaces, inherited interfaces and explicit implementations to slots", () => {
    const sq = T("Square");
    const area = method(T("IShape"), "Area");
    expect(vt.resolveInterfaceMethod(sq, area)!.owner).toBe(sq);
    expect(vt.of(sq).interfaces.map((i) => i.key)).toEqual(expect.arrayContaining([T("IScaled").key, T("IShape").key]));
    const dispose = ts.methodsOf(ts.corlibType("System", "IDisposable"))[0]!;
    expect(vt.resolveInterfaceMethod(sq, dispose)!.name).toBe("System.IDisposable.Dispose");
    // Cube's `new` Area is not virtual: the interface still maps to Square's.
    expect(vt.resolveInterfaceMethod(T("Cube"), area)!.owner).toBe(sq);
    // Through an abstract base.
    expect(vt.resolveInterfaceMethod(T("Circle"), area)!.owner).toBe(T("Circle"));
    expect(vt.resolveInterfaceMethod(T("Circle"), method(T("IShape"), "get_Label"))!.owner).toBe(T("Shape"));
  });

  it("dispatches overrides of generic base classes", () => {
    const boxInt = T("Box`1", [ts.primitive(Kind.I4)]);
    expect(vt.resolveVirtual(T("IntBox"), method(boxInt, "Get")).owner).toBe(T("IntBox"));
  });

  it("builds vtables and layouts for every non-generic type of mscorlib", () => {
    const c = system(join(MONO_LIB, "mscorlib.dll"));
    const r = c.m.reader;
    let n = 0;
    for (let row = 2; row <= r.rows(Table.TypeDef); row++) {
      if (c.ts.genericArity(c.m, row)) continue;
      const t = c.ts.defType(c.m, row);
      if (t.kind === Kind.Class || t.kind === Kind.ValueType || t.module) {
        c.vt.of(t);
        if (!t.isInterface) c.layouts.of(t);
        n++;
      }
    }
    expect(n).toBeGreaterThan(2000);
  });
});
