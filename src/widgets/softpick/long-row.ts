/**
 * Widget "One relevant key among many" (instant): a relevant key at score s and n irrelevant keys
 * at score b. Plots the weight each normaliser gives the relevant key as n grows (log axis), and
 * the score the relevant key would need for a weight of 1/2.
 */
import { lineChart } from '../kit/charts';
import { defineInstant, type View } from '../kit/widget';
import { relevantWeight, scoreForSoftmaxWeight, scoreForSoftpickWeight } from '../../techniques/softpick';

export type LongRowParams = { s: number; b: number };

/** n = 1, 2, 4, … 4096 plus a few points in between (for a smooth curve on a log axis). */
export const N_GRID = Array.from({ length: 49 }, (_, i) => Math.round(2 ** (i / 4))).filter((n, i, a) => a.indexOf(n) === i);
const CHECK_N = [16, 1024] as const;
const f3 = (x: number) => x.toFixed(3);

export function longRowView(p: LongRowParams): View {
  const rows = N_GRID.map((n) => ({ n, ...relevantWeight(p.s, p.b, n) }));
  const need = CHECK_N.map((n) => ({ n, softpick: p.b <= 0 ? scoreForSoftpickWeight(0.5, p.b, n) : NaN, softmax: scoreForSoftmaxWeight(0.5, p.b, n) }));
  const at = (n: number) => relevantWeight(p.s, p.b, n);
  const w16 = at(16);
  const w1024 = at(1024);
  const firstBelow = (k: 'softmax' | 'softpick') => rows.find((r) => r[k] < 0.5)?.n;
  const spBelow = firstBelow('softpick');
  const smBelow = firstBelow('softmax');
  const ratioSp = w16.softpick > 0 ? w1024.softpick / w16.softpick : NaN;
  return {
    charts: [
      lineChart({
        title: 'Weight on the relevant key vs number of irrelevant keys',
        x: { label: 'irrelevant keys n (log scale)', type: 'log', domain: [1, 4096], tickFormat: '~s' },
        y: { label: 'weight on the relevant key', domain: [0, 1] },
        series: [
          { name: 'softmax', role: 'baseline', points: rows.map((r) => ({ x: r.n, y: r.softmax })) },
          { name: 'softpick', role: 'method', points: rows.map((r) => ({ x: r.n, y: r.softpick })) },
        ],
        yRules: [0.5],
        height: 240,
      }),
    ],
    readouts: [
      { label: 'Weight at n = 16', value: `softmax ${f3(w16.softmax)} · softpick ${f3(w16.softpick)}`, role: 'neutral' },
      { label: 'Weight at n = 1024', value: `softmax ${f3(w1024.softmax)} · softpick ${f3(w1024.softpick)}`, role: 'neutral' },
      ...need.map((d) => ({
        label: `Score needed for weight 0.5 at n = ${d.n}`,
        value: `softmax ${d.softmax.toFixed(2)} · softpick ${Number.isFinite(d.softpick) ? d.softpick.toFixed(2) : 'n/a (b > 0)'}`,
        role: 'neutral' as const,
      })),
    ],
    claim: {
      statement:
        'Every irrelevant key adds to the denominator, relative to the relevant key: e^(b−s) under softmax, |e^b − 1|/(e^s − 1) under softpick. With these scores, softpick gives the relevant key less weight than softmax once the row is long (checked at n = 1024).',
      holds: p.s > 0 ? w1024.softpick < w1024.softmax : null,
      detail:
        p.s > 0
          ? `Per irrelevant key: softmax ${Math.exp(p.b - p.s).toExponential(2)}, softpick ${(Math.abs(Math.expm1(p.b)) / Math.expm1(p.s)).toExponential(2)} (relative to the relevant key). Weight below 0.5 from n = ${spBelow ?? '> 4096'} (softpick) and n = ${smBelow ?? '> 4096'} (softmax). From n = 16 to 1024 the softpick weight is multiplied by ${f3(ratioSp)} (exactly 1/n would be 0.016).`
          : 'With s ≤ 0 softpick gives the relevant key exactly 0: there is nothing to compare.',
    },
    table: { columns: ['n', 'softmax_weight', 'softpick_weight'], rows: rows.map((r) => [r.n, r.softmax, r.softpick]) },
    summary: `Relevant score ${p.s}, irrelevant scores ${p.b}. At n = 16 the relevant key gets ${f3(w16.softmax)} (softmax) and ${f3(w16.softpick)} (softpick); at n = 1024, ${f3(w1024.softmax)} and ${f3(w1024.softpick)}.`,
  };
}

export const longRowSpec = defineInstant<LongRowParams>({
  kind: 'instant',
  id: 'softpick-long-row',
  title: 'One relevant key among many',
  seeded: false,
  params: [
    { name: 's', label: 'Relevant score s', kind: 'number', default: 3, min: -2, max: 12, step: 0.1 },
    { name: 'b', label: 'Irrelevant score b', kind: 'number', default: -2, min: -6, max: 2, step: 0.1 },
  ],
  compute: (p) => longRowView(p),
});
