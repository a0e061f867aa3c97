/**
 * Widget 2 of the softmax-masking lesson, "Three tasks, tiny memory" (iterative). The run is
 * `maskingRun` in `techniques/softmax-masking-continual-train.ts`, served from a Web Worker: three
 * copies of one MLP learn three 2-class tasks in sequence with a reservoir replay memory, and
 * differ only in the loss on incoming samples. This spec folds the reports into a state and draws
 * accuracy on the first task over time, accuracy matrices, final scores and decision regions.
 */
import { barY, cell, dot, rect, text, type Markish } from '@observablehq/plot';
import { customChart, lineChart, type ChartSpec, type LegendItem } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineIterative, type Readout, type View } from '../kit/widget';
import type { MaskMode } from '../../techniques/softmax-masking-continual';
import {
  BUFFER_OPTIONS,
  CL_DEFAULTS,
  CL_SETTING,
  OLD_MARGIN,
  VARIANTS,
  clClaim,
  clData,
  finalScores,
  variantName,
  type ClDelta,
} from '../../techniques/softmax-masking-continual-setting';
import type { Dataset2D } from '../../labs/classifier/datasets';
import { MODE_COLOR } from './gradients';

export type TaskParams = { buffer: number; m: number; stepsPerTask: number; evaluation: string };

interface Row {
  step: number;
  task: number;
  evals: ClDelta['evals'];
}

export interface TaskState {
  train: Dataset2D;
  rows: Row[];
  /** Reports at the end of each task (with decision regions), in task order. */
  ends: ClDelta[];
}

/** Six class colours, one hue pair per task. */
export const CLASS_COLORS = [palette.others[0], palette.others[1], palette.reference, palette.others[2], palette.others[3], palette.method];

const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);
const TASK_NAMES = ['task 1', 'task 2', 'task 3'];

function accOf(r: { evals: ClDelta['evals'] }, v: MaskMode, evaluation: string): (number | null)[] {
  return evaluation === 'task' ? r.evals[v].acc.taskIL : r.evals[v].acc.classIL;
}

function firstTaskChart(s: TaskState, p: TaskParams): ChartSpec {
  const total = CL_SETTING.tasks * p.stepsPerTask;
  return lineChart({
    title: `Accuracy on task 1 (classes 0, 1) while tasks 2 and 3 are learned (${p.evaluation === 'task' ? 'task' : 'class'}-incremental)`,
    x: { label: 'training step', domain: [0, total] },
    y: { label: 'accuracy on task 1', domain: [0, 1], tickFormat: '%' },
    series: VARIANTS.map((v) => ({
      name: variantName(v, p.m),
      role: v === 'full' ? 'baseline' : v === 'maskM' ? 'method' : 'other',
      points: s.rows.map((r) => ({ x: r.step, y: accOf(r, v, p.evaluation)[0] ?? 0 })),
    })),
    rules: [1, 2].map((t) => ({ x: t * p.stepsPerTask, label: `task ${t + 1} starts` })),
    height: 220,
  });
}

