import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { initTf, tf } from '../tf/backend';
import { tensorsLeaked } from '../tf/memory';
import { createSpikingStack, initMlpWeights, packWeights, spikeOp, type MlpWeights, type SpikingMember } from './spiking-mlp';

beforeAll(async () => {
  await initTf('cpu');
});

/** A chain of single neurons: every weight w, every bias b. */
function chain(layers: number, w = 1, b = 0): MlpWeights {
  const sizes = Array.from({ length: layers + 1 }, () => 1);
  return { sizes, w: Array.from({ length: layers }, () => Float32Array.of(w)), b: Array.from({ length: layers }, () => Float32Array.of(b)) };
}

const U = [-0.1, 0, 0.3, 0.5, 0.7, 1, 1.2];

/** d/du of the spike op at each u, for a stack whose members have MPR settings ks. */
function spikeGrad(ks: (number | null)[], u: number[]): { value: number[]; grad: number[] } {
  const op = spikeOp(ks);
  const m = ks.length;
  const x = tf.tensor3d(ks.flatMap(() => u), [m, u.length, 1]);
  const value = tf.tidy(() => op(x));
  const grad = tf.grad((t: tf.Tensor) => op(t))(x);
  const out = { value: Array.from(value.dataSync()), grad: Array.from(grad.dataSync()) };
  tf.dispose([x, value, grad]);
  return out;
}

describe('spike op with a surrogate gradient', () => {
  it('forward is 1[u > 0.5] (strict); backward is the window 1[0 ≤ u ≤ 1]', () => {
    const r = spikeGrad([null], U);
    expect(r.value).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(r.grad).toEqual([0, 1, 1, 1, 1, 1, 0]);
  });

  it('with MPR (k = 3) the backward pass is φ′_3 inside the window (values from Python)', () => {
    // k/(2 tanh(k/2)) · (1 − tanh²(k(u − 0.5))) at u = 0, 0.3, 0.5, 0.7, 1.
    const want = [0, 0.29946470900646827, 1.1792174813161753, 1.657187089473768, 1.1792174813161758, 0.29946470900646827, 0];
    const r = spikeGrad([3], U);
    expect(r.value).toEqual([0, 0, 0, 0, 1, 1, 1]);
    r.grad.forEach((g, i) => expect(g).toBeCloseTo(want[i], 5));
  });

  it('per-member settings: member 0 plain, member 1 with MPR; same forward spikes', () => {
    const r = spikeGrad([null, 3], U);
    expect(r.value.slice(0, 7)).toEqual(r.value.slice(7));
    expect(r.grad.slice(0, 7)).toEqual([0, 1, 1, 1, 1, 1, 0]);
    expect(r.grad[7 + 3]).toBeCloseTo(1.657187089473768, 5);
  });
});

describe('spiking stack forward pass', () => {
  const members: SpikingMember[] = [
    { reset: 'hard', mprK: null },
    { reset: 'soft', mprK: null },
  ];

  it('a chain of unit weights fed x = 0.3 for T = 4: hard fires 2 of 4 in each layer, soft 1 of 4', () => {
    // Layer 1 by hand: hard 0.3 | 0.6 fire | 0.3 | 0.6 fire; soft 0.3 | 0.6 fire | −0.1 | 0.2.
    // Layer 2 gets the spikes as current: hard 0 | 1 fire | 0 | 1 fire; soft 0 | 1 fire | 0 | 0.
    const stack = createSpikingStack(chain(3), { steps: 4, members });
    const { rates } = stack.evaluate(Float32Array.of(0.3), 1);
    expect(rates[0]).toEqual([0.5, 0.5]);
    expect(rates[1]).toEqual([0.25, 0.25]);
    stack.dispose();
  });

  it('the readout is W·(mean spikes) + b of the last hidden layer', () => {
    const w = chain(2);
    w.w[1] = Float32Array.of(2);
    w.b[1] = Float32Array.of(0.1);
    const stack = createSpikingStack(w, { steps: 4, members });
    const out = tf.tidy(() => stack.logits(tf.tensor2d([0.3], [1, 1])));
    // hard: 2·0.5 + 0.1 = 1.1; soft: 2·0.25 + 0.1 = 0.6
    const v = out.dataSync();
    expect(v[0]).toBeCloseTo(1.1, 6);
    expect(v[1]).toBeCloseTo(0.6, 6);
    out.dispose();
    stack.dispose();
  });

  it('the gradient flows through the reset (not detached): T = 2, x = 0.6, by hand', () => {
    // One hidden neuron, readout weight 1, so the output is (s1 + s2)/2 with straight-through
    // derivatives w(u) = 1[0 ≤ u ≤ 1] (or φ′ with MPR).
    // soft: s1 = H(x), u2 = 2x − s1 = 0.2, ds2/dx = w(0.2)·(2 − w(0.6)) = 1 -> (1 + 1)/2 = 1.
    //       (Detaching the reset would give ds2/dx = 2 and a mean of 1.5.)
    // hard: u1 = x(1 − s1) = 0, du1/dx = (1 − s1) − x·w(0.6) = −0.6, u2 = u1 + x = 0.6,
    //       ds2/dx = w(0.6)·(−0.6 + 1) = 0.4 -> (1 + 0.4)/2 = 0.7.
    // soft + MPR (k = 3): (g(0.6) + g(0.2)·(2 − g(0.6)))/2 = 0.953326389604604 (Python).
    const stack = createSpikingStack(chain(2), {
      steps: 2,
      members: [
        { reset: 'soft', mprK: null },
        { reset: 'hard', mprK: null },
        { reset: 'soft', mprK: 3 },
      ],
    });
    const x = tf.tensor2d([0.6], [1, 1]);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(stack.logits(t as tf.Tensor2D)))(x);
    // The sum over members gives the total; check each member separately.
    const per = [0, 1, 2].map((i) => {
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.slice(stack.logits(t as tf.Tensor2D), [i, 0, 0], [1, 1, 1])))(x);
      const v = g.dataSync()[0];
      g.dispose();
      return v;
    });
    expect(per[0]).toBeCloseTo(1, 5);
    expect(per[1]).toBeCloseTo(0.7, 5);
    expect(per[2]).toBeCloseTo(0.953326389604604, 5);
    expect(dx.dataSync()[0]).toBeCloseTo(per[0] + per[1] + per[2], 5);
    tf.dispose([x, dx]);
    stack.dispose();
  });
});

