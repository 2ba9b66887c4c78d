/**
 * Which errors are the user's (bad arguments, bad input files, failed binding, a corrupt or
 * busy cache: exit code 1) rather than ngen's own faults (exit code 2). Shared by the CLI and
 * the queue, which records each failed item's kind.
 */
import { BadImageError } from "./metadata/errors.js";
import { ResolutionError } from "./metadata/custom-attributes.js";
import { DisplayNameError } from "./metadata/identity.js";
import { InstallError } from "./install/installer.js";
import { BindError } from "./binder/binder.js";
import { CacheError } from "./cache/storage.js";
import { ConfigError } from "./binder/config.js";
import { TypeLoadError } from "./typesystem/types.js";

/** An environment variable with a value ngen cannot use (it names the variable and the value). */
export class SettingError extends Error {
  override readonly name = "SettingError";
}

export function isUserError(e: unknown): e is Error {
  return (
    e instanceof BadImageError || e instanceof ResolutionError || e instanceof DisplayNameError || e instanceof InstallError ||
    e instanceof BindError || e instanceof CacheError || e instanceof ConfigError || e instanceof TypeLoadError ||
    e instanceof SettingError
  );
}
