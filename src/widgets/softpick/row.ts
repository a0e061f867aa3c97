/**
 * Widget "Same scores, two normalisers" (instant): eight editable scores, a shift added to all of
 * them and a causal-style mask of the last keys. Shows softmax and softpick side by side, their
 * row sums and exact zeros, and the softpick Jacobian (the gradient still reaches keys with
 * negative scores, which get zero weight).
 */
import { barY, gridY, ruleY, text } from '@observablehq/plot';
import { jacobianCells, jacobianChart, negativeColor } from '../kit/jacobian-chart';
import { customChart, type ChartSpec } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineInstant, type View } from '../kit/widget';
import { softmaxRow, softpickJacobian, softpickRow } from '../../techniques/softpick';

export const ROW_DEFAULT = [1, 2, -1, 0.5, -2, 0, -0.5, 1.5] as const;
const N = ROW_DEFAULT.length;

export type RowParams = Record<`x${number}`, number> & { shift: number; masked: number };

const f3 = (x: number) => (Math.abs(x) < 5e-4 && x !== 0 ? x.toExponential(1) : x.toFixed(3));

export interface RowResult {
  scores: number[];
  mask: number[];
  softmax: Float64Array;
  softpick: Float64Array;
  jacobian: Float64Array;
}

export function rowResult(p: RowParams): RowResult {
  const scores = Array.from({ length: N }, (_, i) => Number(p[`x${i + 1}`]) + p.shift);
  const mask = Array.from({ length: N }, (_, i) => (i < N - p.masked ? 1 : 0));
  return { scores, mask, softmax: softmaxRow(scores, mask), softpick: softpickRow(scores, mask), jacobian: softpickJacobian(scores, mask) };
}

function barsChart(r: RowResult): ChartSpec {
  const rows = r.scores.flatMap((_, i) => [
    { key: `k${i + 1}`, fn: 'softmax', w: r.softmax[i], masked: r.mask[i] === 0 },
    { key: `k${i + 1}`, fn: 'softpick', w: r.softpick[i], masked: r.mask[i] === 0 },
  ]);
  const keys = r.scores.map((_, i) => `k${i + 1}`);
  const zeros = rows.filter((d) => d.fn === 'softpick' && d.w === 0 && !d.masked);
  const masked = keys.filter((_, i) => r.mask[i] === 0);
  return customChart(
    'Weight on each key (masked keys: no bar)',
    {
      height: 230,
      marginLeft: 44,
      marginTop: 18,
      fx: { domain: keys, label: null, padding: 0.15 },
      x: { domain: ['softmax', 'softpick'], axis: null, padding: 0.05 },
      y: { label: 'weight', domain: [0, Math.max(0.2, ...r.softmax, ...r.softpick) * 1.1], labelAnchor: 'top', labelArrow: 'up' },
      marks: [
        gridY({ stroke: palette.grid, strokeOpacity: 1 }),
        barY(rows.filter((d) => d.fn === 'softmax'), { fx: 'key', x: 'fn', y: 'w', fill: palette.baseline }),
        barY(rows.filter((d) => d.fn === 'softpick'), { fx: 'key', x: 'fn', y: 'w', fill: palette.method }),
        text(zeros, { fx: 'key', x: 'fn', y: 0, text: () => '0', dy: -6, fill: palette.method, fontSize: 10 }),
        text(masked.map((key) => ({ key })), { fx: 'key', frameAnchor: 'bottom', text: () => 'masked', dy: -4, fill: palette.muted, fontSize: 9 }),
        ruleY([0]),
      ],
    },
    [
      { name: 'softmax', color: palette.baseline },
      { name: 'softpick ("0" = exactly zero)', color: palette.method },
    ],
  );
}

function softpickJacobianChart(r: RowResult): ChartSpec {
  const keys = r.scores.map((_, i) => `k${i + 1}`);
  const negCols = keys.filter((_, j) => r.mask[j] === 1 && r.scores[j] < 0);
  return jacobianChart('Softpick Jacobian ∂weight_i/∂score_j (colour: sign; depth: √size, exact 0 = blank)', jacobianCells(r.jacobian, keys), keys, {
    height: 260,
    extraMarks: [text(negCols.map((j) => ({ j })), { x: 'j', frameAnchor: 'bottom', text: () => '<0', dy: 24, fill: negativeColor, fontSize: 10 })],
    extraLegend: [{ name: '"<0": a key with a negative score (zero weight, non-zero gradient)', color: palette.muted }],
  });
}

