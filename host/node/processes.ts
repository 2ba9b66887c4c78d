/**
 * Is a process alive? On Linux from /proc/<pid>/stat, which also tells a zombie (killed, not yet
 * reaped by its parent: dead for our purposes) and the process's start time, so that a pid
 * reused by a later process is not mistaken for the one that held a lock or a claim. Elsewhere
 * `kill(pid, 0)`.
 */
import { existsSync, readFileSync } from "node:fs";

const HAVE_PROC = existsSync("/proc/self/stat");

/** State and start time (clock ticks since boot) from /proc/<pid>/stat; null when there is no such process. */
function stat(pid: number): { state: string; start: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: rest[0] ?? "", start: rest[19] ?? "" };
  } catch {
    return null;
  }
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (HAVE_PROC) {
    const s = stat(pid);
    return s !== null && s.state !== "Z" && s.state !== "X";
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process's start time as an opaque string, or null where it cannot be known. */
export function processStartTime(pid: number): string | null {
  return HAVE_PROC ? stat(pid)?.start ?? null : null;
}
