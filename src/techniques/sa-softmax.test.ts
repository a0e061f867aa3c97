/**
 * SA-Softmax values and gradients. Hand values were computed independently with a few lines of
 * Python (math.exp, written from the formulas in the brief, not from this file), e.g. for
 * z = [2, 0]: s = [0.8807971, 0.1192029], z·s = [1.7615942, 0], normalised [0.8807966, 0];
 * ∂w_1/∂z_1 = 0.1049936 (softmax), 1.0907842 (plain), 0.5453919 (normalised, detached).
 * Every Jacobian is also checked against central finite differences of the value functions.
 */
import { describe, expect, it } from 'vitest';
import { maskedSoftmax, normFactor, saJacobian, saRow, selfDerivative, SA_VARIANTS, type SaVariant } from './sa-softmax';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, digits = 6) => Array.from(a).forEach((x, i) => expect(x).toBeCloseTo(b[i], digits));

/** The normalised weights with a and b frozen at the values of `z0` (the "detached" function). */
function frozenNorm(z: number[], z0: number[]): number[] {
  const { a, D } = normFactor(z0);
  const s = maskedSoftmax(z);
  return z.map((x, i) => ((x - a) / D) * s[i]);
}

function fdJacobian(fn: (z: number[]) => ArrayLike<number>, z: number[], h = 1e-6): Float64Array {
  const n = z.length;
  const J = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const up = fn(z.map((x, k) => (k === j ? x + h : x)));
    const dn = fn(z.map((x, k) => (k === j ? x - h : x)));
    for (let i = 0; i < n; i++) J[i * n + j] = (up[i] - dn[i]) / (2 * h);
  }
  return J;
}

describe('values', () => {
  it('match hand values for z = [2, 0] and the brief example z = [8, −0.5, −1, −1.5]', () => {
    close(saRow('softmax', [2, 0]), [0.8807971, 0.1192029]);
    close(saRow('plain', [2, 0]), [1.7615942, 0]);
    close(saRow('norm-detached', [2, 0]), [0.8807966, 0]);
    close(saRow('plain', [8, -0.5, -1, -1.5]), [7.9967875, -0.0001017, -0.0001234, -0.0001122]);
    close(saRow('norm-through', [8, -0.5, -1, -1.5]), [0.9995983, 2.14e-5, 6.5e-6, 0]);
  });
  it('normalised weights lie in [0, s_i] and sum to at most 1', () => {
    const z = [1.3, -2.2, 0.4, 3.1, -0.7];
    const s = saRow('softmax', z);
    const w = saRow('norm-detached', z);
    w.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(s[i]);
    });
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
  });
  it('all-equal rows: positive → softmax/plain scaled; zero or negative → all-zero normalised weights', () => {
    close(saRow('plain', [3, 3, 3, 3]), [0.75, 0.75, 0.75, 0.75]);
    close(saRow('norm-detached', [3, 3, 3, 3]), [0.2499999, 0.2499999, 0.2499999, 0.2499999]);
    close(saRow('norm-detached', [-2, -2]), [0, 0]);
    const zero = saRow('norm-detached', [0, 0, 0]);
    expect(Array.from(zero)).toEqual([0, 0, 0]); // 0/ε, not 0/0
  });
  it('huge logits stay finite', () => {
    const z = [1e4, 0, -1e4];
    expect(Array.from(saRow('softmax', z))).toEqual([1, 0, 0]);
    close(saRow('plain', z), [1e4, 0, 0], 9);
    close(saRow('norm-detached', z), [1, 0, 0]);
    for (const v of SA_VARIANTS) expect(saJacobian(v, z).every(Number.isFinite)).toBe(true);
    expect(selfDerivative('softmax', z, 0)).toBe(0);
    expect(selfDerivative('plain', z, 0)).toBe(1);
    expect(selfDerivative('norm-detached', z, 0)).toBeCloseTo(1 / 2e4, 9);
    expect(selfDerivative('norm-through', z, 0)).toBeCloseTo(0, 9);
  });
  it('−∞ scores and mask 0 exclude a key exactly (also from min/max)', () => {
    for (const v of SA_VARIANTS) {
      const ref = saRow(v, [1, 2]);
      const inf = saRow(v, [1, -Infinity, 2]);
      const masked = saRow(v, [1, -50, 2], [1, 0, 1]);
      close([inf[0], inf[2]], ref, 12);
      close([masked[0], masked[2]], ref, 12);
      expect(inf[1]).toBe(0);
      expect(masked[1]).toBe(0);
      const J = saJacobian(v, [1, -50, 2], [1, 0, 1]);
      for (let k = 0; k < 3; k++) expect(J[1 * 3 + k] === 0 && J[k * 3 + 1] === 0).toBe(true);
    }
    expect(Array.from(saRow('norm-through', [5, 5], [0, 0]))).toEqual([0, 0]);
  });
});

describe('gradients', () => {
  it('self-derivatives match hand values', () => {
    expect(selfDerivative('softmax', [2, 0], 0)).toBeCloseTo(0.1049936, 6);
    expect(selfDerivative('plain', [2, 0], 0)).toBeCloseTo(1.0907842, 6);
    expect(selfDerivative('norm-detached', [2, 0], 0)).toBeCloseTo(0.5453919, 6);
    // Through the max: the top factor is b/b = 1 for any b, so only the softmax part is left.
    expect(selfDerivative('norm-through', [2, 0], 0)).toBeCloseTo(0.1049936, 6);
    expect(selfDerivative('norm-detached', [8, -0.5, -1, -1.5], 0)).toBeCloseTo(0.1056223, 6);
    expect(selfDerivative('softmax', [8, -0.5, -1, -1.5], 0)).toBeCloseTo(0.0004014, 6);
  });
  it('the diagonal of the Jacobian equals selfDerivative', () => {
    const z = [0.9, -1.4, 2.3, 0.1];
    for (const v of SA_VARIANTS) {
      const J = saJacobian(v, z);
      z.forEach((_, k) => expect(J[k * 4 + k]).toBeCloseTo(selfDerivative(v, z, k), 12));
    }
  });
  const rows = [
    [0.9, -1.4, 2.3, 0.1],
    [8, -0.5, -1, -1.5],
    [1.5, 0.7, 0.2], // all positive: a = 0, no arg-min term
    [-0.3, -2, -1.1], // all negative: b = 0, no arg-max term
  ];
  it.each(rows)('matches finite differences (row %#)', (...z: number[]) => {
    const cases: [SaVariant, (x: number[]) => ArrayLike<number>][] = [
      ['softmax', (x) => saRow('softmax', x)],
      ['plain', (x) => saRow('plain', x)],
      ['norm-through', (x) => saRow('norm-through', x)], // min/max move with z: differentiate everything
      ['norm-detached', (x) => frozenNorm(x, z)], // a, b frozen at z
    ];
    for (const [v, fn] of cases) close(saJacobian(v, z), fdJacobian(fn, z), 5);
  });
  it('at the top key the two readings differ by exactly s_1/D (through: the factor is pinned at 1)', () => {
    const z = [6, 1, -1];
    const s = maskedSoftmax(z);
    const { D } = normFactor(z);
    const d = saJacobian('norm-detached', z);
    const t = saJacobian('norm-through', z);
    expect(d[0] - t[0]).toBeCloseTo(s[0] / D, 5);
    expect(t[0]).toBeCloseTo(s[0] * (1 - s[0]), 5);
  });
});
