/**
 * Widget "Where does the gradient go?" (instant): six editable scores. Shows the weights under
 * softmax, plain SA-Softmax (z·s) and normalised SA-Softmax, and sweeps key 1's score to show its
 * own gradient ∂w_1/∂z_1 vanishing under softmax as key 1 takes over, but not under z·s. The
 * normalised variant's gradient has two readings (min/max detached or differentiated through):
 * a toggle picks the one drawn, and the readouts give both.
 */
import { barY, gridY, ruleY, text } from '@observablehq/plot';
import { jacobianCells, jacobianChart } from '../kit/jacobian-chart';
import { customChart, lineChart, type ChartSpec } from '../kit/charts';
import { colorFor, palette } from '../kit/palette';
import { defineInstant, type View } from '../kit/widget';
import { maskedSoftmax, saJacobian, saRow, selfDerivative, type SaVariant } from '../../techniques/sa-softmax';

export const GRAD_DEFAULT = [3, 1, 0.5, 0, -0.5, -1] as const;
const N = GRAD_DEFAULT.length;
/** Below this, |∂w/∂z| is drawn at the floor of the log axis. */
const FLOOR = 1e-6;
/** "Key 1 dominates" means softmax gives it at least this weight. */
export const DOMINANT = 0.99;

export type GradParams = Record<`z${number}`, number> & { reading: 'detached' | 'through' };

const fmt = (x: number) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(1) : x.toFixed(3));
const normVariant = (p: GradParams): SaVariant => (p.reading === 'through' ? 'norm-through' : 'norm-detached');
const readingName = (r: GradParams['reading']) => (r === 'through' ? 'min/max differentiated through' : 'min/max detached');

export interface SweepPoint {
  z1: number;
  s1: number;
  softmax: number;
  plain: number;
  detached: number;
  through: number;
}

function derivatives(z: number[]): SweepPoint {
  return {
    z1: z[0],
    s1: maskedSoftmax(z)[0],
    softmax: selfDerivative('softmax', z, 0),
    plain: selfDerivative('plain', z, 0),
    detached: selfDerivative('norm-detached', z, 0),
    through: selfDerivative('norm-through', z, 0),
  };
}

/** Key 1's score from −2 up to 8 above the largest other score (at least 12), in steps of 0.05. */
export function sweep(z: number[]): SweepPoint[] {
  const hi = Math.max(12, Math.max(...z.slice(1)) + 8);
  const out: SweepPoint[] = [];
  for (let k = 0; -2 + k * 0.05 <= hi + 1e-9; k++) out.push(derivatives([-2 + k * 0.05, ...z.slice(1)]));
  return out;
}

function weightsChart(z: number[], w: Record<string, Float64Array>, normLabel: string): ChartSpec {
  const fns = ['softmax', 'SA plain', normLabel];
  const fill = [palette.baseline, colorFor('other', 0), palette.method];
  const rows = z.flatMap((_, i) => fns.map((fn, k) => ({ key: `k${i + 1}`, fn, w: w[fn][i], k })));
  const all = rows.map((r) => r.w);
  return customChart(
    'Weight on each key (SA plain may exceed 1 or go negative)',
    {
      height: 220,
      marginLeft: 44,
      marginTop: 18,
      fx: { domain: z.map((_, i) => `k${i + 1}`), label: null, padding: 0.15 },
      x: { domain: fns, axis: null, padding: 0.05 },
      y: { label: 'weight', domain: [Math.min(0, ...all) * 1.1, Math.max(0.2, ...all) * 1.1], labelAnchor: 'top', labelArrow: 'up' },
      marks: [gridY({ stroke: palette.grid, strokeOpacity: 1 }), ...fns.map((_, k) => barY(rows.filter((r) => r.k === k), { fx: 'key', x: 'fn', y: 'w', fill: fill[k] })), ruleY([0])],
    },
    fns.map((name, k) => ({ name, color: fill[k] })),
  );
}

/** Jacobian of normalised SA under the chosen reading, as a signed heatmap with the values written in. */
function saJacobianChart(z: number[], J: Float64Array, reading: GradParams['reading']): ChartSpec {
  const keys = z.map((_, i) => `k${i + 1}`);
  const cells = jacobianCells(J, keys);
  return jacobianChart(`Normalised SA Jacobian ∂w_i/∂z_j, min/max ${reading} (colour: sign; depth: √size)`, cells, keys, {
    extraMarks: [text(cells.filter((c) => Math.abs(c.g) >= 0.005), { x: 'j', y: 'i', text: (c: { g: number }) => c.g.toFixed(2), fill: 'currentColor', fontSize: 9 })],
  });
}

