/**
 * Binding, the way the .NET Framework runtime binds an assembly reference:
 *   0. the core library (mscorlib) always from the runtime's own directory;
 *   1. the application configuration's <bindingRedirect> for the reference (strong names only);
 *   2. publisher policy from the GAC (policy.<major>.<minor>.<Name>), unless the configuration
 *      turns it off globally or for this assembly;
 *   3. the GAC (Mono's layout <gac>/<Name>/<Version>_<Culture>_<Token>/<Name>.dll) for
 *      strong-named references;
 *   4. a <codeBase> hint for the bound version;
 *   5. probing under the application base: for .dll then .exe, in the application base and
 *      each privatePath directory (culture subdirectory first for a culture-specific
 *      reference), both <dir>/<Name>.<ext> and <dir>/<Name>/<Name>.<ext>.
 * The first file found by probing decides: if its identity does not satisfy the reference the
 * bind fails (as the runtime's FileLoadException does) rather than probing on.
 *
 * Invariants: names and cultures from references are checked with isSafeComponent before they
 * become path components; privatePath directories must lie inside the application base; every
 * failure is a BindError that says what was looked for and lists every place probed.
 */
import { AssemblyIdentity, Version, formatDisplayName, formatVersion, identityMatches } from "../metadata/identity.js";
import { MetadataReader } from "../metadata/reader.js";
import { BadImageError } from "../metadata/errors.js";
import { Table } from "../metadata/schema.js";
import { BindingConfig, EMPTY_CONFIG, compareVersions, dependentAssemblyFor, parseBindingConfig, redirect } from "./config.js";
import { isInside, isSafeComponent, join } from "./paths.js";

/** What the binder needs from storage: the Node file system, or files uploaded to a browser. */
export interface BinderFS {
  /** The file's bytes, or null if there is no such file. */
  read(path: string): Uint8Array | null;
  /** Names in a directory, or [] if it does not exist. */
  list(dir: string): string[];
}

export interface BindContext {
  /** Directory of the application (or /AppBase:). */
  appBase: string;
  /** Parsed application configuration, if any. */
  config?: BindingConfig;
  /** GAC root, or null to bind without a GAC. */
  gac: string | null;
  /**
   * The runtime's own library directory (Mono: /usr/lib/mono/4.5). The core library,
   * mscorlib, is never in the GAC: the runtime always loads it from here.
   */
  corlibDir?: string;
}

export interface BindResult {
  path: string;
  identity: AssemblyIdentity;
  reader: MetadataReader;
  /** The reference as finally looked for, after redirects and policy. */
  requested: AssemblyIdentity;
  source: "gac" | "probe" | "codebase" | "path" | "runtime";
  log: string[];
}

export class BindError extends Error {
  override readonly name = "BindError";
  constructor(
    readonly reference: string,
    readonly probed: string[],
    readonly why: string,
  ) {
    super(`cannot bind ${reference}: ${why}${probed.length ? `; probed: ${probed.join(", ")}` : ""}`);
  }
}

export class Binder {
  private readonly readers = new Map<string, MetadataReader | null>();

  constructor(readonly fs: BinderFS) {}

  /** Reads and parses an application configuration file; a missing file gives the empty configuration. */
  loadConfig(path: string): BindingConfig {
    const bytes = this.fs.read(path);
    if (!bytes) return EMPTY_CONFIG;
    return parseBindingConfig(new TextDecoder().decode(bytes), path);
  }

  /** The metadata of the assembly file at `path` (cached), or null if there is no file. */
  open(path: string): MetadataReader | null {
    if (this.readers.has(path)) return this.readers.get(path)!;
    const bytes = this.fs.read(path);
    const r = bytes ? MetadataReader.open(bytes, path) : null;
    this.readers.set(path, r);
    return r;
  }

