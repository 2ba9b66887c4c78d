/**
 * Ngen's actions over the native image cache: install (an assembly becomes a root; its
 * dependency closure is bound and compiled; valid images are reused), uninstall (roots and
 * scenarios; an image goes only when no root needs it), display (roots, images and their
 * state) and update (re-validate everything, regenerate what is invalid).
 *
 * Invariants: every change happens under the cache's writer lock, image files are written
 * atomically before the index that names them, and the index is written last, so an
 * interrupted action leaves at worst unreferenced image files that the next action removes.
 * Paths under the cache are built only from checked name components and hashes.
 */
import { Binder, BindContext, BindError, BindResult, BinderFS } from "../binder/binder.js";
import { BindingConfig, EMPTY_CONFIG, fnv1a } from "../binder/config.js";
import { dirname, isSafeComponent, join } from "../binder/paths.js";
import { BackendCore, BatchCompiler } from "../codegen/backend.js";
import { CacheIndex, ImageRecord, RootRecord, Scenario, readIndex, referenceCounts, writeIndex } from "../cache/index-file.js";
import { CacheError, CacheStorage } from "../cache/storage.js";
import { AssemblyResolver, CustomAttributeDecoder, customAttributeClassName } from "../metadata/custom-attributes.js";
import { AssemblyIdentity, formatDisplayName, identityKey, identityMatches, parseDisplayName } from "../metadata/identity.js";
import { hex } from "../metadata/identity.js";
import { MetadataReader } from "../metadata/reader.js";
import { Table } from "../metadata/schema.js";
import { sha1, sha1 as sha1Portable } from "../metadata/sha1.js";
import { readNativeImage } from "../image/native-image.js";
import { TypeSystem } from "../typesystem/typesystem.js";
import { CompileRunner, ImageSpec, InProcessRunner, compileImage, imageSpec } from "./compile-image.js";
import { DependencyIdentity, Environment, IdentityBlock, compilerVersion, invalidReason, CORE_ABI_VERSION, RUNTIME_ABI_VERSION } from "./identity-block.js";

export interface InstallContext {
  storage: CacheStorage;
  fs: BinderFS;
  core: BackendCore;
  environment: Environment;
  gac: string | null;
  corlibDir: string;
  /** The directory relative paths are resolved against. */
  cwd: string;
  log(message: string): void;
  progress?(done: number, total: number, what: string): void;
  /**
   * Compiles on other threads (host/node/compile-pool.ts). Used for images with at least
   * PARALLEL_JOBS compile jobs; smaller ones, and everything without it, compile on `core`.
   */
  workers?: CompileRunner & { readonly size: number };
  /**
   * A backend on another thread (host/node/backend-thread.ts): images of more than one compile
   * job that do not go to `workers` are imported in this thread and compiled there meanwhile.
   */
  backend?: BatchCompiler;
  /** SHA-1 as hex; the platform's native one where there is one (the same digest as sha1.ts). */
  sha1?(bytes: Uint8Array): string;
}

export interface InstallOptions {
  scenario: Scenario;
  noDependencies?: boolean;
  exeConfig?: string;
  appBase?: string;
  /**
   * Called once the writer lock is held, before anything is compiled or written; throwing
   * abandons the install. The queue uses it to make sure a queued item was not withdrawn
   * (uninstalled) between being claimed and being executed.
   */
  checkUnderLock?: () => Promise<void>;
}

export interface ImageOutcome {
  name: string;
  displayName: string;
  key: string;
  status: "compiled" | "reused";
  methods: { compiled: number; excluded: number; total: number };
}

export class InstallError extends Error {
  override readonly name = "InstallError";
}

const LOCK_TIMEOUT_MS = 120_000;

/** The directory of images for this runtime version and bitness, as Ngen names it. */
export function imagesRoot(runtimeVersion: string): string {
  return `NativeImages_${runtimeVersion.replace(/[^A-Za-z0-9.]/g, "")}_64`;
}

let nativeSha1: ((b: Uint8Array) => string) | undefined;

function hashBytes(b: Uint8Array): string {
  return nativeSha1 ? nativeSha1(b) : hex(sha1(b));
}

