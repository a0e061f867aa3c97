/**
 * The setting and the claim check of the SGDR "anytime" race, without tfjs: what the widget's
 * main-thread code (and the static figure at build time) needs. The training run itself is in
 * `sgdr-race.ts`, which the Web Worker loads.
 *
 * Toy setting (lesson brief): 4 Gaussian blobs on the unit circle (std 0.5; 100 training and 500
 * test points per class); MLP 2→32→32→4, ReLU, He-normal; softmax cross-entropy + 5e-4·Σ‖W‖² on
 * kernels; SGD with momentum 0.9; 30 epochs; step-decay baseline ×0.1 at epochs 15 and 22.5.
 */
import type { Progress } from '../core/progress';
import { createRng } from '../core/rng';
import { blobsOnCircle, type Dataset2D } from '../labs/classifier/datasets';
import { restartEpochs, toyStepDecay, type SgdrSchedule, type StepDecay } from './sgdr';

/** What the reader can change. */
export interface RaceParams {
  etaMax: number;
  t0: number;
  tMult: number;
  batchSize: number;
}

/** What stays fixed (the lesson's toy setting). */
export const RACE_SETTING = {
  epochs: 30,
  etaMin: 0,
  momentum: 0.9,
  l2: 5e-4,
  sizes: [2, 32, 32, 4],
  classes: 4,
  radius: 1,
  std: 0.5,
  trainPerClass: 100,
  testPerClass: 500,
} as const;

/** Metrics of one run after one epoch. */
export interface RunMetrics {
  testAcc: number;
  testLoss: number;
  trainLoss: number;
  /** Learning rate of the last batch of this epoch (null before training). */
  lr: number | null;
}

/** One message per epoch (epoch 0 = the shared initial network). */
export interface RaceDelta {
  epoch: number;
  sgdr: RunMetrics;
  step: RunMetrics;
}

/** One progress message of the race (the contract with the widget runtime, `core/progress.ts`). */
export type RaceProgress = Progress<RaceDelta>;

export function raceSchedules(p: RaceParams): { sgdr: SgdrSchedule; step: StepDecay; epochs: number; batchesPerEpoch: number } {
  const epochs = RACE_SETTING.epochs;
  const train = RACE_SETTING.classes * RACE_SETTING.trainPerClass;
  return {
    sgdr: { t0: p.t0, tMult: p.tMult, etaMin: RACE_SETTING.etaMin, etaMax: p.etaMax },
    step: toyStepDecay(p.etaMax, epochs),
    epochs,
    batchesPerEpoch: Math.ceil(train / p.batchSize),
  };
}

