// The generated form ids and packed table are what the generator produces from the description
// now (no stale or hand-edited copy), and every row names a real iced-x86 Code.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Code } from "iced-x86";
import { spliceFormIds, generateFormTable } from "../../host/core/gen-encoder-table.js";
import { formRows } from "../../host/core/x86-forms.js";
import * as L from "../../core-as/shared/encoder-layout.js";

const root = new URL("../../", import.meta.url);

describe("x86-64 encoder: form table", () => {
  it("committed encoder-layout.ts form ids match the generator", () => {
    const src = readFileSync(new URL("core-as/shared/encoder-layout.ts", root), "utf8");
    expect(spliceFormIds(src)).toBe(src);
  });
  it("committed form-table.ts matches the generator", () => {
    expect(readFileSync(new URL("core-as/encoder/form-table.ts", root), "utf8")).toBe(generateFormTable());
  });
  it("form ids are the row indices and every row's iced Code exists", () => {
    expect(L.FORM_COUNT).toBe(formRows.length);
    const ids = L as unknown as Record<string, number>;
    formRows.forEach((r, i) => {
      expect(ids[`FORM_${r.name}`]).toBe(i);
      for (const c of [r.iced, r.icedShort, r.icedAcc]) if (c) expect((Code as unknown as Record<string, number>)[c], c).toBeTypeOf("number");
    });
  });
  it("the layout file keeps to the subset both compilers accept", () => {
    const src = readFileSync(new URL("core-as/shared/encoder-layout.ts", root), "utf8");
    for (const line of src.split("\n")) {
      const t = line.trim();
      if (t === "" || t.startsWith("//") || t.startsWith("/**") || t.startsWith("*")) continue;
      expect(t).toMatch(/^export const [A-Z0-9_]+ = [-A-Z0-9_x +*()<>|]+;( \/\/.*)?$/);
    }
  });
});
