/**
 * Charts of the step-through widget: the scene (boxes coloured by what the loop has done to them
 * after k steps) and the score grid (every box's score after every step, one grid per method).
 */
import { cell, frame, rect, text, type Markish } from '@observablehq/plot';
import { customChart, type ChartSpec } from '../kit/charts';
import { palette } from '../kit/palette';
import { FRAME } from '../../techniques/soft-nms-scenes';
import type { Detection, NmsTrace } from '../../techniques/soft-nms';
import { letter } from './scene-codec';

export type BoxStatus = 'picked' | 'latest' | 'pending' | 'dropped';

export interface BoxAt {
  status: BoxStatus;
  score: number;
  /** Factor applied in the step shown (NaN if none). */
  factor: number;
  /** Pick order, 1-based, for picked boxes. */
  order: number;
}

/** What the loop has done to every box after `k` steps (k = 0: before the loop). */
export function stateAt(trace: NmsTrace, k: number): BoxAt[] {
  const n = trace.initial.length;
  const out: BoxAt[] = trace.initial.map((s) => ({ status: 'pending' as BoxStatus, score: s, factor: NaN, order: 0 }));
  // Boxes dropped before the loop (score under the threshold) are dropped from the start.
  const inLoop = new Set<number>();
  trace.steps.forEach((st) => {
    inLoop.add(st.pick);
    st.dropped.forEach((i) => inLoop.add(i));
  });
  for (let i = 0; i < n; i++) if (!inLoop.has(i)) out[i] = { status: 'dropped', score: 0, factor: NaN, order: 0 };
  const steps = trace.steps.slice(0, k);
  steps.forEach((st, j) => {
    for (let i = 0; i < n; i++) {
      if (out[i].status === 'pending') out[i] = { ...out[i], score: st.scores[i], factor: j === steps.length - 1 ? st.factors[i] : NaN };
      else if (out[i].status === 'latest') out[i] = { ...out[i], status: 'picked' };
    }
    out[st.pick] = { status: 'latest', score: st.pickScore, factor: NaN, order: j + 1 };
    for (const i of st.dropped) out[i] = { status: 'dropped', score: 0, factor: j === steps.length - 1 ? st.factors[i] : NaN, order: 0 };
  });
  return out;
}

const f2 = (v: number) => v.toFixed(2);

