/**
 * Widget "Grow a sink, then remove it" (iterative): softmax and softpick copies of one tiny
 * transformer train on the marker task in a worker (`race.worker.ts` → techniques/softpick-race).
 * This spec folds the messages into curves, the example's attention maps, per-seed results and
 * the claim check. It imports no tfjs.
 */
import { cell, text } from '@observablehq/plot';
import { customChart, lineChart, type ChartSpec } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineIterative, type View } from '../kit/widget';
import { markerEvalBatch, sequenceValues, type MarkerEval, type MarkerExample } from '../../labs/attention/marker-run';
import { RACE_MODEL_IDS, raceConfig, type RaceDelta, type SoftpickRaceParams } from '../../techniques/softpick-race-config';
import { raceVerdict, SPARSITY_MARGIN, MIN_ACCURACY } from '../../techniques/softpick-claim';

export interface RaceState {
  loss: { step: number; values: number[] }[];
  evals: { step: number; evals: MarkerEval[] }[];
  /** Example sequence (values, −1 = BOS) and its marker position: known before training. */
  values: number[];
  markerAt: number;
  example?: MarkerExample;
  /** Final evaluation of every finished seed pair. */
  finals: { seed: number; evals: MarkerEval[] }[];
}

const NAMES = ['softmax', 'softpick'];
const ROLE = ['baseline', 'method'] as const;
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${Math.round(x * 100)}%`;

function tokenLabel(v: number, t: number, markerAt: number): string {
  if (t === 0) return 'BOS';
  return `${v}${t === markerAt ? '*' : ''}`;
}

function mapsChart(s: RaceState, L: number): ChartSpec {
  const labels = s.values.map((v, t) => tokenLabel(v, t, s.markerAt));
  const keyOf = (t: number) => `${t}:${labels[t]}`;
  const domain = labels.map((_, t) => keyOf(t));
  const cells: { model: string; head: string; q: string; k: string; w: number }[] = [];
  const ex = s.example;
  for (let m = 0; m < 2; m++)
    for (let h = 0; h < 2; h++)
      for (let q = 0; q < L; q++)
        for (let k = 0; k <= q; k++) cells.push({ model: NAMES[m], head: `head ${h + 1}`, q: keyOf(q), k: keyOf(k), w: ex ? ex.maps[m][h][q * L + k] : 0 });
  const tick = (d: string) => d.split(':')[1];
  const zeros = ex ? cells.filter((c) => c.model === 'softpick' && c.w === 0) : [];
  return customChart(
    ex ? 'Attention maps of one example after training (query ↓, key →; * = marker)' : 'Attention maps appear here after training (query ↓, key →; * = marker)',
    {
      height: 2 * (L * 15) + 70,
      marginLeft: 44,
      marginRight: 64,
      marginBottom: 34,
      fx: { label: null },
      fy: { label: null },
      // Key ticks: BOS and the marker only (the query axis names every token; all would overlap on a phone).
      x: { domain, ticks: domain.filter((_, t) => t === 0 || t === s.markerAt), tickFormat: tick, label: 'key', labelAnchor: 'right', tickSize: 0 },
      y: { domain, tickFormat: tick, label: 'query', labelAnchor: 'top', tickSize: 0 },
      opacity: { domain: [0, 1], range: [0, 1] },
      marks: [
        cell(cells, { fx: 'head', fy: 'model', x: 'k', y: 'q', fill: palette.grid }),
        cell(cells.filter((c) => c.model === 'softmax'), { fx: 'head', fy: 'model', x: 'k', y: 'q', fill: palette.baseline, fillOpacity: 'w' }),
        cell(cells.filter((c) => c.model === 'softpick'), { fx: 'head', fy: 'model', x: 'k', y: 'q', fill: palette.method, fillOpacity: 'w' }),
        text(zeros, { fx: 'head', fy: 'model', x: 'k', y: 'q', text: () => '·', fill: palette.muted, fontSize: 9 }),
      ],
    },
    [
      { name: 'softmax weight (darker = larger)', color: palette.baseline },
      { name: 'softpick weight ("·" = exactly 0)', color: palette.method },
    ],
  );
}

function readoutsOf(e: MarkerEval[] | undefined): View['readouts'] {
  const pair = (f: (x: MarkerEval) => string) => (e ? `softmax ${f(e[0])} · softpick ${f(e[1])}` : 'after a run');
  return [
    { label: 'Accuracy (held-out batch)', value: pair((x) => f3(x.accuracy)), role: 'neutral' },
    { label: 'Sink rate (heads with mean BOS weight > 0.3)', value: pair((x) => pct(x.sinkRate)), role: 'neutral' },
    { label: 'Sparsity (causal weights ≤ 1e-5)', value: pair((x) => f2(x.sparsity)), role: 'neutral' },
    { label: 'No-op queries: weight on BOS (mean of heads)', value: pair((x) => f2(meanOf(x.noOpBos))), role: 'neutral' },
    { label: 'No-op queries: row sum (mean of heads)', value: pair((x) => f2(meanOf(x.noOpRowSum))), role: 'neutral' },
    { label: 'Hidden-state kurtosis · max |h|', value: pair((x) => `${f2(x.kurtosis)} · ${f2(x.maxAbsHidden)}`), role: 'neutral' },
  ];
}

export function raceView(s: RaceState, p: SoftpickRaceParams): View {
  const c = raceConfig(p);
  const L = c.task.length + 1;
  const charts: ChartSpec[] = [];
  const lossPts = (m: number) => s.loss.filter((d) => Number.isFinite(d.values[m])).map((d) => ({ x: d.step, y: d.values[m] }));
  charts.push(
    lineChart({
      title: 'Training loss (mean over each 5 steps, log scale)',
      x: { label: 'step', domain: [0, c.steps] },
      y: { label: 'cross-entropy', type: 'log', tickFormat: '~g' },
      series: [0, 1].map((m) => ({ name: NAMES[m], role: ROLE[m], points: lossPts(m) })),
      height: 200,
    }),
  );
  charts.push(
    lineChart({
      title: 'Mean attention on BOS per head, all queries (sink when above 0.3)',
      x: { label: 'step', domain: [0, c.steps] },
      y: { label: 'weight on BOS', domain: [0, 1] },
      series: [0, 1].flatMap((m) =>
        [0, 1].map((h) => ({ name: `${NAMES[m]} head ${h + 1}`, role: ROLE[m], dashed: h === 1, dots: true, points: s.evals.map((e) => ({ x: e.step, y: e.evals[m].bosMass[h] })) })),
      ),
      yRules: [c.sinkEps],
      height: 220,
    }),
  );
  charts.push(mapsChart(s, L));
  if (p.seeds > 1) {
    charts.push(
      lineChart({
        title: 'Every seed pair after training: sink rate',
        x: { label: 'seed', ticks: s.finals.map((f) => f.seed), tickFormat: 'd' },
        y: { label: 'sink rate', domain: [0, 1] },
        series: [0, 1].map((m) => ({ name: NAMES[m], role: ROLE[m], dots: true, points: s.finals.map((f) => ({ x: f.seed, y: f.evals[m].sinkRate })) })),
        height: 180,
      }),
    );
  }

  const mine = s.finals.find((f) => f.seed === s.finals[0]?.seed)?.evals ?? s.evals.at(-1)?.evals;
  const verdict = raceVerdict(s.finals.map((f) => f.evals));
  const claim: View['claim'] = {
    statement: `Trained from the same start on the same data, softpick's attention is sparser than softmax's (by at least ${SPARSITY_MARGIN}), both reach at least ${MIN_ACCURACY} accuracy, and softpick's sink rate is no higher than softmax's${p.seeds > 1 ? ' — for every seed' : ''}.`,
    holds: s.finals.length === 0 ? null : verdict.holds,
    detail:
      s.finals.length === 0
        ? 'Press Train both to measure it.'
        : s.finals
            .map((f) => `seed ${f.seed}: sparsity ${f2(f.evals[0].sparsity)} → ${f2(f.evals[1].sparsity)}, accuracy ${f3(f.evals[0].accuracy)} / ${f3(f.evals[1].accuracy)}, sink rate ${pct(f.evals[0].sinkRate)} → ${pct(f.evals[1].sinkRate)}`)
            .join('; ') + `. Softpick sink rate exactly 0% in ${verdict.zeroSinkSeeds} of ${s.finals.length} seed${s.finals.length > 1 ? 's' : ''}.`,
  };

  const rows: (number | string)[][] = [];
  const row = (seed: number, step: number, e: MarkerEval[]) => {
    for (let m = 0; m < 2; m++)
      rows.push([seed, step, RACE_MODEL_IDS[m], e[m].accuracy, e[m].loss, e[m].sinkRate, e[m].sparsity, e[m].bosMass[0], e[m].bosMass[1], meanOf(e[m].noOpBos), meanOf(e[m].noOpRowSum), e[m].kurtosis, e[m].maxAbsHidden]);
  };
  const seed0 = s.finals[0]?.seed;
  for (const e of s.evals) row(seed0 ?? NaN, e.step, e.evals);
  for (const f of s.finals.slice(1)) row(f.seed, c.steps, f.evals);
  const last = s.evals.at(-1);

  return {
    charts,
    readouts: readoutsOf(mine),
    claim,
    table: {
      columns: ['seed', 'step', 'model', 'accuracy', 'eval_loss', 'sink_rate', 'sparsity', 'bos_mass_head1', 'bos_mass_head2', 'noop_bos_mass', 'noop_row_sum', 'hidden_kurtosis', 'hidden_max_abs'],
      rows,
    },
    summary: last
      ? `After ${last.step} of ${c.steps} steps: accuracy softmax ${f3(last.evals[0].accuracy)}, softpick ${f3(last.evals[1].accuracy)}; sink rate ${pct(last.evals[0].sinkRate)} vs ${pct(last.evals[1].sinkRate)}; sparsity ${f2(last.evals[0].sparsity)} vs ${f2(last.evals[1].sparsity)}; on no-op queries softmax puts ${f2(meanOf(last.evals[0].noOpBos))} of its weight on BOS, softpick ${f2(meanOf(last.evals[1].noOpBos))} with rows summing to ${f2(meanOf(last.evals[1].noOpRowSum))}.`
      : `Two copies of a one-layer, two-head transformer (d = 32) will learn the marker task (BOS + ${c.task.length} tokens, marker probability ${p.markerProb}) for ${c.steps} steps from the same initial weights and batches, one with softmax attention and one with softpick. The example sequence is ${s.values.map((v, t) => tokenLabel(v, t, s.markerAt)).join(' ')}.`,
  };
}

export const raceSpec = defineIterative<SoftpickRaceParams, RaceState, RaceDelta>({
  kind: 'iterative',
  id: 'softpick-race',
  title: 'Grow a sink, then remove it: softmax vs softpick attention',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train both',
  params: [
    { name: 'steps', label: 'Training steps', kind: 'int', default: 120, min: 40, max: 400, step: 20, help: 'Adam, learning rate 5e-3, 16 sequences per step.' },
    { name: 'length', label: 'Tokens after BOS (T)', kind: 'enum', default: 12, options: [8, 12, 16] },
    { name: 'markerProb', label: 'Marker probability p', kind: 'number', default: 0.7, min: 0.2, max: 1, step: 0.05, help: 'Lower p means more sequences without a marker: more no-op queries.' },
    { name: 'seeds', label: 'Seed pairs', kind: 'enum', default: 1, options: [1, 4], optionLabels: ['1 (this seed)', '4 (this seed and the next three; four times longer)'] },
  ],
  initial: (p, seed) => {
    const c = raceConfig(p);
    const b = markerEvalBatch(c, seed);
    return { loss: [], evals: [], values: sequenceValues(b, c.task.numValues), markerAt: b.markerAt[0], finals: [] };
  },
  reduce: (s, d, p) => {
    const c = raceConfig(p);
    if (d.run === 0) {
      if (d.step > 0) s.loss.push({ step: d.step, values: d.trainLoss });
      if (d.eval) s.evals.push({ step: d.step, evals: d.eval });
      if (d.example && d.step === c.steps) s.example = d.example;
    }
    if (d.eval && d.step === c.steps) s.finals.push({ seed: d.seed, evals: d.eval });
    return s;
  },
  view: (s, p) => raceView(s, p),
});
