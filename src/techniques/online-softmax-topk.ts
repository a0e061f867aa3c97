/**
 * Softmax followed by top-k selection (beam search), three ways (Milakov & Gimelshein, §4):
 * - safe softmax writes y, then a separate sweep picks the k largest y: 4 + 1 = 5 accesses;
 * - safe softmax fused with top-k: sweep 1 finds the max, sweep 2 sums e^(x−m) and keeps the k
 *   largest raw logits; nothing vector-sized is stored: 2 accesses;
 * - online softmax fused with top-k: one sweep keeps [m, d] and the k largest logits: 1 access.
 * Fusion works because softmax is monotone: the k largest y belong to the k largest x, so only
 * the k winners need normalising, e^(x_(k) − m)/d, once the sweep is over.
 * Only vector-sized traffic is counted (the k outputs are not), as in the paper.
 */
import { exp32, load, newMeter, onlineUpdate, safeSoftmax, type KernelOptions, type MD, type Meter } from './online-softmax';

const f32 = Math.fround;

export interface TopK {
  /** Positions of the k largest entries, largest first; ties go to the earlier position. */
  indices: number[];
  /** Their softmax probabilities. */
  values: number[];
  meter: Meter;
}

/** Keeps (vals, idx) sorted largest first with at most k entries; inserts v if it makes the cut. */
export function pushTopK(vals: number[], idx: number[], k: number, v: number, i: number): void {
  if (vals.length === k) {
    if (!(v > vals[k - 1])) return;
    vals[k - 1] = v;
    idx[k - 1] = i;
  } else {
    vals.push(v);
    idx.push(i);
  }
  for (let p = vals.length - 1; p > 0 && v > vals[p - 1]; p--) {
    vals[p] = vals[p - 1];
    idx[p] = idx[p - 1];
    vals[p - 1] = v;
    idx[p - 1] = i;
  }
}

function normalise(logits: number[], s: MD, guard: boolean, mt: Meter): number[] {
  return logits.map((v) => (guard && (s.d === 0 || v === -Infinity) ? 0 : f32(exp32(mt, f32(v - s.m)) / s.d)));
}

/** Safe softmax (writes y), then a separate sweep over y for its k largest entries. */
export function safeThenTopK(x: Float32Array, k: number, opts: KernelOptions = {}): TopK {
  const mt = newMeter();
  const { y } = safeSoftmax(x, opts, mt);
  const vals: number[] = [];
  const idx: number[] = [];
  mt.sweeps++;
  for (let i = 0; i < y.length; i++) pushTopK(vals, idx, k, load(mt, y, i), i);
  return { indices: idx, values: vals, meter: mt };
}

/** Safe softmax fused with top-k: max sweep, then one sweep that sums and selects. */
export function safeFusedTopK(x: Float32Array, k: number, opts: KernelOptions = {}): TopK {
  const guard = opts.guard ?? true;
  const mt = newMeter();
  let m = -Infinity;
  mt.sweeps++;
  for (let i = 0; i < x.length; i++) {
    const v = load(mt, x, i);
    if (v > m) m = v;
  }
  let d = 0;
  const vals: number[] = [];
  const idx: number[] = [];
  mt.sweeps++;
  for (let i = 0; i < x.length; i++) {
    const v = load(mt, x, i);
    pushTopK(vals, idx, k, v, i);
    if (guard && v === -Infinity) continue;
    d = f32(d + exp32(mt, f32(v - m)));
  }
  return { indices: idx, values: normalise(vals, { m, d }, guard, mt), meter: mt };
}

/** Online softmax fused with top-k: a single sweep over the logits. */
export function onlineFusedTopK(x: Float32Array, k: number, opts: KernelOptions = {}): TopK {
  const guard = opts.guard ?? true;
  const mt = newMeter();
  const s: MD = { m: -Infinity, d: 0 };
  const vals: number[] = [];
  const idx: number[] = [];
  mt.sweeps++;
  for (let i = 0; i < x.length; i++) {
    const v = load(mt, x, i);
    onlineUpdate(s, v, guard, mt);
    pushTopK(vals, idx, k, v, i);
  }
  return { indices: idx, values: normalise(vals, s, guard, mt), meter: mt };
}
