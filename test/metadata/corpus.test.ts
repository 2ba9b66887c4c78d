// Every assembly Mono ships reads completely: every table cell, signature, method body,
// IL instruction and custom attribute blob.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MetadataReader } from "../../host/metadata/reader.js";
import { readAll } from "../../host/metadata/read-all.js";
import { Table } from "../../host/metadata/schema.js";
import { FileAssemblyResolver } from "../../host/node/file-resolver.js";
import { monoAssemblies } from "../support/mono.js";

const files = monoAssemblies();
const resolver = new FileAssemblyResolver();

describe("Mono class libraries", () => {
  it("form a corpus of real assemblies", () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it.each(files)("%s reads completely", (file) => {
    const r = MetadataReader.open(new Uint8Array(readFileSync(file)), file);
    const stats = readAll(r, { resolver });
    const summary = r.summary();
    expect(stats.rows).toBeGreaterThan(0);
    expect(stats.methodBodies).toBe(summary.counts.methodBodies);
    expect(stats.ilBytes).toBe(summary.counts.ilBytes);
    expect(stats.customAttributes).toBe(r.rows(Table.CustomAttribute));
    // Every body has at least one instruction, so instruction count bounds the body count.
    expect(stats.instructions).toBeGreaterThanOrEqual(stats.methodBodies);
    expect(stats.signatures).toBeGreaterThanOrEqual(r.rows(Table.MethodDef) + r.rows(Table.Field));
  });
});
