/**
 * Fast softmax kernels for the in-browser benchmark: plain loops over Float32Array rows of length
 * V, no per-access instrumentation (that would swamp the timing). Each loop adds the elements it
 * reads or writes to a `Tally` once per row, so the accesses per element still come from the
 * code that ran. JavaScript numbers are float64, so the normaliser accumulates in float64 here;
 * inputs and outputs are float32 arrays.
 *
 * One kernel per (method, exp mode), written out by hand: a shared kernel taking the exponential
 * as an argument would make the call site polymorphic and the JIT would stop inlining it, which
 * would time the function call, not the memory sweeps.
 *   exact: Math.exp
 *   cheap: a degree-5 Taylor polynomial, fine on the benchmark's inputs (|t| ≤ 1) and used only
 *          as a timing proxy for a GPU's fast hardware exponential;
 *   none:  e^t replaced by 1 + t, so a sweep is little more than its loads and stores.
 * Rows are seeded with their first element (m = x_0, d = 1), so no kernel ever evaluates e^(−∞).
 */

export type ExpMode = 'exact' | 'cheap' | 'none';
export type Method = 'naive' | 'safe' | 'online';

export interface Tally {
  loads: number;
  stores: number;
}

/** softmax over every row of x (length a multiple of V) into y; returns Σ of the row normalisers. */
export type Kernel = (x: Float32Array, y: Float32Array, V: number, t: Tally) => number;

function cheapExp(t: number): number {
  return 1 + t * (1 + t * (0.5 + t * (1 / 6 + t * (1 / 24 + t * (1 / 120)))));
}

function noExp(t: number): number {
  return 1 + t;
}

// ---- naive: Σ e^x, then e^x / d ----------------------------------------------------------------
function naiveExact(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let d = 0;
    for (let i = r; i < end; i++) d += Math.exp(x[i]);
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = Math.exp(x[i]) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

function naiveCheap(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let d = 0;
    for (let i = r; i < end; i++) d += cheapExp(x[i]);
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = cheapExp(x[i]) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

function naiveNone(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let d = 0;
    for (let i = r; i < end; i++) d += noExp(x[i]);
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = noExp(x[i]) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

// ---- safe: max, Σ e^(x−m), e^(x−m) / d ----------------------------------------------------------
function safeExact(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let m = x[r];
    for (let i = r + 1; i < end; i++) if (x[i] > m) m = x[i];
    t.loads += V;
    let d = 0;
    for (let i = r; i < end; i++) d += Math.exp(x[i] - m);
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = Math.exp(x[i] - m) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

function safeCheap(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let m = x[r];
    for (let i = r + 1; i < end; i++) if (x[i] > m) m = x[i];
    t.loads += V;
    let d = 0;
    for (let i = r; i < end; i++) d += cheapExp(x[i] - m);
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = cheapExp(x[i] - m) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

function safeNone(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let m = x[r];
    for (let i = r + 1; i < end; i++) if (x[i] > m) m = x[i];
    t.loads += V;
    let d = 0;
    for (let i = r; i < end; i++) d += noExp(x[i] - m);
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = noExp(x[i] - m) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

// ---- online: [m, d] in one sweep, then e^(x−m) / d -----------------------------------------------
function onlineExact(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let m = x[r];
    let d = 1;
    for (let i = r + 1; i < end; i++) {
      const v = x[i];
      if (v > m) {
        d = d * Math.exp(m - v) + 1;
        m = v;
      } else d += Math.exp(v - m);
    }
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = Math.exp(x[i] - m) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

function onlineCheap(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let m = x[r];
    let d = 1;
    for (let i = r + 1; i < end; i++) {
      const v = x[i];
      if (v > m) {
        d = d * cheapExp(m - v) + 1;
        m = v;
      } else d += cheapExp(v - m);
    }
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = cheapExp(x[i] - m) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

function onlineNone(x: Float32Array, y: Float32Array, V: number, t: Tally): number {
  let total = 0;
  for (let r = 0; r < x.length; r += V) {
    const end = r + V;
    let m = x[r];
    let d = 1;
    for (let i = r + 1; i < end; i++) {
      const v = x[i];
      if (v > m) {
        d = d * noExp(m - v) + 1;
        m = v;
      } else d += noExp(v - m);
    }
    t.loads += V;
    const inv = 1 / d;
    for (let i = r; i < end; i++) y[i] = noExp(x[i] - m) * inv;
    t.loads += V;
    t.stores += V;
    total += d;
  }
  return total;
}

export const KERNELS: Record<Method, Record<ExpMode, Kernel>> = {
  naive: { exact: naiveExact, cheap: naiveCheap, none: naiveNone },
  safe: { exact: safeExact, cheap: safeCheap, none: safeNone },
  online: { exact: onlineExact, cheap: onlineCheap, none: onlineNone },
};
