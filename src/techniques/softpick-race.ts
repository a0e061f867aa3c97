/**
 * The trained toy of the softpick lesson: two copies of the attention lab's one-layer transformer
 * learn the marker task from the same initial weights and the same batches, one normalising its
 * attention with softmax, the other with softpick. The run is the lab's lockstep generator; with
 * `seeds` > 1 the pair is trained once per seed (seed, seed + 1, …) to show the spread.
 */
import type { BackendName } from '../labs/tf/backend';
import type { Progress } from '../core/progress';
import { trainMarkerLockstep } from '../labs/attention/marker-train';
import { SOFTMAX } from '../labs/attention/normaliser';
import { SOFTPICK } from './softpick-tf';
import { raceConfig, type RaceDelta, type SoftpickRaceParams } from './softpick-race-config';

export const RACE_NORMALISERS = [SOFTMAX, SOFTPICK] as const;

export async function* softpickRace(p: SoftpickRaceParams, seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<Progress<RaceDelta>, void, void> {
  const c = raceConfig(p);
  const runs = Math.max(1, Math.round(p.seeds));
  for (let r = 0; r < runs; r++) {
    for await (const m of trainMarkerLockstep(c, RACE_NORMALISERS, seed + r, prefer)) {
      yield { ...m, step: r * c.steps + m.step, total: runs * c.steps, delta: { ...m.delta, run: r, seed: seed + r } };
    }
  }
}
