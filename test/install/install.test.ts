// Ngen's install / uninstall / display / update over a real cache, on applications built with
// mcs for the purpose: dependencies and reference counts, shared dependencies, roots that are
// dependencies too, invalidation through dependencies, configuration, scenarios, attributes,
// and hostile input.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
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

describe("invalidation and update", () => {
  it("recompiling a dependency invalidates every image that depends on it, directly or not, and update regenerates exactly those", () => {
    ok(cache, ["install", join(dir, "client", "ClientApp.exe")]);
    ok(cache, ["install", join(dir, "shared", "MyAssembly.exe")]);
    expect(state(cache).images.every((i) => i.state === "valid")).toBe(true);
    // Same name and version, different code.
    buildCs(dir, [{ out: "client/myMath.dll", source: lib("myMath", "public static int Sq(int x) { return x * x * 1; } public static int Extra() { return 2; }") }]);
    const s = state(cache);
    const invalid = s.images.filter((i) => i.state === "invalid").map((i) => i.name).sort();
    expect(invalid).toEqual(["ClientApp", "myLibOne", "myLibTwo", "myMath"]);
    expect(s.images.find((i) => i.name === "myMath")!.reason).toMatch(/myMath.*changed since the image was made/);
    expect(s.images.find((i) => i.name === "ClientApp")!.reason).toMatch(/dependency myMath.*changed/);
    const out = ok(cache, ["update", "/nologo"]);
    const regenerated = out.trim().split("\n").map((l) => l.replace(/^Regenerated (\S+),.*$/, "$1")).sort();
    expect(regenerated).toEqual(["ClientApp", "myLibOne", "myLibTwo", "myMath"]);
    const after = state(cache);
    expect(after.images.every((i) => i.state === "valid")).toBe(true);
    // The old images are gone: one image per assembly and scenario remains.
    expect(after.images.filter((i) => i.name === "myMath")).toHaveLength(1);
    expect(ok(cache, ["update", "/nologo"])).toMatch(/All native images are valid/);
  });

  it("an image made by another compiler version is invalid", () => {
    const s = state(cache);
    const img = s.images.find((i) => i.name === "MyAssembly")!;
    const r = ngen(cache, ["display", "MyAssembly", "--json"], {});
    expect(r.status).toBe(0);
    // Rewrite the identity block's compiler field in place (same length) and fix the index hash.
    const path = join(cache, img.imagePath);
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('"compiler":"ngen '));
    expect(at).toBeGreaterThan(0);
    bytes.write('"compiler":"ngeX ', at, "latin1");
    writeFileSync(path, bytes);
    const st = state(cache, "MyAssembly").images[0]!;
    expect(st.state).toBe("invalid");
    expect(st.reason).toMatch(/image file is missing or damaged|made by ngeX/);
    ok(cache, ["update"]);
    expect(state(cache, "MyAssembly").images[0]!.state).toBe("valid");
  });
});

