/**
 * Widget 1 of the SGDR lesson: the schedule explorer (instant). Draws SGDR's learning rate at
 * batch resolution next to a step-decay baseline, marks the restart epochs, and checks Eq. 5's
 * boundary behaviour numerically. All maths lives in `techniques/sgdr.ts`.
 */
import { lineChart, type Series } from '../kit/charts';
import { defineInstant, type View } from '../kit/widget';
import {
  WRN_SETTING,
  checkSchedule,
  cycleAt,
  restartEpochs,
  sgdrLr,
  sgdrLrPerBatch,
  stepDecayLr,
  toyStepDecay,
  type SgdrSchedule,
  type StepDecay,
} from '../../techniques/sgdr';

export type ScheduleParams = {
  setting: string;
  t0: number;
  tMult: number;
  etaMax: number;
  etaMin: number;
  budget: number;
  batches: number;
  perEpoch: boolean;
};

/** Rounds for display without float dust; tiny rates in exponent form (3.08e-6, not 0.00000308). */
const fmt = (x: number, digits = 4) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(digits - 2) : String(Number(x.toPrecision(digits))));
const sci = (x: number) => (x === 0 ? '0' : x.toExponential(1));

/** The schedules actually drawn: the sliders, or the paper's CIFAR setting. */
export function resolveSetting(p: ScheduleParams): { sgdr: SgdrSchedule; baseline: StepDecay; budget: number; baselineName: string } {
  if (p.setting === 'wrn') {
    return {
      sgdr: { ...WRN_SETTING.sgdr },
      baseline: { ...WRN_SETTING.baseline, milestones: [...WRN_SETTING.baseline.milestones] },
      budget: WRN_SETTING.budget,
      baselineName: 'WRN default: 0.1, ×0.2 at epochs 60, 120, 160',
    };
  }
  const budget = p.budget;
  return {
    sgdr: { t0: p.t0, tMult: p.tMult, etaMin: Math.min(p.etaMin, p.etaMax), etaMax: p.etaMax },
    baseline: toyStepDecay(p.etaMax, budget),
    budget,
    baselineName: `step decay: η_max, ×0.1 at epochs ${fmt(budget / 2)} and ${fmt((3 * budget) / 4)}`,
  };
}

/** Most points drawn for one curve; the data table and CSV keep every batch. */
export const MAX_DRAWN = 1200;

/**
 * Thins a per-batch curve for drawing: every k-th batch, plus the first and last batch of every
 * cycle, so each jump at a restart is drawn exactly as computed.
 */
export function thinForDrawing(pts: { t: number; lr: number }[], n: number, restarts: number[], max = MAX_DRAWN): { x: number; y: number }[] {
  const stride = Math.max(1, Math.ceil(pts.length / max));
  const keep = new Set<number>([0, pts.length - 1]);
  for (const r of restarts) {
    const i = Math.round(r * n);
    if (i < pts.length) keep.add(i);
    if (i - 1 >= 0 && i - 1 < pts.length) keep.add(i - 1);
  }
  const out: { x: number; y: number }[] = [];
  pts.forEach((d, i) => {
    if (i % stride === 0 || keep.has(i)) out.push({ x: d.t, y: d.lr });
  });
  return out;
}

function listEpochs(xs: number[], max = 8): string {
  if (xs.length === 0) return 'none within the budget';
  return xs.length > max ? `${xs.slice(0, max).join(', ')}, …` : xs.join(', ');
}

