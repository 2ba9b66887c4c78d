// `npm run bench [-- name…]`: runs every benchmark module (or the named ones), prints a table
// and writes test/bench/results.json in the shared [{name, value, unit, peer, peerValue}] format.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { BenchModule, BenchResult } from "./types.js";
import { modules } from "./modules.js";

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to dist/test/bench; results go to the source tree's test/bench.
const resultsPath = join(here, "..", "..", "..", "test", "bench", "results.json");

function fmt(v: number | null): string {
  if (v === null) return "-";
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected: BenchModule[] = wanted.length ? modules.filter((m) => wanted.includes(m.name)) : modules;
  if (wanted.length && selected.length !== wanted.length) {
    console.error(`unknown benchmark; available: ${modules.map((m) => m.name).join(", ")}`);
    process.exit(1);
  }
  const results: BenchResult[] = [];
  for (const m of selected) {
    process.stderr.write(`running ${m.name}…\n`);
    results.push(...(await m.run()));
  }
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.peer ?? "-",
    r.peerValue === null ? "-" : `${fmt(r.peerValue)} ${r.unit}`,
    r.note ?? "",
  ]);
  const head = ["benchmark", "value", "peer", "peer value", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  writeFileSync(resultsPath, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote ${resultsPath}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
