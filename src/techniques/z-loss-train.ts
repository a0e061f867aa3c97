/**
 * The top-k race of the Z-loss lesson: two copies of one MLP trained on many overlapping blobs
 * from the same initial weights, on the same mini-batches in the same order, with the same Adam
 * settings. One minimises softmax cross-entropy, the other the Z-loss. Every few steps both are
 * scored on a held-out set by top-k error, the ranking metric the paper targets.
 */
import { createRng } from '../core/rng';
import { oneHot, subset } from '../labs/classifier/datasets';
import { createMlp, crossEntropy, disposeMlp, forward, initWeights, trainableVars, type Mlp } from '../labs/classifier/mlp';
import { initTf, tf, type BackendName } from '../labs/tf/backend';
import { topKErrors } from './z-loss';
import { TOPK_SETTING, topKData, type ModelMetrics, type TopKParams, type TopKProgress } from './z-loss-setting';

/**
 * Mean Z-loss of a batch of scores [n, D] against one-hot targets, in tfjs (call inside tf.tidy).
 * σ is the population standard deviation, guarded by ε inside the square root (the gradient of
 * √v is infinite at v = 0).
 */
export function zLossTf(logits: tf.Tensor2D, targets: tf.Tensor2D, a: number, b: number, eps: number = TOPK_SETTING.eps): tf.Scalar {
  const centred = tf.sub(logits, tf.mean(logits, 1, true));
  const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 1), eps));
  const zc = tf.div(tf.sum(tf.mul(centred, targets), 1), std);
  return tf.div(tf.mean(tf.softplus(tf.mul(a, tf.sub(b, zc)))), a);
}

/** Test top-k errors (k = 1 … maxK) of one model on flat inputs [n, 2]. */
function testTopK(m: Mlp, x: tf.Tensor2D, labels: Int32Array, classes: number): number[] {
  const scores = tf.tidy(() => forward(m, x));
  const s = scores.dataSync();
  scores.dispose();
  return topKErrors(s, labels, classes, Array.from({ length: TOPK_SETTING.maxK }, (_, i) => i + 1));
}

/**
 * Trains both models and yields their test top-k errors every `evalEvery` steps (and at step 0).
 * `steps` is fixed in the widget; tests may shorten it.
 */
export async function* zLossTopKRace(
  p: TopKParams,
  seed: number,
  prefer: BackendName = 'wasm',
  steps: number = TOPK_SETTING.steps,
): AsyncGenerator<TopKProgress, void, void> {
  const backend = await initTf(prefer);
  const S = TOPK_SETTING;
  const K = p.classes;
  const { train, test } = topKData(p, seed);
  const rng = createRng(seed);
  const w0 = initWeights(rng.fork('init'), [2, S.hidden, S.hidden, K], 'he');
  const order = rng.fork('batches');

  const models = { ce: createMlp(w0), z: createMlp(w0) };
  const lossOf = {
    ce: (logits: tf.Tensor2D, y: tf.Tensor2D) => crossEntropy(logits, y),
    z: (logits: tf.Tensor2D, y: tf.Tensor2D) => zLossTf(logits, y, p.a, p.b),
  };
  // One Adam over both networks' variables: Adam works elementwise and both networks step
  // together, so this is exactly two separate Adams, at half the per-step overhead.
  const opt: tf.Optimizer = tf.train.adam(S.lr);
  const vars = [...trainableVars(models.ce), ...trainableVars(models.z)];
  const testX = tf.tensor2d(test.xs, [test.size, 2]);
  const trainX = tf.tensor2d(train.xs, [train.size, 2]);
  const trainY = tf.tensor2d(oneHot(train.labels, K), [train.size, K]);

  /** Each network's own loss on the whole training set, and its test top-k errors. */
  const metrics = (name: 'ce' | 'z', trained: boolean): ModelMetrics => {
    const t = tf.tidy(() => lossOf[name](forward(models[name], trainX), trainY));
    const loss = t.dataSync()[0];
    t.dispose();
    return { loss: trained ? loss : null, topk: testTopK(models[name], testX, test.labels, K) };
  };
  const report = (step: number): TopKProgress => ({
    step,
    total: steps,
    delta: { step, ce: metrics('ce', step > 0), z: metrics('z', step > 0) },
    info: { backend, numTensors: tf.memory().numTensors },
  });

  try {
    yield report(0);
    let perm = order.permutation(train.size);
    let pos = 0;
    for (let step = 1; step <= steps; step++) {
      // Whole batches only: a new permutation when fewer than a batch of points remain.
      if (pos + S.batch > train.size) {
        perm = order.permutation(train.size);
        pos = 0;
      }
      const batch = subset(train, perm.subarray(pos, pos + S.batch));
      pos += S.batch;
      tf.tidy(() => {
        const x = tf.tensor2d(batch.xs, [batch.size, 2]);
        const y = tf.tensor2d(oneHot(batch.labels, K), [batch.size, K]);
        // The two losses touch disjoint variables, so the gradient of their sum is each one's own.
        const { grads } = tf.variableGrads(() => tf.add(lossOf.ce(forward(models.ce, x), y), lossOf.z(forward(models.z, x), y)), vars);
        opt.applyGradients(grads);
      });
      if (step % S.evalEvery === 0 || step === steps) yield report(step);
    }
  } finally {
    disposeMlp(models.ce);
    disposeMlp(models.z);
    opt.dispose();
    tf.dispose([testX, trainX, trainY]);
  }
}
