import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { initTf, tf } from '../tf/backend';
import { tensorsLeaked } from '../tf/memory';
import type { Dataset2D } from './datasets';
import {
  createMlp,
  createSgd,
  disposeData,
  disposeMlp,
  disposeOptimizer,
  evaluate,
  forward,
  initWeights,
  objective,
  readWeights,
  toTensors,
  trainStep,
  type MlpWeights,
} from './mlp';

beforeAll(async () => {
  await initTf('cpu');
});

// A 2→2→2 network small enough to compute by hand.
const tiny: MlpWeights = {
  sizes: [2, 2, 2],
  kernels: [Float32Array.from([1, -1, 0.5, 2]), Float32Array.from([1, 0, -1, 1])],
  biases: [Float32Array.from([0, -1]), Float32Array.from([0.5, 0])],
};
const data: Dataset2D = { xs: Float32Array.from([1, 2, -1, 0.5]), labels: Int32Array.from([0, 1]), numClasses: 2, size: 2 };

/** Plain-JS reference: logits of a ReLU MLP with row-major kernels. */
function jsLogits(w: MlpWeights, x: number[]): number[] {
  let h = x;
  for (let l = 0; l < w.kernels.length; l++) {
    const out = Array.from(w.biases[l]);
    for (let j = 0; j < out.length; j++) for (let i = 0; i < h.length; i++) out[j] += h[i] * w.kernels[l][i * out.length + j];
    h = l < w.kernels.length - 1 ? out.map((v) => Math.max(0, v)) : out;
  }
  return h;
}

describe('forward and loss', () => {
  it('computes logits like the hand calculation', () => {
    // x = (1, 2): hidden = relu(1·1 + 2·0.5 + 0, 1·(−1) + 2·2 − 1) = (2, 2); logits = (2 − 2 + 0.5, 0 + 2) = (0.5, 2).
    expect(jsLogits(tiny, [1, 2])).toEqual([0.5, 2]);
    const m = createMlp(tiny);
    const out = tf.tidy(() => forward(m, tf.tensor2d(data.xs, [2, 2])).arraySync());
    expect(out[0][0]).toBeCloseTo(0.5, 6);
    expect(out[0][1]).toBeCloseTo(2, 6);
    const ref = jsLogits(tiny, [-1, 0.5]);
    expect(out[1][0]).toBeCloseTo(ref[0], 6);
    expect(out[1][1]).toBeCloseTo(ref[1], 6);
    disposeMlp(m);
  });

  it('adds l2·Σ‖W‖² over kernels only to the mean cross-entropy', () => {
    const m = createMlp(tiny);
    const t = toTensors(data);
    const [ce, withL2] = tf.tidy(() => [objective(m, t.x, t.y, 0).arraySync(), objective(m, t.x, t.y, 0.1).arraySync()]) as number[];
    // Cross-entropy by log-sum-exp on the JS logits.
    const nll = [0, 1].map((i) => {
      const z = jsLogits(tiny, [data.xs[2 * i], data.xs[2 * i + 1]]);
      const lse = Math.log(Math.exp(z[0]) + Math.exp(z[1]));
      return lse - z[data.labels[i]];
    });
    expect(ce).toBeCloseTo((nll[0] + nll[1]) / 2, 5);
    // Σ‖W‖² = (1 + 1 + 0.25 + 4) + (1 + 0 + 1 + 1) = 9.25; biases excluded.
    expect(withL2 - ce).toBeCloseTo(0.925, 5);
    disposeData(t);
    disposeMlp(m);
  });
});

