/**
 * The max-retrieval model (adaptive-temperature, sa-softmax; LABS.md §5): a single attention
 * head with one learned query pools a set of items.
 *
 *   e_i = relu(relu(x_i·W_e1 + b_e1)·W_e2 + b_e2)      (2-layer MLP encoder, width d)
 *   k_i = e_i·W_k,  v_i = e_i·W_v,  s_i = q·k_i / √d    (q a learned vector)
 *   w = norm(s, mask),  z = Σ_i w_i v_i
 *   logits = relu(z·W_r1 + b_r1)·W_r2 + b_r2
 *
 * Items of one set are exchangeable (no positions), so a model trained on n items runs on any n.
 * Use `retrieverForward` with a different normaliser at evaluation time for inference-only swaps.
 */
import { tf } from '../tf/backend';
import type { Rng } from '../../core/rng';
import { constParam, glorotParam, normalParam, type PlainParams, type VarSet } from './params';
import type { Normaliser } from './normaliser';

export interface RetrieverShape {
  featureDim: number;
  dModel: number;
  /** Hidden width of the readout MLP. */
  readoutHidden: number;
  numClasses: number;
}

export function initRetriever(rng: Rng, s: RetrieverShape): PlainParams {
  const d = s.dModel;
  return {
    we1: glorotParam(rng, s.featureDim, d),
    be1: constParam([d], 0),
    we2: glorotParam(rng, d, d),
    be2: constParam([d], 0),
    query: normalParam(rng, [d, 1], 1 / Math.sqrt(d)),
    wk: glorotParam(rng, d, d),
    wv: glorotParam(rng, d, d),
    wr1: glorotParam(rng, d, s.readoutHidden),
    br1: constParam([s.readoutHidden], 0),
    wr2: glorotParam(rng, s.readoutHidden, s.numClasses),
    br2: constParam([s.numClasses], 0),
  };
}

export interface RetrieverOutput {
  /** [B, C] */
  logits: tf.Tensor2D;
  /** [B, n] attention weights over items. */
  attn: tf.Tensor2D;
  /** [B, n] scores before normalisation. */
  scores: tf.Tensor2D;
}

/**
 * Forward pass on item features [B, n, F]. `mask` broadcasts to [B, 1, n] (1 = real item,
 * 0 = padding); pass tf.ones([1, 1, n]) for full sets. Call inside tf.tidy.
 */
export function retrieverForward(v: VarSet, s: RetrieverShape, feats: tf.Tensor3D, mask: tf.Tensor, norm: Normaliser): RetrieverOutput {
  const [B, n] = feats.shape;
  const d = s.dModel;
  const x = tf.reshape(feats, [B * n, s.featureDim]) as tf.Tensor2D;
  const e1 = tf.relu(tf.add(tf.matMul(x, v.we1 as tf.Tensor2D), v.be1)) as tf.Tensor2D;
  const e = tf.relu(tf.add(tf.matMul(e1, v.we2 as tf.Tensor2D), v.be2)) as tf.Tensor2D;
  const k = tf.matMul(e, v.wk as tf.Tensor2D);
  const val = tf.reshape(tf.matMul(e, v.wv as tf.Tensor2D), [B, n, d]) as tf.Tensor3D;
  const scores = tf.reshape(tf.mul(tf.matMul(k, v.query as tf.Tensor2D), 1 / Math.sqrt(d)), [B, 1, n]);
  const w = tf.reshape(norm(scores, mask), [B, 1, n]) as tf.Tensor3D;
  const z = tf.reshape(tf.matMul(w, val), [B, d]) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(z, v.wr1 as tf.Tensor2D), v.br1)) as tf.Tensor2D, v.wr2 as tf.Tensor2D), v.br2) as tf.Tensor2D;
  return { logits, attn: tf.reshape(w, [B, n]) as tf.Tensor2D, scores: tf.reshape(scores, [B, n]) as tf.Tensor2D };
}

/** Mean cross-entropy of the retriever's logits against one-hot labels [B, C]. Call inside tf.tidy. */
export function retrievalLoss(logits: tf.Tensor2D, labelsOneHot: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(labelsOneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}
