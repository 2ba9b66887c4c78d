// `ngen run` with native images: programs installed into a fresh cache run from their images
// (the app's and mscorlib's code, bound to the runtime's objects) with output identical to
// Mono's and fewer JIT compilations than without images; an image made invalid by a changed
// dependency is rejected with the reason and used again after `ngen update`; excluded methods
// are JIT-compiled; a damaged image file is rejected, never a crash.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Binder } from "../../host/binder/binder.js";
import { fnv1a } from "../../host/binder/config.js";
import type { BackendCore } from "../../host/codegen/backend.js";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { readNativeImage } from "../../host/image/native-image.js";
import { importMethod } from "../../host/importer/importer.js";
import type { IdentityBlock } from "../../host/install/identity-block.js";
import { findProgramImages } from "../../host/install/installer.js";
import { nodeEnvironment } from "../../host/node/environment.js";
import { mapNativeImage } from "../../host/node/image-mapping.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { NodeStorage } from "../../host/node/node-storage.js";
import { Runtime } from "../../host/runtime/runtime.js";
import { TypeSystem } from "../../host/typesystem/typesystem.js";
import { Kind } from "../../host/typesystem/types.js";
import { MONO_GAC, MONO_LIB } from "../support/mono.js";
import { buildCs } from "../support/build.js";
import { ROOT } from "../support/fixtures.js";
import { buildProgram, ensureCliBuilt, runMono } from "../runtime/programs.js";

const CLI = join(ROOT, "bin", "ngen.mjs");

