// The opcode table against two independent tables (System.Reflection.Emit.OpCodes and
// Mono.Cecil's, dumped by test/il/oracle/OpcodeDump.cs), and every byte value through the decoder.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ByteView } from "../../host/metadata/bytes.js";
import { BadImageError } from "../../host/metadata/errors.js";
import { ILReader } from "../../host/metadata/il/decoder.js";
import {
  FlowKind,
  OPCODE_CODE_COUNT,
  Op,
  OperandKind,
  STACK_CLEAR,
  STACK_VARIABLE,
  codeFromName,
  codeFromValue,
  flowKindNames,
  flowKindOf,
  instructionSizeOf,
  isDefinedOpcode,
  opcodeCount,
  opcodeName,
  opcodeValue,
  operandKindNames,
  operandKindOf,
  stackPopOf,
  stackPushOf,
} from "../../host/metadata/il/opcodes.js";
import { Bytes, FILE, expectBad } from "./support.js";

interface OracleOp {
  value: number;
  name: string;
  size: number;
  operand: string;
  flow: string;
  pop: string;
  push: string;
}

const dump = readFileSync(new URL("./fixtures/opcodes.mono.txt", import.meta.url), "utf8").split("\n");
const split = dump.indexOf("--cecil");
const parse = (lines: string[]): OracleOp[] =>
  lines
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [value, name, size, operand, flow, pop, push] = l.split(" ");
      return { value: parseInt(value!, 16), name: name!, size: Number(size), operand: operand!, flow: flow!, pop: pop!, push: push! };
    });
// The reserved one-byte prefixes (prefix1..7, prefixref) are entries in Reflection.Emit but not
// instructions: IL never contains them, and 0xFE is the two-byte page selector.
const sre = parse(dump.slice(0, split)).filter((o) => !/^prefix/.test(o.name));
// Cecil spells ldelem/stelem with an `.any` suffix; ildasm and Reflection.Emit do not.
const cecil = parse(dump.slice(split + 1)).map((o) => ({ ...o, name: o.name.replace(/^(ld|st)elem\.any$/, "$1elem") }));

/** Stack behaviour names (Pop1_pop1, Popref_popi_popi, Varpop, PopAll, …) to counts. */
function stackCount(behaviour: string): number {
  if (/^Var/.test(behaviour)) return STACK_VARIABLE;
  if (behaviour === "PopAll") return STACK_CLEAR;
  if (behaviour === "Pop0" || behaviour === "Push0") return 0;
  return behaviour.split("_").length;
}
const flowNameFromOracle: Record<string, string> = {
  Next: "next",
  Branch: "branch",
  Cond_Branch: "cond_branch",
  Call: "call",
  Return: "return",
  Throw: "throw",
  Break: "break",
  Meta: "meta",
};
const operandFromOracle = (o: string): string => o.replace("InlineArg", "InlineVar");
const codeOf = (value: number): number => (value >= 0xfe00 ? 0x100 | (value & 0xff) : value);

describe("opcode table against System.Reflection.Emit.OpCodes", () => {
  test("the oracle dump is complete", () => {
    // 218 instructions in Reflection.Emit; guards against a truncated fixture.
    expect(sre.length).toBe(218);
    expect(cecil.length).toBeGreaterThan(210);
  });

  test("every oracle opcode is defined with the same name, operand kind, size and flow", () => {
    for (const o of sre) {
      const code = codeOf(o.value);
      expect(isDefinedOpcode(code), o.name).toBe(true);
      expect(opcodeName[code], o.name).toBe(o.name);
      expect(operandKindNames[operandKindOf[code]!], o.name).toBe(operandFromOracle(o.operand));
      expect(flowKindNames[flowKindOf[code]!], o.name).toBe(flowNameFromOracle[o.flow]);
      expect(opcodeValue(code)).toBe(o.value);
      expect(o.size).toBe(code >= 0x100 ? 2 : 1);
    }
  });

  test("stack pops and pushes match, except where the spec says the stack is emptied", () => {
    // Reflection.Emit says Pop0 for leave and endfinally; Partition III says both empty the
    // evaluation stack (Cecil agrees for leave: PopAll).
    const emptiesStack = new Set(["leave", "leave.s", "endfinally"]);
    for (const o of sre) {
      const code = codeOf(o.value);
      const pop = emptiesStack.has(o.name) ? STACK_CLEAR : stackCount(o.pop);
      expect([o.name, stackPopOf[code]]).toEqual([o.name, pop]);
      expect([o.name, stackPushOf[code]]).toEqual([o.name, stackCount(o.push)]);
    }
  });

  test("the table defines exactly the oracle's opcodes plus no.", () => {
    const oracleCodes = new Set(sre.map((o) => codeOf(o.value)));
    oracleCodes.add(Op.no); // ECMA-335 III.2.2 no. (0xFE 0x19): absent from Reflection.Emit.
    for (let code = 0; code < OPCODE_CODE_COUNT; code++) {
      expect([code, isDefinedOpcode(code)]).toEqual([code, oracleCodes.has(code)]);
    }
    expect(opcodeCount).toBe(oracleCodes.size);
  });
});

