import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { tensorsLeaked } from '../labs/tf/memory';
import { softmaxNormaliser } from '../labs/attention/normaliser';
import { relevantWeight, scoreForSoftmaxWeight, scoreForSoftpickWeight, softmaxRow, softpickJacobian, softpickRow } from './softpick';
import { softpickNormaliser } from './softpick-tf';

beforeAll(async () => {
  await initTf('cpu');
});

/** The paper's formula written directly (unstable; fine for small scores): an independent reference. */
function naive(x: number[]): number[] {
  const s = x.reduce((a, v) => a + Math.abs(Math.exp(v) - 1), 0) + 1e-8;
  return x.map((v) => Math.max(0, Math.exp(v) - 1) / s);
}

const SIGMOID_1 = 1 / (1 + Math.exp(-1)); // 0.7310585786300049

describe('softpick of one row (float64)', () => {
  it('matches a hand calculation: softpick([1, −1])₀ = (e−1)/((e−1)+(1−1/e)) = σ(1)', () => {
    // (e − 1)/((e − 1)(1 + 1/e)) = 1/(1 + e^{−1}) = sigmoid(1): a closed form from algebra, not from the code.
    const y = softpickRow([1, -1]);
    expect(y[0]).toBeCloseTo(SIGMOID_1, 7);
    expect(y[1]).toBe(0);
  });

  it('agrees with the unstable formula on moderate scores', () => {
    const x = [1, 2, -1, 0.5, -2, 0, -0.5, 1.5];
    const a = softpickRow(x);
    const b = naive(x);
    for (let i = 0; i < x.length; i++) expect(a[i]).toBeCloseTo(b[i], 7);
    // Row sum < 1 because some scores are negative: Σ ReLU / Σ |·|.
    const sum = a.reduce((s, v) => s + v, 0);
    expect(sum).toBeLessThan(1);
    expect(sum).toBeGreaterThan(0.5);
  });

  it('huge scores (1e4) stay finite: the unstable form would be ∞/∞', () => {
    expect(Math.exp(1e4)).toBe(Infinity);
    const y = softpickRow([1e4, 0, -1e4]);
    expect(Array.from(y)).toEqual([expect.closeTo(1, 7), 0, 0]);
    const z = softpickRow([1e4, 1e4]);
    expect(z[0]).toBeCloseTo(0.5, 7);
    expect(z[1]).toBeCloseTo(0.5, 7);
  });

  it('all-equal positive scores share the row equally; all-equal 0 gives zeros (0/ε, not NaN)', () => {
    expect(Array.from(softpickRow([2, 2, 2, 2])).every((v) => Math.abs(v - 0.25) < 1e-7)).toBe(true);
    expect(Array.from(softpickRow([0, 0, 0]))).toEqual([0, 0, 0]);
  });

  it('all-negative scores give an all-zero row (even very negative ones)', () => {
    expect(Array.from(softpickRow([-1, -2, -3]))).toEqual([0, 0, 0]);
    expect(Array.from(softpickRow([-800, -1000]))).toEqual([0, 0]);
    expect(softpickJacobian([-1, -2, -3]).every((v) => v === 0)).toBe(true);
  });

  it('−∞ and mask 0 exclude a key from both sums; a finite −1e9 does not', () => {
    const withInf = softpickRow([1, -Infinity, -1]);
    expect(withInf[0]).toBeCloseTo(SIGMOID_1, 7);
    expect(withInf[1]).toBe(0);
    const withMask = softpickRow([1, 5, -1], [1, 0, 1]);
    expect(withMask[0]).toBeCloseTo(SIGMOID_1, 7);
    expect(withMask[1]).toBe(0);
    // The pitfall: a large negative score still adds |e^{−1e9} − 1| = 1 to the denominator.
    expect(softpickRow([1, -1e9, -1])[0]).toBeCloseTo((Math.E - 1) / (Math.E - 1 + 1 + (1 - 1 / Math.E)), 7);
  });

  it('is not shift-invariant (softmax is)', () => {
    const x = [1, -1, 0.5];
    const up = x.map((v) => v + 2);
    expect(softmaxRow(up)[0]).toBeCloseTo(softmaxRow(x)[0], 12);
    // Row sums: (e−1 + e^0.5−1)/(e−1 + 1−e^{−1} + e^0.5−1) = 0.789 before the shift, 1 after (no negative score left).
    const sum = (y: Float64Array) => y.reduce((a, b) => a + b, 0);
    expect(sum(softpickRow(x))).toBeCloseTo((Math.E - 1 + Math.exp(0.5) - 1) / (Math.E - 1 + 1 - 1 / Math.E + Math.exp(0.5) - 1), 7);
    expect(sum(softpickRow(up))).toBeCloseTo(1, 7);
  });
});

