/**
 * Self-Adjust Softmax (Zheng et al., EMNLP 2025): attention weights are the softmax probabilities
 * multiplied by the scores themselves, so that a dominant key keeps a large gradient.
 *
 *   softmax:          w_i = s_i,                       s = softmax(z)
 *   SA plain:         w_i = z_i · s_i
 *   SA normalised:    w_i = f_i · s_i,   f_i = (z_i − a) / (b − a + ε),
 *                     a = min(z_min, 0),  b = max(z_max, 0)   (over unmasked keys)
 *
 * The normalised factor lies in [0, 1]. Its gradient has two readings: with a and b treated as
 * constants ("detached") or differentiated through the min and the max ("through"). The paper's
 * convention is not known to us, so both are implemented. For ties at the min or the max the
 * derivative of min/max is shared equally between the tied keys (a subgradient).
 *
 * Plain float64 JavaScript for one row: the closed-form widget and the reference for the tests.
 * The tfjs normalisers used in training are in `sa-softmax-tf.ts`. Masked keys (mask 0 or score
 * −∞) get weight 0 and zero rows and columns in the Jacobian.
 */

/** ε in the denominator of the normalised factor (an all-zero row would give 0/0). */
export const SA_EPS = 1e-6;

export type SaVariant = 'softmax' | 'plain' | 'norm-detached' | 'norm-through';
export const SA_VARIANTS: readonly SaVariant[] = ['softmax', 'plain', 'norm-detached', 'norm-through'];

const isLive = (z: ArrayLike<number>, mask: ArrayLike<number> | undefined, i: number) => (!mask || mask[i] > 0) && z[i] !== -Infinity;

/** Softmax over the unmasked keys (max subtracted first; a fully masked row gives zeros). */
export function maskedSoftmax(z: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array {
  const n = z.length;
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (isLive(z, mask, i) && z[i] > m) m = z[i];
  const s = new Float64Array(n);
  if (m === -Infinity) return s;
  let t = 0;
  for (let i = 0; i < n; i++) if (isLive(z, mask, i)) t += s[i] = Math.exp(z[i] - m);
  for (let i = 0; i < n; i++) s[i] /= t;
  return s;
}

export interface NormFactor {
  /** f_i in [0, 1] (0 at masked keys). */
  f: Float64Array;
  /** a = min(z_min, 0), b = max(z_max, 0), D = b − a + ε. */
  a: number;
  b: number;
  D: number;
  /** ∂a/∂z_j and ∂b/∂z_j (nonzero only at the arg-min / arg-max when z_min < 0 / z_max > 0). */
  da: Float64Array;
  db: Float64Array;
}

/** The normalised factor and the derivatives of its min and max. */
export function normFactor(z: ArrayLike<number>, mask?: ArrayLike<number>, eps = SA_EPS): NormFactor {
  const n = z.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++)
    if (isLive(z, mask, i)) {
      lo = Math.min(lo, z[i]);
      hi = Math.max(hi, z[i]);
    }
  const a = Math.min(lo, 0);
  const b = Math.max(hi, 0);
  const D = b - a + eps;
  const f = new Float64Array(n);
  const da = new Float64Array(n);
  const db = new Float64Array(n);
  let nLo = 0;
  let nHi = 0;
  for (let i = 0; i < n; i++) {
    if (!isLive(z, mask, i)) continue;
    f[i] = (z[i] - a) / D;
    if (lo < 0 && z[i] === lo) nLo++;
    if (hi > 0 && z[i] === hi) nHi++;
  }
  for (let i = 0; i < n; i++) {
    if (!isLive(z, mask, i)) continue;
    if (lo < 0 && z[i] === lo) da[i] = 1 / nLo;
    if (hi > 0 && z[i] === hi) db[i] = 1 / nHi;
  }
  return { f, a, b, D, da, db };
}

/** Attention weights of one row under a variant (the two normalised readings have equal values). */
export function saRow(variant: SaVariant, z: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array {
  const s = maskedSoftmax(z, mask);
  if (variant === 'softmax') return s;
  if (variant === 'plain') return s.map((si, i) => (si === 0 ? 0 : z[i] * si));
  const { f } = normFactor(z, mask);
  return s.map((si, i) => f[i] * si);
}

/**
 * Jacobian J[i·n + j] = ∂w_i/∂z_j (row-major). With w_i = g_i·s_i and ∂s_i/∂z_j = s_i(δ_ij − s_j):
 *   J_ij = (∂g_i/∂z_j)·s_i + g_i·s_i(δ_ij − s_j)
 * where g = 1 (softmax), g_i = z_i (plain: ∂g_i/∂z_j = δ_ij), g = f (normalised):
 *   detached:  ∂f_i/∂z_j = δ_ij / D
 *   through:   ∂f_i/∂z_j = (δ_ij − ∂a/∂z_j)/D − f_i·(∂b/∂z_j − ∂a/∂z_j)/D
 */
export function saJacobian(variant: SaVariant, z: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array {
  const n = z.length;
  const s = maskedSoftmax(z, mask);
  const J = new Float64Array(n * n);
  const nf = variant === 'norm-detached' || variant === 'norm-through' ? normFactor(z, mask) : null;
  for (let i = 0; i < n; i++) {
    if (s[i] === 0) continue;
    const g = variant === 'softmax' ? 1 : variant === 'plain' ? z[i] : nf!.f[i];
    for (let j = 0; j < n; j++) {
      if (!isLive(z, mask, j)) continue;
      const d = i === j ? 1 : 0;
      let dg = 0;
      if (variant === 'plain') dg = d;
      else if (variant === 'norm-detached') dg = d / nf!.D;
      else if (variant === 'norm-through') dg = (d - nf!.da[j]) / nf!.D - (nf!.f[i] * (nf!.db[j] - nf!.da[j])) / nf!.D;
      J[i * n + j] = dg * s[i] + g * s[i] * (d - s[j]);
    }
  }
  return J;
}

/** ∂w_k/∂z_k of one key (the diagonal entry), without building the whole Jacobian. */
export function selfDerivative(variant: SaVariant, z: ArrayLike<number>, k: number, mask?: ArrayLike<number>): number {
  const s = maskedSoftmax(z, mask);
  const sk = s[k];
  if (sk === 0) return 0;
  const own = sk * (1 - sk);
  if (variant === 'softmax') return own;
  if (variant === 'plain') return sk + z[k] * own;
  const nf = normFactor(z, mask);
  const dg = variant === 'norm-detached' ? 1 / nf.D : (1 - nf.da[k]) / nf.D - (nf.f[k] * (nf.db[k] - nf.da[k])) / nf.D;
  return dg * sk + nf.f[k] * own;
}