/** The scene after k steps of one method. */
export function sceneChart(dets: readonly Detection[], at: readonly BoxAt[], title: string): ChartSpec {
  const marks: Markish[] = [frame({ stroke: palette.grid })];
  // Draw pending and dropped boxes first, picked ones on top.
  const order = dets.map((_, i) => i).sort((a, b) => rank(at[a].status) - rank(at[b].status) || a - b);
  for (const i of order) {
    const d = dets[i];
    const s = at[i];
    const box = [{ x1: d.x, x2: d.x + d.w, y1: d.y, y2: d.y + d.h }];
    const picked = s.status === 'picked' || s.status === 'latest';
    const color = picked ? palette.method : s.status === 'dropped' ? palette.muted : palette.baseline;
    marks.push(
      rect(box, {
        x1: 'x1',
        x2: 'x2',
        y1: 'y1',
        y2: 'y2',
        stroke: color,
        fill: picked ? palette.method : 'none',
        fillOpacity: picked ? 0.03 + 0.05 * s.score : 0,
        strokeWidth: s.status === 'latest' ? 3.5 : picked ? 2.25 : 1.5,
        // Every box fades with its score; a dropped one is a faint dashed outline.
        strokeOpacity: s.status === 'dropped' ? 0.55 : 0.3 + 0.7 * Math.min(1, s.score),
        strokeDasharray: s.status === 'dropped' ? '3,3' : undefined,
      }),
    );
    const tag = s.status === 'dropped' ? `${letter(i)} ✕` : `${letter(i)} ${f2(s.score)}${Number.isFinite(s.factor) && s.factor !== 1 ? ` (×${f2(s.factor)})` : ''}`;
    const label = picked ? `${letter(i)} ${f2(s.score)}` : tag;
    // Every box is labelled just inside its top-left corner.
    marks.push(
      text([{ x: d.x, y: d.y }], {
        x: 'x',
        y: 'y',
        text: () => label,
        textAnchor: 'start',
        lineAnchor: 'top',
        dx: 3,
        dy: 3,
        fill: color,
        fontSize: 11,
        fontWeight: picked ? 700 : 500,
        stroke: 'var(--sl-surface)',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
    );
  }
  return customChart(
    title,
    {
      aspectRatio: 1,
      marginLeft: 30,
      marginRight: 14,
      marginTop: 8,
      marginBottom: 24,
      x: { domain: [0, FRAME.w], label: null },
      y: { domain: [0, FRAME.h], reverse: true, label: null },
      marks,
    },
    [
      { name: 'picked (kept; fades with its final score)', color: palette.method },
      { name: 'still in play (fades with its score)', color: palette.baseline },
      { name: 'dropped', color: palette.muted, dashed: true },
    ],
  );
}

function rank(s: BoxStatus): number {
  return s === 'dropped' ? 0 : s === 'pending' ? 1 : s === 'picked' ? 2 : 3;
}

/** Every box's score after every step of one method: rows = boxes, columns = steps. */
export function scoreGrid(trace: NmsTrace, columns: number, shown: number, title: string, role: 'method' | 'baseline'): ChartSpec {
  const n = trace.initial.length;
  const colName = (k: number) => (k === 0 ? 'start' : String(k));
  const rows: { col: string; row: string; label: string; kind: BoxStatus | 'done'; op: number }[] = [];
  for (let k = 0; k <= columns; k++) {
    const at = stateAt(trace, k);
    const before = k > 0 ? stateAt(trace, k - 1) : null;
    for (let i = 0; i < n; i++) {
      const s = at[i];
      const wasGone = before && (before[i].status === 'dropped' || before[i].status === 'picked' || before[i].status === 'latest');
      if (wasGone) rows.push({ col: colName(k), row: letter(i), label: '', kind: 'done', op: 0 });
      else if (s.status === 'dropped') rows.push({ col: colName(k), row: letter(i), label: '✕', kind: 'dropped', op: 0 });
      else rows.push({ col: colName(k), row: letter(i), label: f2(s.score), kind: s.status, op: s.score });
    }
  }
  const accent = role === 'method' ? palette.method : palette.baseline;
  const marks: Markish[] = [
    cell(rows.filter((r) => r.kind === 'pending'), { x: 'col', y: 'row', fill: palette.baseline, fillOpacity: (r: { op: number }) => 0.08 + 0.32 * r.op, inset: 0.5 }),
    cell(rows.filter((r) => r.kind === 'latest'), { x: 'col', y: 'row', fill: accent, fillOpacity: 0.9, inset: 0.5 }),
    text(rows.filter((r) => r.kind === 'latest'), { x: 'col', y: 'row', text: 'label', fill: 'var(--sl-bg)', fontWeight: 700, fontSize: 10 }),
    text(rows.filter((r) => r.kind === 'pending' || r.kind === 'dropped'), { x: 'col', y: 'row', text: 'label', fill: 'currentColor', fontSize: 10 }),
  ];
  if (shown <= columns) marks.push(cell([{ col: colName(shown) }], { x: 'col', stroke: 'currentColor', strokeWidth: 1.5, fill: 'none' }));
  const chart = customChart(
    title,
    {
      height: 36 + 19 * Math.max(1, n),
      marginLeft: 24,
      marginTop: 26,
      marginBottom: 6,
      opacity: { type: 'identity' },
      x: { domain: Array.from({ length: columns + 1 }, (_, k) => colName(k)), axis: 'top', label: null, tickSize: 0, padding: 0 },
      y: { domain: Array.from({ length: n }, (_, i) => letter(i)), label: null, tickSize: 0, padding: 0 },
      marks,
    },
    [
      { name: 'picked as M in this step', color: accent },
      { name: 'score of a box still in play (darker = higher)', color: palette.baseline },
    ],
  );
  // While a box is dragged, a grid whose numbers did not change is not drawn again.
  chart.key = `${title}|${columns}|${shown}|${rows.map((r) => `${r.kind}:${r.label}`).join(',')}`;
  return chart;
}
