/** The mixture lesson's claim at toy scale, at fixed seeds, on the committed checkpoint (default settings). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { initTf } from '../labs/tf/backend';
import { drain } from '../labs/tf/memory';
import { readCheckpoint } from '../labs/tiny-lm/checkpoint';
import { createTinyLm, disposeTinyLm, type TinyLm } from '../labs/tiny-lm/model';
import { trainMixture } from './mixture-soft-prompts-run';

let model: TinyLm;
beforeAll(async () => {
  await initTf('wasm');
  model = createTinyLm(readCheckpoint(resolve(__dirname, '../../public')).weights);
});
afterAll(() => disposeTinyLm(model));

describe('mixture of soft prompts claim (weak templates, 30 steps, lr 0.02)', () => {
  it('seed 1: mixture ≥ best hard template + 10 points and ≥ one soft prompt − 1 point; π favours the better templates', async () => {
    const msgs = await drain(trainMixture(model, { pool: 'weak', steps: 30, lr: 0.02, deep: false }, 1));
    const setup = msgs[0].delta.setup!;
    const last = msgs[msgs.length - 1].delta;
    const hard = setup.templates[setup.best].testP1;
    expect(setup.templates[setup.best].name).toBe('the X of the');
    expect(hard).toBeLessThan(0.6);
    expect(last.test!.mixture).toBeGreaterThanOrEqual(hard + 0.1);
    expect(last.test!.mixture).toBeGreaterThanOrEqual(last.test!.single - 0.01);
    expect(last.test!.mixture).toBeGreaterThan(setup.majority + 0.5);
    // the two weakest wordings ("the X", "is the X") end with less weight than the two better ones
    const pi = last.pi!;
    expect(Math.max(pi[0], pi[1])).toBeLessThan(Math.min(pi[2], pi[3]));
  }, 120_000);
});
