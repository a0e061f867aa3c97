/**
 * Small spiking MLPs in tfjs for the classifier lab (LABS.md §3): layers of integrate-and-fire
 * neurons run for T time steps and trained through a straight-through estimator.
 *
 * - Direct encoding: the real-valued input x feeds the same current W1·x + b1 at every step.
 * - Hidden layer at step t: u ← λ·u + I_t; spike s = 1[u > 0.5]; then either hard reset
 *   u ← u·(1 - s) (back to 0) or soft reset u ← u - s (subtract the spike amount 1). The next
 *   layer's current is W·s + b. The reset path keeps its gradient (it is not detached).
 * - Readout: the last layer is linear and averaged over the T steps; by linearity that equals
 *   W_out·(mean spikes) + b_out, which is what is computed.
 * - Backward pass of the spike (`spikeOp`): ∂s/∂u = 1[0 ≤ u ≤ 1], times φ'_k(u) when the membrane
 *   potential rectifier (MPR) with steepness k is on. The forward spike is the same either way,
 *   because φ_k is monotone and φ_k(0.5) = 0.5.
 *
 * A `SpikingStack` holds M such networks ("members") of the same shape, each with its own reset
 * mode and MPR setting, and trains them in lockstep on the same batches. All member parameters sit
 * in one [M, P] variable, so one batched forward pass and one Adam update serve every member; Adam
 * is elementwise, so this is exactly M separate Adam runs, at a fraction of tfjs's per-op cost.
 */
// tfjs comes through labs/tf/backend, which registers the backends and the gradients once.
import { tf } from '../tf/backend';
import type { Rng } from '../../core/rng';
import { glorotUniform } from '../tf/init';

export type ResetMode = 'hard' | 'soft';

export interface SpikingMember {
  reset: ResetMode;
  /** MPR steepness k for the surrogate gradient; null = plain straight-through window. */
  mprK: number | null;
}

export interface SpikingStackOptions {
  /** Time steps T. */
  steps: number;
  members: SpikingMember[];
  /** Membrane leak λ (1 = integrate-and-fire, no leak). */
  leak?: number;
}

/** Plain weights of one network, so members can start from exactly the same numbers. W is [fanIn, fanOut]. */
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

/** Packs weights into one flat row: W0, b0, W1, b1, ... (W row-major). */
export function packWeights(wts: MlpWeights): Float32Array {
  const parts = wts.w.flatMap((w, l) => [w, wts.b[l]]);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** MPR slope factor k / (2 tanh(k/2)); 1 without MPR. */
function mprGain(k: number | null): number {
  return k === null || k === 0 ? 1 : k / (2 * Math.tanh(k / 2));
}

/**
 * The spike with its surrogate gradient, for u of shape [M, n, units]. Forward: 1[u > 0.5].
 * Backward: dy · 1[0 ≤ u ≤ 1] · g_m (1 - tanh²(k_m (u - 0.5))), with k_m = 0 and g_m = 1 for
 * members without MPR (a flat window) and g_m = k_m/(2 tanh(k_m/2)) for members with it.
 */
export function spikeOp(ks: (number | null)[]): (u: tf.Tensor) => tf.Tensor {
  const m = ks.length;
  const anyMpr = ks.some((k) => k !== null && k !== 0);
  const kCol = ks.map((k) => k ?? 0);
  const gCol = ks.map(mprGain);
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const u = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([u]);
    return {
      value: tf.cast(tf.greater(u, 0.5), 'float32'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const x = saved[0];
        const open = tf.cast(tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1)), 'float32');
        if (!anyMpr) return tf.mul(dy, open);
        const k = tf.tensor3d(kCol, [m, 1, 1]);
        const g = tf.tensor3d(gCol, [m, 1, 1]);
        const th = tf.tanh(tf.mul(tf.sub(x, 0.5), k));
        return tf.mul(dy, tf.mul(open, tf.mul(tf.sub(1, tf.square(th)), g)));
      },
    };
  }) as (u: tf.Tensor) => tf.Tensor;
}

