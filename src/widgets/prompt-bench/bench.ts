/**
 * The shared "prompt-tuning bench" (issue 3): vanilla prompt tuning against DPT's low-rank prompt
 * (more methods can be added by the soft-prompt lessons) on the frozen tiny LM, same task, same
 * batches in the same order. The run is `runPromptBench` (labs/tiny-lm/bench.ts) in a Web Worker;
 * this spec only folds its messages and draws them. No tfjs here.
 */
import { lineChart, type Series } from '../kit/charts';
import type { Role } from '../kit/palette';
import { defineIterative, type View } from '../kit/widget';
import type { BenchDelta, BenchSetup } from '../../labs/tiny-lm/bench';
import { TASK_NAMES, type TaskName } from '../../labs/tiny-lm/tasks';
import { breakEvenRank, dptParams, vanillaParams } from '../../techniques/decomposed-prompt-tuning';

export type BenchWidgetParams = {
  task: TaskName;
  cue: boolean;
  k: number;
  dpt: boolean;
  rank: number;
  steps: number;
  lr: number;
  batch: number;
};

interface MethodTrace {
  name: string;
  params: number;
  loss: { x: number; y: number }[];
  acc: { x: number; y: number }[];
  testLoss: { x: number; y: number }[];
}

export interface BenchState {
  setup?: BenchSetup;
  methods: MethodTrace[];
  previews?: BenchDelta['previews'];
  msPerStep?: number;
  lastStep: number;
}

const D = 64;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const roleOf = (i: number): Role => (i === 0 ? 'baseline' : i === 1 ? 'method' : 'other');

function plannedMethods(p: BenchWidgetParams): { name: string; params: number }[] {
  const out = [{ name: `vanilla PT (k=${p.k})`, params: vanillaParams(p.k, D) }];
  if (p.dpt) out.push({ name: `DPT (b=${p.rank})`, params: dptParams(p.k, p.rank, D) });
  return out;
}

export const benchSpec = defineIterative<BenchWidgetParams, BenchState, BenchDelta>({
  kind: 'iterative',
  id: 'prompt-bench',
  title: 'Prompt-tuning bench: soft prompts on a frozen tiny language model',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train prompts',
  params: [
    { name: 'task', label: 'Task', kind: 'enum', default: 'sentiment', options: TASK_NAMES, help: 'What the prompt must make the frozen model answer; the answer is read as the next word, among the label words.' },
    { name: 'cue', label: 'Cue words in the input', kind: 'bool', default: false, help: 'Append the corpus’s own cue (e.g. "overall it was") so the model can already answer without a prompt.' },
    { name: 'k', label: 'Prompt length k', kind: 'int', default: 8, min: 1, max: 24, step: 1, unit: 'vectors' },
    { name: 'dpt', label: 'Also train DPT (P = A·B)', kind: 'bool', default: true },
    { name: 'rank', label: 'DPT bottleneck b', kind: 'int', default: 2, min: 1, max: 16, step: 1 },
    { name: 'steps', label: 'Steps', kind: 'int', default: 60, min: 10, max: 300, step: 10 },
    { name: 'lr', label: 'Learning rate (Adam)', kind: 'number', default: 0.02, min: 0.003, max: 0.1, scale: 'log' },
    { name: 'batch', label: 'Batch size', kind: 'enum', default: 16, options: [8, 16, 32] },
  ],
  initial: () => ({ methods: [], lastStep: 0 }),
  reduce(s, d) {
    if (d.setup) {
      s.setup = d.setup;
      s.methods = d.setup.methods.map((m) => ({ name: m.name, params: m.params, loss: [], acc: [], testLoss: [] }));
    }
    for (const e of d.earlier ?? []) e.losses.forEach((l, i) => l !== undefined && s.methods[i]?.loss.push({ x: e.step, y: l }));
    d.methods.forEach((m, i) => {
      const t = s.methods[i];
      if (!t) return;
      if (m.loss !== undefined) t.loss.push({ x: d.step, y: m.loss });
      if (m.testAcc !== undefined) t.acc.push({ x: d.step, y: m.testAcc });
      if (m.testLoss !== undefined) t.testLoss.push({ x: d.step, y: m.testLoss });
    });
    if (d.previews) s.previews = d.previews;
    if (d.msPerStep !== undefined) s.msPerStep = d.msPerStep;
    if (d.methods.length) s.lastStep = d.step;
    return s;
  },
  view(s, p, done) {
    return benchView(s, p, done);
  },
});