export function scheduleView(p: ScheduleParams): View {
  const { sgdr, baseline, budget, baselineName } = resolveSetting(p);
  const n = p.batches;
  const sg = sgdrLrPerBatch(budget, n, sgdr);
  const restarts = restartEpochs(sgdr.t0, sgdr.tMult, budget);
  const inside = restarts.filter((r) => r < budget);
  const check = checkSchedule(sgdr, budget, n);

  // The baseline is piecewise constant: its breakpoints are enough (drawn as steps).
  const breaks = [0, ...baseline.milestones.filter((m) => m < budget), budget];
  const series: Series[] = [
    { name: 'SGDR (cosine with warm restarts)', role: 'method', points: thinForDrawing(sg, n, inside) },
    { name: baselineName, role: 'baseline', curve: 'step-after', points: breaks.map((t) => ({ x: t, y: stepDecayLr(Math.min(t, budget - 1e-9), baseline) })) },
  ];
  // The bug holds each epoch at the rate of its first batch (= sgdrLrPerEpoch).
  const stair = p.perEpoch ? sg.map((d, i) => ({ t: d.t, lr: sg[i - (i % n)].lr })) : [];
  if (p.perEpoch) {
    // Constant within each epoch: one point per epoch (plus the end) draws it exactly.
    const perEpoch = stair.filter((_, i) => i % n === 0).map((d) => ({ x: d.t, y: d.lr }));
    perEpoch.push({ x: budget, y: stair[stair.length - 1].lr });
    series.push({ name: 'bug: T_cur updated once per epoch', role: 'other', dashed: true, curve: 'step-after', points: perEpoch });
  }
  const labelled = inside.length <= 8;
  const chart = lineChart({
    title: 'Learning rate at every mini-batch',
    x: { label: 'epoch', domain: [0, budget] },
    y: { label: 'learning rate', domain: [0, Math.max(sgdr.etaMax, baseline.etaMax) * 1.05] },
    series,
    rules: inside.map((r) => ({ x: r, label: labelled ? String(r) : undefined })),
    height: 280,
  });

  const end = cycleAt(budget, sgdr.t0, sgdr.tMult);
  const lastT = budget - 1 / n;
  const endText =
    end.tCur === 0 ? `at the end of cycle ${end.index}` : `in the middle of cycle ${end.index + 1} (T_cur/T_i = ${fmt(end.tCur / end.length, 3)})`;

  const readouts: View['readouts'] = [
    { label: 'Restart epochs', value: listEpochs(inside), role: 'method' },
    { label: 'The budget ends', value: endText, role: 'neutral' },
    { label: 'Last-batch rate: SGDR', value: fmt(sgdrLr(lastT, sgdr), 3), role: 'method' },
    { label: 'Last-batch rate: baseline', value: fmt(stepDecayLr(lastT, baseline), 3), role: 'baseline' },
  ];
  if (p.setting === 'wrn') {
    readouts.push({ label: 'Paper setting in use', value: 'SGDR η_max 0.05, η_min 0, T0 10, T_mult 2; 200 epochs (sliders other than batches per epoch are ignored)', role: 'neutral' });
  }

  const fromLoop = listEpochs(check.restarts);
  const claim = {
    statement: `Within each cycle the rate falls from η_max to η_min, and exactly at the restart epochs T0, T0(1+T_mult), … it jumps back to η_max (here ${fromLoop}).`,
    holds: check.holds,
    detail:
      `First batch of every cycle: largest |η − η_max| = ${sci(check.maxStartError)}. ` +
      `Last batch before every restart: largest η − η_min = ${fmt(check.maxEndGap, 3)}, ` +
      `within Eq. 5's bound ½(η_max − η_min)(1 − cos(π/(n·T0))) = ${fmt(check.endGapBound, 3)} for n = ${n} batches per epoch. ` +
      `Restart epochs from subtracting cycle lengths match the closed form T0(T_mult^k − 1)/(T_mult − 1) to within ${sci(check.maxClosedFormError)}.`,
  };

  const columns = ['epoch', 'lr_sgdr', 'lr_baseline'];
  if (p.perEpoch) columns.push('lr_sgdr_per_epoch_bug');
  const rows = sg.map((d, i) => {
    const row: number[] = [Number(d.t.toFixed(6)), d.lr, stepDecayLr(d.t, baseline)];
    if (p.perEpoch) row.push(stair[i].lr);
    return row;
  });

  const summary =
    `SGDR's learning rate over ${budget} epochs at ${n} batches per epoch: a half cosine from ${fmt(sgdr.etaMax)} down to ${fmt(sgdr.etaMin)} ` +
    `in cycles of ${sgdr.t0} epochs growing by ×${sgdr.tMult}, restarting at epochs ${listEpochs(inside, 12)}. ` +
    `The baseline (${baselineName}) stays high until its first drop at epoch ${fmt(baseline.milestones[0])}.`;

  return { charts: [chart], readouts, claim, table: { columns, rows }, summary };
}

export const scheduleSpec = defineInstant<ScheduleParams>({
  kind: 'instant',
  id: 'sgdr-schedule',
  title: 'SGDR schedule explorer',
  seeded: false,
  params: [
    {
      name: 'setting',
      label: 'Setting',
      kind: 'enum',
      default: 'toy',
      options: ['toy', 'wrn'],
      optionLabels: ['Sliders (toy)', "Paper's CIFAR run"],
      help: "The paper's run (WRN, 200 epochs) fixes every slider except batches per epoch.",
    },
    { name: 't0', label: 'First cycle T0', kind: 'int', default: 2, min: 1, max: 50, unit: 'epochs' },
    { name: 'tMult', label: 'Cycle growth T_mult', kind: 'enum', default: 2, options: [1, 2, 3], help: 'Each cycle is T_mult times longer than the previous one.' },
    { name: 'etaMax', label: 'η_max', kind: 'number', default: 0.2, min: 0.01, max: 1, scale: 'log', help: 'Rate at the start of every cycle; also the baseline’s starting rate.' },
    { name: 'etaMin', label: 'η_min', kind: 'number', default: 0, min: 0, max: 0.05, step: 0.001 },
    { name: 'budget', label: 'Budget E', kind: 'int', default: 30, min: 10, max: 200, unit: 'epochs' },
    { name: 'batches', label: 'Batches per epoch', kind: 'int', default: 25, min: 1, max: 50, help: 'T_cur grows by 1/(batches per epoch) after every batch.' },
    { name: 'perEpoch', label: 'Show the once-per-epoch bug', kind: 'bool', default: false },
  ],
  compute: (p) => scheduleView(p),
});
