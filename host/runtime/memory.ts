/**
 * The runtime's address space: one reservation (mmap PROT_NONE, MAP_NORESERVE) split into a
 * code area, a data area and the managed heap. Node only (libc through koffi).
 *
 *   [ code area | data area | heap ]
 *
 * Invariants:
 * - Code and data areas are adjacent and together smaller than 2 GiB, so a rel32 from any code
 *   address reaches any data address (indirection cells, method tables) and any other code.
 * - Code pages are never writable and executable at once: new code goes into fresh pages
 *   (CodeArea.open), which are read+write while written and read+execute once sealed; a sealed
 *   page is never written again.
 * - The data area and the heap are read+write from the start; MAP_NORESERVE means untouched
 *   pages cost nothing, and fresh pages read as zero (the heap relies on it: no collector
 *   reuses memory, so allocation needs no clearing).
 * - Addresses are JS numbers (user-space addresses are below 2^47, exact in a double).
 */
import koffi from "koffi";
import { readFileSync } from "node:fs";

const PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
const MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
export const PAGE = 4096;

export class RuntimeMemoryError extends Error {
  override readonly name = "RuntimeMemoryError";
}

interface Libc {
  mmap: (addr: null, len: number, prot: number, flags: number, fd: number, off: number) => unknown;
  mprotect: (addr: number, len: number, prot: number) => number;
  munmap: (addr: number, len: number) => number;
  memmove: number;
  memcmp: number;
  /** The C heap (Marshal.AllocHGlobal and friends); addresses as numbers. */
  malloc: (n: number) => number | bigint;
  realloc: (p: number, n: number) => number | bigint;
  free: (p: number) => void;
  strerror: (errno: number) => string;
}
let libc: Libc | null = null;

/** libc's functions through koffi (loaded once). */
export function getLibc(): Libc {
  if (!libc) {
    // Managed code runs on koffi's stack for synchronous calls; give it the largest one koffi
    // allows before the first call (the setting cannot change afterwards).
    try {
      koffi.config({ ...koffi.config(), sync_stack_size: 16 << 20 });
    } catch {
      // Another module made koffi calls first: keep its stack size.
    }
    const lib = koffi.load("libc.so.6");
    libc = {
      mmap: lib.func("void *mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)") as Libc["mmap"],
      mprotect: lib.func("int mprotect(uintptr_t addr, size_t len, int prot)") as Libc["mprotect"],
      munmap: lib.func("int munmap(uintptr_t addr, size_t len)") as Libc["munmap"],
      memmove: Number(koffi.address(lib.symbol("memmove"))),
      memcmp: Number(koffi.address(lib.symbol("memcmp"))),
      malloc: lib.func("uintptr_t malloc(size_t size)") as Libc["malloc"],
      realloc: lib.func("uintptr_t realloc(uintptr_t p, size_t size)") as Libc["realloc"],
      free: lib.func("void free(uintptr_t p)") as Libc["free"],
      strerror: lib.func("const char *strerror(int errnum)") as Libc["strerror"],
    };
  }
  return libc;
}

let threadStackFns: { self: () => unknown; getattr: (t: unknown, attr: Buffer) => number; getstack: (attr: Buffer, addr: Buffer, size: Buffer) => number; destroy: (attr: Buffer) => number } | null = null;

/**
 * The calling thread's stack [low, high) as the C library knows it (pthread_getattr_np), cut
 * to the part that is mapped (the main thread's stack grows on demand; a thread's stack sits
 * above a guard page). Null when it cannot be found.
 */
export function currentThreadStack(): [number, number] | null {
  getLibc();
  if (!threadStackFns) {
    const lib = koffi.load("libc.so.6");
    threadStackFns = {
      self: lib.func("unsigned long pthread_self()") as () => unknown,
      getattr: lib.func("int pthread_getattr_np(unsigned long thread, _Out_ uint8_t *attr)") as never,
      getstack: lib.func("int pthread_attr_getstack(uint8_t *attr, _Out_ uint8_t *addr, _Out_ uint8_t *size)") as never,
      destroy: lib.func("int pthread_attr_destroy(uint8_t *attr)") as never,
    };
  }
  const f = threadStackFns;
  const attr = Buffer.alloc(128), addr = Buffer.alloc(8), size = Buffer.alloc(8);
  if (f.getattr(f.self(), attr) !== 0) return null;
  try {
    if (f.getstack(attr, addr, size) !== 0) return null;
  } finally {
    f.destroy(attr);
  }
  const low = Number(addr.readBigUInt64LE(0)), high = low + Number(size.readBigUInt64LE(0));
  // The mapping holding the stack's top bounds what may be read.
  try {
    const maps = readFileSync("/proc/self/maps", "utf8");
    for (const line of maps.split("\n")) {
      const m = /^([0-9a-f]+)-([0-9a-f]+) r/.exec(line);
      if (!m) continue;
      const a = parseInt(m[1]!, 16), b = parseInt(m[2]!, 16);
      if (a < high && high <= b) return [Math.max(low, a), high];
    }
  } catch {
    return null;
  }
  return null;
}

let libm: Map<string, number> | null = null;

/** The address of a C math library function (Mono's Math internal calls are these functions). */
export function libmFunction(name: string): number {
  if (!libm) libm = new Map();
  let a = libm.get(name);
  if (a === undefined) {
    getLibc();
    a = Number(koffi.address(koffi.load("libm.so.6").symbol(name)));
    libm.set(name, a);
  }
  return a;
}

const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;

export interface ReservationSizes {
  code: number;
  data: number;
  heap: number;
}

