/**
 * Reducing Information Loss for Spiking Neural Networks (Guo et al., ECCV 2022): the neuron-level
 * maths, in plain float64 JavaScript.
 *
 * Conventions (those of the authors' released code, see the brief):
 * - a discrete-time integrate-and-fire neuron: u_pre = λ·u_prev + x_t;
 * - it fires when the potential is strictly above 0.5 (an exact 0.5 does not fire);
 * - a spike has amplitude 1; hard reset sets u to 0 after a spike, soft reset subtracts 1;
 * - MPR (membrane potential rectifier) φ_k reshapes u before the firing test. It is monotone and
 *   fixes 0.5, so the spikes never change; it changes the quantisation error and the gradient.
 *
 * The training side (a spiking MLP in tfjs) is in `snn-soft-reset-mpr-train.ts`.
 */

/** Firing threshold: a spike when u > 0.5 (strictly). */
export const FIRE_AT = 0.5;
/** What a spike subtracts under soft reset (the spike amplitude, not the threshold). */
export const SPIKE_AMOUNT = 1;

export type Reset = 'hard' | 'soft';

export interface NeuronTrace {
  /** Potential after integrating step t's input, before the firing test (t = 1..T). */
  pre: number[];
  /** Potential after the reset at step t. */
  post: number[];
  /** 1 if the neuron fired at step t. */
  spikes: number[];
  count: number;
}

/** One integrate-and-fire update; returns [spike, potential after reset]. */
function fire(uPre: number, reset: Reset): [number, number] {
  if (uPre > FIRE_AT) return [1, reset === 'soft' ? uPre - SPIKE_AMOUNT : 0];
  return [0, uPre];
}

/** Runs one neuron for T steps on a constant input current x (direct encoding); u_0 = 0. */
export function simulateNeuron(x: number, T: number, reset: Reset, leak = 1): NeuronTrace {
  const pre: number[] = [];
  const post: number[] = [];
  const spikes: number[] = [];
  let u = 0;
  let count = 0;
  for (let t = 0; t < T; t++) {
    const uPre = leak * u + x;
    const [o, uNext] = fire(uPre, reset);
    pre.push(uPre);
    post.push(uNext);
    spikes.push(o);
    count += o;
    u = uNext;
  }
  return { pre, post, spikes, count };
}

/** Spike count only (no arrays), for sweeps. */
export function spikeCount(x: number, T: number, reset: Reset, leak = 1): number {
  let u = 0;
  let n = 0;
  for (let t = 0; t < T; t++) {
    const [o, uNext] = fire(leak * u + x, reset);
    n += o;
    u = uNext;
  }
  return n;
}

