// C# programs under test/programs, built with mcs (cached by source hash under test/.cache),
// run under Mono and under `ngen run` (the CLI from dist/, rebuilt when a source is newer).
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../support/fixtures.js";

export const PROGRAMS = join(ROOT, "test", "programs");
const BIN = join(ROOT, "test", ".cache", "programs");
const CLI = join(ROOT, "bin", "ngen.mjs");

/** Compiles test/programs/<name>.cs (once per source content); returns the .exe (or .dll with -target:library) path. */
export function buildProgram(name: string, flags: string[] = []): string {
  mkdirSync(BIN, { recursive: true });
  const src = join(PROGRAMS, `${name}.cs`);
  const out = join(BIN, `${name}.${flags.includes("-target:library") ? "dll" : "exe"}`);
  const hash = createHash("sha256").update(flags.join(" ")).update(readFileSync(src)).digest("hex");
  const stamp = `${out}.stamp`;
  if (!existsSync(out) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== hash) {
    try {
      execFileSync("mcs", [...flags, `-out:${out}`, src], { stdio: "pipe" });
    } catch (e) {
      const err = e as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`mcs failed on ${name}.cs:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    }
    writeFileSync(stamp, hash);
  }
  return out;
}

function newest(dir: string, ext: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Rebuilds dist/ (tsc -p tsconfig.build.json) when a host or shared source is newer than the CLI build. */
export function ensureCliBuilt(): void {
  const built = join(ROOT, "dist", "host", "runtime", "run.js");
  const sources = Math.max(newest(join(ROOT, "host"), ".ts"), newest(join(ROOT, "core-as", "shared"), ".ts"));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "pipe", cwd: ROOT });
}

export interface ProcessResult {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs under Mono; `input` is the program's standard input (empty by default). */
export function runMono(exe: string, args: string[] = [], env: Record<string, string> = {}, input = ""): ProcessResult {
  const r = spawnSync("mono", [exe, ...args], { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, ...env }, input });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}

/** Runs under `ngen run`; `input` is the program's standard input (empty by default). */
export function runNgen(exe: string, args: string[] = [], env: Record<string, string> = {}, input = ""): ProcessResult {
  const r = spawnSync(process.execPath, [CLI, "run", exe, ...args], { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, ...env }, input });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
}
