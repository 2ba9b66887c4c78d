/**
 * Why a program stops before Main returns normally. A FatalError raised inside a runtime
 * callback does not unwind JS through native frames: the callback records it, makes the
 * runtime's uncatchable abort object the pending exception and returns, so managed frames
 * return one by one; run() then reports the first recorded error.
 */

export type FatalKind = "unsupported" | "out-of-memory" | "exit" | "internal" | "unhandled";

export class FatalError extends Error {
  override readonly name = "FatalError";
  constructor(readonly kind: FatalKind, message: string, readonly exitCode = kind === "exit" ? 0 : kind === "internal" ? 2 : 1) {
    super(message);
  }
}

/** A method the JIT cannot compile or the runtime cannot run: reported as `not supported: <method>: <reason>`. */
export class UnsupportedError extends FatalError {
  constructor(readonly method: string, readonly reason: string) {
    super("unsupported", `not supported: ${method}: ${reason}`);
  }
}

/** The managed heap is exhausted (there is no collector yet). */
export class OutOfMemoryError extends FatalError {
  constructor(readonly heapSize: number, readonly requested: number) {
    super("out-of-memory", `out of memory: the managed heap of ${formatSize(heapSize)} is exhausted by live objects (allocating ${requested} bytes; NGEN_HEAP_SIZE sets the size)`);
  }
}

/** Environment.Exit: stops the program with an exit code. */
export class ExitRequest extends FatalError {
  constructor(code: number) {
    super("exit", `exit ${code}`, code);
  }
}

export function formatSize(bytes: number): string {
  if (bytes % (1 << 30) === 0) return `${bytes / (1 << 30)} GiB`;
  if (bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}
