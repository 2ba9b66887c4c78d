/**
 * The ngen command line: a thin shell over host/api.ts. Exit codes: 0 success, 1 bad
 * arguments or bad input (one clear line on stderr), 2 internal error.
 */
import { readFileSync } from "node:fs";
import { BadImageError } from "../metadata/errors.js";
import { ResolutionError } from "../metadata/custom-attributes.js";
import { DisplayNameError } from "../metadata/identity.js";
import { UsageError, parseArgs, parseLeadingOptions } from "./args.js";
import { ACTIONS, Action, Output, usage } from "./actions.js";
import { legacy } from "./ngen-actions.js";
import { InstallError } from "../install/installer.js";
import { BindError } from "../binder/binder.js";
import { CacheError } from "../cache/storage.js";
import { ConfigError } from "../binder/config.js";
import { TypeLoadError } from "../typesystem/types.js";

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
      const target = rest[0] ? ACTIONS.find((a) => a.name === rest[0]) : undefined;
      if (rest[0] && !target) throw new UsageError(`unknown action '${rest[0]}'`);
      out.write(target ? target.help : usage());
      return 0;
    }
    const old = await legacy(argv, out, (a) => parseArgs(a, ["execonfig", "appbase"]));
    if (old !== null) return old;
    action = ACTIONS.find((a) => a.name === name.toLowerCase());
    if (!action) throw new UsageError(`unknown action '${name}' (see 'ngen --help')`);
    const args = action.programArguments ? parseLeadingOptions(rest, action.valueOptions) : parseArgs(rest, action.valueOptions);
    if (args.options.has("help")) {
      out.write(action.help);
      return 0;
    }
    return await action.run(args, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`ngen: ${e.message}\n`);
      return 1;
    }
    if (
      e instanceof BadImageError || e instanceof InputError || e instanceof ResolutionError || e instanceof DisplayNameError ||
      e instanceof InstallError || e instanceof BindError || e instanceof CacheError || e instanceof ConfigError || e instanceof TypeLoadError
    ) {
      err.write(`ngen: error: ${e.message}\n`);
      return 1;
    }
    const x = e instanceof Error ? e : new Error(String(e));
    err.write(`ngen: internal error${action ? ` in ${action.name}` : ""}: ${x.stack ?? x.message}\n`);
    return 2;
  }
}
