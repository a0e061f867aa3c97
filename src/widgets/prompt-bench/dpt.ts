/**
 * The decomposed-prompt-tuning lesson's widget: "factorised vs full prompt". Three prompts on the
 * frozen tiny LM, same batches: the shared baseline (vanilla PT, k = 8), vanilla PT with the same k
 * as DPT (or the parameter-matched k′ = ⌊b(k+d)/d⌋), and DPT's P = A·B with bottleneck b. After the
 * run it shows the singular-value spectrum of the learned vanilla update ΔP = P_T − P_0 and of the
 * DPT prompt. The run is `runPromptBench` in `dpt.worker.ts`; no tfjs here.
 */
import { lineChart, type Series } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import type { BenchDelta, BenchSetup } from '../../labs/tiny-lm/bench';
import { dptRunParams } from '../../techniques/decomposed-prompt-tuning-run';
import { breakEvenRank, dptParams, singularValues, topEnergy, vanillaParams } from '../../techniques/decomposed-prompt-tuning';

export type DptWidgetParams = { k: number; rank: number; lr: number; steps: number; matchBudget: boolean };

export interface DptState {
  setup?: BenchSetup;
  acc: { x: number; y: number }[][];
  prompts?: NonNullable<BenchDelta['prompts']>;
}

const D = 64;
/** The claim's tolerance (brief): DPT within 5 accuracy points of vanilla PT at the same k. */
export const DPT_TOLERANCE = 0.05;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Prompt length of the comparison vanilla series. */
export const vanillaK = (p: DptWidgetParams): number => dptRunParams(p, D).vanillaK;

export const dptSpec = defineIterative<DptWidgetParams, DptState, BenchDelta>({
  kind: 'iterative',
  id: 'dpt-race',
  title: 'Factorised vs full prompt on the tiny LM (toy sentiment)',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train the three prompts',
  params: [
    { name: 'k', label: 'Prompt length k', kind: 'enum', default: 16, options: [4, 8, 16, 32] },
    { name: 'rank', label: 'Bottleneck b', kind: 'enum', default: 4, options: [1, 2, 4, 8, 12, 16] },
    { name: 'lr', label: 'Learning rate (Adam)', kind: 'number', default: 0.02, min: 0.003, max: 0.1, scale: 'log' },
    { name: 'steps', label: 'Steps', kind: 'int', default: 60, min: 20, max: 300, step: 10 },
    { name: 'matchBudget', label: 'Match budget (vanilla uses k′ = ⌊b(k+d)/d⌋ vectors)', kind: 'bool', default: false },
  ],
  initial: () => ({ acc: [] }),
  reduce(s, d) {
    if (d.setup) {
      s.setup = d.setup;
      s.acc = d.setup.methods.map(() => []);
    }
    d.methods.forEach((m, i) => {
      if (m.testAcc !== undefined) s.acc[i]?.push({ x: d.step, y: m.testAcc });
    });
    if (d.prompts) s.prompts = d.prompts;
    return s;
  },
  view: (s, p, done) => dptView(s, p, done),
});

function names(p: DptWidgetParams): string[] {
  return ['shared baseline: vanilla PT (k=8)', `vanilla PT (k=${vanillaK(p)})`, `DPT (k=${p.k}, b=${p.rank})`];
}

/** Final accuracies of vanilla (same k) and DPT, and whether they are within the tolerance. */
export function dptClaim(s: DptState): { vanilla: number; dpt: number; holds: boolean } | null {
  const v = s.acc[1]?.[s.acc[1].length - 1];
  const t = s.acc[2]?.[s.acc[2].length - 1];
  if (!v || !t || v.x !== t.x) return null;
  return { vanilla: v.y, dpt: t.y, holds: t.y >= v.y - DPT_TOLERANCE };
}

function spectrumSeries(s: DptState, p: DptWidgetParams): { ratio: Series[]; energy: Series[]; topB: string[] } {
  if (!s.prompts) return { ratio: [], energy: [], topB: [] };
  const pick = [
    { i: 1, name: 'vanilla update ΔP = P_T − P_0', role: 'baseline' as const, delta: true },
    { i: 2, name: 'DPT prompt A·B', role: 'method' as const, delta: false },
  ];
  const ratio: Series[] = [];
  const energy: Series[] = [];
  const topB: string[] = [];
  for (const q of pick) {
    const pr = s.prompts[q.i];
    if (!pr) continue;
    const m = q.delta ? pr.final.map((x, j) => x - pr.initial[j]) : pr.final;
    const sig = singularValues(m, pr.k, pr.d);
    const n = Math.min(pr.k, pr.d);
    ratio.push({ name: q.name, role: q.role, dots: true, points: sig.slice(0, n).map((x, j) => ({ x: j + 1, y: Math.max(x / sig[0], 1e-8) })) });
    let cum = 0;
    const total = sig.reduce((a, x) => a + x * x, 0);
    energy.push({ name: q.name, role: q.role, dots: true, points: sig.slice(0, n).map((x, j) => ({ x: j + 1, y: (cum += x * x) / total })) });
    topB.push(`${q.name}: top-${p.rank} energy ${pct(topEnergy(sig, p.rank))}`);
  }
  const n = Math.min(s.prompts[1]?.k ?? p.k, D);
  energy.push({ name: 'isotropic reference i / min(k, d)', role: 'reference', dashed: true, points: Array.from({ length: n }, (_, j) => ({ x: j + 1, y: (j + 1) / n })) });
  return { ratio, energy, topB };
}

