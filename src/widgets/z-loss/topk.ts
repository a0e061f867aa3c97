/**
 * Widget 2 of the Z-loss lesson (iterative): cross-entropy vs Z-loss on many overlapping blobs,
 * judged by test top-k error. The run is `zLossTopKRace` in `techniques/z-loss-train.ts`, served
 * from a Web Worker; this spec folds its reports into a state and draws them. Before a run it
 * shows the data and the chance level.
 */
import { dot, text } from '@observablehq/plot';
import { customChart, lineChart, type ChartSpec, type Series } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineIterative, type Readout, type View } from '../kit/widget';
import {
  CLAIM_KS,
  TOPK_SETTING,
  TOPK_TOLERANCE,
  topKClaim,
  topKData,
  type TopKData,
  type TopKDelta,
  type TopKParams,
} from '../../techniques/z-loss-setting';

/** The reader's settings (a type literal, so it fits the kit's ParamValues). */
export type TopKWidgetParams = { classes: number; blobStd: number; a: number; b: number };

export interface TopKState {
  data: TopKData;
  rows: TopKDelta[];
}

const f3 = (x: number) => x.toFixed(3);
const pts = (x: number) => `${(100 * x).toFixed(1)}`;
const ks = Array.from({ length: TOPK_SETTING.maxK }, (_, i) => i + 1);
/** Drawn points at most in the data chart (every n-th training point beyond that). */
const MAX_DOTS = 600;

function dataChart(s: TopKState, p: TopKParams): ChartSpec {
  const { train, centres } = s.data;
  const stride = Math.ceil(train.size / MAX_DOTS);
  const points = Array.from({ length: Math.ceil(train.size / stride) }, (_, j) => ({ x: train.xs[2 * j * stride], y: train.xs[2 * j * stride + 1] }));
  const labels = Array.from({ length: p.classes }, (_, c) => ({ x: centres[2 * c], y: centres[2 * c + 1], label: String(c + 1) }));
  const e = TOPK_SETTING.extent + 3 * p.blobStd;
  const chart = customChart(
    `The data: ${p.classes} blobs (std ${p.blobStd}) with ${stride > 1 ? `every ${stride === 2 ? 'second' : `${stride}th`}` : 'every'} training point in grey and each class number at its centre`,
    {
      aspectRatio: 1,
      marginLeft: 36,
      marginTop: 12,
      x: { domain: [-e, e], label: null, ticks: 5 },
      y: { domain: [-e, e], label: null, ticks: 5 },
      marks: [
        dot(points, { x: 'x', y: 'y', r: 1.4, fill: palette.baseline, fillOpacity: 0.45 }),
        text(labels, { x: 'x', y: 'y', text: 'label', fill: 'currentColor', fontSize: 11, fontWeight: 'bold', stroke: 'var(--sl-bg)', strokeWidth: 3, paintOrder: 'stroke' }),
      ],
    },
  );
  chart.key = `data:${p.classes}:${p.blobStd}:${s.data.train.xs[0]}`;
  return chart;
}

function topKChart(s: TopKState, p: TopKParams): ChartSpec {
  const last = s.rows.at(-1);
  const chance = ks.map((k) => ({ x: k, y: Math.max(0, (p.classes - k) / p.classes) }));
  const series: Series[] = [{ name: 'chance (random ranking)', role: 'reference', dashed: true, points: chance }];
  if (last) {
    series.push({ name: 'cross-entropy', role: 'baseline', dots: true, points: ks.map((k) => ({ x: k, y: last.ce.topk[k - 1] })) });
    series.push({ name: 'Z-loss', role: 'method', dots: true, points: ks.map((k) => ({ x: k, y: last.z.topk[k - 1] })) });
  }
  return lineChart({
    title: last ? `Test top-k error after step ${last.step}` : 'Test top-k error: chance level (the networks appear when you train them)',
    x: { label: 'k', domain: [1, TOPK_SETTING.maxK], ticks: ks },
    y: { label: 'top-k error', domain: [0, 1] },
    series,
    height: 220,
  });
}

function curveChart(s: TopKState): ChartSpec {
  const line = (m: 'ce' | 'z', k: number) => s.rows.map((r) => ({ x: r.step, y: r[m].topk[k - 1] }));
  return lineChart({
    title: 'Test top-1 (solid) and top-5 (dashed) error while training',
    x: { label: 'training step', domain: [0, TOPK_SETTING.steps] },
    y: { label: 'test error', domain: [0, 1] },
    series: [
      { name: 'cross-entropy, top-1', role: 'baseline', points: line('ce', 1) },
      { name: 'cross-entropy, top-5', role: 'baseline', dashed: true, points: line('ce', 5) },
      { name: 'Z-loss, top-1', role: 'method', points: line('z', 1) },
      { name: 'Z-loss, top-5', role: 'method', dashed: true, points: line('z', 5) },
    ],
    height: 220,
  });
}

