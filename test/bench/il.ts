// IL reading alone: every method body of mscorlib.dll read, validated (headers, sections,
// clauses, instruction boundaries) and fully decoded, warm — against Mono.Cecil reading the
// same bodies and instructions in process (test/il/oracle/CecilBodyBench.cs).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ByteView } from "../../host/metadata/bytes.js";
import { ILReader, bodyCode, checkBodyOffsets } from "../../host/metadata/il/decoder.js";
import { readMethodBody } from "../../host/metadata/il/method-body.js";
import { MetadataReader } from "../../host/metadata/reader.js";
import { Table } from "../../host/metadata/schema.js";
import type { BenchModule, BenchResult } from "./types.js";

const FILE = "/usr/lib/mono/4.5/mscorlib.dll";
const CECIL = "/usr/lib/mono/gac/Mono.Cecil/0.11.0.0__0738eb9f132ed756/Mono.Cecil.dll";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Body offsets of every IL method (the metadata walk is not part of the timing). */
function bodyOffsets(bytes: Uint8Array): number[] {
  const r = MetadataReader.open(bytes, FILE);
  const out: number[] = [];
  for (let row = 1; row <= r.rows(Table.MethodDef); row++) {
    const rva = r.tables.cell(Table.MethodDef, row, 0);
    const implFlags = r.tables.cell(Table.MethodDef, row, 1);
    if (rva !== 0 && (implFlags & 3) === 0) out.push(r.bodyOffset(rva));
  }
  return out;
}

function cecilPeer(): { ms: number; instructions: number } | null {
  try {
    // Compiled from test/il/oracle; the bench runs from dist/test/bench, the source sits two levels up.
    const here = dirname(fileURLToPath(import.meta.url));
    const src = [join(here, "..", "il", "oracle", "CecilBodyBench.cs"), join(here, "..", "..", "..", "test", "il", "oracle", "CecilBodyBench.cs")];
    const dir = mkdtempSync(join(tmpdir(), "ngen-il-bench-"));
    const exe = join(dir, "CecilBodyBench.exe");
    let built = false;
    for (const s of src) {
      try {
        execFileSync("mcs", [`-r:${CECIL}`, s, `-out:${exe}`], { stdio: "pipe" });
        built = true;
        break;
      } catch {
        // try the next location
      }
    }
    if (!built) return null;
    const out = execFileSync("mono", [exe, FILE], { encoding: "utf8", env: { ...process.env, MONO_PATH: dirname(CECIL) } });
    const [ms, n] = out.trim().split(" ");
    return { ms: Number(ms), instructions: Number(n) };
  } catch {
    return null;
  }
}

export const ilBench: BenchModule = {
  name: "il",
  async run(): Promise<BenchResult[]> {
    const bytes = new Uint8Array(readFileSync(FILE));
    const offsets = bodyOffsets(bytes);
    const view = new ByteView(bytes, FILE);
    let instructions = 0;
    let ilBytes = 0;
    const once = (): number => {
      const t0 = performance.now();
      let n = 0;
      let size = 0;
      for (const o of offsets) {
        const body = readMethodBody(view, o);
        checkBodyOffsets(view, body);
        const r = new ILReader(bodyCode(view, body));
        while (r.next()) n++;
        size += body.codeSize;
      }
      instructions = n;
      ilBytes = size;
      return performance.now() - t0;
    };
    for (let i = 0; i < 5; i++) once();
    const runs: number[] = [];
    for (let i = 0; i < 15; i++) runs.push(once());
    const ms = median(runs);
    const peer = cecilPeer();
    const mb = ilBytes / (1 << 20);
    const work = `${offsets.length} bodies, ${instructions} instructions, ${(ilBytes / 1024).toFixed(0)} KiB of IL`;
    return [
      {
        name: "il: read, validate and decode every mscorlib body (warm)",
        value: ms,
        unit: "ms",
        peer: peer ? "Mono.Cecil bodies + instructions (warm, in process)" : null,
        peerValue: peer ? peer.ms : null,
        note: peer ? `${(peer.ms / ms).toFixed(1)}x the peer's speed; ${work}` : work,
      },
      {
        name: "il: instructions read, validated and decoded per second",
        value: instructions / ms / 1000,
        unit: "M instr/s",
        peer: peer ? "Mono.Cecil bodies + instructions (warm, in process)" : null,
        peerValue: peer ? peer.instructions / peer.ms / 1000 : null,
        note: `${(mb / (ms / 1000)).toFixed(0)} MB/s of IL`,
      },
    ];
  },
};
