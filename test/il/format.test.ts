// Disassembly text: expected lines written by hand in ildasm's layout.
import { describe, expect, test } from "vitest";
import { ILReader } from "../../host/metadata/il/decoder.js";
import {
  type TokenResolver,
  formatClause,
  formatInstruction,
  formatMethodBody,
  ilLabel,
  quoteString,
  rawTokenResolver,
} from "../../host/metadata/il/format.js";
import { readMethodBody } from "../../host/metadata/il/method-body.js";
import { Bytes, fatBody } from "./support.js";

const hex = (t: number): string => (t >>> 0).toString(16);
const resolver: TokenResolver = {
  method: (t) => `void N.C::M${hex(t)}()`,
  field: (t) => `int32 N.C::f${hex(t)}`,
  type: (t) => `[mscorlib]T${hex(t)}`,
  string: (t) => (t === 0x70000001 ? 'a"b\\\n\t\u0001é' : null),
  signature: (t) => `int32(int32) /*${hex(t)}*/`,
  token: (t) => `field int32 N.C::f${hex(t)}`,
  locals: (t) => `int32 V_0 /*${hex(t)}*/`,
};

/** Formats the single instruction encoded by `b`. */
function one(b: Bytes, r: TokenResolver = resolver): string {
  const reader = new ILReader(b.u8(0x2a).view());
  reader.next();
  return formatInstruction(reader, r);
}

describe("instructions", () => {
  test("no operand: just the mnemonic, no trailing spaces", () => {
    expect(one(new Bytes().u8(0x02))).toBe("ldarg.0");
    expect(one(new Bytes().u8(0x82))).toBe("conv.ovf.i1.un");
    expect(one(new Bytes().u8(0xfe, 0x13))).toBe("volatile.");
  });

  test("the mnemonic column is 10 wide plus a space; longer names get one space", () => {
    expect(one(new Bytes().u8(0x1f, 0xfb))).toBe("ldc.i4.s   -5");
    expect(one(new Bytes().u8(0x20).i32(100000))).toBe("ldc.i4     100000");
    expect(one(new Bytes().u8(0x20).i32(-1))).toBe("ldc.i4     -1");
    expect(one(new Bytes().u8(0x28).u32(0x0a000002))).toBe("call       void N.C::Ma000002()");
    expect(one(new Bytes().u8(0xfe, 0x07).u32(0x06000001))).toBe("ldvirtftn  void N.C::M6000001()");
  });

  test("ldc.i8 in hex, as two's complement", () => {
    expect(one(new Bytes().u8(0x21).i64(0x100000000n))).toBe("ldc.i8     0x100000000");
    expect(one(new Bytes().u8(0x21).i64(-1n))).toBe("ldc.i8     0xffffffffffffffff");
  });

  test("ldc.r4 / ldc.r8: shortest round-trip decimal with a point; bytes for NaN, infinities, -0", () => {
    expect(one(new Bytes().u8(0x22).f32(0.1))).toBe("ldc.r4     0.1");
    expect(one(new Bytes().u8(0x22).f32(3.4028234663852886e38))).toBe("ldc.r4     3.4028235e+38");
    expect(one(new Bytes().u8(0x22).f32(2))).toBe("ldc.r4     2.");
    expect(one(new Bytes().u8(0x23).f64(1))).toBe("ldc.r8     1.");
    expect(one(new Bytes().u8(0x23).f64(-2.5))).toBe("ldc.r8     -2.5");
    expect(one(new Bytes().u8(0x23).f64(0.1))).toBe("ldc.r8     0.1");
    expect(one(new Bytes().u8(0x23).f64(1e-7))).toBe("ldc.r8     1.e-7");
    expect(one(new Bytes().u8(0x23).f64(1.5e300))).toBe("ldc.r8     1.5e+300");
    expect(one(new Bytes().u8(0x23).u32(0).u32(0x7ff80000))).toBe("ldc.r8     (00 00 00 00 00 00 F8 7F)");
    expect(one(new Bytes().u8(0x23).u32(0).u32(0xfff00000))).toBe("ldc.r8     (00 00 00 00 00 00 F0 FF)");
    expect(one(new Bytes().u8(0x22).u32(0x80000000))).toBe("ldc.r4     (00 00 00 80)");
    expect(one(new Bytes().u8(0x22).u32(0x7fc00001))).toBe("ldc.r4     (01 00 C0 7F)");
  });

  test("locals as V_n, arguments by number", () => {
    expect(one(new Bytes().u8(0x11, 3))).toBe("ldloc.s    V_3");
    expect(one(new Bytes().u8(0x12, 0))).toBe("ldloca.s   V_0");
    expect(one(new Bytes().u8(0xfe, 0x0e).u16(300))).toBe("stloc      V_300");
    expect(one(new Bytes().u8(0x0e, 4))).toBe("ldarg.s    4");
    expect(one(new Bytes().u8(0xfe, 0x0b).u16(2))).toBe("starg      2");
  });

  test("branch targets and switch tables as labels", () => {
    // 0: switch, 13 bytes, targets relative to 13; 13: br.s -2 → 13; 15: nop; 16: ret
    const r = new ILReader(new Bytes().u8(0x45).u32(2).i32(-13).i32(2).u8(0x2b, 0xfe).u8(0x00).u8(0x2a).view());
    r.next();
    expect(formatInstruction(r, resolver)).toBe("switch     (IL_0000, IL_000f)");
    r.next();
    expect(formatInstruction(r, resolver)).toBe("br.s       IL_000d");
    expect(one(new Bytes().u8(0x45).u32(0))).toBe("switch     ()");
  });

  test("token operands go through the resolver by kind", () => {
    expect(one(new Bytes().u8(0x7b).u32(0x04000003))).toBe("ldfld      int32 N.C::f4000003");
    expect(one(new Bytes().u8(0x8c).u32(0x01000004))).toBe("box        [mscorlib]T1000004");
    expect(one(new Bytes().u8(0xd0).u32(0x04000005))).toBe("ldtoken    field int32 N.C::f4000005");
    expect(one(new Bytes().u8(0x29).u32(0x11000006))).toBe("calli      int32(int32) /*11000006*/");
    expect(one(new Bytes().u8(0xfe, 0x16).u32(0x1b000001))).toBe("constrained. [mscorlib]T1b000001");
  });

  test("ldstr as a quoted, escaped literal; unknown strings and raw tokens as hex", () => {
    expect(one(new Bytes().u8(0x72).u32(0x70000001))).toBe('ldstr      "a\\"b\\\\\\n\\t\\u0001é"');
    expect(one(new Bytes().u8(0x72).u32(0x70000009))).toBe("ldstr      0x70000009");
    expect(one(new Bytes().u8(0x28).u32(0x0a00002a), rawTokenResolver)).toBe("call       0x0a00002a");
  });

  test("unaligned. and no. operands in hex", () => {
    expect(one(new Bytes().u8(0xfe, 0x12, 4).u8(0x4a))).toBe("unaligned. 0x4");
    expect(one(new Bytes().u8(0xfe, 0x19, 3).u8(0x4a))).toBe("no.        0x3");
  });
});

