import { BadImageError } from "./errors.js";

/**
 * Bounds-checked little-endian access to one region of a file. Every read checks its range
 * and throws BadImageError naming the file and absolute offset, so decoders built on it
 * cannot read past the end or loop forever on hostile input.
 */
export class ByteView {
  private dv: DataView | null = null;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    /** Offset of bytes[0] within the whole file, for error messages. */
    readonly base = 0,
  ) {}

  /**
   * A DataView over the region, made on first use: most views (blobs, names) are only ever
   * read byte by byte, and a DataView per blob would dominate a full read's allocation.
   */
  get view(): DataView {
    return (this.dv ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }

  get length(): number {
    return this.bytes.length;
  }

  fail(offset: number, problem: string): never {
    throw new BadImageError(this.file, this.base + offset, problem);
  }

  check(offset: number, size: number, what: string): void {
    if (!(offset >= 0 && size >= 0 && offset + size <= this.bytes.length)) {
      this.fail(offset, `${what} (${size} bytes) lies outside the ${this.bytes.length}-byte region`);
    }
  }

  u8(o: number): number {
    if (o < 0 || o >= this.bytes.length) this.fail(o, "read past end of data");
    return this.bytes[o]!;
  }
  u16(o: number): number {
    if (o < 0 || o + 2 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getUint16(o, true);
  }
  i16(o: number): number {
    if (o < 0 || o + 2 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getInt16(o, true);
  }
  u32(o: number): number {
    if (o < 0 || o + 4 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getUint32(o, true);
  }
  i32(o: number): number {
    if (o < 0 || o + 4 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getInt32(o, true);
  }
  i64(o: number): bigint {
    if (o < 0 || o + 8 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getBigInt64(o, true);
  }
  u64(o: number): bigint {
    if (o < 0 || o + 8 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getBigUint64(o, true);
  }
  f32(o: number): number {
    if (o < 0 || o + 4 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getFloat32(o, true);
  }
  f64(o: number): number {
    if (o < 0 || o + 8 > this.bytes.length) this.fail(o, "read past end of data");
    return this.view.getFloat64(o, true);
  }
  slice(o: number, size: number, what = "slice"): Uint8Array {
    this.check(o, size, what);
    return this.bytes.subarray(o, o + size);
  }
  /** A sub-view whose offsets start at `o`; errors still report absolute file offsets. */
  sub(o: number, size: number, what: string): ByteView {
    this.check(o, size, what);
    return new ByteView(this.bytes.subarray(o, o + size), this.file, this.base + o);
  }
  /** NUL-terminated UTF-8 string starting at `o`, at most `max` bytes. */
  cstring(o: number, max = this.bytes.length - o): string {
    let end = o;
    const limit = Math.min(this.bytes.length, o + max);
    while (end < limit && this.bytes[end] !== 0) end++;
    if (end >= limit && (end >= this.bytes.length || this.bytes[end] !== 0)) {
      this.fail(o, "unterminated string");
    }
    return utf8(this.bytes.subarray(o, end));
  }
}

/**
 * Sequential reader over a ByteView, used by signature, custom-attribute and IL decoders.
 */
export class Cursor {
  pos: number;
  constructor(
    readonly data: ByteView,
    start = 0,
    readonly end = data.length,
  ) {
    this.pos = start;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  get atEnd(): boolean {
    return this.pos >= this.end;
  }
  fail(problem: string, at = this.pos): never {
    this.data.fail(at, problem);
  }
  need(n: number): void {
    if (this.pos + n > this.end) this.fail(`need ${n} more bytes, only ${this.end - this.pos} left`);
  }
  u8(): number {
    this.need(1);
    return this.data.bytes[this.pos++]!;
  }
  i8(): number {
    const v = this.u8();
    return (v << 24) >> 24;
  }
  u16(): number {
    this.need(2);
    const b = this.data.bytes;
    const v = b[this.pos]! | (b[this.pos + 1]! << 8);
    this.pos += 2;
    return v;
  }
  i16(): number {
    return (this.u16() << 16) >> 16;
  }
  u32(): number {
    return this.i32() >>> 0;
  }
  i32(): number {
    this.need(4);
    const b = this.data.bytes;
    const p = this.pos;
    const v = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
    this.pos += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.data.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }
  u64(): bigint {
    this.need(8);
    const v = this.data.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  f32(): number {
    this.need(4);
    const v = this.data.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.data.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  bytes(n: number): Uint8Array {
    if (n < 0) this.fail(`negative length ${n}`);
    this.need(n);
    const b = this.data.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  /** ECMA-335 II.23.2 compressed unsigned integer (1, 2 or 4 bytes). */
  compressedU32(): number {
    const b0 = this.u8();
    if ((b0 & 0x80) === 0) return b0;
    if ((b0 & 0xc0) === 0x80) return ((b0 & 0x3f) << 8) | this.u8();
    if ((b0 & 0xe0) === 0xc0) {
      this.need(3);
      const b = this.data.bytes;
      const v = ((b0 & 0x1f) << 24) | (b[this.pos]! << 16) | (b[this.pos + 1]! << 8) | b[this.pos + 2]!;
      this.pos += 3;
      return v >>> 0;
    }
    this.fail(`invalid compressed integer lead byte 0x${b0.toString(16)}`, this.pos - 1);
  }
  /** ECMA-335 II.23.2 compressed signed integer (rotated sign bit). */
  compressedI32(): number {
    const start = this.pos;
    const u = this.compressedU32();
    const size = this.pos - start;
    const negative = (u & 1) !== 0;
    let v = u >>> 1;
    if (negative) {
      if (size === 1) v -= 0x40;
      else if (size === 2) v -= 0x2000;
      else v -= 0x10000000;
    }
    return v;
  }
}

const decoder = new TextDecoder("utf-8", { fatal: false });
export function utf8(b: Uint8Array): string {
  // Fast path for ASCII, which is nearly every identifier in real assemblies.
  if (b.length < 64) {
    let s = "";
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c >= 0x80) return decoder.decode(b);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(b);
}

const utf16 = new TextDecoder("utf-16le", { fatal: false });
export function utf16le(b: Uint8Array): string {
  return utf16.decode(b);
}
