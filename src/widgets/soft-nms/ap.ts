/**
 * Widget 2 of the Soft-NMS lesson (iterative, in a worker): COCO-style AP of hard NMS and Soft-NMS
 * over a few hundred generated scenes at three crowding levels. The run is
 * `softNmsEval` in `techniques/soft-nms-eval.ts`; this file only folds and draws its results.
 */
import { lineChart, type Series } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import { COCO_THRESHOLDS } from '../../techniques/soft-nms-ap';
import { CROWDING_LEVELS, LOOSE_NT, apCoco, checkClaim, type EvalDelta, type EvalParams } from '../../techniques/soft-nms-eval';

export type ApParams = EvalParams & { level: number };
type Key = EvalDelta['key'];
const KEYS: Key[] = ['nms', 'nmsLoose', 'linear', 'gaussian'];

export interface ApState {
  /** results[key][level] = the delta for that method and crowding level, once computed. */
  results: Record<Key, (EvalDelta | null)[]>;
}

const f3 = (v: number) => v.toFixed(3);
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;

function names(p: ApParams): Record<Key, string> {
  return {
    nms: `hard NMS, N_t = ${p.nt}`,
    nmsLoose: `hard NMS, N_t = ${LOOSE_NT}`,
    linear: `linear Soft-NMS, N_t = ${p.nt}`,
    gaussian: `Gaussian Soft-NMS, σ = ${p.sigma}`,
  };
}
const ROLE: Record<Key, Series['role']> = { nms: 'baseline', nmsLoose: 'reference', linear: 'other', gaussian: 'method' };

export function apInitial(): ApState {
  const empty = () => CROWDING_LEVELS.map(() => null);
  return { results: { nms: empty(), nmsLoose: empty(), linear: empty(), gaussian: empty() } };
}

export function apReduce(s: ApState, d: EvalDelta): ApState {
  s.results[d.key][d.level] = d;
  return s;
}

