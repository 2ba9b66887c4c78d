/**
 * The cache index: roots, native images, the dependency edges between them and therefore
 * their reference counts, stored as one JSON document followed by a checksum line.
 *
 * Invariants: the index is written only under the cache lock and only with
 * CacheStorage.writeAtomic; a document whose checksum does not match, that does not parse, or
 * whose shape is wrong is reported as corrupt (CacheError) and never used.
 */
import { fnv1a } from "../binder/config.js";
import { CacheError, CacheStorage } from "./storage.js";

export const INDEX_PATH = "index.json";
export const INDEX_FORMAT = 1;

export type Scenario = "default" | "debug" | "profile";

export interface DependencyRecord {
  displayName: string;
  path: string;
  /** Content hash of the dependency's assembly file when the image was made. */
  hash: string;
  mvid: string | null;
  /** True when calls into it are hard-bound (DependencyAttribute with LoadHint.Always). */
  hardBound: boolean;
}

export interface ImageRecord {
  /** Image key: "<Name>/<hash-dir>"; also the image's directory under the versioned root. */
  key: string;
  name: string;
  displayName: string;
  sourcePath: string;
  sourceHash: string;
  mvid: string | null;
  scenario: Scenario;
  configFingerprint: string;
  /** Identity of the compiler, runtime ABI and target the image was made for. */
  compilerVersion: string;
  abiVersion: number;
  cpuFeatures: string;
  dependencies: DependencyRecord[];
  /** Path of the .ni.dll relative to the cache root. */
  imagePath: string;
  imageHash: string;
  methods: { compiled: number; excluded: number; total: number };
}

export interface RootRecord {
  displayName: string;
  path: string;
  scenario: Scenario;
  configFingerprint: string;
  exeConfig: string | null;
  appBase: string | null;
  /** Installed with /NoDependencies: only the root's own image. */
  noDependencies: boolean;
  /** Keys of every image this root needs: its own and its dependency closure's. */
  images: string[];
}

export interface CacheIndex {
  format: number;
  roots: RootRecord[];
  images: ImageRecord[];
}

export function emptyIndex(): CacheIndex {
  return { format: INDEX_FORMAT, roots: [], images: [] };
}

export function serializeIndex(index: CacheIndex): Uint8Array {
  const body = JSON.stringify(index, null, 1);
  return new TextEncoder().encode(`${body}\n#checksum ${fnv1a(body)}\n`);
}

export function parseIndex(bytes: Uint8Array, where: string): CacheIndex {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const m = /\n#checksum ([0-9a-f]{16})\n$/.exec(text);
  if (!m) throw new CacheError(`${where}: the cache index is corrupt (no checksum line); run 'ngen update' after removing it, or reinstall`);
  const body = text.slice(0, m.index);
  if (fnv1a(body) !== m[1]) throw new CacheError(`${where}: the cache index is corrupt (checksum mismatch)`);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    throw new CacheError(`${where}: the cache index is corrupt (${(e as Error).message})`);
  }
  const idx = doc as CacheIndex;
  if (!idx || typeof idx !== "object" || !Array.isArray(idx.roots) || !Array.isArray(idx.images)) {
    throw new CacheError(`${where}: the cache index is corrupt (unexpected shape)`);
  }
  if (idx.format !== INDEX_FORMAT) throw new CacheError(`${where}: the cache index has format ${idx.format}, this ngen reads format ${INDEX_FORMAT}`);
  const keys = new Set(idx.images.map((i) => i.key));
  for (const r of idx.roots) {
    for (const k of r.images) if (!keys.has(k)) throw new CacheError(`${where}: the cache index is corrupt (root ${r.displayName} needs missing image ${k})`);
  }
  return idx;
}

export async function readIndex(storage: CacheStorage): Promise<CacheIndex> {
  const bytes = await storage.read(INDEX_PATH);
  return bytes ? parseIndex(bytes, `${storage.root}/${INDEX_PATH}`) : emptyIndex();
}

export async function writeIndex(storage: CacheStorage, index: CacheIndex): Promise<void> {
  await storage.writeAtomic(INDEX_PATH, serializeIndex(index));
}

/** How many roots need each image (an image that is itself a root counts its own root). */
export function referenceCounts(index: CacheIndex): Map<string, number> {
  const counts = new Map<string, number>(index.images.map((i) => [i.key, 0]));
  for (const r of index.roots) for (const k of new Set(r.images)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}
