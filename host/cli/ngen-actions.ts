/**
 * Ngen's own actions: install, uninstall, update, display, and the .NET 1.x syntax (/show,
 * /delete, /showversion, /debug, /debugopt, /prof). Options in Ngen's spelling (/Debug,
 * /ExeConfig:path) or as --flags; names case-insensitive.
 */
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { ParsedArgs, UsageError, checkOptions, flag, stringOption } from "./args.js";
import type { Action, Output } from "./actions.js";
import { InstallContext, display, install, uninstall, update } from "../install/installer.js";
import { Scenario } from "../cache/index-file.js";
import { NodeStorage } from "../node/node-storage.js";
import { nodeBinderFS } from "../node/node-fs.js";
import { nodeEnvironment } from "../node/environment.js";
import { loadCoreNode } from "../core/load-core-node.js";
import type { BackendCore } from "../codegen/backend.js";
import { NGEN_VERSION } from "../version.js";

const GENERAL = ["nologo", "silent", "verbose", "help"];
const SCENARIOS = ["debug", "profile", "nodependencies"];
const CONFIG = ["execonfig", "appbase"];

export function cacheRoot(): string {
  return process.env.NGEN_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ngen");
}

function context(args: ParsedArgs, out: Output): InstallContext {
  const silent = flag(args, "silent");
  const verbose = flag(args, "verbose") || process.env.NGEN_LOG === "bind";
  const tty = process.stderr.isTTY && !silent;
  let last = "";
  return {
    storage: new NodeStorage(cacheRoot()),
    fs: nodeBinderFS,
    core: loadCoreNode() as BackendCore,
    environment: nodeEnvironment(),
    gac: process.env.NGEN_GAC ?? "/usr/lib/mono/gac",
    corlibDir: process.env.NGEN_CORLIB ?? "/usr/lib/mono/4.5",
    cwd: process.cwd(),
    sha1: (b) => createHash("sha1").update(b).digest("hex"),
    log: (m) => {
      if (verbose && !silent) out.write(m + "\n");
    },
    progress: tty
      ? (done, total, what) => {
          const width = 30;
          const filled = total ? Math.round((done / total) * width) : width;
          const line = `[${"=".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} ${what}`.padEnd(last.length);
          last = line;
          process.stderr.write(`\r${line}${done === total ? "\n" : ""}`);
        }
      : undefined,
  };
}

function logo(args: ParsedArgs, out: Output): void {
  if (!flag(args, "nologo") && !flag(args, "silent")) out.write(`ngen, native image generator for .NET assemblies, version ${NGEN_VERSION}\n\n`);
}

function scenarioOf(args: ParsedArgs): Scenario {
  const d = flag(args, "debug");
  const p = flag(args, "profile");
  if (d && p) throw new UsageError("/Debug and /Profile cannot be combined: install once for each scenario");
  return d ? "debug" : p ? "profile" : "default";
}

function one(args: ParsedArgs, action: string): string {
  if (args.positionals.length !== 1) throw new UsageError(`${action} takes one assembly name or path, got ${args.positionals.length} (see 'ngen ${action} --help')`);
  return args.positionals[0]!;
}

