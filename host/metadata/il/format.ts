/**
 * IL disassembly text in the style of ildasm:
 *
 *     // Code size 12 (0xc)
 *     .maxstack 2
 *     .locals init (int32 V_0)
 *     IL_0000:  ldarg.0
 *     IL_0001:  brtrue.s   IL_0008
 *     IL_0003:  ldstr      "a \"b\"\n"
 *     IL_0008:  switch     (IL_0010, IL_0012)
 *     .try IL_0001 to IL_0008 catch [mscorlib]System.Exception handler IL_0008 to IL_000c
 *
 * Invariants:
 * - The mnemonic column is padded to 10 characters plus a space, as ildasm does, so operands
 *   line up; instructions without an operand carry no trailing spaces.
 * - Labels are `IL_` and at least four lowercase hex digits of the IL offset.
 * - Metadata tokens are rendered only through a TokenResolver (the metadata side implements
 *   it); this file knows nothing about tables beyond the token's kind.
 * - Exception clauses are printed after the code in ilasm's label form, one line each, in the
 *   order they appear in the method (inner clauses first, as II.19 requires).
 * - Formatting never throws for a body that readMethodBody and the decoder accepted; bad code
 *   throws the decoder's BadImageError.
 */
import type { ByteView } from "../bytes.js";
import { ILReader, bodyCode } from "./decoder.js";
import type { ExceptionClause, MethodBody } from "./method-body.js";
import { ClauseKind } from "./method-body.js";
import { Op, OperandKind, opcodeName } from "./opcodes.js";

/** Renders metadata tokens for the disassembler. */
export interface TokenResolver {
  /** call, callvirt, newobj, jmp, ldftn, ldvirtftn: e.g. `void [mscorlib]System.Console::WriteLine(string)`. */
  method(token: number): string;
  /** ldfld and friends: e.g. `int32 C::x`. */
  field(token: number): string;
  /** Type operands and catch clause types: e.g. `[mscorlib]System.Exception`. */
  type(token: number): string;
  /** ldstr: the string's value, unquoted (the formatter quotes and escapes it), or null if unknown. */
  string(token: number): string | null;
  /** calli's stand-alone signature: e.g. `int32(int32)`. */
  signature(token: number): string;
  /** ldtoken's operand, with ilasm's `method` / `field` keyword for member tokens. */
  token(token: number): string;
  /** What goes between the parentheses of `.locals (...)` for a StandAloneSig token. */
  locals(token: number): string;
}

/** Renders every token as its hexadecimal value: for dumps without metadata. */
export const rawTokenResolver: TokenResolver = {
  method: tokenHex,
  field: tokenHex,
  type: tokenHex,
  string: () => null,
  signature: tokenHex,
  token: tokenHex,
  locals: tokenHex,
};

export function tokenHex(token: number): string {
  return `0x${(token >>> 0).toString(16).padStart(8, "0")}`;
}

export function ilLabel(offset: number): string {
  return `IL_${offset.toString(16).padStart(4, "0")}`;
}

const MNEMONIC_WIDTH = 10;

/** Opcodes whose variable operand names a local (others name an argument). */
const LOCAL_OPS = new Set<number>([Op.ldloc_s, Op.ldloca_s, Op.stloc_s, Op.ldloc, Op.ldloca, Op.stloc]);

/** The text of the instruction the reader is on, without its label. */
export function formatInstruction(r: ILReader, resolver: TokenResolver): string {
  const name = opcodeName[r.code]!;
  const operand = formatOperand(r, resolver);
  return operand === null ? name : `${name.padEnd(MNEMONIC_WIDTH)} ${operand}`;
}

function formatOperand(r: ILReader, resolver: TokenResolver): string | null {
  switch (r.kind) {
    case OperandKind.InlineNone:
      return null;
    case OperandKind.ShortInlineI:
      // unaligned. takes an alignment, no. a bit set of checks: both read best in hex.
      return r.code === Op.ldc_i4_s ? String(r.operand) : `0x${r.operand.toString(16)}`;
    case OperandKind.InlineI:
      return String(r.operand);
    case OperandKind.InlineI8:
      return `0x${BigInt.asUintN(64, r.operandI8).toString(16)}`;
    case OperandKind.ShortInlineR:
      return formatReal(r, 4);
    case OperandKind.InlineR:
      return formatReal(r, 8);
    case OperandKind.ShortInlineVar:
    case OperandKind.InlineVar:
      return LOCAL_OPS.has(r.code) ? `V_${r.operand}` : String(r.operand);
    case OperandKind.ShortInlineBrTarget:
    case OperandKind.InlineBrTarget:
      return ilLabel(r.operand);
    case OperandKind.InlineSwitch: {
      const labels: string[] = [];
      for (let i = 0; i < r.targets.length; i++) labels.push(ilLabel(r.targets[i]!));
      return `(${labels.join(", ")})`;
    }
    case OperandKind.InlineMethod:
      return resolver.method(r.operand);
    case OperandKind.InlineField:
      return resolver.field(r.operand);
    case OperandKind.InlineType:
      return resolver.type(r.operand);
    case OperandKind.InlineTok:
      return resolver.token(r.operand);
    case OperandKind.InlineSig:
      return resolver.signature(r.operand);
    case OperandKind.InlineString: {
      const s = resolver.string(r.operand);
      return s === null ? tokenHex(r.operand) : quoteString(s);
    }
    default:
      return null;
  }
}

