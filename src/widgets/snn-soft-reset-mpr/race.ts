/**
 * Widget 3: train a tiny SNN (iterative). The run is `snnResetRace` in
 * `techniques/snn-soft-reset-mpr-train.ts`, served from a Web Worker: a hard-reset and a
 * soft-reset spiking MLP trained from the same weights on the same batches. This spec folds the
 * reports into a state and draws test accuracy and decision regions. Before a run it shows the data.
 */
import { dot, rect, type Markish } from '@observablehq/plot';
import { customChart, lineChart, type ChartSpec, type LegendItem } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineIterative, type Readout, type View } from '../kit/widget';
import {
  CLAIM_MARGIN,
  FINAL_WINDOW,
  GRID_EXTENT,
  GRID_N,
  SNN_RUN_DEFAULTS,
  finalAccuracy,
  snnData,
  type SnnData,
} from '../../techniques/snn-soft-reset-mpr-data';
import type { SnnDelta } from '../../techniques/snn-soft-reset-mpr-train';

export type RaceParams = { T: number; mpr: boolean; k: number };

interface Row {
  step: number;
  hardAcc: number;
  softAcc: number;
  hardLoss: number | null;
  softLoss: number | null;
}

export interface RaceState {
  data: SnnData;
  rows: Row[];
  last: SnnDelta | null;
  /** The report whose decision regions are drawn: refreshed every REGIONS_EVERY steps and at the end. */
  regions: SnnDelta | null;
}

/** Decision regions change slowly; redrawing them every 50 steps keeps the page responsive. */
const REGIONS_EVERY = 50;

const CLASS_COLORS = palette.others.slice(0, 3);
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const softName = (p: RaceParams) => (p.mpr ? `soft reset + MPR (k = ${p.k})` : 'soft reset');

/** Decision regions of both networks side by side (facets), with the training points on top. */
function regionsChart(s: RaceState, p: RaceParams, done: boolean): ChartSpec {
  const models = ['hard reset', softName(p)];
  const w = (2 * GRID_EXTENT) / GRID_N;
  const marks: Markish[] = [];
  const shown = s.regions;
  if (shown) {
    const grids = [shown.hardGrid, shown.softGrid];
    // One rectangle per run of equal predictions along a grid row (far fewer SVG elements than cells).
    const cells: { model: string; c: number; x1: number; x2: number; y1: number; y2: number }[] = [];
    grids.forEach((g, m) => {
      for (let j = 0; j < GRID_N; j++) {
        let start = 0;
        for (let i = 1; i <= GRID_N; i++) {
          if (i < GRID_N && g[j * GRID_N + i] === g[j * GRID_N + start]) continue;
          const y1 = -GRID_EXTENT + j * w;
          cells.push({ model: models[m], c: g[j * GRID_N + start], x1: -GRID_EXTENT + start * w, x2: -GRID_EXTENT + i * w, y1, y2: y1 + w });
          start = i;
        }
      }
    });
    CLASS_COLORS.forEach((color, c) =>
      marks.push(rect(cells.filter((d) => d.c === c), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fx: 'model', fill: color, fillOpacity: 0.3 })),
    );
  }
  const { train } = s.data;
  // Every second training point, and none while training runs: hundreds of SVG dots redrawn
  // several times a second would keep the page's main thread busy. They return when it is done.
  const withPoints = !shown || done;
  if (withPoints) {
    const half = Array.from({ length: Math.ceil(train.size / 2) }, (_, j) => 2 * j);
    const pts = models.flatMap((model) => half.map((i) => ({ model, c: train.labels[i], x: train.xs[2 * i], y: train.xs[2 * i + 1] })));
    CLASS_COLORS.forEach((color, c) => marks.push(dot(pts.filter((d) => d.c === c), { x: 'x', y: 'y', fx: 'model', fill: color, r: 1.6 })));
  }
  const legend: LegendItem[] = CLASS_COLORS.map((color, c) => ({ name: `class ${c + 1}`, color }));
  const chart = customChart(
    !shown
      ? 'The training data (every second point): three interleaved spirals'
      : `Decision regions at step ${shown.step}${withPoints ? ', with half of the training points' : ' (training points return when the run ends)'}`,
    {
      aspectRatio: 1,
      marginLeft: 40,
      marginTop: 24,
      x: { label: null, domain: [-GRID_EXTENT, GRID_EXTENT], ticks: 5 },
      y: { label: null, domain: [-GRID_EXTENT, GRID_EXTENT], ticks: 5 },
      fx: { label: null, domain: models, padding: 0.08 },
      marks,
    },
    legend,
  );
  // Unchanged regions are not drawn again while the run goes on (see ChartSpec.key).
  chart.key = `regions:${shown?.step ?? 'data'}:${withPoints}:${softName(p)}`;
  return chart;
}

