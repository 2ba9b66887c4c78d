/**
 * Ngen's deferred compilation: `install … /queue[:N]` and `update /queue` record work in the
 * cache's queue instead of doing it; `executeQueuedItems [N]` runs it now; the native image
 * service (host/node/native-image-service.ts) runs it in the background. Everything here goes
 * through CacheStorage, so it works in a browser worker too, where `executeQueuedItems` is the
 * way to run the queue.
 *
 * Semantics (following Ngen):
 * - Priority 1 is the highest; bare `/queue` is priority 3; `update /queue` queues priority 3.
 *   Items run by priority, FIFO within a priority.
 * - A queued root is a root already: display lists it as pending until an executor installs it.
 *   Queuing the same root and scenario again updates the waiting item (its options, and the
 *   higher of the two priorities) instead of adding a second one.
 * - An executor claims an item (state running, owner = its process) under the queue lock, runs
 *   install, then removes the item. The install checks, under the index lock, that the claim
 *   still stands, so an uninstall that withdrew the item in between wins.
 * - A failed item stays in the queue, failed, with its reason; the service does not retry it,
 *   `executeQueuedItems` tries it again (once per run). A claim whose owner died (a killed
 *   service) goes back to pending; after MAX_ATTEMPTS claims it is failed as abandoned.
 * - Lock order: the index lock ("lock") before the queue lock, never the other way round.
 */
import { InstallContext, ImageOutcome, ImageState, InstallError, InstallOptions, display, install, resolveRoot, rootsToUpdate, uninstall } from "../install/installer.js";
import type { Scenario, RootRecord } from "../cache/index-file.js";
import { CacheError, LockTimeoutError, CacheStorage } from "../cache/storage.js";
import { identityMatches, parseDisplayName } from "../metadata/identity.js";
import { join } from "../binder/paths.js";
import { isUserError } from "../user-errors.js";
import { ACTIVITY_PATH, Priority, QueueFile, QueueItem, QueueOwner, mutateQueue, readQueue, runOrder } from "./queue-file.js";

export * from "./queue-file.js";

/** What the queue needs from the platform: who this process is, and whether another still lives. */
export interface QueueHost {
  readonly owner: QueueOwner;
  isAlive(owner: QueueOwner): boolean;
}

/** A claim whose owner died this many times is given up as failed. */
export const MAX_ATTEMPTS = 3;
const INDEX_LOCK_TIMEOUT_MS = 120_000;

export interface QueueRequest {
  priority: Priority;
  scenario: Scenario;
  noDependencies?: boolean;
  exeConfig?: string;
  appBase?: string;
}

/** The install was abandoned because its item had been withdrawn (uninstalled) meanwhile. */
class WithdrawnError extends Error {}

function abs(cwd: string, p: string): string {
  return p.startsWith("/") ? join(p) : join(cwd, p);
}

function sameRoot(a: { path: string; scenario: Scenario }, b: { path: string; scenario: Scenario }): boolean {
  return a.path === b.path && a.scenario === b.scenario;
}

/** Adds `fresh` or merges it into a waiting item for the same root and scenario. */
function addItem(q: QueueFile, fresh: Omit<QueueItem, "id">): { item: QueueItem; merged: boolean } {
  const waiting = q.items.find((it) => it.state !== "running" && sameRoot(it, fresh));
  if (waiting) {
    const priority = Math.min(waiting.priority, fresh.priority) as Priority;
    Object.assign(waiting, { ...fresh, id: waiting.id, priority, reason: waiting.reason === "install" ? "install" : fresh.reason, enqueuedAt: waiting.enqueuedAt });
    return { item: { ...waiting }, merged: true };
  }
  const item: QueueItem = { ...fresh, id: q.nextId++ };
  q.items.push(item);
  return { item: { ...item }, merged: false };
}

function freshItem(ctx: InstallContext, root: { target: string; path: string; displayName: string }, req: QueueRequest, reason: QueueItem["reason"]): Omit<QueueItem, "id"> {
  return {
    priority: req.priority,
    reason,
    target: root.target,
    path: root.path,
    displayName: root.displayName,
    scenario: req.scenario,
    noDependencies: req.noDependencies ?? false,
    exeConfig: req.exeConfig ? abs(ctx.cwd, req.exeConfig) : null,
    appBase: req.appBase ? abs(ctx.cwd, req.appBase) : null,
    cwd: ctx.cwd,
    gac: ctx.gac,
    corlibDir: ctx.corlibDir,
    enqueuedAt: new Date().toISOString(),
    state: "pending",
    attempts: 0,
    owner: null,
    startedAt: null,
    error: null,
    errorKind: null,
  };
}

