// Entry point of the Wasm core. Everything the host calls is exported from here.
// The core works on flat buffers in its own linear memory; it never sees JS objects.
import { CORE_ABI_VERSION } from "./shared/version";

/** Version of the host<->core buffer layouts; the host refuses a core with another one. */
export function coreAbiVersion(): i32 {
  return CORE_ABI_VERSION;
}
export { encoderSetup, encodeBatch } from "./encoder/encoder";
export { backendAlloc, backendReset } from "./backend/arena";
export { backendLower, backendLowerError, backendEmit } from "./backend/compile";
export { regallocRun, regallocParallelMoveTest } from "./backend/regalloc/regalloc";
export { compileBatch } from "./backend/pipeline";
