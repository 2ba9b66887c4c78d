// The importer over real class libraries: every method either becomes IR that the backend
// compiles, or is reported as not supported with a reason — never an internal error — and the
// share it handles is tracked so it can only grow.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as IR from "../../core-as/shared/ir-layout.js";
import { Binder } from "../../host/binder/binder.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { Layouts } from "../../host/typesystem/layout.js";
import { VTables } from "../../host/typesystem/vtable.js";
import { ImportError, importMethod } from "../../host/importer/importer.js";
import { ImportEnv } from "../../host/importer/env.js";
import { Table } from "../../host/metadata/schema.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { BackendCore, BackendError, compileBatch } from "../../host/codegen/backend.js";
import { packBatch } from "../../host/codegen/ir-builder.js";

const core = loadCoreNode() as BackendCore;

function importAll(file: string) {
  const ts = new TypeSystem(new Binder(nodeBinderFS), { appBase: MONO_LIB, gac: MONO_GAC, corlibDir: MONO_LIB });
  const m = ts.load(file);
  let sym = 1;
  const env: ImportEnv = {
    ts, layouts: new Layouts(ts), vtables: new VTables(ts), vtableOffset: 64,
    methodSymbol: () => sym++,
    helperSymbol: (h) => IR.SYM_HELPER_BASE + 100 + h,
    dataAddress: (b) => b.const(IR.TY_PTR, 0x10000),
  };
  const stats = { imported: 0, unsupported: 0, ilBytes: 0, irInsts: 0, compiled: 0, codeBytes: 0 };
  const backendErrors: string[] = [];
  let batch: Int32Array[] = [];
  const flush = () => {
    core.backendReset();
    for (const r of compileBatch(core, packBatch(batch), batch.length)) {
      if (r instanceof BackendError) backendErrors.push(r.message);
      else {
        stats.compiled++;
        stats.codeBytes += r.code.length;
      }
    }
    batch = [];
  };
  const internal: string[] = [];
  for (let td = 2; td <= m.reader.rows(Table.TypeDef); td++) {
    if (ts.genericArity(m, td)) continue;
    const t = ts.defType(m, td);
    for (const md of ts.methodsOf(t)) {
      if (md.sig.genericParamCount) continue;
      try {
        const r = importMethod(env, md);
        stats.imported++;
        stats.ilBytes += r.ilBytes;
        stats.irInsts += r.words[IR.IRM_NUM_INSTS]!;
        batch.push(r.words);
        if (batch.length === 128) flush();
      } catch (e) {
        if (e instanceof ImportError) {
          expect(e.message).toMatch(/^not supported: \S.*: \S/);
          stats.unsupported++;
        } else internal.push(`${md.fullName}: ${(e as Error).stack}`);
      }
    }
  }
  flush();
  return { stats, internal, backendErrors };
}

describe("importing class libraries", () => {
  it.each([
    ["mscorlib.dll", 0.85],
    ["System.dll", 0.85],
    ["System.Core.dll", 0.85],
    ["System.Xml.dll", 0.9],
  ])("%s: no internal errors, coverage at least %s", (name, floor) => {
    const { stats, internal, backendErrors } = importAll(join(MONO_LIB, name));
    expect(internal.slice(0, 5)).toEqual([]);
    // Everything imported compiles through the backend (lowering, allocation, emission).
    expect(backendErrors.slice(0, 5)).toEqual([]);
    expect(stats.compiled).toBe(stats.imported);
    const coverage = stats.imported / (stats.imported + stats.unsupported);
    console.log(`${name}: ${stats.imported} imported and compiled, ${stats.unsupported} not supported (${(coverage * 100).toFixed(1)}%), ${stats.ilBytes} IL bytes -> ${stats.irInsts} IR instructions -> ${stats.codeBytes} code bytes`);
    expect(coverage).toBeGreaterThanOrEqual(floor);
  });
});
