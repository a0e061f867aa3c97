/**
 * The kit test bench's iterative computation, kept apart from the spec so the worker bundle does
 * not pull in the chart code (Observable Plot).
 */
import { createRng } from '../../core/rng';
import type { Progress } from '../../core/progress';

export interface WalkDelta {
  t: number;
  values: number[];
}

/** Seeded random walks, one step per yield; `blowUp` injects NaN to test the kit's guard. */
export async function* randomWalks(p: { walkers: number; steps: number; blowUp: boolean }, seed: number): AsyncGenerator<Progress<WalkDelta>> {
  const rng = createRng(seed).fork('walk');
  const pos = new Array(p.walkers).fill(0);
  for (let t = 1; t <= p.steps; t++) {
    for (let i = 0; i < pos.length; i++) pos[i] += rng.normal();
    if (p.blowUp && t === Math.ceil(p.steps / 2)) pos[0] = NaN;
    // A little real work per step, so pause/step can be observed.
    await new Promise((r) => setTimeout(r, 5));
    yield { step: t, total: p.steps, delta: { t, values: [...pos] }, info: { note: 'no tfjs here' } };
  }
}

