import { serveGenerator } from '../kit/worker-host';
import { fetchArtifact } from '../../labs/tiny-lm/artifact';
import { runPromptBench, type BenchParams } from '../../labs/tiny-lm/bench';
import type { TinyLmWeights } from '../../labs/tiny-lm/model';
import { lowRankPrompt } from '../../techniques/decomposed-prompt-tuning-prompt';

// The checkpoint is fetched once per worker; every run builds (and frees) its own model from it.
let weights: Promise<TinyLmWeights> | null = null;
const loadWeights = () => (weights ??= fetchArtifact(import.meta.env.BASE_URL).then((a) => a.weights));

serveGenerator((p: BenchParams, seed: number) =>
  runPromptBench(p, seed, {
    loadWeights,
    extraMethods: (model, q, rng) => (q.dpt ? [lowRankPrompt(model, q.k, Number(q.rank), rng)] : []),
  }),
);
