// The reader agrees with monodis, Mono's own metadata dumper, on type definitions, methods,
// the assembly identity and every assembly reference.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MetadataReader } from "../../host/metadata/reader.js";
import { Table } from "../../host/metadata/schema.js";
import { hex, formatVersion, publicKeyToken } from "../../host/metadata/identity.js";
import { MONO_LIB, monodis } from "../support/mono.js";
import { fixture } from "../support/fixtures.js";

const NAMES = [
  "mscorlib", "System", "System.Core", "System.Xml", "System.Data", "System.Drawing", "System.Web", "System.Configuration",
  "System.Xml.Linq", "System.Numerics", "System.Runtime.Serialization", "System.ServiceModel", "Mono.Posix", "Mono.Security",
  "System.Windows.Forms", "Microsoft.CSharp", "System.Net.Http", "Mono.CSharp", "System.Transactions",
];

function files(): string[] {
  return [...NAMES.map((n) => join(MONO_LIB, `${n}.dll`)), fixture("Features.dll"), fixture("IlOnly.dll")];
}

/** Hex dump lines "0x00000000: B7 7A ..." following a label, as bytes. */
function dumpBytes(lines: string[], start: number): { bytes: string; next: number } {
  let out = "";
  let i = start;
  while (i < lines.length && /^0x[0-9a-f]{8}: /i.test(lines[i]!)) {
    out += lines[i]!.slice(12).replace(/\s+/g, "").toLowerCase();
    i++;
  }
  return { bytes: out, next: i };
}

describe.each(files())("%s agrees with monodis", (file) => {
  const r = MetadataReader.open(new Uint8Array(readFileSync(file)), file);

  it("type definitions: count, names, flags, field and method lists, base type", () => {
    const rows = monodis("--typedef", file).split("\n").filter((l) => /^\d+: /.test(l));
    expect(rows.length).toBe(r.rows(Table.TypeDef));
    for (const line of rows) {
      const m = /^(\d+): (.*) \(flist=(\d+), mlist=(\d+), flags=0x([0-9a-f]+), extends=0x([0-9a-f]+)\)$/.exec(line);
      expect(m, line).not.toBeNull();
      const row = Number(m![1]);
      const td = r.typeDef(row);
      if (row > 1) expect(r.typeDefFullName(row)).toBe(m![2]);
      expect(td.fieldList[0]).toBe(Number(m![3]));
      expect(td.methodList[0]).toBe(Number(m![4]));
      expect(td.flags).toBe(parseInt(m![5]!, 16));
      expect(r.tables.cell(Table.TypeDef, row, 3)).toBe(parseInt(m![6]!, 16));
    }
  });

  it("methods: count and parameter lists", () => {
    const out = monodis("--method", file);
    const header = /Method Table \(1\.\.(\d+)\)/.exec(out);
    const rows = out.split("\n").filter((l) => /^\d+: /.test(l));
    expect(rows.length).toBe(r.rows(Table.MethodDef));
    if (header) expect(Number(header[1])).toBe(r.rows(Table.MethodDef));
    for (const line of rows) {
      const row = Number(/^(\d+):/.exec(line)![1]);
      const param = /\(param: (\d+) impl_flags/.exec(line);
      expect(param, line).not.toBeNull();
      expect(r.methodDef(row).paramList[0]).toBe(Number(param![1]));
    }
  });

  it("assembly identity", () => {
    const lines = monodis("--assembly", file).split("\n");
    const field = (k: string) => lines.find((l) => l.startsWith(k))!.slice(k.length).trim();
    const a = r.assembly()!;
    expect(a.name).toBe(field("Name:"));
    expect(formatVersion(a.version!)).toBe(field("Version:"));
    expect(a.flags).toBe(parseInt(field("Flags:"), 16));
    expect(a.culture).toBe(field("Culture:"));
    const dump = lines.findIndex((l) => l.includes("Dump:"));
    const key = dump >= 0 ? dumpBytes(lines, dump + 1).bytes : "";
    expect(a.publicKey ? hex(a.publicKey) : "").toBe(key);
    expect(a.publicKeyToken).toBe(key ? publicKeyToken(a.publicKey!) : "");
  });

  it("assembly references: name, version, flags, public key or token", () => {
    const lines = monodis("--assemblyref", file).split("\n");
    const refs = r.assemblyRefs();
    const seen: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      const m = /^(\d+): Version=(.*)$/.exec(lines[i]!);
      if (!m) continue;
      const row = Number(m[1]);
      seen.push(row);
      const ref = refs[row - 1]!;
      expect(formatVersion(ref.version!)).toBe(m[2]);
      expect(ref.name).toBe(lines[i + 1]!.trim().replace(/^Name=/, ""));
      expect(ref.flags).toBe(parseInt(lines[i + 2]!.trim().replace(/^Flags=0x/, ""), 16));
      if (lines[i + 3]!.includes("Public Key:")) {
        const key = dumpBytes(lines, i + 4).bytes;
        if (ref.publicKey) expect(hex(ref.publicKey)).toBe(key);
        else expect(ref.publicKeyToken).toBe(key);
      } else {
        expect(ref.publicKeyToken).toBe("");
      }
    }
    expect(seen).toEqual(refs.map((_, i) => i + 1));
  });
});