function claimOf(s: TopKState, p: TopKParams, done: boolean): View['claim'] {
  const statement = `Trained from the same weights on the same batches, the Z-loss network's test top-3 and top-5 errors are at most ${100 * TOPK_TOLERANCE} points above cross-entropy's (a = ${p.a}, b = ${p.b}, K = ${p.classes}).`;
  const c = topKClaim(s.rows.at(-1), done);
  if (c.holds === null) return { statement, holds: null, detail: 'Press Train both to train the two networks and measure it.' };
  const parts = c.errors.map((e) => `top-${e.k}: cross-entropy ${pts(e.ce)}%, Z-loss ${pts(e.z)}% (${e.z - e.ce >= 0 ? '+' : ''}${pts(e.z - e.ce)} points)`);
  return { statement, holds: c.holds, detail: `${parts.join('; ')}. Top-1 is shown for reference; one seed is noisy, so try a few.` };
}

export function topKView(s: TopKState, p: TopKParams, done: boolean): View {
  const last = s.rows.at(-1);
  const triple = (m: 'ce' | 'z') => (last ? CLAIM_KS.map((k) => f3(last[m].topk[k - 1])).join(' / ') : 'not trained yet');
  const loss = (m: 'ce' | 'z') => (last && last[m].loss !== null ? f3(last[m].loss) : '—');
  const readouts: Readout[] = [
    { label: 'Cross-entropy net: test top-1 / 3 / 5 error', value: triple('ce'), role: 'baseline' },
    { label: 'Z-loss net: test top-1 / 3 / 5 error', value: triple('z'), role: 'method' },
    { label: 'Training loss (each its own loss)', value: last ? `CE ${loss('ce')} · Z ${loss('z')}` : '—', role: 'neutral' },
  ];
  const rows = s.rows.map((r) => [
    r.step,
    r.ce.loss ?? '',
    r.z.loss ?? '',
    ...CLAIM_KS.map((k) => r.ce.topk[k - 1]),
    ...CLAIM_KS.map((k) => r.z.topk[k - 1]),
  ]);
  const summary = last
    ? `After ${last.step} of ${TOPK_SETTING.steps} steps on ${p.classes} blobs (std ${p.blobStd}): test top-1/3/5 error ${triple('ce')} for cross-entropy and ${triple('z')} for the Z-loss (a = ${p.a}, b = ${p.b}). ` +
      `Chance would be ${CLAIM_KS.map((k) => f3((p.classes - k) / p.classes)).join(' / ')}.`
    : `${p.classes} overlapping Gaussian blobs (std ${p.blobStd}, centres uniform in [−4, 4]²; ${TOPK_SETTING.trainPerClass} training and ${TOPK_SETTING.testPerClass} test points per class). ` +
      `Two 2-${TOPK_SETTING.hidden}-${TOPK_SETTING.hidden}-${p.classes} networks will train for ${TOPK_SETTING.steps} steps from the same weights on the same batches, one with cross-entropy and one with the Z-loss.`;
  return {
    charts: [dataChart(s, p), topKChart(s, p), curveChart(s)],
    readouts,
    claim: claimOf(s, p, done),
    table: {
      columns: ['step', 'ce_train_loss', 'zloss_train_loss', ...CLAIM_KS.map((k) => `ce_top${k}_error`), ...CLAIM_KS.map((k) => `zloss_top${k}_error`)],
      rows,
    },
    summary,
  };
}

export const topKSpec = defineIterative<TopKWidgetParams, TopKState, TopKDelta>({
  kind: 'iterative',
  id: 'z-loss-topk',
  title: 'Top-k error on overlapping blobs: cross-entropy vs Z-loss',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train both',
  params: [
    { name: 'classes', label: 'Classes K', kind: 'enum', default: 20, options: [10, 20, 50] },
    { name: 'blobStd', label: 'Blob std', kind: 'number', default: 1, min: 0.5, max: 2, step: 0.1, help: 'Larger = more overlap between neighbouring classes.' },
    { name: 'a', label: 'Z-loss sharpness a', kind: 'number', default: 1, min: 0.05, max: 20, scale: 'log' },
    { name: 'b', label: 'Z-loss offset b', kind: 'number', default: 1, min: 0, max: 8, step: 0.1, help: 'The target can sit at most √(K − 1) standard deviations above the mean: 3, 4.36 or 7 for K = 10, 20, 50.' },
  ],
  initial: (p, seed) => ({ data: topKData(p, seed), rows: [] }),
  reduce: (s, d) => {
    s.rows.push(d);
    return s;
  },
  view: (s, p, done) => topKView(s, p, done),
});
