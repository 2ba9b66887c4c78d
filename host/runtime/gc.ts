/**
 * The managed heap's collector: non-moving mark and sweep with conservative roots.
 *
 * Allocation stays a bump pointer (TS_ALLOC_PTR .. TS_ALLOC_LIMIT, machine code in stubs.ts);
 * the region it bumps through is a hole of free, zeroed memory. When the region is exhausted,
 * the next hole large enough takes its place; the rest of the old region becomes a filler
 * object, so the heap up to its high-water mark stays a sequence of objects and fillers that
 * can be walked (every object's size follows from its method table).
 *
 * Collection runs only from the managed allocation slow paths, whose callers hold nothing in
 * JS: JS code that allocates several objects in a row (exceptions, strings) keeps them in JS
 * locals the collector cannot see, so its allocations never collect (`mayCollect` false).
 *
 * Roots, all conservative (a word that points into an object keeps it):
 * - the stack managed code runs on (koffi's synchronous stack, from the current stack pointer
 *   to where top-level calls start) and the JS thread's own stack, where V8 and koffi's trampolines
 *   save the callee-saved registers of the managed frames that called into JS;
 * - the data area (statics, the thread state with the pending exception, interned strings,
 *   indirection cells);
 * - the objects the runtime's JS side holds (Runtime.gcRoots).
 * Objects are scanned by their method tables: strings and arrays of non-references not at all,
 * everything else word by word. Nothing moves, so no pointer is ever rewritten.
 */
import koffi from "koffi";
import { currentThreadStack } from "./memory.js";
import { ARRAY_LENGTH_OFFSET, STRING_CHARS_OFFSET, STRING_LENGTH_OFFSET } from "../typesystem/layout.js";
import * as A from "./abi.js";
import type { Runtime } from "./runtime.js";

/** How an object of a method table is sized and scanned. */
const enum Shape {
  Plain = 0, // fixed size, no references
  PlainRefs = 1, // fixed size, scanned
  String = 2,
  Array = 3, // BASE + length × COMPONENT, no references
  ArrayRefs = 4, // scanned
  Filler = 5, // size in the second word
  Filler8 = 6, // one word
}

interface MTInfo {
  shape: Shape;
  base: number;
  comp: number;
}

const align8 = (n: number) => (n + 7) & ~7;
const TWO32 = 2 ** 32;

export interface HeapStats {
  collections: number;
  /** Bytes live after the last collection. */
  live: number;
  /** Milliseconds spent collecting. */
  ms: number;
}

export class Collector {
  private readonly base: number;
  private readonly size: number;
  private readonly words: Uint32Array;
  /** Free regions [start, end) in address order; `next` is the first not yet handed out. */
  private holes: number[] = [];
  private next = 0;
  /** End of the walkable heap: everything at or above it is free, zeroed memory. */
  private hwm: number;
  /** Collect when this many bytes were allocated since the last collection. */
  private budget: number;
  private allocatedSince = 0;
  private readonly info = new Map<number, MTInfo>();
  readonly fillerMT: number;
  readonly filler8MT: number;
  readonly stats: HeapStats = { collections: 0, live: 0, ms: 0 };

  constructor(private readonly rt: Runtime, heap: { base: number; size: number; bytes: Uint8Array }, private readonly threadState: number, private readonly fixedBudget?: number) {
    this.base = heap.base;
    this.size = heap.size;
    this.words = new Uint32Array(heap.bytes.buffer, heap.bytes.byteOffset, heap.bytes.byteLength >>> 2);
    this.hwm = heap.base;
    this.regionStart = heap.base;
    // By default a collection runs only when the heap is full: a collection walks every object
    // allocated since the last one, so collecting earlier costs more marking and saves nothing.
    this.budget = fixedBudget ?? heap.size;
    this.fillerMT = rt.mem.data.alloc(A.MT_HEADER_SIZE, 8);
    this.filler8MT = rt.mem.data.alloc(A.MT_HEADER_SIZE, 8);
    this.info.set(this.fillerMT, { shape: Shape.Filler, base: 0, comp: 0 });
    this.info.set(this.filler8MT, { shape: Shape.Filler8, base: 0, comp: 0 });
  }

