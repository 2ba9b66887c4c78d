// The instruction decoder: operand values, sizes and every rejection path, built by hand.
import { describe, expect, test } from "vitest";
import { ByteView } from "../../host/metadata/bytes.js";
import {
  ILReader,
  bodyCode,
  checkBodyOffsets,
  countInstructions,
  decodeIL,
  instructionStarts,
} from "../../host/metadata/il/decoder.js";
import { type ClauseField, clauseFieldOffset, readMethodBody } from "../../host/metadata/il/method-body.js";
import { Op, OperandKind } from "../../host/metadata/il/opcodes.js";
import { Bytes, type ClauseSpec, FILE, expectBad, fatBody } from "./support.js";

const BASE = 0x2000;
const reader = (b: Bytes): ILReader => new ILReader(b.view(BASE));

interface Seen {
  offset: number;
  code: number;
  size: number;
  operand: number;
}
function all(b: Bytes): Seen[] {
  const out: Seen[] = [];
  decodeIL(b.view(BASE), (r) => out.push({ offset: r.offset, code: r.code, size: r.size, operand: r.operand }));
  return out;
}

describe("operands", () => {
  test("integer constants: ldc.i4.s is signed, ldc.i4 is signed 32-bit, ldc.i8 is a bigint", () => {
    const r = reader(new Bytes().u8(0x1f, 0x80).u8(0x1f, 0x7f).u8(0x20).u32(0x80000000).u8(0x21).i64(-2n).u8(0x21).i64(0x7fffffffffffffffn));
    expect(r.next() && [r.code, r.operand, r.size]).toEqual([Op.ldc_i4_s, -128, 2]);
    expect(r.next() && r.operand).toBe(127);
    expect(r.next() && [r.code, r.operand, r.size]).toEqual([Op.ldc_i4, -2147483648, 5]);
    expect(r.next() && [r.code, r.operandI8, r.size]).toEqual([Op.ldc_i8, -2n, 9]);
    expect(r.next() && r.operandI8).toBe(0x7fffffffffffffffn);
    expect(r.next()).toBe(false);
  });

  test("float constants", () => {
    const r = reader(new Bytes().u8(0x22).f32(1.5).u8(0x23).f64(-0.1).u8(0x22).u32(0x7fc00001));
    expect(r.next() && [r.code, r.operandReal, r.size]).toEqual([Op.ldc_r4, 1.5, 5]);
    expect(r.next() && [r.code, r.operandReal, r.size]).toEqual([Op.ldc_r8, -0.1, 9]);
    expect(r.next() && Number.isNaN(r.operandReal)).toBe(true);
  });

  test("variable indices are unsigned", () => {
    const r = reader(new Bytes().u8(0x0e, 0xff).u8(0xfe, 0x0c).u16(0xfffe).u8(0x13, 0x80));
    expect(r.next() && [r.code, r.operand, r.kind]).toEqual([Op.ldarg_s, 255, OperandKind.ShortInlineVar]);
    expect(r.next() && [r.code, r.operand, r.size, r.kind]).toEqual([Op.ldloc, 0xfffe, 4, OperandKind.InlineVar]);
    expect(r.next() && [r.code, r.operand]).toEqual([Op.stloc_s, 128]);
  });

  test("branch targets are absolute IL offsets from the end of the instruction", () => {
    // 0: nop; 1: br.s -3 → 0; 3: brtrue +0 → 8; 8: leave.s +0 → 10; 10: leave -15 → 0; 15: ret
    const b = new Bytes().u8(0x00).u8(0x2b, 0xfd).u8(0x3a).i32(0).u8(0xde, 0x00).u8(0xdd).i32(-15).u8(0x2a);
    expect(all(b)).toEqual([
      { offset: 0, code: Op.nop, size: 1, operand: 0 },
      { offset: 1, code: Op.br_s, size: 2, operand: 0 },
      { offset: 3, code: Op.brtrue, size: 5, operand: 8 },
      { offset: 8, code: Op.leave_s, size: 2, operand: 10 },
      { offset: 10, code: Op.leave, size: 5, operand: 0 },
      { offset: 15, code: Op.ret, size: 1, operand: 0 },
    ]);
  });

  test("switch: count, absolute targets relative to the end of the table", () => {
    // 0: switch (3 targets) — 1 + 4 + 12 = 17 bytes, so targets are relative to 17.
    const b = new Bytes().u8(0x45).u32(3).i32(0).i32(1).i32(-17).u8(0x00, 0x2a);
    const r = reader(b);
    expect(r.next()).toBe(true);
    expect([r.code, r.operand, r.size, Array.from(r.targets)]).toEqual([Op.switch, 3, 17, [17, 18, 0]]);
    expect(r.next() && [r.code, r.targets.length]).toEqual([Op.nop, 0]);
  });

  test("an empty switch is one 5-byte instruction", () => {
    const r = reader(new Bytes().u8(0x45).u32(0).u8(0x2a));
    expect(r.next() && [r.size, r.operand, r.targets.length]).toEqual([5, 0, 0]);
  });

  test("tokens of each allowed table", () => {
    const ok: [number[], number][] = [
      [[0x28], 0x06000001],
      [[0x28], 0x0a000002],
      [[0x28], 0x2b000003],
      [[0x6f], 0x0a00ffff],
      [[0x73], 0x06000004],
      [[0xfe, 0x06], 0x2b000001],
      [[0x27], 0x06000001],
      [[0x7b], 0x04000001],
      [[0x7e], 0x0a000001],
      [[0x8c], 0x02000001],
      [[0x8c], 0x01000001],
      [[0x8c], 0x1b000001],
      [[0xfe, 0x16], 0x1b000001],
      [[0xd0], 0x04000001],
      [[0xd0], 0x06000001],
      [[0xd0], 0x0a000001],
      [[0xd0], 0x1b000001],
      [[0xd0], 0x2b000001],
      [[0x72], 0x70000000],
      [[0x72], 0x70fffffe],
      [[0x29], 0x11000001],
    ];
    for (const [op, token] of ok) {
      // A trailing ret: constrained. is a prefix and may not end the code.
      const r = reader(new Bytes().bytes(op).u32(token).u8(0x2a));
      expect(r.next() && [r.operand >>> 0, r.size]).toEqual([token, op.length + 4]);
    }
  });

  test("prefixes carry their operands and are separate instructions", () => {
    const b = new Bytes().u8(0xfe, 0x12, 0x04).u8(0xfe, 0x13).u8(0x4a).u8(0xfe, 0x19, 0x07).u8(0xfe, 0x16).u32(0x1b000002).u8(0x6f).u32(0x0a000001).u8(0xfe, 0x14, 0x28).u32(0x06000001).u8(0x2a);
    expect(all(b).map((s) => [s.code, s.operand >>> 0])).toEqual([
      [Op.unaligned, 4],
      [Op.volatile, 0],
      [Op.ldind_i4, 0],
      [Op.no, 7],
      [Op.constrained, 0x1b000002],
      [Op.callvirt, 0x0a000001],
      [Op.tail, 0],
      [Op.call, 0x06000001],
      [Op.ret, 0],
    ]);
  });

  test("unaligned. and no. operands are unsigned bytes", () => {
    const r = reader(new Bytes().u8(0xfe, 0x12, 0xff).u8(0xfe, 0x19, 0x80).u8(0x00));
    expect(r.next() && r.operand).toBe(255);
    expect(r.next() && r.operand).toBe(128);
  });

  test("decodeIL, countInstructions and instructionStarts agree", () => {
    const b = new Bytes().u8(0x02).u8(0x20).u32(7).u8(0x45).u32(1).i32(-12).u8(0xfe, 0x01).u8(0x2a);
    const view = b.view(BASE);
    expect(decodeIL(view, () => {})).toBe(5);
    expect(countInstructions(view)).toBe(5);
    expect(Array.from(instructionStarts(view))).toEqual([1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1]);
  });

  test("reset restarts at offset 0", () => {
    const r = reader(new Bytes().u8(0x00, 0x2a));
    while (r.next());
    r.reset();
    expect(r.next() && r.offset).toBe(0);
  });
});

