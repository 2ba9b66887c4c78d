// Disassembly of x86-64 code for the CLI and the playground, over iced-x86's Decoder and
// Formatter. Browser-safe (no Node APIs). The JS Formatter has no symbol resolver, so branch
// targets and RIP-relative addresses that name a known symbol are substituted per operand.
import { Decoder, DecoderOptions, Formatter, FormatterSyntax, OpKind, type Instruction } from "iced-x86";

export type Syntax = "intel" | "masm" | "nasm" | "gas";

export interface DisassembleOptions {
  /** Address of the first byte (default 0). */
  ip?: bigint | number;
  /** Default "intel". */
  syntax?: Syntax;
  /** Show each instruction's bytes in hex (default false). */
  bytes?: boolean;
  /** Names for addresses: call/jump targets and RIP-relative operands that hit one print the name. */
  symbols?: ReadonlyMap<number | bigint, string> | ((address: bigint) => string | undefined);
  /** Uppercase hex numbers (default false). */
  uppercaseHex?: boolean;
}

export interface DisassembledInstruction {
  address: bigint;
  length: number;
  bytes: Uint8Array;
  text: string;
}

const syntaxes: Record<Syntax, FormatterSyntax> = {
  intel: FormatterSyntax.Intel,
  masm: FormatterSyntax.Masm,
  nasm: FormatterSyntax.Nasm,
  gas: FormatterSyntax.Gas,
};

function resolver(s: DisassembleOptions["symbols"]): (a: bigint) => string | undefined {
  if (!s) return () => undefined;
  if (typeof s === "function") return s;
  const m = new Map<bigint, string>();
  for (const [k, v] of s) m.set(BigInt(k), v);
  return (a) => m.get(a);
}

/** Formats one instruction, naming its branch target or RIP-relative address when it is a symbol. */
function format(f: Formatter, ins: Instruction, sym: (a: bigint) => string | undefined, gas: boolean): string {
  const isBranch = ins.isCallNear || ins.isJmpNear || ins.isJmpShort || ins.isJccShortOrNear || ins.isJmpShortOrNear;
  const target = isBranch ? sym(ins.nearBranchTarget) : ins.isIpRelMemoryOperand ? sym(ins.ipRelMemoryAddress) : undefined;
  if (target === undefined) return f.format(ins);
  const n = f.operandCount(ins);
  const ops: string[] = [];
  for (let i = 0; i < n; i++) {
    let text = f.formatOperand(ins, i);
    const instrOp = f.getInstructionOperand(ins, i);
    if (instrOp !== undefined) {
      if (isBranch) text = target;
      else if (ins.opKind(instrOp) === OpKind.Memory) text = text.replace(/\[[^\]]*\]|\([^)]*\)|[-+]?0x[0-9a-fA-F]+\(%rip\)/, gas ? `${target}(%rip)` : `[${target}]`);
    }
    ops.push(text);
  }
  const mnemonic = f.formatMnemonic(ins);
  return ops.length ? `${mnemonic} ${ops.join(f.formatOperandSeparator(ins))}` : mnemonic;
}

/** Decodes all of code (stopping at the end; undecodable bytes come out as "(bad)" instructions). */
export function disassembleInstructions(code: Uint8Array, options: DisassembleOptions = {}): DisassembledInstruction[] {
  const ip = BigInt(options.ip ?? 0);
  const syntax = options.syntax ?? "intel";
  const d = new Decoder(64, code, DecoderOptions.None);
  d.ip = ip;
  const f = new Formatter(syntaxes[syntax]);
  f.uppercaseHex = options.uppercaseHex ?? false;
  f.firstOperandCharIndex = 0;
  const sym = resolver(options.symbols);
  const out: DisassembledInstruction[] = [];
  try {
    while (d.canDecode) {
      const ins = d.decode();
      const off = Number(ins.ip - ip);
      out.push({
        address: ins.ip,
        length: ins.length,
        bytes: code.subarray(off, off + ins.length),
        text: ins.isInvalid ? "(bad)" : format(f, ins, sym, syntax === "gas"),
      });
      ins.free();
    }
  } finally {
    d.free();
    f.free();
  }
  return out;
}

/** Text listing: one line per instruction, "address: [bytes] text", with "name:" lines at symbols. */
export function disassemble(code: Uint8Array, options: DisassembleOptions = {}): string {
  const sym = resolver(options.symbols);
  const list = disassembleInstructions(code, options);
  const width = Math.max(0, ...list.map((i) => i.length)) * 3;
  const lines: string[] = [];
  for (const i of list) {
    const name = sym(i.address);
    if (name !== undefined) lines.push(`${name}:`);
    const addr = i.address.toString(16).padStart(8, "0");
    const bytes = options.bytes ? Array.from(i.bytes, (b) => b.toString(16).padStart(2, "0")).join(" ").padEnd(width) + " " : "";
    lines.push(`  ${addr}: ${bytes}${i.text}`);
  }
  return lines.join("\n");
}