export function gradView(p: GradParams): View {
  const z = Array.from({ length: N }, (_, i) => Number(p[`z${i + 1}`]));
  const nv = normVariant(p);
  const normLabel = `SA normalised`;
  const w = { softmax: saRow('softmax', z), 'SA plain': saRow('plain', z), [normLabel]: saRow(nv, z) };
  const here = derivatives(z);
  const sw = sweep(z);
  const pick = (d: SweepPoint) => (p.reading === 'through' ? d.through : d.detached);
  const pts = (f: (d: SweepPoint) => number) => sw.map((d) => ({ x: d.z1, y: Math.max(FLOOR, Math.abs(f(d))) }));
  const sweepChart = lineChart({
    title: `Key 1's own gradient |∂w₁/∂z₁| as its score z₁ grows (other scores fixed; log scale)`,
    x: { label: 'score of key 1, z₁' },
    y: { label: '|∂w₁/∂z₁|', type: 'log', domain: [FLOOR, 20], tickFormat: '~g' },
    series: [
      { name: 'softmax', role: 'baseline', points: pts((d) => d.softmax) },
      { name: 'SA plain', role: 'other', points: pts((d) => d.plain) },
      { name: `SA normalised (${readingName(p.reading)})`, role: 'method', points: pts(pick) },
    ],
    rules: [{ x: z[0], label: 'now' }],
    height: 240,
  });

  // The claim: the first sweep point where softmax gives key 1 at least 0.99.
  const dom = sw.find((d) => d.s1 >= DOMINANT);
  const holds = dom ? dom.softmax < 0.01 && dom.plain > 0.9 && Math.abs(dom.through - dom.softmax) < 1e-4 && dom.detached > dom.softmax : null;
  const sumOf = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

  return {
    charts: [weightsChart(z, w, normLabel), sweepChart, saJacobianChart(z, saJacobian(nv, z), p.reading)],
    readouts: [
      { label: 'Softmax weight on key 1, s₁', value: fmt(here.s1), role: 'neutral' },
      { label: '∂w₁/∂z₁ softmax = s₁(1 − s₁)', value: fmt(here.softmax), role: 'baseline' },
      { label: '∂w₁/∂z₁ SA plain', value: fmt(here.plain), role: 'neutral' },
      { label: '∂w₁/∂z₁ SA normalised, min/max detached', value: fmt(here.detached), role: p.reading === 'detached' ? 'method' : 'neutral' },
      { label: '∂w₁/∂z₁ SA normalised, through min/max', value: fmt(here.through), role: p.reading === 'through' ? 'method' : 'neutral' },
      { label: 'Row sums: softmax · SA plain · SA normalised', value: `${fmt(sumOf(w.softmax))} · ${fmt(sumOf(w['SA plain']))} · ${fmt(sumOf(w[normLabel]))}`, role: 'neutral' },
    ],
    claim: {
      statement: `Once key 1 dominates (softmax weight ≥ ${DOMINANT}), its own gradient is below 0.01 under softmax but above 0.9 under SA plain; for normalised SA it equals softmax's when min/max are differentiated through, and larger than softmax's when they are detached.`,
      holds,
      detail: dom
        ? `Key 1 first reaches s₁ ≥ ${DOMINANT} at z₁ = ${dom.z1.toFixed(2)} (s₁ = ${dom.s1.toFixed(4)}): ∂w₁/∂z₁ is ${fmt(dom.softmax)} (softmax), ${fmt(dom.plain)} (SA plain), ${fmt(dom.through)} (normalised, through) and ${fmt(dom.detached)} (normalised, detached).`
        : 'Key 1 never reaches that weight in the swept range.',
    },
    table: {
      columns: ['key', 'score', 'softmax', 'sa_plain', 'sa_normalised', 'd_self_softmax', 'd_self_sa_plain', 'd_self_norm_detached', 'd_self_norm_through'],
      rows: z.map((x, k) => [`k${k + 1}`, x, w.softmax[k], w['SA plain'][k], w[normLabel][k], selfDerivative('softmax', z, k), selfDerivative('plain', z, k), selfDerivative('norm-detached', z, k), selfDerivative('norm-through', z, k)]),
    },
    summary: `Scores ${z.map((x) => x.toFixed(1)).join(', ')}. Softmax gives key 1 weight ${fmt(here.s1)}; its own gradient is ${fmt(here.softmax)} under softmax, ${fmt(here.plain)} under SA plain, ${fmt(here.detached)} under normalised SA with min/max detached and ${fmt(here.through)} through min/max. The sweep shows the softmax gradient falling towards 0 as z₁ grows while SA plain's tends to 1.`,
  };
}

export const gradSpec = defineInstant<GradParams>({
  kind: 'instant',
  id: 'sa-softmax-gradient',
  title: 'Where does the gradient go?',
  seeded: false,
  params: [
    ...GRAD_DEFAULT.map((d, i) => ({ name: `z${i + 1}`, label: `Score z${i + 1}${i === 0 ? ' (the key we follow)' : ''}`, kind: 'number' as const, default: d, min: i === 0 ? -2 : -4, max: i === 0 ? 12 : 6, step: 0.1 })),
    {
      name: 'reading',
      label: 'Normalised SA: gradient of min/max',
      kind: 'enum',
      default: 'detached',
      options: ['detached', 'through'],
      optionLabels: ['detached (constants)', 'differentiated through'],
      help: 'Whether a = min(z_min, 0) and b = max(z_max, 0) count as constants when differentiating.',
    },
  ],
  compute: (p) => gradView(p),
});