/**
 * `install <target> /queue:N`: binds the root now (a missing file or a bad assembly is reported
 * at once) and queues its install.
 */
export async function enqueueInstall(ctx: InstallContext, target: string, req: QueueRequest): Promise<{ item: QueueItem; merged: boolean }> {
  const opts: InstallOptions = { scenario: req.scenario, noDependencies: req.noDependencies, exeConfig: req.exeConfig, appBase: req.appBase };
  const root = resolveRoot(ctx, target, opts);
  const res = await mutateQueue(ctx.storage, (q) => addItem(q, freshItem(ctx, root, req, "install")));
  await noteActivity(ctx.storage);
  ctx.log(`Queued ${root.displayName} at priority ${req.priority} (item ${res.item.id})`);
  return res;
}

/** `update /queue`: queues, at priority 3, a reinstall of every root with an invalid image. */
export async function enqueueUpdate(ctx: InstallContext): Promise<{ items: QueueItem[]; roots: number }> {
  const { stale, roots } = await rootsToUpdate(ctx);
  const items = stale.length
    ? await mutateQueue(ctx.storage, (q) =>
        stale.map((r: RootRecord) =>
          addItem(q, freshItem(ctx, { target: r.path, path: r.path, displayName: r.displayName }, {
            priority: 3,
            scenario: r.scenario,
            noDependencies: r.noDependencies,
            exeConfig: r.exeConfig ?? undefined,
            appBase: r.appBase ?? undefined,
          }, "update")).item,
        ),
      )
    : [];
  if (items.length) await noteActivity(ctx.storage);
  return { items, roots };
}

/** Records that an ngen command touched the cache now (the service's idle clock). */
export async function noteActivity(storage: CacheStorage, now = Date.now()): Promise<void> {
  await storage.writeAtomic(ACTIVITY_PATH, new TextEncoder().encode(`${now}\n`));
}