describe('training step', () => {
  it('matches the analytic gradient of softmax regression with decay on the kernel only', () => {
    // One linear layer 2→2: dL/dW = xᵀ(p − y)/n + 2·l2·W, dL/db = mean(p − y).
    const w: MlpWeights = { sizes: [2, 2], kernels: [Float32Array.from([0.3, -0.2, 0.1, 0.4])], biases: [Float32Array.from([0.05, -0.05])] };
    const lr = 0.5;
    const l2 = 0.01;
    const gW = [0, 0, 0, 0];
    const gb = [0, 0];
    for (let i = 0; i < 2; i++) {
      const x = [data.xs[2 * i], data.xs[2 * i + 1]];
      const z = [0, 1].map((j) => w.biases[0][j] + x[0] * w.kernels[0][j] + x[1] * w.kernels[0][2 + j]);
      const e = z.map(Math.exp);
      const p = e.map((v) => v / (e[0] + e[1]));
      const d = p.map((v, j) => (v - (data.labels[i] === j ? 1 : 0)) / 2);
      for (let a = 0; a < 2; a++) for (let j = 0; j < 2; j++) gW[a * 2 + j] += x[a] * d[j];
      gb[0] += d[0];
      gb[1] += d[1];
    }
    const expectW = Array.from(w.kernels[0], (v, k) => v - lr * (gW[k] + 2 * l2 * v));
    const expectB = Array.from(w.biases[0], (v, k) => v - lr * gb[k]);

    const m = createMlp(w);
    // First momentum step: the buffer starts at zero, so it equals a plain SGD step.
    const opt = createSgd(0.123, 0.9);
    trainStep(m, opt, data, [0, 1], { learningRate: lr, l2 });
    const after = readWeights(m);
    after.kernels[0].forEach((v, k) => expect(v).toBeCloseTo(expectW[k], 5));
    after.biases[0].forEach((v, k) => expect(v).toBeCloseTo(expectB[k], 5));

    // setLearningRate is honoured: at rate 0 a momentum step changes nothing.
    trainStep(m, opt, data, [0, 1], { learningRate: 0, l2 });
    readWeights(m).kernels[0].forEach((v, k) => expect(v).toBe(after.kernels[0][k]));
    disposeOptimizer(opt);
    disposeMlp(m);
  });

  it('returns the batch objective when asked', () => {
    const m = createMlp(tiny);
    const opt = createSgd(0.1, 0);
    const t = toTensors(data);
    const before = tf.tidy(() => objective(m, t.x, t.y, 0.01).arraySync() as number);
    expect(trainStep(m, opt, data, [0, 1], { l2: 0.01, returnLoss: true })).toBeCloseTo(before, 5);
    expect(Number.isNaN(trainStep(m, opt, data, [0, 1], { l2: 0.01 }))).toBe(true);
    disposeData(t);
    disposeOptimizer(opt);
    disposeMlp(m);
  });
});

describe('evaluate', () => {
  it('counts correct argmax predictions', () => {
    // Point 0 has logits (0.5, 2) → class 1 but label 0: wrong. Point 1: see jsLogits.
    const z1 = jsLogits(tiny, [-1, 0.5]);
    const expected = ((z1[1] > z1[0] ? 1 : 0) + 0) / 2;
    const m = createMlp(tiny);
    const t = toTensors(data);
    expect(evaluate(m, t).accuracy).toBe(expected);
    disposeData(t);
    disposeMlp(m);
  });
});

describe('initialisation and memory', () => {
  it('draws the same weights from the same seed, He-normal scale', () => {
    const a = initWeights(createRng(3).fork('init'), [2, 32, 32, 4]);
    const b = initWeights(createRng(3).fork('init'), [2, 32, 32, 4]);
    expect(a.kernels[1]).toEqual(b.kernels[1]);
    // He-normal: variance 2/fanIn = 1/16 for the 32→32 layer (1024 draws, loose bound).
    const v = a.kernels[1].reduce((s, x) => s + x * x, 0) / a.kernels[1].length;
    expect(v).toBeGreaterThan(0.05);
    expect(v).toBeLessThan(0.075);
    expect(Array.from(a.biases[0])).toEqual(new Array(32).fill(0));
  });

  it('leaks no tensors over create, train, evaluate, dispose', async () => {
    const leaked = await tensorsLeaked(() => {
      const m = createMlp(initWeights(createRng(1), [2, 8, 2]));
      const opt = createSgd(0.1, 0.9);
      const t = toTensors(data);
      for (let i = 0; i < 3; i++) trainStep(m, opt, data, [0, 1], { learningRate: 0.1 / (i + 1), l2: 5e-4, returnLoss: i === 0 });
      evaluate(m, t);
      disposeData(t);
      disposeOptimizer(opt);
      disposeMlp(m);
    });
    expect(leaked).toBe(0);
  });
});