describe('softpick gradient (float64 Jacobian)', () => {
  it('matches the hand derivative for x = [1, −1]', () => {
    // out0 = (e^{x0} − 1)/((e^{x0} − 1) + c), c = 1 − e^{−1}: d/dx0 = e·c/S² with S = (e − 1) + c = 2.3504024.
    // d out0/dx1 = −r0·sign(−1)·e^{−1}/S² = (e − 1)e^{−1}/S² (raising a negative score shrinks S).
    const S = Math.E - 1 + (1 - 1 / Math.E);
    const J = softpickJacobian([1, -1]);
    expect(J[0]).toBeCloseTo((Math.E * (1 - 1 / Math.E)) / (S * S), 7); // 0.311035
    expect(J[1]).toBeCloseTo(((Math.E - 1) / Math.E) / (S * S), 7); // 0.114424
    expect(J[2]).toBe(0);
    expect(J[3]).toBe(0);
  });

  it('matches central finite differences of the unstable formula', () => {
    const x = [1, 2, -1, 0.5, -2, 0.3, -0.5, 1.5];
    const J = softpickJacobian(x);
    const h = 1e-6;
    for (let j = 0; j < x.length; j++) {
      const up = naive(x.map((v, k) => (k === j ? v + h : v)));
      const dn = naive(x.map((v, k) => (k === j ? v - h : v)));
      for (let i = 0; i < x.length; i++) expect(J[i * x.length + j]).toBeCloseTo((up[i] - dn[i]) / (2 * h), 6);
    }
    // Columns of negative-score keys are non-zero: zero weight, but gradient through the denominator.
    const col = (j: number) => Array.from({ length: x.length }, (_, i) => Math.abs(J[i * x.length + j]));
    expect(Math.max(...col(2))).toBeGreaterThan(0.01);
  });
});

describe('long rows (closed form)', () => {
  it('weights and required scores agree with each other', () => {
    // Softpick at n = 16, s = 3, b = −2: (e³ − 1)/((e³ − 1) + 16(1 − e^{−2})) = 19.0855/(19.0855 + 13.8346) = 0.5798.
    const w = relevantWeight(3, -2, 16);
    expect(w.softpick).toBeCloseTo(19.085537 / (19.085537 + 16 * 0.8646647), 5);
    expect(w.softmax).toBeCloseTo(1 / (1 + 16 * Math.exp(-5)), 10);
    for (const n of [16, 1024]) {
      expect(relevantWeight(scoreForSoftpickWeight(0.5, -2, n), -2, n).softpick).toBeCloseTo(0.5, 6);
      expect(relevantWeight(scoreForSoftmaxWeight(0.5, -2, n), -2, n).softmax).toBeCloseTo(0.5, 10);
    }
    expect(scoreForSoftpickWeight(0.5, -2, 1024)).toBeCloseTo(Math.log(1 + 1024 * (1 - Math.exp(-2))), 10);
  });
});

describe('softpick as a tfjs normaliser', () => {
  const rows = [
    [1, 2, -1, 0.5, -2, 0, -0.5, 1.5],
    [-1, -2, -3, -0.5, -4, -1, -2, -0.1],
    [3, 3, 3, 3, 3, 3, 3, 3],
    [40, -40, 0.2, 1, 90, -3, 2, 5],
  ];
  const mask = [1, 1, 1, 1, 1, 1, 0, 0];

  it('values match the float64 reference with masked keys excluded', () => {
    const out = tf.tidy(() => softpickNormaliser(tf.tensor2d(rows), tf.tensor2d([mask])).arraySync() as number[][]);
    rows.forEach((r, i) => {
      const ref = softpickRow(r, mask);
      r.forEach((_, j) => expect(out[i][j]).toBeCloseTo(ref[j], 5));
    });
    expect(out[1].every((v) => v === 0)).toBe(true); // all-negative row
    expect(out[0][6]).toBe(0); // masked
  });

  it('the custom gradient equals Jᵀg from the float64 Jacobian', () => {
    const g = [0.3, -1.2, 0.7, 2, -0.4, 1.1, 0.9, -0.6];
    const grads = tf.tidy(() => {
      const f = (x: tf.Tensor) => tf.sum(tf.mul(softpickNormaliser(x, tf.tensor2d([mask])), tf.tensor2d([g])));
      return tf.grad(f)(tf.tensor2d(rows)).arraySync() as number[][];
    });
    rows.forEach((r, i) => {
      const J = softpickJacobian(r, mask);
      const n = r.length;
      for (let j = 0; j < n; j++) {
        let ref = 0;
        for (let k = 0; k < n; k++) ref += g[k] * J[k * n + j];
        expect(grads[i][j]).toBeCloseTo(ref, 4);
      }
    });
  });

  it('rows with every key masked return zeros and finite gradients (softmax too)', () => {
    const [sp, sm, gr] = tf.tidy(() => {
      const x = tf.tensor2d([[1, -2, 3]]);
      const m = tf.tensor2d([[0, 0, 0]]);
      const grad = tf.grad((t: tf.Tensor) => tf.sum(softpickNormaliser(t, m)))(x);
      return [softpickNormaliser(x, m).arraySync(), softmaxNormaliser(x, m).arraySync(), grad.arraySync()] as number[][][];
    });
    expect(sp[0]).toEqual([0, 0, 0]);
    expect(sm[0]).toEqual([0, 0, 0]);
    expect(gr[0].every(Number.isFinite)).toBe(true);
  });

  it('leaks no tensors (forward and gradient)', async () => {
    const leaked = await tensorsLeaked(() =>
      tf.tidy(() => {
        const x = tf.tensor2d(rows);
        const m = tf.tensor2d([mask]);
        tf.grad((t: tf.Tensor) => tf.sum(softpickNormaliser(t, m)))(x).dataSync();
      }),
    );
    expect(leaked).toBe(0);
  });
});
