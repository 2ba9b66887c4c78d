// Branch relaxation and final resolution of one batch.
//
// Pass 1 (encoder.ts) laid out the code with every forward jump short. The variable-size items
// (auto jumps and ALIGN paddings) are recorded here with their pass-1 offset and size, ITEM_SIZE
// bytes each in one array. Relaxation repeats one walk over the items until a walk changes no size:
//   - an item's shift is the total growth of the items before it (kept per item in `shift`);
//   - an ALIGN padding is recomputed for its shifted position;
//   - a short jump is checked against its target's shifted position and grown when out of reach.
//     The distance is taken from one snapshot: for a backward target the shifts of this walk, for
//     a forward one those of the previous walk (the jump's own included). Without ALIGN a
//     distance never exceeds its final value; once a walk changes nothing, every check used the
//     final positions.
// Jumps never shrink, so this terminates (at most one growth per jump, then one walk for the
// paddings, then one that changes nothing). Without ALIGN, distances only grow between walks, so
// a jump that was grown still cannot reach in the final layout: every jump that fits rel8 is rel8.
// If any item changed size, the code is rebuilt chunk by chunk in the other code buffer (the two
// buffers swap roles; HDR_CODE_PTR says which holds the batch), and all label references are
// written from the final label offsets.
import {
  ENC_ALIGN, ENC_JMP, FIX_SIZE, FIX_OFFSET, FIX_LABEL, FIX_WIDTH, FIX_RECORD, RELOC_OFFSET, RELOC_SIZE,
  ERR_UNBOUND_LABEL, ERR_CAPACITY, ERR_INTERNAL,
} from "../shared/encoder-layout";
import { writeNops } from "./nops";

// ---- Items: ITEM_SIZE bytes each.
export const ITEM_SIZE: usize = 16;
/** i32: pass-1 code offset. */
export const ITEM_START: usize = 0;
/** i32: label id (jumps) or alignment (ALIGN). */
export const ITEM_ARG: usize = 4;
/** u32: current size (bits 0-7), pass-1 size (8-15), ENC_* kind (16-23), short opcode (24-31). */
export const ITEM_META: usize = 8;
/** i32: index of the record (the jump or the ALIGN). */
export const ITEM_RECORD: usize = 12;
/**
 * FIX_WIDTH of a jump's fixup in pass 1: the field offset and width follow from the jump's final
 * size (2: EB/70+cc rel8; 5: E9 rel32; 6: 0F 80+cc rel32), so relaxation never touches fixups.
 */
export const FIX_AUTO = 0;

@inline export function itemMeta(size: u32, kind: u32, op: u32): u32 {
  return size | (size << 8) | (kind << 16) | (op << 24);
}

/** State of the last batch's relaxation (errors and the pass count). */
export class RelaxState {
  errCode: i32 = 0;
  errIndex: i32 = 0;
  passes: i32 = 0;
  /** Code buffer holding the final code (the pass-1 buffer, or the other one after a rebuild). */
  out: usize = 0;
}

@inline function at(base: usize, k: i32): i32 {
  return load<i32>(base + (<usize>k << 2));
}
@inline function put(base: usize, k: i32, v: i32): void {
  store<i32>(base + (<usize>k << 2), v);
}

/**
 * Relaxes, lays out and resolves the batch. `items` holds n items, `shift` n + 1 i32s, `recDelta`
 * count + 1 i32s of scratch. Returns the
 * final code length (the code is at st.out), or -1 with st.errCode / st.errIndex set.
 */
