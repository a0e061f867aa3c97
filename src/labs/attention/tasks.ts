/**
 * Synthetic sequence tasks of the attention lab (LABS.md §5). Plain arrays, seeded by our RNG.
 *
 * Marker task (softpick): a sequence is BOS followed by T tokens. Each token has a value 0..V−1
 * and a marker bit; with probability p exactly one random token carries the marker. The target at
 * position t is the marker's value if the marker is at or before t, else the class "none" (= V).
 * Features are factorised so that an embedding matmul gives E_val[v] + E_mark[bit] (+ E_bos):
 *   [one-hot value (V) | one-hot marker bit (2) | is-BOS (1)].
 * Many queries have nothing to retrieve ("no-op" queries): the situation that grows attention sinks.
 *
 * Max retrieval (adaptive-temperature, sa-softmax): a set of n items, each with a priority
 * ~U[0,1] and a colour 0..C−1; features [priority | one-hot colour]; label = colour of the item
 * with the largest priority.
 */
import type { Rng } from '../../core/rng';

export interface MarkerTask {
  /** Tokens after BOS (the sequence has T + 1 positions). */
  length: number;
  /** Probability that a sequence contains the marker. */
  markerProb: number;
  /** Number of token values V (classes are 0..V−1 plus "none" = V). */
  numValues: number;
}

export interface MarkerBatch {
  size: number;
  /** Positions per sequence, T + 1 (BOS first). */
  seqLen: number;
  featureDim: number;
  /** [size, seqLen, featureDim], row-major. */
  feats: Float32Array;
  /** [size, seqLen]: class per position; −1 at BOS (not scored). */
  targets: Int32Array;
  /** Marker position per sequence (1..T), or −1 when there is none. */
  markerAt: Int32Array;
  numClasses: number;
}

export const markerFeatureDim = (task: MarkerTask): number => task.numValues + 3;
export const markerClasses = (task: MarkerTask): number => task.numValues + 1;

/**
 * Draws `size` sequences. `forceMarkerAt` (optional) puts the marker of sequence 0 at that
 * position, so a widget can show one example with both retrieval and no-op queries.
 */
export function markerBatch(rng: Rng, task: MarkerTask, size: number, forceMarkerAt?: number): MarkerBatch {
  const T = task.length;
  const L = T + 1;
  const V = task.numValues;
  const F = markerFeatureDim(task);
  const feats = new Float32Array(size * L * F);
  const targets = new Int32Array(size * L);
  const markerAt = new Int32Array(size);
  for (let b = 0; b < size; b++) {
    const values = Array.from({ length: T }, () => rng.int(V));
    const has = rng.next() < task.markerProb;
    let at = has ? 1 + rng.int(T) : -1;
    if (b === 0 && forceMarkerAt !== undefined) at = forceMarkerAt;
    markerAt[b] = at;
    const base = b * L * F;
    feats[base + V + 2] = 1; // BOS flag
    targets[b * L] = -1;
    for (let t = 1; t <= T; t++) {
      const o = base + t * F;
      feats[o + values[t - 1]] = 1;
      feats[o + V + (t === at ? 1 : 0)] = 1;
      targets[b * L + t] = at > 0 && at <= t ? values[at - 1] : V;
    }
  }
  return { size, seqLen: L, featureDim: F, feats, targets, markerAt, numClasses: V + 1 };
}

/** True where the query at (b, t) has nothing to retrieve: target "none" (BOS excluded). */
export function isNoOp(batch: MarkerBatch, b: number, t: number): boolean {
  return batch.targets[b * batch.seqLen + t] === batch.numClasses - 1;
}

export interface RetrievalTask {
  /** Items per set. */
  items: number;
  /** Number of colours C (the classes). */
  colours: number;
}

export interface RetrievalBatch {
  size: number;
  items: number;
  featureDim: number;
  /** [size, items, 1 + colours]: priority then one-hot colour. */
  feats: Float32Array;
  /** [size]: colour of the max-priority item. */
  labels: Int32Array;
  /** [size]: index of the max-priority item. */
  argmax: Int32Array;
  numClasses: number;
}

export function retrievalBatch(rng: Rng, task: RetrievalTask, size: number): RetrievalBatch {
  const n = task.items;
  const F = 1 + task.colours;
  const feats = new Float32Array(size * n * F);
  const labels = new Int32Array(size);
  const argmax = new Int32Array(size);
  for (let b = 0; b < size; b++) {
    let best = -1;
    let bestAt = 0;
    for (let i = 0; i < n; i++) {
      const pr = rng.next();
      const c = rng.int(task.colours);
      const o = (b * n + i) * F;
      feats[o] = pr;
      feats[o + 1 + c] = 1;
      if (pr > best) {
        best = pr;
        bestAt = i;
        labels[b] = c;
      }
    }
    argmax[b] = bestAt;
  }
  return { size, items: n, featureDim: F, feats, labels, argmax, numClasses: task.colours };
}
