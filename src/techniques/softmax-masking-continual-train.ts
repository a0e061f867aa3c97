/**
 * The lesson's training run: three copies of one MLP learn three tasks in sequence with a small
 * reservoir replay memory. They start from the same weights and see the same incoming and replayed
 * samples in the same order; only the loss on the *incoming* (current-task) samples differs:
 *
 * - `full`: cross-entropy over every class seen so far (plain experience replay, ER);
 * - `maskInf`: only the current task's logits compete; the others are replaced by −∞;
 * - `maskM`: the others are replaced by a finite constant m (the paper's general masked softmax).
 *
 * Replayed samples always use cross-entropy over the seen classes. Classes of future tasks take no
 * part in the full softmax, replay or evaluation; for incoming samples of the masked variants they
 * are masked like the old classes. The mask is a replacement, `where(keep, logits, m)`, built from
 * constants, so masked logits receive exactly zero gradient.
 */
import { createRng } from '../core/rng';
import { createMlp, disposeMlp, forward, initWeights, trainableVars, type Mlp } from '../labs/classifier/mlp';
import { initTf, tf, type BackendName } from '../labs/tf/backend';
import { maskValue, type MaskMode } from './softmax-masking-continual';
import {
  CL_SETTING,
  VARIANTS,
  clConfig,
  clData,
  clSchedule,
  gridPoints,
  scoreTasks,
  type ClDelta,
  type ClParams,
  type ClProgress,
  type StepBatch,
  type VariantEval,
} from './softmax-masking-continual-setting';

/**
 * Mean masked cross-entropy over a batch: `keep` (bool [n, K]) marks the logits that stay, `fill`
 * ([n, K]) holds the replacement for the others (m or −∞), `target` (bool [n, K]) the label.
 * The label is picked with `where` rather than a one-hot product, so a −∞ entry never meets a 0.
 * Call inside tf.tidy.
 */
export function maskedCrossEntropyTf(logits: tf.Tensor2D, keep: tf.Tensor2D, fill: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const z = tf.where(keep, logits, fill);
  const logp = tf.logSoftmax(z);
  const picked = tf.where(target, logp, tf.zerosLike(logp));
  return tf.neg(tf.div(tf.sum(picked), logits.shape[0]));
}

/** Row masks as plain arrays: which logits each row keeps, and what the others become. */
export interface RowMasks {
  keep: Uint8Array;
  fill: Float32Array;
  target: Uint8Array;
}

/**
 * The masks of one training batch for one variant: incoming rows (current task) as the variant
 * says; replayed rows keep every seen class (−∞ elsewhere, i.e. future classes do not exist yet).
 */
export function batchMasks(mode: MaskMode, m: number, labels: ArrayLike<number>, incoming: number, task: number): RowMasks {
  const k = CL_SETTING.classes;
  const per = CL_SETTING.perTask;
  const n = labels.length;
  const keep = new Uint8Array(n * k);
  const fill = new Float32Array(n * k);
  const target = new Uint8Array(n * k);
  const seen = per * (task + 1);
  for (let r = 0; r < n; r++) {
    const isIncoming = r < incoming;
    const lo = isIncoming && mode !== 'full' ? per * task : 0;
    const value = isIncoming ? maskValue(mode, m) : -Infinity;
    for (let c = 0; c < k; c++) {
      keep[r * k + c] = c >= lo && c < seen ? 1 : 0;
      fill[r * k + c] = keep[r * k + c] ? 0 : value;
    }
    target[r * k + labels[r]] = 1;
  }
  return { keep, fill, target };
}

interface Learner {
  mode: MaskMode;
  model: Mlp;
  opt: tf.Optimizer;
  lossSum: number;
  lossCount: number;
}

