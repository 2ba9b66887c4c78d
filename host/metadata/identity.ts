/**
 * Assembly identity: name, version, culture, flags, public key / token, and display names
 * both ways ("Name, Version=a.b.c.d, Culture=neutral, PublicKeyToken=0123456789abcdef").
 */
import { sha1 } from "./sha1.js";

export const enum AssemblyFlags {
  PublicKey = 0x0001,
  Retargetable = 0x0100,
  DisableJitCompileOptimizer = 0x4000,
  EnableJitCompileTracking = 0x8000,
  ContentTypeMask = 0x0e00,
}

export interface Version {
  major: number;
  minor: number;
  build: number;
  revision: number;
}

export interface AssemblyIdentity {
  name: string;
  /** null when a display name leaves the version out (a partial name). */
  version: Version | null;
  /** "" for neutral; null when a display name leaves the culture out. */
  culture: string | null;
  flags: number;
  /** Full public key when known (Assembly rows, and AssemblyRef rows with the PublicKey flag). */
  publicKey: Uint8Array | null;
  /** 8-byte token as 16 lower-case hex digits; "" for an explicit null token; null when unspecified. */
  publicKeyToken: string | null;
  hashAlgorithm?: number;
  processorArchitecture?: string;
}

export function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, "0");
  return s;
}

