/**
 * EPT's trainable prompt on the frozen tiny LM (tfjs); the maths and counts are in `ept.ts`.
 *
 * - short prompt P_s (s × d), started from sampled vocabulary rows like vanilla PT;
 * - low-rank input offsets A·B (A: L × r, B: r × d) added to the first `len` token embeddings through
 *   the lab's `inputOffsets` hook. B starts at zero, so the model's input is untouched at step 0.
 *   The pair gets its own, smaller step size although a `PromptMethod` has one learning rate: we store
 *   A′ = A/γ and B′ = B/γ and use A = γA′, B = γB′, so Adam (whose step does not depend on the
 *   gradient's scale) moves A and B by γ·lr per step instead of lr. γ = lrLow / lr.
 * - optional fusion: P_f = P_s + softmax(P_s(AB)ᵀ/√d)·AB (parameter-free);
 * - optional multi-space projection: K spaces P_f·W_j (full d × d, or diagonal) mixed by a gate
 *   g = softmax(mean(P_f)·W_g + b_g). W_j start at I plus a little seeded noise and W_g at small noise:
 *   with all spaces identical the gate's gradient is exactly zero and the spaces never separate.
 * Padding positions also receive an offset; the lab pads on the right and the LM is causal, so
 * those positions never reach the last real token where the answer is read.
 */
import type { Rng } from '../core/rng';
import { tf } from '../labs/tf/backend';
import { mm, mmT } from '../labs/tiny-lm/matmul';
import type { TinyLm } from '../labs/tiny-lm/model';
import { sampledVocabRows, type PromptMethod } from '../labs/tiny-lm/prompt-tuning';
import { decompParams, spaceParams, type SpaceKind } from './ept';

export interface EptConfig {
  /** Short prompt length s. */
  s: number;
  /** Rank r of the offsets (0: no offsets). */
  rank: number;
  /** Positions L covered by the offsets (≥ the longest input). */
  maxLen: number;
  fusion: boolean;
  space: SpaceKind;
  /** Number of spaces K (used when space ≠ 'off'). */
  spaces: number;
  /** Learning rate of P_s (and of the projections and gate). */
  lr: number;
  /** Learning rate of the low-rank pair. */
  lrLow: number;
}

export interface EptMethod extends PromptMethod {
  /** Current gate g (empty when multi-space is off). */
  gate(): number[];
}

const NOISE = 0.01;

export function eptPrompt(model: TinyLm, c: EptConfig, rng: Rng, name = 'EPT'): EptMethod {
  const d = model.config.dModel;
  const gamma = c.lrLow / c.lr;
  const noise = (n: number, base = 0) => Float32Array.from({ length: n }, () => base + NOISE * rng.normal());
  const vars: tf.Variable[] = [];
  const v = (t: () => tf.Tensor) => {
    const x = tf.tidy(() => tf.variable(t(), true));
    vars.push(x);
    return x;
  };
  const ps = v(() => tf.tensor2d(sampledVocabRows(model, c.s, rng.fork('prompt')), [c.s, d]));
  const aInit = 1 / Math.sqrt(Math.max(c.rank, 1));
  const a = c.rank > 0 ? v(() => tf.tensor2d(Float32Array.from({ length: c.maxLen * c.rank }, () => rng.uniform(-aInit, aInit) / gamma), [c.maxLen, c.rank])) : null;
  const b = c.rank > 0 ? v(() => tf.zeros([c.rank, d])) : null;
  const k = c.space === 'off' ? 0 : c.spaces;
  let w: tf.Variable | null = null;
  if (c.space === 'full') {
    // W = [W_1 | … | W_K], d × K·d, each block I + noise.
    const data = new Float32Array(d * k * d);
    for (let j = 0; j < k; j++) for (let r = 0; r < d; r++) for (let q = 0; q < d; q++) data[r * k * d + j * d + q] = (r === q ? 1 : 0) + NOISE * rng.normal();
    w = v(() => tf.tensor2d(data, [d, k * d]));
  } else if (c.space === 'diagonal') {
    w = v(() => tf.tensor2d(noise(k * d, 1), [k, d]));
  }
  const wg = k > 0 ? v(() => tf.tensor2d(noise(d * k), [d, k])) : null;
  const bg = k > 0 ? v(() => tf.zeros([1, k])) : null;

  const offsets = (): tf.Tensor2D => tf.mul(mm(a as tf.Tensor2D, b as tf.Tensor2D), gamma * gamma) as tf.Tensor2D;
  const gateOf = (pf: tf.Tensor2D): tf.Tensor2D => tf.softmax(tf.add(mm(tf.mean(pf, 0, true) as tf.Tensor2D, wg as tf.Tensor2D), bg as tf.Tensor2D)) as tf.Tensor2D;
  const fused = (): tf.Tensor2D => {
    if (!c.fusion || !a) return ps as tf.Tensor2D;
    const m = offsets();
    const att = tf.softmax(tf.div(mmT(ps as tf.Tensor2D, m), Math.sqrt(d))) as tf.Tensor2D;
    return tf.add(ps, mm(att, m)) as tf.Tensor2D;
  };
  const prompt = (): tf.Tensor2D => {
    const pf = fused();
    if (k === 0) return pf;
    const g = gateOf(pf); // [1, K]
    if (c.space === 'diagonal') return tf.mul(pf, mm(g, w as tf.Tensor2D)) as tf.Tensor2D; // Σ_j g_j diag(w_j)
    const all = tf.reshape(mm(pf, w as tf.Tensor2D), [c.s, k, d]);
    return tf.sum(tf.mul(all, tf.reshape(g, [1, k, 1])), 1) as tf.Tensor2D;
  };
  return {
    name,
    variables: vars,
    paramCount: decompParams(c.s, c.rank, c.rank > 0 ? c.maxLen : 0, d) + spaceParams(c.space, k, d),
    length: c.s,
    lr: c.lr,
    prompt,
    hooks: a
      ? (len: number) => {
          if (len > c.maxLen) throw new Error(`input of ${len} tokens is longer than the offsets' L = ${c.maxLen}`);
          return { inputOffsets: tf.slice(offsets(), [0, 0], [len, d]) };
        }
      : undefined,
    gate: () => (k > 0 ? Array.from(tf.tidy(() => gateOf(fused()).dataSync())) : []),
    dispose: () => vars.forEach((x) => x.dispose()),
  };
}
