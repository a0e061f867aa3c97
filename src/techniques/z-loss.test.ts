import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import {
  affine,
  crossEntropy,
  gradientInvariants,
  hingeLimit,
  linearLimit,
  maxZ,
  softplus,
  targetRank,
  topKErrors,
  zLoss,
  zLossFloor,
  zLossOfZ,
  zScores,
} from './z-loss';

/** Central finite differences of f at o (an independent check of the analytic gradients). */
function numericGrad(f: (o: number[]) => number, o: number[], h = 1e-6): number[] {
  return o.map((_, k) => {
    const up = [...o];
    const dn = [...o];
    up[k] += h;
    dn[k] -= h;
    return (f(up) - f(dn)) / (2 * h);
  });
}

const V10 = [0.5, -1, 2, 3, -2, 0, 1, 1.5, -0.5, 4];

describe('Z-loss values', () => {
  // Reference values from NumPy with the *spherical* form of the formula: μ = S1/D,
  // σ = sqrt(S2/D − μ²), L = logaddexp(0, a(b − z_c))/a — a different code path from ours
  // (two-pass, rescaled). The first case by hand: μ = 0, σ = √(2/3), z_c = 1/√(2/3) = 1.2247449,
  // L = ln(1 + e^{−0.2247449}) = 0.5870753.
  it.each([
    { o: [1, 0, -1], c: 0, a: 1, b: 1, L: 0.5870752836422526, zc: 1.224744871391589, std: 0.816496580927726 },
    { o: [2.0, 1.2, 0.3, -0.4, -1.5], c: 1, a: 1, b: 1, L: 0.8417819070231081, zc: 0.7219909050602842, std: 1.2188519188154072 },
    { o: V10, c: 3, a: 5, b: 2, L: 0.7736412596856034, zc: 1.2305821851191063, std: 1.7471405209656148 },
    { o: V10, c: 4, a: 0.1, b: 0.5, L: 8.053760231520158, zc: -1.6312368500416061, std: 1.7471405209656148 },
  ])('matches NumPy for D = $o.length, c = $c, a = $a, b = $b', ({ o, c, a, b, L, zc, std }) => {
    const r = zLoss(o, c, a, b);
    expect(r.value).toBeCloseTo(L, 12);
    expect(r.zc).toBeCloseTo(zc, 12);
    expect(r.std).toBeCloseTo(std, 12);
    expect(r.flat).toBe(false);
  });

  it('uses the population standard deviation (1/D), not the sample one (1/(D − 1))', () => {
    // o = [1, 0, −1]: population variance 2/3, sample variance 1.
    expect(zScores([1, 0, -1]).std).toBeCloseTo(Math.sqrt(2 / 3), 14);
  });

  it('has the floor softplus(a(b − √(D − 1)))/a, reached with zero gradient when all other scores are equal', () => {
    // NumPy: logaddexp(0, 2 − 3) = 0.31326168751822286 for D = 10, a = 1, b = 2.
    expect(zLossFloor(10, 1, 2)).toBeCloseTo(0.31326168751822286, 14);
    const o = [5, ...Array(9).fill(-1)];
    const r = zLoss(o, 0, 1, 2);
    expect(r.zc).toBeCloseTo(3, 12);
    expect(r.value).toBeCloseTo(zLossFloor(10, 1, 2), 12);
    for (const g of r.grad!) expect(Math.abs(g)).toBeLessThan(1e-15);
    expect(maxZ(10)).toBe(3);
  });

  it('approaches a hinge for large a and a line for small a', () => {
    for (const z of [-2, 0, 0.5, 1.5, 3]) {
      expect(Math.abs(zLossOfZ(z, 200, 1) - hingeLimit(z, 1))).toBeLessThan(Math.LN2 / 200 + 1e-12);
      // softplus(x) = ln 2 + x/2 + x²/8 + O(x⁴): the error is about a(b − z)²/8.
      expect(Math.abs(zLossOfZ(z, 1e-3, 1) - linearLimit(z, 1e-3, 1))).toBeLessThan((1e-3 * (1 - z) ** 2) / 8 + 1e-9);
    }
  });

  it('computes softplus without overflow', () => {
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(softplus(-40)).toBeCloseTo(Math.exp(-40), 30);
  });
});

