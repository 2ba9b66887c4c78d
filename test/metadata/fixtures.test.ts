// The reader on fixtures written for it: every custom attribute argument kind, generics,
// nesting, properties, events, exception handlers of every kind, tiny and fat bodies, and
// the signatures only IL can express. Expected values come from the fixture sources.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MetadataReader, makeToken, tokenRow } from "../../host/metadata/reader.js";
import { Table } from "../../host/metadata/schema.js";
import { CAValue, CustomAttribute, CustomAttributeDecoder } from "../../host/metadata/custom-attributes.js";
import { readMethodBody } from "../../host/metadata/il/method-body.js";
import { ILReader, bodyCode } from "../../host/metadata/il/decoder.js";
import { ElementType, formatMethodSig } from "../../host/metadata/signatures.js";
import { FileAssemblyResolver } from "../../host/node/file-resolver.js";
import { fixture } from "../support/fixtures.js";

const resolver = new FileAssemblyResolver();
const features = MetadataReader.open(new Uint8Array(readFileSync(fixture("Features.dll"))), "Features.dll");
const ilOnly = MetadataReader.open(new Uint8Array(readFileSync(fixture("IlOnly.dll"))), "IlOnly.dll");

function typeRow(r: MetadataReader, fullName: string): number {
  for (let row = 1; row <= r.rows(Table.TypeDef); row++) if (r.typeDefFullName(row) === fullName) return row;
  throw new Error(`no type ${fullName}`);
}

function method(r: MetadataReader, type: string, name: string): number {
  const td = r.typeDef(typeRow(r, type));
  for (let i = td.methodList[0]; i < td.methodList[1]; i++) if (r.methodName(i) === name) return i;
  throw new Error(`no method ${type}::${name}`);
}

function attributesOn(r: MetadataReader, type: string): CustomAttribute[] {
  const dec = new CustomAttributeDecoder(r, resolver);
  const token = makeToken(Table.TypeDef, typeRow(r, type));
  const out: CustomAttribute[] = [];
  for (let row = 1; row <= r.rows(Table.CustomAttribute); row++) {
    const ca = dec.decode(row);
    if (ca.parent === token && ca.typeName === "Fixtures.EveryKindAttribute") out.push(ca);
  }
  return out;
}

const enumV = (type: string, value: number | bigint): CAValue => ({ kind: "enum", type, value });
const boxed = (type: string, value: CAValue): CAValue => ({ kind: "boxed", type, value });
const typeV = (name: string | null): CAValue => ({ kind: "type", name });
const MSCORLIB = "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";

