/** The tool's version (package.json's), part of every native image's identity. */
export const NGEN_VERSION = "0.1.0";
