import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { initTf, tf } from '../tf/backend';
import { drain, tensorsLeaked } from '../tf/memory';
import { createTinyLm, disposeTinyLm, initTinyLm, readTinyLm, type TinyLm } from './model';
import { embeddingRms, trainPrompts, vanillaPrompt } from './prompt-tuning';
import { TASK_NAMES, majorityRate, makeTask } from './tasks';
import { decode } from './tokenizer';
import { isHeldOut } from './frames';

let model: TinyLm;
beforeAll(async () => {
  await initTf('wasm');
  model = createTinyLm(initTinyLm(createRng(1)));
});
afterAll(() => disposeTinyLm(model));

describe('tasks', () => {
  it('builds every task with one-token labels, balanced classes and held-out test sentences', () => {
    for (const name of TASK_NAMES) {
      const t = makeTask(name, 3, { trainSize: 64, testSize: 32 });
      expect(t.labelIds).toHaveLength(t.labels.length);
      expect(t.train.length).toBeGreaterThan(0);
      expect(t.maxLen).toBeLessThanOrEqual(40);
      if (name !== 'facts') expect(majorityRate(t.test, t.labels.length)).toBeLessThanOrEqual(1 / t.labels.length + 0.05);
    }
    const s = makeTask('sentiment', 3, { trainSize: 40, testSize: 40 });
    // Test inputs are built from held-out sentences only; train inputs never.
    const sentences = (ids: number[]) => decode(ids).join(' ').split(' . ').map((x) => (x.endsWith('.') ? x : `${x} .`).split(' '));
    for (const e of s.test) for (const sen of sentences(e.ids)) expect(isHeldOut(sen)).toBe(true);
    for (const e of s.train) for (const sen of sentences(e.ids)) expect(isHeldOut(sen)).toBe(false);
    const f = makeTask('facts', 3);
    expect(f.train).toHaveLength(24);
    expect(f.test).toHaveLength(16);
  });

  it('is deterministic in the seed', () => {
    expect(makeTask('topic', 5, { trainSize: 16 }).train).toEqual(makeTask('topic', 5, { trainSize: 16 }).train);
    expect(makeTask('topic', 5, { trainSize: 16 }).train).not.toEqual(makeTask('topic', 6, { trainSize: 16 }).train);
  });
});

describe('prompt-tuning loop', () => {
  const task = makeTask('sentiment', 1, { trainSize: 32, testSize: 16 });
  const run = async (seed: number) => {
    const m = vanillaPrompt(model, 4, createRng(seed).fork('prompt'));
    const out = await drain(trainPrompts(model, task, [m], { steps: 3, batch: 8, lr: 0.02, evalEvery: 2, seed }));
    m.dispose();
    return out;
  };

  it('counts parameters, starts prompts at the embedding scale, and reproduces a run from its seed', async () => {
    const m = vanillaPrompt(model, 8, createRng(2));
    expect(m.paramCount).toBe(8 * 64);
    const rms = tf.tidy(() => Math.sqrt(tf.mean(tf.square(m.prompt())).dataSync()[0]));
    expect(rms / embeddingRms(model)).toBeGreaterThan(0.7);
    expect(rms / embeddingRms(model)).toBeLessThan(1.3);
    m.dispose();
    const a = await run(4);
    const b = await run(4);
    // Same seed, same numbers (wall-clock step times aside).
    const strip = (xs: typeof a) => xs.map((p) => ({ ...p.delta, msPerStep: 0 }));
    expect(strip(a)).toEqual(strip(b));
    expect(a).toHaveLength(4);
    expect(a[0].delta.methods[0].testAcc).toBeDefined();
    expect(a[1].delta.methods[0].testAcc).toBeUndefined();
    expect(a[3].delta.previews).toHaveLength(4);
  });

  it('trains methods batched together exactly as it trains each alone', async () => {
    const make = (seed: number) => vanillaPrompt(model, 4, createRng(seed));
    const opts = { steps: 3, batch: 8, lr: 0.02, evalEvery: 3, seed: 9 };
    const [a, b] = [make(1), make(2)];
    const together = await drain(trainPrompts(model, task, [a, b], opts));
    a.dispose();
    b.dispose();
    for (const [i, seed] of [[0, 1], [1, 2]]) {
      const m = make(seed);
      const alone = await drain(trainPrompts(model, task, [m], opts));
      m.dispose();
      alone.forEach((msg, t) => {
        if (t > 0) expect(msg.delta.methods[0].loss).toBeCloseTo(together[t].delta.methods[i].loss!, 4);
        if (msg.delta.methods[0].testLoss !== undefined) expect(msg.delta.methods[0].testLoss).toBeCloseTo(together[t].delta.methods[i].testLoss!, 4);
      });
    }
  });

  it('never changes the frozen weights and leaks no tensors', async () => {
    const before = readTinyLm(model);
    expect(await tensorsLeaked(() => run(5))).toBe(0);
    const after = readTinyLm(model);
    for (const k of Object.keys(before)) expect(after[k]).toEqual(before[k]);
  });
});
