/**
 * The native image cache's storage on the Node file system.
 *
 * Atomic writes: data goes to a unique temporary file in the same directory, is fsynced, then
 * renamed over the target (rename is atomic on POSIX file systems), and the directory is
 * fsynced so the rename itself survives a crash. A process killed mid-write leaves at most a
 * stray temporary file, which readers never look at and the next writer removes.
 *
 * The writer lock is a lock file created with O_EXCL holding the owner's pid and start time; a
 * lock whose owner no longer exists is stale and is taken over.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { CacheError, CacheStorage, LockTimeoutError, checkLockName } from "../cache/storage.js";
import { processAlive } from "./processes.js";

let counter = 0;

export class NodeStorage implements CacheStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The absolute path of a cache-relative path, refusing anything that would leave the root. */
  private abs(path: string): string {
    const p = resolve(this.root, path);
    if (p !== this.root && !p.startsWith(this.root + sep)) throw new CacheError(`${path}: outside the cache root ${this.root}`);
    return p;
  }

  async read(path: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(readFileSync(this.abs(path)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async writeAtomic(path: string, data: Uint8Array): Promise<void> {
    const target = this.abs(path);
    const dir = dirname(target);
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.tmp-${process.pid}-${Date.now()}-${counter++}`);
    const fd = openSync(tmp, "wx", 0o644);
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      unlinkSync(tmp);
      throw e;
    }
    closeSync(fd);
    renameSync(tmp, target);
    const dfd = openSync(dir, "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }

  async remove(path: string): Promise<void> {
    try {
      unlinkSync(this.abs(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }

  async removeEmptyDir(path: string): Promise<void> {
    const p = this.abs(path);
    try {
      // Stray temporary files of killed writers do not keep a directory alive.
      for (const f of readdirSync(p)) if (f.startsWith(".tmp-")) unlinkSync(join(p, f));
      rmdirSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTEMPTY" && code !== "EEXIST") throw e;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      return readdirSync(this.abs(dir)).filter((f) => !f.startsWith(".tmp-")).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
  }

  async lock(timeoutMs: number, name = "lock"): Promise<() => Promise<void>> {
    const path = this.abs(checkLockName(name));
    mkdirSync(dirname(path), { recursive: true });
    const start = Date.now();
    const me = `${process.pid} ${Date.now()}`;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        const fd = openSync(path, "wx", 0o644);
        writeSync(fd, me);
        fsyncSync(fd);
        closeSync(fd);
        return async () => {
          // Only remove the lock if it is still ours.
          try {
            if (readFileSync(path, "utf8") === me) unlinkSync(path);
          } catch {
            /* already gone */
          }
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      if (this.isStale(path)) {
        this.takeOver(path);
        continue;
      }
      if (Date.now() - start > timeoutMs) {
        let owner = "unknown";
        try {
          owner = readFileSync(path, "utf8").split(" ")[0]!;
        } catch {
          /* released meanwhile */
        }
        throw new LockTimeoutError(`${this.root}: another ngen process (pid ${owner}) holds the cache lock${name === "lock" ? "" : ` ${name}`}; gave up after ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private isStale(path: string): boolean {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return false;
    }
    const pid = Number(text.split(" ")[0]);
    if (!Number.isInteger(pid) || pid <= 0) {
      // Empty or cut short: either its owner is between creating and writing it, or it crashed
      // there. Only a lock that has stayed like that for a while is taken to be stale.
      try {
        return Date.now() - statSync(path).mtimeMs > 2000;
      } catch {
        return false;
      }
    }
    return !processAlive(pid);
  }

  /**
   * Removes a stale lock. Two processes may find the same lock stale; without care the slower
   * one would remove the lock the faster one has just created in its place. So removal happens
   * only inside a short critical section (an O_EXCL guard file), where the lock is found stale
   * once more before it goes. A guard left by a process that died inside it is old after 2 s.
   */
  private takeOver(path: string): void {
    const guard = `${path}.takeover`;
    try {
      closeSync(openSync(guard, "wx", 0o644));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(guard).mtimeMs > 2000) unlinkSync(guard);
      } catch {
        /* gone meanwhile */
      }
      return;
    }
    try {
      if (this.isStale(path)) unlinkSync(path);
    } catch {
      /* released meanwhile */
    } finally {
      try {
        unlinkSync(guard);
      } catch {
        /* already gone */
      }
    }
  }
}
