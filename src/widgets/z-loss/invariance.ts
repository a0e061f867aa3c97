/**
 * Widget 1 of the Z-loss lesson (instant): five editable scores, a target class, and a scale α
 * and shift β applied to all scores. Shows cross-entropy and the Z-loss of αo + β, their
 * gradients, both losses along the whole range of α, and the Z-loss as a function of z_c.
 * All maths lives in `techniques/z-loss.ts`.
 */
import { barY, ruleY, type Markish } from '@observablehq/plot';
import { customChart, lineChart, type ChartSpec } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineInstant, type Readout, type View } from '../kit/widget';
import {
  affine,
  crossEntropy,
  gradientInvariants,
  hingeLimit,
  linearLimit,
  maxZ,
  zLoss,
  zLossFloor,
  zLossOfZ,
  zScores,
} from '../../techniques/z-loss';
import { logSumExp } from '../../core/math';

export const NUM_CLASSES = 5;
export const DEFAULT_SCORES = [2.0, 1.2, 0.3, -0.4, -1.5] as const;

export type InvarianceParams = {
  o1: number;
  o2: number;
  o3: number;
  o4: number;
  o5: number;
  target: number;
  alpha: number;
  negate: boolean;
  beta: number;
  a: number;
  b: number;
};

/** The claim's grid: α log-spaced over [0.1, 100], β evenly over [−100, 100]. */
export const GRID_ALPHAS = Array.from({ length: 25 }, (_, i) => 10 ** (-1 + (3 * i) / 24));
export const GRID_BETAS = Array.from({ length: 21 }, (_, i) => -100 + 10 * i);
/** Largest change of the Z-loss over the grid that still counts as "unchanged" (float64 rounding). */
export const INVARIANCE_TOL = 1e-9;

const fmt = (x: number, d = 4) => (x === 0 ? '0' : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5 ? x.toExponential(2) : String(Number(x.toFixed(d))));
const sci = (x: number) => (x === 0 ? '0' : Math.abs(x).toExponential(1));

export function scoresOf(p: InvarianceParams): number[] {
  return [p.o1, p.o2, p.o3, p.o4, p.o5];
}

/** The signed scale actually applied: −α when "flip the sign" is ticked. */
export function signedAlpha(p: InvarianceParams): number {
  return p.negate ? -p.alpha : p.alpha;
}

/** Loss values only (no gradients): the sweep and the α curve evaluate them hundreds of times. */
const zValue = (t: ArrayLike<number>, c: number, a: number, b: number) => zLossOfZ(zScores(t).z[c], a, b);
const ceValue = (t: ArrayLike<number>, c: number) => logSumExp(t) - t[c];

/** Over the α × β grid: the largest change of L_Z, and the range of cross-entropy. */
export function invarianceSweep(o: readonly number[], c: number, a: number, b: number): { maxDz: number; ceMin: number; ceMax: number } {
  const z0 = zValue(o, c, a, b);
  let maxDz = 0;
  let ceMin = Infinity;
  let ceMax = -Infinity;
  for (const al of GRID_ALPHAS) {
    for (const be of GRID_BETAS) {
      const t = affine(o, al, be);
      maxDz = Math.max(maxDz, Math.abs(zValue(t, c, a, b) - z0));
      const ce = ceValue(t, c);
      ceMin = Math.min(ceMin, ce);
      ceMax = Math.max(ceMax, ce);
    }
  }
  return { maxDz, ceMin, ceMax };
}

function lossesVsScale(o: readonly number[], c: number, p: InvarianceParams): ChartSpec {
  const sign = p.negate ? -1 : 1;
  const n = 91;
  const xs = Array.from({ length: n }, (_, i) => 10 ** (-1 + (3 * i) / (n - 1)));
  const ce = xs.map((x) => ({ x, y: ceValue(affine(o, sign * x, p.beta), c) }));
  const zl = xs.map((x) => ({ x, y: zValue(affine(o, sign * x, p.beta), c, p.a, p.b) }));
  // Log y axis: cross-entropy can fall to ~1e-40 when the target wins by a wide margin at large α.
  const FLOOR = 1e-4;
  const all = [...ce, ...zl].map((d) => d.y).filter((y) => y >= FLOOR);
  const lo = Math.max(FLOOR, Math.min(...all) / 1.5);
  const hi = Math.max(...all) * 1.5;
  return lineChart({
    title: `Both losses of ${p.negate ? '−' : ''}α·o + β for every scale α (β = ${fmt(p.beta)}); the dotted line is the α you chose`,
    x: { label: 'scale α', type: 'log', domain: [0.1, 100], tickFormat: '~g' },
    y: { label: 'loss (log scale)', type: 'log', domain: [lo, hi], tickFormat: '~g' },
    series: [
      { name: 'cross-entropy', role: 'baseline', points: ce.filter((d) => d.y >= lo) },
      { name: 'Z-loss', role: 'method', points: zl.filter((d) => d.y >= lo) },
    ],
    rules: [{ x: p.alpha, label: `α = ${fmt(p.alpha, 2)}` }],
    height: 220,
  });
}

