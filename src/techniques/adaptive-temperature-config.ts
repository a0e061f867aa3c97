/**
 * Parameters and messages of the "train at 16, test at 4096" run, without tfjs (the widget spec
 * imports this; the worker imports adaptive-temperature-run.ts).
 */
export type SizeRunParams = {
  /** Items per set during training. */
  nTrain: number;
  steps: number;
  /** Constant inverse temperature of the third variant (1 = plain softmax). */
  fixedBeta: number;
};

export const SIZE_RUN = {
  colours: 4,
  dModel: 32,
  readoutHidden: 32,
  batchSize: 32,
  learningRate: 3e-3,
  /** Training-loss messages every this many steps. */
  reportEvery: 10,
  /** Evaluation sizes (the log x axis). */
  evalSizes: [16, 32, 64, 128, 256, 512, 1024, 2048, 4096],
  /** Items evaluated per size: sets = clamp(itemBudget / n, minSets, maxSets). */
  itemBudget: 2 ** 17,
  minSets: 32,
  maxSets: 256,
  /** Sets per forward pass at evaluation (memory). */
  chunkItems: 2 ** 16,
} as const;

/** Sizes evaluated after training on n_train items: the training size itself plus SIZE_RUN.evalSizes. */
export const evalSizesFor = (nTrain: number): number[] => [...new Set([nTrain, ...SIZE_RUN.evalSizes])].sort((a, b) => a - b);

export const evalSets = (n: number): number => Math.max(SIZE_RUN.minSets, Math.min(SIZE_RUN.maxSets, Math.floor(SIZE_RUN.itemBudget / n)));

/** Order of the variants in every evaluation message. */
export const VARIANT_IDS = ['softmax', 'adaptive', 'fixed'] as const;

export interface VariantEval {
  /** Fraction of sets whose predicted colour is right. */
  accuracy: number;
  /** Mean attention weight on the max-priority item. */
  attnOnMax: number;
  /** Mean entropy (nats) of the variant's attention rows. */
  entropy: number;
}

export interface SizeEval {
  n: number;
  sets: number;
  /** One per VARIANT_IDS entry. */
  variants: VariantEval[];
  /** Mean β chosen by adaptive temperature, and its range over the sets. */
  betaMean: number;
  betaMin: number;
  betaMax: number;
}

export interface SizeDelta {
  /** Training step reached (0..steps); evaluation messages repeat the last step. */
  step: number;
  /** Mean training loss since the last message (absent in evaluation messages). */
  trainLoss?: number;
  /** One evaluated size (evaluation phase). */
  eval?: SizeEval;
}
