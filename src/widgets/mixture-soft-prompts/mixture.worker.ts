import { serveGenerator } from '../kit/worker-host';
import { fetchArtifact } from '../../labs/tiny-lm/artifact';
import type { TinyLmWeights } from '../../labs/tiny-lm/model';
import { runMixture, type MixtureParams } from '../../techniques/mixture-soft-prompts-run';

let weights: Promise<TinyLmWeights> | null = null;
const loadWeights = () => (weights ??= fetchArtifact(import.meta.env.BASE_URL).then((a) => a.weights));

serveGenerator((p: MixtureParams, seed: number) => runMixture(p, seed, { loadWeights }));
