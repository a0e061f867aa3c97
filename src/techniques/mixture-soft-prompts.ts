/**
 * Mixture of soft prompts (Qin & Eisner, NAACL 2021): the plain-number parts. A relation is asked
 * with T templates; template t gives p_t(y | x) and the mixture is
 *   log p(y | x) = LSE_t( log π_t + log p_t(y | x) ),
 * with π = softmax(w) over learned logits here (the paper fits π by EM). No tfjs in this file.
 */

/** log Σ exp(a_i), stable for very negative entries (−∞ entries allowed). */
export function logSumExp(a: readonly number[]): number {
  const m = Math.max(...a);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of a) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** softmax of logits. */
export function softmax(w: readonly number[]): number[] {
  const l = logSumExp(w);
  return w.map((x) => Math.exp(x - l));
}

/**
 * Mixture log-probabilities over C labels for one input: logP[t][c] = log p_t(c | x), logPi[t] = log π_t.
 * Returns LSE_t(logPi[t] + logP[t][c]) for every c.
 */
export function mixtureLogProbs(logP: readonly (readonly number[])[], logPi: readonly number[]): number[] {
  const c = logP[0].length;
  return Array.from({ length: c }, (_, j) => logSumExp(logP.map((row, t) => logPi[t] + row[j])));
}

/** Responsibilities R_t = π_t p_t(y|x) / Σ π_t' p_t'(y|x) for one fact, computed in log space. */
export function responsibilities(logPy: readonly number[], logPi: readonly number[]): number[] {
  const a = logPy.map((x, t) => x + logPi[t]);
  const l = logSumExp(a);
  return a.map((x) => Math.exp(x - l));
}

/** Effective number of prompts exp(−Σ π log π) (1 when one prompt takes all weight, T when uniform). */
export function effectivePrompts(pi: readonly number[]): number {
  let h = 0;
  for (const p of pi) if (p > 0) h -= p * Math.log(p);
  return Math.exp(h);
}

/**
 * Trainable parameters: Σ_t (layers) · k_t · d offsets plus T mixture logits. `layers` is 1 for
 * soft words at the input only and the number of perturbed layer inputs for the deep variant.
 */
export function mixtureParams(templateLengths: readonly number[], d: number, layers = 1): number {
  return templateLengths.reduce((a, k) => a + layers * k * d, 0) + templateLengths.length;
}

/** Index of the largest value (first on ties). */
export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}
