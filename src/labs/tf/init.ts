/**
 * Initial weights drawn from our seeded RNG (never tf.random*), so the same seed gives the same
 * network on every backend and in Node.
 */
import type { Rng } from '../../core/rng';

/** He-normal: N(0, 2/fanIn), the usual choice before ReLU. */
export function heNormal(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const std = Math.sqrt(2 / fanIn);
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, std);
  return w;
}

/** Glorot-uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-a, a);
  return w;
}