const installAction: Action = {
  name: "install",
  summary: "Compile an assembly and its dependencies into native images and install them",
  valueOptions: ["execonfig", "appbase"],
  help: `Usage: ngen install <assembly path | assembly name> [/Debug | /Profile] [/NoDependencies]
                    [/ExeConfig:<exe path>] [/AppBase:<directory>] [/nologo] [/silent] [/verbose]

The assembly becomes a root of the native image cache; the assemblies it references are bound
by the runtime's rules (application base, the application's .config, publisher policy, GAC),
compiled and counted as its dependencies. Valid images already in the cache are reused.

  /Debug           images for debugging (code kept simple across statements, full IL map)
  /Profile         images that count calls at each method's entry
  /NoDependencies  compile only the named assembly
  /ExeConfig:exe   bind with that executable's configuration (for a library it loads)
  /AppBase:dir     the application base to probe
  /verbose         show binding and what was compiled or excluded, and why

The cache lives under NGEN_CACHE (default ~/.cache/ngen).
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, ...SCENARIOS, ...CONFIG, "queue"], "install");
    if (args.options.has("queue")) throw new UsageError("/queue is not supported yet: install runs now");
    logo(args, out);
    const target = one(args, "install");
    const ctx = context(args, out);
    const res = await install(ctx, target, {
      scenario: scenarioOf(args),
      noDependencies: flag(args, "nodependencies"),
      exeConfig: stringOption(args, "execonfig"),
      appBase: stringOption(args, "appbase"),
    });
    if (!flag(args, "silent")) {
      for (const i of res.images) {
        const m = i.methods;
        out.write(`${i.status === "compiled" ? "Compiled" : "Reused"} ${i.displayName} (${m.compiled}/${m.total} methods)\n`);
      }
    }
    return 0;
  },
};

const uninstallAction: Action = {
  name: "uninstall",
  summary: "Remove a root and the native images no other root needs",
  valueOptions: ["execonfig", "appbase"],
  help: `Usage: ngen uninstall <assembly path | assembly name> [/Debug | /Profile] [/nologo] [/silent]

Removes the assembly as a root (only the given scenario when /Debug or /Profile is given).
Its images, and its dependencies' images, are removed when no other root needs them; an
assembly that is only a dependency is not removed. 'uninstall *' is refused.
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, ...SCENARIOS, ...CONFIG], "uninstall");
    logo(args, out);
    const target = one(args, "uninstall");
    const scen: Scenario[] = [];
    if (flag(args, "debug")) scen.push("debug");
    if (flag(args, "profile")) scen.push("profile");
    const res = await uninstall(context(args, out), target, scen.length ? scen : null);
    if (flag(args, "silent")) return 0;
    if (!res.roots.length) {
      out.write(`${target} is not a root; it is needed by: ${res.dependents.join(", ") || "nothing"}\nNothing was uninstalled.\n`);
      return 0;
    }
    for (const r of res.roots) out.write(`Uninstalled ${r.displayName}${r.scenario === "default" ? "" : ` (${r.scenario})`}\n`);
    out.write(`Removed ${res.removedImages.length} native image${res.removedImages.length === 1 ? "" : "s"}\n`);
    return 0;
  },
};

const displayAction: Action = {
  name: "display",
  summary: "Show roots and native images with their state",
  valueOptions: [],
  help: `Usage: ngen display [assembly path | assembly name] [--json] [/nologo]

Lists the roots, then every native image with its state (valid, or invalid and why), its
scenario and its dependencies. With an assembly, only its images and the roots that depend
on it.
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, "json", "show"], "display");
    if (args.positionals.length > 1) throw new UsageError("display takes at most one assembly");
    const res = await display(context(args, out), args.positionals[0] ?? null);
    if (flag(args, "json")) {
      out.write(JSON.stringify({
        roots: res.roots,
        dependents: res.dependents.map((r) => r.displayName),
        images: res.images.map((i) => ({ ...i.record, state: i.valid ? "valid" : "invalid", reason: i.reason, references: i.references, roots: i.roots })),
      }, null, 2) + "\n");
      return 0;
    }
    logo(args, out);
    const lines: string[] = ["NGEN Roots:", ""];
    for (const r of res.roots) lines.push(`${r.path}${r.scenario === "default" ? "" : ` (${r.scenario})`}`);
    if (args.positionals[0] && res.dependents.length) {
      lines.push("", `NGEN Roots that depend on "${args.positionals[0]}":`, "");
      for (const r of res.dependents) lines.push(r.path);
    }
    lines.push("", "Native Images:", "");
    for (const i of res.images) {
      const rec = i.record;
      lines.push(`${rec.displayName}${rec.scenario === "default" ? "" : ` (${rec.scenario})`}`);
      lines.push(`    state: ${i.valid ? "valid" : `invalid: ${i.reason}`}`);
      lines.push(`    methods: ${rec.methods.compiled} compiled of ${rec.methods.total}`);
      lines.push(`    references: ${i.references}`);
      for (const d of rec.dependencies) lines.push(`    depends on ${d.displayName}${d.hardBound ? " (hard-bound)" : ""}`);
    }
    out.write(lines.join("\n") + "\n");
    return 0;
  },
};

const updateAction: Action = {
  name: "update",
  summary: "Re-validate every native image and regenerate the invalid ones",
  valueOptions: [],
  help: `Usage: ngen update [/nologo] [/silent] [/verbose]

An image is invalid when its assembly changed, any dependency changed (directly or through
another), the compiler or runtime ABI changed, or this CPU lacks a feature it needs. Every
root with an invalid image is reinstalled.
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, "queue"], "update");
    if (args.positionals.length) throw new UsageError("update takes no assembly: it updates every root");
    logo(args, out);
    const res = await update(context(args, out));
    if (!flag(args, "silent")) out.write(res.regenerated.length ? res.regenerated.map((n) => `Regenerated ${n}`).join("\n") + "\n" : "All native images are valid\n");
    return 0;
  },
};

