/**
 * Metadata root (II.24.2.1), stream headers, the four heaps and the table stream (#~ or #-).
 *
 * Invariants: after construction every table's extent lies inside the table stream and every
 * heap inside the metadata block. Cell reads are unchecked for speed and are only done with
 * row numbers 1..rowCount (callers validate row numbers that come from the file with
 * `checkRow`/`decodeCoded`). Heap reads validate the index against the heap size.
 */
import { ByteView, Cursor, utf8, utf16le } from "./bytes.js";
import { PEImage } from "./pe.js";
import {
  CODED, COL_BLOB, COL_CODED, COL_GUID, COL_STRING, COL_TABLE, COL_U16, COL_U32, COL_U8, Coded, SCHEMA, TABLE_COUNT,
  Table,
} from "./schema.js";

/** A blob as a range of a larger view (offsets in that view's coordinates). */
export interface BlobRange {
  data: ByteView;
  start: number;
  end: number;
}

export interface StreamHeader {
  name: string;
  /** File offset of the stream. */
  offset: number;
  size: number;
}

const MAX_COLS = 16;

export class MetadataTables {
  readonly rowCounts = new Uint32Array(64);
  readonly tableStart = new Float64Array(TABLE_COUNT);
  readonly rowSize = new Uint32Array(TABLE_COUNT);
  readonly colOffset = new Uint8Array(TABLE_COUNT * MAX_COLS);
  readonly colSize = new Uint8Array(TABLE_COUNT * MAX_COLS);
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly heapSizes: number;
  readonly valid: bigint;
  readonly sorted: bigint;
  /** true for an uncompressed (#-) stream, which may use the *Ptr indirection tables. */
  readonly uncompressed: boolean;
  readonly stringIndexSize: number;
  readonly guidIndexSize: number;
  readonly blobIndexSize: number;

  constructor(
    readonly data: ByteView,
    stream: StreamHeader,
    /** #JTD present: every heap and table index is 4 bytes (minimal delta metadata). */
    allLarge: boolean,
  ) {
    const d = data;
    this.uncompressed = stream.name === "#-";
    const o = stream.offset;
    if (stream.size < 24) d.fail(o, `table stream ${stream.name} is ${stream.size} bytes, smaller than its 24-byte header`);
    this.majorVersion = d.u8(o + 4);
    this.minorVersion = d.u8(o + 5);
    this.heapSizes = d.u8(o + 6);
    this.valid = d.u64(o + 8);
    this.sorted = d.u64(o + 16);
    this.stringIndexSize = allLarge || this.heapSizes & 1 ? 4 : 2;
    this.guidIndexSize = allLarge || this.heapSizes & 2 ? 4 : 2;
    this.blobIndexSize = allLarge || this.heapSizes & 4 ? 4 : 2;
    let p = o + 24;
    const end = o + stream.size;
    for (let i = 0; i < 64; i++) {
      if ((this.valid >> BigInt(i)) & 1n) {
        if (p + 4 > end) d.fail(p, "row counts run past the end of the table stream");
        const n = d.u32(p);
        if (i >= TABLE_COUNT && n > 0) d.fail(p, `table 0x${i.toString(16)} is not an ECMA-335 table (it has ${n} rows)`);
        if (n > 0xffffff) d.fail(p, `table ${SCHEMA[i]?.name ?? i} claims ${n} rows; a row id has 24 bits`);
        this.rowCounts[i] = n;
        p += 4;
      }
    }
    if (this.heapSizes & 0x40) p += 4; // extra data after the row counts
    const idx = (rows: number) => (allLarge || rows >= 0x10000 ? 4 : 2);
    const codedSize = (k: number) => {
      const cd = CODED[k]!;
      let max = 0;
      for (const t of cd.tables) if (t >= 0 && this.rowCounts[t]! > max) max = this.rowCounts[t]!;
      return allLarge || max >= 1 << (16 - cd.bits) ? 4 : 2;
    };
    for (let t = 0; t < TABLE_COUNT; t++) {
      let off = 0;
      SCHEMA[t]!.columns.forEach((c, i) => {
        let size: number;
        const k = c.kind;
        if (k === COL_U8 || k === COL_U16) size = 2;
        else if (k === COL_U32) size = 4;
        else if (k === COL_STRING) size = this.stringIndexSize;
        else if (k === COL_GUID) size = this.guidIndexSize;
        else if (k === COL_BLOB) size = this.blobIndexSize;
        else if (k >= COL_CODED) size = codedSize(k - COL_CODED);
        else size = idx(this.rowCounts[k - COL_TABLE]!);
        this.colOffset[t * MAX_COLS + i] = off;
        this.colSize[t * MAX_COLS + i] = size;
        off += size;
      });
      this.rowSize[t] = off;
      this.tableStart[t] = p;
      const bytes = off * this.rowCounts[t]!;
      if (p + bytes > end) {
        d.fail(p, `table ${SCHEMA[t]!.name} (${this.rowCounts[t]} rows of ${off} bytes) runs past the end of the ${stream.size}-byte table stream`);
      }
      p += bytes;
    }
  }

