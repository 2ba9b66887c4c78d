// OP_SYMBOL_ADDR: a RIP-relative lea with a REL32 relocation, the way position-independent
// code reaches its indirection cells and data.
import { describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import * as L from "../../core-as/shared/encoder-layout.js";
import { MethodBuilder } from "../../host/codegen/ir-builder.js";
import { DataMemory, compileMethods, link } from "./support/harness.js";

describe("symbol addresses", () => {
  it("compile to a relocated lea that yields the symbol's address, and load through it", () => {
    const data = new DataMemory(4096);
    const cell = data.alloc(16);
    new DataView(cell.bytes.buffer, cell.bytes.byteOffset).setBigInt64(0, 0x1122334455667788n, true);
    const b = new MethodBuilder([IR.TY_I64], IR.TY_I64, 1);
    const addr = b.symbolAddr(77);
    const v = b.load(IR.MEMW_64, IR.TY_I64, addr);
    b.ret(b.add(v, b.params[0]!));
    const words = b.finish();
    const [compiled] = compileMethods([words], "regalloc");
    const rel = compiled!.relocs.filter((r) => r.symbol === 77);
    expect(rel).toHaveLength(1);
    expect(rel[0]!.kind).toBe(L.RELOC_REL32);
    const prog = link([words], [compiled!], new Map([[77, cell.address]]));
    try {
      expect(prog.call(0, [5n]).value).toBe(0x1122334455667788n + 5n);
    } finally {
      prog.dispose();
    }
  });
});
