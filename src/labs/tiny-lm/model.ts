/**
 * The tiny LM (LABS.md §1.3): a decoder-only transformer, pre-LN, 2 layers, d = 64, 4 heads,
 * 64 learned positions, ReLU MLP of width 2d, final LayerNorm, output head tied to the token
 * embedding. One implementation serves the offline pretraining script (Node) and the browser.
 *
 * `forward` takes token ids plus optional hooks (LABS.md §1.4), all of which leave the weights alone:
 * - `prefix`: soft vectors prepended at the input (prompt tuning); they take positions 0..k−1;
 * - `inputOffsets`: added to the token embeddings position by position (EPT/DePT), before positions;
 * - `layerPrefix`: vectors prepended to the residual stream before layer l (ID-SPAM insertion);
 * - `overwrite`: replace the residual stream at given positions before chosen layers (IAPT);
 * - `layerOffsets`: added to the residual stream before each layer (deep perturbation, mixture);
 * - `attentionHook`: rewrites each layer's attention probabilities (split-softmax);
 * - `collect`: returns the residual stream before every layer and the attention maps.
 * The embedding lookup is a forward `gather` on a frozen table, or a one-hot matmul when the table
 * is trained (tfjs-wasm has no gradient for `gather`, LABS.md §7.1).
 */
import { tf } from '../tf/backend';
import type { Rng } from '../../core/rng';
import { mm, mmT } from './matmul';
import { VOCAB_SIZE } from './tokenizer';

export interface TinyLmConfig {
  vocabSize: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
  context: number;
  dMlp: number;
}

export const TINY_LM_CONFIG: Readonly<TinyLmConfig> = { vocabSize: VOCAB_SIZE, dModel: 64, nHeads: 4, nLayers: 2, context: 64, dMlp: 128 };

/** Parameter names and shapes, in the fixed order of the weights file. */
export function paramShapes(c: TinyLmConfig): [string, number[]][] {
  const d = c.dModel;
  const out: [string, number[]][] = [
    ['tokEmb', [c.vocabSize, d]],
    ['posEmb', [c.context, d]],
  ];
  for (let l = 0; l < c.nLayers; l++) {
    out.push([`l${l}.ln1.g`, [d]], [`l${l}.ln1.b`, [d]], [`l${l}.wqkv`, [d, 3 * d]], [`l${l}.bqkv`, [3 * d]], [`l${l}.wo`, [d, d]], [`l${l}.bo`, [d]]);
    out.push([`l${l}.ln2.g`, [d]], [`l${l}.ln2.b`, [d]], [`l${l}.w1`, [d, c.dMlp]], [`l${l}.b1`, [c.dMlp]], [`l${l}.w2`, [c.dMlp, d]], [`l${l}.b2`, [d]]);
  }
  out.push(['lnF.g', [d]], ['lnF.b', [d]]);
  return out;
}

export type TinyLmWeights = Record<string, Float32Array>;

export const paramCount = (c: TinyLmConfig): number => paramShapes(c).reduce((a, [, s]) => a + s.reduce((x, y) => x * y, 1), 0);

/** Initial weights from our RNG: token embeddings N(0, 1/√d), positions N(0, 0.02), projections N(0, 1/√fanIn), residual outputs scaled by 1/√(2L). */
export function initTinyLm(rng: Rng, c: TinyLmConfig = TINY_LM_CONFIG): TinyLmWeights {
  const w: TinyLmWeights = {};
  for (const [name, shape] of paramShapes(c)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const a = new Float32Array(size);
    const leaf = name.split('.').pop()!;
    let std = 0;
    if (name === 'tokEmb') std = 1 / Math.sqrt(c.dModel);
    else if (name === 'posEmb') std = 0.02;
    else if (leaf === 'g') a.fill(1);
    else if (shape.length === 2) std = (1 / Math.sqrt(shape[0])) * (leaf === 'wo' || leaf === 'w2' ? 1 / Math.sqrt(2 * c.nLayers) : 1);
    if (std > 0) for (let i = 0; i < size; i++) a[i] = rng.normal(0, std);
    w[name] = a;
  }
  return w;
}

/** A live model: tfjs variables. Frozen models are created with `trainable = false`. */
export interface TinyLm {
  readonly config: TinyLmConfig;
  readonly vars: Readonly<Record<string, tf.Variable>>;
  readonly trainable: boolean;
}