describe("strings", () => {
  test("C# escapes", () => {
    expect(quoteString("")).toBe('""');
    expect(quoteString("\0\x07\b\f\v\r")).toBe('"\\0\\a\\b\\f\\v\\r"');
    expect(quoteString("\x7f\x85\u2028")).toBe('"\\u007F\\u0085\\u2028"');
  });
  test("surrogate pairs pass through, lone surrogates are escaped", () => {
    expect(quoteString("😀")).toBe('"😀"');
    expect(quoteString("\ud800x\udc00")).toBe('"\\uD800x\\uDC00"');
    expect(quoteString("\ud800")).toBe('"\\uD800"');
  });
});

describe("labels and clauses", () => {
  test("labels have at least four lowercase hex digits", () => {
    expect([ilLabel(0), ilLabel(0xab), ilLabel(0x12345)]).toEqual(["IL_0000", "IL_00ab", "IL_12345"]);
  });

  test("each clause kind in ilasm's label form", () => {
    const base = { tryOffset: 1, tryLength: 0x0f, handlerOffset: 0x10, handlerLength: 0x10, fileOffset: 0, fat: false };
    expect(formatClause({ ...base, kind: 0, classToken: 0x01000002, filterOffset: -1 }, resolver)).toBe(
      ".try IL_0001 to IL_0010 catch [mscorlib]T1000002 handler IL_0010 to IL_0020",
    );
    expect(formatClause({ ...base, kind: 1, classToken: 0, filterOffset: 0x0c, handlerOffset: 0x12 }, resolver)).toBe(
      ".try IL_0001 to IL_0010 filter IL_000c handler IL_0012 to IL_0022",
    );
    expect(formatClause({ ...base, kind: 2, classToken: 0, filterOffset: -1 }, resolver)).toBe(
      ".try IL_0001 to IL_0010 finally handler IL_0010 to IL_0020",
    );
    expect(formatClause({ ...base, kind: 4, classToken: 0, filterOffset: -1 }, resolver)).toBe(
      ".try IL_0001 to IL_0010 fault handler IL_0010 to IL_0020",
    );
  });
});

describe("whole bodies", () => {
  test("header, locals, code and clauses", () => {
    // 0: ldloc.0; 1: leave.s 5; 3: pop; 4: leave.s 5 ... catch 3..5; 5: ret
    const code = [0x06, 0xde, 0x02, 0x26, 0xde, 0x00, 0x2a];
    const v = fatBody(code, [{ flags: 0, tryOffset: 0, tryLength: 3, handlerOffset: 3, handlerLength: 3, extra: 0x01000009 }], false, 0x11000001).view();
    expect(formatMethodBody(v, readMethodBody(v, 0), resolver, { indent: "  " })).toBe(
      [
        "  // Code size 7 (0x7)",
        "  .maxstack 4",
        "  .locals init (int32 V_0 /*11000001*/)",
        "  IL_0000:  ldloc.0",
        "  IL_0001:  leave.s    IL_0005",
        "  IL_0003:  pop",
        "  IL_0004:  leave.s    IL_0006",
        "  IL_0006:  ret",
        "  .try IL_0000 to IL_0003 catch [mscorlib]T1000009 handler IL_0003 to IL_0006",
      ].join("\n"),
    );
  });

  test("locals without init, and no header on request", () => {
    const b = new Bytes().u16(0x3003).u16(1).u32(1).u32(0x11000002).u8(0x2a);
    const v = b.view();
    const body = readMethodBody(v, 0);
    expect(formatMethodBody(v, body, resolver)).toBe(
      ["// Code size 1 (0x1)", ".maxstack 1", ".locals (int32 V_0 /*11000002*/)", "IL_0000:  ret"].join("\n"),
    );
    expect(formatMethodBody(v, body, resolver, { header: false })).toBe("IL_0000:  ret");
  });

  test("a tiny body has no .locals line", () => {
    const v = new Bytes().u8((2 << 2) | 2, 0x02, 0x2a).view();
    expect(formatMethodBody(v, readMethodBody(v, 0), resolver)).toBe(
      ["// Code size 2 (0x2)", ".maxstack 8", "IL_0000:  ldarg.0", "IL_0001:  ret"].join("\n"),
    );
  });
});
