// Spill slots: one slot per vreg that needs one (it was stored, or has a STACK or register-or-stack
// operand in memory), so a value never moves from one slot to another. Vregs whose hulls (first to
// last instruction where they are mentioned or live, allocate.ts and vregs.ts) do not overlap share slots: an
// interval-graph colouring in order of start, with a min-heap of busy slots keyed by end and a
// stack of free ones.
//
// Invariants: two vregs with overlapping hulls never share a slot; slots are numbered from 0 with
// no gaps; every write and read of slot(v) happens inside v's hull (stores, reloads, STACK
// operands and edge moves all sit at instructions where v is live).
import { raWords, raWordsFilled, ldw, stw } from "./mem";
import { numInsts, numVregs } from "./input";
import { vget, vset, V_NEED_SLOT, V_HULL_LO, V_HULL_HI } from "./vregs";

export let numSlots: i32 = 0;
export let vrSlot: usize = 0;

export function assignSlots(): void {
  numSlots = 0;
  // Most methods spill nothing: then no table is needed (slot words name no vreg).
  let any = false;
  for (let v = 0; v < numVregs; v++) {
    if (vget(v, V_NEED_SLOT) != 0) {
      any = true;
      break;
    }
  }
  if (!any) return;
  vrSlot = raWordsFilled(numVregs, -1);
  const npos = numInsts + 1;
  const cnt = raWords(npos + 1);
  let n = 0;
  for (let v = 0; v < numVregs; v++) {
    if (vget(v, V_NEED_SLOT) == 0) continue;
    // A vreg never mentioned nor live anywhere has an empty hull: give it the whole function.
    if (vget(v, V_HULL_LO) > vget(v, V_HULL_HI)) {
      vset(v, V_HULL_LO, 0);
      vset(v, V_HULL_HI, numInsts - 1);
    }
    const s = vget(v, V_HULL_LO);
    stw(cnt, s + 1, ldw(cnt, s + 1) + 1);
    n++;
  }
  if (n == 0) return;
  for (let p = 1; p <= npos; p++) stw(cnt, p, ldw(cnt, p) + ldw(cnt, p - 1));
  const order = raWords(n);
  for (let v = 0; v < numVregs; v++) {
    if (vget(v, V_NEED_SLOT) == 0) continue;
    const s = vget(v, V_HULL_LO);
    const k = ldw(cnt, s);
    stw(order, k, v);
    stw(cnt, s, k + 1);
  }
  const heapEnd = raWords(n);
  const heapSlot = raWords(n);
  let hs = 0;
  const free = raWords(n);
  let nf = 0;
  for (let k = 0; k < n; k++) {
    const v = ldw(order, k);
    const s = vget(v, V_HULL_LO);
    while (hs > 0 && ldw(heapEnd, 0) <= s) {
      stw(free, nf++, ldw(heapSlot, 0));
      // pop
      hs--;
      const le = ldw(heapEnd, hs), ls = ldw(heapSlot, hs);
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= hs) break;
        if (c + 1 < hs && ldw(heapEnd, c + 1) < ldw(heapEnd, c)) c++;
        if (ldw(heapEnd, c) >= le) break;
        stw(heapEnd, i, ldw(heapEnd, c));
        stw(heapSlot, i, ldw(heapSlot, c));
        i = c;
      }
      if (hs > 0) {
        stw(heapEnd, i, le);
        stw(heapSlot, i, ls);
      }
    }
    const slot = nf > 0 ? ldw(free, --nf) : numSlots++;
    stw(vrSlot, v, slot);
    const e = vget(v, V_HULL_HI) + 1;
    let i = hs++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ldw(heapEnd, p) <= e) break;
      stw(heapEnd, i, ldw(heapEnd, p));
      stw(heapSlot, i, ldw(heapSlot, p));
      i = p;
    }
    stw(heapEnd, i, e);
    stw(heapSlot, i, slot);
  }
}
