/**
 * Signature blobs (II.23.2): method, field, property, local-variable, type-spec and
 * method-spec signatures, decoded into small plain objects.
 *
 * Invariants: decoding consumes exactly the blob (trailing bytes are an error), never reads
 * outside it (Cursor checks), and nests at most MAX_DEPTH types deep so hostile blobs cannot
 * exhaust the stack. Tokens are TypeDefOrRefOrSpec-encoded values turned into full tokens
 * (table << 24 | row); their rows are not checked against the tables here (the reader does).
 */
import { ByteView, Cursor } from "./bytes.js";
import type { BlobRange } from "./metadata.js";

export const enum ElementType {
  End = 0x00,
  Void = 0x01,
  Boolean = 0x02,
  Char = 0x03,
  I1 = 0x04,
  U1 = 0x05,
  I2 = 0x06,
  U2 = 0x07,
  I4 = 0x08,
  U4 = 0x09,
  I8 = 0x0a,
  U8 = 0x0b,
  R4 = 0x0c,
  R8 = 0x0d,
  String = 0x0e,
  Ptr = 0x0f,
  ByRef = 0x10,
  ValueType = 0x11,
  Class = 0x12,
  Var = 0x13,
  Array = 0x14,
  GenericInst = 0x15,
  TypedByRef = 0x16,
  I = 0x18,
  U = 0x19,
  FnPtr = 0x1b,
  Object = 0x1c,
  SzArray = 0x1d,
  MVar = 0x1e,
  CModReqd = 0x1f,
  CModOpt = 0x20,
  Internal = 0x21,
  Sentinel = 0x41,
  Pinned = 0x45,
  /** Custom attributes only: System.Type argument. */
  SystemType = 0x50,
  /** Custom attributes only: boxed object argument. */
  Boxed = 0x51,
  Field = 0x53,
  Property = 0x54,
  Enum = 0x55,
}

export const enum CallConv {
  Default = 0,
  C = 1,
  StdCall = 2,
  ThisCall = 3,
  FastCall = 4,
  VarArg = 5,
  Field = 6,
  LocalSig = 7,
  Property = 8,
  Unmanaged = 9,
  GenericInst = 0x0a,
  KindMask = 0x0f,
  Generic = 0x10,
  HasThis = 0x20,
  ExplicitThis = 0x40,
}

export interface CustomMod {
  required: boolean;
  /** TypeDef/TypeRef/TypeSpec token of the modifier type. */
  token: number;
}

export type TypeSig =
  | { kind: "prim"; type: ElementType }
  | { kind: "class" | "valuetype"; token: number }
  | { kind: "ptr"; elem: TypeSig }
  | { kind: "byref"; elem: TypeSig }
  | { kind: "szarray"; elem: TypeSig }
  | { kind: "array"; elem: TypeSig; rank: number; sizes: number[]; lowerBounds: number[] }
  | { kind: "generic"; valueType: boolean; token: number; args: TypeSig[] }
  | { kind: "var" | "mvar"; index: number }
  | { kind: "fnptr"; sig: MethodSig }
  | { kind: "modified"; mods: CustomMod[]; type: TypeSig }
  | { kind: "pinned"; type: TypeSig };

export interface MethodSig {
  /** Raw calling-convention byte. */
  callConv: number;
  hasThis: boolean;
  explicitThis: boolean;
  genericParamCount: number;
  returnType: TypeSig;
  params: TypeSig[];
  /** For vararg call sites: index in params of the first argument after the sentinel, else -1. */
  sentinelIndex: number;
}

export interface PropertySig {
  hasThis: boolean;
  type: TypeSig;
  params: TypeSig[];
}

export const MAX_DEPTH = 200;

const TYPEDEFORREF_TABLES = [0x02, 0x01, 0x1b];

/** Signature input: a whole view, or a blob range of the file view. */
export type SigSource = ByteView | BlobRange;

export class SignatureDecoder {
  private depth = 0;
  readonly c: Cursor;
  /** Where the blob starts in the cursor's coordinates (for errors about the first byte). */
  readonly start: number;

  constructor(src: SigSource) {
    if (src instanceof ByteView) {
      this.c = new Cursor(src);
      this.start = 0;
    } else {
      this.c = new Cursor(src.data, src.start, src.end);
      this.start = src.start;
    }
  }