function claimOf(s: RaceState, p: RaceParams, done: boolean): View['claim'] {
  const statement = `${softName(p)[0].toUpperCase()}${softName(p).slice(1)} finishes at least ${100 * CLAIM_MARGIN} accuracy point ahead of hard reset on the test set (final accuracy = mean of the last ${FINAL_WINDOW} measurements), from the same initial weights and batches.`;
  if (!done || s.rows.length < 2) return { statement, holds: null, detail: 'Press Train both to train the two networks and measure it.' };
  const h = finalAccuracy(s.rows.map((r) => r.hardAcc));
  const so = finalAccuracy(s.rows.map((r) => r.softAcc));
  const gap = so - h;
  return {
    statement,
    holds: gap >= CLAIM_MARGIN - 1e-9, // accuracies are multiples of 1/4500: ignore float dust
    detail: `Final test accuracy: hard reset ${pct(h)}, ${softName(p)} ${pct(so)}; difference ${gap >= 0 ? '+' : ''}${(100 * gap).toFixed(1)} points at T = ${p.T}. One seed of a small network is noisy: try a few seeds.`,
  };
}

export const raceSpec = defineIterative<RaceParams, RaceState, SnnDelta>({
  kind: 'iterative',
  id: 'snn-soft-reset-mpr-race',
  title: 'Train a tiny spiking network: hard vs soft reset',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train both',
  params: [
    { name: 'T', label: 'Time steps T', kind: 'enum', options: [2, 4, 8], default: 4 },
    { name: 'mpr', label: 'MPR on the soft-reset network', kind: 'bool', default: false, help: 'Changes only the training gradient; the forward spikes stay the same.' },
    { name: 'k', label: 'MPR steepness k', kind: 'number', min: 0.5, max: 10, step: 0.1, default: 3, help: 'Used only when MPR is on.' },
  ],
  initial: (_p, seed) => ({ data: snnData(seed), rows: [], last: null, regions: null }),
  reduce(s, d) {
    s.rows.push({ step: d.step, hardAcc: d.hardAcc, softAcc: d.softAcc, hardLoss: d.hardLoss, softLoss: d.softLoss });
    s.last = d;
    if (d.step % REGIONS_EVERY === 0 || d.step >= SNN_RUN_DEFAULTS.steps) s.regions = d;
    return s;
  },
  view(s, p, done) {
    const steps = SNN_RUN_DEFAULTS.steps;
    const accuracy = lineChart({
      title: 'Test accuracy while training (900 held-out points)',
      x: { label: 'training step', domain: [0, steps] },
      y: { label: 'test accuracy', domain: [0, 1], tickFormat: '%' },
      series: [
        { name: 'hard reset', role: 'baseline', points: s.rows.map((r) => ({ x: r.step, y: r.hardAcc })) },
        { name: softName(p), role: 'method', points: s.rows.map((r) => ({ x: r.step, y: r.softAcc })) },
      ],
      yRules: [1 / 3],
      height: 220,
    });
    const last = s.last;
    const readouts: Readout[] = last
      ? [
          { label: `Test accuracy at step ${last.step}, hard reset`, value: pct(last.hardAcc), role: 'baseline' },
          { label: `Test accuracy at step ${last.step}, ${softName(p)}`, value: pct(last.softAcc), role: 'method' },
          { label: 'Firing rate of the hidden layers, hard', value: last.hardRates.map((r) => r.toFixed(2)).join(' · '), role: 'baseline' },
          { label: 'Firing rate of the hidden layers, soft', value: last.softRates.map((r) => r.toFixed(2)).join(' · '), role: 'method' },
        ]
      : [{ label: 'Status', value: 'not trained yet', role: 'neutral' }];
    if (done && s.rows.length > 1) {
      const gap = finalAccuracy(s.rows.map((r) => r.softAcc)) - finalAccuracy(s.rows.map((r) => r.hardAcc));
      readouts.push({ label: `Final gap, soft − hard (last ${FINAL_WINDOW} measurements)`, value: `${gap >= 0 ? '+' : ''}${(100 * gap).toFixed(1)} points`, role: 'neutral' });
    }
    const f = (v: number | null) => (v === null ? '' : Number(v.toFixed(4)));
    return {
      charts: [accuracy, regionsChart(s, p, done)],
      readouts,
      claim: claimOf(s, p, done),
      table: {
        columns: ['step', 'test accuracy, hard reset', `test accuracy, ${softName(p)}`, 'train loss, hard', 'train loss, soft'],
        rows: s.rows.map((r) => [r.step, r.hardAcc, r.softAcc, f(r.hardLoss), f(r.softLoss)]),
      },
      summary: last
        ? `Two 2-8-8-3 spiking networks with T = ${p.T} time steps, trained from the same initial weights on the same batches. At step ${last.step}, test accuracy is ${pct(last.hardAcc)} with hard reset and ${pct(last.softAcc)} with ${softName(p)}. The second chart shades each network's predicted class over the plane.`
        : `Three interleaved spirals, ${s.data.train.size} training and ${s.data.test.size} test points. Press Train both to train a hard-reset and a ${softName(p)} spiking network (2-8-8-3, T = ${p.T}) side by side for ${steps} steps.`,
    };
  },
});
