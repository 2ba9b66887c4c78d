/**
 * `ngen run`: binds a program, builds its type system, JIT-runs its entry point and reports
 * the outcome as Mono does. Node only.
 *
 * Outcomes (the exit code is the return value):
 * - Main returns: its int result (0 for void); console output flushed.
 * - An exception is still pending after Main: "Unhandled Exception:" and the exception on
 *   stderr, exit code 1 (Mono's format; the stack trace is not reproduced yet).
 * - A method the JIT cannot compile (or another fatal condition): one line on stderr, exit 1
 *   (internal errors: exit 2).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Binder } from "../binder/binder.js";
import type { BackendCore } from "../codegen/backend.js";
import { loadCoreNode } from "../core/load-core-node.js";
import { importMethod } from "../importer/importer.js";
import { formatDisplayName } from "../metadata/identity.js";
import { nodeBinderFS } from "../node/node-fs.js";
import { TypeSystem } from "../typesystem/typesystem.js";
import { Kind, type MethodDesc } from "../typesystem/types.js";
import { ARRAY_DATA_OFFSET } from "../typesystem/layout.js";
import { Runtime, clrTypeName, writeAllSync, type ImportMethod } from "./runtime.js";
import { describeException } from "./describe.js";
import { readNativeImage } from "../image/native-image.js";
import { checkImageFile, findProgramImages, type ImageLookup } from "../install/installer.js";
import type { IdentityBlock } from "../install/identity-block.js";
import { nodeEnvironment } from "../node/environment.js";
import { mapNativeImage } from "../node/image-mapping.js";
import { cacheRoot } from "../node/install-context.js";
import { NodeStorage } from "../node/node-storage.js";

export { describeException };

export const MONO_LIB = "/usr/lib/mono/4.5";
export const MONO_GAC = "/usr/lib/mono/gac";

export interface RunOptions {
  args?: readonly string[];
  /** NGEN_LOG=bind / verbose: binding and JIT log lines. */
  log?: ((line: string) => void) | null;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  heapSize?: number;
  corlibDir?: string;
  gac?: string;
  core?: BackendCore;
  importer?: ImportMethod | null;
  /** Lists the IR and machine code of compiled methods whose name contains this text (stderr). */
  dumpCode?: string | null;
  /** The native image cache to take code from (default: NGEN_CACHE or the per-user cache); null: JIT everything. */
  cacheRoot?: string | null;
}

export class ProgramError extends Error {
  override readonly name = "ProgramError";
}

/** Runs the program in `exePath`; returns the process exit code. */
export async function runProgram(exePath: string, options: RunOptions = {}): Promise<number> {
  const path = resolve(exePath);
  const stderr = options.stderr ?? ((s: string) => writeAllSync(2, s));
  const log = options.log ?? null;
  const ts = new TypeSystem(new Binder(nodeBinderFS), { appBase: dirname(path), gac: options.gac ?? MONO_GAC, corlibDir: options.corlibDir ?? MONO_LIB });
  const module = ts.load(path);
  log?.(`bind: ${formatDisplayName(module.identity)} from ${path}`);
  const token = module.reader.pe.cli.entryPoint;
  if (token === 0) throw new ProgramError(`${path}: the assembly has no entry point (not a program)`);
  const main = ts.methodFromToken(module, token);
  const importer = options.importer === undefined ? importMethod : options.importer;
  const gac = options.gac ?? MONO_GAC, corlibDir = options.corlibDir ?? MONO_LIB;
  const root = options.cacheRoot === undefined ? cacheRoot() : options.cacheRoot;
  let lookups: ImageLookup[] = [];
  if (root !== null) {
    try {
      lookups = await findImages(ts.binder, root, path, gac, corlibDir);
    } catch (e) {
      log?.(`bind: native images not used: ${(e as Error).message}`);
    }
  }
  const rt = new Runtime(options.core ?? (loadCoreNode() as BackendCore), ts, {
    heapSize: options.heapSize ?? heapSizeFromEnv(),
    gcBudget: process.env.NGEN_GC_BUDGET ? sizeFromEnv("NGEN_GC_BUDGET", process.env.NGEN_GC_BUDGET) : undefined,
    importer,
    log: log ? (l) => log(l) : null,
    stdout: options.stdout,
    // The disassembler (iced-x86) is loaded only when code is listed.
    dumpCode: options.dumpCode ? { filter: options.dumpCode, write: stderr, disassemble: await listingDisassembler() } : null,
  });
  try {
    if (root !== null) useImages(rt, root, lookups, log);
    rt.commandLine = [path, ...(options.args ?? [])];
    const args = mainArguments(rt, main, options.args ?? []);
    const t0 = performance.now();
    const result = rt.invoke(main, args);
    // The runtime waits for the foreground threads still to run before the process ends.
    rt.threads.drain();
    const code = finish(rt, main, result, stderr);
    if (log) {
      // Every assembly the program bound, and how its code ran.
      for (const m of ts.modules) {
        const li = rt.imageOf(m);
        const how = li ? `${li.methodsRun} methods ran from native image ${li.file}` : rt.hasUnusedImage(m.path) ? "valid native image not loaded (none of its methods ran)" : "JIT-compiled (no native image)";
        log(`bind: ${formatDisplayName(m.identity)} from ${m.path}: ${how}`);
      }
      log(`images: ${rt.imageMethods} methods ran from native images, ${rt.compiled.length} were JIT-compiled`);
      const st = rt.stats;
      const gc = rt.gc.stats;
      log(`GC: ${gc.collections} collections in ${gc.ms.toFixed(0)} ms; ${(gc.live / 1048576).toFixed(1)} MiB live after the last; heap ${(rt.heapSize / 1048576).toFixed(0)} MiB`);
      log(`JIT: ${rt.compiled.length} methods compiled (${st.irInsts} IR instructions, ${(st.codeBytes / 1024).toFixed(1)} KiB of code); import ${st.importMs.toFixed(0)} ms, backend ${st.backendMs.toFixed(0)} ms; Main ran ${(performance.now() - t0).toFixed(0)} ms in all`);
    }
    return code;
  } finally {
    rt.dispose();
  }
}

