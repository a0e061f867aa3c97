/**
 * The lockstep retrieval trainer: identical normalisers give identical runs (same init, same
 * batches), the schedule of reports and evaluations, the evaluation-time swap, and no leaks (also
 * when a consumer abandons the run early).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../tf/backend';
import { drain } from '../tf/memory';
import { SOFTMAX, type NamedNormaliser } from './normaliser';
import { trainRetrievalLockstep, type RetrievalRunConfig } from './retrieval-train';

beforeAll(async () => {
  await initTf('wasm');
});

const C: RetrievalRunConfig = {
  task: { items: 8, colours: 4 },
  steps: 20,
  batchSize: 16,
  learningRate: 3e-3,
  dModel: 16,
  readoutHidden: 16,
  evalItems: [8, 32],
  evalSize: 32,
  evalEvery: 10,
  reportEvery: 5,
};
/** Uniform weights: ignores the scores entirely (a different model from softmax). */
const MEAN: NamedNormaliser = { id: 'mean', normalise: (s, m) => tf.div(tf.mul(tf.onesLike(s), m), tf.sum(m, -1, true)) };

describe('trainRetrievalLockstep', () => {
  it('two copies with the same normaliser stay identical; a different one diverges', async () => {
    const before = tf.memory().numTensors;
    const out = await drain(trainRetrievalLockstep(C, [SOFTMAX, SOFTMAX, MEAN], 3));
    expect(tf.memory().numTensors).toBe(before);
    expect(out.map((m) => m.step)).toEqual([0, 5, 10, 15, 20]);
    expect(out.filter((m) => m.delta.eval).map((m) => m.step)).toEqual([0, 10, 20]);
    for (const m of out.slice(1)) {
      expect(m.delta.trainLoss[1]).toBe(m.delta.trainLoss[0]);
      expect(m.delta.trainLoss[2]).not.toBe(m.delta.trainLoss[0]);
    }
    const ev = out.at(-1)!.delta.eval!;
    expect(ev[0].map((e) => e.items)).toEqual([8, 32]);
    expect(ev[0][0].rowSum).toBeCloseTo(1, 5);
    expect(ev[2][1].topWeight).toBeCloseTo(1 / 32, 5); // uniform weights on 32 items
    // Same seed, same run.
    const again = await drain(trainRetrievalLockstep(C, [SOFTMAX], 3));
    expect(again.at(-1)!.delta.trainLoss[0]).toBe(out.at(-1)!.delta.trainLoss[0]);
  });
  it('evalNormalisers swaps the normaliser at evaluation time only', async () => {
    const out = await drain(trainRetrievalLockstep({ ...C, steps: 5 }, [SOFTMAX, SOFTMAX], 4, 'wasm', [SOFTMAX, MEAN]));
    const last = out.at(-1)!.delta;
    expect(last.trainLoss[1]).toBe(last.trainLoss[0]);
    expect(last.eval![1][0].topWeight).toBeCloseTo(1 / 8, 5);
    expect(last.eval![0][0].topWeight).not.toBeCloseTo(1 / 8, 5);
  });
  it('frees every tensor when abandoned after the first messages', async () => {
    const before = tf.memory().numTensors;
    const gen = trainRetrievalLockstep(C, [SOFTMAX, MEAN], 5);
    await gen.next();
    await gen.next();
    await gen.return();
    expect(tf.memory().numTensors).toBe(before);
  });
});
