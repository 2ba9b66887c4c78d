// Binding by the runtime's rules: application base, privatePath, culture directories,
// binding redirects, publisher policy, the GAC, codeBase, partial names, and clear failures.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Binder, BindError } from "../../host/binder/binder.js";
import { ConfigError, parseBindingConfig } from "../../host/binder/config.js";
import { parseXml, XmlError } from "../../host/binder/xml.js";
import { parseDisplayName, publicKeyToken } from "../../host/metadata/identity.js";
import { nodeBinderFS } from "../../host/node/node-fs.js";
import { buildCs, snKey } from "../support/build.js";
import { MONO_GAC } from "../support/mono.js";

const binder = () => new Binder(nodeBinderFS);
const lib = (name: string, version: string, body = "") =>
  `[assembly: System.Reflection.AssemblyVersion("${version}")]\npublic static class ${name.replace(/\W/g, "_")} { public static string Who() { return "${name} ${version}"; } ${body} }`;

let root: string;
let token: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "ngen-bind-"));
  snKey(root, "key.snk");
  buildCs(root, [
    // myLibOne and myLibTwo both use myMath, as in Ngen's documentation example.
    { out: "app/myMath.dll", source: lib("myMath", "1.0.0.0") },
    { out: "app/myLibOne.dll", source: lib("myLibOne", "1.0.0.0", "public static string M() { return myMath.Who(); }"), refs: ["app/myMath.dll"] },
    { out: "app/bin/myLibTwo.dll", source: lib("myLibTwo", "1.0.0.0", "public static string M() { return myMath.Who(); }"), refs: ["app/myMath.dll"] },
    { out: "app/Nested/Nested.dll", source: lib("Nested", "3.0.0.0") },
    { out: "app/de/Strings.resources.dll", source: "[assembly: System.Reflection.AssemblyCulture(\"de\")]\npublic class S {}" },
    // One strong-named library in two versions, for redirects and the GAC.
    { out: "v1/Strong.dll", source: lib("Strong", "1.0.0.0"), key: "key.snk" },
    { out: "v2/Strong.dll", source: lib("Strong", "2.0.0.0"), key: "key.snk" },
  ]);
  const r = binder().open(join(root, "v1", "Strong.dll"))!;
  token = publicKeyToken(r.assembly()!.publicKey!);
  for (const v of ["1.0.0.0", "2.0.0.0"]) {
    const d = join(root, "gac", "Strong", `${v}__${token}`);
    mkdirSync(d, { recursive: true });
    copyFileSync(join(root, v === "1.0.0.0" ? "v1" : "v2", "Strong.dll"), join(d, "Strong.dll"));
  }
});

const ctx = (extra: object = {}) => ({ appBase: join(root, "app"), gac: join(root, "gac"), ...extra });

describe("probing the application base", () => {
  it("finds <appbase>/<name>.dll", () => {
    const r = binder().bind(parseDisplayName("myMath, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"), ctx());
    expect(r.path).toBe(join(root, "app", "myMath.dll"));
    expect(r.source).toBe("probe");
    expect(r.identity.version).toEqual({ major: 1, minor: 0, build: 0, revision: 0 });
  });

  it("finds <appbase>/<name>/<name>.dll and ignores versions of simply-named assemblies", () => {
    const r = binder().bind(parseDisplayName("Nested, Version=9.9.9.9"), ctx());
    expect(r.path).toBe(join(root, "app", "Nested", "Nested.dll"));
  });

  it("uses the configuration's privatePath, and only inside the application base", () => {
    const b = binder();
    expect(() => b.bind(parseDisplayName("myLibTwo"), ctx())).toThrow(BindError);
    const cfg = parseBindingConfig(
      `<configuration><runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1"><probing privatePath="bin;../v1"/></assemblyBinding></runtime></configuration>`,
      "App.exe.config",
    );
    expect(b.bind(parseDisplayName("myLibTwo"), ctx({ config: cfg })).path).toBe(join(root, "app", "bin", "myLibTwo.dll"));
    // ../v1 is outside the application base: Strong is not found there by probing.
    const err = (() => {
      try {
        b.bind(parseDisplayName("Strong"), { ...ctx({ config: cfg }), gac: null });
      } catch (e) {
        return e as BindError;
      }
    })();
    expect(err).toBeInstanceOf(BindError);
    expect(err!.probed.every((p) => p.startsWith(join(root, "app")))).toBe(true);
  });

  it("looks in the culture directory for culture-specific assemblies", () => {
    const r = binder().bind(parseDisplayName("Strings.resources, Version=0.0.0.0, Culture=de, PublicKeyToken=null"), ctx());
    expect(r.path).toBe(join(root, "app", "de", "Strings.resources.dll"));
  });
});

