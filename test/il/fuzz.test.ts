// Seeded fuzzing: random buffers and random mutations of a valid body must either read,
// decode and format, or throw BadImageError — never anything else, and quickly.
import { describe, expect, test } from "vitest";
import { ByteView } from "../../host/metadata/bytes.js";
import { BadImageError } from "../../host/metadata/errors.js";
import { bodyCode, checkBodyOffsets, countInstructions } from "../../host/metadata/il/decoder.js";
import { formatMethodBody, rawTokenResolver } from "../../host/metadata/il/format.js";
import { readMethodBody } from "../../host/metadata/il/method-body.js";
import { Bytes, FILE, fatBody, rng } from "./support.js";

type Outcome = "ok" | "bad-body" | "bad-code";

/** The whole pipeline the importer runs on a body. */
function run(view: ByteView, offset: number): Outcome {
  let stage: Outcome = "bad-body";
  try {
    const body = readMethodBody(view, offset);
    stage = "bad-code";
    const n = countInstructions(bodyCode(view, body));
    checkBodyOffsets(view, body);
    const text = formatMethodBody(view, body, rawTokenResolver);
    if (text.split("\n").length !== 2 + (body.localVarSigToken ? 1 : 0) + n + body.exceptionClauses.length) {
      throw new Error("formatted line count does not match");
    }
    return "ok";
  } catch (e) {
    if (e instanceof BadImageError) {
      // Errors point into the input (or just past its end for cut-off reads).
      if (!(e.offset >= view.base && e.offset <= view.base + view.length + 3)) throw new Error(`offset out of range: ${e.message}`);
      return stage;
    }
    throw e;
  }
}

/** A valid body exercising every section form: code with a switch, branches, tokens, prefixes. */
function validBody(): Uint8Array {
  const il = new Bytes()
    .u8(0x02) // 0: ldarg.0
    .u8(0x45).u32(2).i32(0).i32(1) // 1: switch (IL_000e, IL_000f); 13 bytes
    .u8(0x00) // 14: nop
    .u8(0x28).u32(0x06000001) // 15: call
    .u8(0x72).u32(0x70000001) // 20: ldstr
    .u8(0x26) // 25: pop
    .u8(0xfe, 0x14) // 26: tail.
    .u8(0x28).u32(0x0a000002) // 28: call
    .u8(0x20).i32(1234) // 33: ldc.i4
    .u8(0x23).f64(2.5) // 38: ldc.r8
    .u8(0x26, 0x26) // 47: pop; 48: pop
    .u8(0xde, 0x04) // 49: leave.s IL_0037 (55)
    .u8(0x26) // 51: pop — catch handler
    .u8(0xde, 0x01) // 52: leave.s IL_0037
    .u8(0xdc) // 54: endfinally — finally handler
    .u8(0x2a) // 55: ret
    .build();
  return fatBody(
    il,
    [
      { flags: 0, tryOffset: 0, tryLength: 51, handlerOffset: 51, handlerLength: 3, extra: 0x01000003 },
      { flags: 2, tryOffset: 0, tryLength: 54, handlerOffset: 54, handlerLength: 1, extra: 0 },
    ],
    false,
    0x11000001,
  ).build();
}

describe("fuzz", () => {
  test("the mutation seed body is valid", () => {
    expect(run(new ByteView(validBody(), FILE), 0)).toBe("ok");
  });

  test("10,000 random buffers: only BadImageError, and some get through every stage", () => {
    const next = rng(0x1d2c3b4a);
    const counts = { ok: 0, "bad-body": 0, "bad-code": 0 };
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const len = Math.floor(next() * 80);
      const bytes = new Uint8Array(len);
      for (let j = 0; j < len; j++) bytes[j] = Math.floor(next() * 256);
      // Steer a third of the inputs to a plausible header so the deeper stages are reached.
      if (len > 0 && i % 3 === 0) bytes[0] = next() < 0.5 ? ((Math.min(len - 1, 63) << 2) | 2) : 0x03 | (next() < 0.5 ? 0x08 : 0);
      if (len > 1 && i % 3 === 0 && (bytes[0]! & 3) === 3) bytes[1] = 0x30;
      counts[run(new ByteView(bytes, FILE, 0x1000), 0)]++;
    }
    const ms = performance.now() - t0;
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts["bad-code"]).toBeGreaterThan(100);
    expect(counts["bad-body"]).toBeGreaterThan(100);
    expect(ms).toBeLessThan(5000);
  });

  test("10,000 random IL code buffers through the decoder", () => {
    const next = rng(42);
    let ok = 0;
    for (let i = 0; i < 10_000; i++) {
      const len = 1 + Math.floor(next() * 40);
      const bytes = new Uint8Array(len);
      for (let j = 0; j < len; j++) bytes[j] = Math.floor(next() * 256);
      try {
        countInstructions(new ByteView(bytes, FILE, 0x40));
        ok++;
      } catch (e) {
        if (!(e instanceof BadImageError)) throw e;
        // An operand cut off exactly at the end is reported at the end.
        if (!(e.offset >= 0x40 && e.offset <= 0x40 + len)) throw new Error(`offset out of range: ${e.message}`);
      }
    }
    expect(ok).toBeGreaterThan(0);
  });

  test("10,000 mutations of a valid body: only BadImageError", () => {
    const seed = validBody();
    const next = rng(7);
    const counts = { ok: 0, "bad-body": 0, "bad-code": 0 };
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      let bytes = seed.slice();
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * bytes.length);
        const how = next();
        if (how < 0.6) bytes[at] = Math.floor(next() * 256);
        else if (how < 0.8) bytes[at] = bytes[at]! ^ (1 << Math.floor(next() * 8));
        else if (how < 0.9) bytes = bytes.subarray(0, at);
        else bytes[at] = [0x00, 0xff, 0x7f, 0x80, 0xfe][Math.floor(next() * 5)]!;
      }
      counts[run(new ByteView(bytes, FILE, 0x2000), 0)]++;
    }
    const ms = performance.now() - t0;
    expect(counts.ok).toBeGreaterThan(100);
    expect(counts["bad-body"]).toBeGreaterThan(100);
    expect(counts["bad-code"]).toBeGreaterThan(100);
    expect(ms).toBeLessThan(5000);
  });
});
