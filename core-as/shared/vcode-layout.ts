// The contract between instruction selection and the register allocator (and its checker):
// "VCode", machine instructions over virtual registers with operand constraints, in the manner
// of regalloc2's Function trait, laid out as 32-bit words in the core's linear memory. The
// allocator's answer (one allocation per operand plus move/spill/reload edits) uses the same
// file. Shared verbatim by core-as (AssemblyScript) and host (TypeScript): only
// `export const NAME = <integer expression>;`.
//
// Invariants the producer guarantees (the allocator may assume them, the checker verifies them):
// - Block 0 is the entry. Blocks list their instructions as one contiguous range, in order; the
//   last instruction of every block has VI_F_TERM set and is its only terminator.
// - No critical edges: an edge from a block with several successors goes to a block with one
//   predecessor (the producer splits edges), so edge moves sit at the end of the predecessor
//   (before its terminator) or at the start of the successor.
// - Virtual registers are not SSA: a vreg may be defined several times; liveness is computed.
//   A vreg has one class for its whole life.
// - A use of a vreg on some path that has no def is allowed only in the entry block's first
//   instruction when that instruction has VI_F_ARGS (the function's incoming arguments).
// - Terminators define nothing (no OP_DEF / OP_MOD): the allocator cannot put moves after them.
//   A block whose single successor has several predecessors ends in a terminator without
//   operands (a plain jump): that edge's moves go in front of it.
// - Per instruction and vreg: at most one def (OP_DEF, OP_MOD or a REUSE def); no LATE use of a
//   vreg the instruction defines; an EARLY def, or a REUSE def of another vreg's input, is its
//   vreg's only operand in the instruction. A REUSE names an EARLY use of the same class that is
//   not OPC_STACK, and no two REUSE defs name the same use.

// ---- Register classes.
export const CLASS_GPR = 0;
export const CLASS_XMM = 1;

// ---- Physical registers (hardware numbers per class). Not allocatable: RSP, RBP (frame
// pointer), R11 and XMM15 (scratch for stack-to-stack moves and parallel-move cycles).
export const GPR_SCRATCH = 11;
export const XMM_SCRATCH = 15;
/** Allocatable GPRs as a bit mask over hardware numbers: all but RSP(4), RBP(5), R11. */
export const GPR_ALLOCATABLE = 0xffff & ~((1 << 4) | (1 << 5) | (1 << 11));
/** Allocatable XMMs: xmm0-xmm14. */
export const XMM_ALLOCATABLE = 0x7fff;
/** SysV callee-saved GPRs: RBX, R12-R15 (RBP is the frame pointer, saved by the prologue). */
export const GPR_CALLEE_SAVED = (1 << 3) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 15);
/** SysV caller-saved (clobbered by a call) GPRs among the allocatable ones. */
export const GPR_CALLER_SAVED = GPR_ALLOCATABLE & ~GPR_CALLEE_SAVED;
/** Every XMM register is caller-saved in SysV. */
export const XMM_CALLER_SAVED = 0xffff;

// ---- VCode header (i32 words at the VCode base address).
export const VC_NUM_BLOCKS = 0;
export const VC_NUM_INSTS = 1;
export const VC_NUM_VREGS = 2;
export const VC_NUM_OPERANDS = 3;
/** Byte offsets (from the VCode base) of the arrays below. */
export const VC_BLOCKS_OFF = 4;
export const VC_EDGES_OFF = 5;
export const VC_INSTS_OFF = 6;
export const VC_OPERANDS_OFF = 7;
export const VC_VREG_CLASS_OFF = 8;
export const VC_HEADER_WORDS = 16;

// ---- Block record: VB_WORDS i32 words.
export const VB_INST_START = 0;
export const VB_INST_END = 1; // exclusive
export const VB_SUCC_START = 2; // index into the edges array
export const VB_SUCC_COUNT = 3;
export const VB_PRED_START = 4; // index into the edges array
export const VB_PRED_COUNT = 5;
/** Loop depth (0 outside loops): a spill-cost weight. */
export const VB_LOOP_DEPTH = 6;
export const VB_WORDS = 8;

// ---- Instruction record: VI_WORDS i32 words.
export const VI_OP_START = 0; // index into the operands array
export const VI_OP_COUNT = 1;
export const VI_FLAGS = 2;
/** Physical registers this instruction clobbers: GPR mask in bits 0-15, XMM mask in bits 16-31. */
export const VI_CLOBBERS = 3;
/** Opaque to the allocator: the producer's own opcode and payload (used by emission). */
export const VI_OPCODE = 4;
export const VI_PAYLOAD = 5;
export const VI_WORDS = 6;

