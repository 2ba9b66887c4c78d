// Node-only: reads build/core.wasm from the repository and instantiates it.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { instantiateCoreSync, CoreLoadError, type CoreExports } from "./load-core.js";

/** Path of build/core.wasm, from either host/core (sources) or dist/host/core (compiled). */
export function coreWasmPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of [["..", ".."], ["..", "..", ".."]]) {
    const p = join(here, ...up, "build", "core.wasm");
    if (existsSync(p)) return p;
  }
  throw new CoreLoadError("build/core.wasm not found: run `npm run build:core`");
}

/** A fresh core instance (each instance has its own memory; use one per worker). */
export function loadCoreNode(path: string = coreWasmPath()): CoreExports {
  return instantiateCoreSync(readFileSync(path));
}
