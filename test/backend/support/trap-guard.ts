// Calls into generated code through a guard trampoline, so that a throw helper never kills the
// process: the guard saves the callee-saved registers and RSP; the helper stubs record which
// helper ran and a copy of the stack at that moment (for unwind tests), then restore the guard's
// RSP and registers and return to koffi. Before calling the target the guard loads marker
// values into RBX and R12-R15 and points RBP at its own frame (a valid frame-pointer chain for
// any stack walker), so an unwinder walking from a helper back to the guard must recover exactly
// these values.
import * as L from "../../../core-as/shared/encoder-layout.js";
import { X86Assembler, mem } from "../../../host/core/encoder.js";
import type { CoreExports } from "../../../host/core/load-core.js";
import { ExecMemory, DataMemory } from "../../../host/node/exec-memory.js";
import * as IR from "../../../core-as/shared/ir-layout.js";

export const MARKERS: Record<number, bigint> = {
  [L.REG_RBX]: 0x1111111111111111n,
  [L.REG_R12]: 0x1212121212121212n,
  [L.REG_R13]: 0x1313131313131313n,
  [L.REG_R14]: 0x1414141414141414n,
  [L.REG_R15]: 0x1515151515151515n,
};
const SAVED = [L.REG_RBX, L.REG_RBP, L.REG_R12, L.REG_R13, L.REG_R14, L.REG_R15];
/** Callee-saved registers (other than RBP) the helper records at entry. */
export const CAPTURED = [L.REG_RBX, L.REG_R12, L.REG_R13, L.REG_R14, L.REG_R15];
export const STACK_WORDS = 1024;
const MAX_STACK_ARGS = 16;

/** What a helper stub saw: its RSP and RBP at entry and the stack words from RSP up to the guard's frame. */
export interface TrapCapture {
  helper: number;
  rsp: bigint;
  rbp: bigint;
  /** CAPTURED registers at the helper's entry. */
  regs: Map<number, bigint>;
  stack: BigUint64Array;
  /** Where the guard's `call` returns (the end of the unwind chain). */
  guardReturn: bigint;
  /** The guard's RBP while the target ran (its RSP after the pushes). */
  guardRbp: bigint;
}

export class TrapGuard {
  private data: DataMemory;
  private cells: { address: bigint; bytes: Uint8Array };
  private guards: bigint[] = [];
  private guardReturns: bigint[] = [];
  private helpers: bigint[] = [];
  private lastGuard = 0;

