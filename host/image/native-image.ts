/**
 * Native image files: PE32+ images (`objdump -x` and `objdump -d` read them) holding the
 * compiled code of one assembly and everything needed to validate and bind it at load time.
 *
 * Sections (names fit the 8-byte PE limit):
 *   .text   code of every compiled method, each 16-byte aligned
 *   .cells  indirection cells, 8 bytes each, zero in the file; the loader writes the address
 *           of each import into its cell (calls into other assemblies and runtime helpers
 *           go through them: `call [rip+cell]`)
 *   .nimp   import descriptors, one per cell
 *   .nmeth  the method table: MethodDef token → code RVA and size, or "excluded" and why
 *   .nminfo per method with code, what the loader needs before it first runs: the cells its
 *           code reads (bound then, in this order) and the callee-saved registers its frame
 *           keeps (for leaving it from a trap)
 *   .nprof  (profile images) one 8-byte call counter per method, zero in the file
 *   .nilmap (debug images) per method, IL offset → native offset for every IL instruction
 *   .ninst  generic instantiations compiled into the image: .nmeth token → instantiation key
 *   .nid    the identity block (JSON): source MVID and content hash, every dependency as
 *           bound, compiler and runtime ABI versions, CPU features, OS, scenario, config
 *   .reloc  base relocations (DIR64) for absolute addresses inside the image
 *
 * Invariants: the writer is deterministic (no timestamps; everything in input order, which
 * callers keep sorted), so the same inputs give byte-identical files. The reader checks every
 * header and offset and throws BadImageError naming the file.
 */
import { ByteView } from "../metadata/bytes.js";
import { BadImageError } from "../metadata/errors.js";
import { PEImage } from "../metadata/pe.js";

export const IMAGE_FORMAT = 2;
const FILE_ALIGN = 0x200;
const SECTION_ALIGN = 0x1000;
const MAGIC_NID = 0x494e474e; // "NGNI"
const MAGIC_NMETH = 0x4d4e474e; // "NGNM"
const MAGIC_NIMP = 0x4d49474e; // "NGIM"
const MAGIC_NILMAP = 0x4c49474e; // "NGIL"
const MAGIC_NMINFO = 0x464d474e; // "NGMF"
const MAGIC_NINST = 0x5349474e; // "NGIS"

export interface MethodEntry {
  token: number;
  /** Offset of the method's code in `code` (ignored when excluded). */
  codeOffset: number;
  codeSize: number;
  /** Why the method has no native code (BypassNGenAttribute, not supported, …). */
  excluded?: string;
  /** Cells the method's code reads, in first-use order (the loader binds them before it runs). */
  cells?: number[];
  /** Callee-saved registers the method's frame keeps: register number and offset from RBP. */
  saved?: { reg: number; rbpOffset: number }[];
}

export const enum ImportKind {
  /** A method of another assembly (token in that assembly). */
  Method = 1,
  /** A runtime helper by name. */
  Helper = 2,
  /** A method of this assembly reached through a cell (e.g. not yet compiled). */
  LocalMethod = 3,
  /** Static data block of a type (name: the type's key). */
  Statics = 4,
  /** The method table of a type (name: the type's key). */
  MethodTable = 5,
  /** A string literal of this assembly (token: the #US token). */
  String = 6,
  /** The thread state block (pending exception). */
  ThreadState = 7,
  /** A RuntimeFieldHandle value (token: the Field token of this assembly; name: the field's key). */
  FieldHandle = 8,
  /** A RuntimeMethodHandle value (name: the method's key). */
  MethodHandle = 9,
  /** The address of a static field's initial data (token: the Field token). */
  FieldData = 10,
}

/** Set on an import's kind when the call is hard-bound (bound eagerly, with its dependency). */
export const IMPORT_HARD_BOUND = 0x100;

