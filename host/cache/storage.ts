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
  /**
   * Takes an exclusive lock, waiting up to `timeoutMs` (LockTimeoutError after that); resolves
   * to its release. `name` selects the lock: "lock" (the default) guards the index and the
   * images, "queue/lock" the queue of deferred work, "queue/service" is held by the native
   * image service for as long as it runs. A lock whose holder died is taken over.
   */
  lock(timeoutMs: number, name?: string): Promise<() => Promise<void>>;
}

export class CacheError extends Error {
  override readonly name: string = "CacheError";
}

/** Another process held the lock for longer than the caller was willing to wait. */
export class LockTimeoutError extends CacheError {
  override readonly name = "LockTimeoutError";
}

/** Lock names are cache-relative paths of simple components. */
export function checkLockName(name: string): string {
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(name) || name.split("/").some((c) => c === "." || c === "..")) {
    throw new CacheError(`${JSON.stringify(name)}: not a valid lock name`);
  }
  return name;
}

/** An in-memory CacheStorage (tests, and a browser session without OPFS). */
export class MemoryStorage implements CacheStorage {
  readonly files = new Map<string, Uint8Array>();
  private readonly held = new Map<string, Promise<void>>();
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
  async lock(timeoutMs: number, name = "lock") {
    checkLockName(name);
    const start = Date.now();
    for (let h = this.held.get(name); h; h = this.held.get(name)) {
      const left = timeoutMs - (Date.now() - start);
      if (left <= 0) throw new LockTimeoutError(`${this.root}: timed out waiting for the cache lock ${name}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([h, new Promise<void>((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    this.held.set(name, mine);
    return async () => {
      if (this.held.get(name) === mine) this.held.delete(name);
      release();
    };
  }
}
