// Exhaustive form check, rows with id % 2 === 1 (see exhaustive.ts).
import { describe, expect, it } from "vitest";
import { loadCoreNode } from "../../host/core/load-core-node.js";
import { runExhaustive } from "./exhaustive.js";

describe("x86-64 encoder: exhaustive forms vs iced-x86 (part 1 of 2)", () => {
  it("every row × register × memory shape × immediate edge gives iced's bytes", () => {
    const r = runExhaustive(loadCoreNode(), 1, 2);
    console.log(`exhaustive part 1: ${r.forms} forms, ${r.cases} byte-compared cases, ${r.errors} rejected cases checked`);
    expect(r.failures).toEqual([]);
    expect(r.forms).toBeGreaterThan(150);
    expect(r.cases).toBeGreaterThan(100_000);
  });
});
