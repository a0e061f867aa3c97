/**
 * SA-Softmax variants as attention-lab `Normaliser`s in tfjs (the formulas are in `sa-softmax.ts`).
 *
 * - Plain: w = z·softmax(z), plain autodiff (masked keys: softmax gives 0, so z·0 = 0).
 * - Normalised: w = f·s with f = (z − a)/(b − a + ε), a = min(z_min, 0), b = max(z_max, 0) over
 *   unmasked keys. Its gradient is written by hand (a custom gradient), because differentiating
 *   through min/max needs comparisons that tfjs cannot put on the tape (LABS.md §7.3), and because
 *   the "detached" reading needs a stop-gradient, which tfjs lacks (§7.2). With upstream gradient
 *   g, G_w = Σ g_i w_i and G_s = Σ g_i s_i (sums over the row):
 *     softmax part (f fixed):   s_j (g_j f_j − G_w)
 *     factor, detached:         g_j s_j / D
 *     factor, through:          g_j s_j / D − α_j G_s / D − (β_j − α_j) G_w / D
 *   with α = ∂a/∂z, β = ∂b/∂z: 1 at the arg-min (if z_min < 0) / arg-max (if z_max > 0), shared
 *   equally between ties, 0 elsewhere.
 */
import { tf } from '../labs/tf/backend';
import { fillMasked, softmaxNormaliser, type NamedNormaliser, type Normaliser } from '../labs/attention/normaliser';
import { SA_EPS } from './sa-softmax';

export const saPlainNormaliser: Normaliser = (scores, mask) => tf.mul(scores, softmaxNormaliser(scores, mask));

/** Indicator of the arg-max of x along the last axis where `active`, ties shared equally. A constant. */
function argIndicator(x: tf.Tensor, extreme: tf.Tensor, mask: tf.Tensor, active: tf.Tensor): tf.Tensor {
  const hit = tf.mul(tf.cast(tf.equal(x, extreme), 'float32'), mask);
  const count = tf.maximum(tf.sum(hit, -1, true), 1);
  return tf.mul(tf.div(hit, count), active);
}

export function saNormalisedNormaliser(through: boolean): Normaliser {
  return (scores, mask) => {
    const fn = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const z = args[0] as tf.Tensor;
      const save = args[1] as tf.GradSaveFunc;
      const s = tf.mul(tf.softmax(fillMasked(z, mask)), mask);
      const zMax = tf.max(fillMasked(z, mask), -1, true);
      // Masked keys → +1e9 for the minimum.
      const zMin = tf.min(tf.add(tf.mul(z, mask), tf.mul(tf.sub(1, mask), 1e9)), -1, true);
      const a = tf.minimum(zMin, 0);
      const b = tf.maximum(zMax, 0);
      const D = tf.add(tf.sub(b, a), SA_EPS);
      const f = tf.mul(tf.div(tf.sub(z, a), D), mask);
      const w = tf.mul(f, s);
      const alpha = argIndicator(z, zMin, mask, tf.cast(tf.less(zMin, 0), 'float32'));
      const beta = argIndicator(z, zMax, mask, tf.cast(tf.greater(zMax, 0), 'float32'));
      save([s, f, w, D, alpha, beta]);
      return {
        value: w,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sS, fS, wS, DS, al, be] = saved;
          const Gw = tf.sum(tf.mul(dy, wS), -1, true);
          const softPart = tf.mul(sS, tf.sub(tf.mul(dy, fS), Gw));
          let factor = tf.div(tf.mul(dy, sS), DS);
          if (through) {
            const Gs = tf.sum(tf.mul(dy, sS), -1, true);
            factor = tf.sub(factor, tf.div(tf.add(tf.mul(al, Gs), tf.mul(tf.sub(be, al), Gw)), DS));
          }
          return tf.add(softPart, factor);
        },
      };
    });
    return fn(scores);
  };
}

export const SA_PLAIN: NamedNormaliser = { id: 'sa-plain', normalise: saPlainNormaliser };
export const SA_NORM_DETACHED: NamedNormaliser = { id: 'sa-norm-detached', normalise: saNormalisedNormaliser(false) };
export const SA_NORM_THROUGH: NamedNormaliser = { id: 'sa-norm-through', normalise: saNormalisedNormaliser(true) };
