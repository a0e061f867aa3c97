/**
 * The pluggable part of attention: a normaliser turns a block of scores into weights.
 *
 *   type Normaliser = (scores, mask) => weights
 *
 * - `scores` has shape [..., queries, keys] (already scaled by 1/√d_head).
 * - `mask` broadcasts against `scores`: 1 where a key may be read, 0 where it is masked (causal
 *   future, padding). It is a constant: normalisers must not differentiate through it.
 * - The result has the shape of `scores`; masked entries must come out exactly 0.
 *
 * The lab ships plain softmax only. Paper methods (softpick, SA-softmax, adaptive temperature...)
 * live in `src/techniques/<slug>*.ts` and are passed in; the lab never imports them.
 * Call inside `tf.tidy`.
 */
import { tf } from '../tf/backend';

export type Normaliser = (scores: tf.Tensor, mask: tf.Tensor) => tf.Tensor;

/** A normaliser with a display name (what the widgets and the training loop carry around). */
export interface NamedNormaliser {
  /** Short id used in deltas and tables, e.g. "softmax", "softpick". */
  id: string;
  normalise: Normaliser;
}

/** Large negative stand-in for −∞ on masked scores (finite, so 0·it stays 0 and gradients stay finite). */
export const MASKED_SCORE = -1e9;

/** Replaces masked scores by MASKED_SCORE: x·mask + (mask − 1)·1e9. */
export function fillMasked(scores: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  return tf.add(tf.mul(scores, mask), tf.mul(tf.sub(mask, 1), -MASKED_SCORE));
}

/**
 * Softmax over the last axis with masked keys excluded. A row with every key masked returns all
 * zeros (the final multiplication by the mask), never NaN.
 */
export const softmaxNormaliser: Normaliser = (scores, mask) => tf.mul(tf.softmax(fillMasked(scores, mask)), mask);

export const SOFTMAX: NamedNormaliser = { id: 'softmax', normalise: softmaxNormaliser };

/** Lower-triangular causal mask [1, 1, T, T] (query t may read keys 0..t). */
export function causalMask(t: number): tf.Tensor4D {
  const m = new Float32Array(t * t);
  for (let q = 0; q < t; q++) for (let k = 0; k <= q; k++) m[q * t + k] = 1;
  return tf.tensor4d(m, [1, 1, t, t]);
}
