// Instruction selection patterns, checked on the decoded machine code of small methods (under
// every allocation mode, so the patterns do not depend on one allocator), each also executed
// against the interpreter.
import { describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder, packBatch } from "../../host/codegen/ir-builder.js";
import { disassembleInstructions } from "../../host/codegen/disassemble.js";
import { Interpreter } from "../../host/codegen/ir-interp.js";
import * as L from "../../core-as/shared/encoder-layout.js";
import { InterpMemory, type Value } from "../../host/codegen/ir-interp.js";
import { allocModes, compileMethods, link, sameValue, DataMemory, type AllocMode } from "./support/harness.js";
import type { CompiledMethod } from "../../host/codegen/backend.js";

const { TY_I32, TY_I64, TY_F64, TY_PTR } = IR;

function asm(c: CompiledMethod): string[] {
  return disassembleInstructions(c.code.subarray(0, c.dataOffset)).map((i) => i.text);
}

/** Compiles, checks the listing with `check`, and runs it on `inputs` against the interpreter. */
function pattern(mode: AllocMode, build: (f: MethodBuilder) => void, params: number[], ret: number, inputs: (number | bigint)[][], check: (lines: string[], c: CompiledMethod) => void): void {
  const f = new MethodBuilder(params, ret, 1);
  build(f);
  const m = f.finish();
  const [c] = compileMethods([m], mode);
  const lines = asm(c!);
  try {
    check(lines, c!);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${lines.join("\n")}`);
  }
  const linked = link([m], [c!]);
  try {
    const interp = new Interpreter(packBatch([m]), 1);
    for (const args of inputs) {
      const got = linked.call(0, args);
      expect(got.trap).toBeNull();
      const want = interp.run(0, args);
      expect(sameValue(got.value, want), `${args}: ${got.value} vs ${want}`).toBe(true);
    }
  } finally {
    linked.dispose();
  }
}

const count = (lines: string[], re: RegExp) => lines.filter((l) => re.test(l)).length;

describe.each(allocModes())("instruction selection (%s allocation)", (mode) => {
  it("folds base + index << 3 + disp into one addressing mode", () => {
    pattern(mode, (f) => {
      const [p, i, v] = f.params as [number, number, number];
      f.store(IR.MEMW_64, v, p, IR.IR_NONE, 0, 24);
      // addr = p + (i << 3) + 16, written as IR arithmetic.
      const addr = f.add(f.add(p, f.shl(i, f.const(TY_I64, 3))), f.const(TY_I64, 16));
      f.ret(f.load(IR.MEMW_64, TY_I64, addr));
    }, [TY_PTR, TY_I64, TY_I64], TY_I64, [], (l) => {
      expect(count(l, /^mov \w+,\[\w+\+\w+\*8\+10h\]$/)).toBe(1);
      expect(count(l, /^shl /)).toBe(0);
    });
  });

  it("folds a local buffer's address into frame-relative operands", () => {
    pattern(mode, (f) => {
      const [v, i] = f.params as [number, number];
      const slot = f.newSlot(64, 8);
      f.store(IR.MEMW_64, v, f.slotAddr(slot), IR.IR_NONE, 0, 8);
      f.ret(f.load(IR.MEMW_64, TY_I64, f.slotAddr(slot), f.and(i, f.const(TY_I64, 0)), 3, 8));
    }, [TY_I64, TY_I64], TY_I64, [[42n, 3n], [-1n, 0n]], (l) => {
      // No lea materialises the buffer's address: both accesses are RBP-relative.
      expect(count(l, /^lea (?!rsp)/)).toBe(0);
      expect(count(l, /^mov \w+,\[rbp\+\w+\*8-\w+\]$/)).toBe(1);
    });
  });

  it("fuses compare and branch (brcmp, and cmp feeding br), with immediates", () => {
    pattern(mode, (f) => {
      const [a] = f.params as [number];
      const t = f.newBlock(), e = f.newBlock(), t2 = f.newBlock(), e2 = f.newBlock();
      f.brcmp(IR.CC_LT, a, f.const(TY_I32, 100), t, e);
      f.setBlock(t);
      f.br(f.cmp(IR.CC_GT_U, a, f.const(TY_I32, 7)), t2, e2);
      f.setBlock(t2);
      f.ret(f.const(TY_I32, 1));
      f.setBlock(e2);
      f.ret(f.const(TY_I32, 2));
      f.setBlock(e);
      f.ret(f.const(TY_I32, 3));
    }, [TY_I32], TY_I32, [[5], [8], [100], [-1]], (l) => {
      expect(count(l, /^cmp (\w+|dword ptr \[[^\]]+\]),64h$/)).toBe(1);
      expect(count(l, /^cmp (\w+|dword ptr \[[^\]]+\]),7$/)).toBe(1);
      expect(count(l, /^set/)).toBe(0);
      expect(count(l, /^j(l|ge|a|be) /)).toBe(2);
    });
  });

  it("uses test for comparisons with zero and xor for a zero constant", () => {
    pattern(mode, (f) => {
      const [a] = f.params as [number];
      const t = f.newBlock(), e = f.newBlock();
      f.brcmp(IR.CC_EQ, a, f.const(TY_I64, 0), t, e);
      f.setBlock(t);
      const z = f.newVreg(TY_I64);
      f.constInto(z, 0);
      f.constInto(z, 0); // two defs: a register value, not a folded constant
      f.ret(z);
      f.setBlock(e);
      f.ret(a);
    }, [TY_I64], TY_I64, [[0n], [9n]], (l) => {
      expect(count(l, /^test (\w+),\1$/)).toBe(1);
      expect(count(l, /^cmp /)).toBe(0);
      expect(count(l, /^xor (e\w+|r\d+d),\1$/)).toBeGreaterThanOrEqual(1);
    });
  });

  it("selects lea for add/shift combinations and add with an immediate", () => {
    pattern(mode, (f) => {
      const [a, b] = f.params as [number, number];
      const x = f.add(a, f.shl(b, f.const(TY_I32, 2)));
      f.ret(f.add(x, f.const(TY_I32, 1000)));
    }, [TY_I32, TY_I32], TY_I32, [[1, 2], [-5, 1 << 29]], (l) => {
      expect(count(l, /^lea \w+,\[\w+\+\w+\*4(\+3E8h)?\]$/i)).toBe(1);
      expect(count(l, /^shl /)).toBe(0);
    });
  });

  it("zero-extends setcc results with movzx (no partial-register writes)", () => {
    pattern(mode, (f) => {
      const [a, b] = f.params as [number, number];
      f.ret(f.add(f.cmp(IR.CC_LE, a, b), f.cmp(IR.CC_NE, a, f.const(TY_I32, 3))));
    }, [TY_I32, TY_I32], TY_I32, [[1, 2], [3, 3], [4, 3]], (l) => {
      const sets = l.map((x, k) => (/^set\w+ (\w+)$/.test(x) ? k : -1)).filter((k) => k >= 0);
      expect(sets.length).toBe(2);
      for (const k of sets) expect(l[k + 1]).toMatch(/^movzx \w+,\w+$/);
    });
  });

  it("divides by constants without a divide instruction", () => {
    for (const [op, t, c] of [
      [IR.OP_DIV, TY_I32, 7], [IR.OP_DIV_U, TY_I32, 10], [IR.OP_REM, TY_I32, -13], [IR.OP_REM_U, TY_I32, 1000],
      [IR.OP_DIV, TY_I64, 1000000007], [IR.OP_DIV_U, TY_I64, 3], [IR.OP_REM, TY_I64, 16], [IR.OP_DIV, TY_I32, -8],
    ] as const) {
      pattern(mode, (f) => {
        const [a] = f.params as [number];
        f.ret(f.binary(op, a, f.const(t, c)));
      }, [t], t, [[t === TY_I32 ? -123456789 : -123456789012n], [t === TY_I32 ? 99999 : 99999n]], (l) => {
        expect(count(l, /^i?div /)).toBe(0);
      });
    }
  });

  it("clears the destination before int -> float conversions", () => {
    pattern(mode, (f) => {
      const [a] = f.params as [number];
      f.ret(f.conv(IR.CV_S_TO_F, TY_F64, a));
    }, [TY_I64], TY_F64, [[3n], [-(2n ** 60n)]], (l) => {
      const k = l.findIndex((x) => x.startsWith("cvtsi2sd"));
      expect(k).toBeGreaterThan(0);
      const reg = /^cvtsi2sd (xmm\d+),/.exec(l[k]!)![1]!;
      expect(l[k - 1]).toBe(`xorps ${reg},${reg}`);
    });
  });

  it("passes SysV arguments: 6 integer and 8 float registers, the rest on the stack", () => {
    // callee(i0..i7: i64, d0..d9: f64) = i0 - i7 + (d0 - d9) * 3 ...
    const params = [...Array(8).fill(TY_I64), ...Array(10).fill(TY_F64)];
    const callee = new MethodBuilder(params, TY_F64, 2);
    {
      const p = callee.params;
      const i = callee.conv(IR.CV_S_TO_F, TY_F64, callee.sub(callee.add(p[0]!, p[6]!), p[7]!));
      const d = callee.sub(callee.add(p[8]!, callee.mul(p[16]!, callee.const(TY_F64, 2))), p[17]!);
      callee.ret(callee.add(i, d));
    }
    const caller = new MethodBuilder([TY_I64, TY_F64], TY_F64, 1);
    {
      const [x, y] = caller.params as [number, number];
      const args = [...Array.from({ length: 8 }, (_, k) => caller.add(x, caller.const(TY_I64, k))), ...Array.from({ length: 10 }, (_, k) => caller.mul(y, caller.const(TY_F64, k + 1)))];
      caller.ret(caller.call(IR.CALLK_DIRECT, 2, args, TY_F64));
    }
    const methods = [caller.finish(), callee.finish()];
    const compiled = compileMethods(methods, mode);
    const l = asm(compiled[0]!);
    // Four stack arguments (i6, i7, d8, d9) at [rsp], [rsp+8], [rsp+10h], [rsp+18h].
    for (const off of ["", "+8", "+10h", "+18h"]) expect(l.some((x) => x.includes(`[rsp${off}],`)), `store to [rsp${off}]`).toBe(true);
    const linked = link(methods, compiled);
    try {
      const interp = new Interpreter(packBatch(methods), 2);
      for (const [x, y] of [[1n, 0.5], [-100n, 3.25], [2n ** 40n, -1e10]] as const) {
        expect(linked.call(0, [x, y]).value).toBe(interp.run(0, [x, y]));
      }
    } finally {
      linked.dispose();
    }
  });

  it("stays within its capacity bounds on the heaviest sequences", () => {
    // Every operand a constant to rematerialise, divisions by constants of every kind, checked
    // float conversions, folded loads with wide displacements, calls repeating constant arguments.
    const f = new MethodBuilder([TY_I64, TY_F64, TY_PTR], TY_I64, 1);
    const [x, y, p] = f.params as [number, number, number];
    let acc = x;
    for (const [op, c] of [[IR.OP_REM, -1000000007n], [IR.OP_REM_U, 0xfffffffffn], [IR.OP_DIV, 7n], [IR.OP_REM, -(2n ** 40n)], [IR.OP_DIV_U, 2n ** 63n + 5n], [IR.OP_REM_U, 2n ** 63n + 5n]] as const) {
      acc = f.binary(op, acc, f.const(TY_I64, c));
      acc = f.binary(op, f.const(TY_I64, 123456789012345n), f.const(TY_I64, c));
    }
    const i32s = f.const(TY_I32, 5);
    for (const op of [IR.OP_REM, IR.OP_REM_U, IR.OP_DIV]) acc = f.add(acc, f.conv(IR.CV_SEXT32, TY_I64, f.binary(op, f.conv(IR.CV_WRAP, TY_I32, acc), f.const(TY_I32, 641))));
    for (let t = 0; t < 8; t++) acc = f.xor(acc, f.conv(t < 6 ? IR.CV_SEXT32 : IR.CV_WRAP, TY_I64, f.convOvf(t, t < 6 ? TY_I32 : TY_I64, f.const(TY_F64, 1.5))));
    const big = f.add(p, f.const(TY_I64, 2n ** 40n));
    acc = f.add(acc, f.load(IR.MEMW_64, TY_I64, f.sub(big, f.const(TY_I64, 2n ** 40n)), f.and(x, f.const(TY_I64, 0)), 3, 8));
    const args = Array.from({ length: 12 }, () => f.const(TY_I64, 2n ** 50n));
    const r = f.call(IR.CALLK_DIRECT, 2, [...args, y, y, y], TY_I64);
    f.ret(f.add(acc, f.add(r, f.conv(IR.CV_SEXT32, TY_I64, i32s))));
    const callee = new MethodBuilder([...Array(12).fill(TY_I64), TY_F64, TY_F64, TY_F64], TY_I64, 2);
    callee.ret(callee.params[11]!);
    const methods = [f.finish(), callee.finish()];
    const compiled = compileMethods(methods, mode);
    expect(compiled[0]!.stats.vcodeInsts).toBeGreaterThan(100);
    const data = new DataMemory(4096);
    const linked = link(methods, compiled);
    try {
      const cell = data.alloc(64);
      new DataView(cell.bytes.buffer, cell.bytes.byteOffset, 64).setBigInt64(8, 99n, true);
      const mem = new InterpMemory();
      mem.map(cell.address, cell.bytes);
      const interp = new Interpreter(packBatch(methods), 2, { memory: mem });
      for (const v of [0n, 77n, -(2n ** 62n)]) {
        expect(linked.call(0, [v, 2.5, cell.address]).value).toBe(interp.run(0, [v, 2.5, cell.address]));
      }
    } finally {
      linked.dispose();
      data.dispose();
    }
  });

  it("splits critical edges (and lays out the empty ones away)", () => {
    pattern(mode, (f) => {
      const [a] = f.params as [number];
      const t = f.newBlock(), join = f.newBlock();
      const v = f.newVreg(TY_I32);
      f.mov(v, a);
      f.brcmp(IR.CC_GT, a, f.const(TY_I32, 0), t, join); // edge entry -> join is critical
      f.setBlock(t);
      f.binaryInto(IR.OP_MUL, v, v, f.const(TY_I32, 3));
      f.jump(join);
      f.setBlock(join);
      f.ret(v);
    }, [TY_I32], TY_I32, [[4], [-4]], (_l, c) => {
      expect(c.stats.splitEdges).toBe(1);
      expect(c.stats.vcodeBlocks).toBe(4);
    });
  });

  it("jump tables for switches: one indirect jump, targets resolved", () => {
    pattern(mode, (f) => {
      const [a] = f.params as [number];
      const blocks = Array.from({ length: 9 }, () => f.newBlock());
      const dflt = f.newBlock();
      f.switch(a, dflt, blocks);
      blocks.forEach((b, k) => {
        f.setBlock(b);
        f.ret(f.const(TY_I32, k * k + 1));
      });
      f.setBlock(dflt);
      f.ret(f.const(TY_I32, -1));
    }, [TY_I32], TY_I32, [[0], [1], [4], [8], [9], [-1], [1000]], (l) => {
      expect(count(l, /^jmp r\w+$/)).toBe(1);
      expect(count(l, /^cmp \w+,9$/)).toBe(1);
    });
  });

  it("indirect calls through a register, a memory cell and a symbol cell", () => {
    // callee(x) = x * 2 + 1; three callers reach it through a register, a table entry [p + 8]
    // and an indirection cell (symbol 77) holding its address.
    const callee = new MethodBuilder([TY_I64], TY_I64, 5);
    callee.ret(callee.add(callee.mul(callee.params[0]!, callee.const(TY_I64, 2)), callee.const(TY_I64, 1)));
    const viaReg = new MethodBuilder([TY_PTR, TY_I64], TY_I64, 1);
    viaReg.ret(viaReg.call(IR.CALLK_REG, viaReg.params[0]!, [viaReg.params[1]!], TY_I64));
    const viaMem = new MethodBuilder([TY_PTR, TY_I64], TY_I64, 2);
    viaMem.ret(viaMem.call(IR.CALLK_MEM, viaMem.params[0]!, [viaMem.params[1]!], TY_I64, 8));
    const viaCell = new MethodBuilder([TY_I64], TY_I64, 3);
    viaCell.ret(viaCell.call(IR.CALLK_CELL, 77, [viaCell.params[0]!], TY_I64));
    const methods = [viaReg.finish(), viaMem.finish(), viaCell.finish(), callee.finish()];
    const compiled = compileMethods(methods, mode);
    expect(asm(compiled[0]!).some((x) => /^call r\w+$/.test(x))).toBe(true);
    expect(asm(compiled[1]!).some((x) => /^call qword ptr \[r\w+\+8\]$/.test(x))).toBe(true);
    expect(asm(compiled[2]!).some((x) => /^call qword ptr \[/.test(x))).toBe(true);
    expect(compiled[2]!.relocs.some((r) => r.symbol === 77 && r.kind === L.RELOC_REL32)).toBe(true);
    const linked = link(methods, compiled, new Map(), new Map([[77, 5]]));
    const data = new DataMemory(4096);
    try {
      const calleeAddr = linked.addresses[3]!;
      const table = data.alloc(16);
      new DataView(table.bytes.buffer, table.bytes.byteOffset, 16).setBigUint64(8, calleeAddr, true);
      const mem = new InterpMemory();
      mem.map(table.address, table.bytes);
      // The cell (symbol 77) holds the callee's address: calling through it calls the callee.
      const interp: Interpreter = new Interpreter(packBatch(methods), 4, {
        memory: mem,
        symbolAt: (a) => (a === calleeAddr ? 5 : undefined),
        external: (sym, args): Value | undefined => (sym === 77 ? interp.runSymbol(5, args) : undefined),
      });
      for (const x of [0n, 5n, -9n, 2n ** 62n]) {
        const want = interp.run(3, [x]);
        expect(linked.call(0, [calleeAddr, x]).value).toBe(want);
        expect(interp.run(0, [calleeAddr, x])).toBe(want);
        expect(linked.call(1, [table.address, x]).value).toBe(want);
        expect(interp.run(1, [table.address, x])).toBe(want);
        expect(linked.call(2, [x]).value).toBe(want);
      }
    } finally {
      data.dispose();
      linked.dispose();
    }
  });
});
