/**
 * Several copies of one small MLP trained side by side in a single tfjs computation (classifier
 * lab). Copy c has kernels W_l[c] and biases b_l[c], stored stacked as variables [C, in, out] and
 * [C, 1, out]; a forward pass is one batched matMul per layer. Because every copy's loss depends only
 * on its own slice, the gradient of the *sum* of the copies' losses with respect to a slice is that
 * copy's own gradient, and Adam (an element-wise optimiser) treats every slice independently: the
 * copies train exactly as separate networks would, but with one tape and one optimiser call per
 * step instead of C. For the 2-D toys (framework-overhead bound) that is roughly C times faster.
 */
import { tf } from '../tf/backend';
import type { MlpWeights } from './mlp';

export interface MlpStack {
  readonly copies: number;
  readonly sizes: readonly number[];
  readonly kernels: tf.Variable[];
  readonly biases: tf.Variable[];
}

/** `copies` identical copies of the network `w` (same start for every copy). */
export function createMlpStack(w: MlpWeights, copies: number): MlpStack {
  const kernels: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let l = 0; l < w.kernels.length; l++) {
    const fin = w.sizes[l];
    const fout = w.sizes[l + 1];
    const k = new Float32Array(copies * fin * fout);
    const b = new Float32Array(copies * fout);
    for (let c = 0; c < copies; c++) {
      k.set(w.kernels[l], c * fin * fout);
      b.set(w.biases[l], c * fout);
    }
    kernels.push(tf.tidy(() => tf.variable(tf.tensor3d(k, [copies, fin, fout]), true)));
    biases.push(tf.tidy(() => tf.variable(tf.tensor3d(b, [copies, 1, fout]), true)));
  }
  return { copies, sizes: [...w.sizes], kernels, biases };
}

export function stackVars(s: MlpStack): tf.Variable[] {
  return [...s.kernels, ...s.biases];
}

export function disposeMlpStack(s: MlpStack): void {
  for (const v of stackVars(s)) v.dispose();
}

/** Logits of every copy: x is [n, in] (shared) or [C, n, in] (per copy) → [C, n, out]. ReLU hidden layers. Call inside tf.tidy. */
export function forwardStack(s: MlpStack, x: tf.Tensor2D | tf.Tensor3D): tf.Tensor3D {
  let h: tf.Tensor3D = x.rank === 3 ? (x as tf.Tensor3D) : tf.tile(tf.expandDims(x, 0), [s.copies, 1, 1]);
  const last = s.kernels.length - 1;
  for (let l = 0; l <= last; l++) {
    h = tf.add(tf.matMul(h, s.kernels[l] as tf.Tensor3D), s.biases[l]);
    if (l < last) h = tf.relu(h);
  }
  return h;
}

/** Logits of every copy for flat 2-D points, read back as [C][n × out] arrays. */
export function logitsOfStack(s: MlpStack, xs: Float32Array): Float32Array[] {
  const n = xs.length / 2;
  const out = tf.tidy(() => forwardStack(s, tf.tensor2d(xs, [n, 2])));
  const flat = out.dataSync() as Float32Array;
  out.dispose();
  const per = flat.length / s.copies;
  return Array.from({ length: s.copies }, (_, c) => flat.slice(c * per, (c + 1) * per));
}