function matrixChart(s: TaskState, p: TaskParams): ChartSpec {
  const names = VARIANTS.map((v) => variantName(v, p.m));
  const cells: { variant: string; after: string; task: string; acc: number; label: string }[] = [];
  s.ends.forEach((d, t) =>
    VARIANTS.forEach((v, vi) =>
      accOf(d, v, p.evaluation).forEach((a, i) => {
        if (a !== null) cells.push({ variant: names[vi], after: String(t + 1), task: TASK_NAMES[i], acc: a, label: `${Math.round(100 * a)}` });
      }),
    ),
  );
  const marks: Markish[] = VARIANTS.map((v, vi) =>
    cell(cells.filter((c) => c.variant === names[vi]), { fx: 'variant', x: 'after', y: 'task', fill: MODE_COLOR[v], fillOpacity: 'acc', inset: 1 }),
  );
  marks.push(text(cells, { fx: 'variant', x: 'after', y: 'task', text: 'label', fontSize: 11, fill: 'currentColor', stroke: 'var(--sl-bg)', strokeWidth: 3, paintOrder: 'stroke' }));
  const chart = customChart(
    'Accuracy matrix (%): row = task tested, column = after which task',
    {
      height: 170,
      marginLeft: 52,
      marginTop: 22,
      marginBottom: 34,
      x: { domain: ['1', '2', '3'], label: 'after training task', labelAnchor: 'center', tickSize: 0 },
      y: { domain: TASK_NAMES, label: null, tickSize: 0 },
      fx: { domain: names, label: null, padding: 0.1 },
      opacity: { domain: [0, 1], range: [0.05, 0.85] },
      marks,
    },
    VARIANTS.map((v, vi) => ({ name: names[vi], color: MODE_COLOR[v] })),
  );
  chart.key = `matrix:${s.ends.length}:${p.evaluation}:${p.m}`;
  return chart;
}

function finalChart(last: ClDelta, p: TaskParams): ChartSpec {
  const names = VARIANTS.map((v) => variantName(v, p.m));
  const groups = ['old tasks (1, 2)', 'newest task (3)', 'average'];
  const marks: Markish[] = VARIANTS.map((v, vi) => {
    const f = finalScores(accOf(last, v, p.evaluation));
    const data = [f.old, f.newest, f.average].map((y, g) => ({ group: groups[g], variant: names[vi], y }));
    return barY(data, { fx: 'group', x: 'variant', y: 'y', fill: MODE_COLOR[v] });
  });
  return customChart(
    'After task 3: stability (old tasks), plasticity (newest task) and the average',
    {
      height: 220,
      marginLeft: 48,
      marginTop: 22,
      x: { domain: names, axis: null, paddingInner: 0.1 },
      fx: { domain: groups, label: null, padding: 0.12, axis: 'bottom' },
      y: { label: 'accuracy', domain: [0, 1], tickFormat: '%', grid: true },
      marks,
    },
    VARIANTS.map((v, vi) => ({ name: names[vi], color: MODE_COLOR[v] })),
  );
}

