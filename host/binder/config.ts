/**
 * The binding part of an application configuration file (App.exe.config) or a publisher
 * policy file: <configuration><runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1">
 * with <probing privatePath>, <publisherPolicy apply>, and <dependentAssembly> entries holding
 * <assemblyIdentity>, <bindingRedirect oldVersion newVersion>, <publisherPolicy> and <codeBase>.
 * Anything else in the file is ignored, as the runtime ignores it for binding.
 */
import { Version, formatVersion } from "../metadata/identity.js";
import { XmlElement, XmlError, parseXml } from "./xml.js";

export interface VersionRange {
  low: Version;
  high: Version;
}

export interface BindingRedirect {
  oldVersion: VersionRange;
  newVersion: Version;
}

export interface DependentAssembly {
  name: string;
  /** Lower-case hex token, "" for null, or null when the entry does not say. */
  publicKeyToken: string | null;
  /** "" for neutral, or null when the entry does not say. */
  culture: string | null;
  redirects: BindingRedirect[];
  /** false when this entry says <publisherPolicy apply="no"/>. */
  publisherPolicy: boolean;
  codeBases: { version: Version; href: string }[];
}

export interface BindingConfig {
  file: string;
  privatePaths: string[];
  /** false when <publisherPolicy apply="no"/> applies to every assembly. */
  publisherPolicy: boolean;
  dependentAssemblies: DependentAssembly[];
  /** A digest of everything that affects binding, for native image validity checks. */
  fingerprint: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const EMPTY_CONFIG: BindingConfig = { file: "", privatePaths: [], publisherPolicy: true, dependentAssemblies: [], fingerprint: "" };

export function parseVersionText(s: string, file: string, where: string): Version {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+)(?:\.(\d+))?)?\s*$/.exec(s);
  if (!m) throw new ConfigError(`${file}: ${where}: '${s}' is not a version`);
  const parts = [m[1], m[2], m[3] ?? "0", m[4] ?? "0"].map(Number);
  if (parts.some((p) => p > 65535)) throw new ConfigError(`${file}: ${where}: '${s}' has a component above 65535`);
  return { major: parts[0]!, minor: parts[1]!, build: parts[2]!, revision: parts[3]! };
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.build - b.build || a.revision - b.revision;
}

function children(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local);
}