export function benchView(s: BenchState, p: BenchWidgetParams, done: boolean): View {
  const planned = plannedMethods(p);
  const traces: MethodTrace[] = s.methods.length ? s.methods : planned.map((m) => ({ ...m, loss: [], acc: [], testLoss: [] }));
  const lossSeries: Series[] = traces.map((t, i) => ({ name: t.name, role: roleOf(i), points: t.loss }));
  const accSeries: Series[] = traces.map((t, i) => ({ name: t.name, role: roleOf(i), dots: true, points: t.acc }));
  if (s.setup) accSeries.unshift({ name: `majority class ${pct(s.setup.majority)}`, role: 'reference', dashed: true, points: [{ x: 0, y: s.setup.majority }, { x: p.steps, y: s.setup.majority }] });
  const maxLoss = Math.max(1, ...traces.flatMap((t) => t.loss.map((q) => q.y)));
  const charts = [
    lineChart({ title: 'Held-out accuracy (label word with the highest probability)', x: { label: 'step', domain: [0, p.steps] }, y: { label: 'accuracy', domain: [0, 1], tickFormat: '%' }, series: accSeries, height: 230 }),
    lineChart({ title: 'Training loss of each step’s batch', x: { label: 'step', domain: [0, p.steps] }, y: { label: 'cross-entropy', domain: [0, maxLoss * 1.05] }, series: lossSeries, height: 200 }),
  ];
  const readouts: NonNullable<View['readouts']> = traces.map((t, i) => {
    const last = t.acc[t.acc.length - 1];
    return { label: `${t.name}: ${t.params.toLocaleString('en')} trainable parameters`, value: last ? `accuracy ${pct(last.y)} at step ${last.x}` : 'not trained yet', role: roleOf(i) === 'other' ? 'neutral' : (roleOf(i) as 'method' | 'baseline') };
  });
  if (p.dpt && p.rank >= breakEvenRank(p.k, D)) readouts.push({ label: 'Note', value: `b = ${p.rank} ≥ k·d/(k+d) = ${breakEvenRank(p.k, D).toFixed(1)}: DPT now has more parameters than vanilla PT`, role: 'neutral' });
  if (s.setup && s.previews) {
    for (const pv of s.previews) {
      const ex = s.setup.previews[pv.index];
      const said = pv.predictions.map((q, i) => `${traces[i]?.name ?? i}: “${s.setup!.labels[q.label]}” ${pct(q.prob)}`).join(' · ');
      readouts.push({ label: `“${ex.text}” → true “${s.setup.labels[ex.label]}”`, value: said, role: 'neutral' });
    }
  }
  if (s.setup) readouts.push({ label: 'Model load + step time', value: `${s.setup.loadMs.toFixed(0)} ms load · ${s.msPerStep?.toFixed(0) ?? '–'} ms per method-step (${s.setup.backend})`, role: 'neutral', volatile: true });
  const rows: (string | number)[][] = [];
  traces.forEach((t) => t.acc.forEach((a, j) => rows.push([t.name, t.params, a.x, a.y, t.testLoss[j]?.y ?? ''])));
  const finals = traces.map((t) => (t.acc.length ? `${t.name} reached ${pct(t.acc[t.acc.length - 1].y)} held-out accuracy with ${t.params} trainable parameters` : null)).filter(Boolean);
  const summary = finals.length
    ? `${finals.join('; ')}${done ? '' : ' (still training)'}. Task: ${p.task}${p.cue ? ' with cue words' : ''}, k = ${p.k}, ${p.steps} steps.`
    : `Before training: ${planned.map((m) => `${m.name} with ${m.params} trainable parameters`).join(' and ')} will be trained on the ${p.task} task for ${p.steps} steps on the same batches.`;
  return { charts, readouts, table: { columns: ['method', 'trainable parameters', 'step', 'held-out accuracy', 'held-out loss'], rows }, summary };
}