export function dptView(s: DptState, p: DptWidgetParams, done: boolean): View {
  const nm = names(p);
  const roles = ['baseline', 'other', 'method'] as const;
  const accSeries: Series[] = nm.map((name, i) => ({ name, role: roles[i], dots: true, points: s.acc[i] ?? [] }));
  if (s.setup) accSeries.unshift({ name: 'chance (2 labels)', role: 'reference', dashed: true, points: [{ x: 0, y: 0.5 }, { x: p.steps, y: 0.5 }] });
  const spec = spectrumSeries(s, p);
  const charts = [lineChart({ title: 'Held-out accuracy on toy sentiment (good / bad)', x: { label: 'step', domain: [0, p.steps] }, y: { label: 'accuracy', domain: [0.3, 1], tickFormat: '%' }, series: accSeries, height: 230 })];
  if (spec.ratio.length) {
    charts.push(lineChart({ title: 'Normalised singular values σᵢ/σ₁ (log scale)', x: { label: 'index i', domain: [1, Math.min(p.k, D)] }, y: { label: 'σᵢ / σ₁', type: 'log', domain: [1e-8, 1.2], tickFormat: '~g' }, series: spec.ratio, height: 200 }));
    charts.push(lineChart({ title: 'Cumulative energy: share of Σ σⱼ² in the first i singular values', x: { label: 'index i', domain: [1, Math.min(p.k, D)] }, y: { label: 'energy', domain: [0, 1], tickFormat: '%' }, series: spec.energy, height: 200 }));
  }
  const kv = vanillaK(p);
  const readouts: NonNullable<View['readouts']> = [
    { label: 'Shared baseline: k·d', value: `8 · 64 = ${vanillaParams(8, D)}`, role: 'baseline' },
    { label: `Vanilla (k=${kv}): k·d`, value: `${kv} · 64 = ${vanillaParams(kv, D)}`, role: 'neutral' },
    { label: `DPT: b(k+d)`, value: `${p.rank} · (${p.k} + 64) = ${dptParams(p.k, p.rank, D)} (${pct(dptParams(p.k, p.rank, D) / vanillaParams(p.k, D))} of k·d)`, role: 'method' },
  ];
  if (p.rank >= breakEvenRank(p.k, D)) readouts.push({ label: 'Warning', value: `b ≥ k·d/(k+d) = ${breakEvenRank(p.k, D).toFixed(1)}: DPT is no smaller than vanilla here`, role: 'neutral' });
  for (const t of spec.topB) readouts.push({ label: 'Spectrum', value: t, role: 'neutral' });
  const c = dptClaim(s);
  const statement = `With k = ${p.k} and b = ${p.rank}, DPT trains ${dptParams(p.k, p.rank, D)} parameters against vanilla's ${vanillaParams(kv, D)} and ends within ${DPT_TOLERANCE * 100} accuracy points of it (or above).`;
  const claim: View['claim'] = c
    ? { statement, holds: done ? c.holds : null, detail: `Held-out accuracy at step ${s.acc[2][s.acc[2].length - 1].x}: vanilla ${pct(c.vanilla)}, DPT ${pct(c.dpt)} (gap ${((c.vanilla - c.dpt) * 100).toFixed(1)} points).` }
    : { statement, holds: null, detail: 'Train the prompts to measure it.' };
  const rows: (string | number)[][] = [];
  nm.forEach((name, i) => (s.acc[i] ?? []).forEach((a) => rows.push([name, a.x, a.y])));
  const summary = c
    ? `After ${p.steps} steps: vanilla PT with ${kv} vectors reaches ${pct(c.vanilla)} held-out accuracy, DPT with ${dptParams(p.k, p.rank, D)} parameters ${pct(c.dpt)}.`
    : `Three prompts (shared baseline k = 8, vanilla k = ${kv}, DPT k = ${p.k}, b = ${p.rank}) will be trained on the same batches of toy sentiment.`;
  return { charts, readouts, claim, table: { columns: ['prompt', 'step', 'held-out accuracy'], rows }, summary };
}