/** Parses a configuration file's text. Throws ConfigError naming the file and the problem. */
export function parseBindingConfig(text: string, file: string): BindingConfig {
  let root: XmlElement;
  try {
    root = parseXml(text, file);
  } catch (e) {
    if (e instanceof XmlError) throw new ConfigError(e.message);
    throw e;
  }
  if (root.local !== "configuration") throw new ConfigError(`${file}: the root element is <${root.name}>, expected <configuration>`);
  const cfg: BindingConfig = { file, privatePaths: [], publisherPolicy: true, dependentAssemblies: [], fingerprint: "" };
  const canonical: string[] = [];
  for (const runtime of children(root, "runtime")) {
    for (const ab of children(runtime, "assemblyBinding")) {
      for (const p of children(ab, "probing")) {
        const pp = p.attrs.get("privatePath") ?? "";
        for (const part of pp.split(";").map((s) => s.trim()).filter(Boolean)) cfg.privatePaths.push(part);
      }
      for (const pp of children(ab, "publisherPolicy")) if ((pp.attrs.get("apply") ?? "yes").toLowerCase() === "no") cfg.publisherPolicy = false;
      for (const da of children(ab, "dependentAssembly")) {
        const ids = children(da, "assemblyIdentity");
        if (ids.length !== 1) throw new ConfigError(`${file}(${da.line}): <dependentAssembly> needs exactly one <assemblyIdentity>`);
        const id = ids[0]!;
        const name = id.attrs.get("name");
        if (!name) throw new ConfigError(`${file}(${id.line}): <assemblyIdentity> has no name`);
        const tok = id.attrs.get("publicKeyToken");
        if (tok !== undefined && tok.toLowerCase() !== "null" && !/^[0-9a-fA-F]{16}$/.test(tok)) {
          throw new ConfigError(`${file}(${id.line}): publicKeyToken '${tok}' is not 16 hex digits`);
        }
        const culture = id.attrs.get("culture");
        const entry: DependentAssembly = {
          name,
          publicKeyToken: tok === undefined ? null : tok.toLowerCase() === "null" ? "" : tok.toLowerCase(),
          culture: culture === undefined ? null : culture.toLowerCase() === "neutral" ? "" : culture,
          redirects: [],
          publisherPolicy: true,
          codeBases: [],
        };
        for (const br of children(da, "bindingRedirect")) {
          const oldV = br.attrs.get("oldVersion");
          const newV = br.attrs.get("newVersion");
          if (!oldV || !newV) throw new ConfigError(`${file}(${br.line}): <bindingRedirect> needs oldVersion and newVersion`);
          const [lo, hi, extra] = oldV.split("-");
          if (extra !== undefined) throw new ConfigError(`${file}(${br.line}): oldVersion '${oldV}' is not a version or a range`);
          const low = parseVersionText(lo!, file, `line ${br.line}`);
          const high = hi === undefined ? low : parseVersionText(hi, file, `line ${br.line}`);
          if (compareVersions(low, high) > 0) throw new ConfigError(`${file}(${br.line}): oldVersion range '${oldV}' is empty`);
          entry.redirects.push({ oldVersion: { low, high }, newVersion: parseVersionText(newV, file, `line ${br.line}`) });
        }
        for (const pp of children(da, "publisherPolicy")) if ((pp.attrs.get("apply") ?? "yes").toLowerCase() === "no") entry.publisherPolicy = false;
        for (const cb of children(da, "codeBase")) {
          const v = cb.attrs.get("version");
          const href = cb.attrs.get("href");
          if (!v || !href) throw new ConfigError(`${file}(${cb.line}): <codeBase> needs version and href`);
          entry.codeBases.push({ version: parseVersionText(v, file, `line ${cb.line}`), href });
        }
        cfg.dependentAssemblies.push(entry);
        canonical.push(
          `${name.toLowerCase()}|${entry.publicKeyToken}|${entry.culture}|${entry.publisherPolicy}|` +
            entry.redirects.map((r) => `${formatVersion(r.oldVersion.low)}-${formatVersion(r.oldVersion.high)}>${formatVersion(r.newVersion)}`).join(",") +
            "|" + entry.codeBases.map((c) => `${formatVersion(c.version)}@${c.href}`).join(","),
        );
      }
    }
  }
  canonical.unshift(`probe:${cfg.privatePaths.join(";")}`, `policy:${cfg.publisherPolicy}`);
  cfg.fingerprint = fnv1a(canonical.join("\n"));
  return cfg;
}

/** FNV-1a 64-bit as hex: a stable, dependency-free digest for fingerprints. */
export function fnv1a(s: string): string {
  let h = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(s);
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

/** The entry of `cfg` that applies to an assembly (name, token, culture), if any. */
export function dependentAssemblyFor(cfg: BindingConfig, name: string, token: string | null, culture: string | null): DependentAssembly | undefined {
  return cfg.dependentAssemblies.find(
    (d) =>
      d.name.toLowerCase() === name.toLowerCase() &&
      (d.publicKeyToken === null || d.publicKeyToken === (token ?? "")) &&
      (d.culture === null || d.culture.toLowerCase() === (culture ?? "").toLowerCase()),
  );
}

/** The version a redirect in `da` maps `v` to, or null when none applies. */
export function redirect(da: DependentAssembly | undefined, v: Version): Version | null {
  if (!da) return null;
  for (const r of da.redirects) {
    if (compareVersions(v, r.oldVersion.low) >= 0 && compareVersions(v, r.oldVersion.high) <= 0) return r.newVersion;
  }
  return null;
}
