/**
 * Managed threads as cooperative threads that run to completion on the one native thread.
 *
 * Managed code calls into the runtime's JS callbacks, and koffi can only run those on the
 * thread that called into native code, so every managed thread runs on that thread. A thread
 * that is started is queued; queued threads (and thread-pool work) run, in the order they were
 * started, when the running thread waits: Join, Sleep, Yield, SpinWait, Monitor.Wait, a wait on
 * an event, and when Main returns (foreground threads, as the runtime waits for them). Each runs
 * to its end, nested on the native stack of the thread that waited, with its own Thread object
 * as the current thread.
 *
 * This is one legal schedule of the program: the started thread runs as if the starting thread
 * had been descheduled at its next wait. Programs whose output does not depend on timing
 * (the only kind whose output can be compared with another runtime) print what they print under
 * Mono. A wait that only a thread suspended below the waiting one could end (ping-pong between
 * threads) cannot be served by such a schedule; it stops with "not supported", never a hang.
 */
import { FatalError, UnsupportedError } from "./errors.js";
import type { Runtime } from "./runtime.js";
import type { MethodDesc, TypeDesc } from "../typesystem/types.js";

/** System.Threading.ThreadState flags. */
const RUNNING = 0, BACKGROUND = 4, UNSTARTED = 8, STOPPED = 16;

interface GreenThread {
  /** The Thread object (0 for pool workers until made). */
  thread: number;
  internal: number;
  start: number;
  arg: number;
  done: boolean;
}

export class GreenThreads {
  /** ThreadState per InternalThread. */
  private readonly states = new Map<number, number>();
  /** Started threads that have not finished, by InternalThread. */
  private readonly byInternal = new Map<number, GreenThread>();
  private readonly queue: GreenThread[] = [];
  /** Threads running now, outermost first (the main thread is not listed). */
  private readonly active: GreenThread[] = [];
  private nextManagedId = 3; // Mono: 1 is the main thread, 2 the finalizer's
  private poolRequests = 0;
  private mainThread = 0;
  /** Event handles: signalled state and whether a wait resets it (auto-reset). */
  private readonly events = new Map<number, { set: boolean; manual: boolean }>();
  private nextHandle = 0x1000;

  /**
   * The class library's timer scheduler (Timer+Scheduler), once a timer exists. Its thread body
   * would loop forever, so it only registers the scheduler; its loop (RunSchedulerLoop: due
   * timers' callbacks go to the thread pool, the result is how long until the next is due) runs
   * at wait points when nothing else can, sleeping until the next timer within the wait.
   */
  private timerScheduler = 0;
  private timerLoop: MethodDesc | null = null;

  constructor(private readonly rt: Runtime, private readonly describe: (ex: number) => string) {
    rt.addRootSource(() => this.roots());
  }

  setTimerScheduler(self: number): void {
    this.timerScheduler = self;
  }

  /** Objects only the scheduler may hold: queued and running threads, their delegates and arguments. */
  private *roots(): Iterable<number> {
    yield this.mainThread;
    yield this.timerScheduler;
    for (const g of [...this.queue, ...this.active]) {
      yield g.thread;
      yield g.internal;
      yield g.start;
      yield g.arg;
    }
  }

  private get threadType(): TypeDesc {
    return this.rt.ts.corlibType("System.Threading", "Thread");
  }
  private get internalType(): TypeDesc {
    return this.rt.ts.corlibType("System.Threading", "InternalThread");
  }

  /** The main thread's Thread object (made on first request). */
  currentThread(): number {
    const top = this.active[this.active.length - 1];
    if (top) return top.thread;
    if (this.mainThread === 0) {
      const rt = this.rt;
      this.mainThread = rt.allocObject(this.threadType);
      const it = rt.allocObject(this.internalType);
      rt.w64(it + rt.fieldOffset(this.internalType, "thread_id"), 1);
      rt.w32(it + rt.fieldOffset(this.internalType, "managed_id"), 1);
      rt.w64(this.mainThread + rt.fieldOffset(this.threadType, "internal_thread"), it);
      this.states.set(it, RUNNING);
      this.setCurrentStatic(this.mainThread);
    }
    return this.mainThread;
  }

  private setCurrentStatic(thread: number): void {
    const t = this.threadType;
    this.rt.w64(this.rt.staticsBlock(t) + this.rt.fieldOffset(t, "current_thread"), thread);
  }

  /** A new Thread object's InternalThread (Thread::ConstructInternalThread). */
  construct(self: number): void {
    const rt = this.rt;
    const it = rt.allocObject(this.internalType);
    rt.w32(it + rt.fieldOffset(this.internalType, "managed_id"), this.nextManagedId++);
    rt.w64(self + rt.fieldOffset(this.threadType, "internal_thread"), it);
    this.states.set(it, UNSTARTED);
  }

