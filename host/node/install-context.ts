/**
 * The InstallContext of a Node process: the cache under NGEN_CACHE, the file system, the Wasm
 * core and compile workers (NGEN_WORKERS), this machine, the GAC and core library of Mono
 * (NGEN_GAC, NGEN_CORLIB). Used by the
 * CLI and by the native image service.
 */
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import type { InstallContext } from "../install/installer.js";
import type { BackendCore } from "../codegen/backend.js";
import { NodeStorage } from "./node-storage.js";
import { nodeBinderFS } from "./node-fs.js";
import { nodeEnvironment } from "./environment.js";
import { loadCoreNode } from "../core/load-core-node.js";
import { compilePool, workerCount } from "./compile-pool.js";
import { backendThread } from "./backend-thread.js";

/** The cache root: NGEN_CACHE, else $XDG_CACHE_HOME/ngen, else ~/.cache/ngen. */
export function cacheRoot(): string {
  return process.env.NGEN_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ngen");
}

export function nodeInstallContext(root: string, log: (m: string) => void, progress?: InstallContext["progress"]): InstallContext {
  // NGEN_WORKERS: 0 compiles in this thread only, 1 gives the backend a thread of its own, more run compile workers.
  const threads = workerCount();
  const workers = compilePool(threads) ?? undefined;
  return {
    storage: new NodeStorage(root),
    fs: nodeBinderFS,
    core: loadCoreNode() as BackendCore,
    environment: nodeEnvironment(),
    gac: process.env.NGEN_GAC ?? "/usr/lib/mono/gac",
    corlibDir: process.env.NGEN_CORLIB ?? "/usr/lib/mono/4.5",
    cwd: process.cwd(),
    sha1: (b) => createHash("sha1").update(b).digest("hex"),
    log,
    progress,
    workers,
    backend: threads === 1 ? backendThread() ?? undefined : undefined,
  };
}