/** The rate a perfect rate code would give: one spike per step at most, none for x ≤ 0. */
export function idealRate(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export interface RateCurve {
  xs: number[];
  hard: number[];
  soft: number[];
  ideal: number[];
  /** Largest |rate - x| over grid points with 0 ≤ x ≤ 1, and where it happens. */
  hardMaxErr: number;
  hardArgMax: number;
  softMaxErr: number;
  softArgMax: number;
}

/** Spike rate (spikes / T) against constant input on x = i/perUnit for i = 0..xMax·perUnit. */
export function rateCurve(T: number, leak = 1, xMax = 1.2, perUnit = 200): RateCurve {
  const n = Math.round(xMax * perUnit);
  const c: RateCurve = { xs: [], hard: [], soft: [], ideal: [], hardMaxErr: 0, hardArgMax: 0, softMaxErr: 0, softArgMax: 0 };
  for (let i = 0; i <= n; i++) {
    const x = i / perUnit; // exact for x = 0.5, 1 (perUnit a multiple of 2)
    const h = spikeCount(x, T, 'hard', leak) / T;
    const s = spikeCount(x, T, 'soft', leak) / T;
    c.xs.push(x);
    c.hard.push(h);
    c.soft.push(s);
    c.ideal.push(idealRate(x));
    if (x <= 1) {
      if (Math.abs(h - x) > c.hardMaxErr) [c.hardMaxErr, c.hardArgMax] = [Math.abs(h - x), x];
      if (Math.abs(s - x) > c.softMaxErr) [c.softMaxErr, c.softArgMax] = [Math.abs(s - x), x];
    }
  }
  return c;
}

// ---- Membrane potential rectifier ------------------------------------------------------------

/** φ_k(u): cube-root compression outside [0, 1], a rescaled tanh pulling u towards 0 or 1 inside. */
export function mpr(u: number, k: number): number {
  if (u < 0) return 1 - Math.cbrt(1 - u);
  if (u > 1) return Math.cbrt(u);
  return Math.tanh(k * (u - 0.5)) / (2 * Math.tanh(k / 2)) + 0.5;
}

/** dφ_k/du, piece by piece (the derivative jumps at 0 and 1). */
export function mprSlope(u: number, k: number): number {
  if (u < 0) return 1 / (3 * Math.cbrt((1 - u) ** 2));
  if (u > 1) return 1 / (3 * Math.cbrt(u * u));
  const th = Math.tanh(k * (u - 0.5));
  return (k / (2 * Math.tanh(k / 2))) * (1 - th * th);
}

/**
 * ∂o/∂u used in training (straight-through estimator through clamp(φ(u), 0, 1)): zero outside
 * [0, 1]; inside, 1 without MPR and φ'_k(u) with it. `k = null` means no MPR.
 */
export function surrogateGrad(u: number, k: number | null): number {
  if (u < 0 || u > 1) return 0;
  return k === null ? 1 : mprSlope(u, k);
}

/** Draws n membrane potentials u ~ N(mu, sigma²) from a stream of our RNG. */
export function samplePotentials(rng: { normal(m?: number, s?: number): number }, n: number, mu: number, sigma: number): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = rng.normal(mu, sigma);
  return u;
}

export interface QuantStats {
  n: number;
  /** Mean |o - u|: the quantisation error without MPR, o = 1[u > 0.5]. */
  plainErr: number;
  /** Mean |o - φ(u)|: with MPR. */
  mprErr: number;
  /** Samples where |o - φ(u)| > |o - u| (beyond float rounding); 0 expected. */
  worse: number;
  /** Samples whose spike would differ if it were computed from φ(u) instead of u; 0 expected. */
  spikeFlips: number;
  /** Fraction of samples inside [0, 1], where the gradient window is open. */
  inWindow: number;
  phi: Float64Array;
}

/** Quantisation error of the spike o = 1[u > 0.5] against u and against φ_k(u). */
export function quantStats(u: Float64Array, k: number): QuantStats {
  const phi = new Float64Array(u.length);
  let plain = 0;
  let rect = 0;
  let worse = 0;
  let flips = 0;
  let inside = 0;
  for (let i = 0; i < u.length; i++) {
    const o = u[i] > FIRE_AT ? 1 : 0;
    const p = mpr(u[i], k);
    phi[i] = p;
    const e0 = Math.abs(o - u[i]);
    const e1 = Math.abs(o - p);
    plain += e0;
    rect += e1;
    if (e1 > e0 + 1e-12) worse++;
    if ((p > FIRE_AT ? 1 : 0) !== o) flips++;
    if (u[i] >= 0 && u[i] <= 1) inside++;
  }
  const n = u.length;
  return { n, plainErr: plain / n, mprErr: rect / n, worse, spikeFlips: flips, inWindow: inside / n, phi };
}

export interface Histogram {
  lo: number;
  hi: number;
  width: number;
  counts: number[];
  /** Values below lo or above hi (not drawn). */
  outside: number;
}

/** Equal-width histogram of values on [lo, hi) with `bins` bins (hi itself goes in the last bin). */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Histogram {
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { lo, hi, width, counts, outside };
}
