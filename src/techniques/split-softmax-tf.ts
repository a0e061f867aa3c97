/**
 * Split-softmax as a tiny-LM `attentionHook`: after the causal softmax, every query row of every
 * head moves its system-prompt share π to π^γ, scaling the system keys by π^γ/π and all other keys
 * by (1 − π^γ)/(1 − π). Rows with π ≈ 0 (no system key visible) or π ≈ 1 are left alone.
 * Inference only (comparisons inside would have no gradient). Call inside `tf.tidy` (as `forward` is).
 */
import { tf } from '../labs/tf/backend';

/** Rows closer than this to 0 or 1 are left unchanged (guards both divisions). */
export const SPLIT_EPS = 1e-6;

/**
 * `sysMask` is [B, T] (1 on system-prompt keys of each row, 0 elsewhere, T = the padded length);
 * `layers` lists the layers the reweighting applies to.
 */
export function splitSoftmaxHook(sysMask: Float32Array, batch: number, len: number, gamma: number, layers: readonly number[]): (layer: number, probs: tf.Tensor4D) => tf.Tensor4D {
  if (sysMask.length !== batch * len) throw new Error(`mask of ${sysMask.length} entries for a [${batch}, ${len}] batch`);
  return (layer, probs) => {
    if (gamma === 1 || !layers.includes(layer)) return probs;
    const m = tf.tensor4d(sysMask, [batch, 1, 1, len]);
    const pi = tf.sum(tf.mul(probs, m), -1, true);
    const valid = tf.logicalAnd(tf.greater(pi, SPLIT_EPS), tf.less(pi, 1 - SPLIT_EPS));
    const safe = tf.clipByValue(pi, SPLIT_EPS, 1 - SPLIT_EPS);
    const p2 = tf.pow(safe, gamma);
    const inS = tf.div(p2, safe);
    const out = tf.div(tf.sub(1, p2), tf.sub(1, safe));
    const scale = tf.add(tf.mul(m, inS), tf.mul(tf.sub(1, m), out));
    return tf.where(tf.broadcastTo(valid, probs.shape), tf.mul(probs, scale), probs) as tf.Tensor4D;
  };
}
