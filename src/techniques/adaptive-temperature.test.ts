/**
 * Formula cases for adaptive temperature and the dispersion bound. Expected values were computed
 * independently with NumPy (np.polyval, np.roots, an explicit softmax in float64), not with this code.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTIVE_RULE, activeRange, adaptiveBeta, adaptiveSoftmax, dispersionBound, entropyOf, gapRow, gapRowAdaptive, largestSharpN, maskedSoftmax, polyval } from './adaptive-temperature';

describe('the fitted quartic and β(H)', () => {
  it('evaluates highest power first (NumPy polyval values)', () => {
    const c = ADAPTIVE_RULE.coeffs;
    expect(polyval(c, 1)).toBeCloseTo(1.27, 12);
    expect(polyval(c, 2)).toBeCloseTo(2.099, 12);
    expect(polyval(c, 3)).toBeCloseTo(2.25, 12);
    expect(polyval(c, 4.4)).toBeCloseTo(2.4213488, 10);
    expect(polyval(c, 6)).toBeCloseTo(0.855, 12);
    // Reversed order would give −1.791 + 4.917 − 2.3 + 0.481 − 0.037 at H = 1 as well, so also test H = 2:
    expect(polyval([...c].reverse(), 2)).not.toBeCloseTo(2.099, 3);
  });
  it('β is 1 at or below the 0.5 threshold, 1 where poly < 1, poly elsewhere', () => {
    expect(adaptiveBeta(0)).toBe(1);
    expect(adaptiveBeta(0.5)).toBe(1);
    expect(adaptiveBeta(0.8)).toBe(1); // poly(0.8) < 1 although H > 0.5
    expect(adaptiveBeta(2)).toBeCloseTo(2.099, 12);
    expect(adaptiveBeta(6)).toBe(1); // poly(6) = 0.855: clamped
    expect(adaptiveBeta(9)).toBe(1); // poly is negative far out
    expect(adaptiveBeta(NaN)).toBe(1);
  });
  it('the rule acts for 0.8486 < H < 5.9445, largest β 2.4214 at H ≈ 4.41 (np.roots of poly − 1, dense grid)', () => {
    const r = activeRange();
    expect(r.from).toBeCloseTo(0.848582, 5);
    expect(r.to).toBeCloseTo(5.944521, 5);
    expect(r.betaMax).toBeCloseTo(2.421388, 5);
    expect(r.atH).toBeCloseTo(4.4124, 2);
  });
});

describe('adaptive softmax on one row', () => {
  it('matches a NumPy reference on an 8-logit row (H = 2.04627, β = 2.11248)', () => {
    const x = [0.3, -0.2, 0.1, 0.0, 0.5, -0.4, 0.2, 0.05];
    const r = adaptiveSoftmax(x);
    expect(r.entropy).toBeCloseTo(2.0462660325455535, 9);
    expect(r.beta).toBeCloseTo(2.112482846966596, 9);
    const want = [0.17584747775076684, 0.061152796454344835, 0.11525193210882258, 0.09330485673549405, 0.26830210015142403, 0.04008006276444908, 0.14236137666951337, 0.10369939736518519];
    want.forEach((w, i) => expect(r.weights[i]).toBeCloseTo(w, 9));
  });
  it('leaves a sharp row alone: [1, 2, 3] has H = 0.8324 < 0.8486, so β = 1', () => {
    const r = adaptiveSoftmax([1, 2, 3]);
    expect(r.entropy).toBeCloseTo(0.8323955788399389, 9);
    expect(r.beta).toBe(1);
    expect(r.weights[2]).toBeCloseTo(0.66524096, 7);
  });
  it('never raises the entropy (β ≥ 1)', () => {
    for (const s of [0.1, 0.5, 1, 3]) {
      const x = Array.from({ length: 64 }, (_, i) => s * Math.sin(i * 1.7));
      const r = adaptiveSoftmax(x);
      expect(entropyOf(r.weights)).toBeLessThanOrEqual(r.entropy + 1e-12);
    }
  });
  it('all-equal logits stay uniform whatever β is chosen (H = ln n)', () => {
    const r = adaptiveSoftmax(new Array(16).fill(3.5));
    expect(r.entropy).toBeCloseTo(Math.log(16), 6);
    expect(r.beta).toBeGreaterThan(2); // poly(ln 16) = 2.36…
    r.weights.forEach((w) => expect(w).toBeCloseTo(1 / 16, 12));
  });
  it('huge and infinite logits give finite weights', () => {
    const r = adaptiveSoftmax([1e4, -1e4, 0, 9999]);
    expect(r.weights[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12); // H = 0.58 → β = 1
    expect([...r.weights].every(Number.isFinite)).toBe(true);
    const inf = maskedSoftmax([Infinity, 0, -Infinity, Infinity]);
    expect([...inf]).toEqual([0.5, 0, 0, 0.5]);
    expect([...maskedSoftmax([-Infinity, -Infinity])]).toEqual([0, 0]);
  });
  it('masked keys get 0 and do not enter the entropy', () => {
    const x = [0.3, -0.2, 0.1, 0.0, 0.5, -0.4, 0.2, 0.05];
    const masked = adaptiveSoftmax([...x, 7, 7, 7], [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    const plain = adaptiveSoftmax(x);
    expect(masked.entropy).toBeCloseTo(plain.entropy, 12);
    expect(masked.beta).toBeCloseTo(plain.beta, 12);
    expect([...masked.weights.slice(8)]).toEqual([0, 0, 0]);
    // Counting the padding (here: uniform padding at logit 0) would inflate H.
    const padded = adaptiveSoftmax([...x, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(padded.entropy).toBeGreaterThan(plain.entropy + 0.5);
    expect([...adaptiveSoftmax([1, 2], [0, 0]).weights]).toEqual([0, 0]);
  });
});

describe('dispersion bound and the gap row', () => {
  it('Δ = 2, θ = 1, n = 16: top 0.33003, H 2.44851, bound 0.46182; adaptive β 2.19024 → top 0.84190 (NumPy)', () => {
    const g = gapRow(2, 1, 16);
    expect(g.top).toBeCloseTo(0.33002981752694643, 12);
    expect(g.entropy).toBeCloseTo(2.4485126374073265, 12);
    expect(dispersionBound(2, 1, 16)).toBeCloseTo(0.46181600618316565, 12);
    const a = gapRowAdaptive(2, 1, 16);
    expect(a.beta).toBeCloseTo(2.190239196232863, 9);
    expect(a.top).toBeCloseTo(0.8418992936450433, 9);
  });
  it('the gap row agrees with a softmax of the explicit row and stays below the bound', () => {
    for (const [d, th, n] of [[0, 1, 5], [3, 0.5, 100], [1.5, 2, 1000]]) {
      const row = [d, ...new Array(n - 1).fill(0)];
      const p = maskedSoftmax(row, 1 / th);
      const g = gapRow(d, 1 / th, n);
      expect(g.top).toBeCloseTo(p[0], 12);
      expect(g.entropy).toBeCloseTo(entropyOf(p, undefined, 0), 10);
      expect(g.top).toBeLessThanOrEqual(dispersionBound(d, th, n));
    }
  });
  it('huge gaps give weight 1 and entropy 0, not NaN', () => {
    const g = gapRow(1e4, 1 / 0.05, 1e5);
    expect(g.top).toBe(1);
    expect(g.entropy).toBe(0);
  });
  it('sharp (≥ 0.5) exactly up to n = 1 + e^(Δ/θ): 8 for Δ = 2, θ = 1', () => {
    expect(largestSharpN(2, 1)).toBe(8);
    expect(gapRow(2, 1, 8).top).toBeGreaterThanOrEqual(0.5);
    expect(gapRow(2, 1, 9).top).toBeLessThan(0.5);
    expect(largestSharpN(0, 1)).toBe(2);
  });
});
