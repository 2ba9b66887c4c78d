/**
 * The runtime's hand-assembled machine code, written with the core's encoder (X86Assembler):
 * the JIT prestubs, the backend's trap helpers, the allocation fast paths and small adapters.
 *
 * Invariants (SysV x86-64):
 * - At a function's entry RSP ≡ 8 (mod 16); every stub that calls out re-aligns RSP to 16 first.
 * - A prestub is entered exactly like the method it stands for (arguments in RDI RSI RDX RCX R8
 *   R9 and XMM0-7, more on the stack, return address on top): it preserves all of them across
 *   the JIT callback and leaves by `jmp` to the address the callback returned, so the method
 *   runs as if called directly.
 * - The trap helpers are reached by `call` from a compiled method's out-of-line throw stub (which
 *   is followed by ud2: they never return there). They leave the method as its epilogue would:
 *   callee-saved registers restored from the frame (the JS side reads the method's unwind
 *   description), RSP = RBP, pop RBP, ret — returning 0 to the method's caller, which sees the
 *   pending exception.
 * - Allocation fast paths bump TS_ALLOC_PTR; on anything unusual (heap limit, bad length) they
 *   tail-jump to the JS slow path with the arguments untouched.
 */
import * as L from "../../core-as/shared/encoder-layout.js";
import { X86Assembler, mem, ripSymbol, type EncodedBatch } from "../core/encoder.js";
import type { CoreExports } from "../core/load-core.js";
import {
  ARRAY_DATA_OFFSET, STRING_CHARS_OFFSET, STRING_LENGTH_OFFSET, ARRAY_LENGTH_OFFSET, OBJ_HEADER,
} from "../typesystem/layout.js";
import {
  IMAP_ENTRY_SIZE, IMAP_INTERFACE, IMAP_SLOTS, MT_BASE_SIZE, MT_COMPONENT_SIZE, MT_INTERFACE_MAP, MT_NUM_INTERFACES,
  MT_FLAGS, MT_PARENT, MT_VTABLE, MTF_DELEGATE, MTF_INTERFACE, MTF_MDARRAY, MTF_SZARRAY, TS_ALLOC_LIMIT, TS_STRING_MT,
  TS_ALLOC_PTR, TS_SAVED_REGS,
} from "./abi.js";
import { placeAndLink } from "./linker.js";
import type { CodeBatch } from "./memory.js";

const ARG_GPRS = [L.REG_RDI, L.REG_RSI, L.REG_RDX, L.REG_RCX, L.REG_R8, L.REG_R9];
/** The callee-saved registers the trap unwinder restores (RBP is restored by the frame). */
export const UNWIND_SAVED_REGS = [L.REG_RBX, L.REG_R12, L.REG_R13, L.REG_R14, L.REG_R15];
/** Bytes of one prestub in the pool. */
export const PRESTUB_SIZE = 16;

/** Largest array length (as .NET Framework: 0x7FFFFFC7 elements for non-byte arrays; we keep 2^31-1). */
export const MAX_ARRAY_LENGTH = 0x7fffffff;

const big = (n: number) => BigInt(n);

export class StubAssembler {
  constructor(private readonly core: CoreExports) {}

  private asm(): X86Assembler {
    return new X86Assembler(this.core);
  }

  private put(batch: CodeBatch, enc: EncodedBatch, resolve: (s: number) => number = noSymbols): number {
    return placeAndLink(batch, enc.code, enc.relocs, resolve);
  }