  state(internal: number): number {
    return this.states.get(internal) ?? RUNNING;
  }
  setState(internal: number, flags: number): void {
    this.states.set(internal, this.state(internal) | flags);
  }
  clearState(internal: number, flags: number): void {
    this.states.set(internal, this.state(internal) & ~flags);
  }

  /** Thread::Thread_internal: queues the thread with its start delegate and argument. */
  start(self: number, start: number): boolean {
    const rt = this.rt;
    const internal = rt.r64(self + rt.fieldOffset(this.threadType, "internal_thread"));
    const arg = rt.r64(self + rt.fieldOffset(this.threadType, "m_ThreadStartArg"));
    const g: GreenThread = { thread: self, internal, start, arg, done: false };
    this.byInternal.set(internal, g);
    this.clearState(internal, UNSTARTED);
    this.queue.push(g);
    return true;
  }

  /** Thread::JoinInternal: runs queued threads up to `self`; false on a timeout that a wait cannot end. */
  join(self: number, ms: number): boolean {
    const rt = this.rt;
    const internal = rt.r64(self + rt.fieldOffset(this.threadType, "internal_thread"));
    const g = this.byInternal.get(internal);
    if (!g) return true; // finished, never started (Mono: ThreadStateException before this) or the main thread
    while (!g.done) {
      if (this.active.includes(g)) {
        if (ms >= 0) return false;
        throw new UnsupportedError("System.Threading.Thread::Join", "a thread joins a thread that is waiting for it (threads run one at a time)");
      }
      if (!this.runNext()) break;
    }
    return g.done;
  }

  /** A wait point without a condition (Sleep, Yield, SpinWait): runs everything queued, and timers due before `deadline` (ms, Date.now()). */
  yieldAll(deadline = Date.now()): boolean {
    let ran = false;
    while (this.runNext(deadline)) ran = true;
    return ran;
  }

  /**
   * Monitor.Wait and event waits: runs queued work, which may signal; `ready` says whether the
   * wait is over. Without queued work the wait can only time out, or never end (not supported).
   */
  waitFor(ready: () => boolean, ms: number, what: string): boolean {
    const deadline = ms >= 0 ? Date.now() + ms : Infinity;
    for (;;) {
      if (ready()) return true;
      if (!this.runNext(deadline)) {
        if (ms >= 0) return false;
        throw new UnsupportedError(what, "waits for a signal that no runnable thread can give (threads run one at a time)");
      }
    }
  }

  /** Monitor.Wait: whatever ran may have pulsed; the caller re-checks its condition. */
  monitorWait(ms: number): boolean {
    if (this.yieldAll()) return true;
    // Nothing ran: only a timer could still pulse (one at a time, the caller re-checks).
    if (this.runNext(ms >= 0 ? Date.now() + ms : Infinity)) return true;
    if (ms >= 0) return false;
    throw new UnsupportedError("System.Threading.Monitor::Wait", "waits for a pulse that no runnable thread can give (threads run one at a time)");
  }

  /** ThreadPool::RequestWorkerThread. */
  requestWorker(): void {
    this.poolRequests++;
  }

  /** Runs the foreground threads still queued (the runtime waits for them when Main returns). */
  drain(): void {
    while (this.rt.pendingException === 0 && !this.rt.fatal) {
      const i = this.queue.findIndex((g) => (this.state(g.internal) & BACKGROUND) === 0);
      if (i < 0 && this.poolRequests === 0) return;
      if (i < 0) {
        // Pool work only matters if a foreground thread waits for it; none is left.
        return;
      }
      const [g] = this.queue.splice(i, 1);
      this.run(g!);
    }
  }

  // ---- Events (NativeEventCalls) ------------------------------------------------------------------
  createEvent(manual: boolean, initial: boolean): number {
    const h = this.nextHandle++;
    this.events.set(h, { set: initial, manual });
    return h;
  }
  setEvent(h: number, value: boolean): boolean {
    const e = this.events.get(h);
    if (!e) return false;
    e.set = value;
    return true;
  }
  closeEvent(h: number): void {
    this.events.delete(h);
  }
  /** WaitHandle::Wait_internal over event handles: the index signalled, or 258 (WAIT_TIMEOUT). */
  waitHandles(handles: number[], waitAll: boolean, ms: number): number {
    const signalled = () => handles.map((h) => this.events.get(h)?.set ?? false);
    let index = -1;
    const ready = () => {
      const s = signalled();
      if (waitAll) return s.every(Boolean) ? ((index = 0), true) : false;
      index = s.indexOf(true);
      return index >= 0;
    };
    if (!this.waitFor(ready, ms, "System.Threading.WaitHandle::WaitOne")) return 258;
    for (const [i, h] of handles.entries()) {
      const e = this.events.get(h);
      if (e && !e.manual && (waitAll || i === index)) e.set = false;
    }
    return index;
  }

