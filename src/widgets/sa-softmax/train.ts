/**
 * Widget "Does it train faster here?" (iterative): three copies of the max retriever learn the
 * same task from the same weights and batches, with softmax, plain SA and normalised SA attention
 * (worker: `train.worker.ts` → techniques/sa-softmax-train). This spec folds the messages into
 * loss and accuracy curves, per-seed results and the claim check. It imports no tfjs.
 */
import { lineChart, type ChartSpec } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import type { RetrievalEval } from '../../labs/attention/retrieval-train';
import { SA_TRAIN_IDS, SA_TRAIN_NAMES, saTrainConfig, type SaTrainDelta, type SaTrainParams } from '../../techniques/sa-softmax-train-config';

/** Final loss = mean training loss over the last this many reports (5 steps each). */
export const TAIL_REPORTS = 10;

export interface SeedResult {
  seed: number;
  /** Mean training loss over the last TAIL_REPORTS reports, per model. */
  tailLoss: number[];
  evals: RetrievalEval[];
}

export interface TrainState {
  loss: { step: number; values: number[] }[];
  evals: { step: number; evals: RetrievalEval[] }[];
  /** Recent training losses of the run in progress. */
  tail: number[][];
  finals: SeedResult[];
}

const ROLE = ['baseline', 'other', 'method'] as const;
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

/** The claim: normalised SA ends with a lower training loss than softmax, in every seed run. */
export function trainVerdict(finals: readonly SeedResult[]): boolean | null {
  if (finals.length === 0) return null;
  return finals.every((f) => f.tailLoss[2] < f.tailLoss[0]);
}

export function trainView(s: TrainState, p: SaTrainParams): View {
  const c = saTrainConfig(p);
  const names = SA_TRAIN_NAMES.map((n, m) => (m === 2 ? `${n} (${p.reading})` : n));
  const charts: ChartSpec[] = [
    lineChart({
      title: 'Training loss (mean over each 5 steps, log scale)',
      x: { label: 'step', domain: [0, c.steps] },
      y: { label: 'cross-entropy', type: 'log', tickFormat: '~g' },
      series: [0, 1, 2].map((m) => ({ name: names[m], role: ROLE[m], points: s.loss.filter((d) => d.values[m] > 0).map((d) => ({ x: d.step, y: d.values[m] })) })),
      height: 220,
    }),
    lineChart({
      title: `Accuracy on ${c.evalSize} held-out sets of ${p.items} items (chance = 0.25)`,
      x: { label: 'step', domain: [0, c.steps] },
      y: { label: 'accuracy', domain: [0, 1] },
      series: [0, 1, 2].map((m) => ({ name: names[m], role: ROLE[m], dots: true, points: s.evals.map((e) => ({ x: e.step, y: e.evals[m].accuracy })) })),
      yRules: [0.25],
      height: 200,
    }),
  ];
  if (p.seeds > 1)
    charts.push(
      lineChart({
        title: `Every seed: training loss over the last ${TAIL_REPORTS * c.reportEvery} steps`,
        x: { label: 'seed', ticks: s.finals.map((f) => f.seed), tickFormat: 'd' },
        y: { label: 'cross-entropy', domain: [0, Math.max(1.5, ...s.finals.flatMap((f) => f.tailLoss))] },
        series: [0, 1, 2].map((m) => ({ name: names[m], role: ROLE[m], dots: true, points: s.finals.map((f) => ({ x: f.seed, y: f.tailLoss[m] })) })),
        height: 180,
      }),
    );

  const mine = s.finals[0];
  const last = s.evals.at(-1)?.evals;
  const pair = (f: (e: RetrievalEval) => string) => (mine ? [0, 1, 2].map((m) => f(mine.evals[m])).join(' · ') : 'after a run');
  const holds = trainVerdict(s.finals);
  const rows: (number | string)[][] = [];
  for (const e of s.evals) for (let m = 0; m < 3; m++) rows.push([mine?.seed ?? '', e.step, SA_TRAIN_IDS[m], e.evals[m].accuracy, e.evals[m].loss, e.evals[m].topWeight, e.evals[m].rowSum, '']);
  for (const f of s.finals) for (let m = 0; m < 3; m++) rows.push([f.seed, c.steps, SA_TRAIN_IDS[m], f.evals[m].accuracy, f.evals[m].loss, f.evals[m].topWeight, f.evals[m].rowSum, f.tailLoss[m]]);

  return {
    charts,
    readouts: [
      { label: 'Final training loss: softmax · SA plain · SA normalised', value: mine ? mine.tailLoss.map(f3).join(' · ') : 'after a run', role: 'neutral' },
      { label: 'Held-out accuracy', value: pair((e) => f3(e.accuracy)), role: 'neutral' },
      { label: 'Mean weight on the max-priority item', value: pair((e) => f2(e.topWeight)), role: 'neutral' },
      { label: 'Mean row sum of the weights', value: pair((e) => f2(e.rowSum)), role: 'neutral' },
    ],
    claim: {
      statement: `Trained from the same start on the same batches, normalised SA-Softmax (${p.reading}) ends with a lower training loss than softmax (mean over the last ${TAIL_REPORTS * c.reportEvery} steps)${p.seeds > 1 ? ', for every seed' : ''}.`,
      holds,
      detail:
        s.finals.length === 0
          ? 'Press Train all three to measure it.'
          : s.finals.map((f) => `seed ${f.seed}: loss softmax ${f3(f.tailLoss[0])}, SA plain ${f3(f.tailLoss[1])}, SA normalised ${f3(f.tailLoss[2])}; accuracy ${f.evals.map((e) => f3(e.accuracy)).join(' / ')}`).join('; ') +
            `. Normalised SA beat softmax in ${s.finals.filter((f) => f.tailLoss[2] < f.tailLoss[0]).length} of ${s.finals.length} seed${s.finals.length > 1 ? 's' : ''}, plain SA in ${s.finals.filter((f) => f.tailLoss[1] < f.tailLoss[0]).length}.`,
    },
    table: { columns: ['seed', 'step', 'model', 'accuracy', 'eval_loss', 'weight_on_max_item', 'row_sum', 'final_train_loss'], rows },
    summary: last
      ? `After ${s.evals.at(-1)!.step} of ${c.steps} steps, held-out accuracy is ${last.map((e) => f3(e.accuracy)).join(', ')} for softmax, SA plain and SA normalised; mean weight on the max item ${last.map((e) => f2(e.topWeight)).join(', ')}.${mine ? ` Final training losses ${mine.tailLoss.map(f3).join(', ')}.` : ''}`
      : `Three copies of a one-head max-retrieval model (sets of ${p.items} items with a priority and one of 4 colours; predict the colour of the highest-priority item) will train for ${c.steps} steps from the same weights and batches, with softmax, plain SA-Softmax and normalised SA-Softmax (${p.reading} min/max) attention.`,
  };
}

