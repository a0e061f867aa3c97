/**
 * EPT (Lan et al., arXiv 2405.11464): efficient prompt tuning by multi-space projection and prompt
 * fusion. Plain maths for the lesson (no tfjs, so widget specs can import it): parameter budgets,
 * the equal-budget rank, and the lesson's reconstruction of the fusion and gated-projection steps in
 * float64 (the reference the tfjs method is tested against).
 *
 * Layout (as in DePT, which EPT builds on): a vanilla prompt of l vectors is replaced by a short
 * prompt P_s (s × d) plus A (L × r) and B (r × d) whose product offsets the first L input token
 * embeddings. The budget s·d + L·r + r·d equals l·d at r = (l − s)·d / (L + d).
 */

/** Vanilla prompt tuning: l·d. */
export const vanillaParams = (l: number, d: number): number => l * d;
/** Short prompt plus low-rank input offsets: s·d + L·r + r·d. */
export const decompParams = (s: number, r: number, maxLen: number, d: number): number => s * d + maxLen * r + r * d;

/** The lesson's setting: vanilla prompt length l, offsets over the first L positions, width d. */
export const EPT_L = 16;
export const EPT_MAXLEN = 16;
export const EPT_D = 64;
/** Rank r that keeps s·d + L·r + r·d within l·d in the lesson's setting. */
export const eptRank = (s: number): number => equalBudgetRank(EPT_L, s, EPT_MAXLEN, EPT_D);

export type SpaceKind = 'off' | 'diagonal' | 'full';

/** Extra parameters of the multi-space projection with its gate (K spaces): projections, W_g (d × K), b_g (K). */
export function spaceParams(kind: SpaceKind, k: number, d: number): number {
  if (kind === 'off') return 0;
  const proj = kind === 'full' ? k * d * d : k * d;
  return proj + d * k + k;
}

/** Largest integer rank with s·d + L·r + r·d ≤ l·d (exactly equal when (l − s)·d is divisible by L + d). */
export function equalBudgetRank(l: number, s: number, maxLen: number, d: number): number {
  return Math.max(0, Math.floor(((l - s) * d) / (maxLen + d)));
}

/** Row-wise stable softmax of a rows × cols matrix (float64). */
export function softmaxRows(x: readonly number[], rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    const row = x.slice(i * cols, (i + 1) * cols);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const z = e.reduce((a, v) => a + v, 0);
    out.push(...e.map((v) => v / z));
  }
  return out;
}

/**
 * Prompt fusion (the lesson's reading of the paper's "attention" step):
 * P_f = P_s + softmax(P_s·Mᵀ/√d)·M with M = A·B (L × d). Parameter-free; the identity when M = 0.
 */
export function fuse(ps: readonly number[], s: number, m: readonly number[], maxLen: number, d: number): number[] {
  const scores: number[] = [];
  for (let i = 0; i < s; i++)
    for (let j = 0; j < maxLen; j++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += ps[i * d + c] * m[j * d + c];
      scores.push(dot / Math.sqrt(d));
    }
  const w = softmaxRows(scores, s, maxLen);
  const out = ps.slice();
  for (let i = 0; i < s; i++)
    for (let j = 0; j < maxLen; j++) for (let c = 0; c < d; c++) out[i * d + c] += w[i * maxLen + j] * m[j * d + c];
  return out;
}

/** Gate g = softmax(mean_rows(P)·W_g + b_g) over K spaces (W_g is d × K, row-major). */
export function gate(p: readonly number[], s: number, wg: readonly number[], bg: readonly number[], d: number): number[] {
  const k = bg.length;
  const mean = Array.from({ length: d }, (_, c) => {
    let t = 0;
    for (let i = 0; i < s; i++) t += p[i * d + c];
    return t / s;
  });
  const logits = bg.map((b, j) => b + mean.reduce((a, v, c) => a + v * wg[c * k + j], 0));
  return softmaxRows(logits, 1, k);
}