  rows(t: Table): number {
    return this.rowCounts[t]!;
  }

  /** File offset of a cell. */
  cellOffset(t: Table, row: number, c: number): number {
    return this.tableStart[t]! + (row - 1) * this.rowSize[t]! + this.colOffset[t * MAX_COLS + c]!;
  }

  /** Raw value of a cell (row must be in 1..rows(t)). */
  cell(t: Table, row: number, c: number): number {
    const o = this.tableStart[t]! + (row - 1) * this.rowSize[t]! + this.colOffset[t * MAX_COLS + c]!;
    const b = this.data.bytes;
    const size = this.colSize[t * MAX_COLS + c]!;
    if (size === 2) return b[o]! | (b[o + 1]! << 8);
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }

  /** Throws unless 1 <= row <= rows(t) (or row === 0 when `allowNull`). */
  checkRow(t: Table, row: number, at: number, allowNull = false): void {
    if ((row === 0 && allowNull) || (row >= 1 && row <= this.rowCounts[t]!)) return;
    this.data.fail(at, `row ${row} of table ${SCHEMA[t]!.name} does not exist (it has ${this.rowCounts[t]} rows)`);
  }

  /** Table index cell, validated: 0 (null) or 1..rows. */
  ref(t: Table, row: number, c: number): number {
    const v = this.cell(t, row, c);
    const target = SCHEMA[t]!.columns[c]!.kind - COL_TABLE;
    if (v > this.rowCounts[target]!) this.checkRow(target, v, this.cellOffset(t, row, c), true);
    return v;
  }

  /** Start of a "list" column run (FieldList etc.): may be rows+1 meaning an empty run at the end. */
  listStart(t: Table, row: number, c: number): number {
    const v = this.cell(t, row, c);
    const target = SCHEMA[t]!.columns[c]!.kind - COL_TABLE;
    if (v === 0 || v > this.rowCounts[target]! + 1) {
      this.data.fail(this.cellOffset(t, row, c), `${SCHEMA[t]!.name}.${SCHEMA[t]!.columns[c]!.name} = ${v} is outside 1..${this.rowCounts[target]! + 1}`);
    }
    return v;
  }

  /**
   * Half-open range [start, end) of rows of the target table owned by `row` through a list
   * column (II.22: a run ends where the next row's run begins, or at the end of the table).
   */
  listRange(t: Table, row: number, c: number): [number, number] {
    const start = this.listStart(t, row, c);
    const target = SCHEMA[t]!.columns[c]!.kind - COL_TABLE;
    const end = row < this.rowCounts[t]! ? this.listStart(t, row + 1, c) : this.rowCounts[target]! + 1;
    if (end < start) {
      this.data.fail(this.cellOffset(t, row + 1, c), `${SCHEMA[t]!.name}.${SCHEMA[t]!.columns[c]!.name} runs are not ascending (${start} then ${end})`);
    }
    return [start, end];
  }

  /** Decodes a coded index cell to a token (table << 24 | row); row 0 means null. Validated. */
  coded(t: Table, row: number, c: number): number {
    const kind = SCHEMA[t]!.columns[c]!.kind - COL_CODED;
    return this.decodeCoded(kind, this.cell(t, row, c), this.cellOffset(t, row, c));
  }

