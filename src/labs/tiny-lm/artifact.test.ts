import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRng } from '../../core/rng';
import { initTf } from '../tf/backend';
import { ARTIFACT_DIR, checksumBytes, weightsFromBytes, weightsToBytes, type TinyLmManifest } from './artifact';
import { corpusFingerprint } from './fingerprint';
import { TINY_LM_CONFIG, createTinyLm, disposeTinyLm, initTinyLm, paramCount, paramShapes } from './model';
import { PRETRAIN_V1, heldoutWindows, lrAt, meanLoss } from './pretrain';
import { VOCAB } from './tokenizer';

const dir = resolve(__dirname, '../../../public', ARTIFACT_DIR);
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as TinyLmManifest;
const bytes = new Uint8Array(readFileSync(join(dir, 'weights.bin')));

beforeAll(async () => {
  await initTf('wasm');
});

describe('pretraining schedule', () => {
  it('warms up linearly, then decays along a cosine to minLrFrac · peak', () => {
    const s = { ...PRETRAIN_V1, steps: 100, warmup: 10, peakLr: 1, minLrFrac: 0.1 };
    expect(lrAt(0, s)).toBeCloseTo(0.1, 12);
    expect(lrAt(9, s)).toBeCloseTo(1, 12);
    expect(lrAt(10, s)).toBeCloseTo(1, 12);
    // Half-way through the decay the cosine term is 1/2: 0.1 + 0.9 · 0.5.
    expect(lrAt(55, s)).toBeCloseTo(0.55, 12);
    expect(lrAt(100, s)).toBeCloseTo(0.1, 12);
  });
});

describe('weights file format', () => {
  it('round-trips and checks its checksum', () => {
    const w = initTinyLm(createRng(1));
    const b = weightsToBytes(w);
    expect(b.byteLength).toBe(paramCount(TINY_LM_CONFIG) * 4);
    const back = weightsFromBytes(b, TINY_LM_CONFIG, checksumBytes(b));
    expect(back.tokEmb).toEqual(w.tokEmb);
    const bad = b.slice();
    bad[7] ^= 1;
    expect(() => weightsFromBytes(bad, TINY_LM_CONFIG, checksumBytes(b))).toThrow(/checksum/);
  });
});

describe('the committed checkpoint (public/labs/tiny-lm/v1)', () => {
  it('was made by this code: config, parameters, vocabulary, corpus hash, pretraining setting', () => {
    expect(manifest.config).toEqual(TINY_LM_CONFIG);
    expect(manifest.params).toEqual(paramShapes(TINY_LM_CONFIG).map(([name, shape]) => ({ name, shape })));
    expect(manifest.corpus.vocabulary).toEqual([...VOCAB]);
    expect(manifest.corpus.hash).toBe(corpusFingerprint().hash);
    for (const [k, v] of Object.entries(PRETRAIN_V1)) expect(manifest.pretraining[k]).toEqual(v);
  });

  it('is intact and small', () => {
    expect(bytes.byteLength).toBe(manifest.bytes);
    expect(bytes.byteLength).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    expect(checksumBytes(bytes)).toBe(manifest.checksum);
  });

  it('reproduces the manifest’s held-out loss', () => {
    const m = createTinyLm(weightsFromBytes(bytes, manifest.config, manifest.checksum));
    const loss = meanLoss(m, heldoutWindows(PRETRAIN_V1));
    disposeTinyLm(m);
    expect(loss).toBeCloseTo(manifest.results.heldoutLoss, 4);
    // And it learned something: far below the uniform-guess loss ln |V|.
    expect(loss).toBeLessThan(0.5 * Math.log(TINY_LM_CONFIG.vocabSize));
  });
});
