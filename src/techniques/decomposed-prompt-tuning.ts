/**
 * Decomposed prompt tuning (DPT; Xiao et al., Findings of EMNLP 2023): the k × d soft prompt is
 * never a free matrix but the product P = A·B of A ∈ ℝ^{k×b} and B ∈ ℝ^{b×d}, so rank(P) ≤ b and the
 * trainable-parameter count drops from k·d to b·(k + d).
 *
 * Both factors start i.i.d. U(−α, α) (as in the authors' code). Entries of A·B then have standard
 * deviation √b·α²/3, so α = √(3ρ/√b) makes the prompt's RMS equal ρ, the token-embedding RMS,
 * whatever the bottleneck b (otherwise a rank sweep is secretly an init-scale sweep).
 *
 * This file is plain maths (no tfjs, so widget specs can import it); the trainable prompt itself is
 * `lowRankPrompt` in `decomposed-prompt-tuning-prompt.ts`.
 *
 * Also here: the spectrum of a prompt (singular values from the eigenvalues of the k × k Gram
 * matrix P·Pᵀ by cyclic Jacobi, in float64) for the "is a learned prompt low-rank?" widget.
 */

/** Trainable parameters of vanilla PT and of DPT. */
export const vanillaParams = (k: number, d: number): number => k * d;
export const dptParams = (k: number, b: number, d: number): number => b * (k + d);
/** DPT saves parameters only below this bottleneck: b < k·d / (k + d). */
export const breakEvenRank = (k: number, d: number): number => (k * d) / (k + d);

/** Factor-init bound α for which rms(A·B) = ρ in expectation. */
export function factorInitScale(rho: number, b: number): number {
  return Math.sqrt((3 * rho) / Math.sqrt(b));
}

/** Eigenvalues (descending) of a symmetric n × n matrix (row-major, float64) by cyclic Jacobi rotations. */
export function symmetricEigenvalues(m: ArrayLike<number>, n: number, sweeps = 60): number[] {
  const a = Float64Array.from(m);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p];
          const arq = a[r * n + q];
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r];
          const aqr = a[q * n + r];
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]).sort((x, y) => y - x);
}

/** Singular values of a k × d matrix (row-major) via the Gram matrix, negative round-off clamped to 0. */
export function singularValues(p: ArrayLike<number>, k: number, d: number): number[] {
  const g = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += p[i * d + c] * p[j * d + c];
      g[i * k + j] = s;
      g[j * k + i] = s;
    }
  }
  return symmetricEigenvalues(g, k).map((l) => Math.sqrt(Math.max(l, 0)));
}

/** Share of the energy Σσ² held by the top `r` singular values. */
export function topEnergy(sigma: readonly number[], r: number): number {
  const total = sigma.reduce((a, s) => a + s * s, 0);
  return total > 0 ? sigma.slice(0, r).reduce((a, s) => a + s * s, 0) / total : 0;
}
