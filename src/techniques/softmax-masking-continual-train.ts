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
import { initWeights } from '../labs/classifier/mlp';
import { createMlpStack, disposeMlpStack, forwardStack, logitsOfStack, stackVars, type MlpStack } from '../labs/classifier/mlp-stack';
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
 * Masked cross-entropy: `keep` (bool, same shape as the logits) marks the logits that stay, `fill`
 * holds the replacement for the others (m or −∞), `target` (bool) the label. Logits are [n, K], or
 * [C, n, K] for C stacked copies; returns each copy's mean over its n rows ([C], or [1] for 2-D).
 * The label is picked with `where` rather than a one-hot product, so a −∞ entry never meets a 0.
 * Call inside tf.tidy.
 */
export function maskedCrossEntropyTf(logits: tf.Tensor2D | tf.Tensor3D, keep: tf.Tensor, fill: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  const z = tf.where(keep, logits, fill);
  const logp = tf.logSoftmax(z, -1);
  const picked = tf.where(target, logp, tf.zerosLike(logp));
  const rows = logits.shape[logits.rank - 2];
  const perCopy = logits.rank === 3 ? tf.sum(picked, [1, 2]) : tf.reshape(tf.sum(picked), [1]);
  return tf.neg(tf.div(perCopy, rows)) as tf.Tensor1D;
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

/**
 * One Adam step of all variants together (one stacked network, see labs/classifier/mlp-stack.ts):
 * the same inputs for every copy, each copy with its own masks. Returns each variant's batch loss.
 */
function trainStep(stack: MlpStack, opt: tf.Optimizer, xs: Float32Array, labels: number[], incoming: number, task: number, m: number): number[] {
  const k = CL_SETTING.classes;
  const n = labels.length;
  const c = VARIANTS.length;
  const keepA = new Uint8Array(c * n * k);
  const fillA = new Float32Array(c * n * k);
  const targetA = new Uint8Array(c * n * k);
  VARIANTS.forEach((mode, v) => {
    const r = batchMasks(mode, m, labels, incoming, task);
    keepA.set(r.keep, v * n * k);
    fillA.set(r.fill, v * n * k);
    targetA.set(r.target, v * n * k);
  });
  let losses: tf.Tensor1D | null = null;
  tf.tidy(() => {
    const x = tf.tensor2d(xs, [n, 2]);
    const keep = tf.tensor3d(keepA, [c, n, k], 'bool');
    const fill = tf.tensor3d(fillA, [c, n, k]);
    const target = tf.tensor3d(targetA, [c, n, k], 'bool');
    const { grads } = tf.variableGrads(() => {
      const perCopy = maskedCrossEntropyTf(forwardStack(stack, x), keep, fill, target);
      losses = tf.keep(perCopy); // read after the step; freed below
      return tf.sum(perCopy);
    }, stackVars(stack));
    opt.applyGradients(grads);
  });
  const out = Array.from((losses as tf.Tensor1D | null)!.dataSync());
  (losses as tf.Tensor1D | null)!.dispose();
  return out;
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
  const stack = createMlpStack(w0, VARIANTS.length);
  const opt = tf.train.adam(CL_SETTING.learningRate);
  const lossSum = VARIANTS.map(() => 0);
  let lossCount = 0;

  const report = (step: number, task: number, withRegions: boolean): ClProgress => {
    const evals = {} as Record<MaskMode, VariantEval>;
    const regions = {} as Record<MaskMode, Uint8Array>;
    const testLogits = logitsOfStack(stack, test.xs);
    const gridLogits = withRegions ? logitsOfStack(stack, grid) : [];
    VARIANTS.forEach((mode, v) => {
      evals[mode] = { acc: scoreTasks(testLogits[v], test.labels, task), loss: lossCount > 0 ? lossSum[v] / lossCount : null };
      lossSum[v] = 0;
      if (withRegions) regions[mode] = argmaxSeen(gridLogits[v], CL_SETTING.perTask * (task + 1));
    });
    lossCount = 0;
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
      trainStep(stack, opt, xs, labels, incoming.length, task, p.m).forEach((l, v) => (lossSum[v] += l));
      lossCount++;
      const step = s + 1;
      const endOfTask = step === total || schedule[step].task !== task;
      if (endOfTask || step % CL_SETTING.evalEvery === 0) yield report(step, task, endOfTask);
    }
  } finally {
    disposeMlpStack(stack);
    opt.dispose();
  }
}
