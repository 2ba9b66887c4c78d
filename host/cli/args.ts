/**
 * Command-line parsing shared by every action. Accepts Ngen's own spellings (`/Debug`,
 * `/queue:1`, `/ExeConfig:path`) and the `--flag` / `--flag=value` / `--flag value` forms;
 * option names are case-insensitive. Positional arguments keep their order.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface ParsedArgs {
  positionals: string[];
  /** Lower-cased option name → value (true for bare flags). */
  options: Map<string, string | true>;
}

/**
 * `valueOptions` lists the options that take a value in the `--name value` form (with `/`
 * and `=`/`:` forms the value is always attached).
 */
export function parseArgs(argv: string[], valueOptions: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyPositionals) {
      positionals.push(a);
    } else if (a === "--") {
      onlyPositionals = true;
    } else if (a.startsWith("--") && a.length > 2) {
      const body = a.slice(2);
      const eq = body.indexOf("=");
      const name = (eq >= 0 ? body.slice(0, eq) : body).toLowerCase();
      if (eq >= 0) options.set(name, body.slice(eq + 1));
      else if (valueOptions.includes(name)) {
        const v = argv[i + 1];
        if (v === undefined) throw new UsageError(`option --${name} needs a value`);
        options.set(name, v);
        i++;
      } else options.set(name, true);
    } else if (a.startsWith("-") && a.length === 2 && a !== "-") {
      options.set(a === "-h" ? "help" : a.slice(1), true);
    } else if (isSlashOption(a)) {
      const body = a.slice(1);
      const colon = body.indexOf(":");
      const name = (colon >= 0 ? body.slice(0, colon) : body).toLowerCase();
      options.set(name === "?" ? "help" : name, colon >= 0 ? body.slice(colon + 1) : true);
    } else {
      positionals.push(a);
    }
  }
  return { positionals, options };
}

/**
 * For actions that run a program: options up to the first positional argument are the tool's;
 * that argument and everything after it are positionals, untouched (the program's own
 * arguments may look like options).
 */
export function parseLeadingOptions(argv: string[], valueOptions: readonly string[] = []): ParsedArgs {
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      const head = parseArgs(argv.slice(0, i), valueOptions);
      return { positionals: [...head.positionals, ...argv.slice(i + 1)], options: head.options };
    }
    const isOption = (a.startsWith("-") && a.length > 1) || isSlashOption(a);
    if (!isOption) break;
    const name = a.replace(/^--?/, "").split("=")[0]!.toLowerCase();
    if (a.startsWith("--") && !a.includes("=") && valueOptions.includes(name)) i++;
  }
  const head = parseArgs(argv.slice(0, i), valueOptions);
  return { positionals: [...head.positionals, ...argv.slice(i)], options: head.options };
}

/**
 * `/Name` or `/Name:value` is an option only when it does not look like an absolute path
 * that exists as such: `/usr/lib/x.dll` has a second slash, Ngen's options never do before
 * the colon.
 */
function isSlashOption(a: string): boolean {
  if (!a.startsWith("/") || a.length < 2) return false;
  const head = a.slice(1).split(":")[0]!;
  return /^[A-Za-z?][A-Za-z0-9]*$/.test(head);
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  if (v === true) throw new UsageError(`option ${name} needs a value`);
  return v;
}

export function flag(args: ParsedArgs, name: string): boolean {
  const v = args.options.get(name);
  if (v !== undefined && v !== true) throw new UsageError(`option ${name} takes no value`);
  return v === true;
}

/** Throws UsageError for any option not in `allowed`. */
export function checkOptions(args: ParsedArgs, allowed: readonly string[], action: string): void {
  for (const k of args.options.keys()) {
    if (!allowed.includes(k)) throw new UsageError(`unknown option '${k}' for ${action} (see 'ngen ${action} --help')`);
  }
}
