/**
 * SGDR (Loshchilov & Hutter, ICLR 2017, arXiv 1608.03983): cosine annealing of the learning rate
 * with warm restarts. This file holds the schedule itself, as plain functions of the (fractional)
 * epoch; `sgdr-race.ts` trains two small networks with it.
 *
 * Conventions (the boundary rules decide whether SGDR looks good or bad, so they are explicit):
 * - Time t is measured in epochs and advances by 1/batchesPerEpoch after every mini-batch, so
 *   T_cur takes fractional values. Batch b of epoch e uses the learning rate at t = e + b/n.
 * - The cycle that contains t is found by subtracting finished cycle lengths one at a time
 *   (no logarithms, which misplace boundaries by rounding).
 * - Cycle i spans [start_i, start_i + T_i). At exactly t = start_i + T_i the next cycle has begun,
 *   so that batch uses η_max: the restart is applied at the boundary. The last batch of a cycle
 *   uses a rate just above η_min; the model after that batch is the "end of cycle" snapshot.
 * - Only the learning rate restarts; weights and momentum buffers carry on (a warm restart).
 */

/** The four numbers that define an SGDR schedule (T0 in epochs). */
export interface SgdrSchedule {
  t0: number;
  tMult: number;
  etaMin: number;
  etaMax: number;
}

/** Where time t falls: cycle index i, its start epoch, its length T_i and T_cur = t − start. */
export interface CyclePosition {
  index: number;
  start: number;
  length: number;
  tCur: number;
}

function checkCycle(t0: number, tMult: number): void {
  if (!(t0 > 0) || !Number.isFinite(t0)) throw new Error(`T0 must be a positive number of epochs (got ${t0})`);
  if (!(tMult >= 1) || !Number.isFinite(tMult)) throw new Error(`T_mult must be at least 1 (got ${tMult})`);
}

/** The cycle containing epoch t ≥ 0, by subtracting cycle lengths in a loop. */
export function cycleAt(t: number, t0: number, tMult: number): CyclePosition {
  checkCycle(t0, tMult);
  if (!(t >= 0)) throw new Error(`time must be a non-negative number of epochs (got ${t})`);
  let start = 0;
  let length = t0;
  let index = 0;
  while (t >= start + length) {
    start += length;
    length *= tMult;
    index++;
  }
  return { index, start, length, tCur: t - start };
}

/** Paper Eq. 5: η = η_min + ½(η_max − η_min)(1 + cos(π·T_cur/T_i)). */
export function cosineLr(tCur: number, length: number, etaMin: number, etaMax: number): number {
  return etaMin + 0.5 * (etaMax - etaMin) * (1 + Math.cos((Math.PI * tCur) / length));
}

/** The SGDR learning rate at (fractional) epoch t. */
export function sgdrLr(t: number, s: SgdrSchedule): number {
  const c = cycleAt(t, s.t0, s.tMult);
  return cosineLr(c.tCur, c.length, s.etaMin, s.etaMax);
}

/**
 * The common mistake of updating T_cur once per epoch: the rate is held for a whole epoch at the
 * value of its first batch, giving a staircase instead of a smooth cosine.
 */
export function sgdrLrPerEpoch(t: number, s: SgdrSchedule): number {
  return sgdrLr(Math.floor(t), s);
}

/** Restart epochs T0, T0(1+T_mult), … that are ≤ budget (the partial sums of the cycle lengths). */
export function restartEpochs(t0: number, tMult: number, budget: number): number[] {
  checkCycle(t0, tMult);
  const out: number[] = [];
  let end = t0;
  let length = t0;
  while (end <= budget) {
    out.push(end);
    length *= tMult;
    end += length;
  }
  return out;
}

/** Closed form of the k-th restart epoch (k = 1, 2, …): T0·k if T_mult = 1, else T0(T_mult^k − 1)/(T_mult − 1). */
export function restartEpochClosedForm(t0: number, tMult: number, k: number): number {
  return tMult === 1 ? t0 * k : (t0 * (tMult ** k - 1)) / (tMult - 1);
}

/** A multi-step baseline: η_max, multiplied by `factor` at each milestone epoch. */
export interface StepDecay {
  etaMax: number;
  factor: number;
  milestones: number[];
}

/** Step-decay learning rate at epoch t (a milestone m applies from t = m on). */
export function stepDecayLr(t: number, s: StepDecay): number {
  let lr = s.etaMax;
  for (const m of s.milestones) if (t >= m) lr *= s.factor;
  return lr;
}

/** The toy baseline used in the widgets: η_max, ×0.1 at 50% and 75% of the budget. */
export function toyStepDecay(etaMax: number, budget: number): StepDecay {
  return { etaMax, factor: 0.1, milestones: [0.5 * budget, 0.75 * budget] };
}

