// Every method body of Mono's mscorlib read by this reader and by Mono.Cecil
// (test/il/oracle/BodyDump.cs): headers, exception clauses and every instruction must agree.
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, test, it } from "vitest";
import { ByteView } from "../../host/metadata/bytes.js";
import { ILReader, bodyCode, checkBodyOffsets } from "../../host/metadata/il/decoder.js";
import { formatMethodBody, rawTokenResolver } from "../../host/metadata/il/format.js";
import { type MethodBody, readMethodBody } from "../../host/metadata/il/method-body.js";
import { OperandKind, opcodeValue } from "../../host/metadata/il/opcodes.js";
import { MSCORLIB, type OracleMethod, cecilDump, findCecil, peSections, readFile } from "./support.js";

const cecil = findCecil();
const available = cecil !== null && existsSync(MSCORLIB);

/** One instruction in BodyDump.cs's notation. */
function describeInstruction(r: ILReader): string {
  const head = `${r.offset}:${opcodeValue(r.code).toString(16)}`;
  const bytes = r.codeView.bytes;
  switch (r.kind) {
    case OperandKind.InlineNone:
    case OperandKind.InlineString:
      return head;
    case OperandKind.InlineI8:
      return `${head}:${r.operandI8}`;
    case OperandKind.ShortInlineR:
      return `${head}:${new DataView(bytes.buffer, bytes.byteOffset + r.pos - 4, 4).getUint32(0, true).toString(16)}`;
    case OperandKind.InlineR:
      return `${head}:${new DataView(bytes.buffer, bytes.byteOffset + r.pos - 8, 8).getBigUint64(0, true).toString(16)}`;
    case OperandKind.InlineSwitch:
      return `${head}:${Array.from(r.targets).join(",")}`;
    case OperandKind.InlineMethod:
    case OperandKind.InlineField:
    case OperandKind.InlineType:
    case OperandKind.InlineTok:
    case OperandKind.InlineSig:
      return `${head}:${(r.operand >>> 0).toString(16)}`;
    default:
      return `${head}:${r.operand}`;
  }
}

describe("mscorlib against Mono.Cecil", () => {
  it("has Mono, mcs and Mono.Cecil at hand (apt-get install -y mono-devel)", () => {
    expect(available).toBe(true);
  });

  let methods: OracleMethod[] = [];
  let view: ByteView;
  let toOffset: (rva: number) => number;
  const bodies = new Map<number, MethodBody>();

  beforeAll(() => {
    methods = cecilDump(cecil!, MSCORLIB);
    const file = readFile(MSCORLIB);
    view = new ByteView(file, "mscorlib.dll");
    toOffset = peSections(file);
  });

  test("the oracle lists thousands of bodies", () => {
    expect(methods.length).toBeGreaterThan(10_000);
  });

  test("headers and exception clauses agree for every body", () => {
    let clauses = 0;
    let fat = 0;
    for (const m of methods) {
      const body = readMethodBody(view, toOffset(m.rva));
      bodies.set(m.rva, body);
      if (body.fat) fat++;
      const got = [m.rva, body.codeSize, body.maxStack, body.initLocals, body.localVarSigToken];
      expect(got).toEqual([m.rva, m.codeSize, m.maxStack, m.initLocals, m.localVarToken]);
      expect(
        body.exceptionClauses.map((c) => ({
          kind: c.kind,
          tryStart: c.tryOffset,
          tryEnd: c.tryOffset + c.tryLength,
          handlerStart: c.handlerOffset,
          handlerEnd: c.handlerOffset + c.handlerLength,
          filterStart: c.filterOffset,
          catchToken: c.classToken,
        })),
        `clauses of the body at RVA 0x${m.rva.toString(16)}`,
      ).toEqual(m.clauses);
      clauses += body.exceptionClauses.length;
    }
    // mscorlib has plenty of both header forms and of exception handling.
    expect(fat).toBeGreaterThan(1000);
    expect(methods.length - fat).toBeGreaterThan(1000);
    expect(clauses).toBeGreaterThan(1000);
  });

  test("every instruction and operand agrees", () => {
    let count = 0;
    for (const m of methods) {
      const body = bodies.get(m.rva) ?? readMethodBody(view, toOffset(m.rva));
      const r = new ILReader(bodyCode(view, body));
      const got: string[] = [];
      while (r.next()) got.push(describeInstruction(r));
      // Compare whole methods only when they differ, to keep 500k expect() calls out.
      if (got.join(" ") !== m.instructions.join(" ")) {
        // "gp" stands for a TypeSpec token the oracle could not recover: accept any TypeSpec.
        const expected = m.instructions.map((e, i) =>
          e.endsWith(":gp") && got[i]?.startsWith(e.slice(0, -2)) && /:1b[0-9a-f]{6}$/.test(got[i]!) ? got[i]! : e,
        );
        expect(got, `body at RVA 0x${m.rva.toString(16)}`).toEqual(expected);
      }
      count += got.length;
    }
    expect(count).toBeGreaterThan(100_000);
  });

  test("every body passes the boundary checks and formats", () => {
    let lines = 0;
    for (const m of methods) {
      const body = bodies.get(m.rva) ?? readMethodBody(view, toOffset(m.rva));
      checkBodyOffsets(view, body);
      lines += formatMethodBody(view, body, rawTokenResolver).length;
    }
    expect(lines).toBeGreaterThan(0);
  });
});
