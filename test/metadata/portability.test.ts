// The reader runs in a browser worker: nothing under host/metadata (nor the public API it is
// reached through) may use Node-only modules or globals.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/fixtures.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const NODE_ONLY = [/from\s+["']node:/, /from\s+["'](fs|path|os|child_process|crypto|url)["']/, /\brequire\(/, /\bBuffer\./, /\bprocess\./, /\b__dirname\b/];

describe("browser-safe modules", () => {
  const files = [...sources(join(ROOT, "host", "metadata")), join(ROOT, "host", "api.ts")];

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))("%s uses no Node-only API", (_, file) => {
    const text = readFileSync(file, "utf8");
    for (const pattern of NODE_ONLY) expect(text, `${file} matches ${pattern}`).not.toMatch(pattern);
  });

  it("covers the whole reader", () => {
    expect(files.length).toBeGreaterThan(12);
  });
});
