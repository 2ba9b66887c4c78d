// Loads the Wasm core. Browser-safe: no fs/path/Buffer here; the Node helper that reads
// build/core.wasm from disk lives in load-core-node.ts.
import { CORE_ABI_VERSION } from "../../core-as/shared/version.js";

/** The core's exports the host uses. */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  coreAbiVersion(): number;
  encoderSetup(maxRecords: number, maxLabels: number): number;
  encodeBatch(count: number, labelCount: number): number;
}

export class CoreLoadError extends Error {
  override readonly name = "CoreLoadError";
}

// The stub runtime imports only `abort`; it fires on an internal assertion inside the core.
function imports(): WebAssembly.Imports {
  return {
    env: {
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new CoreLoadError(`core aborted at ${line}:${column}`);
      },
    },
  };
}

function check(instance: WebAssembly.Instance): CoreExports {
  const e = instance.exports as unknown as CoreExports;
  const v = e.coreAbiVersion();
  if (v !== CORE_ABI_VERSION) throw new CoreLoadError(`core ABI version ${v}, host expects ${CORE_ABI_VERSION}`);
  return e;
}

/** Instantiates the core from its bytes synchronously (small module: fine on the main thread of Node or a worker). */
export function instantiateCoreSync(bytes: BufferSource): CoreExports {
  return check(new WebAssembly.Instance(new WebAssembly.Module(bytes), imports()));
}

/** Instantiates the core from bytes, a compiled module, a fetch Response, or a URL (fetched). */
export async function instantiateCore(
  source: BufferSource | WebAssembly.Module | Response | Promise<Response> | URL | string,
): Promise<CoreExports> {
  if (source instanceof WebAssembly.Module) return check(await WebAssembly.instantiate(source, imports()));
  if (typeof source === "string" || source instanceof URL) source = fetch(source);
  if (source instanceof Promise || (typeof Response !== "undefined" && source instanceof Response)) {
    const res = await source;
    if (!res.ok) throw new CoreLoadError(`cannot fetch core: HTTP ${res.status}`);
    return check((await WebAssembly.instantiate(await res.arrayBuffer(), imports())).instance);
  }
  return check((await WebAssembly.instantiate(source as BufferSource, imports())).instance);
}
