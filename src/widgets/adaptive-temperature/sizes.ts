/**
 * Widget "Train at 16, test at 4096" (iterative): the worker (`sizes.worker.ts` →
 * techniques/adaptive-temperature-run) trains one softmax max-retrieval model, then evaluates it
 * on larger sets with softmax, adaptive temperature and a fixed β swapped in. This spec folds the
 * messages into curves and the claim check. It imports no tfjs.
 */
import { lineChart, type ChartSpec, type Series } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import { SIZE_RUN, VARIANT_IDS, evalSets, evalSizesFor, type SizeDelta, type SizeEval, type SizeRunParams } from '../../techniques/adaptive-temperature-config';
import { ACC_TOLERANCE, ATTN_RATIO, MAX_CHECKED_N, SIZE_FACTOR, sizeVerdict } from '../../techniques/adaptive-temperature-claim';

export interface SizeState {
  loss: { step: number; loss: number }[];
  evals: SizeEval[];
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

function variantSeries(evals: SizeEval[], fixedBeta: number, pick: (e: SizeEval, v: number) => number): Series[] {
  const names = ['softmax', 'adaptive temperature', `fixed β = ${fixedBeta}`];
  const roles = ['baseline', 'method', 'other'] as const;
  return VARIANT_IDS.map((_, v) => ({ name: names[v], role: roles[v], dashed: v === 2, dots: true, points: evals.map((e) => ({ x: e.n, y: pick(e, v) })) }));
}

function pair(e: SizeEval | undefined, f: (v: number) => string): string {
  return e ? `softmax ${f(0)} · adaptive ${f(1)} · fixed β ${f(2)}` : 'after a run';
}

export function sizesView(s: SizeState, p: SizeRunParams): View {
  const sizes = evalSizesFor(p.nTrain);
  // A little room on both sides so the first and last dots and the training-size rule stay visible.
  const N_DOMAIN: [number, number] = [sizes[0] / 1.25, sizes.at(-1)! * 1.25];
  const trainRule = [{ x: p.nTrain }];
  const ev = s.evals;
  const charts: ChartSpec[] = [
    lineChart({
      title: `Training loss on sets of ${p.nTrain} items (plain softmax)`,
      x: { label: 'step', domain: [0, p.steps] },
      y: { label: 'cross-entropy', domain: [0, 1.5] },
      series: [{ name: 'training loss', role: 'baseline', points: s.loss.map((l) => ({ x: l.step, y: l.loss })) }],
      height: 160,
    }),
    lineChart({
      title: `Attention on the max-priority item vs set size (dotted: training size ${p.nTrain})`,
      x: { label: 'items n (log scale)', type: 'log', domain: N_DOMAIN, tickFormat: '~s' },
      y: { label: 'mean weight on the max item (log scale)', type: 'log', domain: [1e-4, 1], tickFormat: '~g' },
      series: [
        ...variantSeries(ev, p.fixedBeta, (e, v) => Math.max(e.variants[v].attnOnMax, 1e-4)),
        { name: 'uniform 1/n', role: 'reference', dashed: true, points: sizes.map((n) => ({ x: n, y: 1 / n })) },
      ],
      rules: trainRule,
      height: 240,
    }),
    lineChart({
      title: 'Accuracy vs set size (chance = 0.25)',
      x: { label: 'items n (log scale)', type: 'log', domain: N_DOMAIN, tickFormat: '~s' },
      y: { label: 'accuracy', domain: [0, 1] },
      series: variantSeries(ev, p.fixedBeta, (e, v) => e.variants[v].accuracy),
      rules: trainRule,
      yRules: [1 / SIZE_RUN.colours],
      height: 220,
    }),
    lineChart({
      title: 'Entropy of the attention (nats) and β picked by adaptive temperature',
      x: { label: 'items n (log scale)', type: 'log', domain: N_DOMAIN, tickFormat: '~s' },
      y: { label: 'nats / β', domain: [0, 9] },
      series: [
        { name: 'entropy, softmax', role: 'baseline', dots: true, points: ev.map((e) => ({ x: e.n, y: e.variants[0].entropy })) },
        { name: 'entropy, adaptive', role: 'method', dots: true, points: ev.map((e) => ({ x: e.n, y: e.variants[1].entropy })) },
        { name: 'ln n (uniform)', role: 'reference', dashed: true, points: sizes.map((n) => ({ x: n, y: Math.log(n) })) },
        { name: 'mean β (adaptive)', role: 'other', dots: true, points: ev.map((e) => ({ x: e.n, y: e.betaMean })) },
      ],
      rules: trainRule,
      height: 220,
    }),
  ];

  const at = (n: number) => ev.find((e) => e.n === n);
  const verdict = sizeVerdict(ev, p.nTrain);
  const done = ev.length === sizes.length;
  const lo = SIZE_FACTOR * p.nTrain;
  const e64 = at(64);
  const e1024 = at(1024);
  const eTrain = at(p.nTrain);
  const eLast = ev.at(-1);
  return {
    charts,
    readouts: [
      { label: `Accuracy at n = ${p.nTrain} (training size)`, value: pair(eTrain, (v) => f3(eTrain!.variants[v].accuracy)), role: 'neutral' },
      { label: 'Accuracy at n = 64', value: pair(e64, (v) => f3(e64!.variants[v].accuracy)), role: 'neutral' },
      { label: 'Attention on the max item at n = 64', value: pair(e64, (v) => f3(e64!.variants[v].attnOnMax)), role: 'neutral' },
      { label: 'Attention on the max item at n = 1024', value: pair(e1024, (v) => f3(e1024!.variants[v].attnOnMax)), role: 'neutral' },
      { label: `β picked at n = ${eLast?.n ?? 4096} (mean, range)`, value: eLast ? `${f2(eLast.betaMean)} (${f2(eLast.betaMin)}–${f2(eLast.betaMax)})` : 'after a run', role: 'method' },
    ],
    claim: {
      statement: `Swapped in after training, adaptive temperature puts at least ${ATTN_RATIO}× as much attention on the max item as softmax at every evaluated size from ${lo} to ${MAX_CHECKED_N}, and costs at most ${ACC_TOLERANCE} accuracy at the training size.`,
      holds: done ? verdict.holds : null,
      detail: done
        ? `Ratio adaptive/softmax: ${verdict.ratios.map((r) => `${f2(r.ratio)} at n = ${r.n}`).join(', ')}. Accuracy change at n = ${p.nTrain}: ${verdict.accDeltaAtTrain >= 0 ? '+' : ''}${f3(verdict.accDeltaAtTrain)}.`
        : 'Press Train and test to measure it.',
    },
    table: {
      columns: ['n', 'sets', ...VARIANT_IDS.flatMap((id) => [`${id}_accuracy`, `${id}_attn_on_max`, `${id}_entropy`]), 'adaptive_beta_mean', 'adaptive_beta_min', 'adaptive_beta_max'],
      rows: ev.map((e) => [e.n, e.sets, ...e.variants.flatMap((v) => [v.accuracy, v.attnOnMax, v.entropy]), e.betaMean, e.betaMin, e.betaMax]),
    },
    summary: done
      ? `Trained for ${p.steps} steps on sets of ${p.nTrain} items. Attention on the max item falls from ${f3(eTrain?.variants[0].attnOnMax ?? NaN)} at n = ${p.nTrain} to ${f3(eLast!.variants[0].attnOnMax)} at n = ${eLast!.n} with softmax, and from ${f3(eTrain?.variants[1].attnOnMax ?? NaN)} to ${f3(eLast!.variants[1].attnOnMax)} with adaptive temperature. Accuracy at n = ${eLast!.n}: ${f3(eLast!.variants[0].accuracy)} (softmax), ${f3(eLast!.variants[1].accuracy)} (adaptive); chance is 0.25.`
      : `A max-retrieval model (MLP encoder, one softmax attention head with a learned query, MLP readout, width ${SIZE_RUN.dModel}) will train for ${p.steps} steps on sets of ${p.nTrain} items, then be tested on sets of ${sizes.join(', ')} items (${sizes.map(evalSets).join(', ')} sets per size) with softmax, adaptive temperature and a fixed β = ${p.fixedBeta}.`,
  };
}

export const sizesSpec = defineIterative<SizeRunParams, SizeState, SizeDelta>({
  kind: 'iterative',
  id: 'adaptive-temperature-sizes',
  title: 'Train at 16 items, test at 4096',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train and test',
  params: [
    { name: 'nTrain', label: 'Training set size n_train', kind: 'enum', default: 16, options: [8, 16, 32] },
    { name: 'steps', label: 'Training steps', kind: 'int', default: 300, min: 100, max: 600, step: 50, help: 'Adam, learning rate 3e-3, 32 sets per step.' },
    { name: 'fixedBeta', label: 'Fixed β (third variant)', kind: 'number', default: 2, min: 1, max: 5, step: 0.1, help: 'softmax(β·scores) with the same β for every set size.' },
  ],
  initial: () => ({ loss: [], evals: [] }),
  reduce: (s, d) => {
    if (d.trainLoss !== undefined) s.loss.push({ step: d.step, loss: d.trainLoss });
    if (d.eval) s.evals.push(d.eval);
    return s;
  },
  view: (s, p) => sizesView(s, p),
});
