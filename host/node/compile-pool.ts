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
import { WorkerChannel } from "./worker-channel.js";
import { SettingError } from "../user-errors.js";
import type { CompileJob, CompileRunner, ImageSpec, JobResult } from "../install/compile-image.js";

/**
 * How many threads compile besides the installing one: NGEN_WORKERS, else one per two cores
 * (at most 4) from four cores up, and 1 below. From 2 up they are compile workers (a pool);
 * 1 is a backend thread (backend-thread.ts) beside the importing thread; 0 is none. A
 * compiling V8 isolate keeps about one and a half cores busy (its collector and optimising
 * compiler run on helper threads), and on two cores two workers measured slower than one
 * thread (7.1 s against 5.5 s for mscorlib): each repeats the warm-up and the type loading.
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

export class CompilePool implements CompileRunner {
  private readonly slots: WorkerChannel<JobResult[]>[];

  constructor(readonly size: number) {
    this.slots = Array.from({ length: size }, () => new WorkerChannel<JobResult[]>(WORKER_SCRIPT, (r) => r.results, "compile worker"));
  }

  async run(spec: ImageSpec, jobs: CompileJob[]): Promise<JobResult[]> {
    const n = this.slots.length;
    const shares = this.slots.map((_, w) => jobs.filter((_, j) => j % n === w));
    const replies = await Promise.all(shares.map((share, w) => (share.length ? this.slots[w]!.send({ spec, jobs: share }) : Promise.resolve([]))));
    return jobs.map((_, j) => replies[j % n]![Math.floor(j / n)]!);
  }

  /** Stops the workers (they also let the process exit while idle). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.close()));
  }
}
