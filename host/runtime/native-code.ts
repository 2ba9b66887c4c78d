/**
 * A native image mapped into the runtime: where each method's code is, and the binding of its
 * import cells to the runtime's own objects (the method cells, helpers, method tables, statics,
 * string literals and thread state that JIT-compiled code uses too), so image code and JIT code
 * call each other freely.
 *
 * Binding is lazy, per method, like the JIT's compilation: the first time the runtime takes a
 * method's code from the image, the cells that code reads are bound, in the order the code
 * first reads them (so a beforefieldinit type's .cctor runs when a method reading its statics
 * is first entered, as when the JIT compiles such a method). Helper and thread-state cells,
 * which the image's trap thunks read, are bound when the image is attached.
 *
 * Invariants: a method's code runs only after all its cells are bound; a method cell holds the
 * target's code, or its prestub until that is compiled (the runtime patches it then, as it does
 * vtable slots); a cell once bound never changes except for that patch.
 */
import * as IR from "../../core-as/shared/ir-layout.js";
import { ImportKind, type NativeImage } from "../image/native-image.js";
import type { DependencyIdentity } from "../install/identity-block.js";
import { HELPER_NAMES, instantiationKey } from "../install/compile-image.js";
import { Helper } from "../importer/env.js";
import { Table } from "../metadata/schema.js";
import type { TypeSystem } from "../typesystem/typesystem.js";
import { FieldDesc, MethodDesc, Module, TypeDesc, TypeLoadError } from "../typesystem/types.js";
import { RefReader } from "../image/refs.js";

/** What binding needs of the runtime (host/runtime/runtime.ts). */
export interface ImageHost {
  readonly ts: TypeSystem;
  readonly threadState: number;
  /** Makes the word at `at` lead to `md`'s code (its prestub until compiled; intrinsics' implementation). */
  bindMethodCell(at: number, md: MethodDesc): void;
  /** The method's runtime cell (a RuntimeMethodHandle). */
  methodCellOf(md: MethodDesc): number;
  methodTable(t: TypeDesc): number;
  /** The statics block, running a beforefieldinit .cctor first as the JIT does when it compiles a reader. */
  staticsFor(t: TypeDesc): number;
  stringLiteralCell(m: Module, token: number): number;
  fieldStorage(f: FieldDesc): number;
  helperAddress(h: Helper): number;
  trapStub(h: number): number;
}

export interface MappedCode {
  base: number;
  size: number;
  bytes: Uint8Array;
  dispose(): void;
}

const HELPER_BY_NAME = new Map(Object.entries(HELPER_NAMES).map(([k, v]) => [v, Number(k) as Helper]));

export class LoadedImage {
  private readonly bound: Uint8Array;
  private readonly modules = new Map<number, Module>();
  private readonly refs: RefReader;
  /** The type of each bound statics cell. */
  private readonly staticsTypes = new Map<number, TypeDesc>();
  readonly dataView: DataView;
  /** Indices of methods with code, by code address (for traps). */
  private sorted: number[] | null = null;
  readonly textStart: number;
  readonly textEnd: number;
  /** Methods whose code was taken from this image. */
  methodsRun = 0;

  constructor(
    private readonly host: ImageHost,
    readonly module: Module,
    /** The image file (for logs). */
    readonly file: string,
    readonly image: NativeImage,
    readonly mapped: MappedCode,
    private readonly dependencies: readonly DependencyIdentity[],
  ) {
    this.bound = new Uint8Array(image.importCount);
    this.refs = new RefReader(host.ts, (asm) => this.moduleOf(asm), file);
    this.dataView = new DataView(mapped.bytes.buffer, mapped.bytes.byteOffset, mapped.bytes.byteLength);
    this.textStart = mapped.base + image.text.rva;
    this.textEnd = this.textStart + image.text.bytes.length;
    for (let i = 0; i < image.importCount; i++) {
      const k = image.importKind(i) & 0xff;
      if (k === ImportKind.Helper || k === ImportKind.ThreadState) this.bindCell(i);
    }
  }

  /** The code address of `md` (a method of this module, not generic) or why the image has none: "excluded: reason", or null when the image does not list it. */
  codeOf(md: MethodDesc): { address: number; index: number } | { excluded: string } | null {
    const i = this.methodIndex((Table.MethodDef << 24) | md.row);
    if (i < 0) return null;
    const m = this.image.methodAt(i);
    if (m.excluded !== null) return { excluded: m.excluded };
    return { address: this.mapped.base + m.rva, index: i };
  }

  /** The code of generic instantiation `md` when the image holds it (see compile-image.ts), else null. */
  instantiationOf(md: MethodDesc): { address: number; index: number } | null {
    const i = this.image.instantiationIndex(instantiationKey(md));
    if (i < 0) return null;
    const m = this.image.methodAt(i);
    return m.excluded === null ? { address: this.mapped.base + m.rva, index: i } : null;
  }

