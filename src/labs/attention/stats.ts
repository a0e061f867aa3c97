/**
 * Statistics of attention maps and hidden states, in plain float64 JavaScript over the arrays a
 * model returns (no tfjs). None of them assumes that a row sums to one, so they apply to
 * normalisers such as softpick whose rows may sum to less.
 *
 * Attention maps are [B, H, L, L] row-major (batch, head, query, key); key 0 is the first token (BOS).
 */

export interface MapDims {
  batch: number;
  heads: number;
  /** Positions (queries = keys = L). */
  len: number;
}

const at = (a: ArrayLike<number>, d: MapDims, b: number, h: number, q: number, k: number) => a[((b * d.heads + h) * d.len + q) * d.len + k];

/**
 * Mean weight on key 0 per head, averaged over every query row (including the BOS row itself)
 * and the batch: the quantity thresholded by the sink rate.
 */
export function bosMassPerHead(a: ArrayLike<number>, d: MapDims): number[] {
  const out: number[] = [];
  for (let h = 0; h < d.heads; h++) {
    let s = 0;
    for (let b = 0; b < d.batch; b++) for (let q = 0; q < d.len; q++) s += at(a, d, b, h, q, 0);
    out.push(s / (d.batch * d.len));
  }
  return out;
}

/**
 * Sink rate (Gu et al. 2024, as used by the softpick paper): the fraction of heads whose mean
 * attention on the first token exceeds `eps` (0.3 in the paper). For several layers, pass the
 * concatenated per-head BOS masses.
 */
export function sinkRate(bosMass: readonly number[], eps = 0.3): number {
  if (bosMass.length === 0) return NaN;
  return bosMass.filter((m) => m > eps).length / bosMass.length;
}

/** Fraction of causal entries (key ≤ query, diagonal included) with |a| ≤ thr (paper: 1e-5). */
export function sparsity(a: ArrayLike<number>, d: MapDims, thr = 1e-5): number {
  let zero = 0;
  let n = 0;
  for (let b = 0; b < d.batch; b++)
    for (let h = 0; h < d.heads; h++)
      for (let q = 0; q < d.len; q++)
        for (let k = 0; k <= q; k++) {
          n++;
          if (Math.abs(at(a, d, b, h, q, k)) <= thr) zero++;
        }
  return zero / n;
}

/** Row sums [B, H, L] (key axis summed). */
export function rowSums(a: ArrayLike<number>, d: MapDims): Float64Array {
  const out = new Float64Array(d.batch * d.heads * d.len);
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    for (let k = 0; k < d.len; k++) s += a[r * d.len + k];
    out[r] = s;
  }
  return out;
}

export interface QuerySetStats {
  /** Number of (sequence, query) pairs selected. */
  count: number;
  /** Mean weight on key 0 per head. */
  bosMass: number[];
  /** Mean row sum per head. */
  rowSum: number[];
}

/** BOS mass and row sums per head over the queries picked by `select(b, q)` (e.g. no-op queries). */
export function querySetStats(a: ArrayLike<number>, d: MapDims, select: (b: number, q: number) => boolean): QuerySetStats {
  const bos = new Array<number>(d.heads).fill(0);
  const sum = new Array<number>(d.heads).fill(0);
  let count = 0;
  for (let b = 0; b < d.batch; b++)
    for (let q = 0; q < d.len; q++) {
      if (!select(b, q)) continue;
      count++;
      for (let h = 0; h < d.heads; h++) {
        bos[h] += at(a, d, b, h, q, 0);
        for (let k = 0; k < d.len; k++) sum[h] += at(a, d, b, h, q, k);
      }
    }
  const div = (x: number) => (count > 0 ? x / count : NaN);
  return { count, bosMass: bos.map(div), rowSum: sum.map(div) };
}

/** Pearson kurtosis E[(x−μ)⁴]/σ⁴ (3 for a Gaussian; large when a few entries are huge). */
export function kurtosis(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let mu = 0;
  for (let i = 0; i < n; i++) mu += x[i];
  mu /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const c = (x[i] - mu) * (x[i] - mu);
    m2 += c;
    m4 += c * c;
  }
  m2 /= n;
  m4 /= n;
  return m2 > 0 ? m4 / (m2 * m2) : NaN;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/**
 * Shannon entropy (nats) of one row over its unmasked keys. With `renormalise` the row is first
 * divided by its sum (for normalisers whose rows need not sum to 1); an all-zero row gives 0.
 * `mask` (1 = unmasked) may be omitted when every key counts.
 */
export function rowEntropy(w: ArrayLike<number>, mask?: ArrayLike<number>, renormalise = false): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) if (!mask || mask[i] > 0) total += w[i];
  const z = renormalise ? total : 1;
  if (!(z > 0)) return 0;
  let h = 0;
  for (let i = 0; i < w.length; i++) {
    if (mask && !(mask[i] > 0)) continue;
    const p = w[i] / z;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
