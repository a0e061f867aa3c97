/**
 * IEEE 754 binary16 ("half precision", fp16) as 16-bit integers, without Float16Array.
 *
 * Layout of a half word h (bit 15 = most significant):
 *   bit 15      sign s
 *   bits 14..10 biased exponent E (5 bits, bias 15)
 *   bits 9..0   mantissa (fraction) m (10 bits)
 * Value: E = 0 → (−1)^s · m · 2^−24 (zero and subnormals); 1 ≤ E ≤ 30 → (−1)^s · (1 + m/1024) · 2^(E−15);
 * E = 31 → ±Infinity if m = 0, NaN otherwise.
 *
 * `toHalfBits` rounds the exact value of a JS number (float64) to the nearest half, ties to the
 * even mantissa, in one step (no detour through float32, which could round twice).
 */

/** Largest finite half: (2 − 2^−10) · 2^15. */
export const HALF_MAX = 65504;
/** Smallest positive normal half, 2^−14. */
export const HALF_MIN_NORMAL = 2 ** -14;
/** Smallest positive subnormal half, 2^−24. */
export const HALF_MIN_SUBNORMAL = 2 ** -24;
/** The quiet NaN this codec produces for any NaN input. */
export const HALF_NAN = 0x7e00;
export const HALF_POS_INF = 0x7c00;
export const HALF_NEG_INF = 0xfc00;

/** Rounds a non-negative number to an integer, halves to even. */
function roundHalfEven(v: number): number {
  const r = Math.floor(v);
  const frac = v - r;
  if (frac > 0.5 || (frac === 0.5 && r % 2 === 1)) return r + 1;
  return r;
}

/** Nearest half-precision encoding of x (round to nearest, ties to even), as an integer 0..0xFFFF. */
export function toHalfBits(x: number): number {
  if (Number.isNaN(x)) return HALF_NAN;
  // Object.is catches −0, whose sign `x < 0` misses.
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a < HALF_MIN_NORMAL) {
    // Subnormal range: units of 2^−24. Scaling by a power of two is exact in float64.
    // A result of 1024 units is the smallest normal, and 1024 as bits is exactly 0x0400: no special case.
    return sign | roundHalfEven(a * 2 ** 24);
  }
  // a = 2^e · (1.f) with 1 ≤ a / 2^e < 2. log2 may be off by one near powers of two: correct it.
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  if (e > 15) return sign | 0x7c00;
  // Significand in units of 2^(e−10): an integer in [1024, 2048]. Rounding up to 2048 carries into
  // the exponent, which the sum below does by itself (and turns 65520 and above into Infinity).
  const sig = roundHalfEven(a * 2 ** (10 - e));
  return sign | (((e + 15) << 10) + (sig - 1024));
}

/** The number encoded by a half word (its low 16 bits are used). */
export function fromHalfBits(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const E = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (E === 0) return s * m * 2 ** -24;
  if (E === 31) return m === 0 ? s * Infinity : NaN;
  return s * (1024 + m) * 2 ** (E - 25);
}

/** Rounds x to the nearest half-precision value (still a JS number). */
export function roundToHalf(x: number): number {
  return fromHalfBits(toHalfBits(x));
}

export interface HalfFields {
  sign: number;
  /** Biased exponent field E, 0..31. */
  exponent: number;
  /** Mantissa field m, 0..1023. */
  mantissa: number;
  kind: 'zero' | 'subnormal' | 'normal' | 'infinity' | 'nan';
}

/** Splits a half word into its three fields and names what it encodes. */
export function halfFields(h: number): HalfFields {
  const sign = (h >> 15) & 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  let kind: HalfFields['kind'] = 'normal';
  if (exponent === 0) kind = mantissa === 0 ? 'zero' : 'subnormal';
  else if (exponent === 31) kind = mantissa === 0 ? 'infinity' : 'nan';
  return { sign, exponent, mantissa, kind };
}

/** Bit i (0 = least significant) of a word. */
export function bitAt(h: number, i: number): number {
  return (h >> i) & 1;
}

/** The 16 bits of a half word as a string, most significant first, e.g. "0011100000000000" for 0.5. */
export function halfBitString(h: number): string {
  return (h & 0xffff).toString(2).padStart(16, '0');
}

/** Encodes every entry of an array. */
export function toHalfArray(xs: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = toHalfBits(xs[i]);
  return out;
}

/** Decodes every entry of a half array into float32 (every finite half is exact in float32). */
export function fromHalfArray(hs: ArrayLike<number>, out = new Float32Array(hs.length)): Float32Array {
  for (let i = 0; i < hs.length; i++) out[i] = fromHalfBits(hs[i]);
  return out;
}
