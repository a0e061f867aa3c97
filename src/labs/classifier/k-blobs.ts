/**
 * Many overlapping Gaussian blobs in 2-D (LABS.md §3, "K blobs"): K centres drawn uniformly in
 * the square [−extent, extent]², then isotropic Gaussian points around each. With K = 20 and
 * std 1 in [−4, 4]² neighbouring blobs overlap heavily, so top-1 and top-5 accuracy differ a lot.
 *
 * The centres and the points come from separate calls, so a training and a test set can share
 * one set of centres while drawing their points from different RNG streams.
 */
import type { Rng } from '../../core/rng';
import type { Dataset2D } from './datasets';

/** K centres uniform in [−extent, extent]², flat [x0, y0, x1, y1, …]. */
export function blobCentres(rng: Rng, classes: number, extent = 4): Float64Array {
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`need a positive number of classes, got ${classes}`);
  const c = new Float64Array(2 * classes);
  for (let i = 0; i < c.length; i++) c[i] = rng.uniform(-extent, extent);
  return c;
}

/** perClass points around every centre, Gaussian with the given std on each coordinate, class by class. */
export function blobsAround(rng: Rng, centres: Float64Array, o: { perClass: number; std: number }): Dataset2D {
  const classes = centres.length / 2;
  const n = classes * o.perClass;
  const xs = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  let i = 0;
  for (let c = 0; c < classes; c++) {
    for (let j = 0; j < o.perClass; j++, i++) {
      xs[2 * i] = centres[2 * c] + rng.normal(0, o.std);
      xs[2 * i + 1] = centres[2 * c + 1] + rng.normal(0, o.std);
      labels[i] = c;
    }
  }
  return { xs, labels, numClasses: classes, size: n };
}
