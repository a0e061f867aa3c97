import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { drain, tensorsLeaked } from '../labs/tf/memory';
import { zLoss } from './z-loss';
import { TOPK_SETTING, topKClaim, topKData } from './z-loss-setting';
import { zLossTf, zLossTopKRace } from './z-loss-train';

// wasm runs in Node and is several times faster than cpu for these MLPs (LABS.md §7.8).
beforeAll(async () => {
  await initTf('wasm');
});

const ROWS = [
  [2.0, 1.2, 0.3, -0.4, -1.5],
  [0, 1, 0, 1, 0],
  [10, -10, 3, 3, 0],
];
const TARGETS = [1, 4, 2];

describe('Z-loss in tfjs', () => {
  it('matches the float64 loss and gradient (mean over the batch)', () => {
    const a = 2;
    const b = 1.5;
    const expected = ROWS.reduce((s, o, i) => s + zLoss(o, TARGETS[i], a, b).value, 0) / ROWS.length;
    const { value, grad } = tf.tidy(() => {
      const x = tf.tensor2d(ROWS);
      const y = tf.cast(tf.oneHot(tf.tensor1d(TARGETS, 'int32'), 5), 'float32') as tf.Tensor2D;
      const f = (l: tf.Tensor) => zLossTf(l as tf.Tensor2D, y, a, b, 0);
      return { value: f(x).dataSync()[0], grad: tf.grad(f)(x).arraySync() as number[][] };
    });
    expect(value).toBeCloseTo(expected, 5);
    ROWS.forEach((o, i) => {
      const g = zLoss(o, TARGETS[i], a, b).grad!;
      g.forEach((gk, k) => expect(grad[i][k]).toBeCloseTo(gk / ROWS.length, 5));
    });
  });

  it('stays finite on all-equal scores thanks to the ε guard (z = 0 there)', () => {
    const { value, gradOk } = tf.tidy(() => {
      const x = tf.zeros([2, 4]) as tf.Tensor2D;
      const y = tf.tensor2d([1, 0, 0, 0, 0, 0, 1, 0], [2, 4]);
      const f = (l: tf.Tensor) => zLossTf(l as tf.Tensor2D, y, 1, 1);
      const g = tf.grad(f)(x).dataSync();
      return { value: f(x).dataSync()[0], gradOk: g.every((v) => Number.isFinite(v)) };
    });
    expect(value).toBeCloseTo(Math.log1p(Math.E), 5); // softplus(a·b)/a with a = b = 1
    expect(gradOk).toBe(true);
  });
});

describe('top-k race', () => {
  it('shares data centres between training and test, and draws them from the seed', () => {
    const d = topKData({ classes: 20, blobStd: 1 }, 1);
    expect(d.train.size).toBe(20 * TOPK_SETTING.trainPerClass);
    expect(d.test.size).toBe(20 * TOPK_SETTING.testPerClass);
    for (const c of d.centres) expect(Math.abs(c)).toBeLessThanOrEqual(TOPK_SETTING.extent);
    expect(topKData({ classes: 20, blobStd: 1 }, 1).test.xs).toEqual(d.test.xs);
    expect(topKData({ classes: 20, blobStd: 1 }, 2).centres).not.toEqual(d.centres);
  });

  it('claim at seed 1 (defaults): Z-loss matches cross-entropy on top-3/top-5 within 2 points, far from chance', async () => {
    const t0 = performance.now();
    const out = await drain(zLossTopKRace({ classes: 20, blobStd: 1, a: 1, b: 1 }, 1, 'wasm'));
    const ms = performance.now() - t0;
    // Same initial weights: identical scores at step 0.
    expect(out[0].delta.z.topk).toEqual(out[0].delta.ce.topk);
    const last = out.at(-1)!.delta;
    expect(last.step).toBe(TOPK_SETTING.steps);
    const c = topKClaim(last, true);
    console.info(`z-loss race (K = 20, seed 1, ${out.at(-1)!.info?.backend}): ${ms.toFixed(0)} ms; ` + c.errors.map((e) => `top-${e.k} CE ${e.ce} Z ${e.z}`).join(', '));
    expect(c.holds).toBe(true);
    // Both learned a lot: chance top-1/top-5 errors are 0.95 and 0.75.
    for (const m of [last.ce, last.z]) {
      expect(m.topk[0]).toBeLessThan(0.7);
      expect(m.topk[4]).toBeLessThan(0.15);
    }
    // Size of the effect: within 2 points on top-3 and top-5 in either direction (parity, not a win).
    for (const e of c.errors.filter((e) => e.k > 1)) expect(Math.abs(e.z - e.ce)).toBeLessThan(0.02);
  });

  it('leaves no tensors behind and repeats its numbers for the same seed', async () => {
    const runs: number[][] = [];
    const leaked = await tensorsLeaked(async () => {
      const out = await drain(zLossTopKRace({ classes: 10, blobStd: 1.5, a: 5, b: 2 }, 3, 'wasm', 60));
      runs.push(out.at(-1)!.delta.z.topk);
    });
    expect(leaked).toBe(0);
    expect(runs[1]).toEqual(runs[0]);
  });
});