  constructor(core: CoreExports, exec: ExecMemory) {
    this.data = new DataMemory(64 * 1024);
    // Cells: 0 target, 8 saved RSP, 16 helper id, 24 RSP at the helper, 32 RBP at the helper,
    // 40.. RBX, R12-R15 at the helper, 128.. copy of the stack.
    this.cells = this.data.alloc(128 + STACK_WORDS * 8, 64);
    const c = this.cells.address;
    for (let k = 0; k <= MAX_STACK_ARGS; k++) {
      const a = new X86Assembler(core);
      for (const r of SAVED) a.o(L.FORM_PUSH_R64, r);
      a.o(L.FORM_MOV_R64_IMM64, L.REG_R11, c + 8n);
      a.rm(L.FORM_MOV_RM64_R64, L.REG_RSP, mem(L.REG_R11));
      for (const r of SAVED) if (r !== L.REG_RBP) a.o(L.FORM_MOV_R64_IMM64, r, BigInt.asIntN(64, MARKERS[r]!));
      a.rr(L.FORM_MOV_R64_RM64, L.REG_RBP, L.REG_RSP);
      const frame = 8 + 8 * (k + (k & 1));
      a.r(L.FORM_SUB_RM64_IMM, L.REG_RSP, frame);
      for (let j = 0; j < k; j++) {
        a.rm(L.FORM_MOV_R64_RM64, L.REG_R11, mem(L.REG_RSP, L.MEM_NONE, 1, frame + 56 + 8 * j));
        a.rm(L.FORM_MOV_RM64_R64, L.REG_R11, mem(L.REG_RSP, L.MEM_NONE, 1, 8 * j));
      }
      a.o(L.FORM_MOV_R64_IMM64, L.REG_R11, c);
      a.rm(L.FORM_CALL_RM64, 0, mem(L.REG_R11));
      const retRecord = a.count;
      a.r(L.FORM_ADD_RM64_IMM, L.REG_RSP, frame);
      for (const r of [...SAVED].reverse()) a.o(L.FORM_POP_R64, r);
      a.op(L.FORM_RET);
      const enc = a.finish();
      const at = exec.place(enc.code);
      this.guards.push(at);
      this.guardReturns.push(at + BigInt(enc.offsets[retRecord]!));
    }
    for (let h = 0; h < IR.HELPER_COUNT; h++) {
      const a = new X86Assembler(core);
      a.o(L.FORM_MOV_R64_IMM64, L.REG_R11, c);
      a.rm(L.FORM_MOV_RM64_IMM, 0, mem(L.REG_R11, L.MEM_NONE, 1, 16), h);
      a.rm(L.FORM_MOV_RM64_R64, L.REG_RSP, mem(L.REG_R11, L.MEM_NONE, 1, 24));
      a.rm(L.FORM_MOV_RM64_R64, L.REG_RBP, mem(L.REG_R11, L.MEM_NONE, 1, 32));
      CAPTURED.forEach((r, k) => a.rm(L.FORM_MOV_RM64_R64, r, mem(L.REG_R11, L.MEM_NONE, 1, 40 + 8 * k)));
      a.rr(L.FORM_MOV_R64_RM64, L.REG_RSI, L.REG_RSP);
      a.rm(L.FORM_LEA_R64_M, L.REG_RDI, mem(L.REG_R11, L.MEM_NONE, 1, 128));
      // Copy up to the guard's return address only: koffi runs calls on a small stack of its
      // own, and reading past the guard's frame could leave the mapping.
      a.rm(L.FORM_MOV_R64_RM64, L.REG_RCX, mem(L.REG_R11, L.MEM_NONE, 1, 8));
      a.rr(L.FORM_SUB_RM64_R64, L.REG_RSP, L.REG_RCX);
      a.r(L.FORM_ADD_RM64_IMM, L.REG_RCX, 8 * SAVED.length + 8);
      a.r(L.FORM_SHR_RM64_IMM8, L.REG_RCX, 3);
      a.r(L.FORM_CMP_RM64_IMM, L.REG_RCX, STACK_WORDS);
      const fits = a.newLabel();
      a.jump(L.FORM_JBE, fits);
      a.o(L.FORM_MOV_R64_IMM, L.REG_RCX, STACK_WORDS);
      a.bind(fits);
      const loop = a.newLabel();
      a.bind(loop);
      a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RSI));
      a.rm(L.FORM_MOV_RM64_R64, L.REG_RAX, mem(L.REG_RDI));
      a.r(L.FORM_ADD_RM64_IMM, L.REG_RSI, 8);
      a.r(L.FORM_ADD_RM64_IMM, L.REG_RDI, 8);
      a.r(L.FORM_SUB_RM64_IMM, L.REG_RCX, 1);
      a.jump(L.FORM_JNE, loop);
      a.rm(L.FORM_MOV_R64_RM64, L.REG_RSP, mem(L.REG_R11, L.MEM_NONE, 1, 8));
      for (const r of [...SAVED].reverse()) a.o(L.FORM_POP_R64, r);
      a.rr(L.FORM_XOR_R32_RM32, L.REG_RAX, L.REG_RAX);
      a.op(L.FORM_RET);
      this.helpers.push(exec.place(a.finish().code));
    }
  }

  helperAddress(h: number): bigint {
    const a = this.helpers[h];
    if (a === undefined) throw new Error(`no helper ${h}`);
    return a;
  }

  /** A koffi function entering the guard for a target with this prototype. */
  callable(ret: string, params: readonly string[]): { fn: (...a: unknown[]) => unknown; guard: number } {
    let ints = 0, floats = 0;
    for (const p of params) (p === "double" || p === "float" ? floats++ : ints++);
    const k = Math.max(0, ints - 6) + Math.max(0, floats - 8);
    if (k > MAX_STACK_ARGS) throw new Error("too many stack arguments for the guard");
    return { fn: this.exec().function(this.guards[k]!, ret, params), guard: k };
  }

  private execRef: ExecMemory | null = null;
  private exec(): ExecMemory {
    if (!this.execRef) throw new Error("guard not bound");
    return this.execRef;
  }
  /** Binds the executable memory used for callable() (after it is sealed). */
  bind(exec: ExecMemory): void {
    this.execRef = exec;
  }

  /** Calls `target` through guard `f`; returns the value and the helper id (null: none ran). */
  call(f: { fn: (...a: unknown[]) => unknown; guard: number }, target: bigint, args: unknown[]): { value: unknown; trap: number | null } {
    const dv = new DataView(this.cells.bytes.buffer, this.cells.bytes.byteOffset, 64);
    dv.setBigUint64(0, target, true);
    dv.setBigInt64(16, -1n, true);
    this.lastGuard = f.guard;
    const value = f.fn(...args);
    const h = Number(dv.getBigInt64(16, true));
    return { value, trap: h < 0 ? null : h };
  }

  /** The stack the last helper saw. */
  capture(): TrapCapture {
    const dv = new DataView(this.cells.bytes.buffer, this.cells.bytes.byteOffset, 128);
    const stack = new BigUint64Array(this.cells.bytes.buffer, this.cells.bytes.byteOffset + 128, STACK_WORDS).slice();
    return {
      helper: Number(dv.getBigInt64(16, true)),
      rsp: dv.getBigUint64(24, true),
      rbp: dv.getBigUint64(32, true),
      regs: new Map(CAPTURED.map((r, k) => [r, dv.getBigUint64(40 + 8 * k, true)])),
      stack,
      guardReturn: this.guardReturns[this.lastGuard]!,
      guardRbp: dv.getBigUint64(8, true),
    };
  }

  dispose(): void {
    this.data.dispose();
  }
}