describe("strong names: GAC, redirects, publisher policy, codeBase", () => {
  it("binds a strong name from the GAC by exact version", () => {
    const r = binder().bind(parseDisplayName(`Strong, Version=1.0.0.0, Culture=neutral, PublicKeyToken=${token}`), ctx());
    expect(r.source).toBe("gac");
    expect(r.path).toBe(join(root, "gac", "Strong", `1.0.0.0__${token}`, "Strong.dll"));
  });

  it("applies a bindingRedirect from the application configuration", () => {
    const cfg = parseBindingConfig(
      `<?xml version="1.0"?>
<configuration>
  <runtime>
    <assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1">
      <dependentAssembly>
        <assemblyIdentity name="Strong" publicKeyToken="${token}" culture="neutral" />
        <bindingRedirect oldVersion="0.0.0.0-1.9.9.9" newVersion="2.0.0.0" />
      </dependentAssembly>
    </assemblyBinding>
  </runtime>
</configuration>`,
      "App.exe.config",
    );
    const r = binder().bind(parseDisplayName(`Strong, Version=1.0.0.0, Culture=neutral, PublicKeyToken=${token}`), ctx({ config: cfg }));
    expect(r.identity.version!.major).toBe(2);
    expect(r.log.join("\n")).toMatch(/bindingRedirect 1\.0\.0\.0 -> 2\.0\.0\.0/);
  });

  it("applies Mono's real publisher policy from the GAC, unless the configuration turns it off", () => {
    const ref = parseDisplayName("nunit.core, Version=2.6.3.0, Culture=neutral, PublicKeyToken=96d09a1eb7f44a77");
    const r = binder().bind(ref, { appBase: join(root, "app"), gac: MONO_GAC });
    expect(r.identity.version).toEqual({ major: 2, minor: 6, build: 4, revision: 0 });
    expect(r.log.join("\n")).toMatch(/publisher policy .*policy\.2\.6\.nunit\.core.*2\.6\.3\.0 -> 2\.6\.4\.0/);
    const off = parseBindingConfig(
      `<configuration><runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1"><publisherPolicy apply="no"/></assemblyBinding></runtime></configuration>`,
      "App.exe.config",
    );
    expect(() => binder().bind(ref, { appBase: join(root, "app"), gac: MONO_GAC, config: off })).toThrow(/nunit\.core, Version=2\.6\.3\.0/);
  });

  it("follows a codeBase hint for the bound version", () => {
    const cfg = parseBindingConfig(
      `<configuration><runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1"><dependentAssembly>
         <assemblyIdentity name="Strong" publicKeyToken="${token}"/><codeBase version="2.0.0.0" href="../v2/Strong.dll"/>
       </dependentAssembly></assemblyBinding></runtime></configuration>`,
      "App.exe.config",
    );
    const r = binder().bind(parseDisplayName(`Strong, Version=2.0.0.0, Culture=neutral, PublicKeyToken=${token}`), { ...ctx({ config: cfg }), gac: null });
    expect(r.source).toBe("codebase");
    expect(r.path).toBe(join(root, "v2", "Strong.dll"));
  });

  it("rejects a probed file whose identity does not match a strong-named reference", () => {
    const dir = join(root, "mismatch");
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(root, "v1", "Strong.dll"), join(dir, "Strong.dll"));
    expect(() => binder().bind(parseDisplayName(`Strong, Version=2.0.0.0, Culture=neutral, PublicKeyToken=${token}`), { appBase: dir, gac: null })).toThrow(
      /found .*Strong\.dll, but it is Strong, Version=1\.0\.0\.0/,
    );
  });

  it("loads the core library from the runtime's directory, not the GAC or the application", () => {
    const ref = parseDisplayName("mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089");
    expect(() => binder().bind(ref, { appBase: join(root, "app"), gac: MONO_GAC })).toThrow(BindError);
    const r = binder().bind(ref, { appBase: join(root, "app"), gac: MONO_GAC, corlibDir: "/usr/lib/mono/4.5" });
    expect(r.path).toBe("/usr/lib/mono/4.5/mscorlib.dll");
    expect(r.source).toBe("runtime");
  });

  it("binds a partial name to the highest GAC version", () => {
    const r = binder().bind(parseDisplayName("Strong"), { appBase: join(root, "nowhere"), gac: join(root, "gac") });
    expect(r.identity.version!.major).toBe(2);
  });
});