export const trainSpec = defineIterative<SaTrainParams, TrainState, SaTrainDelta>({
  kind: 'iterative',
  id: 'sa-softmax-train',
  title: 'Does it train faster here? Softmax vs SA-Softmax on max retrieval',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train all three',
  params: [
    { name: 'steps', label: 'Training steps', kind: 'int', default: 300, min: 50, max: 600, step: 50, help: 'Adam, learning rate 3e-3, 32 sets per step.' },
    { name: 'items', label: 'Items per set n', kind: 'enum', default: 16, options: [8, 16, 32] },
    { name: 'reading', label: 'Normalised SA trains with min/max', kind: 'enum', default: 'detached', options: ['detached', 'through'], optionLabels: ['detached', 'differentiated through'] },
    { name: 'seeds', label: 'Seeds', kind: 'enum', default: 1, options: [1, 3], optionLabels: ['1 (this seed)', '3 (this seed and the next two; three times longer)'] },
  ],
  initial: () => ({ loss: [], evals: [], tail: [], finals: [] }),
  reduce: (s, d, p) => {
    const c = saTrainConfig(p);
    if (d.step === 0) s.tail = [];
    if (d.step > 0) {
      s.tail.push(d.trainLoss);
      if (s.tail.length > TAIL_REPORTS) s.tail.shift();
    }
    if (d.run === 0) {
      if (d.step > 0) s.loss.push({ step: d.step, values: d.trainLoss });
      if (d.eval) s.evals.push({ step: d.step, evals: d.eval.map((e) => e[0]) });
    }
    if (d.eval && d.step === c.steps) {
      const tailLoss = [0, 1, 2].map((m) => s.tail.reduce((a, t) => a + t[m], 0) / s.tail.length);
      s.finals.push({ seed: d.seed, tailLoss, evals: d.eval.map((e) => e[0]) });
    }
    return s;
  },
  view: (s, p) => trainView(s, p),
});
