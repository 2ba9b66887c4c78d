/**
 * Placing machine code with relocations into the code area: used for compiled methods and for
 * the runtime's own hand-assembled stubs.
 *
 * Invariant: relocations are applied while the batch is open (writable); the caller seals it.
 */
import * as L from "../../core-as/shared/encoder-layout.js";
import type { CodeBatch } from "./memory.js";

export interface Relocation {
  offset: number;
  kind: number; // L.RELOC_REL32 | L.RELOC_ABS64
  symbol: number;
  addend: number;
}

export class LinkError extends Error {
  override readonly name = "LinkError";
}

/** Places `code` in `batch`, applies `relocs` with `resolve` giving each symbol's address; returns the code's address. */
export function placeAndLink(batch: CodeBatch, code: Uint8Array, relocs: readonly Relocation[], resolve: (symbol: number) => number, align = 16): number {
  const at = batch.place(code, align);
  for (const r of relocs) {
    const s = resolve(r.symbol);
    const field = at + r.offset;
    if (r.kind === L.RELOC_REL32) {
      const v = s + r.addend - field;
      if (v < -(2 ** 31) || v >= 2 ** 31) throw new LinkError(`symbol ${r.symbol} at 0x${s.toString(16)} is out of rel32 range of 0x${field.toString(16)}`);
      batch.writeI32(field, v);
    } else if (r.kind === L.RELOC_ABS64) {
      batch.writeU64(field, BigInt(s) + BigInt(r.addend));
    } else {
      throw new LinkError(`unknown relocation kind ${r.kind}`);
    }
  }
  return at;
}