  decodeCoded(kind: Coded, v: number, at: number): number {
    const cd = CODED[kind]!;
    const tag = v & ((1 << cd.bits) - 1);
    const rid = v >>> cd.bits;
    const target = tag < cd.tables.length ? cd.tables[tag]! : -1;
    if (target < 0) this.data.fail(at, `coded index ${cd.name} has invalid tag ${tag}`);
    if (rid > this.rowCounts[target]!) this.checkRow(target, rid, at, true);
    return ((target << 24) | rid) >>> 0;
  }
}

export class Metadata {
  readonly version: string;
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly streams: StreamHeader[] = [];
  readonly tables: MetadataTables;
  readonly offset: number;
  readonly size: number;
  private readonly stringsHeap: StreamHeader;
  private readonly blobHeap: StreamHeader;
  private readonly guidHeap: StreamHeader;
  private readonly usHeap: StreamHeader;

  constructor(
    readonly pe: PEImage,
    readonly data: ByteView = pe.data,
  ) {
    const md = pe.cli.metadata;
    if (md.rva === 0 || md.size === 0) data.fail(pe.cli.offset + 8, "CLI header has no metadata directory");
    const o = (this.offset = pe.rvaToOffset(md.rva, md.size, "metadata"));
    this.size = md.size;
    const end = o + md.size;
    if (md.size < 20) data.fail(o, `metadata block is only ${md.size} bytes`);
    if (data.u32(o) !== 0x424a5342) data.fail(o, "bad metadata signature (expected 'BSJB')");
    this.majorVersion = data.u16(o + 4);
    this.minorVersion = data.u16(o + 6);
    const vlen = data.u32(o + 12);
    if (vlen > 255 || o + 16 + vlen > end) data.fail(o + 12, `metadata version string length ${vlen} is invalid`);
    let v = "";
    for (let i = 0; i < vlen; i++) {
      const ch = data.u8(o + 16 + i);
      if (ch === 0) break;
      v += String.fromCharCode(ch);
    }
    this.version = v;
    let p = o + 16 + ((vlen + 3) & ~3);
    const nStreams = data.u16(p + 2);
    p += 4;
    for (let i = 0; i < nStreams; i++) {
      if (p + 8 > end) data.fail(p, "stream headers run past the end of the metadata");
      const soff = data.u32(p);
      const ssize = data.u32(p + 4);
      p += 8;
      let name = "";
      let j = 0;
      for (;;) {
        if (p + j >= end || j >= 32) data.fail(p, "unterminated stream name");
        const ch = data.u8(p + j);
        j++;
        if (ch === 0) break;
        name += String.fromCharCode(ch);
      }
      p += (j + 3) & ~3;
      if (soff > md.size || ssize > md.size - soff) {
        data.fail(p - 8, `stream ${name} (offset 0x${soff.toString(16)}, size 0x${ssize.toString(16)}) lies outside the ${md.size}-byte metadata`);
      }
      // The first stream of a given name wins, as in the CLR.
      if (!this.streams.some((s) => s.name === name)) this.streams.push({ name, offset: o + soff, size: ssize });
    }
    const find = (n: string) => this.streams.find((s) => s.name === n);
    const empty = (n: string): StreamHeader => ({ name: n, offset: o, size: 0 });
    this.stringsHeap = find("#Strings") ?? empty("#Strings");
    this.blobHeap = find("#Blob") ?? empty("#Blob");
    this.guidHeap = find("#GUID") ?? empty("#GUID");
    this.usHeap = find("#US") ?? empty("#US");
    const ts = find("#~") ?? find("#-");
    if (!ts) data.fail(o, "metadata has no table stream (#~ or #-)");
    this.tables = new MetadataTables(data, ts, find("#JTD") !== undefined);
  }

  /** #Strings heap entry. Index 0 is the empty string. */
  string(index: number): string {
    if (index === 0) return "";
    // Names are asked for again and again (member lookups by name): decode each once.
    const known = this.strings.get(index);
    if (known !== undefined) return known;
    const s = this.decodeString(index);
    this.strings.set(index, s);
    return s;
  }
  private readonly strings = new Map<number, string>();

