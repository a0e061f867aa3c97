import { describe, expect, it } from 'vitest';
import {
  WRN_SETTING,
  batchTime,
  checkSchedule,
  cosineLr,
  cycleAt,
  lrPerBatch,
  restartEpochClosedForm,
  restartEpochs,
  sgdrLr,
  sgdrLrPerBatch,
  sgdrLrPerEpoch,
  stepDecayLr,
  toyStepDecay,
} from './sgdr';

const toy = { t0: 2, tMult: 2, etaMin: 0, etaMax: 0.2 };

describe('cycles and restarts', () => {
  it('lists the restart epochs given in the brief', () => {
    // Partial sums of 2, 4, 8, 16, 32 and of 1, 2, 4, 8, 16 (brief, "Method").
    expect(restartEpochs(2, 2, 62)).toEqual([2, 6, 14, 30, 62]);
    expect(restartEpochs(1, 2, 31)).toEqual([1, 3, 7, 15, 31]);
    expect(restartEpochs(10, 1, 30)).toEqual([10, 20, 30]);
    expect(restartEpochs(40, 2, 30)).toEqual([]);
    // The paper's WRN setting within 200 epochs: 10, 10+20, 30+40, 70+80 (next would be 310).
    expect(restartEpochs(WRN_SETTING.sgdr.t0, WRN_SETTING.sgdr.tMult, WRN_SETTING.budget)).toEqual([10, 30, 70, 150]);
  });

  it('agrees with the closed form of the partial sums', () => {
    for (const [t0, m] of [[2, 2], [1, 3], [3, 1], [5, 2]]) {
      restartEpochs(t0, m, 500).forEach((r, k) => expect(r).toBe(restartEpochClosedForm(t0, m, k + 1)));
    }
  });

  it('applies a restart exactly at the boundary', () => {
    expect(cycleAt(0, 2, 2)).toEqual({ index: 0, start: 0, length: 2, tCur: 0 });
    expect(cycleAt(1.96, 2, 2).index).toBe(0);
    expect(cycleAt(2, 2, 2)).toEqual({ index: 1, start: 2, length: 4, tCur: 0 });
    expect(cycleAt(5.96, 2, 2).index).toBe(1);
    expect(cycleAt(6, 2, 2)).toEqual({ index: 2, start: 6, length: 8, tCur: 0 });
    expect(cycleAt(14, 2, 2)).toEqual({ index: 3, start: 14, length: 16, tCur: 0 });
    expect(cycleAt(29.5, 2, 2)).toMatchObject({ index: 3, tCur: 15.5 });
    expect(cycleAt(30, 2, 2)).toMatchObject({ index: 4, start: 30, length: 32 });
  });

  it('finds restarts at batch times with no rounding slip (25 batches per epoch)', () => {
    // Batch 0 of epoch 14 sits exactly on the restart; batch 24 of epoch 13 is the last of cycle 3.
    expect(batchTime(14, 0, 25)).toBe(14);
    expect(cycleAt(batchTime(13, 24, 25), 2, 2).index).toBe(2);
    const lrs = lrPerBatch(30, 25, (t) => sgdrLr(t, toy));
    for (const r of [2, 6, 14]) expect(lrs[r * 25].lr).toBe(0.2);
  });

  it('the one-pass schedule equals the per-batch search exactly', () => {
    for (const s of [toy, { t0: 1, tMult: 3, etaMin: 0.01, etaMax: 0.3 }, { t0: 3, tMult: 1, etaMin: 0, etaMax: 1 }]) {
      for (const n of [1, 7, 25]) expect(sgdrLrPerBatch(40, n, s)).toEqual(lrPerBatch(40, n, (t) => sgdrLr(t, s)));
    }
  });

  it('rejects nonsense cycle settings', () => {
    expect(() => cycleAt(1, 0, 2)).toThrow();
    expect(() => cycleAt(1, 2, 0.5)).toThrow();
    expect(() => cycleAt(-1, 2, 2)).toThrow();
  });
});

