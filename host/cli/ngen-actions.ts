/**
 * Ngen's own actions: install, uninstall, update, display, the deferred ones (install /queue,
 * update /queue, executeQueuedItems, queue pause|continue|status), and the .NET 1.x syntax
 * (/show, /delete, /showversion, /debug, /debugopt, /prof). Options in Ngen's spelling (/Debug,
 * /ExeConfig:path) or as --flags; names case-insensitive. Each action is a thin shell over
 * host/api.ts.
 */
import { ParsedArgs, UsageError, checkOptions, flag, stringOption } from "./args.js";
import type { Action, Output } from "./actions.js";
import {
  InstallContext, ItemOutcome, Priority, QueueItem, Scenario, displayQueued, enqueueInstall, enqueueUpdate, executeQueuedItems, install,
  queueItems, setPaused, uninstallQueued, update,
} from "../api.js";
import { cacheRoot, nodeInstallContext } from "../node/install-context.js";
import { DEFAULT_IDLE_SECONDS, idleSeconds, nodeQueueHost, serviceState } from "../node/native-image-service.js";
import { NGEN_VERSION } from "../version.js";

const GENERAL = ["nologo", "silent", "verbose", "help"];
const SCENARIOS = ["debug", "profile", "nodependencies"];
const CONFIG = ["execonfig", "appbase"];

export { cacheRoot };

