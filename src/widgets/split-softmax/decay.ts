/**
 * "Attention decay on paper": the closed-form system-prompt share π(t) = s·e^δ/(s·e^δ + t) as the
 * dialog grows, and split-softmax's π^γ; below, one seeded attention row before and after the
 * reweighting. Pure numbers, no tfjs.
 */
import { lineChart, type Series } from '../kit/charts';
import { defineInstant, type View } from '../kit/widget';
import { createRng } from '../../core/rng';
import { lengthBelow, splitShare, splitSoftmaxRow, systemShare } from '../../techniques/split-softmax';

export type DecayParams = { s: number; delta: number; gamma: number };

/** Dialog keys in the example row. */
export const ROW_DIALOG = 24;
const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)}%`;

/** t on a log grid from 1 to 1000. */
function grid(): number[] {
  return Array.from({ length: 61 }, (_, i) => Math.round(Math.pow(10, (3 * i) / 60) * 1000) / 1000);
}

/** One attention row: s system keys with scores N(δ, 1) and ROW_DIALOG dialog keys with N(0, 1). */
export function exampleRow(p: DecayParams, seed: number): { row: number[]; isSys: boolean[] } {
  const rng = createRng(seed).fork('split-softmax/row');
  const scores = Array.from({ length: p.s + ROW_DIALOG }, (_, i) => rng.normal() + (i < p.s ? p.delta : 0));
  const mx = Math.max(...scores);
  const e = scores.map((x) => Math.exp(x - mx));
  const z = e.reduce((a, x) => a + x, 0);
  return { row: e.map((x) => x / z), isSys: scores.map((_, i) => i < p.s) };
}

export function decayView(p: DecayParams, seed: number): View {
  const ts = grid();
  const base: Series = { name: 'softmax: π(t)', role: 'baseline', points: ts.map((t) => ({ x: t, y: systemShare(p.s, t, p.delta) })) };
  const split: Series = { name: `split-softmax: π(t)^γ, γ = ${p.gamma}`, role: 'method', points: ts.map((t) => ({ x: t, y: splitShare(systemShare(p.s, t, p.delta), p.gamma) })) };
  const { row, isSys } = exampleRow(p, seed);
  const after = splitSoftmaxRow(row, isSys, p.gamma);
  const sum = (xs: number[], f: (i: number) => boolean) => xs.reduce((a, x, i) => a + (f(i) ? x : 0), 0);
  const pi = sum(row, (i) => isSys[i]);
  const pi2 = sum(after, (i) => isSys[i]);
  const total2 = sum(after, () => true);
  // Within-block ratios: the largest relative change of a_i / (block sum) between before and after.
  let ratioErr = 0;
  row.forEach((a, i) => {
    const blockBefore = isSys[i] ? pi : 1 - pi;
    const blockAfter = isSys[i] ? pi2 : 1 - pi2;
    ratioErr = Math.max(ratioErr, Math.abs(after[i] / blockAfter - a / blockBefore));
  });
  // Log-log slopes between t = 500 and t = 1000.
  const slope = (f: (t: number) => number) => Math.log(f(1000) / f(500)) / Math.log(2);
  const sBase = slope((t) => systemShare(p.s, t, p.delta));
  const sSplit = slope((t) => splitShare(systemShare(p.s, t, p.delta), p.gamma));
  const t10 = lengthBelow(0.1, p.s, p.delta);
  const t10s = lengthBelow(0.1, p.s, p.delta, p.gamma);
  const holds = Math.abs(total2 - 1) < 1e-9 && pi2 >= pi - 1e-12 && ratioErr < 1e-9 && Math.abs(sSplit - p.gamma * sBase) < 1e-9;
  const charts = [
    lineChart({
      title: 'System-prompt share of attention as the dialog grows',
      x: { label: 'dialog tokens t (log scale)', type: 'log', domain: [1, 1000], tickFormat: '~g' },
      y: { label: 'share on the system prompt', domain: [0, 1], tickFormat: '%' },
      series: [base, split],
      yRules: [0.1],
      height: 230,
    }),
    lineChart({
      title: `One attention row (${p.s} system keys, then ${ROW_DIALOG} dialog keys), before and after`,
      x: { label: 'key position', domain: [0, p.s + ROW_DIALOG - 1] },
      y: { label: 'attention weight' },
      series: [
        { name: `softmax (system block ${pct(pi)})`, role: 'baseline', dots: true, points: row.map((y, x) => ({ x, y })) },
        { name: `split-softmax (system block ${pct(pi2)})`, role: 'method', dots: true, points: after.map((y, x) => ({ x, y })) },
      ],
      height: 200,
    }),
  ];
  return {
    charts,
    readouts: [
      { label: 'π at t = 100', value: pct(systemShare(p.s, 100, p.delta)), role: 'baseline' },
      { label: 'π^γ at t = 100', value: pct(splitShare(systemShare(p.s, 100, p.delta), p.gamma)), role: 'method' },
      { label: 'Share falls below 10% at', value: `t = ${t10} (softmax) vs t = ${t10s} (split, γ = ${p.gamma})`, role: 'neutral' },
      { label: 'Example row sums', value: `${sum(row, () => true).toFixed(6)} → ${total2.toFixed(6)}`, role: 'neutral' },
    ],
    claim: {
      statement: 'Split-softmax keeps each row a distribution, never lowers the system share, keeps the proportions inside each block, and turns the 1/t decay of the share into t^(−γ).',
      holds,
      detail: `Example row: system share ${pct(pi)} → ${pct(pi2)}, row sum ${total2.toFixed(9)}, largest within-block change ${ratioErr.toExponential(1)}. Log-log slope of the share between t = 500 and 1000: ${sBase.toFixed(3)} (softmax) and ${sSplit.toFixed(3)} (split) = γ × ${sBase.toFixed(3)}.`,
    },
    table: { columns: ['t', 'pi softmax', 'pi split'], rows: ts.map((t, i) => [t, base.points[i].y, split.points[i].y]) },
    summary: `With ${p.s} system tokens and a score advantage δ = ${p.delta}, the system prompt's share falls from ${pct(systemShare(p.s, 1, p.delta))} at t = 1 to ${pct(systemShare(p.s, 1000, p.delta))} at t = 1000; split-softmax with γ = ${p.gamma} keeps ${pct(splitShare(systemShare(p.s, 1000, p.delta), p.gamma))} at t = 1000.`,
    measures: { t10, t10split: t10s, share100: systemShare(p.s, 100, p.delta), split100: splitShare(systemShare(p.s, 100, p.delta), p.gamma) },
  };
}

export const decaySpec = defineInstant<DecayParams>({
  kind: 'instant',
  id: 'split-decay',
  title: 'Attention decay on paper, and what split-softmax does to it',
  seeded: true,
  defaultSeed: 1,
  params: [
    { name: 's', label: 'System tokens s', kind: 'int', default: 8, min: 1, max: 32, step: 1 },
    { name: 'delta', label: 'Score advantage δ of system keys', kind: 'number', default: 0, min: -2, max: 4, step: 0.1 },
    { name: 'gamma', label: 'Split-softmax exponent γ', kind: 'number', default: 0.5, min: 0.05, max: 1, step: 0.05 },
  ],
  compute: (p, seed) => decayView(p, seed),
});