describe('Eq. 5', () => {
  it('starts at η_max, passes the midpoint at half a cycle, ends at η_min', () => {
    expect(cosineLr(0, 8, 0.001, 0.2)).toBe(0.2);
    expect(cosineLr(4, 8, 0.001, 0.2)).toBeCloseTo(0.1005, 15); // cos(π/2) = 0 → (η_max + η_min)/2
    expect(cosineLr(8, 8, 0.001, 0.2)).toBeCloseTo(0.001, 15); // cos(π) = −1
  });

  it('gives the rates of exercise 1 at epochs 13.9 and 14.0', () => {
    const s = { t0: 2, tMult: 2, etaMin: 0.001, etaMax: 0.2 };
    // By hand: t = 13.9 is T_cur = 7.9 of the 8-epoch cycle [6, 14);
    // cos(7.9π/8) = −cos(π/80) = −0.99922904, so η = 0.001 + 0.0995 × 0.00077096 = 0.00107671.
    expect(sgdrLr(13.9, s)).toBeCloseTo(0.00107671, 7);
    expect(sgdrLr(14, s)).toBe(0.2);
  });

  it('matches the official code form η_max(1 + sin(π/2 + π·T_cur/T_i))/2 when η_min = 0', () => {
    for (let t = 0; t < 30; t += 0.37) {
      const c = cycleAt(t, 2, 2);
      const official = (0.2 * (1 + Math.sin(Math.PI / 2 + (Math.PI * c.tCur) / c.length))) / 2;
      expect(sgdrLr(t, toy)).toBeCloseTo(official, 12);
    }
  });

  it('the once-per-epoch bug holds each epoch at the rate of its first batch', () => {
    expect(sgdrLrPerEpoch(4.7, toy)).toBe(sgdrLr(4, toy));
    expect(sgdrLrPerEpoch(4.7, toy)).not.toBe(sgdrLr(4.7, toy));
  });
});

describe('step decay baseline', () => {
  it('cuts by ×0.1 at 50% and 75% of the budget', () => {
    const s = toyStepDecay(0.2, 30);
    expect(s.milestones).toEqual([15, 22.5]);
    expect(stepDecayLr(14.96, s)).toBe(0.2);
    expect(stepDecayLr(15, s)).toBeCloseTo(0.02, 15);
    expect(stepDecayLr(22.48, s)).toBeCloseTo(0.02, 15);
    expect(stepDecayLr(22.52, s)).toBeCloseTo(0.002, 15);
  });

  it("reproduces the WRN default: 0.1, ×0.2 at 60, 120, 160 (0.1·0.2³ = 0.0008 at the end)", () => {
    expect(stepDecayLr(59.9, WRN_SETTING.baseline)).toBe(0.1);
    expect(stepDecayLr(199.9, WRN_SETTING.baseline)).toBeCloseTo(0.0008, 12);
  });
});

describe('checkSchedule', () => {
  it('measures the end-of-cycle gap predicted by Eq. 5', () => {
    const c = checkSchedule(toy, 30, 25);
    expect(c.holds).toBe(true);
    expect(c.restarts).toEqual([2, 6, 14, 30]);
    expect(c.maxStartError).toBe(0);
    // The first cycle's last batch is at T_cur = 2 − 1/25: gap = 0.1·(1 − cos(π/50)) = 1.9733e-4.
    expect(c.maxEndGap).toBeCloseTo(0.1 * (1 - Math.cos(Math.PI / 50)), 12);
    expect(c.maxEndGap).toBeCloseTo(1.9733e-4, 7);
  });

  it('holds for the paper setting and for T_mult = 1', () => {
    expect(checkSchedule(WRN_SETTING.sgdr, 200, 25).holds).toBe(true);
    expect(checkSchedule({ t0: 7, tMult: 1, etaMin: 0.01, etaMax: 0.5 }, 100, 13).holds).toBe(true);
  });
});