  /** The .nmeth index of `token`, -1 when absent (binary search when the entries are in token order, as images write them). */
  private methodIndex(token: number): number {
    const img = this.image;
    if (this.sortedTokens === null) {
      this.sortedTokens = true;
      for (let i = 1; i < img.methodCount; i++) if (img.methodToken(i - 1) >= img.methodToken(i)) this.sortedTokens = false;
    }
    if (!this.sortedTokens) {
      if (!this.byToken) {
        this.byToken = new Map();
        for (let i = 0; i < img.methodCount; i++) this.byToken.set(img.methodToken(i), i);
      }
      return this.byToken.get(token) ?? -1;
    }
    let lo = 0, hi = img.methodCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = img.methodToken(mid);
      if (t === token) return mid;
      if (t < token) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  private sortedTokens: boolean | null = null;
  private byToken: Map<number, number> | null = null;

  /** Binds every cell method `index`'s code reads (throws what resolving a name throws: TypeLoadError, BindError …). */
  bindMethod(index: number): void {
    const info = this.image.methodInfo(index);
    if (!info) throw new TypeLoadError(`${this.file}: method ${index} has no code`);
    for (const c of info.cells) {
      if (!this.bound[c]) this.bindCell(c);
      else {
        // Entering a method that reads a type's statics initialises the type (or raises its
        // failure), whichever method bound the cell first: as the JIT does at each compilation.
        const t = this.staticsTypes.get(c);
        if (t) this.host.staticsFor(t);
      }
    }
  }

  /** Callee-saved registers of the image method whose code contains `address` (null: not this image's code). */
  savedRegistersAt(address: number): { reg: number; rbpOffset: number }[] | null {
    if (address < this.textStart || address >= this.textEnd) return null;
    const ms = this.image.methods;
    this.sorted ??= ms.map((_, i) => i).filter((i) => ms[i]!.excluded === null).sort((a, b) => ms[a]!.rva - ms[b]!.rva);
    const rva = address - this.mapped.base;
    let lo = 0, hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = ms[this.sorted[mid]!]!;
      if (rva < m.rva) hi = mid - 1;
      else if (rva >= m.rva + m.size) lo = mid + 1;
      else return this.image.methodInfo(this.sorted[mid]!)!.saved;
    }
    return null;
  }

  private bindCell(i: number): void {
    const imp = this.image.importAt(i);
    const at = this.mapped.base + imp.cellRva;
    const h = this.host;
    const kind = imp.kind & 0xff;
    const refs = this.refs;
    const ref = () => refs.parse(imp.ref, `import ${i} (${imp.name})`);
    switch (kind) {
      case ImportKind.Method:
      case ImportKind.LocalMethod:
        h.bindMethodCell(at, refs.method(ref()));
        break;
      case ImportKind.MethodHandle:
        this.write(at, h.methodCellOf(refs.method(ref())));
        break;
      case ImportKind.Helper:
        this.write(at, this.helper(imp.name));
        break;
      case ImportKind.ThreadState:
        this.write(at, h.threadState);
        break;
      case ImportKind.MethodTable:
        this.write(at, h.methodTable(refs.type(ref())));
        break;
      case ImportKind.Statics: {
        const t = refs.type(ref());
        this.staticsTypes.set(i, t);
        this.write(at, h.staticsFor(t));
        break;
      }
      case ImportKind.String:
        this.write(at, h.stringLiteralCell(this.moduleOf(imp.assembly), imp.token));
        break;
      case ImportKind.FieldHandle:
      case ImportKind.FieldData: {
        const f = refs.field(ref());
        if (kind === ImportKind.FieldData && !f.hasRva) throw new TypeLoadError(`${f.fullName} has no initial data`);
        this.write(at, h.fieldStorage(f));
        break;
      }
      default:
        throw new TypeLoadError(`${this.file}: import ${i} has unknown kind ${imp.kind}`);
    }
    this.bound[i] = 1;
  }

  private write(at: number, value: number): void {
    this.dataView.setBigUint64(at - this.mapped.base, BigInt(value), true);
  }

  private helper(name: string): number {
    if (name === "TrapOverflow") return this.host.trapStub(IR.HELPER_THROW_OVERFLOW);
    if (name === "TrapDivideByZero") return this.host.trapStub(IR.HELPER_THROW_DIVIDE_BY_ZERO);
    const trap = /^Trap(\d+)$/.exec(name);
    if (trap) return this.host.trapStub(Number(trap[1]));
    const h = HELPER_BY_NAME.get(name);
    if (h === undefined) throw new TypeLoadError(`${this.file}: unknown runtime helper ${name}`);
    return this.host.helperAddress(h);
  }

  private moduleOf(asm: number): Module {
    if (asm === -1) return this.module;
    let m = this.modules.get(asm);
    if (!m) {
      const d = this.dependencies[asm];
      if (!d) throw new TypeLoadError(`${this.file}: dependency ${asm} does not exist`);
      m = this.host.ts.load(d.path);
      this.modules.set(asm, m);
    }
    return m;
  }
}