/** The training and test sets for a seed (separate RNG streams, so neither shifts the other). */
export function raceData(seed: number): { train: Dataset2D; test: Dataset2D } {
  const rng = createRng(seed);
  const o = { classes: RACE_SETTING.classes, radius: RACE_SETTING.radius, std: RACE_SETTING.std };
  return {
    train: blobsOnCircle(rng.fork('train'), { ...o, perClass: RACE_SETTING.trainPerClass }),
    test: blobsOnCircle(rng.fork('test'), { ...o, perClass: RACE_SETTING.testPerClass }),
  };
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Best possible accuracy on four equally likely isotropic blobs at angles 0°, 90°, 180°, 270° on a
 * circle of radius r: the optimal rule picks the nearest centre, and in coordinates rotated by 45°
 * the correct region is a quadrant whose two half-planes are independent, so accuracy = Φ(r/(σ√2))².
 */
export function fourBlobBayesAccuracy(radius: number, std: number): number {
  const p = normalCdf(radius / (std * Math.SQRT2));
  return p * p;
}

/** Epochs at which "what if I stopped here?" is asked: SGDR's restart epochs and the last epoch. */
export function stopEpochs(p: RaceParams): number[] {
  const { epochs } = raceSchedules(p);
  const r = restartEpochs(p.t0, p.tMult, epochs);
  return r[r.length - 1] === epochs ? r : [...r, epochs];
}

/** Late snapshots (both schedules annealed) must agree in accuracy this closely. */
export const FINAL_TOLERANCE = 0.03;

/** A run whose final accuracy is below this (twice chance on 4 classes) has collapsed. */
export const COLLAPSED_BELOW = 0.5;

/**
 * The snapshots the claim compares, all at ends of SGDR cycles (where SGDR's rate is near η_min):
 * - `anytime`: cycle ends from the second one on while the baseline still runs at η_max
 *   (epoch ≤ its first decay; at defaults 6 and 14). The first cycle end (epoch 2 at defaults) is
 *   left out: that early both runs are still far from trained and the winner varies with the seed.
 * - `late`: cycle ends after the baseline's first decay, and the last epoch (at defaults only 30),
 *   where both schedules have annealed and should agree.
 */
export function claimEpochs(p: RaceParams): { anytime: number[]; late: number[] } {
  const { epochs, step } = raceSchedules(p);
  const firstDecay = step.milestones[0];
  const ends = restartEpochs(p.t0, p.tMult, epochs);
  const anytime = ends.filter((e, i) => i > 0 && e <= firstDecay && e < epochs);
  const late = ends.filter((e) => e > firstDecay && e < epochs);
  return { anytime, late: [...late, epochs] };
}

export interface Checkpoint {
  epoch: number;
  sgdrAcc: number;
  stepAcc: number;
  sgdrLoss: number;
  stepLoss: number;
  /** Anytime checkpoints: lower loss and at least the same accuracy. Late ones: |Δacc| ≤ tolerance. */
  ok: boolean;
}

export interface RaceClaim {
  anytime: Checkpoint[];
  late: Checkpoint[];
  /** True when epoch 30 falls inside an SGDR cycle (so SGDR's last rate was not near η_min). */
  endsMidCycle: boolean;
  /** Runs whose final accuracy is below COLLAPSED_BELOW. */
  collapsed: ('sgdr' | 'step')[];
  /** null until the run is done, or when there is no anytime checkpoint to compare. */
  holds: boolean | null;
}

/**
 * The claim check. `byEpoch[e]` holds both runs' metrics after epoch e (missing = not reached).
 * Holds when, at every anytime checkpoint, SGDR has the lower test loss and at least the same
 * test accuracy; at every late checkpoint the accuracies differ by at most FINAL_TOLERANCE; and
 * neither run has collapsed.
 */
export function raceClaim(byEpoch: readonly (RaceDelta | undefined)[], p: RaceParams): RaceClaim {
  const { epochs } = raceSchedules(p);
  const epochsOf = claimEpochs(p);
  const pick = (list: number[], ok: (d: RaceDelta) => boolean): Checkpoint[] =>
    list.flatMap((e) => {
      const d = byEpoch[e];
      if (!d) return [];
      const c = { epoch: e, sgdrAcc: d.sgdr.testAcc, stepAcc: d.step.testAcc, sgdrLoss: d.sgdr.testLoss, stepLoss: d.step.testLoss, ok: ok(d) };
      return [c];
    });
  const anytime = pick(epochsOf.anytime, (d) => d.sgdr.testLoss < d.step.testLoss && d.sgdr.testAcc >= d.step.testAcc);
  const late = pick(epochsOf.late, (d) => Math.abs(d.sgdr.testAcc - d.step.testAcc) <= FINAL_TOLERANCE);
  const last = byEpoch[epochs];
  const collapsed: ('sgdr' | 'step')[] = [];
  if (last) {
    if (last.sgdr.testAcc < COLLAPSED_BELOW) collapsed.push('sgdr');
    if (last.step.testAcc < COLLAPSED_BELOW) collapsed.push('step');
  }
  const endsMidCycle = restartEpochs(p.t0, p.tMult, epochs).at(-1) !== epochs;
  const holds =
    !last || epochsOf.anytime.length === 0
      ? null
      : collapsed.length === 0 && anytime.every((c) => c.ok) && late.every((c) => c.ok);
  return { anytime, late, endsMidCycle, collapsed, holds };
}
