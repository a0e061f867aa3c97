import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { initTf, tf } from '../../labs/tf/backend';
import { drain } from '../../labs/tf/memory';
import { runPromptBench, type BenchParams } from '../../labs/tiny-lm/bench';
import { initTinyLm } from '../../labs/tiny-lm/model';
import { lowRankPrompt } from '../../techniques/decomposed-prompt-tuning-prompt';
import { defaults } from '../kit/params';
import { benchSpec, type BenchWidgetParams } from './bench';

beforeAll(async () => {
  await initTf('wasm');
});

const p0 = defaults(benchSpec.params) as BenchWidgetParams;

describe('prompt-bench widget', () => {
  it('before a run, names both methods with their parameter counts', () => {
    const v = benchSpec.view(benchSpec.initial(p0, 1), p0, false);
    expect(v.summary).toContain('vanilla PT (k=8) with 512 trainable parameters');
    expect(v.summary).toContain('DPT (b=2) with 144 trainable parameters');
    expect(v.charts).toHaveLength(2);
  });

  it('folds a real (short) run: curves, previews, parameter counts; tensor count back where it started', async () => {
    const weights = initTinyLm(createRng(2));
    const p: BenchParams & BenchWidgetParams = { ...p0, steps: 10, batch: 8 };
    const before = tf.memory().numTensors;
    const run = runPromptBench(p, 3, { loadWeights: async () => weights, extraMethods: (m, q, rng) => (q.dpt ? [lowRankPrompt(m, q.k, Number(q.rank), rng)] : []) });
    const msgs = await drain(run);
    let s = benchSpec.initial(p, 3);
    for (const m of msgs) s = benchSpec.reduce(s, m.delta, p);
    expect(s.methods.map((m) => m.params)).toEqual([512, 144]);
    expect(s.methods[0].acc.map((a) => a.x)).toEqual([0, 10]);
    expect(s.methods[1].loss).toHaveLength(10);
    const v = benchSpec.view(s, p, true);
    expect(v.table.rows).toHaveLength(4);
    expect(v.readouts!.filter((r) => r.label.startsWith('“'))).toHaveLength(4);
    expect(msgs[msgs.length - 1].info!.numTensors).toBe(before);
  });
});
