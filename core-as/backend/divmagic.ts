// Multipliers for division by a constant (Granlund & Montgomery; Warren, "Hacker's Delight",
// chapter 10). For a W-bit division (W = 32 or 64) by a constant d that is not a power of two:
//
//   unsigned: q = mulhu(M, n) >> s                          when magicAdd == 0
//             t = mulhu(M, n); q = (((n - t) >> 1) + t) >> (s - 1)   when magicAdd == 1
//   signed:   q = mulhs(M, n); q += n if d > 0 and M < 0; q -= n if d < 0 and M > 0;
//             q >>= s (arithmetic); q += 1 if q < 0
//
// Invariants: the results are written to the globals below (no allocation); callers handle d = 0,
// d = ±1, powers of two and (unsigned) d >= 2^(W-1) themselves. Values are kept in u64 and masked
// to W bits after every operation, so one routine serves both widths. The differential tests
// (test/backend/divide.test.ts) check the generated code against the interpreter on edge
// dividends for many divisors.

export let magicM: u64 = 0;
export let magicS: i32 = 0;
export let magicAdd: i32 = 0;

/** Unsigned magic for d (as a W-bit unsigned value), 3 <= d < 2^(W-1), d not a power of two. */
export function magicUnsigned(d: u64, w: i32): void {
  const mask: u64 = w == 64 ? <u64>-1 : ((<u64>1 << <u64>w) - 1);
  const top: u64 = <u64>1 << <u64>(w - 1); // 2^(W-1)
  const topm1: u64 = top - 1;
  let add = 0;
  // nc = 2^W - 1 - (2^W - d) mod d: the largest value with nc mod d = d - 1.
  const nc: u64 = (mask - ((((mask - d) & mask) + 1) & mask) % d) & mask;
  let p = w - 1;
  let q1: u64 = top / nc;
  let r1: u64 = (top - q1 * nc) & mask;
  let q2: u64 = topm1 / d;
  let r2: u64 = (topm1 - q2 * d) & mask;
  let delta: u64 = 0;
  do {
    p++;
    if (r1 >= ((nc - r1) & mask)) {
      q1 = (2 * q1 + 1) & mask;
      r1 = (2 * r1 - nc) & mask;
    } else {
      q1 = (2 * q1) & mask;
      r1 = (2 * r1) & mask;
    }
    if (((r2 + 1) & mask) >= ((d - r2) & mask)) {
      if (q2 >= topm1) add = 1;
      q2 = (2 * q2 + 1) & mask;
      r2 = (2 * r2 + 1 - d) & mask;
    } else {
      if (q2 >= top) add = 1;
      q2 = (2 * q2) & mask;
      r2 = (2 * r2 + 1) & mask;
    }
    delta = (d - 1 - r2) & mask;
  } while (p < 2 * w && (q1 < delta || (q1 == delta && r1 == 0)));
  magicM = (q2 + 1) & mask;
  magicS = p - w;
  magicAdd = add;
}

/** Signed magic for d (a W-bit signed value), 2 <= |d| < 2^(W-1), |d| not a power of two. */
export function magicSigned(d: i64, w: i32): void {
  const mask: u64 = w == 64 ? <u64>-1 : ((<u64>1 << <u64>w) - 1);
  const two: u64 = <u64>1 << <u64>(w - 1); // 2^(W-1)
  const ad: u64 = <u64>(d < 0 ? -d : d);
  const t: u64 = two + (d < 0 ? 1 : 0);
  const anc: u64 = t - 1 - t % ad; // |nc|
  let p = w - 1;
  let q1: u64 = two / anc;
  let r1: u64 = two - q1 * anc;
  let q2: u64 = two / ad;
  let r2: u64 = two - q2 * ad;
  let delta: u64 = 0;
  do {
    p++;
    q1 = (2 * q1) & mask;
    r1 = (2 * r1) & mask;
    if (r1 >= anc) {
      q1 = (q1 + 1) & mask;
      r1 = (r1 - anc) & mask;
    }
    q2 = (2 * q2) & mask;
    r2 = (2 * r2) & mask;
    if (r2 >= ad) {
      q2 = (q2 + 1) & mask;
      r2 = (r2 - ad) & mask;
    }
    delta = (ad - r2) & mask;
  } while (q1 < delta || (q1 == delta && r1 == 0));
  let m: u64 = (q2 + 1) & mask;
  if (d < 0) m = (0 - m) & mask;
  magicM = m; // W-bit two's complement
  magicS = p - w;
  magicAdd = 0;
}
