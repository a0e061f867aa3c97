/**
 * The continual-learning toy of the softmax-masking lesson, without tfjs: the setting, the data,
 * the shared batch and replay schedule, accuracy bookkeeping and the claim check. What the widget's
 * main thread (and the static figure at build time) needs. The training run is in
 * `softmax-masking-continual-train.ts`, which the Web Worker loads.
 *
 * Toy setting (lesson brief): 6 Gaussian blobs (std 0.7) on a ring; task t = classes {2t, 2t+1},
 * three tasks learned one after another; MLP 2→64→64→6 (ReLU, He-normal), Adam 3e-3, 32 incoming
 * samples per step plus up to 32 replayed ones from a reservoir memory of M samples, filled during
 * each task (ER style). Three variants share the initial weights, every batch and every replay
 * batch; they differ only in the loss on the incoming samples.
 */
import type { Progress } from '../core/progress';
import { createRng } from '../core/rng';
import { blobsOnCircle, type Dataset2D } from '../labs/classifier/datasets';
import { createReservoir, replayBatch, reservoirAdd } from '../labs/classifier/reservoir';
import type { MaskMode } from './softmax-masking-continual';

export const CL_SETTING = {
  classes: 6,
  perTask: 2,
  tasks: 3,
  radius: 2,
  std: 0.7,
  trainPerClass: 100,
  testPerClass: 200,
  sizes: [2, 64, 64, 6],
  learningRate: 3e-3,
  batch: 32,
  replayBatch: 32,
  /** Test accuracy is measured every this many steps. */
  evalEvery: 10,
  /** Decision regions: GRID_N × GRID_N cells over [−extent, extent]². */
  gridN: 40,
  gridExtent: 4.5,
} as const;

/** What the reader can change. */
export interface ClParams {
  buffer: number;
  m: number;
  stepsPerTask: number;
}

export const CL_DEFAULTS: ClParams = { buffer: 20, m: 5, stepsPerTask: 150 };
export const BUFFER_OPTIONS = [0, 10, 20, 50, 100, 200] as const;

export const VARIANTS: readonly MaskMode[] = ['full', 'maskInf', 'maskM'];

export function variantName(v: MaskMode, m: number): string {
  if (v === 'full') return 'full softmax (ER)';
  if (v === 'maskInf') return 'mask −∞';
  return `mask m = ${Number(m.toPrecision(4))}`;
}

/** Reads the worker's params (plain values from the URL/controls) into a typed config. */
export function clConfig(p: Partial<Record<keyof ClParams, unknown>>): ClParams {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    buffer: Math.max(0, Math.round(num(p.buffer, CL_DEFAULTS.buffer))),
    m: num(p.m, CL_DEFAULTS.m),
    stepsPerTask: Math.max(1, Math.round(num(p.stepsPerTask, CL_DEFAULTS.stepsPerTask))),
  };
}

/** Training and test sets for a seed (separate streams, so neither shifts the other). */
export function clData(seed: number): { train: Dataset2D; test: Dataset2D } {
  const rng = createRng(seed);
  const o = { classes: CL_SETTING.classes, radius: CL_SETTING.radius, std: CL_SETTING.std };
  return {
    train: blobsOnCircle(rng.fork('train'), { ...o, perClass: CL_SETTING.trainPerClass }),
    test: blobsOnCircle(rng.fork('test'), { ...o, perClass: CL_SETTING.testPerClass }),
  };
}

/** Task of a class: classes {2t, 2t+1} form task t. */
export const taskOf = (c: number) => Math.floor(c / CL_SETTING.perTask);

/** One training step: indices of the incoming batch (current task) and of the replayed samples. */
export interface StepBatch {
  task: number;
  incoming: number[];
  replay: number[];
}

/**
 * The whole schedule, shared by every variant: for each task, consecutive slices of fresh
 * permutations of that task's training samples; before each step a replay batch is drawn from the
 * reservoir, after it the incoming samples are offered to the reservoir (so the memory holds
 * samples of the current task too, as in ER).
 */
export function clSchedule(train: Dataset2D, p: ClParams, seed: number): StepBatch[] {
  const root = createRng(seed);
  const order = root.fork('batches');
  const memRng = root.fork('memory');
  const memory = createReservoir(p.buffer);
  const steps: StepBatch[] = [];
  for (let t = 0; t < CL_SETTING.tasks; t++) {
    const pool: number[] = [];
    for (let i = 0; i < train.size; i++) if (taskOf(train.labels[i]) === t) pool.push(i);
    let perm = order.permutation(pool.length);
    let j = 0;
    for (let s = 0; s < p.stepsPerTask; s++) {
      const incoming: number[] = [];
      for (let b = 0; b < CL_SETTING.batch; b++) {
        if (j === pool.length) {
          perm = order.permutation(pool.length);
          j = 0;
        }
        incoming.push(pool[perm[j++]]);
      }
      const replay = replayBatch(memory, CL_SETTING.replayBatch, memRng);
      for (const i of incoming) reservoirAdd(memory, i, memRng);
      steps.push({ task: t, incoming, replay });
    }
  }
  return steps;
}

