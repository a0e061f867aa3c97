/** The EPT lesson's claim at toy scale, at a fixed seed, on the committed checkpoint. */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { drain } from '../labs/tf/memory';
import { readCheckpoint } from '../labs/tiny-lm/checkpoint';
import { runEpt, type EptRunParams } from './ept-run';

const weights = readCheckpoint(resolve(__dirname, '../../public')).weights;
const base: EptRunParams = { task: 'sentiment', s: 6, fusion: true, space: 'diagonal', spaces: 3, steps: 60, lr: 0.02, lrLow: 0.002 };

describe('EPT claim (seed 1, sentiment, s = 6, r = 8, 60 steps)', () => {
  it('the decomposition keeps the budget at 1024; EPT ends within 2 points of vanilla PT; the gate is a distribution', async () => {
    const msgs = await drain(runEpt(base, 1, { loadWeights: async () => weights }));
    const setup = msgs[0].delta.setup!;
    expect(setup.methods.map((m) => m.params)).toEqual([1024, 1024, 1024 + 3 * 64 + 64 * 3 + 3]);
    const last = [0, 1, 2].map((i) => msgs.filter((m) => m.delta.method === i && m.delta.step === base.steps).pop()!.delta);
    const [va, de, ep] = last.map((d) => d.testAcc!);
    expect(va).toBeGreaterThan(0.8);
    expect(de).toBeGreaterThanOrEqual(va - 0.02);
    expect(ep).toBeGreaterThanOrEqual(va - 0.02);
    const g = last[2].gate!;
    expect(g).toHaveLength(3);
    expect(g.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 5);
    // Training moved the gate away from uniform (W_g started at noise of size 0.01).
    expect(Math.max(...g) - Math.min(...g)).toBeGreaterThan(0.05);
    // The interleaved timing probe ran (values are machine-dependent and not judged here).
    const t = last[2].timing!;
    expect(t).toHaveLength(3);
    for (const x of t) expect(x).toBeGreaterThan(0);
    console.log('seed 1 accuracies', [va, de, ep], 'interleaved ms', t, 'training-median ms', last.map((d) => d.msPerStep));
  }, 300_000);
});
