/**
 * The structured references a native image names types, methods and fields by (an import
 * descriptor's `ref`): JSON arrays of assembly numbers, metadata rows and generic arguments,
 * independent of any one process's type system. The compiler writes them (RefWriter); the
 * runtime's loader and the compiler's own worker processes read them back (RefReader).
 *
 * Assembly numbers: -1 is the image's own assembly, 0… index the identity block's dependencies.
 *   type   [asm, TypeDef row] | [asm, row, [type args…]] | ["[]", elem] | ["[,]", elem, rank]
 *          | ["*", elem] | ["&", elem]
 *   method [owner type, asm of the MethodDef, MethodDef row] (+ [method type args…])
 *   field  [owner type, asm of the Field row, Field row]
 */
import { ImportError } from "../importer/importer.js";
import type { TypeSystem } from "../typesystem/typesystem.js";
import { FieldDesc, Kind, MethodDesc, Module, TypeDesc, TypeLoadError } from "../typesystem/types.js";

export type Ref = number | string | Ref[];

/** Names types, methods and fields of `module` and its bound dependencies as references. */
export class RefWriter {
  private readonly depIndex: Map<string, number>;

  /** `dependencies`: the display names of the identity block's dependencies, in its order. */
  constructor(
    private readonly module: Module,
    dependencies: readonly string[],
  ) {
    this.depIndex = new Map(dependencies.map((d, i) => [d.split(",")[0]!.toLowerCase(), i]));
  }

  /** -1 for the image's own assembly, a dependency's number, or -2 for one outside the bound closure. */
  assemblyOf(m: Module): number {
    return m === this.module ? -1 : (this.depIndex.get(m.name.toLowerCase()) ?? -2);
  }

  type(t: TypeDesc): Ref {
    switch (t.kind) {
      case Kind.SzArray: return ["[]", this.type(t.elem!)];
      case Kind.Array: return ["[,]", this.type(t.elem!), t.rank];
      case Kind.Ptr: return ["*", this.type(t.elem!)];
      case Kind.ByRef: return ["&", this.type(t.elem!)];
    }
    if (!t.module) throw new ImportError(t.key, "the type cannot be named in a native image");
    const asm = this.assemblyOf(t.module);
    if (asm === -2) throw new ImportError(t.key, `${t.module.name} is not among the bound dependencies`);
    return t.args.length ? [asm, t.row, t.args.map((a) => this.type(a))] : [asm, t.row];
  }

  method(md: MethodDesc): string {
    const args = md.methodArgs.length ? [md.methodArgs.map((a) => this.type(a))] : [];
    return JSON.stringify([this.type(md.owner), this.assemblyOf(md.module), md.row, ...args]);
  }

  field(f: FieldDesc): string {
    return JSON.stringify([this.type(f.owner), this.assemblyOf(f.module), f.row]);
  }
}

/** Resolves references against a type system; `moduleOf` maps assembly numbers to modules. */
export class RefReader {
  constructor(
    private readonly ts: TypeSystem,
    private readonly moduleOf: (asm: number) => Module,
    /** Names the image in errors. */
    private readonly file: string,
  ) {}

  /** Parses a reference's JSON text; `what` names it in the error. */
  parse(text: string, what: string): Ref {
    try {
      return JSON.parse(text) as Ref;
    } catch {
      throw new TypeLoadError(`${this.file}: ${what} has no valid reference`);
    }
  }

  type(r: Ref): TypeDesc {
    const ts = this.ts;
    if (!Array.isArray(r)) throw new TypeLoadError(`${this.file}: bad type reference`);
    switch (r[0]) {
      case "[]": return ts.szArray(this.type(r[1]!));
      case "[,]": return ts.mdArray(this.type(r[1]!), Number(r[2]));
      case "*": return ts.pointer(this.type(r[1]!));
      case "&": return ts.byRef(this.type(r[1]!));
    }
    if (typeof r[0] !== "number" || typeof r[1] !== "number") throw new TypeLoadError(`${this.file}: bad type reference`);
    const args = Array.isArray(r[2]) ? r[2].map((a) => this.type(a)) : [];
    return ts.defType(this.moduleOf(r[0]), r[1], args);
  }

  method(r: Ref): MethodDesc {
    if (!Array.isArray(r) || typeof r[1] !== "number" || typeof r[2] !== "number") throw new TypeLoadError(`${this.file}: bad method reference`);
    const owner = this.type(r[0]!);
    const args = Array.isArray(r[3]) ? r[3].map((a) => this.type(a)) : [];
    return this.ts.method(owner, this.moduleOf(r[1]), r[2], args);
  }

  field(r: Ref): FieldDesc {
    if (!Array.isArray(r) || typeof r[1] !== "number" || typeof r[2] !== "number") throw new TypeLoadError(`${this.file}: bad field reference`);
    const owner = this.type(r[0]!);
    const m = this.moduleOf(r[1]);
    const f = this.ts.fieldsOf(owner).find((x) => x.row === r[2] && x.module === m);
    if (!f) throw new TypeLoadError(`${this.file}: field ${r[2]} of ${owner.key} does not exist`);
    return f;
  }
}
