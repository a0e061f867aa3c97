/**
 * Softpick (Zuhri, Fuadi & Aji, 2025): a rectified replacement for softmax in attention.
 *
 *   softpick(x)_i = ReLU(e^{x_i} − 1) / (Σ_j |e^{x_j} − 1| + ε),   ε = 1e−8
 *
 * Scores ≤ 0 get exactly zero weight, rows may sum to less than 1, and negative scores still
 * enlarge the denominator. Plain float64 JavaScript for one row (the closed-form widget and the
 * reference for tests); the tfjs normaliser used in training is in `softpick-tf.ts`.
 *
 * Stable form: multiply numerator and denominator by e^{−m} with m = max(0, max_j x_j) over
 * unmasked keys, i.e. u_j = e^{x_j − m} − e^{−m}. Never subtract the max from the scores
 * themselves: softpick is not shift-invariant, so that would compute a different function.
 * Taking m ≥ 0 keeps e^{−m} ≤ 1 (no overflow for very negative rows); there the row is all
 * zeros anyway. Masked keys (mask 0, or score −∞) are left out of both sums.
 */
import { softmax } from '../core/math';

export const SOFTPICK_EPS = 1e-8;

/** Shift used by the stable form: max(0, largest unmasked score); 0 if every key is masked. */
function shiftOf(x: ArrayLike<number>, mask?: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) if ((!mask || mask[i] > 0) && x[i] > m) m = x[i];
  return m;
}

const live = (x: ArrayLike<number>, mask: ArrayLike<number> | undefined, i: number) => (!mask || mask[i] > 0) && x[i] !== -Infinity;

/** Softpick of one row (stable form). `mask[i] = 0` (or x_i = −∞) excludes key i. */
export function softpickRow(x: ArrayLike<number>, mask?: ArrayLike<number>, eps = SOFTPICK_EPS): Float64Array {
  const n = x.length;
  const m = shiftOf(x, mask);
  const em = Math.exp(-m);
  const u = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!live(x, mask, i)) continue;
    u[i] = Math.exp(x[i] - m) - em;
    s += Math.abs(u[i]);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) if (live(x, mask, i) && u[i] > 0) out[i] = u[i] / (s + eps);
  return out;
}

/**
 * Jacobian J[i][j] = ∂softpick_i/∂x_j (row-major n×n), from the stable quantities:
 *   J_ij = 1[i=j]·1[u_i>0]·v_i / S − r_i·sign(u_j)·v_j / S²,
 * with v_j = e^{x_j−m}, u_j = v_j − e^{−m}, r_i = ReLU(u_i), S = Σ|u_j| + ε. (The same as the
 * paper's unscaled formula: every term carries the factor e^{−m} once in numerator and denominator.)
 * Masked keys have zero rows and columns. Subgradient 0 at x_j = 0.
 */
export function softpickJacobian(x: ArrayLike<number>, mask?: ArrayLike<number>, eps = SOFTPICK_EPS): Float64Array {
  const n = x.length;
  const m = shiftOf(x, mask);
  const em = Math.exp(-m);
  const v = new Float64Array(n);
  const u = new Float64Array(n);
  let s = eps;
  for (let j = 0; j < n; j++) {
    if (!live(x, mask, j)) continue;
    v[j] = Math.exp(x[j] - m);
    u[j] = v[j] - em;
    s += Math.abs(u[j]);
  }
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (!live(x, mask, i)) continue;
    const r = Math.max(0, u[i]);
    for (let j = 0; j < n; j++) {
      if (!live(x, mask, j)) continue;
      let g = r > 0 && u[j] !== 0 ? -(r * Math.sign(u[j]) * v[j]) / (s * s) : 0;
      if (i === j && u[i] > 0) g += v[i] / s;
      J[i * n + j] = g;
    }
  }
  return J;
}

/** Softmax of one row with masked keys excluded (all masked → zeros). */
export function softmaxRow(x: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array {
  const xs = Array.from(x, (v, i) => (live(x, mask, i) ? v : -Infinity));
  return softmax(xs);
}

/** Softmax Jacobian J_ij = p_i(δ_ij − p_j) (masked keys: zero). */
export function softmaxJacobian(x: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array {
  const p = softmaxRow(x, mask);
  const n = p.length;
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) J[i * n + j] = p[i] * ((i === j ? 1 : 0) - p[j]);
  return J;
}

/**
 * One relevant key at score s and n irrelevant keys at score b: the weight each normaliser gives
 * the relevant key, in closed form.
 *   softmax:  e^s / (e^s + n e^b)
 *   softpick: ReLU(e^s − 1) / (|e^s − 1| + n |e^b − 1| + ε)   (computed in the stable form)
 */
export function relevantWeight(s: number, b: number, n: number, eps = SOFTPICK_EPS): { softmax: number; softpick: number } {
  const sm = 1 / (1 + n * Math.exp(b - s));
  const m = Math.max(0, s, b);
  const us = Math.exp(s - m) - Math.exp(-m);
  const ub = Math.exp(b - m) - Math.exp(-m);
  const sp = us > 0 ? us / (Math.abs(us) + n * Math.abs(ub) + eps) : 0;
  return { softmax: sm, softpick: sp };
}

/**
 * Score the relevant key needs for softpick weight `target` (0 < target < 1) against n keys at
 * score b ≤ 0 (ε ignored): solve (e^s − 1)(1 − target) = target · n · (1 − e^b).
 */
export function scoreForSoftpickWeight(target: number, b: number, n: number): number {
  return Math.log1p((target * n * (1 - Math.exp(b))) / (1 - target));
}

/** Same for softmax: e^s / (e^s + n e^b) = target ⇒ s = b + ln(n · target / (1 − target)). */
export function scoreForSoftmaxWeight(target: number, b: number, n: number): number {
  return b + Math.log((n * target) / (1 - target));
}
