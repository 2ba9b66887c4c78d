/**
 * The native image service on Node: a detached process, one per cache, that runs the queue
 * (host/queue/queue.ts, serveQueue) in the background. Run as a script:
 * `node native-image-service.js <cache root>`.
 *
 * One per cache: the service holds the cache's SERVICE_LOCK (a lock file with its pid) for its
 * whole life; a second one finds it taken and exits. A killed service leaves its lock and its
 * claimed item behind: the lock's pid no longer exists (or is now some other program), so the
 * next ngen command that finds work queued starts a new service, which takes the lock over and
 * returns the dead claim to pending. Installs are atomic (images, then the index), so an item
 * killed half-way either finished or runs again from the start.
 *
 * Before exiting, the service releases its lock and looks at the queue once more: a command
 * that queued work meanwhile saw the service still alive and started none, so the service
 * takes that work itself.
 */
import { spawn } from "node:child_process";
import { appendFileSync, readFileSync, renameSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LockTimeoutError } from "../cache/storage.js";
import { QueueHost, QueueOwner, SERVICE_LOCK, hasServiceWork, readQueue, serveQueue } from "../queue/queue.js";
import { NodeStorage } from "./node-storage.js";
import { processAlive, processStartTime } from "./processes.js";
import { nodeInstallContext } from "./install-context.js";
import { NGEN_V8_FLAGS } from "./v8-flags.js";

const SCRIPT = fileURLToPath(import.meta.url);
const MARK = "native-image-service";
/** NGEN_IDLE_SECONDS: how long the cache must be untouched before priority-3 items run. */
export const DEFAULT_IDLE_SECONDS = 180;

export function idleSeconds(): number {
  const v = process.env.NGEN_IDLE_SECONDS;
  if (v === undefined || v === "") return DEFAULT_IDLE_SECONDS;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`NGEN_IDLE_SECONDS=${v}: not a number of seconds`);
  return n;
}

/**
 * Owners are "<pid>:<start time>", so a pid reused by another process after the owner died does
 * not keep the owner's claims alive.
 */
export function nodeQueueHost(): QueueHost {
  const owner: QueueOwner = { pid: process.pid, id: `${process.pid}:${processStartTime(process.pid) ?? Date.now()}` };
  return {
    owner,
    isAlive(o) {
      if (o.pid === process.pid) return o.id === owner.id;
      if (!processAlive(o.pid)) return false;
      const start = processStartTime(o.pid);
      return start === null || `${o.pid}:${start}` === o.id;
    },
  };
}

/** The pid in a lock file ("<pid> <ms>"), or null. */
function lockPid(root: string): number | null {
  try {
    const pid = Number(readFileSync(join(root, SERVICE_LOCK), "utf8").split(" ")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isServiceProcess(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(MARK);
  } catch {
    return true; // no /proc: the pid exists, take it to be ours
  }
}

/** Whether a service runs for this cache, and its pid. */
export function serviceState(root: string): { running: boolean; pid: number | null } {
  const pid = lockPid(root);
  return pid !== null && isServiceProcess(pid) ? { running: true, pid } : { running: false, pid: null };
}

/**
 * Starts the service when work is queued (and the queue is not paused) and none runs. Waits
 * until the new service holds its lock (or has exited), so that `queue status` right after
 * sees it. Returns the service's pid, or null when none is needed.
 */
export async function ensureService(root: string): Promise<{ pid: number | null; started: boolean }> {
  const storage = new NodeStorage(root);
  const host = nodeQueueHost();
  if (!hasServiceWork(await readQueue(storage), host)) return { pid: null, started: false };
  const now = serviceState(root);
  if (now.running) return { pid: now.pid, started: false };
  removeStaleServiceLock(root);
  const child = spawn(process.execPath, [...NGEN_V8_FLAGS, SCRIPT, root, MARK], { detached: true, stdio: "ignore", env: process.env });
  let exited = false;
  child.once("exit", () => (exited = true));
  child.unref();
  const deadline = Date.now() + 10_000;
  while (!exited && Date.now() < deadline) {
    const s = serviceState(root);
    if (s.running && s.pid === child.pid) break;
    if (s.running) return { pid: s.pid, started: false }; // another command's service won
    await new Promise((r) => setTimeout(r, 20));
  }
  return { pid: child.pid ?? null, started: true };
}

/**
 * A service lock whose pid now belongs to another program (the service died and its pid was
 * reused) is removed here; the service's own lock takeover handles the plain dead-pid case.
 */
function removeStaleServiceLock(root: string): void {
  const path = join(root, SERVICE_LOCK);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return;
  }
  const pid = Number(text.split(" ")[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    // Being written right now, or cut short by a crash long ago.
    try {
      if (Date.now() - statSync(path).mtimeMs < 2000) return;
    } catch {
      return;
    }
  } else if (!processAlive(pid) || isServiceProcess(pid)) return;
  // Move it aside first, so that a lock written meanwhile by a new service is never removed.
  const aside = `${path}.stale-${process.pid}`;
  try {
    if (readFileSync(path, "utf8") !== text) return;
    renameSync(path, aside);
    if (readFileSync(aside, "utf8") !== text) renameSync(aside, path);
    else unlinkSync(aside);
  } catch {
    /* someone else dealt with it */
  }
}

/** The service process. */
async function serviceMain(root: string): Promise<void> {
  const storage = new NodeStorage(root);
  const logPath = join(root, "queue", "service.log");
  const log = (line: string) => {
    try {
      try {
        if (statSync(logPath).size > 1 << 20) renameSync(logPath, `${logPath}.1`);
      } catch {
        /* no log yet */
      }
      appendFileSync(logPath, `${new Date().toISOString()} [${process.pid}] ${line}\n`);
    } catch {
      /* the log is best effort */
    }
  };
  const host = nodeQueueHost();
  const idleMs = idleSeconds() * 1000;
  // Per-method exclusions are for 'install /verbose'; the log keeps to bindings and outcomes.
  const ctx = nodeInstallContext(root, (m) => {
    if (!m.startsWith("    excluded ")) log(m);
  });
  let release: (() => Promise<void>) | null;
  const take = async () => {
    try {
      return await storage.lock(0, SERVICE_LOCK);
    } catch (e) {
      if (e instanceof LockTimeoutError) return null;
      throw e;
    }
  };
  release = await take();
  if (!release) return; // another service runs this cache
  log(`started (idle period ${idleMs / 1000} s)`);
  for (;;) {
    const why = await serveQueue(ctx, host, { idleMs, now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log });
    await release();
    if (why === "paused" || !hasServiceWork(await readQueue(storage), host)) {
      log(why === "paused" ? "paused: stopping" : "queue done: stopping");
      return;
    }
    release = await take();
    if (!release) return;
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  serviceMain(process.argv[2] ?? "").then(
    () => process.exit(0),
    (e) => {
      try {
        appendFileSync(join(process.argv[2] ?? ".", "queue", "service.log"), `${new Date().toISOString()} [${process.pid}] stopped by an error: ${(e as Error)?.stack ?? e}\n`);
      } catch {
        /* nowhere to report */
      }
      process.exit(2);
    },
  );
}
