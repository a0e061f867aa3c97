/**
 * Widget 1 of the Soft-NMS lesson (instant): one scene of candidate boxes the reader can drag, add,
 * delete and rescore; the greedy loop of hard NMS and of Soft-NMS (linear or Gaussian) is shown
 * step by step. All maths lives in `techniques/soft-nms.ts`.
 */
import { defineInstant, type View } from '../kit/widget';
import { softNmsTrace, SCORE_THRESHOLD, type Method, type NmsTrace } from '../../techniques/soft-nms';
import { DEFAULT_SCENE, MAX_BOXES, decodeScene, letter, parseScene, sceneEdit } from './scene-codec';
import { sceneChart, scoreGrid, stateAt } from './scene-charts';

export type SceneParams = {
  soft: string;
  show: string;
  step: number;
  nt: number;
  sigma: number;
  boxes: string;
};

const f2 = (v: number) => v.toFixed(2);
const f3 = (v: number) => String(Number(v.toFixed(3)));
const softName = (m: string) => (m === 'linear' ? 'linear Soft-NMS' : 'Gaussian Soft-NMS');

function outcome(t: NmsTrace, i: number): { text: string; score: number } {
  const k = t.kept.findIndex((x) => x.index === i);
  if (k >= 0) return { text: `kept #${k + 1}`, score: t.kept[k].score };
  const s = t.steps.findIndex((st) => st.dropped.includes(i));
  return { text: s >= 0 ? `dropped in step ${s + 1}` : 'dropped at the start', score: 0 };
}

/** Largest IoU of box i with any box picked before it (the overlap that decided its fate). */
function maxIouWithPicks(t: NmsTrace, i: number): number {
  let m = 0;
  for (const st of t.steps) {
    if (st.pick === i) break;
    const o = st.overlaps[i];
    if (Number.isFinite(o) && o > m) m = o;
  }
  return m;
}

