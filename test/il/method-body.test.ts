// Method headers, data sections and exception clauses (ECMA-335 II.25.4), built by hand.
import { describe, expect, test } from "vitest";
import { ByteView } from "../../host/metadata/bytes.js";
import { ClauseKind, clauseFieldOffset, readMethodBody } from "../../host/metadata/il/method-body.js";
import { Bytes, FILE, expectBad } from "./support.js";

/** Base offset of every test image within its pretend file: errors must add it. */
const BASE = 0x400;

interface SmallClause {
  flags: number;
  tryOffset: number;
  tryLength: number;
  handlerOffset: number;
  handlerLength: number;
  extra: number;
}

function smallClause(b: Bytes, c: SmallClause): void {
  b.u16(c.flags).u16(c.tryOffset).u8(c.tryLength).u16(c.handlerOffset).u8(c.handlerLength).u32(c.extra);
}
function fatClause(b: Bytes, c: SmallClause): void {
  b.u32(c.flags).u32(c.tryOffset).u32(c.tryLength).u32(c.handlerOffset).u32(c.handlerLength).u32(c.extra);
}

/** Fat header: the flags word is Flags (12 bits) | Size (4 bits, in dwords) << 12. */
function fatHeader(b: Bytes, o: { flags?: number; dwords?: number; maxStack?: number; codeSize: number; localSig?: number }): Bytes {
  return b
    .u16(((o.dwords ?? 3) << 12) | (o.flags ?? 0x3))
    .u16(o.maxStack ?? 8)
    .u32(o.codeSize)
    .u32(o.localSig ?? 0);
}

/** `n` bytes of nop (valid IL for the decoder-based checks; irrelevant to the header reader). */
const code = (n: number): number[] => new Array<number>(n).fill(0);

const catchClause: SmallClause = { flags: 0, tryOffset: 0, tryLength: 2, handlerOffset: 2, handlerLength: 3, extra: 0x01000007 };

describe("tiny headers", () => {
  test("a tiny header at an odd offset", () => {
    const b = new Bytes().u8(0xff, 0xff, 0xff);
    b.u8((5 << 2) | 0x2).bytes([0, 0, 0, 0, 0x2a]);
    const body = readMethodBody(b.view(BASE), 3);
    expect(body).toEqual({
      offset: 3,
      headerSize: 1,
      fat: false,
      initLocals: false,
      maxStack: 8,
      codeOffset: 4,
      codeSize: 5,
      localVarSigToken: 0,
      exceptionClauses: [],
      totalSize: 6,
    });
  });

  test("the largest tiny body has 63 bytes of code", () => {
    const b = new Bytes().u8(0xfe).bytes(code(63));
    const body = readMethodBody(b.view(), 0);
    expect(body.codeSize).toBe(63);
    expect(body.totalSize).toBe(64);
  });

  test("tiny headers ignore what follows the code (they cannot have data sections)", () => {
    const b = new Bytes().u8((1 << 2) | 2, 0x2a, 0x01, 0x0c, 0x00, 0x00);
    expect(readMethodBody(b.view(), 0).totalSize).toBe(2);
  });
});