describe("bad code throws BadImageError at the exact offset", () => {
  test("operands cut off by the end of the code, for every operand size", () => {
    const cases: [number[], number][] = [
      [[0x1f], 1],
      [[0x0e], 1],
      [[0xfe, 0x09, 0x01], 2],
      [[0x20, 1, 2, 3], 1],
      [[0x21, 1, 2, 3, 4, 5, 6, 7], 1],
      [[0x22, 1], 1],
      [[0x23], 1],
      [[0x2b], 1],
      [[0x38, 0, 0], 1],
      [[0x45, 0, 0, 0], 1],
      [[0x28, 1, 0, 0], 1],
      [[0x72], 1],
      [[0xfe, 0x12], 2],
      [[0xfe, 0x16, 1, 0, 0], 2],
    ];
    for (const [bytes, at] of cases) {
      // Prefixed by two nops so the instruction starts at 2.
      expectBad(() => countInstructions(new Bytes().u8(0, 0).bytes(bytes).view(BASE)), BASE + 2 + at, /operand bytes/);
    }
  });

  test("switch counts larger than the remaining bytes are rejected before allocating", () => {
    expectBad(() => countInstructions(new Bytes().u8(0x45).u32(0xffffffff).view(BASE)), BASE + 1, /switch/);
    expectBad(() => countInstructions(new Bytes().u8(0x45).u32(0x40000000).u32(0).view(BASE)), BASE + 1, /switch/);
    expectBad(() => countInstructions(new Bytes().u8(0x45).u32(2).i32(0).u8(0, 0, 0).view(BASE)), BASE + 1, /switch/);
  });

  test("branch targets outside the code", () => {
    // Before the start.
    expectBad(() => countInstructions(new Bytes().u8(0x2b, 0xfd).view(BASE)), BASE + 1, /target -1/);
    // Exactly the end of the code is not an instruction either.
    expectBad(() => countInstructions(new Bytes().u8(0x00, 0x2c, 0x00).view(BASE)), BASE + 2, /target 3/);
    expectBad(() => countInstructions(new Bytes().u8(0x38).i32(0x7fffffff).view(BASE)), BASE + 1, /target/);
    expectBad(() => countInstructions(new Bytes().u8(0xdd).i32(-0x80000000).view(BASE)), BASE + 1, /target/);
  });

  test("a bad switch target is reported at its slot", () => {
    const b = new Bytes().u8(0x45).u32(3).i32(0).i32(-18).i32(5).u8(0x2a);
    expectBad(() => countInstructions(b.view(BASE)), BASE + 9, /target -1/);
    const c = new Bytes().u8(0x45).u32(2).i32(0).i32(1).u8(0x2a);
    expectBad(() => countInstructions(c.view(BASE)), BASE + 9, /target 14/);
  });

  test("tokens of a table the operand kind does not allow, and row 0", () => {
    const bad: [number[], number][] = [
      [[0x28], 0x02000001], // call TypeDef
      [[0x28], 0x04000001], // call Field
      [[0x73], 0x70000001], // newobj string
      [[0x7b], 0x06000001], // ldfld MethodDef
      [[0x7b], 0x2b000001], // ldfld MethodSpec
      [[0x8c], 0x0a000001], // box MemberRef
      [[0x8d], 0x11000001], // newarr StandAloneSig
      [[0x72], 0x01000001], // ldstr TypeRef
      [[0x29], 0x06000001], // calli MethodDef
      [[0xd0], 0x11000001], // ldtoken StandAloneSig
      [[0xd0], 0x70000001], // ldtoken string
      [[0xfe, 0x16], 0x06000001], // constrained. MethodDef
      [[0x28], 0x06000000], // row 0
      [[0x8c], 0x1b000000],
      [[0x29], 0x11000000],
      [[0x28], 0xff000001],
    ];
    for (const [op, token] of bad) {
      expectBad(() => countInstructions(new Bytes().u8(0).bytes(op).u32(token).u8(0x2a).view(BASE)), BASE + 1 + op.length, /token|row 0/);
    }
  });

  test("a prefix may not be the last instruction", () => {
    expectBad(() => countInstructions(new Bytes().u8(0x00, 0xfe, 0x14).view(BASE)), BASE + 1, /prefix tail\./);
    expectBad(() => countInstructions(new Bytes().u8(0xfe, 0x12, 0x01).view(BASE)), BASE, /prefix unaligned\./);
    expectBad(() => countInstructions(new Bytes().u8(0xfe, 0x16).u32(0x02000001).view(BASE)), BASE, /prefix constrained\./);
  });

  test("errors name the file", () => {
    const err = expectBad(() => countInstructions(new ByteView(Uint8Array.of(0x24), FILE, 5)), 5);
    expect(err.message).toContain(FILE);
  });
});