/**
 * ldc.r4 / ldc.r8 operands: the shortest decimal that reads back as the same value, always
 * with a decimal point (ilasm reads `1` as an integer). Values with no decimal spelling —
 * NaN (whose payload matters), infinities and negative zero — are printed as their bytes in
 * ildasm's `(00 00 C0 7F)` form.
 */
function formatReal(r: ILReader, size: 4 | 8): string {
  const v = r.operandReal;
  if (!Number.isFinite(v) || Object.is(v, -0)) {
    const bytes = r.codeView.bytes.subarray(r.pos - size, r.pos);
    return `(${Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")})`;
  }
  let text = String(v);
  if (size === 4) {
    // A float32's shortest spelling: the fewest significant digits that round back to it.
    for (let p = 1; p <= 9; p++) {
      const candidate = Number(v.toPrecision(p));
      if (Math.fround(candidate) === v) {
        text = String(candidate);
        break;
      }
    }
  }
  if (!/[.e]/.test(text)) return `${text}.`;
  if (!text.includes(".")) return text.replace(/e/, ".e");
  return text;
}

/** A C# string literal: double quotes, backslash escapes, \uXXXX for what is not printable. */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x00:
        out += "\\0";
        continue;
      case 0x07:
        out += "\\a";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0b:
        out += "\\v";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
        continue;
      }
      out += uEscape(c);
      continue;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xdc00 && c <= 0xdfff) || c >= 0xfffe) {
      out += uEscape(c);
      continue;
    }
    out += s[i]!;
  }
  return out + '"';
}

function uEscape(c: number): string {
  return `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** One exception clause in ilasm's label form. */
export function formatClause(c: ExceptionClause, resolver: TokenResolver): string {
  const tryPart = `.try ${ilLabel(c.tryOffset)} to ${ilLabel(c.tryOffset + c.tryLength)}`;
  const handler = `handler ${ilLabel(c.handlerOffset)} to ${ilLabel(c.handlerOffset + c.handlerLength)}`;
  switch (c.kind) {
    case ClauseKind.Catch:
      return `${tryPart} catch ${resolver.type(c.classToken)} ${handler}`;
    case ClauseKind.Filter:
      return `${tryPart} filter ${ilLabel(c.filterOffset)} ${handler}`;
    case ClauseKind.Finally:
      return `${tryPart} finally ${handler}`;
    case ClauseKind.Fault:
      return `${tryPart} fault ${handler}`;
  }
}

export interface FormatOptions {
  /** Prefix for every line (default: none). */
  indent?: string;
  /** Emit the `// Code size`, `.maxstack` and `.locals` lines (default: true). */
  header?: boolean;
}

/** The disassembly of one method body, lines joined with "\n" (no trailing newline). */
export function formatMethodBody(
  image: ByteView,
  body: MethodBody,
  resolver: TokenResolver,
  options: FormatOptions = {},
): string {
  const indent = options.indent ?? "";
  const lines: string[] = [];
  if (options.header ?? true) {
    lines.push(`// Code size ${body.codeSize} (0x${body.codeSize.toString(16)})`);
    lines.push(`.maxstack ${body.maxStack}`);
    if (body.localVarSigToken !== 0) {
      lines.push(`.locals ${body.initLocals ? "init " : ""}(${resolver.locals(body.localVarSigToken)})`);
    }
  }
  const r = new ILReader(bodyCode(image, body));
  // Inside a fault handler, 0xDC reads as its ECMA alias `endfault`, as ildasm and monodis print it.
  const faults = body.exceptionClauses.filter((c) => c.kind === ClauseKind.Fault);
  const inFault = (o: number) => faults.some((c) => o >= c.handlerOffset && o < c.handlerOffset + c.handlerLength);
  while (r.next()) {
    const text = r.code === Op.endfinally && faults.length && inFault(r.offset) ? "endfault" : formatInstruction(r, resolver);
    lines.push(`${ilLabel(r.offset)}:  ${text}`);
  }
  for (const c of body.exceptionClauses) lines.push(formatClause(c, resolver));
  return lines.map((l) => indent + l).join("\n");
}
