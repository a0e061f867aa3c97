import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { invarianceSpec, type InvarianceParams } from './invariance';
import { topKSpec, type TopKWidgetParams } from './topk';
import type { TopKDelta } from '../../techniques/z-loss-setting';

const inv = defaults(invarianceSpec.params) as InvarianceParams;
const race = defaults(topKSpec.params) as TopKWidgetParams;

describe('invariance explorer', () => {
  it('shows both losses, gradients and a holding invariance claim at the defaults', () => {
    const v = invarianceSpec.compute(inv, 1);
    expect(v.charts).toHaveLength(3);
    expect(v.claim?.holds).toBe(true);
    // Defaults o = (2, 1.2, 0.3, −0.4, −1.5), c = 2 (index 1): CE 1.3613 and L_Z 0.8418 (NumPy, see z-loss.test.ts).
    expect(v.readouts?.[0].value).toBe('1.3613 → 1.3613');
    expect(v.readouts?.[1].value).toBe('0.8418 → 0.8418');
    expect(v.table.rows).toHaveLength(5);
    expect(v.table.rows[1][1]).toBe('yes');
  });

  it('moves cross-entropy but not the Z-loss when α changes; flipping the sign changes both', () => {
    const scaled = invarianceSpec.compute({ ...inv, alpha: 10, beta: 7 }, 1);
    // CE of 10·o: log Σ e^{10(o_k − 1.2)} ≈ 10·0.8 + log(1 + e^{−8} + …) = 8.0003.
    expect(scaled.readouts?.[0].value).toBe('1.3613 → 8.0003');
    expect(scaled.readouts?.[1].value).toBe('0.8418 → 0.8418');
    const flipped = invarianceSpec.compute({ ...inv, negate: true }, 1);
    expect(flipped.readouts?.[1].value).not.toBe('0.8418 → 0.8418');
    expect(flipped.claim?.detail).toContain('α > 0 only');
  });

  it('reports all-equal scores as undefined instead of drawing garbage', () => {
    const v = invarianceSpec.compute({ ...inv, o1: 1, o2: 1, o3: 1, o4: 1, o5: 1 }, 1);
    expect(v.claim?.holds).toBeNull();
    expect(v.readouts?.[2].value).toContain('0/0');
    expect(v.table.rows[0][7]).toBe('');
  });

  it('computes within a frame', () => {
    for (let i = 0; i < 10; i++) invarianceSpec.compute({ ...inv, alpha: 1 + i }, 1);
    // Median of single calls: robust to the odd pause on a busy machine.
    const times = Array.from({ length: 21 }, (_, i) => {
      const t = performance.now();
      invarianceSpec.compute({ ...inv, alpha: 1 + i / 4, a: 0.5 + i / 10 }, 1);
      return performance.now() - t;
    }).sort((x, y) => x - y);
    console.info(`invariance compute: median ${times[10].toFixed(2)} ms`);
    expect(times[10]).toBeLessThan(16);
  });
});

describe('top-k race view', () => {
  const delta = (step: number, ce: number[], z: number[]): TopKDelta => ({
    step,
    ce: { loss: step ? 1.5 : null, topk: ce },
    z: { loss: step ? 0.4 : null, topk: z },
  });
  const errs = (e1: number, e3: number, e5: number) => [e1, 0.4, e3, 0.2, e5, 0.08, 0.06, 0.04, 0.02, 0.01];

  it('draws the data and chance level before a run, with no verdict', () => {
    const v = topKSpec.view(topKSpec.initial(race, 1), race, false);
    expect(v.charts).toHaveLength(3);
    expect(v.claim?.holds).toBeNull();
    expect(v.table.rows).toHaveLength(0);
    expect(v.summary).toContain('20 overlapping Gaussian blobs');
  });

  it('judges the final step: within 2 points holds, 3 points worse fails', () => {
    let s = topKSpec.initial(race, 1);
    s = topKSpec.reduce(s, delta(0, errs(0.95, 0.85, 0.75), errs(0.95, 0.85, 0.75)), race);
    s = topKSpec.reduce(s, delta(400, errs(0.6, 0.25, 0.1), errs(0.62, 0.26, 0.115)), race);
    const ok = topKSpec.view(s, race, true);
    expect(ok.claim?.holds).toBe(true);
    expect(ok.readouts?.[1].value).toBe('0.620 / 0.260 / 0.115');
    expect(ok.table.rows).toHaveLength(2);
    let bad = topKSpec.initial(race, 1);
    bad = topKSpec.reduce(bad, delta(400, errs(0.6, 0.25, 0.1), errs(0.6, 0.28, 0.1)), race);
    expect(topKSpec.view(bad, race, true).claim?.holds).toBe(false);
    // Not finished: no verdict yet.
    expect(topKSpec.view(bad, race, false).claim?.holds).toBeNull();
  });
});
