/** Small numeric helpers shared by techniques. Plain float64 JavaScript. */

/** log(sum(exp(x))) computed without overflow; -Infinity for an empty or all -Infinity input. */
export function logSumExp(x: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return m + Math.log(s);
}

/** Numerically stable softmax (subtracts the max). An all -Infinity row returns all zeros. */
export function softmax(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  const lse = logSumExp(x);
  if (lse === -Infinity) return out;
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i] - lse);
  return out;
}

export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** n evenly spaced numbers from a to b inclusive. */
export function linspace(a: number, b: number, n: number): number[] {
  if (n <= 1) return [a];
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** Median of a list (copy sorted); NaN when empty. */
export function median(x: readonly number[]): number {
  if (x.length === 0) return NaN;
  const s = [...x].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
