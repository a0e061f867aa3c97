/**
 * The editable scene of the step-through widget as one URL-safe string: `x,y,w,h,score;…`, boxes in
 * the 100 × 64 frame of `soft-nms-scenes.ts` with (x, y) the top-left corner. Parsing validates
 * and clamps; anything unreadable falls back to the default scene with a notice.
 */
import type { ParseResult } from '../kit/params';
import type { EditRecord, EditSpec } from '../kit/edit-spec';
import { FRAME } from '../../techniques/soft-nms-scenes';
import type { Detection } from '../../techniques/soft-nms';

export const MAX_BOXES = 12;
export const MIN_SIZE = 2;

/**
 * Two people standing close together (A and B on the left one, C and D on the right one, which A
 * overlaps by more than N_t = 0.3), a lone object with two boxes (E, F) and a stray false positive (G).
 */
export const DEFAULT_SCENE = '8,14,30,46,0.95;10,19,29,44,0.8;20,10,30,46,0.85;21,16,28,45,0.6;66,26,22,28,0.9;67,31,21,25,0.7;50,2,14,11,0.3';

export const letter = (i: number) => String.fromCharCode(65 + i);

const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;

function clampBox(x: number, y: number, w: number, h: number, s: number): Detection {
  const ww = Math.min(FRAME.w, Math.max(MIN_SIZE, r1(w)));
  const hh = Math.min(FRAME.h, Math.max(MIN_SIZE, r1(h)));
  return {
    x: Math.min(FRAME.w - ww, Math.max(0, r1(x))),
    y: Math.min(FRAME.h - hh, Math.max(0, r1(y))),
    w: ww,
    h: hh,
    score: Math.min(1, Math.max(0, r2(s))),
  };
}

export function encodeScene(dets: readonly Detection[]): string {
  return dets.map((d) => [d.x, d.y, d.w, d.h, d.score].map((v) => String(v)).join(',')).join(';');
}

/** Parses a scene string; null if it is not a list of up to 12 five-number boxes. */
export function decodeScene(raw: string): Detection[] | null {
  const t = raw.trim();
  if (t === '') return [];
  const parts = t.split(';').filter((p) => p.trim() !== '');
  if (parts.length > MAX_BOXES) return null;
  const out: Detection[] = [];
  for (const p of parts) {
    const v = p.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (v.length !== 5 || v.some((n) => !Number.isFinite(n))) return null;
    out.push(clampBox(v[0], v[1], v[2], v[3], v[4]));
  }
  return out;
}

/** The text parameter's validator: normalised scene, or the default with a notice. */
export function parseScene(raw: string): ParseResult {
  const dets = decodeScene(raw);
  if (dets === null) {
    return {
      value: DEFAULT_SCENE,
      notice: `Boxes: expected up to ${MAX_BOXES} boxes written as x,y,w,h,score separated by semicolons; showing the default scene.`,
    };
  }
  const value = encodeScene(dets);
  return value === raw.trim() ? { value } : { value, notice: 'Boxes: some values were outside the frame or the score range 0–1 and were clamped.' };
}

const toRecord = (d: Detection): EditRecord => ({ x: d.x, y: d.y, w: d.w, h: d.h, score: d.score });

/** Direct manipulation of the scene: drag boxes on chart 0, edit fields, add and delete boxes. */
export const sceneEdit: EditSpec = {
  param: 'boxes',
  noun: 'box',
  maxItems: MAX_BOXES,
  minItems: 0,
  fields: [
    { name: 'x', label: 'x', min: 0, max: FRAME.w, step: 0.5 },
    { name: 'y', label: 'y', min: 0, max: FRAME.h, step: 0.5 },
    { name: 'w', label: 'width', min: MIN_SIZE, max: FRAME.w, step: 0.5 },
    { name: 'h', label: 'height', min: MIN_SIZE, max: FRAME.h, step: 0.5 },
    { name: 'score', label: 'score', min: 0, max: 1, step: 0.01 },
  ],
  decode: (v) => (decodeScene(v) ?? []).map(toRecord),
  encode: (items) => encodeScene(items.map((it) => clampBox(it.x, it.y, it.w, it.h, it.score))),
  create: (items): EditRecord => {
    // A copy of the last box, nudged, so the new one overlaps something worth suppressing.
    const last = items[items.length - 1];
    if (!last) return { x: 40, y: 20, w: 20, h: 24, score: 0.8 };
    return { x: last.x + 4, y: last.y + 2, w: last.w, h: last.h, score: r2(last.score * 0.9) };
  },
  label: (it, i) => `${letter(i)} (score ${it.score.toFixed(2)})`,
  target: { chart: 0, x: 'x', y: 'y', w: 'w', h: 'h' },
};
