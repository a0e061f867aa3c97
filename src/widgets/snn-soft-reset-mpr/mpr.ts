/**
 * Widget 2: the membrane potential rectifier (instant, seeded). φ_k against the identity and the
 * spike, the gradient it gives in training, and the quantisation error of 20,000 potentials
 * u ~ N(μ, σ²) with and without MPR.
 */
import { rectY, ruleX, ruleY, type Markish } from '@observablehq/plot';
import { customChart, lineChart, type Point } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineInstant } from '../kit/widget';
import { createRng } from '../../core/rng';
import { FIRE_AT, histogram, mpr, quantStats, samplePotentials, surrogateGrad } from '../../techniques/snn-soft-reset-mpr';

export type MprParams = { k: number; mu: number; sigma: number };

export const MPR_SAMPLES = 20_000;
const BINS = 60;

/** Points of u ↦ f(u) on [-1, 2], with both one-sided limits at each jump, so jumps draw vertical. */
function curveWithJumps(f: (u: number) => number, jumps: number[] = [0, 1], n = 300): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i <= n; i++) {
    const u = -1 + (3 * i) / n;
    pts.push({ x: u, y: f(u) });
  }
  const eps = 1e-9;
  for (const c of jumps) pts.push({ x: c - eps, y: f(c - eps) }, { x: c + eps, y: f(c + eps) });
  return pts.sort((a, b) => a.x - b.x);
}

const f3 = (v: number) => v.toFixed(3);

