/**
 * Online normalizer calculation for softmax (Milakov & Gimelshein, arXiv 1805.02867).
 *
 * Reference kernels in emulated float32: every value lives in a Float32Array or passes through
 * `Math.fround` after each operation, so overflow happens where it would on a GPU (e^x overflows
 * float32 once x > ln(FLT_MAX) ≈ 88.72, not at 709 as in float64). Every read and write of a
 * vector element goes through a `Meter`, so the access counts shown on the page are counted while
 * the kernels run, not typed in.
 *
 * Three softmax algorithms (the paper's names):
 * - naive:  2 sweeps, no max subtraction (overflows);
 * - safe:   3 sweeps: max, sum of e^(x−max), write;
 * - online: 2 sweeps: running max and running normaliser together, then write.
 *
 * Masked entries (−∞): with `guard` on, a masked entry contributes nothing to a sum (it would
 * otherwise evaluate e^(−∞−(−∞)) = NaN while the running max is still −∞), and a row whose entries
 * are all masked returns all zeros (our choice: there is no distribution to return).
 */

/** Largest finite float32. */
export const FLT_MAX = 3.4028234663852886e38;
/** e^x overflows float32 above this: ln(FLT_MAX) ≈ 88.7228. */
export const LN_FLT_MAX = Math.log(FLT_MAX);
/** e^x rounds to zero in float32 below this: ln(2^−150) ≈ −103.97 (half the smallest subnormal). */
export const LN_FLT_ZERO = -150 * Math.LN2;

const f32 = Math.fround;

/** Counts reads (loads) and writes (stores) of vector elements, exponentials and sweeps. */
export interface Meter {
  loads: number;
  stores: number;
  exps: number;
  sweeps: number;
}

export function newMeter(): Meter {
  return { loads: 0, stores: 0, exps: 0, sweeps: 0 };
}

/** Accesses per vector element: (loads + stores) / n. */
export function accessesPerElement(m: Meter, n: number): number {
  return n > 0 ? (m.loads + m.stores) / n : 0;
}

/** Reads a[i] and counts one load. */
export function load(mt: Meter, a: Float32Array, i: number): number {
  mt.loads++;
  return a[i];
}

/** Writes a[i] = v and counts one store. */
export function store(mt: Meter, a: Float32Array, i: number, v: number): void {
  mt.stores++;
  a[i] = v;
}

/** float32 e^t: the float64 exponential rounded once to float32 (a correctly rounded expf). */
export function exp32(mt: Meter, t: number): number {
  mt.exps++;
  return f32(Math.exp(t));
}

export interface KernelOptions {
  /** Treat −∞ (masked) entries explicitly; default true. */
  guard?: boolean;
}

export interface SoftmaxResult {
  y: Float32Array;
  /** The max used (the final running max for online; NaN for naive, which uses none). */
  m: number;
  /** The normaliser d = Σ e^(x−m) (Σ e^x for naive). */
  d: number;
  meter: Meter;
}

/** Naive softmax: d = Σ e^x, then y = e^x / d. Unsafe by design: no guard. */
export function naiveSoftmax(x: Float32Array, mt: Meter = newMeter()): SoftmaxResult {
  const n = x.length;
  const y = new Float32Array(n);
  let d = 0;
  mt.sweeps++;
  for (let i = 0; i < n; i++) d = f32(d + exp32(mt, load(mt, x, i)));
  mt.sweeps++;
  for (let i = 0; i < n; i++) store(mt, y, i, f32(exp32(mt, load(mt, x, i)) / d));
  return { y, m: NaN, d, meter: mt };
}

/** Safe softmax: m = max x; d = Σ e^(x−m); y = e^(x−m) / d. */
export function safeSoftmax(x: Float32Array, opts: KernelOptions = {}, mt: Meter = newMeter()): SoftmaxResult {
  const guard = opts.guard ?? true;
  const n = x.length;
  const y = new Float32Array(n);
  let m = -Infinity;
  mt.sweeps++;
  for (let i = 0; i < n; i++) {
    const v = load(mt, x, i);
    if (v > m) m = v;
  }
  let d = 0;
  mt.sweeps++;
  for (let i = 0; i < n; i++) {
    const v = load(mt, x, i);
    if (guard && v === -Infinity) continue;
    d = f32(d + exp32(mt, f32(v - m)));
  }
  mt.sweeps++;
  for (let i = 0; i < n; i++) {
    const v = load(mt, x, i);
    store(mt, y, i, guard && (d === 0 || v === -Infinity) ? 0 : f32(exp32(mt, f32(v - m)) / d));
  }
  return { y, m, d, meter: mt };
}

/** One step of the online recurrence, as it appears in the step-through table. */
export interface OnlineStep {
  x: number;
  m: number;
  d: number;
  /** x was a new maximum, so the old normaliser was rescaled by e^(m_old − x). */
  rescaled: boolean;
}

/** State of the first sweep of online softmax: the pair [m, d]. */
export interface MD {
  m: number;
  d: number;
}

