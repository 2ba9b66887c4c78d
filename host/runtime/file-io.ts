/**
 * Files and directories for the class library's System.IO.MonoIO internal calls, on Node's
 * file system, with Mono's Unix semantics: Win32-style error codes (MonoIOError) that the
 * library turns into its own exceptions and messages, attributes from the mode bits and the
 * name (Hidden for a leading dot, ReadOnly without the owner's write bit, Normal otherwise),
 * times as Windows file times, directory entries in readdir order (Mono does not sort them).
 *
 * Handles are small numbers from 3 up (0-2 are the standard descriptors, handled by the
 * console code in intrinsics.ts); each keeps its own file position, since Node has no lseek.
 * The class library's static File and Directory methods use System.Native instead
 * (SystemNative below), over the same handles.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { basename, dirname } from "node:path";

/** MonoIOError values (Win32 error codes). */
export const enum IOError {
  Success = 0,
  FileNotFound = 2,
  PathNotFound = 3,
  AccessDenied = 5,
  InvalidHandle = 6,
  NotSameDevice = 17,
  NoMoreFiles = 18,
  SharingViolation = 32,
  DiskFull = 39,
  FileExists = 80,
  InvalidParameter = 87,
  InvalidName = 123,
  DirNotEmpty = 145,
  AlreadyExists = 183,
  GenFailure = 31,
}

const ATTR_READONLY = 0x1, ATTR_HIDDEN = 0x2, ATTR_DIRECTORY = 0x10, ATTR_NORMAL = 0x80;
/** Windows file time of the Unix epoch (100 ns ticks since 1601). */
const EPOCH_FILETIME = 116444736000000000n;

export interface FileStat {
  attributes: number;
  length: bigint;
  creation: bigint;
  access: bigint;
  write: bigint;
}

/** The result of an operation: a value, or the error code the library expects. */
export type IOResult<T> = { ok: T; error?: undefined } | { ok?: undefined; error: IOError };

interface OpenFile {
  fd: number;
  position: number;
  append: boolean;
  deleteOnClose: string | null;
}

interface Search {
  names: string[];
  next: number;
  dir: string;
}

/** The Win32 error code for a Node file-system error on `path`. */
export function errorOf(e: unknown, path = ""): IOError {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOENT":
      // A missing file in an existing directory, else a missing part of the path.
      return path && fs.existsSync(dirname(path)) ? IOError.FileNotFound : IOError.PathNotFound;
    case "ENOTDIR": return IOError.PathNotFound;
    case "EACCES": case "EPERM": case "EISDIR": case "EROFS": return IOError.AccessDenied;
    case "EEXIST": return IOError.FileExists;
    case "ENOTEMPTY": return IOError.DirNotEmpty;
    case "EXDEV": return IOError.NotSameDevice;
    case "ENOSPC": return IOError.DiskFull;
    case "ENAMETOOLONG": return IOError.InvalidName;
    case "EBADF": return IOError.InvalidHandle;
    case "EBUSY": case "ETXTBSY": return IOError.SharingViolation;
    default: return IOError.GenFailure;
  }
}

function attempt<T>(f: () => T, path = ""): IOResult<T> {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: errorOf(e, path) };
  }
}

function attributesOf(path: string, st: fs.Stats): number {
  let a = st.isDirectory() ? ATTR_DIRECTORY : 0;
  if ((st.mode & 0o200) === 0) a |= ATTR_READONLY;
  if (basename(path).startsWith(".")) a |= ATTR_HIDDEN;
  return a === 0 ? ATTR_NORMAL : a;
}

const fileTime = (ms: number) => EPOCH_FILETIME + BigInt(Math.round(ms * 10000));

/** Whether `name` matches a Windows search pattern (`*` any run, `?` one character), case-sensitively as on Unix. */
function matches(pattern: string, name: string): boolean {
  if (pattern === "*" || pattern === "*.*") return true;
  let re = "^";
  for (const ch of pattern) re += ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(re + "$", "s").test(name);
}

export class FileTable {
  private readonly files = new Map<number, OpenFile>();
  private readonly searches = new Map<number, Search>();
  private nextHandle = 3;

  isFile(handle: number): boolean {
    return this.files.has(handle);
  }

  /** The descriptor behind a handle. */
  fdOf(handle: number): number | undefined {
    return this.files.get(handle)?.fd;
  }