describe("configuration and binding", () => {
  it("/ExeConfig binds a library loaded by reflection with that executable's configuration", () => {
    buildCs(dir, [
      { out: "plugapp/lib/PluginDep.dll", source: lib("PluginDep", "public static int D() { return 4; }") },
      { out: "plugapp/plugins/Plugin.dll", source: lib("Plugin", "public static int P() { return PluginDep.D(); }"), refs: ["plugapp/lib/PluginDep.dll"] },
      { out: "plugapp/App.exe", source: "class P { static int Main() { return System.Reflection.Assembly.Load(\"Plugin\") == null ? 1 : 0; } }" },
    ]);
    writeFileSync(join(dir, "plugapp", "App.exe.config"), `<?xml version="1.0"?>
<configuration><runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1"><probing privatePath="plugins;lib"/></assemblyBinding></runtime></configuration>`);
    const fresh = join(dir, "cache-execonfig");
    const without = ngen(fresh, ["install", join(dir, "plugapp", "plugins", "Plugin.dll"), "/NoDependencies"]);
    expect(without.status).toBe(1);
    expect(without.stderr).toMatch(/cannot bind PluginDep, Version=1\.0\.0\.0.*probed: .*plugins\/PluginDep\.dll/);
    ok(fresh, ["install", join(dir, "plugapp", "plugins", "Plugin.dll"), `/ExeConfig:${join(dir, "plugapp", "App.exe")}`, "/NoDependencies"]);
    const s = state(fresh);
    expect(s.images.map((i) => i.name)).toEqual(["Plugin"]);
    expect(s.images[0]!.dependencies.map((d) => d.displayName.split(",")[0])).toContain("PluginDep");
  });

  it("a binding redirect in the application's configuration changes which version is bound", () => {
    snKey(dir, "strong.snk");
    buildCs(dir, [
      { out: "redir/v1/Strong.dll", source: lib("Strong", "public static int V() { return 1; }", "1.0.0.0"), key: "strong.snk" },
      { out: "redir/v2/Strong.dll", source: lib("Strong", "public static int V() { return 2; }", "2.0.0.0"), key: "strong.snk" },
      { out: "redir/app/App.exe", source: "class P { static int Main() { return Strong.V(); } }", refs: ["redir/v1/Strong.dll"] },
    ]);
    // A private GAC holding both versions.
    const token = execFileSync("sn", ["-q", "-T", join(dir, "redir", "v1", "Strong.dll")], { encoding: "utf8" }).match(/([0-9a-f]{16})/)![1]!;
    for (const v of ["1.0.0.0", "2.0.0.0"]) {
      const d = join(dir, "gac", "Strong", `${v}__${token}`);
      mkdirSync(d, { recursive: true });
      copyFileSync(join(dir, "redir", v === "1.0.0.0" ? "v1" : "v2", "Strong.dll"), join(d, "Strong.dll"));
    }
    const env = { NGEN_GAC: join(dir, "gac") };
    const c1 = join(dir, "cache-redirect");
    const bound = (c: string) => {
      const s = JSON.parse(ok(c, ["display", "App", "--json"], env));
      return s.images.find((i: { name: string }) => i.name === "App").dependencies.find((d: { displayName: string }) => d.displayName.startsWith("Strong,")).displayName;
    };
    ok(c1, ["install", join(dir, "redir", "app", "App.exe")], env);
    expect(bound(c1)).toMatch(/^Strong, Version=1\.0\.0\.0/);
    writeFileSync(join(dir, "redir", "app", "App.exe.config"), `<configuration><runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1">
  <dependentAssembly><assemblyIdentity name="Strong" publicKeyToken="${token}"/><bindingRedirect oldVersion="1.0.0.0" newVersion="2.0.0.0"/></dependentAssembly>
</assemblyBinding></runtime></configuration>`);
    // The configuration changed: the application's image is invalid; update rebinds to 2.0.
    expect(JSON.parse(ok(c1, ["display", "App", "--json"], env)).images[0].state).toBe("invalid");
    ok(c1, ["update"], env);
    expect(bound(c1)).toMatch(/^Strong, Version=2\.0\.0\.0/);
  });

  it("an assembly reached by two paths (a symbolic link into the GAC, and the GAC) is one assembly and one image", () => {
    // Ring and Peer reference each other; both live in a private GAC, and Ring is installed
    // through a symbolic link to its GAC file, as Mono's lib/mono/4.5 links into lib/mono/gac.
    snKey(dir, "ring.snk");
    buildCs(dir, [
      { out: "ring/build/Ring.dll", source: lib("Ring", "public static int V() { return 1; }"), key: "ring.snk" },
      { out: "ring/build/Peer.dll", source: lib("Peer", "public static int W() { return Ring.V() + 1; }"), refs: ["ring/build/Ring.dll"], key: "ring.snk" },
      { out: "ring/build/Ring.dll", source: lib("Ring", "public static int V() { return 1; } public static int Both() { return Peer.W() + V(); }"), refs: ["ring/build/Peer.dll"], key: "ring.snk" },
    ]);
    const token = execFileSync("sn", ["-q", "-T", join(dir, "ring", "build", "Ring.dll")], { encoding: "utf8" }).match(/([0-9a-f]{16})/)![1]!;
    const gac = join(dir, "ring", "gac");
    for (const n of ["Ring", "Peer"]) {
      mkdirSync(join(gac, n, `1.0.0.0__${token}`), { recursive: true });
      copyFileSync(join(dir, "ring", "build", `${n}.dll`), join(gac, n, `1.0.0.0__${token}`, `${n}.dll`));
    }
    mkdirSync(join(dir, "ring", "lib"), { recursive: true });
    const link = join(dir, "ring", "lib", "Ring.dll");
    symlinkSync(join(gac, "Ring", `1.0.0.0__${token}`, "Ring.dll"), link);
    const env = { NGEN_GAC: gac };
    const images = (c: string) =>
      (JSON.parse(ok(c, ["display", "--json"], env)).images as { name: string; imagePath: string; methods: { compiled: number; total: number } }[]).filter((i) => i.name !== "mscorlib");
    const c1 = join(dir, "cache-ring-link");
    ok(c1, ["install", link], env);
    const viaLink = images(c1);
    expect(viaLink.map((i) => i.name).sort()).toEqual(["Peer", "Ring"]);
    // One Ring, compiled whole: no method of it was turned away as belonging to "another" Ring.
    for (const i of viaLink) expect(i.methods.compiled).toBe(i.methods.total);
    // The same image as installing the GAC file itself.
    const c2 = join(dir, "cache-ring-gac");
    ok(c2, ["install", join(gac, "Ring", `1.0.0.0__${token}`, "Ring.dll")], env);
    const bytes = (c: string, list: typeof viaLink) => readFileSync(join(c, list.find((i) => i.name === "Ring")!.imagePath));
    expect(bytes(c1, viaLink).equals(bytes(c2, images(c2)))).toBe(true);
  });

  it("a missing dependency is a clear error naming it and the places probed", () => {
    const d = join(dir, "missing");
    mkdirSync(d, { recursive: true });
    copyFileSync(join(dir, "client", "myLibOne.dll"), join(d, "myLibOne.dll"));
    const r = ngen(join(dir, "cache-missing"), ["install", join(d, "myLibOne.dll")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot bind myMath, Version=1\.0\.0\.0, Culture=neutral, PublicKeyToken=null: no matching file was found; probed: .*missing\/myMath\.dll/);
    expect(existsSync(join(dir, "cache-missing", "index.json"))).toBe(false);
  });
});

describe("scenarios and attributes", () => {
  it("/Debug and /Profile images live side by side and are uninstalled separately", () => {
    const c = join(dir, "cache-scen");
    const app = join(dir, "shared", "MyAssembly.exe");
    ok(c, ["install", app, "/NoDependencies"]);
    ok(c, ["install", app, "/Debug", "/NoDependencies"]);
    ok(c, ["install", app, "/Profile", "/NoDependencies"]);
    expect(names(state(c))).toEqual(["MyAssembly", "MyAssembly:debug", "MyAssembly:profile"]);
    const image = (scenario: string) => {
      const i = state(c).images.find((x) => x.scenario === scenario)!;
      return readNativeImage(new Uint8Array(readFileSync(join(c, i.imagePath))), i.imagePath);
    };
    const plain = image("default");
    const debug = image("debug");
    const profile = image("profile");
    // Debug images carry the IL -> native map of every compiled method, for every IL instruction.
    expect(plain.ilMaps).toBeNull();
    const compiled = debug.methods.filter((m) => m.excluded === null);
    expect(compiled.length).toBeGreaterThan(0);
    for (const m of compiled) {
      const pairs = debug.ilMaps!.get(m.token)!;
      expect(pairs.length).toBeGreaterThan(0);
      expect(pairs[0]![0]).toBe(0);
      for (const [, rva] of pairs) expect(rva >= m.rva && rva <= m.rva + m.size).toBe(true);
      for (let k = 1; k < pairs.length; k++) expect(pairs[k]![0]).toBeGreaterThan(pairs[k - 1]![0]);
    }
    // Profile images have a counter per compiled method, which the code increments on entry.
    expect(plain.profile).toBeNull();
    expect(profile.profile!.count).toBeGreaterThanOrEqual(compiled.length);
    const dis = execFileSync("objdump", ["-d", join(c, state(c).images.find((x) => x.scenario === "profile")!.imagePath)], { encoding: "utf8" });
    const counterAddr = (BigInt(profile.imageBase) + BigInt(profile.profile!.rva)).toString(16);
    expect(dis).toContain(counterAddr);
    ok(c, ["uninstall", app, "/Debug"]);
    expect(names(state(c))).toEqual(["MyAssembly", "MyAssembly:profile"]);
    ok(c, ["uninstall", app]);
    expect(names(state(c))).toEqual([]);
  });

  it("records BypassNGenAttribute methods as excluded and DependencyAttribute LoadHint.Always as hard binding", () => {
    buildCs(dir, [
      { out: "attrs/Base.dll", source: lib("BaseLib", "public static int B() { int s = 0; for (int i = 0; i < 3; i++) s += i; return s; } public static int Tiny() { return 5; }") },
      { out: "attrs/Soft.dll", source: lib("SoftLib", "public static int S() { return 4; }") },
      {
        out: "attrs/Attrs.dll",
        source: `using System.Runtime.CompilerServices;
[assembly: Dependency("Base", LoadHint.Always)]
namespace System.Runtime { [AttributeUsage(AttributeTargets.Method)] sealed class BypassNGenAttribute : Attribute { } }
public static class Attrs {
  [System.Runtime.BypassNGen] public static int Skipped() { return BaseLib.B(); }
  public static int Compiled() { return BaseLib.B() + SoftLib.S() + BaseLib.Tiny(); }
}`,
        refs: ["attrs/Base.dll", "attrs/Soft.dll"],
      },
    ]);
    const c = join(dir, "cache-attrs");
    ok(c, ["install", join(dir, "attrs", "Attrs.dll"), "/NoDependencies"]);
    const s = state(c);
    const img = s.images[0]!;
    expect(img.dependencies.find((d) => d.displayName.startsWith("Base,"))!.hardBound).toBe(true);
    expect(img.dependencies.find((d) => d.displayName.startsWith("Soft,"))!.hardBound).toBe(false);
    // mscorlib declares [assembly: DefaultDependency(LoadHint.Always)]: everyone hard-binds to it.
    expect(img.dependencies.find((d) => d.displayName.startsWith("mscorlib,"))!.hardBound).toBe(true);
    const native = readNativeImage(new Uint8Array(readFileSync(join(c, img.imagePath))), img.imagePath);
    const reasons = native.methods.map((m) => m.excluded);
    expect(reasons).toContain("BypassNGenAttribute");
    // Calls into Base are hard-bound. Small methods are inlined only from hard-bound
    // dependencies (a soft-bound one may change without the image knowing what it baked in):
    // BaseLib.Tiny is inlined, so B is Base's one import; SoftLib.S stays a soft-bound call.
    const base = native.imports.filter((i) => i.name.startsWith("[Base]"));
    const soft = native.imports.filter((i) => i.name.startsWith("[Soft]"));
    expect(base.map((i) => (i.kind & IMPORT_HARD_BOUND) !== 0)).toEqual([true]);
    expect(soft.map((i) => (i.kind & IMPORT_HARD_BOUND) !== 0)).toEqual([false]);
  });
});

describe("determinism, hostile input, concurrency, legacy syntax", () => {
  it("installing the same inputs into two empty caches gives byte-identical images", () => {
    const a = join(dir, "cache-det-a");
    const b = join(dir, "cache-det-b");
    for (const c of [a, b]) ok(c, ["install", join(dir, "client", "ClientApp.exe"), "/NoDependencies"]);
    const img = (c: string) => readFileSync(join(c, state(c).images[0]!.imagePath));
    expect(img(a).equals(img(b))).toBe(true);
  });

  it("never writes outside the cache for hostile assembly names", () => {
    const d = join(dir, "hostile");
    mkdirSync(d, { recursive: true });
    const cases = ["../../escape", "a/b", "x".repeat(10_000)];
    cases.forEach((name, i) => {
      const il = join(d, `h${i}.il`);
      writeFileSync(il, `.assembly extern mscorlib { .publickeytoken = (B7 7A 5C 56 19 34 E0 89) .ver 4:0:0:0 }\n.assembly '${name}' { }\n.module h${i}.dll\n`);
      execFileSync("ilasm", ["/dll", "/quiet", `/output:${join(d, `h${i}.dll`)}`, il]);
      const c = join(dir, `cache-hostile-${i}`);
      const r = ngen(c, ["install", join(d, `h${i}.dll`), "/NoDependencies"]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/cannot name a cache directory/);
      expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    });
    expect(readdirSync(dir).some((f) => f.includes("escape"))).toBe(false);
    expect(existsSync(join(dir, "..", "escape"))).toBe(false);
  });

  it("detects and reports a corrupt index instead of using it", () => {
    const c = join(dir, "cache-corrupt");
    ok(c, ["install", join(dir, "shared", "MyAssembly.exe"), "/NoDependencies"]);
    const idx = join(c, "index.json");
    const text = readFileSync(idx, "utf8");
    writeFileSync(idx, text.replace('"MyAssembly', '"MyAssemblX'));
    const r = ngen(c, ["display"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/index\.json: the cache index is corrupt \(checksum mismatch\)/);
  });

  it("two installs at once leave the same state as one after the other", async () => {
    const together = join(dir, "cache-together");
    const apart = join(dir, "cache-apart");
    const run = (c: string, app: string) =>
      new Promise<number>((res) => {
        const p = spawn(process.execPath, [CLI, "install", app, "/silent"], { env: { ...process.env, NGEN_CACHE: c }, stdio: "ignore" });
        p.on("exit", (code) => res(code ?? -1));
      });
    const apps = [join(dir, "shared", "MyAssembly.exe"), join(dir, "shared", "YourAssembly.exe")];
    expect(await Promise.all(apps.map((a) => run(together, a)))).toEqual([0, 0]);
    for (const a of apps) expect(await run(apart, a)).toBe(0);
    const summary = (c: string) => {
      const s = state(c);
      return { roots: s.roots.map((r) => [r.path, r.images.slice().sort()]).sort(), images: s.images.map((i) => [i.name, i.references, i.state]).sort() };
    };
    expect(summary(together)).toEqual(summary(apart));
  }, 300_000);

  it("accepts the .NET 1.x syntax", () => {
    const c = join(dir, "cache-legacy");
    expect(ok(c, ["/showversion"]).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    ok(c, ["/nologo", "/debug", join(dir, "shared", "OurDependency.dll")]);
    expect(names(state(c))).toContain("OurDependency:debug");
    expect(ok(c, ["/show", "/nologo"])).toMatch(/Native Images:[\s\S]*OurDependency/);
    ok(c, ["/delete", "OurDependency"]);
    expect(names(state(c))).toEqual([]);
  });
});
