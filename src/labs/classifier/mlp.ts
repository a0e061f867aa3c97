/**
 * A small fully connected classifier in tfjs-core for the classifier lab (LABS.md §3).
 *
 * Design choices shared by every lesson that trains one of these:
 * - Initial weights come from our seeded RNG (`labs/tf/init.ts`), never `tf.random*`, and are kept
 *   as plain arrays (`MlpWeights`) so two runs can start from exactly the same network.
 * - The loss is the mean softmax cross-entropy plus an optional L2 penalty `l2 · Σ‖W‖²` on the
 *   kernels only (no biases), the convention of Lasagne's `regularize_layer_params(…, l2)`.
 * - Training uses tfjs's SGD-with-momentum optimiser; the learning rate may change every batch
 *   through `setLearningRate` (assigning `.learningRate` is silently ignored, LABS.md §7.4).
 * - `trainStep`, `toTensors` and `evaluate` take the lab's 2-D data sets (`Dataset2D`); `forward`
 *   and `objective` work on any input width.
 * - Every synchronous step runs inside `tf.tidy`; `disposeMlp` frees a network and
 *   `disposeOptimizer` an optimiser (working around a tfjs leak). A leak test sits beside this file.
 */
// tfjs comes through labs/tf/backend, which registers the backends and the gradients once.
import { tf } from '../tf/backend';
import type { Rng } from '../../core/rng';
import { glorotUniform, heNormal } from '../tf/init';
import { oneHot, subset, type Dataset2D } from './datasets';

export type Activation = 'relu' | 'tanh';
export type InitScheme = 'he' | 'glorot';

/** Plain-array weights: layer l has a kernel [sizes[l], sizes[l+1]] (row-major) and a bias. */
export interface MlpWeights {
  sizes: number[];
  kernels: Float32Array[];
  biases: Float32Array[];
}

/** A live network: tfjs variables plus its shape. Free it with `disposeMlp`. */
export interface Mlp {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly kernels: tf.Variable[];
  readonly biases: tf.Variable[];
}

/** Draws initial weights: kernels He-normal or Glorot-uniform, biases zero. */
export function initWeights(rng: Rng, sizes: readonly number[], init: InitScheme = 'he'): MlpWeights {
  if (sizes.length < 2) throw new Error('an MLP needs at least an input and an output size');
  const draw = init === 'he' ? heNormal : glorotUniform;
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    kernels.push(draw(rng, sizes[l], sizes[l + 1]));
    biases.push(new Float32Array(sizes[l + 1]));
  }
  return { sizes: [...sizes], kernels, biases };
}

/** Builds tfjs variables holding a copy of `w` (the arrays are not shared). */
export function createMlp(w: MlpWeights, activation: Activation = 'relu'): Mlp {
  const kernels: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let l = 0; l < w.kernels.length; l++) {
    // tf.variable shares the initial tensor's storage; the temporary tensor itself is released.
    kernels.push(tf.tidy(() => tf.variable(tf.tensor2d(w.kernels[l], [w.sizes[l], w.sizes[l + 1]]), true)));
    biases.push(tf.tidy(() => tf.variable(tf.tensor1d(w.biases[l]), true)));
  }
  return { sizes: [...w.sizes], activation, kernels, biases };
}

/** Reads the current weights back into plain arrays (a snapshot). */
export function readWeights(m: Mlp): MlpWeights {
  return {
    sizes: [...m.sizes],
    kernels: m.kernels.map((k) => k.dataSync().slice() as Float32Array),
    biases: m.biases.map((b) => b.dataSync().slice() as Float32Array),
  };
}

/** Frees the network's variables. */
export function disposeMlp(m: Mlp): void {
  for (const v of [...m.kernels, ...m.biases]) v.dispose();
}

/** The trainable variables, in the order kernels then biases. */
export function trainableVars(m: Mlp): tf.Variable[] {
  return [...m.kernels, ...m.biases];
}

/** Logits for a batch of inputs [n, sizes[0]] → [n, sizes[last]]. Call inside tf.tidy. */
export function forward(m: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  const last = m.kernels.length - 1;
  for (let l = 0; l <= last; l++) {
    h = tf.add(tf.matMul(h, m.kernels[l]), m.biases[l]);
    if (l < last) h = m.activation === 'relu' ? tf.relu(h) : tf.tanh(h);
  }
  return h;
}

/** Mean softmax cross-entropy of logits against one-hot targets. Call inside tf.tidy. */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1)));
}

