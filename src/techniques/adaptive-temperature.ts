/**
 * "Softmax is not enough (for sharp size generalisation)" (Veličković et al., ICML 2025), as
 * plain functions without tfjs:
 *
 * - the dispersion bound: with every logit in [m, m + Δ], each softmax weight at temperature θ is
 *   at most e^{Δ/θ}/n, and the largest weight of "one logit at Δ, n − 1 at 0" is exactly
 *   e^{Δ/θ}/(e^{Δ/θ} + n − 1);
 * - adaptive temperature, an inference-time replacement for softmax: measure the entropy H of
 *   softmax(e), pick an inverse temperature β = β(H) from a fitted quartic, output softmax(β·e).
 *
 * The quartic and the 0.5 threshold are the paper's published values (brief, §Method). Everything
 * about the rule lives in ADAPTIVE_RULE so that a different reading is a one-line change.
 */

export interface AdaptiveRule {
  /** Coefficients of poly(H), highest power first (the polyval convention). */
  coeffs: readonly number[];
  /** At or below this entropy (nats) the rule returns β = 1: the head is already sharp. */
  threshold: number;
  /** Added inside the logarithm of the entropy, as in the paper's snippet. */
  logEps: number;
}

export const ADAPTIVE_RULE: AdaptiveRule = {
  coeffs: [-0.037, 0.481, -2.3, 4.917, -1.791],
  threshold: 0.5,
  logEps: 1e-9,
};

/** Horner evaluation of a polynomial with the highest power first. */
export function polyval(coeffs: readonly number[], x: number): number {
  let y = 0;
  for (const c of coeffs) y = y * x + c;
  return y;
}

/** Inverse temperature chosen for a head whose softmax has entropy `h` (nats). Never below 1. */
export function adaptiveBeta(h: number, rule: AdaptiveRule = ADAPTIVE_RULE): number {
  if (!(h > rule.threshold)) return 1;
  return Math.max(polyval(rule.coeffs, h), 1);
}

/**
 * Softmax of `beta·x` over the keys with mask[i] > 0 (all keys when `mask` is omitted), in float64.
 * Masked keys get exactly 0; a row with no readable key is all zeros. ±Infinity in x is handled
 * (−∞ gets 0; several +∞ share the weight).
 */
export function maskedSoftmax(x: ArrayLike<number>, beta = 1, mask?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  const on = (i: number) => !mask || mask[i] > 0;
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (on(i) && beta * x[i] > m) m = beta * x[i];
  if (m === -Infinity) return out;
  let z = 0;
  for (let i = 0; i < x.length; i++) {
    if (!on(i)) continue;
    const v = beta * x[i];
    out[i] = m === Infinity ? (v === Infinity ? 1 : 0) : Math.exp(v - m);
    z += out[i];
  }
  for (let i = 0; i < x.length; i++) out[i] /= z;
  return out;
}

/** Shannon entropy −Σ p ln(p + ε) over the readable keys (the paper's ε = 1e-9 by default). */
export function entropyOf(p: ArrayLike<number>, mask?: ArrayLike<number>, eps = ADAPTIVE_RULE.logEps): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if ((!mask || mask[i] > 0) && p[i] > 0) h -= p[i] * Math.log(p[i] + eps);
  return h;
}

export interface AdaptiveResult {
  /** softmax(β·x) over readable keys. */
  weights: Float64Array;
  /** Entropy of the plain softmax (what β is chosen from). */
  entropy: number;
  beta: number;
}

/** Adaptive temperature on one row of logits (masked keys excluded from the entropy and the output). */
export function adaptiveSoftmax(x: ArrayLike<number>, mask?: ArrayLike<number>, rule: AdaptiveRule = ADAPTIVE_RULE): AdaptiveResult {
  const p = maskedSoftmax(x, 1, mask);
  const entropy = entropyOf(p, mask, rule.logEps);
  const beta = adaptiveBeta(entropy, rule);
  return { weights: beta === 1 ? p : maskedSoftmax(x, beta, mask), entropy, beta };
}

/** The dispersion bound e^{Δ/θ}/n on any softmax weight when the logits span at most Δ. */
export function dispersionBound(delta: number, theta: number, n: number): number {
  return Math.exp(delta / theta) / n;
}

/**
 * The "one item at Δ, n − 1 items at 0" row: its largest weight and entropy at inverse
 * temperature `beta` (temperature θ = 1/β). Written as 1/(1 + (n − 1)e^{−βΔ}) so that huge
 * gaps give 1 instead of ∞/∞.
 */
export function gapRow(delta: number, beta: number, n: number): { top: number; entropy: number } {
  const r = (n - 1) * Math.exp(-beta * delta); // total weight of the others relative to the top item
  const top = 1 / (1 + r);
  const rest = n > 1 ? (1 - top) / (n - 1) : 0; // weight of each other item
  const xlogx = (q: number) => (q > 0 ? q * Math.log(q) : 0);
  return { top, entropy: Math.max(0, -(xlogx(top) + (n - 1) * xlogx(rest))) };
}

/** The gap row after adaptive temperature: β chosen from the entropy at the reader's θ, then applied on top. */
export function gapRowAdaptive(delta: number, theta: number, n: number, rule: AdaptiveRule = ADAPTIVE_RULE): { top: number; entropy: number; beta: number } {
  const plain = gapRow(delta, 1 / theta, n);
  const beta = adaptiveBeta(plain.entropy, rule);
  return { ...gapRow(delta, beta / theta, n), beta };
}

/** Largest n for which the gap row's top weight is still ≥ w (0 < w < 1): n ≤ 1 + e^{Δ/θ}(1 − w)/w. */
export function largestSharpN(delta: number, theta: number, w = 0.5): number {
  return Math.floor(1 + (Math.exp(delta / theta) * (1 - w)) / w);
}

/**
 * Where the rule acts: the entropy interval (above the threshold) on which poly(H) > 1, found by
 * scanning [0, hMax] and refining the crossings by bisection. Also the largest β and where.
 */
export function activeRange(rule: AdaptiveRule = ADAPTIVE_RULE, hMax = 12): { from: number; to: number; betaMax: number; atH: number } {
  const f = (h: number) => polyval(rule.coeffs, h) - 1;
  const refine = (a: number, b: number) => {
    for (let i = 0; i < 60; i++) {
      const c = (a + b) / 2;
      if (Math.sign(f(c)) === Math.sign(f(a))) a = c;
      else b = c;
    }
    return (a + b) / 2;
  };
  const step = 1e-3;
  let from = NaN;
  let to = NaN;
  let betaMax = 1;
  let atH = NaN;
  for (let h = 0; h < hMax; h += step) {
    const b = h + step;
    if (f(h) <= 0 && f(b) > 0 && Number.isNaN(from)) from = refine(h, b);
    if (f(h) > 0 && f(b) <= 0 && !Number.isNaN(from) && Number.isNaN(to)) to = refine(h, b);
    const beta = adaptiveBeta(b, rule);
    if (beta > betaMax) {
      betaMax = beta;
      atH = b;
    }
  }
  return { from: Math.max(from, rule.threshold), to, betaMax, atH };
}
