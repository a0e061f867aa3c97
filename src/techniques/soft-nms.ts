/**
 * Soft-NMS (Bodla, Singh, Chellappa and Davis, ICCV 2017): greedy non-maximum suppression in
 * which the hard delete is replaced by a score penalty. Plain float64 code, no tfjs.
 *
 * Conventions of this file (the lesson states them):
 * - A box is `{ x, y, w, h }` with (x, y) its top-left corner, in continuous coordinates: its area
 *   is w·h (no "+1" pixel-inclusive areas as in the official Cython code).
 * - A box is penalised when its IoU with the pick is >= N_t (the paper's comparison; the official
 *   code uses >).
 * - Ties in score go to the lowest index, so every run gives the same order.
 * - A box whose score falls below `scoreThreshold` (default 0.001, as in the official code) is
 *   dropped; so is a box whose score starts below it.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Detection extends Box {
  score: number;
}

export type Method = 'nms' | 'linear' | 'gaussian';

export interface NmsOptions {
  method: Method;
  /** Overlap threshold N_t of hard NMS and linear Soft-NMS. */
  nt: number;
  /** σ of Gaussian Soft-NMS (the weight is exp(-iou²/σ)). */
  sigma: number;
  /** Boxes whose score falls below this are dropped. */
  scoreThreshold?: number;
}

export const SCORE_THRESHOLD = 0.001;

/** Intersection over union with continuous areas; 0 when both boxes are empty. */
export function iou(a: Box, b: Box): number {
  const iw = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const ih = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** The factor a remaining box's score is multiplied by, given its IoU with the pick M. */
export function rescoreFactor(method: Method, overlap: number, nt: number, sigma: number): number {
  switch (method) {
    case 'nms':
      return overlap >= nt ? 0 : 1;
    case 'linear':
      return overlap >= nt ? 1 - overlap : 1;
    case 'gaussian':
      return Math.exp(-(overlap * overlap) / sigma);
  }
}

/** One iteration of the greedy loop. */
export interface NmsStep {
  /** Index of the box picked as M in this iteration. */
  pick: number;
  /** Its score when picked (its final score). */
  pickScore: number;
  /** IoU of every box with M (NaN for boxes already picked or dropped before this step). */
  overlaps: number[];
  /** Factor applied to every box still in play (NaN for boxes not in play, including M). */
  factors: number[];
  /** Score of every box after this step: picked boxes keep their pick score, dropped ones are 0. */
  scores: number[];
  /** Indices dropped in this step (score fell below the threshold, or 0 under hard NMS). */
  dropped: number[];
}

export interface NmsTrace {
  initial: number[];
  steps: NmsStep[];
  /** Picked boxes in pick order, with their final scores. */
  kept: { index: number; score: number }[];
  /** Boxes never picked (dropped at the start or during the loop). */
  dropped: number[];
}

/**
 * Runs the greedy loop (paper Algorithm 1) and records every iteration. O(N²). The argmax is
 * re-taken over the current scores each iteration, since rescoring changes the ranking.
 */
export function softNmsTrace(dets: readonly Detection[], opts: NmsOptions): NmsTrace {
  const thr = opts.scoreThreshold ?? SCORE_THRESHOLD;
  const n = dets.length;
  const initial = dets.map((d) => d.score);
  const scores = initial.slice();
  // 0 = in play, 1 = picked, 2 = dropped
  const state = new Uint8Array(n);
  const dropped: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!(scores[i] >= thr)) {
      state[i] = 2;
      scores[i] = 0;
      dropped.push(i);
    }
  }
  const steps: NmsStep[] = [];
  const kept: { index: number; score: number }[] = [];
  for (;;) {
    let m = -1;
    for (let i = 0; i < n; i++) if (state[i] === 0 && (m < 0 || scores[i] > scores[m])) m = i;
    if (m < 0) break;
    state[m] = 1;
    kept.push({ index: m, score: scores[m] });
    const overlaps = new Array<number>(n).fill(NaN);
    const factors = new Array<number>(n).fill(NaN);
    const gone: number[] = [];
    for (let i = 0; i < n; i++) {
      if (state[i] !== 0) continue;
      const o = iou(dets[m], dets[i]);
      const f = rescoreFactor(opts.method, o, opts.nt, opts.sigma);
      overlaps[i] = o;
      factors[i] = f;
      scores[i] *= f;
      if (!(scores[i] >= thr)) {
        state[i] = 2;
        scores[i] = 0;
        gone.push(i);
        dropped.push(i);
      }
    }
    overlaps[m] = 1;
    steps.push({ pick: m, pickScore: scores[m], overlaps, factors, scores: scores.slice(), dropped: gone });
  }
  return { initial, steps, kept, dropped };
}

/**
 * The kept detections with their new scores, in pick order (highest first). The same loop as
 * `softNmsTrace` without recording it (the AP evaluation calls this thousands of times).
 */
export function softNms(dets: readonly Detection[], opts: NmsOptions): Detection[] {
  const thr = opts.scoreThreshold ?? SCORE_THRESHOLD;
  const n = dets.length;
  const scores = Float64Array.from(dets, (d) => d.score);
  const live = new Uint8Array(n);
  for (let i = 0; i < n; i++) live[i] = scores[i] >= thr ? 1 : 0;
  const out: Detection[] = [];
  for (;;) {
    let m = -1;
    for (let i = 0; i < n; i++) if (live[i] && (m < 0 || scores[i] > scores[m])) m = i;
    if (m < 0) return out;
    live[m] = 0;
    out.push({ ...dets[m], score: scores[m] });
    for (let i = 0; i < n; i++) {
      if (!live[i]) continue;
      scores[i] *= rescoreFactor(opts.method, iou(dets[m], dets[i]), opts.nt, opts.sigma);
      if (!(scores[i] >= thr)) live[i] = 0;
    }
  }
}