export interface SpikingStack {
  readonly options: SpikingStackOptions;
  readonly sizes: number[];
  /** All parameters, [members, P]. */
  readonly params: tf.Variable;
  /** Class scores [M, n, classes] for inputs [n, in]. Call inside tf.tidy. */
  logits(x: tf.Tensor2D): tf.Tensor3D;
  /** Mean cross-entropy of each member, [M], against one-hot targets [n, classes]. Call inside tf.tidy. */
  losses(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D;
  /** One optimiser step for every member on the same batch; returns each member's loss before the step. */
  trainStep(optimizer: tf.Optimizer, x: tf.Tensor2D, y: tf.Tensor2D): number[];
  /**
   * Predicted class of each point (flat [x0, y0, x1, y1, ...]) for every member, and each hidden
   * layer's mean firing rate (spikes per neuron per step) over the first `rateRows` points.
   */
  evaluate(xs: Float32Array, rateRows: number): { pred: Int32Array[]; rates: number[][] };
  dispose(): void;
}

/** Builds M members; `init` is one set of weights shared by all, or one per member. */
export function createSpikingStack(init: MlpWeights | MlpWeights[], options: SpikingStackOptions): SpikingStack {
  const m = options.members.length;
  const inits = Array.isArray(init) ? init : options.members.map(() => init);
  if (inits.length !== m) throw new Error(`need ${m} weight sets, got ${inits.length}`);
  const sizes = inits[0].sizes;
  const rows = inits.map(packWeights);
  const width = rows[0].length;
  const flat = new Float32Array(m * width);
  rows.forEach((r, i) => flat.set(r, i * width));
  const params = tf.tidy(() => tf.variable(tf.tensor2d(flat, [m, width])));

  const spike = spikeOp(options.members.map((o) => o.mprK));
  const leak = options.leak ?? 1;
  const layers = sizes.length - 1;
  const hidden = layers - 1;
  // 1 for hard-reset members (subtract s·u), 0 for soft ones (subtract s·1): u - s·(h·u + (1 - h)).
  const hardCol = options.members.map((o) => (o.reset === 'hard' ? 1 : 0));
  const allSoft = hardCol.every((h) => h === 0);
  const allHard = hardCol.every((h) => h === 1);
  // Constant masks for a mixed stack, made once: [M, 1, 1] of h and of 1 - h.
  const masks = allSoft || allHard ? null : tf.tidy(() => [tf.tensor3d(hardCol, [m, 1, 1]), tf.tensor3d(hardCol.map((h) => 1 - h), [m, 1, 1])]);

  /** Slices the [M, P] parameters into per-layer W [M, in, out] and b [M, 1, out]. */
  function unpack(): { W: tf.Tensor3D[]; B: tf.Tensor3D[] } {
    const W: tf.Tensor3D[] = [];
    const B: tf.Tensor3D[] = [];
    let o = 0;
    for (let l = 0; l < layers; l++) {
      const [i, j] = [sizes[l], sizes[l + 1]];
      W.push(tf.reshape(tf.slice(params, [0, o], [m, i * j]), [m, i, j]));
      o += i * j;
      B.push(tf.reshape(tf.slice(params, [0, o], [m, j]), [m, 1, j]));
      o += j;
    }
    return { W, B };
  }

  function reset(uPre: tf.Tensor, s: tf.Tensor): tf.Tensor {
    if (!masks) return allSoft ? tf.sub(uPre, s) : tf.sub(uPre, tf.mul(s, uPre));
    return tf.sub(uPre, tf.mul(s, tf.add(tf.mul(uPre, masks[0]), masks[1])));
  }

  /** The forward pass; spike counts of every hidden layer are kept only if asked. */
  function run(x: tf.Tensor2D, allCounts: boolean): { out: tf.Tensor3D; counts: tf.Tensor[] } {
    const n = x.shape[0];
    const { W, B } = unpack();
    const xs = tf.tile(tf.expandDims(x, 0), [m, 1, 1]) as tf.Tensor3D;
    const first = tf.add(tf.matMul(xs, W[0]), B[0]); // the same current at every step
    const u: tf.Tensor[] = [];
    const counts: tf.Tensor[] = [];
    for (let l = 0; l < hidden; l++) {
      u.push(tf.zeros([m, n, sizes[l + 1]]));
      counts.push(tf.zeros([m, n, sizes[l + 1]]));
    }
    for (let t = 0; t < options.steps; t++) {
      let current: tf.Tensor = first;
      for (let l = 0; l < hidden; l++) {
        if (l > 0) current = tf.add(tf.matMul(current as tf.Tensor3D, W[l]), B[l]);
        const uPre = leak === 1 ? tf.add(u[l], current) : tf.add(tf.mul(u[l], leak), current);
        const s = spike(uPre);
        u[l] = reset(uPre, s);
        if (allCounts || l === hidden - 1) counts[l] = tf.add(counts[l], s);
        current = s;
      }
    }
    const meanSpikes = tf.div(counts[hidden - 1], options.steps) as tf.Tensor3D;
    const out = tf.add(tf.matMul(meanSpikes, W[hidden]), B[hidden]) as tf.Tensor3D;
    return { out, counts };
  }

  function losses(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
    const logp = tf.logSoftmax(run(x, false).out); // [M, n, k]
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, y), 2), 1)) as tf.Tensor1D;
  }

  return {
    options,
    sizes,
    params,
    logits: (x) => run(x, false).out,
    losses,
    trainStep(optimizer, x, y) {
      let perMember: tf.Tensor | null = null;
      const total = tf.tidy(() =>
        optimizer.minimize(
          () => {
            const l = losses(x, y);
            perMember = tf.keep(l.clone());
            return tf.sum(l) as tf.Scalar;
          },
          true,
          [params],
        ) as tf.Scalar,
      );
      total.dispose();
      const kept = perMember as tf.Tensor | null;
      const out = kept ? Array.from(kept.dataSync()) : options.members.map(() => NaN);
      kept?.dispose();
      return out;
    },
    evaluate(xsFlat, rateRows) {
      const n = xsFlat.length / sizes[0];
      const [pred, rateT] = tf.tidy(() => {
        const { out, counts } = run(tf.tensor2d(xsFlat, [n, sizes[0]]), true);
        const rate = tf.stack(counts.map((c) => tf.mean(tf.slice(c, [0, 0, 0], [m, Math.max(1, Math.min(rateRows, n)), -1]), [1, 2])), 1);
        return [tf.argMax(out, 2), tf.div(rate, options.steps)];
      });
      const p = pred.dataSync() as Int32Array;
      const r = rateT.dataSync();
      tf.dispose([pred, rateT]);
      return {
        pred: options.members.map((_, i) => Int32Array.from(p.subarray(i * n, (i + 1) * n))),
        rates: options.members.map((_, i) => Array.from(r.subarray(i * hidden, (i + 1) * hidden))),
      };
    },
    dispose() {
      params.dispose();
      if (masks) tf.dispose(masks);
    },
  };
}
