// Labels, jumps and relaxation: each jump/call row against iced at distances around the rel8
// limits; branch-heavy random code decoded back with iced's Decoder; ALIGN and NOP_N.
import { describe, expect, it } from "vitest";
import { Decoder, DecoderOptions, Encoder, Instruction, Mnemonic, FlowControl } from "iced-x86";
import * as L from "../../core-as/shared/encoder-layout.js";
import { formRows, conditions } from "../../host/core/x86-forms.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { X86Assembler, type EncodedBatch } from "../../host/core/encoder.js";
import { icedCode, hex } from "./oracle.js";

const core = loadCoreNode();

function decodeAll(code: Uint8Array): Map<number, Instruction> {
  const d = new Decoder(64, code, DecoderOptions.None);
  d.ip = 0n;
  const out = new Map<number, Instruction>();
  while (d.canDecode) {
    const ins = d.decode();
    out.set(Number(ins.ip), ins);
  }
  d.free();
  return out;
}

/** iced's bytes for a branch at ip to target: the short Code if iced can encode it, else the near one. */
function icedBranch(short: string | undefined, near: string, ip: number, target: number): Uint8Array {
  const e = new Encoder(64);
  if (short) {
    try {
      const i = Instruction.createBranch(icedCode(short), BigInt(target));
      e.encode(i, BigInt(ip));
      i.free();
      const b = e.takeBuffer();
      e.free();
      return b;
    } catch {
      /* out of rel8 reach: near form below (the failed encoder is dropped) */
    }
  }
  const e2 = new Encoder(64);
  const i = Instruction.createBranch(icedCode(near), BigInt(target));
  e2.encode(i, BigInt(ip));
  i.free();
  const b = e2.takeBuffer();
  e2.free();
  return b;
}

function fill(a: X86Assembler, n: number): void {
  for (; n > 0; n -= 15) a.nop(Math.min(n, 15));
}

