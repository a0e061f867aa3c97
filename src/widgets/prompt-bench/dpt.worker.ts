import { serveGenerator } from '../kit/worker-host';
import { fetchArtifact } from '../../labs/tiny-lm/artifact';
import { runPromptBench } from '../../labs/tiny-lm/bench';
import type { TinyLmWeights } from '../../labs/tiny-lm/model';
import { vanillaPrompt } from '../../labs/tiny-lm/prompt-tuning';
import { dptRunParams, type DptRunInput } from '../../techniques/decomposed-prompt-tuning-run';
import { lowRankPrompt } from '../../techniques/decomposed-prompt-tuning-prompt';

let weights: Promise<TinyLmWeights> | null = null;
const loadWeights = () => (weights ??= fetchArtifact(import.meta.env.BASE_URL).then((a) => a.weights));

serveGenerator((p: DptRunInput, seed: number) => {
  const { bench, vanillaK } = dptRunParams(p);
  return runPromptBench(bench, seed, {
    loadWeights,
    extraMethods: (model, _q, rng) => [vanillaPrompt(model, vanillaK, rng.fork('same-k'), `vanilla PT (k=${vanillaK})`), lowRankPrompt(model, p.k, p.rank, rng.fork('dpt'))],
  });
});