describe("opcode table against Mono.Cecil", () => {
  test("names, operand kinds and stack counts agree for every Cecil opcode", () => {
    for (const o of cecil) {
      const code = codeOf(o.value);
      expect(opcodeName[code], o.name).toBe(o.name);
      expect(operandKindNames[operandKindOf[code]!], o.name).toBe(operandFromOracle(o.operand));
      const pop = o.name === "endfinally" ? STACK_CLEAR : stackCount(o.pop);
      expect([o.name, stackPopOf[code], stackPushOf[code]]).toEqual([o.name, pop, stackCount(o.push)]);
    }
  });

  test("flow kinds agree except that prefixes are meta", () => {
    // Cecil calls constrained., readonly. and no. Next; they are prefixes (III.2), like tail.
    for (const o of cecil) {
      const code = codeOf(o.value);
      const expected = o.name.endsWith(".") ? "meta" : flowNameFromOracle[o.flow];
      expect([o.name, flowKindNames[flowKindOf[code]!]]).toEqual([o.name, expected]);
    }
  });

  test("no. takes an unsigned byte of check flags", () => {
    const no = cecil.find((o) => o.name === "no.");
    expect(no?.value).toBe(0xfe19);
    expect(operandKindOf[Op.no]).toBe(OperandKind.ShortInlineI);
  });
});

describe("opcode table structure", () => {
  test("names are unique and match the Op identifiers", () => {
    const names = new Set<string>();
    for (const [ident, code] of Object.entries(Op)) {
      const name = opcodeName[code]!;
      expect(names.has(name), name).toBe(false);
      names.add(name);
      expect(name.replace(/\.$/, "").replace(/\./g, "_"), name).toBe(ident);
      expect(codeFromName(name)).toBe(code);
      expect(codeFromValue(opcodeValue(code))).toBe(code);
    }
    expect(names.size).toBe(opcodeCount);
  });

  test("undefined codes have no name, no size and an invalid operand kind", () => {
    for (let code = 0; code < OPCODE_CODE_COUNT; code++) {
      if (isDefinedOpcode(code)) continue;
      expect(opcodeName[code]).toBe("");
      expect(instructionSizeOf[code]).toBe(0);
      expect(operandKindOf[code]).toBe(OperandKind.Invalid);
      expect(codeFromValue(opcodeValue(code))).toBe(-1);
    }
    expect(isDefinedOpcode(0xfe)).toBe(false);
    expect(codeFromValue(0xfe)).toBe(-1);
    expect(codeFromValue(0x10000)).toBe(-1);
    expect(codeFromName("prefix1")).toBe(-1);
  });

  test("only prefixes are meta, and every prefix ends in a dot", () => {
    for (let code = 0; code < OPCODE_CODE_COUNT; code++) {
      if (!isDefinedOpcode(code)) continue;
      expect([opcodeName[code], flowKindOf[code] === FlowKind.Meta]).toEqual([opcodeName[code], opcodeName[code]!.endsWith(".")]);
    }
  });
});

/**
 * Operand bytes that are valid for an oracle operand type, and that type's size. Branches
 * jump to the instruction itself (offset 0), tokens name row 1 of a table the kind allows.
 */
