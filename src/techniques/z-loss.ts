/**
 * The Z-loss of de Brébisson & Vincent (2016), in plain float64 JavaScript, next to softmax
 * cross-entropy for comparison. No tfjs here: the closed-form widget and the unit tests use these
 * functions directly; the training run has its own tfjs version in `z-loss-train.ts`.
 *
 * Scores o ∈ R^D, target class c. Standardise the scores with their mean and their *population*
 * standard deviation (divide by D, not D − 1):
 *   μ = Σ o_k / D,   σ = sqrt(Σ (o_k − μ)² / D),   z_k = (o_k − μ) / σ,
 * then  L_Z(o, c) = softplus(a·(b − z_c)) / a  with sharpness a > 0 and target offset b.
 *
 * Numerics. The scores are first divided by their largest magnitude, so that squares of huge
 * scores (1e200, say) never overflow; z does not change, because it ignores the scale. The
 * variance uses two passes (mean first), not S2/D − μ², which loses every digit when a large
 * common shift is added. All-equal scores (σ = 0) make z a 0/0: we report them as `flat`, use the
 * convention z = 0 (what an ε added to the variance gives) and leave the gradient undefined,
 * because the loss is not even continuous there. Non-finite scores are rejected with a message.
 */
import { logSumExp } from '../core/math';

/** Result of standardising a score vector. */
export interface ZScores {
  mean: number;
  /** Population standard deviation (0 for all-equal scores). */
  std: number;
  z: Float64Array;
  /** True when all scores are equal: z is 0/0 and set to 0 by convention. */
  flat: boolean;
}

export interface ZLossResult {
  value: number;
  /** z-score of the target class. */
  zc: number;
  std: number;
  flat: boolean;
  /** ∂L_Z/∂o_k, or null when the scores are flat (the gradient does not exist there). */
  grad: Float64Array | null;
}

export interface CeResult {
  value: number;
  /** softmax(o) */
  probs: Float64Array;
  /** ∂CE/∂o_k = p_k − [k = c] */
  grad: Float64Array;
}

/** log(1 + e^x) without overflow or loss of precision for large |x|. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** 1 / (1 + e^{-x}), stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function checkTarget(o: ArrayLike<number>, c: number): void {
  if (o.length < 2) throw new RangeError(`a classification loss needs at least 2 scores, got ${o.length}`);
  if (!Number.isInteger(c) || c < 0 || c >= o.length) throw new RangeError(`target class ${c} is not one of 0..${o.length - 1}`);
}

/** z-normalisation with the population standard deviation (see the file comment). */
export function zScores(o: ArrayLike<number>): ZScores {
  const d = o.length;
  let m = 0;
  for (let k = 0; k < d; k++) {
    if (!Number.isFinite(o[k])) {
      throw new RangeError(`the Z-loss needs finite scores; score ${k} is ${o[k]} (mean and standard deviation would be undefined)`);
    }
    m = Math.max(m, Math.abs(o[k]));
  }
  const z = new Float64Array(d);
  if (m === 0) return { mean: 0, std: 0, z, flat: true };
  let mu = 0;
  for (let k = 0; k < d; k++) mu += o[k] / m;
  mu /= d;
  let v = 0;
  for (let k = 0; k < d; k++) v += (o[k] / m - mu) ** 2;
  const s = Math.sqrt(v / d);
  if (s === 0) return { mean: mu * m, std: 0, z, flat: true };
  for (let k = 0; k < d; k++) z[k] = (o[k] / m - mu) / s;
  return { mean: mu * m, std: s * m, z, flat: false };
}

/** The Z-loss and its gradient with respect to the scores o. */
export function zLoss(o: ArrayLike<number>, c: number, a: number, b: number): ZLossResult {
  checkTarget(o, c);
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`the sharpness a must be a positive number, got ${a}`);
  if (!Number.isFinite(b)) throw new RangeError(`the offset b must be finite, got ${b}`);
  const { z, std, flat } = zScores(o);
  const zc = z[c];
  const value = softplus(a * (b - zc)) / a;
  if (flat) return { value, zc, std, flat, grad: null };
  // ∂L/∂z_c = −sigm(a(b − z_c)); ∂z_c/∂o_k = (δ_kc − 1/D − z_c z_k / D) / σ.
  const d = o.length;
  const g = -sigmoid(a * (b - zc)) / std;
  const grad = new Float64Array(d);
  for (let k = 0; k < d; k++) grad[k] = g * ((k === c ? 1 : 0) - 1 / d - (zc * z[k]) / d);
  return { value, zc, std, flat, grad };
}

