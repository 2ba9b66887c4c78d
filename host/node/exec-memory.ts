// Node only: executable memory through libc's mmap/mprotect (called with koffi), relocation of
// compiled methods, and calls into them with koffi function prototypes.
//
// Life cycle of an ExecMemory: place() code while the mapping is writable, relocate(), then
// seal() (PROT_READ | PROT_EXEC: never writable and executable at once); only then call().
// DataMemory is a separate read-write mapping for buffers and cells the code reads or writes.
import koffi from "koffi";
import * as L from "../../core-as/shared/encoder-layout.js";

const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
const MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20;
const PAGE = 4096;

/** libc's mapping functions (addresses as uintptr_t: bigint in, number or bigint out). */
export interface Libc {
  mmap: (addr: bigint, len: number, prot: number, flags: number, fd: number, off: number) => unknown;
  mprotect: (addr: bigint, len: number, prot: number) => number;
  munmap: (addr: bigint, len: number) => number;
}
let libc: Libc | null = null;
export function getLibc(): Libc {
  if (!libc) {
    const lib = koffi.load("libc.so.6");
    libc = {
      mmap: lib.func("uintptr_t mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, int64_t off)") as Libc["mmap"],
      mprotect: lib.func("int mprotect(uintptr_t addr, size_t len, int prot)") as Libc["mprotect"],
      munmap: lib.func("int munmap(uintptr_t addr, size_t len)") as Libc["munmap"],
    };
  }
  return libc;
}

export class ExecMemoryError extends Error {
  override readonly name = "ExecMemoryError";
}

function mapPages(size: number): { base: bigint; size: number } {
  const len = Math.ceil(size / PAGE) * PAGE;
  const base = BigInt(getLibc().mmap(0n, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) as bigint);
  if (base === 0n || base >= 0xfffffffffffff000n) throw new ExecMemoryError(`mmap of ${len} bytes failed`);
  return { base, size: len };
}

/** A relocation as compiled methods and the encoder report it. */
export interface Reloc {
  offset: number;
  kind: number; // L.RELOC_REL32 | L.RELOC_ABS64
  symbol: number;
  addend: number;
}

/** Types koffi understands: "int32_t", "int64_t", "uint64_t", "double", "float", "void". */
export type CType = string;

/** A read-write region for data the generated code uses. */
export class DataMemory {
  readonly base: bigint;
  readonly size: number;
  readonly bytes: Uint8Array;
  private used = 0;
  private freed = false;

  constructor(size: number) {
    const m = mapPages(size);
    this.base = m.base;
    this.size = m.size;
    this.bytes = new Uint8Array(koffi.view(m.base, m.size));
  }

  /** `n` zeroed bytes at an aligned address. */
  alloc(n: number, align = 16): { address: bigint; bytes: Uint8Array } {
    const off = Math.ceil(this.used / align) * align;
    if (off + n > this.size) throw new ExecMemoryError("data memory full");
    this.used = off + n;
    const bytes = this.bytes.subarray(off, off + n);
    bytes.fill(0);
    return { address: this.base + BigInt(off), bytes };
  }

  dispose(): void {
    if (this.freed) return;
    this.freed = true;
    getLibc().munmap(this.base, this.size);
  }
}

/** An executable region: code is written, relocated, then sealed read+execute. */
export class ExecMemory {
  readonly base: bigint;
  readonly size: number;
  private view: Uint8Array | null;
  private used = 0;
  private sealed = false;
  private freed = false;

  constructor(size: number) {
    const m = mapPages(size);
    this.base = m.base;
    this.size = m.size;
    this.view = new Uint8Array(koffi.view(m.base, m.size));
  }

  /** Copies code in at a 16-byte aligned address (the backend aligns its data area to the code start). */
  place(code: Uint8Array, align = 16): bigint {
    if (this.sealed || !this.view) throw new ExecMemoryError("memory already sealed");
    const off = Math.ceil(this.used / align) * align;
    if (off + code.length > this.size) throw new ExecMemoryError("executable memory full");
    this.view.set(code, off);
    this.used = off + code.length;
    return this.base + BigInt(off);
  }

  /** Applies relocations to code placed at `at`; `resolve` gives each symbol's address. */
  relocate(at: bigint, relocs: readonly Reloc[], resolve: (symbol: number) => bigint): void {
    if (this.sealed || !this.view) throw new ExecMemoryError("memory already sealed");
    const dv = new DataView(this.view.buffer, this.view.byteOffset, this.view.byteLength);
    const start = Number(at - this.base);
    for (const r of relocs) {
      const s = resolve(r.symbol);
      const field = start + r.offset;
      if (r.kind === L.RELOC_REL32) {
        const v = s + BigInt(r.addend) - (at + BigInt(r.offset));
        if (v < -(1n << 31n) || v >= 1n << 31n) throw new ExecMemoryError(`symbol ${r.symbol} out of rel32 range`);
        dv.setInt32(field, Number(v), true);
      } else if (r.kind === L.RELOC_ABS64) {
        dv.setBigUint64(field, BigInt.asUintN(64, s + BigInt(r.addend)), true);
      } else {
        throw new ExecMemoryError(`unknown relocation kind ${r.kind}`);
      }
    }
  }

  /** Makes the region read+execute (and never writable again). */
  seal(): void {
    if (this.sealed) return;
    if (getLibc().mprotect(this.base, this.size, PROT_READ | PROT_EXEC) !== 0) throw new ExecMemoryError("mprotect failed");
    this.sealed = true;
    this.view = null;
  }

  /** A JS function calling native code at `address` with the given C prototype. Requires seal(). */
  function(address: bigint, ret: CType, args: readonly CType[]): (...args: unknown[]) => unknown {
    if (!this.sealed) throw new ExecMemoryError("seal() the memory before calling into it");
    if (address < this.base || address >= this.base + BigInt(this.size)) throw new ExecMemoryError("address outside this region");
    const proto = koffi.proto(ret, [...args]);
    return koffi.decode(address, proto) as (...args: unknown[]) => unknown;
  }

  dispose(): void {
    if (this.freed) return;
    this.freed = true;
    getLibc().munmap(this.base, this.size);
  }
}
