// Frames and unwind descriptions, checked two independent ways:
// - symbolically: every prologue and epilogue is decoded with iced-x86 and its stack effect
//   simulated; at every instruction boundary the rule the description gives (codegen-layout.ts
//   UW_*) must locate the CFA and the saved registers exactly where the simulation has them;
// - for real: a throw helper deep in a chain f -> g -> h captures the machine state, and walking
//   it with the descriptions must pass through h, g, f (IR positions from the position map
//   included) and recover the callee-saved registers the entry trampoline set.
import { describe, expect, it } from "vitest";
import { Decoder, DecoderOptions, Mnemonic, OpKind, Register } from "iced-x86";
import * as IR from "../../core-as/shared/ir-layout.js";
import { MethodBuilder } from "../../host/codegen/ir-builder.js";
import { frameRuleAt, type CompiledMethod } from "../../host/codegen/backend.js";
import { allocModes, compileMethods, link } from "./support/harness.js";
import { Rng, randomFunction, randomSignature } from "./support/random-ir.js";
import { MARKERS, CAPTURED } from "./support/trap-guard.js";

const GPR64: Record<number, number> = {
  [Register.RAX]: 0, [Register.RCX]: 1, [Register.RDX]: 2, [Register.RBX]: 3, [Register.RSP]: 4, [Register.RBP]: 5,
  [Register.RSI]: 6, [Register.RDI]: 7, [Register.R8]: 8, [Register.R9]: 9, [Register.R10]: 10, [Register.R11]: 11,
  [Register.R12]: 12, [Register.R13]: 13, [Register.R14]: 14, [Register.R15]: 15,
};

interface Sim {
  rsp: number; // RSP - CFA
  rbp: number | null; // RBP - CFA while RBP is the frame pointer
  saved: Map<number, number>; // register -> its slot, CFA-relative
}

/** Checks the rule at `offset` against the simulated state. */
function checkRule(c: CompiledMethod, offset: number, s: Sim, where: string): void {
  const r = frameRuleAt(c.unwind, offset);
  const cfa = r.cfaReg === "rsp" ? s.rsp + r.cfaOffset : s.rbp === null ? NaN : s.rbp + r.cfaOffset;
  expect(cfa, `${where} @${offset}: CFA`).toBe(0);
  if (r.rbpAt !== null) expect(s.saved.get(5), `${where} @${offset}: caller's RBP slot`).toBe(r.rbpAt);
  const ruleSaved = new Map(r.saved.map((x) => [x.reg, x.cfaOffset]));
  for (const [reg, slot] of s.saved) if (reg !== 5) expect(ruleSaved.get(reg), `${where} @${offset}: r${reg} slot`).toBe(slot);
  for (const reg of ruleSaved.keys()) expect(s.saved.has(reg), `${where} @${offset}: r${reg} saved`).toBe(true);
}

function decodeAll(code: Uint8Array, len: number) {
  const d = new Decoder(64, code.subarray(0, len), DecoderOptions.None);
  const out: { offset: number; len: number; mn: Mnemonic; op0: Register; op1: Register; kind1: OpKind; imm: number; memBase: Register; disp: number }[] = [];
  while (d.canDecode) {
    const i = d.decode();
    out.push({
      offset: Number(i.ip), len: i.length, mn: i.mnemonic, op0: i.op0Register, op1: i.opCount > 1 ? i.op1Register : Register.None,
      kind1: i.opCount > 1 ? i.op1Kind : OpKind.Register, imm: i.opCount > 1 && i.op1Kind !== OpKind.Register && i.op1Kind !== OpKind.Memory ? Number(i.immediate(1)) : 0,
      memBase: i.memoryBase, disp: Number(BigInt.asIntN(32, BigInt(i.memoryDisplacement))),
    });
    i.free();
  }
  d.free();
  return out;
}

