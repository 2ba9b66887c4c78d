// Hand-written IR for classic kernels, with their mathematical definitions in plain TypeScript
// (the tests compare compiled code with both the interpreter and these definitions; the
// benchmarks use them for spill/move figures).
import * as IR from "../../../core-as/shared/ir-layout.js";
import { MethodBuilder } from "../../../host/codegen/ir-builder.js";

const { TY_I32, TY_I64, TY_F64, TY_PTR } = IR;

/** gcd(a, b) of unsigned 32-bit values, Euclid's algorithm with the remainder. */
export function gcdIR(symbol = 1): Int32Array {
  const f = new MethodBuilder([TY_I32, TY_I32], TY_I32, symbol);
  const [a, b] = f.params as [number, number];
  const head = f.newBlock(), body = f.newBlock(), exit = f.newBlock();
  f.jump(head);
  f.setBlock(head);
  f.brcmp(IR.CC_NE, b, f.const(TY_I32, 0), body, exit);
  f.setBlock(body);
  const t = f.remU(a, b);
  f.mov(a, b);
  f.mov(b, t);
  f.jump(head);
  f.setBlock(exit);
  f.ret(a);
  return f.finish();
}
export function gcdRef(a: number, b: number): number {
  let x = BigInt(a >>> 0), y = BigInt(b >>> 0);
  while (y !== 0n) [x, y] = [y, x % y];
  return Number(BigInt.asIntN(32, x));
}

/** fib(n), recursive: fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2), 64-bit. */
export function fibRecursiveIR(symbol = 2): Int32Array {
  const f = new MethodBuilder([TY_I64], TY_I64, symbol);
  const [n] = f.params as [number];
  const small = f.newBlock(), rec = f.newBlock();
  f.brcmp(IR.CC_LT, n, f.const(TY_I64, 2), small, rec);
  f.setBlock(small);
  f.ret(n);
  f.setBlock(rec);
  const a = f.call(IR.CALLK_DIRECT, symbol, [f.sub(n, f.const(TY_I64, 1))], TY_I64);
  const b = f.call(IR.CALLK_DIRECT, symbol, [f.sub(n, f.const(TY_I64, 2))], TY_I64);
  f.ret(f.add(a, b));
  return f.finish();
}

/** fib(n), iterative, 64-bit wrap-around. */
export function fibIterativeIR(symbol = 3): Int32Array {
  const f = new MethodBuilder([TY_I32], TY_I64, symbol);
  const [n] = f.params as [number];
  const a = f.const(TY_I64, 0), b = f.const(TY_I64, 1), i = f.const(TY_I32, 0);
  // a, b, i are reassigned in the loop: give them their own vregs (consts are single-def).
  const va = f.newVreg(TY_I64), vb = f.newVreg(TY_I64), vi = f.newVreg(TY_I32);
  f.mov(va, a);
  f.mov(vb, b);
  f.mov(vi, i);
  const head = f.newBlock(), body = f.newBlock(), exit = f.newBlock();
  f.jump(head);
  f.setBlock(head);
  f.brcmp(IR.CC_LT, vi, n, body, exit);
  f.setBlock(body);
  const t = f.add(va, vb);
  f.mov(va, vb);
  f.mov(vb, t);
  f.binaryInto(IR.OP_ADD, vi, vi, f.const(TY_I32, 1));
  f.jump(head);
  f.setBlock(exit);
  f.ret(va);
  return f.finish();
}
export function fibRef(n: number): bigint {
  let a = 0n, b = 1n;
  for (let i = 0; i < n; i++) [a, b] = [b, BigInt.asIntN(64, a + b)];
  return a;
}

/**
 * Sieve of Eratosthenes over a byte buffer: marks composites in buf[0..n] (1 = composite) and
 * returns the number of primes <= n.
 */