/** One Adam step of one variant on one batch; returns the batch loss. */
function trainOn(l: Learner, xs: Float32Array, labels: number[], incoming: number, task: number, m: number): number {
  const k = CL_SETTING.classes;
  const n = labels.length;
  const masks = batchMasks(l.mode, m, labels, incoming, task);
  return tf.tidy(() => {
    const x = tf.tensor2d(xs, [n, 2]);
    const keep = tf.tensor2d(masks.keep, [n, k], 'bool');
    const fill = tf.tensor2d(masks.fill, [n, k]);
    const target = tf.tensor2d(masks.target, [n, k], 'bool');
    const { value, grads } = tf.variableGrads(() => maskedCrossEntropyTf(forward(l.model, x), keep, fill, target), trainableVars(l.model));
    l.opt.applyGradients(grads);
    return value.dataSync()[0];
  });
}

/** Logits of the model for flat 2-D points, read back as one array [n × K]. */
function logitsOf(model: Mlp, xs: Float32Array): Float32Array {
  const out = tf.tidy(() => forward(model, tf.tensor2d(xs, [xs.length / 2, 2])));
  const v = out.dataSync() as Float32Array;
  out.dispose();
  return v;
}

/** argmax over the first `seen` classes of each row. */
function argmaxSeen(logits: Float32Array, seen: number): Uint8Array {
  const k = CL_SETTING.classes;
  const n = logits.length / k;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < seen; c++) if (logits[i * k + c] > logits[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/**
 * Trains the three variants through the three tasks; yields test accuracy every
 * CL_SETTING.evalEvery steps (and at step 0), with decision regions at the end of each task.
 */
export async function* maskingRun(params: Partial<Record<keyof ClParams, unknown>>, seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<ClProgress, void, void> {
  const p = clConfig(params);
  const backend = await initTf(prefer);
  const { train, test } = clData(seed);
  const w0 = initWeights(createRng(seed).fork('init'), CL_SETTING.sizes, 'he');
  const schedule: StepBatch[] = clSchedule(train, p, seed);
  const total = schedule.length;
  const grid = gridPoints();
  const learners: Learner[] = VARIANTS.map((mode) => ({ mode, model: createMlp(w0), opt: tf.train.adam(CL_SETTING.learningRate), lossSum: 0, lossCount: 0 }));

  const report = (step: number, task: number, withRegions: boolean): ClProgress => {
    const evals = {} as Record<MaskMode, VariantEval>;
    const regions = {} as Record<MaskMode, Uint8Array>;
    for (const l of learners) {
      const acc = scoreTasks(logitsOf(l.model, test.xs), test.labels, task);
      evals[l.mode] = { acc, loss: l.lossCount > 0 ? l.lossSum / l.lossCount : null };
      l.lossSum = 0;
      l.lossCount = 0;
      if (withRegions) regions[l.mode] = argmaxSeen(logitsOf(l.model, grid), CL_SETTING.perTask * (task + 1));
    }
    const delta: ClDelta = { step, task, evals };
    if (withRegions) delta.regions = regions;
    return { step, total, delta, info: { backend, numTensors: tf.memory().numTensors } };
  };

  try {
    yield report(0, 0, false);
    for (let s = 0; s < total; s++) {
      const { task, incoming, replay } = schedule[s];
      const idx = [...incoming, ...replay];
      const xs = new Float32Array(2 * idx.length);
      const labels = idx.map((i, r) => {
        xs[2 * r] = train.xs[2 * i];
        xs[2 * r + 1] = train.xs[2 * i + 1];
        return train.labels[i];
      });
      for (const l of learners) {
        l.lossSum += trainOn(l, xs, labels, incoming.length, task, p.m);
        l.lossCount++;
      }
      const step = s + 1;
      const endOfTask = step === total || schedule[step].task !== task;
      if (endOfTask || step % CL_SETTING.evalEvery === 0) yield report(step, task, endOfTask);
    }
  } finally {
    for (const l of learners) {
      disposeMlp(l.model);
      l.opt.dispose();
    }
  }
}