describe('Z-loss gradient', () => {
  it('matches NumPy central differences on the widget default scores', () => {
    // NumPy: central differences (h = 1e-6) of the spherical-form loss, o = (2, 1.2, 0.3, −0.4, −1.5), c = 1.
    const ref = [0.1862996065749023, -0.3248300831093509, 0.09226984565291474, 0.05355170873411197, -0.007291077741555796];
    const g = zLoss([2.0, 1.2, 0.3, -0.4, -1.5], 1, 1, 1).grad!;
    ref.forEach((r, k) => expect(g[k]).toBeCloseTo(r, 8));
  });

  it('matches finite differences on random scores, sums to 0 and is orthogonal to z', () => {
    const rng = createRng(7).fork('grad');
    for (let trial = 0; trial < 20; trial++) {
      const d = 2 + rng.int(12);
      const o = Array.from({ length: d }, () => rng.normal(0, 3));
      const c = rng.int(d);
      const a = 10 ** rng.uniform(-1, 1);
      const b = rng.uniform(0, 2);
      const r = zLoss(o, c, a, b);
      const num = numericGrad((x) => zLoss(x, c, a, b).value, o);
      num.forEach((n, k) => expect(r.grad![k]).toBeCloseTo(n, 6));
      const inv = gradientInvariants(r.grad!, zScores(o).z);
      expect(Math.abs(inv.sum)).toBeLessThan(1e-12);
      expect(Math.abs(inv.dotZ)).toBeLessThan(1e-12);
    }
  });
});

describe('invariance', () => {
  it('leaves the Z-loss unchanged under α·o + β for α > 0, while cross-entropy changes with α only', () => {
    const o = [2.0, 1.2, 0.3, -0.4, -1.5];
    const z0 = zLoss(o, 1, 1, 1).value;
    const ce0 = crossEntropy(o, 1).value;
    for (const alpha of [0.1, 0.37, 1, 3, 100]) {
      for (const beta of [-100, -3, 0, 7.5, 100]) {
        const t = affine(o, alpha, beta);
        expect(Math.abs(zLoss(t, 1, 1, 1).value - z0)).toBeLessThan(1e-12);
        if (alpha === 1) expect(crossEntropy(t, 1).value).toBeCloseTo(ce0, 12);
      }
    }
    // CE of 3·o vs o: by the formula log Σ e^{α(o_k − o_c)}, which grows with α here (o_1 > o_c).
    expect(crossEntropy(affine(o, 3, 0), 1).value).toBeGreaterThan(ce0 + 1);
    expect(crossEntropy(affine(o, 0.1, 0), 1).value).toBeLessThan(Math.log(5) + 0.05);
  });

  it('flips the sign of z (and changes the loss) for α < 0', () => {
    const o = [2.0, 1.2, 0.3, -0.4, -1.5];
    const r = zLoss(o, 1, 1, 1);
    const f = zLoss(affine(o, -2, 1), 1, 1, 1);
    expect(f.zc).toBeCloseTo(-r.zc, 12);
    expect(f.value).toBeGreaterThan(r.value + 0.5);
  });

  it('keeps full accuracy for huge scores and huge shifts', () => {
    const r = zLoss(V10, 3, 5, 2);
    // Squares of 1e200 overflow float64: our rescaling avoids it.
    expect(zLoss(affine(V10, 1e200, 0), 3, 5, 2).value).toBeCloseTo(r.value, 12);
    // A shift of 1e8 leaves ~8 digits of the spread: the two-pass variance keeps z to ~1e-7.
    expect(zLoss(affine(V10, 1, 1e8), 3, 5, 2).value).toBeCloseTo(r.value, 6);
    // The one-pass S2/D − μ² form loses everything at that shift (the spherical trick's catch).
    const t = affine(V10, 1, 1e8);
    const mu = t.reduce((s, x) => s + x, 0) / t.length;
    const naiveVar = t.reduce((s, x) => s + x * x, 0) / t.length - mu * mu;
    expect(Math.abs(naiveVar - 1.7471405209656148 ** 2)).toBeGreaterThan(0.1);
    // Cross-entropy with scores of ±1000: no overflow (log-sum-exp).
    expect(crossEntropy([1000, 0, -1000], 0).value).toBeCloseTo(Math.exp(-1000), 300);
    expect(crossEntropy([1000, 0, -1000], 1).value).toBeCloseTo(1000, 9);
  });
});