  /** TypeDefOrRefOrSpecEncoded (II.23.2.8) → token. */
  typeToken(): number {
    const at = this.c.pos;
    const v = this.c.compressedU32();
    const tag = v & 3;
    if (tag === 3) this.c.fail(`invalid TypeDefOrRefOrSpec tag 3 in 0x${v.toString(16)}`, at);
    return ((TYPEDEFORREF_TABLES[tag]! << 24) | (v >>> 2)) >>> 0;
  }

  private mods(): CustomMod[] | null {
    let mods: CustomMod[] | null = null;
    for (;;) {
      if (this.c.atEnd) return mods;
      const b = this.c.data.bytes[this.c.pos]!;
      if (b !== ElementType.CModReqd && b !== ElementType.CModOpt) return mods;
      this.c.pos++;
      (mods ??= []).push({ required: b === ElementType.CModReqd, token: this.typeToken() });
    }
  }

  private wrapMods(t: TypeSig, mods: CustomMod[] | null): TypeSig {
    return mods ? { kind: "modified", mods, type: t } : t;
  }

  /** A Type (II.23.2.12), including leading custom modifiers. */
  type(): TypeSig {
    if (++this.depth > MAX_DEPTH) this.c.fail(`signature nests deeper than ${MAX_DEPTH} levels`);
    try {
      const mods = this.mods();
      const at = this.c.pos;
      const et = this.c.u8();
      let t: TypeSig;
      switch (et) {
        case ElementType.Void:
        case ElementType.Boolean:
        case ElementType.Char:
        case ElementType.I1:
        case ElementType.U1:
        case ElementType.I2:
        case ElementType.U2:
        case ElementType.I4:
        case ElementType.U4:
        case ElementType.I8:
        case ElementType.U8:
        case ElementType.R4:
        case ElementType.R8:
        case ElementType.String:
        case ElementType.TypedByRef:
        case ElementType.I:
        case ElementType.U:
        case ElementType.Object:
          t = { kind: "prim", type: et };
          break;
        case ElementType.Ptr:
          t = { kind: "ptr", elem: this.type() };
          break;
        case ElementType.ByRef:
          t = { kind: "byref", elem: this.type() };
          break;
        case ElementType.ValueType:
          t = { kind: "valuetype", token: this.typeToken() };
          break;
        case ElementType.Class:
          t = { kind: "class", token: this.typeToken() };
          break;
        case ElementType.Var:
          t = { kind: "var", index: this.c.compressedU32() };
          break;
        case ElementType.MVar:
          t = { kind: "mvar", index: this.c.compressedU32() };
          break;
        case ElementType.SzArray:
          t = { kind: "szarray", elem: this.type() };
          break;
        case ElementType.Array: {
          const elem = this.type();
          const rank = this.c.compressedU32();
          if (rank === 0) this.c.fail("array rank 0");
          const nSizes = this.c.compressedU32();
          if (nSizes > rank) this.c.fail(`array has ${nSizes} sizes for rank ${rank}`);
          const sizes: number[] = [];
          for (let i = 0; i < nSizes; i++) sizes.push(this.c.compressedU32());
          const nLo = this.c.compressedU32();
          if (nLo > rank) this.c.fail(`array has ${nLo} lower bounds for rank ${rank}`);
          const lowerBounds: number[] = [];
          for (let i = 0; i < nLo; i++) lowerBounds.push(this.c.compressedI32());
          t = { kind: "array", elem, rank, sizes, lowerBounds };
          break;
        }
        case ElementType.GenericInst: {
          const k = this.c.u8();
          if (k !== ElementType.Class && k !== ElementType.ValueType) this.c.fail(`GENERICINST of 0x${k.toString(16)}, expected CLASS or VALUETYPE`, this.c.pos - 1);
          const token = this.typeToken();
          const n = this.c.compressedU32();
          if (n === 0) this.c.fail("generic instantiation with no arguments");
          if (n > this.c.remaining) this.c.fail(`generic instantiation claims ${n} arguments`);
          const args: TypeSig[] = [];
          for (let i = 0; i < n; i++) args.push(this.type());
          t = { kind: "generic", valueType: k === ElementType.ValueType, token, args };
          break;
        }
        case ElementType.FnPtr:
          t = { kind: "fnptr", sig: this.methodSig() };
          break;
        case ElementType.Pinned:
          t = { kind: "pinned", type: this.type() };
          break;
        default:
          this.c.fail(`unexpected element type 0x${et.toString(16)} in signature`, at);
      }
      return this.wrapMods(t, mods);
    } finally {
      this.depth--;
    }
  }

