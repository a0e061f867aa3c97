/**
 * The drift widget's run: load the frozen tiny LM, draw K dialogs and show each with 0, 1 and 2
 * earlier exchanges (paired: same final turn), and score them with the plain model (γ = 1) and with split-softmax at the
 * chosen γ. Inference only; one forward pass per (length, γ). Yields one delta per pass.
 */
import { createRng } from '../core/rng';
import type { Progress } from '../core/progress';
import { initTf, tf } from '../labs/tf/backend';
import { createTinyLm, disposeTinyLm, type TinyLmWeights } from '../labs/tiny-lm/model';
import { HISTORIES, type DriftRunInput } from './split-softmax-config';
import type { DriftScore } from './split-softmax-drift';
import { makeDialogs, scoreDialogs } from './split-softmax-drift';

export { HISTORIES, type DriftRunInput };

export interface DriftDelta {
  setup?: { backend: string; gammas: number[]; loadMs: number };
  history?: number;
  gammaIndex?: number;
  score?: DriftScore;
  ms?: number;
}

export function driftGammas(p: DriftRunInput): number[] {
  return p.gamma === 1 ? [1] : [1, p.gamma];
}

export async function* runDrift(p: DriftRunInput, seed: number, opts: { loadWeights: () => Promise<TinyLmWeights> }): AsyncGenerator<Progress<DriftDelta>> {
  const t0 = performance.now();
  const backend = await initTf('wasm');
  const model = createTinyLm(await opts.loadWeights());
  const gammas = driftGammas(p);
  const layers = p.layers === 'all' ? [0, 1] : [model.config.nLayers - 1];
  const total = HISTORIES.length * gammas.length;
  const rng = createRng(seed).fork('split-softmax/dialogs');
  try {
    yield { step: 0, total, delta: { setup: { backend, gammas, loadMs: performance.now() - t0 } }, info: { backend, numTensors: tf.memory().numTensors } };
    let step = 0;
    const sets = makeDialogs(rng, HISTORIES[HISTORIES.length - 1], p.dialogs);
    for (const h of HISTORIES) {
      const dialogs = sets[h];
      for (let g = 0; g < gammas.length; g++) {
        const t1 = performance.now();
        const score = scoreDialogs(model, dialogs, gammas[g], layers);
        step++;
        yield { step, total, delta: { history: h, gammaIndex: g, score, ms: performance.now() - t1 }, info: { backend, numTensors: tf.memory().numTensors } };
      }
    }
  } finally {
    disposeTinyLm(model);
  }
}
