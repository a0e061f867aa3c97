import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { raceSpec, type RaceWidgetParams } from './race';
import { MAX_DRAWN, scheduleSpec, thinForDrawing, type ScheduleParams } from './schedule';
import type { RaceDelta } from '../../techniques/sgdr-race-claim';
import { sgdrLr, sgdrLrPerEpoch } from '../../techniques/sgdr';

const scheduleDefaults = defaults(scheduleSpec.params) as ScheduleParams;
const raceDefaults = defaults(raceSpec.params) as RaceWidgetParams;

describe('schedule explorer', () => {
  it('shows the default schedule, its restarts and a holding claim', () => {
    const v = scheduleSpec.compute(scheduleDefaults, 1);
    expect(v.charts).toHaveLength(1);
    expect(v.claim?.holds).toBe(true);
    expect(v.readouts?.[0].value).toBe('2, 6, 14');
    expect(v.readouts?.[1].value).toBe('at the end of cycle 4');
    expect(v.table.columns).toEqual(['epoch', 'lr_sgdr', 'lr_baseline']);
    expect(v.table.rows).toHaveLength(30 * 25);
    // Row 50 is the first batch of epoch 2: the restart, back at η_max; the baseline is still 0.2.
    expect(v.table.rows[50]).toEqual([2, 0.2, 0.2]);
    expect(v.summary).toContain('2, 6, 14');
  });

  it("switches to the paper's WRN setting and reports a mid-cycle end otherwise", () => {
    const wrn = scheduleSpec.compute({ ...scheduleDefaults, setting: 'wrn' }, 1);
    expect(wrn.readouts?.[0].value).toBe('10, 30, 70, 150');
    expect(wrn.table.rows).toHaveLength(200 * 25);
    // 200 is inside the cycle [150, 310): T_cur/T_i = 50/160 = 0.3125, shown to 3 digits.
    expect(wrn.readouts?.[1].value).toContain('T_cur/T_i = 0.313');
    const bug = scheduleSpec.compute({ ...scheduleDefaults, perEpoch: true }, 1);
    expect(bug.table.columns).toHaveLength(4);
    expect(bug.charts[0].legend).toHaveLength(3);
    // Row 37 = epoch 1, batch 12 (t = 1.48): the bug uses the rate of t = 1 for the whole epoch.
    const toy = { t0: 2, tMult: 2, etaMin: 0, etaMax: 0.2 };
    expect(bug.table.rows[37][3]).toBe(sgdrLrPerEpoch(1.48, toy));
    expect(bug.table.rows[37][1]).toBe(sgdrLr(1.48, toy));
  });

  it('thins long curves for drawing but keeps both sides of every restart', () => {
    const n = 50;
    const pts = Array.from({ length: 200 * n }, (_, i) => ({ t: i / n, lr: i }));
    const drawn = thinForDrawing(pts, n, [10, 30, 70, 150]);
    expect(drawn.length).toBeLessThanOrEqual(MAX_DRAWN + 10);
    for (const r of [10, 30, 70, 150]) {
      expect(drawn.some((p) => p.y === r * n)).toBe(true); // first batch of the new cycle
      expect(drawn.some((p) => p.y === r * n - 1)).toBe(true); // last batch of the old one
    }
    expect(drawn.at(-1)?.y).toBe(200 * n - 1);
    // Short curves are drawn whole.
    expect(thinForDrawing(pts.slice(0, 750), 25, [2, 6, 14])).toHaveLength(750);
  });

  it('computes within a frame at the defaults (and reports the worst case)', () => {
    scheduleSpec.compute(scheduleDefaults, 1);
    let t = performance.now();
    for (let i = 0; i < 20; i++) scheduleSpec.compute(scheduleDefaults, 1);
    const typical = (performance.now() - t) / 20;
    const worst: ScheduleParams = { ...scheduleDefaults, t0: 1, tMult: 1, budget: 200, batches: 50, perEpoch: true };
    t = performance.now();
    for (let i = 0; i < 5; i++) scheduleSpec.compute(worst, 1);
    const heavy = (performance.now() - t) / 5;
    console.info(`schedule compute: defaults ${typical.toFixed(2)} ms, worst case ${heavy.toFixed(2)} ms`);
    expect(typical).toBeLessThan(16);
  });
});

describe('anytime race view', () => {
  it('draws schedules before a run, with no verdict yet', () => {
    const s = raceSpec.initial(raceDefaults, 1);
    const v = raceSpec.view(s, raceDefaults, false);
    expect(v.charts.map((c) => c.title)).toHaveLength(3);
    expect(v.claim?.holds).toBeNull();
    expect(v.table.rows).toHaveLength(0);
    expect(v.readouts?.map((r) => r.label)).toEqual([
      'Stop at epoch 2 (end of a cycle)',
      'Stop at epoch 6 (end of a cycle)',
      'Stop at epoch 14 (end of a cycle)',
      'Stop at epoch 30 (end of a cycle)',
    ]);
  });

  it('folds per-epoch messages into charts, table and claim', () => {
    let s = raceSpec.initial(raceDefaults, 1);
    for (let e = 0; e <= 30; e++) {
      const d: RaceDelta = {
        epoch: e,
        sgdr: { testAcc: 0.84, testLoss: 0.44, trainLoss: 0.43, lr: e === 0 ? null : 0.1 },
        step: { testAcc: e === 30 ? 0.835 : 0.8, testLoss: e === 30 ? 0.45 : 0.6, trainLoss: 0.5, lr: e === 0 ? null : 0.2 },
      };
      s = raceSpec.reduce(s, d, raceDefaults);
    }
    const v = raceSpec.view(s, raceDefaults, true);
    expect(v.table.rows).toHaveLength(31);
    expect(v.table.rows[0][1]).toBe('');
    expect(v.table.rows[6].at(-1)).toBe('yes');
    expect(v.table.rows[7].at(-1)).toBe('no');
    expect(v.claim?.holds).toBe(true);
    expect(v.claim?.detail).toContain('epoch 6: SGDR loss 0.440 vs 0.600');
    expect(v.readouts?.[1].value).toBe('SGDR 0.840 · step 0.800');
  });
});
