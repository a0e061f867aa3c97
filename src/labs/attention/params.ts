/**
 * Weights of the attention lab's models as plain arrays (so that several models can start from
 * exactly the same numbers, one per normaliser) and as live tfjs variables.
 */
import { tf } from '../tf/backend';
import type { Rng } from '../../core/rng';

export interface PlainTensor {
  shape: number[];
  data: Float32Array;
}

/** Named plain weights, e.g. { wq: …, wk: … }. Insertion order is the variable order. */
export type PlainParams = Record<string, PlainTensor>;

/** Live weights: one trainable tf.Variable per name. Free with `disposeVars`. */
export type VarSet = Record<string, tf.Variable>;

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export function normalParam(rng: Rng, shape: number[], std: number): PlainTensor {
  const data = new Float32Array(size(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal(0, std);
  return { shape, data };
}

/** Glorot-uniform for a [fanIn, fanOut] matrix. */
export function glorotParam(rng: Rng, fanIn: number, fanOut: number): PlainTensor {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const data = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-a, a);
  return { shape: [fanIn, fanOut], data };
}

export function constParam(shape: number[], value: number): PlainTensor {
  return { shape, data: new Float32Array(size(shape)).fill(value) };
}

/** Copies plain weights into fresh tfjs variables (the arrays are not shared). */
export function createVars(p: PlainParams): VarSet {
  const out: VarSet = {};
  for (const [name, t] of Object.entries(p)) out[name] = tf.tidy(() => tf.variable(tf.tensor(t.data, t.shape), true));
  return out;
}

/** Reads live weights back into plain arrays (a snapshot). */
export function readVars(v: VarSet): PlainParams {
  const out: PlainParams = {};
  for (const [name, t] of Object.entries(v)) out[name] = { shape: [...t.shape], data: t.dataSync().slice() as Float32Array };
  return out;
}

export function disposeVars(v: VarSet): void {
  for (const t of Object.values(v)) t.dispose();
}

export const varList = (v: VarSet): tf.Variable[] => Object.values(v);

/** Gradients from tf.variableGrads in the list form every optimiser's applyGradients accepts. */
export function gradList(grads: tf.NamedTensorMap): Extract<Parameters<tf.AdamOptimizer['applyGradients']>[0], unknown[]> {
  return Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
}
