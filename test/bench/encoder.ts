// Encoder throughput on two workloads, each encoded by the Wasm core in batches of at most 65,536
// records, against iced-x86's Encoder on the same instructions in the same run. Each figure is the
// best of REPEATS measurements (the two encoders alternate), so a busy machine shows less in the
// ratio than in the absolute figures.
//
// Real code (the primary workload; skipped when Mono is not installed): the machine code the
// backend produces for every method of Mono's mscorlib the IL importer handles, decoded with
// iced-x86 and turned back into one record per instruction (test/bench/encoder-real.ts: labels at
// branch targets, relocated calls and operands as external symbols, each method's data label).
// Methods are packed whole into batches, in metadata order; iced encodes the decoded instruction
// objects at their original addresses. The halves keep the instructions without / with a memory
// operand (labels stay; jumps and calls are in the register-only half).
//
// Synthetic: instruction kinds drawn independently at random. The mix approximates the static
// instruction distribution commonly reported for optimised x86-64 compiler output (mov family
// about a third, branches about a sixth, then ALU, cmp/test, lea, push/pop, call): per 1000
// instructions
//   mov r,r 120 · mov r,[m] 110 · mov [m],r 70 · mov r,imm 40 · mov [m],imm 15 · lea 55 ·
//   add/sub r,imm 60 · add/sub/and/or/xor r,r 70 · alu r,[m] 20 · cmp r,r 35 · cmp r,imm 35 ·
//   cmp [m],imm 10 · test r,r 35 · jcc 100 · jmp 40 · call 45 · push/pop 50 · ret 15 ·
//   movzx/movsx/movsxd 35 · shl/shr/sar imm 20 · imul 10 · setcc/cmovcc 15 ·
//   SSE scalar (movsd/addsd/mulsd/cvtsi2sd/ucomisd, reg and mem) 30 · labels ~ one per 7.
// Methods are 20–80 instructions; jumps target labels of the same method.
import { Decoder, DecoderOptions, Encoder, type Instruction } from "iced-x86";
import * as L from "../../core-as/shared/encoder-layout.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { X86Assembler, encodeWords, mem, type Mem, type EncodedBatch } from "../../host/core/encoder.js";
import { conditions } from "../../host/core/x86-forms.js";
import { packBatch } from "../../host/codegen/ir-builder.js";
import { compileBatch, BackendError, type BackendCore } from "../../host/codegen/backend.js";
import { importLibrary } from "./corlib-ir.js";
import { RecordWords, convertMethod, newStats, type ConvertStats, type Half, type MethodCode } from "./encoder-real.js";
import type { BenchModule, BenchResult } from "./types.js";

const BATCH = 65_536;
const BATCHES = 8; // distinct batches, encoded round-robin
const TOTAL = 12_000_000; // instructions encoded per measurement
// The machine may be shared: every figure (ours and iced's) is the best of REPEATS measurements,
// taken alternately in the same process.
const REPEATS = 5;

const JCC_FORMS = conditions.map((c) => (L as unknown as Record<string, number>)[`FORM_J${c.toUpperCase()}`]!);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

