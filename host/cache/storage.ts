/**
 * Storage behind the native image cache. The cache only ever needs: read a file, write a file
 * atomically (readers see the old bytes or the new bytes, never a mixture, even if the writer
 * is killed), remove, list, and one exclusive writer lock. The Node implementation is
 * host/node/node-storage.ts; a browser implementation sits on OPFS.
 *
 * Paths are relative to the cache root, "/"-separated, and built only from checked components.
 */
export interface CacheStorage {
  /** A description of where the cache lives, for messages. */
  readonly root: string;
  read(path: string): Promise<Uint8Array | null>;
  /** Writes `data` so that `path` atomically changes from its old content to `data`. */
  writeAtomic(path: string, data: Uint8Array): Promise<void>;
  remove(path: string): Promise<void>;
  /** Removes a directory if it is empty (used to prune image directories). */
  removeEmptyDir(path: string): Promise<void>;
  list(dir: string): Promise<string[]>;
  /** Takes the exclusive writer lock, waiting up to `timeoutMs`; resolves to its release. */
  lock(timeoutMs: number): Promise<() => Promise<void>>;
}

export class CacheError extends Error {
  override readonly name = "CacheError";
}

/** An in-memory CacheStorage (tests, and a browser session without OPFS). */
export class MemoryStorage implements CacheStorage {
  readonly files = new Map<string, Uint8Array>();
  private held: Promise<void> | null = null;
  constructor(readonly root = "memory:") {}
  async read(path: string) {
    const f = this.files.get(path);
    return f ? f.slice() : null;
  }
  async writeAtomic(path: string, data: Uint8Array) {
    this.files.set(path, data.slice());
  }
  async remove(path: string) {
    this.files.delete(path);
  }
  async removeEmptyDir() {}
  async list(dir: string) {
    const prefix = dir ? dir + "/" : "";
    const out = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) out.add(k.slice(prefix.length).split("/")[0]!);
    return [...out].sort();
  }
  async lock(timeoutMs: number) {
    const start = Date.now();
    while (this.held) {
      if (Date.now() - start > timeoutMs) throw new CacheError(`${this.root}: timed out waiting for the cache lock`);
      await this.held;
    }
    let release!: () => void;
    this.held = new Promise<void>((r) => (release = r));
    return async () => {
      this.held = null;
      release();
    };
  }
}
