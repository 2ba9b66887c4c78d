// End to end: C# programs compiled with mcs give the same standard output and exit code under
// `ngen run` as under Mono.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCs } from "../support/build.js";
import { buildProgram, ensureCliBuilt, runMono, runNgen } from "./programs.js";

beforeAll(() => ensureCliBuilt(), 120_000);

const CASES: { name: string; args?: string[]; input?: string; flags?: string[] }[] = [
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
  { name: "Allocate" },
  { name: "Environment", args: ["a", "b"] },
  { name: "Collections" },
  { name: "Enums" },
  { name: "Text" },
  { name: "TypeInit" },
  { name: "Formatting" },
  { name: "MultiDim" },
  { name: "Delegates" },
  { name: "Checked" },
  { name: "IntegerMath" },
  { name: "DoubleEdges" },
  { name: "PrintPrimitives" },
  { name: "StateMachine" },
  { name: "Recursion" },
  { name: "Shapes" },
  { name: "ValueStructs" },
  { name: "JaggedArrays" },
  { name: "StringOps" },
  { name: "Builder" },
  { name: "FlagsEnums" },
  { name: "Boxing" },
  { name: "StaticInit" },
  { name: "ExceptionOrder" },
  { name: "RuntimeFaults" },
  { name: "ExceptionFilters" },
  { name: "ParseFormat" },
  { name: "GenericTypes" },
  { name: "CollectionsTour" },
  { name: "LinqQueries" },
  { name: "Iterators" },
  { name: "Nullables" },
  { name: "PropertiesIndexers" },
  { name: "OperatorOverloads" },
  { name: "CharHandling" },
  { name: "MathFunctions" },
  { name: "Decimals" },
  { name: "FormatAlignment" },
  { name: "SortingAlgorithms" },
  { name: "GraphSearch" },
  { name: "DynamicProgramming" },
  { name: "BankAccounts" },
  { name: "Inventory" },
  { name: "MatrixOps" },
  { name: "TextStatistics" },
  { name: "JsonPrinter" },
  { name: "ExprParser" },
  { name: "GameOfLife" },
  { name: "BitOps" },
  { name: "LinkedStructures" },
  { name: "EventsClosures" },
  { name: "Simulation" },
  { name: "UnhandledCustom" },
  { name: "MissingLibrary" },
  { name: "Sieve" },
  { name: "NBody" },
  { name: "MatMul" },
  { name: "BinaryTrees" },
  { name: "Variance" },
  { name: "LogParser" },
  { name: "HashOrder" },
  { name: "StructCollections" },
  { name: "ControlFlow" },
  { name: "Plugins" },
  { name: "TicTacToe" },
  { name: "Polynomials" },
  { name: "Calendar" },
  { name: "Sudoku" },
  { name: "Huffman" },
  { name: "RomanNumerals" },
  { name: "SmallMembers" },
  { name: "Threads", flags: ["-r:System.Core.dll"] },
  { name: "ThreadCrash" },
  { name: "NumberFormats" },
  { name: "LanguageTour", flags: ["-r:System.Core.dll"] },
  { name: "GenericRepository", flags: ["-r:System.Core.dll"] },
  { name: "ExceptionDetails" },
  { name: "BigNumbers", flags: ["-r:System.Numerics.dll"] },
  { name: "TypeTour", flags: ["-r:System.Core.dll"] },
  { name: "RuntimeExceptions", flags: ["-r:System.Core.dll"] },
  { name: "InitAtCompile" },
  { name: "ValueSemantics", flags: ["-r:System.Core.dll"] },
  { name: "Visitors", flags: ["-r:System.Core.dll"] },
  { name: "ModernSyntax", flags: ["-r:System.Core.dll"] },
  { name: "UnsafeAndTasks", flags: ["-unsafe", "-r:System.Core.dll"] },
  { name: "MarshalSizes" },
  { name: "FileSystem", flags: ["-r:System.Core.dll"], input: "first line\nsecond line\n" },
  { name: "UnmanagedMemory", flags: ["-unsafe"] },
  { name: "HashCodes" },
  { name: "CodegenEdges" },
  { name: "GenericDispatch", flags: ["-r:System.Core.dll"] },
  { name: "SalesReport", flags: ["-r:System.Core.dll"] },
  { name: "CultureCompare", flags: ["-r:System.Core.dll"] },
  { name: "FinallyFlow" },
  { name: "TimersAndDelays", flags: ["-r:System.Core.dll"] },
  { name: "XmlDocuments", flags: ["-r:System.Core.dll", "-r:System.Xml.dll", "-r:System.Xml.Linq.dll"] },
  { name: "EnvironmentInfo", args: ["a", "b"], flags: ["-r:System.dll", "-r:System.Core.dll"] },
  { name: "WordFrequency", input: "It was the best of times, it was the worst of times;\nit was the age of wisdom.\n\nIt was the age of foolishness!\n" },
];