  private r64(a: number): number {
    const i = (a - this.base) >>> 2;
    return this.words[i]! + this.words[i + 1]! * TWO32;
  }
  private w64(a: number, v: number): void {
    const i = (a - this.base) >>> 2;
    this.words[i] = v >>> 0;
    this.words[i + 1] = Math.floor(v / TWO32);
  }

  /** The current bump region [ptr, limit). */
  private get ptr(): number {
    return this.rt.r64(this.threadState + A.TS_ALLOC_PTR);
  }
  private get limit(): number {
    return this.rt.r64(this.threadState + A.TS_ALLOC_LIMIT);
  }
  /** Whether the bump region lies above the high-water mark (untouched, zeroed memory). */
  private wild = true;
  private regionStart: number;

  /** Starts allocation in the wilderness, one budget's worth at a time. */
  start(): void {
    this.setWild(0);
  }

  /** Bytes in use: the walkable heap minus the free holes (an upper bound between collections). */
  get used(): number {
    let free = this.base + this.size - (this.wild ? this.ptr : this.hwm);
    if (!this.wild) free += this.limit - this.ptr;
    for (let i = this.next; i < this.holes.length; i += 2) free += this.holes[i + 1]! - this.holes[i]!;
    return this.size - free;
  }

  /**
   * The bump region cannot hold `n` bytes: moves on to the next hole that can, collecting first
   * when allowed and due. False when nothing fits (out of memory).
   */
  refill(n: number, mayCollect: boolean): boolean {
    this.allocatedSince += this.ptr - this.regionStart;
    this.regionStart = this.ptr;
    if (mayCollect && this.allocatedSince >= this.budget) {
      this.collect();
      return this.take(n);
    }
    if (this.take(n)) return true;
    if (!mayCollect) return false;
    this.collect();
    return this.take(n);
  }

  /** Retires the current region (its tail becomes a filler) and takes the first hole of `n` bytes or more, else the wilderness. */
  private take(n: number): boolean {
    for (let i = this.next; i < this.holes.length; i += 2) {
      const start = this.holes[i]!, end = this.holes[i + 1]!;
      if (end - start < n) continue;
      this.retire();
      // Holes passed over stay fillers until the next collection.
      this.next = i + 2;
      this.w64(start, 0);
      if (end - start >= 16) this.w64(start + 8, 0);
      this.wild = false;
      this.setRegion(start, end);
      return true;
    }
    this.retire();
    this.next = this.holes.length;
    if (this.base + this.size - this.hwm < n) {
      this.setRegion(this.hwm, this.hwm);
      this.wild = true;
      return false;
    }
    this.setWild(n);
    return true;
  }

  /** The region from the high-water mark: the rest of the budget (at least `n` bytes), within the heap. */
  private setWild(n: number): void {
    const top = this.base + this.size;
    const room = Math.max(n, this.budget - this.allocatedSince, Math.min(1 << 20, this.budget));
    this.wild = true;
    this.setRegion(this.hwm, Math.min(top, this.hwm + align8(room)));
  }

  private setRegion(start: number, end: number): void {
    this.regionStart = start;
    this.rt.w64(this.threadState + A.TS_ALLOC_PTR, start);
    this.rt.w64(this.threadState + A.TS_ALLOC_LIMIT, end);
  }

  /** Ends the current region: in the wilderness the mark moves up to it, in a hole its tail becomes a filler. */
  private retire(): void {
    const ptr = this.ptr, limit = this.limit;
    if (this.wild) this.hwm = Math.max(this.hwm, ptr);
    else this.fill(ptr, limit);
    this.setRegion(ptr, ptr);
  }

