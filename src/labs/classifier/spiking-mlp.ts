/**
 * A small spiking MLP in tfjs for the classifier lab (LABS.md §3): layers of integrate-and-fire
 * neurons run for T time steps, trained through a straight-through estimator.
 *
 * - Direct encoding: the real-valued input x feeds the same current W1·x + b1 at every step.
 * - Hidden layer l at step t: u ← λ·u + I_t; spike s = 1[u > 0.5]; reset: hard u ← u·(1 - s)
 *   (back to 0) or soft u ← u - s (subtract the spike amount 1). The next layer's current is
 *   W·s + b. The reset path keeps its gradient (it is not detached).
 * - Readout: the last layer is linear and is averaged over the T steps; by linearity that is
 *   W_out·(mean spikes) + b_out, which is what we compute.
 * - Backward pass of the spike (`spikeOp`): ∂s/∂u = 1[0 ≤ u ≤ 1], times φ'_k(u) when the membrane
 *   potential rectifier (MPR) with steepness k is on. The forward spike is the same either way,
 *   because φ_k is monotone and φ_k(0.5) = 0.5.
 *
 * All functions that return tensors expect to run inside a `tf.tidy` of the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Rng } from '../../core/rng';
import { glorotUniform } from '../tf/init';

export type ResetMode = 'hard' | 'soft';

export interface SpikingMlpOptions {
  /** Time steps T. */
  steps: number;
  reset: ResetMode;
  /** MPR steepness k for the surrogate gradient; null = plain straight-through window. */
  mprK: number | null;
  /** Membrane leak λ (1 = integrate-and-fire, no leak). */
  leak?: number;
}

/** Plain weights, so two models can start from exactly the same numbers. W is [fanIn, fanOut]. */
export interface MlpWeights {
  sizes: number[];
  w: Float32Array[];
  b: Float32Array[];
}

/** Glorot-uniform weights from our RNG, zero biases. sizes = [input, hidden..., classes]. */
export function initMlpWeights(rng: Rng, sizes: number[]): MlpWeights {
  const w: Float32Array[] = [];
  const b: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    w.push(glorotUniform(rng, sizes[l], sizes[l + 1]));
    b.push(new Float32Array(sizes[l + 1]));
  }
  return { sizes: [...sizes], w, b };
}

/**
 * The spike nonlinearity with its surrogate gradient. Forward: 1[u > 0.5]. Backward: dy times
 * 1[0 ≤ u ≤ 1], and times φ'_k(u) = k/(2 tanh(k/2)) · (1 - tanh²(k(u - 0.5))) when `mprK` is set.
 */
export function spikeOp(mprK: number | null): (u: tf.Tensor) => tf.Tensor {
  const gain = mprK === null ? 1 : mprK / (2 * Math.tanh(mprK / 2));
  return tf.customGrad((u: tf.Tensor, save: tf.GradSaveFunc) => {
    save([u]);
    return {
      value: tf.cast(tf.greater(u, 0.5), 'float32'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const x = saved[0];
        const open = tf.cast(tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1)), 'float32');
        if (mprK === null) return tf.mul(dy, open);
        const th = tf.tanh(tf.mul(tf.sub(x, 0.5), mprK));
        const slope = tf.mul(tf.sub(1, tf.square(th)), gain);
        return tf.mul(dy, tf.mul(open, slope));
      },
    };
  }) as (u: tf.Tensor) => tf.Tensor;
}

export interface SpikingMlp {
  readonly options: SpikingMlpOptions;
  readonly variables: tf.Variable[];
  /** Class scores [n, classes] for inputs [n, 2]: the time-averaged readout. */
  logits(x: tf.Tensor2D): tf.Tensor2D;
  /** Mean firing rate of each hidden layer (spikes per neuron per step) on x, for readouts. */
  firingRates(x: tf.Tensor2D): number[];
  dispose(): void;
}

export function createSpikingMlp(weights: MlpWeights, options: SpikingMlpOptions): SpikingMlp {
  const { sizes } = weights;
  const variables: tf.Variable[] = [];
  const W: tf.Variable[] = [];
  const B: tf.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    W.push(tf.tidy(() => tf.variable(tf.tensor2d(weights.w[l], [sizes[l], sizes[l + 1]]))));
    B.push(tf.tidy(() => tf.variable(tf.tensor1d(weights.b[l]))));
    variables.push(W[l], B[l]);
  }
  const spike = spikeOp(options.mprK);
  const leak = options.leak ?? 1;
  const hiddenLayers = sizes.length - 2;

  /** Runs the network; returns the readout and, if asked, the summed spikes of each hidden layer. */
  function run(x: tf.Tensor2D, keepCounts: boolean): { out: tf.Tensor2D; counts: tf.Tensor[] } {
    const n = x.shape[0];
    const first = tf.add(tf.matMul(x, W[0]), B[0]); // the same current at every step
    const u: tf.Tensor[] = [];
    const counts: tf.Tensor[] = [];
    for (let l = 0; l < hiddenLayers; l++) {
      u.push(tf.zeros([n, sizes[l + 1]]));
      counts.push(tf.zeros([n, sizes[l + 1]]));
    }
    for (let t = 0; t < options.steps; t++) {
      let current: tf.Tensor = first;
      for (let l = 0; l < hiddenLayers; l++) {
        if (l > 0) current = tf.add(tf.matMul(current as tf.Tensor2D, W[l]), B[l]);
        const uPre = leak === 1 ? tf.add(u[l], current) : tf.add(tf.mul(u[l], leak), current);
        const s = spike(uPre);
        u[l] = options.reset === 'soft' ? tf.sub(uPre, s) : tf.sub(uPre, tf.mul(uPre, s));
        if (keepCounts || l === hiddenLayers - 1) counts[l] = tf.add(counts[l], s);
        current = s;
      }
    }
    const last = hiddenLayers;
    const meanSpikes = tf.div(counts[last - 1], options.steps) as tf.Tensor2D;
    const out = tf.add(tf.matMul(meanSpikes, W[last]), B[last]) as tf.Tensor2D;
    return { out, counts: keepCounts ? counts : [] };
  }

  return {
    options,
    variables,
    logits: (x) => run(x, false).out,
    firingRates(x) {
      const sums = tf.tidy(() => run(x, true).counts.map((c) => tf.mean(c)));
      const rates = sums.map((s) => s.dataSync()[0] / options.steps);
      tf.dispose(sums);
      return rates;
    },
    dispose() {
      tf.dispose(variables);
    },
  };
}

/** Mean softmax cross-entropy of logits [n, k] against one-hot targets [n, k]. */
export function crossEntropy(logits: tf.Tensor2D, oneHotTargets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHotTargets, tf.logSoftmax(logits)), 1)));
}

/** One optimiser step on a batch; returns the loss before the step (a plain number). */
export function trainStep(model: SpikingMlp, optimizer: tf.Optimizer, x: tf.Tensor2D, y: tf.Tensor2D): number {
  const loss = tf.tidy(() => optimizer.minimize(() => crossEntropy(model.logits(x), y), true, model.variables));
  const v = loss ? loss.dataSync()[0] : NaN;
  loss?.dispose();
  return v;
}

/** Predicted class of each point of a flat [x0, y0, x1, y1, ...] array. */
export function predictClasses(model: SpikingMlp, xs: Float32Array): Int32Array {
  const n = xs.length / 2;
  const pred = tf.tidy(() => tf.argMax(model.logits(tf.tensor2d(xs, [n, 2])), 1));
  const out = Int32Array.from(pred.dataSync());
  pred.dispose();
  return out;
}