export function relaxAndFinish(
  st: RelaxState, items: usize, shift: usize, n: i32, count: i32, code: usize, other: usize, len1: i32, codeCap: usize,
  offsets: usize, recDelta: usize, labelPos: usize, labelItem: usize, labelCount: i32,
  fixups: usize, fixCount: i32, relocs: usize, relocRec: usize, relocCount: i32,
): i32 {
  st.passes = 0;
  st.out = code;
  // Unbound labels are reported by the resolution below. Until then their jumps are sized from
  // stale positions, which only makes those jumps (never others) bigger than needed.
  let len = len1;
  if (n > 0) {
    memory.fill(shift, 0, (<usize>n + 1) << 2);
    let changed = false;
    for (;;) {
      st.passes++;
      let s = 0;
      let walkChanged = false;
      for (let k = 0; k < n; k++) {
        const it = items + (<usize>k << 4);
        const prev = at(shift, k);
        put(shift, k, s);
        const meta = load<u32>(it, ITEM_META);
        const size = meta & 0xff;
        const size1 = (meta >>> 8) & 0xff;
        const kind = (meta >>> 16) & 0xff;
        if (kind == ENC_ALIGN) {
          const a = load<i32>(it, ITEM_ARG);
          const pad = <u32>((0 - (load<i32>(it, ITEM_START) + s)) & (a - 1));
          if (pad != size) {
            store<u32>(it, (meta & ~0xff) | pad, ITEM_META);
            walkChanged = true;
          }
          s += <i32>pad - <i32>size1;
        } else {
          if (size == 2) {
            // The distance from one snapshot: this walk's shifts for a backward target, the
            // previous walk's (this item's included) for a forward one.
            const l = load<i32>(it, ITEM_ARG);
            const t = at(labelItem, l);
            const d = at(labelPos, l) + at(shift, t) - (load<i32>(it, ITEM_START) + (t <= k ? s : prev) + 2);
            if (d != <i32>(<i8>d)) {
              const big: u32 = kind == ENC_JMP ? 5 : 6;
              store<u32>(it, (meta & ~0xff) | big, ITEM_META);
              walkChanged = true;
              s += <i32>big - 2;
              continue;
            }
          }
          s += <i32>size - <i32>size1;
        }
      }
      put(shift, n, s);
      if (!walkChanged) break;
      changed = true;
    }
    if (changed) {
      len = len1 + at(shift, n);
      if (<usize>len > codeCap) {
        st.errCode = ERR_CAPACITY;
        st.errIndex = -1;
        return -1;
      }
      rebuild(items, shift, n, code, other, len1);
      st.out = other;
      // Record offsets: the records after item k's record move by the growth of items 0..k. As a
      // difference array over records and one running sum: no branch per run of records.
      memory.fill(recDelta, 0, (<usize>count + 1) << 2);
      for (let k = 0; k < n; k++) {
        put(recDelta, load<i32>(items + (<usize>k << 4), ITEM_RECORD) + 1, at(shift, k + 1) - at(shift, k));
      }
      let run = 0;
      for (let i = 0; i <= count; i++) {
        run += at(recDelta, i);
        put(offsets, i, at(offsets, i) + run);
      }
      for (let l = 0; l < labelCount; l++) {
        const pos = at(labelPos, l);
        if (pos != -1) put(labelPos, l, pos + at(shift, at(labelItem, l)));
      }
    }
  }

  // Label references: the field holds the addend (0 for jumps); add target - end of instruction.
  const out = st.out;
  for (let i = 0; i < fixCount; i++) {
    const f = fixups + <usize>i * FIX_SIZE;
    const wv = load<i32>(f + FIX_WIDTH);
    const rec = load<i32>(f + FIX_RECORD);
    const target = at(labelPos, load<i32>(f + FIX_LABEL));
    if (target == -1) {
      st.errCode = ERR_UNBOUND_LABEL;
      st.errIndex = rec;
      return -1;
    }
    const o = at(offsets, rec);
    // A jump (FIX_AUTO): 2 → field at 1, rel8; 5 → 1, rel32; 6 → 2, rel32.
    const auto = (wv & 0xff) == FIX_AUTO;
    const size = at(offsets, rec + 1) - o;
    const width = auto ? (size == 2 ? 1 : 4) : wv & 0xff;
    const field = o + (auto ? 1 + <i32>(size == 6) : load<i32>(f + FIX_OFFSET));
    const end = field + width + (wv >> 8);
    const rel = target - end;
    const fp = out + <usize>field;
    if (width == 1) {
      const v = rel + <i32>load<i8>(fp);
      if (v != <i32>(<i8>v)) {
        st.errCode = ERR_INTERNAL;
        st.errIndex = rec;
        return -1;
      }
      store<i8>(fp, <i8>v);
    } else {
      store<i32>(fp, load<i32>(fp) + rel);
    }
    store<i32>(f + FIX_OFFSET, field);
    store<i32>(f + FIX_WIDTH, width);
  }
  for (let i = 0; i < relocCount; i++) {
    const q = relocs + <usize>i * RELOC_SIZE;
    store<i32>(q + RELOC_OFFSET, at(offsets, at(relocRec, i)) + load<i32>(q + RELOC_OFFSET));
  }
  return len;
}

/**
 * Copies n bytes from src to dst (distinct buffers): 32 bytes unconditionally (most chunks are
 * shorter), then u64 steps. It may write up to 32 bytes past dst + n; the rebuild writes its
 * regions left to right, so whatever follows overwrites them, and the buffers keep 64 bytes of
 * slack for the last chunk.
 */
@inline function copyChunk(dst: usize, src: usize, n: usize): void {
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
  store<u64>(dst, load<u64>(src, 16), 16);
  store<u64>(dst, load<u64>(src, 24), 24);
  for (let o: usize = 32; o < n; o += 8) store<u64>(dst + o, load<u64>(src + o));
}

/** Writes the final layout into `dst`: the fixed-size chunks between items, then each item re-emitted. */
function rebuild(items: usize, shift: usize, n: i32, src: usize, dst: usize, len1: i32): void {
  let from = 0;
  for (let k = 0; k < n; k++) {
    const it = items + (<usize>k << 4);
    const s1 = load<i32>(it, ITEM_START);
    const sh = at(shift, k);
    copyChunk(dst + <usize>(from + sh), src + <usize>from, <usize>(s1 - from));
    const p = dst + <usize>(s1 + sh);
    const meta = load<u32>(it, ITEM_META);
    const size = meta & 0xff;
    const kind = (meta >>> 16) & 0xff;
    if (kind == ENC_ALIGN) {
      writeNops(p, <i32>size);
    } else {
      // Without branches (the sizes are mixed): EB/70+cc rel8, E9 rel32, 0F 80+cc rel32.
      const op = <u64>(meta >>> 24);
      const isJmp = kind == ENC_JMP;
      const short: u64 = isJmp ? 0xeb : op;
      const long: u64 = isJmp ? 0xe9 : 0x0f | ((op + 0x10) << 8);
      store<u64>(p, size == 2 ? short : long);
    }
    from = s1 + <i32>((meta >>> 8) & 0xff);
  }
  copyChunk(dst + <usize>(from + at(shift, n)), src + <usize>from, <usize>(len1 - from));
}