export const NGEN_ACTIONS: Action[] = [installAction, uninstallAction, updateAction, displayAction];

/**
 * .NET 1.x syntax: `ngen [options] <assembly>…` with /show, /delete, /showversion, /debug,
 * /debugopt, /prof. Returns null when argv is not in that syntax.
 */
export async function legacy(argv: string[], out: Output, parse: (a: string[]) => ParsedArgs): Promise<number | null> {
  const args = parse(argv);
  const known = ["show", "delete", "showversion", "debug", "debugopt", "prof", "nologo", "silent", "help"];
  const first = argv[0] ?? "";
  const legacyOption = [...args.options.keys()].some((k) => ["show", "delete", "showversion", "debug", "debugopt", "prof"].includes(k));
  // The new syntax starts with an action; the old one with options or assembly files.
  const startsWithAssembly = /\.(dll|exe)$/i.test(first);
  if (!startsWithAssembly && !(legacyOption && (first.startsWith("/") || first.startsWith("-")))) return null;
  for (const k of args.options.keys()) if (!known.includes(k)) throw new UsageError(`unknown option /${k}`);
  if (flag(args, "showversion")) {
    out.write(`${NGEN_VERSION}\n`);
    return 0;
  }
  const fwd = (name: string, rest: string[]) => {
    const a = [...rest];
    if (flag(args, "nologo")) a.push("/nologo");
    if (flag(args, "silent")) a.push("/silent");
    const act = NGEN_ACTIONS.find((x) => x.name === name)!;
    return act.run(parse(a), out);
  };
  if (flag(args, "show")) return fwd("display", args.positionals.slice(0, 1));
  if (flag(args, "delete")) {
    const names = args.positionals.length ? args.positionals : ["*"];
    if (names.includes("*")) {
      // .NET 1.x allowed /delete *: remove every root.
      const res = await display(context(args, out), null);
      for (const r of res.roots) await uninstall(context(args, out), r.path, null);
      out.write(`Deleted ${res.roots.length} root${res.roots.length === 1 ? "" : "s"}\n`);
      return 0;
    }
    for (const n of names) await fwd("uninstall", [n]);
    return 0;
  }
  if (!args.positionals.length) throw new UsageError("no assembly given (see 'ngen --help')");
  const scen = flag(args, "prof") ? ["/Profile"] : flag(args, "debug") || flag(args, "debugopt") ? ["/Debug"] : [];
  for (const n of args.positionals) await fwd("install", [n, ...scen]);
  return 0;
}
