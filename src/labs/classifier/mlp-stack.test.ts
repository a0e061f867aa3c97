import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { initTf, tf } from '../tf/backend';
import { tensorsLeaked } from '../tf/memory';
import { createMlp, disposeMlp, forward, initWeights, trainableVars } from './mlp';
import { createMlpStack, disposeMlpStack, forwardStack, logitsOfStack, stackVars } from './mlp-stack';

beforeAll(async () => {
  await initTf('cpu');
});

const w = initWeights(createRng(3).fork('init'), [2, 8, 8, 3], 'he');
const xs = new Float32Array([0.5, -1, 2, 0.25, -0.3, 0.7, 1.5, 1.5]);

describe('stacked MLP copies', () => {
  it('every copy computes what the plain MLP computes', () => {
    const stack = createMlpStack(w, 3);
    const single = createMlp(w);
    const ref = tf.tidy(() => forward(single, tf.tensor2d(xs, [4, 2])).dataSync());
    const copies = logitsOfStack(stack, xs);
    expect(copies).toHaveLength(3);
    for (const c of copies) for (let i = 0; i < ref.length; i++) expect(c[i]).toBeCloseTo(ref[i], 5);
    disposeMlpStack(stack);
    disposeMlp(single);
  });

  it('trains each copy exactly like a separate network with its own loss (Adam)', () => {
    // Copy 0 learns targets A, copy 1 targets B; compare with two plain MLPs, each with its own Adam.
    const ya = tf.tensor2d([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0], [4, 3]);
    const yb = tf.tensor2d([0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0], [4, 3]);
    const x = tf.tensor2d(xs, [4, 2]);
    const ce = (logits: tf.Tensor, y: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits, -1)), -1)));
    const stack = createMlpStack(w, 2);
    const optS: tf.Optimizer = tf.train.adam(0.01);
    const plain = [createMlp(w), createMlp(w)];
    const opts: tf.Optimizer[] = [tf.train.adam(0.01), tf.train.adam(0.01)];
    for (let step = 0; step < 5; step++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const out = forwardStack(stack, x);
          const [a, b] = tf.unstack(out);
          return tf.add(ce(a, ya), ce(b, yb)) as tf.Scalar;
        }, stackVars(stack));
        optS.applyGradients(grads);
        [ya, yb].forEach((y, c) => {
          const g = tf.variableGrads(() => ce(forward(plain[c], x), y) as tf.Scalar, trainableVars(plain[c]));
          opts[c].applyGradients(g.grads);
        });
      });
    }
    const got = logitsOfStack(stack, xs);
    plain.forEach((m, c) => {
      const ref = tf.tidy(() => forward(m, x).dataSync());
      for (let i = 0; i < ref.length; i++) expect(got[c][i]).toBeCloseTo(ref[i], 4);
    });
    // The two copies did learn different things.
    expect(Math.abs(got[0][0] - got[1][0])).toBeGreaterThan(1e-3);
    [optS, ...opts].forEach((o) => o.dispose());
    disposeMlpStack(stack);
    plain.forEach(disposeMlp);
    [ya, yb, x].forEach((t) => t.dispose());
  });

  it('leaks no tensors', async () => {
    const leaked = await tensorsLeaked(() => {
      const s = createMlpStack(w, 2);
      logitsOfStack(s, xs);
      disposeMlpStack(s);
    });
    expect(leaked).toBe(0);
  });
});
