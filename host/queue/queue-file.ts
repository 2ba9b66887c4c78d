/**
 * The queue of deferred work (`ngen install … /queue[:N]`, `ngen update /queue`), kept in the
 * cache as one JSON document followed by a checksum line, like the index.
 *
 * Invariants: the file is written only with CacheStorage.writeAtomic and only under the queue
 * lock (QUEUE_LOCK), so readers need no lock and two writers never lose each other's items; a
 * document whose checksum does not match, that does not parse, or whose shape is wrong is
 * reported as corrupt (CacheError) and never used. Item ids only grow (nextId), which gives
 * FIFO order within a priority.
 */
import { fnv1a } from "../binder/config.js";
import type { Scenario } from "../cache/index-file.js";
import { CacheError, CacheStorage } from "../cache/storage.js";

export const QUEUE_PATH = "queue/queue.json";
/** Guards QUEUE_PATH. Never held while waiting for the index lock ("lock"): index lock first. */
export const QUEUE_LOCK = "queue/lock";
/** Held by the native image service for its whole life: one service per cache. */
export const SERVICE_LOCK = "queue/service";
/** When an ngen command last touched a cache with queued work (ms since the epoch, as text). */
export const ACTIVITY_PATH = "queue/activity";
export const QUEUE_FORMAT = 1;
const QUEUE_LOCK_TIMEOUT_MS = 30_000;

export type Priority = 1 | 2 | 3;
/** pending: waiting; running: claimed by `owner`; failed: tried and failed, with `error`. */
export type ItemState = "pending" | "running" | "failed";

/** Who claimed an item: a process (pid) and an id unique to that process's life. */
export interface QueueOwner {
  pid: number;
  id: string;
}

export interface QueueItem {
  id: number;
  priority: Priority;
  /** install: `install … /queue`; update: a root with invalid images (`update /queue`). */
  reason: "install" | "update";
  /** What install is given: an absolute path, or a display name bound from `cwd`. */
  target: string;
  /** The root as bound when it was queued (for display and uninstall). */
  path: string;
  displayName: string;
  scenario: Scenario;
  noDependencies: boolean;
  exeConfig: string | null;
  appBase: string | null;
  cwd: string;
  /** Where the GAC and the core library were when it was queued (NGEN_GAC, NGEN_CORLIB). */
  gac: string | null;
  corlibDir: string;
  enqueuedAt: string;
  state: ItemState;
  /** How many times it was claimed. A claim whose owner died counts too. */
  attempts: number;
  owner: QueueOwner | null;
  startedAt: string | null;
  error: string | null;
  /** input: bad input or binding (exit code 1 territory); internal: a fault of ngen (2). */
  errorKind: "input" | "internal" | null;
}

export interface QueueFile {
  format: number;
  /** `ngen queue pause`: the service starts no new items until `ngen queue continue`. */
  paused: boolean;
  nextId: number;
  items: QueueItem[];
}

export function emptyQueue(): QueueFile {
  return { format: QUEUE_FORMAT, paused: false, nextId: 1, items: [] };
}

export function serializeQueue(q: QueueFile): Uint8Array {
  const body = JSON.stringify(q, null, 1);
  return new TextEncoder().encode(`${body}\n#checksum ${fnv1a(body)}\n`);
}

const SCENARIOS = ["default", "debug", "profile"];
const STATES = ["pending", "running", "failed"];

/** Parses and checks a queue file; `where` names it in errors. */
export function parseQueue(bytes: Uint8Array, where: string): QueueFile {
  const corrupt = (why: string) => new CacheError(`${where}: the native image queue is corrupt (${why}); remove the file to discard the queued work, then queue it again`);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const m = /\n#checksum ([0-9a-f]{16})\n$/.exec(text);
  if (!m) throw corrupt("no checksum line");
  const body = text.slice(0, m.index);
  if (fnv1a(body) !== m[1]) throw corrupt("checksum mismatch");
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  const q = doc as QueueFile;
  if (!q || typeof q !== "object" || !Array.isArray(q.items) || typeof q.paused !== "boolean" || !Number.isSafeInteger(q.nextId)) throw corrupt("unexpected shape");
  if (q.format !== QUEUE_FORMAT) throw new CacheError(`${where}: the native image queue has format ${q.format}, this ngen reads format ${QUEUE_FORMAT}`);
  const ids = new Set<number>();
  for (const [n, it] of q.items.entries()) {
    const bad = (field: string) => corrupt(`item ${n + 1}: bad ${field}`);
    if (!it || typeof it !== "object") throw bad("entry");
    if (!Number.isSafeInteger(it.id) || it.id <= 0 || it.id >= q.nextId || ids.has(it.id)) throw bad("id");
    ids.add(it.id);
    if (it.priority !== 1 && it.priority !== 2 && it.priority !== 3) throw bad("priority");
    if (it.reason !== "install" && it.reason !== "update") throw bad("reason");
    for (const f of ["target", "path", "displayName", "cwd", "corlibDir", "enqueuedAt"] as const) if (typeof it[f] !== "string") throw bad(f);
    for (const f of ["exeConfig", "appBase", "gac", "startedAt", "error"] as const) if (it[f] !== null && typeof it[f] !== "string") throw bad(f);
    if (!SCENARIOS.includes(it.scenario)) throw bad("scenario");
    if (!STATES.includes(it.state)) throw bad("state");
    if (typeof it.noDependencies !== "boolean") throw bad("noDependencies");
    if (!Number.isSafeInteger(it.attempts) || it.attempts < 0) throw bad("attempts");
    if (it.owner !== null && (typeof it.owner !== "object" || !Number.isSafeInteger(it.owner.pid) || typeof it.owner.id !== "string")) throw bad("owner");
    if (it.state === "running" && it.owner === null) throw bad("owner");
    if (it.errorKind !== null && it.errorKind !== "input" && it.errorKind !== "internal") throw bad("errorKind");
  }
  return q;
}

export async function readQueue(storage: CacheStorage): Promise<QueueFile> {
  const bytes = await storage.read(QUEUE_PATH);
  return bytes ? parseQueue(bytes, `${storage.root}/${QUEUE_PATH}`) : emptyQueue();
}

/**
 * Reads the queue under the queue lock, lets `change` modify it, and writes it back atomically
 * (only when `change` returns `write: true`, the default).
 */
export async function mutateQueue<T>(storage: CacheStorage, change: (q: QueueFile) => T | Promise<T>, write: (result: T) => boolean = () => true): Promise<T> {
  const release = await storage.lock(QUEUE_LOCK_TIMEOUT_MS, QUEUE_LOCK);
  try {
    const q = await readQueue(storage);
    const result = await change(q);
    if (write(result)) await storage.writeAtomic(QUEUE_PATH, serializeQueue(q));
    return result;
  } finally {
    await release();
  }
}

/** Items in the order they run: priority 1 first, then by id (FIFO within a priority). */
export function runOrder(items: readonly QueueItem[]): QueueItem[] {
  return [...items].sort((a, b) => a.priority - b.priority || a.id - b.id);
}

/** "debug", "profile", "nodependencies": the scenario flags an item was queued with, in Ngen's spelling. */
export function itemScenarios(it: QueueItem): string[] {
  const out: string[] = [];
  if (it.scenario === "debug") out.push("Debug");
  if (it.scenario === "profile") out.push("Profile");
  if (it.noDependencies) out.push("NoDependencies");
  return out;
}