  /** FileMode, FileAccess and FileOptions as System.IO defines them. */
  open(path: string, mode: number, access: number, options: number): IOResult<number> {
    const read = (access & 1) !== 0, write = (access & 2) !== 0;
    let flags = read && write ? fs.constants.O_RDWR : write ? fs.constants.O_WRONLY : fs.constants.O_RDONLY;
    switch (mode) {
      case 1: flags |= fs.constants.O_CREAT | fs.constants.O_EXCL; break; // CreateNew
      case 2: flags |= fs.constants.O_CREAT | fs.constants.O_TRUNC; break; // Create
      case 3: break; // Open
      case 4: flags |= fs.constants.O_CREAT; break; // OpenOrCreate
      case 5: flags |= fs.constants.O_TRUNC; break; // Truncate
      case 6: flags |= fs.constants.O_CREAT; break; // Append: positioned at the end below
      default: return { error: IOError.InvalidParameter };
    }
    if (fs.existsSync(path) && fs.statSync(path).isDirectory()) return { error: IOError.AccessDenied };
    const r = attempt(() => fs.openSync(path, flags, 0o666), path);
    if (r.error !== undefined) return r;
    const fd = r.ok;
    const handle = this.nextHandle++;
    const deleteOnClose = (options & 0x04000000) !== 0 ? path : null;
    this.files.set(handle, { fd, position: mode === 6 ? fs.fstatSync(fd).size : 0, append: mode === 6, deleteOnClose });
    return { ok: handle };
  }

  close(handle: number): IOResult<boolean> {
    const f = this.files.get(handle);
    if (!f) return { error: IOError.InvalidHandle };
    this.files.delete(handle);
    return attempt(() => {
      fs.closeSync(f.fd);
      if (f.deleteOnClose) fs.rmSync(f.deleteOnClose, { force: true });
      return true;
    });
  }

  read(handle: number, into: Uint8Array): IOResult<number> {
    const f = this.files.get(handle);
    if (!f) return { error: IOError.InvalidHandle };
    const r = attempt(() => fs.readSync(f.fd, into, 0, into.length, f.position));
    if (r.ok !== undefined) f.position += r.ok;
    return r;
  }

  write(handle: number, from: Uint8Array): IOResult<number> {
    const f = this.files.get(handle);
    if (!f) return { error: IOError.InvalidHandle };
    if (f.append) f.position = Math.max(f.position, fs.fstatSync(f.fd).size);
    const r = attempt(() => {
      let done = 0;
      while (done < from.length) done += fs.writeSync(f.fd, from, done, from.length - done, f.position + done);
      return done;
    });
    if (r.ok !== undefined) f.position += r.ok;
    return r;
  }

  /** SeekOrigin: 0 Begin, 1 Current, 2 End. */
  seek(handle: number, offset: number, origin: number): IOResult<number> {
    const f = this.files.get(handle);
    if (!f) return { error: IOError.InvalidHandle };
    const base = origin === 0 ? 0 : origin === 1 ? f.position : fs.fstatSync(f.fd).size;
    const to = base + offset;
    if (to < 0) return { error: IOError.InvalidParameter };
    f.position = to;
    return { ok: to };
  }

  length(handle: number): IOResult<number> {
    const f = this.files.get(handle);
    if (!f) return { error: IOError.InvalidHandle };
    return attempt(() => fs.fstatSync(f.fd).size);
  }

  setLength(handle: number, length: number): IOResult<boolean> {
    const f = this.files.get(handle);
    if (!f) return { error: IOError.InvalidHandle };
    return attempt(() => {
      fs.ftruncateSync(f.fd, length);
      return true;
    });
  }

  /** Times as Windows file times; a negative value leaves that time alone. */
  setTimes(handle: number, access: bigint, write: bigint): IOResult<boolean> {
    const f = this.files.get(handle);
    if (!f) return { error: IOError.InvalidHandle };
    return attempt(() => {
      const st = fs.fstatSync(f.fd);
      const sec = (t: bigint, old: number) => (t < 0n ? old / 1000 : Number(t - EPOCH_FILETIME) / 1e7);
      fs.futimesSync(f.fd, sec(access, st.atimeMs), sec(write, st.mtimeMs));
      return true;
    });
  }

  stat(path: string): IOResult<FileStat> {
    return attempt(() => {
      const st = fs.statSync(path);
      return { attributes: attributesOf(path, st), length: BigInt(st.size), creation: fileTime(st.birthtimeMs || st.ctimeMs), access: fileTime(st.atimeMs), write: fileTime(st.mtimeMs) };
    }, path);
  }

  attributes(path: string): IOResult<number> {
    return attempt(() => attributesOf(path, fs.statSync(path)), path);
  }

