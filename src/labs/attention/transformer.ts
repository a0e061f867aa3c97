/**
 * A one-layer, multi-head, causal, pre-LayerNorm transformer for per-position classification
 * (the marker task). Everything the lessons want to look at comes out of `transformerForward`:
 * logits, the attention weights of every head and the residual stream after the layer.
 *
 *   h0 = feats·W_in + P                (factorised embedding by one-hot matmul; learned positions)
 *   h1 = h0 + W_o · heads(norm(LN(h0)))   (norm = the pluggable Normaliser)
 *   h2 = h1 + W_2 · relu(W_1 · LN(h1))
 *   logits = LN(h2) · W_out
 *
 * Embeddings use a matmul with one-hot features rather than tf.gather: gather has no gradient on
 * the wasm backend (LABS.md §7.1).
 */
import { tf } from '../tf/backend';
import type { Rng } from '../../core/rng';
import { constParam, glorotParam, normalParam, type PlainParams, type VarSet } from './params';
import type { Normaliser } from './normaliser';

export interface TransformerShape {
  featureDim: number;
  /** Positions per sequence (learned position table size). */
  seqLen: number;
  dModel: number;
  heads: number;
  mlpHidden: number;
  numClasses: number;
}

/** W_q, W_k, W_v side by side in one [d, 3d] matrix, each block Glorot-uniform for [d, d]. */
function qkvParam(rng: Rng, d: number) {
  const parts = [glorotParam(rng, d, d), glorotParam(rng, d, d), glorotParam(rng, d, d)];
  const data = new Float32Array(d * 3 * d);
  for (let i = 0; i < d; i++) for (let p = 0; p < 3; p++) data.set(parts[p].data.subarray(i * d, (i + 1) * d), i * 3 * d + p * d);
  return { shape: [d, 3 * d], data };
}

/**
 * Initial weights: embeddings N(0, 0.5²), matrices Glorot-uniform, biases 0. The LayerNorms have
 * no gain or bias (fewer variables: a tfjs step costs per variable as much as per FLOP here).
 */
export function initTransformer(rng: Rng, s: TransformerShape): PlainParams {
  if (s.dModel % s.heads !== 0) throw new Error('dModel must be divisible by heads');
  const d = s.dModel;
  return {
    wIn: normalParam(rng, [s.featureDim, d], 0.5),
    pos: normalParam(rng, [s.seqLen, d], 0.5),
    wqkv: qkvParam(rng, d),
    wo: glorotParam(rng, d, d),
    w1: glorotParam(rng, d, s.mlpHidden),
    b1: constParam([s.mlpHidden], 0),
    w2: glorotParam(rng, s.mlpHidden, d),
    b2: constParam([d], 0),
    wOut: glorotParam(rng, d, s.numClasses),
    bOut: constParam([s.numClasses], 0),
  };
}

/** LayerNorm over the last axis, without gain or bias. Call inside tf.tidy. */
export function layerNorm(x: tf.Tensor, eps = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
}

export interface TransformerOutput {
  /** [B, L, C] */
  logits: tf.Tensor3D;
  /** [B, H, L, L] attention weights (query × key). */
  attn: tf.Tensor4D;
  /** [B, L, d] residual stream after the layer (before the final LN). */
  hidden: tf.Tensor3D;
}

/** Forward pass on features [B, L, F] with a mask broadcastable to [B, H, L, L]. Call inside tf.tidy. */
export function transformerForward(v: VarSet, s: TransformerShape, feats: tf.Tensor3D, mask: tf.Tensor, norm: Normaliser): TransformerOutput {
  const [B, L] = feats.shape;
  const d = s.dModel;
  const H = s.heads;
  const dh = d / H;
  const flat = (x: tf.Tensor) => tf.reshape(x, [B * L, d]) as tf.Tensor2D;
  const h0 = tf.add(tf.reshape(tf.matMul(tf.reshape(feats, [B * L, s.featureDim]) as tf.Tensor2D, v.wIn as tf.Tensor2D), [B, L, d]), v.pos);

  const a = flat(layerNorm(h0));
  // [B·L, 3d] → [3, B, H, L, dh] → q, k, v each [B·H, L, dh]
  const qkv = tf.reshape(tf.transpose(tf.reshape(tf.matMul(a, v.wqkv as tf.Tensor2D), [B, L, 3, H, dh]), [2, 0, 3, 1, 4]), [3, B * H, L, dh]);
  const [q, k, val] = tf.unstack(qkv, 0) as tf.Tensor3D[];
  const scores = tf.reshape(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), [B, H, L, L]);
  const attn = norm(scores, mask) as tf.Tensor4D;
  const ctx = tf.reshape(tf.transpose(tf.reshape(tf.matMul(tf.reshape(attn, [B * H, L, L]) as tf.Tensor3D, val), [B, H, L, dh]), [0, 2, 1, 3]), [B * L, d]) as tf.Tensor2D;
  const h1 = tf.add(h0, tf.reshape(tf.matMul(ctx, v.wo as tf.Tensor2D), [B, L, d]));

  const m = flat(layerNorm(h1));
  const mlp = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(m, v.w1 as tf.Tensor2D), v.b1)), v.w2 as tf.Tensor2D), v.b2);
  const h2 = tf.add(h1, tf.reshape(mlp, [B, L, d])) as tf.Tensor3D;

  const f = flat(layerNorm(h2));
  const logits = tf.reshape(tf.add(tf.matMul(f, v.wOut as tf.Tensor2D), v.bOut), [B, L, s.numClasses]) as tf.Tensor3D;
  return { logits, attn, hidden: h2 };
}

/**
 * Mean cross-entropy over scored positions. `targetsOneHot` is [B·L, C] with all-zero rows at
 * positions that are not scored (e.g. BOS); `count` = number of scored positions. Call inside tf.tidy.
 */
export function positionLoss(logits: tf.Tensor3D, targetsOneHot: tf.Tensor2D, count: number): tf.Scalar {
  const [B, L, C] = logits.shape;
  const lp = tf.logSoftmax(tf.reshape(logits, [B * L, C]) as tf.Tensor2D);
  return tf.div(tf.neg(tf.sum(tf.mul(targetsOneHot, lp))), count) as tf.Scalar;
}
