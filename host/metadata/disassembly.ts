/**
 * IL disassembly of an assembly in the style of ildasm/monodis: classes with their flags and
 * base types, methods with flags, signatures and parameter names, bodies with exception
 * clauses. Tokens are rendered through a TokenResolver backed by the MetadataReader.
 */
import { MetadataReader, tokenRow, tokenTable } from "./reader.js";
import { Table } from "./schema.js";
import { TokenResolver, formatMethodBody } from "./il/format.js";
import { readMethodBody } from "./il/method-body.js";
import { MethodSig, TypeSig, formatType } from "./signatures.js";

export class MetadataTokenResolver implements TokenResolver {
  constructor(readonly r: MetadataReader) {}

  private typeOf(t: TypeSig): string {
    return formatType(t, (tok) => this.type(tok));
  }

  private sig(sig: MethodSig, name: string, genericArgs = ""): string {
    const conv = sig.hasThis ? "instance " : "";
    const vararg = (sig.callConv & 0x0f) === 5 ? "vararg " : "";
    const gen = genericArgs || (sig.genericParamCount ? `<${Array.from({ length: sig.genericParamCount }, (_, i) => `!!${i}`).join(", ")}>` : "");
    const params = sig.params.map((p, i) => (i === sig.sentinelIndex ? "..., " : "") + this.typeOf(p));
    return `${conv}${vararg}${this.typeOf(sig.returnType)} ${name}${gen}(${params.join(", ")})`;
  }

  method(token: number): string {
    const r = this.r;
    const row = tokenRow(token);
    switch (tokenTable(token)) {
      case Table.MethodDef: {
        r.tables.checkRow(Table.MethodDef, row, -1);
        const owner = r.methodDeclaringType(row);
        const name = owner ? `${r.typeDefFullName(owner)}::${quoteName(r.methodName(row))}` : quoteName(r.methodName(row));
        return this.sig(r.methodSignature(row), name);
      }
      case Table.MemberRef: {
        r.tables.checkRow(Table.MemberRef, row, -1);
        const s = r.memberRefSignature(row);
        const name = `${r.memberParentName(r.memberRefParent(row))}::${quoteName(r.memberRefName(row))}`;
        return "method" in s ? this.sig(s.method, name) : `${this.typeOf(s.field)} ${name}`;
      }
      case Table.MethodSpec: {
        r.tables.checkRow(Table.MethodSpec, row, -1);
        const ms = r.methodSpec(row);
        const gen = `<${ms.args.map((a) => this.typeOf(a)).join(", ")}>`;
        const inner = this.method(ms.method);
        // Insert the instantiation after the method name, before the parameter list.
        const paren = inner.lastIndexOf("(");
        const open = inner.lastIndexOf("<", paren);
        const cut = open > inner.lastIndexOf("::") ? open : paren;
        return inner.slice(0, cut) + gen + inner.slice(paren);
      }
      default:
        return tokenHexStr(token);
    }
  }

  field(token: number): string {
    const r = this.r;
    const row = tokenRow(token);
    if (tokenTable(token) === Table.Field) {
      r.tables.checkRow(Table.Field, row, -1);
      const owner = r.fieldDeclaringType(row);
      return `${this.typeOf(r.fieldSignature(row))} ${owner ? r.typeDefFullName(owner) + "::" : ""}${quoteName(r.fieldName(row))}`;
    }
    if (tokenTable(token) === Table.MemberRef) return this.method(token);
    return tokenHexStr(token);
  }

  type(token: number): string {
    const t = tokenTable(token);
    if (t === Table.TypeDef || t === Table.TypeRef || t === Table.TypeSpec) return this.r.typeName(token);
    return tokenHexStr(token);
  }

  string(token: number): string | null {
    return tokenTable(token) === 0x70 ? this.r.md.userString(tokenRow(token)) : null;
  }

  signature(token: number): string {
    if (tokenTable(token) !== Table.StandAloneSig) return tokenHexStr(token);
    this.r.tables.checkRow(Table.StandAloneSig, tokenRow(token), -1);
    const s = this.r.standAloneSig(tokenRow(token));
    return "method" in s ? this.sig(s.method, "").replace(" (", "(") : tokenHexStr(token);
  }

  token(token: number): string {
    const t = tokenTable(token);
    if (t === Table.MethodDef || t === Table.MethodSpec) return `method ${this.method(token)}`;
    if (t === Table.Field) return `field ${this.field(token)}`;
    if (t === Table.MemberRef) {
      const s = this.r.memberRefSignature(tokenRow(token));
      return `${"method" in s ? "method" : "field"} ${this.method(token)}`;
    }
    return this.type(token);
  }

  locals(token: number): string {
    return this.r.locals(token).map((l, i) => `${this.typeOf(l)} V_${i}`).join(", ");
  }
}

function tokenHexStr(token: number): string {
  return `0x${(token >>> 0).toString(16).padStart(8, "0")}`;
}

const PLAIN_NAME = /^[A-Za-z_$@`?][A-Za-z0-9_$@`?.]*$/;
const KEYWORDS = new Set(["error", "value", "type", "method", "field", "class", "object", "string", "int", "float", "char", "bool", "void", "instance", "default", "filter", "fault", "handler", "finally", "catch", "flags", "assembly", "module", "init", "in", "out", "opt"]);

