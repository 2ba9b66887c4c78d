// Shared set-up for the runtime tests: one core, a type system over Mono's mscorlib, and a
// fresh Runtime per test (disposed after it).
import { Binder } from "../../host/binder/binder.js";
import type { BackendCore } from "../../host/codegen/backend.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { Runtime, type RuntimeOptions } from "../../host/runtime/runtime.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";
import { join } from "node:path";

export const core = loadCoreNode() as BackendCore;

let shared: TypeSystem | null = null;
/** A type system with mscorlib loaded (shared by the tests of a file: types are immutable once built). */
export function corlibSystem(): TypeSystem {
  if (!shared) {
    shared = new TypeSystem(new Binder(nodeBinderFS), { appBase: MONO_LIB, gac: MONO_GAC, corlibDir: MONO_LIB });
    shared.load(join(MONO_LIB, "mscorlib.dll"));
  }
  return shared;
}

/** A runtime whose console output is collected in `out()`. */
export function newRuntime(options: RuntimeOptions = {}, ts: TypeSystem = corlibSystem()): { rt: Runtime; out: () => string } {
  let text = "";
  const rt = new Runtime(core, ts, { stdout: (s) => (text += s), ...options });
  return { rt, out: () => (rt.flush(), text) };
}
