import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { initTf, tf } from '../tf/backend';
import { tensorsLeaked } from '../tf/memory';
import { sample, sequenceLogProbs, nextTokenLoss } from './lm-ops';
import { mm } from './matmul';
import { TINY_LM_CONFIG, createTinyLm, disposeTinyLm, forward, initTinyLm, readTinyLm, type TinyLmConfig, type TinyLmWeights } from './model';

beforeAll(async () => {
  await initTf('wasm');
});

const SMALL: TinyLmConfig = { vocabSize: 11, dModel: 8, nHeads: 2, nLayers: 1, context: 12, dMlp: 16 };

/** Plain-JS reference forward pass (float64) of the same architecture, written from the definition. */
function reference(w: TinyLmWeights, c: TinyLmConfig, ids: number[]): number[][] {
  const d = c.dModel;
  const row = (a: Float32Array, i: number, n: number) => Array.from(a.subarray(i * n, (i + 1) * n));
  const matvec = (x: number[], W: Float32Array, out: number) => Array.from({ length: out }, (_, j) => x.reduce((s, xi, i) => s + xi * W[i * out + j], 0));
  const ln = (x: number[], g: Float32Array, b: Float32Array) => {
    const m = x.reduce((a, v) => a + v, 0) / x.length;
    const v = x.reduce((a, t) => a + (t - m) ** 2, 0) / x.length;
    return x.map((t, i) => ((t - m) / Math.sqrt(v + 1e-5)) * g[i] + b[i]);
  };
  let xs = ids.map((id, t) => row(w.tokEmb, id, d).map((v, i) => v + w.posEmb[t * d + i]));
  for (let l = 0; l < c.nLayers; l++) {
    const p = (n: string) => w[`l${l}.${n}`];
    const hs = xs.map((x) => ln(x, p('ln1.g'), p('ln1.b')));
    const qkv = hs.map((h) => matvec(h, p('wqkv'), 3 * d).map((v, j) => v + p('bqkv')[j]));
    const dh = d / c.nHeads;
    const ctx = xs.map(() => new Array(d).fill(0));
    for (let hd = 0; hd < c.nHeads; hd++) {
      for (let t = 0; t < xs.length; t++) {
        const s = Array.from({ length: t + 1 }, (_, u) => {
          let a = 0;
          for (let j = 0; j < dh; j++) a += qkv[t][hd * dh + j] * qkv[u][d + hd * dh + j];
          return a / Math.sqrt(dh);
        });
        const mx = Math.max(...s);
        const e = s.map((v) => Math.exp(v - mx));
        const z = e.reduce((a, v) => a + v, 0);
        for (let u = 0; u <= t; u++) for (let j = 0; j < dh; j++) ctx[t][hd * dh + j] += (e[u] / z) * qkv[u][2 * d + hd * dh + j];
      }
    }
    xs = xs.map((x, t) => {
      const a = matvec(ctx[t], p('wo'), d).map((v, j) => v + p('bo')[j]);
      return x.map((v, j) => v + a[j]);
    });
    xs = xs.map((x) => {
      const h = ln(x, p('ln2.g'), p('ln2.b'));
      const hid = matvec(h, p('w1'), c.dMlp).map((v, j) => Math.max(0, v + p('b1')[j]));
      const o = matvec(hid, p('w2'), d).map((v, j) => v + p('b2')[j]);
      return x.map((v, j) => v + o[j]);
    });
  }
  return xs.map((x) => ln(x, w['lnF.g'], w['lnF.b']));
}

/** Random weights with non-trivial LayerNorm gains and biases. */
function randomWeights(c: TinyLmConfig, seed: number): TinyLmWeights {
  const w = initTinyLm(createRng(seed), c);
  const r = createRng(seed + 1);
  for (const [k, a] of Object.entries(w)) if (k.endsWith('.g') || k.endsWith('.b') || k.startsWith('l0.b')) for (let i = 0; i < a.length; i++) a[i] += r.normal(0, 0.3);
  for (let i = 0; i < w.posEmb.length; i++) w.posEmb[i] += r.normal(0, 0.3);
  return w;
}

