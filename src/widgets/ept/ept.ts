/**
 * The EPT lesson's widget: "shorter prompt, same budget". Vanilla PT (l = 16), the decomposition
 * alone (short prompt s + rank-r input offsets at the same 1,024 parameters) and EPT (plus fusion and
 * gated multi-space projection) on one toy task; held-out accuracy against steps, measured ms per
 * training step, parameter counts and EPT's learned gate. The run is `runEpt` in `ept.worker.ts`.
 */
import { lineChart, type Series } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import type { EptDelta, EptRunParams } from '../../techniques/ept-run';
import { decompParams, EPT_D, EPT_L, EPT_MAXLEN, eptRank, spaceParams, vanillaParams, type SpaceKind } from '../../techniques/ept';

export type EptWidgetParams = EptRunParams;

export interface EptState {
  setup?: NonNullable<EptDelta['setup']>;
  acc: { x: number; y: number }[][];
  ms: { x: number; y: number }[][];
  gate?: number[];
  timing?: number[];
}

/** The claim's tolerance (brief): EPT within 2 accuracy points of vanilla PT. */
export const EPT_TOLERANCE = 0.02;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const TASK_LABEL: Record<string, string> = { sentiment: 'toy sentiment (2 labels)', topic: 'toy topic (4 labels)', language: 'language id (8 labels)' };

export const eptSpec = defineIterative<EptWidgetParams, EptState, EptDelta>({
  kind: 'iterative',
  id: 'ept-race',
  title: 'Shorter prompt, same budget: vanilla PT vs decomposition vs EPT on the tiny LM',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train the three prompts',
  params: [
    { name: 'task', label: 'Task', kind: 'enum', default: 'sentiment', options: ['sentiment', 'topic', 'language'], optionLabels: ['sentiment', 'topic', 'language id'] },
    { name: 's', label: 'Short prompt length s (rank r follows the budget)', kind: 'enum', default: 6, options: [1, 2, 4, 6, 8, 11] },
    { name: 'fusion', label: 'EPT: prompt fusion', kind: 'bool', default: true },
    { name: 'space', label: 'EPT: multi-space projection', kind: 'enum', default: 'diagonal', options: ['off', 'diagonal', 'full'], optionLabels: ['off', 'diagonal W_j (K·d)', 'full W_j (K·d²)'] },
    { name: 'spaces', label: 'Spaces K', kind: 'enum', default: 3, options: [2, 3, 4] },
    { name: 'lr', label: 'Prompt learning rate (Adam)', kind: 'number', default: 0.02, min: 0.003, max: 0.1, scale: 'log' },
    { name: 'lrLow', label: 'Low-rank learning rate (A, B)', kind: 'number', default: 0.002, min: 0.0003, max: 0.03, scale: 'log' },
    { name: 'steps', label: 'Steps per method', kind: 'int', default: 60, min: 20, max: 200, step: 10 },
  ],
  initial: () => ({ acc: [[], [], []], ms: [[], [], []] }),
  reduce(s, d) {
    if (d.setup) s.setup = d.setup;
    if (d.method >= 0 && d.testAcc !== undefined) {
      s.acc[d.method].push({ x: d.step, y: d.testAcc });
      if (d.msPerStep !== undefined) s.ms[d.method].push({ x: d.step, y: d.msPerStep });
    }
    if (d.gate) s.gate = d.gate;
    if (d.timing) s.timing = d.timing;
    return s;
  },
  view: (s, p, done) => eptView(s, p, done),
});

/** Parameter counts of the three methods, with the formulas shown beside them. */
export function eptCounts(p: Pick<EptWidgetParams, 's' | 'space' | 'spaces'>): { vanilla: number; decomp: number; ept: number; rank: number } {
  const rank = eptRank(p.s);
  const decomp = decompParams(p.s, rank, EPT_MAXLEN, EPT_D);
  return { vanilla: vanillaParams(EPT_L, EPT_D), decomp, ept: decomp + spaceParams(p.space as SpaceKind, p.spaces, EPT_D), rank };
}

const lastOf = (xs: { x: number; y: number }[] | undefined) => xs?.[xs.length - 1];

/** Final accuracies of vanilla and EPT (same step), and whether EPT is within the tolerance. */
export function eptClaim(s: EptState): { vanilla: number; decomp: number; ept: number; holds: boolean } | null {
  const [v, de, e] = [0, 1, 2].map((i) => lastOf(s.acc[i]));
  if (!v || !de || !e || v.x !== e.x || e.x === 0) return null;
  return { vanilla: v.y, decomp: de.y, ept: e.y, holds: e.y >= v.y - EPT_TOLERANCE };
}