/** What validating images needs of an install context (no compiler). */
export type ValidationContext = Pick<InstallContext, "storage" | "fs" | "environment" | "gac" | "corlibDir" | "cwd" | "log" | "sha1"> & {
  /** A binder to share (its readers and their indexes), e.g. the runtime's. */
  binder?: Binder;
};

class Session {
  readonly binder: Binder;
  private readonly hashes = new Map<string, string>();
  constructor(readonly ctx: ValidationContext) {
    this.binder = ctx.binder ?? new Binder(ctx.fs);
    nativeSha1 = ctx.sha1;
  }

  abs(p: string): string {
    return p.startsWith("/") ? join(p) : join(this.ctx.cwd, p);
  }

  hash(path: string): string {
    let h = this.hashes.get(path);
    if (!h) {
      // The binder has the file's bytes when it bound it: no second read.
      let bytes: Uint8Array | null = null;
      try {
        bytes = this.binder.open(path)?.pe.data.bytes ?? null;
      } catch {
        bytes = null;
      }
      bytes ??= this.ctx.fs.read(path);
      if (!bytes) throw new InstallError(`${path}: file not found`);
      h = hashBytes(bytes);
      this.hashes.set(path, h);
    }
    return h;
  }

  /** The binding context for an install: application base and configuration. */
  context(targetPath: string | null, opts: InstallOptions): BindContext & { configFile: string | null } {
    let appBase = opts.appBase ? this.abs(opts.appBase) : targetPath ? dirname(targetPath) : this.ctx.cwd;
    let configFile: string | null = null;
    if (opts.exeConfig) {
      const exe = this.abs(opts.exeConfig);
      if (!this.ctx.fs.read(exe)) throw new InstallError(`/ExeConfig: ${exe}: file not found`);
      configFile = `${exe}.config`;
      if (!opts.appBase) appBase = dirname(exe);
    } else if (targetPath && /\.exe$/i.test(targetPath)) configFile = `${targetPath}.config`;
    const config: BindingConfig = configFile ? this.binder.loadConfig(configFile) : EMPTY_CONFIG;
    return { appBase, config, gac: this.ctx.gac, corlibDir: this.ctx.corlibDir, configFile };
  }

  /** Binds what the user named: a path, or a (partial) display name. */
  bindTarget(target: string, ctx: BindContext): BindResult {
    if (/[\\/]/.test(target) || /\.(dll|exe)$/i.test(target)) {
      const path = this.abs(target);
      try {
        return this.binder.bindPath(path);
      } catch (e) {
        if (e instanceof BindError) throw new InstallError(`${path}: ${e.why}`);
        throw e;
      }
    }
    return this.binder.bind(parseDisplayName(target), ctx);
  }

  /**
   * The dependency closure of `root` (root first), bound in `ctx`; `tolerant`: references that
   * cannot be bound are left out. As the runtime loads an assembly identity once per domain, a
   * reference to an identity already in the closure is that assembly, wherever the reference
   * alone would bind (a root named by a symbolic link into the GAC stays one assembly).
   */
  closure(root: BindResult, ctx: BindContext, tolerant = false): BindResult[] {
    const out: BindResult[] = [root];
    const seen = new Set([identityKey(root.identity)]);
    for (let i = 0; i < out.length; i++) {
      const r = out[i]!.reader;
      for (let row = 1; row <= r.rows(Table.AssemblyRef); row++) {
        const ref = r.assemblyRef(row);
        let b: BindResult;
        try {
          b = this.binder.bind(ref, ctx);
        } catch (e) {
          if (tolerant && e instanceof BindError) continue;
          throw e;
        }
        const key = identityKey(b.identity);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(b);
        }
      }
    }
    return out;
  }

  /** Assemblies that `r` hard-binds to (DependencyAttribute / DefaultDependencyAttribute with LoadHint.Always). */
  hardBound(r: MetadataReader, deps: BindResult[], resolver: AssemblyResolver): Set<string> {
    const out = new Set<string>();
    const dec = new CustomAttributeDecoder(r, resolver);
    const explicit = new Map<string, number>();
    for (const ca of assemblyAttributes(r, dec, "System.Runtime.CompilerServices.DependencyAttribute")) {
      const [name, hint] = ca.fixed;
      if (typeof name === "string" && hint && typeof hint === "object" && "value" in hint) explicit.set(name.toLowerCase(), Number(hint.value));
    }
    for (const d of deps) {
      const n = d.identity.name.toLowerCase();
      const hint = explicit.get(n) ?? this.defaultDependency(d.reader, resolver);
      if (hint === 1) out.add(n);
    }
    return out;
  }

  private readonly defaultHints = new Map<MetadataReader, number | undefined>();
  /** The LoadHint of an assembly's DefaultDependencyAttribute (once per assembly and session). */
  private defaultDependency(r: MetadataReader, resolver: AssemblyResolver): number | undefined {
    if (this.defaultHints.has(r)) return this.defaultHints.get(r);
    let hint: number | undefined;
    const ddec = new CustomAttributeDecoder(r, resolver);
    for (const ca of assemblyAttributes(r, ddec, "System.Runtime.CompilerServices.DefaultDependencyAttribute")) {
      const [h] = ca.fixed;
      if (h && typeof h === "object" && "value" in h) hint = Number(h.value);
    }
    this.defaultHints.set(r, hint);
    return hint;
  }
}