/** Decision regions: rows = after task t, columns = variant. Before a run: the training data. */
function regionsChart(s: TaskState, p: TaskParams, done: boolean): ChartSpec {
  const e = CL_SETTING.gridExtent;
  const n = CL_SETTING.gridN;
  const w = (2 * e) / n;
  const names = VARIANTS.map((v) => variantName(v, p.m));
  const legend: LegendItem[] = CLASS_COLORS.map((color, c) => ({ name: `class ${c} (task ${Math.floor(c / 2) + 1})`, color }));
  const marks: Markish[] = [];
  const { train } = s;
  if (s.ends.length === 0) {
    const pts = Array.from({ length: train.size }, (_, i) => ({ c: train.labels[i], x: train.xs[2 * i], y: train.xs[2 * i + 1] }));
    CLASS_COLORS.forEach((color, c) => marks.push(dot(pts.filter((d) => d.c === c), { x: 'x', y: 'y', fill: color, r: 2 })));
    const chart = customChart(
      'The training data: six blobs on a ring, learned two classes at a time',
      { aspectRatio: 1, height: 300, marginLeft: 36, x: { label: null, domain: [-e, e], ticks: 5 }, y: { label: null, domain: [-e, e], ticks: 5 }, marks },
      legend,
    );
    chart.key = 'data';
    return chart;
  }
  const cells: { variant: string; after: string; c: number; x1: number; x2: number; y1: number; y2: number }[] = [];
  s.ends.forEach((d, t) => {
    if (!d.regions) return;
    VARIANTS.forEach((v, vi) => {
      const g = d.regions![v];
      // One rectangle per run of equal predictions along a grid row.
      for (let j = 0; j < n; j++) {
        let start = 0;
        for (let i = 1; i <= n; i++) {
          if (i < n && g[j * n + i] === g[j * n + start]) continue;
          const y1 = -e + j * w;
          cells.push({ variant: names[vi], after: `after ${t + 1}`, c: g[j * n + start], x1: -e + start * w, x2: -e + i * w, y1, y2: y1 + w });
          start = i;
        }
      }
    });
  });
  CLASS_COLORS.forEach((color, c) =>
    marks.push(rect(cells.filter((d) => d.c === c), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fx: 'variant', fy: 'after', fill: color, fillOpacity: 0.4, shapeRendering: 'crispEdges' })),
  );
  if (done) {
    // Every third training point on top, once the run is over (fewer SVG nodes while it trains).
    const pts: { variant: string; after: string; c: number; x: number; y: number }[] = [];
    s.ends.forEach((_, t) => {
      for (let i = 0; i < train.size; i += 3) {
        if (Math.floor(train.labels[i] / 2) > t) continue; // only classes seen by then
        for (const name of names) pts.push({ variant: name, after: `after ${t + 1}`, c: train.labels[i], x: train.xs[2 * i], y: train.xs[2 * i + 1] });
      }
    });
    CLASS_COLORS.forEach((color, c) => marks.push(dot(pts.filter((d) => d.c === c), { x: 'x', y: 'y', fx: 'variant', fy: 'after', fill: color, r: 1.2 })));
  }
  const chart = customChart(
    'Decision regions (argmax over the classes seen so far) after tasks 1, 2 and 3',
    {
      aspectRatio: 1,
      marginLeft: 30,
      marginRight: 52,
      marginTop: 24,
      x: { label: null, domain: [-e, e], ticks: [-3, 0, 3] },
      y: { label: null, domain: [-e, e], ticks: [-3, 0, 3] },
      fx: { label: null, domain: names, padding: 0.06 },
      fy: { label: null, domain: ['after 1', 'after 2', 'after 3'], padding: 0.06 },
      marks,
    },
    legend,
  );
  chart.key = `regions:${s.ends.length}:${done}:${p.m}`;
  return chart;
}

