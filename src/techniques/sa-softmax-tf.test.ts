/**
 * The tfjs normalisers against the float64 reference in `sa-softmax.ts` (values, and gradients of
 * Σ g·w for a fixed upstream g, which must equal gᵀJ), with a masked key, and a leak test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { tensorsLeaked } from '../labs/tf/memory';
import { SOFTMAX } from '../labs/attention/normaliser';
import { SA_NORM_DETACHED, SA_NORM_THROUGH, SA_PLAIN } from './sa-softmax-tf';
import { saJacobian, saRow, type SaVariant } from './sa-softmax';

beforeAll(async () => {
  await initTf('wasm');
});

const ROWS = [
  [0.9, -1.4, 2.3, 0.1],
  [8, -0.5, -1, -1.5],
  [1.5, 0.7, 0.2, 3.3], // last key masked below
  [-0.3, -2, -1.1, -0.6],
];
const MASK = [
  [1, 1, 1, 1],
  [1, 1, 1, 1],
  [1, 1, 1, 0],
  [1, 1, 1, 1],
];
const G = [0.7, -1.2, 0.4, 2.0];
const CASES: [SaVariant, typeof SOFTMAX][] = [
  ['softmax', SOFTMAX],
  ['plain', SA_PLAIN],
  ['norm-detached', SA_NORM_DETACHED],
  ['norm-through', SA_NORM_THROUGH],
];

describe.each(CASES)('%s normaliser (tfjs)', (variant, norm) => {
  it('values and gradients match the reference, masked key excluded', () => {
    const z = tf.tensor3d(ROWS.flat(), [4, 1, 4]);
    const m = tf.tensor3d(MASK.flat(), [4, 1, 4]);
    const g = tf.tensor3d(ROWS.flatMap(() => G), [4, 1, 4]);
    const w = norm.normalise(z, m).dataSync();
    const dz = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(norm.normalise(x, m), g)))(z).dataSync();
    ROWS.forEach((row, r) => {
      const ref = saRow(variant, row, MASK[r]);
      const J = saJacobian(variant, row, MASK[r]);
      for (let j = 0; j < 4; j++) {
        expect(w[r * 4 + j]).toBeCloseTo(ref[j], 4);
        const gj = G.reduce((acc, gi, i) => acc + gi * J[i * 4 + j], 0);
        expect(dz[r * 4 + j]).toBeCloseTo(gj, 3);
      }
      expect(w[2 * 4 + 3]).toBe(0);
    });
    tf.dispose([z, m, g]);
  });
  it('huge logits give finite weights and gradients', () => {
    const z = tf.tensor3d([1e4, 0, -1e4, 5], [1, 1, 4]);
    const m = tf.ones([1, 1, 4]);
    const dz = tf.grad((x: tf.Tensor) => tf.sum(norm.normalise(x, m)))(z);
    expect(Array.from(norm.normalise(z, m).dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(dz.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([z, m, dz]);
  });
  it('leaks no tensors', async () => {
    const z = tf.tensor3d(ROWS.flat(), [4, 1, 4]);
    const m = tf.tensor3d(MASK.flat(), [4, 1, 4]);
    expect(await tensorsLeaked(() => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(norm.normalise(x, m)))(z).dataSync()))).toBe(0);
    tf.dispose([z, m]);
  });
});