  private decodeString(index: number): string {
    const h = this.stringsHeap;
    if (index >= h.size) this.data.fail(h.offset, `#Strings index 0x${index.toString(16)} is outside the ${h.size}-byte heap`);
    const b = this.data.bytes;
    const start = h.offset + index;
    const limit = h.offset + h.size;
    let e = start;
    while (e < limit && b[e] !== 0) e++;
    if (e >= limit) this.data.fail(start, "#Strings entry is not NUL-terminated inside the heap");
    return utf8(b.subarray(start, e));
  }

  /** #Blob heap entry as a view of its own; index 0 is the empty blob. */
  blob(index: number): ByteView {
    const b = this.blobRange(index);
    return this.data.sub(b.start, b.end - b.start, "blob");
  }

  /**
   * #Blob heap entry as a range of the file view: what the signature decoders take, so that
   * decoding a blob allocates no typed-array view.
   */
  blobRange(index: number): BlobRange {
    const h = this.blobHeap;
    if (index === 0) return { data: this.data, start: h.offset, end: h.offset };
    if (index >= h.size) this.data.fail(h.offset, `#Blob index 0x${index.toString(16)} is outside the ${h.size}-byte heap`);
    const b = this.data.bytes;
    let p = h.offset + index;
    const limit = h.offset + h.size;
    // Compressed length (II.24.2.4), inlined: this runs for every blob cell of every table.
    const b0 = b[p]!;
    let len: number;
    if ((b0 & 0x80) === 0) {
      len = b0;
      p += 1;
    } else if ((b0 & 0xc0) === 0x80) {
      if (p + 2 > limit) this.data.fail(p, "blob length runs past the end of #Blob");
      len = ((b0 & 0x3f) << 8) | b[p + 1]!;
      p += 2;
    } else if ((b0 & 0xe0) === 0xc0) {
      if (p + 4 > limit) this.data.fail(p, "blob length runs past the end of #Blob");
      len = (((b0 & 0x1f) << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
      p += 4;
    } else {
      throw this.data.fail(p, `invalid blob length lead byte 0x${b0.toString(16)}`);
    }
    if (len > limit - p) this.data.fail(h.offset + index, `blob length ${len} runs past the end of #Blob`);
    return { data: this.data, start: p, end: p + len };
  }

  /** #GUID heap entry (1-based) as the canonical lower-case string; 0 gives null. */
  guid(index: number): string | null {
    if (index === 0) return null;
    const h = this.guidHeap;
    const off = (index - 1) * 16;
    if (off + 16 > h.size) this.data.fail(h.offset, `#GUID index ${index} is outside the ${h.size / 16}-entry heap`);
    const b = this.data.bytes.subarray(h.offset + off, h.offset + off + 16);
    const hx = (i: number) => b[i]!.toString(16).padStart(2, "0");
    const part = (idx: number[]) => idx.map(hx).join("");
    return `${part([3, 2, 1, 0])}-${part([5, 4])}-${part([7, 6])}-${part([8, 9])}-${part([10, 11, 12, 13, 14, 15])}`;
  }

  guidBytes(index: number): Uint8Array | null {
    if (index === 0) return null;
    const h = this.guidHeap;
    const off = (index - 1) * 16;
    if (off + 16 > h.size) this.data.fail(h.offset, `#GUID index ${index} is outside the heap`);
    return this.data.bytes.subarray(h.offset + off, h.offset + off + 16);
  }

  /** #US heap entry (the operand of ldstr, token 0x70xxxxxx). */
  userString(index: number): string {
    const h = this.usHeap;
    if (index === 0) return "";
    if (index >= h.size) this.data.fail(h.offset, `#US index 0x${index.toString(16)} is outside the ${h.size}-byte heap`);
    const c = new Cursor(this.data, h.offset + index, h.offset + h.size);
    const len = c.compressedU32();
    if (len > c.remaining) this.data.fail(h.offset + index, `#US entry length ${len} runs past the end of the heap`);
    // The length counts the UTF-16 bytes plus one trailing flag byte.
    const chars = len >>> 1;
    return utf16le(this.data.bytes.subarray(c.pos, c.pos + chars * 2));
  }

  get userStringHeapSize(): number {
    return this.usHeap.size;
  }
  get blobHeapSize(): number {
    return this.blobHeap.size;
  }
  get stringHeapSize(): number {
    return this.stringsHeap.size;
  }
}