function ngen(cache: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, NGEN_CACHE: cache, ...env } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}
function ok(cache: string, args: string[]) {
  const r = ngen(cache, args);
  if (r.status !== 0) throw new Error(`ngen ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}
/** Runs with the bind log; returns the outcome and the log's figures. */
function run(cache: string, exe: string) {
  const r = ngen(cache, ["run", exe], { NGEN_LOG: "bind" });
  const m = /^images: (\d+) methods ran from native images, (\d+) were JIT-compiled$/m.exec(r.stderr);
  const jit = /^JIT: (\d+) methods compiled/m.exec(r.stderr);
  return { ...r, fromImages: m ? Number(m[1]) : -1, jitted: m ? Number(m[2]) : -1, jitTotal: jit ? Number(jit[1]) : -1 };
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let dir: string;
let cache: string;
let empty: string;

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), "ngen-images-"));
  cache = join(dir, "cache");
  empty = join(dir, "no-cache");
}, 120_000);

const PROGRAMS = [
  "Exceptions", "ExceptionFilters", "GenericTypes", "Delegates", "EventsClosures", "Variance",
  "StaticInit", "TypeInit", "InitAtCompile", "Statics", "Strings", "StringOps", "Checked", "RuntimeFaults", "Iterators",
];

describe("ngen run with installed native images", () => {
  for (const name of PROGRAMS) {
    it(`${name}: runs from its images, output and exit code as Mono, fewer JIT compilations`, () => {
      const exe = join(dir, `${name}.exe`);
      copyFileSync(buildProgram(name), exe);
      ok(cache, ["install", exe, "/nologo", "/silent"]);
      const mono = runMono(exe);
      const img = run(cache, exe);
      expect(img.signal, img.stderr).toBeNull();
      expect(img.stdout, img.stderr).toBe(mono.stdout);
      expect(img.status, img.stderr).toBe(mono.status);
      // The app's and mscorlib's images were used, from this cache.
      expect(img.stderr).toMatch(new RegExp(`^bind: ${name}, Version=.* from ${esc(exe)}: native image ${esc(cache)}/NativeImages_v4\\.0\\.30319_64/${name}/[0-9a-f]+/${name}\\.ni\\.dll`, "m"));
      expect(img.stderr).toMatch(new RegExp(`^bind: mscorlib, Version=4\\.0\\.0\\.0, .*: native image ${esc(cache)}/.*/mscorlib\\.ni\\.dll`, "m"));
      expect(img.stderr).toMatch(new RegExp(`^bind: ${name}, .*: [1-9]\\d* methods ran from native image `, "m"));
      expect(img.fromImages).toBeGreaterThan(0);
      // Without images every method that runs is JIT-compiled.
      const jit = run(empty, exe);
      expect(jit.stdout).toBe(mono.stdout);
      expect(jit.fromImages).toBe(0);
      expect(jit.stderr).toMatch(/^bind: mscorlib, .*: no native image used: the cache holds no native images$/m);
      expect(img.jitted).toBeLessThan(jit.jitted);
      expect(img.jitted).toBe(img.jitTotal);
      expect(img.fromImages + img.jitted).toBeGreaterThanOrEqual(jit.jitted);
    }, 120_000);
  }

  it("rejects images made invalid by a recompiled dependency, runs under the JIT, and uses them again after update", () => {
    const d = join(dir, "inval");
    const lib = (v: string) => `public static class Lib { public static string Greet(string who) { return "${v}, " + who; } public static int Twice(int x) { return 2 * x; } }`;
    const app = `class App { static int Main() { System.Console.WriteLine(Lib.Greet("world")); System.Console.WriteLine(Lib.Twice(21)); return Lib.Twice(3); } }`;
    buildCs(d, [{ out: "Lib.dll", source: lib("Hello") }, { out: "App.exe", source: app, refs: ["Lib.dll"] }]);
    const c = join(d, "cache");
    const exe = join(d, "App.exe");
    ok(c, ["install", exe, "/nologo", "/silent"]);
    const before = run(c, exe);
    expect(before.stdout).toBe("Hello, world\n42\n");
    expect(before.status).toBe(6);
    expect(before.stderr).toMatch(/^bind: Lib, .*: native image .*Lib\.ni\.dll/m);
    expect(before.stderr).toMatch(/^bind: App, .*: native image .*App\.ni\.dll/m);

    // Recompile the dependency (same identity, new contents) without `ngen update`.
    buildCs(d, [{ out: "Lib.dll", source: lib("Goodbye") }]);
    const after = run(c, exe);
    const mono = runMono(exe);
    expect(after.stdout).toBe(mono.stdout);
    expect(after.stdout).toBe("Goodbye, world\n42\n");
    expect(after.status).toBe(mono.status);
    expect(after.stderr).toMatch(/^bind: Lib, Version=0\.0\.0\.0, Culture=neutral, PublicKeyToken=null from .*Lib\.dll: no native image used: .*Lib\.ni\.dll: Lib, Version=0\.0\.0\.0, Culture=neutral, PublicKeyToken=null changed since the image was made$/m);
    expect(after.stderr).toMatch(/^bind: App, .*: no native image used: .*App\.ni\.dll: dependency Lib, Version=0\.0\.0\.0, Culture=neutral, PublicKeyToken=null changed$/m);
    // mscorlib did not change: its image is still used.
    expect(after.stderr).toMatch(/^bind: mscorlib, .*: native image /m);
    expect(after.stderr).toMatch(/^JIT: compiled App::Main /m);
    expect(after.stderr).toMatch(/^JIT: compiled Lib::Greet /m);

    ok(c, ["update", "/nologo", "/silent"]);
    const updated = run(c, exe);
    expect(updated.stdout).toBe("Goodbye, world\n42\n");
    expect(updated.stderr).toMatch(/^bind: Lib, .*: native image .*Lib\.ni\.dll/m);
    expect(updated.stderr).toMatch(/^bind: App, .*: native image .*App\.ni\.dll/m);
    expect(updated.stderr).not.toMatch(/^JIT: compiled (App|Lib)::/m);
  }, 180_000);

  it("JIT-compiles a method the image records as excluded (BypassNGenAttribute), with the reason in the log", () => {
    const d = join(dir, "bypass");
    buildCs(d, [{
      out: "Bypass.exe",
      source: `namespace System.Runtime { [AttributeUsage(AttributeTargets.Method)] sealed class BypassNGenAttribute : Attribute { } }
class P {
  static int counter;
  [System.Runtime.BypassNGen] static int Skipped(int x) { counter += x; try { if (x > 2) throw new System.InvalidOperationException("big " + x); } catch (System.InvalidOperationException e) { System.Console.WriteLine(e.Message); } return counter; }
  static int Main() { int s = 0; for (int i = 0; i < 5; i++) s += Skipped(i); System.Console.WriteLine(s); return s % 7; }
}`,
    }]);
    const c = join(d, "cache");
    const exe = join(d, "Bypass.exe");
    ok(c, ["install", exe, "/nologo", "/silent"]);
    const r = run(c, exe);
    const mono = runMono(exe);
    expect(r.stdout).toBe(mono.stdout);
    expect(r.status).toBe(mono.status);
    expect(r.stderr).toMatch(/^JIT: P::Skipped: excluded from the native image: BypassNGenAttribute$/m);
    expect(r.stderr).toMatch(/^JIT: compiled P::Skipped /m);
    expect(r.stderr).not.toMatch(/^JIT: compiled P::Main /m);
    expect(r.stderr).toMatch(/^bind: Bypass, .*: [1-9]\d* methods ran from native image /m);
  }, 120_000);

  it("rejects a damaged image file with a clear line and runs the program under the JIT", () => {
    const d = join(dir, "damaged");
    buildCs(d, [{ out: "Small.exe", source: `class S { static int Main() { System.Console.WriteLine("small " + 6 * 7); return 3; } }` }]);
    const c = join(d, "cache");
    const exe = join(d, "Small.exe");
    ok(c, ["install", exe, "/nologo", "/silent"]);
    const state = JSON.parse(ok(c, ["display", "--json"])) as { images: { name: string; imagePath: string }[] };
    const small = join(c, state.images.find((i) => i.name === "Small")!.imagePath);
    const corlib = join(c, state.images.find((i) => i.name === "mscorlib")!.imagePath);
    writeFileSync(small, Buffer.from("MZ this is not a native image at all"));
    writeFileSync(corlib, readFileSync(corlib).subarray(0, 5000));
    const r = run(c, exe);
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe("small 42\n");
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^bind: Small, .*: native image .*Small\.ni\.dll rejected: the image file .*Small\.ni\.dll is damaged \(its hash is not the one the index recorded\)$/m);
    expect(r.stderr).toMatch(/^bind: mscorlib, .*: native image .*mscorlib\.ni\.dll rejected: the image file .*mscorlib\.ni\.dll is damaged/m);
    expect(r.fromImages).toBe(0);
    // display agrees.
    const shown = JSON.parse(ok(c, ["display", "--json"])) as { images: { state: string }[] };
    expect(shown.images.every((i) => i.state !== "valid")).toBe(true);
  }, 120_000);

  it("rejects an image file the index vouches for when it is not a readable native image (parse errors name the file), never a crash", () => {
    const d = join(dir, "garbage");
    buildCs(d, [{ out: "Tiny.exe", source: `class T { static int Main() { System.Console.WriteLine("tiny " + 4); return 4; } }` }]);
    const c = join(d, "cache");
    const exe = join(d, "Tiny.exe");
    ok(c, ["install", exe, "/nologo", "/silent"]);
    // Truncate the app's image and record the new bytes' hash in the index (checksum and all),
    // so only the image reader can tell.
    const indexFile = join(c, "index.json");
    const text = readFileSync(indexFile, "utf8");
    const body = text.slice(0, text.lastIndexOf("\n#checksum "));
    const index = JSON.parse(body) as { images: { name: string; imagePath: string; imageHash: string }[] };
    const rec = index.images.find((i) => i.name === "Tiny")!;
    const file = join(c, rec.imagePath);
    const cut = readFileSync(file).subarray(0, 700);
    writeFileSync(file, cut);
    rec.imageHash = createHash("sha1").update(cut).digest("hex");
    const newBody = JSON.stringify(index, null, 1);
    writeFileSync(indexFile, `${newBody}\n#checksum ${fnv1a(newBody)}\n`);
    expect(JSON.parse(ok(c, ["display", "--json"])).images.length).toBe(2);
    const r = run(c, exe);
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe("tiny 4\n");
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^bind: Tiny, .*: native image .*Tiny\.ni\.dll rejected: .*Tiny\.ni\.dll: .+$/m);
    expect(r.stderr).toMatch(/^bind: mscorlib, .*: native image .*mscorlib\.ni\.dll \(/m);
    expect(r.stderr).toMatch(/^JIT: compiled T::Main /m);
    expect(r.fromImages).toBeGreaterThan(0);
  }, 120_000);

  it("keeps the runtime's intrinsics: a method the runtime replaces runs its replacement, not the image's code; others, and a generic instantiation Main uses, run the image's code", async () => {
    const d = join(dir, "intrinsic");
    buildCs(d, [{ out: "Eq.exe", source: `class E { static int Main(string[] args) { var l = new System.Collections.Generic.List<int>(); l.Add(args.Length); string a = "ab" + l[0], b = "ab0"; System.Console.WriteLine(a == b); return a == b ? 7 : 8; } }` }]);
    const c = join(d, "cache");
    const exe = join(d, "Eq.exe");
    ok(c, ["install", exe, "/nologo", "/silent"]);
    const ts = new TypeSystem(new Binder(nodeBinderFS), { appBase: d, gac: MONO_GAC, corlibDir: MONO_LIB });
    const app = ts.load(exe);
    let text = "";
    const rt = new Runtime(loadCoreNode() as BackendCore, ts, { importer: importMethod, stdout: (t) => (text += t) });
    try {
      const sha1 = (b: Uint8Array) => createHash("sha1").update(b).digest("hex");
      const lookups = await findProgramImages({ binder: ts.binder, storage: new NodeStorage(c), fs: nodeBinderFS, environment: nodeEnvironment(), gac: MONO_GAC, corlibDir: MONO_LIB, cwd: d, log: () => {}, sha1 }, exe, "default");
      expect(lookups.map((l) => [l.displayName.split(",")[0], l.reason])).toEqual([["Eq", null], ["mscorlib", null]]);
      for (const l of lookups) {
        const image = readNativeImage(l.image!.bytes!, l.image!.record.imagePath);
        rt.attachImage(ts.load(l.path), l.image!.record.imagePath, image, mapNativeImage(image, l.image!.bytes!), (image.identity as IdentityBlock).dependencies);
      }
      const str = ts.primitive(Kind.String);
      const methods = ts.methodsOf(str);
      const opEq = methods.find((m) => m.name === "op_Equality")!;
      const concat = methods.find((m) => m.name === "Concat" && m.sig.params.length === 2 && m.sig.params.every((p) => p === str))!;
      const corlibImage = rt.imageOf(ts.corlib)!;
      // The image has code for both; the runtime replaces op_Equality.
      const eqInImage = corlibImage.codeOf(opEq) as { address: number };
      const concatInImage = corlibImage.codeOf(concat) as { address: number };
      expect(eqInImage.address).toBeGreaterThan(0);
      expect(concatInImage.address).toBeGreaterThan(0);
      expect(rt.intrinsics.lookup(opEq)).not.toBeNull();
      const main = ts.methodFromToken(app, app.reader.pe.cli.entryPoint);
      const args = rt.allocArray(str, 0);
      expect(rt.invoke(main, [args])).toBe(7);
      rt.flush();
      expect(text).toBe("True\n");
      expect(rt.r64(rt.entry(opEq).cell)).not.toBe(eqInImage.address);
      expect(rt.isCompiled(opEq)).toBe(false);
      expect(rt.r64(rt.entry(concat).cell)).toBe(concatInImage.address);
      expect(rt.r64(rt.entry(main).cell)).toBe((rt.imageOf(app)!.codeOf(main) as { address: number }).address);
      // List<int>.Add, a generic instantiation Main calls, ran from the image that holds it.
      const listDef = ts.findByName(ts.corlib, "System.Collections.Generic", "List`1");
      const listInt = ts.defType(listDef.m, listDef.row, [ts.primitive(Kind.I4)]);
      const add = ts.methodsOf(listInt).find((m) => m.name === "Add")!;
      const addInImage = [rt.imageOf(app)!, corlibImage].map((li) => li.instantiationOf(add)).find((x) => x !== null);
      expect(addInImage).toBeTruthy();
      expect(rt.r64(rt.entry(add).cell)).toBe(addInImage!.address);
      expect(rt.imageMethods).toBeGreaterThanOrEqual(3);
      expect(rt.compiled.filter((n) => n.startsWith("E::") || n.startsWith("System.String::"))).toEqual([]);
    } finally {
      rt.dispose();
    }
  }, 120_000);
});
