import { it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { createRng } from '../core/rng';
import { oneHot, subset } from '../labs/classifier/datasets';
import { createSpikingMlp, initMlpWeights, predictClasses, trainStep } from '../labs/classifier/spiking-mlp';
import { snnData, gridPoints } from './snn-soft-reset-mpr-data';

it('profile', async () => {
  const be = await initTf((process.env.BE as 'wasm' | 'cpu') ?? 'wasm');
  const { train, test } = snnData(1);
  const w = initMlpWeights(createRng(1).fork('init'), [2, 8, 8, 3]);
  for (const reset of ['hard', 'soft'] as const) {
    const m = createSpikingMlp(w, { steps: 4, reset, mprK: null });
    const opt = tf.train.adam(0.01);
    const b = subset(train, Array.from({ length: 64 }, (_, i) => i * 9));
    const x = tf.tensor2d(b.xs, [64, 2]);
    const y = tf.tensor2d(oneHot(b.labels, 3), [64, 3]);
    for (let i = 0; i < 20; i++) trainStep(m, opt, x, y);
    let t0 = performance.now();
    for (let i = 0; i < 100; i++) trainStep(m, opt, x, y);
    const step = (performance.now() - t0) / 100;
    t0 = performance.now();
    for (let i = 0; i < 100; i++) tf.tidy(() => m.logits(x));
    const fwd = (performance.now() - t0) / 100;
    const ev = new Float32Array(test.xs.length + gridPoints().length);
    t0 = performance.now();
    for (let i = 0; i < 10; i++) predictClasses(m, ev);
    const pred = (performance.now() - t0) / 10;
    const tx = tf.tensor2d(test.xs, [900, 2]);
    t0 = performance.now();
    for (let i = 0; i < 10; i++) m.firingRates(tx);
    const fr = (performance.now() - t0) / 10;
    console.log(`${be} ${reset}: step ${step.toFixed(2)} ms, fwd ${fwd.toFixed(2)} ms, predict2500 ${pred.toFixed(2)} ms, rates ${fr.toFixed(2)} ms`);
  }
}, 600000);