function context(args: ParsedArgs, out: Output): InstallContext {
  const silent = flag(args, "silent");
  const verbose = flag(args, "verbose") || process.env.NGEN_LOG === "bind";
  const tty = process.stderr.isTTY && !silent;
  let last = "";
  const log = (m: string) => {
    if (verbose && !silent) out.write(m + "\n");
  };
  return nodeInstallContext(
    cacheRoot(),
    log,
    tty
      ? (done, total, what) => {
          const width = 30;
          const filled = total ? Math.round((done / total) * width) : width;
          const line = `[${"=".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} ${what}`.padEnd(last.length);
          last = line;
          process.stderr.write(`\r${line}${done === total ? "\n" : ""}`);
        }
      : undefined,
  );
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
  usesCache: true,
  name: "install",
  summary: "Compile an assembly and its dependencies into native images and install them",
  valueOptions: ["execonfig", "appbase"],
  help: `Usage: ngen install <assembly path | assembly name> [/Debug | /Profile] [/NoDependencies]
                    [/ExeConfig:<exe path>] [/AppBase:<directory>] [/queue[:{1|2|3}]]
                    [/nologo] [/silent] [/verbose]

The assembly becomes a root of the native image cache; the assemblies it references are bound
by the runtime's rules (application base, the application's .config, publisher policy, GAC),
compiled and counted as its dependencies. Valid images already in the cache are reused.

  /Debug           images for debugging (code kept simple across statements, full IL map)
  /Profile         images that count calls at each method's entry
  /NoDependencies  compile only the named assembly
  /ExeConfig:exe   bind with that executable's configuration (for a library it loads)
  /AppBase:dir     the application base to probe
  /queue[:N]       do not compile now: bind the assembly, register it as a root (pending)
                   and queue the install at priority N (1 highest; /queue alone is 3). The
                   native image service runs priority 1 at once, then 2; priority 3 when
                   no ngen command has used the cache for NGEN_IDLE_SECONDS (default ${DEFAULT_IDLE_SECONDS});
                   'ngen executeQueuedItems' runs queued items now. See 'ngen queue --help'.
  /verbose         show binding and what was compiled or excluded, and why

The cache lives under NGEN_CACHE (default ~/.cache/ngen). A large assembly is compiled on
NGEN_WORKERS worker threads (default: one per two cores, at most 4, on machines with four
cores or more; 0 or 1: none); the image is the same whatever the number.
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, ...SCENARIOS, ...CONFIG, "queue"], "install");
    const queue = args.options.get("queue");
    const priority = queue === undefined ? null : priorityOf(queue, "/queue");
    logo(args, out);
    const target = one(args, "install");
    const ctx = context(args, out);
    if (priority !== null) {
      const { item, merged } = await enqueueInstall(ctx, target, {
        priority,
        scenario: scenarioOf(args),
        noDependencies: flag(args, "nodependencies"),
        exeConfig: stringOption(args, "execonfig"),
        appBase: stringOption(args, "appbase"),
      });
      if (!flag(args, "silent")) out.write(`${merged ? "Updated queued item" : "Queued"} ${item.displayName} (item ${item.id}, priority ${item.priority}${item.scenario === "default" ? "" : `, ${item.scenario}`})\n`);
      return 0;
    }
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
  usesCache: true,
  name: "uninstall",
  summary: "Remove a root and the native images no other root needs",
  valueOptions: ["execonfig", "appbase"],
  help: `Usage: ngen uninstall <assembly path | assembly name> [/Debug | /Profile] [/nologo] [/silent]

Removes the assembly as a root (only the given scenario when /Debug or /Profile is given).
Its images, and its dependencies' images, are removed when no other root needs them; an
assembly that is only a dependency is not removed. Queued work for the root (install /queue,
update /queue) is withdrawn. 'uninstall *' is refused.
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, ...SCENARIOS, ...CONFIG], "uninstall");
    logo(args, out);
    const target = one(args, "uninstall");
    const scen: Scenario[] = [];
    if (flag(args, "debug")) scen.push("debug");
    if (flag(args, "profile")) scen.push("profile");
    const res = await uninstallQueued(context(args, out), target, scen.length ? scen : null);
    if (flag(args, "silent")) return 0;
    for (const it of res.withdrawn) out.write(`Withdrew queued ${it.reason} of ${it.displayName}${it.scenario === "default" ? "" : ` (${it.scenario})`} (item ${it.id})\n`);
    if (!res.roots.length && res.withdrawn.length) return 0;
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
  usesCache: true,
  name: "display",
  summary: "Show roots and native images with their state",
  valueOptions: [],
  help: `Usage: ngen display [assembly path | assembly name] [--json] [/nologo]

Lists the roots, then every native image with its state (valid, or invalid and why), its
scenario and its dependencies. With an assembly, only its images and the roots that depend
on it. A root queued with 'install /queue' is listed as pending until it is installed; a root
with an update queued says so. --json: roots carry "installed" and "queued" (the queued
item: id, priority, state, reason, error; null when none).
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, "json", "show"], "display");
    if (args.positionals.length > 1) throw new UsageError("display takes at most one assembly");
    const res = await displayQueued(context(args, out), nodeQueueHost(), args.positionals[0] ?? null);
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
    for (const r of res.roots) {
      const q = r.queued;
      const pending = !q ? "" : q.state === "failed" ? ` (queued ${q.reason} failed: ${q.error})` : r.installed ? ` (${q.reason} queued at priority ${q.priority})` : ` (pending: queued at priority ${q.priority}${q.state === "running" ? ", compiling now" : ""})`;
      lines.push(`${r.path}${r.scenario === "default" ? "" : ` (${r.scenario})`}${pending}`);
    }
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
  usesCache: true,
  name: "update",
  summary: "Re-validate every native image and regenerate the invalid ones",
  valueOptions: [],
  help: `Usage: ngen update [/queue] [/nologo] [/silent] [/verbose]

An image is invalid when its assembly changed, any dependency changed (directly or through
another), the compiler or runtime ABI changed, or this CPU lacks a feature it needs. Every
root with an invalid image is reinstalled.

  /queue   validate now, but queue the reinstalls for the native image service (always at
           priority 3, as Ngen does: they run when the cache is idle, or with
           'ngen executeQueuedItems')
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, "queue"], "update");
    if (args.positionals.length) throw new UsageError("update takes no assembly: it updates every root");
    const queue = args.options.get("queue");
    if (queue !== undefined && queue !== true) throw new UsageError(`update /queue takes no priority (got /queue:${queue}): updates are always queued at priority 3`);
    logo(args, out);
    if (queue) {
      const res = await enqueueUpdate(context(args, out));
      if (!flag(args, "silent")) {
        out.write(res.items.length ? res.items.map((it) => `Queued update of ${it.displayName}${it.scenario === "default" ? "" : ` (${it.scenario})`} (item ${it.id}, priority 3)`).join("\n") + "\n" : "All native images are valid\n");
      }
      return 0;
    }
    const res = await update(context(args, out));
    if (!flag(args, "silent")) out.write(res.regenerated.length ? res.regenerated.map((n) => `Regenerated ${n}`).join("\n") + "\n" : "All native images are valid\n");
    return 0;
  },
};