describe("fat headers", () => {
  test("fields of a fat header without sections", () => {
    const b = fatHeader(new Bytes(), { flags: 0x3 | 0x10, maxStack: 0x1234, codeSize: 7, localSig: 0x11000002 }).bytes(code(7));
    expect(readMethodBody(b.view(BASE), 0)).toEqual({
      offset: 0,
      headerSize: 12,
      fat: true,
      initLocals: true,
      maxStack: 0x1234,
      codeOffset: 12,
      codeSize: 7,
      localVarSigToken: 0x11000002,
      exceptionClauses: [],
      totalSize: 19,
    });
  });

  test("a fat header may describe a small method (maxstack 0, no locals, no init)", () => {
    const b = fatHeader(new Bytes(), { maxStack: 0, codeSize: 1 }).u8(0x2a);
    const body = readMethodBody(b.view(), 0);
    expect([body.fat, body.initLocals, body.maxStack, body.localVarSigToken, body.totalSize]).toEqual([true, false, 0, 0, 13]);
  });

  test("a small EH section after 3 bytes of alignment padding", () => {
    // Code of 5 bytes ends at 17; the section starts at the next multiple of 4, 20.
    const b = fatHeader(new Bytes(), { flags: 0x3 | 0x8, codeSize: 5 }).bytes(code(5));
    b.u8(0xcc, 0xcc, 0xcc); // padding content is not constrained
    expect(b.length).toBe(20);
    b.u8(0x01, 4 + 2 * 12, 0, 0);
    smallClause(b, catchClause);
    smallClause(b, { flags: 2, tryOffset: 0, tryLength: 4, handlerOffset: 4, handlerLength: 1, extra: 0 });
    const body = readMethodBody(b.view(BASE), 0);
    expect(body.totalSize).toBe(20 + 28);
    expect(body.exceptionClauses).toEqual([
      {
        kind: ClauseKind.Catch,
        tryOffset: 0,
        tryLength: 2,
        handlerOffset: 2,
        handlerLength: 3,
        classToken: 0x01000007,
        filterOffset: -1,
        fileOffset: 24,
        fat: false,
      },
      {
        kind: ClauseKind.Finally,
        tryOffset: 0,
        tryLength: 4,
        handlerOffset: 4,
        handlerLength: 1,
        classToken: 0,
        filterOffset: -1,
        fileOffset: 36,
        fat: false,
      },
    ]);
  });

  test("a fat EH section (0x41) with filter and fault clauses beyond small-format ranges", () => {
    const size = 0x10100;
    const b = fatHeader(new Bytes(), { flags: 0xb, codeSize: size }).bytes(code(size));
    expect(b.length % 4).toBe(0);
    const sectionAt = b.length;
    b.u8(0x41).u24(4 + 2 * 24);
    fatClause(b, { flags: 1, tryOffset: 0x10, tryLength: 0x10000, handlerOffset: 0x10020, handlerLength: 0x80, extra: 0x10010 });
    fatClause(b, { flags: 4, tryOffset: 0, tryLength: 0x10, handlerOffset: 0x100ff, handlerLength: 1, extra: 0xdeadbeef });
    const body = readMethodBody(b.view(), 0);
    expect(body.totalSize).toBe(sectionAt + 52);
    const [filter, fault] = body.exceptionClauses;
    expect(filter).toMatchObject({ kind: ClauseKind.Filter, tryOffset: 0x10, tryLength: 0x10000, handlerOffset: 0x10020, handlerLength: 0x80 });
    expect([filter!.filterOffset, filter!.classToken, filter!.fat]).toEqual([0x10010, 0, true]);
    // A fault clause's last field is unused; it is not interpreted as a token or offset.
    expect(fault).toMatchObject({ kind: ClauseKind.Fault, handlerOffset: 0x100ff, classToken: 0, filterOffset: -1 });
  });

  test("alignment of data sections is by absolute file offset", () => {
    // The view starts at file offset 2, so its offset 2 is the 4-aligned file offset 4. Code
    // ends at view offset 15 (file 17): the section starts at view offset 18 (file 20).
    const b = new Bytes().u8(0, 0);
    fatHeader(b, { flags: 0xb, codeSize: 1 }).u8(0x2a).u8(0, 0, 0);
    b.u8(0x01, 16, 0, 0);
    smallClause(b, { ...catchClause, tryLength: 1, handlerOffset: 0, handlerLength: 1 });
    const body = readMethodBody(new ByteView(b.build(), FILE, 2), 2);
    expect(body.exceptionClauses).toHaveLength(1);
    expect(body.exceptionClauses[0]!.fileOffset).toBe(22);
    expect(body.totalSize).toBe(16 + 16);
  });

  test("MoreSects chains: small EH, an opaque section, a fat opaque section, fat EH", () => {
    const b = fatHeader(new Bytes(), { flags: 0xb, codeSize: 6 }).bytes(code(6)).align4();
    b.u8(0x81, 16, 0, 0); // small EH, more follow
    smallClause(b, catchClause);
    b.u8(0x80, 6, 0, 0, 0xaa, 0xbb).align4(0xee); // unknown small kind: skipped; 6 bytes then padding
    b.u8(0xc0).u24(5).u8(0x99).align4(); // unknown fat kind: skipped
    const last = b.length;
    b.u8(0x41).u24(28);
    fatClause(b, { flags: 2, tryOffset: 1, tryLength: 2, handlerOffset: 3, handlerLength: 3, extra: 0 });
    const body = readMethodBody(b.view(BASE), 0);
    expect(body.exceptionClauses.map((c) => c.kind)).toEqual([ClauseKind.Catch, ClauseKind.Finally]);
    expect(body.exceptionClauses[1]!.fileOffset).toBe(last + 4);
    expect(body.totalSize).toBe(last + 28);
  });

  test("an EH section with no clauses is accepted", () => {
    const b = fatHeader(new Bytes(), { flags: 0xb, codeSize: 4 }).bytes(code(4)).u8(0x01, 4, 0, 0);
    const body = readMethodBody(b.view(), 0);
    expect(body.exceptionClauses).toEqual([]);
    expect(body.totalSize).toBe(20);
  });

  test("clauseFieldOffset points at each field of small and fat clauses", () => {
    const b = fatHeader(new Bytes(), { flags: 0xb, codeSize: 4 }).bytes(code(4));
    b.u8(0x81, 16, 0, 0);
    smallClause(b, { ...catchClause, tryLength: 1, handlerLength: 1 });
    b.u8(0x41).u24(28);
    fatClause(b, { ...catchClause, tryLength: 1, handlerLength: 1 });
    const [small, fat] = readMethodBody(b.view(BASE), 0).exceptionClauses;
    expect(["flags", "tryOffset", "tryLength", "handlerOffset", "handlerLength", "extra"].map((f) => clauseFieldOffset(small!, f as "flags")))
      .toEqual([20, 22, 24, 25, 27, 28]);
    expect(["flags", "tryOffset", "tryLength", "handlerOffset", "handlerLength", "extra"].map((f) => clauseFieldOffset(fat!, f as "flags")))
      .toEqual([36, 40, 44, 48, 52, 56]);
  });
});

