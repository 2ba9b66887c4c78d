/**
 * Method body reader: ECMA-335 II.25.4 (method headers, extra data sections, exception
 * handling clauses).
 *
 * Invariants:
 * - `readMethodBody(image, offset)` reads only bytes of `image` and either returns a fully
 *   validated MethodBody or throws BadImageError at the offset of the first wrong field
 *   (absolute: `image.base + offset`). It never throws anything else, never loops more often
 *   than there are bytes, and allocates nothing proportional to untrusted counts before the
 *   bytes backing them have been range-checked.
 * - Offsets in the result (`offset`, `codeOffset`) are in the coordinates of `image`, so with
 *   a view of the whole file (base 0) they are file offsets. Clause offsets are IL offsets,
 *   relative to the first byte of code.
 * - Alignment (fat headers start on 4 bytes, data sections start at the next 4-byte
 *   boundary) is judged on absolute file offsets: a method's RVA and its file offset agree
 *   modulo 4 because PE section alignments are multiples of 512.
 * - A returned body satisfies: codeSize ≥ 1; code lies inside `image`; every clause's try,
 *   handler and filter start lie inside the code and its try and handler ranges are non-empty
 *   and end at or before codeSize; a catch clause has a type token, a filter clause
 *   a filter start before its handler. Whether those offsets fall on instruction boundaries
 *   needs the decoder: see `checkBodyOffsets` in decoder.ts.
 */
import type { ByteView } from "../bytes.js";

/** ECMA-335 II.25.4.6 clause kinds (the Flags field). */
export const ClauseKind = {
  Catch: 0,
  Filter: 1,
  Finally: 2,
  Fault: 4,
} as const;
export type ClauseKind = (typeof ClauseKind)[keyof typeof ClauseKind];

export interface ExceptionClause {
  kind: ClauseKind;
  tryOffset: number;
  tryLength: number;
  handlerOffset: number;
  handlerLength: number;
  /** Catch type (TypeDef, TypeRef or TypeSpec token) for catch clauses; 0 otherwise. */
  classToken: number;
  /** IL offset where the filter block starts for filter clauses; -1 otherwise. */
  filterOffset: number;
  /** Where the clause was read, for error messages further on. */
  fileOffset: number;
  /** Whether it came from a fat (24-byte) or small (12-byte) clause. */
  fat: boolean;
}

export interface MethodBody {
  /** Offset of the header in the image's coordinates. */
  offset: number;
  /** 1 for tiny headers, 12 for fat ones. */
  headerSize: number;
  fat: boolean;
  initLocals: boolean;
  maxStack: number;
  /** Offset of the first IL byte in the image's coordinates. */
  codeOffset: number;
  codeSize: number;
  /** StandAloneSig token of the locals signature, or 0 when there are no locals. */
  localVarSigToken: number;
  exceptionClauses: ExceptionClause[];
  /** Bytes from the header to the end of the last data section (or of the code). */
  totalSize: number;
}

// II.25.4.4 header flags.
const TINY_FORMAT = 0x2;
const FAT_FORMAT = 0x3;
const MORE_SECTS = 0x8;
const INIT_LOCALS = 0x10;
const FAT_FLAGS_KNOWN = FAT_FORMAT | MORE_SECTS | INIT_LOCALS;
const FAT_HEADER_DWORDS = 3;
const FAT_HEADER_SIZE = 12;

// II.25.4.5 data section kinds.
const SECT_EH_TABLE = 0x1;
const SECT_OPT_IL_TABLE = 0x2;
const SECT_FAT_FORMAT = 0x40;
const SECT_MORE_SECTS = 0x80;
const SECT_KIND_KNOWN = SECT_EH_TABLE | SECT_OPT_IL_TABLE | SECT_FAT_FORMAT | SECT_MORE_SECTS;

const SMALL_CLAUSE_SIZE = 12;
const FAT_CLAUSE_SIZE = 24;

const TABLE_TYPEREF = 0x01;
const TABLE_TYPEDEF = 0x02;
const TABLE_STANDALONESIG = 0x11;
const TABLE_TYPESPEC = 0x1b;

/**
 * Reads and validates the method body whose header starts at `offset` in `image`.
 */
