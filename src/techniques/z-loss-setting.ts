/**
 * The top-k race of the Z-loss lesson, without tfjs: its fixed setting, its data and its claim
 * check. The widget's main-thread code (and the static figure at build time) needs only this;
 * the training run itself is in `z-loss-train.ts`, which the Web Worker loads.
 *
 * Toy setting (lesson brief): K Gaussian blobs with centres uniform in [−4, 4]² and a common std;
 * MLP 2→64→64→K (ReLU, He-normal); Adam, learning rate 3e-3, batch 64, 400 steps. Two copies
 * start from the same weights and see the same batches; one minimises softmax cross-entropy, the
 * other the Z-loss.
 */
import type { Progress } from '../core/progress';
import { createRng } from '../core/rng';
import { blobCentres, blobsAround } from '../labs/classifier/k-blobs';
import type { Dataset2D } from '../labs/classifier/datasets';

/** What the reader can change. */
export interface TopKParams {
  classes: number;
  blobStd: number;
  a: number;
  b: number;
}

export const TOPK_SETTING = {
  extent: 4,
  trainPerClass: 100,
  testPerClass: 100,
  hidden: 64,
  lr: 3e-3,
  batch: 64,
  steps: 400,
  evalEvery: 20,
  /** Top-k errors are measured for k = 1 … maxK. */
  maxK: 10,
  /** Added to the variance before the square root in the float32 training loss (σ = 0 guard). */
  eps: 1e-6,
} as const;

/** The k values the claim and the readouts use. */
export const CLAIM_KS = [1, 3, 5] as const;

/**
 * The claim as the widget measures it: the Z-loss network's test top-3 and top-5 errors are no
 * more than this many points (fraction) above cross-entropy's. The brief's calibration expected
 * them to match within about 2 points; the paper reports the Z-loss ahead on some top-k scores.
 */
export const TOPK_TOLERANCE = 0.02;

/** One model's numbers at one evaluation. */
export interface ModelMetrics {
  /** The network's own loss on the whole training set; null at step 0 (before training). */
  loss: number | null;
  /** Test top-k error for k = 1 … maxK. */
  topk: number[];
}

export interface TopKDelta {
  step: number;
  ce: ModelMetrics;
  z: ModelMetrics;
}

export type TopKProgress = Progress<TopKDelta>;

export interface TopKData {
  centres: Float64Array;
  train: Dataset2D;
  test: Dataset2D;
}

/** Centres, training and test points for a seed (separate streams: none shifts another). */
export function topKData(p: Pick<TopKParams, 'classes' | 'blobStd'>, seed: number): TopKData {
  const rng = createRng(seed);
  const centres = blobCentres(rng.fork('centres'), p.classes, TOPK_SETTING.extent);
  return {
    centres,
    train: blobsAround(rng.fork('train'), centres, { perClass: TOPK_SETTING.trainPerClass, std: p.blobStd }),
    test: blobsAround(rng.fork('test'), centres, { perClass: TOPK_SETTING.testPerClass, std: p.blobStd }),
  };
}

export interface TopKClaim {
  /** null until the run has finished. */
  holds: boolean | null;
  /** Per k in CLAIM_KS: [cross-entropy error, Z-loss error]. */
  errors: { k: number; ce: number; z: number }[];
}

/** Judges the final evaluation: Z-loss top-3 and top-5 errors within TOPK_TOLERANCE of CE's (or better). */
export function topKClaim(last: TopKDelta | undefined, done: boolean): TopKClaim {
  if (!last || !done || last.step < TOPK_SETTING.steps) return { holds: null, errors: [] };
  const errors = CLAIM_KS.map((k) => ({ k, ce: last.ce.topk[k - 1], z: last.z.topk[k - 1] }));
  // Errors are multiples of 1/(test size): allow float dust on the boundary.
  const holds = errors.filter((e) => e.k > 1).every((e) => e.z - e.ce <= TOPK_TOLERANCE + 1e-9);
  return { holds, errors };
}