describe('edge cases', () => {
  it('treats all-equal scores (σ = 0) as flat: z = 0 by convention, no gradient', () => {
    for (const o of [[0, 0, 0, 0], [3.5, 3.5, 3.5]]) {
      const r = zLoss(o, 0, 2, 1);
      expect(r.flat).toBe(true);
      expect(r.std).toBe(0);
      expect(r.zc).toBe(0);
      expect(r.value).toBeCloseTo(softplus(2) / 2, 15); // softplus(a·b)/a with z_c = 0
      expect(r.grad).toBeNull();
    }
    // Cross-entropy is fine there: log D, gradient 1/D − onehot.
    const ce = crossEntropy([2, 2, 2, 2], 3);
    expect(ce.value).toBeCloseTo(Math.log(4), 15);
    [0.25, 0.25, 0.25, -0.75].forEach((g, k) => expect(ce.grad[k]).toBeCloseTo(g, 15));
  });

  it('rejects non-finite scores with a message; cross-entropy accepts −∞ as a masked class', () => {
    expect(() => zLoss([1, -Infinity, 0], 0, 1, 1)).toThrow(/finite scores; score 1 is -Infinity/);
    expect(() => zLoss([1, NaN, 0], 0, 1, 1)).toThrow(/finite/);
    expect(() => zLoss([1, 2], 0, 0, 1)).toThrow(/sharpness a/);
    expect(() => zLoss([1, 2], 2, 1, 1)).toThrow(/target class 2/);
    // −∞ on another class: that class has probability 0, so CE equals CE over the rest.
    const masked = crossEntropy([1, -Infinity, 0], 0);
    expect(masked.value).toBeCloseTo(crossEntropy([1, 0], 0).value, 15);
    expect(masked.probs[1]).toBe(0);
    expect(crossEntropy([-Infinity, 1, 0], 0).value).toBe(Infinity);
    expect(() => crossEntropy([Infinity, 0], 0)).toThrow(/below \+∞/);
    expect(() => crossEntropy([-Infinity, -Infinity], 0)).toThrow(/every score is −∞/);
  });

  it('gives the softmax-minus-one-hot gradient for cross-entropy (checked by finite differences)', () => {
    const o = [2.0, 1.2, 0.3, -0.4, -1.5];
    const r = crossEntropy(o, 1);
    // Hand value: log(e^2 + e^1.2 + e^0.3 + e^-0.4 + e^-1.5) − 1.2 = 2.5612874 − 1.2 = 1.3612874 (NumPy: 1.3612874327479034).
    expect(r.value).toBeCloseTo(1.3612874327479034, 12);
    numericGrad((x) => crossEntropy(x, 1).value, o).forEach((n, k) => expect(r.grad[k]).toBeCloseTo(n, 7));
  });
});

describe('top-k error', () => {
  it('counts a hit when fewer than k other classes score at least as high as the target', () => {
    // Row 0: target 2 scores 0.5; classes 0 (0.9) and 1 (0.7) are higher → rank 2.
    // Row 1: target 0 is the best → rank 0. Row 2: a tie with the target counts against it → rank 1.
    const s = [0.9, 0.7, 0.5, 0.1, 3, 1, 2, 0, 1, 1, 0, 0];
    const labels = [2, 0, 1];
    expect([0, 1, 2].map((i) => targetRank(s, labels[i], 4 * i, 4))).toEqual([2, 0, 1]);
    // top-1: rows 0 and 2 miss → 2/3; top-2: row 0 misses → 1/3; top-3: all hit → 0.
    expect(topKErrors(s, labels, 4, [1, 2, 3])).toEqual([2 / 3, 1 / 3, 0]);
  });
});
