// Node only: maps a native image into this process with libc's mmap/mprotect (through koffi).
//
// The image is laid out by section RVA in one private anonymous mapping, at its preferred base
// when that range is free (MAP_FIXED_NOREPLACE), elsewhere otherwise; then its DIR64 base
// relocations are applied for the difference. Afterwards .text is read+execute, .cells and
// .nprof read+write (the loader fills the cells), everything else read-only: no page is ever
// writable and executable at once.
import koffi from "koffi";
import { getLibc } from "./exec-memory.js";
import type { NativeImage } from "../image/native-image.js";

const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
const MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
const PAGE = 4096;

export class ImageMapError extends Error {
  override readonly name = "ImageMapError";
}

export interface MappedImage {
  /** Where the image's RVA 0 is in this process. */
  base: number;
  size: number;
  /** Whether it sits at its preferred base (no relocation was needed). */
  atPreferredBase: boolean;
  /** Read and write access to the mapping (cells; code only before it is protected). */
  bytes: Uint8Array;
  dispose(): void;
}

/** Maps `image` (read from `file`'s bytes): sections copied, relocated, protected. */
export function mapNativeImage(image: NativeImage, file: Uint8Array): MappedImage {
  const c = getLibc();
  const secs = image.pe.sections;
  let end = 0;
  for (const s of secs) end = Math.max(end, s.virtualAddress + Math.max(s.virtualSize, s.sizeOfRawData));
  const size = Math.ceil(end / PAGE) * PAGE;
  if (size <= 0 || size > 1 << 30) throw new ImageMapError(`image size ${size} is out of range`);
  const preferred = image.imageBase;
  const fail = (p: unknown) => p === null || BigInt(p as bigint) === 0n || BigInt(p as bigint) === 0xffffffffffffffffn;
  let p: unknown = null;
  if (preferred > 0n && preferred < 0x7fff00000000n && (preferred & 0xffffn) === 0n) {
    p = c.mmap(preferred, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (!fail(p) && BigInt(p as bigint) !== preferred) {
      // A kernel without MAP_FIXED_NOREPLACE treats the address as a hint only.
      c.munmap(BigInt(p as bigint), size);
      p = null;
    }
  }
  if (fail(p)) p = c.mmap(0n, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (fail(p)) throw new ImageMapError(`mmap of ${size} bytes failed`);
  const base = BigInt(p as bigint);
  let disposed = false;
  const dispose = () => {
    if (!disposed) c.munmap(base, size);
    disposed = true;
  };
  try {
    const bytes = new Uint8Array(koffi.view(base, size));
    for (const s of secs) {
      const n = Math.min(s.sizeOfRawData, s.virtualSize);
      if (n <= 0) continue;
      if (s.pointerToRawData + n > file.length || s.virtualAddress + n > size) throw new ImageMapError(`section ${s.name} lies outside the file or image`);
      bytes.set(file.subarray(s.pointerToRawData, s.pointerToRawData + n), s.virtualAddress);
    }
    const delta = base - preferred;
    if (delta !== 0n) {
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const rva of image.relocations) {
        if (rva + 8 > size) throw new ImageMapError(`base relocation at RVA 0x${rva.toString(16)} lies outside the image`);
        dv.setBigUint64(rva, BigInt.asUintN(64, dv.getBigUint64(rva, true) + delta), true);
      }
    }
    for (const s of secs) {
      const start = s.virtualAddress;
      const len = Math.ceil(Math.max(s.virtualSize, 1) / PAGE) * PAGE;
      const prot = s.name === ".text" ? PROT_READ | PROT_EXEC : s.name === ".cells" || s.name === ".nprof" ? PROT_READ | PROT_WRITE : PROT_READ;
      if (c.mprotect(base + BigInt(start), len, prot) !== 0) throw new ImageMapError(`mprotect of section ${s.name} failed`);
    }
    return { base: Number(base), size, atPreferredBase: delta === 0n, bytes, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
