/**
 * The backend on a thread of its own (backend-worker.ts): the installing thread imports IR and
 * sends each batch there, then imports the next batch while the previous one is compiled. Used
 * when there are no compile workers (fewer than four cores): the second core, otherwise left to
 * the collector and the optimising compiler, takes the Wasm backend's share of the work.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BatchCompiler, BatchOutcome } from "../codegen/backend.js";
import { WorkerChannel } from "./worker-channel.js";

const WORKER_SCRIPT = new URL("./backend-worker.js", import.meta.url);

/** A backend thread, or null without a worker script (this module loaded from its TypeScript source, as under vitest). */
export function backendThread(): (BatchCompiler & { close(): Promise<void> }) | null {
  if (!existsSync(fileURLToPath(WORKER_SCRIPT))) return null;
  const channel = new WorkerChannel<BatchOutcome[]>(WORKER_SCRIPT, (r) => r.outcomes, "backend thread");
  return {
    // The batch's buffer moves to the worker: the caller does not use it again.
    compile: (batch, count, posMap) => channel.send({ batch, count, posMap }, [batch.buffer as ArrayBuffer]),
    close: () => channel.close(),
  };
}