describe("custom attribute arguments of every kind", () => {
  it("primitives, string and System.Type", () => {
    const [ca] = attributesOn(features, "Fixtures.Primitives");
    expect(ca!.fixed).toEqual([
      true, "Z", -128, 255, -32768, 65535, -2147483648, 4294967295, -9223372036854775808n, 18446744073709551615n, 1.5, -2.25, "héllo",
      typeV(`System.Collections.Generic.Dictionary\`2[[System.String, ${MSCORLIB}],[System.Collections.Generic.List\`1[[System.Int32, ${MSCORLIB}]], ${MSCORLIB}]], ${MSCORLIB}`),
    ]);
  });

  it("zero, NaN, infinity and nulls", () => {
    const [ca] = attributesOn(features, "Fixtures.Nulls");
    expect(ca!.fixed.slice(0, 10)).toEqual([false, "\0", 0, 0, 0, 0, 0, 0, 0n, 0n]);
    expect(Number.isNaN(ca!.fixed[10])).toBe(true);
    expect(ca!.fixed[11]).toBe(-Infinity);
    expect(ca!.fixed[12]).toBeNull();
    expect(ca!.fixed[13]).toEqual(typeV(null));
  });

  it("enums with byte, long and short underlying types, from this assembly, mscorlib and nested types", () => {
    const [ca] = attributesOn(features, "Fixtures.Enums");
    expect(ca!.fixed).toEqual([
      enumV("Fixtures.Color", 200),
      enumV("Fixtures.Big", -9223372036854775808n),
      enumV("Fixtures.Small", -2),
      enumV("[mscorlib]System.AttributeTargets", 4 | 64),
      enumV("Fixtures.Outer/Inner/Deep", 8),
    ]);
  });

  it("boxed objects of every shape", () => {
    const values = attributesOn(features, "Fixtures.Boxed").map((ca) => ca.fixed.length ? ca.fixed[0] : ca.named[0]!.value);
    expect(values).toEqual([
      boxed("int32", 42),
      boxed("string", "boxed"),
      boxed("Fixtures.Color", enumV("Fixtures.Color", 2)),
      boxed("type", typeV(`System.Int32, ${MSCORLIB}`)),
      boxed("object[]", { kind: "array", elementType: "object", values: [boxed("int32", 1), boxed("string", "two"), boxed("float64", 3)] }),
      boxed("int32[]", { kind: "array", elementType: "int32", values: [4, 5] }),
      boxed("string", null),
    ]);
  });

  it("arrays of primitives, strings, types, objects and enums, and null arrays", () => {
    const [full, nulls] = attributesOn(features, "Fixtures.Arrays");
    expect(full!.fixed).toEqual([
      { kind: "array", elementType: "int32", values: [1, -1, 2147483647] },
      { kind: "array", elementType: "string", values: ["a", null, ""] },
      { kind: "array", elementType: "type", values: [typeV(`System.String, ${MSCORLIB}`), typeV("Fixtures.Outer+Inner")] },
      { kind: "array", elementType: "object", values: [boxed("char", "c"), boxed("uint8", 9), boxed("Fixtures.Color", enumV("Fixtures.Color", 1))] },
      { kind: "array", elementType: "Fixtures.Color", values: [enumV("Fixtures.Color", 1), enumV("Fixtures.Color", 200)] },
    ]);
    expect(nulls!.fixed.map((v) => (v as { values: unknown }).values)).toEqual([null, null, null, null, null]);
  });

  it("named fields and properties, including an enum named by an assembly-qualified type", () => {
    const [ca] = attributesOn(features, "Fixtures.Named");
    const named = Object.fromEntries(ca!.named.map((n) => [`${n.kind}:${n.name}`, n.value]));
    expect(named).toEqual({
      "field:ObjField": boxed("int64", 3n),
      "field:TypeField": typeV(`Fixtures.Outer+Inner+Innermost\`1[[System.Int32, ${MSCORLIB}]]`),
      "field:IntsField": { kind: "array", elementType: "int32", values: [7] },
      "property:ColorProp": enumV("Fixtures.Color", 2),
      "property:StringProp": "named",
      "property:TargetsProp": enumV(`System.AttributeTargets, ${MSCORLIB}`, 256),
      "property:DoubleProp": 0.1,
      "property:ColorsProp": { kind: "array", elementType: "Fixtures.Color", values: [enumV("Fixtures.Color", 200)] },
    });
  });
});

