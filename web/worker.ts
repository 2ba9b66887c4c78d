/**
 * The playground's worker: reads assemblies off the main thread so a large file (mscorlib is
 * several MB) never freezes the page. It calls only the public API, the same as the CLI.
 *
 * Every result goes through `outcome()`: a thrown BadImageError would otherwise reach the page
 * as a structured-clone of an Error, which drops its file and offset.
 */
import * as Comlink from "comlink";
import { inspectAssembly, outcome } from "../host/api.js";
import type { MetadataSummary, Outcome } from "../host/api.js";

const api = {
  /** `bytes` is transferred, not copied: the page has no further use for it. */
  inspect(bytes: ArrayBuffer, file: string): Outcome<MetadataSummary> {
    return outcome(() => inspectAssembly(new Uint8Array(bytes), file));
  },
};

export type PlaygroundApi = typeof api;

Comlink.expose(api);
