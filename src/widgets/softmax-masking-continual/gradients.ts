/**
 * Widget 1 of the softmax-masking lesson, "Who gets pushed?" (instant): six editable logits, a
 * current task and a label; bars of ∂loss/∂logit for the full softmax over the seen classes, for
 * masking with −∞ and with a finite m. All maths is in `techniques/softmax-masking-continual.ts`.
 */
import { barY, ruleY, type Markish } from '@observablehq/plot';
import { customChart } from '../kit/charts';
import { colorFor, palette } from '../kit/palette';
import { defineInstant, type View } from '../kit/widget';
import { compareModes, keptClasses, maskValue, numericGradient, type MaskMode } from '../../techniques/softmax-masking-continual';

export type GradientParams = {
  l0: number;
  l1: number;
  l2: number;
  l3: number;
  l4: number;
  l5: number;
  task: number;
  label: number;
  m: number;
};

const K = 6;
const PER_TASK = 2;
const MODES: MaskMode[] = ['full', 'maskInf', 'maskM'];
/** The paper's general masked softmax (finite m) in the accent colour, the full softmax in grey. */
export const MODE_COLOR: Record<MaskMode, string> = { full: palette.baseline, maskInf: colorFor('other', 0), maskM: palette.method };

export function modeLabel(mode: MaskMode, m: number): string {
  if (mode === 'full') return 'full softmax (seen classes)';
  if (mode === 'maskInf') return 'mask −∞';
  return `mask m = ${fmt(m)}`;
}

// Sums such as p̃_2 + p̃_3 − 1 under −∞ masking are 0 up to float dust (≈1e-17): shown as 0.
const fmt = (x: number, d = 3) => (Math.abs(x) < 1e-12 ? '0' : String(Number(x.toPrecision(d))));
const signed = (x: number) => (x > 0 ? `+${fmt(x)}` : fmt(x));

/** Old, current or future, for class j when task `task` (0-based) is being learned. */
export function classRole(j: number, task: number): 'old' | 'current' | 'future' {
  const t = Math.floor(j / PER_TASK);
  return t < task ? 'old' : t === task ? 'current' : 'future';
}

