// The machine a native image is made for: CPU features the code generator may use, and the OS.
import { readFileSync } from "node:fs";
import type { Environment } from "../install/identity-block.js";

/** Features whose instructions the backend emits (or may), in the names /proc/cpuinfo uses. */
const RELEVANT = ["sse2", "sse4_1", "popcnt", "abm", "bmi1", "cx16"];

export function nodeEnvironment(): Environment {
  let flags: string[] = [];
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const line = info.split("\n").find((l) => l.startsWith("flags"));
    flags = line ? line.slice(line.indexOf(":") + 1).trim().split(/\s+/) : [];
  } catch {
    flags = [];
  }
  return { cpuFeatures: RELEVANT.filter((f) => flags.includes(f)), os: `${process.platform}-${process.arch}` };
}
