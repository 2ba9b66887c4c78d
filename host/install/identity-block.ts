/**
 * The identity block of a native image: everything that must still be true for the image to
 * be used. An image is valid exactly when its block equals the one computed now for the same
 * inputs; `validate` says which part differs.
 */
import { CORE_ABI_VERSION } from "../../core-as/shared/version.js";
import { RUNTIME_ABI_VERSION } from "../typesystem/layout.js";
import { NGEN_VERSION } from "../version.js";
import type { Scenario } from "../cache/index-file.js";

export interface DependencyIdentity {
  /** Display name as bound. */
  displayName: string;
  path: string;
  /** SHA-1 of the assembly file. */
  hash: string;
  mvid: string | null;
  /** Calls into it are hard-bound (DependencyAttribute/DefaultDependencyAttribute, LoadHint.Always). */
  hardBound: boolean;
}

export interface IdentityBlock {
  format: 1;
  assembly: string;
  mvid: string | null;
  sourceHash: string;
  dependencies: DependencyIdentity[];
  compiler: string;
  coreAbi: number;
  runtimeAbi: number;
  cpuFeatures: string[];
  os: string;
  scenario: Scenario;
  configFingerprint: string;
}

export function compilerVersion(): string {
  return `ngen ${NGEN_VERSION}`;
}

export interface Environment {
  /** CPU features the code generator may rely on, present on this machine. */
  cpuFeatures: string[];
  os: string;
}

/** Why `image` cannot be used where `now` describes the current inputs; null when it can. */
export function invalidReason(image: IdentityBlock, now: IdentityBlock): string | null {
  if (image.compiler !== now.compiler) return `made by ${image.compiler}, this is ${now.compiler}`;
  if (image.coreAbi !== now.coreAbi) return `compiler ABI ${image.coreAbi}, now ${now.coreAbi}`;
  if (image.runtimeAbi !== now.runtimeAbi) return `runtime ABI ${image.runtimeAbi}, now ${now.runtimeAbi}`;
  if (image.os !== now.os) return `made for ${image.os}`;
  const missing = image.cpuFeatures.filter((f) => !now.cpuFeatures.includes(f));
  if (missing.length) return `needs CPU features this machine lacks: ${missing.join(", ")}`;
  if (image.sourceHash !== now.sourceHash) return `${image.assembly} changed since the image was made`;
  if (image.scenario !== now.scenario) return `scenario ${image.scenario}, wanted ${now.scenario}`;
  if (image.configFingerprint !== now.configFingerprint) return "the application configuration changed";
  const byName = new Map(now.dependencies.map((d) => [d.displayName.split(",")[0]!.toLowerCase(), d]));
  for (const d of image.dependencies) {
    const cur = byName.get(d.displayName.split(",")[0]!.toLowerCase());
    if (!cur) return `dependency ${d.displayName} is no longer bound`;
    if (cur.displayName !== d.displayName) return `dependency ${d.displayName} now binds to ${cur.displayName}`;
    if (cur.hash !== d.hash) return `dependency ${d.displayName} changed`;
  }
  if (image.dependencies.length !== now.dependencies.length) return "the set of dependencies changed";
  return null;
}

export { CORE_ABI_VERSION, RUNTIME_ABI_VERSION };
