/**
 * The claim of the trained toy at a fixed seed (wasm backend: about 10× faster than cpu in Node).
 * Expected sizes come from our calibration runs at the default settings (seed 1: softmax sparsity
 * 0.19, softpick 0.86; both accuracies 1.0; sink rate 50% for both; softpick's no-op rows sum to
 * about 0.3 on average, softmax's to 1).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { drain } from '../labs/tf/memory';
import { softpickRace } from './softpick-race';
import { raceVerdict } from './softpick-claim';

beforeAll(async () => {
  await initTf('wasm');
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('softpick vs softmax on the marker task (seed 1, default settings)', () => {
  it('softpick is much sparser, as accurate, no more sink-prone, and its no-op rows sum to less than one', async () => {
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const out = await drain(softpickRace({ steps: 120, length: 12, markerProb: 0.7, seeds: 1 }, 1));
    const seconds = (performance.now() - t0) / 1000;
    expect(tf.memory().numTensors).toBe(before);
    const last = out.at(-1)!;
    expect(last.step).toBe(120);
    expect(last.info?.backend).toBe('wasm');
    const [sm, sp] = last.delta.eval!;
    expect(raceVerdict([[sm, sp]]).holds).toBe(true);
    expect(sp.sparsity - sm.sparsity).toBeGreaterThan(0.4);
    expect(Math.min(sm.accuracy, sp.accuracy)).toBeGreaterThan(0.98);
    expect(sp.sinkRate).toBeLessThanOrEqual(sm.sinkRate);
    // The lesson's claim check says that at the default seed both end with one sink head of two.
    expect([sm.sinkRate, sp.sinkRate]).toEqual([0.5, 0.5]);
    expect(mean(sm.noOpRowSum)).toBeCloseTo(1, 4);
    expect(mean(sp.noOpRowSum)).toBeLessThan(0.8);
    // No massive activations at toy scale: both kurtoses stay near the Gaussian value 3.
    expect(Math.max(sm.kurtosis, sp.kurtosis)).toBeLessThan(5);
    console.log(`softpick race, 120 steps × 2 models: ${seconds.toFixed(1)} s (wasm, Node)`);
  });

  it('the verdict checks sparsity gap, accuracy and sink rate together', () => {
    const base = { accuracy: 1, loss: 0, bosMass: [0, 0], sparsity: 0.2, noOpBos: [0, 0], noOpRowSum: [1, 1], retrieveBos: [0, 0], retrieveRowSum: [1, 1], kurtosis: 3, maxAbsHidden: 1, sinkRate: 0.5 };
    expect(raceVerdict([[base, { ...base, sparsity: 0.5, sinkRate: 0 }]])).toEqual({ holds: true, zeroSinkSeeds: 1 });
    expect(raceVerdict([[base, { ...base, sparsity: 0.3 }]]).holds).toBe(false); // gap 0.1 < 0.2
    expect(raceVerdict([[base, { ...base, sparsity: 0.5, sinkRate: 1 }]]).holds).toBe(false); // more sinks
    expect(raceVerdict([[base, { ...base, sparsity: 0.5, accuracy: 0.5 }]]).holds).toBe(false); // failed to learn
    expect(raceVerdict([]).holds).toBe(false);
  });
});
