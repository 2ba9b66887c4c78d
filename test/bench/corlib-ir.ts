// Real code for the backend benchmarks: every method of Mono's mscorlib that the IL importer
// handles (non-generic methods of non-generic types), imported with host/importer into backend IR
// the way the native image compiler does it, with a simple import environment (symbols numbered in
// order, runtime data at a constant address). The import is not timed; the result is kept for the
// rest of the process.
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as IR from "../../core-as/shared/ir-layout.js";
import { Binder } from "../../host/binder/binder.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { Layouts } from "../../host/typesystem/layout.js";
import { VTables } from "../../host/typesystem/vtable.js";
import { ImportError, importMethod } from "../../host/importer/importer.js";
import type { ImportEnv } from "../../host/importer/env.js";
import { Table } from "../../host/metadata/schema.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";

export interface RealCode {
  /** One IR method record per imported method, in metadata order. */
  methods: Int32Array[];
  /** IR instructions over all methods. */
  insts: number;
  /** Methods the importer does not support (not in `methods`). */
  unsupported: number;
}

const cache = new Map<string, RealCode | null>();

/** The IR of every importable method of `<Mono lib>/<name>`, or null when Mono is not installed. */
export function importLibrary(name = "mscorlib.dll"): RealCode | null {
  if (cache.has(name)) return cache.get(name)!;
  const file = join(MONO_LIB, name);
  if (!existsSync(file)) {
    cache.set(name, null);
    return null;
  }
  const ts = new TypeSystem(new Binder(nodeBinderFS), { appBase: MONO_LIB, gac: MONO_GAC, corlibDir: MONO_LIB });
  const m = ts.load(file);
  let sym = 1;
  const env: ImportEnv = {
    ts, layouts: new Layouts(ts), vtables: new VTables(ts), vtableOffset: 64,
    methodSymbol: () => sym++,
    helperSymbol: (h) => IR.SYM_HELPER_BASE + 100 + h,
    dataAddress: (b) => b.const(IR.TY_PTR, 0x10000),
  };
  const methods: Int32Array[] = [];
  let insts = 0, unsupported = 0;
  for (let td = 2; td <= m.reader.rows(Table.TypeDef); td++) {
    if (ts.genericArity(m, td)) continue;
    let t;
    try {
      t = ts.defType(m, td);
    } catch {
      continue;
    }
    for (const md of ts.methodsOf(t)) {
      if (md.sig.genericParamCount) continue;
      try {
        const r = importMethod(env, md);
        methods.push(r.words);
        insts += r.words[IR.IRM_NUM_INSTS]!;
      } catch (e) {
        if (e instanceof ImportError) unsupported++;
        else if (e instanceof Error && (e.name === "TypeLoadError" || e.name === "BindError")) unsupported++;
        else throw e;
      }
    }
  }
  const out = { methods, insts, unsupported };
  cache.set(name, out);
  return out;
}