function priorityOf(v: string | true, what: string): Priority {
  if (v === true) return 3;
  if (v === "1" || v === "2" || v === "3") return Number(v) as Priority;
  throw new UsageError(`${what}:${v}: the priority must be 1, 2 or 3`);
}

function describeItem(it: QueueItem): string {
  const flags = [...(it.scenario === "default" ? [] : [it.scenario === "debug" ? "/Debug" : "/Profile"]), ...(it.noDependencies ? ["/NoDependencies"] : [])];
  return `${it.reason} ${it.target}${flags.length ? " " + flags.join(" ") : ""}`;
}

const executeAction: Action = {
  usesCache: true,
  name: "executequeueditems",
  aliases: ["eqi"],
  summary: "Run queued work now: every item of priority N or higher (all by default)",
  valueOptions: [],
  help: `Usage: ngen executeQueuedItems [1|2|3] [/nologo] [/silent] [/verbose]
       ngen eqi [1|2|3] …

Runs the queued installs and updates now, in this process: with a priority N, the items of
priority N or higher (1 is the highest), otherwise all of them; priority 1 first, in the
order they were queued within a priority. Items the native image service is running
meanwhile are waited for. An item that fails is recorded as failed with its reason (see
'ngen queue status') and does not stop the others; a later executeQueuedItems tries it
again. Runs even when the queue is paused (pause holds back the service only).

Exit code: 0 when every item succeeded, 1 when an item failed on its input (a missing
dependency, a bad assembly), 2 when an item failed on an internal error.
`,
  async run(args, out) {
    checkOptions(args, GENERAL, "executeQueuedItems");
    if (args.positionals.length > 1) throw new UsageError("executeQueuedItems takes at most one priority (1, 2 or 3)");
    const max = args.positionals[0] === undefined ? 3 : priorityOf(args.positionals[0], "executeQueuedItems");
    logo(args, out);
    const silent = flag(args, "silent");
    const say = (s: string) => {
      if (!silent) out.write(s + "\n");
    };
    const ctx = context(args, out);
    const res = await executeQueuedItems(ctx, nodeQueueHost(), max, {
      onStart: (it) => say(`Item ${it.id} (priority ${it.priority}): ${describeItem(it)}`),
      onWait: (items) => say(`Waiting for the native image service: item${items.length === 1 ? "" : "s"} ${items.map((i) => i.id).join(", ")}`),
      onOutcome: (o: ItemOutcome, by) => {
        if (o.kind === "installed") {
          if (by === "other") say(`Item ${o.item.id}: installed by the native image service`);
          for (const i of o.images) say(`${i.status === "compiled" ? "Compiled" : "Reused"} ${i.displayName} (${i.methods.compiled}/${i.methods.total} methods)`);
        } else if (o.kind === "failed") say(`Item ${o.item.id} failed: ${o.error}`);
        else if (o.kind === "withdrawn") say(`Item ${o.item.id}: withdrawn by an uninstall`);
        else say(`Item ${o.item.id}: deferred (${o.error})`);
      },
    });
    const done = res.outcomes.filter((o) => o.kind === "installed").length;
    if (!res.outcomes.length) say(`Nothing queued${max < 3 ? ` at priority ${max} or higher` : ""}`);
    else say(`${done} item${done === 1 ? "" : "s"} installed, ${res.failed.length} failed`);
    if (res.failed.length) {
      // Failures go to stderr even with /silent: the exit code alone does not say which.
      for (const f of res.failed) process.stderr.write(`ngen: error: queued item ${f.item.id} (${describeItem(f.item)}) failed: ${f.error}\n`);
      return res.failed.some((f) => f.errorKind === "internal") ? 2 : 1;
    }
    return 0;
  },
};