describe("types and members", () => {
  it("names nested and generic types the ILAsm way", () => {
    const names = Array.from({ length: features.rows(Table.TypeDef) }, (_, i) => features.typeDefFullName(i + 1));
    expect(names).toContain("Fixtures.Outer/Inner/Deep");
    expect(names).toContain("Fixtures.Outer/Inner/Innermost`1");
    expect(names).toContain("Fixtures.Box`1");
  });

  it("decodes generic method signatures with constraints' owners", () => {
    const row = method(features, "Fixtures.Box`1", "Convert");
    const sig = features.methodSignature(row);
    expect(sig.genericParamCount).toBe(1);
    expect(sig.hasThis).toBe(false);
    expect(formatMethodSig(sig, (t) => features.typeName(t), "Convert")).toBe("!!0 Convert<!!0>(!0, class [mscorlib]System.Func`2<!0, !!0>)");
    const owners = [];
    for (let gp = 1; gp <= features.rows(Table.GenericParam); gp++) owners.push(features.tables.coded(Table.GenericParam, gp, 2));
    expect(owners).toContain(makeToken(Table.MethodDef, row));
    // T : IComparable<T> is a constraint row; U : class is only a flag on the GenericParam.
    expect(features.rows(Table.GenericParamConstraint)).toBe(1);
    expect(features.typeName(features.tables.coded(Table.GenericParamConstraint, 1, 1))).toBe("class [mscorlib]System.IComparable`1<!0>");
  });

  it("finds properties, an indexer and events with their accessors", () => {
    const props = Array.from({ length: features.rows(Table.Property) }, (_, i) => features.string(features.tables.cell(Table.Property, i + 1, 1)));
    expect(props).toEqual(expect.arrayContaining(["Area", "Item", "ColorProp", "TargetsProp"]));
    const item = props.indexOf("Item") + 1;
    const ps = features.propertySignature(item);
    expect(ps.hasThis).toBe(true);
    expect(ps.params.map((p) => features.formatType(p))).toEqual(["int32"]);
    const events = Array.from({ length: features.rows(Table.Event) }, (_, i) => features.string(features.tables.cell(Table.Event, i + 1, 1)));
    expect(events.filter((e) => e === "Changed")).toHaveLength(2); // interface and class
    const semantics = [];
    for (let s = 1; s <= features.rows(Table.MethodSemantics); s++) semantics.push(features.methodName(features.tables.ref(Table.MethodSemantics, s, 1)));
    expect(semantics).toEqual(expect.arrayContaining(["add_Changed", "remove_Changed", "get_Item", "set_Item", "get_Area"]));
  });
});

describe("method bodies", () => {
  const body = (r: MetadataReader, type: string, name: string) => readMethodBody(r.data, r.bodyOffset(r.methodDef(method(r, type, name)).rva));

  it("tiny and fat headers", () => {
    const tiny = body(features, "Fixtures.Handlers", "Tiny");
    expect(tiny.fat).toBe(false);
    expect(tiny.headerSize).toBe(1);
    const fat = body(features, "Fixtures.Handlers", "Fat");
    expect(fat.fat).toBe(true);
    expect(fat.localVarSigToken >>> 24).toBe(Table.StandAloneSig);
    expect(features.locals(fat.localVarSigToken).length).toBeGreaterThanOrEqual(4);
  });

  it("catch, filter and finally clauses from C#", () => {
    const b = body(features, "Fixtures.Handlers", "CatchFinally");
    const kinds = b.exceptionClauses.map((c) => c.kind).sort();
    expect(kinds).toEqual([0, 1, 2]);
    const c = b.exceptionClauses.find((x) => x.kind === 0)!;
    expect(features.typeName(c.classToken)).toBe("[mscorlib]System.DivideByZeroException");
    const f = b.exceptionClauses.find((x) => x.kind === 1)!;
    expect(f.filterOffset).toBeGreaterThan(0);
    expect(f.filterOffset).toBeLessThan(f.handlerOffset);
    const nested = body(features, "Fixtures.Handlers", "Nested");
    expect(nested.exceptionClauses.map((x) => x.kind).sort()).toEqual([0, 0, 2]);
  });

  it("fault and filter clauses from IL", () => {
    const fault = body(ilOnly, "Fixtures.IlOnly", "Fault");
    expect(fault.exceptionClauses.map((c) => c.kind)).toEqual([4]);
    const filter = body(ilOnly, "Fixtures.IlOnly", "Filter");
    expect(filter.exceptionClauses.map((c) => c.kind)).toEqual([1]);
  });

  it("decodes every operand kind: switch, i8, r4, r8, tokens, strings", () => {
    const ops = (type: string, name: string, r = ilOnly) => {
      const b = body(r, type, name);
      const il = new ILReader(bodyCode(r.data, b));
      const out: string[] = [];
      while (il.next()) {
        if (il.name === "switch") out.push(`switch ${Array.from(il.targets).join(",")}`);
        else if (il.name === "ldc.i8") out.push(`ldc.i8 ${il.operandI8}`);
        else if (il.name.startsWith("ldc.r")) out.push(`${il.name} ${il.operandReal}`);
        else if (il.name === "ldstr") out.push(`ldstr ${r.md.userString(tokenRow(il.operand))}`);
        else out.push(il.name);
      }
      return out;
    };
    const sw = ops("Fixtures.IlOnly", "Switch");
    expect(sw[1]).toMatch(/^switch \d+,\d+,\d+$/);
    expect(sw).toContain("ldc.i4");
    const pinned = ops("Fixtures.IlOnly", "Pinned");
    expect(pinned).toContain(`ldc.i8 ${0x123456789abcdef0n}`);
    expect(pinned).toContain("ldc.r4 2.5");
    expect(pinned).toContain("ldc.r8 -1.25");
    expect(ops("Fixtures.Handlers", "Strings", features)).toContain('ldstr line1\nline2\t"quoted" é中');
  });
});

