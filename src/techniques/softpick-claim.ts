/**
 * The claim check of the softpick lesson's trained toy, as a pure function of the final
 * evaluations (index 0 = softmax, 1 = softpick) of one or more seed pairs. Used by the widget and
 * by the unit test.
 */
import type { MarkerEval } from '../labs/attention/marker-run';

/** Softpick's sparsity must exceed softmax's by at least this much. */
export const SPARSITY_MARGIN = 0.2;
/** Both models must reach this accuracy (the task is easy; a failed run is not a comparison). */
export const MIN_ACCURACY = 0.95;

export interface RaceVerdict {
  holds: boolean;
  /** Seed pairs in which softpick's sink rate was exactly 0. */
  zeroSinkSeeds: number;
}

export function raceVerdict(finals: readonly (readonly MarkerEval[])[]): RaceVerdict {
  const ok = (e: readonly MarkerEval[]) =>
    e[1].sparsity >= e[0].sparsity + SPARSITY_MARGIN && e[0].accuracy >= MIN_ACCURACY && e[1].accuracy >= MIN_ACCURACY && e[1].sinkRate <= e[0].sinkRate;
  return { holds: finals.length > 0 && finals.every(ok), zeroSinkSeeds: finals.filter((e) => e[1].sinkRate === 0).length };
}