export interface ImportEntry {
  kind: ImportKind;
  /** Index into identity.dependencies, or -1 for the runtime / this assembly. */
  assembly: number;
  token: number;
  name: string;
  /**
   * What the import names, resolvable by the loader (JSON; "" for helpers and the thread
   * state). A type is [assembly, TypeDef row, [arguments]?] (assembly: index into
   * identity.dependencies, -1 this one), or ["[]", element], ["[,]", element, rank],
   * ["*", element], ["&", element]; a method [owner type, assembly, MethodDef row,
   * [method arguments]?]; a field [owner type, assembly, Field row].
   */
  ref?: string;
}

export interface CodeFixup {
  /** Offset in `code` of the 4-byte field (rel32) or 8-byte field (abs64). */
  offset: number;
  kind: "rel32-cell" | "rel32-code" | "rel32-prof" | "abs64-code";
  /** Cell index for rel32-cell; counter index for rel32-prof; code offset for rel32-code and abs64-code. */
  target: number;
  /**
   * rel32: field = target + addend - field address (default -4: the field ends the
   * instruction); abs64: field = image address of target + addend (default 0).
   */
  addend?: number;
}

export interface NativeImageInput {
  imageBase: bigint;
  code: Uint8Array;
  methods: MethodEntry[];
  imports: ImportEntry[];
  fixups: CodeFixup[];
  /** Serialisable identity block (see IdentityBlock in identity-block.ts). */
  identity: unknown;
  /** Profile images: how many 8-byte call counters the .nprof section holds. */
  profileCounters?: number;
  /** Debug images: per method token, (IL offset, native offset from the method's first byte) pairs. */
  ilMaps?: { token: number; pairs: [number, number][] }[];
  /** Generic instantiations among `methods`: their .nmeth token and instantiation key. */
  instantiations?: { token: number; key: string }[];
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

const UTF8 = new TextEncoder();

class Bytes {
  buf = new Uint8Array(1024);
  len = 0;
  private ensure(n: number) {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  u8(v: number) {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  u16(v: number) {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number) {
    this.ensure(4);
    const b = this.buf, i = this.len;
    b[i] = v;
    b[i + 1] = v >>> 8;
    b[i + 2] = v >>> 16;
    b[i + 3] = v >>> 24;
    this.len = i + 4;
    return this;
  }
  u64(v: bigint) {
    return this.u32(Number(v & 0xffffffffn)).u32(Number((v >> 32n) & 0xffffffffn));
  }
  /** The UTF-8 bytes of `s`, written in place. */
  utf8(s: string) {
    this.ensure(s.length * 3);
    this.len += UTF8.encodeInto(s, this.buf.subarray(this.len)).written;
    return this;
  }
  bytes(b: Uint8Array) {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  zeros(n: number) {
    this.ensure(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
    return this;
  }
  padTo(n: number) {
    if (this.len < n) this.zeros(n - this.len);
    return this;
  }
  done() {
    return this.buf.slice(0, this.len);
  }
}

/** A string pool: offsets of NUL-terminated UTF-8 strings, deduplicated. */
class StringPool {
  readonly out = new Bytes();
  private readonly seen = new Map<string, number>();
  add(s: string): number {
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    const off = this.out.len;
    this.out.utf8(s).u8(0);
    this.seen.set(s, off);
    return off;
  }
}

interface Section {
  name: string;
  data: Uint8Array;
  /** Size in memory (for .cells, larger than the zero bytes in the file). */
  virtualSize: number;
  characteristics: number;
  rva: number;
  fileOffset: number;
}

const SCN_CODE = 0x20, SCN_INIT = 0x40, SCN_EXEC = 0x20000000, SCN_READ = 0x40000000, SCN_WRITE = 0x80000000, SCN_DISCARD = 0x02000000;

export function writeNativeImage(input: NativeImageInput): Uint8Array {
  const nCells = input.imports.length;
  // Lay out section RVAs first: fixups need the cells' addresses.
  const textSize = Math.max(input.code.length, 1);
  const textRva = SECTION_ALIGN;
  const cellsRva = textRva + align(textSize, SECTION_ALIGN);
  const cellsSize = Math.max(nCells * 8, 8);
  const profRva = cellsRva + align(cellsSize, SECTION_ALIGN);
  const nProf = input.profileCounters ?? 0;

  const code = input.code.slice();
  const dv = new DataView(code.buffer);
  const dir64: number[] = [];
  // Indexed loops: this runs once per image, mostly before V8 optimises it, where for-of
  // allocates an iterator result per element.
  const fixups = input.fixups;
  for (let i = 0; i < fixups.length; i++) {
    const f = fixups[i]!;
    if (f.kind === "rel32-cell") {
      if (f.target < 0 || f.target >= nCells) throw new Error(`fixup at ${f.offset}: cell ${f.target} does not exist`);
      const cell = cellsRva + f.target * 8;
      dv.setInt32(f.offset, cell + (f.addend ?? -4) - (textRva + f.offset), true);
    } else if (f.kind === "rel32-prof") {
      if (f.target < 0 || f.target >= nProf) throw new Error(`fixup at ${f.offset}: counter ${f.target} does not exist`);
      dv.setInt32(f.offset, profRva + f.target * 8 + (f.addend ?? -4) - (textRva + f.offset), true);
    } else if (f.kind === "rel32-code") {
      dv.setInt32(f.offset, f.target + (f.addend ?? -4) - f.offset, true);
    } else {
      dv.setBigUint64(f.offset, input.imageBase + BigInt(textRva + f.target + (f.addend ?? 0)), true);
      dir64.push(textRva + f.offset);
    }
  }

  // .nimp
  const impStrings = new StringPool();
  const nimp = new Bytes().u32(MAGIC_NIMP).u32(nCells);
  input.imports.forEach((imp, i) => {
    nimp.u32(imp.kind).u32(cellsRva + i * 8).u32(imp.assembly >>> 0).u32(imp.token).u32(impStrings.add(imp.name)).u32(impStrings.add(imp.ref ?? ""));
  });
  nimp.bytes(impStrings.out.done());

  // .nmeth
  const methStrings = new StringPool();
  const nmeth = new Bytes().u32(MAGIC_NMETH).u32(input.methods.length);
  const methods = input.methods;
  for (let i = 0; i < methods.length; i++) {
    const m = methods[i]!;
    nmeth.u32(m.token).u32(m.excluded === undefined ? textRva + m.codeOffset : 0).u32(m.excluded === undefined ? m.codeSize : 0);
    nmeth.u32(m.excluded === undefined ? 0xffffffff : methStrings.add(m.excluded));
  }
  nmeth.bytes(methStrings.out.done());

  // .nminfo: per .nmeth entry the offset of its record (0: none), then the records:
  // cell count, cell indices, saved-register count, (register, RBP offset) pairs.
  const nminfo = new Bytes().u32(MAGIC_NMINFO).u32(input.methods.length);
  const records = new Bytes();
  const recBase = 8 + input.methods.length * 4;
  for (let i = 0; i < methods.length; i++) {
    const m = methods[i]!;
    if (m.excluded !== undefined) {
      nminfo.u32(0);
      continue;
    }
    nminfo.u32(recBase + records.len);
    const cells = m.cells ?? [];
    records.u32(cells.length);
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      if (c < 0 || c >= nCells) throw new Error(`method 0x${m.token.toString(16)}: cell ${c} does not exist`);
      records.u32(c);
    }
    const saved = m.saved ?? [];
    records.u32(saved.length);
    for (let k = 0; k < saved.length; k++) records.u32(saved[k]!.reg).u32(saved[k]!.rbpOffset);
  }
  nminfo.bytes(records.done());

  // .nilmap: entries (token, method code RVA, pair count, pair offset), then (il, native) pairs.
  let nilmap: Bytes | null = null;
  if (input.ilMaps) {
    nilmap = new Bytes().u32(MAGIC_NILMAP).u32(input.ilMaps.length);
    let pairOff = 8 + input.ilMaps.length * 16;
    for (const m of input.ilMaps) {
      const start = input.methods.find((e) => e.token === m.token && e.excluded === undefined);
      nilmap.u32(m.token).u32(start ? textRva + start.codeOffset : 0).u32(m.pairs.length).u32(pairOff);
      pairOff += m.pairs.length * 8;
    }
    for (const m of input.ilMaps) for (const [il, nat] of m.pairs) nilmap.u32(il).u32(nat);
  }

  // .ninst: count, (.nmeth token, key offset) pairs, then the keys.
  let ninst: Bytes | null = null;
  if (input.instantiations?.length) {
    const pool = new StringPool();
    ninst = new Bytes().u32(MAGIC_NINST).u32(input.instantiations.length);
    for (const i of input.instantiations) ninst.u32(i.token).u32(pool.add(i.key));
    ninst.bytes(pool.out.done());
  }

  // .nid
  const json = UTF8.encode(JSON.stringify(input.identity));
  const nid = new Bytes().u32(MAGIC_NID).u32(IMAGE_FORMAT).u32(json.length).bytes(json);

  // .reloc: one block per 4 KiB page, entries (type 10 = DIR64) sorted, padded to 4 bytes.
  const reloc = new Bytes();
  dir64.sort((a, b) => a - b);
  for (let i = 0; i < dir64.length; ) {
    const page = dir64[i]! & ~0xfff;
    const entries: number[] = [];
    while (i < dir64.length && (dir64[i]! & ~0xfff) === page) entries.push(dir64[i++]!);
    if (entries.length % 2) entries.push(-1);
    reloc.u32(page).u32(8 + entries.length * 2);
    for (let k = 0; k < entries.length; k++) reloc.u16(entries[k]! < 0 ? 0 : (10 << 12) | (entries[k]! & 0xfff));
  }

  const sections: Section[] = [];
  const add = (name: string, data: Uint8Array, characteristics: number, virtualSize = data.length) => {
    const prev = sections[sections.length - 1];
    const rva = prev ? prev.rva + align(Math.max(prev.virtualSize, 1), SECTION_ALIGN) : textRva;
    sections.push({ name, data, virtualSize: Math.max(virtualSize, 1), characteristics, rva, fileOffset: 0 });
  };
  add(".text", code, SCN_CODE | SCN_EXEC | SCN_READ, textSize);
  add(".cells", new Uint8Array(0), SCN_INIT | SCN_READ | SCN_WRITE, cellsSize);
  if (nProf) add(".nprof", new Uint8Array(0), SCN_INIT | SCN_READ | SCN_WRITE, nProf * 8);
  add(".nimp", nimp.done(), SCN_INIT | SCN_READ);
  add(".nmeth", nmeth.done(), SCN_INIT | SCN_READ);
  add(".nminfo", nminfo.done(), SCN_INIT | SCN_READ);
  if (nilmap) add(".nilmap", nilmap.done(), SCN_INIT | SCN_READ);
  if (ninst) add(".ninst", ninst.done(), SCN_INIT | SCN_READ);
  add(".nid", nid.done(), SCN_INIT | SCN_READ);
  if (reloc.len) add(".reloc", reloc.done(), SCN_INIT | SCN_READ | SCN_DISCARD);
  if (sections[1]!.rva !== cellsRva) throw new Error("internal: cell section moved");
  if (nProf && sections[2]!.rva !== profRva) throw new Error("internal: counter section moved");

  const headerSize = align(0x80 + 4 + 20 + 240 + sections.length * 40, FILE_ALIGN);
  let fileOff = headerSize;
  for (const s of sections) {
    s.fileOffset = s.data.length ? fileOff : 0;
    fileOff += align(s.data.length, FILE_ALIGN);
  }
  const imageSize = align(sections[sections.length - 1]!.rva + sections[sections.length - 1]!.virtualSize, SECTION_ALIGN);
  const relocSec = sections.find((s) => s.name === ".reloc");

  const out = new Bytes();
  // DOS header: "MZ", e_lfanew at 0x3c; the rest of the stub is zero.
  out.u16(0x5a4d).padTo(0x3c).u32(0x80).padTo(0x80);
  out.u32(0x00004550);
  // COFF header.
  out.u16(0x8664).u16(sections.length).u32(0).u32(0).u32(0).u16(240).u16(0x2022);
  // Optional header (PE32+).
  const sizeOfCode = align(code.length, FILE_ALIGN);
  const sizeOfInit = sections.slice(1).reduce((a, s) => a + align(s.data.length, FILE_ALIGN), 0);
  out.u16(0x20b).u8(1).u8(0).u32(sizeOfCode).u32(sizeOfInit).u32(0).u32(0).u32(textRva);
  out.u64(input.imageBase).u32(SECTION_ALIGN).u32(FILE_ALIGN);
  out.u16(6).u16(0).u16(0).u16(0).u16(6).u16(0).u32(0);
  out.u32(imageSize).u32(headerSize).u32(0).u16(3).u16(0x0140); // console subsystem; DYNAMIC_BASE | NX_COMPAT
  out.u64(0x100000n).u64(0x1000n).u64(0x100000n).u64(0x1000n).u32(0).u32(16);
  for (let i = 0; i < 16; i++) {
    if (i === 5 && relocSec) out.u32(relocSec.rva).u32(relocSec.data.length);
    else out.u32(0).u32(0);
  }
  for (const s of sections) {
    const name = UTF8.encode(s.name);
    out.bytes(name).zeros(8 - name.length);
    out.u32(s.virtualSize).u32(s.rva).u32(align(s.data.length, FILE_ALIGN)).u32(s.fileOffset).u32(0).u32(0).u16(0).u16(0).u32(s.characteristics);
  }
  out.padTo(headerSize);
  for (const s of sections) {
    if (!s.data.length) continue;
    out.padTo(s.fileOffset).bytes(s.data);
    out.padTo(s.fileOffset + align(s.data.length, FILE_ALIGN));
  }
  return out.done();
}

export interface NativeImage {
  pe: PEImage;
  imageBase: bigint;
  identity: unknown;
  methods: { token: number; rva: number; size: number; excluded: string | null }[];
  imports: (ImportEntry & { cellRva: number; ref: string })[];
  text: { rva: number; bytes: Uint8Array };
  cellsRva: number;
  /** RVAs of DIR64 base relocations. */
  relocations: number[];
  /** Profile images: RVA and count of the call counters. */
  profile: { rva: number; count: number } | null;
  /** Debug images: per method, (IL offset, native RVA) pairs. */
  ilMaps: Map<number, [number, number][]> | null;
  methodCount: number;
  /** Entry `i` of `methods`, decoded alone. */
  methodAt(i: number): NativeImage["methods"][number];
  methodToken(i: number): number;
  importCount: number;
  /** Import `i`, decoded alone; importKind: its kind only. */
  importAt(i: number): NativeImage["imports"][number];
  importKind(i: number): ImportKind;
  /** The `methods` index of the generic instantiation with this key (instantiationKey), -1 when the image has none. */
  instantiationIndex(key: string): number;
  /** What the loader needs before method `index` (of `methods`) first runs; null for excluded methods. Decoded on request, checked. */
  methodInfo(index: number): MethodInfo | null;
}

export interface MethodInfo {
  /** Indices into `imports` of the cells its code reads. */
  cells: number[];
  saved: { reg: number; rbpOffset: number }[];
}

/** Reads and validates a native image. Throws BadImageError naming the file and the problem. */
export function readNativeImage(bytes: Uint8Array, file: string): NativeImage {
  const pe = new PEImage(bytes, file);
  const d = pe.data;
  if (!pe.is64 || pe.machine !== 0x8664) d.fail(-1, "not a native image: expected a PE32+ x86-64 file");
  const sec = (name: string) => {
    const s = pe.sections.find((x) => x.name === name);
    if (!s) d.fail(-1, `not a native image: section ${name} is missing`);
    return s!;
  };
  const view = (name: string): ByteView => {
    const s = sec(name);
    return d.sub(s.pointerToRawData, Math.min(s.sizeOfRawData, s.virtualSize), name);
  };
  const nid = view(".nid");
  if (nid.u32(0) !== MAGIC_NID) nid.fail(0, "bad .nid magic");
  if (nid.u32(4) !== IMAGE_FORMAT) nid.fail(4, `native image format ${nid.u32(4)}, this ngen reads format ${IMAGE_FORMAT}`);
  const len = nid.u32(8);
  let identity: unknown;
  try {
    identity = JSON.parse(new TextDecoder().decode(nid.slice(12, len, "identity block")));
  } catch (e) {
    if (e instanceof BadImageError) throw e;
    nid.fail(12, `identity block is not valid JSON (${(e as Error).message})`);
  }
  const str = (v: ByteView, base: number, off: number) => v.cstring(base + off);

  const m = view(".nmeth");
  if (m.u32(0) !== MAGIC_NMETH) m.fail(0, "bad .nmeth magic");
  const nm = m.u32(4);
  m.check(8, nm * 16, "method table");
  const mpool = 8 + nm * 16;
  const text = sec(".text");
  // Every entry is checked here; entries are decoded into objects on request (a loader needs few).
  for (let i = 0; i < nm; i++) {
    const o = 8 + i * 16;
    const rva = m.u32(o + 4);
    const size = m.u32(o + 8);
    const reason = m.u32(o + 12);
    if (reason === 0xffffffff && (rva < text.virtualAddress || rva + size > text.virtualAddress + text.virtualSize)) {
      m.fail(o + 4, `method 0x${m.u32(o).toString(16)}: code range outside .text`);
    }
    if (reason !== 0xffffffff) m.cstring(mpool + reason);
  }
  const methodAt = (i: number): NativeImage["methods"][number] => {
    const o = 8 + i * 16;
    const reason = m.u32(o + 12);
    return { token: m.u32(o), rva: m.u32(o + 4), size: m.u32(o + 8), excluded: reason === 0xffffffff ? null : str(m, mpool, reason) };
  };
  let methodList: NativeImage["methods"] | null = null;

  const im = view(".nimp");
  if (im.u32(0) !== MAGIC_NIMP) im.fail(0, "bad .nimp magic");
  const ni = im.u32(4);
  im.check(8, ni * 24, "import table");
  const ipool = 8 + ni * 24;
  const cells = sec(".cells");
  for (let i = 0; i < ni; i++) {
    const o = 8 + i * 24;
    const cellRva = im.u32(o + 4);
    if (cellRva < cells.virtualAddress || cellRva + 8 > cells.virtualAddress + cells.virtualSize) im.fail(o + 4, "import cell outside .cells");
    if (im.u32(o + 16) >= im.length - ipool || im.u32(o + 20) >= im.length - ipool) im.fail(o + 16, "import name outside the string pool");
  }
  const importAt = (i: number): NativeImage["imports"][number] => {
    const o = 8 + i * 24;
    return { kind: im.u32(o) as ImportKind, cellRva: im.u32(o + 4), assembly: im.i32(o + 8), token: im.u32(o + 12), name: str(im, ipool, im.u32(o + 16)), ref: str(im, ipool, im.u32(o + 20)) };
  };
  let importList: NativeImage["imports"] | null = null;

  const info = view(".nminfo");
  if (info.u32(0) !== MAGIC_NMINFO) info.fail(0, "bad .nminfo magic");
  if (info.u32(4) !== nm) info.fail(4, `.nminfo describes ${info.u32(4)} methods, .nmeth has ${nm}`);
  info.check(8, nm * 4, "method info offsets");
  const methodInfo = (index: number): MethodInfo | null => {
    if (index < 0 || index >= nm || m.u32(8 + index * 16 + 12) !== 0xffffffff) return null;
    let o = info.u32(8 + index * 4);
    const nc = info.u32(o);
    info.check(o + 4, nc * 4, "method cells");
    const cells: number[] = [];
    for (let k = 0; k < nc; k++) {
      const c = info.u32(o + 4 + 4 * k);
      if (c >= ni) info.fail(o + 4 + 4 * k, `method 0x${m.u32(8 + index * 16).toString(16)}: cell ${c} does not exist`);
      cells.push(c);
    }
    o += 4 + nc * 4;
    const ns = info.u32(o);
    info.check(o + 4, ns * 8, "saved registers");
    const saved = [];
    for (let k = 0; k < ns; k++) saved.push({ reg: info.u32(o + 4 + 8 * k), rbpOffset: info.i32(o + 8 + 8 * k) });
    return { cells, saved };
  };

  let instIndex: Map<string, number> | null = null;
  const instantiationIndex = (key: string): number => {
    if (!instIndex) {
      instIndex = new Map();
      const isec = pe.sections.find((x) => x.name === ".ninst");
      if (isec) {
        const v = d.sub(isec.pointerToRawData, Math.min(isec.sizeOfRawData, isec.virtualSize), ".ninst");
        if (v.u32(0) !== MAGIC_NINST) v.fail(0, "bad .ninst magic");
        const n = v.u32(4);
        v.check(8, n * 8, "instantiation table");
        const byToken = new Map<number, number>();
        for (let i = 0; i < nm; i++) byToken.set(m.u32(8 + i * 16), i);
        for (let i = 0; i < n; i++) {
          const idx = byToken.get(v.u32(8 + i * 8));
          if (idx === undefined) v.fail(8 + i * 8, "instantiation with no method table entry");
          instIndex.set(v.cstring(8 + n * 8 + v.u32(12 + i * 8)), idx!);
        }
      }
    }
    return instIndex.get(key) ?? -1;
  };

  const relocations: number[] = [];
  const rs = pe.sections.find((x) => x.name === ".reloc");
  if (rs) {
    const r = d.sub(rs.pointerToRawData, Math.min(rs.sizeOfRawData, rs.virtualSize), ".reloc");
    for (let o = 0; o + 8 <= r.length; ) {
      const page = r.u32(o);
      const size = r.u32(o + 4);
      if (size < 8 || o + size > r.length) r.fail(o + 4, `base relocation block size ${size}`);
      for (let k = o + 8; k < o + size; k += 2) {
        const e = r.u16(k);
        if (e >> 12 === 10) relocations.push(page + (e & 0xfff));
        else if (e >> 12 !== 0) r.fail(k, `unsupported base relocation type ${e >> 12}`);
      }
      o += size;
    }
  }
  const textBytes = d.slice(text.pointerToRawData, Math.min(text.sizeOfRawData, text.virtualSize), ".text");
  const prof = pe.sections.find((x) => x.name === ".nprof");
  let ilMaps: Map<number, [number, number][]> | null = null;
  const ilsec = pe.sections.find((x) => x.name === ".nilmap");
  if (ilsec) {
    const v = d.sub(ilsec.pointerToRawData, Math.min(ilsec.sizeOfRawData, ilsec.virtualSize), ".nilmap");
    if (v.u32(0) !== MAGIC_NILMAP) v.fail(0, "bad .nilmap magic");
    const n = v.u32(4);
    v.check(8, n * 16, "IL map table");
    ilMaps = new Map();
    for (let i = 0; i < n; i++) {
      const o = 8 + i * 16;
      const count = v.u32(o + 8);
      const at = v.u32(o + 12);
      v.check(at, count * 8, "IL map pairs");
      const base = v.u32(o + 4);
      const pairs: [number, number][] = [];
      for (let k = 0; k < count; k++) pairs.push([v.u32(at + k * 8), base + v.u32(at + k * 8 + 4)]);
      ilMaps.set(v.u32(o), pairs);
    }
  }
  return {
    profile: prof ? { rva: prof.virtualAddress, count: Math.floor(prof.virtualSize / 8) } : null,
    ilMaps, methodInfo, instantiationIndex, pe, imageBase: pe.imageBase, identity,
    get methods() {
      return (methodList ??= Array.from({ length: nm }, (_, i) => methodAt(i)));
    },
    get imports() {
      return (importList ??= Array.from({ length: ni }, (_, i) => importAt(i)));
    },
    methodCount: nm, methodAt, methodToken: (i: number) => m.u32(8 + i * 16), importCount: ni, importAt, importKind: (i: number) => im.u32(8 + i * 24) as ImportKind,
    text: { rva: text.virtualAddress, bytes: textBytes }, cellsRva: cells.virtualAddress, relocations };
}
