import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { initTf, tf } from '../tf/backend';
import { drain, tensorsLeaked } from '../tf/memory';
import { causalMask, SOFTMAX, softmaxNormaliser } from './normaliser';
import { isNoOp, markerBatch, retrievalBatch } from './tasks';
import { bosMassPerHead, kurtosis, querySetStats, rowEntropy, rowSums, sinkRate, sparsity } from './stats';
import { initTransformer, positionLoss, transformerForward } from './transformer';
import { initRetriever, retrievalLoss, retrieverForward } from './retriever';
import { createVars, disposeVars, gradList, readVars, varList } from './params';
import { MARKER_DEFAULTS, markerShape, type MarkerRunConfig } from './marker-run';
import { trainMarkerLockstep } from './marker-train';

beforeAll(async () => {
  await initTf('cpu');
});

describe('tasks', () => {
  it('marker task: targets follow the marker, BOS is not scored, features are factorised', () => {
    const task = { length: 6, markerProb: 1, numValues: 8 };
    const b = markerBatch(createRng(3), task, 5, 3);
    expect(b.markerAt[0]).toBe(3);
    const L = 7;
    const F = 11;
    const value = (s: number, t: number) => Array.from(b.feats.subarray((s * L + t) * F, (s * L + t) * F + 8)).indexOf(1);
    // Sequence 0: "none" at positions 1–2, then the value of token 3 from position 3 on.
    expect(Array.from(b.targets.subarray(0, L))).toEqual([-1, 8, 8, value(0, 3), value(0, 3), value(0, 3), value(0, 3)]);
    expect(b.feats[(0 * L + 3) * F + 9]).toBe(1); // marker bit set at position 3
    expect(b.feats[(0 * L + 2) * F + 8]).toBe(1); // "no marker" bit elsewhere
    expect(b.feats[10]).toBe(1); // BOS flag
    expect(isNoOp(b, 0, 2)).toBe(true);
    expect(isNoOp(b, 0, 3)).toBe(false);
    // p = 0: every query is a no-op.
    const none = markerBatch(createRng(3), { ...task, markerProb: 0 }, 4);
    expect(Array.from(none.markerAt)).toEqual([-1, -1, -1, -1]);
    expect(Array.from(none.targets).filter((t) => t >= 0).every((t) => t === 8)).toBe(true);
  });

  it('max retrieval: the label is the colour of the highest priority', () => {
    const b = retrievalBatch(createRng(5), { items: 16, colours: 4 }, 20);
    for (let s = 0; s < b.size; s++) {
      let best = 0;
      for (let i = 1; i < 16; i++) if (b.feats[(s * 16 + i) * 5] > b.feats[(s * 16 + best) * 5]) best = i;
      expect(b.argmax[s]).toBe(best);
      expect(b.feats[(s * 16 + best) * 5 + 1 + b.labels[s]]).toBe(1);
    }
  });
});

describe('statistics (hand-computed)', () => {
  // One sequence, one head, 3 positions: rows [1,0,0], [0.5,0.5,0], [0,0,1].
  const a = [1, 0, 0, 0.5, 0.5, 0, 0, 0, 1];
  const d = { batch: 1, heads: 1, len: 3 };
  it('BOS mass, sink rate, sparsity, row sums', () => {
    expect(bosMassPerHead(a, d)[0]).toBeCloseTo(0.5, 12); // (1 + 0.5 + 0) / 3
    expect(sinkRate([0.5, 0.1], 0.3)).toBe(0.5);
    expect(sparsity(a, d)).toBeCloseTo(2 / 6, 12); // causal entries: 6, exact zeros among them: (2,0), (2,1)
    expect(Array.from(rowSums(a, d))).toEqual([1, 1, 1]);
    const q = querySetStats(a, d, (_, t) => t === 1);
    expect(q).toEqual({ count: 1, bosMass: [0.5], rowSum: [1] });
  });
  it('kurtosis and entropy', () => {
    expect(kurtosis([1, -1, 1, -1])).toBeCloseTo(1, 12); // m2 = 1, m4 = 1
    expect(kurtosis([0, 0, 0, 0, 10])).toBeCloseTo(3.25, 10); // mean 2: m2 = (4·4 + 64)/5 = 16, m4 = (4·16 + 4096)/5 = 832, 832/16² = 3.25
    expect(rowEntropy([0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
    expect(rowEntropy([0.5, 0.5, 0.9], [1, 1, 0])).toBeCloseTo(Math.LN2, 12);
    expect(rowEntropy([0.25, 0.25], undefined, true)).toBeCloseTo(Math.LN2, 12);
    expect(rowEntropy([0, 0], undefined, true)).toBe(0);
  });
});

describe('transformer (marker task)', () => {
  const c: MarkerRunConfig = { ...MARKER_DEFAULTS, task: { length: 5, markerProb: 0.7, numValues: 8 } };
  const shape = markerShape(c);
  it('softmax attention is causal and rows sum to one; shapes are right', () => {
    const v = createVars(initTransformer(createRng(1), shape));
    const b = markerBatch(createRng(2), c.task, 3);
    const [attn, logitsShape, hiddenShape] = tf.tidy(() => {
      const o = transformerForward(v, shape, tf.tensor3d(b.feats, [3, 6, b.featureDim]), causalMask(6), softmaxNormaliser);
      return [o.attn.arraySync() as number[][][][], o.logits.shape, o.hidden.shape];
    });
    disposeVars(v);
    expect(logitsShape).toEqual([3, 6, 9]);
    expect(hiddenShape).toEqual([3, 6, 32]);
    for (const seq of attn)
      for (const head of seq)
        head.forEach((row, q) => {
          expect(row.slice(0, q + 1).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
          expect(row.slice(q + 1).every((w) => w === 0)).toBe(true);
        });
  });

  it('a training step leaks no tensors', async () => {
    const v = createVars(initTransformer(createRng(1), shape));
    const opt = tf.train.adam(1e-3);
    const b = markerBatch(createRng(2), c.task, 4);
    const mask = causalMask(6);
    const oh = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from(b.targets, (t) => Math.max(0, t)), 'int32'), 9), 'float32') as tf.Tensor2D);
    const leaked = await tensorsLeaked(() =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => positionLoss(transformerForward(v, shape, tf.tensor3d(b.feats, [4, 6, b.featureDim]), mask, softmaxNormaliser).logits, oh, 20), varList(v));
        opt.applyGradients(gradList(grads));
        value.dataSync();
      }),
    );
    expect(leaked).toBe(0);
    disposeVars(v);
    opt.dispose();
    mask.dispose();
    oh.dispose();
  });
});