export async function lastActivity(storage: CacheStorage): Promise<number | null> {
  const b = await storage.read(ACTIVITY_PATH);
  if (!b) return null;
  const n = Number(new TextDecoder().decode(b).trim());
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * What every ngen command that uses the cache does first: checks the queue (a corrupt one is an
 * error here, for every command) and, when work is queued, restarts the service's idle clock.
 */
export async function beginCacheCommand(storage: CacheStorage): Promise<QueueFile> {
  const q = await readQueue(storage);
  if (q.items.length) await noteActivity(storage);
  return q;
}

/** Items that target names: a path (compared as absolute) or a full or partial display name. */
function matches(it: QueueItem, target: string, cwd: string): boolean {
  if (/[\\/]/.test(target) || /\.(dll|exe)$/i.test(target)) return it.path === abs(cwd, target);
  return identityMatches(parseDisplayName(target), parseDisplayName(it.displayName));
}

/**
 * uninstall, aware of the queue: withdraws the matching queued items, then uninstalls the
 * installed roots. The items are withdrawn under the index lock, so an executor that claimed one
 * either finished its install before (and the uninstall then removes the root) or finds its
 * claim gone when it gets the lock and installs nothing.
 */
export async function uninstallQueued(ctx: InstallContext, target: string, scenarios: Scenario[] | null) {
  if (target.trim() === "*") return { ...(await uninstall(ctx, target, scenarios)), withdrawn: [] as QueueItem[] };
  const release = await ctx.storage.lock(INDEX_LOCK_TIMEOUT_MS);
  let withdrawn: QueueItem[];
  try {
    withdrawn = await mutateQueue(
      ctx.storage,
      (q) => {
        const gone = q.items.filter((it) => matches(it, target, ctx.cwd) && (!scenarios || scenarios.includes(it.scenario)));
        q.items = q.items.filter((it) => !gone.includes(it));
        return gone;
      },
      (gone) => gone.length > 0,
    );
  } finally {
    await release();
  }
  for (const it of withdrawn) ctx.log(`Withdrew queued item ${it.id} (${it.displayName}, ${it.scenario})`);
  try {
    return { ...(await uninstall(ctx, target, scenarios)), withdrawn };
  } catch (e) {
    // A root that was only queued is not installed: withdrawing it was the whole uninstall.
    if (withdrawn.length && e instanceof InstallError) return { roots: [], removedImages: [] as string[], dependents: [] as string[], withdrawn };
    throw e;
  }
}

/**
 * Claims the first item, in run order, that `eligible` accepts and nobody runs. First returns
 * claims of dead owners to pending (or fails them after MAX_ATTEMPTS). `busy`: eligible items
 * that another live executor is running.
 */
export async function claimNext(storage: CacheStorage, host: QueueHost, eligible: (it: QueueItem) => boolean): Promise<{ item: QueueItem | null; busy: QueueItem[]; pending: QueueItem[] }> {
  return mutateQueue(
    storage,
    (q) => {
      let changed = recoverAbandoned(q, host);
      const ordered = runOrder(q.items);
      const item = ordered.find((it) => it.state !== "running" && eligible(it)) ?? null;
      if (item) {
        Object.assign(item, { state: "running", owner: host.owner, attempts: item.attempts + 1, startedAt: new Date().toISOString() });
        changed = true;
      }
      const busy = ordered.filter((it) => it.state === "running" && it !== item && eligible(it)).map((it) => ({ ...it }));
      const pending = ordered.filter((it) => it.state === "pending").map((it) => ({ ...it }));
      return { item: item ? { ...item } : null, busy, pending, changed };
    },
    (r) => r.changed,
  );
}

/** Claims held by processes that no longer exist go back to pending, or fail after MAX_ATTEMPTS. */
export function recoverAbandoned(q: QueueFile, host: QueueHost): boolean {
  let changed = false;
  for (const it of q.items) {
    if (it.state !== "running" || !it.owner || host.isAlive(it.owner)) continue;
    changed = true;
    if (it.attempts >= MAX_ATTEMPTS) {
      Object.assign(it, { state: "failed", error: `abandoned: the process running it (pid ${it.owner.pid}) ended before it finished, ${it.attempts} times`, errorKind: "internal" });
    } else Object.assign(it, { state: "pending" });
    it.owner = null;
  }
  return changed;
}

export type ItemOutcome =
  | { kind: "installed"; item: QueueItem; images: ImageOutcome[] }
  | { kind: "failed"; item: QueueItem; error: string; errorKind: "input" | "internal" }
  /** Withdrawn by an uninstall between claim and install: nothing was done. */
  | { kind: "withdrawn"; item: QueueItem }
  /** The index lock stayed busy; the item went back to pending, its attempt not counted. */
  | { kind: "deferred"; item: QueueItem; error: string };

/** Runs a claimed item: install, then remove it from the queue (or record why it failed). */
export async function runItem(ctx: InstallContext, host: QueueHost, item: QueueItem): Promise<ItemOutcome> {
  const ictx: InstallContext = { ...ctx, cwd: item.cwd, gac: item.gac, corlibDir: item.corlibDir };
  const mine = (it: QueueItem) => it.id === item.id && it.state === "running" && it.owner?.id === host.owner.id;
  try {
    const res = await install(ictx, item.target, {
      scenario: item.scenario,
      noDependencies: item.noDependencies,
      exeConfig: item.exeConfig ?? undefined,
      appBase: item.appBase ?? undefined,
      checkUnderLock: async () => {
        // Under the index lock, which uninstall holds while it withdraws items.
        if (!(await readQueue(ctx.storage)).items.some(mine)) throw new WithdrawnError();
      },
    });
    await mutateQueue(ctx.storage, (q) => {
      q.items = q.items.filter((it) => !mine(it));
    });
    return { kind: "installed", item, images: res.images };
  } catch (e) {
    if (e instanceof WithdrawnError) return { kind: "withdrawn", item };
    const error = e instanceof Error ? e.message : String(e);
    if (e instanceof LockTimeoutError) {
      await mutateQueue(ctx.storage, (q) => {
        for (const it of q.items) if (mine(it)) Object.assign(it, { state: "pending", owner: null, attempts: it.attempts - 1 });
      });
      return { kind: "deferred", item, error };
    }
    const errorKind = isUserError(e) ? "input" : "internal";
    const detail = errorKind === "internal" && e instanceof Error && e.stack ? e.stack.split("\n").slice(0, 4).join(" | ") : error;
    await mutateQueue(ctx.storage, (q) => {
      for (const it of q.items) if (mine(it)) Object.assign(it, { state: "failed", owner: null, error: detail, errorKind });
    });
    return { kind: "failed", item, error: detail, errorKind };
  }
}

export interface ExecuteHooks {
  /** An item this process starts. */
  onStart?(item: QueueItem): void;
  /** The outcome of an item this process ran, or that another executor finished while we waited. */
  onOutcome?(outcome: ItemOutcome, ranBy: "self" | "other"): void;
  /** Waiting for items another executor (the service) is running. */
  onWait?(items: QueueItem[]): void;
  sleep?(ms: number): Promise<void>;
}

export interface ExecuteResult {
  outcomes: ItemOutcome[];
  failed: Extract<ItemOutcome, { kind: "failed" }>[];
}

/**
 * `executeQueuedItems [N]`: runs every queued item of priority N or higher (1 is the highest;
 * all when N is omitted), now, highest priority first and FIFO within a priority, failed items
 * included (once each). Items the service is running meanwhile are waited for and reported.
 * Pausing the queue does not stop this: pause is for the service.
 */
export async function executeQueuedItems(ctx: InstallContext, host: QueueHost, maxPriority: Priority = 3, hooks: ExecuteHooks = {}): Promise<ExecuteResult> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempted = new Set<number>();
  const watched = new Map<number, QueueItem>();
  const outcomes: ItemOutcome[] = [];
  const record = (o: ItemOutcome, by: "self" | "other") => {
    outcomes.push(o);
    hooks.onOutcome?.(o, by);
  };
  let lastWait = "";
  for (;;) {
    const eligible = (it: QueueItem) => it.priority <= maxPriority && !attempted.has(it.id) && !(watched.has(it.id) && it.state === "failed");
    const { item, busy } = await claimNext(ctx.storage, host, eligible);
    // Items another executor was running: finished (gone) or failed since we last looked?
    const now = await readQueue(ctx.storage);
    for (const [id, w] of watched) {
      const cur = now.items.find((it) => it.id === id);
      if (!cur) record({ kind: "installed", item: w, images: [] }, "other");
      else if (cur.state === "failed") record({ kind: "failed", item: cur, error: cur.error ?? "failed", errorKind: cur.errorKind ?? "internal" }, "other");
      else if (cur.state === "running") continue;
      watched.delete(id);
      if (cur?.state === "failed") attempted.add(id);
    }
    if (item) {
      attempted.add(item.id);
      hooks.onStart?.(item);
      const o = await runItem(ctx, host, item);
      if (o.kind === "deferred") attempted.delete(item.id);
      record(o, "self");
      continue;
    }
    if (busy.length || watched.size) {
      for (const b of busy) watched.set(b.id, b);
      const key = [...watched.keys()].join(",");
      if (key !== lastWait) hooks.onWait?.([...watched.values()]);
      lastWait = key;
      await sleep(200);
      continue;
    }
    break;
  }
  return { outcomes, failed: outcomes.filter((o): o is Extract<ItemOutcome, { kind: "failed" }> => o.kind === "failed") };
}

