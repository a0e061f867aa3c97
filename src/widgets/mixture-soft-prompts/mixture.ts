/**
 * The mixture-of-soft-prompts lesson's widget: "ask better". On toy fact probing it compares the best
 * hard template (chosen on training subjects, never trained), one soft prompt (that template's words
 * tuned alone) and a learned mixture of soft prompts (all templates tuned jointly with weights
 * π = softmax(w)), by precision@1 on 16 held-out subjects, and plots π against steps. The run is
 * `runMixture` in `mixture.worker.ts`; no tfjs here.
 */
import { lineChart, type Series } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import type { MixtureDelta, MixtureParams, MixtureSetup } from '../../techniques/mixture-soft-prompts-run';
import { effectivePrompts } from '../../techniques/mixture-soft-prompts';

export type MixtureWidgetParams = MixtureParams;

export interface MixtureState {
  setup?: MixtureSetup;
  single: { x: number; y: number }[];
  mixture: { x: number; y: number }[];
  /** π per step: pi[t] = points of template t. */
  pi: { x: number; y: number }[][];
  components?: number[];
  msPerStep?: number;
}

/** Claim margins (brief): the mixture beats the best hard template by 10 points and is within 1 point of one soft prompt. */
export const HARD_MARGIN = 0.1;
export const SINGLE_TOLERANCE = 0.01;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const mixtureSpec = defineIterative<MixtureWidgetParams, MixtureState, MixtureDelta>({
  kind: 'iterative',
  id: 'mixture-soft-prompts',
  title: 'Ask better: hard template vs one soft prompt vs a mixture (toy fact probing)',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train the prompts',
  params: [
    { name: 'pool', label: 'Templates', kind: 'enum', default: 'weak', options: ['weak', 'all'], optionLabels: ['4 weak wordings', 'weak + 2 corpus phrasings'] },
    { name: 'steps', label: 'Steps', kind: 'int', default: 30, min: 10, max: 150, step: 10 },
    { name: 'lr', label: 'Learning rate (Adam)', kind: 'number', default: 0.02, min: 0.002, max: 0.1, scale: 'log' },
    { name: 'deep', label: 'Deep perturbation (offsets before layer 1 too)', kind: 'bool', default: false },
  ],
  initial: () => ({ single: [], mixture: [], pi: [] }),
  reduce(s, d) {
    if (d.setup) {
      s.setup = d.setup;
      s.single = [];
      s.mixture = [];
      s.pi = d.setup.templates.map(() => []);
    }
    if (d.pi) d.pi.forEach((v, t) => s.pi[t]?.push({ x: d.step, y: v }));
    if (d.test) {
      s.single.push({ x: d.step, y: d.test.single });
      s.mixture.push({ x: d.step, y: d.test.mixture });
      s.components = d.test.components;
    }
    if (d.msPerStep !== undefined) s.msPerStep = d.msPerStep;
    return s;
  },
  view: (s, p, done) => mixtureView(s, p, done),
});

/** Final held-out P@1 of the best hard template, one soft prompt and the mixture, and the verdict. */
export function mixtureClaim(s: MixtureState): { hard: number; single: number; mixture: number; holds: boolean } | null {
  const a = s.single[s.single.length - 1];
  const b = s.mixture[s.mixture.length - 1];
  if (!s.setup || !a || !b || a.x !== b.x || a.x === 0) return null;
  const hard = s.setup.templates[s.setup.best].testP1;
  const holds = b.y >= hard + HARD_MARGIN - 1e-9 && b.y >= a.y - SINGLE_TOLERANCE - 1e-9;
  return { hard, single: a.y, mixture: b.y, holds };
}