describe("programs under ngen run and mono", () => {
  for (const c of CASES) {
    it(`${c.name}: identical stdout and exit code`, () => {
      const exe = buildProgram(c.name, c.flags);
      const mono = runMono(exe, c.args, {}, c.input);
      const ngen = runNgen(exe, c.args, {}, c.input);
      expect(ngen.signal, ngen.stderr).toBeNull();
      expect(ngen.stdout, ngen.stderr).toBe(mono.stdout);
      expect(ngen.status, ngen.stderr).toBe(mono.status);
    });
  }

  it("encodes console output by the locale's character set, as Mono (LANG=C: '?' for non-ASCII)", () => {
    const exe = buildProgram("Strings");
    for (const env of [{ LANG: "C", LC_ALL: "", LC_CTYPE: "" }, { LANG: "C.UTF-8", LC_ALL: "", LC_CTYPE: "" }]) {
      const mono = runMono(exe, [], env);
      const ngen = runNgen(exe, [], env);
      expect(ngen.stdout, env.LANG).toBe(mono.stdout);
    }
  });

  it("logs binding and JIT compilation with NGEN_LOG=bind, on stderr only", () => {
    const exe = buildProgram("Hello");
    const r = runNgen(exe, [], { NGEN_LOG: "bind", NGEN_CACHE: mkdtempSync(join(tmpdir(), "ngen-empty-cache-")) });
    expect(r.stdout).toBe(runMono(exe).stdout);
    expect(r.stderr).toMatch(/^bind: Hello, Version=0\.0\.0\.0, Culture=neutral, PublicKeyToken=null from .*Hello\.exe$/m);
    expect(r.stderr).toMatch(/^JIT: compiled Hello::Main \(\d+ bytes of code, \d+ IR instructions\)$/m);
    expect(r.stderr).toMatch(/^bind: mscorlib, Version=4\.0\.0\.0, .* JIT-compiled \(no native image\)$/m);
    expect(r.stderr).toMatch(/^JIT: \d+ methods compiled/m);
    expect(runNgen(exe).stderr).toBe("");
  });

  it("raises FileNotFoundException for a missing assembly where the code needing it first runs, as Mono", () => {
    const dir = mkdtempSync(join(tmpdir(), "ngen-missing-"));
    buildCs(dir, [
      { out: "Lib.dll", source: "public class Lib { public static string Hi() { return \"hi\"; } }" },
      { out: "App.exe", refs: ["Lib.dll"], source: `class App {
        static void Use() { System.Console.WriteLine(Lib.Hi()); }
        static void Main() {
          System.Console.WriteLine("start");
          try { Use(); } catch (System.IO.FileNotFoundException e) { System.Console.WriteLine("caught " + e.FileName); }
          Use();
        } }` },
    ]);
    rmSync(join(dir, "Lib.dll"));
    const exe = join(dir, "App.exe");
    const mono = runMono(exe), ngen = runNgen(exe);
    expect(ngen.stdout).toBe(mono.stdout);
    expect(ngen.status).toBe(mono.status);
    expect(ngen.stderr).toContain("System.IO.FileNotFoundException: Could not load file or assembly 'Lib, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null' or one of its dependencies.");
  });

  it("reports a method it cannot compile in one line, after the output so far, with exit code 1", () => {
    const r = runNgen(buildProgram("Unsupported"));
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe("before\n");
    expect(r.stderr).toBe("not supported: Unsupported::getpid: platform invoke (DllImport) is not supported\n");
    expect(r.status).toBe(1);
  });

  it("stops at a wait that only a concurrently running thread could end, with one line and exit code 1", () => {
    const r = runNgen(buildProgram("PingPong"));
    expect(r.signal).toBeNull();
    // The worker runs when main first waits: it takes the first ping, answers, then waits for a
    // second ping that main, suspended below it, cannot send.
    expect(r.stdout).toBe("ping 0\npong 0\n");
    expect(r.stderr).toBe("not supported: System.Threading.WaitHandle::WaitOne: waits for a signal that no runnable thread can give (threads run one at a time)\n");
    expect(r.status).toBe(1);
  });

  it("reports a corrupt or truncated assembly as a metadata error naming the offset, exit code 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "ngen-corrupt-"));
    const good = readFileSync(buildProgram("Hello"));
    const variants: Record<string, Buffer> = {
      "truncated.exe": good.subarray(0, 700),
      "garbage.exe": Buffer.from("this is not a PE file at all"),
      "metadata.exe": Buffer.from(good),
    };
    // Wreck the metadata stream headers: the stream table then points outside the metadata.
    const md = variants["metadata.exe"]!;
    const at = md.indexOf("#~");
    md.fill(0xff, at - 8, at);
    for (const [name, bytes] of Object.entries(variants)) {
      const exe = join(dir, name);
      writeFileSync(exe, bytes);
      const r = runNgen(exe);
      expect(r.signal, name).toBeNull();
      expect(r.stdout, name).toBe("");
      expect(r.stderr, name).toMatch(new RegExp(`^ngen: error: ${exe.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: at offset 0x[0-9a-f]+: .+\n$`));
      expect(r.status, name).toBe(1);
    }
  });

  it("names the heap size when the heap is exhausted", () => {
    const r = runNgen(buildProgram("Allocate"), [], { NGEN_HEAP_SIZE: "4M" });
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^out of memory: the managed heap of 4 MiB is exhausted by live objects \(allocating 1048592 bytes; NGEN_HEAP_SIZE sets the size\)\n$/);
    expect(r.status).toBe(1);
  });

  it("collects garbage: a program allocating far more than its heap runs as under Mono, with the collections logged", () => {
    const exe = buildProgram("GarbageChurn");
    const mono = runMono(exe);
    const ngen = runNgen(exe, [], { NGEN_HEAP_SIZE: "48M", NGEN_LOG: "bind" });
    expect(ngen.signal, ngen.stderr).toBeNull();
    expect(ngen.stdout, ngen.stderr).toBe(mono.stdout);
    expect(ngen.status).toBe(mono.status);
    const m = /GC: (\d+) collections/.exec(ngen.stderr);
    expect(m, ngen.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(3);
  });

  it("reports an unhandled exception on stderr as Mono does (type and message)", () => {
    const r = runNgen(buildProgram("Unhandled"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("\nUnhandled Exception:\nSystem.InvalidOperationException: it broke\n");
    expect(r.stderr).toContain("[ERROR] FATAL UNHANDLED EXCEPTION: System.InvalidOperationException: it broke");
  });
});
