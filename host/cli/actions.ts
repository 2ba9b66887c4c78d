/** The CLI's actions: each parses its own options and prints through `out`. */
import { ParsedArgs, UsageError, checkOptions, flag, stringOption } from "./args.js";
import { InputError, readInput } from "./main.js";
import { BindError } from "../binder/binder.js";
import { MONO_LIB, ProgramError, runProgram } from "../runtime/run.js";
import { TypeLoadError } from "../typesystem/types.js";
import { inspectAssembly, verifyAssembly } from "../api.js";
import { MetadataReader, guard } from "../metadata/reader.js";
import { disassemble } from "../metadata/disassembly.js";
import { FileAssemblyResolver } from "../node/file-resolver.js";
import { NGEN_ACTIONS } from "./ngen-actions.js";

export interface Output {
  write(s: string): void;
}

export interface Action {
  name: string;
  summary: string;
  help: string;
  valueOptions: readonly string[];
  /**
   * Works on the native image cache: the queue is checked first (a corrupt queue stops it),
   * and afterwards the native image service is started if work is queued and none runs.
   */
  usesCache?: boolean;
  /** Other names it answers to (lower case), e.g. eqi for executeQueuedItems. */
  aliases?: readonly string[];
  /** Options end at the first positional argument; the rest is passed on untouched (ngen run). */
  programArguments?: boolean;
  run(args: ParsedArgs, out: Output): Promise<number>;
}

function oneFile(args: ParsedArgs, action: string): string {
  if (args.positionals.length !== 1) {
    throw new UsageError(`${action} takes exactly one assembly file, got ${args.positionals.length} (see 'ngen ${action} --help')`);
  }
  return args.positionals[0]!;
}

const meta: Action = {
  name: "meta",
  summary: "Show an assembly's identity, references and metadata counts",
  valueOptions: [],
  help: `Usage: ngen meta <file> [--json] [--verify]

Shows the identity (display name, MVID, runtime version, PE kind), the assembly references
and the counts of type definitions, methods, fields, method bodies and IL bytes.

Options:
  --json     print the result as JSON
  --verify   also read every table, signature, method body, IL instruction and custom
             attribute, and print how many of each were read
`,
  async run(args, out) {
    checkOptions(args, ["json", "verify"], "meta");
    const file = oneFile(args, "meta");
    const bytes = readInput(file);
    const summary = inspectAssembly(bytes, file);
    const verified = flag(args, "verify") ? verifyAssembly(bytes, file, new FileAssemblyResolver()) : undefined;
    if (flag(args, "json")) {
      out.write(JSON.stringify(verified ? { ...summary, verified } : summary, null, 2) + "\n");
      return 0;
    }
    const c = summary.counts;
    const lines = [
      `Assembly:   ${summary.displayName}`,
      `File:       ${summary.file} (${summary.pe} ${summary.kind}${summary.strongNameSigned ? ", strong-name signed" : ""})`,
      `Module:     ${summary.module}`,
      `MVID:       ${summary.mvid ?? "(none)"}`,
      `Runtime:    ${summary.runtimeVersion}`,
      `References: ${summary.references.length}`,
      ...summary.references.map((r) => `  ${r}`),
      "Counts:",
      `  type definitions  ${c.typeDefs}`,
      `  type references   ${c.typeRefs}`,
      `  methods           ${c.methods}`,
      `  fields            ${c.fields}`,
      `  method bodies     ${c.methodBodies}`,
      `  IL bytes          ${c.ilBytes}`,
      `  member references ${c.memberRefs}`,
      `  custom attributes ${c.customAttributes}`,
      `  resources         ${c.resources}`,
    ];
    if (verified) {
      lines.push("Verified (read completely):");
      for (const [k, v] of Object.entries(verified)) lines.push(`  ${k.padEnd(17)} ${v}`);
    }
    out.write(lines.join("\n") + "\n");
    return 0;
  },
};

