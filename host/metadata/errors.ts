/**
 * Every problem found in an input file is a BadImageError: it names the file, the byte
 * offset where the problem was seen (or -1 when no single offset applies) and what is wrong.
 * Readers never throw anything else for bad input; anything else escaping is a bug.
 */
export class BadImageError extends Error {
  override readonly name = "BadImageError";
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`${file}: ${offset >= 0 ? `at offset 0x${offset.toString(16)}: ` : ""}${problem}`);
  }
}

export function isBadImageError(e: unknown): e is BadImageError {
  return e instanceof BadImageError;
}
