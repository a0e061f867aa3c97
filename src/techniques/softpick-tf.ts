/**
 * Softpick as an attention-lab `Normaliser` in tfjs (the formula and the stable form are explained
 * in `softpick.ts`). A custom gradient implements the paper's derivative directly:
 *   ∂L/∂x_j = g_j·1[u_j>0]·v_j / S − mask_j·sign(u_j)·v_j·(Σ_i g_i r_i) / S²
 * with v = e^{x−m}, u = v − e^{−m}, r = ReLU(u), S = Σ mask·|u| + ε and m = max(0, row max)
 * held constant (the output does not depend on m, apart from where ε sits). Writing the gradient
 * by hand also avoids differentiating through max and comparisons, which tfjs cannot always do
 * (LABS.md §7.3), and it is cheaper than the autodiff graph.
 */
import { tf } from '../labs/tf/backend';
import { fillMasked, type NamedNormaliser, type Normaliser } from '../labs/attention/normaliser';
import { SOFTPICK_EPS } from './softpick';

export const softpickNormaliser: Normaliser = (scores, mask) => {
  const fn = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const xm = fillMasked(x, mask);
    const m = tf.relu(tf.max(xm, -1, true)); // max(0, row max): e^{−m} ≤ 1
    const v = tf.mul(tf.exp(tf.sub(xm, m)), mask);
    const u = tf.mul(tf.sub(v, tf.exp(tf.neg(m))), mask);
    const r = tf.relu(u);
    const s = tf.add(tf.sum(tf.abs(u), -1, true), SOFTPICK_EPS);
    const out = tf.div(r, s);
    save([v, u, r, s]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [vS, uS, rS, sS] = saved;
        const gr = tf.sum(tf.mul(dy, rS), -1, true);
        const direct = tf.div(tf.mul(tf.mul(dy, tf.step(uS)), vS), sS);
        const viaSum = tf.div(tf.mul(tf.mul(tf.sign(uS), vS), gr), tf.square(sS));
        // u is 0 at masked keys, so step(u) and sign(u) already zero their gradient.
        return tf.sub(direct, viaSum);
      },
    };
  });
  return fn(scores);
};

export const SOFTPICK: NamedNormaliser = { id: 'softpick', normalise: softpickNormaliser };