export function apView(s: ApState, p: ApParams): View {
  const nm = names(p);
  const levelIndex = Math.max(0, CROWDING_LEVELS.indexOf(Number(p.level)));
  const byLevel: Series[] = KEYS.map((k) => ({
    name: nm[k],
    role: ROLE[k],
    dashed: k === 'nmsLoose',
    dots: true,
    points: s.results[k].flatMap((d, i) => (d ? [{ x: CROWDING_LEVELS[i], y: apCoco(d.aps) }] : [])),
  }));
  const byThreshold: Series[] = KEYS.map((k) => {
    const d = s.results[k][levelIndex];
    return { name: nm[k], role: ROLE[k], dashed: k === 'nmsLoose', dots: true, points: d ? d.aps.map((a, j) => ({ x: COCO_THRESHOLDS[j], y: a })) : [] };
  });
  // Zoom the AP axis of the first chart onto the results (to a 0.1 grid), [0, 1] before a run.
  const zoom = (ys: number[]): [number, number] =>
    ys.length ? [Math.max(0, Math.floor(Math.min(...ys) * 10 - 0.2) / 10), Math.min(1, Math.ceil(Math.max(...ys) * 10 + 0.2) / 10)] : [0, 1];
  const levelYs = byLevel.flatMap((se) => se.points.map((q) => q.y));
  const charts = [
    lineChart({
      title: 'AP@[.5:.95] (COCO, 101-point) at each crowding level',
      x: { label: 'crowding', domain: [0, 0.6], ticks: [...CROWDING_LEVELS] },
      y: { label: 'AP@[.5:.95]', domain: zoom(levelYs) },
      series: byLevel,
      height: 240,
    }),
    lineChart({
      title: `AP at each evaluation IoU threshold, crowding ${CROWDING_LEVELS[levelIndex]}`,
      x: { label: 'evaluation IoU threshold', domain: [0.5, 0.95], ticks: [0.5, 0.6, 0.7, 0.8, 0.9] },
      y: { label: 'AP', domain: [0, 1] },
      series: byThreshold,
      height: 240,
    }),
  ];

  const complete = (k: Key) => s.results[k].every((d) => d !== null);
  const done = complete('nms') && complete('gaussian');
  const ap = (k: Key) => s.results[k].map((d) => (d ? apCoco(d.aps) : NaN));
  const c = done ? checkClaim(ap('nms'), ap('gaussian')) : null;
  const claim = {
    statement: `Gaussian Soft-NMS (σ = ${p.sigma}) reaches at least the AP@[.5:.95] of hard NMS (N_t = ${p.nt}) at every crowding level, and its lead grows as objects crowd together.`,
    holds: c ? c.holds : null,
    detail: c
      ? `Gaussian minus hard NMS at crowding ${CROWDING_LEVELS.join(', ')}: ${c.gaps.map(signed).join(', ')}. ` +
        `${c.atLeast ? 'Never behind' : 'Behind at some level'}; the lead ${c.grows ? 'grows with crowding' : 'does not grow at every step'}.`
      : 'Press Run to evaluate every method on the generated scenes.',
  };

  const readouts: View['readouts'] = CROWDING_LEVELS.map((lv, i) => {
    const g = s.results.gaussian[i];
    const n = s.results.nms[i];
    return {
      label: `Crowding ${lv}: Gaussian vs NMS`,
      value: g && n ? `${f3(apCoco(g.aps))} vs ${f3(apCoco(n.aps))} (${signed(apCoco(g.aps) - apCoco(n.aps))})` : 'not run yet',
      role: 'method' as const,
    };
  });
  const last = s.results.gaussian[CROWDING_LEVELS.length - 1];
  const nLast = s.results.nms[CROWDING_LEVELS.length - 1];
  readouts.push({
    label: `Boxes per scene at crowding ${CROWDING_LEVELS[CROWDING_LEVELS.length - 1]}`,
    value: last && nLast ? `${last.boxesPerScene.toFixed(1)} candidates; NMS keeps ${nLast.keptPerScene.toFixed(1)}, Gaussian ${last.keptPerScene.toFixed(1)}` : 'not run yet',
    role: 'neutral',
  });

  const rows: (number | string)[][] = [];
  CROWDING_LEVELS.forEach((lv, i) => {
    for (const k of KEYS) {
      const d = s.results[k][i];
      if (d) rows.push([lv, nm[k], ...d.aps.map((a) => Number(a.toFixed(4))), Number(apCoco(d.aps).toFixed(4)), Number(d.keptPerScene.toFixed(2))]);
    }
  });
  const columns = ['crowding', 'method', ...COCO_THRESHOLDS.map((t) => `AP@${t.toFixed(2)}`), 'AP@[.5:.95]', 'boxes kept per scene'];
  const summary = done
    ? `Over ${p.scenes} generated scenes per crowding level, AP@[.5:.95] of ${nm.nms} is ${ap('nms').map(f3).join(', ')} at crowding ${CROWDING_LEVELS.join(', ')}; ` +
      `${nm.gaussian} reaches ${ap('gaussian').map(f3).join(', ')}; ${nm.linear} ${ap('linear').map(f3).join(', ')}; ${nm.nmsLoose} ${ap('nmsLoose').map(f3).join(', ')}.`
    : `Before a run: the charts will show AP@[.5:.95] of four suppression methods at crowding ${CROWDING_LEVELS.join(', ')} over ${p.scenes} scenes each, and AP at every evaluation threshold from 0.5 to 0.95.`;
  return { charts, readouts, claim, table: { columns, rows }, summary };
}

export const apSpec = defineIterative<ApParams, ApState, EvalDelta>({
  kind: 'iterative',
  id: 'soft-nms-ap',
  title: 'Average precision over many scenes: NMS vs Soft-NMS',
  seeded: true,
  runLabel: 'Evaluate',
  params: [
    { name: 'scenes', label: 'Scenes per crowding level', kind: 'int', default: 200, min: 50, max: 500, step: 50 },
    { name: 'nt', label: 'N_t of hard NMS and linear', kind: 'number', default: 0.3, min: 0.1, max: 0.9, step: 0.05 },
    { name: 'sigma', label: 'Gaussian σ', kind: 'number', default: 0.5, min: 0.05, max: 2, step: 0.05 },
    {
      name: 'level',
      label: 'Crowding in the threshold chart',
      kind: 'enum',
      default: 0.6,
      options: [...CROWDING_LEVELS],
      help: 'Which crowding level the second chart (AP at each evaluation threshold) shows.',
    },
  ],
  initial: () => apInitial(),
  reduce: (s, d) => apReduce(s, d),
  view: (s, p) => apView(s, p),
});