function* assemblyAttributes(r: MetadataReader, dec: CustomAttributeDecoder, typeName: string) {
  const token = (Table.Assembly << 24) | 1;
  for (let i = 1; i <= r.rows(Table.CustomAttribute); i++) {
    if (r.tables.coded(Table.CustomAttribute, i, 0) !== token) continue;
    if (customAttributeClassName(r, i) !== typeName) continue;
    yield dec.decode(i);
  }
}

/** A resolver over the binder, for decoding attributes that name enums of other assemblies. */
function binderResolver(binder: Binder, ctx: BindContext): AssemblyResolver {
  return {
    resolve(ref) {
      try {
        return binder.bind(ref, ctx).reader;
      } catch {
        return null;
      }
    },
  };
}

function identityFor(s: Session, b: BindResult, closure: BindResult[], hard: Set<string>, scenario: Scenario, configFingerprint: string, env: Environment): IdentityBlock {
  const mine = closure.filter((d) => d.path !== b.path);
  const dependencies: DependencyIdentity[] = mine.map((d) => ({
    displayName: formatDisplayName(d.identity),
    path: d.path,
    hash: s.hash(d.path),
    mvid: d.reader.mvid,
    hardBound: hard.has(d.identity.name.toLowerCase()),
  }));
  return {
    format: 1,
    assembly: formatDisplayName(b.identity),
    mvid: b.reader.mvid,
    sourceHash: s.hash(b.path),
    dependencies,
    compiler: compilerVersion(),
    coreAbi: CORE_ABI_VERSION,
    runtimeAbi: RUNTIME_ABI_VERSION,
    cpuFeatures: env.cpuFeatures,
    os: env.os,
    scenario,
    configFingerprint,
  };
}

/** Runs of fewer compile jobs than this keep the backend in this thread (see InstallContext.backend). */
const OFFLOAD_JOBS = 2;
/** Images with fewer compile jobs than this (256 methods each) compile in this thread: starting workers would cost more. */
const PARALLEL_JOBS = 8;

/** Where an install's compile jobs run: on the workers when there are enough of them, else here. */
function compileRunner(ctx: InstallContext, ts: TypeSystem): CompileRunner & { threads: Map<ImageSpec, number> } {
  const here = new InProcessRunner(ctx.core, ts, ctx.backend, OFFLOAD_JOBS);
  const workers = ctx.workers;
  // For the log: how many threads compiled each image (the most any of its runs used).
  const threads = new Map<ImageSpec, number>();
  return {
    threads,
    run: (spec, jobs) => {
      const pooled = workers !== undefined && jobs.length >= PARALLEL_JOBS;
      const offloaded = !pooled && here.offloads(jobs);
      // The widest spread any run of the image had: one thread < backend thread (-1) < n compile threads.
      const now = pooled ? workers.size : offloaded ? -1 : 1;
      const before = threads.get(spec) ?? 1;
      const rank = (t: number) => (t < 0 ? 1.5 : t);
      threads.set(spec, rank(now) > rank(before) ? now : before);
      return pooled ? workers.run(spec, jobs) : here.run(spec, jobs);
    },
  };
}

/** For the log: how an image's compilation was spread (-1: the backend on a thread of its own). */
function threadNote(threads: number): string {
  return threads < 0 ? "; backend on its own thread" : threads > 1 ? `; ${threads} compile threads` : "";
}