describe("bad headers throw BadImageError at the offending byte", () => {
  const fat = (o: Parameters<typeof fatHeader>[1], extra: number[] = []): ByteView =>
    fatHeader(new Bytes(), o).bytes(code(Math.min(o.codeSize, 64))).bytes(extra).view(BASE);

  test("offsets outside the image", () => {
    const v = new Bytes().u8(0x06, 0x2a).view(BASE);
    expectBad(() => readMethodBody(v, 2), BASE + 2);
    expectBad(() => readMethodBody(v, -1), BASE - 1);
    expectBad(() => readMethodBody(v, 0.5), BASE + 0.5);
  });

  test("header format bits 0 and 1 are neither tiny nor fat", () => {
    expectBad(() => readMethodBody(new Bytes().u8(0, 0, 0, 0, 0x00).view(BASE), 4), BASE + 4, /format 0/);
    expectBad(() => readMethodBody(new Bytes().u8(0x05, 0x2a).view(BASE), 0), BASE, /format 1/);
  });

  test("tiny header with no code, or with code past the end", () => {
    expectBad(() => readMethodBody(new Bytes().u8(0x02, 0x2a).view(BASE), 0), BASE, /no IL code/);
    expectBad(() => readMethodBody(new Bytes().u8(0, (3 << 2) | 2, 0, 0x2a).view(BASE), 1), BASE + 2);
  });

  test("fat header not 4-byte aligned in the file", () => {
    const b = new Bytes().u8(0);
    fatHeader(b, { codeSize: 1 }).u8(0x2a);
    expectBad(() => readMethodBody(b.view(BASE), 1), BASE + 1, /aligned/);
    // Aligned in the view but not in the file.
    const c = fatHeader(new Bytes(), { codeSize: 1 }).u8(0x2a);
    expectBad(() => readMethodBody(c.view(BASE + 2), 0), BASE + 2, /aligned/);
  });

  test("fat header cut off by the end of the image", () => {
    expectBad(() => readMethodBody(new Bytes().u16(0x3003).u16(8).u32(1).view(BASE), 0), BASE, /fat method header/);
  });

  test("unknown fat header flags", () => {
    for (const flag of [0x4, 0x20, 0x40, 0x800]) {
      expectBad(() => readMethodBody(fat({ flags: 0x3 | flag, codeSize: 1 }), 0), BASE, /unknown flags/);
    }
  });

  test("fat header size other than 3 dwords", () => {
    for (const dwords of [0, 2, 4, 15]) {
      expectBad(() => readMethodBody(fat({ dwords, codeSize: 1 }), 0), BASE + 1, /3/);
    }
  });

  test("code size zero or past the end of the image", () => {
    expectBad(() => readMethodBody(fat({ codeSize: 0 }), 0), BASE + 4, /no IL code/);
    expectBad(() => readMethodBody(fatHeader(new Bytes(), { codeSize: 3 }).u8(0, 0).view(BASE), 0), BASE + 4, /past the end/);
    expectBad(() => readMethodBody(fat({ codeSize: 0xffffffff }), 0), BASE + 4, /past the end/);
  });

  test("local variable signature token of the wrong table or row 0", () => {
    for (const localSig of [0x02000001, 0x11000000, 0x70000001, 0x00000001]) {
      expectBad(() => readMethodBody(fat({ codeSize: 1, localSig }), 0), BASE + 8, /StandAloneSig/);
    }
  });

  test("MoreSects with nothing after the code", () => {
    // Code ends at 13; the section must start at 16: past a 14-byte image, and at the very end
    // of a 16-byte one where the padding is present but the section is not.
    expectBad(() => readMethodBody(fat({ flags: 0xb, codeSize: 1 }, [0]), 0), BASE + 16);
    expectBad(() => readMethodBody(fat({ flags: 0xb, codeSize: 1 }, [0, 0, 0]), 0), BASE + 16);
  });
});

