import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { initTf, tf } from '../labs/tf/backend';
import { drain, tensorsLeaked } from '../labs/tf/memory';
import { readCheckpoint } from '../labs/tiny-lm/checkpoint';
import { createTinyLm, disposeTinyLm, type TinyLm } from '../labs/tiny-lm/model';
import { NOUNS } from '../labs/tiny-lm/lexicon';
import { effectivePrompts, logSumExp, mixtureLogProbs, mixtureParams, responsibilities, softmax } from './mixture-soft-prompts';
import { factSplit, fillTemplate, trainMixture, WEAK_TEMPLATES } from './mixture-soft-prompts-run';

describe('mixture maths (hand-computed values)', () => {
  it('log-sum-exp is stable and exact on small cases', () => {
    expect(logSumExp([Math.log(1), Math.log(3)])).toBeCloseTo(Math.log(4), 12);
    // −1000 and −1001 would underflow as probabilities: log(e^−1000 (1 + e^−1)) = −1000 + log(1.3678794…)
    expect(logSumExp([-1000, -1001])).toBeCloseTo(-1000 + Math.log(1 + Math.exp(-1)), 10);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it('mixes two templates: p = 0.25·(0.5, 0.5) + 0.75·(0.9, 0.1) = (0.8, 0.2)', () => {
    const lp = mixtureLogProbs([[Math.log(0.5), Math.log(0.5)], [Math.log(0.9), Math.log(0.1)]], [Math.log(0.25), Math.log(0.75)]);
    expect(Math.exp(lp[0])).toBeCloseTo(0.8, 12);
    expect(Math.exp(lp[1])).toBeCloseTo(0.2, 12);
  });

  it('responsibilities: π = (0.5, 0.5), p_t(y) = (0.2, 0.6) → (0.25, 0.75), also in deep underflow', () => {
    const r = responsibilities([Math.log(0.2), Math.log(0.6)], [Math.log(0.5), Math.log(0.5)]);
    expect(r[0]).toBeCloseTo(0.25, 12);
    expect(r[1]).toBeCloseTo(0.75, 12);
    const far = responsibilities([-2000 + Math.log(0.2), -2000 + Math.log(0.6)], [Math.log(0.5), Math.log(0.5)]);
    expect(far[1]).toBeCloseTo(0.75, 12);
  });

  it('softmax and the effective number of prompts', () => {
    expect(softmax([0, 0, 0, 0]).every((p) => Math.abs(p - 0.25) < 1e-15)).toBe(true);
    expect(effectivePrompts([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(4, 12);
    expect(effectivePrompts([1, 0, 0])).toBe(1);
    // H(0.5, 0.5, 0) = ln 2 → 2 prompts
    expect(effectivePrompts([0.5, 0.5, 0])).toBeCloseTo(2, 12);
  });

  it('counts parameters like the brief: T = 4 templates of 4 words, d = 64 → 1,028 shallow, 3,076 with 3 layer inputs', () => {
    expect(mixtureParams([4, 4, 4, 4], 64)).toBe(1028);
    expect(mixtureParams([4, 4, 4, 4], 64, 3)).toBe(3076);
    // the default weak pool: soft words 1, 2, 2, 3 → 8·64 + 4
    expect(mixtureParams([1, 2, 2, 3], 64)).toBe(516);
  });
});

describe('templates and the split', () => {
  it('fills a template and marks only the template words as soft', () => {
    const f = fillTemplate(WEAK_TEMPLATES[3], NOUNS[0]);
    expect(f.tokens).toEqual(['<bos>', 'the', 'lemon', 'of', 'the']);
    expect(f.soft).toEqual([false, true, false, true, true]);
  });

  it('uses the task’s 24 / 16 subject split with no overlap', () => {
    const { train, test } = factSplit(1);
    expect([train.length, test.length]).toEqual([24, 16]);
    const seen = new Set(train.map((n) => n.word));
    expect(test.some((n) => seen.has(n.word))).toBe(false);
  });
});

describe('the run on the checkpoint', () => {
  let model: TinyLm;
  beforeAll(async () => {
    await initTf('wasm');
    model = createTinyLm(readCheckpoint(resolve(__dirname, '../../public')).weights);
  });
  afterAll(() => disposeTinyLm(model));

  it('at step 0 (zero offsets) each tuned component scores exactly its hard template; uniform π', async () => {
    const msgs = await drain(trainMixture(model, { pool: 'weak', steps: 1, lr: 0.02, deep: false }, 1));
    const d0 = msgs[0].delta;
    expect(d0.test!.components).toEqual(d0.setup!.templates.map((t) => t.testP1));
    expect(d0.pi!.every((p) => Math.abs(p - 0.25) < 1e-7)).toBe(true);
    expect(d0.setup!.params).toEqual({ single: 3 * 64, mixture: 516 });
    // weights move after one Adam step
    expect(msgs[1].delta.pi!.some((p) => Math.abs(p - 0.25) > 1e-4)).toBe(true);
  });

  it('leaves no tensors behind (shallow and deep)', async () => {
    for (const deep of [false, true]) {
      const leaked = await tensorsLeaked(() => drain(trainMixture(model, { pool: 'all', steps: 2, lr: 0.02, deep }, 2)));
      expect(leaked).toBe(0);
    }
    expect(tf.memory().numTensors).toBeGreaterThan(0);
  });
});