/** Public key token: the last 8 bytes of SHA-1(public key), reversed (II.6.3). */
export function publicKeyToken(publicKey: Uint8Array): string {
  const h = sha1(publicKey);
  return hex(h.subarray(12, 20).reverse());
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.build}.${v.revision}`;
}

const NAME_SPECIALS = /[,=\\"'\n\r\t]/;

function escapeName(s: string): string {
  if (!NAME_SPECIALS.test(s) && s.trim() === s) return s;
  let out = "";
  for (const ch of s) {
    if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (",=\\\"'".includes(ch)) out += "\\" + ch;
    else out += ch;
  }
  return s.trim() === s ? out : `"${out}"`;
}

/** The display name the runtime prints for an identity. Unspecified parts are left out. */
export function formatDisplayName(id: AssemblyIdentity): string {
  const parts = [escapeName(id.name)];
  if (id.version) parts.push(`Version=${formatVersion(id.version)}`);
  if (id.culture !== null) parts.push(`Culture=${id.culture === "" ? "neutral" : id.culture}`);
  if (id.publicKeyToken !== null) parts.push(`PublicKeyToken=${id.publicKeyToken === "" ? "null" : id.publicKeyToken}`);
  if (id.processorArchitecture) parts.push(`ProcessorArchitecture=${id.processorArchitecture}`);
  if (id.flags & AssemblyFlags.Retargetable) parts.push("Retargetable=Yes");
  return parts.join(", ");
}

/**
 * One key per assembly identity (the full display name, case-insensitive as binding compares
 * names): the runtime loads an identity once, whatever path it is reached by.
 */
export function identityKey(id: AssemblyIdentity): string {
  return formatDisplayName(id).toLowerCase();
}

export class DisplayNameError extends Error {
  override readonly name = "DisplayNameError";
}

/** Splits a display name on unescaped commas, handling quotes and backslash escapes. */
function splitDisplayName(s: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "\\") {
      const nx = s[i + 1];
      if (nx === undefined) throw new DisplayNameError(`'${s}': dangling escape at the end`);
      cur += nx === "n" ? "\n" : nx === "r" ? "\r" : nx === "t" ? "\t" : nx;
      i++;
    } else if (quote) {
      if (ch === quote) quote = "";
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ",") {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (quote) throw new DisplayNameError(`'${s}': unterminated quote`);
  parts.push(cur);
  return parts;
}

function parseVersion(v: string, whole: string): Version {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+)(?:\.(\d+))?)?\s*$/.exec(v);
  if (!m) throw new DisplayNameError(`'${whole}': invalid version '${v}'`);
  const nums = [m[1], m[2], m[3] ?? "0", m[4] ?? "0"].map(Number);
  if (nums.some((n) => n > 65535)) throw new DisplayNameError(`'${whole}': version component above 65535 in '${v}'`);
  return { major: nums[0]!, minor: nums[1]!, build: nums[2]!, revision: nums[3]! };
}

/** Parses a full or partial display name. Throws DisplayNameError on malformed input. */
export function parseDisplayName(s: string): AssemblyIdentity {
  const parts = splitDisplayName(s);
  const name = parts[0]!.trim();
  if (!name) throw new DisplayNameError(`'${s}': empty assembly name`);
  if (name.includes("\0")) throw new DisplayNameError(`'${s}': assembly name contains NUL`);
  const id: AssemblyIdentity = { name, version: null, culture: null, flags: 0, publicKey: null, publicKeyToken: null };
  const seen = new Set<string>();
  for (const p of parts.slice(1)) {
    const eq = p.indexOf("=");
    if (eq < 0) throw new DisplayNameError(`'${s}': '${p.trim()}' is not key=value`);
    const key = p.slice(0, eq).trim().toLowerCase();
    const val = p.slice(eq + 1).trim();
    if (seen.has(key)) throw new DisplayNameError(`'${s}': ${key} given twice`);
    seen.add(key);
    switch (key) {
      case "version":
        id.version = parseVersion(val, s);
        break;
      case "culture":
        id.culture = val.toLowerCase() === "neutral" ? "" : val;
        break;
      case "publickeytoken":
        if (val.toLowerCase() === "null") id.publicKeyToken = "";
        else if (/^[0-9a-fA-F]{16}$/.test(val)) id.publicKeyToken = val.toLowerCase();
        else throw new DisplayNameError(`'${s}': PublicKeyToken must be 16 hex digits or null, got '${val}'`);
        break;
      case "publickey": {
        if (val.toLowerCase() === "null") {
          id.publicKeyToken = "";
          break;
        }
        if (!/^([0-9a-fA-F]{2})+$/.test(val)) throw new DisplayNameError(`'${s}': PublicKey must be hex`);
        const key = new Uint8Array(val.length / 2);
        for (let i = 0; i < key.length; i++) key[i] = parseInt(val.substr(i * 2, 2), 16);
        id.publicKey = key;
        id.publicKeyToken = publicKeyToken(key);
        id.flags |= AssemblyFlags.PublicKey;
        break;
      }
      case "retargetable":
        if (/^yes$/i.test(val)) id.flags |= AssemblyFlags.Retargetable;
        else if (!/^no$/i.test(val)) throw new DisplayNameError(`'${s}': Retargetable must be Yes or No`);
        break;
      case "processorarchitecture":
        if (!/^(None|MSIL|X86|IA64|AMD64|Arm|Arm64)$/i.test(val)) throw new DisplayNameError(`'${s}': unknown ProcessorArchitecture '${val}'`);
        id.processorArchitecture = val;
        break;
      case "contenttype":
        if (/^windowsruntime$/i.test(val)) id.flags |= 0x0200;
        else if (!/^default$/i.test(val)) throw new DisplayNameError(`'${s}': unknown ContentType '${val}'`);
        break;
      default:
        // The runtime ignores unknown attributes (e.g. Custom=null), but they must be well formed.
        break;
    }
  }
  return id;
}

/**
 * Does `candidate` (a complete identity) satisfy `ref` (possibly partial)? Names compare
 * case-insensitively, as the runtime's binder does.
 */
export function identityMatches(ref: AssemblyIdentity, candidate: AssemblyIdentity): boolean {
  if (ref.name.toLowerCase() !== candidate.name.toLowerCase()) return false;
  if (ref.version && (!candidate.version || formatVersion(ref.version) !== formatVersion(candidate.version))) return false;
  if (ref.culture !== null && ref.culture.toLowerCase() !== (candidate.culture ?? "").toLowerCase()) return false;
  if (ref.publicKeyToken !== null && ref.publicKeyToken !== (candidate.publicKeyToken ?? "")) return false;
  return true;
}
