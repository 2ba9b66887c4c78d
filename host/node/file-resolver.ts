/**
 * A simple Node-side AssemblyResolver for reading metadata: probes the referencing file's
 * directory and a list of directories for Name.dll / Name.exe, then Mono's GAC layout
 * (<gac>/<Name>/<Version>_<Culture>_<Token>/<Name>.dll). Used by the metadata tools to decode
 * custom attributes that need other assemblies; the runtime's full binding rules
 * (configuration, redirects, publisher policy) belong to the binder.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { AssemblyResolver } from "../metadata/custom-attributes.js";
import { AssemblyIdentity, formatVersion } from "../metadata/identity.js";
import { MetadataReader } from "../metadata/reader.js";

export const MONO_LIB = "/usr/lib/mono/4.5";
export const MONO_GAC = "/usr/lib/mono/gac";

export class FileAssemblyResolver implements AssemblyResolver {
  private readonly cache = new Map<string, MetadataReader | null>();

  constructor(
    readonly dirs: string[] = [MONO_LIB, join(MONO_LIB, "Facades")],
    readonly gac: string | null = MONO_GAC,
  ) {}

  /** Reads (once) the assembly at `path`. */
  open(path: string): MetadataReader {
    const real = realpathSync(path);
    let r = this.cache.get(real);
    if (!r) {
      r = MetadataReader.open(new Uint8Array(readFileSync(real)), path);
      this.cache.set(real, r);
    }
    return r;
  }

  resolve(ref: AssemblyIdentity, from: MetadataReader): MetadataReader | null {
    for (const path of this.candidates(ref, from)) {
      if (!existsSync(path)) continue;
      const r = this.open(path);
      const a = r.assembly();
      if (a && a.name.toLowerCase() === ref.name.toLowerCase()) return r;
    }
    return null;
  }

  private *candidates(ref: AssemblyIdentity, from: MetadataReader): Generator<string> {
    // A name from a file must not steer the probe outside the probed directories.
    if (/[\\/\0]|^\.\.?$/.test(ref.name)) return;
    const dirs = [dirname(from.file), ...this.dirs];
    for (const d of dirs) {
      yield join(d, `${ref.name}.dll`);
      yield join(d, `${ref.name}.exe`);
    }
    if (!this.gac) return;
    const base = join(this.gac, ref.name);
    if (!existsSync(base)) return;
    const wanted = ref.version ? `${formatVersion(ref.version)}_${ref.culture ?? ""}_${ref.publicKeyToken ?? ""}` : null;
    const entries = readdirSync(base).sort().reverse();
    if (wanted && entries.includes(wanted)) yield join(base, wanted, `${ref.name}.dll`);
    for (const e of entries) yield join(base, e, `${ref.name}.dll`);
  }
}
