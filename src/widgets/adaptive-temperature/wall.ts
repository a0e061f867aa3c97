/**
 * Widget "The 1/n wall" (instant): one item's logit is Δ above the n − 1 others. Shows its
 * softmax weight, the dispersion bound e^{Δ/θ}/n and the weight after adaptive temperature as n
 * grows, and the β(H) rule with the entropies this row reaches at n = 16, 256 and 4096.
 */
import { lineChart } from '../kit/charts';
import { defineInstant, type View } from '../kit/widget';
import { activeRange, adaptiveBeta, dispersionBound, gapRow, gapRowAdaptive, largestSharpN } from '../../techniques/adaptive-temperature';

export type WallParams = { delta: number; theta: number };

const N_MAX = 1e5;
/** 121 log-spaced sizes from 1 to 10^5, rounded to integers and deduplicated. */
export const WALL_N = Array.from({ length: 121 }, (_, i) => Math.round(10 ** ((5 * i) / 120))).filter((n, i, a) => a.indexOf(n) === i);
const MARK_N = [16, 256, 4096] as const;
const H_GRID = Array.from({ length: 241 }, (_, i) => (12 * i) / 240);
const RANGE = activeRange();
const BETA_CURVE = H_GRID.map((h) => ({ x: h, y: adaptiveBeta(h) }));

const f3 = (x: number) => (x >= 1e-3 || x === 0 ? x.toFixed(3) : x.toExponential(1));
const fmtN = (n: number) => (n >= 1e6 ? n.toExponential(1) : n.toLocaleString('en-GB'));

export function wallView(p: WallParams): View {
  const rows = WALL_N.map((n) => {
    const plain = gapRow(p.delta, 1 / p.theta, n);
    const ad = gapRowAdaptive(p.delta, p.theta, n);
    return { n, plain: plain.top, hPlain: plain.entropy, adaptive: ad.top, beta: ad.beta, bound: dispersionBound(p.delta, p.theta, n) };
  });
  const sharpPlain = largestSharpN(p.delta, p.theta);
  const firstAdBelow = rows.find((r) => r.adaptive < 0.5)?.n;
  const marks = MARK_N.map((n) => ({ n, h: gapRow(p.delta, 1 / p.theta, n).entropy }));
  const at4096 = { plain: gapRow(p.delta, 1 / p.theta, 4096).top, ad: gapRowAdaptive(p.delta, p.theta, 4096) };
  const tol = 1e-12;
  const boundHolds = rows.every((r) => r.plain <= r.bound * (1 + tol));
  // Adaptive temperature multiplies the gap by at most β_max, so it obeys the bound at θ/β_max.
  const adaptiveBoundHolds = rows.every((r) => r.adaptive <= dispersionBound(p.delta * RANGE.betaMax, p.theta, r.n) * (1 + tol));
  const boundPts = rows.filter((r) => r.bound <= 1).map((r) => ({ x: r.n, y: r.bound }));
  return {
    charts: [
      lineChart({
        title: 'Weight of the top item vs number of items (log–log)',
        x: { label: 'items n (log scale)', type: 'log', domain: [1, N_MAX], tickFormat: '~s' },
        y: { label: 'weight of the top item', type: 'log', domain: [1e-5, 1], tickFormat: '~g' },
        series: [
          { name: 'softmax', role: 'baseline', points: rows.map((r) => ({ x: r.n, y: r.plain })) },
          { name: 'adaptive temperature', role: 'method', points: rows.map((r) => ({ x: r.n, y: r.adaptive })) },
          { name: 'bound e^(Δ/θ)/n', role: 'reference', dashed: true, points: boundPts },
        ],
        yRules: [0.5],
        height: 260,
      }),
      lineChart({
        title: 'Inverse temperature β chosen from the entropy H',
        x: { label: 'entropy H of the softmax row (nats)', domain: [0, 12] },
        y: { label: 'β', domain: [0.8, 2.6] },
        series: [{ name: 'β(H) = max(poly(H), 1) for H > 0.5, else 1', role: 'method', points: BETA_CURVE }],
        rules: marks.map((m) => ({ x: m.h, label: `n=${m.n}` })),
        yRules: [1],
        height: 200,
      }),
    ],
    readouts: [
      { label: 'Softmax: top weight ≥ 0.5 up to n =', value: sharpPlain > N_MAX ? `${fmtN(sharpPlain)} (beyond the chart)` : fmtN(sharpPlain), role: 'baseline' },
      { label: 'Adaptive: top weight first below 0.5 at n ≈', value: firstAdBelow ? fmtN(firstAdBelow) : `> ${fmtN(N_MAX)}`, role: 'method' },
      { label: 'Top weight at n = 4096', value: `softmax ${f3(at4096.plain)} · adaptive ${f3(at4096.ad.top)} (β = ${at4096.ad.beta.toFixed(2)})`, role: 'neutral' },
      { label: 'The rule sharpens only for', value: `${RANGE.from.toFixed(2)} < H < ${RANGE.to.toFixed(2)} nats (largest β ${RANGE.betaMax.toFixed(2)} at H ≈ ${RANGE.atH.toFixed(1)})`, role: 'neutral' },
    ],
    claim: {
      statement:
        'With the logits spread over at most Δ, no softmax weight exceeds e^(Δ/θ)/n, so every weight goes to 0 as n grows. Adaptive temperature multiplies the logits by at most β_max, so it only moves the wall: its weights stay below e^(β_max·Δ/θ)/n.',
      holds: boundHolds && adaptiveBoundHolds,
      detail: `Checked at ${rows.length} sizes from 1 to ${fmtN(N_MAX)}. Softmax stays at or above 0.5 only while n ≤ 1 + e^(Δ/θ) = ${fmtN(sharpPlain)}. β_max = ${RANGE.betaMax.toFixed(2)}; at n = ${fmtN(N_MAX)} the top weight is ${f3(rows.at(-1)!.plain)} (softmax) and ${f3(rows.at(-1)!.adaptive)} (adaptive, β = ${rows.at(-1)!.beta.toFixed(2)}).`,
    },
    table: {
      columns: ['n', 'softmax_top_weight', 'entropy_nats', 'adaptive_beta', 'adaptive_top_weight', 'bound'],
      rows: rows.map((r) => [r.n, r.plain, r.hPlain, r.beta, r.adaptive, r.bound]),
    },
    summary: `One item's logit is ${p.delta} above the others, temperature ${p.theta}. Softmax gives it at least half the weight only up to n = ${fmtN(sharpPlain)} items; at n = 4096 it gets ${f3(at4096.plain)}, or ${f3(at4096.ad.top)} after adaptive temperature (β = ${at4096.ad.beta.toFixed(2)}). The row's entropy is ${marks.map((m) => `${m.h.toFixed(2)} at n = ${m.n}`).join(', ')}; the rule only sharpens between ${RANGE.from.toFixed(2)} and ${RANGE.to.toFixed(2)} nats.`,
  };
}

export const wallSpec = defineInstant<WallParams>({
  kind: 'instant',
  id: 'adaptive-temperature-wall',
  title: 'The 1/n wall: one clear winner among n items',
  seeded: false,
  params: [
    { name: 'delta', label: 'Logit gap Δ', kind: 'number', default: 2, min: 0, max: 10, step: 0.1, help: 'The top item has logit Δ, the other n − 1 items logit 0.' },
    { name: 'theta', label: 'Temperature θ', kind: 'number', default: 1, min: 0.05, max: 2, step: 0.05, help: 'Softmax of logits/θ; smaller is sharper.' },
  ],
  compute: (p) => wallView(p),
});
