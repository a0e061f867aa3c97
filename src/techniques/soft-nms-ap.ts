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

/** One detection after matching: its score and whether it found an object. */
export interface Ranked {
  score: number;
  tp: boolean;
}

/** COCO's evaluation thresholds 0.5, 0.55, …, 0.95. */
export const COCO_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) => Number((0.5 + 0.05 * i).toFixed(2)));

/** One image prepared for matching at many thresholds: score order and the IoU of every pair. */
interface Prepared {
  order: number[];
  scores: number[];
  /** ious[k * nGt + g] = IoU of the k-th detection in score order with ground-truth box g. */
  ious: Float64Array;
  nGt: number;
}

function prepare(dets: readonly Detection[], gts: readonly Box[]): Prepared {
  const order = dets.map((_, i) => i).sort((a, b) => dets[b].score - dets[a].score || a - b);
  const ious = new Float64Array(order.length * gts.length);
  order.forEach((i, k) => {
    for (let g = 0; g < gts.length; g++) ious[k * gts.length + g] = iou(dets[i], gts[g]);
  });
  return { order, scores: order.map((i) => dets[i].score), ious, nGt: gts.length };
}

function matchPrepared(p: Prepared, thr: number): Ranked[] {
  const taken = new Uint8Array(p.nGt);
  return p.order.map((_, k) => {
    let best = -1;
    let bestIou = thr;
    for (let g = 0; g < p.nGt; g++) {
      if (taken[g]) continue;
      const o = p.ious[k * p.nGt + g];
      // >= so a detection exactly at the threshold counts; the first best on ties.
      if (o >= bestIou && (best < 0 || o > bestIou)) {
        best = g;
        bestIou = o;
      }
    }
    if (best >= 0) taken[best] = 1;
    return { score: p.scores[k], tp: best >= 0 };
  });
}

/** Matches one image's detections to its ground truth; returns them in score order with tp flags. */
export function matchImage(dets: readonly Detection[], gts: readonly Box[], thr: number): Ranked[] {
  return matchPrepared(prepare(dets, gts), thr);
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

/** AP at each threshold over prepared images; the pooled ranking is sorted once for all of them. */
function apOfPrepared(prepared: readonly Prepared[], thresholds: readonly number[]): number[] {
  const nGt = prepared.reduce((n, p) => n + p.nGt, 0);
  // Pooled ranking by score; ties by image, then by rank within the image.
  const pool: { img: number; k: number; score: number }[] = [];
  prepared.forEach((p, img) => p.scores.forEach((score, k) => pool.push({ img, k, score })));
  pool.sort((a, b) => b.score - a.score || a.img - b.img || a.k - b.k);
  return thresholds.map((thr) => {
    if (nGt === 0) return NaN;
    const tp = prepared.map((p) => matchPrepared(p, thr));
    const precision: number[] = [];
    const recall: number[] = [];
    let hits = 0;
    pool.forEach((d, j) => {
      if (tp[d.img][d.k].tp) hits++;
      precision.push(hits / (j + 1));
      recall.push(hits / nGt);
    });
    return ap101(precision, recall);
  });
}

/** AP of detections over a set of images at one IoU threshold. NaN when there is no ground truth. */
export function averagePrecision(images: readonly EvalImage[], thr: number): number {
  return apOfPrepared(images.map((im) => prepare(im.dets, im.gts)), [thr])[0];
}

/** AP at each threshold (COCO's ten by default); their mean is AP@[.5:.95]. IoUs are computed once. */
export function apAtThresholds(images: readonly EvalImage[], thresholds: readonly number[] = COCO_THRESHOLDS): number[] {
  return apOfPrepared(images.map((im) => prepare(im.dets, im.gts)), thresholds);
}
