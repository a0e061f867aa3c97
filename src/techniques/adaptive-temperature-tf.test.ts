/** The tfjs normalisers agree with the float64 reference (adaptive-temperature.ts) and leak nothing. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { tensorsLeaked } from '../labs/tf/memory';
import { adaptiveNormaliser, betaTensor, fixedBetaNormaliser } from './adaptive-temperature-tf';
import { adaptiveSoftmax, maskedSoftmax } from './adaptive-temperature';

beforeAll(async () => {
  await initTf('wasm');
});

const ROWS = [
  [0.3, -0.2, 0.1, 0.0, 0.5, -0.4, 0.2, 0.05],
  [1, 2, 3, 0, 0, 0, 0, 0],
  [4, 4, 4, 4, 4, 4, 4, 4],
  [20, -20, 0, 1, 2, 3, 4, 5],
];
const MASK = [1, 1, 1, 1, 1, 1, 0, 0];

describe('adaptive temperature as a tfjs normaliser', () => {
  it('matches the reference row by row, with masked keys excluded', () => {
    const [w, b] = tf.tidy(() => {
      const s = tf.tensor3d(ROWS.flat(), [ROWS.length, 1, 8]);
      const m = tf.tensor3d(MASK, [1, 1, 8]);
      return [adaptiveNormaliser()(s, m), betaTensor(s, m)];
    });
    const wd = w.dataSync();
    const bd = b.dataSync();
    tf.dispose([w, b]);
    ROWS.forEach((row, r) => {
      const ref = adaptiveSoftmax(row, MASK);
      expect(bd[r]).toBeCloseTo(ref.beta, 4);
      for (let k = 0; k < 8; k++) expect(wd[r * 8 + k]).toBeCloseTo(ref.weights[k], 5);
      expect(wd[r * 8 + 6]).toBe(0);
    });
  });
  it('fixed β is softmax(β·x)', () => {
    const w = tf.tidy(() => fixedBetaNormaliser(2.5)(tf.tensor3d(ROWS[0], [1, 1, 8]), tf.ones([1, 1, 8])));
    const ref = maskedSoftmax(ROWS[0], 2.5);
    w.dataSync().forEach((v, k) => expect(v).toBeCloseTo(ref[k], 5));
    w.dispose();
  });
  it('leaks no tensors', async () => {
    const leaked = await tensorsLeaked(() => {
      const w = tf.tidy(() => adaptiveNormaliser()(tf.tensor3d(ROWS.flat(), [4, 1, 8]), tf.tensor3d(MASK, [1, 1, 8])));
      w.dataSync();
      w.dispose();
    });
    expect(leaked).toBe(0);
  });
});
