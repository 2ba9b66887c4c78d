// Generates the encoder's form ids (the generated block of core-as/shared/encoder-layout.ts) and
// the packed form table (core-as/encoder/form-table.ts) from host/core/x86-forms.ts.
// Run after `npm run build:host`: `node dist/host/core/gen-encoder-table.js`. The outputs are
// committed; test/encoder/table.test.ts fails when they are stale.
import * as L from "../../core-as/shared/encoder-layout.js";
import { formRows, type FormRow } from "./x86-forms.js";

export const BEGIN_MARK = "// <generated-forms>";
export const END_MARK = "// </generated-forms>";

/** The ROW_BYTES / 4 u32 words of a row, as the core reads them. */
export function packRow(r: FormRow): number[] {
  const w0 =
    (r.op << L.ROW_OP_SHIFT) |
    (r.map << L.ROW_MAP_SHIFT) |
    (r.pfx << L.ROW_PFX_SHIFT) |
    (r.w << L.ROW_W_SHIFT) |
    (r.osz << L.ROW_OSZ_SHIFT) |
    (r.lock << L.ROW_LOCK_SHIFT) |
    (r.digit << L.ROW_DIGIT_SHIFT) |
    (r.enc << L.ROW_ENC_SHIFT) |
    (r.imm << L.ROW_IMM_SHIFT) |
    (r.rmMode << L.ROW_RMMODE_SHIFT) |
    (r.sx << L.ROW_SX_SHIFT);
  const w1 =
    (r.reg << L.ROW_REGCLS_SHIFT) | (r.rm << L.ROW_RMCLS_SHIFT) | (r.shortOp << L.ROW_SHORTOP_SHIFT) | (r.accOp << L.ROW_ACCOP_SHIFT);

  // The fast path's part of the row: the bytes ready to store and the decisions that depend only on
  // the form (see ROW_* at byte 8 and up in encoder-layout.ts).
  const pre: number[] = [];
  if (r.lock) pre.push(0xf0);
  if (r.osz) pre.push(0x66);
  if (r.pfx) pre.push([0, 0x66, 0xf3, 0xf2][r.pfx]!);
  const esc = [[], [0x0f], [0x0f, 0x38], [0x0f, 0x3a]][r.map]!;
  const le = (b: number[]) => b.reduce((acc, x, i) => acc | (BigInt(x) << BigInt(8 * i)), 0n);
  const head = le([...pre, ...esc, r.op]);
  const headRex = le([...pre, 0x40, ...esc, r.op]);
  const path =
    r.enc === L.ENC_NONE || r.enc === L.ENC_MODRM || r.enc === L.ENC_MODRM_DIGIT || r.enc === L.ENC_OPREG ? L.ROW_PATH_GENERAL
    : r.enc === L.ENC_MOVIMM ? L.ROW_PATH_MOVIMM
    : r.enc === L.ENC_LABEL ? L.ROW_PATH_LABEL
    : r.enc === L.ENC_JCC || r.enc === L.ENC_JMP ? L.ROW_PATH_JUMP
    : r.enc === L.ENC_CALL ? L.ROW_PATH_CALL
    : L.ROW_PATH_OTHER;
  const hasModrm = r.enc === L.ENC_MODRM || r.enc === L.ENC_MODRM_DIGIT;
  const is8 = (c: number) => c === L.CLS_GPR8;
  let r0Table = L.REGTAB_NONE;
  if (r.reg !== L.CLS_NONE) {
    if (r.enc === L.ENC_MODRM) r0Table = is8(r.reg) ? L.REGTAB_REG8 : L.REGTAB_REG;
    else if (r.enc === L.ENC_OPREG || r.enc === L.ENC_MOVIMM) r0Table = is8(r.reg) ? L.REGTAB_OP8 : L.REGTAB_OP;
    else throw new Error(`${r.name}: a register operand the fast path cannot place`);
  }
  // Memory-only forms reject a register rm through the REGTAB_BAD table, forms that take no memory
  // operand through ROW_C_NO_MEM; a ModRM form without an rm class is malformed and takes neither,
  // so such a record always reaches the checked path, which names the error.
  const r1Table = !hasModrm
    ? L.REGTAB_NONE
    : r.rm === L.CLS_NONE || r.rmMode === L.RM_MEM_ONLY
      ? L.REGTAB_BAD
      : is8(r.rm) ? L.REGTAB_RM8 : L.REGTAB_RM;
  const noMem = !hasModrm || r.rm === L.CLS_NONE || r.rmMode === L.RM_REG_ONLY;
  const immLen = [0, 1, 2, 4, 8][r.imm]!;
  const [lo, hi] =
    r.imm === L.IMM_8 ? [-128n, 255n]
    : r.imm === L.IMM_16 ? [-32768n, 65535n]
    : r.imm === L.IMM_32 ? (r.sx ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 31n), 2n ** 32n - 1n])
    : [0n, 2n ** 64n - 1n];
  const i8 = (v: number) => v & 0xff;
  const bytes = new Uint8Array(L.ROW_BYTES);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, w0 >>> 0, true);
  dv.setUint32(4, w1 >>> 0, true);
  dv.setBigUint64(L.ROW_HEAD, head, true);
  dv.setBigUint64(L.ROW_HEAD_REX, headRex, true);
  dv.setUint8(L.ROW_PATH, path);
  dv.setUint8(L.ROW_HLEN, pre.length + esc.length + 1);
  dv.setUint8(L.ROW_IMM_LEN, immLen);
  dv.setUint8(L.ROW_SHORT_DELTA, r.shortOp ? i8(r.shortOp - r.op) : 0);
  dv.setUint16(L.ROW_R0_TABLE, r0Table * L.REGTAB_SIZE, true);
  dv.setUint16(L.ROW_R1_TABLE, r1Table * L.REGTAB_SIZE, true);
  dv.setUint32(L.ROW_CONST, ((hasModrm ? r.digit << 3 : 0) | (r.w << 11) | (noMem ? L.ROW_C_NO_MEM : 0)) >>> 0, true);
  dv.setUint32(L.ROW_REX_MUL, 2 ** (8 * pre.length), true);
  dv.setUint32(L.ROW_OP_MUL, 2 ** (8 * (pre.length + esc.length)), true);
  dv.setUint8(L.ROW_ACC_DELTA, r.accOp ? i8(r.accOp - r.op) : 0);
  dv.setBigInt64(L.ROW_IMM_LO, lo, true);
  dv.setBigUint64(L.ROW_IMM_SPAN, hi - lo, true);
  return Array.from(new Uint32Array(bytes.buffer));
}

