// Cache storage: atomic writes survive a writer killed at any point, one writer holds the
// lock at a time (across processes), stale locks of dead processes are taken over, and a
// corrupt index is detected instead of used.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NodeStorage } from "../../host/node/node-storage.js";
import { CacheError, LockTimeoutError, MemoryStorage } from "../../host/cache/storage.js";
import { INDEX_PATH, emptyIndex, parseIndex, readIndex, referenceCounts, serializeIndex, writeIndex } from "../../host/cache/index-file.js";
import { ROOT } from "../support/fixtures.js";

const dist = (p: string) => join(ROOT, "dist", p);

describe("node storage", () => {
  it("writes atomically and refuses paths outside the root", async () => {
    const root = mkdtempSync(join(tmpdir(), "ngen-st-"));
    const s = new NodeStorage(root);
    await s.writeAtomic("a/b/c.bin", new Uint8Array([1, 2, 3]));
    expect([...(await s.read("a/b/c.bin"))!]).toEqual([1, 2, 3]);
    await s.writeAtomic("a/b/c.bin", new Uint8Array([4]));
    expect([...(await s.read("a/b/c.bin"))!]).toEqual([4]);
    expect(readdirSync(join(root, "a", "b"))).toEqual(["c.bin"]);
    for (const bad of ["../x", "a/../../x", "/etc/passwd"]) await expect(s.writeAtomic(bad, new Uint8Array(1))).rejects.toThrow(CacheError);
    expect(await s.read("missing")).toBeNull();
  });

  it("a writer killed mid-write leaves the old content, never a partial file", async () => {
    const root = mkdtempSync(join(tmpdir(), "ngen-kill-"));
    const s = new NodeStorage(root);
    const old = new Uint8Array(1 << 20).fill(7);
    await s.writeAtomic("big.bin", old);
    // A child process rewrites the file with 64 MiB in a loop; kill it at several moments.
    const script = `import { NodeStorage } from ${JSON.stringify(dist("host/node/node-storage.js"))};
      const s = new NodeStorage(${JSON.stringify(root)});
      const data = new Uint8Array(64 << 20).fill(9);
      process.stdout.write("ready\\n");
      for (;;) await s.writeAtomic("big.bin", data);`;
    for (const delay of [5, 30, 120]) {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((r) => child.stdout!.once("data", () => r()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const now = (await s.read("big.bin"))!;
      // Either the old 1 MiB of 7s or the complete new 64 MiB of 9s.
      const whole = (now.length === old.length && now.every((b) => b === 7)) || (now.length === 64 << 20 && now.every((b) => b === 9));
      expect(whole, `after kill at ${delay} ms: ${now.length} bytes`).toBe(true);
    }
    // Stray temporaries are invisible to list().
    expect(await s.list("")).toEqual(["big.bin"]);
  });

  it("one writer at a time across processes; a dead owner's lock is taken over", async () => {
    const root = mkdtempSync(join(tmpdir(), "ngen-lock-"));
    const s = new NodeStorage(root);
    const release = await s.lock(1000);
    const other = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `import { NodeStorage } from ${JSON.stringify(dist("host/node/node-storage.js"))};
        try { await new NodeStorage(${JSON.stringify(root)}).lock(200); console.log("got"); } catch (e) { console.log(e.message); }`],
      { encoding: "utf8" },
    );
    expect(other.stdout).toMatch(/another ngen process \(pid \d+\) holds the cache lock/);
    await release();
    expect(existsSync(join(root, "lock"))).toBe(false);
    // A lock left by a process that no longer exists.
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    writeFileSync(join(root, "lock"), `${dead.stdout.trim()} 0`);
    const r2 = await s.lock(1000);
    expect(readFileSync(join(root, "lock"), "utf8")).toMatch(new RegExp(`^${process.pid} `));
    await r2();
  });
});