/**
 * Softmax cross-entropy −log softmax(o)_c and its gradient softmax(o) − onehot(c).
 * A −∞ score is allowed (a masked class: probability 0); a −∞ target score gives +∞.
 * +∞ and NaN are rejected.
 */
export function crossEntropy(o: ArrayLike<number>, c: number): CeResult {
  checkTarget(o, c);
  for (let k = 0; k < o.length; k++) {
    if (Number.isNaN(o[k]) || o[k] === Infinity) throw new RangeError(`cross-entropy needs scores below +∞; score ${k} is ${o[k]}`);
  }
  const lse = logSumExp(o);
  if (lse === -Infinity) throw new RangeError('cross-entropy is undefined when every score is −∞');
  const probs = new Float64Array(o.length);
  const grad = new Float64Array(o.length);
  for (let k = 0; k < o.length; k++) {
    probs[k] = Math.exp(o[k] - lse);
    grad[k] = probs[k] - (k === c ? 1 : 0);
  }
  return { value: lse - o[c], probs, grad };
}

/** The largest z-score any class can reach among D: all other scores equal and below it. */
export function maxZ(d: number): number {
  return Math.sqrt(d - 1);
}

/** The smallest value the Z-loss can take with D classes (reached at z_c = √(D − 1)). */
export function zLossFloor(d: number, a: number, b: number): number {
  return softplus(a * (b - maxZ(d))) / a;
}

/** L_Z as a function of the target's z-score alone, and its two limits. */
export function zLossOfZ(zc: number, a: number, b: number): number {
  return softplus(a * (b - zc)) / a;
}
/** a → ∞: a hinge on the standardised score. */
export function hingeLimit(zc: number, b: number): number {
  return Math.max(0, b - zc);
}
/** a → 0: softplus(x) ≈ ln 2 + x/2, so L_Z ≈ ln 2 / a + (b − z_c) / 2. */
export function linearLimit(zc: number, a: number, b: number): number {
  return Math.LN2 / a + (b - zc) / 2;
}

/** α·o + β, the transformation the invariance is about. */
export function affine(o: ArrayLike<number>, alpha: number, beta: number): Float64Array {
  const out = new Float64Array(o.length);
  for (let k = 0; k < o.length; k++) out[k] = alpha * o[k] + beta;
  return out;
}

/** Σ_k g_k and Σ_k g_k z_k: both are 0 for the Z-loss gradient (shift and scale invariance). */
export function gradientInvariants(grad: ArrayLike<number>, z: ArrayLike<number>): { sum: number; dotZ: number } {
  let sum = 0;
  let dotZ = 0;
  for (let k = 0; k < grad.length; k++) {
    sum += grad[k];
    dotZ += grad[k] * z[k];
  }
  return { sum, dotZ };
}

/**
 * Rank of the target among the scores: how many classes score strictly higher. Ties count
 * against the target (a tie with the target is counted as higher), so all-equal scores are never
 * "correct" by luck of ordering.
 */
export function targetRank(o: ArrayLike<number>, c: number, offset = 0, d = o.length): number {
  const t = o[offset + c];
  let r = 0;
  for (let k = 0; k < d; k++) if (k !== c && o[offset + k] >= t) r++;
  return r;
}

/**
 * Top-k error for every k in `ks` over a batch of score rows (flat, row-major [n, d]): the
 * fraction of rows whose target is not among the k highest scores.
 */
export function topKErrors(scores: ArrayLike<number>, labels: ArrayLike<number>, d: number, ks: readonly number[]): number[] {
  const n = labels.length;
  const misses = ks.map(() => 0);
  for (let i = 0; i < n; i++) {
    const r = targetRank(scores, labels[i], i * d, d);
    ks.forEach((k, j) => {
      if (r >= k) misses[j]++;
    });
  }
  return misses.map((m) => m / n);
}
