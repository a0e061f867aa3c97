/**
 * The measured claim of the "train at 16, test at 4096" run (no tfjs): adaptive temperature,
 * swapped in at inference, puts clearly more attention on the max-priority item than plain
 * softmax on sets larger than the training size, without costing accuracy at the training size.
 */
import type { SizeEval } from './adaptive-temperature-config';

/** Attention on the max item must rise at least this much (ratio adaptive / softmax)… */
export const ATTN_RATIO = 1.3;
/** …on every evaluated n from SIZE_FACTOR·n_train up to MAX_CHECKED_N. */
export const SIZE_FACTOR = 4;
export const MAX_CHECKED_N = 1024;
/** Largest accuracy drop allowed at the training size. */
export const ACC_TOLERANCE = 0.02;

export interface SizeVerdict {
  holds: boolean;
  /** Sizes checked and the attention ratio at each. */
  ratios: { n: number; ratio: number }[];
  /** Accuracy change (adaptive − softmax) at n_train (NaN if n_train was not evaluated). */
  accDeltaAtTrain: number;
}

export function sizeVerdict(evals: readonly SizeEval[], nTrain: number): SizeVerdict {
  const ratios = evals
    .filter((e) => e.n >= SIZE_FACTOR * nTrain && e.n <= MAX_CHECKED_N)
    .map((e) => ({ n: e.n, ratio: e.variants[1].attnOnMax / e.variants[0].attnOnMax }));
  const atTrain = evals.find((e) => e.n === nTrain);
  const accDeltaAtTrain = atTrain ? atTrain.variants[1].accuracy - atTrain.variants[0].accuracy : NaN;
  const holds = ratios.length > 0 && ratios.every((r) => r.ratio >= ATTN_RATIO) && accDeltaAtTrain >= -ACC_TOLERANCE;
  return { holds, ratios, accDeltaAtTrain };
}