/** Fills an assembler with one batch of the mix (or of its register-only / memory-operand half). */
function makeBatch(a: X86Assembler, seed: number, half: Half): number {
  const r = rng(seed);
  const reg = () => r() % 16;
  const nsreg = () => [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15][r() % 15]!; // not RSP (index)
  const m = (): Mem => {
    const k = r() % 10;
    if (k < 5) return mem(k < 3 ? L.REG_RBP : reg(), L.MEM_NONE, 1, -8 * (1 + (r() % 20)));
    if (k < 7) return mem(L.REG_RSP, L.MEM_NONE, 1, 8 * (r() % 40));
    if (k < 9) return mem(reg(), nsreg(), ([1, 2, 4, 8] as const)[r() % 4], 16 + (r() % 3) * 8);
    return mem(reg(), L.MEM_NONE, 1, 0x100 + (r() % 0x1000));
  };
  const wantReg = half !== "mem", wantMem = half !== "reg";
  let labels = 0;
  while (a.count < BATCH - 100) {
    const size = 20 + (r() % 61);
    const first = labels;
    const nl = Math.max(2, Math.floor(size / 7));
    labels += nl;
    for (let i = 0; i < nl; i++) a.newLabel();
    let bound = 0;
    for (let i = 0; i < size; i++) {
      if (bound < nl && r() % 7 === 0) a.bind(first + bound++);
      const x = r() % 1000;
      const lbl = first + (r() % nl);
      if (x < 120) { if (wantReg) a.rr(L.FORM_MOV_R64_RM64, reg(), reg()); }
      else if (x < 230) { if (wantMem) a.rm(L.FORM_MOV_R64_RM64, reg(), m()); }
      else if (x < 300) { if (wantMem) a.rm(L.FORM_MOV_RM64_R64, reg(), m()); }
      else if (x < 340) { if (wantReg) a.o(L.FORM_MOV_R64_IMM, reg(), r() % 3 ? r() % 4096 : -(r() % 100)); }
      else if (x < 355) { if (wantMem) a.rm(L.FORM_MOV_RM32_IMM, 0, m(), r() % 256); }
      else if (x < 410) { if (wantMem) a.rm(L.FORM_LEA_R64_M, reg(), m()); }
      else if (x < 470) { if (wantReg) a.r(r() & 1 ? L.FORM_ADD_RM64_IMM : L.FORM_SUB_RM64_IMM, reg(), r() % 4 ? r() % 128 : r() % 100000); }
      else if (x < 540) { if (wantReg) a.rr([L.FORM_ADD_RM64_R64, L.FORM_SUB_RM64_R64, L.FORM_AND_RM32_R32, L.FORM_OR_RM64_R64, L.FORM_XOR_RM32_R32][r() % 5]!, reg(), reg()); }
      else if (x < 560) { if (wantMem) a.rm([L.FORM_ADD_R64_RM64, L.FORM_SUB_R32_RM32, L.FORM_AND_R64_RM64][r() % 3]!, reg(), m()); }
      else if (x < 595) { if (wantReg) a.rr(L.FORM_CMP_RM64_R64, reg(), reg()); }
      else if (x < 630) { if (wantReg) a.r(L.FORM_CMP_RM32_IMM, reg(), r() % 4 ? r() % 100 : 1000 + (r() % 100000)); }
      else if (x < 640) { if (wantMem) a.rm(L.FORM_CMP_RM64_IMM, 0, m(), r() % 64); }
      else if (x < 675) { if (wantReg) a.rr(L.FORM_TEST_RM64_R64, reg(), reg()); }
      else if (x < 775) { if (wantReg) a.jump(JCC_FORMS[r() % 16]!, lbl); }
      else if (x < 815) { if (wantReg) a.jump(L.FORM_JMP, lbl); }
      else if (x < 860) { if (wantReg) a.jumpSymbol(L.FORM_CALL, r() % 500); }
      else if (x < 885) { if (wantReg) a.o(L.FORM_PUSH_R64, reg()); }
      else if (x < 910) { if (wantReg) a.o(L.FORM_POP_R64, reg()); }
      else if (x < 925) { if (wantReg) a.op(L.FORM_RET); }
      else if (x < 960) {
        const f = [L.FORM_MOVZX_R32_RM8, L.FORM_MOVSX_R64_RM16, L.FORM_MOVSXD_R64_RM32][r() % 3]!;
        if (r() & 1) { if (wantReg) a.rr(f, reg(), reg()); } else if (wantMem) a.rm(f, reg(), m());
      }
      else if (x < 980) { if (wantReg) a.r([L.FORM_SHL_RM64_IMM8, L.FORM_SHR_RM32_IMM8, L.FORM_SAR_RM64_IMM8][r() % 3]!, reg(), r() % 64); }
      else if (x < 990) { if (wantReg) a.rr(L.FORM_IMUL_R64_RM64, reg(), reg()); }
      else if (x < 1000) { if (wantReg) a.rr(r() & 1 ? L.FORM_CMOVL_R64_RM64 : L.FORM_CMOVE_R32_RM32, reg(), reg()); }
      if (x % 33 === 0) {
        // SSE scalar share (about 3%).
        const f = [L.FORM_MOVSD_XMM_XMMM64, L.FORM_ADDSD_XMM_XMMM64, L.FORM_MULSD_XMM_XMMM64, L.FORM_UCOMISD_XMM_XMMM64][r() % 4]!;
        if (r() & 1) { if (wantReg) a.rr(f, reg(), reg()); } else if (wantMem) a.rm(f, reg(), m());
      }
    }
    while (bound < nl) a.bind(first + bound++);
  }
  return labels;
}

interface Prepared {
  words: Int32Array[];
  /** Machine instructions per batch (records minus label binds and ALIGN). */
  instrs: number[];
  labels: number[];
  counts: number[];
  /** The same instructions as iced-x86 objects with their addresses (created outside the timing). */
  iced: Instruction[];
  icedIps: bigint[];
  /** Relaxation passes summed over the batches. */
  passes: number;
}

