/**
 * The project's only source of randomness (DESIGN.md §4).
 *
 * A small, fast 32-bit PRNG (mulberry32) seeded from an integer. `fork(label)` derives an
 * independent stream from the parent seed and a label, so that e.g. the data stream does not
 * shift when the model asks for one more initial weight: same seed, same numbers.
 */
export interface Rng {
  /** The seed this stream was created from. */
  readonly seed: number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(mean?: number, std?: number): number;
  /** A new permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
  /** An independent stream named by `label`; forking the same label twice gives the same stream. */
  fork(label: string): Rng;
}

/** 32-bit FNV-1a hash of a string, used to turn fork labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two 32-bit integers into one well-spread seed (splitmix-style finaliser). */
function mix(a: number, b: number): number {
  let z = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function createRng(seed: number): Rng {
  const start = seed >>> 0;
  let state = mix(start, 0x2545f491);
  let spare: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const rng: Rng = {
    seed: start,
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal(mean = 0, std = 1) {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return mean + std * z;
      }
      // 1 - next() lies in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return mean + std * r * Math.cos(theta);
    },
    permutation(n) {
      const p = new Int32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    },
    fork: (label) => createRng(mix(start, hashString(label))),
  };
  return rng;
}