export const VI_F_TERM = 1; // block terminator (branch, jump, return, switch)
export const VI_F_MOVE = 2; // a plain copy: operand 0 def <- operand 1 use, same class (a coalescing hint)
export const VI_F_CALL = 4; // a call: clobbers VI_CLOBBERS
export const VI_F_ARGS = 8; // defines the incoming arguments (first instruction of the entry block)
export const VI_F_SAFEPOINT = 16; // a GC safepoint: kept for later stack maps

// ---- Operand word (one i32 each), packed:
//   bits 0-19  vreg number
//   bits 20-21 kind: OP_USE, OP_DEF, OP_MOD (read and written in the same register)
//   bit  22    position: OP_EARLY (at the instruction's start) or OP_LATE (at its end)
//   bits 23-25 constraint: OPC_REG, OPC_FIXED, OPC_REUSE, OPC_ANY, OPC_STACK
//   bits 26-30 constraint argument: the physical register for OPC_FIXED, the operand index of
//              the reused use for OPC_REUSE
// Default positions: uses EARLY, defs LATE. An EARLY def conflicts with every use of the same
// instruction; a LATE use lives across the defs of its instruction.
export const OP_VREG_MASK = 0xfffff;
export const OP_KIND_SHIFT = 20;
export const OP_USE = 0;
export const OP_DEF = 1;
export const OP_MOD = 2;
export const OP_POS_SHIFT = 22;
export const OP_EARLY = 0;
export const OP_LATE = 1;
export const OP_CONSTRAINT_SHIFT = 23;
/** Any register of the vreg's class. */
export const OPC_REG = 0;
/** Exactly the physical register in the argument field. */
export const OPC_FIXED = 1;
/** (defs only) The same register as the use operand whose index is in the argument field: x86's two-address forms. */
export const OPC_REUSE = 2;
/** A register or a spill slot (the instruction accepts a memory operand there). */
export const OPC_ANY = 3;
/** A spill slot (e.g. an argument passed on the stack). */
export const OPC_STACK = 4;
export const OP_ARG_SHIFT = 26;

// ---- Allocation result for each operand (one i32 each, same order as the operands):
//   bits 28-31 ALLOC_REG or ALLOC_STACK; bits 0-27 the register number or spill slot index.
export const ALLOC_NONE = 0;
export const ALLOC_REG = 1;
export const ALLOC_STACK = 2;
export const ALLOC_KIND_SHIFT = 28;
export const ALLOC_INDEX_MASK = 0xfffffff;

// ---- Edits (moves the allocator inserts), RE_WORDS i32 words each, sorted by (inst, point):
export const RE_INST = 0;
/** RE_BEFORE: between instruction RE_INST-1 and RE_INST; RE_AFTER: right after RE_INST. */
export const RE_POINT = 1;
export const RE_BEFORE = 0;
export const RE_AFTER = 1;
export const RE_FROM = 2; // allocation word (ALLOC_* packed)
export const RE_TO = 3; // allocation word
export const RE_CLASS = 4; // CLASS_*
export const RE_WORDS = 5;
// Edits at the same point form one parallel move already sequentialized by the allocator:
// executing them in order gives the parallel-move semantics (cycles are broken through the
// class's scratch register, stack-to-stack moves go through it too).

// ---- Allocator result header (i32 words at the result base address).
export const RA_STATUS = 0; // 0 ok, else RA_ERR_*
export const RA_ALLOCS_OFF = 1; // byte offset of the per-operand allocation words
export const RA_EDITS_OFF = 2; // byte offset of the edits
export const RA_NUM_EDITS = 3;
export const RA_NUM_SPILL_SLOTS = 4; // each slot is 8 bytes (scalar GPR or XMM values)
export const RA_CALLEE_SAVED_USED = 5; // GPR mask of callee-saved registers the allocation uses
export const RA_STAT_SPILLS = 6; // stores to spill slots inserted
export const RA_STAT_RELOADS = 7; // loads from spill slots inserted
export const RA_STAT_MOVES = 8; // register-to-register moves inserted
export const RA_STAT_SPLITS = 9; // live-range splits
export const RA_HEADER_WORDS = 16;

export const RA_OK = 0;
export const RA_ERR_CAPACITY = 1; // output buffer too small
export const RA_ERR_BAD_INPUT = 2; // VCode breaks an invariant above (e.g. unsatisfiable fixed constraints)
export const RA_ERR_TOO_MANY_FIXED = 3; // more simultaneous fixed constraints than registers
