import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { createRng } from '../../core/rng';
import { initTf } from '../tf/backend';
import { drain } from '../tf/memory';
import { readCheckpoint } from './checkpoint';
import { createTinyLm, disposeTinyLm, type TinyLm } from './model';
import { trainPrompts, vanillaPrompt } from './prompt-tuning';
import { makeTask } from './tasks';

let model: TinyLm;
beforeAll(async () => {
  await initTf('wasm');
  model = createTinyLm(readCheckpoint(resolve(__dirname, '../../../public')).weights);
});
afterAll(() => disposeTinyLm(model));

describe('vanilla prompt tuning on the pretrained tiny LM', () => {
  it('learns toy sentiment (no cue words) well above chance at seed 1', async () => {
    const task = makeTask('sentiment', 1, { trainSize: 256, testSize: 64 });
    const m = vanillaPrompt(model, 8, createRng(1).fork('vanilla'));
    const msgs = await drain(trainPrompts(model, task, [m], { steps: 60, batch: 16, lr: 0.02, evalEvery: 60, seed: 1 }));
    m.dispose();
    const first = msgs[0].delta.methods[0].testAcc!;
    const last = msgs[msgs.length - 1].delta.methods[0].testAcc!;
    expect(last).toBeGreaterThan(0.75);
    expect(last).toBeGreaterThan(first + 0.1);
  });
});