  // ---- Running ------------------------------------------------------------------------------------
  /** Runs the next queued thread, or a pool worker when work was requested; false when idle. */
  private runNext(deadline = Infinity): boolean {
    if (this.rt.pendingException !== 0 || this.rt.fatal) return false;
    const g = this.queue.shift();
    if (g) {
      this.run(g);
      return true;
    }
    for (;;) {
      if (this.poolRequests > 0) {
        this.poolRequests--;
        this.runPoolWorker();
        return true;
      }
      // Timers: due callbacks become pool work; else sleep until the next is due, within the deadline.
      const wait = this.pollTimers();
      if (this.poolRequests > 0) continue;
      const now = Date.now();
      if (wait < 0 || now >= deadline || this.rt.pendingException !== 0 || this.rt.fatal) return false;
      Atomics.wait(timerSleep, 0, 0, Math.max(1, Math.min(wait, deadline - now)));
    }
  }

  /** Runs the timer scheduler's loop once: ms until the next timer is due, or -1 without timers. */
  private pollTimers(): number {
    const rt = this.rt;
    if (this.timerScheduler === 0) return -1;
    if (!this.timerLoop) {
      const t = rt.typeOfMethodTable(rt.r64(this.timerScheduler));
      this.timerLoop = (t && rt.ts.methodsOf(t).find((m) => m.name === "RunSchedulerLoop")) || null;
      if (!this.timerLoop) throw new FatalError("internal", "the class library's timer scheduler has no RunSchedulerLoop");
    }
    return Number(rt.invoke(this.timerLoop, [this.timerScheduler]) ?? -1);
  }

  /** Saves the [ThreadStatic] fields' values and clears them for a thread about to run. */
  private enterStatics(): Uint8Array[] {
    const rt = this.rt;
    return rt.threadStatics.map(({ addr, size }) => {
      const bytes = rt.bytesAt(addr, size);
      const saved = bytes.slice();
      bytes.fill(0);
      return saved;
    });
  }
  private leaveStatics(saved: Uint8Array[]): void {
    const rt = this.rt;
    saved.forEach((bytes, i) => {
      const { addr, size } = rt.threadStatics[i]!;
      rt.bytesAt(addr, size).set(bytes);
    });
  }

  private run(g: GreenThread): void {
    this.runAs(g, () => {
      const rt = this.rt;
      const del = g.start;
      const dt = rt.typeOfMethodTable(rt.r64(del));
      const invoke = dt ? rt.ts.methodsOf(dt).find((m) => m.name === "Invoke") : undefined;
      if (!invoke) throw new FatalError("internal", "a thread's start delegate has no Invoke method");
      rt.invoke(invoke, invoke.sig.params.length === 1 ? [del, g.arg] : [del]);
    });
    this.states.set(g.internal, (this.state(g.internal) & BACKGROUND) | STOPPED);
    // Joining a thread that is not listed returns at once: it has finished.
    this.byInternal.delete(g.internal);
  }

  /** A thread-pool worker: the class library's dispatch loop, on a pool Thread object of its own. */
  private runPoolWorker(): void {
    const rt = this.rt;
    const cb = rt.ts.corlibType("System.Threading", "_ThreadPoolWaitCallback");
    const perform = rt.ts.methodsOf(cb).find((m) => m.name === "PerformWaitCallback");
    if (!perform) throw new FatalError("internal", "the class library has no thread-pool dispatch");
    const thread = rt.allocObject(this.threadType);
    this.construct(thread);
    const internal = rt.r64(thread + rt.fieldOffset(this.threadType, "internal_thread"));
    this.states.set(internal, BACKGROUND);
    this.runAs({ thread, internal, start: 0, arg: 0, done: false }, () => void rt.invoke(perform, []));
  }

  /**
   * Runs `body` as thread `g`: its own pending exception, [ThreadStatic] values and current
   * Thread object, restored afterwards; then an exception it left unhandled ends the process.
   */
  private runAs(g: GreenThread, body: () => void): void {
    const rt = this.rt;
    const outer = rt.pendingException;
    rt.pendingException = 0;
    const statics = this.enterStatics();
    this.active.push(g);
    this.setCurrentStatic(g.thread);
    try {
      body();
    } finally {
      this.active.pop();
      const top = this.active[this.active.length - 1];
      this.setCurrentStatic(top ? top.thread : this.mainThread);
      this.leaveStatics(statics);
      g.done = true;
    }
    this.finishThread(outer);
  }

  /** An exception a thread did not handle ends the process, as in Mono (exit code 1). */
  private finishThread(outer: number): void {
    const rt = this.rt;
    const ex = rt.pendingException;
    if (ex !== 0 && !rt.isAbortObject(ex)) {
      const text = this.describe(ex);
      rt.pendingException = 0;
      rt.abort(new FatalError("unhandled", `\nUnhandled Exception:\n${text}\n[ERROR] FATAL UNHANDLED EXCEPTION: ${text}`, 1));
      return;
    }
    if (ex === 0) rt.pendingException = outer;
  }
}

/** Sleeping until a timer is due (nothing ever notifies it). */
const timerSleep = new Int32Array(new SharedArrayBuffer(4));