function prepareSynthetic(core: ReturnType<typeof loadCoreNode>, half: Half): Prepared {
  const p: Prepared = { words: [], instrs: [], labels: [], counts: [], iced: [], icedIps: [], passes: 0 };
  const results: EncodedBatch[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const a = new X86Assembler(core);
    const nl = makeBatch(a, 1000 + b, half);
    p.words.push(a.stagedWords.slice());
    p.labels.push(nl);
    p.counts.push(a.count);
    p.instrs.push(a.count - nl);
    const r = encodeWords(core, a.stagedWords, a.count, nl); // also validates the batch
    results.push(r);
    p.passes += r.passes;
  }
  // Decoding our own output gives iced Instructions with resolved branch targets; the tests show
  // they re-encode to the same bytes. A 300,000-instruction sample.
  for (let b = 0; b < BATCHES && p.iced.length < 300_000; b++) {
    const d = new Decoder(64, results[b]!.code, DecoderOptions.None);
    d.ip = 0n;
    while (d.canDecode && p.iced.length < 300_000) {
      const ins = d.decode();
      p.icedIps.push(ins.ip);
      p.iced.push(ins);
    }
    d.free();
  }
  return p;
}

/** The compiled mscorlib methods (compiled once per process), or null without Mono. */
let realMethods: MethodCode[] | null | undefined;
function compiledCorlib(core: ReturnType<typeof loadCoreNode>): MethodCode[] | null {
  if (realMethods !== undefined) return realMethods;
  const corlib = importLibrary("mscorlib.dll");
  if (!corlib) return (realMethods = null);
  const out: MethodCode[] = [];
  for (let i = 0; i < corlib.methods.length; i += 128) {
    const chunk = corlib.methods.slice(i, i + 128);
    for (const r of compileBatch(core as BackendCore, packBatch(chunk), chunk.length)) {
      if (r instanceof BackendError) throw r;
      out.push({ code: r.code, codeBytes: r.stats.codeBytes, dataOffset: r.dataOffset, relocWords: r.relocWords });
    }
  }
  return (realMethods = out);
}

function prepareReal(core: ReturnType<typeof loadCoreNode>, methods: MethodCode[], half: Half, stats: ConvertStats): Prepared {
  const p: Prepared = { words: [], instrs: [], labels: [], counts: [], iced: [], icedIps: [], passes: 0 };
  let w = new RecordWords();
  const flush = () => {
    p.words.push(w.staged.slice());
    p.counts.push(w.count);
    p.labels.push(w.labels);
    p.instrs.push(w.instrs);
    p.passes += encodeWords(core, w.staged, w.count, w.labels).passes; // also validates the batch
    w = new RecordWords();
  };
  for (const m of methods) {
    const before = { words: w.count, labels: w.labels, instrs: w.instrs };
    const kept = convertMethod(m, w, half, stats);
    if (w.count > BATCH && before.words > 0) {
      // Whole methods per batch: start a new batch with this method.
      w.count = before.words;
      w.labels = before.labels;
      w.instrs = before.instrs;
      flush();
      for (const ins of kept) ins.free();
      const again = convertMethod(m, w, half, newStats()); // counted in stats by the first conversion
      for (const ins of again) { p.iced.push(ins); p.icedIps.push(ins.ip); }
      continue;
    }
    for (const ins of kept) { p.iced.push(ins); p.icedIps.push(ins.ip); }
  }
  if (w.count) flush();
  return p;
}

/** Core throughput: records already in the core's memory (as the in-core backend produces them). */
function measureCore(core: ReturnType<typeof loadCoreNode>, p: Prepared): { ips: number; bps: number; withCopy: number } {
  const maxCount = Math.max(...p.counts), maxLabels = Math.max(...p.labels);
  const hdr = core.encoderSetup(maxCount, Math.max(maxLabels, 1));
  const h = new Int32Array(core.memory.buffer, hdr, L.HDR_WORDS);
  const recPtr = h[L.HDR_RECORDS_PTR]!;
  const n = p.words.length;
  // Warm-up (also lets the engine tier the core up).
  for (let k = 0; k < Math.max(4, Math.ceil(32 / n)); k++) {
    for (let b = 0; b < n; b++) {
      new Int32Array(core.memory.buffer, recPtr, p.words[b]!.length).set(p.words[b]!);
      core.encodeBatch(p.counts[b]!, p.labels[b]!);
    }
  }
  let instrs = 0, bytes = 0, t = 0, tCopy = 0;
  // Round-robin over the batches until TOTAL instructions.
  for (let b = 0; instrs < TOTAL; b = (b + 1) % n) {
    const t0 = performance.now();
    new Int32Array(core.memory.buffer, recPtr, p.words[b]!.length).set(p.words[b]!);
    const t1 = performance.now();
    // The measured call: one encodeBatch() per batch of records.
    const st = core.encodeBatch(p.counts[b]!, p.labels[b]!);
    const t2 = performance.now();
    if (st !== 0) throw new Error(`encodeBatch failed: ${st}`);
    t += t2 - t1;
    tCopy += t2 - t0;
    instrs += p.instrs[b]!;
    bytes += new Int32Array(core.memory.buffer, hdr, L.HDR_WORDS)[L.HDR_CODE_LEN]!;
  }
  return { ips: instrs / (t / 1000), bps: bytes / (t / 1000), withCopy: instrs / (tCopy / 1000) };
}