const queueAction: Action = {
  usesCache: true,
  name: "queue",
  summary: "Pause, continue or show the native image service and its queue",
  valueOptions: [],
  help: `Usage: ngen queue {pause | continue | status} [--json] [/nologo]

  pause      the native image service starts no new items (it finishes the one in hand, then
             stops); the state is kept in the cache and lasts until 'queue continue'
  continue   lets the service run again (and starts it when work is queued)
  status     whether the service runs or is paused, and every queued item: its id,
             priority, state (pending, running, failed with the reason), scenarios
             (Debug, Profile, NoDependencies), /ExeConfig and /AppBase

The native image service is a background process, one per cache, started by the ngen
command that queues work or finds work queued and no service running. It runs priority 1
items at once, then priority 2; priority 3 items once no ngen command has used the cache
for NGEN_IDLE_SECONDS (default ${DEFAULT_IDLE_SECONDS}), or when 'ngen executeQueuedItems' runs them. A
failed item is not retried by the service. It stops when nothing is left. Its log is
queue/service.log in the cache.

status --json prints {"service": {"running", "pid", "paused", "idleSeconds"},
"items": [{"id", "priority", "state", "reason", "path", "displayName", "scenario",
"scenarios", "exeConfig", "appBase", "enqueuedAt", "attempts", "pid", "error"}]}.
`,
  async run(args, out) {
    checkOptions(args, [...GENERAL, "json"], "queue");
    const [verb, ...extra] = args.positionals.map((p) => p.toLowerCase());
    if (extra.length || !verb || !["pause", "continue", "status"].includes(verb)) {
      throw new UsageError(`queue takes one of pause, continue, status${verb ? ` (got '${args.positionals.join(" ")}')` : ""} (see 'ngen queue --help')`);
    }
    const storage = context(args, out).storage;
    if (verb !== "status") {
      const was = await setPaused(storage, verb === "pause");
      if (!flag(args, "silent")) {
        out.write(verb === "pause"
          ? was ? "The queue was already paused\n" : "Paused: the native image service starts no new items until 'ngen queue continue'\n"
          : was ? "Continued: the native image service runs queued items again\n" : "The queue was not paused\n");
      }
      return 0;
    }
    const q = await queueItems(storage, nodeQueueHost());
    const svc = serviceState(storage.root);
    if (flag(args, "json")) {
      out.write(JSON.stringify({ service: { running: svc.running, pid: svc.pid, paused: q.paused, idleSeconds: idleSeconds() }, items: q.items }, null, 2) + "\n");
      return 0;
    }
    logo(args, out);
    const lines = [
      `The native image service is ${svc.running ? `running (pid ${svc.pid})` : "not running"}${q.paused ? "; the queue is paused" : ""}.`,
      q.items.length ? `Queued items (${q.items.length}):` : "No items are queued.",
    ];
    for (const it of q.items) {
      const flags = it.scenarios.length ? ` /${it.scenarios.join(" /")}` : "";
      const state = it.state === "running" ? `running (pid ${it.pid})` : it.state === "failed" ? `failed: ${it.error}` : "pending";
      lines.push(`  ${String(it.id).padStart(4)}  priority ${it.priority}  ${it.reason.padEnd(7)}  ${it.path}${flags}`);
      lines.push(`        ${state}${it.attempts ? `, ${it.attempts} attempt${it.attempts === 1 ? "" : "s"}` : ""}`);
    }
    out.write(lines.join("\n") + "\n");
    return 0;
  },
};

export const NGEN_ACTIONS: Action[] = [installAction, uninstallAction, updateAction, displayAction, executeAction, queueAction];

/**
 * .NET 1.x syntax: `ngen [options] <assembly>…` with /show, /delete, /showversion, /debug,
 * /debugopt, /prof. Returns null when argv is not in that syntax.
 */
export function isLegacySyntax(argv: string[], parse: (a: string[]) => ParsedArgs): boolean {
  const args = parse(argv);
  const first = argv[0] ?? "";
  const legacyOption = [...args.options.keys()].some((k) => ["show", "delete", "showversion", "debug", "debugopt", "prof"].includes(k));
  // The new syntax starts with an action; the old one with options or assembly files.
  const startsWithAssembly = /\.(dll|exe)$/i.test(first);
  return startsWithAssembly || (legacyOption && (first.startsWith("/") || first.startsWith("-")));
}

export async function legacy(argv: string[], out: Output, parse: (a: string[]) => ParsedArgs): Promise<number | null> {
  if (!isLegacySyntax(argv, parse)) return null;
  const args = parse(argv);
  const known = ["show", "delete", "showversion", "debug", "debugopt", "prof", "nologo", "silent", "help"];
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
      const res = await displayQueued(context(args, out), nodeQueueHost(), null);
      for (const r of new Set(res.roots.map((x) => x.path))) await uninstallQueued(context(args, out), r, null);
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