describe("signatures only IL expresses", () => {
  it("vararg definitions and call sites with a sentinel", () => {
    const sum = ilOnly.methodSignature(method(ilOnly, "Fixtures.IlOnly", "Sum"));
    expect(sum.callConv & 0x0f).toBe(5);
    let found = false;
    for (let m = 1; m <= ilOnly.rows(Table.MemberRef); m++) {
      const s = ilOnly.memberRefSignature(m);
      if ("method" in s && (s.method.callConv & 0x0f) === 5) {
        expect(s.method.sentinelIndex).toBe(1);
        expect(s.method.params).toHaveLength(3);
        found = true;
      }
    }
    expect(found).toBe(true);
  });

  it("function pointers, custom modifiers and arrays with bounds", () => {
    const fields = Object.fromEntries(
      Array.from({ length: ilOnly.rows(Table.Field) }, (_, i) => [ilOnly.fieldName(i + 1), ilOnly.formatType(ilOnly.fieldSignature(i + 1))]),
    );
    expect(fields.Counter).toBe("int32 modopt([mscorlib]System.Runtime.CompilerServices.IsConst)");
    expect(fields.FnPtr).toBe("method int32 *(int32)");
    expect(fields.Bounded).toBe("int32[0...9,5...]");
  });

  it("pinned, byref and typedbyref locals", () => {
    // Mono's ilasm drops `pinned` from IL sources; mcs emits it for `fixed` statements.
    const fixedBody = readMethodBody(features.data, features.bodyOffset(features.methodDef(method(features, "Fixtures.Handlers", "Pointers")).rva));
    const fixedLocals = features.locals(fixedBody.localVarSigToken).map((l) => features.formatType(l));
    expect(fixedLocals.filter((l) => l.endsWith(" pinned"))).toHaveLength(1);
    const b = readMethodBody(ilOnly.data, ilOnly.bodyOffset(ilOnly.methodDef(method(ilOnly, "Fixtures.IlOnly", "Pinned")).rva));
    const locals = ilOnly.locals(b.localVarSigToken).map((l) => ilOnly.formatType(l));
    expect(locals).toEqual(["int32&", "typedref", "int64", "float32"]);
    const sig = ilOnly.locals(b.localVarSigToken)[1]!;
    expect(sig.kind === "prim" && sig.type === ElementType.TypedByRef).toBe(true);
  });

  it("calli's stand-alone method signature", () => {
    let calli = 0;
    for (let s = 1; s <= ilOnly.rows(Table.StandAloneSig); s++) {
      const sig = ilOnly.standAloneSig(s);
      if ("method" in sig) {
        calli++;
        expect(formatMethodSig(sig.method, (t) => ilOnly.typeName(t), "")).toBe("int32 (int32)");
      }
    }
    expect(calli).toBe(1);
  });
});
