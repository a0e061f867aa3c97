/**
 * Median wall time of a widget's compute, for unit tests that hold closed-form widgets to the
 * one-frame redraw budget (one warm-up call first; the median resists a busy machine's spikes).
 */
import { median } from '../../core/math';

export function medianComputeMs(f: () => void, n = 15): number {
  f();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}
