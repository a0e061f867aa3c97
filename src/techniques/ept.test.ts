import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { initTf, tf } from '../labs/tf/backend';
import { drain } from '../labs/tf/memory';
import { createTinyLm, disposeTinyLm, initTinyLm, type TinyLm } from '../labs/tiny-lm/model';
import { trainPrompts } from '../labs/tiny-lm/prompt-tuning';
import { makeTask } from '../labs/tiny-lm/tasks';
import { decompParams, equalBudgetRank, fuse, gate, softmaxRows, spaceParams, vanillaParams } from './ept';
import { eptPrompt, type EptConfig } from './ept-prompt';

let model: TinyLm;
beforeAll(async () => {
  await initTf('wasm');
  model = createTinyLm(initTinyLm(createRng(1)));
});

describe('EPT budgets', () => {
  it('reproduces the DePT README defaults and the toy equal-budget rank', () => {
    // DePT T5-base defaults (brief): d = 768, s = 40, r = 45, L = 256 → 76,800 = 100 · 768.
    expect(decompParams(40, 45, 256, 768)).toBe(76800);
    expect(vanillaParams(100, 768)).toBe(76800);
    expect(equalBudgetRank(100, 40, 256, 768)).toBe(45);
    // Toy: l = 16, L = 16, d = 64: r = (16 − s)·64/80; s = 6 → 8 exactly (384 + 128 + 512 = 1024).
    expect(equalBudgetRank(16, 6, 16, 64)).toBe(8);
    expect(decompParams(6, 8, 16, 64)).toBe(1024);
    // s = 4 → 9.6, floored to 9: 256 + 144 + 576 = 976 < 1024.
    expect(equalBudgetRank(16, 4, 16, 64)).toBe(9);
    expect(decompParams(4, 9, 16, 64)).toBe(976);
    // Brief's layout (L = 32): r = 12·64/96 = 8, full K = 3 adds 3·4096 + 192 + 3 = 12,483 → 13,507.
    expect(equalBudgetRank(16, 4, 32, 64)).toBe(8);
    expect(decompParams(4, 8, 32, 64) + spaceParams('full', 3, 64)).toBe(13507);
    expect(spaceParams('diagonal', 3, 64)).toBe(387);
    expect(spaceParams('off', 3, 64)).toBe(0);
  });
});

describe('fusion and gate (float64 reference)', () => {
  it('fusion is the identity when A·B = 0 and matches a hand computation', () => {
    const ps = [1, 2, 3, 4];
    expect(fuse(ps, 2, [0, 0, 0, 0, 0, 0], 3, 2)).toEqual(ps);
    // s = 1, d = 2, L = 2: P_s = [1, 0], M = [[2, 0], [0, 2]] → scores [2, 0]/√2, weights σ(√2), 1 − σ(√2).
    const w = 1 / (1 + Math.exp(-Math.SQRT2));
    const out = fuse([1, 0], 1, [2, 0, 0, 2], 2, 2);
    expect(out[0]).toBeCloseTo(1 + 2 * w, 12);
    expect(out[1]).toBeCloseTo(2 * (1 - w), 12);
  });
  it('softmax is stable for large logits and the gate is uniform for W_g = 0', () => {
    expect(softmaxRows([1000, 1000], 1, 2)).toEqual([0.5, 0.5]);
    expect(gate([1, 2, 3, 4], 2, [0, 0, 0, 0, 0, 0], [0, 0, 0], 2)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // mean row [2, 3]; W_g = [[1, 0], [0, 1]] → logits [2, 3] → softmax.
    const g = gate([1, 2, 3, 4], 2, [1, 0, 0, 1], [0, 0], 2);
    expect(g[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
});

const cfg: EptConfig = { s: 3, rank: 2, maxLen: 16, fusion: true, space: 'full', spaces: 2, lr: 0.02, lrLow: 0.002 };

describe('EPT prompt on the tiny LM', () => {
  it('builds P* = Σ g_j P_f W_j with the reference fusion and gate, and has the right counts', () => {
    const m = eptPrompt(model, cfg, createRng(4));
    const d = 64;
    expect(m.paramCount).toBe(3 * 64 + 16 * 2 + 2 * 64 + 2 * 64 * 64 + 64 * 2 + 2);
    expect(m.variables.reduce((a, v) => a + v.size, 0)).toBe(m.paramCount);
    const [ps, a, b, w, wg, bg] = m.variables;
    const rng = createRng(9);
    b.assign(tf.tensor2d(Float32Array.from({ length: 2 * d }, () => rng.normal()), [2, d]));
    wg.assign(tf.tensor2d(Float32Array.from({ length: d * 2 }, () => 0.3 * rng.normal()), [d, 2]));
    const gamma = cfg.lrLow / cfg.lr;
    const A = Array.from(a.dataSync()).map((x) => x * gamma);
    const B = Array.from(b.dataSync()).map((x) => x * gamma);
    const M = Array.from({ length: 16 * d }, (_, i) => {
      const r = Math.floor(i / d);
      const c = i % d;
      return A[r * 2] * B[c] + A[r * 2 + 1] * B[d + c];
    });
    const pf = fuse(Array.from(ps.dataSync()), 3, M, 16, d);
    const g = gate(pf, 3, Array.from(wg.dataSync()), Array.from(bg.dataSync()), d);
    expect(Math.abs(g[0] - g[1])).toBeGreaterThan(1e-3);
    const W = w.dataSync();
    const want = Array.from({ length: 3 * d }, (_, i) => {
      const r = Math.floor(i / d);
      const c = i % d;
      let t = 0;
      for (let j = 0; j < 2; j++) for (let q = 0; q < d; q++) t += g[j] * pf[r * d + q] * W[q * 2 * d + j * d + c];
      return t;
    });
    const got = tf.tidy(() => m.prompt().dataSync());
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4);
    const off = tf.tidy(() => (m.hooks!(5).inputOffsets as tf.Tensor).dataSync());
    expect(off.length).toBe(5 * d);
    for (let i = 0; i < off.length; i++) expect(off[i]).toBeCloseTo(M[i], 5);
    expect(() => m.hooks!(17)).toThrow(/longer/);
    expect(m.gate().reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    m.dispose();
  });

  it('starts as plain P_s with zero offsets when fusion and spaces are off (B = 0)', () => {
    const m = eptPrompt(model, { ...cfg, space: 'off' }, createRng(5));
    const ps = m.variables[0].dataSync();
    const p = tf.tidy(() => m.prompt().dataSync());
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(ps[i], 6);
    expect(Math.max(...tf.tidy(() => tf.abs(m.hooks!(8).inputOffsets as tf.Tensor).dataSync()))).toBe(0);
    expect(m.gate()).toEqual([]);
    expect(m.paramCount).toBe(3 * 64 + 16 * 2 + 2 * 64);
    m.dispose();
  });

  it('trains without leaking tensors and moves A, B and the gate', async () => {
    const task = makeTask('sentiment', 1, { trainSize: 32, testSize: 16 });
    const before = tf.memory().numTensors;
    const m = eptPrompt(model, { ...cfg, space: 'diagonal', spaces: 3 }, createRng(6));
    const b0 = Array.from(m.variables[2].dataSync());
    const g0 = m.gate();
    await drain(trainPrompts(model, task, [m], { steps: 3, batch: 8, lr: 0.02, evalEvery: 3, seed: 1, previews: 0 }));
    expect(Math.max(...Array.from(m.variables[2].dataSync()).map((x, i) => Math.abs(x - b0[i])))).toBeGreaterThan(0);
    expect(m.gate()).not.toEqual(g0);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeTinyLm(model);
  });
});
