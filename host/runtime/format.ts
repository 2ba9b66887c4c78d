/**
 * Text of primitive values as .NET Framework 4.x (and Mono) prints them with the invariant
 * culture: Console.Write(x) and x.ToString().
 *
 * - Integers: decimal, "-" for negatives.
 * - Boolean: "True" / "False".
 * - Double: "G" with 15 significant digits ("R" is not the default in the Framework), Single:
 *   "G" with 7. Digits are the correctly rounded shortest form of that precision (trailing zeros
 *   dropped); scientific notation ("1E+20", "1.5E-07": at least two exponent digits, explicit
 *   sign) when the decimal exponent is >= the precision or < -4; NaN, Infinity, -Infinity;
 *   negative zero prints as "0" (the Framework drops the sign of a zero result).
 *
 * Pure functions: no runtime state.
 */

/** "G" formatting of a finite or special double with `precision` significant digits. */
export function formatGeneral(value: number, precision: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (value === 0) return "0";
  const neg = value < 0;
  // toExponential(p-1) gives exactly p significant digits, correctly rounded from the binary value.
  const exp = Math.abs(value).toExponential(precision - 1);
  const eAt = exp.indexOf("e");
  let digits = exp.slice(0, eAt).replace(".", "");
  const e = Number(exp.slice(eAt + 1));
  digits = digits.replace(/0+$/, "");
  if (digits === "") return "0";
  let body: string;
  if (e >= precision || e < -4) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(e);
    body = `${mant}E${e < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
  } else if (e < 0) {
    body = `0.${"0".repeat(-e - 1)}${digits}`;
  } else if (digits.length <= e + 1) {
    body = digits + "0".repeat(e + 1 - digits.length);
  } else {
    body = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  }
  return neg ? `-${body}` : body;
}

export const formatDouble = (v: number): string => formatGeneral(v, 15);
export const formatSingle = (v: number): string => formatGeneral(Math.fround(v), 7);
export const formatBoolean = (v: boolean | number): string => (v ? "True" : "False");
export const formatInteger = (v: number | bigint): string => (typeof v === "bigint" ? v.toString() : String(v));

/**
 * C's printf("%.<precision>e", x) as glibc prints it: the exact decimal expansion of the binary
 * value rounded to precision+1 significant digits, ties to even; at least two exponent digits.
 * The class library formats doubles from this ("%.40e") and rounds the digits itself.
 */
export function cExponential(x: number, precision: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  const neg = x < 0 || Object.is(x, -0);
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(x), true);
  const bits = dv.getBigUint64(0, true);
  const biased = Number(bits >> 52n);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  let digits: string;
  let exp10: number;
  if (mant === 0n) {
    digits = "0";
    exp10 = 0;
  } else {
    // value = D × 10^k exactly.
    let d: bigint, k: number;
    if (e2 >= 0) {
      d = mant << BigInt(e2);
      k = 0;
    } else {
      d = mant * 5n ** BigInt(-e2);
      k = e2;
    }
    digits = d.toString();
    exp10 = digits.length - 1 + k;
  }
  const keep = precision + 1;
  let head = digits.slice(0, keep).padEnd(keep, "0");
  const rest = digits.slice(keep);
  if (rest.length > 0 && rest[0]! >= "5") {
    const tie = rest[0] === "5" && /^0*$/.test(rest.slice(1));
    const odd = (head.charCodeAt(head.length - 1) - 48) % 2 === 1;
    if (!tie || odd) {
      const up = (BigInt(head) + 1n).toString();
      if (up.length > head.length) {
        exp10++;
        head = up.slice(0, keep);
      } else head = up;
    }
  }
  const mantissa = precision > 0 ? `${head[0]}.${head.slice(1)}` : head;
  const ae = Math.abs(exp10);
  return `${neg ? "-" : ""}${mantissa}e${exp10 < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
}
