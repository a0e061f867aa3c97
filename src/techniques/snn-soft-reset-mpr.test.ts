import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import {
  histogram,
  mpr,
  mprSlope,
  quantStats,
  rateCurve,
  samplePotentials,
  simulateNeuron,
  spikeCount,
  surrogateGrad,
} from './snn-soft-reset-mpr';
import { batchOrder } from './snn-soft-reset-mpr-train';
import { FINAL_WINDOW, GRID_EXTENT, GRID_N, finalAccuracy, gridPoints, runConfig, snnData } from './snn-soft-reset-mpr-data';

describe('one integrate-and-fire neuron', () => {
  it('x = 0.3, T = 4: hard reset fires twice, soft reset once (worked by hand)', () => {
    // Hard: 0.3 | 0.6 > 0.5 fire -> 0 | 0.3 | 0.6 fire -> 0.
    const h = simulateNeuron(0.3, 4, 'hard');
    expect(h.spikes).toEqual([0, 1, 0, 1]);
    expect(h.post).toEqual([0.3, 0, 0.3, 0]);
    // Soft: 0.3 | 0.6 fire -> -0.4 | -0.1 | 0.2. One spike, closer to 4 * 0.3 = 1.2.
    const s = simulateNeuron(0.3, 4, 'soft');
    expect(s.spikes).toEqual([0, 1, 0, 0]);
    const want = [0.3, -0.4, -0.1, 0.2];
    s.post.forEach((u, i) => expect(u).toBeCloseTo(want[i], 12));
  });

  it('x = 0.55, T = 4: hard 4 spikes, soft 2 (the brief’s example)', () => {
    expect(spikeCount(0.55, 4, 'hard')).toBe(4);
    expect(spikeCount(0.55, 4, 'soft')).toBe(2);
  });

  it('fires only strictly above 0.5', () => {
    // 0.25 + 0.25 = 0.5 exactly: no spike in two steps; the third step reaches 0.75.
    expect(simulateNeuron(0.25, 2, 'soft').count).toBe(0);
    expect(simulateNeuron(0.25, 3, 'soft').spikes).toEqual([0, 0, 1]);
    expect(spikeCount(0.5, 1, 'hard')).toBe(0);
  });

  it('soft reset is a rounding quantiser: count = ceil(T·x − 0.5) for x in [0, 1]', () => {
    // Closed form: u_T = T·x − n stays in (−0.5, 0.5]; dyadic x keeps every sum exact.
    for (const T of [2, 4, 8, 16]) {
      for (let i = 0; i <= 64; i++) {
        const x = i / 64;
        expect(spikeCount(x, T, 'soft')).toBe(Math.max(0, Math.ceil(T * x - 0.5)));
      }
    }
  });

  it('hard reset fires every m steps, m = floor(0.5 / x) + 1 (x > 0)', () => {
    for (const T of [3, 8, 13]) {
      for (let i = 1; i <= 64; i++) {
        const x = i / 64;
        const m = Math.floor(0.5 / x) + 1;
        expect(spikeCount(x, T, 'hard')).toBe(Math.floor(T / m));
      }
    }
  });

  it('with leak λ = 0.5 and x = 0.3 over 6 steps: hard 2 spikes, soft 1 (by hand)', () => {
    // Hard: 0.3, 0.45, 0.525 fire -> 0, 0.3, 0.45, 0.525 fire. Soft: ..., 0.525 fire -> -0.475,
    // 0.0625, 0.33125, 0.465625 (no spike).
    expect(spikeCount(0.3, 6, 'hard', 0.5)).toBe(2);
    const s = simulateNeuron(0.3, 6, 'soft', 0.5);
    expect(s.count).toBe(1);
    expect(s.pre[5]).toBeCloseTo(0.465625, 12);
  });

  it('above x = 1 both resets saturate at one spike per step and soft reset’s residual keeps growing', () => {
    const s = simulateNeuron(1.2, 8, 'soft');
    expect(s.count).toBe(8);
    expect(s.post[7]).toBeCloseTo(8 * 0.2, 12); // +1.2 in, −1 out per step
    expect(spikeCount(1.2, 8, 'hard')).toBe(8);
  });
});