  /** MethodDefSig / MethodRefSig / StandAloneMethodSig (II.23.2.1-3), without the end check. */
  methodSig(): MethodSig {
    const at = this.c.pos;
    const cc = this.c.u8();
    const kind = cc & CallConv.KindMask;
    if (kind > CallConv.Unmanaged || kind === CallConv.Field || kind === CallConv.LocalSig || kind === CallConv.Property) {
      this.c.fail(`0x${cc.toString(16)} is not a method calling convention`, at);
    }
    const genericParamCount = cc & CallConv.Generic ? this.c.compressedU32() : 0;
    const n = this.c.compressedU32();
    if (n > this.c.remaining) this.c.fail(`method signature claims ${n} parameters in ${this.c.remaining} bytes`);
    const returnType = this.type();
    const params: TypeSig[] = [];
    let sentinelIndex = -1;
    for (let i = 0; i < n; i++) {
      if (!this.c.atEnd && this.c.data.bytes[this.c.pos] === ElementType.Sentinel) {
        if (sentinelIndex >= 0) this.c.fail("second vararg sentinel");
        this.c.pos++;
        sentinelIndex = i;
      }
      params.push(this.type());
    }
    return {
      callConv: cc,
      hasThis: (cc & CallConv.HasThis) !== 0,
      explicitThis: (cc & CallConv.ExplicitThis) !== 0,
      genericParamCount,
      returnType,
      params,
      sentinelIndex,
    };
  }

  end(what: string): void {
    if (!this.c.atEnd) this.c.fail(`${this.c.remaining} unexpected trailing bytes after ${what}`);
  }
}

export function decodeMethodSig(blob: SigSource): MethodSig {
  const d = new SignatureDecoder(blob);
  const s = d.methodSig();
  d.end("method signature");
  return s;
}

export function decodeFieldSig(blob: SigSource): TypeSig {
  const d = new SignatureDecoder(blob);
  const cc = d.c.u8();
  if ((cc & CallConv.KindMask) !== CallConv.Field) d.c.fail(`field signature starts with 0x${cc.toString(16)}, expected 0x06`, d.start);
  const t = d.type();
  d.end("field signature");
  return t;
}

export function decodePropertySig(blob: SigSource): PropertySig {
  const d = new SignatureDecoder(blob);
  const cc = d.c.u8();
  if ((cc & CallConv.KindMask) !== CallConv.Property) d.c.fail(`property signature starts with 0x${cc.toString(16)}, expected 0x08`, d.start);
  const n = d.c.compressedU32();
  if (n > d.c.remaining) d.c.fail(`property signature claims ${n} parameters`);
  const type = d.type();
  const params: TypeSig[] = [];
  for (let i = 0; i < n; i++) params.push(d.type());
  d.end("property signature");
  return { hasThis: (cc & CallConv.HasThis) !== 0, type, params };
}

export function decodeLocalsSig(blob: SigSource): TypeSig[] {
  const d = new SignatureDecoder(blob);
  const cc = d.c.u8();
  if (cc !== CallConv.LocalSig) d.c.fail(`local variable signature starts with 0x${cc.toString(16)}, expected 0x07`, d.start);
  const n = d.c.compressedU32();
  if (n > d.c.remaining) d.c.fail(`local variable signature claims ${n} locals in ${d.c.remaining} bytes`);
  const locals: TypeSig[] = [];
  for (let i = 0; i < n; i++) locals.push(d.type());
  d.end("local variable signature");
  return locals;
}

export function decodeTypeSpec(blob: SigSource): TypeSig {
  const d = new SignatureDecoder(blob);
  const t = d.type();
  d.end("type specification");
  return t;
}

export function decodeMethodSpec(blob: SigSource): TypeSig[] {
  const d = new SignatureDecoder(blob);
  const cc = d.c.u8();
  if (cc !== CallConv.GenericInst) d.c.fail(`method instantiation starts with 0x${cc.toString(16)}, expected 0x0a`, d.start);
  const n = d.c.compressedU32();
  if (n === 0 || n > d.c.remaining) d.c.fail(`method instantiation claims ${n} arguments`);
  const args: TypeSig[] = [];
  for (let i = 0; i < n; i++) args.push(d.type());
  d.end("method instantiation");
  return args;
}