  private fill(start: number, end: number): void {
    if (end - start >= 16) {
      this.w64(start, this.fillerMT);
      this.w64(start + 8, end - start);
    } else if (end - start === 8) {
      this.w64(start, this.filler8MT);
    }
  }

  private lastMT = -1;
  private lastInfo: MTInfo | null = null;
  private mtInfo(mt: number): MTInfo {
    if (mt === this.lastMT) return this.lastInfo!;
    let i = this.info.get(mt);
    if (i) {
      this.lastMT = mt;
      this.lastInfo = i;
      return i;
    }
    const rt = this.rt;
    const flags = rt.r32(mt + A.MT_FLAGS);
    const base = rt.r32(mt + A.MT_BASE_SIZE), comp = rt.r32(mt + A.MT_COMPONENT_SIZE);
    const refs = (flags & (A.MTF_CONTAINS_REFS | A.MTF_REF_ELEMENTS)) !== 0;
    const shape = flags & A.MTF_STRING ? Shape.String : flags & (A.MTF_SZARRAY | A.MTF_MDARRAY) ? (refs ? Shape.ArrayRefs : Shape.Array) : refs ? Shape.PlainRefs : Shape.Plain;
    i = { shape, base, comp };
    this.info.set(mt, i);
    return i;
  }

  private sizeOf(o: number, i: MTInfo): number {
    switch (i.shape) {
      case Shape.String: return align8(STRING_CHARS_OFFSET + 2 * this.words[(o + STRING_LENGTH_OFFSET - this.base) >>> 2]! + 2);
      case Shape.Array: case Shape.ArrayRefs: return align8(i.base + this.r64(o + ARRAY_LENGTH_OFFSET) * i.comp);
      case Shape.Filler: return this.r64(o + 8);
      case Shape.Filler8: return 8;
      default: return align8(i.base);
    }
  }

  // ---- Collection ---------------------------------------------------------------------------------
  private starts: Uint32Array = new Uint32Array(0);
  private marks: Uint32Array = new Uint32Array(0);
  private stack: number[] = [];

  collect(): void {
    const t0 = performance.now();
    this.retire();
    // The heap above the mark is free; below it, every word is an object or a filler.
    const end = this.hwm;
    const granules = (end - this.base) / 8;
    const bitWords = (granules >>> 5) + 1;
    if (this.starts.length < bitWords) {
      this.starts = new Uint32Array(bitWords + (bitWords >>> 2));
      this.marks = new Uint32Array(this.starts.length);
    } else {
      this.starts.fill(0, 0, bitWords);
      this.marks.fill(0, 0, bitWords);
    }
    // Object starts: the one walk over every object.
    for (let o = this.base; o < end; ) {
      const mt = this.r64(o);
      if (mt === 0) throw new Error(`heap walk: no method table at 0x${o.toString(16)}`);
      const g = (o - this.base) / 8;
      this.starts[g >>> 5]! |= 1 << (g & 31);
      o += this.sizeOf(o, this.mtInfo(mt));
    }
    // Roots.
    this.scanRange(this.rt.mem.data.base, this.rt.mem.data.base + this.rt.mem.data.bytesUsed);
    for (const [lo, hi] of this.stacks()) this.scanRange(lo, hi);
    for (const o of this.rt.gcRoots()) this.markPointer(o);
    // Transitive closure.
    const stack = this.stack;
    while (stack.length) {
      const o = stack.pop()!;
      const i = this.mtInfo(this.r64(o));
      if (i.shape === Shape.PlainRefs || i.shape === Shape.ArrayRefs) this.scanHeapRange(o + 8, o + this.sizeOf(o, i));
    }
    // Sweep: the gaps between marked objects become holes (zeroed, then formatted as fillers);
    // only marked objects are visited, found in the mark bitmap.
    const holes: number[] = [];
    let live = 0;
    let runStart: number = this.base;
    {
      const marks = this.marks, base = this.base;
      const lastWord = ((end - base) / 8) >>> 5;
      for (let w = 0; w <= lastWord; w++) {
        let bits = marks[w]!;
        while (bits !== 0) {
          const b = 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
          const o = base + (w * 32 + b) * 8;
          if (o >= end) break;
          const n = this.sizeOf(o, this.mtInfo(this.r64(o)));
          live += n;
          if (o > runStart) holes.push(runStart, o);
          runStart = o + n;
        }
      }
    }
    if (runStart >= end) runStart = -1;
    if (runStart >= 0) {
      // Free space at the top goes back to the wilderness.
      this.zero(runStart, end);
      this.hwm = runStart;
    }
    for (let k = 0; k < holes.length; k += 2) {
      this.zero(holes[k]!, holes[k + 1]!);
      this.fill(holes[k]!, holes[k + 1]!);
    }
    this.holes = holes;
    this.next = 0;
    // An empty region in a hole: the caller's take() picks the next one.
    this.wild = false;
    this.setRegion(this.hwm, this.hwm);
    this.allocatedSince = 0;
    this.budget = this.fixedBudget ?? this.size;
    this.stats.collections++;
    this.stats.live = live;
    this.stats.ms += performance.now() - t0;
  }