export const mprSpec = defineInstant<MprParams>({
  kind: 'instant',
  id: 'snn-soft-reset-mpr-mpr',
  title: 'The membrane potential rectifier (MPR)',
  seeded: true,
  defaultSeed: 1,
  params: [
    { name: 'k', label: 'Steepness k', kind: 'number', min: 0.5, max: 10, step: 0.1, default: 3, help: 'The paper’s code uses k = 3. Small k: φ is close to the identity on [0, 1]; large k: close to a step.' },
    { name: 'mu', label: 'Mean μ of the potentials', kind: 'number', min: -0.5, max: 1.5, step: 0.05, default: 0.5 },
    { name: 'sigma', label: 'Spread σ of the potentials', kind: 'number', min: 0.05, max: 1, step: 0.05, default: 0.3 },
  ],
  compute(p, seed) {
    const k = Number(p.k);
    const mu = Number(p.mu);
    const sigma = Number(p.sigma);
    const u = samplePotentials(createRng(seed).fork('potentials'), MPR_SAMPLES, mu, sigma);
    const q = quantStats(u, k);

    const shape = lineChart({
      title: `φ_k(u) with k = ${k}`,
      x: { label: 'membrane potential u', domain: [-1, 2] },
      y: { label: 'value passed to the firing test' },
      series: [
        { name: 'identity u (no MPR)', role: 'baseline', points: [{ x: -1, y: -1 }, { x: 2, y: 2 }], dashed: true },
        { name: 'spike o = 1[u > 0.5]', role: 'reference', points: curveWithJumps((v) => (v > FIRE_AT ? 1 : 0), [FIRE_AT]) },
        { name: 'MPR φ_k(u)', role: 'method', points: curveWithJumps((v) => mpr(v, k)) },
      ],
      rules: [{ x: 0 }, { x: 0.5, label: 'threshold' }, { x: 1 }],
    });

    const grad = lineChart({
      title: 'Backward pass: the ∂o/∂u used in training',
      x: { label: 'membrane potential u', domain: [-1, 2] },
      y: { label: 'surrogate gradient' },
      series: [
        { name: 'straight-through window 1[0 ≤ u ≤ 1]', role: 'baseline', points: curveWithJumps((v) => surrogateGrad(v, null)) },
        { name: `with MPR: 1[0 ≤ u ≤ 1]·φ′_k(u)`, role: 'method', points: curveWithJumps((v) => surrogateGrad(v, k)) },
      ],
      height: 200,
    });

    const lo = Math.min(-0.5, mu - 4 * sigma);
    const hi = Math.max(1.5, mu + 4 * sigma);
    const hu = histogram(u, lo, hi, BINS);
    const hp = histogram(q.phi, lo, hi, BINS);
    const bars = (h: typeof hu) => h.counts.map((c, i) => ({ x1: lo + i * h.width, x2: lo + (i + 1) * h.width, y: c }));
    const histMarks: Markish[] = [
      ruleY([0], { stroke: palette.grid }),
      rectY(bars(hu), { x1: 'x1', x2: 'x2', y: 'y', fill: palette.baseline, fillOpacity: 0.45, insetLeft: 0.5, insetRight: 0.5 }),
      rectY(bars(hp), { x1: 'x1', x2: 'x2', y: 'y', fill: palette.method, fillOpacity: 0.45, insetLeft: 0.5, insetRight: 0.5 }),
      ruleX([0, 1], { stroke: palette.muted }),
      ruleX([FIRE_AT], { stroke: palette.muted, strokeDasharray: '4,3' }),
    ];
    const hist = customChart(
      `${MPR_SAMPLES} potentials u ~ N(${mu}, ${sigma}²) before and after MPR`,
      { height: 220, marginLeft: 52, marginTop: 18, x: { label: 'value', domain: [lo, hi], labelAnchor: 'right' }, y: { label: 'count', labelAnchor: 'top', labelArrow: 'up' }, marks: histMarks },
      [
        { name: 'u (no MPR)', color: palette.baseline },
        { name: 'φ_k(u) (MPR)', color: palette.method },
      ],
    );

    const reduction = q.plainErr > 0 ? 1 - q.mprErr / q.plainErr : 0;
    const holds = q.worse === 0 && q.spikeFlips === 0 && q.mprErr <= q.plainErr;
    return {
      charts: [shape, grad, hist],
      readouts: [
        { label: 'Mean |o − u| (no MPR)', value: f3(q.plainErr), role: 'baseline' },
        { label: 'Mean |o − φ(u)| (MPR)', value: f3(q.mprErr), role: 'method' },
        { label: 'Error removed by MPR', value: `${(100 * reduction).toFixed(1)}%`, role: 'neutral' },
        { label: 'Spikes changed by MPR', value: `${q.spikeFlips} of ${q.n}`, role: 'neutral' },
        { label: 'Share of u inside [0, 1] (gradient window open)', value: `${(100 * q.inWindow).toFixed(1)}%`, role: 'neutral' },
      ],
      claim: {
        statement: 'MPR never increases the quantisation error, |o − φ(u)| ≤ |o − u| for every sample (so also on average), and it changes no spike.',
        holds,
        detail: `Over ${q.n} samples: mean error ${f3(q.plainErr)} without MPR, ${f3(q.mprErr)} with it; ${q.worse} samples got worse; ${q.spikeFlips} spikes changed.`,
      },
      table: {
        columns: ['bin from', 'bin to', 'count of u', 'count of φ(u)'],
        rows: hu.counts.map((c, i) => [Number((lo + i * hu.width).toFixed(4)), Number((lo + (i + 1) * hu.width).toFixed(4)), c, hp.counts[i]]),
      },
      summary: `φ_k with k = ${k} pulls potentials inside [0, 1] towards 0 or 1 and squeezes those outside with a cube root; it keeps 0, 0.5 and 1 fixed. For ${q.n} potentials drawn from N(${mu}, ${sigma}²), the mean distance to the spike is ${f3(q.plainErr)} without MPR and ${f3(q.mprErr)} with it (${(100 * reduction).toFixed(1)}% less); ${q.spikeFlips === 0 ? 'no spike changes' : `${q.spikeFlips} spikes change`}. ${(100 * q.inWindow).toFixed(1)}% of the potentials lie in [0, 1], where the training gradient is non-zero.${hu.outside ? ` ${hu.outside} ${hu.outside === 1 ? 'sample falls' : 'samples fall'} outside the plotted range.` : ''}`,
    };
  },
});
