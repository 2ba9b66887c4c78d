/**
 * A complete, validating read of an assembly: every cell of every table (heap indices,
 * table and coded indices), every signature blob, every method body and IL instruction
 * (with its token operands checked against the tables), and every custom attribute blob.
 * Used by the corpus tests, the benchmark and `ngen meta --verify`.
 */
import { MetadataReader, tokenRow, tokenTable } from "./reader.js";
import { COL_BLOB, COL_CODED, COL_GUID, COL_STRING, COL_TABLE, SCHEMA, TABLE_COUNT, Table } from "./schema.js";
import { readMethodBody } from "./il/method-body.js";
import { ILReader, checkBodyOffsets } from "./il/decoder.js";
import { OperandKind } from "./il/opcodes.js";
import { AssemblyResolver, CustomAttributeDecoder } from "./custom-attributes.js";
import { decodeLocalsSig } from "./signatures.js";

/** Operand kinds that carry a metadata token to check against the tables. */
const TOKEN_OPERAND = new Uint8Array(32);
for (const k of [OperandKind.InlineMethod, OperandKind.InlineField, OperandKind.InlineType, OperandKind.InlineTok, OperandKind.InlineSig, OperandKind.InlineString]) {
  TOKEN_OPERAND[k] = 1;
}

export interface ReadAllStats {
  rows: number;
  cells: number;
  signatures: number;
  methodBodies: number;
  ilBytes: number;
  instructions: number;
  exceptionClauses: number;
  customAttributes: number;
  userStrings: number;
}

export interface ReadAllOptions {
  /** Resolver for custom attributes that name enums in other assemblies. Without one, CA blobs are skipped. */
  resolver?: AssemblyResolver | null;
  customAttributes?: boolean;
}

export function readAll(r: MetadataReader, opts: ReadAllOptions = {}): ReadAllStats {
  const stats: ReadAllStats = {
    rows: 0, cells: 0, signatures: 0, methodBodies: 0, ilBytes: 0, instructions: 0, exceptionClauses: 0,
    customAttributes: 0, userStrings: 0,
  };
  const t = r.tables;
  const md = r.md;

  // 1. Every cell.
  for (let tb = 0; tb < TABLE_COUNT; tb++) {
    const n = t.rows(tb);
    const cols = SCHEMA[tb]!.columns;
    stats.rows += n;
    for (let row = 1; row <= n; row++) {
      for (let c = 0; c < cols.length; c++) {
        const k = cols[c]!.kind;
        stats.cells++;
        if (k === COL_STRING) md.string(t.cell(tb, row, c));
        else if (k === COL_BLOB) md.blobRange(t.cell(tb, row, c));
        else if (k === COL_GUID) md.guid(t.cell(tb, row, c));
        else if (k >= COL_CODED) t.coded(tb, row, c);
        else if (k >= COL_TABLE) {
          if (cols[c]!.name.endsWith("List")) t.listRange(tb, row, c);
          else t.ref(tb, row, c);
        }
      }
    }
  }

  // 2. Every signature.
  for (let row = 1; row <= r.rows(Table.Field); row++, stats.signatures++) r.fieldSignature(row);
  for (let row = 1; row <= r.rows(Table.MethodDef); row++, stats.signatures++) r.methodSignature(row);
  for (let row = 1; row <= r.rows(Table.MemberRef); row++, stats.signatures++) r.memberRefSignature(row);
  for (let row = 1; row <= r.rows(Table.StandAloneSig); row++, stats.signatures++) r.standAloneSig(row);
  for (let row = 1; row <= r.rows(Table.TypeSpec); row++, stats.signatures++) r.typeSpec(row);
  for (let row = 1; row <= r.rows(Table.MethodSpec); row++, stats.signatures++) r.methodSpec(row);
  for (let row = 1; row <= r.rows(Table.Property); row++, stats.signatures++) r.propertySignature(row);
  for (let row = 1; row <= r.rows(Table.TypeDef); row++) r.typeDef(row);

  // 3. Every method body and instruction.
  const image = r.data;
  const checkToken = (tok: number, at: number) => {
    const tb = tokenTable(tok);
    const row = tokenRow(tok);
    if (tb === 0x70) {
      if (row === 0 || row >= md.userStringHeapSize) image.fail(at, `ldstr token 0x${tok.toString(16)} is outside #US`);
      md.userString(row);
      stats.userStrings++;
      return;
    }
    if (tb >= TABLE_COUNT || row === 0 || row > t.rows(tb)) image.fail(at, `IL token 0x${tok.toString(16)} names no row`);
  };
  let codeOffset = 0;
  const visit = (il: ILReader) => {
    stats.instructions++;
    if (TOKEN_OPERAND[il.kind]) checkToken(il.operand, codeOffset + il.offset);
  };
  for (let row = 1; row <= r.rows(Table.MethodDef); row++) {
    const rva = t.cell(Table.MethodDef, row, 0);
    const implFlags = t.cell(Table.MethodDef, row, 1);
    if (rva === 0 || (implFlags & 3) !== 0) continue;
    const body = readMethodBody(image, r.bodyOffset(rva));
    stats.methodBodies++;
    codeOffset = body.codeOffset;
    stats.ilBytes += body.codeSize;
    stats.exceptionClauses += body.exceptionClauses.length;
    if (body.localVarSigToken) {
      const tok = body.localVarSigToken;
      if (tokenTable(tok) !== Table.StandAloneSig) image.fail(body.offset + 8, `local signature token 0x${tok.toString(16)} is not a StandAloneSig`);
      t.checkRow(Table.StandAloneSig, tokenRow(tok), body.offset + 8);
      decodeLocalsSig(md.blobRange(t.cell(Table.StandAloneSig, tokenRow(tok), 0)));
    }
    for (const cl of body.exceptionClauses) if (cl.classToken) checkToken(cl.classToken, cl.fileOffset);
    checkBodyOffsets(image, body, visit);
  }

  // 4. Every custom attribute.
  if (opts.customAttributes !== false && opts.resolver !== undefined) {
    const dec = new CustomAttributeDecoder(r, opts.resolver);
    for (let row = 1; row <= r.rows(Table.CustomAttribute); row++) {
      dec.decode(row);
      stats.customAttributes++;
    }
  }
  return stats;
}
