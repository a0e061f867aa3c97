/**
 * Parameters and messages of the sa-softmax lesson's training comparison, without tfjs (the widget
 * spec imports this; the worker imports `sa-softmax-train.ts`).
 */
import type { RetrievalDelta, RetrievalRunConfig } from '../labs/attention/retrieval-train';

export type SaTrainParams = {
  steps: number;
  items: number;
  /** Which gradient the normalised variant trains with. */
  reading: 'detached' | 'through';
  /** Seeds to train one after the other (seed, seed + 1, …). */
  seeds: number;
};

/** Order of the models in every message. */
export const SA_TRAIN_IDS = ['softmax', 'sa-plain', 'sa-norm'] as const;
export const SA_TRAIN_NAMES = ['softmax', 'SA plain (z·s)', 'SA normalised'] as const;

export interface SaTrainDelta extends RetrievalDelta {
  /** Which seed this message belongs to (0 = the reader's seed) and its value. */
  run: number;
  seed: number;
}

/** LABS.md §5 max retrieval (d = 32, 4 colours, Adam 3e-3, batch 32), at the reader's n and steps. */
export function saTrainConfig(p: SaTrainParams): RetrievalRunConfig {
  return {
    task: { items: p.items, colours: 4 },
    steps: p.steps,
    batchSize: 32,
    learningRate: 3e-3,
    dModel: 32,
    readoutHidden: 32,
    evalItems: [p.items],
    evalSize: 256,
    evalEvery: 25,
    reportEvery: 5,
  };
}