describe("failures", () => {
  it("names what was looked for and every place probed", () => {
    try {
      binder().bind(parseDisplayName("Missing, Version=1.2.3.4"), ctx());
      expect.unreachable();
    } catch (e) {
      const b = e as BindError;
      expect(b).toBeInstanceOf(BindError);
      expect(b.message).toMatch(/^cannot bind Missing, Version=1\.2\.3\.4: no matching file was found; probed: /);
      expect(b.probed).toEqual([
        join(root, "app", "Missing.dll"),
        join(root, "app", "Missing", "Missing.dll"),
        join(root, "app", "Missing.exe"),
        join(root, "app", "Missing", "Missing.exe"),
      ]);
    }
  });

  it("refuses hostile names without touching the file system", () => {
    const reads: string[] = [];
    const spy = new Binder({ read: (p) => (reads.push(p), null), list: (d) => (reads.push(d), []) });
    for (const name of ["../../etc/passwd", "a/b", "a\\b", "nul\0byte", "x".repeat(10_000), "..", "."]) {
      expect(() => spy.bind({ name, version: null, culture: null, flags: 0, publicKey: null, publicKeyToken: null }, ctx())).toThrow(BindError);
    }
    expect(() => spy.bind(parseDisplayName("ok, Culture=../../x"), ctx())).toThrow(/culture/);
    expect(reads).toEqual([]);
  });

  it("reports a corrupt file found by probing as such", () => {
    const dir = mkdtempSync(join(tmpdir(), "ngen-bind-bad-"));
    writeFileSync(join(dir, "Broken.dll"), "MZ not really");
    expect(() => binder().bind(parseDisplayName("Broken"), { appBase: dir, gac: null })).toThrow(/not a valid assembly: .*Broken\.dll/);
  });
});

describe("configuration files", () => {
  it("reports XML errors with line and column", () => {
    expect(() => parseXml("<configuration>\n  <runtime>\n</configuration>", "App.exe.config")).toThrow(XmlError);
    expect(() => parseXml("<configuration>\n  <runtime>\n</configuration>", "App.exe.config")).toThrow(/App\.exe\.config\(3,\d+\): closing tag <\/configuration> does not match <runtime>/);
    expect(() => parseXml("<a b='1' b='2'/>", "f")).toThrow(/given twice/);
    expect(() => parseXml("<a>&bogus;</a>", "f")).toThrow(/unknown entity/);
  });

  it("decodes entities, CDATA and comments", () => {
    const x = parseXml("<!-- c --><a t='&lt;&#65;&#x42;&amp;'><![CDATA[<raw>]]></a>", "f");
    expect(x.attrs.get("t")).toBe("<AB&");
    expect(x.text).toBe("<raw>");
  });

  it("rejects malformed binding entries with the file and line", () => {
    const bad = (inner: string) => () =>
      parseBindingConfig(`<configuration><runtime><assemblyBinding>\n<dependentAssembly>${inner}</dependentAssembly></assemblyBinding></runtime></configuration>`, "App.exe.config");
    expect(bad(`<bindingRedirect oldVersion="1.0.0.0" newVersion="2.0.0.0"/>`)).toThrow(ConfigError);
    expect(bad(`<assemblyIdentity name="x"/><bindingRedirect oldVersion="2.0-1.0" newVersion="2.0"/>`)).toThrow(/range '2\.0-1\.0' is empty/);
    expect(bad(`<assemblyIdentity name="x" publicKeyToken="zz"/>`)).toThrow(/App\.exe\.config\(2\): publicKeyToken 'zz'/);
  });

  it("gives equal fingerprints to equivalent files and different ones to different bindings", () => {
    const a = parseBindingConfig(`<configuration><runtime><assemblyBinding><probing privatePath="bin"/></assemblyBinding></runtime></configuration>`, "a");
    const b = parseBindingConfig(`<configuration>\n <!-- same -->\n <runtime><assemblyBinding><probing privatePath="bin"/></assemblyBinding></runtime></configuration>`, "b");
    const c = parseBindingConfig(`<configuration><runtime><assemblyBinding><probing privatePath="lib"/></assemblyBinding></runtime></configuration>`, "c");
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });
});