  /** Only ReadOnly changes anything on Unix: it clears or restores the write bits. */
  setAttributes(path: string, attributes: number): IOResult<boolean> {
    return attempt(() => {
      const mode = fs.statSync(path).mode & 0o7777;
      fs.chmodSync(path, attributes & ATTR_READONLY ? mode & ~0o222 : mode | 0o200);
      return true;
    }, path);
  }

  createDirectory(path: string): IOResult<boolean> {
    const r = attempt(() => {
      fs.mkdirSync(path);
      return true;
    }, path);
    return r.error === IOError.FileExists ? { error: IOError.AlreadyExists } : r;
  }

  removeDirectory(path: string): IOResult<boolean> {
    return attempt(() => {
      fs.rmdirSync(path);
      return true;
    }, path);
  }

  deleteFile(path: string): IOResult<boolean> {
    return attempt(() => {
      if (fs.statSync(path).isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      fs.unlinkSync(path);
      return true;
    }, path);
  }

  moveFile(from: string, to: string): IOResult<boolean> {
    if (!fs.existsSync(from)) return { error: errorOf({ code: "ENOENT" }, from) };
    if (fs.existsSync(to)) return { error: IOError.AlreadyExists };
    return attempt(() => {
      fs.renameSync(from, to);
      return true;
    }, to);
  }

  copyFile(from: string, to: string, overwrite: boolean): IOResult<boolean> {
    if (!fs.existsSync(from)) return { error: errorOf({ code: "ENOENT" }, from) };
    if (!overwrite && fs.existsSync(to)) return { error: IOError.FileExists };
    return attempt(() => {
      fs.copyFileSync(from, to);
      return true;
    }, to);
  }

  /** Starts a search of `pattern` (a directory, a separator, then a name pattern): a handle and the first entry, or NoMoreFiles / an error. */
  findFirst(pattern: string): IOResult<{ handle: number; name: string; attributes: number }> {
    const dir = dirname(pattern), what = basename(pattern);
    const r = attempt(() => {
      // opendir keeps readdir's order, as Mono's enumeration does.
      const d = fs.opendirSync(dir);
      const names: string[] = [];
      try {
        for (let e = d.readSync(); e; e = d.readSync()) if (matches(what, e.name)) names.push(e.name);
      } finally {
        d.closeSync();
      }
      return names;
    }, dir + "/x");
    if (r.error !== undefined) return r;
    if (!r.ok.length) return { error: IOError.NoMoreFiles };
    const handle = this.nextHandle++;
    const s: Search = { names: r.ok, next: 0, dir };
    this.searches.set(handle, s);
    const first = this.findNext(handle);
    return first.error !== undefined ? first : { ok: { handle, ...first.ok } };
  }

  findNext(handle: number): IOResult<{ name: string; attributes: number }> {
    const s = this.searches.get(handle);
    if (!s) return { error: IOError.InvalidHandle };
    while (s.next < s.names.length) {
      const name = s.names[s.next++]!;
      // An entry removed since the listing is skipped.
      const st = attempt(() => fs.lstatSync(`${s.dir}/${name}`));
      if (st.ok) return { ok: { name, attributes: attributesOf(name, st.ok.isSymbolicLink() ? fs.statSync(`${s.dir}/${name}`, { throwIfNoEntry: false }) ?? st.ok : st.ok) } };
    }
    return { error: IOError.NoMoreFiles };
  }

  findClose(handle: number): boolean {
    return this.searches.delete(handle);
  }
}

/** The errno of a Node file-system error (EIO when it names none). */
function errnoOf(e: unknown): number {
  return (os.constants.errno as Record<string, number>)[(e as NodeJS.ErrnoException).code ?? "EIO"] ?? os.constants.errno.EIO;
}

/** A `stat` result for Interop+Sys+FileStatus (System.Native's layout of struct stat). */
export interface NativeStat {
  mode: number;
  uid: number;
  gid: number;
  size: bigint;
  atime: bigint;
  atimeNsec: bigint;
  mtime: bigint;
  mtimeNsec: bigint;
  ctime: bigint;
  ctimeNsec: bigint;
  birthtime: bigint;
  birthtimeNsec: bigint;
  dev: bigint;
  ino: bigint;
}

const seconds = (ns: bigint) => ns / 1000000000n;
const nanos = (ns: bigint) => ns % 1000000000n;

function nativeStat(st: fs.BigIntStats): NativeStat {
  return {
    mode: Number(st.mode), uid: Number(st.uid), gid: Number(st.gid), size: st.size,
    atime: seconds(st.atimeNs), atimeNsec: nanos(st.atimeNs),
    mtime: seconds(st.mtimeNs), mtimeNsec: nanos(st.mtimeNs),
    ctime: seconds(st.ctimeNs), ctimeNsec: nanos(st.ctimeNs),
    birthtime: seconds(st.birthtimeNs), birthtimeNsec: nanos(st.birthtimeNs),
    dev: st.dev, ino: st.ino,
  };
}

/**
 * The System.Native (libmono-native) functions the class library's Unix file system code
 * calls (Interop+Sys): results as the C functions give them, errno kept for
 * Marshal.GetLastWin32Error. Directory streams are numbered handles over Node's Dir.
 */
export class SystemNative {
  /** errno of the last failing call. */
  errno = 0;
  private readonly dirs = new Map<number, fs.Dir>();
  private nextDir = 1;

