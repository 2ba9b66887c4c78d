// Assembly identity: SHA-1, public key tokens and display names both ways.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sha1 } from "../../host/metadata/sha1.js";
import {
  AssemblyIdentity, DisplayNameError, formatDisplayName, identityMatches, parseDisplayName, publicKeyToken,
} from "../../host/metadata/identity.js";
import { MetadataReader } from "../../host/metadata/reader.js";
import { monodis, MONO_GAC } from "../support/mono.js";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 0x100000000);
}

describe("sha1", () => {
  it("equals node:crypto for lengths around every block boundary and random data", () => {
    const rand = rng(7);
    for (let len = 0; len < 300; len++) {
      const data = Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
      expect(Buffer.from(sha1(data)).toString("hex")).toBe(createHash("sha1").update(data).digest("hex"));
    }
  });
});

describe("public key tokens", () => {
  it("match the GAC directory names Mono derived from the same keys", () => {
    // Mono's GAC path is <gac>/<Name>/<Version>_<Culture>_<Token>/<Name>.dll.
    for (const name of ["System", "System.Xml", "Mono.Security", "System.Web", "Mono.Posix"]) {
      const dir = `${MONO_GAC}/${name}`;
      const out = monodis("--assembly", `${dir}/${versionDirs(dir)[0]}/${name}.dll`);
      expect(out).toContain(`Name:          ${name}`);
      const versionDir = versionDirs(dir)[0]!;
      const r = MetadataReader.open(new Uint8Array(readFileSync(`${dir}/${versionDir}/${name}.dll`)), name);
      const a = r.assembly()!;
      expect(a.publicKey).not.toBeNull();
      expect(publicKeyToken(a.publicKey!)).toBe(versionDir.split("_")[2]);
    }
  });
});

function versionDirs(d: string): string[] {
  return readdirSync(d).sort();
}

describe("display names", () => {
  const full = "System.Xml, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";

  it("parse and format round-trip", () => {
    const id = parseDisplayName(full);
    expect(id).toMatchObject({ name: "System.Xml", version: { major: 4, minor: 0, build: 0, revision: 0 }, culture: "", publicKeyToken: "b77a5c561934e089" });
    expect(formatDisplayName(id)).toBe(full);
  });

  it("keeps partial names partial", () => {
    const id = parseDisplayName("myLib");
    expect(id.version).toBeNull();
    expect(id.culture).toBeNull();
    expect(id.publicKeyToken).toBeNull();
    expect(formatDisplayName(id)).toBe("myLib");
    expect(formatDisplayName(parseDisplayName("myLib, Culture=de-DE"))).toBe("myLib, Culture=de-DE");
    expect(formatDisplayName(parseDisplayName("myLib,PublicKeyToken=null"))).toBe("myLib, PublicKeyToken=null");
  });

  it("accepts keys in any case and order, and a full public key", () => {
    const key = "0024000004800000940000000602000000240000525341310004000001000100";
    const id = parseDisplayName(`x, publickey=${key}, version=1.2, culture=NEUTRAL, Retargetable=Yes`);
    expect(id.version).toEqual({ major: 1, minor: 2, build: 0, revision: 0 });
    expect(id.culture).toBe("");
    expect(id.publicKeyToken).toBe(publicKeyToken(Uint8Array.from(Buffer.from(key, "hex"))));
    expect(formatDisplayName(id)).toBe(`x, Version=1.2.0.0, Culture=neutral, PublicKeyToken=${id.publicKeyToken}, Retargetable=Yes`);
  });

  it("escapes and unescapes special characters in names", () => {
    const id: AssemblyIdentity = { name: 'we,ird=na"me\\', version: null, culture: null, flags: 0, publicKey: null, publicKeyToken: null };
    const s = formatDisplayName(id);
    expect(s).toBe('we\\,ird\\=na\\"me\\\\');
    expect(parseDisplayName(s).name).toBe(id.name);
    expect(parseDisplayName('"quoted, name", Version=1.0.0.0').name).toBe("quoted, name");
  });

  it("rejects malformed names with a reason", () => {
    for (const bad of ["", ", Version=1.0.0.0", "a, Version=x", "a, Version=1.0.0.70000", "a, PublicKeyToken=123", "a, Culture", "a, Version=1.0, Version=2.0", 'a"b', "a\\"]) {
      expect(() => parseDisplayName(bad), bad).toThrow(DisplayNameError);
    }
  });

  it("match partial references against full identities case-insensitively", () => {
    const id = parseDisplayName(full);
    expect(identityMatches(parseDisplayName("system.xml"), id)).toBe(true);
    expect(identityMatches(parseDisplayName("System.Xml, Version=4.0.0.0"), id)).toBe(true);
    expect(identityMatches(parseDisplayName("System.Xml, Version=2.0.0.0"), id)).toBe(false);
    expect(identityMatches(parseDisplayName("System.Xml, PublicKeyToken=null"), id)).toBe(false);
    expect(identityMatches(parseDisplayName("System.Xml, Culture=fr"), id)).toBe(false);
  });
});