describe("cache index", () => {
  it("round-trips and counts references", async () => {
    const s = new MemoryStorage();
    const idx = emptyIndex();
    const img = (key: string) => ({
      key, name: key, displayName: key, sourcePath: `/x/${key}.dll`, sourceHash: "h", mvid: null, scenario: "default" as const, configFingerprint: "",
      compilerVersion: "1", abiVersion: 1, cpuFeatures: "", dependencies: [], imagePath: `${key}.ni.dll`, imageHash: "", methods: { compiled: 0, excluded: 0, total: 0 },
    });
    idx.images.push(img("A/1"), img("B/1"), img("Dep/1"));
    const root = (name: string, images: string[]) => ({ displayName: name, path: name, scenario: "default" as const, configFingerprint: "", exeConfig: null, appBase: null, noDependencies: false, images });
    idx.roots.push(root("A", ["A/1", "Dep/1"]), root("B", ["B/1", "Dep/1"]));
    await writeIndex(s, idx);
    const back = await readIndex(s);
    expect(back).toEqual(idx);
    expect(Object.fromEntries(referenceCounts(back))).toEqual({ "A/1": 1, "B/1": 1, "Dep/1": 2 });
  });

  it("detects corruption: flipped bytes, truncation, missing checksum, dangling image keys", () => {
    const idx = emptyIndex();
    idx.roots.push({ displayName: "A", path: "A", scenario: "default", configFingerprint: "", exeConfig: null, appBase: null, noDependencies: false, images: [] });
    const good = serializeIndex(idx);
    expect(parseIndex(good, INDEX_PATH)).toEqual(idx);
    const flipped = good.slice();
    flipped[10] ^= 1;
    expect(() => parseIndex(flipped, INDEX_PATH)).toThrow(/corrupt \(checksum mismatch\)/);
    expect(() => parseIndex(good.subarray(0, good.length - 5), INDEX_PATH)).toThrow(/corrupt/);
    expect(() => parseIndex(new TextEncoder().encode("{}"), INDEX_PATH)).toThrow(/no checksum line/);
    const dangling = emptyIndex();
    dangling.roots.push({ displayName: "A", path: "A", scenario: "default", configFingerprint: "", exeConfig: null, appBase: null, noDependencies: false, images: ["Gone/1"] });
    expect(() => parseIndex(serializeIndex(dangling), INDEX_PATH)).toThrow(/needs missing image Gone\/1/);
  });
});

describe("named locks and stale takeover", () => {
  it("processes racing to take over a stale lock never hold it at the same time", async () => {
    const root = mkdtempSync(join(tmpdir(), "ngen-takeover-"));
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim();
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(root, "queue"), { recursive: true });
    writeFileSync(join(root, "queue", "service"), `${dead} 0`);
    // Each contender takes the lock, holds it for 150 ms, and prints when it held it.
    const script = `import { NodeStorage } from ${JSON.stringify(dist("host/node/node-storage.js"))};
      const s = new NodeStorage(${JSON.stringify(root)});
      const release = await s.lock(20000, "queue/service");
      const from = Date.now();
      await new Promise((r) => setTimeout(r, 150));
      const to = Date.now();
      await release();
      console.log(from + " " + to);`;
    const runs = await Promise.all([0, 1, 2, 3].map(() => new Promise<string>((res) => {
      const p = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      p.stdout!.on("data", (d) => (out += d));
      p.on("exit", () => res(out.trim()));
    })));
    const spans = runs.map((r) => r.split(" ").map(Number) as [number, number]).sort((a, b) => a[0] - b[0]);
    expect(spans).toHaveLength(4);
    for (let k = 1; k < spans.length; k++) expect(spans[k]![0]).toBeGreaterThanOrEqual(spans[k - 1]![1]);
    expect(existsSync(join(root, "queue", "service"))).toBe(false);
  });

  it("MemoryStorage keeps named locks apart and times out with LockTimeoutError", async () => {
    const s = new MemoryStorage();
    const a = await s.lock(100);
    const b = await s.lock(100, "queue/lock");
    await expect(s.lock(30, "queue/lock")).rejects.toThrow(LockTimeoutError);
    await expect(s.lock(30, "../x")).rejects.toThrow(/not a valid lock name/);
    await b();
    await (await s.lock(30, "queue/lock"))();
    await a();
  });
});