  constructor(private readonly files: FileTable) {}

  private fail(e: unknown): number {
    this.errno = errnoOf(e);
    return -1;
  }

  private call(f: () => void): number {
    try {
      f();
      return 0;
    } catch (e) {
      return this.fail(e);
    }
  }

  stat(path: string, link: boolean): NativeStat | number {
    try {
      return nativeStat(link ? fs.lstatSync(path, { bigint: true }) : fs.statSync(path, { bigint: true }));
    } catch (e) {
      return this.fail(e);
    }
  }

  fstat(handle: number): NativeStat | number {
    const fd = this.files.fdOf(handle);
    if (fd === undefined) return this.fail({ code: "EBADF" });
    try {
      return nativeStat(fs.fstatSync(fd, { bigint: true }));
    } catch (e) {
      return this.fail(e);
    }
  }

  openDir(path: string): number {
    try {
      const d = fs.opendirSync(path);
      const h = this.nextDir++;
      this.dirs.set(h, d);
      return h;
    } catch (e) {
      this.fail(e);
      return 0;
    }
  }

  /** The next entry (name, DT_* type), null at the end, or an errno. */
  readDir(handle: number): { name: string; type: number } | null | number {
    const d = this.dirs.get(handle);
    if (!d) return os.constants.errno.EBADF;
    try {
      const e = d.readSync();
      if (!e) return null;
      const type = e.isDirectory() ? 4 : e.isFile() ? 8 : e.isSymbolicLink() ? 10 : e.isFIFO() ? 1 : e.isCharacterDevice() ? 2 : e.isBlockDevice() ? 6 : e.isSocket() ? 12 : 0;
      return { name: e.name, type };
    } catch (e) {
      return errnoOf(e);
    }
  }

  closeDir(handle: number): number {
    const d = this.dirs.get(handle);
    if (!d) return this.fail({ code: "EBADF" });
    this.dirs.delete(handle);
    return this.call(() => d.closeSync());
  }

  mkdir(path: string, mode: number): number {
    return this.call(() => fs.mkdirSync(path, { mode }));
  }
  rmdir(path: string): number {
    return this.call(() => fs.rmdirSync(path));
  }
  unlink(path: string): number {
    return this.call(() => fs.unlinkSync(path));
  }
  rename(from: string, to: string): number {
    return this.call(() => fs.renameSync(from, to));
  }
  chmod(path: string, mode: number): number {
    return this.call(() => fs.chmodSync(path, mode));
  }
  link(from: string, to: string): number {
    return this.call(() => fs.linkSync(from, to));
  }
  symlink(target: string, path: string): number {
    return this.call(() => fs.symlinkSync(target, path));
  }
  readLink(path: string): string | number {
    try {
      return fs.readlinkSync(path);
    } catch (e) {
      return this.fail(e);
    }
  }
  /** Times in seconds (with fractions). */
  utimes(path: string, access: number, write: number): number {
    return this.call(() => fs.utimesSync(path, access, write));
  }

  /** Copies the whole source file into the destination and gives it the source's permissions. */
  copyFile(fromHandle: number, toHandle: number): number {
    const from = this.files.fdOf(fromHandle), to = this.files.fdOf(toHandle);
    if (from === undefined || to === undefined) return this.fail({ code: "EBADF" });
    return this.call(() => {
      const buf = Buffer.allocUnsafe(1 << 16);
      let at = 0;
      for (;;) {
        const n = fs.readSync(from, buf, 0, buf.length, at);
        if (n === 0) break;
        let w = 0;
        while (w < n) w += fs.writeSync(to, buf, w, n - w, at + w);
        at += n;
      }
      fs.fchmodSync(to, fs.fstatSync(from).mode & 0o777);
      this.files.seek(toHandle, at, 0);
    });
  }
}