  /**
   * The shared part of every prestub: EAX holds the method id. Saves the argument registers,
   * calls `jit(id) -> code address`, restores them and jumps to the address.
   */
  commonPrestub(batch: CodeBatch, jitCallback: number): number {
    const a = this.asm();
    a.o(L.FORM_PUSH_R64, L.REG_RBP);
    a.rr(L.FORM_MOV_R64_RM64, L.REG_RBP, L.REG_RSP);
    for (const r of ARG_GPRS) a.o(L.FORM_PUSH_R64, r); // 48 bytes: RSP stays 16-aligned
    a.r(L.FORM_SUB_RM64_IMM, L.REG_RSP, 128);
    for (let x = 0; x < 8; x++) a.rm(L.FORM_MOVAPS_XMMM128_XMM, x, mem(L.REG_RSP, L.MEM_NONE, 1, 16 * x));
    a.rr(L.FORM_MOV_R32_RM32, L.REG_RDI, L.REG_RAX);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(jitCallback));
    a.r(L.FORM_CALL_RM64, L.REG_RAX);
    for (let x = 0; x < 8; x++) a.rm(L.FORM_MOVAPS_XMM_XMMM128, x, mem(L.REG_RSP, L.MEM_NONE, 1, 16 * x));
    a.r(L.FORM_ADD_RM64_IMM, L.REG_RSP, 128);
    for (const r of [...ARG_GPRS].reverse()) a.o(L.FORM_POP_R64, r);
    a.o(L.FORM_POP_R64, L.REG_RBP);
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    return this.put(batch, a.finish());
  }

  /**
   * `count` prestubs of PRESTUB_SIZE bytes for ids first…first+count-1:
   * `mov eax, id; jmp [table + 8k]`. The table word holds the common prestub until the method
   * is compiled, then its code: addresses taken from a cell before compilation (delegates,
   * ldftn) stop costing a callback afterwards.
   */
  prestubPool(batch: CodeBatch, first: number, count: number, table: number): number {
    return this.idThunkPool(batch, "prestub", L.REG_RAX, first, count, table);
  }

  /** `count` thunks that load id first+k into `reg` (32-bit) and jump through table[k]. */
  private idThunkPool(batch: CodeBatch, what: string, reg: number, first: number, count: number, table: number): number {
    return this.pool(batch, what, count, table, (a, k) => {
      a.o(L.FORM_MOV_R32_IMM32, reg, first + k);
      a.rm(L.FORM_JMP_RM64, 0, ripSymbol(k));
      a.op(L.FORM_INT3).op(L.FORM_INT3).op(L.FORM_INT3).op(L.FORM_INT3).op(L.FORM_INT3);
    });
  }

  /**
   * A pool of `count` entries of exactly PRESTUB_SIZE bytes each (`entry` emits entry k);
   * RIP-relative symbol k is the data-area word table[k].
   */
  private pool(batch: CodeBatch, what: string, count: number, table: number, entry: (a: X86Assembler, k: number) => void): number {
    const a = this.asm();
    for (let k = 0; k < count; k++) entry(a, k);
    const enc = a.finish();
    if (enc.code.length !== count * PRESTUB_SIZE) throw new Error(`${what} pool encodes to ${enc.code.length} bytes, expected ${count * PRESTUB_SIZE}`);
    return placeAndLink(batch, enc.code, enc.relocs, (s) => table + 8 * s, PRESTUB_SIZE);
  }

  /** Returns 0 (RAX and XMM0) at once: where a call goes when the callee cannot run and an exception is pending. */
  pendingReturn(batch: CodeBatch): number {
    const a = this.asm();
    a.rr(L.FORM_XOR_R32_RM32, L.REG_RAX, L.REG_RAX);
    a.rr(L.FORM_XORPS_XMM_XMMM128, 0, 0);
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /**
   * A trap helper for the backend's throw stubs: records RBX, R12-R15 in the thread state, calls
   * `trap(kind, return address, rbp)` (which raises the exception and overwrites the saved
   * registers with the values the method's frame saved), then leaves the method.
   */
  trapHelper(batch: CodeBatch, threadState: number, kind: number, trapCallback: number): number {
    const a = this.asm();
    a.o(L.FORM_MOV_R64_IMM64, L.REG_R11, big(threadState));
    UNWIND_SAVED_REGS.forEach((r, k) => a.rm(L.FORM_MOV_RM64_R64, r, mem(L.REG_R11, L.MEM_NONE, 1, TS_SAVED_REGS + 8 * k)));
    a.o(L.FORM_MOV_R64_IMM, L.REG_RDI, kind);
    a.rm(L.FORM_MOV_R64_RM64, L.REG_RSI, mem(L.REG_RSP));
    a.rr(L.FORM_MOV_R64_RM64, L.REG_RDX, L.REG_RBP);
    a.r(L.FORM_SUB_RM64_IMM, L.REG_RSP, 8);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(trapCallback));
    a.r(L.FORM_CALL_RM64, L.REG_RAX);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_R11, big(threadState));
    UNWIND_SAVED_REGS.forEach((r, k) => a.rm(L.FORM_MOV_R64_RM64, r, mem(L.REG_R11, L.MEM_NONE, 1, TS_SAVED_REGS + 8 * k)));
    a.rr(L.FORM_MOV_R64_RM64, L.REG_RSP, L.REG_RBP);
    a.o(L.FORM_POP_R64, L.REG_RBP);
    a.rr(L.FORM_XOR_R32_RM32, L.REG_RAX, L.REG_RAX);
    a.rr(L.FORM_XORPS_XMM_XMMM128, 0, 0);
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /** Emits: RAX = [TS_ALLOC_PTR]; RDX = RAX + RCX; if RDX > limit goto slow; [TS_ALLOC_PTR] = RDX. */
  private bump(a: X86Assembler, threadState: number, slow: number): void {
    a.o(L.FORM_MOV_R64_IMM64, L.REG_R11, big(threadState));
    a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_R11, L.MEM_NONE, 1, TS_ALLOC_PTR));
    a.rm(L.FORM_LEA_R64_M, L.REG_RDX, mem(L.REG_RAX, L.REG_RCX, 1, 0));
    a.rm(L.FORM_CMP_R64_RM64, L.REG_RDX, mem(L.REG_R11, L.MEM_NONE, 1, TS_ALLOC_LIMIT));
    a.jump(L.FORM_JA, slow);
    a.rm(L.FORM_MOV_RM64_R64, L.REG_RDX, mem(L.REG_R11, L.MEM_NONE, 1, TS_ALLOC_PTR));
  }

  /** NewObject(MT* rdi, size rsi): the instance size comes from the method table. */
  newObject(batch: CodeBatch, threadState: number, slowPath: number): number {
    const a = this.asm();
    const slow = a.newLabel();
    a.rm(L.FORM_MOV_R32_RM32, L.REG_RCX, mem(L.REG_RDI, L.MEM_NONE, 1, MT_BASE_SIZE));
    this.bump(a, threadState, slow);
    a.rm(L.FORM_MOV_RM64_R64, L.REG_RDI, mem(L.REG_RAX));
    a.op(L.FORM_RET);
    a.bind(slow);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(slowPath));
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    return this.put(batch, a.finish());
  }

  /** NewArray(MT* rdi, length rsi as i64): element size from the method table. */
  newArray(batch: CodeBatch, threadState: number, slowPath: number): number {
    const a = this.asm();
    const slow = a.newLabel();
    a.o(L.FORM_MOV_R64_IMM, L.REG_RCX, MAX_ARRAY_LENGTH);
    a.rr(L.FORM_CMP_R64_RM64, L.REG_RSI, L.REG_RCX);
    a.jump(L.FORM_JA, slow); // negative lengths are huge unsigned: the slow path raises
    a.rm(L.FORM_MOV_R32_RM32, L.REG_RCX, mem(L.REG_RDI, L.MEM_NONE, 1, MT_COMPONENT_SIZE));
    a.rr(L.FORM_IMUL_R64_RM64, L.REG_RCX, L.REG_RSI);
    a.r(L.FORM_ADD_RM64_IMM, L.REG_RCX, ARRAY_DATA_OFFSET + 7);
    a.r(L.FORM_AND_RM64_IMM, L.REG_RCX, -8);
    this.bump(a, threadState, slow);
    a.rm(L.FORM_MOV_RM64_R64, L.REG_RDI, mem(L.REG_RAX));
    a.rm(L.FORM_MOV_RM64_R64, L.REG_RSI, mem(L.REG_RAX, L.MEM_NONE, 1, ARRAY_LENGTH_OFFSET));
    a.op(L.FORM_RET);
    a.bind(slow);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(slowPath));
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    return this.put(batch, a.finish());
  }

  /** String.FastAllocateString(int32 length): length at 8, chars at 12, a NUL after them. */
  allocateString(batch: CodeBatch, threadState: number, slowPath: number): number {
    const a = this.asm();
    const slow = a.newLabel();
    a.rr(L.FORM_TEST_RM32_R32, L.REG_RDI, L.REG_RDI);
    a.jump(L.FORM_JS, slow);
    a.rr(L.FORM_MOV_R32_RM32, L.REG_RCX, L.REG_RDI); // zero-extends
    a.rm(L.FORM_LEA_R64_M, L.REG_RCX, mem(L.MEM_NONE, L.REG_RCX, 2, STRING_CHARS_OFFSET + 2 + 7));
    a.r(L.FORM_AND_RM64_IMM, L.REG_RCX, -8);
    this.bump(a, threadState, slow);
    a.rm(L.FORM_MOV_R64_RM64, L.REG_R8, mem(L.REG_R11, L.MEM_NONE, 1, TS_STRING_MT));
    a.rm(L.FORM_MOV_RM64_R64, L.REG_R8, mem(L.REG_RAX));
    a.rm(L.FORM_MOV_RM32_R32, L.REG_RDI, mem(L.REG_RAX, L.MEM_NONE, 1, STRING_LENGTH_OFFSET));
    a.op(L.FORM_RET);
    a.bind(slow);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(slowPath));
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    return this.put(batch, a.finish());
  }

  /**
   * IsInstanceOf / CastClass (target MT RDI, object RSI) → the object or 0: the object's class
   * chain, then its interface map, in machine code. `definiteFailure`: a miss against a plain
   * class or value type answers 0 here (isinst); interfaces and delegates (variance), arrays
   * (covariance) and every miss of a cast go to the slow path with the arguments untouched.
   */
  isInstanceOf(batch: CodeBatch, slowPath: number, definiteFailure = false): number {
    const a = this.asm();
    const isNull = a.newLabel(), loop = a.newLabel(), found = a.newLabel(), iloop = a.newLabel(), miss = a.newLabel(), slow = a.newLabel();
    a.rr(L.FORM_TEST_RM64_R64, L.REG_RSI, L.REG_RSI);
    a.jump(L.FORM_JE, isNull);
    a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RSI));
    a.rr(L.FORM_MOV_R64_RM64, L.REG_RCX, L.REG_RAX);
    a.bind(loop);
    a.rr(L.FORM_CMP_R64_RM64, L.REG_RAX, L.REG_RDI);
    a.jump(L.FORM_JE, found);
    a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RAX, L.MEM_NONE, 1, MT_PARENT));
    a.rr(L.FORM_TEST_RM64_R64, L.REG_RAX, L.REG_RAX);
    a.jump(L.FORM_JNE, loop);
    // Not a base class: one of the interfaces the object's class implements?
    a.rm(L.FORM_MOV_R32_RM32, L.REG_RDX, mem(L.REG_RCX, L.MEM_NONE, 1, MT_NUM_INTERFACES));
    a.rm(L.FORM_MOV_R64_RM64, L.REG_R8, mem(L.REG_RCX, L.MEM_NONE, 1, MT_INTERFACE_MAP));
    a.bind(iloop);
    a.rr(L.FORM_TEST_RM32_R32, L.REG_RDX, L.REG_RDX);
    a.jump(L.FORM_JE, miss);
    a.rm(L.FORM_CMP_R64_RM64, L.REG_RDI, mem(L.REG_R8, L.MEM_NONE, 1, IMAP_INTERFACE));
    a.jump(L.FORM_JE, found);
    a.r(L.FORM_ADD_RM64_IMM, L.REG_R8, IMAP_ENTRY_SIZE);
    a.r(L.FORM_DEC_RM32, L.REG_RDX);
    a.jump(L.FORM_JMP, iloop);
    a.bind(miss);
    if (definiteFailure) {
      a.rm(L.FORM_TEST_RM32_IMM, 0, mem(L.REG_RDI, L.MEM_NONE, 1, MT_FLAGS), MTF_INTERFACE | MTF_SZARRAY | MTF_MDARRAY | MTF_DELEGATE);
      a.jump(L.FORM_JNE, slow);
      a.rr(L.FORM_XOR_R32_RM32, L.REG_RAX, L.REG_RAX);
      a.op(L.FORM_RET);
    }
    a.bind(slow);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(slowPath));
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    a.bind(found);
    a.rr(L.FORM_MOV_R64_RM64, L.REG_RAX, L.REG_RSI);
    a.op(L.FORM_RET);
    a.bind(isNull);
    a.rr(L.FORM_XOR_R32_RM32, L.REG_RAX, L.REG_RAX);
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /** Object hash code (RDI) → EAX: the address, which never changes (no moving collector), scrambled a little. */
  objectHash(batch: CodeBatch): number {
    const a = this.asm();
    a.rr(L.FORM_MOV_R64_RM64, L.REG_RAX, L.REG_RDI);
    a.r(L.FORM_SHR_RM64_IMM8, L.REG_RAX, 3);
    a.r(L.FORM_AND_RM32_IMM, L.REG_RAX, 0x7fffffff);
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /** Reference equality (RDI, RSI) → bool in EAX (Object.Equals). */
  referenceEquals(batch: CodeBatch): number {
    const a = this.asm();
    a.rr(L.FORM_XOR_R32_RM32, L.REG_RAX, L.REG_RAX);
    a.rr(L.FORM_CMP_R64_RM64, L.REG_RDI, L.REG_RSI);
    a.r(L.FORM_SETE_RM8, L.REG_RAX);
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /**
   * String equality (RDI, RSI) → bool in EAX, C's memcmp over the characters: the same object,
   * or both non-null with equal lengths and characters. `threadState`: the second operand is an
   * object that must be a string (Equals(object)); `invert`: the answer negated (op_Inequality).
   */
  stringEquals(batch: CodeBatch, memcmp: number, options: { threadState?: number; invert?: boolean } = {}): number {
    const a = this.asm();
    const eq = a.newLabel(), ne = a.newLabel();
    a.rr(L.FORM_CMP_R64_RM64, L.REG_RDI, L.REG_RSI);
    a.jump(L.FORM_JE, eq);
    a.rr(L.FORM_TEST_RM64_R64, L.REG_RDI, L.REG_RDI);
    a.jump(L.FORM_JE, ne);
    a.rr(L.FORM_TEST_RM64_R64, L.REG_RSI, L.REG_RSI);
    a.jump(L.FORM_JE, ne);
    if (options.threadState !== undefined) {
      // String's method table, from the thread state (set before this stub is handed out).
      a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(options.threadState));
      a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RAX, L.MEM_NONE, 1, TS_STRING_MT));
      a.rm(L.FORM_CMP_R64_RM64, L.REG_RAX, mem(L.REG_RSI));
      a.jump(L.FORM_JNE, ne);
    }
    a.rm(L.FORM_MOV_R32_RM32, L.REG_RAX, mem(L.REG_RDI, L.MEM_NONE, 1, STRING_LENGTH_OFFSET));
    a.rm(L.FORM_CMP_R32_RM32, L.REG_RAX, mem(L.REG_RSI, L.MEM_NONE, 1, STRING_LENGTH_OFFSET));
    a.jump(L.FORM_JNE, ne);
    a.rm(L.FORM_LEA_R64_M, L.REG_RDX, mem(L.REG_RAX, L.REG_RAX, 1));
    a.r(L.FORM_ADD_RM64_IMM, L.REG_RDI, STRING_CHARS_OFFSET);
    a.r(L.FORM_ADD_RM64_IMM, L.REG_RSI, STRING_CHARS_OFFSET);
    a.r(L.FORM_SUB_RM64_IMM, L.REG_RSP, 8); // the call needs RSP 16-aligned
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(memcmp));
    a.r(L.FORM_CALL_RM64, L.REG_RAX);
    a.r(L.FORM_ADD_RM64_IMM, L.REG_RSP, 8);
    a.rr(L.FORM_TEST_RM32_R32, L.REG_RAX, L.REG_RAX);
    a.jump(L.FORM_JNE, ne);
    a.bind(eq);
    a.o(L.FORM_MOV_R32_IMM32, L.REG_RAX, options.invert ? 0 : 1);
    a.op(L.FORM_RET);
    a.bind(ne);
    a.o(L.FORM_MOV_R32_IMM32, L.REG_RAX, options.invert ? 1 : 0);
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /**
   * InterfaceLookup(obj RDI, interface MT RSI, method index EDX) → code: scans the object's
   * interface map for the interface itself and returns the vtable slot's code. A null object,
   * a missing entry (variance, a missing implementation) or a slot of -1 go to the slow path
   * with the arguments untouched.
   */
  interfaceLookup(batch: CodeBatch, slowPath: number): number {
    const a = this.asm();
    const loop = a.newLabel(), found = a.newLabel(), slow = a.newLabel();
    a.rr(L.FORM_TEST_RM64_R64, L.REG_RDI, L.REG_RDI);
    a.jump(L.FORM_JE, slow);
    a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RDI));
    a.rm(L.FORM_MOV_R32_RM32, L.REG_RCX, mem(L.REG_RAX, L.MEM_NONE, 1, MT_NUM_INTERFACES));
    a.rm(L.FORM_MOV_R64_RM64, L.REG_R8, mem(L.REG_RAX, L.MEM_NONE, 1, MT_INTERFACE_MAP));
    a.bind(loop);
    a.rr(L.FORM_TEST_RM32_R32, L.REG_RCX, L.REG_RCX);
    a.jump(L.FORM_JE, slow);
    a.rm(L.FORM_CMP_R64_RM64, L.REG_RSI, mem(L.REG_R8, L.MEM_NONE, 1, IMAP_INTERFACE));
    a.jump(L.FORM_JE, found);
    a.r(L.FORM_ADD_RM64_IMM, L.REG_R8, IMAP_ENTRY_SIZE);
    a.r(L.FORM_DEC_RM32, L.REG_RCX);
    a.jump(L.FORM_JMP, loop);
    a.bind(found);
    a.rm(L.FORM_MOV_R64_RM64, L.REG_R8, mem(L.REG_R8, L.MEM_NONE, 1, IMAP_SLOTS));
    a.rm(L.FORM_MOVSXD_R64_RM32, L.REG_RCX, mem(L.REG_R8, L.REG_RDX, 4));
    a.rr(L.FORM_TEST_RM64_R64, L.REG_RCX, L.REG_RCX);
    a.jump(L.FORM_JS, slow);
    a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RAX, L.REG_RCX, 8, MT_VTABLE));
    a.op(L.FORM_RET);
    a.bind(slow);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(slowPath));
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    return this.put(batch, a.finish());
  }

  /**
   * `count` unboxing stubs of PRESTUB_SIZE bytes: stub k adds the object header to `this` (RDI,
   * or RSI behind a return buffer)
   * and jumps through the cell whose address is in table[k] (a data-area word set when the stub
   * is handed out).
   */
  unboxPool(batch: CodeBatch, table: number, count: number, thisReg: number): number {
    return this.pool(batch, "unboxing", count, table, (a, k) => {
      a.r(L.FORM_ADD_RM64_IMM, thisReg, OBJ_HEADER);
      a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, ripSymbol(k));
      a.rm(L.FORM_JMP_RM64, 0, mem(L.REG_RAX));
      a.op(L.FORM_INT3).op(L.FORM_INT3).op(L.FORM_INT3);
    });
  }

  /**
   * `count` context thunks of PRESTUB_SIZE bytes for ids first…first+count-1: thunk k loads its id
   * into EDI and jumps through table[k] (a data-area word). They give methods without
   * arguments (CreateComparer of each instantiation) a shared callback that knows which one ran.
   */
  contextPool(batch: CodeBatch, table: number, first: number, count: number): number {
    return this.idThunkPool(batch, "context", L.REG_RDI, first, count, table);
  }

  /** ByReference<T>..ctor(this, T& value): the struct's one field is the pointer. */
  byReferenceCtor(batch: CodeBatch): number {
    const a = this.asm();
    a.rm(L.FORM_MOV_RM64_R64, L.REG_RSI, mem(L.REG_RDI));
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /** ByReference<T>.get_Value(this) → T&. */
  byReferenceValue(batch: CodeBatch): number {
    const a = this.asm();
    a.rm(L.FORM_MOV_R64_RM64, L.REG_RAX, mem(L.REG_RDI));
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /** Array.GetRawSzArrayData(this): the first element (the library's RawData view assumes Mono's header). */
  arrayData(batch: CodeBatch): number {
    const a = this.asm();
    a.rm(L.FORM_LEA_R64_M, L.REG_RAX, mem(L.REG_RDI, L.MEM_NONE, 1, ARRAY_DATA_OFFSET));
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /** () → RSP at the call (the stack the caller runs on). */
  stackPointer(batch: CodeBatch): number {
    const a = this.asm();
    a.rr(L.FORM_MOV_R64_RM64, L.REG_RAX, L.REG_RSP);
    a.op(L.FORM_RET);
    return this.put(batch, a.finish());
  }

  /** Adapter to a C function taking (ptr, ptr, size_t) from a managed (ptr, ptr, u32/i32): zero-extends the count. */
  memmove(batch: CodeBatch, libcMemmove: number): number {
    const a = this.asm();
    a.rr(L.FORM_MOV_R32_RM32, L.REG_RDX, L.REG_RDX);
    a.o(L.FORM_MOV_R64_IMM64, L.REG_RAX, big(libcMemmove));
    a.r(L.FORM_JMP_RM64, L.REG_RAX);
    return this.put(batch, a.finish());
  }
}

function noSymbols(s: number): number {
  throw new Error(`stub refers to unknown symbol ${s}`);
}