export function tasksView(s: TaskState, p: TaskParams, done: boolean): View {
  const charts: ChartSpec[] = [firstTaskChart(s, p)];
  const finished = s.ends.length === CL_SETTING.tasks ? s.ends[CL_SETTING.tasks - 1] : null;
  if (finished) charts.push(finalChart(finished, p));
  if (s.ends.length > 0) charts.push(matrixChart(s, p));
  charts.push(regionsChart(s, p, done));

  const evalName = p.evaluation === 'task' ? 'task-incremental' : 'class-incremental';
  const readouts: Readout[] = [];
  const last = s.rows.at(-1);
  if (!last) readouts.push({ label: 'Status', value: 'not trained yet', role: 'neutral' });
  else if (!finished) readouts.push({ label: `Step ${last.step}: accuracy on task 1, ${evalName}`, value: VARIANTS.map((v) => `${variantName(v, p.m)} ${pct(accOf(last, v, p.evaluation)[0])}`).join(' · '), role: 'neutral' });
  if (finished) {
    for (const v of VARIANTS) {
      const f = finalScores(accOf(finished, v, p.evaluation));
      readouts.push({
        label: `${variantName(v, p.m)}: old · newest · average (${evalName})`,
        value: `${pct(f.old)} · ${pct(f.newest)} · ${pct(f.average)}`,
        role: v === 'full' ? 'baseline' : v === 'maskM' ? 'method' : 'neutral',
      });
    }
  }

  const statement = `With masking (−∞) on the incoming samples, the old tasks keep at least ${100 * OLD_MARGIN} accuracy points more than with full-softmax replay, and the average over all three tasks is not lower (class-incremental accuracy after task 3).`;
  let claim: View['claim'];
  if (!done || !finished) claim = { statement, holds: null, detail: 'Press Train all three to learn the three tasks and measure it.' };
  else {
    const c = clClaim(finished);
    const pts = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
    claim = {
      statement,
      holds: c.holds,
      detail:
        `Old tasks: full softmax ${pct(c.full.old)}, mask −∞ ${pct(c.maskInf.old)} (${pts(c.oldGain)} points), mask m = ${p.m} ${pct(c.maskM.old)}. ` +
        `Newest task: ${pct(c.full.newest)}, ${pct(c.maskInf.newest)}, ${pct(c.maskM.newest)}. ` +
        `Average: ${pct(c.full.average)}, ${pct(c.maskInf.average)} (${pts(c.averageGain)} points), ${pct(c.maskM.average)}. ` +
        `Memory M = ${p.buffer}. One seed of a small network is noisy: try a few seeds.`,
    };
  }

  const columns = ['step', 'task_trained', ...VARIANTS.flatMap((v) => [1, 2, 3].map((t) => `${v}_acc_task${t}`)), ...VARIANTS.map((v) => `${v}_train_loss`)];
  const rows = s.rows.map((r) => [
    r.step,
    r.task + 1,
    ...VARIANTS.flatMap((v) => accOf(r, v, p.evaluation).map((a) => (a === null ? '' : a))),
    ...VARIANTS.map((v) => (r.evals[v].loss === null ? '' : Number(r.evals[v].loss!.toFixed(4)))),
  ]);

  const summary = finished
    ? `Three MLPs learned tasks 1 to 3 in sequence with a replay memory of ${p.buffer} samples. After task 3 (${evalName}): ` +
      VARIANTS.map((v) => {
        const f = finalScores(accOf(finished, v, p.evaluation));
        return `${variantName(v, p.m)} keeps ${pct(f.old)} on the old tasks, ${pct(f.newest)} on the newest, ${pct(f.average)} on average`;
      }).join('; ') +
      '.'
    : last
      ? `Training in progress, step ${last.step} of ${CL_SETTING.tasks * p.stepsPerTask}.`
      : `Six Gaussian blobs on a ring (${s.train.size} training points), learned as three tasks of two classes. Press Train all three to train full-softmax replay, −∞ masking and masking with m = ${p.m} from the same initial weights on the same batches.`;

  return { charts, readouts, claim, table: { columns, rows }, summary };
}

export const tasksSpec = defineIterative<TaskParams, TaskState, ClDelta>({
  kind: 'iterative',
  id: 'softmax-masking-continual-tasks',
  title: 'Three tasks, tiny memory: full softmax vs masking',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train all three',
  params: [
    { name: 'buffer', label: 'Replay memory M', kind: 'enum', default: CL_DEFAULTS.buffer, options: [...BUFFER_OPTIONS], unit: 'samples', help: 'Reservoir sampling over every incoming sample; up to 32 are replayed per step.' },
    { name: 'm', label: 'Mask value m', kind: 'number', default: CL_DEFAULTS.m, min: -10, max: 40, step: 0.5, help: 'For the third variant only.' },
    { name: 'stepsPerTask', label: 'Steps per task', kind: 'int', default: CL_DEFAULTS.stepsPerTask, min: 50, max: 300, step: 10 },
    {
      name: 'evaluation',
      label: 'Evaluation',
      kind: 'enum',
      default: 'class',
      options: ['class', 'task'],
      optionLabels: ['class-incremental', 'task-incremental'],
      help: 'Class-IL: argmax over all seen classes. Task-IL: argmax within the sample’s task. The claim always uses class-IL.',
    },
  ],
  initial: (_p, seed) => ({ train: clData(seed).train, rows: [], ends: [] }),
  reduce(s, d) {
    s.rows.push({ step: d.step, task: d.task, evals: d.evals });
    if (d.regions) s.ends.push(d);
    return s;
  },
  view: (s, p, done) => tasksView(s, p, done),
});
