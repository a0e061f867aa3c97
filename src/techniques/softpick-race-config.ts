/**
 * Parameters and messages of the softpick lesson's trained toy, without tfjs (the widget spec
 * imports this; the worker imports `softpick-race.ts`).
 */
import { MARKER_DEFAULTS, type MarkerDelta, type MarkerRunConfig } from '../labs/attention/marker-run';

export type SoftpickRaceParams = {
  steps: number;
  length: number;
  markerProb: number;
  /** Seed pairs to train one after the other (1 = just the reader's seed). */
  seeds: number;
};

/** Order of the models in every message: index 0 = softmax (baseline), 1 = softpick. */
export const RACE_MODEL_IDS = ['softmax', 'softpick'] as const;

export interface RaceDelta extends MarkerDelta {
  /** Which seed pair this message belongs to (0 = the reader's seed) and its seed. */
  run: number;
  seed: number;
}

export function raceConfig(p: SoftpickRaceParams): MarkerRunConfig {
  const evalEvery = Math.max(10, Math.round(p.steps / 8 / 5) * 5);
  return { ...MARKER_DEFAULTS, steps: p.steps, evalEvery, task: { ...MARKER_DEFAULTS.task, length: p.length, markerProb: p.markerProb } };
}