describe("checkBodyOffsets", () => {
  const finallyAt = (tryOffset: number, tryLength: number, handlerOffset: number, handlerLength: number): ClauseSpec => ({
    flags: 2,
    tryOffset,
    tryLength,
    handlerOffset,
    handlerLength,
    extra: 0,
  });
  // 0: ldc.i4 7 (5 bytes); 5: pop; 6: leave.s 9; 8: endfinally; 9: ret — try 0..8, finally 8..9
  const code = [0x20, 7, 0, 0, 0, 0x26, 0xde, 0x01, 0xdc, 0x2a];

  test("a well-formed body passes (control)", () => {
    for (const fat of [false, true]) {
      const v = fatBody(code, [finallyAt(0, 8, 8, 1)], fat).view(BASE);
      expect(() => checkBodyOffsets(v, readMethodBody(v, 0))).not.toThrow();
    }
  });

  test("a branch into the middle of an instruction, at the operand naming it", () => {
    // br.s at 5 ends at 7: displacement -7 reaches 0, the ldc.i4; -6 reaches 1, inside it.
    const good = fatBody([0x20, 7, 0, 0, 0, 0x2b, 0xf9, 0x2a]).view(BASE);
    expect(() => checkBodyOffsets(good, readMethodBody(good, 0))).not.toThrow();
    const bad = fatBody([0x20, 7, 0, 0, 0, 0x2b, 0xfa, 0x2a]).view(BASE);
    expectBad(() => checkBodyOffsets(bad, readMethodBody(bad, 0)), BASE + 12 + 6, /IL_0001/);
  });

  test("a switch target into the middle of an instruction, at its slot", () => {
    // 0: switch (2) = 13 bytes; targets relative to 13: 0 → 13 ok, -10 → 3 inside the switch.
    const v = fatBody([0x45, 2, 0, 0, 0, 0, 0, 0, 0, 0xf6, 0xff, 0xff, 0xff, 0x2a]).view(BASE);
    expectBad(() => checkBodyOffsets(v, readMethodBody(v, 0)), BASE + 12 + 9, /IL_0003/);
  });

  test("clause bounds inside instructions, at the clause field", () => {
    const cases: [ClauseSpec, ClauseField][] = [
      [finallyAt(1, 7, 8, 1), "tryOffset"],
      [finallyAt(0, 7, 8, 1), "tryLength"],
      [finallyAt(0, 8, 7, 2), "handlerOffset"],
      [finallyAt(0, 5, 5, 2), "handlerLength"],
      [{ flags: 1, tryOffset: 0, tryLength: 5, handlerOffset: 8, handlerLength: 1, extra: 7 }, "extra"],
    ];
    for (const fat of [false, true]) {
      for (const [clause, field] of cases) {
        const v = fatBody(code, [clause], fat).view(BASE);
        const body = readMethodBody(v, 0);
        expectBad(() => checkBodyOffsets(v, body), BASE + clauseFieldOffset(body.exceptionClauses[0]!, field), /inside an instruction/);
      }
    }
  });

  test("bodyCode gives a view whose offset 0 is the first IL byte", () => {
    const v = fatBody(code).view(BASE);
    const c = bodyCode(v, readMethodBody(v, 0));
    expect([c.base, c.length, c.bytes[0]]).toEqual([BASE + 12, code.length, 0x20]);
  });
});
