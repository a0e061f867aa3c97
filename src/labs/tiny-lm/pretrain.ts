/**
 * Pretraining of the tiny LM on corpus spec v1: Adam, linear warm-up then cosine decay, packed
 * 64-token windows from the seeded stream, one-hot embedding lookups (the table is trained).
 * Used by `scripts/pretrain.mjs` (Node, tfjs-wasm); deterministic for a given seed and setting.
 */
import { createRng } from '../../core/rng';
import type { Progress } from '../../core/progress';
import { tf } from '../tf/backend';
import { createStream } from './corpus';
import { nextTokenLoss } from './lm-ops';
import { TINY_LM_CONFIG, createTinyLm, disposeTinyLm, initTinyLm, readTinyLm, type TinyLm, type TinyLmWeights } from './model';

export interface PretrainSetting {
  seed: number;
  steps: number;
  batch: number;
  /** Window length (≤ context). */
  seqLen: number;
  peakLr: number;
  warmup: number;
  /** Final learning rate as a fraction of the peak. */
  minLrFrac: number;
  /** Held-out windows for the loss reported in the manifest. */
  heldoutWindows: number;
}

export const PRETRAIN_V1: Readonly<PretrainSetting> = { seed: 20261128, steps: 2400, batch: 16, seqLen: 64, peakLr: 4e-3, warmup: 60, minLrFrac: 0.1, heldoutWindows: 64 };

/** Learning rate at step t (0-based): linear warm-up, then cosine down to minLrFrac · peak. */
export function lrAt(t: number, s: PretrainSetting): number {
  if (t < s.warmup) return (s.peakLr * (t + 1)) / s.warmup;
  const u = (t - s.warmup) / Math.max(1, s.steps - s.warmup);
  return s.peakLr * (s.minLrFrac + (1 - s.minLrFrac) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, u))));
}

/** Held-out windows: documents from a stream fork the training stream never reads. */
export function heldoutWindows(s: PretrainSetting): Int32Array[] {
  const stream = createStream(createRng(s.seed).fork('heldout-text'));
  return Array.from({ length: s.heldoutWindows }, () => stream.nextWindow(s.seqLen));
}

/** Mean next-token loss of `windows` (batched by 16, forward only). */
export function meanLoss(m: TinyLm, windows: readonly Int32Array[]): number {
  let sum = 0;
  for (let i = 0; i < windows.length; i += 16) {
    const rows = windows.slice(i, i + 16);
    const w = rows[0].length;
    const flat = new Int32Array(rows.length * w);
    rows.forEach((r, j) => flat.set(r, j * w));
    sum += tf.tidy(() => nextTokenLoss(m, tf.tensor2d(flat, [rows.length, w], 'int32')).dataSync()[0]) * rows.length;
  }
  return sum / windows.length;
}

export interface PretrainDelta {
  step: number;
  lr: number;
  loss: number;
  heldout?: number;
}

/**
 * Trains from the seed; yields a progress message every `every` steps (with the held-out loss at the
 * end). `onDone` receives the final weights before the model is freed.
 */
export async function* pretrain(s: PretrainSetting, onDone: (w: TinyLmWeights, heldout: number, trainLoss: number) => void, every = 25): AsyncGenerator<Progress<PretrainDelta>, void, void> {
  const rng = createRng(s.seed);
  const model = createTinyLm(initTinyLm(rng.fork('init')), TINY_LM_CONFIG, true);
  const stream = createStream(rng.fork('train-text'));
  const opt = tf.train.adam(s.peakLr, 0.9, 0.98, 1e-8);
  const held = heldoutWindows(s);
  let ema = NaN;
  try {
    for (let t = 0; t < s.steps; t++) {
      const lr = lrAt(t, s);
      (opt as unknown as { learningRate: number }).learningRate = lr;
      const flat = new Int32Array(s.batch * (s.seqLen + 1));
      for (let b = 0; b < s.batch; b++) flat.set(stream.nextWindow(s.seqLen), b * (s.seqLen + 1));
      const loss = tf.tidy(() => {
        const win = tf.tensor2d(flat, [s.batch, s.seqLen + 1], 'int32');
        const l = opt.minimize(() => nextTokenLoss(model, win, { oneHotEmbedding: true }), true) as tf.Scalar;
        return l.dataSync()[0];
      });
      if (!Number.isFinite(loss)) throw new Error(`pretraining diverged at step ${t}`);
      ema = Number.isNaN(ema) ? loss : 0.95 * ema + 0.05 * loss;
      if ((t + 1) % every === 0 && t + 1 < s.steps) yield { step: t + 1, total: s.steps, delta: { step: t + 1, lr, loss: ema }, info: { numTensors: tf.memory().numTensors } };
    }
    const heldout = meanLoss(model, held);
    onDone(readTinyLm(model), heldout, ema);
    yield { step: s.steps, total: s.steps, delta: { step: s.steps, lr: lrAt(s.steps - 1, s), loss: ema, heldout }, info: { numTensors: tf.memory().numTensors } };
  } finally {
    disposeTinyLm(model);
    opt.dispose();
  }
}