export function createTinyLm(w: TinyLmWeights, c: TinyLmConfig = TINY_LM_CONFIG, trainable = false): TinyLm {
  const vars: Record<string, tf.Variable> = {};
  for (const [name, shape] of paramShapes(c)) {
    if (!w[name]) throw new Error(`missing weight ${name}`);
    vars[name] = tf.tidy(() => tf.variable(tf.tensor(w[name], shape), trainable, `tinylm/${name}/${nextId++}`));
  }
  return { config: c, vars, trainable };
}
let nextId = 0;

export function readTinyLm(m: TinyLm): TinyLmWeights {
  const out: TinyLmWeights = {};
  for (const [name] of paramShapes(m.config)) out[name] = m.vars[name].dataSync().slice() as Float32Array;
  return out;
}

export function disposeTinyLm(m: TinyLm): void {
  for (const v of Object.values(m.vars)) v.dispose();
}

export interface ForwardHooks {
  /** [k, d] (shared) or [B, k, d] soft vectors prepended at the input. */
  prefix?: tf.Tensor;
  /** [T, d] or [B, T, d] offsets added to the token embeddings (zero them at padding yourself). */
  inputOffsets?: tf.Tensor;
  /** Vectors [k, d] or [B, k, d] prepended to the residual stream before layer `layer` (≥ 1). */
  layerPrefix?: { layer: number; vectors: tf.Tensor };
  /** Replace the stream at `positions` (absolute, after any prefix) before each layer in `layers` with `vectors` [n, d] or [B, n, d]. */
  overwrite?: { layers: readonly number[]; positions: readonly number[]; vectors: tf.Tensor };
  /** Per layer l (0..L−1): [T', d] or [B, T', d] added to the stream before layer l (null = none). */
  layerOffsets?: readonly (tf.Tensor | null)[];
  /** Rewrites attention probabilities [B, H, T', T'] of one layer. */
  attentionHook?: (layer: number, probs: tf.Tensor4D) => tf.Tensor4D;
  /** Train the embedding table: one-hot matmul instead of gather. */
  oneHotEmbedding?: boolean;
  collect?: { states?: boolean; attention?: boolean };
}

export interface ForwardResult {
  /** Final LayerNorm output [B, T', d] (T' = prepended + token positions). */
  hidden: tf.Tensor3D;
  /** Residual stream before each layer and after the last one (before the final LN), if collected. */
  states?: tf.Tensor3D[];
  /** Attention probabilities per layer [B, H, T', T'], if collected. */
  attention?: tf.Tensor4D[];
  /** Positions prepended before the first token (input prefix + layer prefix). */
  offset: number;
}

const causalMasks = new Map<number, Float32Array>();
function causalMask(t: number): tf.Tensor2D {
  let m = causalMasks.get(t);
  if (!m) {
    m = new Float32Array(t * t);
    for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) m[i * t + j] = -1e9;
    causalMasks.set(t, m);
  }
  return tf.tensor2d(m, [t, t]);
}

function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}

/** Broadcasts [n, d] to [B, n, d]; leaves [B, n, d] alone. */
function perBatch(x: tf.Tensor, batch: number): tf.Tensor3D {
  if (x.rank === 3) return x as tf.Tensor3D;
  return tf.tile(tf.expandDims(x, 0), [batch, 1, 1]) as tf.Tensor3D;
}

function attention(m: TinyLm, l: number, x: tf.Tensor3D, hooks: ForwardHooks, maps?: tf.Tensor4D[]): tf.Tensor3D {
  const { dModel: d, nHeads: h } = m.config;
  const [b, t] = x.shape;
  const dh = d / h;
  const v = m.vars;
  const qkv = tf.add(mm(tf.reshape(x, [b * t, d]), v[`l${l}.wqkv`]), v[`l${l}.bqkv`]);
  const [q, k, val] = tf.split(qkv, 3, 1).map((z) => tf.reshape(tf.transpose(tf.reshape(z, [b, t, h, dh]), [0, 2, 1, 3]), [b * h, t, dh]));
  const scores = tf.add(tf.mul(mmT(q, k), 1 / Math.sqrt(dh)), causalMask(t));
  let probs = tf.reshape(tf.softmax(scores), [b, h, t, t]) as tf.Tensor4D;
  if (hooks.attentionHook) probs = hooks.attentionHook(l, probs);
  if (maps) maps.push(probs);
  const ctx = mm(tf.reshape(probs, [b * h, t, t]), val);
  const merged = tf.reshape(tf.transpose(tf.reshape(ctx, [b, h, t, dh]), [0, 2, 1, 3]), [b * t, d]);
  return tf.reshape(tf.add(mm(merged, v[`l${l}.wo`]), v[`l${l}.bo`]), [b, t, d]);
}

