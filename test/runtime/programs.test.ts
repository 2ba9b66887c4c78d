// End to end: C# programs compiled with mcs give the same standard output and exit code under
// `ngen run` as under Mono.
import { beforeAll, describe, expect, it } from "vitest";
import { buildProgram, ensureCliBuilt, runMono, runNgen } from "./programs.js";

beforeAll(() => ensureCliBuilt(), 120_000);

const CASES: { name: string; args?: string[] }[] = [
  { name: "Hello", args: ["one", "two words", "--flag", "/x"] },
  { name: "Arith" },
  { name: "Floats" },
  { name: "Objects" },
  { name: "Strings" },
  { name: "Exceptions" },
  { name: "Statics" },
  { name: "Arrays" },
  { name: "Unhandled" },
  { name: "Exit" },
];

describe("programs under ngen run and mono", () => {
  for (const c of CASES) {
    it(`${c.name}: identical stdout and exit code`, () => {
      const exe = buildProgram(c.name);
      const mono = runMono(exe, c.args);
      const ngen = runNgen(exe, c.args);
      expect(ngen.signal, ngen.stderr).toBeNull();
      expect(ngen.stdout, ngen.stderr).toBe(mono.stdout);
      expect(ngen.status, ngen.stderr).toBe(mono.status);
    });
  }

  it("reports an unhandled exception on stderr as Mono does (type and message)", () => {
    const r = runNgen(buildProgram("Unhandled"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("\nUnhandled Exception:\nSystem.InvalidOperationException: it broke\n");
    expect(r.stderr).toContain("[ERROR] FATAL UNHANDLED EXCEPTION: System.InvalidOperationException: it broke");
  });
});