describe('rate transfer curve (claim of widget 1)', () => {
  it('soft reset stays within 0.5/T of x on [0, 1]; hard reset’s worst error is 0.495 on the grid', () => {
    for (const T of [2, 4, 8, 16, 32]) {
      const c = rateCurve(T);
      expect(c.xs).toHaveLength(241);
      expect(c.softMaxErr).toBeLessThanOrEqual(0.5 / T + 1e-12);
      // x = 0.505 (the first grid point above 0.5) fires at every step: rate 1, error 0.495.
      expect(c.hardMaxErr).toBeCloseTo(0.495, 12);
      expect(c.hardArgMax).toBe(0.505);
      // soft is never worse than hard above the threshold
      c.xs.forEach((x, i) => {
        if (x > 0.5 && x <= 1) expect(Math.abs(c.soft[i] - x)).toBeLessThanOrEqual(Math.abs(c.hard[i] - x) + 1e-12);
      });
    }
    // The bound is reached where T·x − 0.5 is an integer on the grid, e.g. x = 0.25 for T = 2.
    expect(rateCurve(2).softMaxErr).toBe(0.25);
    expect(rateCurve(4).softMaxErr).toBe(0.125);
  });

  it('with a leak the bound no longer holds', () => {
    expect(rateCurve(8, 0.8).softMaxErr).toBeGreaterThan(0.5 / 8);
  });
});

