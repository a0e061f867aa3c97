/**
 * Seeded synthetic detection scenes for the Soft-NMS lesson: ground-truth objects in a 100 × 64
 * frame, some of them placed to overlap a neighbour (the "crowding" probability), and for each
 * object a handful of jittered candidate boxes whose score follows how well they fit, plus a few
 * low-scoring false positives. A stand-in for a detector's raw output before suppression.
 */
import { createRng, type Rng } from '../core/rng';
import { clamp } from '../core/math';
import { iou, type Box, type Detection } from './soft-nms';

export const FRAME = { w: 100, h: 64 } as const;

export interface Scene {
  gts: Box[];
  dets: Detection[];
}

export interface SceneOptions {
  /** Probability that a new object is placed overlapping an existing one. */
  crowding: number;
  /** Number of objects (default 6). */
  objects?: number;
}

function clampBox(b: Box): Box {
  const w = clamp(b.w, 2, FRAME.w);
  const h = clamp(b.h, 2, FRAME.h);
  return { x: clamp(b.x, 0, FRAME.w - w), y: clamp(b.y, 0, FRAME.h - h), w, h };
}

/** An object of width 10–22.5 and a person-like or car-like aspect. */
function randomSize(rng: Rng): { w: number; h: number } {
  const w = rng.uniform(10, 22.5);
  return { w, h: w * rng.uniform(0.8, 1.6) };
}

function placeObject(rng: Rng, gts: Box[], crowding: number): Box {
  const { w, h } = randomSize(rng);
  if (gts.length > 0 && rng.next() < crowding) {
    // Overlap an existing object: shift by 25–50% of its size along one axis, a little along the other.
    const a = gts[rng.int(gts.length)];
    const along = rng.uniform(0.25, 0.5) * (rng.next() < 0.5 ? -1 : 1);
    const across = rng.uniform(-0.1, 0.1);
    const horizontal = rng.next() < 0.7;
    const cx = a.x + a.w / 2 + (horizontal ? along * a.w : across * a.w);
    const cy = a.y + a.h / 2 + (horizontal ? across * a.h : along * a.h);
    // Keep the neighbour's size roughly, so the two overlap at IoU of about 0.3–0.6.
    const s = rng.uniform(0.9, 1.1);
    return clampBox({ x: cx - (a.w * s) / 2, y: cy - (a.h * s) / 2, w: a.w * s, h: a.h * s });
  }
  // Otherwise somewhere free: a few tries at low overlap with every object so far.
  let best: Box = clampBox({ x: rng.uniform(0, FRAME.w - w), y: rng.uniform(0, FRAME.h - h), w, h });
  for (let t = 0; t < 20; t++) {
    if (gts.every((g) => iou(g, best) < 0.05)) break;
    best = clampBox({ x: rng.uniform(0, FRAME.w - w), y: rng.uniform(0, FRAME.h - h), w, h });
  }
  return best;
}

/** A candidate around an object: centre and size jittered by a Gaussian with std = `rel` × size. */
function jitter(rng: Rng, g: Box, rel: number): Box {
  const cx = g.x + g.w / 2 + rng.normal(0, rel * g.w);
  const cy = g.y + g.h / 2 + rng.normal(0, rel * g.h);
  const w = g.w * Math.exp(rng.normal(0, rel));
  const h = g.h * Math.exp(rng.normal(0, rel));
  return clampBox({ x: cx - w / 2, y: cy - h / 2, w, h });
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** One scene. Everything comes from `rng`, so the same stream gives the same scene. */
export function generateScene(rng: Rng, opts: SceneOptions): Scene {
  const nObj = opts.objects ?? 6;
  const gts: Box[] = [];
  for (let i = 0; i < nObj; i++) gts.push(placeObject(rng, gts, opts.crowding));
  const dets: Detection[] = [];
  for (const g of gts) {
    // How sure the detector is about this object; all its candidates share it, so duplicates
    // score almost as high as the best box (as in real detectors) and only fit moves them apart.
    const conf = rng.uniform(0.5, 1);
    const k = 3 + rng.int(5); // 3–7 candidates per object
    for (let j = 0; j < k; j++) {
      // The first candidate is the detector's best guess: tighter and a little more confident.
      const b = jitter(rng, g, j === 0 ? 0.03 : 0.08);
      const s = conf * (0.55 + 0.5 * iou(b, g)) + (j === 0 ? 0.02 : 0) + rng.normal(0, 0.04);
      dets.push({ ...b, score: round(clamp(s, 0.01, 0.99), 4) });
    }
  }
  const fps = 2 + rng.int(4); // 2–5 false positives
  for (let j = 0; j < fps; j++) {
    const { w, h } = randomSize(rng);
    const b = clampBox({ x: rng.uniform(0, FRAME.w - w), y: rng.uniform(0, FRAME.h - h), w, h });
    dets.push({ ...b, score: round(rng.uniform(0.05, 0.3), 4) });
  }
  return { gts, dets };
}

/** `count` scenes at one crowding level, from the seed's "scenes" stream for that level. */
export function generateScenes(seed: number, crowding: number, count: number, objects?: number): Scene[] {
  const rng = createRng(seed).fork(`scenes-${crowding}`);
  return Array.from({ length: count }, () => generateScene(rng, { crowding, objects }));
}
