/**
 * What the lessons do with the tiny LM besides `forward`: next-token loss (pretraining, full
 * fine-tuning), readout of one position per row, label-word scores, sequence log-probabilities and
 * sampling with temperature from our RNG (LABS.md §1.4 "Losses and decoding").
 */
import { tf } from '../tf/backend';
import type { Rng } from '../../core/rng';
import { forward, logitsOf, type ForwardHooks, type TinyLm } from './model';
import { PAD } from './tokenizer';

/** Right-padded int32 batch [B, T] from id lists, and each row's length. */
export function padBatch(rows: readonly (readonly number[])[], len = Math.max(...rows.map((r) => r.length))): { ids: Int32Array; lengths: Int32Array; len: number } {
  const ids = new Int32Array(rows.length * len).fill(PAD);
  const lengths = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    if (r.length > len) throw new Error(`row of ${r.length} tokens exceeds ${len}`);
    ids.set(r, i * len);
    lengths[i] = r.length;
  });
  return { ids, lengths, len };
}

/**
 * Mean next-token cross-entropy of `windows` (int32 [B, T+1]: inputs are the first T, targets
 * the last T), over all positions. Call inside `tf.tidy` or a `minimize` closure.
 */
export function nextTokenLoss(m: TinyLm, windows: tf.Tensor2D, hooks: ForwardHooks = {}): tf.Scalar {
  const [b, t1] = windows.shape;
  const t = t1 - 1;
  const inputs = tf.slice(windows, [0, 0], [b, t]) as tf.Tensor2D;
  const targets = tf.reshape(tf.slice(windows, [0, 1], [b, t]), [b * t]) as tf.Tensor1D;
  const { hidden, offset } = forward(m, inputs, hooks);
  const h = tf.slice(hidden, [0, offset, 0], [b, t, m.config.dModel]);
  const logits = logitsOf(m, tf.reshape(h, [b * t, m.config.dModel]) as tf.Tensor2D);
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.oneHot(targets, m.config.vocabSize)), 1))) as tf.Scalar;
}

/** Hidden states [B, d] at token index `at[i]` of row i (a one-hot blend: differentiable, no gather). */
export function rowsAt(hidden: tf.Tensor3D, at: Int32Array, offset = 0): tf.Tensor2D {
  const [b, t] = hidden.shape;
  const sel = new Float32Array(b * t);
  for (let i = 0; i < b; i++) sel[i * t + at[i] + offset] = 1;
  return tf.sum(tf.mul(hidden, tf.tensor3d(sel, [b, t, 1])), 1) as tf.Tensor2D;
}

/** Log-probabilities [B, rows.length] over the given vocabulary rows at each row's last token. */
export function labelLogits(m: TinyLm, ids: tf.Tensor2D, lengths: Int32Array, rows: readonly number[], hooks: ForwardHooks = {}): tf.Tensor2D {
  const { hidden, offset } = forward(m, ids, hooks);
  const last = Int32Array.from(lengths, (n) => n - 1);
  return logitsOf(m, rowsAt(hidden, last, offset), rows);
}

/**
 * Sum of log p(token) over each sequence's tokens from index `from[i]` on (the continuation after
 * a context), one number per row. Plain numbers: runs its own `tf.tidy`.
 */
export function sequenceLogProbs(m: TinyLm, rows: readonly (readonly number[])[], from: readonly number[], hooks: ForwardHooks = {}): Float64Array {
  const { ids, lengths, len } = padBatch(rows);
  const lp = tf.tidy(() => {
    const x = tf.tensor2d(ids, [rows.length, len], 'int32');
    const { hidden, offset } = forward(m, x, hooks);
    const h = tf.slice(hidden, [0, offset, 0], [rows.length, len, m.config.dModel]);
    const logp = tf.logSoftmax(logitsOf(m, tf.reshape(h, [rows.length * len, m.config.dModel]) as tf.Tensor2D));
    return logp.dataSync();
  });
  const v = m.config.vocabSize;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let s = 0;
    // The token at j is predicted at position j − 1.
    for (let j = Math.max(1, from[i]); j < lengths[i]; j++) s += lp[(i * len + j - 1) * v + rows[i][j]];
    out[i] = s;
  }
  return out;
}

export interface SampleOptions {
  maxTokens: number;
  /** 0 = greedy. */
  temperature: number;
  rng?: Rng;
  stop?: readonly number[];
  /** Restrict choices to these ids. */
  allowed?: readonly number[];
  hooks?: ForwardHooks;
}

/** Samples a continuation of `prompt`; returns the new ids and their probabilities at T = 1. */
export function sample(m: TinyLm, prompt: readonly number[], o: SampleOptions): { ids: number[]; probsT1: number[] } {
  const seq = [...prompt];
  const out: number[] = [];
  const probsT1: number[] = [];
  for (let s = 0; s < o.maxTokens; s++) {
    const logits = tf.tidy(() => {
      const x = tf.tensor2d(seq, [1, seq.length], 'int32');
      const { hidden, offset } = forward(m, x, o.hooks ?? {});
      const h = tf.slice(hidden, [0, offset + seq.length - 1, 0], [1, 1, m.config.dModel]);
      return logitsOf(m, tf.reshape(h, [1, m.config.dModel]) as tf.Tensor2D).dataSync();
    });
    const cand = o.allowed ?? Array.from(logits.keys());
    const lg = cand.map((i) => logits[i]);
    const mx = Math.max(...lg);
    const z1 = lg.reduce((a, x) => a + Math.exp(x - mx), 0);
    let choice: number;
    if (o.temperature <= 0 || !o.rng) choice = lg.indexOf(mx);
    else {
      const w = lg.map((x) => Math.exp((x - mx) / o.temperature));
      let u = o.rng.next() * w.reduce((a, b) => a + b, 0);
      choice = w.length - 1;
      for (let i = 0; i < w.length; i++) {
        u -= w[i];
        if (u < 0) {
          choice = i;
          break;
        }
      }
    }
    const id = cand[choice];
    out.push(id);
    probsT1.push(Math.exp(lg[choice] - mx) / z1);
    seq.push(id);
    if (o.stop?.includes(id) || seq.length >= m.config.context) break;
  }
  return { ids: out, probsT1 };
}
