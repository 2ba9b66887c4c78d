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
