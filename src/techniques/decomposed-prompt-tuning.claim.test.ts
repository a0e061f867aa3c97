/** The DPT lesson's claim at toy scale, at a fixed seed, on the committed checkpoint. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { createRng } from '../core/rng';
import { initTf } from '../labs/tf/backend';
import { drain } from '../labs/tf/memory';
import { readCheckpoint } from '../labs/tiny-lm/checkpoint';
import { createTinyLm, disposeTinyLm, type TinyLm } from '../labs/tiny-lm/model';
import { trainPrompts, vanillaPrompt } from '../labs/tiny-lm/prompt-tuning';
import { makeTask } from '../labs/tiny-lm/tasks';
import { singularValues } from './decomposed-prompt-tuning';
import { lowRankPrompt } from './decomposed-prompt-tuning-prompt';

let model: TinyLm;
beforeAll(async () => {
  await initTf('wasm');
  model = createTinyLm(readCheckpoint(resolve(__dirname, '../../public')).weights);
});
afterAll(() => disposeTinyLm(model));

describe('DPT claim (k = 16, b = 4, seed 1)', () => {
  it('ends within 5 accuracy points of vanilla PT at the same k with 320 instead of 1024 parameters; its prompt has rank ≤ 4', async () => {
    const task = makeTask('sentiment', 1, { trainSize: 256, testSize: 64 });
    const rng = createRng(1);
    const vanilla = vanillaPrompt(model, 16, rng.fork('same-k'));
    const dpt = lowRankPrompt(model, 16, 4, rng.fork('dpt'));
    expect([vanilla.paramCount, dpt.paramCount]).toEqual([1024, 320]);
    const msgs = await drain(trainPrompts(model, task, [vanilla, dpt], { steps: 80, batch: 16, lr: 0.02, evalEvery: 80, seed: 1 }));
    vanilla.dispose();
    dpt.dispose();
    const last = msgs[msgs.length - 1].delta;
    const [va, da] = last.methods.map((m) => m.testAcc!);
    expect(da).toBeGreaterThanOrEqual(va - 0.05);
    expect(va).toBeGreaterThan(0.7);
    const p = last.prompts![1];
    const s = singularValues(p.final, p.k, p.d);
    expect(s[4] / s[0]).toBeLessThan(1e-3);
  });
});
