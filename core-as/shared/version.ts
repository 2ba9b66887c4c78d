// Shared between core-as (AssemblyScript) and host (TypeScript): keep to the common subset
// (plain `export const NAME = <integer literal>;`).

/** Bumped whenever a buffer layout shared by host and core changes. */
export const CORE_ABI_VERSION = 5;
