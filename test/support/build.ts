// Builds small C# programs and libraries into a directory with mcs, for binder and cache tests.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface CsUnit {
  /** Output path relative to the directory, e.g. "bin/myLib.dll" or "App.exe". */
  out: string;
  source: string;
  /** Paths (relative to the directory) of referenced assemblies. */
  refs?: string[];
  /** Strong-name key file (relative), made with `sn -k` when missing. */
  key?: string;
}

export function snKey(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync("sn", ["-q", "-k", path], { stdio: "pipe" });
  return path;
}

/** Compiles each unit in order; later units may reference earlier ones. */
export function buildCs(dir: string, units: CsUnit[]): void {
  for (const u of units) {
    const out = join(dir, u.out);
    mkdirSync(dirname(out), { recursive: true });
    const src = join(dir, `${u.out.replace(/[\/.]/g, "_")}.cs`);
    writeFileSync(src, u.source);
    const args = [`-target:${u.out.endsWith(".exe") ? "exe" : "library"}`, `-out:${out}`, ...(u.refs ?? []).map((r) => `-r:${join(dir, r)}`)];
    if (u.key) args.push(`-keyfile:${join(dir, u.key)}`);
    try {
      execFileSync("mcs", [...args, src], { stdio: "pipe" });
    } catch (e) {
      const err = e as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`mcs failed for ${u.out}:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    }
  }
}
