// Mono's class libraries as real-world inputs, and monodis as the reference reader.
import { execFileSync } from "node:child_process";
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";

export const MONO_LIB = "/usr/lib/mono/4.5";
export const MONO_GAC = "/usr/lib/mono/gac";

/** Every .dll/.exe under the Mono library directory and the GAC, deduplicated by real path. */
export function monoAssemblies(): string[] {
  const files = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      let s;
      try {
        s = statSync(p);
      } catch {
        continue; // dangling symlink
      }
      if (s.isDirectory()) walk(p);
      else if (/\.(dll|exe)$/i.test(e)) files.add(realpathSync(p));
    }
  };
  walk(MONO_LIB);
  walk(MONO_GAC);
  return [...files].sort();
}

/** monodis's output for `file`: a table dump with a flag such as --typedef, or the whole disassembly without. */
export function monodis(flag: string | null, file: string): string {
  return execFileSync("monodis", flag ? [flag, file] : [file], { encoding: "utf8", maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "pipe"] });
}