  /** Binds `ref` in `ctx`. Throws BindError when nothing suitable is found. */
  bind(ref: AssemblyIdentity, ctx: BindContext): BindResult {
    const shown = formatDisplayName(ref);
    const probed: string[] = [];
    const log: string[] = [`bind: ${shown} (application base ${ctx.appBase})`];
    if (!isSafeComponent(ref.name)) throw new BindError(JSON.stringify(ref.name).slice(0, 300), [], "the assembly name is not a valid file name");
    if (ref.culture && !isSafeComponent(ref.culture)) throw new BindError(shown, [], `culture '${ref.culture}' is not a valid directory name`);
    const cfg = ctx.config ?? EMPTY_CONFIG;
    const strong = !!ref.publicKeyToken;
    let want: AssemblyIdentity = { ...ref };

    // 1. Application configuration redirect.
    const da = dependentAssemblyFor(cfg, ref.name, ref.publicKeyToken, ref.culture);
    if (strong && want.version) {
      const to = redirect(da, want.version);
      if (to) {
        log.push(`  ${cfg.file}: bindingRedirect ${formatVersion(want.version)} -> ${formatVersion(to)}`);
        want = { ...want, version: to };
      }
    }
    // 2. Publisher policy.
    if (strong && want.version && ctx.gac && cfg.publisherPolicy && (da?.publisherPolicy ?? true)) {
      const to = this.publisherPolicy(want, ctx.gac, log);
      if (to) want = { ...want, version: to };
    }
    // The core library comes from the runtime's directory, whatever the application has.
    if (want.name.toLowerCase() === "mscorlib" && ctx.corlibDir) {
      const path = join(ctx.corlibDir, "mscorlib.dll");
      probed.push(path);
      const r = this.tryOpen(path, log);
      if (r) return this.accept(r, path, want, "runtime", probed, log);
    }
    // 3. GAC.
    if (strong && ctx.gac) {
      const hit = this.fromGac(want, ctx.gac, probed, log);
      if (hit) return { ...hit, requested: want, log };
    }
    // 4. codeBase.
    if (want.version && da) {
      for (const cb of da.codeBases) {
        if (compareVersions(cb.version, want.version) !== 0) continue;
        const href = cb.href.replace(/^file:\/\//i, "");
        const path = href.startsWith("/") ? join(href) : join(ctx.appBase, href);
        probed.push(path);
        const r = this.tryOpen(path, log);
        if (r) return this.accept(r, path, want, "codebase", probed, log);
      }
    }
    // 5. Probing.
    const dirs = [ctx.appBase];
    for (const pp of cfg.privatePaths) {
      const d = join(ctx.appBase, pp);
      if (!isInside(ctx.appBase, d)) {
        log.push(`  privatePath '${pp}' lies outside the application base: ignored`);
        continue;
      }
      dirs.push(d);
    }
    for (const ext of ["dll", "exe"]) {
      for (const base of dirs) {
        const roots = want.culture ? [join(base, want.culture)] : [base];
        for (const d of roots) {
          for (const path of [join(d, `${want.name}.${ext}`), join(d, want.name, `${want.name}.${ext}`)]) {
            probed.push(path);
            const r = this.tryOpen(path, log);
            if (r) return this.accept(r, path, want, "probe", probed, log);
          }
        }
      }
    }
    // Partial names may still be satisfied from the GAC (the highest matching version).
    if (!strong && ctx.gac && !want.version) {
      const hit = this.fromGac(want, ctx.gac, probed, log);
      if (hit) return { ...hit, requested: want, log };
    }
    throw new BindError(formatDisplayName(want), probed, "no matching file was found");
  }

  /** Binds a file given by path: the identity is whatever the file says. */
  bindPath(path: string): BindResult {
    const r = this.open(path);
    if (!r) throw new BindError(path, [path], "file not found");
    const id = r.assembly();
    if (!id) throw new BindError(path, [path], "the file is a module without an assembly manifest");
    return { path, identity: id, reader: r, requested: id, source: "path", log: [`bind: ${path} given by path`] };
  }

  private tryOpen(path: string, log: string[]): MetadataReader | null {
    try {
      return this.open(path);
    } catch (e) {
      if (e instanceof BadImageError) {
        log.push(`  ${path}: not a valid assembly (${e.problem})`);
        throw new BindError(path, [path], `found a file that is not a valid assembly: ${e.message}`);
      }
      throw e;
    }
  }

  private accept(r: MetadataReader, path: string, want: AssemblyIdentity, source: BindResult["source"], probed: string[], log: string[]): BindResult {
    const id = r.assembly();
    if (!id) throw new BindError(formatDisplayName(want), probed, `${path} is a module without an assembly manifest`);
    // Without a strong name the runtime ignores the version when probing.
    const check: AssemblyIdentity = want.publicKeyToken ? want : { ...want, version: null };
    if (!identityMatches(check, id)) {
      throw new BindError(formatDisplayName(want), probed, `found ${path}, but it is ${formatDisplayName(id)}`);
    }
    log.push(`  found ${path} (${source}): ${formatDisplayName(id)}`);
    return { path, identity: id, reader: r, requested: want, source, log };
  }

  private fromGac(want: AssemblyIdentity, gac: string, probed: string[], log: string[]): Omit<BindResult, "requested" | "log"> | null {
    const base = join(gac, want.name);
    let dirs = this.fs.list(base);
    if (want.version && want.publicKeyToken !== null) {
      dirs = [`${formatVersion(want.version)}_${want.culture ?? ""}_${want.publicKeyToken}`];
    } else {
      // Partial: every installed version that fits, highest first.
      dirs = dirs.filter((d) => /^\d+\.\d+\.\d+\.\d+_[^_]*_[0-9a-f]{16}$/.test(d)).sort((a, b) => compareVersions(verOf(b), verOf(a)));
    }
    for (const d of dirs) {
      const path = join(base, d, `${want.name}.dll`);
      probed.push(path);
      const r = this.tryOpen(path, log);
      if (!r) continue;
      const id = r.assembly();
      if (id && identityMatches(want, id)) {
        log.push(`  found ${path} (gac): ${formatDisplayName(id)}`);
        return { path, identity: id, reader: r, source: "gac" };
      }
    }
    return null;
  }

  /** Applies GAC publisher policy for `want`; returns the new version or null. */
  private publisherPolicy(want: AssemblyIdentity, gac: string, log: string[]): Version | null {
    const v = want.version!;
    const policyName = `policy.${v.major}.${v.minor}.${want.name}`;
    const base = join(gac, policyName);
    for (const d of this.fs.list(base)) {
      if (!d.endsWith(`_${want.publicKeyToken}`)) continue;
      const dll = join(base, d, `${policyName}.dll`);
      const r = this.tryOpen(dll, log);
      if (!r) continue;
      // The policy assembly's manifest names its configuration file (a linked resource).
      const configs: string[] = [];
      for (let row = 1; row <= r.rows(Table.ManifestResource); row++) {
        const name = r.string(r.tables.cell(Table.ManifestResource, row, 2));
        if (isSafeComponent(name)) configs.push(name);
      }
      for (const c of configs.length ? configs : [`${policyName}.config`]) {
        const path = join(base, d, c);
        const cfg = this.loadConfig(path);
        const to = redirect(dependentAssemblyFor(cfg, want.name, want.publicKeyToken, want.culture), v);
        if (to) {
          log.push(`  publisher policy ${path}: ${formatVersion(v)} -> ${formatVersion(to)}`);
          return to;
        }
      }
    }
    return null;
  }
}

function verOf(dir: string): Version {
  const [a, b, c, d] = dir.split("_")[0]!.split(".").map(Number);
  return { major: a!, minor: b!, build: c!, revision: d! };
}