export function gradientView(p: GradientParams): View {
  const logits = [p.l0, p.l1, p.l2, p.l3, p.l4, p.l5];
  const task = p.task - 1;
  const label = PER_TASK * task + p.label;
  const res = compareModes(logits, label, { perTask: PER_TASK, task, m: p.m });
  // Two-line tick labels (class, then role) so six facets fit on a phone.
  const tick = (j: number) => `${j}${j === label ? ' = y' : ''}\n${classRole(j, task)}`;
  const classes = logits.map((_, j) => tick(j));
  const names = MODES.map((mode) => modeLabel(mode, p.m));

  const marks: Markish[] = [ruleY([0], { stroke: palette.muted })];
  MODES.forEach((mode, i) => {
    const data = logits.map((_, j) => ({ cls: classes[j], mode: names[i], g: res[mode].grad[j] }));
    marks.push(barY(data, { fx: 'cls', x: 'mode', y: 'g', fill: MODE_COLOR[mode] }));
  });
  const chart = customChart(
    `Gradient of the loss on each logit (label y = class ${label}; task ${p.task} is current)`,
    {
      height: 260,
      marginLeft: 48,
      marginBottom: 40,
      marginTop: 22,
      x: { domain: names, axis: null, paddingInner: 0.1 },
      fx: { domain: classes, label: null, padding: 0.12, axis: 'bottom' },
      y: { label: '∂ loss / ∂ logit  (+ = pushed down)', domain: [-1, 1], grid: true, labelArrow: 'none' },
      marks,
    },
    MODES.map((mode, i) => ({ name: names[i], color: MODE_COLOR[mode] })),
  );

  // Exactness and an independent check: masked logits get exactly 0 (not merely tiny), the full
  // softmax pushes every old logit down, and the formula agrees with central differences.
  let maskedExact = true;
  let fdError = 0;
  for (const mode of MODES) {
    const keep = keptClasses(mode, K, PER_TASK, task);
    const fd = numericGradient(logits, label, keep, maskValue(mode, p.m));
    for (let j = 0; j < K; j++) {
      fdError = Math.max(fdError, Math.abs(fd[j] - res[mode].grad[j]));
      if (mode !== 'full' && !keep[j] && res[mode].grad[j] !== 0) maskedExact = false;
    }
  }
  const old = logits.map((_, j) => j).filter((j) => classRole(j, task) === 'old');
  const oldPush = old.reduce((s, j) => s + res.full.grad[j], 0);
  const fullPushesOld = old.every((j) => res.full.grad[j] > 0);
  const current = [PER_TASK * task, PER_TASK * task + 1];
  const sumCurrent = (mode: MaskMode) => current.reduce((s, j) => s + res[mode].grad[j], 0);

  const claim: View['claim'] = {
    statement:
      'Under masking (−∞ or finite m) every logit outside the current task gets exactly zero gradient; under the full softmax every old logit gets +p_j and is pushed down.',
    holds: maskedExact && (old.length === 0 || fullPushesOld) && fdError < 1e-5,
    detail:
      (old.length === 0
        ? 'Task 1 has no old classes, so here the full softmax and −∞ masking coincide. '
        : `Full softmax: the old logits ${old.join(' and ')} get ${old.map((j) => signed(res.full.grad[j])).join(' and ')} (total ${fmt(oldPush)}). `) +
      `Both masks: ${maskedExact ? 'exactly 0' : 'NOT zero'} on every non-current logit. ` +
      `The formula agrees with central finite differences of the loss to ${fdError.toExponential(1)}.`,
  };

  const readouts: View['readouts'] = [
    { label: 'Loss: full · −∞ · m', value: MODES.map((mode) => fmt(res[mode].loss)).join(' · '), role: 'neutral' },
    { label: 'Push on the old logits, full softmax (Σ p_old)', value: old.length ? fmt(oldPush) : 'no old classes', role: 'baseline' },
    { label: 'Σ gradient on current logits: full · −∞ · m', value: MODES.map((mode) => signed(sumCurrent(mode))).join(' · '), role: 'neutral' },
    { label: `Masked mass p̃_mask at m = ${fmt(p.m)}`, value: fmt(res.maskM.maskedMass), role: 'method' },
  ];

  const rows = logits.map((l, j) => [
    j,
    classRole(j, task),
    l,
    ...MODES.map((mode) => Number(res[mode].grad[j].toPrecision(6))),
    ...MODES.map((mode) => Number(res[mode].probs[j].toPrecision(6))),
  ]);
  const summary =
    `Logits ${logits.map((l) => fmt(l)).join(', ')}; task ${p.task} is current (classes ${current.join(' and ')}), label ${label}. ` +
    `Full softmax: loss ${fmt(res.full.loss)}, old logits pushed down by ${old.length ? fmt(oldPush) : 'nothing'} in total. ` +
    `Mask −∞: loss ${fmt(res.maskInf.loss)}, zero gradient outside the task, current gradients sum to 0. ` +
    `Mask m = ${fmt(p.m)}: loss ${fmt(res.maskM.loss)}, masked mass ${fmt(res.maskM.maskedMass)}, current gradients sum to ${signed(sumCurrent('maskM'))}.`;

  return {
    charts: [chart],
    readouts,
    claim,
    table: {
      columns: ['class', 'role', 'logit', 'grad_full', 'grad_mask_inf', 'grad_mask_m', 'p_full', 'p_mask_inf', 'p_mask_m'],
      rows,
    },
    summary,
  };
}

const logit = (j: number, d: number) => ({
  name: `l${j}`,
  label: `Logit of class ${j}`,
  kind: 'number' as const,
  default: d,
  min: -10,
  max: 10,
  step: 0.1,
});

export const gradientSpec = defineInstant<GradientParams>({
  kind: 'instant',
  id: 'softmax-masking-continual-gradients',
  title: 'Who gets pushed? Gradients per logit, with and without masking',
  seeded: false,
  params: [
    logit(0, 3),
    logit(1, 1),
    logit(2, 0.5),
    logit(3, 2),
    logit(4, -1),
    logit(5, 0),
    {
      name: 'task',
      label: 'Current task',
      kind: 'enum',
      default: 2,
      options: [1, 2, 3],
      optionLabels: ['task 1 (classes 0, 1)', 'task 2 (classes 2, 3)', 'task 3 (classes 4, 5)'],
      help: 'Classes of earlier tasks are old, of later tasks future.',
    },
    { name: 'label', label: 'Label of the sample', kind: 'enum', default: 1, options: [0, 1], optionLabels: ['first class of the task', 'second class of the task'] },
    { name: 'm', label: 'Mask value m', kind: 'number', default: 5, min: -10, max: 40, step: 0.5, help: 'The constant that replaces every non-current logit in the finite-m variant.' },
  ],
  compute: (p) => gradientView(p),
});