function imageKey(id: IdentityBlock): string {
  return hashBytes(new TextEncoder().encode(JSON.stringify(id))).slice(0, 32);
}

/**
 * Binds what `install(ctx, target, opts)` would take as its root, compiling nothing: the queue
 * records it (and reports a file that is missing or not an assembly at once). `target` comes
 * back as install should be given it later: a path made absolute, or the display name.
 */
export function resolveRoot(ctx: InstallContext, target: string, opts: InstallOptions): { target: string; path: string; displayName: string } {
  const s = new Session(ctx);
  const targetPath = /[\\/]/.test(target) || /\.(dll|exe)$/i.test(target) ? s.abs(target) : null;
  const root = s.bindTarget(target, s.context(targetPath, opts));
  if (!isSafeComponent(root.identity.name)) throw new InstallError(`${root.path}: assembly name ${JSON.stringify(root.identity.name.slice(0, 80))} cannot name a cache directory`);
  return { target: targetPath ?? target, path: root.path, displayName: formatDisplayName(root.identity) };
}

export async function install(ctx: InstallContext, target: string, opts: InstallOptions): Promise<{ root: RootRecord; images: ImageOutcome[] }> {
  const s = new Session(ctx);
  const targetPath = /[\\/]/.test(target) || /\.(dll|exe)$/i.test(target) ? s.abs(target) : null;
  const bctx = s.context(targetPath, opts);
  const root = s.bindTarget(target, bctx);
  if (!isSafeComponent(root.identity.name)) throw new InstallError(`${root.path}: assembly name ${JSON.stringify(root.identity.name.slice(0, 80))} cannot name a cache directory`);
  ctx.log(`Installing assembly ${root.path}`);
  for (const line of root.log) ctx.log(line);
  const full = s.closure(root, bctx);
  const toCompile = opts.noDependencies ? [root] : full;
  const resolver = binderResolver(s.binder, bctx);
  const configFingerprint = bctx.config?.fingerprint ?? "";
  const release = await ctx.storage.lock(LOCK_TIMEOUT_MS);
  try {
    await opts.checkUnderLock?.();
    const index = await readIndex(ctx.storage);
    const ts = new TypeSystem(s.binder, bctx);
    const runner = compileRunner(ctx, ts);
    const outcomes: ImageOutcome[] = [];
    let done = 0;
    // Dependencies before the assemblies that use them, so a failure leaves the base usable.
    for (const b of [...toCompile].reverse()) {
      ctx.progress?.(done, toCompile.length, b.identity.name);
      const own = s.closure(b, bctx);
      const hard = s.hardBound(b.reader, own.slice(1), resolver);
      const id = identityFor(s, b, own, hard, opts.scenario, configFingerprint, ctx.environment);
      const key = imageKey(id);
      const existing = index.images.find((i) => i.key === `${b.identity.name}/${key}`);
      if (existing && (await imageIntact(ctx.storage, existing))) {
        outcomes.push({ name: b.identity.name, displayName: id.assembly, key: existing.key, status: "reused", methods: existing.methods });
        ctx.log(`  ${id.assembly}: valid native image reused`);
      } else {
        const module = ts.load(b.path);
        const spec = imageSpec(b.path, id, bctx, { debug: opts.scenario === "debug", profile: opts.scenario === "profile", hardBound: hard });
        const img = await compileImage(runner, ts, module, spec);
        const runtimeVersion = ts.corlib.reader.md.version;
        const imagePath = `${imagesRoot(runtimeVersion)}/${b.identity.name}/${key}/${b.identity.name}.ni.dll`;
        await ctx.storage.writeAtomic(imagePath, img.bytes);
        const rec: ImageRecord = {
          key: `${b.identity.name}/${key}`,
          name: b.identity.name,
          displayName: id.assembly,
          sourcePath: b.path,
          sourceHash: id.sourceHash,
          mvid: id.mvid,
          scenario: opts.scenario,
          configFingerprint,
          compilerVersion: id.compiler,
          abiVersion: RUNTIME_ABI_VERSION,
          cpuFeatures: id.cpuFeatures.join(" "),
          dependencies: id.dependencies.map((d) => ({ displayName: d.displayName, path: d.path, hash: d.hash, mvid: d.mvid, hardBound: d.hardBound })),
          imagePath,
          imageHash: hashBytes(img.bytes),
          methods: img.methods,
        };
        index.images = index.images.filter((i) => i.key !== rec.key);
        index.images.push(rec);
        outcomes.push({ name: b.identity.name, displayName: id.assembly, key: rec.key, status: "compiled", methods: img.methods });
        ctx.log(`  ${id.assembly}: compiled ${img.methods.compiled} of ${img.methods.total} methods and ${img.instantiations} generic instantiations they use (${img.codeBytes} bytes of code${threadNote(runner.threads.get(spec) ?? 1)})`);
        for (const [m, why] of img.exclusions) ctx.log(`    excluded ${m}: ${why}`);
      }
      done++;
    }
    ctx.progress?.(toCompile.length, toCompile.length, "");
    const rootRec: RootRecord = {
      displayName: formatDisplayName(root.identity),
      path: root.path,
      scenario: opts.scenario,
      configFingerprint,
      exeConfig: opts.exeConfig ? s.abs(opts.exeConfig) : null,
      appBase: opts.appBase ? s.abs(opts.appBase) : null,
      noDependencies: opts.noDependencies ?? false,
      images: outcomes.map((o) => o.key).reverse(),
    };
    index.roots = index.roots.filter((r) => !(r.path === rootRec.path && r.scenario === rootRec.scenario));
    index.roots.push(rootRec);
    await collect(ctx.storage, index);
    await writeIndex(ctx.storage, index);
    return { root: rootRec, images: outcomes.reverse() };
  } finally {
    await release();
  }
}

