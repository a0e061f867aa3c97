/**
 * The lesson's training race: two spiking MLPs (2→8→8→3) on 3-class spirals, one with hard reset
 * (the vanilla SNN) and one with soft reset (the paper's fix, optionally with MPR), starting from
 * the same initial weights and seeing the same batches in the same order. The async generator
 * yields test accuracy (and decision regions) every few steps; a Web Worker serves it to the
 * widget and Vitest drives it to the end.
 */
import { createRng, type Rng } from '../core/rng';
import type { Progress } from '../core/progress';
import { oneHot, subset } from '../labs/classifier/datasets';
import { createSpikingStack, initMlpWeights } from '../labs/classifier/spiking-mlp';
import { initTf, tf } from '../labs/tf/backend';
import { gridPoints, runConfig, snnData, type SnnRunConfig } from './snn-soft-reset-mpr-data';

/** One report: test accuracy, mean training loss since the last report, predicted grid classes. */
export interface SnnDelta {
  step: number;
  hardAcc: number;
  softAcc: number;
  /** null at step 0 (no training yet). */
  hardLoss: number | null;
  softLoss: number | null;
  /** Mean firing rate of each hidden layer on the test set. */
  hardRates: number[];
  softRates: number[];
  hardGrid: Uint8Array;
  softGrid: Uint8Array;
}

/** The batch indices of every step: consecutive slices of fresh permutations of the training set. */
export function batchOrder(rng: Rng, n: number, batch: number, steps: number): Int32Array {
  const out = new Int32Array(batch * steps);
  let perm = rng.permutation(n);
  let j = 0;
  for (let i = 0; i < out.length; i++) {
    if (j === n) {
      perm = rng.permutation(n);
      j = 0;
    }
    out[i] = perm[j++];
  }
  return out;
}

function accuracy(pred: Int32Array, labels: Int32Array): number {
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) hit++;
  return hit / labels.length;
}

/** Trains hard- and soft-reset SNNs side by side; yields every `evalEvery` steps (and at step 0). */
export async function* snnResetRace(params: Partial<Record<keyof SnnRunConfig, unknown>>, seed: number): AsyncGenerator<Progress<SnnDelta>, void, void> {
  const cfg = runConfig(params);
  const backend = await initTf();
  const { train, test } = snnData(seed);
  const root = createRng(seed);
  const weights = initMlpWeights(root.fork('init'), [2, cfg.hidden, cfg.hidden, train.numClasses]);
  const order = batchOrder(root.fork('batches'), train.size, cfg.batch, cfg.steps);

  // Test points then grid cells, evaluated in one forward pass per model.
  const grid = gridPoints();
  const evalXs = new Float32Array(test.xs.length + grid.length);
  evalXs.set(test.xs, 0);
  evalXs.set(grid, test.xs.length);
  const nTest = test.size;

  // Member 0: hard reset (the vanilla SNN); member 1: soft reset, with MPR if asked. Same init.
  const stack = createSpikingStack(weights, {
    steps: cfg.T,
    members: [
      { reset: 'hard', mprK: null },
      { reset: 'soft', mprK: cfg.mpr ? cfg.k : null },
    ],
  });
  const optimizer = tf.train.adam(cfg.lr);

  const report = (step: number, hardLoss: number | null, softLoss: number | null): Progress<SnnDelta> => {
    const { pred, rates } = stack.evaluate(evalXs, nTest);
    const delta: SnnDelta = {
      step,
      hardAcc: accuracy(pred[0].subarray(0, nTest), test.labels),
      softAcc: accuracy(pred[1].subarray(0, nTest), test.labels),
      hardLoss,
      softLoss,
      hardRates: rates[0],
      softRates: rates[1],
      hardGrid: Uint8Array.from(pred[0].subarray(nTest)),
      softGrid: Uint8Array.from(pred[1].subarray(nTest)),
    };
    return { step, total: cfg.steps, delta, info: { backend, numTensors: tf.memory().numTensors } };
  };

  try {
    yield report(0, null, null);
    let sumHard = 0;
    let sumSoft = 0;
    let since = 0;
    for (let step = 1; step <= cfg.steps; step++) {
      const b = subset(train, order.subarray((step - 1) * cfg.batch, step * cfg.batch));
      const x = tf.tensor2d(b.xs, [b.size, 2]);
      const y = tf.tensor2d(oneHot(b.labels, train.numClasses), [b.size, train.numClasses]);
      const [lh, ls] = stack.trainStep(optimizer, x, y);
      tf.dispose([x, y]);
      sumHard += lh;
      sumSoft += ls;
      since++;
      if (step % cfg.evalEvery === 0 || step === cfg.steps) {
        yield report(step, sumHard / since, sumSoft / since);
        sumHard = sumSoft = since = 0;
      }
    }
  } finally {
    stack.dispose();
    optimizer.dispose();
  }
}
