// Ngen's deferred compilation through the CLI: install /queue and update /queue, executeQueuedItems
// by priority, pause/continue/status, the native image service in the background (surviving a
// SIGKILL mid-item), a corrupt queue file, concurrent enqueues, and uninstall of queued roots.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCs } from "../support/build.js";
import { ROOT } from "../support/fixtures.js";

const CLI = join(ROOT, "bin", "ngen.mjs");

let dir: string;
const caches: string[] = [];

function cacheDir(name: string): string {
  const c = join(dir, name);
  caches.push(c);
  return c;
}
function ngen(cache: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, NGEN_CACHE: cache, NGEN_IDLE_SECONDS: "3600", ...env },
    maxBuffer: 64 << 20,
  });
}
function ok(cache: string, args: string[], env: Record<string, string> = {}) {
  const r = ngen(cache, args, env);
  if (r.status !== 0) throw new Error(`ngen ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

interface Status {
  service: { running: boolean; pid: number | null; paused: boolean; idleSeconds: number };
  items: { id: number; priority: number; state: string; reason: string; path: string; scenario: string; scenarios: string[]; exeConfig: string | null; appBase: string | null; attempts: number; pid: number | null; error: string | null }[];
}
const status = (cache: string, env: Record<string, string> = {}) => JSON.parse(ok(cache, ["queue", "status", "--json"], env)) as Status;
interface Display {
  roots: { displayName: string; path: string; scenario: string; images: string[]; installed: boolean; queued: { id: number; priority: number; state: string; reason: string; error: string | null } | null }[];
  images: { name: string; state: string; imagePath: string }[];
}
const display = (cache: string) => JSON.parse(ok(cache, ["display", "--json"])) as Display;

/** The pid in the cache's service lock, if that process is a live native image service. */
function servicePid(cache: string): number | null {
  try {
    const pid = Number(readFileSync(join(cache, "queue", "service"), "utf8").split(" ")[0]);
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("native-image-service") ? pid : null;
  } catch {
    return null;
  }
}
/** Processes whose command line mentions this test's directory (services of its caches). */
function ourProcesses(): number[] {
  const out: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, "utf8").includes(dir)) out.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return out;
}
async function until<T>(what: string, f: () => T | null | undefined | false, timeoutMs = 90_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
const lib = (name: string, body: string) => `[assembly: System.Reflection.AssemblyVersion("1.0.0.0")]\npublic static class ${name} { ${body} }`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ngen-queue-"));
  buildCs(dir, [
    { out: "client/myMath.dll", source: lib("myMath", "public static int Sq(int x) { return x * x; }") },
    { out: "client/myLibOne.dll", source: lib("myLibOne", "public static int F(int x) { return myMath.Sq(x) + 1; }"), refs: ["client/myMath.dll"] },
    { out: "client/myLibTwo.dll", source: lib("myLibTwo", "public static int G(int x) { return myMath.Sq(x) - 1; }"), refs: ["client/myMath.dll"] },
    { out: "client/ClientApp.exe", source: "class P { static int Main() { return myLibOne.F(3) + myLibTwo.G(4); } }", refs: ["client/myLibOne.dll", "client/myLibTwo.dll"] },
    { out: "shared/OurDependency.dll", source: lib("OurDependency", "public static int V() { return 7; }") },
    { out: "shared/MyAssembly.exe", source: "class P { static int Main() { return OurDependency.V(); } }", refs: ["shared/OurDependency.dll"] },
    { out: "broken/Needs.exe", source: "class P { static int Main() { return myMath.Sq(2); } }", refs: ["client/myMath.dll"] },
  ]);
}, 120_000);

afterAll(async () => {
  // No service outlives the tests.
  for (const c of caches) {
    const pid = servicePid(c);
    if (pid) process.kill(pid, "SIGKILL");
  }
  for (const p of ourProcesses()) process.kill(p, "SIGKILL");
  await until("the services to end", () => ourProcesses().length === 0, 10_000);
});

const client = () => join(dir, "client", "ClientApp.exe");
const shared = () => join(dir, "shared", "MyAssembly.exe");

describe("install /queue and executeQueuedItems", () => {
  it("queues without compiling, shows the root pending, and eqi leaves the cache exactly as a direct install", () => {
    const queued = cacheDir("q-eqi");
    const out = ok(queued, ["install", client(), "/queue", "/nologo"]);
    expect(out).toMatch(/^Queued ClientApp, Version=0\.0\.0\.0, Culture=neutral, PublicKeyToken=null \(item 1, priority 3\)$/m);
    // Registered as a root, pending, with no images; nothing compiled.
    const before = display(queued);
    expect(before.roots).toEqual([expect.objectContaining({ path: client(), installed: false, images: [], queued: expect.objectContaining({ id: 1, priority: 3, state: "pending", reason: "install" }) })]);
    expect(before.images).toEqual([]);
    expect(existsSync(join(queued, "NativeImages_v4.0.30319_64"))).toBe(false);
    expect(ok(queued, ["display", "/nologo"])).toMatch(/ClientApp\.exe \(pending: queued at priority 3\)/);
    const st = status(queued);
    expect(st.items.map((i) => [i.id, i.priority, i.state, i.path])).toEqual([[1, 3, "pending", client()]]);

    const eqi = ngen(queued, ["eqi", "/nologo"]);
    expect(eqi.status, eqi.stderr).toBe(0);
    expect(eqi.stdout).toMatch(/^Item 1 \(priority 3\): install .*ClientApp\.exe$/m);
    expect(eqi.stdout).toMatch(/^Compiled mscorlib, /m);
    expect(eqi.stdout).toMatch(/^Compiled ClientApp, /m);
    expect(eqi.stdout).toMatch(/^1 item installed, 0 failed$/m);
    expect(status(queued).items).toEqual([]);

    const direct = cacheDir("q-direct");
    ok(direct, ["install", client()]);
    const a = display(queued);
    expect(a.images.length).toBeGreaterThanOrEqual(5);
    expect(a.images.every((i) => i.state === "valid")).toBe(true);
    for (const i of a.images) expect(existsSync(join(queued, i.imagePath))).toBe(true);
    expect(a).toEqual(display(direct));
    expect(a.roots[0]).toEqual(expect.objectContaining({ installed: true, queued: null }));
    expect(ok(queued, ["eqi", "/nologo"])).toMatch(/^Nothing queued$/m);
  });

  it("eqi N runs only items of priority N or higher; eqi runs the rest by priority, FIFO within one", () => {
    const c = cacheDir("q-prio");
    ok(c, ["queue", "pause"]); // keep the service out of it: eqi runs even when paused
    const lib = (n: string) => join(dir, "client", `${n}.dll`);
    ok(c, ["install", lib("myMath"), "/queue:3", "/NoDependencies"]); // 1
    ok(c, ["install", lib("myLibOne"), "/queue:1", "/NoDependencies"]); // 2
    ok(c, ["install", lib("myLibTwo"), "/queue:2", "/NoDependencies"]); // 3
    ok(c, ["install", join(dir, "shared", "OurDependency.dll"), "/queue:1", "/NoDependencies", "/Debug"]); // 4
    ok(c, ["install", shared(), "--queue=2", "/NoDependencies"]); // 5
    const st = status(c);
    expect(st.service).toEqual(expect.objectContaining({ running: false, paused: true }));
    expect(st.items.map((i) => [i.id, i.priority])).toEqual([[2, 1], [4, 1], [3, 2], [5, 2], [1, 3]]);
    expect(st.items.find((i) => i.id === 4)!.scenarios).toEqual(["Debug", "NoDependencies"]);
    const order = (stdout: string) => [...stdout.matchAll(/^Item (\d+) \(priority (\d)\)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    const first = ok(c, ["executeQueuedItems", "1", "/nologo"]);
    expect(order(first)).toEqual([[2, 1], [4, 1]]);
    expect(status(c).items.map((i) => i.id)).toEqual([3, 5, 1]);
    expect(display(c).images.map((i) => i.name).sort()).toEqual(["OurDependency", "myLibOne"]);
    const rest = ok(c, ["EQI", "/nologo"]);
    expect(order(rest)).toEqual([[3, 2], [5, 2], [1, 3]]);
    expect(status(c).items).toEqual([]);
    const d = display(c);
    expect(d.roots.every((r) => r.installed && r.queued === null)).toBe(true);
    expect(d.images.map((i) => i.name).sort()).toEqual(["MyAssembly", "OurDependency", "myLibOne", "myLibTwo", "myMath"]);
    ok(c, ["queue", "continue"]);
  });

  it("a failing item is recorded with its reason, does not stop the others, and is not retried by the service", async () => {
    const c = cacheDir("q-fail");
    ok(c, ["queue", "pause"]);
    // Needs.exe references myMath, which is not beside it: the root binds, its closure does not.
    ok(c, ["install", join(dir, "broken", "Needs.exe"), "/queue:1"]);
    ok(c, ["install", join(dir, "shared", "OurDependency.dll"), "/queue:2", "/NoDependencies"]);
    const r = ngen(c, ["eqi", "/nologo"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Item 1 failed: cannot bind myMath, Version=1\.0\.0\.0/m);
    expect(r.stdout).toMatch(/^1 item installed, 1 failed$/m);
    expect(r.stderr).toMatch(/queued item 1 \(install .*Needs\.exe\) failed: cannot bind myMath.*probed: .*broken\/myMath\.dll/);
    const st = status(c);
    expect(st.items).toEqual([expect.objectContaining({ id: 1, state: "failed", attempts: 1, error: expect.stringMatching(/cannot bind myMath/) })]);
    expect(display(c).images.map((i) => i.name)).toEqual(["OurDependency"]);
    // The service leaves failed items alone: continuing starts no service and changes nothing.
    ok(c, ["queue", "continue"]);
    await new Promise((res) => setTimeout(res, 1500));
    expect(status(c)).toEqual(expect.objectContaining({ service: expect.objectContaining({ running: false }), items: [expect.objectContaining({ state: "failed", attempts: 1 })] }));
    // Another eqi tries it again (once), and fails again the same way.
    const again = ngen(c, ["eqi", "/silent"]);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr).toMatch(/queued item 1 .* failed: cannot bind myMath/);
    expect(status(c).items[0]!.attempts).toBe(2);
  });

  it("update /queue queues a priority-3 reinstall of the roots with invalid images", () => {
    const c = cacheDir("q-update");
    const app = join(dir, "upd", "App.exe");
    buildCs(dir, [
      { out: "upd/Dep.dll", source: lib("Dep", "public static int V() { return 1; }") },
      { out: "upd/App.exe", source: "class P { static int Main() { return Dep.V(); } }", refs: ["upd/Dep.dll"] },
    ]);
    ok(c, ["install", app, "/NoDependencies"]);
    expect(ok(c, ["update", "/queue", "/nologo"])).toMatch(/^All native images are valid$/m);
    expect(status(c).items).toEqual([]);
    buildCs(dir, [{ out: "upd/Dep.dll", source: lib("Dep", "public static int V() { return 2; }") }]);
    ok(c, ["queue", "pause"]);
    expect(ok(c, ["update", "/queue", "/nologo"])).toMatch(/^Queued update of App, .*\(item 1, priority 3\)$/m);
    expect(ngen(c, ["update", "/queue:1"]).stderr).toMatch(/update \/queue takes no priority/);
    const st = status(c);
    expect(st.items).toEqual([expect.objectContaining({ priority: 3, reason: "update", path: app, scenarios: ["NoDependencies"] })]);
    const root = display(c).roots[0]!;
    expect(root).toEqual(expect.objectContaining({ installed: true, queued: expect.objectContaining({ reason: "update", priority: 3 }) }));
    expect(display(c).images[0]!.state).toBe("invalid");
    ok(c, ["eqi"]);
    expect(display(c).images.map((i) => [i.name, i.state])).toEqual([["App", "valid"]]);
    ok(c, ["queue", "continue"]);
  });

  it("rejects bad priorities and documents the new syntax", () => {
    const c = cacheDir("q-usage");
    for (const args of [["install", client(), "/queue:4"], ["install", client(), "/queue:x"], ["eqi", "0"], ["eqi", "1", "2"], ["queue", "stop"], ["queue"]]) {
      const r = ngen(c, args);
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(/^ngen: (\/queue:|executeQueuedItems|queue takes)/);
    }
    const missing = ngen(c, ["install", join(dir, "nope.exe"), "/queue:1"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.exe: .*(not found|no such)/i);
    expect(existsSync(join(c, "queue", "queue.json"))).toBe(false);
    expect(ok(c, ["--help"])).toMatch(/executeQueuedItems \(eqi\)\s+Run queued work now[\s\S]*\n  queue\s+Pause, continue or show/);
    expect(ok(c, ["help", "eqi"])).toMatch(/Usage: ngen executeQueuedItems \[1\|2\|3\]/);
    expect(ok(c, ["install", "/?"])).toMatch(/\/queue\[:\{1\|2\|3\}\][\s\S]*\/queue\[:N\]\s+do not compile now/);
    expect(ok(c, ["update", "--help"])).toMatch(/\/queue\s+validate now, but queue the reinstalls/);
    expect(ok(c, ["queue", "--help"])).toMatch(/pause\s+the native image service starts no new items/);
  });
});

describe("pause, continue, status", () => {
  it("pause persists and holds the service back; continue starts it and it finishes the work", async () => {
    const c = cacheDir("q-pause");
    expect(ok(c, ["queue", "pause", "/nologo"])).toMatch(/^Paused/m);
    expect(status(c).service.paused).toBe(true);
    ok(c, ["install", join(dir, "shared", "OurDependency.dll"), "/queue:1", "/NoDependencies", "/Debug"]);
    await new Promise((r) => setTimeout(r, 1500));
    let st = status(c);
    expect(st.service).toEqual(expect.objectContaining({ running: false, pid: null, paused: true }));
    expect(st.items).toEqual([expect.objectContaining({ priority: 1, state: "pending", scenario: "debug", scenarios: ["Debug", "NoDependencies"], attempts: 0 })]);
    expect(ok(c, ["queue", "status"])).toMatch(/not running; the queue is paused\.[\s\S]*priority 1  install\s+.*OurDependency\.dll \/Debug \/NoDependencies\n\s+pending/);
    expect(ok(c, ["queue", "pause"])).toMatch(/already paused/);
    expect(ok(c, ["queue", "continue"])).toMatch(/^Continued/m);
    st = status(c);
    expect(st.service.paused).toBe(false);
    await until("the service to install the item", () => status(c).items.length === 0);
    expect(display(c).images.map((i) => [i.name, i.state])).toEqual([["OurDependency", "valid"]]);
    await until("the service to stop", () => servicePid(c) === null);
  });
});

describe("the native image service", () => {
  it("runs priority 1 at once, then stops by itself; images are valid", async () => {
    const c = cacheDir("q-svc");
    ok(c, ["install", shared(), "/queue:1"]);
    const pid = await until("a service", () => servicePid(c), 10_000);
    expect(status(c).service).toEqual(expect.objectContaining({ running: true, pid }));
    await until("the service to finish", () => status(c).items.length === 0);
    await until("the service to stop", () => servicePid(c) === null, 20_000);
    const d = display(c);
    expect(d.roots).toEqual([expect.objectContaining({ path: shared(), installed: true, queued: null })]);
    expect(d.images.map((i) => i.name).sort()).toEqual(["MyAssembly", "OurDependency", "mscorlib"]);
    expect(d.images.every((i) => i.state === "valid")).toBe(true);
    const log = readFileSync(join(c, "queue", "service.log"), "utf8");
    expect(log).toMatch(/item 1: done: compiled MyAssembly, compiled OurDependency, compiled mscorlib/);
  });

  it("executeQueuedItems waits for the item the service is running and reports its outcome", async () => {
    const c = cacheDir("q-wait");
    ok(c, ["install", client(), "/queue:1"]);
    const queueFile = join(c, "queue", "queue.json");
    await until("the service to claim the item", () => {
      const pid = servicePid(c);
      return pid && readFileSync(queueFile, "utf8").includes(`"pid": ${pid}`);
    }, 20_000, 10);
    const r = ngen(c, ["eqi", "/nologo"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Waiting for the native image service: item 1$/m);
    expect(r.stdout).toMatch(/^Item 1: installed by the native image service$/m);
    expect(r.stdout).toMatch(/^1 item installed, 0 failed$/m);
    expect(r.stdout).not.toMatch(/^Item 1 \(priority/m);
    expect(display(c).images.map((i) => i.name).sort()).toEqual(["ClientApp", "mscorlib", "myLibOne", "myLibTwo", "myMath"]);
  });

  it("runs priority 3 only once the cache has been idle for NGEN_IDLE_SECONDS", async () => {
    const c = cacheDir("q-idle");
    const env = { NGEN_IDLE_SECONDS: "2" };
    ok(c, ["install", join(dir, "client", "myMath.dll"), "/queue", "/NoDependencies"], env);
    await until("a service", () => servicePid(c), 10_000);
    // Commands keep the cache busy: the item waits.
    for (let k = 0; k < 4; k++) {
      await new Promise((r) => setTimeout(r, 500));
      expect(status(c, env).items).toEqual([expect.objectContaining({ state: "pending" })]);
    }
    const idleFrom = Date.now();
    await until("the idle-time install", () => readFileSync(join(c, "queue", "queue.json"), "utf8").includes('"items": []'), 60_000);
    expect(Date.now() - idleFrom).toBeGreaterThanOrEqual(1000);
    expect(display(c).images.map((i) => i.name)).toEqual(["myMath"]);
  });

  it("a service killed mid-item loses nothing: the index is intact, the item still queued, and the next command restarts the service, which completes it", async () => {
    const c = cacheDir("q-kill");
    ok(c, ["install", client(), "/queue:1", "/verbose"]);
    const queueFile = join(c, "queue", "queue.json");
    // Wait until the service has claimed the item and is compiling, then kill it.
    const first = await until("the service to claim the item", () => {
      const pid = servicePid(c);
      return pid && readFileSync(queueFile, "utf8").includes(`"pid": ${pid}`) ? pid : null;
    }, 20_000, 10);
    await new Promise((r) => setTimeout(r, 400));
    process.kill(first, "SIGKILL");
    await until("the service to die", () => servicePid(c) === null, 5000, 20);
    // The index is intact (or not written yet); the item is still queued: its claim was abandoned.
    const raw = spawnSync(process.execPath, [CLI, "display", "--json"], { encoding: "utf8", env: { ...process.env, NGEN_CACHE: c, NGEN_IDLE_SECONDS: "3600" } });
    expect(raw.status, raw.stderr).toBe(0);
    const after = JSON.parse(raw.stdout) as Display;
    expect(after.roots).toEqual([expect.objectContaining({ path: client(), installed: false, queued: expect.objectContaining({ state: "pending" }) })]);
    // That display was a command that found work and no service: it started a new one.
    const second = await until("a new service", () => servicePid(c), 10_000);
    expect(second).not.toBe(first);
    await until("the new service to finish", () => status(c).items.length === 0);
    const d = display(c);
    expect(d.roots).toEqual([expect.objectContaining({ installed: true, queued: null })]);
    expect(d.images.map((i) => i.name).sort()).toEqual(["ClientApp", "mscorlib", "myLibOne", "myLibTwo", "myMath"]);
    expect(d.images.every((i) => i.state === "valid")).toBe(true);
    const log = readFileSync(join(c, "queue", "service.log"), "utf8");
    expect(log).toContain(`[${first}] item 1: installing`);
    expect(log).toMatch(new RegExp(`\\[${second}\\] item 1: installing .*attempt 2\\)`));
    expect(log).not.toContain(`[${first}] item 1: done`);
    await until("the service to stop", () => servicePid(c) === null, 20_000);
  }, 180_000);

  it("one service per cache: commands at once start one, and a stale service lock is taken over", async () => {
    const c = cacheDir("q-one");
    ok(c, ["queue", "pause"]);
    ok(c, ["install", join(dir, "client", "myMath.dll"), "/queue:1", "/NoDependencies"]);
    ok(c, ["install", join(dir, "client", "myLibOne.dll"), "/queue:1", "/NoDependencies"]);
    // A lock left by a process that no longer exists.
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim();
    writeFileSync(join(c, "queue", "service"), `${dead} 0`);
    ok(c, ["queue", "continue"]);
    const runs = await Promise.all([0, 1, 2].map(() => new Promise<number>((res) => {
      const p = spawn(process.execPath, [CLI, "queue", "status"], { env: { ...process.env, NGEN_CACHE: c, NGEN_IDLE_SECONDS: "3600" }, stdio: "ignore" });
      p.on("exit", (code) => res(code ?? -1));
    })));
    expect(runs).toEqual([0, 0, 0]);
    await until("the queue to be done", () => status(c).items.length === 0);
    const log = readFileSync(join(c, "queue", "service.log"), "utf8");
    const services = new Set([...log.matchAll(/\[(\d+)\] item \d+: installing/g)].map((m) => m[1]));
    expect(services.size).toBe(1);
    expect(display(c).images.map((i) => i.name).sort()).toEqual(["myLibOne", "myMath"]);
    // A lock whose pid lives on as another program (here: this test process) is stale too.
    await until("the service to stop", () => servicePid(c) === null, 20_000);
    ok(c, ["queue", "pause"]);
    ok(c, ["install", join(dir, "client", "myLibTwo.dll"), "/queue:1", "/NoDependencies"]);
    writeFileSync(join(c, "queue", "service"), `${process.pid} 0`);
    ok(c, ["queue", "continue"]);
    const pid = await until("a service", () => servicePid(c), 10_000);
    expect(pid).not.toBe(process.pid);
    await until("the queue to be done", () => status(c).items.length === 0);
    expect(display(c).images.map((i) => i.name).sort()).toEqual(["myLibOne", "myLibTwo", "myMath"]);
  });
});

describe("queue storage", () => {
  it("a corrupt queue file is reported, never used", () => {
    const c = cacheDir("q-corrupt");
    ok(c, ["queue", "pause"]);
    ok(c, ["install", join(dir, "client", "myMath.dll"), "/queue:2", "/NoDependencies"]);
    const file = join(c, "queue", "queue.json");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"priority": 2', '"priority": 1'));
    for (const args of [["queue", "status"], ["eqi"], ["display"], ["install", client(), "/queue"]]) {
      const r = ngen(c, args);
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.stderr).toBe(`ngen: error: ${file}: the native image queue is corrupt (checksum mismatch); remove the file to discard the queued work, then queue it again\n`);
    }
    writeFileSync(file, text.slice(0, text.length - 30));
    expect(ngen(c, ["queue", "status"]).stderr).toMatch(/queue\.json: the native image queue is corrupt \(no checksum line\)/);
    expect(readFileSync(file, "utf8")).toBe(text.slice(0, text.length - 30));
  });

  it("processes enqueuing at once lose nothing", async () => {
    const c = cacheDir("q-concurrent");
    ok(c, ["queue", "pause"]);
    const targets = ["myMath.dll", "myLibOne.dll", "myLibTwo.dll", "ClientApp.exe"].map((f) => join(dir, "client", f));
    const codes = await Promise.all(targets.map((t, k) => new Promise<number>((res) => {
      const p = spawn(process.execPath, [CLI, "install", t, `/queue:${1 + (k % 3)}`, "/silent"], { env: { ...process.env, NGEN_CACHE: c }, stdio: "ignore" });
      p.on("exit", (code) => res(code ?? -1));
    })));
    expect(codes).toEqual([0, 0, 0, 0]);
    const st = status(c);
    expect(st.items.map((i) => i.path).sort()).toEqual([...targets].sort());
    expect(new Set(st.items.map((i) => i.id)).size).toBe(4);
    // Queuing a root again updates its waiting item (the higher priority wins) instead of adding one.
    ok(c, ["install", targets[3]!, "/queue:1"]);
    const again = status(c);
    expect(again.items).toHaveLength(4);
    expect(again.items.find((i) => i.path === targets[3])!.priority).toBe(1);
  });

  it("uninstall of a queued root withdraws its item; of an installed root with an update queued, both", () => {
    const c = cacheDir("q-uninstall");
    ok(c, ["queue", "pause"]);
    const dep = join(dir, "shared", "OurDependency.dll");
    ok(c, ["install", dep, "/queue:1", "/NoDependencies"]);
    ok(c, ["install", join(dir, "client", "myMath.dll"), "/queue:1", "/NoDependencies"]);
    const out = ok(c, ["uninstall", "OurDependency", "/nologo"]);
    expect(out).toMatch(/^Withdrew queued install of OurDependency, .*\(item 1\)$/m);
    expect(status(c).items.map((i) => i.id)).toEqual([2]);
    expect(display(c).roots.map((r) => r.path)).toEqual([join(dir, "client", "myMath.dll")]);
    // Not queued, not installed: still an error.
    expect(ngen(c, ["uninstall", dep]).stderr).toMatch(/OurDependency\.dll: not installed/);
    ok(c, ["eqi"]);
    ok(c, ["install", join(dir, "client", "myMath.dll"), "/queue:3", "/NoDependencies"]);
    const both = ok(c, ["uninstall", join(dir, "client", "myMath.dll"), "/nologo"]);
    expect(both).toMatch(/Withdrew queued install of myMath[\s\S]*Uninstalled myMath[\s\S]*Removed 1 native image/);
    expect(status(c).items).toEqual([]);
    expect(display(c)).toEqual(expect.objectContaining({ roots: [], images: [] }));
  });
});
