/** The tfjs hook against the plain-number row function, a leak test, and the drift scorer on the checkpoint. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { createRng } from '../core/rng';
import { initTf, tf } from '../labs/tf/backend';
import { readCheckpoint } from '../labs/tiny-lm/checkpoint';
import { createTinyLm, disposeTinyLm, type TinyLm } from '../labs/tiny-lm/model';
import { splitSoftmaxRow } from './split-softmax';
import { splitSoftmaxHook } from './split-softmax-tf';
import { makeDialog, makeDialogs, scoreDialogs } from './split-softmax-drift';
import { decode } from '../labs/tiny-lm/tokenizer';

let model: TinyLm;
beforeAll(async () => {
  await initTf('wasm');
  model = createTinyLm(readCheckpoint(resolve(__dirname, '../../public')).weights);
});
afterAll(() => disposeTinyLm(model));

describe('split-softmax hook', () => {
  it('matches splitSoftmaxRow on every row; leaves other layers, π = 0 rows and γ = 1 alone', () => {
    const [b, h, t] = [2, 2, 4];
    const rng = createRng(3);
    const raw = Array.from({ length: b * h * t * t }, () => rng.next());
    const mask = new Float32Array([0, 1, 1, 0, 0, 0, 0, 0]); // row 0: keys 1–2; row 1: none
    const out = tf.tidy(() => {
      const x = tf.tensor4d(raw, [b, h, t, t]);
      const p = tf.div(x, tf.sum(x, -1, true)) as tf.Tensor4D;
      const hook = splitSoftmaxHook(mask, b, t, 0.4, [1]);
      return [p.arraySync(), hook(1, p).arraySync(), hook(0, p).arraySync()];
    });
    const [p, q, same] = out as number[][][][][];
    for (let i = 0; i < b; i++)
      for (let j = 0; j < h; j++)
        for (let r = 0; r < t; r++) {
          const isSys = Array.from(mask.slice(i * t, i * t + t), (v) => v === 1);
          const want = splitSoftmaxRow(p[i][j][r], isSys, 0.4);
          q[i][j][r].forEach((v, k) => expect(v).toBeCloseTo(want[k], 5));
          if (i === 1) q[i][j][r].forEach((v, k) => expect(v).toBeCloseTo(p[i][j][r][k], 6));
        }
    expect(same).toEqual(p);
  });

  it('builds dialogs in the corpus format', () => {
    const all = makeDialogs(createRng(5), 2, 1).map((x) => x[0]);
    expect(makeDialog(createRng(5), 9)).toBeNull(); // ten turns never fit 64 tokens
    expect(all.map((x) => x.history)).toEqual([0, 1, 2]);
    expect(all[2].context.slice(-all[0].context.length + 5)).toEqual(all[0].context.slice(5));
    expect(all[1].right).toEqual(all[0].right);
    const d = all[1];
    const text = decode(d.context);
    expect(text.slice(0, 5)).toEqual(['<bos>', '[SYS]', 'speak', d.bot, '[/SYS]']);
    expect(text.filter((x) => x === 'U:')).toHaveLength(2);
    expect(text[text.length - 1]).toBe('B:');
    expect(d.bot).not.toBe(d.user);
    expect(d.context.length + d.right.length).toBeLessThanOrEqual(64);
  });

  it('scores without leaking tensors; γ < 1 raises the measured system share', () => {
    const ds = makeDialogs(createRng(2), 1, 6)[1];
    scoreDialogs(model, ds, 0.5, [0, 1]);
    const before = tf.memory().numTensors;
    const a = scoreDialogs(model, ds, 1, [0, 1]);
    const b2 = scoreDialogs(model, ds, 0.5, [0, 1]);
    expect(tf.memory().numTensors).toBe(before);
    expect(b2.sysShare).toBeGreaterThan(a.sysShare);
    expect(a.sysShareHeads).toHaveLength(8);
  }, 60000);
});
