import { serveGenerator } from '../kit/worker-host';
import { fetchArtifact } from '../../labs/tiny-lm/artifact';
import type { TinyLmWeights } from '../../labs/tiny-lm/model';
import { runDrift, type DriftRunInput } from '../../techniques/split-softmax-run';

let weights: Promise<TinyLmWeights> | null = null;
const loadWeights = () => (weights ??= fetchArtifact(import.meta.env.BASE_URL).then((a) => a.weights));

serveGenerator((p: DriftRunInput, seed: number) => runDrift(p, seed, { loadWeights }));