export function readMethodBody(image: ByteView, offset: number): MethodBody {
  if (!Number.isInteger(offset) || offset < 0 || offset >= image.length) {
    image.fail(offset, "method body offset lies outside the image");
  }
  const b0 = image.u8(offset);
  const format = b0 & 0x3;
  if (format === TINY_FORMAT) {
    const codeSize = b0 >>> 2;
    if (codeSize === 0) image.fail(offset, "method body has no IL code");
    image.check(offset + 1, codeSize, "IL code of tiny method body");
    return {
      offset,
      headerSize: 1,
      fat: false,
      initLocals: false,
      maxStack: 8,
      codeOffset: offset + 1,
      codeSize,
      localVarSigToken: 0,
      exceptionClauses: [],
      totalSize: 1 + codeSize,
    };
  }
  if (format !== FAT_FORMAT) {
    image.fail(offset, `method header format ${format} is neither tiny (2) nor fat (3)`);
  }

  if (((image.base + offset) & 3) !== 0) image.fail(offset, "fat method header is not 4-byte aligned");
  image.check(offset, FAT_HEADER_SIZE, "fat method header");
  const flagsAndSize = image.u16(offset);
  const flags = flagsAndSize & 0x0fff;
  const dwords = flagsAndSize >>> 12;
  if ((flags & ~FAT_FLAGS_KNOWN) !== 0) {
    image.fail(offset, `fat method header has unknown flags 0x${(flags & ~FAT_FLAGS_KNOWN).toString(16)}`);
  }
  if (dwords !== FAT_HEADER_DWORDS) {
    image.fail(offset + 1, `fat method header size is ${dwords} dwords, expected ${FAT_HEADER_DWORDS}`);
  }
  const maxStack = image.u16(offset + 2);
  const codeSize = image.u32(offset + 4);
  const localVarSigToken = image.u32(offset + 8);
  if (codeSize === 0) image.fail(offset + 4, "method body has no IL code");
  const codeOffset = offset + FAT_HEADER_SIZE;
  if (codeSize > image.length - codeOffset) {
    image.fail(offset + 4, `IL code size ${codeSize} runs past the end of the image`);
  }
  if (localVarSigToken !== 0 && (localVarSigToken >>> 24 !== TABLE_STANDALONESIG || (localVarSigToken & 0xffffff) === 0)) {
    image.fail(offset + 8, `local variable signature token 0x${hex8(localVarSigToken)} is not a StandAloneSig token`);
  }

  const body: MethodBody = {
    offset,
    headerSize: FAT_HEADER_SIZE,
    fat: true,
    initLocals: (flags & INIT_LOCALS) !== 0,
    maxStack,
    codeOffset,
    codeSize,
    localVarSigToken,
    exceptionClauses: [],
    totalSize: FAT_HEADER_SIZE + codeSize,
  };
  if ((flags & MORE_SECTS) !== 0) readDataSections(image, body);
  return body;
}

/** Reads the chain of data sections after the code; appends EH clauses, sets totalSize. */
function readDataSections(image: ByteView, body: MethodBody): void {
  let pos = body.codeOffset + body.codeSize;
  // Each iteration consumes at least 4 bytes (a section header), so the loop is bounded by
  // the image size.
  for (;;) {
    pos = alignUp(image, pos);
    const kind = image.u8(pos);
    if ((kind & ~SECT_KIND_KNOWN) !== 0) {
      image.fail(pos, `method data section has unknown kind bits 0x${(kind & ~SECT_KIND_KNOWN).toString(16)}`);
    }
    if ((kind & SECT_OPT_IL_TABLE) !== 0) image.fail(pos, "method data section has the reserved OptILTable kind");
    const fat = (kind & SECT_FAT_FORMAT) !== 0;
    let dataSize: number;
    if (fat) {
      image.check(pos, 4, "fat method data section header");
      dataSize = image.u32(pos) >>> 8;
    } else {
      image.check(pos, 4, "small method data section header");
      dataSize = image.u8(pos + 1);
    }
    if (dataSize < 4) image.fail(pos + 1, `method data section size ${dataSize} is smaller than its 4-byte header`);
    if (dataSize > image.length - pos) {
      image.fail(pos + 1, `method data section of ${dataSize} bytes runs past the end of the image`);
    }
    if ((kind & SECT_EH_TABLE) !== 0) {
      const clauseSize = fat ? FAT_CLAUSE_SIZE : SMALL_CLAUSE_SIZE;
      if ((dataSize - 4) % clauseSize !== 0) {
        image.fail(
          pos + 1,
          `exception handling section size ${dataSize} is not 4 + a multiple of ${clauseSize}`,
        );
      }
      const count = (dataSize - 4) / clauseSize;
      for (let i = 0; i < count; i++) {
        const at = pos + 4 + i * clauseSize;
        body.exceptionClauses.push(fat ? readFatClause(image, at, body.codeSize) : readSmallClause(image, at, body.codeSize));
      }
    }
    // Sections of other kinds carry nothing this reader needs; their extent was checked above.
    pos += dataSize;
    if ((kind & SECT_MORE_SECTS) === 0) break;
  }
  body.totalSize = pos - body.offset;
}