export function eptView(s: EptState, p: EptWidgetParams, done: boolean): View {
  const c = eptCounts(p);
  const nm = [`vanilla PT (l=${EPT_L})`, `decomposition (s=${p.s}, r=${c.rank})`, `EPT (${[p.fusion ? 'fusion' : 'no fusion', p.space === 'off' ? 'one space' : `K=${p.spaces} ${p.space}`].join(', ')})`];
  const roles = ['baseline', 'other', 'method'] as const;
  const k = s.setup?.labels.length ?? 2;
  const accSeries: Series[] = nm.map((name, i) => ({ name, role: roles[i], dots: true, points: s.acc[i] }));
  if (s.setup) accSeries.unshift({ name: `chance (${k} labels)`, role: 'reference', dashed: true, points: [{ x: 0, y: 1 / k }, { x: p.steps, y: 1 / k }] });
  const charts = [lineChart({ title: `Held-out accuracy on ${TASK_LABEL[p.task] ?? p.task}`, x: { label: 'step', domain: [0, p.steps] }, y: { label: 'accuracy', domain: [0, 1], tickFormat: '%' }, series: accSeries, height: 230 })];
  if (s.ms.some((m) => m.length)) {
    const msSeries: Series[] = nm.map((name, i) => ({ name, role: roles[i], dots: true, points: s.ms[i] }));
    charts.push(lineChart({ title: 'Median ms per training step while training (methods train one after another)', x: { label: 'step', domain: [0, p.steps] }, y: { label: 'ms / step' }, series: msSeries, height: 200 }));
  }
  const rd = (n: number) => `${n.toLocaleString('en-US')}`;
  const readouts: NonNullable<View['readouts']> = [
    { label: 'Vanilla PT: l·d', value: `${EPT_L} · 64 = ${rd(c.vanilla)}`, role: 'baseline' },
    { label: 'Decomposition: s·d + L·r + r·d', value: `${p.s}·64 + ${EPT_MAXLEN}·${c.rank} + ${c.rank}·64 = ${rd(c.decomp)}${c.decomp === c.vanilla ? ' (equal budget)' : ` (${rd(c.vanilla - c.decomp)} under budget: r rounded down)`}`, role: 'neutral' },
    { label: 'EPT: + gated spaces', value: p.space === 'off' ? `${rd(c.ept)} (fusion adds none)` : `${rd(c.decomp)} + ${p.space === 'full' ? `K·d² = ${p.spaces}·4096` : `K·d = ${p.spaces}·64`} + K·d + K = ${rd(c.ept)} (${(c.ept / c.vanilla).toFixed(2)}× vanilla)`, role: 'method' },
  ];
  const ms = s.timing;
  if (ms) {
    ms.forEach((m, i) => readouts.push({ label: `ms / step, ${['vanilla', 'decomposition', 'EPT'][i]} (interleaved)`, value: `${m.toFixed(1)} ms (prompt ${i === 0 ? EPT_L : p.s} + input)`, role: roles[i] === 'other' ? 'neutral' : roles[i], volatile: true }));
    const rel = (a: number) => (a < ms[0] ? `${(100 * (1 - a / ms[0])).toFixed(0)}% faster` : `${(100 * (a / ms[0] - 1)).toFixed(0)}% slower`);
    readouts.push({ label: 'Step time vs vanilla', value: `decomposition ${rel(ms[1])}, EPT ${rel(ms[2])}`, role: 'method', volatile: true });
  }
  if (s.gate && s.setup) readouts.push({ label: 'EPT gate g (learned)', value: s.gate.map((g) => g.toFixed(2)).join(' · '), role: 'method' });
  const cl = eptClaim(s);
  const statement = `EPT (${p.s} prompt vectors instead of ${EPT_L}) ends within ${EPT_TOLERANCE * 100} accuracy points of vanilla prompt tuning (or above) on ${p.task}.`;
  const claim: View['claim'] = cl
    ? { statement, holds: done ? cl.holds : null, detail: `Held-out accuracy at step ${lastOf(s.acc[2])!.x}: vanilla ${pct(cl.vanilla)}, decomposition ${pct(cl.decomp)}, EPT ${pct(cl.ept)} (gap ${((cl.vanilla - cl.ept) * 100).toFixed(1)} points). Step times are in the readouts above.` }
    : { statement, holds: null, detail: 'Train the prompts to measure it (the three methods train one after another).' };
  const rows: (string | number)[][] = [];
  nm.forEach((name, i) => s.acc[i].forEach((a) => rows.push([name, a.x, a.y])));
  const summary = cl
    ? `After ${p.steps} steps on ${p.task}: vanilla PT ${pct(cl.vanilla)}, decomposition ${pct(cl.decomp)}, EPT ${pct(cl.ept)} held-out accuracy; parameters ${c.vanilla}, ${c.decomp} and ${c.ept}.`
    : `Three prompts will be trained on the same batches of ${p.task}: vanilla (l = ${EPT_L}), decomposition (s = ${p.s}, r = ${c.rank}) and EPT.`;
  return { charts, readouts, claim, table: { columns: ['prompt', 'step', 'held-out accuracy'], rows }, summary };
}
