/**
 * Adaptive temperature and a fixed inverse temperature as attention-lab normalisers (tfjs), for
 * swapping into a trained model at inference time. Same rule as `adaptiveSoftmax` in
 * adaptive-temperature.ts: entropy of the plain softmax over readable keys → β → softmax(β·scores).
 * Call inside tf.tidy.
 */
import { tf } from '../labs/tf/backend';
import { fillMasked, softmaxNormaliser, type NamedNormaliser, type Normaliser } from '../labs/attention/normaliser';
import { ADAPTIVE_RULE, type AdaptiveRule } from './adaptive-temperature';

/** Per-row β [..., queries, 1] from the entropy of softmax(scores) over readable keys. */
export function betaTensor(scores: tf.Tensor, mask: tf.Tensor, rule: AdaptiveRule = ADAPTIVE_RULE): tf.Tensor {
  const p = softmaxNormaliser(scores, mask); // masked entries are exactly 0 and add 0 to H
  const h = tf.neg(tf.sum(tf.mul(p, tf.log(tf.add(p, rule.logEps))), -1, true));
  let poly: tf.Tensor = tf.scalar(0);
  for (const c of rule.coeffs) poly = tf.add(tf.mul(poly, h), c);
  return tf.where(tf.greater(h, rule.threshold), tf.maximum(poly, 1), tf.onesLike(h));
}

export function adaptiveNormaliser(rule: AdaptiveRule = ADAPTIVE_RULE): Normaliser {
  return (scores, mask) => tf.mul(tf.softmax(tf.mul(fillMasked(scores, mask), betaTensor(scores, mask, rule))), mask);
}

/** softmax(β·scores) with one constant β for every row. */
export function fixedBetaNormaliser(beta: number): Normaliser {
  return (scores, mask) => tf.mul(tf.softmax(tf.mul(fillMasked(scores, mask), beta)), mask);
}

export const ADAPTIVE: NamedNormaliser = { id: 'adaptive', normalise: adaptiveNormaliser() };