function measureIced(list: Instruction[], ips: bigint[]): number {
  const enc = new Encoder(64);
  for (let i = 0; i < Math.min(20000, list.length); i++) enc.encode(list[i]!, ips[i]!); // warm-up
  enc.takeBuffer();
  const t0 = performance.now();
  for (let i = 0; i < list.length; i++) {
    enc.encode(list[i]!, ips[i]!);
    if ((i & 0xffff) === 0xffff) enc.takeBuffer();
  }
  const t = performance.now() - t0;
  enc.takeBuffer();
  enc.free();
  return list.length / (t / 1000);
}

/** Best of REPEATS for both encoders, alternating. */
function measure(core: ReturnType<typeof loadCoreNode>, p: Prepared): { c: { ips: number; bps: number; withCopy: number }; iced: number } {
  let c = { ips: 0, bps: 0, withCopy: 0 };
  let iced = 0;
  for (let k = 0; k < REPEATS; k++) {
    const ck = measureCore(core, p);
    if (ck.ips > c.ips) c = ck;
    iced = Math.max(iced, measureIced(p.iced, p.icedIps));
  }
  return { c, iced };
}

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

export const encoderBench: BenchModule = {
  name: "encoder",
  async run(): Promise<BenchResult[]> {
    // ENCODER_CORE: another build of the core (to compare two encoders on the same workloads).
    const core = process.env.ENCODER_CORE ? loadCoreNode(process.env.ENCODER_CORE) : loadCoreNode();
    const out: BenchResult[] = [];
    const only = process.env.ENCODER_WORKLOAD; // "real" or "synthetic" to run one of them

    // Real code: mscorlib compiled by the backend.
    const methods = only === "synthetic" ? null : compiledCorlib(core);
    if (methods) {
      const halves: [Half, string][] = [["all", "stream"], ["reg", "register-only half"], ["mem", "memory-operand half"]];
      for (const [half, label] of halves) {
        const stats = newStats();
        const p = prepareReal(core, methods, half, stats);
        const { c, iced } = measure(core, p);
        for (const i of p.iced) i.free();
        const instrs = sum(p.instrs), labels = sum(p.labels);
        const skipped = sum([...stats.skipped.values()]);
        out.push({
          name: `encoder real code (mscorlib) ${label}: instructions/s`,
          value: c.ips / 1e6,
          unit: "M instr/s",
          peer: "iced-x86 Encoder (JS API)",
          peerValue: iced / 1e6,
          note: `${(c.ips / iced).toFixed(1)}× iced; ${methods.length} methods, ${instrs} instr in ${p.words.length} batches (${(instrs / labels).toFixed(1)} instr per label, ${(p.passes / p.words.length).toFixed(1)} relaxation passes per batch), ${skipped} skipped as unsupported; best of ${REPEATS} × ${(TOTAL / 1e6).toFixed(0)}M instr; incl. host copy of records ${(c.withCopy / 1e6).toFixed(1)} M/s`,
        });
        if (half === "all") {
          out.push({ name: "encoder real code (mscorlib) stream: output", value: c.bps / 1e6, unit: "MB/s", peer: null, peerValue: null, note: `${(c.bps / c.ips).toFixed(2)} bytes/instr; ${stats.registerOnly} register-only, ${stats.withMemory} memory-operand instructions` });
        }
      }
    }

    if (only === "real") return out;
    const halves: [Half, string][] = [["all", "mix"], ["reg", "register-only half"], ["mem", "memory-operand half"]];
    for (const [half, label] of halves) {
      const p = prepareSynthetic(core, half);
      const { c, iced } = measure(core, p);
      for (const i of p.iced) i.free();
      out.push({
        name: `encoder synthetic ${label}: instructions/s`,
        value: c.ips / 1e6,
        unit: "M instr/s",
        peer: "iced-x86 Encoder (JS API)",
        peerValue: iced / 1e6,
        note: `${(c.ips / iced).toFixed(1)}× iced; random order; best of ${REPEATS} × ${(TOTAL / 1e6).toFixed(0)}M instr in ${BATCH}-record batches; incl. host copy of records ${(c.withCopy / 1e6).toFixed(1)} M/s`,
      });
      if (half === "all") {
        out.push({ name: "encoder synthetic mix: output", value: c.bps / 1e6, unit: "MB/s", peer: null, peerValue: null, note: `${(c.bps / c.ips).toFixed(2)} bytes/instr` });
      }
    }
    return out;
  },
};
