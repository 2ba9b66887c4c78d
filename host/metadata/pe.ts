/**
 * PE/COFF image reader (PE32 and PE32+), enough of it for managed assemblies:
 * headers, sections, data directories, RVA→file-offset mapping and the CLI header.
 *
 * Invariants: every offset this module hands out has been bounds-checked against the file;
 * `rvaToOffset` only succeeds for RVAs backed by raw data in some section (or, for images
 * without sections, by the file itself), so callers can read `size` bytes there safely
 * after `rvaRange` has checked the size.
 */
import { ByteView } from "./bytes.js";

export const enum DataDirectory {
  Export = 0,
  Import = 1,
  Resource = 2,
  Exception = 3,
  Certificate = 4,
  BaseRelocation = 5,
  Debug = 6,
  Architecture = 7,
  GlobalPtr = 8,
  Tls = 9,
  LoadConfig = 10,
  BoundImport = 11,
  Iat = 12,
  DelayImport = 13,
  ClrRuntimeHeader = 14,
}

export interface SectionHeader {
  name: string;
  virtualSize: number;
  virtualAddress: number;
  sizeOfRawData: number;
  pointerToRawData: number;
  characteristics: number;
}

export interface DirectoryEntry {
  rva: number;
  size: number;
}

export interface CliHeader {
  /** File offset of the CLI header itself. */
  offset: number;
  size: number;
  majorRuntimeVersion: number;
  minorRuntimeVersion: number;
  metadata: DirectoryEntry;
  flags: number;
  /** Entry point MethodDef/File token, or a native RVA when flags has NATIVE_ENTRYPOINT (0x10). */
  entryPoint: number;
  resources: DirectoryEntry;
  strongNameSignature: DirectoryEntry;
  codeManagerTable: DirectoryEntry;
  vtableFixups: DirectoryEntry;
  exportAddressTableJumps: DirectoryEntry;
  managedNativeHeader: DirectoryEntry;
}

export const enum CorFlags {
  ILOnly = 0x1,
  Requires32Bit = 0x2,
  ILLibrary = 0x4,
  StrongNameSigned = 0x8,
  NativeEntryPoint = 0x10,
  TrackDebugData = 0x10000,
  Prefers32Bit = 0x20000,
}

const IMAGE_FILE_DLL = 0x2000;

export class PEImage {
  readonly data: ByteView;
  readonly machine: number;
  readonly timeDateStamp: number;
  readonly characteristics: number;
  /** true for PE32+ (optional header magic 0x20b). */
  readonly is64: boolean;
  readonly imageBase: bigint;
  readonly sectionAlignment: number;
  readonly fileAlignment: number;
  readonly subsystem: number;
  readonly dllCharacteristics: number;
  readonly linkerVersion: string;
  readonly directories: DirectoryEntry[];
  readonly sections: SectionHeader[];
  private readonly dirsOffset: number;

  constructor(bytes: Uint8Array, readonly file: string) {
    const d = (this.data = new ByteView(bytes, file));
    if (bytes.length < 0x40) d.fail(0, `file is ${bytes.length} bytes, too small for a DOS header`);
    if (d.u16(0) !== 0x5a4d) d.fail(0, "not a PE file: missing 'MZ' signature");
    const peOff = d.u32(0x3c);
    if (peOff + 24 > bytes.length) d.fail(0x3c, `PE header offset 0x${peOff.toString(16)} is past the end of the file`);
    if (d.u32(peOff) !== 0x00004550) d.fail(peOff, "not a PE file: missing 'PE\\0\\0' signature");
    const coff = peOff + 4;
    this.machine = d.u16(coff);
    const nSections = d.u16(coff + 2);
    this.timeDateStamp = d.u32(coff + 4);
    const optSize = d.u16(coff + 16);
    this.characteristics = d.u16(coff + 18);
    const opt = coff + 20;
    d.check(opt, optSize, "optional header");
    if (optSize < 2) d.fail(opt, "optional header missing; a managed image needs one");
    const magic = d.u16(opt);
    if (magic !== 0x10b && magic !== 0x20b) d.fail(opt, `unknown optional header magic 0x${magic.toString(16)}`);
    this.is64 = magic === 0x20b;
    const minOpt = this.is64 ? 112 : 96;
    if (optSize < minOpt) d.fail(opt, `optional header is ${optSize} bytes, need at least ${minOpt}`);
    this.linkerVersion = `${d.u8(opt + 2)}.${d.u8(opt + 3)}`;
    this.imageBase = this.is64 ? d.u64(opt + 24) : BigInt(d.u32(opt + 28));
    this.sectionAlignment = d.u32(opt + 32);
    this.fileAlignment = d.u32(opt + 36);
    this.subsystem = d.u16(opt + 68);
    this.dllCharacteristics = d.u16(opt + 70);
    const nDirsOff = opt + (this.is64 ? 108 : 92);
    const nDirs = d.u32(nDirsOff);
    const dirsOff = nDirsOff + 4;
    const maxDirs = Math.floor((optSize - (dirsOff - opt)) / 8);
    if (nDirs > 16 || nDirs > maxDirs) {
      d.fail(nDirsOff, `NumberOfRvaAndSizes is ${nDirs}, but the optional header holds at most ${Math.min(16, maxDirs)}`);
    }
    this.directories = [];
    for (let i = 0; i < 16; i++) {
      this.directories.push(i < nDirs ? { rva: d.u32(dirsOff + i * 8), size: d.u32(dirsOff + i * 8 + 4) } : { rva: 0, size: 0 });
    }
    const secOff = opt + optSize;
    if (nSections > 96) d.fail(coff + 2, `NumberOfSections is ${nSections}, the PE limit is 96`);
    d.check(secOff, nSections * 40, "section table");
    this.sections = [];
    for (let i = 0; i < nSections; i++) {
      const o = secOff + i * 40;
      let name = "";
      for (let j = 0; j < 8; j++) {
        const c = d.u8(o + j);
        if (c === 0) break;
        name += String.fromCharCode(c);
      }
      const s: SectionHeader = {
        name,
        virtualSize: d.u32(o + 8),
        virtualAddress: d.u32(o + 12),
        sizeOfRawData: d.u32(o + 16),
        pointerToRawData: d.u32(o + 20),
        characteristics: d.u32(o + 36),
      };
      if (s.sizeOfRawData > 0 && s.pointerToRawData + s.sizeOfRawData > bytes.length) {
        d.fail(o + 20, `section '${name}' raw data (0x${s.pointerToRawData.toString(16)}+0x${s.sizeOfRawData.toString(16)}) extends past the end of the file`);
      }
      this.sections.push(s);
    }
    this.dirsOffset = dirsOff;
  }

