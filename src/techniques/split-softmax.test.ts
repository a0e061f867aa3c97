import { describe, expect, it } from 'vitest';
import { lengthBelow, splitShare, splitSoftmaxRow, systemShare } from './split-softmax';

describe('split-softmax closed forms', () => {
  it('system share s·e^δ/(s·e^δ + t): hand values', () => {
    expect(systemShare(8, 8)).toBeCloseTo(0.5, 12); // 8/16
    expect(systemShare(8, 72)).toBeCloseTo(0.1, 12); // 8/80
    expect(systemShare(1, 1, Math.log(3))).toBeCloseTo(0.75, 12); // 3/4
    // Large t: π ≈ s/t.
    expect(systemShare(8, 1e6) * 1e6).toBeCloseTo(8, 3);
  });

  it('π^γ: identity at γ = 1, boost below, end points fixed', () => {
    expect(splitShare(0.04, 1)).toBe(0.04);
    expect(splitShare(0.04, 0.5)).toBeCloseTo(0.2, 12);
    expect(splitShare(0, 0.3)).toBe(0);
    expect(splitShare(1, 0.3)).toBe(1);
  });

  it('reweights one row: sums to 1, block ratios kept, system share = π^γ (hand example)', () => {
    // Row [0.1, 0.15 | 0.25, 0.5], system = first two: π = 0.25, γ = 0.5 → π' = 0.5.
    // System keys ×2 → 0.2, 0.3; others × (0.5/0.75) → 1/6, 1/3.
    const out = splitSoftmaxRow([0.1, 0.15, 0.25, 0.5], [true, true, false, false], 0.5);
    [0.2, 0.3, 1 / 6, 1 / 3].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 12));
    expect(out.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    expect(splitSoftmaxRow([0.3, 0.7], [false, false], 0.2)).toEqual([0.3, 0.7]);
    expect(splitSoftmaxRow([0.3, 0.7], [true, true], 0.2)).toEqual([0.3, 0.7]);
  });

  it('length below a level: 10% at t = 73 for s = 8 (8/(8+72) = 10% exactly), and with γ = 0.5 only at t = 793', () => {
    expect(lengthBelow(0.1, 8)).toBe(73);
    expect(systemShare(8, 73)).toBeLessThan(0.1);
    expect(systemShare(8, 72)).toBeGreaterThanOrEqual(0.1 - 1e-12);
    // γ = 0.5: π < 0.01 ⇔ t > 8·99 = 792.
    expect(lengthBelow(0.1, 8, 0, 0.5)).toBe(793);
    expect(splitShare(systemShare(8, 793), 0.5)).toBeLessThan(0.1);
    expect(splitShare(systemShare(8, 791), 0.5)).toBeGreaterThan(0.1);
  });
});
