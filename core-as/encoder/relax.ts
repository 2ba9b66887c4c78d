// Branch relaxation and final resolution of one batch.
//
// Pass 1 (encoder.ts) laid out the code with every forward jump short. The variable-size items
// (auto jumps and ALIGN paddings) are recorded here with their pass-1 offset and size. Relaxation:
//   1. lay out: walk the items in order; an item's shift is the total growth of the items before
//      it; ALIGN paddings are recomputed for their shifted position;
//   2. check every short jump against its target's shifted position; grow the ones out of reach;
//   3. repeat until no jump grows. Jumps never shrink, so this terminates (at most one growth per
//      jump). Without ALIGN, distances only grow between passes, so a jump that was grown still
//      cannot reach in the final layout: every jump that fits rel8 is rel8.
// Then the code is moved chunk by chunk into its final place (only when some item changed size),
// and all label references are written from the final label offsets.
import {
  ENC_ALIGN, ENC_JMP, FIX_SIZE, FIX_OFFSET, FIX_LABEL, FIX_WIDTH, FIX_RECORD, RELOC_SIZE, RELOC_OFFSET,
  ERR_UNBOUND_LABEL, ERR_CAPACITY, ERR_INTERNAL,
} from "../shared/encoder-layout";
import { writeNops } from "./nops";

/** Variable-size items of the current batch, as parallel i32 arrays. */
export class Items {
  rec: usize = 0; // record index
  start1: usize = 0; // pass-1 offset
  size1: usize = 0; // pass-1 size
  size: usize = 0; // current size
  arg: usize = 0; // label id (jumps) or alignment (ALIGN)
  kind: usize = 0; // ENC_JCC / ENC_JMP / ENC_ALIGN
  op: usize = 0; // short opcode (70+cc for jcc)
  fix: usize = 0; // fixup index of the jump
  shift: usize = 0; // growth of all items before item k (k = 0..n)
  errCode: i32 = 0;
  errIndex: i32 = 0;
  passes: i32 = 0;

  reserve(n: i32): void {
    const b = <usize>n * 4 + 4;
    this.rec = heap.alloc(b);
    this.start1 = heap.alloc(b);
    this.size1 = heap.alloc(b);
    this.size = heap.alloc(b);
    this.arg = heap.alloc(b);
    this.kind = heap.alloc(b);
    this.op = heap.alloc(b);
    this.fix = heap.alloc(b);
    this.shift = heap.alloc(b);
  }

  @inline add(k: i32, rec: i32, start: i32, size: i32, arg: i32, kind: u32, op: u32, fix: i32): void {
    const o = <usize>k << 2;
    store<i32>(this.rec + o, rec);
    store<i32>(this.start1 + o, start);
    store<i32>(this.size1 + o, size);
    store<i32>(this.size + o, size);
    store<i32>(this.arg + o, arg);
    store<u32>(this.kind + o, kind);
    store<u32>(this.op + o, op);
    store<i32>(this.fix + o, fix);
  }
}

@inline function at(base: usize, k: i32): i32 {
  return load<i32>(base + (<usize>k << 2));
}
@inline function put(base: usize, k: i32, v: i32): void {
  store<i32>(base + (<usize>k << 2), v);
}