/** `queue pause` / `queue continue`: persists in the queue file. Returns the previous state. */
export async function setPaused(storage: CacheStorage, paused: boolean): Promise<boolean> {
  return mutateQueue(storage, (q) => {
    const was = q.paused;
    q.paused = paused;
    return was;
  });
}

export interface QueueStatusItem {
  id: number;
  priority: Priority;
  state: "pending" | "running" | "failed";
  reason: QueueItem["reason"];
  path: string;
  displayName: string;
  scenario: Scenario;
  /** Ngen's scenario switches the item carries: Debug, Profile, NoDependencies. */
  scenarios: string[];
  exeConfig: string | null;
  appBase: string | null;
  enqueuedAt: string;
  attempts: number;
  /** The process running it (state running). */
  pid: number | null;
  error: string | null;
}

/** The queue as `queue status` shows it: claims of dead processes read as pending. */
export async function queueItems(storage: CacheStorage, host: QueueHost): Promise<{ paused: boolean; items: QueueStatusItem[] }> {
  const q = await readQueue(storage);
  recoverAbandoned(q, host); // a view only: not written back
  return {
    paused: q.paused,
    items: runOrder(q.items).map((it) => ({
      id: it.id,
      priority: it.priority,
      state: it.state,
      reason: it.reason,
      path: it.path,
      displayName: it.displayName,
      scenario: it.scenario,
      scenarios: [...(it.scenario === "debug" ? ["Debug"] : it.scenario === "profile" ? ["Profile"] : []), ...(it.noDependencies ? ["NoDependencies"] : [])],
      exeConfig: it.exeConfig,
      appBase: it.appBase,
      enqueuedAt: it.enqueuedAt,
      attempts: it.attempts,
      pid: it.state === "running" ? it.owner?.pid ?? null : null,
      error: it.error,
    })),
  };
}

