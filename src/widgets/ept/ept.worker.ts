import { serveGenerator } from '../kit/worker-host';
import { fetchArtifact } from '../../labs/tiny-lm/artifact';
import type { TinyLmWeights } from '../../labs/tiny-lm/model';
import { runEpt, type EptRunParams } from '../../techniques/ept-run';

let weights: Promise<TinyLmWeights> | null = null;
const loadWeights = () => (weights ??= fetchArtifact(import.meta.env.BASE_URL).then((a) => a.weights));

serveGenerator((p: EptRunParams, seed: number) => runEpt(p, seed, { loadWeights }));
