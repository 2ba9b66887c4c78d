/**
 * One worker thread answering requests: each request carries an id, each reply the same id and
 * either a value or an error ({ name, message, stack }) that rejects the request's promise.
 * The worker starts on first use and holds the process open only while requests are waiting;
 * when it fails or stops, every waiting request is rejected and the next one starts a new worker.
 */
import { Worker } from "node:worker_threads";

interface Reply {
  id: number;
  error?: { name: string; message: string; stack?: string };
}

/** A worker's reply for a request that failed: the error as plain data (see WorkerChannel). */
export function errorReply(id: number, e: unknown): Reply {
  return { id, error: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { name: "Error", message: String(e) } };
}

export class WorkerChannel<T> {
  worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(r: T): void; reject(e: Error): void }>();

  /** `value` takes a request's value out of its reply; `what` names the worker in errors. */
  constructor(
    private readonly script: URL,
    private readonly value: (reply: any) => T,
    private readonly what: string,
  ) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
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
      } else p.resolve(this.value(m));
    });
    const fail = (e: Error) => {
      this.worker = null;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`a ${this.what} stopped (exit code ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  /** Sends `request` (with a fresh id) and waits for its reply. */
  send(request: object, transfer: ArrayBuffer[] = []): Promise<T> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ ...request, id }, transfer);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