/** Simulates the prologue and every epilogue of one compiled method, checking each boundary. */
function checkFrames(c: CompiledMethod, where: string): void {
  const u = c.unwind;
  const ins = decodeAll(c.code, u.codeLen);
  const at = new Map(ins.map((x, k) => [x.offset, k]));
  // Prologue.
  let s: Sim = { rsp: -8, rbp: null, saved: new Map() };
  let k = 0;
  for (; k < ins.length && ins[k]!.offset < u.prologueEnd; k++) {
    const i = ins[k]!;
    checkRule(c, i.offset, s, `${where} prologue`);
    if (i.mn === Mnemonic.Push) {
      s.rsp -= 8;
      s.saved.set(GPR64[i.op0]!, s.rsp);
    } else if (i.mn === Mnemonic.Mov && i.op0 === Register.RBP && i.op1 === Register.RSP) {
      s.rbp = s.rsp;
    } else if (i.mn === Mnemonic.Sub && i.op0 === Register.RSP) {
      s.rsp -= i.imm;
    } else if (!(i.mn === Mnemonic.Or && i.memBase === Register.RSP)) {
      throw new Error(`${where}: unexpected prologue instruction at ${i.offset}`);
    }
  }
  expect(ins[k]?.offset ?? u.codeLen, `${where}: prologue end`).toBe(u.prologueEnd);
  expect(s.rbp, `${where}: frame pointer`).toBe(-16);
  expect(s.rbp! - s.rsp, `${where}: frame size`).toBe(u.frameSize);
  // The CFA (the caller's RSP at its call) is 16-byte aligned, so RSP - CFA must be too.
  expect(((s.rsp % 16) + 16) % 16, `${where}: RSP aligned after the prologue`).toBe(0);
  // The body: the full-frame rule at every boundary outside the epilogues.
  const body = s;
  const inEpilogue = (o: number) => u.epilogues.some((e) => o >= e.start && o <= e.ret);
  for (; k < ins.length; k++) if (!inEpilogue(ins[k]!.offset)) checkRule(c, ins[k]!.offset, body, `${where} body`);
  // Epilogues.
  for (const e of u.epilogues) {
    s = { rsp: body.rsp, rbp: body.rbp, saved: new Map(body.saved) };
    for (let j = at.get(e.start)!; ; j++) {
      const i = ins[j]!;
      checkRule(c, i.offset, s, `${where} epilogue`);
      if (i.mn === Mnemonic.Ret) {
        expect(i.offset).toBe(e.ret);
        break;
      }
      if (i.mn === Mnemonic.Lea && i.op0 === Register.RSP) s.rsp = s.rbp! + i.disp;
      else if (i.mn === Mnemonic.Mov && i.op0 === Register.RSP && i.op1 === Register.RBP) s.rsp = s.rbp!;
      else if (i.mn === Mnemonic.Pop) {
        const r = GPR64[i.op0]!;
        expect(s.saved.get(r), `${where}: pop r${r} from its slot`).toBe(s.rsp);
        // A pop leaves its slot intact, so the slot stays a valid place to recover the register
        // from; after `pop rbp` every register holds the caller's value.
        if (r === 5) {
          s.rbp = null;
          s.saved.clear();
        }
        s.rsp += 8;
      } else throw new Error(`${where}: unexpected epilogue instruction at ${i.offset}`);
    }
    expect(s.rsp, `${where}: RSP at ret`).toBe(-8);
  }
}