/** Spearman rank correlation (average ranks for ties), for π vs each template's hard training P@1. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const rank = (v: readonly number[]) => {
    const idx = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
      for (let m = i; m <= j; m++) r[idx[m][1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

export function mixtureView(s: MixtureState, p: MixtureWidgetParams, done: boolean): View {
  const st = s.setup;
  const charts = [];
  const accSeries: Series[] = [];
  if (st) {
    const flat = (y: number) => [{ x: 0, y }, { x: p.steps, y }];
    accSeries.push({ name: `majority colour (${pct(st.majority)})`, role: 'reference', dashed: true, points: flat(st.majority) });
    accSeries.push({ name: `best hard template "${st.templates[st.best].name}" (no training)`, role: 'baseline', dashed: true, points: flat(st.templates[st.best].testP1) });
  }
  accSeries.push({ name: 'one soft prompt (best template, tuned)', role: 'other', dots: true, points: s.single });
  accSeries.push({ name: 'mixture of soft prompts', role: 'method', dots: true, points: s.mixture });
  charts.push(lineChart({ title: 'Held-out precision@1 (16 subjects never used for tuning)', x: { label: 'step', domain: [0, p.steps] }, y: { label: 'P@1', domain: [0, 1.02], tickFormat: '%' }, series: accSeries, height: 230 }));
  if (st) {
    const piSeries: Series[] = st.templates.map((t, i) => ({ name: `π: "${t.name}"`, role: 'other', points: s.pi[i] ?? [] }));
    piSeries.push({ name: 'uniform 1/T', role: 'reference', dashed: true, points: [{ x: 0, y: 1 / st.templates.length }, { x: p.steps, y: 1 / st.templates.length }] });
    charts.push(lineChart({ title: 'Mixture weights π_t during training', x: { label: 'step', domain: [0, p.steps] }, y: { label: 'π_t', domain: [0, 1], tickFormat: '.2f' }, series: piSeries, height: 210 }));
  }
  const readouts: NonNullable<View['readouts']> = [];
  const lastPi = st ? s.pi.map((v) => v[v.length - 1]?.y ?? 1 / st.templates.length) : [];
  if (st) {
    readouts.push({ label: 'Trainable parameters', value: `one soft prompt ${st.params.single}, mixture ${st.params.mixture} (offsets at template words + ${st.templates.length} weights)`, role: 'neutral' });
    readouts.push({ label: 'Effective number of prompts exp(H(π))', value: `${effectivePrompts(lastPi).toFixed(2)} of ${st.templates.length}`, role: 'method' });
    if (done && s.mixture.length > 1) readouts.push({ label: 'Spearman(π, hard P@1 on training subjects)', value: spearman(lastPi, st.templates.map((t) => t.trainP1)).toFixed(2), role: 'neutral' });
  }
  if (s.msPerStep !== undefined) readouts.push({ label: 'Time per training step (all prompts)', value: `${s.msPerStep.toFixed(0)} ms (${st?.backend ?? ''})`, role: 'neutral', volatile: true });
  const c = mixtureClaim(s);
  const statement = `The learned mixture's held-out P@1 is at least ${HARD_MARGIN * 100} points above the best hard template's and no more than ${SINGLE_TOLERANCE * 100} point below one tuned soft prompt's.`;
  const claim: View['claim'] = c
    ? { statement, holds: done ? c.holds : null, detail: `At step ${s.mixture[s.mixture.length - 1].x}: best hard template ${pct(c.hard)}, one soft prompt ${pct(c.single)}, mixture ${pct(c.mixture)} (majority colour ${pct(st!.majority)}).` }
    : { statement, holds: null, detail: 'Train the prompts to measure it.' };
  const rows: (string | number)[][] = st ? st.templates.map((t, i) => [t.name, t.k, t.trainP1, t.testP1, +(lastPi[i] ?? 0).toFixed(4), s.components?.[i] ?? '']) : [];
  const summary = c
    ? `After ${s.mixture[s.mixture.length - 1].x} steps: best hard template ${pct(c.hard)}, one soft prompt ${pct(c.single)}, mixture ${pct(c.mixture)} precision@1 on held-out subjects.`
    : `Hard templates are scored first; then one soft prompt and a mixture of ${p.pool === 'weak' ? 4 : 6} soft prompts are tuned on 24 subjects and tested on 16 others.`;
  const measures: Record<string, number> = {};
  if (c) Object.assign(measures, { hard: c.hard, single: c.single, mixture: c.mixture });
  return { charts, readouts, claim, table: { columns: ['template', 'soft words k', 'hard P@1 (train subjects)', 'hard P@1 (held-out)', 'final π', 'tuned component P@1 (held-out)'], rows }, summary, measures };
}
