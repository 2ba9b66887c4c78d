/**
 * The public API: what the CLI, the browser worker (through comlink) and the tests call.
 * Everything here works on bytes and plain data, so it runs unchanged in Node and in a
 * browser worker; file access lives in the callers (host/cli, host/node).
 */
import { MetadataReader, MetadataSummary, guard } from "./metadata/reader.js";
import { readAll, ReadAllStats } from "./metadata/read-all.js";
import { AssemblyResolver } from "./metadata/custom-attributes.js";
import { BadImageError } from "./metadata/errors.js";

export type { MetadataSummary } from "./metadata/reader.js";
export type { ReadAllStats } from "./metadata/read-all.js";
export { BadImageError } from "./metadata/errors.js";
export { MetadataReader } from "./metadata/reader.js";

// The native image cache: Ngen's actions, and the queue of deferred work.
export { install, uninstall, display, update, resolveRoot, rootsToUpdate, findProgramImages, checkImageFile, InstallError } from "./install/installer.js";
export type { InstallContext, InstallOptions, ImageOutcome, ImageState, ImageLookup, ValidationContext } from "./install/installer.js";
export type { Scenario, RootRecord, ImageRecord, CacheIndex } from "./cache/index-file.js";
export { CacheError, LockTimeoutError, MemoryStorage } from "./cache/storage.js";
export type { CacheStorage } from "./cache/storage.js";
export {
  enqueueInstall, enqueueUpdate, executeQueuedItems, uninstallQueued, displayQueued, queueItems, setPaused, serveQueue,
  beginCacheCommand, hasServiceWork, readQueue, parseQueue, MAX_ATTEMPTS,
} from "./queue/queue.js";
export type { QueueHost, QueueItem, QueueFile, Priority, ItemOutcome, ExecuteResult, QueueStatusItem, DisplayRoot } from "./queue/queue.js";

/** Identity, references and counts of an assembly (what `ngen meta` prints). */
export function inspectAssembly(bytes: Uint8Array, file: string): MetadataSummary {
  return guard(file, () => MetadataReader.open(bytes, file).summary());
}

/** Reads every table, signature, body, instruction and (with a resolver) custom attribute. */
export function verifyAssembly(bytes: Uint8Array, file: string, resolver: AssemblyResolver | null = null): ReadAllStats {
  return guard(file, () => readAll(MetadataReader.open(bytes, file), { resolver }));
}

/** A result a worker can post back: either the value or the error as plain data. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string; file?: string; offset?: number } };

export function outcome<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof BadImageError) return { ok: false, error: { name: e.name, message: e.message, file: e.file, offset: e.offset } };
    const err = e instanceof Error ? e : new Error(String(e));
    return { ok: false, error: { name: err.name, message: err.message } };
  }
}
