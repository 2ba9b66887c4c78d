// Builds the C# and IL fixtures under test/fixtures with Mono's mcs and ilasm into
// test/fixtures/bin, rebuilding only when a source changed (a hash stamp beside each output).
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures");
export const FIXTURE_BIN = join(FIXTURES, "bin");

/** C# fixtures that need extra compiler flags. */
const CS_FLAGS: Record<string, string[]> = { "Features.cs": ["-unsafe"] };

export function fixture(name: string): string {
  const p = join(FIXTURE_BIN, name);
  if (!existsSync(p)) throw new Error(`fixture ${name} was not built (${p}); the vitest global setup builds it`);
  return p;
}

export function buildFixtures(): string[] {
  mkdirSync(FIXTURE_BIN, { recursive: true });
  const built: string[] = [];
  for (const src of readdirSync(FIXTURES).sort()) {
    const path = join(FIXTURES, src);
    let out: string;
    let cmd: string;
    let args: string[];
    const isExe = (text: string) => /static\s+(int|void)\s+Main\s*\(/.test(text);
    const text = existsSync(path) && /\.(cs|il)$/.test(src) ? readFileSync(path, "utf8") : null;
    if (text === null) continue;
    if (src.endsWith(".cs")) {
      out = join(FIXTURE_BIN, basename(src, ".cs") + (isExe(text) ? ".exe" : ".dll"));
      cmd = "mcs";
      args = [`-target:${isExe(text) ? "exe" : "library"}`, ...(CS_FLAGS[src] ?? []), `-out:${out}`, path];
    } else {
      out = join(FIXTURE_BIN, basename(src, ".il") + ".dll");
      cmd = "ilasm";
      args = ["/dll", "/quiet", `/output:${out}`, path];
    }
    const hash = createHash("sha256").update(cmd + args.join(" ")).update(text).digest("hex");
    const stamp = out + ".stamp";
    if (!existsSync(out) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== hash) {
      try {
        execFileSync(cmd, args, { stdio: "pipe" });
      } catch (e) {
        const err = e as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(`${cmd} failed on ${src}:\n${err.stdout?.toString() ?? ""}${err.stderr?.toString() ?? ""}`);
      }
      writeFileSync(stamp, hash);
    }
    built.push(out);
  }
  // The same C# built for x64: mcs then writes a PE32+ image.
  const x64 = join(FIXTURE_BIN, "Features64.dll");
  const src = join(FIXTURES, "Features.cs");
  const args = ["-target:library", "-unsafe", "-platform:x64", `-out:${x64}`, src];
  const hash = createHash("sha256").update(args.join(" ")).update(readFileSync(src)).digest("hex");
  if (!existsSync(x64) || !existsSync(x64 + ".stamp") || readFileSync(x64 + ".stamp", "utf8") !== hash) {
    execFileSync("mcs", args, { stdio: "pipe" });
    writeFileSync(x64 + ".stamp", hash);
  }
  built.push(x64);
  return built;
}
