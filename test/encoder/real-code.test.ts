// Real compiled code re-encoded: a sample of mscorlib's methods compiled by the backend, decoded
// with iced-x86 and turned back into encoder records (test/bench/encoder-real.ts, the encoder
// benchmark's real workload). Each method encoded alone must give exactly the backend's bytes
// (instructions, alignment padding, relocations), and iced-x86's Encoder on the decoded
// instructions must give the same instruction bytes.
import { describe, expect, it } from "vitest";
import { Encoder } from "iced-x86";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { encodeWords } from "../../host/core/encoder.js";
import { packBatch } from "../../host/codegen/ir-builder.js";
import { compileBatch, BackendError, type BackendCore } from "../../host/codegen/backend.js";
import { importLibrary } from "../bench/corlib-ir.js";
import { RecordWords, convertMethod, newStats } from "../bench/encoder-real.js";

const corlib = importLibrary("mscorlib.dll");
const STEP = 150; // every 150th method: about 140 methods, 9,000 instructions

describe("x86-64 encoder: real compiled methods vs the backend's bytes and iced-x86", () => {
  it("re-encodes a sample of mscorlib methods byte for byte", () => {
    if (!corlib) throw new Error("Mono's mscorlib.dll is needed (apt-get install -y mono-devel)");
    const core = loadCoreNode() as BackendCore;
    const sample = corlib!.methods.filter((_, i) => i % STEP === 0);
    const compiled = compileBatch(core, packBatch(sample), sample.length);
    const stats = newStats();
    const enc = new Encoder(64);
    let instrs = 0;
    for (const [k, r] of compiled.entries()) {
      if (r instanceof BackendError) throw r;
      const m = { code: r.code, codeBytes: r.stats.codeBytes, dataOffset: r.dataOffset, relocWords: r.relocWords };
      const w = new RecordWords();
      const kept = convertMethod(m, w, "all", stats);
      instrs += kept.length;
      const ours = encodeWords(core, w.staged, w.count, w.labels);
      // The backend's code up to its data: instructions, then ALIGN 16 padding when it has data.
      expect(Buffer.from(ours.code).equals(Buffer.from(r.code.subarray(0, r.dataOffset))), `method ${k * STEP}`).toBe(true);
      expect(ours.relocs.flatMap((x) => [x.offset, x.kind, x.symbol, x.addend])).toEqual(Array.from(r.relocWords));
      for (const ins of kept) enc.encode(ins, ins.ip);
      const icedBytes = enc.takeBuffer();
      expect(Buffer.from(icedBytes).equals(Buffer.from(r.code.subarray(0, r.stats.codeBytes))), `iced, method ${k * STEP}`).toBe(true);
      for (const ins of kept) ins.free();
    }
    enc.free();
    expect(stats.skipped.size).toBe(0);
    expect(instrs).toBe(stats.decoded);
    expect(instrs).toBeGreaterThan(3000);
    expect(stats.withMemory).toBeGreaterThan(0);
    expect(stats.registerOnly).toBeGreaterThan(0);

    // The benchmark's batches: many methods per batch (labels numbered per batch), and the halves.
    for (const half of ["all", "reg", "mem"] as const) {
      const w = new RecordWords();
      const hs = newStats();
      for (const r of compiled) {
        if (r instanceof BackendError) throw r;
        for (const ins of convertMethod({ code: r.code, codeBytes: r.stats.codeBytes, dataOffset: r.dataOffset, relocWords: r.relocWords }, w, half, hs)) ins.free();
      }
      const b = encodeWords(core, w.staged, w.count, w.labels);
      expect(b.code.length).toBeGreaterThan(0);
      expect(w.instrs).toBe(half === "all" ? stats.decoded : half === "reg" ? stats.registerOnly : stats.withMemory);
    }
  });
});