/** Whether a service has anything to do: not paused, and an item waiting (or abandoned by a dead claim). */
export function hasServiceWork(q: QueueFile, host: QueueHost): boolean {
  return !q.paused && q.items.some((it) => it.state === "pending" || (it.state === "running" && it.owner !== null && !host.isAlive(it.owner)));
}

/** A root as display shows it: installed (in the index), queued, or both (an update is queued). */
export interface DisplayRoot extends RootRecord {
  installed: boolean;
  /** The queued item for this root and scenario, if any. */
  queued: { id: number; priority: Priority; state: QueueItem["state"]; reason: QueueItem["reason"]; error: string | null } | null;
}

/**
 * display, aware of the queue: queued roots are roots already (Ngen lists them), pending until
 * an executor installs them; they have no images yet.
 */
export async function displayQueued(ctx: InstallContext, host: QueueHost, target: string | null): Promise<{ roots: DisplayRoot[]; images: ImageState[]; dependents: RootRecord[] }> {
  const q = await readQueue(ctx.storage);
  recoverAbandoned(q, host);
  const items = target ? q.items.filter((it) => matches(it, target, ctx.cwd)) : q.items;
  let res: Awaited<ReturnType<typeof display>>;
  try {
    res = await display(ctx, target);
  } catch (e) {
    if (!(e instanceof InstallError) || !items.length) throw e;
    res = { roots: [], images: [], dependents: [] };
  }
  const queued = (it: QueueItem | undefined): DisplayRoot["queued"] => (it ? { id: it.id, priority: it.priority, state: it.state, reason: it.reason, error: it.error } : null);
  const roots: DisplayRoot[] = res.roots.map((r) => ({ ...r, installed: true, queued: queued(items.find((it) => sameRoot(it, r))) }));
  for (const it of runOrder(items)) {
    if (roots.some((r) => sameRoot(r, it))) continue;
    roots.push({
      displayName: it.displayName,
      path: it.path,
      scenario: it.scenario,
      configFingerprint: "",
      exeConfig: it.exeConfig,
      appBase: it.appBase,
      noDependencies: it.noDependencies,
      images: [],
      installed: false,
      queued: queued(it),
    });
  }
  return { roots, images: res.images, dependents: res.dependents };
}

export { CacheError };

export interface ServeOptions {
  /** Priority-3 items wait until no ngen command has touched the cache for this long. */
  idleMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

/**
 * The native image service's work loop: priority 1 and 2 items at once (1 first), priority 3
 * items once the cache has been idle for `idleMs`; failed items are left alone. Returns when
 * paused (after the item in hand) or when nothing is left to wait for.
 */
export async function serveQueue(ctx: InstallContext, host: QueueHost, opts: ServeOptions): Promise<"paused" | "done"> {
  for (;;) {
    const q = await readQueue(ctx.storage);
    if (q.paused) return "paused";
    const last = (await lastActivity(ctx.storage)) ?? 0;
    const idleFor = opts.now() - last;
    const idle = idleFor >= opts.idleMs;
    const { item, pending } = await claimNext(ctx.storage, host, (it) => it.state === "pending" && (it.priority < 3 || idle));
    if (item) {
      opts.log(`item ${item.id}: installing ${item.target} (priority ${item.priority}, ${item.scenario}${item.noDependencies ? ", NoDependencies" : ""}, attempt ${item.attempts})`);
      const o = await runItem(ctx, host, item);
      if (o.kind === "installed") opts.log(`item ${item.id}: done: ${o.images.map((i) => `${i.status} ${i.name}`).join(", ")}`);
      else if (o.kind === "failed") opts.log(`item ${item.id}: failed: ${o.error}`);
      else if (o.kind === "withdrawn") opts.log(`item ${item.id}: withdrawn by an uninstall`);
      else opts.log(`item ${item.id}: deferred: ${o.error}`);
      if (o.kind === "deferred") await opts.sleep(1000);
      continue;
    }
    if (!pending.length) return "done";
    // Only priority-3 items wait: sleep until the cache has been idle long enough, looking at
    // least every second for new urgent work and for pause.
    await opts.sleep(Math.max(50, Math.min(1000, opts.idleMs - idleFor)));
  }
}