/** One mapping holding the code area, the data area and the heap. */
export class Reservation {
  readonly base: number;
  readonly total: number;
  readonly code: CodeArea;
  readonly data: DataArea;
  readonly heap: { base: number; size: number; bytes: Uint8Array };
  private freed = false;

  constructor(sizes: ReservationSizes) {
    const code = roundUp(sizes.code, PAGE), data = roundUp(sizes.data, PAGE), heap = roundUp(Math.max(sizes.heap, PAGE), PAGE);
    if (code + data >= 2 ** 31) throw new RuntimeMemoryError(`code (${code}) and data (${data}) areas must stay within 2 GiB of each other`);
    if (heap > 2 ** 32) throw new RuntimeMemoryError(`heap of ${heap} bytes is larger than 4 GiB`);
    const c = getLibc();
    this.total = code + data + heap;
    const p = c.mmap(null, this.total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    const base = p === null ? 0 : Number(koffi.address(p));
    if (base === 0 || base === 2 ** 64 - 1 || base < 0) throw new RuntimeMemoryError(`cannot reserve ${this.total} bytes of address space`);
    this.base = base;
    const rw = (at: number, len: number) => {
      if (c.mprotect(at, len, PROT_READ | PROT_WRITE) !== 0) throw new RuntimeMemoryError(`mprotect(read+write) of ${len} bytes failed`);
    };
    rw(base + code, data + heap);
    this.code = new CodeArea(base, code);
    this.data = new DataArea(base + code, data);
    this.heap = { base: base + code + data, size: heap, bytes: new Uint8Array(koffi.view(base + code + data, heap)) };
  }

  dispose(): void {
    if (this.freed) return;
    this.freed = true;
    getLibc().munmap(this.base, this.total);
  }
}

/** Read-write data: method tables, statics, string literals, cells, the thread state. */
export class DataArea {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  private used = 0;

  constructor(readonly base: number, readonly size: number) {
    this.bytes = new Uint8Array(koffi.view(base, size));
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /** `n` zeroed bytes (fresh memory is zero and never reused). */
  alloc(n: number, align = 8): number {
    const off = roundUp(this.used, align);
    if (off + n > this.size) throw new RuntimeMemoryError(`data area of ${this.size >> 20} MiB is full (${n} more bytes needed)`);
    this.used = off + n;
    return this.base + off;
  }

  get bytesUsed(): number {
    return this.used;
  }
}

/**
 * Code pages. open() starts a batch at the next fresh page; the batch places code, lets the
 * caller patch it, and seal() makes its pages read+execute for good.
 */
export class CodeArea {
  private readonly bytes: Uint8Array;
  /** Next fresh page offset. */
  private next = 0;
  private batch: CodeBatch | null = null;

  constructor(readonly base: number, readonly size: number) {
    this.bytes = new Uint8Array(koffi.view(base, size));
  }

  open(): CodeBatch {
    if (this.batch) throw new RuntimeMemoryError("a code batch is already open");
    this.batch = new CodeBatch(this, this.next);
    return this.batch;
  }

  /** @internal */ grant(from: number, to: number): Uint8Array {
    const end = roundUp(to, PAGE);
    if (end > this.size) throw new RuntimeMemoryError(`code area of ${this.size >> 20} MiB is full`);
    const start = roundUp(from, PAGE);
    if (end > start && getLibc().mprotect(this.base + start, end - start, PROT_READ | PROT_WRITE) !== 0) {
      throw new RuntimeMemoryError("mprotect(read+write) of fresh code pages failed");
    }
    return this.bytes;
  }

  /** @internal */ close(b: CodeBatch, end: number): void {
    const pagesEnd = roundUp(end, PAGE);
    if (pagesEnd > b.start && getLibc().mprotect(this.base + b.start, pagesEnd - b.start, PROT_READ | PROT_EXEC) !== 0) {
      throw new RuntimeMemoryError("mprotect(read+execute) of code pages failed");
    }
    this.next = pagesEnd;
    this.batch = null;
  }

  get bytesUsed(): number {
    return this.next;
  }

  /** Whether `address` lies in a sealed page of this area. */
  contains(address: number): boolean {
    return address >= this.base && address < this.base + this.next;
  }
}

export class CodeBatch {
  private end: number;
  private committed: number;
  private sealed = false;
  private readonly view: DataView;

  constructor(private readonly area: CodeArea, readonly start: number) {
    this.end = start;
    this.committed = start;
    const b = area.grant(start, start);
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Copies `code` in at an `align`-aligned address and returns it. */
  place(code: Uint8Array, align = 16): number {
    if (this.sealed) throw new RuntimeMemoryError("code batch already sealed");
    const off = roundUp(this.end, align);
    const end = off + code.length;
    if (end > this.committed) {
      this.area.grant(this.committed, end);
      this.committed = roundUp(end, PAGE);
    }
    new Uint8Array(this.view.buffer, this.view.byteOffset + off, code.length).set(code);
    this.end = end;
    return this.area.base + off;
  }

  /** Writes a little-endian i32 at `address` (inside this batch). */
  writeI32(address: number, value: number): void {
    this.view.setInt32(this.offsetOf(address, 4), value, true);
  }
  writeU64(address: number, value: number | bigint): void {
    this.view.setBigUint64(this.offsetOf(address, 8), BigInt.asUintN(64, BigInt(value)), true);
  }

  private offsetOf(address: number, n: number): number {
    const off = address - this.area.base;
    if (this.sealed || off < this.start || off + n > this.end) throw new RuntimeMemoryError("patch outside the open code batch");
    return off;
  }

  seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    this.area.close(this, this.end);
  }
}
