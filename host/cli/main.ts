/**
 * The ngen command line: a thin shell over host/api.ts. Exit codes: 0 success, 1 bad
 * arguments or bad input (one clear line on stderr), 2 internal error.
 */
import { readFileSync } from "node:fs";
import { UsageError, parseArgs, parseLeadingOptions } from "./args.js";
import { Action, Output, findAction, usage } from "./actions.js";
import { cacheRoot, isLegacySyntax, legacy } from "./ngen-actions.js";
import { isUserError } from "../user-errors.js";
import { beginCacheCommand } from "../api.js";
import { NodeStorage } from "../node/node-storage.js";
import { ensureService } from "../node/native-image-service.js";

export class InputError extends Error {
  override readonly name = "InputError";
}

/** Reads an input file, turning file-system errors into one-line user errors. */
export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new InputError(`${path}: ${why}`);
  }
}

const stdout: Output = { write: (s) => void process.stdout.write(s) };

export async function main(argv: string[], out: Output = stdout, err: Output = { write: (s) => void process.stderr.write(s) }): Promise<number> {
  let action: Action | undefined;
  try {
    const [name, ...rest] = argv;
    const pre = parseArgs(argv);
    if (name === undefined || (pre.positionals.length === 0 && pre.options.has("help"))) {
      out.write(usage());
      return name === undefined ? 1 : 0;
    }
    if (name === "help") {
      const target = rest[0] ? findAction(rest[0]) : undefined;
      if (rest[0] && !target) throw new UsageError(`unknown action '${rest[0]}'`);
      out.write(target ? target.help : usage());
      return 0;
    }
    const parseLegacy = (a: string[]) => parseArgs(a, ["execonfig", "appbase"]);
    if (isLegacySyntax(argv, parseLegacy)) return await withCache(() => legacy(argv, out, parseLegacy).then((c) => c ?? 0), err);
    action = findAction(name);
    if (!action) throw new UsageError(`unknown action '${name}' (see 'ngen --help')`);
    const args = action.programArguments ? parseLeadingOptions(rest, action.valueOptions) : parseArgs(rest, action.valueOptions);
    if (args.options.has("help")) {
      out.write(action.help);
      return 0;
    }
    const act = action;
    return act.usesCache ? await withCache(() => act.run(args, out), err) : await act.run(args, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`ngen: ${e.message}\n`);
      return 1;
    }
    if (e instanceof InputError || isUserError(e)) {
      err.write(`ngen: error: ${e.message}\n`);
      return 1;
    }
    const x = e instanceof Error ? e : new Error(String(e));
    err.write(`ngen: internal error${action ? ` in ${action.name}` : ""}: ${x.stack ?? x.message}\n`);
    return 2;
  }
}

/**
 * Runs a command that uses the cache: first checks the queue (a corrupt queue is reported and
 * stops the command) and notes the activity the service's idle clock waits on; afterwards,
 * successful or not, starts the native image service when work is queued and none runs (a
 * killed service is replaced here).
 */
async function withCache(run: () => Promise<number>, err: Output): Promise<number> {
  const storage = new NodeStorage(cacheRoot());
  await beginCacheCommand(storage);
  try {
    return await run();
  } finally {
    try {
      await ensureService(storage.root);
    } catch (e) {
      err.write(`ngen: warning: could not start the native image service: ${(e as Error).message}\n`);
    }
  }
}
