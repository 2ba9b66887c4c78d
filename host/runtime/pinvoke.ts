/**
 * Platform invoke targets: whether the library a DllImport names can be loaded, found the way
 * Mono finds it (its dllmap configuration, then the name as given, with ".so", with "lib" and
 * ".so"). Calls into native libraries are not supported; a library that cannot be found at
 * all raises Mono's DllNotFoundException instead, which programs may catch. Node only.
 */
import { readFileSync } from "node:fs";
import koffi from "koffi";
import { Table } from "../metadata/schema.js";
import type { MethodDesc } from "../typesystem/types.js";

/** The DllImport library name of a P/Invoke method (null when the metadata has none). */
export function pinvokeLibrary(md: MethodDesc): string | null {
  const r = md.module.reader;
  const t = r.tables;
  for (let i = 1; i <= r.rows(Table.ImplMap); i++) {
    const member = t.coded(Table.ImplMap, i, 1);
    if (member >>> 24 !== Table.MethodDef || (member & 0xffffff) !== md.row) continue;
    const scope = t.ref(Table.ImplMap, i, 3);
    return scope ? r.string(t.cell(Table.ModuleRef, scope, 0)) : null;
  }
  return null;
}

let dllmap: { dll: string; ignoreCase: boolean; target: string }[] | null = null;

/** Mono's <dllmap> entries for this OS from /etc/mono/config (entries for single functions are left out). */
function monoDllMap(): { dll: string; ignoreCase: boolean; target: string }[] {
  if (dllmap) return dllmap;
  dllmap = [];
  let text = "";
  try {
    text = readFileSync("/etc/mono/config", "utf8");
  } catch {
    return dllmap;
  }
  for (const m of text.matchAll(/<dllmap\s([^>]*)\/?>/g)) {
    const attrs = new Map([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    const os = attrs.get("os");
    if (attrs.has("name") || !attrs.has("dll") || !attrs.has("target")) continue;
    if (os !== undefined && !(os.startsWith("!") ? !os.slice(1).split(",").includes("linux") : os.split(",").includes("linux"))) continue;
    const dll = attrs.get("dll")!;
    const ignoreCase = dll.startsWith("i:");
    dllmap.push({ dll: ignoreCase ? dll.slice(2) : dll, ignoreCase, target: attrs.get("target")!.replace("$mono_libdir", "/usr/lib") });
  }
  return dllmap;
}

const loadable = new Map<string, boolean>();

/** Whether the native library `name` can be loaded as Mono would look for it. */
export function libraryExists(name: string): boolean {
  let known = loadable.get(name);
  if (known !== undefined) return known;
  const mapped = monoDllMap().filter((e) => (e.ignoreCase ? e.dll.toLowerCase() === name.toLowerCase() : e.dll === name)).map((e) => e.target);
  const candidates = [...mapped, name, `${name}.so`, `lib${name}.so`];
  known = candidates.some((c) => {
    try {
      koffi.load(c);
      return true;
    } catch {
      return false;
    }
  });
  loadable.set(name, known);
  return known;
}

/** A P/Invoke whose library is missing: the program sees DllNotFoundException, as under Mono. */
export class DllNotFoundError extends Error {
  override readonly name = "DllNotFoundError";
  constructor(readonly library: string) {
    super(`${library}: library not found`);
  }
}
