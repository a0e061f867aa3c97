/**
 * Configuration, message types and pure helpers of the marker-task runs (no tfjs here, so widget
 * specs can import them without pulling tfjs into the page bundle). The training loop itself is in
 * `marker-train.ts`.
 */
import { createRng } from '../../core/rng';
import type { Progress } from '../../core/progress';
import { markerBatch, markerClasses, markerFeatureDim, type MarkerBatch, type MarkerTask } from './tasks';
import type { TransformerShape } from './transformer';

export interface MarkerRunConfig {
  task: MarkerTask;
  steps: number;
  batchSize: number;
  learningRate: number;
  dModel: number;
  heads: number;
  mlpHidden: number;
  /** Sequences in the fixed evaluation batch (sequence 0 is the example shown). */
  evalSize: number;
  evalEvery: number;
  reportEvery: number;
  sinkEps: number;
  sparsityThr: number;
}

/** LABS.md §5 defaults: 1 layer, 2 heads, d = 32, MLP 64, Adam 5e-3, batch 16. */
export const MARKER_DEFAULTS: MarkerRunConfig = {
  task: { length: 12, markerProb: 0.7, numValues: 8 },
  steps: 200,
  batchSize: 16,
  learningRate: 5e-3,
  dModel: 32,
  heads: 2,
  mlpHidden: 64,
  evalSize: 64,
  evalEvery: 25,
  reportEvery: 5,
  sinkEps: 0.3,
  sparsityThr: 1e-5,
};

/** One model's evaluation on the fixed batch. Per-head arrays have one entry per head. */
export interface MarkerEval {
  accuracy: number;
  loss: number;
  /** Mean weight on BOS over all query rows, per head. */
  bosMass: number[];
  sinkRate: number;
  sparsity: number;
  /** Mean weight on BOS / mean row sum over no-op queries (target "none"), per head. */
  noOpBos: number[];
  noOpRowSum: number[];
  /** Same over queries that have a marker to retrieve. */
  retrieveBos: number[];
  retrieveRowSum: number[];
  /** Pearson kurtosis and max |h| of the residual stream after the layer. */
  kurtosis: number;
  maxAbsHidden: number;
}

export interface MarkerExample {
  /** Token values (BOS = −1) and marker position of evaluation sequence 0. */
  values: number[];
  markerAt: number;
  /** Per model, per head: the L×L attention map, row-major (query × key). */
  maps: number[][][];
}

export interface MarkerDelta {
  step: number;
  /** Mean training loss of each model over the steps since the last message (empty at step 0). */
  trainLoss: number[];
  eval?: MarkerEval[];
  example?: MarkerExample;
}

export type MarkerProgress = Progress<MarkerDelta>;

export function markerShape(c: MarkerRunConfig): TransformerShape {
  return {
    featureDim: markerFeatureDim(c.task),
    seqLen: c.task.length + 1,
    dModel: c.dModel,
    heads: c.heads,
    mlpHidden: c.mlpHidden,
    numClasses: markerClasses(c.task),
  };
}

/**
 * The fixed evaluation batch of a run (seed fork 'eval'); sequence 0 has its marker in the middle
 * so that the example shows both retrieving and no-op queries. Pure: widgets call it to draw the
 * example before any training.
 */
export function markerEvalBatch(c: MarkerRunConfig, seed: number): MarkerBatch {
  return markerBatch(createRng(seed).fork('eval'), c.task, c.evalSize, Math.ceil(c.task.length / 2));
}

/** Token values of sequence `b` (−1 at BOS). */
export function sequenceValues(batch: MarkerBatch, numValues: number, b = 0): number[] {
  return Array.from({ length: batch.seqLen }, (_, t) => {
    const o = (b * batch.seqLen + t) * batch.featureDim;
    for (let v = 0; v < numValues; v++) if (batch.feats[o + v] === 1) return v;
    return -1;
  });
}

