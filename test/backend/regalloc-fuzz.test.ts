// The register allocator under fuzzing: seeded random VCode functions (host/codegen/vcode-fuzz.ts)
// through the core's allocator, every answer verified by the independent checker
// (host/codegen/regalloc-checker.ts). Several shapes: the default mix, high pressure (80 long-lived
// values, half XMM), large CFGs (random or local edges), tiny functions, and instruction selection's
// layout (critical-edge blocks last, empty blocks). REGALLOC_SEED shifts the seeds.
import { describe, expect, it } from "vitest";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { asRegallocCore, allocateRegisters, formatVCode, raErrorNames, numInsts } from "../../host/codegen/vcode.js";
import { fuzzVCode, type FuzzOptions } from "../../host/codegen/vcode-fuzz.js";
import { checkAllocation } from "../../host/codegen/regalloc-checker.js";

const BASE = Number(process.env.REGALLOC_SEED ?? 1);

const shapes: { name: string; count: number; opts: FuzzOptions }[] = [
  { name: "default mix", count: 5000, opts: {} },
  { name: "high pressure", count: 2500, opts: { maxGlobals: 80, xmmShare: 0.5 } },
  { name: "large CFGs", count: 500, opts: { minBlocks: 30, maxBlocks: 80, maxInsts: 16 } },
  { name: "large local CFGs", count: 200, opts: { minBlocks: 60, maxBlocks: 150, edgeWindow: 6, availCap: 48 } },
  { name: "tiny functions", count: 2500, opts: { minBlocks: 1, maxBlocks: 3, maxInsts: 5, maxGlobals: 4 } },
  // Instruction selection's layout: critical-edge blocks after all others, empty blocks (lone jumps).
  { name: "edge blocks last", count: 1000, opts: { edgeBlocksLast: true, minInsts: 0, maxInsts: 8 } },
];

describe("register allocator: fuzzing against the checker", () => {
  const core = asRegallocCore(loadCoreNode());
  let total = 0;
  for (const shape of shapes) {
    it(`${shape.count} ${shape.name} functions allocate and check clean`, () => {
      let insts = 0, spills = 0, reloads = 0, moves = 0;
      for (let k = 0; k < shape.count; k++) {
        const seed = (BASE + k) * 2654435761 + shape.name.length;
        const vc = fuzzVCode(seed >>> 0, shape.opts);
        const res = allocateRegisters(core, vc, true);
        if (res.status !== 0) {
          expect.fail(`seed ${seed >>> 0} (${shape.name}): ${raErrorNames[res.status] ?? res.status}\n${formatVCode(vc)}`);
        }
        const v = checkAllocation(vc, res);
        if (v) expect.fail(`seed ${seed >>> 0} (${shape.name}): ${v.message}\n${formatVCode(vc, res)}`);
        insts += numInsts(vc);
        spills += res.spills;
        reloads += res.reloads;
        moves += res.moves;
      }
      total += shape.count;
      const per = (x: number) => ((x * 1000) / insts).toFixed(0);
      console.log(`${shape.name}: ${shape.count} functions, ${insts} instructions, 0 violations; per 1000 instructions: ${per(spills)} spills, ${per(reloads)} reloads, ${per(moves)} moves`);
      expect(insts).toBeGreaterThan(shape.count);
    });
  }
  it("ran at least 10,000 functions", () => {
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});