export function sieveIR(symbol = 4): Int32Array {
  const f = new MethodBuilder([TY_PTR, TY_I32], TY_I32, symbol);
  const [buf, n] = f.params as [number, number];
  const one = f.const(TY_I32, 1);
  const i = f.newVreg(TY_I32), j = f.newVreg(TY_I32), count = f.newVreg(TY_I32);
  f.constInto(i, 2);
  const outer = f.newBlock(), check = f.newBlock(), mark = f.newBlock(), inner = f.newBlock(), innerBody = f.newBlock(), next = f.newBlock(), countInit = f.newBlock();
  f.jump(outer);
  // for (i = 2; i * i <= n; i++) if (!buf[i]) for (j = i * i; j <= n; j += i) buf[j] = 1;
  f.setBlock(outer);
  f.brcmp(IR.CC_LE, f.mul(i, i), n, check, countInit);
  f.setBlock(check);
  const bi = f.load(IR.MEMW_8, TY_I32, buf, f.conv(IR.CV_SEXT32, TY_I64, i));
  f.brcmp(IR.CC_EQ, bi, f.const(TY_I32, 0), mark, next);
  f.setBlock(mark);
  f.mov(j, f.mul(i, i));
  f.jump(inner);
  f.setBlock(inner);
  f.brcmp(IR.CC_LE, j, n, innerBody, next);
  f.setBlock(innerBody);
  f.store(IR.MEMW_8, one, buf, f.conv(IR.CV_SEXT32, TY_I64, j));
  f.binaryInto(IR.OP_ADD, j, j, i);
  f.jump(inner);
  f.setBlock(next);
  f.binaryInto(IR.OP_ADD, i, i, one);
  f.jump(outer);
  // count = number of k in [2, n] with buf[k] == 0
  f.setBlock(countInit);
  f.constInto(count, 0);
  const k = f.newVreg(TY_I32);
  f.constInto(k, 2);
  const cHead = f.newBlock(), cBody = f.newBlock(), cExit = f.newBlock();
  f.jump(cHead);
  f.setBlock(cHead);
  f.brcmp(IR.CC_LE, k, n, cBody, cExit);
  f.setBlock(cBody);
  const bk = f.load(IR.MEMW_8, TY_I32, buf, f.conv(IR.CV_SEXT32, TY_I64, k));
  // count += (bk == 0)
  f.binaryInto(IR.OP_ADD, count, count, f.cmp(IR.CC_EQ, bk, f.const(TY_I32, 0)));
  f.binaryInto(IR.OP_ADD, k, k, one);
  f.jump(cHead);
  f.setBlock(cExit);
  f.ret(count);
  return f.finish();
}
export function sieveRef(n: number): { count: number; composite: Uint8Array } {
  const c = new Uint8Array(n + 1);
  for (let i = 2; i * i <= n; i++) if (!c[i]) for (let j = i * i; j <= n; j += i) c[j] = 1;
  let count = 0;
  for (let k = 2; k <= n; k++) if (!c[k]) count++;
  return { count, composite: c };
}