describe('membrane potential rectifier φ_k', () => {
  it('matches values computed separately (Python, float64)', () => {
    expect(mpr(0.75, 3)).toBeCloseTo(0.8508535479296672, 12);
    expect(mpr(0.3, 3)).toBeCloseTo(0.2033361303877928, 12);
    expect(mpr(2, 3)).toBeCloseTo(1.2599210498948732, 12); // cube root of 2
    expect(mpr(-1, 3)).toBeCloseTo(-0.2599210498948732, 12); // 1 − cube root of 2
  });

  it('fixes 0, 0.5 and 1 and is continuous at the piece boundaries', () => {
    for (const k of [0.5, 1, 3, 10]) {
      expect(mpr(0, k)).toBeCloseTo(0, 12);
      expect(mpr(0.5, k)).toBeCloseTo(0.5, 12);
      expect(mpr(1, k)).toBeCloseTo(1, 12);
      expect(mpr(-1e-9, k)).toBeCloseTo(mpr(1e-9, k), 7);
      expect(mpr(1 - 1e-9, k)).toBeCloseTo(mpr(1 + 1e-9, k), 7);
    }
  });

  it('its slope agrees with a central difference away from the jumps at 0 and 1', () => {
    const h = 1e-6;
    for (const k of [0.5, 3, 10])
      for (const u of [-2, -0.7, 0.1, 0.35, 0.5, 0.8, 0.95, 1.3, 4]) {
        const fd = (mpr(u + h, k) - mpr(u - h, k)) / (2 * h);
        expect(mprSlope(u, k)).toBeCloseTo(fd, 5);
      }
  });

  it('training gradient: window 1[0 ≤ u ≤ 1], times φ′ with MPR (≈1.657 at 0.5 and ≈0.299 at 0, 1 for k = 3)', () => {
    // k/(2 tanh(k/2)) = 1.657187…; times 1 − tanh²(1.5) at the window edges = 0.299464… (Python).
    expect(surrogateGrad(0.5, 3)).toBeCloseTo(1.657187089473768, 12);
    expect(surrogateGrad(0, 3)).toBeCloseTo(0.29946470900646827, 12);
    expect(surrogateGrad(1, 3)).toBeCloseTo(0.29946470900646827, 12);
    expect(surrogateGrad(-0.01, 3)).toBe(0);
    expect(surrogateGrad(1.01, 3)).toBe(0);
    expect([-0.5, 0, 0.4, 1, 1.5].map((u) => surrogateGrad(u, null))).toEqual([0, 1, 1, 1, 0]);
  });

  it('never moves a potential further from its spike, and never changes a spike (dense grid)', () => {
    let worse = 0;
    let flips = 0;
    let checked = 0;
    for (const k of [0.5, 1, 3, 10])
      for (let i = 0; i <= 6000; i++) {
        const u = -2 + i / 1000;
        const o = u > 0.5 ? 1 : 0;
        const p = mpr(u, k);
        if (Math.abs(o - p) > Math.abs(o - u) + 1e-12) worse++;
        if ((p > 0.5 ? 1 : 0) !== o) flips++;
        checked++;
      }
    expect(checked).toBe(4 * 6001);
    expect([worse, flips]).toEqual([0, 0]);
  });

  it('mean quantisation error of 20k samples matches numerical integration (Python)', () => {
    // Integrals of |o − u| and |o − φ_3(u)| against the normal density, midpoint rule:
    // N(0.5, 0.3²): 0.28443 and 0.21642; N(1, 0.8²): 0.46017 and 0.17038.
    const cases = [
      { mu: 0.5, sigma: 0.3, plain: 0.28443, rect: 0.21642 },
      { mu: 1, sigma: 0.8, plain: 0.46017, rect: 0.17038 },
    ];
    for (const c of cases) {
      const q = quantStats(samplePotentials(createRng(1).fork('potentials'), 20_000, c.mu, c.sigma), 3);
      expect(Math.abs(q.plainErr - c.plain)).toBeLessThan(0.008);
      expect(Math.abs(q.mprErr - c.rect)).toBeLessThan(0.008);
      expect(q.worse).toBe(0);
      expect(q.spikeFlips).toBe(0);
    }
  });

  it('histogram counts every sample once', () => {
    const h = histogram([-1, 0, 0.1, 0.5, 0.99, 1, 2], 0, 1, 4);
    expect(h.counts).toEqual([2, 0, 1, 2]); // 0, 0.1 | – | 0.5 | 0.99, 1 (the top edge goes in the last bin)
    expect(h.outside).toBe(2);
  });
});

describe('training set-up', () => {
  it('batches run through fresh permutations: every 600 consecutive indices cover the set once', () => {
    const order = batchOrder(createRng(3), 600, 64, 30);
    expect(order).toHaveLength(64 * 30);
    for (let e = 0; e + 600 <= order.length; e += 600) expect(new Set(order.subarray(e, e + 600)).size).toBe(600);
    expect(batchOrder(createRng(3), 600, 64, 30)).toEqual(order);
  });

  it('data: 600 training and 900 test points in 3 classes; grid cells centred on the plane', () => {
    const d = snnData(1);
    expect(d.train.size).toBe(600);
    expect(d.test.size).toBe(900);
    expect(d.train.numClasses).toBe(3);
    const g = gridPoints();
    expect(g).toHaveLength(2 * GRID_N * GRID_N);
    expect(g[0]).toBeCloseTo(-GRID_EXTENT + GRID_EXTENT / GRID_N, 6);
    expect(g[g.length - 1]).toBeCloseTo(GRID_EXTENT - GRID_EXTENT / GRID_N, 6);
  });

  it('final accuracy averages the last measurements; run settings are sanitised', () => {
    expect(FINAL_WINDOW).toBe(5);
    expect(finalAccuracy([0, 0, 0.5, 0.6, 0.7, 0.8, 0.9])).toBeCloseTo(0.7, 12);
    expect(runConfig({ T: '8', mpr: 'yes', steps: 12.4 })).toMatchObject({ T: 4, mpr: false, steps: 12 });
  });
});
