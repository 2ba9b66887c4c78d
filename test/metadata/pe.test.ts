// PE/COFF details: PE32 and PE32+, sections and RVAs, the CLI header, the strong-name
// signature, managed resources, and both table stream kinds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MetadataReader } from "../../host/metadata/reader.js";
import { readAll } from "../../host/metadata/read-all.js";
import { Table } from "../../host/metadata/schema.js";
import { FileAssemblyResolver } from "../../host/node/file-resolver.js";
import { fixture } from "../support/fixtures.js";
import { MONO_LIB } from "../support/mono.js";

const open = (f: string) => MetadataReader.open(new Uint8Array(readFileSync(f)), f);

describe("PE32 and PE32+", () => {
  it("reads the same assembly built as PE32 (anycpu) and PE32+ (x64) identically", () => {
    const pe32 = open(fixture("Features.dll"));
    const pe64 = open(fixture("Features64.dll"));
    expect(pe32.pe.is64).toBe(false);
    expect(pe64.pe.is64).toBe(true);
    expect(pe64.pe.machine).toBe(0x8664);
    expect(pe32.pe.machine).toBe(0x14c);
    expect(pe64.pe.imageBase).toBeGreaterThan(0n);
    const a = pe32.summary();
    const b = pe64.summary();
    expect(b.pe).toBe("PE32+");
    expect({ ...b.counts }).toEqual({ ...a.counts });
    expect(readAll(pe64, { resolver: new FileAssemblyResolver() }).instructions).toBe(readAll(pe32, { resolver: new FileAssemblyResolver() }).instructions);
  });

  it("maps RVAs through the sections and rejects RVAs outside them", () => {
    const r = open(fixture("Features.dll"));
    const text = r.pe.sections.find((s) => s.name === ".text")!;
    expect(r.pe.rvaToOffset(text.virtualAddress + 16, 4, "probe")).toBe(text.pointerToRawData + 16);
    expect(r.pe.tryRvaToOffset(0x7fffffff, 1)).toBe(-1);
    expect(r.pe.sectionOf(r.pe.cli.metadata.rva)).toBe(text);
  });
});

describe("CLI header extras", () => {
  const mscorlib = open(join(MONO_LIB, "mscorlib.dll"));

  it("locates the strong-name signature of a signed assembly, and none for an unsigned one", () => {
    const sn = mscorlib.pe.strongNameSignature();
    expect(sn).not.toBeNull();
    expect(sn!.size).toBe(128); // RSA-1024 signature: the key in the Assembly row is 1024-bit
    expect(open(fixture("Features.dll")).pe.strongNameSignature()).toBeNull();
  });

  it.each(["mscorlib", "System.Windows.Forms", "System.Web"])("reads every embedded managed resource of %s", (name) => {
    const r = name === "mscorlib" ? mscorlib : open(join(MONO_LIB, `${name}.dll`));
    const n = r.rows(Table.ManifestResource);
    expect(n).toBeGreaterThan(0);
    let checked = 0;
    for (let row = 1; row <= n; row++) {
      const impl = r.tables.coded(Table.ManifestResource, row, 3);
      if ((impl & 0xffffff) !== 0) continue; // lives in another file
      const data = r.pe.managedResource(r.tables.cell(Table.ManifestResource, row, 0));
      expect(data.length).toBeGreaterThan(0);
      const resName = r.string(r.tables.cell(Table.ManifestResource, row, 2));
      // Content checks where the format is known: .resources files and XML documents.
      if (resName.endsWith(".resources")) {
        expect(new DataView(data.buffer, data.byteOffset).getUint32(0, true), resName).toBe(0xbeefcace);
        checked++;
      } else if (resName.endsWith(".xml")) {
        expect(new TextDecoder().decode(data.subarray(0, 5)), resName).toBe("<?xml");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("gives an exe's entry point token", () => {
    const hello = open(join(__dirname, "..", "..", "samples", "Hello.exe"));
    const ep = hello.pe.cli.entryPoint;
    expect(ep >>> 24).toBe(Table.MethodDef);
    expect(hello.methodFullName(ep)).toBe("Sample.Program::Main");
  });
});

describe("table streams", () => {
  it("reads an uncompressed #- stream like #~ when it has no pointer tables", () => {
    const bytes = new Uint8Array(readFileSync(fixture("Features.dll")));
    const r = open(fixture("Features.dll"));
    const hdrName = findStreamName(bytes, r.md.offset, "#~");
    bytes[hdrName + 1] = "-".charCodeAt(0);
    const u = MetadataReader.open(bytes, "uncompressed.dll");
    expect(u.tables.uncompressed).toBe(true);
    expect(u.summary().counts).toEqual(r.summary().counts);
    expect(readAll(u, { resolver: new FileAssemblyResolver() }).cells).toBe(readAll(r, { resolver: new FileAssemblyResolver() }).cells);
  });
});

function findStreamName(b: Uint8Array, from: number, name: string): number {
  const want = new TextEncoder().encode(name + "\0");
  for (let i = from; i < b.length - want.length; i++) {
    if (want.every((c, k) => b[i + k] === c)) return i;
  }
  throw new Error(`stream ${name} not found`);
}