export function rowView(p: RowParams): View {
  const r = rowResult(p);
  const live = r.mask.reduce((a, b) => a + b, 0);
  const sum = (w: Float64Array) => w.reduce((a, b) => a + b, 0);
  const spSum = sum(r.softpick);
  const smSum = sum(r.softmax);
  const exactZeros = r.scores.filter((_, i) => r.mask[i] === 1 && r.softpick[i] === 0).length;
  const nonPositive = r.scores.filter((x, i) => r.mask[i] === 1 && x <= 0).length;
  const maskedZero = r.scores.every((_, i) => r.mask[i] === 1 || (r.softpick[i] === 0 && r.softmax[i] === 0));
  // Columns of keys with negative scores: their gradient entries (through the denominator).
  const negCols = r.scores.map((_, j) => j).filter((j) => r.mask[j] === 1 && r.scores[j] < 0);
  const negGrad = negCols.length === 0 ? 0 : Math.max(...negCols.flatMap((j) => Array.from({ length: N }, (_, i) => Math.abs(r.jacobian[i * N + j]))));
  const anyPositive = r.scores.some((x, i) => r.mask[i] === 1 && x > 0);
  const holds = spSum <= 1 + 1e-12 && Math.abs(smSum - (live > 0 ? 1 : 0)) < 1e-9 && exactZeros === nonPositive && maskedZero && (!anyPositive || negCols.length === 0 || negGrad > 0);

  return {
    charts: [barsChart(r), softpickJacobianChart(r)],
    readouts: [
      { label: 'Softmax row sum', value: f3(smSum), role: 'baseline' },
      { label: 'Softpick row sum', value: f3(spSum), role: 'method' },
      { label: 'Softpick exact zeros', value: `${exactZeros} of ${live} unmasked keys`, role: 'method' },
      { label: 'Softmax exact zeros', value: `${r.scores.filter((_, i) => r.mask[i] === 1 && r.softmax[i] === 0).length} of ${live}`, role: 'baseline' },
      { label: 'Largest |gradient| into a negative-score key', value: negCols.length ? f3(negGrad) : 'no negative scores', role: 'neutral' },
    ],
    claim: {
      statement: 'Softmax rows sum to 1; softpick rows sum to at most 1, every unmasked key with score ≤ 0 gets exactly 0, masked keys get 0 from both, and keys with negative scores still receive gradient.',
      holds,
      detail: `Row sums: softmax ${f3(smSum)}, softpick ${f3(spSum)}. ${exactZeros} softpick weights are exactly 0 for ${nonPositive} unmasked scores ≤ 0. ${
        negCols.length ? `Largest |∂weight/∂score| in a negative-score column: ${f3(negGrad)}${anyPositive ? '' : ' (every weight is 0, so there is nothing to move)'}.` : 'No negative scores in this row.'
      }`,
    },
    table: {
      columns: ['key', 'score', 'masked', 'softmax', 'softpick', 'd_softpick_d_score_self', 'sum_abs_d_softpick_d_score_column'],
      rows: r.scores.map((x, j) => [
        `k${j + 1}`,
        Number(x.toFixed(4)),
        r.mask[j] === 0 ? 'yes' : 'no',
        r.softmax[j],
        r.softpick[j],
        r.jacobian[j * N + j],
        Array.from({ length: N }, (_, i) => Math.abs(r.jacobian[i * N + j])).reduce((a, b) => a + b, 0),
      ]),
    },
    summary: `Scores ${r.scores.map((x) => x.toFixed(2)).join(', ')}${p.masked ? ` (last ${p.masked} masked)` : ''}. Softmax weights sum to ${f3(smSum)} and none is zero; softpick weights sum to ${f3(spSum)} with ${exactZeros} exact zeros, one for each unmasked score ≤ 0.`,
  };
}

export const rowSpec = defineInstant<RowParams>({
  kind: 'instant',
  id: 'softpick-row',
  title: 'Same scores, two normalisers',
  seeded: false,
  params: [
    ...ROW_DEFAULT.map((d, i) => ({ name: `x${i + 1}`, label: `Score x${i + 1}`, kind: 'number' as const, default: d, min: -4, max: 4, step: 0.1 })),
    { name: 'shift', label: 'Shift c added to every score', kind: 'number', default: 0, min: -4, max: 4, step: 0.1 },
    { name: 'masked', label: 'Mask the last keys', kind: 'int', default: 0, min: 0, max: 7, help: 'Like a causal mask: masked keys are left out of both normalisers.' },
  ],
  compute: (p) => rowView(p),
});