  private zero(start: number, end: number): void {
    this.words.fill(0, (start - this.base) >>> 2, (end - this.base) >>> 2);
  }

  /** Marks the object containing address `p` (if any) and queues it for scanning. */
  private markPointer(p: number): void {
    if (p < this.base || p >= this.hwm) return;
    let g = Math.floor((p - this.base) / 8);
    let w = g >>> 5;
    if ((this.starts[w]! & (1 << (g & 31))) === 0 || p % 8 !== 0) {
      // Not an object's start: the nearest object start below p.
      let bits = this.starts[w]! & (0xffffffff >>> (31 - (g & 31)));
      while (bits === 0) {
        if (w === 0) return;
        bits = this.starts[--w]!;
      }
      g = w * 32 + 31 - Math.clz32(bits);
    }
    const o = this.base + g * 8;
    if ((this.marks[g >>> 5]! & (1 << (g & 31))) !== 0) return;
    const i = this.mtInfo(this.r64(o));
    if (i.shape === Shape.Filler || i.shape === Shape.Filler8) return;
    if (p >= o + Math.max(8, this.sizeOf(o, i))) return;
    this.marks[g >>> 5]! |= 1 << (g & 31);
    if (i.shape === Shape.PlainRefs || i.shape === Shape.ArrayRefs) this.stack.push(o);
  }

  private scanHeapRange(lo: number, hi: number): void {
    this.scanWords(this.words, (lo - this.base) >>> 2, (hi - this.base) >>> 2);
  }

  /** Scans native memory outside the heap (data area, stacks) word by word. */
  private scanRange(lo: number, hi: number): void {
    lo = Math.ceil(lo / 8) * 8;
    if (hi <= lo) return;
    const w = new Uint32Array(koffi.view(lo, hi - lo) as ArrayBuffer, 0, ((hi - lo) >>> 3) * 2);
    this.scanWords(w, 0, w.length);
  }

  /** Marks what the 64-bit words in w[from, to) (pairs of 32-bit halves) point into. */
  private scanWords(w: Uint32Array, from: number, to: number): void {
    const base = this.base, hwm = this.hwm;
    for (let k = from; k < to; k += 2) {
      const v = w[k]! + w[k + 1]! * TWO32;
      if (v >= base && v < hwm) this.markPointer(v);
    }
  }

  /** The stack ranges to scan: koffi's synchronous stack in use and the main thread's stack. */
  private stacks(): [number, number][] {
    const out: [number, number][] = [];
    const sp = this.rt.currentStackPointer();
    if (this.rt.stackTop > sp) out.push([sp, this.rt.stackTop]);
    const own = currentThreadStack();
    if (!own) throw new Error("the collector cannot find this thread's stack");
    out.push(own);
    return out;
  }
}