/** Σ‖W‖² over the kernels only (biases are not decayed). Call inside tf.tidy. */
export function kernelSquaredNorm(m: Mlp): tf.Scalar {
  return tf.addN(m.kernels.map((k) => tf.sum(tf.square(k)))) as tf.Scalar;
}

/** Training objective: cross-entropy + l2 · Σ‖W‖². Call inside tf.tidy. */
export function objective(m: Mlp, x: tf.Tensor2D, targets: tf.Tensor2D, l2: number): tf.Scalar {
  const ce = crossEntropy(forward(m, x), targets);
  return l2 > 0 ? tf.add(ce, tf.mul(l2, kernelSquaredNorm(m))) : ce;
}

/**
 * SGD (momentum 0) or SGD with classical momentum in tfjs's form: buffer ← μ·buffer + g,
 * w ← w − η·buffer. Change η per batch with `opt.setLearningRate(η)`. Dispose when done.
 */
export function createSgd(learningRate: number, momentum = 0.9): tf.SGDOptimizer {
  return momentum > 0 ? tf.train.momentum(learningRate, momentum) : tf.train.sgd(learningRate);
}

/**
 * Frees an optimiser made by `createSgd`. tfjs 4.22's momentum optimiser forgets to free the
 * learning-rate scalar it inherits from SGD, so that one is released here explicitly.
 */
export function disposeOptimizer(opt: tf.SGDOptimizer): void {
  opt.dispose();
  if (opt instanceof tf.MomentumOptimizer) tf.SGDOptimizer.prototype.dispose.call(opt);
}

/** Data held as tensors for repeated use (e.g. full-batch evaluation). Free with `disposeData`. */
export interface TensorData {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  labels: tf.Tensor1D;
  size: number;
}

export function toTensors(d: Dataset2D): TensorData {
  return {
    x: tf.tensor2d(d.xs, [d.size, 2]),
    y: tf.tensor2d(oneHot(d.labels, d.numClasses), [d.size, d.numClasses]),
    labels: tf.tensor1d(d.labels, 'int32'),
    size: d.size,
  };
}

export function disposeData(t: TensorData): void {
  t.x.dispose();
  t.y.dispose();
  t.labels.dispose();
}

export interface StepOptions {
  /** Learning rate for this step; set on the optimiser before the update. */
  learningRate?: number;
  /** L2 coefficient on kernels (0 = none). */
  l2?: number;
  /** Also return the batch objective (costs one read-back). */
  returnLoss?: boolean;
}

/**
 * One optimiser step on the rows `idx` of a 2-D data set. Returns the batch objective if asked,
 * else NaN. Everything it allocates is freed before it returns.
 *
 * The L2 term is not put on the autodiff tape: its gradient 2·l2·W is added to each kernel's
 * gradient directly, which gives the same update as differentiating `objective` but halves the
 * cost of a step for these small networks (measured with tfjs-wasm).
 */
export function trainStep(m: Mlp, opt: tf.SGDOptimizer, data: Dataset2D, idx: ArrayLike<number>, o: StepOptions = {}): number {
  if (o.learningRate !== undefined) opt.setLearningRate(o.learningRate);
  const batch = subset(data, idx);
  const l2 = o.l2 ?? 0;
  return tf.tidy(() => {
    const x = tf.tensor2d(batch.xs, [batch.size, 2]);
    const y = tf.tensor2d(oneHot(batch.labels, batch.numClasses), [batch.size, batch.numClasses]);
    const { value, grads } = tf.variableGrads(() => crossEntropy(forward(m, x), y), trainableVars(m));
    if (l2 > 0) for (const k of m.kernels) grads[k.name] = tf.add(grads[k.name], tf.mul(k, 2 * l2));
    let loss = NaN;
    if (o.returnLoss === true) loss = value.dataSync()[0] + (l2 > 0 ? l2 * kernelSquaredNorm(m).dataSync()[0] : 0);
    opt.applyGradients(grads);
    return loss;
  });
}

export interface Evaluation {
  /** Mean cross-entropy (without the L2 term). */
  loss: number;
  accuracy: number;
}

/** Full-batch loss and accuracy on a data set held as tensors. */
export function evaluate(m: Mlp, t: TensorData): Evaluation {
  const out = tf.tidy(() => {
    const logits = forward(m, t.x);
    const loss = crossEntropy(logits, t.y);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), t.labels), 'float32'));
    return tf.stack([loss, correct]);
  });
  const [loss, correct] = out.dataSync();
  out.dispose();
  return { loss, accuracy: correct / t.size };
}
