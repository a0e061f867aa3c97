import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { gradientSpec, type GradientParams } from './gradients';
import { tasksSpec, type TaskParams } from './tasks';
import type { ClDelta, VariantEval } from '../../techniques/softmax-masking-continual-setting';

const gDefaults = defaults(gradientSpec.params) as GradientParams;
const tDefaults = defaults(tasksSpec.params) as TaskParams;

describe('gradient widget', () => {
  it('shows the default sample: old logits pushed down only by the full softmax', () => {
    const v = gradientSpec.compute(gDefaults, 1);
    expect(v.charts).toHaveLength(1);
    expect(v.claim?.holds).toBe(true);
    expect(v.table.columns[3]).toBe('grad_full');
    expect(v.table.rows).toHaveLength(6);
    // Row 0 = class 0 (old): +0.630796 under the full softmax (Python: e^3 / (e^3 + e + e^0.5 + e^2)), 0 masked.
    expect(v.table.rows[0].slice(0, 6)).toEqual([0, 'old', 3, 0.630796, 0, 0]);
    expect(v.table.rows[5][1]).toBe('future');
    expect(v.readouts?.[1].value).toBe('0.716'); // 0.630796 + 0.085369
    expect(v.readouts?.[3].value).toBe('0.985'); // 4e^5 / (4e^5 + e^0.5 + e^2)
    expect(v.summary).toContain('label 3');
  });

  it('has no old classes in task 1, and masks future classes too', () => {
    const v = gradientSpec.compute({ ...gDefaults, task: 1, label: 0 }, 1);
    expect(v.claim?.holds).toBe(true);
    expect(v.claim?.detail).toContain('Task 1 has no old classes');
    expect(v.table.rows.map((r) => r[1])).toEqual(['current', 'current', 'future', 'future', 'future', 'future']);
    // Task 1: the full softmax over the seen classes equals −∞ masking.
    for (const r of v.table.rows) expect(r[3]).toBe(r[4]);
  });

  it('redraws within a frame', () => {
    gradientSpec.compute(gDefaults, 1);
    const t = performance.now();
    for (let i = 0; i < 50; i++) gradientSpec.compute({ ...gDefaults, l0: i / 10 }, 1);
    const ms = (performance.now() - t) / 50;
    console.info(`gradient widget compute: ${ms.toFixed(3)} ms`);
    expect(ms).toBeLessThan(16);
  });
});

describe('tasks widget', () => {
  const ev = (classIL: (number | null)[]): VariantEval => ({ acc: { classIL, taskIL: classIL.map((a) => (a === null ? null : Math.min(1, a + 0.1))) }, loss: 0.5 });
  const delta = (step: number, task: number, full: (number | null)[], inf: (number | null)[], mm: (number | null)[], regions: boolean): ClDelta => {
    const d: ClDelta = { step, task, evals: { full: ev(full), maskInf: ev(inf), maskM: ev(mm) } };
    if (regions) d.regions = { full: new Uint8Array(1600), maskInf: new Uint8Array(1600).fill(1), maskM: new Uint8Array(1600).fill(2) };
    return d;
  };

  it('shows the data and no verdict before a run', () => {
    const s = tasksSpec.initial(tDefaults, 1);
    const v = tasksSpec.view(s, tDefaults, false);
    expect(s.train.size).toBe(600);
    expect(v.claim?.holds).toBeNull();
    expect(v.charts.map((c) => c.title)).toHaveLength(2);
    expect(v.charts[1].title).toContain('training data');
    expect(v.table.rows).toHaveLength(0);
  });

  it('folds reports into matrices, final bars, table and claim', () => {
    let s = tasksSpec.initial(tDefaults, 1);
    const seq = [
      delta(0, 0, [0.5, null, null], [0.5, null, null], [0.5, null, null], false),
      delta(150, 0, [0.95, null, null], [0.95, null, null], [0.95, null, null], true),
      delta(300, 1, [0.8, 0.9, null], [0.9, 0.85, null], [0.9, 0.85, null], true),
      delta(450, 2, [0.6, 0.7, 0.9], [0.8, 0.75, 0.8], [0.78, 0.76, 0.82], true),
    ];
    for (const d of seq) s = tasksSpec.reduce(s, d, tDefaults);
    const v = tasksSpec.view(s, tDefaults, true);
    expect(v.charts).toHaveLength(4);
    expect(v.table.rows).toHaveLength(4);
    expect(v.table.rows[0]).toEqual([0, 1, 0.5, '', '', 0.5, '', '', 0.5, '', '', 0.5, 0.5, 0.5]);
    // Old: full 0.65, −∞ 0.775 (+12.5 points); average 0.733 vs 0.783: holds.
    expect(v.claim?.holds).toBe(true);
    expect(v.claim?.detail).toContain('+12.5 points');
    expect(v.readouts?.[0].value).toBe('65.0% · 90.0% · 73.3%');
    // Task-incremental view reads the other numbers; the claim stays class-incremental.
    const vt = tasksSpec.view(s, { ...tDefaults, evaluation: 'task' }, true);
    expect(vt.readouts?.[0].value).toBe('75.0% · 100.0% · 83.3%');
    expect(vt.claim?.holds).toBe(true);
    // A smaller gain on the old tasks fails the claim.
    const weak = tasksSpec.reduce(tasksSpec.initial(tDefaults, 1), delta(450, 2, [0.7, 0.7, 0.9], [0.78, 0.7, 0.8], [0.7, 0.7, 0.9], true), tDefaults);
    weak.ends = [weak.ends[0], weak.ends[0], weak.ends[0]];
    expect(tasksSpec.view(weak, tDefaults, true).claim?.holds).toBe(false);
  });
});