describe("bad data sections", () => {
  /** A fat body with 4 bytes of code and MoreSects; the section starts at offset 16. */
  const withSection = (section: (b: Bytes) => void): ByteView => {
    const b = fatHeader(new Bytes(), { flags: 0xb, codeSize: 4 }).bytes(code(4));
    section(b);
    return b.view(BASE);
  };
  const S = 16;

  test("unknown kind bits and the reserved OptILTable kind", () => {
    for (const kind of [0x04, 0x08, 0x10, 0x20, 0x21]) {
      expectBad(() => readMethodBody(withSection((b) => b.u8(kind, 4, 0, 0)), 0), BASE + S, /unknown kind/);
    }
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x02, 4, 0, 0)), 0), BASE + S, /OptILTable/);
  });

  test("section header cut off", () => {
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x01, 4)), 0), BASE + S, /small method data section header/);
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x41, 4, 0)), 0), BASE + S, /fat method data section header/);
  });

  test("section sizes smaller than the header or past the end", () => {
    for (const size of [0, 1, 3]) {
      expectBad(() => readMethodBody(withSection((b) => b.u8(0x01, size, 0, 0)), 0), BASE + S + 1, /smaller/);
      expectBad(() => readMethodBody(withSection((b) => b.u8(0x41).u24(size)), 0), BASE + S + 1, /smaller/);
    }
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x01, 16, 0, 0)), 0), BASE + S + 1, /past the end/);
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x41).u24(0xffffff)), 0), BASE + S + 1, /past the end/);
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x00, 9, 0, 0, 1, 2, 3, 4)), 0), BASE + S + 1, /past the end/);
  });

  test("EH section sizes that are not 4 + n × clause size", () => {
    expectBad(
      () => readMethodBody(withSection((b) => b.u8(0x01, 4 + 12 + 1, 0, 0).bytes(code(13))), 0),
      BASE + S + 1,
      /multiple of 12/,
    );
    // 4 + 12 is right for one small clause but not for fat ones.
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x01, 22, 0, 0).bytes(code(18))), 0), BASE + S + 1, /multiple of 12/);
    expectBad(() => readMethodBody(withSection((b) => b.u8(0x41).u24(16).bytes(code(12))), 0), BASE + S + 1, /multiple of 24/);
  });

  test("a broken second section in a chain is reported at its own offset", () => {
    const v = withSection((b) => {
      b.u8(0x81, 4, 0, 0); // empty EH section, more follow
      b.u8(0x01, 2, 0, 0); // too small
    });
    expectBad(() => readMethodBody(v, 0), BASE + S + 4 + 1, /smaller/);
    const missing = withSection((b) => b.u8(0x80, 5, 0, 0, 0)); // more follow, but nothing does
    expectBad(() => readMethodBody(missing, 0), BASE + S + 8);
  });
});