describe("frames and unwind descriptions", () => {
  it("every prologue and epilogue boundary of 300 random methods (symbolic)", () => {
    let checked = 0;
    for (const mode of allocModes()) {
      for (let seed = 0; seed < 150; seed++) {
        const r = new Rng(9000 + seed);
        const sig = randomSignature(r, 1, true);
        const m = randomFunction(r, sig, { statements: 10, maxDepth: 2, floats: true, memory: seed % 3 !== 0, calls: [], checked: true, switches: true });
        const [c] = compileMethods([m], mode);
        checkFrames(c!, `${mode} seed ${seed}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(300);
  });

  it("large frames probe every page on the way down", () => {
    for (const size of [5000, 40000, 1 << 20]) {
      const f = new MethodBuilder([IR.TY_I32], IR.TY_I32, 1);
      const buf = f.slotAddr(f.newSlot(size, 16));
      f.store(IR.MEMW_32, f.params[0]!, buf, IR.IR_NONE, 0, size - 4);
      f.ret(f.load(IR.MEMW_32, IR.TY_I32, buf, IR.IR_NONE, 0, size - 4));
      const m = f.finish();
      for (const mode of allocModes()) {
        const [c] = compileMethods([m], mode);
        expect(c!.unwind.frameSize).toBeGreaterThanOrEqual(size);
        const linked = link([m], [c!]);
        try {
          expect(linked.call(0, [size]).value).toBe(size);
        } finally {
          linked.dispose();
        }
      }
    }
  });

  it("walks from a throw helper through three compiled frames back to the caller", () => {
    // h(a, b) = (a * 3 + b) / (b - 1), traps for b == 1; g and f call down with live values
    // around the calls (so callee-saved registers are in use).
    const h = new MethodBuilder([IR.TY_I64, IR.TY_I64], IR.TY_I64, 30);
    {
      const [a, b] = h.params as [number, number];
      const t = h.add(h.mul(a, h.const(IR.TY_I64, 3)), b);
      const divAt = h.numInsts + 2;
      h.ret(h.div(t, h.sub(b, h.const(IR.TY_I64, 1))));
      (h as unknown as { divAt: number }).divAt = divAt;
    }
    const g = new MethodBuilder([IR.TY_I64, IR.TY_I64], IR.TY_I64, 20);
    let gCallAt = 0;
    {
      const [a, b] = g.params as [number, number];
      const x = g.mul(a, b), y = g.add(a, g.const(IR.TY_I64, 7));
      gCallAt = g.numInsts;
      const r = g.call(IR.CALLK_DIRECT, 30, [y, b], IR.TY_I64);
      g.ret(g.add(g.add(r, x), y));
    }
    const f = new MethodBuilder([IR.TY_I64, IR.TY_I64], IR.TY_I64, 10);
    let fCallAt = 0;
    {
      const [a, b] = f.params as [number, number];
      const x = f.xor(a, f.const(IR.TY_I64, 0x55)), y = f.sub(b, a);
      fCallAt = f.numInsts;
      const r = f.call(IR.CALLK_DIRECT, 20, [x, b], IR.TY_I64);
      f.ret(f.add(f.mul(r, y), x));
    }
    const divAt = (h as unknown as { divAt: number }).divAt;
    const methods = [f.finish(), g.finish(), h.finish()];
    for (const mode of allocModes()) {
      const compiled = compileMethods(methods, mode);
      const linked = link(methods, compiled);
      try {
        // No trap: the chain computes normally.
        expect(linked.call(0, [5n, 3n]).trap).toBeNull();
        const res = linked.call(0, [5n, 1n]);
        expect(res.trap).toBe(IR.HELPER_THROW_DIVIDE_BY_ZERO);
        const cap = linked.guard.capture();
        const read = (addr: bigint): bigint => {
          const k = Number(addr - cap.rsp) / 8;
          if (!Number.isInteger(k) || k < 0 || k >= cap.stack.length) throw new Error(`read outside the captured stack: ${addr.toString(16)}`);
          return cap.stack[k]!;
        };
        // State right after the helper returns into h: pc = return address, rsp above it.
        let pc = read(cap.rsp), rsp = cap.rsp + 8n, rbp = cap.rbp;
        const regs = new Map(cap.regs);
        const visited: { method: number; irInst: number }[] = [];
        for (let depth = 0; pc !== cap.guardReturn; depth++) {
          expect(depth, "unwinding does not reach the caller").toBeLessThan(4);
          const i = linked.addresses.findIndex((a, k) => pc >= a && pc < a + BigInt(compiled[k]!.unwind.codeLen));
          expect(i, `pc 0x${pc.toString(16)} is in a compiled method`).toBeGreaterThanOrEqual(0);
          const c = compiled[i]!;
          const off = Number(pc - linked.addresses[i]!);
          // The instruction that made the call ends at `off`; the map entry covering off - 1 names it.
          const entry = [...c.posMap].reverse().find((e) => e.offset <= off - 1)!;
          visited.push({ method: i, irInst: entry.irInst });
          const rule = frameRuleAt(c.unwind, off);
          const cfa = (rule.cfaReg === "rbp" ? rbp : rsp) + BigInt(rule.cfaOffset);
          for (const s of rule.saved) regs.set(s.reg, read(cfa + BigInt(s.cfaOffset)));
          if (rule.rbpAt !== null) rbp = read(cfa + BigInt(rule.rbpAt));
          pc = read(cfa - 8n);
          rsp = cfa;
        }
        expect(visited).toEqual([{ method: 2, irInst: divAt }, { method: 1, irInst: gCallAt }, { method: 0, irInst: fCallAt }]);
        expect(rbp).toBe(cap.guardRbp);
        for (const r of CAPTURED) expect(regs.get(r), `r${r} recovered`).toBe(BigInt.asUintN(64, MARKERS[r]!));
      } finally {
        linked.dispose();
      }
    }
  });
});