function mlp(m: TinyLm, l: number, x: tf.Tensor3D): tf.Tensor3D {
  const [b, t, d] = x.shape;
  const v = m.vars;
  const hid = tf.relu(tf.add(mm(tf.reshape(x, [b * t, d]), v[`l${l}.w1`]), v[`l${l}.b1`]));
  return tf.reshape(tf.add(mm(hid, v[`l${l}.w2`]), v[`l${l}.b2`]), [b, t, d]);
}

/** Token embeddings [B, T, d] (no positions). */
export function embedTokens(m: TinyLm, ids: tf.Tensor2D, oneHot = false): tf.Tensor3D {
  const [b, t] = ids.shape;
  const flat = tf.reshape(ids, [b * t]) as tf.Tensor1D;
  const e = oneHot ? mm(tf.oneHot(flat, m.config.vocabSize), m.vars.tokEmb) : tf.gather(m.vars.tokEmb, flat);
  return tf.reshape(e, [b, t, m.config.dModel]);
}

/** Runs the model (call inside `tf.tidy`). `ids` is int32 [B, T]. */
export function forward(m: TinyLm, ids: tf.Tensor2D, hooks: ForwardHooks = {}): ForwardResult {
  const [b] = ids.shape;
  let x = embedTokens(m, ids, hooks.oneHotEmbedding);
  if (hooks.inputOffsets) x = tf.add(x, hooks.inputOffsets);
  let offset = 0;
  if (hooks.prefix) {
    const p = perBatch(hooks.prefix, b);
    offset = p.shape[1];
    x = tf.concat([p, x], 1);
  }
  const total = x.shape[1];
  if (total > m.config.context) throw new Error(`sequence of ${total} positions exceeds the context of ${m.config.context}`);
  x = tf.add(x, tf.slice(m.vars.posEmb, [0, 0], [total, m.config.dModel]));
  const states: tf.Tensor3D[] | undefined = hooks.collect?.states ? [] : undefined;
  const maps: tf.Tensor4D[] | undefined = hooks.collect?.attention ? [] : undefined;
  for (let l = 0; l < m.config.nLayers; l++) {
    if (hooks.layerPrefix && hooks.layerPrefix.layer === l && l > 0) {
      const p = perBatch(hooks.layerPrefix.vectors, b);
      offset += p.shape[1];
      x = tf.concat([p, x], 1);
      if (x.shape[1] > m.config.context) throw new Error('layer prefix exceeds the context');
    }
    if (hooks.overwrite && hooks.overwrite.layers.includes(l)) x = overwriteRows(x, hooks.overwrite.positions, perBatch(hooks.overwrite.vectors, b));
    const off = hooks.layerOffsets?.[l];
    if (off) x = tf.add(x, off);
    states?.push(x);
    const v = m.vars;
    x = tf.add(x, attention(m, l, layerNorm(x, v[`l${l}.ln1.g`], v[`l${l}.ln1.b`]) as tf.Tensor3D, hooks, maps));
    x = tf.add(x, mlp(m, l, layerNorm(x, v[`l${l}.ln2.g`], v[`l${l}.ln2.b`]) as tf.Tensor3D));
  }
  states?.push(x);
  const hidden = layerNorm(x, m.vars['lnF.g'], m.vars['lnF.b']) as tf.Tensor3D;
  return { hidden, states, attention: maps, offset };
}

/** x with rows at `positions` replaced by `vecs` [B, n, d] (a mask blend, so gradients reach `vecs`). */
function overwriteRows(x: tf.Tensor3D, positions: readonly number[], vecs: tf.Tensor3D): tf.Tensor3D {
  const [b, t, d] = x.shape;
  const n = positions.length;
  const sel = new Float32Array(t * n);
  const keep = new Float32Array(t).fill(1);
  positions.forEach((p, i) => {
    sel[p * n + i] = 1;
    keep[p] = 0;
  });
  // scatter: [t, n] · [B, n, d] → [B, t, d]
  const scatter = tf.tensor2d(sel, [t, n]);
  const placed = tf.reshape(mm(tf.tile(tf.expandDims(scatter, 0), [b, 1, 1]), vecs), [b, t, d]);
  return tf.add(tf.mul(x, tf.tensor3d(keep, [1, t, 1])), placed);
}

/** Logits [N, V] (or only the given vocabulary rows, [N, rows]) of hidden states [N, d], through the tied embedding. */
export function logitsOf(m: TinyLm, h: tf.Tensor2D, rows?: readonly number[]): tf.Tensor2D {
  const table = rows ? tf.gather(m.vars.tokEmb, tf.tensor1d(Array.from(rows), 'int32')) : m.vars.tokEmb;
  return mmT(h, table);
}