/** Returns the final code length, or -1 with it.errCode / it.errIndex set. */
export function relaxAndFinish(
  it: Items, n: i32, count: i32, code: usize, scratch: usize, len1: i32, codeCap: usize, offsets: usize,
  labelPos: usize, labelItem: usize, labelCount: i32,
  fixups: usize, fixCount: i32, relocs: usize, relocRec: usize, relocCount: i32,
): i32 {
  it.passes = 0;
  // Every referenced label must be bound before any distance means anything.
  for (let i = 0; i < fixCount; i++) {
    const f = fixups + <usize>i * FIX_SIZE;
    if (at(labelPos, load<i32>(f + FIX_LABEL)) == -1) {
      it.errCode = ERR_UNBOUND_LABEL;
      it.errIndex = load<i32>(f + FIX_RECORD);
      return -1;
    }
  }

  let len = len1;
  if (n > 0) {
    let changed = false;
    for (;;) {
      it.passes++;
      let shift = 0;
      for (let k = 0; k < n; k++) {
        put(it.shift, k, shift);
        let sz = at(it.size, k);
        if (at(it.kind, k) == ENC_ALIGN) {
          sz = (0 - (at(it.start1, k) + shift)) & (at(it.arg, k) - 1);
          put(it.size, k, sz);
        }
        const d = sz - at(it.size1, k);
        if (d != 0) changed = true;
        shift += d;
      }
      put(it.shift, n, shift);
      let grew = false;
      for (let k = 0; k < n; k++) {
        if (at(it.size, k) != 2 || at(it.kind, k) == ENC_ALIGN) continue;
        const l = at(it.arg, k);
        const target = at(labelPos, l) + at(it.shift, at(labelItem, l));
        const d = target - (at(it.start1, k) + at(it.shift, k) + 2);
        if (d != <i32>(<i8>d)) {
          put(it.size, k, at(it.kind, k) == ENC_JMP ? 5 : 6);
          grew = true;
          changed = true;
        }
      }
      if (!grew) break;
    }
    if (changed) {
      len = len1 + at(it.shift, n);
      if (<usize>len > codeCap) {
        it.errCode = ERR_CAPACITY;
        it.errIndex = -1;
        return -1;
      }
      moveChunks(it, n, code, scratch, len1, fixups);
      // Record offsets: record i moves by the growth of the items before it.
      let k = 0;
      for (let i = 0; i <= count; i++) {
        while (k < n && at(it.rec, k) < i) k++;
        put(offsets, i, at(offsets, i) + at(it.shift, k));
      }
      for (let l = 0; l < labelCount; l++) {
        const pos = at(labelPos, l);
        if (pos != -1) put(labelPos, l, pos + at(it.shift, at(labelItem, l)));
      }
    }
  }

  // Label references: the field holds the addend (0 for jumps); add target - end of instruction.
  for (let i = 0; i < fixCount; i++) {
    const f = fixups + <usize>i * FIX_SIZE;
    const wv = load<i32>(f + FIX_WIDTH);
    const width = wv & 0xff;
    const field = at(offsets, load<i32>(f + FIX_RECORD)) + load<i32>(f + FIX_OFFSET);
    const end = field + width + (wv >> 8);
    const rel = at(labelPos, load<i32>(f + FIX_LABEL)) - end;
    const fp = code + <usize>field;
    if (width == 1) {
      const v = rel + <i32>load<i8>(fp);
      if (v != <i32>(<i8>v)) {
        it.errCode = ERR_INTERNAL;
        it.errIndex = load<i32>(f + FIX_RECORD);
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

/** Moves the fixed-size chunks between items to their final offsets and re-emits the items. */
function moveChunks(it: Items, n: i32, code: usize, scratch: usize, len1: i32, fixups: usize): void {
  memory.copy(scratch, code, <usize>len1);
  let src = 0;
  for (let k = 0; k < n; k++) {
    const s1 = at(it.start1, k);
    const sh = at(it.shift, k);
    memory.copy(code + <usize>(src + sh), scratch + <usize>src, <usize>(s1 - src));
    const p = code + <usize>(s1 + sh);
    const size = at(it.size, k);
    const kind = at(it.kind, k);
    if (kind == ENC_ALIGN) {
      writeNops(p, size);
    } else {
      const op = at(it.op, k);
      const f = fixups + <usize>at(it.fix, k) * FIX_SIZE;
      if (size == 2) {
        store<u16>(p, <u16>(kind == ENC_JMP ? 0xeb : op));
        store<i32>(f + FIX_OFFSET, 1);
        store<i32>(f + FIX_WIDTH, 1);
      } else if (kind == ENC_JMP) {
        store<u8>(p, 0xe9);
        store<i32>(p + 1, 0);
        store<i32>(f + FIX_OFFSET, 1);
        store<i32>(f + FIX_WIDTH, 4);
      } else {
        store<u8>(p, 0x0f);
        store<u8>(p + 1, <u8>(op + 0x10));
        store<i32>(p + 2, 0);
        store<i32>(f + FIX_OFFSET, 2);
        store<i32>(f + FIX_WIDTH, 4);
      }
    }
    src = s1 + at(it.size1, k);
  }
  memory.copy(code + <usize>(src + at(it.shift, n)), scratch + <usize>src, <usize>(len1 - src));
}
