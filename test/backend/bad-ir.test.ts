// Malformed IR is rejected with a typed error naming the problem and the IR instruction; hostile
// input (random word and bit flips, offsets pointing anywhere) never makes the core fault.
import { describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import * as C from "../../core-as/shared/codegen-layout.js";
import { MethodBuilder, packBatch } from "../../host/codegen/ir-builder.js";
import { compileBatchWith, compileBatch, BackendError } from "../../host/codegen/backend.js";
import { core } from "./support/harness.js";
import { spillEverything } from "./support/spill-alloc.js";
import { Rng, randomFunction, randomSignature } from "./support/random-ir.js";

const { TY_I32, TY_I64, TY_F64 } = IR;

function compileOne(words: Int32Array) {
  return compileBatchWith(core, packBatch([words]), 1, (mem, vc) => spillEverything(mem, vc))[0]!;
}

/** A small valid method: v2 = v0 + v1; ret v2 (instruction words start at IRM_INSTS_OFF). */
function valid(): Int32Array {
  const f = new MethodBuilder([TY_I32, TY_I32], TY_I32, 1);
  f.ret(f.add(f.params[0]!, f.params[1]!));
  return f.finish();
}

function expectBadIR(words: Int32Array, code: number, inst?: number) {
  const r = compileOne(words);
  expect(r).toBeInstanceOf(BackendError);
  const e = r as BackendError;
  expect(e.status).toBe(C.MO_ERR_BAD_IR);
  expect(e.detail).toBe(code);
  if (inst !== undefined) expect(e.irInst).toBe(inst);
}

describe("backend: bad IR", () => {
  it("rejects each kind of malformed method with its error code", () => {
    const ins = (w: Int32Array) => w[IR.IRM_INSTS_OFF]!; // word offset of the instruction stream
    // Unknown opcode in the first instruction.
    let w = valid();
    w[ins(w)] = (w[ins(w)]! & ~0xff) | 200;
    expectBadIR(w, IR.IRERR_BAD_OPCODE, 0);
    // An operand naming a vreg that does not exist.
    w = valid();
    w[ins(w) + 2] = 99;
    expectBadIR(w, IR.IRERR_BAD_VREG, 0);
    // A wrong length field.
    w = valid();
    w[ins(w)] = (w[ins(w)]! & 0xffff) | (3 << IR.IRI_LEN_SHIFT);
    expectBadIR(w, IR.IRERR_BAD_LENGTH, 0);
    // A type the operands do not have (f64 add on i32 vregs).
    w = valid();
    w[ins(w)] = (w[ins(w)]! & ~(7 << IR.IRI_TYPE_SHIFT)) | (TY_F64 << IR.IRI_TYPE_SHIFT);
    expectBadIR(w, IR.IRERR_BAD_VREG, 0);
    // A header offset pointing past the input.
    w = valid();
    w[IR.IRM_INSTS_OFF] = 1 << 20;
    expectBadIR(w, IR.IRERR_BAD_HEADER);
    // Too many blocks for the header's own arrays.
    w = valid();
    w[IR.IRM_NUM_BLOCKS] = 5;
    expectBadIR(w, IR.IRERR_BAD_HEADER);
  });

  it("rejects missing terminators, branches out of range, entry predecessors, bad slots and auxes", () => {
    // A block whose last instruction is not a terminator: build one and drop the ret.
    let f = new MethodBuilder([TY_I32], TY_I32, 1);
    const x = f.add(f.params[0]!, f.params[0]!);
    f.ret(x);
    let w = f.finish();
    const blocks = w[IR.IRM_BLOCKS_OFF]!;
    w[blocks + IR.IRB_NUM_INSTS] = 1; // only the add
    w[IR.IRM_NUM_INSTS] = 1;
    w[IR.IRM_INST_WORDS] = 4;
    expectBadIR(w, IR.IRERR_NO_TERMINATOR, 0);
    // A jump to a block that does not exist.
    f = new MethodBuilder([], IR.TY_VOID, 1);
    const b1 = f.newBlock();
    f.jump(b1);
    f.setBlock(b1);
    f.ret();
    w = f.finish();
    w[w[IR.IRM_INSTS_OFF]! + 1] = 7;
    expectBadIR(w, IR.IRERR_BAD_BLOCK, 0);
    // A branch back to the entry block.
    f = new MethodBuilder([TY_I32], TY_I32, 1);
    const loop = f.newBlock();
    f.jump(loop);
    f.setBlock(loop);
    f.brcmp(IR.CC_EQ, f.params[0]!, f.params[0]!, 0, loop);
    expectBadIR(f.finish(), IR.IRERR_ENTRY_HAS_PREDS);
    // A slot address of a slot that does not exist.
    f = new MethodBuilder([], TY_I64, 1);
    f.newSlot(16);
    const a = f.slotAddr(0);
    f.ret(a);
    w = f.finish();
    w[w[IR.IRM_INSTS_OFF]! + 2] = 3;
    expectBadIR(w, IR.IRERR_BAD_SLOT, 0);
    // A condition code out of range.
    f = new MethodBuilder([TY_I32, TY_I32], TY_I32, 1);
    f.ret(f.cmp(IR.CC_EQ, f.params[0]!, f.params[1]!));
    w = f.finish();
    w[w[IR.IRM_INSTS_OFF]!] = (w[w[IR.IRM_INSTS_OFF]!]! & ~(31 << IR.IRI_AUX_SHIFT)) | (17 << IR.IRI_AUX_SHIFT);
    expectBadIR(w, IR.IRERR_BAD_AUX, 0);
    // A conversion between types it does not accept (zext32 from i64).
    f = new MethodBuilder([TY_I64], TY_I64, 1);
    f.ret(f.conv(IR.CV_ZEXT32, TY_I64, f.params[0]!));
    expectBadIR(f.finish(), IR.IRERR_BAD_TYPE, 0);
  });

  it("survives 3000 randomly corrupted methods: compiled or rejected, never a fault", () => {
    const r = new Rng(4242);
    let rejected = 0, compiled = 0;
    const useRegalloc = typeof core.compileBatch === "function";
    for (let k = 0; k < 3000; k++) {
      const sig = randomSignature(r, 1, true);
      const w = randomFunction(r, sig, { statements: 6, maxDepth: 2, floats: true, memory: true, calls: [], checked: true, switches: true });
      const flips = 1 + r.int(4);
      for (let j = 0; j < flips; j++) {
        const at = r.int(w.length);
        if (r.chance(0.5)) w[at] = w[at]! ^ (1 << r.int(32));
        else w[at] = r.chance(0.5) ? r.int(64) - 8 : r.next() | 0;
      }
      const batch = packBatch([w]);
      const results = [
        compileBatchWith(core, batch, 1, (mem, vc) => spillEverything(mem, vc))[0]!,
        ...(useRegalloc ? [compileBatch(core, batch, 1)[0]!] : []),
      ];
      for (const res of results) {
        if (res instanceof BackendError) rejected++;
        else compiled++;
      }
    }
    expect(rejected).toBeGreaterThan(500);
    expect(compiled).toBeGreaterThan(100);
  });
});
