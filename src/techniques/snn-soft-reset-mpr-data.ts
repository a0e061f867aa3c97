/**
 * The toy training set-up of the lesson, without tfjs (so a widget can draw the data before any
 * training code loads): 3-class spirals, the settings of the run, and the decision-region grid.
 */
import { createRng } from '../core/rng';
import { spirals, type Dataset2D } from '../labs/classifier/datasets';

export interface SnnRunConfig {
  /** Time steps per example. */
  T: number;
  /** MPR on the soft-reset model (the paper's full method); the hard-reset baseline never uses it. */
  mpr: boolean;
  /** MPR steepness k. */
  k: number;
  steps: number;
  batch: number;
  lr: number;
  /** Test accuracy (and the decision regions) are measured every this many steps. */
  evalEvery: number;
  hidden: number;
}

export const SNN_RUN_DEFAULTS: SnnRunConfig = { T: 4, mpr: false, k: 3, steps: 400, batch: 64, lr: 0.01, evalEvery: 10, hidden: 8 };

export function runConfig(p: Partial<Record<keyof SnnRunConfig, unknown>>): SnnRunConfig {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const d = SNN_RUN_DEFAULTS;
  return {
    T: Math.max(1, Math.round(num(p.T, d.T))),
    mpr: typeof p.mpr === 'boolean' ? p.mpr : d.mpr,
    k: num(p.k, d.k),
    steps: Math.max(1, Math.round(num(p.steps, d.steps))),
    batch: Math.max(1, Math.round(num(p.batch, d.batch))),
    lr: num(p.lr, d.lr),
    evalEvery: Math.max(1, Math.round(num(p.evalEvery, d.evalEvery))),
    hidden: Math.max(1, Math.round(num(p.hidden, d.hidden))),
  };
}

export interface SnnData {
  train: Dataset2D;
  test: Dataset2D;
}

/** 3 interleaved spirals, 1 turn, noise 0.1; 200 training and 300 test points per class. */
export function snnData(seed: number): SnnData {
  const root = createRng(seed);
  const o = { classes: 3, turns: 1, noise: 0.1 };
  return {
    train: spirals(root.fork('data-train'), { ...o, perClass: 200 }),
    test: spirals(root.fork('data-test'), { ...o, perClass: 300 }),
  };
}

/** Decision regions are drawn on GRID_N × GRID_N cells covering [-GRID_EXTENT, GRID_EXTENT]². */
export const GRID_N = 40;
export const GRID_EXTENT = 1.3;

/** Cell centres, row-major from the bottom-left: [x0, y0, x1, y1, ...]. */
export function gridPoints(n = GRID_N, extent = GRID_EXTENT): Float32Array {
  const out = new Float32Array(2 * n * n);
  const w = (2 * extent) / n;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      out[2 * (j * n + i)] = -extent + (i + 0.5) * w;
      out[2 * (j * n + i) + 1] = -extent + (j + 0.5) * w;
    }
  return out;
}

/** "Final" accuracy = the mean of the last FINAL_WINDOW measurements (steps 360–400 by default),
 * which smooths the step-to-step jitter of a small network trained with Adam. */
export const FINAL_WINDOW = 5;
/** The claim check asks soft reset to finish at least this far ahead (1 accuracy point). */
export const CLAIM_MARGIN = 0.01;

export function finalAccuracy(accs: readonly number[], window = FINAL_WINDOW): number {
  const tail = accs.slice(-Math.max(1, window));
  return tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : NaN;
}
