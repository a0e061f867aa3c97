/**
 * Softmax masking for replay-based continual learning (Kim, Kwon and Kim, arXiv 2309.14808):
 * the closed form, in plain float64 JavaScript.
 *
 * For one sample with logits l (K classes) and label y, a *general masked softmax* keeps the logits
 * of a class set C and replaces every other logit by a constant m that carries no gradient:
 *
 *   l̃_j = l_j (j ∈ C),  l̃_j = m (j ∉ C),   loss = −log softmax(l̃)_y   (y ∈ C)
 *   ∂loss/∂l_j = p̃_j − [j = y] (j ∈ C),   ∂loss/∂l_j = 0 (j ∉ C),      p̃ = softmax(l̃).
 *
 * Three settings of (C, m) cover the lesson:
 * - full softmax over the classes seen so far (the replay baseline): C = seen classes, m = −∞
 *   (classes of future tasks do not exist yet for the baseline);
 * - classic masking: C = the current task's classes, m = −∞;
 * - the paper's finite mask: C = the current task's classes, m finite.
 * The tfjs version used in training lives in `softmax-masking-continual-train.ts`.
 */
import { logSumExp } from '../core/math';

export type MaskMode = 'full' | 'maskInf' | 'maskM';

export interface MaskedCe {
  /** The logits after masking (masked entries = m, possibly −Infinity). */
  masked: Float64Array;
  /** softmax of the masked logits; masked entries hold their share of the mass (0 when m = −∞). */
  probs: Float64Array;
  /** −log p̃_y. */
  loss: number;
  /** ∂loss/∂l_j with respect to the real logits: zero for every masked class. */
  grad: Float64Array;
  /** Total probability the masked entries take: (K − |C|)·e^m / Z. */
  maskedMass: number;
}

/**
 * The general masked cross-entropy and its gradient. `keep[j]` says whether class j is in C;
 * the label must be kept. m may be −Infinity (classic masking) or any finite number.
 */
export function maskedCrossEntropy(logits: ArrayLike<number>, label: number, keep: ArrayLike<boolean>, m: number): MaskedCe {
  const k = logits.length;
  if (keep.length !== k) throw new Error('keep must have one entry per logit');
  if (!(label >= 0 && label < k) || !keep[label]) throw new Error('the label must be one of the kept classes');
  if (Number.isNaN(m) || m === Infinity) throw new Error('the mask value must be finite or −Infinity');
  const masked = new Float64Array(k);
  for (let j = 0; j < k; j++) masked[j] = keep[j] ? logits[j] : m;
  // Subtract the max of the *masked* vector before exponentiating, so huge logits and a huge m stay
  // finite; −∞ entries contribute exp(−∞) = 0. Working with shifted values (not log Z itself) also
  // keeps full precision when m or the logits are large (no 1e6 + log 4 − 1e6 rounding).
  let top = -Infinity;
  for (let j = 0; j < k; j++) if (masked[j] > top) top = masked[j];
  const probs = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    probs[j] = Math.exp(masked[j] - top);
    sum += probs[j];
  }
  const grad = new Float64Array(k);
  let maskedMass = 0;
  for (let j = 0; j < k; j++) {
    probs[j] /= sum;
    if (keep[j]) grad[j] = probs[j] - (j === label ? 1 : 0);
    else maskedMass += probs[j];
  }
  const loss = Math.log(sum) - (masked[label] - top);
  return { masked, probs, loss, grad, maskedMass };
}

/** Which classes each mode keeps, for K classes in tasks of `perTask` classes, current task t. */
export function keptClasses(mode: MaskMode, k: number, perTask: number, task: number): boolean[] {
  const lo = perTask * task;
  const hi = perTask * (task + 1); // exclusive
  return Array.from({ length: k }, (_, j) => (mode === 'full' ? j < hi : j >= lo && j < hi));
}

/** The mask value a mode uses: −∞ except for the finite-m variant. */
export function maskValue(mode: MaskMode, m: number): number {
  return mode === 'maskM' ? m : -Infinity;
}

/** The three modes for one incoming sample of task `task` (the closed-form widget's numbers). */
export function compareModes(logits: ArrayLike<number>, label: number, o: { perTask: number; task: number; m: number }): Record<MaskMode, MaskedCe> {
  const k = logits.length;
  const run = (mode: MaskMode) => maskedCrossEntropy(logits, label, keptClasses(mode, k, o.perTask, o.task), maskValue(mode, o.m));
  return { full: run('full'), maskInf: run('maskInf'), maskM: run('maskM') };
}

/**
 * The loss as a plain function of the logits, for a finite-difference check of `grad`: the
 * masked entries are constants, so nudging a masked logit leaves the loss unchanged.
 */
export function maskedLoss(logits: ArrayLike<number>, label: number, keep: ArrayLike<boolean>, m: number): number {
  const z: number[] = [];
  for (let j = 0; j < logits.length; j++) z.push(keep[j] ? logits[j] : m);
  return logSumExp(z) - z[label];
}

/** Central differences of `maskedLoss` (step h): an independent check of the analytic gradient. */
export function numericGradient(logits: ArrayLike<number>, label: number, keep: ArrayLike<boolean>, m: number, h = 1e-5): Float64Array {
  const x = Array.from(logits);
  const g = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const up = [...x];
    const down = [...x];
    up[j] += h;
    down[j] -= h;
    g[j] = (maskedLoss(up, label, keep, m) - maskedLoss(down, label, keep, m)) / (2 * h);
  }
  return g;
}