function gradientBars(ceGrad: Float64Array, zGrad: Float64Array | null, c: number): ChartSpec {
  const names = Array.from({ length: NUM_CLASSES }, (_, k) => (k === c ? `${k + 1} (target)` : String(k + 1)));
  const ce = names.map((cls, k) => ({ cls, loss: 'CE', g: ceGrad[k] }));
  const z = zGrad ? names.map((cls, k) => ({ cls, loss: 'Z', g: zGrad[k] })) : [];
  const marks: Markish[] = [
    ruleY([0], { stroke: palette.muted }),
    barY(ce, { fx: 'cls', x: 'loss', y: 'g', fill: palette.baseline }),
    barY(z, { fx: 'cls', x: 'loss', y: 'g', fill: palette.method }),
  ];
  return customChart(
    'Gradient ∂loss/∂score for each class (with respect to the transformed scores)',
    {
      height: 200,
      marginLeft: 52,
      marginTop: 22,
      fx: { label: null, domain: names, padding: 0.15 },
      x: { domain: ['CE', 'Z'], label: null, tickSize: 0 },
      y: { label: null, grid: true },
      marks,
    },
    [
      { name: 'cross-entropy', color: palette.baseline },
      { name: 'Z-loss', color: palette.method },
    ],
  );
}

function shapeChart(zc: number | null, p: InvarianceParams): ChartSpec {
  const zMax = maxZ(NUM_CLASSES);
  const n = 81;
  const zs = Array.from({ length: n }, (_, i) => -zMax + (2 * zMax * i) / (n - 1));
  const curve = zs.map((x) => ({ x, y: zLossOfZ(x, p.a, p.b) }));
  const top = Math.max(...curve.map((d) => d.y)) * 1.25;
  const hinge = zs.map((x) => ({ x, y: hingeLimit(x, p.b) }));
  const linear = zs.map((x) => ({ x, y: linearLimit(x, p.a, p.b) })).filter((d) => d.y <= top);
  const rules = [{ x: zMax, label: '√(D−1)' }];
  if (zc !== null) rules.push({ x: zc, label: 'z_c now' });
  return lineChart({
    title: `Z-loss as a function of the target's z-score (a = ${fmt(p.a, 3)}, b = ${fmt(p.b, 2)}), with its two limits`,
    x: { label: 'z_c', domain: [-zMax, zMax + 0.25] },
    y: { label: 'L_Z', domain: [0, top] },
    series: [
      { name: 'hinge limit (a → ∞): max(0, b − z_c)', role: 'reference', dashed: true, points: hinge },
      { name: 'linear limit (a → 0): ln2/a + (b − z_c)/2', role: 'other', dashed: true, points: linear },
      { name: 'Z-loss', role: 'method', points: curve },
    ],
    rules,
    height: 220,
  });
}

