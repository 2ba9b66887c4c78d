// The queue through the public API over an in-memory CacheStorage, as a browser worker uses it
// (no background service there: executeQueuedItems runs the queue): priorities, an uninstall
// racing an executor's claim, abandoned claims, and the queue file's checks.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CacheError, InstallContext, MAX_ATTEMPTS, MemoryStorage, QueueHost, displayQueued, enqueueInstall, executeQueuedItems, parseQueue, readQueue, uninstallQueued,
} from "../../host/api.js";
import { claimNext, runItem, serializeQueue, QUEUE_PATH } from "../../host/queue/queue.js";
import { nodeInstallContext } from "../../host/node/install-context.js";
import { buildCs } from "../support/build.js";

let dir: string;
const lib = (name: string, body: string) => `[assembly: System.Reflection.AssemblyVersion("1.0.0.0")]\npublic static class ${name} { ${body} }`;

function memoryContext(): InstallContext & { storage: MemoryStorage } {
  return { ...nodeInstallContext(join(dir, "unused"), () => {}), storage: new MemoryStorage() };
}
/** A process that is alive exactly while `alive` says so. */
function host(id: string, alive: Set<string>): QueueHost {
  return { owner: { pid: 1000 + alive.size, id }, isAlive: (o) => alive.has(o.id) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ngen-qapi-"));
  buildCs(dir, [
    { out: "A.dll", source: lib("A", "public static int F() { return 1; }") },
    { out: "B.dll", source: lib("B", "public static int G() { return A.F(); }"), refs: ["A.dll"] },
  ]);
}, 60_000);

describe("the queue over MemoryStorage", () => {
  it("enqueues, shows pending roots and runs by priority with executeQueuedItems", async () => {
    const ctx = memoryContext();
    const me = host("me", new Set(["me"]));
    await enqueueInstall(ctx, join(dir, "A.dll"), { priority: 3, scenario: "default", noDependencies: true });
    await enqueueInstall(ctx, join(dir, "B.dll"), { priority: 1, scenario: "profile", noDependencies: true });
    const pending = await displayQueued(ctx, me, null);
    expect(pending.roots.map((r) => [r.displayName.split(",")[0], r.installed, r.queued?.priority])).toEqual([["B", false, 1], ["A", false, 3]]);
    expect(pending.images).toEqual([]);
    const started: number[] = [];
    const res = await executeQueuedItems(ctx, me, 3, { onStart: (it) => started.push(it.id) });
    expect(started).toEqual([2, 1]);
    expect(res.failed).toEqual([]);
    expect(res.outcomes.map((o) => o.kind)).toEqual(["installed", "installed"]);
    const after = await displayQueued(ctx, me, null);
    expect(after.roots.map((r) => [r.displayName.split(",")[0], r.scenario, r.installed, r.queued])).toEqual([["B", "profile", true, null], ["A", "default", true, null]]);
    expect(after.images.map((i) => [i.record.name, i.record.scenario, i.valid])).toEqual([["B", "profile", true], ["A", "default", true]]);
    expect((await readQueue(ctx.storage)).items).toEqual([]);
  });

  it("an item withdrawn by uninstall after an executor claimed it installs nothing", async () => {
    const ctx = memoryContext();
    const exec = host("exec", new Set(["exec"]));
    await enqueueInstall(ctx, join(dir, "A.dll"), { priority: 1, scenario: "default", noDependencies: true });
    const { item } = await claimNext(ctx.storage, exec, () => true);
    expect(item).toEqual(expect.objectContaining({ id: 1, state: "running", attempts: 1, owner: exec.owner }));
    const un = await uninstallQueued(ctx, join(dir, "A.dll"), null);
    expect(un.withdrawn.map((w) => w.id)).toEqual([1]);
    const o = await runItem(ctx, exec, item!);
    expect(o.kind).toBe("withdrawn");
    expect((await displayQueued(ctx, exec, null)).roots).toEqual([]);
    expect([...ctx.storage.files.keys()].filter((k) => k.endsWith(".ni.dll"))).toEqual([]);
  });

  it("claims of dead executors go back to pending, and fail as abandoned after MAX_ATTEMPTS", async () => {
    const ctx = memoryContext();
    const alive = new Set<string>();
    await enqueueInstall(ctx, join(dir, "A.dll"), { priority: 2, scenario: "default", noDependencies: true });
    for (let k = 1; k <= MAX_ATTEMPTS; k++) {
      const h = host(`gone-${k}`, alive);
      const { item } = await claimNext(ctx.storage, h, (it) => it.state === "pending");
      expect(item).toEqual(expect.objectContaining({ state: "running", attempts: k }));
      // The executor dies here, before it finishes.
    }
    const survivor = host("survivor", new Set(["survivor"]));
    const { item } = await claimNext(ctx.storage, survivor, (it) => it.state === "pending");
    expect(item).toBeNull();
    const q = await readQueue(ctx.storage);
    expect(q.items).toEqual([expect.objectContaining({ state: "failed", owner: null, attempts: MAX_ATTEMPTS, error: expect.stringMatching(/^abandoned: the process running it \(pid \d+\) ended before it finished, 3 times$/) })]);
    // executeQueuedItems still tries a failed item when asked.
    const res = await executeQueuedItems(ctx, survivor);
    expect(res.outcomes.map((o) => o.kind)).toEqual(["installed"]);
  });

  it("the queue file is checked field by field, not only by its checksum", () => {
    const q = { format: 1, paused: false, nextId: 2, items: [{ id: 1, priority: 4 }] };
    expect(() => parseQueue(serializeQueue(q as never), "q.json")).toThrow(new CacheError("q.json: the native image queue is corrupt (item 1: bad priority); remove the file to discard the queued work, then queue it again"));
    const dup = { format: 1, paused: false, nextId: 1, items: [] };
    expect(parseQueue(serializeQueue(dup), "q.json")).toEqual(dup);
    expect(() => parseQueue(serializeQueue({ ...dup, format: 9 }), "q.json")).toThrow(/format 9, this ngen reads format 1/);
    expect(() => parseQueue(new TextEncoder().encode("{}\n#checksum 0000000000000000\n"), "q.json")).toThrow(/checksum mismatch/);
    expect(QUEUE_PATH).toBe("queue/queue.json");
  });
});
