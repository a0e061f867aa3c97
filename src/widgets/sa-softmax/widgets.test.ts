import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { initTf } from '../../labs/tf/backend';
import { drain } from '../../labs/tf/memory';
import { saSoftmaxTrain } from '../../techniques/sa-softmax-train';
import type { SaTrainParams } from '../../techniques/sa-softmax-train-config';
import { gradSpec, sweep, type GradParams } from './gradient';
import { trainSpec, trainVerdict } from './train';
import { medianComputeMs } from '../kit/compute-time';

describe('where does the gradient go (instant)', () => {
  const p = defaults(gradSpec.params) as GradParams;
  it('default view: three charts, 6 table rows, claim holds', () => {
    const v = gradSpec.compute(p, 1);
    expect(v.charts).toHaveLength(3);
    expect(v.charts[2].title).toContain('detached');
    expect(gradSpec.compute({ ...p, reading: 'through' }, 1).charts[2].title).toContain('through');
    expect(v.table.rows).toHaveLength(6);
    expect(v.table.columns).toHaveLength(v.table.rows[0].length);
    expect(v.claim?.holds).toBe(true);
    expect(v.claim?.detail).toContain('z₁ =');
  });
  it('the two readings differ at the top key, and "through" equals softmax there', () => {
    // Default scores [3, 1, 0.5, 0, −0.5, −1]: readouts 1 = softmax, 3 = detached, 4 = through.
    const v = gradSpec.compute(p, 1);
    const r = v.readouts!.map((x) => Number(x.value));
    expect(r[4]).toBeCloseTo(r[1], 3);
    expect(r[3]).toBeGreaterThan(r[1] + 0.1);
    expect(gradSpec.compute({ ...p, reading: 'through' }, 1).readouts![4].role).toBe('method');
  });
  it('the sweep reaches a dominant key 1 even when the other scores are high', () => {
    const sw = sweep([0, 6, 6, 6, 6, 6]);
    expect(sw.at(-1)!.s1).toBeGreaterThan(0.99);
    expect(gradSpec.compute({ ...p, z2: 6, z3: 6, z4: 6, z5: 6, z6: 6 }, 1).claim?.holds).toBe(true);
  });
  it('redraws within a frame', () => {
    expect(medianComputeMs(() => gradSpec.compute(p, 1))).toBeLessThan(16);
  });
});

describe('does it train faster (iterative)', () => {
  const p = defaults(trainSpec.params) as SaTrainParams;
  it('initial state (build-time figure): empty curves, no claim yet', () => {
    const v = trainSpec.view(trainSpec.initial(p, 1), p, false);
    expect(v.charts).toHaveLength(2);
    expect(v.claim?.holds).toBeNull();
    expect(v.summary).toContain('16 items');
  });
  it('folds a short real 3-seed run into curves, per-seed results, a table and a claim', async () => {
    await initTf('wasm');
    const q: SaTrainParams = { ...p, steps: 50, seeds: 3, items: 8 };
    const msgs = await drain(saSoftmaxTrain(q, 1));
    let s = trainSpec.initial(q, 1);
    for (const m of msgs) s = trainSpec.reduce(s, m.delta, q);
    const v = trainSpec.view(s, q, true);
    expect(s.finals.map((f) => f.seed)).toEqual([1, 2, 3]);
    expect(v.charts).toHaveLength(3);
    expect(v.claim?.holds).toBe(trainVerdict(s.finals));
    expect(typeof v.claim?.holds).toBe('boolean');
    expect(v.table.rows.length).toBe(3 * (s.evals.length + 3));
    expect(v.table.columns).toHaveLength(v.table.rows[0].length);
  }, 120_000);
  it('the verdict compares normalised SA with softmax in every seed', () => {
    const e = { items: 16, accuracy: 1, loss: 0, topWeight: 1, rowSum: 1 };
    expect(trainVerdict([{ seed: 1, tailLoss: [0.2, 0.9, 0.1], evals: [e, e, e] }])).toBe(true);
    expect(trainVerdict([{ seed: 1, tailLoss: [0.2, 0.1, 0.3], evals: [e, e, e] }])).toBe(false);
    expect(trainVerdict([])).toBeNull();
  });
});