export function sceneView(p: SceneParams): View {
  const dets = decodeScene(p.boxes) ?? decodeScene(DEFAULT_SCENE)!;
  const soft = (p.soft === 'linear' ? 'linear' : 'gaussian') as Method;
  const opts = { nt: p.nt, sigma: p.sigma };
  const hard = softNmsTrace(dets, { method: 'nms', ...opts });
  const sn = softNmsTrace(dets, { method: soft, ...opts });
  const showSoft = p.show !== 'nms';
  const shownTrace = showSoft ? sn : hard;
  const shownName = showSoft ? softName(soft) : 'hard NMS';
  const k = Math.min(p.step, shownTrace.steps.length);
  const at = stateAt(shownTrace, k);
  const columns = Math.max(hard.steps.length, sn.steps.length);

  const stepText =
    k === 0
      ? 'before the loop: every box in play'
      : `step ${k} of ${shownTrace.steps.length}: M = ${letter(shownTrace.steps[k - 1].pick)} (score ${f2(shownTrace.steps[k - 1].pickScore)})`;
  const charts = [
    sceneChart(dets, at, `The scene under ${shownName}, ${k === shownTrace.steps.length ? 'after the last step' : `after ${k} step${k === 1 ? '' : 's'}`}`),
    scoreGrid(hard, columns, showSoft ? columns + 1 : k, `Hard NMS (N_t = ${p.nt}): score of every box after each step`, 'baseline'),
    scoreGrid(sn, columns, showSoft ? k : columns + 1, `${softName(soft)} (${soft === 'linear' ? `N_t = ${p.nt}` : `σ = ${p.sigma}`}): score of every box after each step`, 'method'),
  ];

  const removed = hard.dropped;
  const softOut = removed.map((i) => outcome(sn, i));
  const holds = removed.length === 0 ? null : softOut.every((o) => o.score >= SCORE_THRESHOLD);
  const list = (xs: number[]) => (xs.length ? xs.map(letter).join(', ') : 'none');
  const claim = {
    statement: `${softName(soft)} deletes no box outright: every box hard NMS removes is still in its output, with a reduced score.`,
    holds,
    detail:
      removed.length === 0
        ? 'Hard NMS removes no box in this scene, so there is nothing to compare: drag a box onto another one.'
        : `Hard NMS removed ${list(removed)}. ${softName(soft)} ` +
          removed.map((i, j) => `${softOut[j].score >= SCORE_THRESHOLD ? 'keeps' : 'drops'} ${letter(i)} (${f2(dets[i].score)} → ${f3(softOut[j].score)})`).join(', ') +
          `. A box is dropped only when its score falls below ${SCORE_THRESHOLD}${soft === 'linear' ? '; linear Soft-NMS sets the score of a box identical to M to exactly 0' : ''}.`,
  };

  const readouts: View['readouts'] = [
    { label: 'Hard NMS keeps', value: `${list(hard.kept.map((x) => x.index))} (${hard.kept.length} of ${dets.length})`, role: 'baseline' },
    {
      label: `${softName(soft)} ranks`,
      value: sn.kept.length ? sn.kept.map((x) => `${letter(x.index)} ${f2(x.score)}`).join(' · ') : 'nothing',
      role: 'method',
    },
    { label: `Shown: ${shownName}`, value: stepText, role: 'neutral' },
  ];

  const rows = dets.map((d, i) => {
    const h = outcome(hard, i);
    const s = outcome(sn, i);
    return [letter(i), d.x, d.y, d.w, d.h, d.score, Number(maxIouWithPicks(hard, i).toFixed(4)), h.text, h.score, s.text, Number(s.score.toFixed(4))];
  });
  const summary =
    `${dets.length} candidate boxes. Hard NMS with N_t = ${p.nt} keeps ${list(hard.kept.map((x) => x.index))} and deletes ${list(removed)}. ` +
    `${softName(soft)} keeps ${sn.kept.length} boxes, ranked ${sn.kept.map((x) => `${letter(x.index)} ${f2(x.score)}`).join(', ') || 'none'}. ` +
    `The scene shows ${shownName} ${stepText}.`;
  return {
    charts,
    readouts,
    claim,
    table: { columns: ['box', 'x', 'y', 'w', 'h', 'score', 'largest IoU with an earlier NMS pick', 'hard NMS', 'hard NMS score', softName(soft), `${softName(soft)} score`], rows },
    summary,
  };
}

export const sceneSpec = defineInstant<SceneParams>({
  kind: 'instant',
  id: 'soft-nms-scene',
  title: 'Step through NMS and Soft-NMS on one scene',
  seeded: false,
  params: [
    { name: 'soft', label: 'Soft-NMS variant', kind: 'enum', default: 'gaussian', options: ['gaussian', 'linear'], optionLabels: ['Gaussian (σ)', 'Linear (N_t)'] },
    { name: 'show', label: 'Scene shows', kind: 'enum', default: 'soft', options: ['soft', 'nms'], optionLabels: ['Soft-NMS', 'Hard NMS'] },
    { name: 'step', label: 'Steps of the loop shown', kind: 'int', default: MAX_BOXES, min: 0, max: MAX_BOXES, help: '0 = before the loop. Each step picks the top box M and rescores the rest.' },
    { name: 'nt', label: 'Overlap threshold N_t', kind: 'number', default: 0.3, min: 0.1, max: 0.9, step: 0.05, help: 'Hard NMS deletes, linear Soft-NMS penalises, boxes with IoU ≥ N_t.' },
    { name: 'sigma', label: 'Gaussian σ', kind: 'number', default: 0.5, min: 0.05, max: 2, step: 0.05, help: 'Score × exp(−IoU²/σ) for every box; small σ acts like hard NMS.' },
    {
      name: 'boxes',
      label: 'Boxes (x, y, width, height, score; …)',
      kind: 'text',
      default: DEFAULT_SCENE,
      maxLength: 600,
      parse: parseScene,
      help: 'The scene as text, in a 100 × 64 frame. Edit it here, or drag boxes on the chart.',
    },
  ],
  edit: sceneEdit,
  compute: (p) => sceneView(p),
});