/** ILAsm quotes names that are not plain identifiers (".ctor" and ".cctor" are written bare). */
function quoteName(n: string): string {
  if (n === ".ctor" || n === ".cctor") return n;
  if (PLAIN_NAME.test(n) && !KEYWORDS.has(n)) return n;
  return `'${n.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

const TYPE_VISIBILITY = ["private", "public", "nested public", "nested private", "nested family", "nested assembly", "nested famandassem", "nested famorassem"];
const METHOD_ACCESS = ["privatescope", "private", "famandassem", "assembly", "family", "famorassem", "public", ""];

export function typeFlagsText(flags: number): string {
  const out = [TYPE_VISIBILITY[flags & 7]!];
  const layout = flags & 0x18;
  out.push(layout === 0 ? "auto" : layout === 8 ? "sequential" : "explicit");
  const fmt = flags & 0x30000;
  out.push(fmt === 0 ? "ansi" : fmt === 0x10000 ? "unicode" : "autochar");
  if (flags & 0x20) out.unshift("interface");
  if (flags & 0x80) out.push("abstract");
  if (flags & 0x100) out.push("sealed");
  if (flags & 0x400) out.push("specialname");
  if (flags & 0x1000) out.push("import");
  if (flags & 0x2000) out.push("serializable");
  if (flags & 0x100000) out.push("beforefieldinit");
  if (flags & 0x800) out.push("rtspecialname");
  return out.join(" ");
}

export function methodFlagsText(flags: number): string {
  const out: string[] = [];
  const acc = METHOD_ACCESS[flags & 7]!;
  if (acc) out.push(acc);
  if (flags & 0x0080) out.push("hidebysig");
  if (flags & 0x0100) out.push("newslot");
  if (flags & 0x0010) out.push("static");
  if (flags & 0x0020) out.push("final");
  if (flags & 0x0040) out.push("virtual");
  if (flags & 0x0400) out.push("abstract");
  if (flags & 0x0800) out.push("specialname");
  if (flags & 0x1000) out.push("rtspecialname");
  if (flags & 0x2000) out.push("pinvokeimpl");
  return out.join(" ");
}

export function implFlagsText(flags: number): string {
  const code = ["cil", "native", "optil", "runtime"][flags & 3]!;
  const out = [code, flags & 4 ? "unmanaged" : "managed"];
  if (flags & 0x0010) out.push("forwardref");
  if (flags & 0x0080) out.push("preservesig");
  if (flags & 0x1000) out.push("internalcall");
  if (flags & 0x0020) out.push("synchronized");
  if (flags & 0x0008) out.push("noinlining");
  if (flags & 0x0100) out.push("aggressiveinlining");
  return out.join(" ");
}

/** Turns a user filter into a predicate over "Ns.Type::Method": `*` and `?` glob, else substring; case-insensitive. */
export function methodFilter(filter: string | undefined): (fullName: string) => boolean {
  if (!filter) return () => true;
  const f = filter.toLowerCase();
  if (/[*?]/.test(f)) {
    const re = new RegExp("^" + f.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
    return (n) => re.test(n.toLowerCase()) || re.test(n.slice(n.indexOf("::") + 2).toLowerCase());
  }
  return (n) => n.toLowerCase().includes(f);
}

/** ILAsm-style listing of every method body (or those matching `filter`). */
export function disassemble(r: MetadataReader, filter?: string): { text: string; methods: number } {
  const resolver = new MetadataTokenResolver(r);
  const match = methodFilter(filter);
  const out: string[] = [];
  let methods = 0;
  for (let td = 1; td <= r.rows(Table.TypeDef); td++) {
    const info = r.typeDef(td);
    const typeName = r.typeDefFullName(td);
    const lines: string[] = [];
    for (let i = info.methodList[0]; i < info.methodList[1]; i++) {
      const m = r.methodRow(i);
      const md = r.methodDef(m);
      if (!match(`${typeName}::${md.name}`)) continue;
      methods++;
      const sig = r.methodSignature(m);
      const paramNames = new Map<number, string>();
      for (let p = md.paramList[0]; p < md.paramList[1]; p++) {
        const pr = r.paramRow(p);
        paramNames.set(r.tables.cell(Table.Param, pr, 1), r.string(r.tables.cell(Table.Param, pr, 2)));
      }
      const params = sig.params.map((t, k) => {
        const n = paramNames.get(k + 1);
        return `${r.formatType(t)}${n ? " " + quoteName(n) : ""}`;
      });
      const gen = sig.genericParamCount ? `<${Array.from({ length: sig.genericParamCount }, (_, k) => `!!${k}`).join(", ")}>` : "";
      const head = `${methodFlagsText(md.flags)} ${sig.hasThis ? "instance " : ""}${(sig.callConv & 0x0f) === 5 ? "vararg " : ""}${r.formatType(sig.returnType)} ${quoteName(md.name)}${gen}(${params.join(", ")}) ${implFlagsText(md.implFlags)}`;
      lines.push(`  .method ${head.replace(/\s+/g, " ").trim()}`);
      lines.push("  {");
      if (md.rva !== 0 && (md.implFlags & 3) === 0) {
        const body = readMethodBody(r.data, r.bodyOffset(md.rva));
        lines.push(formatMethodBody(r.data, body, resolver, { indent: "    " }));
      }
      lines.push(`  } // end of method ${typeName}::${md.name}`, "");
    }
    if (!lines.length) continue;
    const ext = info.extends && tokenRow(info.extends) ? `\n       extends ${r.typeName(info.extends)}` : "";
    out.push(`.class ${typeFlagsText(info.flags)} ${typeName}${ext}`, "{", ...lines, `} // end of class ${typeName}`, "");
  }
  return { text: out.join("\n"), methods };
}
