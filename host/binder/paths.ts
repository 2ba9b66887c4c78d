/**
 * POSIX path helpers for the binder, usable in a browser worker (no node:path). Paths use "/";
 * the binder never builds a path from a file-supplied name without checking it with
 * `isSafeComponent`, so nothing it probes can escape the directories it was given.
 */

export function join(...parts: string[]): string {
  const out: string[] = [];
  let absolute = false;
  parts.forEach((p, i) => {
    if (!p) return;
    if (p.startsWith("/")) {
      out.length = 0;
      absolute = true;
    } else if (i === 0) absolute = false;
    for (const seg of p.split("/")) {
      if (!seg || seg === ".") continue;
      if (seg === "..") {
        if (out.length && out[out.length - 1] !== "..") out.pop();
        else if (!absolute) out.push("..");
      } else out.push(seg);
    }
  });
  return (absolute ? "/" : "") + out.join("/") || (absolute ? "/" : ".");
}

export function dirname(p: string): string {
  const n = join(p);
  const k = n.lastIndexOf("/");
  if (k < 0) return ".";
  return k === 0 ? "/" : n.slice(0, k);
}

export function basename(p: string): string {
  const n = join(p);
  return n.slice(n.lastIndexOf("/") + 1);
}

/** Whether `child` (normalised) is `parent` or lies below it. */
export function isInside(parent: string, child: string): boolean {
  const p = join(parent);
  const c = join(child);
  return c === p || c.startsWith(p === "/" ? "/" : p + "/");
}

/**
 * A single path component that is safe to use for probing: no separators, no NUL, not "." or
 * "..", not empty, at most 255 bytes (the usual file-name limit).
 */
export function isSafeComponent(s: string): boolean {
  return s.length > 0 && s.length <= 255 && !/[\/\\\0]/.test(s) && s !== "." && s !== ".." && new TextEncoder().encode(s).length <= 255;
}
