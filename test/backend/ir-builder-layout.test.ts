// The IR builder's block layout: a block made to follow the current one is written right after
// it, blocks are renumbered in layout order with every branch target rewritten, and marks still
// name the same instructions — the method computes what it computed before.
import { describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder, decodeMethod, packBatch } from "../../host/codegen/ir-builder.js";
import { Interpreter } from "../../host/codegen/ir-interp.js";

/** clamp(x): x < 0 → 0, x > 100 → 100, else x; the fall-throughs are laid out after their tests. */
function clamp(afterCurrent: boolean): { words: Int32Array; mark: [number, number]; b: MethodBuilder } {
  const f = new MethodBuilder([IR.TY_I32], IR.TY_I32, 1);
  const [x] = f.params as [number];
  const low = f.newBlock(); // cold blocks, laid out last
  const high = f.newBlock();
  const notLow = f.newBlock(afterCurrent);
  f.brcmp(IR.CC_LT, x, f.const(IR.TY_I32, 0), low, notLow);
  f.setBlock(notLow);
  const inRange = f.newBlock(afterCurrent);
  f.brcmp(IR.CC_GT, x, f.const(IR.TY_I32, 100), high, inRange);
  f.setBlock(inRange);
  const mark = f.mark();
  f.ret(x);
  f.setBlock(low);
  f.ret(f.const(IR.TY_I32, 0));
  f.setBlock(high);
  f.ret(f.const(IR.TY_I32, 100));
  return { words: f.finish(), mark, b: f };
}

describe("IR builder block layout", () => {
  it("places blocks made after the current one right after it and renumbers branch targets", () => {
    const plain = decodeMethod(clamp(false).words);
    const { words, mark, b } = clamp(true);
    const laid = decodeMethod(words);
    // Creation order: entry, low, high, notLow, inRange; layout order: entry, notLow, inRange, low, high.
    expect(plain.blocks.map((bl) => bl.at(-1)!.op)).toEqual([IR.OP_BRCMP, IR.OP_RET, IR.OP_RET, IR.OP_BRCMP, IR.OP_RET]);
    expect(laid.blocks.map((bl) => bl.at(-1)!.op)).toEqual([IR.OP_BRCMP, IR.OP_BRCMP, IR.OP_RET, IR.OP_RET, IR.OP_RET]);
    // The entry's else-target (then, else are the last two operands) is the next block, and so on.
    expect([...laid.blocks[0]!.at(-1)!.args.slice(-2)]).toEqual([3, 1]);
    expect([...laid.blocks[1]!.at(-1)!.args.slice(-2)]).toEqual([4, 2]);
    // The mark taken in `inRange` names its ret, now in block 2.
    expect(b.instIndex(mark)).toBe(laid.blocks[2]![0]!.index);
    for (const m of [clamp(false).words, words]) {
      const interp = new Interpreter(packBatch([m]), 1);
      expect([-5, 0, 42, 100, 101, 1e6].map((v) => interp.run(0, [v]))).toEqual([0, 0, 42, 100, 100, 100]);
    }
  });
});
