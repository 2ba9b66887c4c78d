// Native image files: PE32+ that objdump reads, deterministic, round-tripping through the
// reader, with fixups resolved against the indirection cells and base relocations for
// absolute addresses; damaged images are BadImageErrors.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImportKind, NativeImageInput, readNativeImage, writeNativeImage } from "../../host/image/native-image.js";
import { BadImageError } from "../../host/metadata/errors.js";

const BASE = 0x64000000n;

function sample(): NativeImageInput {
  // method 1: mov rax, <abs64 of method 2>; call [rip+cell0]; ret   method 2: xor eax,eax; ret
  const m1 = [0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x15, 0, 0, 0, 0, 0xc3];
  // Gaps between methods hold int3, as the compiler pads them, so disassembly stays in sync.
  const code = new Uint8Array(48).fill(0xcc);
  code.set(m1, 0);
  code.set([0x31, 0xc0, 0xc3], 32);
  return {
    imageBase: BASE,
    code,
    methods: [
      { token: 0x06000001, codeOffset: 0, codeSize: m1.length, cells: [1], saved: [{ reg: 3, rbpOffset: -8 }] },
      { token: 0x06000002, codeOffset: 32, codeSize: 3 },
      { token: 0x06000003, codeOffset: 0, codeSize: 0, excluded: "BypassNGenAttribute" },
    ],
    imports: [
      { kind: ImportKind.Helper, assembly: -1, token: 0, name: "Throw" },
      { kind: ImportKind.Method, assembly: 0, token: 0x0a000005, name: "[mscorlib]System.Console::WriteLine", ref: "[[0,12],0,345]" },
    ],
    fixups: [
      { offset: 2, kind: "abs64-code", target: 32 },
      { offset: 12, kind: "rel32-cell", target: 1 },
    ],
    identity: { assembly: "Sample, Version=1.0.0.0", mvid: "x", dependencies: ["mscorlib"] },
  };
}

describe("native image files", () => {
  const dir = mkdtempSync(join(tmpdir(), "ngen-img-"));
  const bytes = writeNativeImage(sample());
  const path = join(dir, "Sample.ni.dll");
  writeFileSync(path, bytes);

  it("are deterministic", () => {
    expect(Buffer.from(writeNativeImage(sample())).equals(Buffer.from(bytes))).toBe(true);
  });

  it("objdump -x reads the headers and every section", () => {
    const x = execFileSync("objdump", ["-x", path], { encoding: "utf8" });
    expect(x).toMatch(/file format pei-x86-64/);
    expect(x).toMatch(/ImageBase\s+0*64000000/);
    for (const s of [".text", ".cells", ".nimp", ".nmeth", ".nminfo", ".nid", ".reloc"]) expect(x).toContain(s);
    expect(x).toMatch(/reloc\s+\d+\s+offset\s+2\s+\[\s*1002\]\s+DIR64/i);
  });

  it("objdump -d disassembles the code with resolved cell and absolute addresses", () => {
    const d = execFileSync("objdump", ["-d", "-M", "intel", path], { encoding: "utf8" });
    const img = readNativeImage(bytes, path);
    const target = (BASE + BigInt(img.text.rva + 32)).toString(16);
    expect(d).toMatch(new RegExp(`movabs rax,0x${target}`));
    const cell1 = (BASE + BigInt(img.cellsRva + 8)).toString(16);
    expect(d).toMatch(new RegExp(`call\\s+QWORD PTR \\[rip\\+0x[0-9a-f]+\\]\\s+# 0x${cell1}`));
    expect(d).toMatch(new RegExp(`${(BASE + BigInt(img.text.rva + 32)).toString(16)}:\\s+31 c0\\s+xor\\s+eax,eax`));
  });

  it("round-trip through the reader", () => {
    const img = readNativeImage(bytes, path);
    expect(img.identity).toEqual(sample().identity);
    expect(img.methods.map((m) => [m.token, m.excluded])).toEqual([[0x06000001, null], [0x06000002, null], [0x06000003, "BypassNGenAttribute"]]);
    expect(img.imports.map((i) => i.name)).toEqual(["Throw", "[mscorlib]System.Console::WriteLine"]);
    expect(img.imports[1]!.cellRva).toBe(img.cellsRva + 8);
    expect(img.relocations).toEqual([img.text.rva + 2]);
    expect([...img.text.bytes.subarray(32, 35)]).toEqual([0x31, 0xc0, 0xc3]);
    // What the loader reads, entry by entry.
    expect(img.methodCount).toBe(3);
    expect([0, 1, 2].map((i) => img.methodToken(i))).toEqual([0x06000001, 0x06000002, 0x06000003]);
    expect(img.methodAt(2).excluded).toBe("BypassNGenAttribute");
    expect(img.methodInfo(0)).toEqual({ cells: [1], saved: [{ reg: 3, rbpOffset: -8 }] });
    expect(img.methodInfo(1)).toEqual({ cells: [], saved: [] });
    expect(img.methodInfo(2)).toBeNull();
    expect(img.importCount).toBe(2);
    expect(img.importKind(0)).toBe(ImportKind.Helper);
    expect(img.importAt(1)).toMatchObject({ kind: ImportKind.Method, assembly: 0, token: 0x0a000005, ref: "[[0,12],0,345]" });
    expect(img.importAt(0).ref).toBe("");
  });

  it("a method's cell list naming a cell that does not exist is a BadImageError when the loader asks for it", () => {
    const img = readNativeImage(bytes, path);
    const sec = img.pe.sections.find((s) => s.name === ".nminfo")!;
    const bad = bytes.slice();
    const dv = new DataView(bad.buffer, bad.byteOffset);
    // Method 0's record: its first cell index follows the record's cell count.
    const rec = dv.getUint32(sec.pointerToRawData + 8, true);
    dv.setUint32(sec.pointerToRawData + rec + 4, 99, true);
    const damaged = readNativeImage(bad, "cells.ni.dll");
    expect(() => damaged.methodInfo(0)).toThrow(BadImageError);
    expect(() => damaged.methodInfo(0)).toThrow(/cells\.ni\.dll.*cell 99 does not exist/);
  });

  it("a cell list naming a cell the image lacks is refused when the image is written", () => {
    const input = sample();
    input.methods[0]!.cells = [7];
    expect(() => writeNativeImage(input)).toThrow(/cell 7 does not exist/);
  });

  it("damaged images are BadImageErrors naming the file", () => {
    for (let n = 0; n < bytes.length; n += 97) {
      try {
        readNativeImage(bytes.subarray(0, n), "cut.ni.dll");
      } catch (e) {
        expect(e, `cut at ${n}`).toBeInstanceOf(BadImageError);
        expect((e as Error).message).toContain("cut.ni.dll");
      }
    }
    const bad = bytes.slice();
    const img = readNativeImage(bytes, path);
    const nid = img.pe.sections.find((s) => s.name === ".nid")!;
    bad[nid.pointerToRawData] ^= 0xff;
    expect(() => readNativeImage(bad, "magic.ni.dll")).toThrow(/magic\.ni\.dll.*bad \.nid magic/);
  });
});
