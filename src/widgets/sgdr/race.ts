/**
 * Widget 2 of the SGDR lesson: the anytime race (iterative). The run itself is `sgdrRace` in
 * `techniques/sgdr-race.ts`, served from a Web Worker; this spec only folds its per-epoch
 * messages into a state and draws it, and imports no tfjs (only the worker loads it). Before a run it shows both learning-rate schedules.
 */
import { lineChart, type Series } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import { restartEpochs, sgdrLrPerBatch, stepDecayLr } from '../../techniques/sgdr';
import {
  FINAL_TOLERANCE,
  RACE_SETTING,
  claimEpochs,
  fourBlobBayesAccuracy,
  raceClaim,
  raceSchedules,
  stopEpochs,
  type RaceClaim,
  type RaceDelta,
  type RaceParams,
} from '../../techniques/sgdr-race-claim';

export type RaceWidgetParams = {
  etaMax: number;
  t0: number;
  tMult: number;
  batchSize: number;
};

export interface RaceState {
  /** byEpoch[e] = both runs' metrics after epoch e (0 = the shared initial network). */
  byEpoch: (RaceDelta | undefined)[];
}

const f3 = (x: number) => x.toFixed(3);
const BAYES = fourBlobBayesAccuracy(RACE_SETTING.radius, RACE_SETTING.std);

function claimText(c: RaceClaim, p: RaceParams, done: boolean): View['claim'] {
  const { anytime, late } = claimEpochs(p);
  const statement =
    anytime.length > 0
      ? `At SGDR's cycle ends while the baseline still runs at η_max (epoch ${anytime.join(', ')}), SGDR's snapshot has the lower test loss and at least the same accuracy; once both have annealed (epoch ${late.join(', ')}) their accuracies agree within ${FINAL_TOLERANCE}.`
      : `With T0 = ${p.t0} and T_mult = ${p.tMult}, no SGDR cycle ends between its first cycle and the baseline's first decay at epoch ${raceSchedules(p).step.milestones[0]}, so there is no anytime snapshot to compare. Try a smaller T0.`;
  if (c.holds === null) {
    const partial = c.anytime.map((k) => `epoch ${k.epoch}: loss ${f3(k.sgdrLoss)} vs ${f3(k.stepLoss)}, accuracy ${f3(k.sgdrAcc)} vs ${f3(k.stepAcc)}`);
    return {
      statement,
      holds: null,
      detail: done || partial.length === 0 ? 'Press Train both to train the two networks and measure it.' : `So far (SGDR vs step decay): ${partial.join('; ')}.`,
    };
  }
  const parts = [
    ...c.anytime.map(
      (k) =>
        `epoch ${k.epoch}: SGDR loss ${f3(k.sgdrLoss)} vs ${f3(k.stepLoss)} (${k.sgdrLoss < k.stepLoss ? 'lower' : 'not lower'}), accuracy ${f3(k.sgdrAcc)} vs ${f3(k.stepAcc)} (${k.sgdrAcc >= k.stepAcc ? 'at least as high' : 'lower'})`,
    ),
    ...c.late.map(
      (k) => `epoch ${k.epoch}: accuracy ${f3(k.sgdrAcc)} vs ${f3(k.stepAcc)}, gap ${f3(Math.abs(k.sgdrAcc - k.stepAcc))} (${k.ok ? 'within' : 'outside'} ${FINAL_TOLERANCE})`,
    ),
  ];
  const notes: string[] = [];
  if (c.collapsed.length > 0)
    notes.push(`${c.collapsed.map((r) => (r === 'sgdr' ? 'SGDR' : 'step decay')).join(' and ')} collapsed to near-chance accuracy (the rate was too high for this small ReLU network).`);
  if (c.endsMidCycle)
    notes.push(`Epoch ${RACE_SETTING.epochs} falls in the middle of an SGDR cycle, where its rate is still high, so the last comparison is not a fair one.`);
  return { statement, holds: c.holds, detail: `${parts.join('; ')}.${notes.length ? ` ${notes.join(' ')}` : ''}` };
}