function operandFor(operand: string, instrLen: number): number[] {
  const b = new Bytes();
  switch (operandFromOracle(operand)) {
    case "InlineNone":
      break;
    case "ShortInlineI":
    case "ShortInlineVar":
      b.u8(5);
      break;
    case "InlineVar":
      b.u16(5);
      break;
    case "InlineI":
    case "ShortInlineR":
      b.u32(5);
      break;
    case "InlineI8":
    case "InlineR":
      b.u32(5).u32(0);
      break;
    case "ShortInlineBrTarget":
      b.u8(-(instrLen + 1));
      break;
    case "InlineBrTarget":
      b.i32(-(instrLen + 4));
      break;
    case "InlineSwitch":
      b.u32(1).i32(-(instrLen + 8));
      break;
    case "InlineMethod":
      b.u32(0x06000001);
      break;
    case "InlineField":
      b.u32(0x04000001);
      break;
    case "InlineType":
    case "InlineTok":
      b.u32(0x02000001);
      break;
    case "InlineString":
      b.u32(0x70000001);
      break;
    case "InlineSig":
      b.u32(0x11000001);
      break;
    default:
      throw new Error(`unexpected operand type ${operand}`);
  }
  return b.out;
}

describe("every byte value through the decoder", () => {
  const known = new Map<number, OracleOp>(sre.map((o) => [o.value, o]));
  known.set(0xfe19, { value: 0xfe19, name: "no.", size: 2, operand: "ShortInlineI", flow: "Meta", pop: "Pop0", push: "Push0" });

  const decodeOne = (value: number): { bytes: number[]; r: ILReader } => {
    const opBytes = value >= 0xfe00 ? [0xfe, value & 0xff] : [value];
    const o = known.get(value);
    const operand = o ? operandFor(o.operand, opBytes.length) : [0, 0, 0, 0, 0, 0, 0, 0];
    // A trailing ret keeps prefixes from being the last instruction.
    const bytes = [...opBytes, ...operand, 0x2a];
    const r = new ILReader(new ByteView(Uint8Array.from(bytes), FILE, 0x1000));
    r.next();
    return { bytes, r };
  };

  test("one-byte values: defined ones decode to one instruction of the oracle's size", () => {
    let defined = 0;
    for (let v = 0; v < 0x100; v++) {
      if (v === 0xfe) continue;
      const o = known.get(v);
      if (!o) {
        expectBad(() => decodeOne(v), 0x1000, /undefined opcode/);
        continue;
      }
      defined++;
      const { bytes, r } = decodeOne(v);
      expect([o.name, r.name]).toEqual([o.name, o.name]);
      expect([o.name, r.size]).toEqual([o.name, bytes.length - 1]);
      expect(r.next()).toBe(true);
      expect(r.name).toBe("ret");
      expect(r.next()).toBe(false);
    }
    expect(defined).toBe(sre.filter((o) => o.value < 0x100).length);
  });

  test("two-byte values 0xFE xx: defined ones decode, the rest are rejected at the 0xFE", () => {
    let defined = 0;
    for (let x = 0; x < 0x100; x++) {
      const v = 0xfe00 | x;
      const o = known.get(v);
      if (!o) {
        expectBad(() => decodeOne(v), 0x1000, /undefined opcode 0xfe/);
        continue;
      }
      defined++;
      const { bytes, r } = decodeOne(v);
      expect([o.name, r.name, r.size]).toEqual([o.name, o.name, bytes.length - 1]);
    }
    expect(defined).toBe(sre.filter((o) => o.value >= 0xfe00).length + 1);
  });

  test("spot checks of the unused ranges named in Partition III", () => {
    for (const v of [0x24, 0x77, 0x78, 0xa6, 0xb2, 0xbb, 0xc1, 0xc4, 0xc5, 0xc7, 0xcf, 0xe1, 0xef, 0xf0, 0xf8, 0xfd, 0xff]) {
      expectBad(() => new ILReader(new ByteView(Uint8Array.of(v, 0, 0, 0, 0), FILE, 7)).next(), 7, /undefined opcode/);
    }
    for (const x of [0x08, 0x10, 0x1b, 0x1f, 0x20, 0xff]) {
      expectBad(() => new ILReader(new ByteView(Uint8Array.of(0xfe, x), FILE, 9)).next(), 9, /undefined opcode/);
    }
  });

  test("a lone 0xFE at the end of the code is rejected at its offset", () => {
    const r = new ILReader(new ByteView(Uint8Array.of(0x00, 0xfe), FILE, 0x200));
    expect(r.next()).toBe(true);
    const err = expectBad(() => r.next(), 0x201);
    expect(err).toBeInstanceOf(BadImageError);
  });
});
