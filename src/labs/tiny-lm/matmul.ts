/**
 * Matrix products for the tiny LM that avoid tfjs-wasm's slow transposed path.
 *
 * Measured in Node 22 + tfjs 4.22 wasm (this machine, loaded): `matMul(a, b, false, true)` with
 * a = [2048, 64], b = [283, 64] takes ~150–210 ms, but `transpose(b)` then a plain `matMul` takes
 * ~25–30 ms; the transposed-A product in the backward pass is as slow. `mm` runs a plain product
 * forward and spells out both gradients with explicit transposes, so the backward pass never hits
 * the slow kernels either. Works for 2-D and batched 3-D operands of the same rank.
 */
import { tf } from '../tf/backend';

const tr = (x: tf.Tensor): tf.Tensor => (x.rank === 2 ? tf.transpose(x) : tf.transpose(x, [0, 2, 1]));

// customGrad's type packs inputs and `save` into one rest parameter; the function below is what it calls.
const product = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor;
      return [tf.matMul(g, tr(saved[1])), tf.matMul(tr(saved[0]), g)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** a · b (2-D, or 3-D batched with equal batch sizes), with transposes done explicitly in both passes. */
export function mm<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return product(a, b) as T;
}

/** a · bᵀ through an explicit transpose. */
export function mmT<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return mm(a, tr(b));
}