/** Dot product of two f64 arrays of n elements (summed in index order). */
export function dotIR(symbol = 5): Int32Array {
  const f = new MethodBuilder([TY_PTR, TY_PTR, TY_I32], TY_F64, symbol);
  const [a, b, n] = f.params as [number, number, number];
  const sum = f.newVreg(TY_F64), i = f.newVreg(TY_I64);
  f.constInto(sum, 0);
  f.constInto(i, 0);
  const n64 = f.conv(IR.CV_SEXT32, TY_I64, n);
  const head = f.newBlock(), body = f.newBlock(), exit = f.newBlock();
  f.jump(head);
  f.setBlock(head);
  f.brcmp(IR.CC_LT, i, n64, body, exit);
  f.setBlock(body);
  const x = f.load(IR.MEMW_F64, TY_F64, a, i, 3, 0);
  const y = f.load(IR.MEMW_F64, TY_F64, b, i, 3, 0);
  f.binaryInto(IR.OP_ADD, sum, sum, f.mul(x, y));
  f.binaryInto(IR.OP_ADD, i, i, f.const(TY_I64, 1));
  f.jump(head);
  f.setBlock(exit);
  f.ret(sum);
  return f.finish();
}
export function dotRef(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * A switch-driven state machine over a byte buffer: a tokenizer that counts numbers, words and
 * operators and folds every number's value into a checksum. Returns the checksum mixed with the
 * counts. States: 0 between tokens, 1 in a number, 2 in a word.
 */
export function stateMachineIR(symbol = 6): Int32Array {
  const f = new MethodBuilder([TY_PTR, TY_I32], TY_I32, symbol);
  const [buf, len] = f.params as [number, number];
  const state = f.newVreg(TY_I32), i = f.newVreg(TY_I32), value = f.newVreg(TY_I32);
  const numbers = f.newVreg(TY_I32), words = f.newVreg(TY_I32), ops = f.newVreg(TY_I32), sum = f.newVreg(TY_I32);
  for (const v of [state, i, value, numbers, words, ops, sum]) f.constInto(v, 0);
  const head = f.newBlock(), body = f.newBlock(), done = f.newBlock(), next = f.newBlock();
  // Character classes: 0 other/space, 1 digit, 2 letter, 3 operator (+ - * /).
  const cls = f.newVreg(TY_I32);
  f.jump(head);
  f.setBlock(head);
  f.brcmp(IR.CC_LT, i, len, body, done);
  f.setBlock(body);
  const c = f.load(IR.MEMW_8, TY_I32, buf, f.conv(IR.CV_SEXT32, TY_I64, i));
  // cls by a 128-way switch on the character (chars >= 128 are "other").
  const isDigit = f.newBlock(), isLetter = f.newBlock(), isOp = f.newBlock(), isOther = f.newBlock(), classified = f.newBlock();
  const targets: number[] = [];
  for (let ch = 0; ch < 128; ch++) {
    const s = String.fromCharCode(ch);
    targets.push(/[0-9]/.test(s) ? isDigit : /[A-Za-z_]/.test(s) ? isLetter : /[+\-*/]/.test(s) ? isOp : isOther);
  }
  f.switch(c, isOther, targets);
  for (const [blk, k] of [[isDigit, 1], [isLetter, 2], [isOp, 3], [isOther, 0]] as const) {
    f.setBlock(blk);
    f.constInto(cls, k);
    f.jump(classified);
  }
  // Transition on (state, class): a switch on state * 4 + class.
  f.setBlock(classified);
  const key = f.add(f.mul(state, f.const(TY_I32, 4)), cls);
  const endNumber = f.newBlock(), endWord = f.newBlock(), startNumber = f.newBlock(), contNumber = f.newBlock(), startWord = f.newBlock(), opTok = f.newBlock(), toIdle = f.newBlock();
  // state 0: other -> idle, digit -> start number, letter -> start word, op -> op
  // state 1: other -> end number, digit -> continue, letter -> end number then start word, op -> end number then op
  // state 2: other -> end word, digit -> (digits continue words), letter -> stay, op -> end word then op
  const stay = f.newBlock();
  f.switch(key, toIdle, [
    toIdle, startNumber, startWord, opTok,
    endNumber, contNumber, endNumber, endNumber,
    endWord, stay, stay, endWord,
  ]);
  f.setBlock(toIdle);
  f.constInto(state, 0);
  f.jump(next);
  f.setBlock(startNumber);
  f.constInto(state, 1);
  f.binaryInto(IR.OP_SUB, value, c, f.const(TY_I32, 48));
  f.jump(next);
  f.setBlock(contNumber);
  f.binaryInto(IR.OP_ADD, value, f.mul(value, f.const(TY_I32, 10)), f.sub(c, f.const(TY_I32, 48)));
  f.jump(next);
  f.setBlock(startWord);
  f.constInto(state, 2);
  f.binaryInto(IR.OP_ADD, words, words, f.const(TY_I32, 1));
  f.jump(next);
  f.setBlock(opTok);
  f.constInto(state, 0);
  f.binaryInto(IR.OP_ADD, ops, ops, f.const(TY_I32, 1));
  f.jump(next);
  f.setBlock(stay);
  f.jump(next);
  // Ending a token re-dispatches the same character from the idle state.
  f.setBlock(endNumber);
  f.binaryInto(IR.OP_ADD, numbers, numbers, f.const(TY_I32, 1));
  f.binaryInto(IR.OP_XOR, sum, f.mul(sum, f.const(TY_I32, 31)), value);
  f.constInto(state, 0);
  f.jump(classified);
  f.setBlock(endWord);
  f.constInto(state, 0);
  f.jump(classified);
  f.setBlock(next);
  f.binaryInto(IR.OP_ADD, i, i, f.const(TY_I32, 1));
  f.jump(head);
  // End of input: close an open number.
  f.setBlock(done);
  const closeNum = f.newBlock(), fin = f.newBlock();
  f.brcmp(IR.CC_EQ, state, f.const(TY_I32, 1), closeNum, fin);
  f.setBlock(closeNum);
  f.binaryInto(IR.OP_ADD, numbers, numbers, f.const(TY_I32, 1));
  f.binaryInto(IR.OP_XOR, sum, f.mul(sum, f.const(TY_I32, 31)), value);
  f.jump(fin);
  f.setBlock(fin);
  // result = sum * 1000003 + numbers * 10007 + words * 101 + ops
  const r1 = f.mul(sum, f.const(TY_I32, 1000003));
  const r2 = f.add(r1, f.mul(numbers, f.const(TY_I32, 10007)));
  const r3 = f.add(r2, f.mul(words, f.const(TY_I32, 101)));
  f.ret(f.add(r3, ops));
  return f.finish();
}
export function stateMachineRef(bytes: Uint8Array): number {
  let numbers = 0, words = 0, ops = 0, sum = 0, value = 0, state = 0;
  const classOf = (ch: number) => {
    if (ch >= 128) return 0;
    const s = String.fromCharCode(ch);
    return /[0-9]/.test(s) ? 1 : /[A-Za-z_]/.test(s) ? 2 : /[+\-*/]/.test(s) ? 3 : 0;
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    const k = classOf(c);
    for (;;) {
      if (state === 1 && k !== 1) {
        numbers++;
        sum = Math.imul(sum, 31) ^ value;
        state = 0;
        continue;
      }
      if (state === 2 && (k === 0 || k === 3)) {
        state = 0;
        continue;
      }
      break;
    }
    if (state === 0) {
      if (k === 1) { state = 1; value = c - 48; }
      else if (k === 2) { state = 2; words++; }
      else if (k === 3) ops++;
    } else if (state === 1) {
      value = (Math.imul(value, 10) + (c - 48)) | 0;
    }
  }
  if (state === 1) {
    numbers++;
    sum = Math.imul(sum, 31) ^ value;
  }
  return (Math.imul(sum, 1000003) + Math.imul(numbers, 10007) + Math.imul(words, 101) + ops) | 0;
}