export function invarianceView(p: InvarianceParams): View {
  const o = scoresOf(p);
  const c = p.target - 1;
  const al = signedAlpha(p);
  const t = Array.from(affine(o, al, p.beta));
  const ce0 = crossEntropy(o, c);
  const ce1 = crossEntropy(t, c);
  const z0 = zLoss(o, c, p.a, p.b);
  const z1 = zLoss(t, c, p.a, p.b);
  const zs = zScores(t);
  const inv = z1.grad ? gradientInvariants(z1.grad, zs.z) : null;
  const flat = z1.flat;

  const readouts: Readout[] = [
    { label: 'Cross-entropy of o → of α·o + β', value: `${fmt(ce0.value)} → ${fmt(ce1.value)}`, role: 'baseline' },
    { label: 'Z-loss of o → of α·o + β', value: flat ? `${fmt(z0.value)} → undefined (σ = 0)` : `${fmt(z0.value)} → ${fmt(z1.value)}`, role: 'method' },
    { label: 'Target z-score z_c (σ of the scores)', value: flat ? 'σ = 0: z is 0/0' : `${fmt(z1.zc, 3)} (σ = ${fmt(z1.std, 3)})`, role: 'neutral' },
    {
      label: 'Z-loss gradient: Σ_k g_k and Σ_k g_k z_k',
      value: inv ? `${sci(inv.sum)} and ${sci(inv.dotZ)} (both 0 up to rounding)` : 'not defined at σ = 0',
      role: 'method',
    },
    { label: `Lowest possible Z-loss with ${NUM_CLASSES} classes`, value: `${fmt(zLossFloor(NUM_CLASSES, p.a, p.b))} (at z_c = √${NUM_CLASSES - 1} = ${fmt(maxZ(NUM_CLASSES), 3)})`, role: 'neutral' },
  ];

  const statement = `Over α from 0.1 to 100 and β from −100 to 100 (${GRID_ALPHAS.length} × ${GRID_BETAS.length} grid), the Z-loss of α·o + β equals the Z-loss of o to within ${INVARIANCE_TOL}, while cross-entropy changes with α.`;
  let claim: View['claim'];
  if (z0.flat) {
    claim = { statement, holds: null, detail: 'All five scores are equal, so σ = 0 and z is 0/0: the Z-loss is not defined (and cross-entropy is log 5 for every α). Move one score.' };
  } else {
    const s = invarianceSweep(o, c, p.a, p.b);
    const holds = s.maxDz < INVARIANCE_TOL && s.ceMax - s.ceMin > 1e-6;
    const flip = p.negate
      ? ` With the sign flipped (α < 0) the z-scores change sign: here L_Z goes from ${fmt(z0.value)} to ${fmt(z1.value)}, so the invariance holds for α > 0 only.`
      : '';
    claim = {
      statement,
      holds,
      detail: `Largest change of the Z-loss over the grid: ${sci(s.maxDz)}. Cross-entropy over the same grid: from ${fmt(s.ceMin)} to ${fmt(s.ceMax)} (it ignores β but not α).${flip}`,
    };
  }

  const charts = [lossesVsScale(o, c, p), gradientBars(ce1.grad, z1.grad, c), shapeChart(flat ? null : z1.zc, p)];
  const rows = o.map((ok, k) => [k + 1, k === c ? 'yes' : 'no', ok, t[k], flat ? '' : zs.z[k], ce1.probs[k], ce1.grad[k], z1.grad ? z1.grad[k] : '']);
  const summary =
    `Scores o = (${o.map((x) => fmt(x, 2)).join(', ')}), target class ${p.target}, transformed with α = ${fmt(al, 3)} and β = ${fmt(p.beta)}. ` +
    `Cross-entropy goes from ${fmt(ce0.value)} to ${fmt(ce1.value)}; the Z-loss (a = ${fmt(p.a, 3)}, b = ${fmt(p.b, 2)}) ` +
    (flat ? 'is undefined because all scores are equal.' : `goes from ${fmt(z0.value)} to ${fmt(z1.value)}, with z_c = ${fmt(z1.zc, 3)}.`);

  return {
    charts,
    readouts,
    claim,
    table: { columns: ['class', 'target', 'score_o', 'transformed_score', 'z', 'softmax_p', 'grad_ce', 'grad_zloss'], rows },
    summary,
  };
}

const scoreParam = (k: number) => ({
  name: `o${k + 1}`,
  label: `Score o${k + 1}`,
  kind: 'number' as const,
  default: DEFAULT_SCORES[k],
  min: -10,
  max: 10,
  step: 0.1,
});

export const invarianceSpec = defineInstant<InvarianceParams>({
  kind: 'instant',
  id: 'z-loss-invariance',
  title: 'Shift and scale the scores: cross-entropy vs Z-loss',
  seeded: false,
  params: [
    ...Array.from({ length: NUM_CLASSES }, (_, k) => scoreParam(k)),
    { name: 'target', label: 'Target class c', kind: 'enum', default: 2, options: [1, 2, 3, 4, 5] },
    { name: 'alpha', label: 'Scale α', kind: 'number', default: 1, min: 0.1, max: 100, scale: 'log', help: 'Every score is multiplied by α …' },
    { name: 'beta', label: 'Shift β', kind: 'number', default: 0, min: -20, max: 20, step: 0.5, help: '… and then β is added.' },
    { name: 'negate', label: 'Flip the sign (use −α)', kind: 'bool', default: false },
    { name: 'a', label: 'Sharpness a', kind: 'number', default: 1, min: 0.05, max: 20, scale: 'log' },
    { name: 'b', label: 'Offset b', kind: 'number', default: 1, min: 0, max: 2, step: 0.05, help: 'How many standard deviations above the mean the target should sit; √(D − 1) = 2 is the most it can.' },
  ],
  compute: (p) => invarianceView(p),
});
