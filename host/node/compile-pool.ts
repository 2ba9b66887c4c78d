/**
 * Compile workers for Node: worker threads (compile-worker.ts), each with its own Wasm core and
 * type system, sharing an image's compile jobs. Job j goes to worker j mod N, so the split does
 * not depend on timing; compileImage's merge makes the image independent of the split anyway.
 *
 * Workers start on first use and hold the process open only while they have work. A worker that
 * fails ends the run with its error; a worker that dies is replaced at the next run.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { SettingError } from "../user-errors.js";
import type { CompileJob, CompileRunner, ImageSpec, JobResult } from "../install/compile-image.js";

interface Reply {
  id: number;
  results?: JobResult[];
  error?: { name: string; message: string; stack?: string };
}

/**
 * How many compile workers to use: NGEN_WORKERS, else one per two cores (at most 4) from four
 * cores up; 0 or 1 means none. A compiling V8 isolate keeps about one and a half cores busy
 * (its collector and optimising compiler run on helper threads), and on two cores two workers
 * measured slower than one thread (7.1 s against 5.5 s for mscorlib).
 */
export function workerCount(): number {
  const v = process.env.NGEN_WORKERS;
  if (v !== undefined && v !== "") {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new SettingError(`NGEN_WORKERS=${v}: expected a whole number from 0 to 64`);
    return n;
  }
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(cores >> 1, 4) : 1;
}

const WORKER_SCRIPT = new URL("./compile-worker.js", import.meta.url);

/**
 * A pool of `size` workers, or null when fewer than two would run or there is no worker script
 * (this module loaded from its TypeScript source, as under vitest: the compiled one has it).
 */
export function compilePool(size = workerCount()): CompilePool | null {
  return size >= 2 && existsSync(fileURLToPath(WORKER_SCRIPT)) ? new CompilePool(size) : null;
}

class Slot {
  worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve(r: JobResult[]): void; reject(e: Error): void }>();

  start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SCRIPT);
    w.on("message", (m: Reply) => {
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (!this.waiting.size) w.unref();
      if (m.error) {
        const e = new Error(m.error.message);
        e.name = m.error.name;
        if (m.error.stack) e.stack = m.error.stack;
        p.reject(e);
      } else p.resolve(m.results!);
    });
    const fail = (e: Error) => {
      this.worker = null;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`a compile worker stopped (exit code ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  send(id: number, spec: ImageSpec, jobs: CompileJob[]): Promise<JobResult[]> {
    const w = this.start();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, spec, jobs });
    });
  }
}

export class CompilePool implements CompileRunner {
  private readonly slots: Slot[];
  private nextId = 1;

  constructor(readonly size: number) {
    this.slots = Array.from({ length: size }, () => new Slot());
  }

  async run(spec: ImageSpec, jobs: CompileJob[]): Promise<JobResult[]> {
    const n = this.slots.length;
    const shares = this.slots.map((_, w) => jobs.filter((_, j) => j % n === w));
    const replies = await Promise.all(shares.map((share, w) => (share.length ? this.slots[w]!.send(this.nextId++, spec, share) : Promise.resolve([]))));
    return jobs.map((_, j) => replies[j % n]![Math.floor(j / n)]!);
  }

  /** Stops the workers (they also let the process exit while idle). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }
}