function readSmallClause(image: ByteView, at: number, codeSize: number): ExceptionClause {
  return makeClause(
    image,
    at,
    codeSize,
    false,
    image.u16(at),
    image.u16(at + 2),
    image.u8(at + 4),
    image.u16(at + 5),
    image.u8(at + 7),
    image.u32(at + 8),
  );
}

function readFatClause(image: ByteView, at: number, codeSize: number): ExceptionClause {
  return makeClause(
    image,
    at,
    codeSize,
    true,
    image.u32(at),
    image.u32(at + 4),
    image.u32(at + 8),
    image.u32(at + 12),
    image.u32(at + 16),
    image.u32(at + 20),
  );
}

/**
 * Validates one clause's fields. `at` is the clause's offset; field offsets differ between the
 * small and fat layouts, so they are computed here to point errors at the exact field.
 */
function makeClause(
  image: ByteView,
  at: number,
  codeSize: number,
  fat: boolean,
  flags: number,
  tryOffset: number,
  tryLength: number,
  handlerOffset: number,
  handlerLength: number,
  tokenOrFilter: number,
): ExceptionClause {
  const f = fat ? FAT_CLAUSE_FIELDS : SMALL_CLAUSE_FIELDS;
  if (flags !== ClauseKind.Catch && flags !== ClauseKind.Filter && flags !== ClauseKind.Finally && flags !== ClauseKind.Fault) {
    image.fail(at + f.flags, `exception clause has unknown flags 0x${flags.toString(16)}`);
  }
  if (tryOffset >= codeSize) image.fail(at + f.tryOffset, `try block starts at IL_${hex4(tryOffset)}, past the ${codeSize}-byte code`);
  if (tryLength === 0) image.fail(at + f.tryLength, "try block is empty");
  if (tryLength > codeSize - tryOffset) {
    image.fail(at + f.tryLength, `try block IL_${hex4(tryOffset)} + ${tryLength} runs past the ${codeSize}-byte code`);
  }
  if (handlerOffset >= codeSize) {
    image.fail(at + f.handlerOffset, `handler starts at IL_${hex4(handlerOffset)}, past the ${codeSize}-byte code`);
  }
  if (handlerLength === 0) image.fail(at + f.handlerLength, "handler block is empty");
  if (handlerLength > codeSize - handlerOffset) {
    image.fail(
      at + f.handlerLength,
      `handler IL_${hex4(handlerOffset)} + ${handlerLength} runs past the ${codeSize}-byte code`,
    );
  }
  let classToken = 0;
  let filterOffset = -1;
  if (flags === ClauseKind.Catch) {
    const table = tokenOrFilter >>> 24;
    if ((table !== TABLE_TYPEDEF && table !== TABLE_TYPEREF && table !== TABLE_TYPESPEC) || (tokenOrFilter & 0xffffff) === 0) {
      image.fail(at + f.extra, `catch clause type token 0x${hex8(tokenOrFilter)} is not a TypeDef, TypeRef or TypeSpec token`);
    }
    classToken = tokenOrFilter;
  } else if (flags === ClauseKind.Filter) {
    // The filter block runs from FilterOffset up to the handler's first instruction (II.19).
    if (tokenOrFilter >= handlerOffset) {
      image.fail(at + f.extra, `filter starts at IL_${hex4(tokenOrFilter)}, not before its handler at IL_${hex4(handlerOffset)}`);
    }
    filterOffset = tokenOrFilter;
  }
  return {
    kind: flags as ClauseKind,
    tryOffset,
    tryLength,
    handlerOffset,
    handlerLength,
    classToken,
    filterOffset,
    fileOffset: at,
    fat,
  };
}

/** Byte offsets of the clause fields within a small (II.25.4.6: 2+2+1+2+1+4) and a fat clause. */
const SMALL_CLAUSE_FIELDS = { flags: 0, tryOffset: 2, tryLength: 4, handlerOffset: 5, handlerLength: 7, extra: 8 } as const;
const FAT_CLAUSE_FIELDS = { flags: 0, tryOffset: 4, tryLength: 8, handlerOffset: 12, handlerLength: 16, extra: 20 } as const;
export type ClauseField = keyof typeof SMALL_CLAUSE_FIELDS;

/** Offset (image coordinates) of one field of a clause; `extra` is the class token or filter offset. */
export function clauseFieldOffset(clause: ExceptionClause, field: ClauseField): number {
  return clause.fileOffset + (clause.fat ? FAT_CLAUSE_FIELDS : SMALL_CLAUSE_FIELDS)[field];
}

/** Next offset whose absolute file position is a multiple of 4. */
function alignUp(image: ByteView, pos: number): number {
  const misalign = (image.base + pos) & 3;
  return misalign === 0 ? pos : pos + 4 - misalign;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}
function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