async function imageIntact(storage: CacheStorage, rec: ImageRecord): Promise<boolean> {
  const bytes = await storage.read(rec.imagePath);
  return bytes !== null && hashBytes(bytes) === rec.imageHash;
}

/** The native image found for one assembly of a program, or why there is none that can be used. */
export interface ImageLookup {
  /** The assembly's file as bound. */
  path: string;
  displayName: string;
  /**
   * The valid image: its index record, and its bytes (intact: their hash is the index's) unless
   * the caller reads them itself when it needs them (`readImages: false`; checkImageFile).
   */
  image: { record: ImageRecord; bytes: Uint8Array | null; identity: IdentityBlock } | null;
  /** Why no image is used (null when `image` is set). */
  reason: string | null;
}

/**
 * The native images a program would run with: for the program and every assembly of its
 * dependency closure (bound in the program's context, as install binds them), the image whose
 * identity block is the one an install would compute now. Without one, the reason: no image
 * in the cache, or the validity check that fails for the images of that assembly (the same
 * checks as display and update), or a missing or damaged file. Never throws for a bad cache.
 */
export async function findProgramImages(ctx: ValidationContext, programPath: string, scenario: Scenario, readImages = true): Promise<ImageLookup[]> {
  const s = new Session(ctx);
  const path = s.abs(programPath);
  const bctx = s.context(path, { scenario });
  const root = s.binder.bindPath(path);
  const full = s.closure(root, bctx, true);
  const out: ImageLookup[] = [];
  const none = (b: BindResult, reason: string) => out.push({ path: b.path, displayName: formatDisplayName(b.identity), image: null, reason });
  let index: CacheIndex;
  try {
    index = await readIndex(ctx.storage);
  } catch (e) {
    for (const b of full) none(b, `the cache index cannot be read: ${(e as Error).message}`);
    return out;
  }
  if (!index.images.length) {
    for (const b of full) none(b, "the cache holds no native images");
    return out;
  }
  const resolver = binderResolver(s.binder, bctx);
  const configFingerprint = bctx.config?.fingerprint ?? "";
  for (const b of full) {
    try {
      const own = s.closure(b, bctx);
      const hard = s.hardBound(b.reader, own.slice(1), resolver);
      const now = identityFor(s, b, own, hard, scenario, configFingerprint, ctx.environment);
      const rec = index.images.find((i) => i.key === `${b.identity.name}/${imageKey(now)}`);
      if (rec && !readImages) {
        out.push({ path: b.path, displayName: now.assembly, image: { record: rec, bytes: null, identity: now }, reason: null });
        continue;
      }
      if (rec) {
        const bytes = await ctx.storage.read(rec.imagePath);
        if (!bytes) none(b, `the image file ${rec.imagePath} is missing`);
        else if (hashBytes(bytes) !== rec.imageHash) none(b, `the image file ${rec.imagePath} is damaged (its hash is not the one the index recorded)`);
        else out.push({ path: b.path, displayName: now.assembly, image: { record: rec, bytes, identity: now }, reason: null });
        continue;
      }
      // No image with this identity: say why the images of this assembly do not fit.
      const candidates = index.images
        .filter((i) => i.name === b.identity.name && (i.sourcePath === b.path || i.displayName === now.assembly))
        .sort((x, y) => Number(y.scenario === scenario) - Number(x.scenario === scenario) || Number(y.sourcePath === b.path) - Number(x.sourcePath === b.path));
      let reason = "no native image in the cache";
      for (const c of candidates) {
        const bytes = await ctx.storage.read(c.imagePath);
        if (!bytes || hashBytes(bytes) !== c.imageHash) {
          reason = `the image file ${c.imagePath} is missing or damaged`;
          break;
        }
        try {
          reason = `${c.imagePath}: ${invalidReason(readNativeImage(bytes, c.imagePath).identity as IdentityBlock, now) ?? "its identity differs"}`;
        } catch (e) {
          reason = `${c.imagePath}: ${(e as Error).message}`;
        }
        break;
      }
      none(b, reason);
    } catch (e) {
      none(b, `cannot validate: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Why an image file's bytes cannot be used as the index records them (null: intact). */
export function checkImageFile(record: ImageRecord, bytes: Uint8Array | null, sha1?: (b: Uint8Array) => string): string | null {
  if (!bytes) return `the image file ${record.imagePath} is missing`;
  const h = sha1 ? sha1(bytes) : hex(sha1Portable(bytes));
  return h === record.imageHash ? null : `the image file ${record.imagePath} is damaged (its hash is not the one the index recorded)`;
}

/** Removes images no root needs (files and index entries). */
async function collect(storage: CacheStorage, index: CacheIndex): Promise<string[]> {
  const counts = referenceCounts(index);
  const gone: string[] = [];
  index.images = index.images.filter((i) => {
    if ((counts.get(i.key) ?? 0) > 0) return true;
    gone.push(i.imagePath);
    return false;
  });
  for (const p of gone) {
    await storage.remove(p);
    await storage.removeEmptyDir(dirname(p));
    await storage.removeEmptyDir(dirname(dirname(p)));
  }
  return gone;
}

/** Roots that `target` (a path or a full or partial display name) names. */
function matchRoots(s: Session, index: CacheIndex, target: string): RootRecord[] {
  if (/[\\/]/.test(target) || /\.(dll|exe)$/i.test(target)) {
    const path = s.abs(target);
    return index.roots.filter((r) => r.path === path);
  }
  const want = parseDisplayName(target);
  return index.roots.filter((r) => identityMatches(want, parseDisplayName(r.displayName)));
}

export async function uninstall(ctx: InstallContext, target: string, scenarios: Scenario[] | null): Promise<{ roots: RootRecord[]; removedImages: string[]; dependents: string[] }> {
  if (target.trim() === "*") throw new InstallError("uninstall * is not supported: name the assemblies to uninstall (Ngen refuses it too)");
  const s = new Session(ctx);
  const release = await ctx.storage.lock(LOCK_TIMEOUT_MS);
  try {
    const index = await readIndex(ctx.storage);
    const roots = matchRoots(s, index, target).filter((r) => !scenarios || scenarios.includes(r.scenario));
    if (!roots.length) {
      // Not a root: say who needs it, and remove nothing.
      const named = /[\\/]/.test(target) ? null : parseDisplayName(target);
      const imgs = index.images.filter((i) => (named ? identityMatches(named, parseDisplayName(i.displayName)) : i.sourcePath === s.abs(target)));
      const dependents = index.roots.filter((r) => r.images.some((k) => imgs.some((i) => i.key === k))).map((r) => r.displayName);
      if (!imgs.length) throw new InstallError(`${target}: not installed`);
      return { roots: [], removedImages: [], dependents };
    }
    index.roots = index.roots.filter((r) => !roots.includes(r));
    const removed = await collect(ctx.storage, index);
    await writeIndex(ctx.storage, index);
    for (const r of roots) ctx.log(`Uninstalling assembly ${r.displayName} (${r.scenario})`);
    return { roots, removedImages: removed, dependents: [] };
  } finally {
    await release();
  }
}

export interface ImageState {
  record: ImageRecord;
  valid: boolean;
  reason: string | null;
  references: number;
  /** Roots that need this image. */
  roots: string[];
}

/**
 * Validates every image: its file, and its identity block against the one an install would
 * compute now (the assembly and every dependency as bound now, in the context of a root that
 * needs it: application base and configuration; compiler, runtime ABI, CPU, OS).
 */
async function states(ctx: InstallContext, index: CacheIndex): Promise<ImageState[]> {
  const s = new Session(ctx);
  const counts = referenceCounts(index);
  const out: ImageState[] = [];
  for (const rec of index.images) {
    let reason: string | null = null;
    const roots = index.roots.filter((r) => r.images.includes(rec.key));
    try {
      const bytes = await ctx.storage.read(rec.imagePath);
      if (!bytes || hashBytes(bytes) !== rec.imageHash) reason = "the image file is missing or damaged";
      else if (!ctx.fs.read(rec.sourcePath)) reason = `${rec.sourcePath} no longer exists`;
      else {
        const image = readNativeImage(bytes, rec.imagePath).identity as IdentityBlock;
        const root = roots[0];
        const bctx = s.context(root ? root.path : rec.sourcePath, {
          scenario: rec.scenario,
          exeConfig: root?.exeConfig ?? undefined,
          appBase: root?.appBase ?? undefined,
        });
        const b = s.binder.bindPath(rec.sourcePath);
        const closure = s.closure(b, bctx);
        const hard = s.hardBound(b.reader, closure.slice(1), binderResolver(s.binder, bctx));
        const now = identityFor(s, b, closure, hard, rec.scenario, bctx.config?.fingerprint ?? "", ctx.environment);
        reason = invalidReason(image, now);
      }
    } catch (e) {
      reason = `cannot validate: ${(e as Error).message}`;
    }
    out.push({ record: rec, valid: reason === null, reason, references: counts.get(rec.key) ?? 0, roots: roots.map((r) => r.displayName) });
  }
  return out;
}

export async function display(ctx: InstallContext, target: string | null): Promise<{ roots: RootRecord[]; images: ImageState[]; dependents: RootRecord[] }> {
  const index = await readIndex(ctx.storage);
  const s = new Session(ctx);
  let images = await states(ctx, index);
  let roots = index.roots;
  let dependents: RootRecord[] = [];
  if (target) {
    const named = /[\\/]/.test(target) || /\.(dll|exe)$/i.test(target) ? null : parseDisplayName(target);
    const path = named ? null : s.abs(target);
    images = images.filter((i) => (named ? identityMatches(named, parseDisplayName(i.record.displayName)) : i.record.sourcePath === path));
    roots = matchRoots(s, index, target);
    dependents = index.roots.filter((r) => r.images.some((k) => images.some((i) => i.record.key === k)) && !roots.includes(r));
    if (!images.length && !roots.length) throw new InstallError(`${target}: not installed`);
  }
  return { roots, images, dependents };
}

/** Re-validates every image and reinstalls each root whose images are not all valid. */
export async function update(ctx: InstallContext): Promise<{ regenerated: string[]; roots: number }> {
  const { stale, roots } = await rootsToUpdate(ctx);
  const regenerated: string[] = [];
  for (const r of stale) {
    ctx.log(`Updating ${r.displayName} (${r.scenario})`);
    const res = await install(ctx, r.path, {
      scenario: r.scenario,
      exeConfig: r.exeConfig ?? undefined,
      appBase: r.appBase ?? undefined,
      noDependencies: r.noDependencies,
    });
    for (const o of res.images) if (o.status === "compiled") regenerated.push(o.displayName);
  }
  return { regenerated: [...new Set(regenerated)], roots };
}

/** The roots that have at least one invalid image (what update reinstalls), and how many roots there are. */
export async function rootsToUpdate(ctx: InstallContext): Promise<{ stale: RootRecord[]; roots: number }> {
  const index = await readIndex(ctx.storage);
  const invalid = new Set((await states(ctx, index)).filter((i) => !i.valid).map((i) => i.record.key));
  return { stale: index.roots.filter((r) => r.images.some((k) => invalid.has(k))), roots: index.roots.length };
}

export { CacheError, fnv1a };