describe('lockstep training', () => {
  const small: MarkerRunConfig = { ...MARKER_DEFAULTS, steps: 6, evalSize: 8, evalEvery: 3, reportEvery: 3, task: { length: 6, markerProb: 0.7, numValues: 8 } };
  it('two copies with the same normaliser stay identical (same init, same batches); no tensors left behind', async () => {
    const before = tf.memory().numTensors;
    const out = await drain(trainMarkerLockstep(small, [SOFTMAX, { ...SOFTMAX, id: 'softmax-2' }], 4, 'cpu'));
    expect(tf.memory().numTensors).toBe(before);
    expect(out.map((m) => m.step)).toEqual([0, 3, 6]);
    for (const m of out.slice(1)) expect(m.delta.trainLoss[0]).toBe(m.delta.trainLoss[1]);
    const last = out.at(-1)!.delta;
    expect(last.eval![0]).toEqual(last.eval![1]);
    expect(last.example!.maps).toHaveLength(2);
    expect(last.example!.maps[0][0]).toHaveLength(49);
    // The same seed repeats the same numbers.
    const again = await drain(trainMarkerLockstep(small, [SOFTMAX], 4, 'cpu'));
    expect(again.at(-1)!.delta.trainLoss[0]).toBe(last.trainLoss[0]);
  });
});

describe('max-retrieval model', () => {
  const shape = { featureDim: 5, dModel: 32, readoutHidden: 32, numClasses: 4 };
  it('pools with weights that sum to one, ignores padding, and learns a little in 40 Adam steps', async () => {
    const v = createVars(initRetriever(createRng(7), shape));
    const b = retrievalBatch(createRng(8), { items: 8, colours: 4 }, 4);
    const padMask = [1, 1, 1, 1, 1, 1, 0, 0];
    const attn = tf.tidy(() => retrieverForward(v, shape, tf.tensor3d(b.feats, [4, 8, 5]), tf.tensor3d(padMask, [1, 1, 8]), softmaxNormaliser).attn.arraySync() as number[][]);
    for (const row of attn) {
      expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      expect(row[6]).toBe(0);
      expect(row[7]).toBe(0);
    }
    const opt = tf.train.adam(3e-3);
    const full = tf.ones([1, 1, 8]);
    const rng = createRng(9);
    const lossOn = (bb: ReturnType<typeof retrievalBatch>) =>
      tf.tidy(() => retrievalLoss(retrieverForward(v, shape, tf.tensor3d(bb.feats, [bb.size, 8, 5]), full, softmaxNormaliser).logits, tf.cast(tf.oneHot(tf.tensor1d(bb.labels, 'int32'), 4), 'float32') as tf.Tensor2D).dataSync()[0]);
    const test = retrievalBatch(createRng(10), { items: 8, colours: 4 }, 256);
    const start = lossOn(test);
    const step = () =>
      tf.tidy(() => {
        const bb = retrievalBatch(rng, { items: 8, colours: 4 }, 32);
        const y = tf.cast(tf.oneHot(tf.tensor1d(bb.labels, 'int32'), 4), 'float32') as tf.Tensor2D;
        opt.applyGradients(gradList(tf.variableGrads(() => retrievalLoss(retrieverForward(v, shape, tf.tensor3d(bb.feats, [32, 8, 5]), full, softmaxNormaliser).logits, y), varList(v)).grads));
      });
    expect(await tensorsLeaked(step)).toBe(0);
    for (let i = 0; i < 38; i++) step();
    expect(lossOn(test)).toBeLessThan(start - 0.05);
    expect(readVars(v).query.shape).toEqual([32, 1]);
    disposeVars(v);
    opt.dispose();
    full.dispose();
  });
});
