// Ngen's install / uninstall / display / update over a real cache, on applications built with
// mcs for the purpose: dependencies and reference counts, shared dependencies, roots that are
// dependencies too, invalidation through dependencies, configuration, scenarios, attributes,
// and hostile input.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readNativeImage, IMPORT_HARD_BOUND } from "../../host/image/native-image.js";
import { buildCs, snKey } from "../support/build.js";
import { ROOT } from "../support/fixtures.js";

const CLI = join(ROOT, "bin", "ngen.mjs");

function ngen(cache: string, args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, NGEN_CACHE: cache, ...extraEnv }, maxBuffer: 64 << 20 });
}
function ok(cache: string, args: string[], extraEnv: Record<string, string> = {}) {
  const r = ngen(cache, args, extraEnv);
  if (r.status !== 0) throw new Error(`ngen ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}
function state(cache: string, target?: string) {
  return JSON.parse(ok(cache, ["display", ...(target ? [target] : []), "--json"])) as {
    roots: { displayName: string; path: string; scenario: string; images: string[] }[];
    dependents: string[];
    images: { name: string; displayName: string; scenario: string; state: string; reason: string | null; references: number; imagePath: string; dependencies: { displayName: string; hardBound: boolean }[] }[];
  };
}
const names = (s: ReturnType<typeof state>) => s.images.map((i) => `${i.name}${i.scenario === "default" ? "" : `:${i.scenario}`}`).sort();
const lib = (name: string, body: string, version = "1.0.0.0") => `[assembly: System.Reflection.AssemblyVersion("${version}")]\npublic static class ${name} { ${body} }`;

let dir: string;
let cache: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ngen-inst-"));
  cache = join(dir, "cache");
  buildCs(dir, [
    { out: "client/myMath.dll", source: lib("myMath", "public static int Sq(int x) { return x * x; }") },
    { out: "client/myLibOne.dll", source: lib("myLibOne", "public static int F(int x) { return myMath.Sq(x) + 1; }"), refs: ["client/myMath.dll"] },
    { out: "client/myLibTwo.dll", source: lib("myLibTwo", "public static int G(int x) { return myMath.Sq(x) - 1; }"), refs: ["client/myMath.dll"] },
    { out: "client/ClientApp.exe", source: "class P { static int Main() { return myLibOne.F(3) + myLibTwo.G(4); } }", refs: ["client/myLibOne.dll", "client/myLibTwo.dll"] },
    { out: "shared/OurDependency.dll", source: lib("OurDependency", "public static int V() { return 7; }") },
    { out: "shared/MyAssembly.exe", source: "class P { static int Main() { return OurDependency.V(); } }", refs: ["shared/OurDependency.dll"] },
    { out: "shared/YourAssembly.exe", source: "class P { static int Main() { return OurDependency.V() + 1; } }", refs: ["shared/OurDependency.dll"] },
  ]);
}, 120_000);

describe("install and display", () => {
  it("installs a root with its dependency closure and shows every image valid", () => {
    ok(cache, ["install", join(dir, "client", "ClientApp.exe"), "/nologo"]);
    const s = state(cache);
    expect(s.roots.map((r) => r.path)).toEqual([join(dir, "client", "ClientApp.exe")]);
    expect(names(s)).toEqual(expect.arrayContaining(["ClientApp", "myLibOne", "myLibTwo", "myMath", "mscorlib"]));
    expect(s.images.every((i) => i.state === "valid")).toBe(true);
    const client = s.images.find((i) => i.name === "ClientApp")!;
    expect(client.dependencies.map((d) => d.displayName.split(",")[0])).toEqual(expect.arrayContaining(["myLibOne", "myLibTwo", "myMath", "mscorlib"]));
    // Each image is a real PE32+ file that objdump reads.
    for (const i of s.images) {
      const x = execFileSync("objdump", ["-x", join(cache, i.imagePath)], { encoding: "utf8", maxBuffer: 64 << 20 });
      expect(x).toMatch(/file format pei-x86-64/);
    }
    const small = s.images.find((i) => i.name === "myLibOne")!;
    const d = execFileSync("objdump", ["-d", join(cache, small.imagePath)], { encoding: "utf8" });
    expect(d).toMatch(/Disassembly of section \.text/);
    expect(d).toMatch(/\bret\b/);
  });

  it("lays out the cache as Ngen does", () => {
    const base = readdirSync(cache).find((d) => d.startsWith("NativeImages_"))!;
    expect(base).toMatch(/^NativeImages_v4\.0\.30319_64$/);
    const keys = readdirSync(join(cache, base, "myMath"));
    expect(keys).toHaveLength(1);
    expect(existsSync(join(cache, base, "myMath", keys[0]!, "myMath.ni.dll"))).toBe(true);
  });

  it("reuses valid images instead of compiling them again", () => {
    const before = state(cache).images.find((i) => i.name === "mscorlib")!;
    const mtime = statSync(join(cache, before.imagePath)).mtimeMs;
    const out = ok(cache, ["install", join(dir, "client", "ClientApp.exe"), "/nologo"]);
    expect(out).toMatch(/Reused mscorlib/);
    expect(statSync(join(cache, before.imagePath)).mtimeMs).toBe(mtime);
  });

  it("display <name> shows the roots that depend on it", () => {
    const s = state(cache, "myMath");
    expect(s.images.map((i) => i.name)).toEqual(["myMath"]);
    expect(s.dependents).toEqual([expect.stringMatching(/^ClientApp,/)]);
    const text = ok(cache, ["display", "myMath", "/nologo"]);
    expect(text).toMatch(/NGEN Roots that depend on "myMath":\n\n.*ClientApp\.exe/);
  });
});

describe("roots and reference counts", () => {
  it("keeps a shared dependency until the last root that needs it goes", () => {
    ok(cache, ["install", join(dir, "shared", "MyAssembly.exe")]);
    ok(cache, ["install", join(dir, "shared", "YourAssembly.exe")]);
    expect(state(cache, "OurDependency").images[0]!.references).toBe(2);
    ok(cache, ["uninstall", join(dir, "shared", "MyAssembly.exe")]);
    expect(names(state(cache))).toContain("OurDependency");
    expect(names(state(cache))).not.toContain("MyAssembly");
    ok(cache, ["uninstall", join(dir, "shared", "YourAssembly.exe")]);
    expect(names(state(cache))).not.toContain("OurDependency");
  });

  it("keeps a root that is also a dependency while it is a root", () => {
    ok(cache, ["install", join(dir, "client", "myMath.dll")]);
    const out = ok(cache, ["uninstall", "myLibOne"]);
    expect(out).toMatch(/myLibOne is not a root; it is needed by: ClientApp/);
    ok(cache, ["uninstall", join(dir, "client", "ClientApp.exe")]);
    const s = state(cache);
    expect(names(s)).toContain("myMath");
    expect(names(s)).not.toContain("myLibOne");
    ok(cache, ["uninstall", "myMath"]);
    expect(names(state(cache))).not.toContain("myMath");
  });

  it("refuses uninstall *", () => {
    const r = ngen(cache, ["uninstall", "*"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/uninstall \* is not supported/);
  });
});
