/**
 * The "anytime" race of the SGDR lesson: two copies of one small MLP, trained from the same initial
 * weights on the same batches in the same order, one with SGDR and one with a step-decay baseline.
 * After every epoch both are evaluated on a held-out set, so the reader can ask "what if I had
 * stopped here?" at every epoch, and in particular at the ends of SGDR's cycles.
 *
 * Toy setting (lesson brief): 4 Gaussian blobs on the unit circle (std 0.5; 100 training and 500
 * test points per class); MLP 2→32→32→4, ReLU, He-normal; softmax cross-entropy + 5e-4·Σ‖W‖² on
 * kernels; SGD with momentum 0.9; 30 epochs.
 */
import { createRng } from '../core/rng';
import { blobsOnCircle, type Dataset2D } from '../labs/classifier/datasets';
import { createMlp, createSgd, disposeData, disposeMlp, disposeOptimizer, evaluate, initWeights, toTensors, trainStep } from '../labs/classifier/mlp';
import { initTf, tf, type BackendName } from '../labs/tf/backend';
import { restartEpochs, sgdrLr, stepDecayLr, toyStepDecay, type SgdrSchedule, type StepDecay } from './sgdr';

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
  /** Learning rate of the last batch of this epoch (NaN before training). */
  lr: number;
}

/** One message per epoch (epoch 0 = the shared initial network). */
export interface RaceDelta {
  epoch: number;
  sgdr: RunMetrics;
  step: RunMetrics;
}

/** Same shape as the widget kit's `Progress` (techniques do not import from widgets). */
export interface RaceProgress {
  step: number;
  total: number;
  delta: RaceDelta;
  info?: { backend?: string; numTensors?: number; note?: string };
}

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

/**
 * Trains both runs and yields their test metrics once per epoch. Both share data, initial
 * weights and the batch order of every epoch; they differ only in the learning rate of each batch.
 */
export async function* sgdrRace(p: RaceParams, seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<RaceProgress, void, void> {
  const backend = await initTf(prefer);
  const { sgdr, step, epochs, batchesPerEpoch } = raceSchedules(p);
  const rng = createRng(seed);
  const { train, test } = raceData(seed);
  const w0 = initWeights(rng.fork('init'), RACE_SETTING.sizes, 'he');
  const order = rng.fork('batches');

  const runs = [
    { name: 'sgdr' as const, lrAt: (t: number) => sgdrLr(t, sgdr) },
    { name: 'step' as const, lrAt: (t: number) => stepDecayLr(t, step) },
  ].map((r) => ({ ...r, model: createMlp(w0), opt: createSgd(p.etaMax, RACE_SETTING.momentum), lastLr: NaN }));
  const testT = toTensors(test);
  const trainT = toTensors(train);

  const measure = (r: (typeof runs)[number]): RunMetrics => {
    const te = evaluate(r.model, testT);
    const tr = evaluate(r.model, trainT);
    return { testAcc: te.accuracy, testLoss: te.loss, trainLoss: tr.loss, lr: r.lastLr };
  };
  const message = (epoch: number): RaceProgress => ({
    step: epoch,
    total: epochs,
    delta: { epoch, sgdr: measure(runs[0]), step: measure(runs[1]) },
    info: { backend, numTensors: tf.memory().numTensors },
  });

  try {
    yield message(0);
    for (let e = 0; e < epochs; e++) {
      const perm = order.permutation(train.size);
      for (const r of runs) {
        for (let b = 0; b < batchesPerEpoch; b++) {
          const idx = perm.subarray(b * p.batchSize, Math.min(train.size, (b + 1) * p.batchSize));
          r.lastLr = r.lrAt(e + b / batchesPerEpoch);
          trainStep(r.model, r.opt, train, idx, { learningRate: r.lastLr, l2: RACE_SETTING.l2 });
        }
      }
      yield message(e + 1);
    }
  } finally {
    for (const r of runs) {
      disposeMlp(r.model);
      disposeOptimizer(r.opt);
    }
    disposeData(testT);
    disposeData(trainT);
  }
}

/** The final-epoch accuracies must agree this closely for the claim to hold. */
export const FINAL_TOLERANCE = 0.03;

/**
 * The anytime snapshots the claim compares: SGDR's cycle ends after the first one and before the
 * last epoch (at defaults 6 and 14). The first cycle (2 epochs at defaults) is left out: that
 * early, both runs are still learning-limited and its outcome is a coin toss between seeds.
 */
export function claimEpochs(p: RaceParams): number[] {
  const { epochs } = raceSchedules(p);
  return restartEpochs(p.t0, p.tMult, epochs).filter((e, i) => i > 0 && e < epochs);
}

export interface Checkpoint {
  epoch: number;
  sgdrAcc: number;
  stepAcc: number;
  sgdrLoss: number;
  stepLoss: number;
  /** SGDR's test loss is lower. */
  lossLower: boolean;
  /** SGDR's test accuracy is at least as high. */
  accAtLeast: boolean;
}

export interface RaceClaim {
  /** Checkpoints reached so far (all of `claimEpochs` once the run is done). */
  checkpoints: Checkpoint[];
  final: { epoch: number; sgdrAcc: number; stepAcc: number; gap: number; within: boolean } | null;
  /** null until the run has reached the last epoch, or when there is no checkpoint to compare. */
  holds: boolean | null;
}

/**
 * The claim check: at every checkpoint SGDR has the lower test loss and at least the same test
 * accuracy, and at the last epoch the two accuracies differ by at most FINAL_TOLERANCE.
 * `byEpoch[e]` holds the metrics after epoch e (missing entries = not reached yet).
 */
export function raceClaim(byEpoch: readonly (RaceDelta | undefined)[], p: RaceParams): RaceClaim {
  const { epochs } = raceSchedules(p);
  const checkpoints: Checkpoint[] = [];
  for (const e of claimEpochs(p)) {
    const d = byEpoch[e];
    if (!d) continue;
    checkpoints.push({
      epoch: e,
      sgdrAcc: d.sgdr.testAcc,
      stepAcc: d.step.testAcc,
      sgdrLoss: d.sgdr.testLoss,
      stepLoss: d.step.testLoss,
      lossLower: d.sgdr.testLoss < d.step.testLoss,
      accAtLeast: d.sgdr.testAcc >= d.step.testAcc,
    });
  }
  const last = byEpoch[epochs];
  const final = last
    ? {
        epoch: epochs,
        sgdrAcc: last.sgdr.testAcc,
        stepAcc: last.step.testAcc,
        gap: last.sgdr.testAcc - last.step.testAcc,
        within: Math.abs(last.sgdr.testAcc - last.step.testAcc) <= FINAL_TOLERANCE,
      }
    : null;
  const holds =
    final === null || checkpoints.length === 0 ? null : final.within && checkpoints.every((c) => c.lossLower && c.accAtLeast);
  return { checkpoints, final, holds };
}