describe("bad exception clauses", () => {
  /** One clause in a small (fat=false) or fat EH section over 8 bytes of code. */
  const body = (fat: boolean, c: Partial<SmallClause>): ByteView => {
    const clause = { ...catchClause, ...c };
    const b = fatHeader(new Bytes(), { flags: 0xb, codeSize: 8 }).bytes(code(8));
    if (fat) fatClause(b.u8(0x41).u24(28), clause);
    else smallClause(b.u8(0x01, 16, 0, 0), clause);
    return b.view(BASE);
  };
  // Clause starts at 24: section at 20 (12 + 8), its header is 4 bytes.
  const at = (fat: boolean, field: "flags" | "tryOffset" | "tryLength" | "handlerOffset" | "handlerLength" | "extra"): number =>
    BASE + 24 + (fat ? { flags: 0, tryOffset: 4, tryLength: 8, handlerOffset: 12, handlerLength: 16, extra: 20 } : { flags: 0, tryOffset: 2, tryLength: 4, handlerOffset: 5, handlerLength: 7, extra: 8 })[field];

  for (const fat of [false, true]) {
    const kind = fat ? "fat" : "small";

    test(`${kind}: a well-formed clause is accepted (control)`, () => {
      expect(readMethodBody(body(fat, {}), 0).exceptionClauses).toHaveLength(1);
      expect(readMethodBody(body(fat, { tryOffset: 7, tryLength: 1, handlerOffset: 0, handlerLength: 8 }), 0).exceptionClauses).toHaveLength(1);
    });

    test(`${kind}: unknown clause flags`, () => {
      for (const flags of [3, 5, 6, 8, 0x10]) expectBad(() => readMethodBody(body(fat, { flags }), 0), at(fat, "flags"), /flags/);
    });

    test(`${kind}: try block outside the code or empty`, () => {
      expectBad(() => readMethodBody(body(fat, { tryOffset: 8 }), 0), at(fat, "tryOffset"), /try block starts/);
      expectBad(() => readMethodBody(body(fat, { tryLength: 0 }), 0), at(fat, "tryLength"), /empty/);
      expectBad(() => readMethodBody(body(fat, { tryOffset: 4, tryLength: 5 }), 0), at(fat, "tryLength"), /runs past/);
    });

    test(`${kind}: handler outside the code or empty`, () => {
      expectBad(() => readMethodBody(body(fat, { handlerOffset: 9 }), 0), at(fat, "handlerOffset"), /handler starts/);
      expectBad(() => readMethodBody(body(fat, { handlerLength: 0 }), 0), at(fat, "handlerLength"), /empty/);
      expectBad(() => readMethodBody(body(fat, { handlerOffset: 7, handlerLength: 2 }), 0), at(fat, "handlerLength"), /runs past/);
    });

    test(`${kind}: catch type token of the wrong table or row 0`, () => {
      for (const extra of [0, 0x06000001, 0x01000000, 0x1b000000, 0x70000001]) {
        expectBad(() => readMethodBody(body(fat, { extra }), 0), at(fat, "extra"), /TypeDef, TypeRef or TypeSpec/);
      }
      for (const extra of [0x01000001, 0x02000001, 0x1b000001]) {
        expect(readMethodBody(body(fat, { extra }), 0).exceptionClauses[0]!.classToken).toBe(extra);
      }
    });

    test(`${kind}: filter not starting before its handler`, () => {
      const filter = { flags: 1, tryOffset: 0, tryLength: 2, handlerOffset: 4, handlerLength: 2 };
      expect(readMethodBody(body(fat, { ...filter, extra: 3 }), 0).exceptionClauses[0]!.filterOffset).toBe(3);
      expectBad(() => readMethodBody(body(fat, { ...filter, extra: 4 }), 0), at(fat, "extra"), /filter/);
      expectBad(() => readMethodBody(body(fat, { ...filter, extra: 0xffffffff }), 0), at(fat, "extra"), /filter/);
    });
  }

  test("fat clause values near 2^32 do not overflow the range checks", () => {
    expectBad(() => readMethodBody(body(true, { tryOffset: 1, tryLength: 0xffffffff }), 0), at(true, "tryLength"), /runs past/);
    expectBad(() => readMethodBody(body(true, { handlerOffset: 2, handlerLength: 0xfffffffe }), 0), at(true, "handlerLength"), /runs past/);
  });
});
