import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { decaySpec, exampleRow, type DecayParams } from './decay';
import { driftClaim, driftSpec, type DriftParams } from './drift';
import type { DriftScore } from '../../techniques/split-softmax-drift';

const d0 = defaults(decaySpec.params) as DecayParams;
const r0 = defaults(driftSpec.params) as DriftParams;

describe('decay explorer', () => {
  it('defaults s = 8, δ = 0, γ = 0.5: 10% at t = 73 (8/80) and, split, t = 793 (√(8/800) = 10%); claim holds', () => {
    const v = decaySpec.compute(d0, 1);
    expect(v.measures!.t10).toBe(73);
    expect(v.measures!.t10split).toBe(793);
    expect(v.measures!.share100).toBeCloseTo(8 / 108, 12);
    expect(v.measures!.split100).toBeCloseTo(Math.sqrt(8 / 108), 12);
    expect(v.claim!.holds).toBe(true);
    expect(v.charts).toHaveLength(2);
    expect(v.table.rows).toHaveLength(61);
  });

  it('the example row is a distribution with s system keys; γ = 1 leaves it alone', () => {
    const { row, isSys } = exampleRow({ ...d0, s: 5 }, 2);
    expect(row.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    expect(isSys.filter(Boolean)).toHaveLength(5);
    const v = decaySpec.compute({ ...d0, gamma: 1 }, 1);
    expect(v.readouts![0].value).toBe(v.readouts![1].value);
  });
});

const score = (sysShare: number, margin: number): DriftScore => ({ adherence: 0.5, content: 0.5, margin, sysShare, sysShareHeads: [], meanDialogTokens: 10 });

describe('drift widget', () => {
  it('folds scores and judges the claim; a flat share fails it', () => {
    let s = driftSpec.initial(r0, 1);
    expect(driftSpec.view(s, r0, false).claim!.holds).toBeNull();
    s = driftSpec.reduce(s, { setup: { backend: 'wasm', gammas: [1, 0.3], loadMs: 1 } }, r0);
    const base = [score(0.04, 0.2), score(0.01, 0.2), score(0.002, -0.2)];
    const split = [score(0.2, 0.4), score(0.07, 0.5), score(0.03, 0.1)];
    [0, 1, 2].forEach((h) => {
      s = driftSpec.reduce(s, { history: h, gammaIndex: 0, score: base[h], ms: 100 }, r0);
      s = driftSpec.reduce(s, { history: h, gammaIndex: 1, score: split[h], ms: 100 }, r0);
    });
    const c = driftClaim(s)!;
    expect(c.holds).toBe(true);
    expect(c.drift).toBeCloseTo(0.4, 12);
    expect(c.recovered).toBeCloseTo(0.3, 12);
    const v = driftSpec.view(s, r0, true);
    expect(v.claim!.holds).toBe(true);
    expect(v.table.rows).toHaveLength(6);
    expect(v.charts).toHaveLength(3);
    s.scores[0][2] = score(0.05, -0.2);
    expect(driftClaim(s)!.holds).toBe(false);
  });
});