const il: Action = {
  name: "il",
  summary: "Disassemble IL method bodies (ildasm/monodis style)",
  valueOptions: ["method"],
  help: `Usage: ngen il <file> [--method <filter>]

Prints the IL of every method body, grouped by class, with .maxstack, .locals and the
exception clauses of each body.

Options:
  --method <filter>  only methods whose "Namespace.Type::Method" name contains <filter>
                     (case-insensitive); * and ? make it a glob matched against the whole
                     name or the method name, e.g. --method '*::Main' or --method 'Get*'
`,
  async run(args, out) {
    checkOptions(args, ["method"], "il");
    const file = oneFile(args, "il");
    const filter = stringOption(args, "method");
    const bytes = readInput(file);
    const { text, methods } = guard(file, () => disassemble(MetadataReader.open(bytes, file), filter));
    if (methods === 0) {
      if (filter !== undefined) throw new UsageError(`no method matches '${filter}' in ${file}`);
      out.write(`// ${file}: no methods\n`);
      return 0;
    }
    out.write(text + "\n");
    return 0;
  },
};

const run: Action = {
  name: "run",
  summary: "Run a program, compiling its methods as they are first called",
  valueOptions: [],
  programArguments: true,
  help: `Usage: ngen run [--verbose] <app.exe> [arguments...]

Runs the program: binds it and its references (application directory, ${MONO_LIB},
the GAC), compiles each method the first time it is called, and runs Main with the given
arguments. Everything after <app.exe> is passed to the program. The program's output is
ngen's standard output; the exit code is Main's return value (0 for void Main, 1 for an
unhandled exception or a method that cannot be compiled).

Options:
  --verbose, /verbose   print the binding and JIT log on stderr (also: NGEN_LOG=bind)

Environment:
  NGEN_HEAP_SIZE   size of the managed heap, e.g. 256M or 2G (default 1G)
  NGEN_LOG         bind: the binding and JIT log; code:<text>: the IR and machine code of
                   every compiled method whose name contains <text> (on stderr)
`,
  async run(args) {
    checkOptions(args, ["verbose"], "run");
    const [file, ...programArgs] = args.positionals;
    if (file === undefined) throw new UsageError("run takes the program to run (see 'ngen run --help')");
    const verbose = flag(args, "verbose") || /(^|,)(bind|all)(,|$)/i.test(process.env.NGEN_LOG ?? "");
    readInput(file); // a missing or unreadable file is a one-line user error
    try {
      const code = /(?:^|,)code:([^,]+)/i.exec(process.env.NGEN_LOG ?? "")?.[1] ?? null;
      return await runProgram(file, { args: programArgs, log: verbose ? (l) => process.stderr.write(`${l}\n`) : null, dumpCode: code });
    } catch (e) {
      if (e instanceof BindError || e instanceof TypeLoadError || e instanceof ProgramError) throw new InputError(e.message);
      throw e;
    }
  },
};

export const ACTIONS: Action[] = [...NGEN_ACTIONS, meta, il, run];

/** Finds an action by name or alias, case-insensitively (executeQueuedItems, eqi). */
export function findAction(name: string): Action | undefined {
  const n = name.toLowerCase();
  return ACTIONS.find((a) => a.name === n || a.aliases?.includes(n));
}

/** The name as Ngen spells it, with aliases. */
function displayName(a: Action): string {
  const name = a.name === "executequeueditems" ? "executeQueuedItems" : a.name;
  return a.aliases?.length ? `${name} (${a.aliases.join(", ")})` : name;
}

export function usage(): string {
  const width = Math.max(...ACTIONS.map((a) => displayName(a).length));
  return `Usage: ngen <action> [arguments] [options]

Actions:
${ACTIONS.map((a) => `  ${displayName(a).padEnd(width)}  ${a.summary}`).join("\n")}

'ngen <action> --help' describes an action. Options may be written --name, /Name or /Name:value.
The .NET 1.x syntax works too: ngen [/show | /delete | /debug | /debugopt | /prof | /showversion] <assembly>…
Exit codes: 0 success, 1 bad arguments or input, 2 internal error.
`;
}