  private cliHeader: CliHeader | null = null;

  /** The CLI header; throws BadImageError for an image that is not a .NET assembly. */
  get cli(): CliHeader {
    if (this.cliHeader) return this.cliHeader;
    const d = this.data;
    const dirsOff = this.dirsOffset;
    const cliDir = this.directories[DataDirectory.ClrRuntimeHeader]!;
    if (cliDir.rva === 0 || cliDir.size === 0) d.fail(dirsOff + 14 * 8, "not a .NET assembly: the CLI header directory is empty");
    if (cliDir.size < 72) d.fail(dirsOff + 14 * 8, `CLI header size ${cliDir.size} is smaller than 72 bytes`);
    const h = this.rvaToOffset(cliDir.rva, 72, "CLI header");
    const dir = (o: number): DirectoryEntry => ({ rva: d.u32(h + o), size: d.u32(h + o + 4) });
    this.cliHeader = {
      offset: h,
      size: d.u32(h),
      majorRuntimeVersion: d.u16(h + 4),
      minorRuntimeVersion: d.u16(h + 6),
      metadata: dir(8),
      flags: d.u32(h + 16),
      entryPoint: d.u32(h + 20),
      resources: dir(24),
      strongNameSignature: dir(32),
      codeManagerTable: dir(40),
      vtableFixups: dir(48),
      exportAddressTableJumps: dir(56),
      managedNativeHeader: dir(64),
    };
    return this.cliHeader;
  }

  get isDll(): boolean {
    return (this.characteristics & IMAGE_FILE_DLL) !== 0;
  }

  /** The section containing `rva`, or undefined. */
  sectionOf(rva: number): SectionHeader | undefined {
    for (const s of this.sections) {
      const span = Math.max(s.virtualSize, s.sizeOfRawData);
      if (rva >= s.virtualAddress && rva < s.virtualAddress + span) return s;
    }
    return undefined;
  }

  /**
   * File offset of `rva`, checking that `size` bytes starting there are present in the file
   * and inside one section's raw data.
   */
  rvaToOffset(rva: number, size: number, what: string): number {
    const s = this.sectionOf(rva);
    if (!s) this.data.fail(-1, `${what}: RVA 0x${rva.toString(16)} is not inside any section`);
    const delta = rva - s.virtualAddress;
    if (delta + size > s.sizeOfRawData) {
      this.data.fail(-1, `${what}: RVA range 0x${rva.toString(16)}+0x${size.toString(16)} is not backed by file data of section '${s.name}'`);
    }
    return s.pointerToRawData + delta;
  }

  /** Like rvaToOffset but returns -1 instead of throwing. */
  tryRvaToOffset(rva: number, size: number): number {
    const s = this.sectionOf(rva);
    if (!s) return -1;
    const delta = rva - s.virtualAddress;
    if (delta + size > s.sizeOfRawData) return -1;
    return s.pointerToRawData + delta;
  }

  /** Location of the strong-name signature blob in the file, or null when unsigned. */
  strongNameSignature(): { offset: number; size: number } | null {
    const sn = this.cli.strongNameSignature;
    if (sn.rva === 0 || sn.size === 0) return null;
    return { offset: this.rvaToOffset(sn.rva, sn.size, "strong-name signature"), size: sn.size };
  }

  /**
   * The bytes of one embedded managed resource, given the Offset column of its
   * ManifestResource row (II.25.3.3: each resource is a 4-byte length then the data).
   */
  managedResource(offsetInResources: number): Uint8Array {
    const r = this.cli.resources;
    if (r.rva === 0) this.data.fail(this.cli.offset + 24, "assembly has no managed resources directory");
    if (offsetInResources + 4 > r.size) this.data.fail(-1, `resource offset 0x${offsetInResources.toString(16)} is outside the ${r.size}-byte resources directory`);
    const base = this.rvaToOffset(r.rva, r.size, "managed resources");
    const len = this.data.u32(base + offsetInResources);
    if (offsetInResources + 4 + len > r.size) this.data.fail(base + offsetInResources, `resource length ${len} runs past the resources directory`);
    return this.data.slice(base + offsetInResources + 4, len, "managed resource");
  }
}
