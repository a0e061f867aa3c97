/**
 * The claim of the trained toy at a fixed seed (wasm backend in Node), plus the tensor count.
 * Calibration at the default settings (300 steps, n_train = 16, seed 1), attention on the max item
 * softmax → adaptive: 0.36 → 0.54 at n = 64, 0.030 → 0.072 at n = 1024, 0.008 → 0.010 at n = 4096;
 * accuracy at n = 16 0.96 for both, at n = 64 0.79 → 0.87.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { drain } from '../labs/tf/memory';
import { sizeRun } from './adaptive-temperature-run';
import { sizeVerdict } from './adaptive-temperature-claim';
import { SIZE_RUN } from './adaptive-temperature-config';

beforeAll(async () => {
  await initTf('wasm');
});

describe('train at 16, test up to 4096 (seed 1, default settings)', () => {
  it('adaptive temperature lifts attention on the max item at large n without hurting n = 16; no tensors left', async () => {
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const out = await drain(sizeRun({ nTrain: 16, steps: 300, fixedBeta: 2 }, 1));
    const seconds = (performance.now() - t0) / 1000;
    expect(tf.memory().numTensors).toBe(before);
    const last = out.at(-1)!;
    expect(last.step).toBe(last.total);
    expect(last.info?.backend).toBe('wasm');
    const losses = out.filter((m) => m.delta.trainLoss !== undefined).map((m) => m.delta.trainLoss!);
    expect(losses.at(-1)!).toBeLessThan(0.35); // learned (chance-level loss is ln 4 = 1.39)
    const evals = out.flatMap((m) => (m.delta.eval ? [m.delta.eval] : []));
    expect(evals.map((e) => e.n)).toEqual([...SIZE_RUN.evalSizes]);
    const v = sizeVerdict(evals, 16);
    expect(v.holds).toBe(true);
    expect(v.ratios.map((r) => r.n)).toEqual([64, 128, 256, 512, 1024]);
    const at = (n: number) => evals.find((e) => e.n === n)!;
    // Dispersion: plain softmax attention on the max item drops by far more than 10× from 16 to 4096.
    expect(at(4096).variants[0].attnOnMax).toBeLessThan(at(16).variants[0].attnOnMax / 30);
    // Adaptive accuracy at n = 64 is at least plain accuracy (it was +0.08 in calibration).
    expect(at(64).variants[1].accuracy).toBeGreaterThanOrEqual(at(64).variants[0].accuracy);
    // Entropy excludes nothing here (full sets) and cannot exceed ln n.
    for (const e of evals) expect(e.variants[0].entropy).toBeLessThanOrEqual(Math.log(e.n) + 1e-6);
    // At n = 4096 the softmax entropy is near the end of the rule's range: β falls back towards 1.
    expect(at(4096).betaMean).toBeLessThan(at(1024).betaMean);
    console.log(`adaptive-temperature size run, 300 steps + 9 sizes: ${seconds.toFixed(1)} s (wasm, Node)`);
  }, 120_000);

  it('the verdict needs both the attention ratio and the accuracy at n_train', () => {
    const ev = (n: number, a0: number, a1: number, acc0 = 0.9, acc1 = 0.9) => ({ n, sets: 10, betaMean: 2, betaMin: 1, betaMax: 2.4, variants: [{ accuracy: acc0, attnOnMax: a0, entropy: 1 }, { accuracy: acc1, attnOnMax: a1, entropy: 1 }, { accuracy: acc0, attnOnMax: a0, entropy: 1 }] });
    expect(sizeVerdict([ev(16, 0.7, 0.7), ev(64, 0.3, 0.45), ev(1024, 0.03, 0.05)], 16).holds).toBe(true);
    expect(sizeVerdict([ev(16, 0.7, 0.7), ev(64, 0.3, 0.35), ev(1024, 0.03, 0.05)], 16).holds).toBe(false); // ratio 1.17
    expect(sizeVerdict([ev(16, 0.7, 0.7, 0.9, 0.85), ev(64, 0.3, 0.45)], 16).holds).toBe(false); // −0.05 at n_train
    expect(sizeVerdict([ev(16, 0.7, 0.7), ev(2048, 0.01, 0.03)], 16).holds).toBe(false); // nothing in 64..1024
  });
});
