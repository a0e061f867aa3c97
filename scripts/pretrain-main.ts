/**
 * Body of `npm run pretrain` (bundled and started by scripts/pretrain.mjs; see there why).
 * Flags: --steps N (shorter run, for trials), --out DIR (default public/labs/tiny-lm/v1),
 * --manifest-only (keep weights.bin, recompute the manifest's evaluation and probes).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { version_core } from '@tensorflow/tfjs-core';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { initTf } from '../src/labs/tf/backend';
import { ARTIFACT_DIR, checksumBytes, weightsFromBytes, weightsToBytes, type TinyLmManifest } from '../src/labs/tiny-lm/artifact';
import { corpusFingerprint } from '../src/labs/tiny-lm/fingerprint';
import { TINY_LM_CONFIG, createTinyLm, disposeTinyLm, paramShapes, type TinyLmWeights } from '../src/labs/tiny-lm/model';
import { PRETRAIN_V1, heldoutWindows, lrAt, meanLoss, pretrain } from '../src/labs/tiny-lm/pretrain';
import { runProbes } from '../src/labs/tiny-lm/probes';

const root = process.env.SOFTLAB_ROOT ?? process.cwd();
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const outDir = arg('out') ?? join(root, 'public', ARTIFACT_DIR);
const manifestOnly = process.argv.includes('--manifest-only');
const setting = { ...PRETRAIN_V1, steps: Number(arg('steps') ?? PRETRAIN_V1.steps) };

setWasmPaths(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
const backend = await initTf('wasm');
mkdirSync(outDir, { recursive: true });
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

let weights: TinyLmWeights;
let trainLoss: number;
let wallSeconds: number | undefined;
let loadText: string | undefined;
const previous: Partial<TinyLmManifest> = existsSync(join(outDir, 'manifest.json')) ? JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) : {};

if (manifestOnly) {
  weights = weightsFromBytes(new Uint8Array(readFileSync(join(outDir, 'weights.bin'))));
  trainLoss = previous.results?.trainLoss ?? NaN;
  wallSeconds = previous.results?.wallSeconds;
  loadText = previous.results?.load;
  Object.assign(setting, previous.pretraining ?? {});
} else {
  const t0 = performance.now();
  const loadStart = load();
  console.log(`pretraining ${setting.steps} steps × ${setting.batch} × ${setting.seqLen} on ${backend}; load ${loadStart}; ${cpus().length} cores`);
  let result: { w: TinyLmWeights; train: number } | null = null;
  const gen = pretrain(setting, (w, _h, train) => (result = { w, train }));
  for await (const p of gen) {
    const d = p.delta;
    const el = ((performance.now() - t0) / 1000).toFixed(0);
    console.log(`step ${d.step}/${setting.steps} lr ${d.lr.toExponential(2)} loss ${d.loss.toFixed(4)}${d.heldout !== undefined ? ` held-out ${d.heldout.toFixed(4)}` : ''} (${el} s, load ${load()})`);
  }
  if (!result) throw new Error('pretraining produced no weights');
  const r = result as { w: TinyLmWeights; train: number };
  weights = r.w;
  trainLoss = r.train;
  wallSeconds = (performance.now() - t0) / 1000;
  loadText = `load average at start ${loadStart}, at end ${load()} (${cpus().length} cores)`;
  writeFileSync(join(outDir, 'weights.bin'), weightsToBytes(weights));
  console.log(`wrote weights.bin after ${wallSeconds.toFixed(0)} s`);
}

const bytes = weightsToBytes(weights);
const model = createTinyLm(weights);
const heldout = meanLoss(model, heldoutWindows(setting));
console.log(`held-out loss ${heldout.toFixed(4)}; running probes…`);
const probes = runProbes(model);
disposeTinyLm(model);
const fp = corpusFingerprint();
const manifest: TinyLmManifest = {
  name: 'softlab-tiny-lm',
  version: 'v1',
  config: { ...TINY_LM_CONFIG },
  params: paramShapes(TINY_LM_CONFIG).map(([name, shape]) => ({ name, shape })),
  dtype: 'float32',
  bytes: bytes.byteLength,
  checksum: checksumBytes(bytes),
  tfjs: version_core,
  backend,
  corpus: fp,
  pretraining: { ...setting, optimizer: 'adam(β1 0.9, β2 0.98, ε 1e-8)', schedule: 'linear warm-up, cosine decay to minLrFrac·peak', tokens: setting.steps * setting.batch * setting.seqLen, lrFirst: lrAt(0, setting), lrLast: lrAt(setting.steps - 1, setting) },
  results: { trainLoss, heldoutLoss: heldout, heldoutPerplexity: Math.exp(heldout), wallSeconds, load: loadText },
  probes,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(JSON.stringify({ results: manifest.results, probes }, null, 1));