export function raceView(s: RaceState, p: RaceWidgetParams, done: boolean): View {
  const { sgdr, step, epochs, batchesPerEpoch } = raceSchedules(p);
  const ends = restartEpochs(p.t0, p.tMult, epochs);
  const restarts = ends.filter((r) => r < epochs);
  const rules = restarts.map((r) => ({ x: r, label: String(r) }));
  const seen = s.byEpoch.filter((d): d is RaceDelta => d !== undefined);

  const lrChart = lineChart({
    title: 'Learning rate of each run, per mini-batch',
    x: { label: 'epoch', domain: [0, epochs] },
    y: { label: 'learning rate', domain: [0, p.etaMax * 1.05] },
    series: [
      { name: 'SGDR', role: 'method', points: sgdrLrPerBatch(epochs, batchesPerEpoch, sgdr).map((d) => ({ x: d.t, y: d.lr })) },
      { name: 'step decay', role: 'baseline', curve: 'step-after', points: [0, ...step.milestones, epochs].map((t) => ({ x: t, y: stepDecayLr(Math.min(t, epochs - 1e-9), step) })) },
    ],
    rules,
    height: 150,
  });

  const accSeries: Series[] = [
    { name: `best possible (Bayes) ${f3(BAYES)}`, role: 'reference', dashed: true, points: [{ x: 0, y: BAYES }, { x: epochs, y: BAYES }] },
    { name: 'step decay', role: 'baseline', dots: true, points: seen.map((d) => ({ x: d.epoch, y: d.step.testAcc })) },
    { name: 'SGDR', role: 'method', dots: true, points: seen.map((d) => ({ x: d.epoch, y: d.sgdr.testAcc })) },
  ];
  const accChart = lineChart({
    title: 'Test accuracy after each epoch (SGDR restarts marked)',
    x: { label: 'epoch', domain: [0, epochs] },
    y: { label: 'test accuracy', domain: [0.2, 0.9] },
    series: accSeries,
    rules,
    height: 230,
  });

  const losses = seen.flatMap((d) => [d.sgdr.testLoss, d.step.testLoss]);
  const lo = Math.min(0.35, ...losses.map((x) => x * 0.95));
  const hi = Math.max(2, ...losses.map((x) => x * 1.05));
  const lossChart = lineChart({
    title: 'Test loss after each epoch (log scale)',
    x: { label: 'epoch', domain: [0, epochs] },
    y: { label: 'test cross-entropy', type: 'log', domain: [lo, hi], tickFormat: '~g' },
    series: [
      { name: 'step decay', role: 'baseline', dots: true, points: seen.map((d) => ({ x: d.epoch, y: d.step.testLoss })) },
      { name: 'SGDR', role: 'method', dots: true, points: seen.map((d) => ({ x: d.epoch, y: d.sgdr.testLoss })) },
    ],
    rules,
    height: 230,
  });

  const stops = stopEpochs(p);
  const readouts: View['readouts'] = stops.map((e) => {
    const d = s.byEpoch[e];
    const kind = ends.includes(e) ? 'end of a cycle' : 'last epoch, mid-cycle';
    return {
      label: `Stop at epoch ${e} (${kind})`,
      value: d ? `SGDR ${f3(d.sgdr.testAcc)} · step ${f3(d.step.testAcc)}` : 'not reached yet',
      role: d && d.sgdr.testAcc >= d.step.testAcc ? 'method' : d ? 'baseline' : 'neutral',
    };
  });

  const claim = claimText(raceClaim(s.byEpoch, p), p, done);

  const rows = seen.map((d) => [
    d.epoch,
    d.sgdr.lr ?? '',
    d.step.lr ?? '',
    d.sgdr.testAcc,
    d.step.testAcc,
    d.sgdr.testLoss,
    d.step.testLoss,
    d.sgdr.trainLoss,
    d.step.trainLoss,
    ends.includes(d.epoch) ? 'yes' : 'no',
  ]);
  const last = seen.at(-1);
  const summary = last
    ? `After epoch ${last.epoch} of ${epochs}: SGDR test accuracy ${f3(last.sgdr.testAcc)} (loss ${f3(last.sgdr.testLoss)}), step decay ${f3(last.step.testAcc)} (loss ${f3(last.step.testLoss)}). ` +
      `SGDR restarts at epochs ${restarts.join(', ') || 'none'}; the best possible accuracy on this data is about ${f3(BAYES)}.`
    : `Two copies of a 2-32-32-4 network will train for ${epochs} epochs from the same initial weights on the same batches: one with SGDR (η_max ${p.etaMax}, T0 ${p.t0}, T_mult ${p.tMult}, restarts at ${restarts.join(', ') || 'none'}), ` +
      `one with step decay (×0.1 at epochs ${step.milestones.join(' and ')}). The charts fill in after every epoch.`;

  return {
    charts: [lrChart, accChart, lossChart],
    readouts,
    claim,
    table: {
      columns: ['epoch', 'lr_sgdr_last_batch', 'lr_step_last_batch', 'sgdr_test_acc', 'step_test_acc', 'sgdr_test_loss', 'step_test_loss', 'sgdr_train_loss', 'step_train_loss', 'sgdr_cycle_end'],
      rows,
    },
    summary,
    // Per reached epoch e: sgdrAcc<e>, stepAcc<e> and accGap<e> = SGDR − step decay (questions bind to these).
    measures: Object.fromEntries(
      seen.flatMap((d) => [
        [`sgdrAcc${d.epoch}`, d.sgdr.testAcc],
        [`stepAcc${d.epoch}`, d.step.testAcc],
        [`accGap${d.epoch}`, d.sgdr.testAcc - d.step.testAcc],
      ]),
    ),
  };
}

export const raceSpec = defineIterative<RaceWidgetParams, RaceState, RaceDelta>({
  kind: 'iterative',
  id: 'sgdr-race',
  title: 'Anytime race: SGDR vs step decay',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train both',
  params: [
    { name: 'etaMax', label: 'η_max (both runs)', kind: 'number', default: 0.2, min: 0.05, max: 0.4, step: 0.01 },
    { name: 't0', label: 'First cycle T0', kind: 'int', default: 2, min: 1, max: 10, unit: 'epochs' },
    { name: 'tMult', label: 'Cycle growth T_mult', kind: 'enum', default: 2, options: [1, 2, 3] },
    { name: 'batchSize', label: 'Batch size', kind: 'enum', default: 16, options: [16, 32, 64], help: '400 training points: 25, 13 or 7 batches per epoch.' },
  ],
  initial: () => ({ byEpoch: [] }),
  reduce: (s, d) => {
    s.byEpoch[d.epoch] = d;
    return s;
  },
  view: (s, p, done) => raceView(s, p, done),
});
