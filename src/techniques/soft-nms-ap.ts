/**
 * Average precision the way COCO computes it, for the Soft-NMS lesson: detections of all images
 * are pooled and ranked by score; within its image each detection is matched greedily (in score
 * order) to the unmatched ground-truth box it overlaps most, if that IoU is >= the evaluation
 * threshold; a matched detection is a true positive, every other one (including a second box on an
 * already matched object) a false positive. AP is the mean of the interpolated precision at the
 * 101 recall levels 0, 0.01, …, 1.
 */
import { iou, type Box, type Detection } from './soft-nms';

export interface EvalImage {
  dets: readonly Detection[];
  gts: readonly Box[];
}

export interface Ranked {
  score: number;
  tp: boolean;
}

/** COCO's evaluation thresholds 0.5, 0.55, …, 0.95. */
export const COCO_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) => Number((0.5 + 0.05 * i).toFixed(2)));

/** Matches one image's detections to its ground truth; returns them in score order with tp flags. */
export function matchImage(dets: readonly Detection[], gts: readonly Box[], thr: number): Ranked[] {
  const order = dets.map((_, i) => i).sort((a, b) => dets[b].score - dets[a].score || a - b);
  const taken = new Uint8Array(gts.length);
  return order.map((i) => {
    let best = -1;
    let bestIou = thr;
    for (let g = 0; g < gts.length; g++) {
      if (taken[g]) continue;
      const o = iou(dets[i], gts[g]);
      // >= so a detection exactly at the threshold counts; the first best on ties.
      if (o >= bestIou && (best < 0 || o > bestIou)) {
        best = g;
        bestIou = o;
      }
    }
    if (best >= 0) taken[best] = 1;
    return { score: dets[i].score, tp: best >= 0 };
  });
}

/** Precision and recall after each detection of the pooled ranking. */
export function precisionRecall(ranked: readonly Ranked[], nGt: number): { precision: number[]; recall: number[] } {
  const sorted = ranked.map((r, i) => ({ ...r, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  sorted.forEach((r, k) => {
    if (r.tp) tp++;
    precision.push(tp / (k + 1));
    recall.push(nGt > 0 ? tp / nGt : 0);
  });
  return { precision, recall };
}

/**
 * 101-point interpolated AP: at each recall level r, the best precision reached at any recall >= r
 * (0 if recall r is never reached); the mean over the 101 levels.
 */
export function ap101(precision: readonly number[], recall: readonly number[]): number {
  const n = precision.length;
  // Precision envelope: running max from the right.
  const env = precision.slice();
  for (let k = n - 2; k >= 0; k--) env[k] = Math.max(env[k], env[k + 1]);
  let sum = 0;
  let k = 0;
  for (let j = 0; j <= 100; j++) {
    const r = j / 100;
    // Recall never decreases along the ranking, so the pointer only moves forward.
    while (k < n && recall[k] < r - 1e-12) k++;
    if (k < n) sum += env[k];
  }
  return sum / 101;
}

/** AP of detections over a set of images at one IoU threshold. NaN when there is no ground truth. */
export function averagePrecision(images: readonly EvalImage[], thr: number): number {
  let nGt = 0;
  const ranked: Ranked[] = [];
  for (const im of images) {
    nGt += im.gts.length;
    for (const r of matchImage(im.dets, im.gts, thr)) ranked.push(r);
  }
  if (nGt === 0) return NaN;
  const { precision, recall } = precisionRecall(ranked, nGt);
  return ap101(precision, recall);
}

/** AP at each threshold (COCO's ten by default); their mean is AP@[.5:.95]. */
export function apAtThresholds(images: readonly EvalImage[], thresholds: readonly number[] = COCO_THRESHOLDS): number[] {
  return thresholds.map((t) => averagePrecision(images, t));
}