/** The row after the last form: every field 0 but the path, which sends the record to the checked code. */
function sentinelRow(): number[] {
  const bytes = new Uint8Array(L.ROW_BYTES);
  bytes[L.ROW_PATH] = L.ROW_PATH_OTHER;
  return Array.from(new Uint32Array(bytes.buffer));
}

/** The generated block (markers included) of encoder-layout.ts. */
export function generateFormIds(): string {
  const lines = [BEGIN_MARK + " (do not edit by hand: node dist/host/core/gen-encoder-table.js)"];
  formRows.forEach((r, i) => lines.push(`export const FORM_${r.name} = ${i};`));
  lines.push(`export const FORM_COUNT = ${formRows.length};`);
  lines.push(END_MARK);
  return lines.join("\n");
}

/** Replaces the generated block of the layout source text. */
export function spliceFormIds(layoutSource: string): string {
  const a = layoutSource.indexOf(BEGIN_MARK), b = layoutSource.indexOf(END_MARK);
  if (a < 0 || b < a) throw new Error("encoder-layout.ts: generated-forms markers not found");
  return layoutSource.slice(0, a) + generateFormIds() + layoutSource.slice(b + END_MARK.length);
}

/** The whole text of core-as/encoder/form-table.ts. */
export function generateFormTable(): string {
  const hex = (n: number) => "0x" + n.toString(16).padStart(8, "0");
  const body = formRows.map((r) => {
    return `  ${packRow(r).map(hex).join(", ")}, // ${r.name}`;
  });
  return [
    "// Generated by host/core/gen-encoder-table.ts from host/core/x86-forms.ts: do not edit by hand.",
    "// ROW_BYTES bytes per form (fields ROW_* in shared/encoder-layout.ts), indexed by form id, and one\n// sentinel row for out-of-range ids.",
    "",
    `export const FORM_TABLE: usize = memory.data<u32>([`,
    ...body,
    `  ${sentinelRow().map(hex).join(", ")}, // form ids >= FORM_COUNT (the loop clamps to this row)`,
    `], ${L.ROW_BYTES});`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const { readFileSync, writeFileSync } = await import("node:fs");
  const { fileURLToPath } = await import("node:url");
  const { join, dirname } = await import("node:path");
  // dist/host/core -> repository root
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
  const layoutPath = join(root, "core-as", "shared", "encoder-layout.ts");
  writeFileSync(layoutPath, spliceFormIds(readFileSync(layoutPath, "utf8")));
  writeFileSync(join(root, "core-as", "encoder", "form-table.ts"), generateFormTable());
  console.log(`${formRows.length} forms written`);
}

if (typeof process !== "undefined" && process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