/** A StandAloneSig row's blob: either locals (0x07) or a method signature for calli. */
export function decodeStandAloneSig(blob: SigSource): { locals: TypeSig[] } | { method: MethodSig } {
  return firstByte(blob) === CallConv.LocalSig ? { locals: decodeLocalsSig(blob) } : { method: decodeMethodSig(blob) };
}

/** The first byte of a signature, or -1 for an empty one. */
export function firstByte(blob: SigSource): number {
  if (blob instanceof ByteView) return blob.length > 0 ? blob.bytes[0]! : -1;
  return blob.end > blob.start ? blob.data.bytes[blob.start]! : -1;
}

const PRIM_NAMES: Record<number, string> = {
  [ElementType.Void]: "void",
  [ElementType.Boolean]: "bool",
  [ElementType.Char]: "char",
  [ElementType.I1]: "int8",
  [ElementType.U1]: "unsigned int8",
  [ElementType.I2]: "int16",
  [ElementType.U2]: "unsigned int16",
  [ElementType.I4]: "int32",
  [ElementType.U4]: "unsigned int32",
  [ElementType.I8]: "int64",
  [ElementType.U8]: "unsigned int64",
  [ElementType.R4]: "float32",
  [ElementType.R8]: "float64",
  [ElementType.String]: "string",
  [ElementType.TypedByRef]: "typedref",
  [ElementType.I]: "native int",
  [ElementType.U]: "native unsigned int",
  [ElementType.Object]: "object",
};

/** ILAsm spelling of a signature type; `name` renders a TypeDef/TypeRef/TypeSpec token. */
export function formatType(t: TypeSig, name: (token: number) => string): string {
  switch (t.kind) {
    case "prim":
      return PRIM_NAMES[t.type]!;
    case "class":
      return `class ${name(t.token)}`;
    case "valuetype":
      return `valuetype ${name(t.token)}`;
    case "ptr":
      return `${formatType(t.elem, name)}*`;
    case "byref":
      return `${formatType(t.elem, name)}&`;
    case "szarray":
      return `${formatType(t.elem, name)}[]`;
    case "array": {
      const dims: string[] = [];
      for (let i = 0; i < t.rank; i++) {
        const lo = t.lowerBounds[i];
        const size = t.sizes[i];
        if (lo === undefined && size === undefined) dims.push("");
        else if (size === undefined) dims.push(`${lo}...`);
        else dims.push(`${lo ?? 0}...${(lo ?? 0) + size - 1}`);
      }
      return `${formatType(t.elem, name)}[${dims.join(",")}]`;
    }
    case "generic":
      return `${t.valueType ? "valuetype" : "class"} ${name(t.token)}<${t.args.map((a) => formatType(a, name)).join(", ")}>`;
    case "var":
      return `!${t.index}`;
    case "mvar":
      return `!!${t.index}`;
    case "fnptr":
      return `method ${formatMethodSig(t.sig, name, "*")}`;
    case "modified":
      return `${formatType(t.type, name)}${t.mods.map((m) => ` ${m.required ? "modreq" : "modopt"}(${name(m.token)})`).join("")}`;
    case "pinned":
      return `${formatType(t.type, name)} pinned`;
  }
}

const CONV_NAMES: Record<number, string> = {
  [CallConv.C]: "unmanaged cdecl ",
  [CallConv.StdCall]: "unmanaged stdcall ",
  [CallConv.ThisCall]: "unmanaged thiscall ",
  [CallConv.FastCall]: "unmanaged fastcall ",
  [CallConv.VarArg]: "vararg ",
};

/** ILAsm spelling of a method signature around `methodName`. */
export function formatMethodSig(sig: MethodSig, name: (token: number) => string, methodName: string, genericArgs = ""): string {
  const prefix = `${sig.hasThis ? "instance " : ""}${sig.explicitThis ? "explicit " : ""}${CONV_NAMES[sig.callConv & CallConv.KindMask] ?? ""}`;
  const params = sig.params.map((p, i) => (i === sig.sentinelIndex ? "..., " : "") + formatType(p, name));
  const gen = genericArgs || (sig.genericParamCount ? `<${Array.from({ length: sig.genericParamCount }, (_, i) => `!!${i}`).join(", ")}>` : "");
  return `${prefix}${formatType(sig.returnType, name)} ${methodName}${gen}(${params.join(", ")})`;
}