/** Accuracy on each task's test samples: class-IL (argmax over classes seen so far) and task-IL. */
export interface TaskAccuracy {
  /** Per task; null for tasks not trained yet. */
  classIL: (number | null)[];
  taskIL: (number | null)[];
}

/**
 * Scores logits [n × K] (row-major) against labels after training up to task `upTo`.
 * Class-IL: argmax over classes 0..2(upTo+1)−1. Task-IL: argmax over the sample's own task.
 * Ties go to the lower class index.
 */
export function scoreTasks(logits: ArrayLike<number>, labels: ArrayLike<number>, upTo: number): TaskAccuracy {
  const k = CL_SETTING.classes;
  const per = CL_SETTING.perTask;
  const seen = per * (upTo + 1);
  const hitC = new Array<number>(CL_SETTING.tasks).fill(0);
  const hitT = new Array<number>(CL_SETTING.tasks).fill(0);
  const count = new Array<number>(CL_SETTING.tasks).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    const t = taskOf(y);
    if (t > upTo) continue;
    count[t]++;
    let best = 0;
    for (let c = 1; c < seen; c++) if (logits[i * k + c] > logits[i * k + best]) best = c;
    if (best === y) hitC[t]++;
    let bestT = per * t;
    for (let c = per * t + 1; c < per * (t + 1); c++) if (logits[i * k + c] > logits[i * k + bestT]) bestT = c;
    if (bestT === y) hitT[t]++;
  }
  const ratio = (hits: number[]) => hits.map((h, t) => (t <= upTo && count[t] > 0 ? h / count[t] : null));
  return { classIL: ratio(hitC), taskIL: ratio(hitT) };
}

/** Grid cells' centres, row-major from the bottom-left, flat [x0, y0, x1, y1, …]. */
export function gridPoints(): Float32Array {
  const n = CL_SETTING.gridN;
  const e = CL_SETTING.gridExtent;
  const w = (2 * e) / n;
  const out = new Float32Array(2 * n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      out[2 * (j * n + i)] = -e + (i + 0.5) * w;
      out[2 * (j * n + i) + 1] = -e + (j + 0.5) * w;
    }
  return out;
}

/** What one variant looks like at one measurement. */
export interface VariantEval {
  acc: TaskAccuracy;
  /** Mean training loss since the previous report (null at step 0). */
  loss: number | null;
}

/** One report: all variants at one step; after the last step of a task also their decision regions. */
export interface ClDelta {
  step: number;
  /** The task being trained (the one just finished at its last step). */
  task: number;
  evals: Record<MaskMode, VariantEval>;
  /** Present at the end of each task: predicted class (argmax over seen classes) per grid cell. */
  regions?: Record<MaskMode, Uint8Array>;
}

export type ClProgress = Progress<ClDelta>;

/** Summary of a finished run for one variant (class-IL or task-IL numbers). */
export interface FinalScores {
  /** Mean accuracy on tasks 1 and 2 after task 3 (stability). */
  old: number;
  /** Accuracy on task 3 after task 3 (plasticity). */
  newest: number;
  /** Mean over all three tasks. */
  average: number;
}

export function finalScores(acc: readonly (number | null)[]): FinalScores {
  const a = acc.map((v) => v ?? 0);
  const old = (a[0] + a[1]) / 2;
  return { old, newest: a[2], average: (a[0] + a[1] + a[2]) / 3 };
}

/** Masking must keep at least this much more old-task accuracy than the full softmax. */
export const OLD_MARGIN = 0.05;

export interface ClClaim {
  full: FinalScores;
  maskInf: FinalScores;
  maskM: FinalScores;
  /** maskInf.old − full.old and maskInf.average − full.average. */
  oldGain: number;
  averageGain: number;
  holds: boolean;
}

/**
 * The claim check, always on class-incremental accuracy (the setting where masking is not trivially
 * helpful): with −∞ masking the old tasks keep at least OLD_MARGIN more accuracy than with the full
 * softmax, and the average over all three tasks is not lower.
 */
export function clClaim(last: ClDelta): ClClaim {
  const s = (v: MaskMode) => finalScores(last.evals[v].acc.classIL);
  const full = s('full');
  const maskInf = s('maskInf');
  const maskM = s('maskM');
  const oldGain = maskInf.old - full.old;
  const averageGain = maskInf.average - full.average;
  // Accuracies are multiples of 1/400 or 1/1200: ignore float dust in the comparisons.
  const holds = oldGain >= OLD_MARGIN - 1e-9 && averageGain >= -1e-9;
  return { full, maskInf, maskM, oldGain, averageGain, holds };
}