/** The program's images as the cache has them (validated as display and update validate). */
async function findImages(binder: Binder, root: string, path: string, gac: string, corlibDir: string): Promise<ImageLookup[]> {
  return findProgramImages({
    binder,
    storage: new NodeStorage(root),
    fs: nodeBinderFS,
    environment: nodeEnvironment(),
    gac,
    corlibDir,
    cwd: process.cwd(),
    log: () => {},
    sha1,
  }, path, "default", false);
}

/**
 * Offers each valid image to the runtime, which loads it when it first needs code of that
 * assembly: the file is read and checked against the index's hash, parsed and mapped then. A
 * file that cannot be read, parsed or mapped is rejected (its assembly is JIT-compiled).
 */
function useImages(rt: Runtime, root: string, lookups: readonly ImageLookup[], log: ((line: string) => void) | null): void {
  for (const l of lookups) {
    const found = l.image;
    if (!found) {
      log?.(`bind: ${l.displayName} from ${l.path}: no native image used: ${l.reason}`);
      continue;
    }
    const file = join(root, found.record.imagePath);
    rt.offerImage(l.path, (module) => {
      try {
        let bytes: Uint8Array | null = null;
        try {
          bytes = new Uint8Array(readFileSync(file));
        } catch {
          bytes = null;
        }
        const bad = checkImageFile(found.record, bytes, sha1);
        if (bad) throw new Error(bad);
        const image = readNativeImage(bytes!, file);
        const mapped = mapNativeImage(image, bytes!);
        try {
          rt.attachImage(module, file, image, mapped, (image.identity as IdentityBlock).dependencies);
        } catch (e) {
          mapped.dispose();
          throw e;
        }
        log?.(`bind: ${l.displayName} from ${l.path}: native image ${file} (${mapped.atPreferredBase ? "at its preferred base" : `relocated to 0x${mapped.base.toString(16)}`})`);
        return true;
      } catch (e) {
        log?.(`bind: ${l.displayName} from ${l.path}: native image ${file} rejected: ${(e as Error).message}`);
        return false;
      }
    });
  }
}

const sha1 = (b: Uint8Array) => createHash("sha1").update(b).digest("hex");

function mainArguments(rt: Runtime, main: MethodDesc, args: readonly string[]): number[] {
  const p = main.sig.params;
  if (p.length === 0) return [];
  if (p.length !== 1 || p[0]!.kind !== Kind.SzArray || p[0]!.elem!.kind !== Kind.String) {
    throw new ProgramError(`${displayName(main)}: Main must take no parameters or a string[]`);
  }
  const arr = rt.allocArray(rt.ts.primitive(Kind.String), args.length);
  args.forEach((a, i) => rt.w64(arr + ARRAY_DATA_OFFSET + 8 * i, rt.newString(a)));
  return [arr];
}

function displayName(md: MethodDesc): string {
  return `${clrTypeName(md.owner)}::${md.name}`;
}

function finish(rt: Runtime, main: MethodDesc, result: unknown, stderr: (s: string) => void): number {
  rt.flush();
  const fatal = rt.fatal;
  if (fatal) {
    if (fatal.kind === "exit") return fatal.exitCode;
    stderr(`${fatal.message}\n`);
    return fatal.exitCode;
  }
  const ex = rt.pendingException;
  if (ex !== 0) {
    const text = describeException(rt, ex);
    stderr(`\nUnhandled Exception:\n${text}\n[ERROR] FATAL UNHANDLED EXCEPTION: ${text}\n`);
    return 1;
  }
  if (main.sig.returnType.kind === Kind.Void) return rt.exitCode;
  return Number(result) | 0;
}

/** NGEN_HEAP_SIZE (bytes, or with a K/M/G suffix) or the default. */
function heapSizeFromEnv(): number | undefined {
  const v = process.env.NGEN_HEAP_SIZE;
  return v ? sizeFromEnv("NGEN_HEAP_SIZE", v) : undefined;
}

/** A size in bytes, or with a K/M/G suffix. */
function sizeFromEnv(name: string, v: string): number {
  const m = /^(\d+)([KMG]?)i?B?$/i.exec(v.trim());
  if (!m) throw new ProgramError(`${name}=${v}: expected a size such as 512M or 2G`);
  const unit = { "": 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[m[2]!.toUpperCase() as "" | "K" | "M" | "G"];
  return Number(m[1]) * unit;
}

async function listingDisassembler(): Promise<(code: Uint8Array, ip: number) => string> {
  const { disassemble } = await import("../codegen/disassemble.js");
  return (code, ip) => disassemble(code, { ip });
}