describe("x86-64 encoder: jumps and labels", () => {
  const branchRows = formRows.map((row, form) => ({ row, form })).filter(({ row }) => row.enc === L.ENC_JCC || row.enc === L.ENC_JMP || row.enc === L.ENC_CALL);

  it("every jcc/jmp/call row matches iced at distances around the rel8 limits, forward and backward", () => {
    const gaps = [0, 1, 60, 123, 124, 125, 126, 127, 128, 129, 130, 131, 1000, 70000];
    let cases = 0;
    const failures: string[] = [];
    for (const { row, form } of branchRows) {
      for (const gap of gaps) {
        for (const backward of [true, false]) {
          const a = new X86Assembler(core);
          const l = a.newLabel();
          if (backward) { a.bind(l); fill(a, gap); a.jump(form, l); }
          else { a.jump(form, l); fill(a, gap); a.bind(l); }
          a.op(L.FORM_INT3);
          const res = a.finish();
          // Record index of the jump: after the label and the nop records when backward.
          const ji = backward ? Math.ceil(gap / 15) + 1 : 0;
          const ours = res.code.subarray(res.offsets[ji]!, res.offsets[ji + 1]!);
          const exp = icedBranch(row.icedShort, row.iced, res.offsets[ji]!, res.labels[l]!);
          cases++;
          if (hex(ours) !== hex(exp)) failures.push(`${row.name} gap ${gap} ${backward ? "back" : "fwd"}: ours ${hex(ours)} iced ${hex(exp)}`);
        }
      }
    }
    console.log(`branch rows: ${branchRows.length} forms × ${gaps.length * 2} distances = ${cases} cases`);
    expect(failures).toEqual([]);
  });

  function rng(seed: number) {
    let s = seed >>> 0;
    return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
  }

  /** Random code: fillers, nop runs, jcc/jmp to labels near and far; returns the batch and jump records. */
  function branchHeavy(seed: number, withAlign: boolean) {
    const r = rng(seed);
    const a = new X86Assembler(core);
    const nLabels = 3000;
    for (let i = 0; i < nLabels; i++) a.newLabel();
    const jumps: { rec: number; label: number }[] = [];
    const aligned: { label: number; align: number }[] = [];
    let bound = 0;
    const jumpForms = [L.FORM_JMP, ...conditions.map((c) => (L as unknown as Record<string, number>)[`FORM_J${c.toUpperCase()}`]!)];
    while (bound < nLabels) {
      const k = r() % 100;
      if (k < 15) {
        if (withAlign && r() % 8 === 0) {
          const al = 1 << (r() % 7);
          a.align(al);
          aligned.push({ label: bound, align: al });
        }
        a.bind(bound++);
      } else if (k < 50) {
        // Mostly nearby labels (both directions), sometimes anywhere.
        const span = r() % 4 === 0 ? nLabels : 12;
        let t = bound + (r() % (2 * span + 1)) - span;
        t = Math.max(0, Math.min(nLabels - 1, t));
        jumps.push({ rec: a.count, label: t });
        a.jump(jumpForms[r() % jumpForms.length]!, t);
      } else if (k < 53) {
        a.nop(1 + (r() % 15));
      } else if (k < 75) {
        a.rr(L.FORM_ADD_RM64_R64, r() % 16, r() % 16);
      } else {
        a.o(L.FORM_MOV_R64_IMM, r() % 16, r() % 3 === 0 ? -(r() % 1000) : r());
      }
    }
    const res = a.finish();
    return { res, jumps, aligned };
  }

  function checkJumps(res: EncodedBatch, jumps: { rec: number; label: number }[]) {
    const ins = decodeAll(res.code);
    const failures: string[] = [];
    let short = 0, near = 0, notMinimal = 0;
    for (const { rec, label } of jumps) {
      const at = res.offsets[rec]!, size = res.offsets[rec + 1]! - at;
      const i = ins.get(at);
      const target = res.labels[label]!;
      if (!i || i.length !== size || Number(i.nearBranchTarget) !== target || (i.flowControl !== FlowControl.UnconditionalBranch && i.flowControl !== FlowControl.ConditionalBranch)) {
        if (failures.length < 5) failures.push(`record ${rec} at ${at}: decoded ${i ? `len ${i.length} target ${i.nearBranchTarget}` : "nothing"}, want target ${target} size ${size}`);
        continue;
      }
      if (size === 2) short++;
      else {
        near++;
        // Would it have fitted as rel8? Forward: the target moves back by the size saved.
        const d = target > at ? target - at - size : target - (at + 2);
        if (d >= -128 && d <= 127) notMinimal++;
      }
    }
    return { failures, short, near, notMinimal, decoded: ins.size };
  }

  it("branch-heavy random code decodes to the intended targets and uses rel8 wherever it fits", () => {
    let totalJumps = 0, totalShort = 0, totalNear = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const { res, jumps } = branchHeavy(0x9e3779b9 ^ seed, false);
      const c = checkJumps(res, jumps);
      expect(c.failures).toEqual([]);
      expect(c.notMinimal).toBe(0);
      expect(res.passes).toBeGreaterThan(1);
      // Every record decodes on its own boundary: the decoded instruction count covers the stream.
      totalJumps += jumps.length; totalShort += c.short; totalNear += c.near;
    }
    console.log(`branch-heavy: ${totalJumps} jumps, ${totalShort} rel8, ${totalNear} rel32`);
    expect(totalShort).toBeGreaterThan(1000);
    expect(totalNear).toBeGreaterThan(1000);
  });

  it("ALIGN pads to the alignment with nops, and jumps across it still hit their targets", () => {
    const { res, jumps, aligned } = branchHeavy(77, true);
    const c = checkJumps(res, jumps);
    expect(c.failures).toEqual([]);
    expect(aligned.length).toBeGreaterThan(10);
    for (const { label, align } of aligned) expect(res.labels[label]! % align).toBe(0);
  });

  it("NOP_N emits n bytes of nops for n = 0..15", () => {
    for (let n = 0; n <= 15; n++) {
      const a = new X86Assembler(core);
      const res = a.nop(n).finish();
      expect(res.code.length).toBe(n);
      for (const i of decodeAll(res.code).values()) expect(i.mnemonic).toBe(Mnemonic.Nop);
    }
  });

  it("labels referenced from RIP-relative operands and calls resolve to the label", () => {
    const a = new X86Assembler(core);
    const data = a.newLabel(), fn = a.newLabel();
    a.jump(L.FORM_CALL, fn);
    a.rm(L.FORM_LEA_R64_M, 0, { base: L.MEM_RIP, index: L.MEM_NONE, scaleLog2: 0, disp: 8, target: data, targetFlag: L.REC_F_LABEL });
    a.rm(L.FORM_CMP_RM32_IMM, 0, { base: L.MEM_RIP, index: L.MEM_NONE, scaleLog2: 0, disp: 0, target: data, targetFlag: L.REC_F_LABEL }, 1000);
    a.op(L.FORM_RET);
    fill(a, 300);
    a.bind(fn).op(L.FORM_RET);
    a.bind(data).op(L.FORM_INT3);
    const res = a.finish();
    const ins = decodeAll(res.code);
    expect(Number(ins.get(res.offsets[0]!)!.nearBranchTarget)).toBe(res.labels[fn]);
    expect(Number(ins.get(res.offsets[1]!)!.ipRelMemoryAddress)).toBe(res.labels[data]! + 8);
    expect(Number(ins.get(res.offsets[2]!)!.ipRelMemoryAddress)).toBe(res.labels[data]);
    expect(res.fixups.map((f) => f.record)).toEqual([0, 1, 2]);
  });
});