describe('training in lockstep', () => {
  function batch(seed: number) {
    const rng = createRng(seed);
    const xs = Float32Array.from({ length: 32 }, () => rng.uniform(-1, 1));
    const labels = Array.from({ length: 16 }, (_, i) => (xs[2 * i] > 0 ? 1 : 0) + (xs[2 * i + 1] > 0.3 ? 1 : 0));
    const y = new Float32Array(48);
    labels.forEach((c, i) => (y[3 * i + c] = 1));
    return { x: tf.tensor2d(xs, [16, 2]), y: tf.tensor2d(y, [16, 3]) };
  }

  it('one Adam over a [hard, soft] stack equals separate Adams for each network', () => {
    const w = initMlpWeights(createRng(5), [2, 8, 8, 3]);
    const both = createSpikingStack(w, { steps: 4, members: [{ reset: 'hard', mprK: null }, { reset: 'soft', mprK: 3 }] });
    const hard = createSpikingStack(w, { steps: 4, members: [{ reset: 'hard', mprK: null }] });
    const soft = createSpikingStack(w, { steps: 4, members: [{ reset: 'soft', mprK: 3 }] });
    const opts = [0, 1, 2].map(() => tf.train.adam(0.05));
    for (let s = 0; s < 6; s++) {
      const { x, y } = batch(s);
      const lb = both.trainStep(opts[0], x, y);
      const [lh] = hard.trainStep(opts[1], x, y);
      const [ls] = soft.trainStep(opts[2], x, y);
      expect(lb[0]).toBeCloseTo(lh, 5);
      expect(lb[1]).toBeCloseTo(ls, 5);
      tf.dispose([x, y]);
    }
    const pb = both.params.arraySync() as number[][];
    const ph = (hard.params.arraySync() as number[][])[0];
    const ps = (soft.params.arraySync() as number[][])[0];
    pb[0].forEach((v, i) => expect(v).toBeCloseTo(ph[i], 5));
    pb[1].forEach((v, i) => expect(v).toBeCloseTo(ps[i], 5));
    // and training did move the weights
    expect(pb[0].some((v, i) => Math.abs(v - packWeights(w)[i]) > 1e-3)).toBe(true);
    [both, hard, soft].forEach((m) => m.dispose());
    opts.forEach((o) => o.dispose());
  });

  it('leaves no tensors behind per training step and evaluation', async () => {
    const stack = createSpikingStack(initMlpWeights(createRng(2), [2, 8, 8, 3]), { steps: 4, members: [{ reset: 'hard', mprK: null }, { reset: 'soft', mprK: 3 }] });
    const opt = tf.train.adam(0.01);
    const { x, y } = batch(9);
    const pts = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const leaked = await tensorsLeaked(() => {
      stack.trainStep(opt, x, y);
      stack.evaluate(pts, 10);
    });
    expect(leaked).toBe(0);
    stack.dispose();
    opt.dispose();
    tf.dispose([x, y]);
  });

  it('initial weights: Glorot-uniform from the seed, zero biases, packed W0 b0 W1 b1 …', () => {
    const a = initMlpWeights(createRng(7), [2, 8, 8, 3]);
    expect(initMlpWeights(createRng(7), [2, 8, 8, 3])).toEqual(a);
    const flat = packWeights(a);
    expect(flat).toHaveLength(2 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3);
    expect(Array.from(flat.subarray(16, 24))).toEqual(new Array(8).fill(0));
    const limit = Math.sqrt(6 / (2 + 8));
    expect(Math.max(...Array.from(a.w[0]).map(Math.abs))).toBeLessThanOrEqual(limit);
  });
});