/**
 * The paper's CIFAR setting (from the official `SGDR_WRNs.py`): 200 epochs; the Wide ResNet
 * default schedule starts at 0.1 and is multiplied by 0.2 at epochs 60, 120 and 160; SGDR uses
 * η_max = 0.05, η_min = 0, T0 = 10, T_mult = 2 (one of its four SGDR settings).
 */
export const WRN_SETTING = {
  budget: 200,
  sgdr: { t0: 10, tMult: 2, etaMin: 0, etaMax: 0.05 } satisfies SgdrSchedule,
  baseline: { etaMax: 0.1, factor: 0.2, milestones: [60, 120, 160] } satisfies StepDecay,
} as const;

/** Epoch of batch b (0-based) within epoch e when an epoch has n batches: t = e + b/n. */
export function batchTime(epoch: number, batch: number, batchesPerEpoch: number): number {
  return epoch + batch / batchesPerEpoch;
}

/** One learning rate per batch over `budget` epochs: [{ t, lr }], t = e + b/n. */
export function lrPerBatch(budget: number, batchesPerEpoch: number, lrAt: (t: number) => number): { t: number; lr: number }[] {
  const out: { t: number; lr: number }[] = [];
  for (let e = 0; e < budget; e++) {
    for (let b = 0; b < batchesPerEpoch; b++) {
      const t = batchTime(e, b, batchesPerEpoch);
      out.push({ t, lr: lrAt(t) });
    }
  }
  return out;
}

/**
 * SGDR's rate for every batch of a budget in one forward pass: the same boundary rule as `cycleAt`
 * (t ≥ start + T_i starts the next cycle), but the cycle is advanced as time moves on instead of
 * being searched from zero for every batch, so long budgets stay cheap to draw.
 */
export function sgdrLrPerBatch(budget: number, batchesPerEpoch: number, s: SgdrSchedule): { t: number; lr: number }[] {
  checkCycle(s.t0, s.tMult);
  const out: { t: number; lr: number }[] = [];
  let start = 0;
  let length = s.t0;
  for (let e = 0; e < budget; e++) {
    for (let b = 0; b < batchesPerEpoch; b++) {
      const t = batchTime(e, b, batchesPerEpoch);
      while (t >= start + length) {
        start += length;
        length *= s.tMult;
      }
      out.push({ t, lr: cosineLr(t - start, length, s.etaMin, s.etaMax) });
    }
  }
  return out;
}

/**
 * The numeric check behind the schedule claim: at every restart inside the budget the first batch
 * uses exactly η_max, the last batch before it is within the expected gap of η_min, and the
 * restart epochs found by the loop equal the closed-form partial sums.
 */
export interface ScheduleCheck {
  restarts: number[];
  /** Largest |η(first batch of a cycle) − η_max| over the cycle starts (should be 0). */
  maxStartError: number;
  /** Largest η(last batch of a cycle) − η_min over completed cycles. */
  maxEndGap: number;
  /** The largest gap Eq. 5 allows for a last batch, reached in the shortest cycle T0: ½(η_max − η_min)(1 − cos(π/(n·T0))). */
  endGapBound: number;
  /** Largest |loop restart − closed-form restart|. */
  maxClosedFormError: number;
  holds: boolean;
}

export function checkSchedule(s: SgdrSchedule, budget: number, batchesPerEpoch: number): ScheduleCheck {
  const restarts = restartEpochs(s.t0, s.tMult, budget);
  const n = batchesPerEpoch;
  let maxStartError = Math.abs(sgdrLr(0, s) - s.etaMax);
  let maxEndGap = 0;
  let maxClosedFormError = 0;
  restarts.forEach((r, k) => {
    if (r < budget) maxStartError = Math.max(maxStartError, Math.abs(sgdrLr(r, s) - s.etaMax));
    maxEndGap = Math.max(maxEndGap, sgdrLr(r - 1 / n, s) - s.etaMin);
    maxClosedFormError = Math.max(maxClosedFormError, Math.abs(r - restartEpochClosedForm(s.t0, s.tMult, k + 1)));
  });
  // The shortest cycle (the first, T0) has the coarsest last step, hence the largest end gap.
  const endGapBound = 0.5 * (s.etaMax - s.etaMin) * (1 - Math.cos(Math.PI / (n * s.t0)));
  const tol = 1e-12 * Math.max(1, s.etaMax);
  const holds = maxStartError <= tol && maxEndGap <= endGapBound + tol && maxClosedFormError <= 1e-9 * Math.max(1, budget);
  return { restarts, maxStartError, maxEndGap, endGapBound, maxClosedFormError, holds };
}
