// Multi-byte NOP sequences (the forms the Intel SDM recommends, 1 to 9 bytes: 90, 66 90,
// 0F 1F /0 with growing memory operands). Longer runs are made of 9-byte pieces plus a remainder,
// so a padding run never decodes as more instructions than it has to.

// Sequence n (1..9) starts at NOP_BYTES + NOP_START[n].
const NOP_BYTES: usize = memory.data<u8>([
  0x90,
  0x66, 0x90,
  0x0f, 0x1f, 0x00,
  0x0f, 0x1f, 0x40, 0x00,
  0x0f, 0x1f, 0x44, 0x00, 0x00,
  0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00,
  0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00,
  0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
]);
const NOP_START: usize = memory.data<u8>([0, 0, 1, 3, 6, 10, 15, 21, 28, 36]);

/** Writes n bytes of NOP instructions at p; returns p + n. */
export function writeNops(p: usize, n: i32): usize {
  while (n > 0) {
    const k = n > 9 ? 9 : n;
    memory.copy(p, NOP_BYTES + <usize>load<u8>(NOP_START + <usize>k), <usize>k);
    p += <usize>k;
    n -= k;
  }
  return p;
}
