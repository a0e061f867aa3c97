/**
 * Toy 2-D classification data sets for the classifier lab (LABS.md §3). All randomness comes
 * from the given RNG stream. Points are stored flat: xs = [x0, y0, x1, y1, ...], labels int.
 */
import type { Rng } from '../../core/rng';

export interface Dataset2D {
  xs: Float32Array;
  labels: Int32Array;
  numClasses: number;
  size: number;
}

/** k Gaussian blobs with centres evenly spaced on a circle of the given radius (angle 2πc/k). */
export function blobsOnCircle(rng: Rng, o: { classes: number; perClass: number; radius: number; std: number }): Dataset2D {
  const n = o.classes * o.perClass;
  const xs = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  let i = 0;
  for (let c = 0; c < o.classes; c++) {
    const a = (2 * Math.PI * c) / o.classes;
    const cx = o.radius * Math.cos(a);
    const cy = o.radius * Math.sin(a);
    for (let j = 0; j < o.perClass; j++, i++) {
      xs[2 * i] = cx + rng.normal(0, o.std);
      xs[2 * i + 1] = cy + rng.normal(0, o.std);
      labels[i] = c;
    }
  }
  return { xs, labels, numClasses: o.classes, size: n };
}

/**
 * Interleaved spirals: class c's arm starts at angle 2πc/k and winds `turns` times outwards,
 * radius from 0 to 1; Gaussian noise of the given std on each coordinate.
 */
export function spirals(rng: Rng, o: { classes: number; perClass: number; turns: number; noise: number }): Dataset2D {
  const n = o.classes * o.perClass;
  const xs = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  let i = 0;
  for (let c = 0; c < o.classes; c++) {
    for (let j = 0; j < o.perClass; j++, i++) {
      const r = (j + 0.5) / o.perClass;
      const a = (2 * Math.PI * c) / o.classes + 2 * Math.PI * o.turns * r;
      xs[2 * i] = r * Math.cos(a) + rng.normal(0, o.noise);
      xs[2 * i + 1] = r * Math.sin(a) + rng.normal(0, o.noise);
      labels[i] = c;
    }
  }
  return { xs, labels, numClasses: o.classes, size: n };
}

/** One-hot encoding of integer labels, flat row-major [n, k]. */
export function oneHot(labels: Int32Array, k: number): Float32Array {
  const out = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) out[i * k + labels[i]] = 1;
  return out;
}

/** The rows of `d` selected by `idx` (e.g. a mini-batch from a permutation). */
export function subset(d: Dataset2D, idx: ArrayLike<number>): Dataset2D {
  const xs = new Float32Array(2 * idx.length);
  const labels = new Int32Array(idx.length);
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    xs[2 * j] = d.xs[2 * i];
    xs[2 * j + 1] = d.xs[2 * i + 1];
    labels[j] = d.labels[i];
  }
  return { xs, labels, numClasses: d.numClasses, size: idx.length };
}
