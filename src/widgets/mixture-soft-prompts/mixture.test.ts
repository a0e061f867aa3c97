import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { mixtureClaim, mixtureSpec, spearman, type MixtureWidgetParams } from './mixture';
import type { MixtureSetup } from '../../techniques/mixture-soft-prompts-run';

const p0 = defaults(mixtureSpec.params) as MixtureWidgetParams;
const setup: MixtureSetup = {
  templates: [
    { name: 'a', k: 1, trainP1: 0.2, testP1: 0.25 },
    { name: 'b', k: 2, trainP1: 0.5, testP1: 0.375 },
  ],
  best: 1,
  majority: 0.1875,
  params: { single: 128, mixture: 194 },
  nTrain: 24,
  nTest: 16,
  backend: 'wasm',
  loadMs: 1,
};

describe('mixture widget', () => {
  it('has the documented defaults and an unmeasured claim before a run', () => {
    expect(p0).toEqual({ pool: 'weak', steps: 30, lr: 0.02, deep: false });
    const v = mixtureSpec.view(mixtureSpec.initial(p0, 1), p0, false);
    expect(v.claim!.holds).toBeNull();
    expect(v.table.rows).toHaveLength(0);
  });

  it('folds π and P@1, and judges the claim with both margins', () => {
    let s = mixtureSpec.initial(p0, 1);
    s = mixtureSpec.reduce(s, { step: 0, setup, pi: [0.5, 0.5], test: { single: 0.375, mixture: 0.375, components: [0.25, 0.375] } }, p0);
    s = mixtureSpec.reduce(s, { step: 1, pi: [0.4, 0.6], loss: { single: 1, mixture: 1 }, msPerStep: 100 }, p0);
    s = mixtureSpec.reduce(s, { step: 30, pi: [0.3, 0.7], test: { single: 0.9, mixture: 0.9, components: [0.8, 0.9] } }, p0);
    expect(s.pi[1].map((q) => q.y)).toEqual([0.5, 0.6, 0.7]);
    expect(mixtureClaim(s)).toEqual({ hard: 0.375, single: 0.9, mixture: 0.9, holds: true });
    const v = mixtureSpec.view(s, p0, true);
    expect(v.claim!.holds).toBe(true);
    expect(v.charts).toHaveLength(2);
    expect(v.table.rows[1]).toEqual(['b', 2, 0.5, 0.375, 0.7, 0.9]);
    expect(v.readouts!.find((r) => r.label.startsWith('Time'))!.volatile).toBe(true);
    expect(v.readouts!.find((r) => r.label.startsWith('Effective'))!.value).toMatch(/^1\.8\d of 2$/);
    // fails when the mixture is below one soft prompt by more than a point
    s.mixture[s.mixture.length - 1].y = 0.88;
    expect(mixtureClaim(s)!.holds).toBe(false);
    // fails when it does not beat the hard template by 10 points
    s.mixture[s.mixture.length - 1].y = 0.45;
    s.single[s.single.length - 1].y = 0.45;
    expect(mixtureClaim(s)!.holds).toBe(false);
  });

  it('Spearman: identical ranks 1, reversed −1, ties averaged (scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9487)', () => {
    expect(spearman([0.1, 0.2, 0.7], [1, 2, 3])).toBeCloseTo(1, 12);
    expect(spearman([0.1, 0.2, 0.7], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486833, 6);
  });
});