/**
 * Folds one element into [m, d]. This is the paper's update
 *   m' = max(m, x),  d' = d·e^(m − m') + e^(x − m'),
 * written with one exponential: when x is not a new maximum the rescale factor is e^0 = 1, and
 * when it is, the new term is e^0 = 1.
 */
export function onlineUpdate(s: MD, v: number, guard: boolean, mt: Meter): boolean {
  if (v > s.m) {
    s.d = f32(f32(s.d * exp32(mt, f32(s.m - v))) + 1);
    s.m = v;
    return true;
  }
  if (guard && v === -Infinity) return false; // masked: adds e^(−∞) = 0; skipping avoids −∞−(−∞)
  s.d = f32(s.d + exp32(mt, f32(v - s.m)));
  return false;
}

/** Online softmax: one sweep for [m, d], one to write y. `trace` holds [m_j, d_j] after each j. */
export function onlineSoftmax(
  x: Float32Array,
  opts: KernelOptions = {},
  mt: Meter = newMeter(),
): SoftmaxResult & { trace: OnlineStep[] } {
  const guard = opts.guard ?? true;
  const n = x.length;
  const y = new Float32Array(n);
  const s: MD = { m: -Infinity, d: 0 };
  const trace: OnlineStep[] = [];
  mt.sweeps++;
  for (let i = 0; i < n; i++) {
    const v = load(mt, x, i);
    const rescaled = onlineUpdate(s, v, guard, mt);
    trace.push({ x: v, m: s.m, d: s.d, rescaled });
  }
  writeOutputs(x, y, s, guard, mt);
  return { y, m: s.m, d: s.d, meter: mt, trace };
}

/** The second sweep shared by online softmax and the merged-block variant: y = e^(x−m) / d. */
export function writeOutputs(x: Float32Array, y: Float32Array, s: MD, guard: boolean, mt: Meter = newMeter()): void {
  mt.sweeps++;
  for (let i = 0; i < x.length; i++) {
    const v = load(mt, x, i);
    store(mt, y, i, guard && (s.d === 0 || v === -Infinity) ? 0 : f32(exp32(mt, f32(v - s.m)) / s.d));
  }
}

// ---- the ⊕ monoid on [m, d] pairs ---------------------------------------------------------

/** The identity of ⊕: an empty block. */
export const EMPTY_MD: Readonly<MD> = { m: -Infinity, d: 0 };

/** [m_a, d_a] ⊕ [m_b, d_b] = [M, d_a·e^(m_a−M) + d_b·e^(m_b−M)], M = max(m_a, m_b). */
export function mergeMD(a: MD, b: MD, guard = true): MD {
  const M = a.m > b.m ? a.m : b.m;
  if (guard && M === -Infinity) return { m: -Infinity, d: 0 };
  const ea = guard && a.d === 0 ? 0 : f32(a.d * f32(Math.exp(f32(a.m - M))));
  const eb = guard && b.d === 0 ? 0 : f32(b.d * f32(Math.exp(f32(b.m - M))));
  return { m: M, d: f32(ea + eb) };
}

/** [m, d] of each of `p` contiguous blocks (sizes differ by at most one), by the online sweep. */
export function blockPairs(x: Float32Array, p: number, guard = true): MD[] {
  const n = x.length;
  const blocks = Math.max(1, Math.min(p, n));
  const out: MD[] = [];
  for (let b = 0; b < blocks; b++) {
    const lo = Math.floor((b * n) / blocks);
    const hi = Math.floor(((b + 1) * n) / blocks);
    const s: MD = { m: -Infinity, d: 0 };
    const mt = newMeter();
    for (let i = lo; i < hi; i++) onlineUpdate(s, x[i], guard, mt);
    out.push(s);
  }
  return out;
}

/** Left-to-right fold: ((p0 ⊕ p1) ⊕ p2) ⊕ … */
export function foldLeft(pairs: readonly MD[], guard = true): MD {
  let acc: MD = { ...EMPTY_MD };
  for (const p of pairs) acc = mergeMD(acc, p, guard);
  return acc;
}

/** Pairwise tree, as a thread block reduces: (p0 ⊕ p1) ⊕ (p2 ⊕ p3), … */
export function foldTree(pairs: readonly MD[], guard = true): MD {
  if (pairs.length === 0) return { ...EMPTY_MD };
  let level = [...pairs];
  while (level.length > 1) {
    const next: MD[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(mergeMD(level[i], level[i + 1], guard));
    if (level.length % 2) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/** Distance between two float32 values in units in the last place (NaN if either is NaN). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const f = new Float32Array([a, b]);
  const i = new Int32Array(f.buffer);
  const ordered = (k: number) => (k < 0 ? -2147483648 - k : k);
  return Math.abs(ordered(i[0]) - ordered(i[1]));
}

/** Largest |a_i − b_i| (equal entries, including equal infinities, count 0); NaN if any differ by NaN. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return NaN;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > worst) worst = d;
  }
  return worst;
}