describe('tiny LM forward', () => {
  it('matches a plain-JS reference implementation', () => {
    const w = randomWeights(SMALL, 3);
    const m = createTinyLm(w, SMALL);
    const ids = [1, 4, 2, 9, 9, 0, 7];
    const got = tf.tidy(() => forward(m, tf.tensor2d([ids], [1, ids.length], 'int32')).hidden.arraySync()[0]);
    const want = reference(w, SMALL, ids);
    for (let t = 0; t < ids.length; t++) for (let j = 0; j < SMALL.dModel; j++) expect(got[t][j]).toBeCloseTo(want[t][j], 4);
    disposeTinyLm(m);
  });

  it('is causal: outputs at t do not depend on tokens after t', () => {
    const m = createTinyLm(randomWeights(TINY_LM_CONFIG, 5));
    const a = [3, 40, 41, 42, 43, 44, 45, 46];
    const b = [3, 40, 41, 42, 90, 91, 92, 93];
    const [ha, hb] = tf.tidy(() => [a, b].map((ids) => forward(m, tf.tensor2d([ids], [1, 8], 'int32')).hidden.arraySync()[0]));
    for (let t = 0; t < 4; t++) for (let j = 0; j < 64; j++) expect(ha[t][j]).toBeCloseTo(hb[t][j], 5);
    expect(Math.abs(ha[5][0] - hb[5][0]) + Math.abs(ha[5][1] - hb[5][1])).toBeGreaterThan(1e-4);
    disposeTinyLm(m);
  });

  it('hooks: prefix shifts positions; zero offsets change nothing; overwriting with the same vectors changes nothing', () => {
    const w = randomWeights(TINY_LM_CONFIG, 7);
    const m = createTinyLm(w);
    const ids = [[5, 6, 7, 8, 9]];
    tf.tidy(() => {
      const x = tf.tensor2d(ids, [1, 5], 'int32');
      const base = forward(m, x);
      const pre = forward(m, x, { prefix: tf.ones([3, 64]) });
      expect(pre.hidden.shape).toEqual([1, 8, 64]);
      expect(pre.offset).toBe(3);
      const off = forward(m, x, { inputOffsets: tf.zeros([5, 64]) });
      expect(tf.max(tf.abs(tf.sub(off.hidden, base.hidden))).dataSync()[0]).toBeLessThan(1e-6);
      const col = forward(m, x, { collect: { states: true, attention: true } });
      expect(col.states).toHaveLength(3);
      expect(col.attention![0].shape).toEqual([1, 4, 5, 5]);
      // Attention rows sum to one and put no weight on later keys.
      const att = col.attention![0].arraySync()[0][0];
      expect(att[1].reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
      expect(att[1][3]).toBe(0);
      // Overwriting positions 1 and 3 before layer 1 with the states already there is a no-op.
      const s1 = col.states![1];
      const same = tf.concat([tf.slice(s1, [0, 1, 0], [1, 1, 64]), tf.slice(s1, [0, 3, 0], [1, 1, 64])], 1);
      const ow = forward(m, x, { overwrite: { layers: [1], positions: [1, 3], vectors: same } });
      expect(tf.max(tf.abs(tf.sub(ow.hidden, base.hidden))).dataSync()[0]).toBeLessThan(1e-5);
      const lp = forward(m, x, { layerPrefix: { layer: 1, vectors: tf.ones([2, 64]) } });
      expect(lp.hidden.shape).toEqual([1, 7, 64]);
      expect(lp.offset).toBe(2);
    });
    disposeTinyLm(m);
  });

  it('mm gives the same gradients as tf.matMul', () => {
    tf.tidy(() => {
      const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const b = tf.tensor2d([0.5, -1, 2, 0, 1, 3], [3, 2]);
      const g1 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(mm(x, y))))([a, b]);
      const g2 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([a, b]);
      for (let i = 0; i < 2; i++) expect(Array.from(g1[i].dataSync())).toEqual(Array.from(g2[i].dataSync()));
    });
  });

  it('training a prefix never changes the frozen weights, and leaks no tensors', async () => {
    const w = randomWeights(TINY_LM_CONFIG, 9);
    const m = createTinyLm(w);
    const p = tf.variable(tf.zeros([4, 64]), true);
    const opt = tf.train.adam(0.05);
    const win = tf.tensor2d([[1, 5, 6, 7, 8, 9, 2]], [1, 7], 'int32');
    const step = () => tf.tidy(() => (opt.minimize(() => nextTokenLoss(m, win, { prefix: p }), true) as tf.Scalar).dataSync()[0]);
    expect(await tensorsLeaked(step)).toBe(0);
    const after = readTinyLm(m);
    for (const k of Object.keys(w)) expect(Array.from(after[k])).toEqual(Array.from(w[k]));
    expect(tf.max(tf.abs(p)).dataSync()[0]).toBeGreaterThan(0);
    for (const v of Object.values(m.vars)) expect(v.trainable).toBe(false);
    expect(await tensorsLeaked(() => sequenceLogProbs(m, [[1, 5, 6], [1, 7]], [1, 1]))).toBe(0);
    p.dispose();
    opt.dispose();
    win.dispose();
    disposeTinyLm(m);
  });

  it('sequence log-probs agree with the next-token loss; sampling is seeded', () => {
    const m = createTinyLm(randomWeights(TINY_LM_CONFIG, 11));
    const seq = [1, 20, 30, 40, 50, 60];
    const lp = sequenceLogProbs(m, [seq], [1])[0];
    const loss = tf.tidy(() => nextTokenLoss(m, tf.tensor2d([seq], [1, 6], 'int32')).dataSync()[0]);
    expect(lp).toBeCloseTo(-loss * 5, 3);
    const s1 = sample(m, [1, 20], { maxTokens: 6, temperature: 1, rng: createRng(4) });
    const s2 = sample(m, [1, 20], { maxTokens: 6, temperature: 1, rng: createRng(4) });
    expect(s1.ids).toEqual(s2.ids);
    const g = sample(m, [1, 20], { maxTokens: 3, temperature: 0, allowed: [30, 40] });
    expect(g.ids.every((i) => i === 30 || i === 40)).toBe(true);
    disposeTinyLm(m);
  });
});
