/**
 * A replay memory for continual learning (LABS.md §3): reservoir sampling (Vitter's Algorithm R)
 * over a stream of items (here: indices into a training set), plus sampling a replay batch from it.
 * After n items have streamed past a reservoir of capacity M, each of them is in it with
 * probability min(1, M/n), whatever the order of the stream. Randomness comes from the given stream.
 */
import type { Rng } from '../../core/rng';

export interface Reservoir {
  readonly capacity: number;
  /** Items kept, at most `capacity`. */
  readonly items: number[];
  /** Items that have streamed past so far. */
  seen: number;
}

export function createReservoir(capacity: number): Reservoir {
  if (!(Number.isInteger(capacity) && capacity >= 0)) throw new Error('capacity must be a non-negative integer');
  return { capacity, items: [], seen: 0 };
}

/** Offers one item: kept while the memory has room, afterwards kept with probability M/(seen+1). */
export function reservoirAdd(r: Reservoir, item: number, rng: Rng): void {
  if (r.items.length < r.capacity) {
    r.items.push(item);
  } else if (r.capacity > 0) {
    const j = rng.int(r.seen + 1);
    if (j < r.capacity) r.items[j] = item;
  }
  r.seen++;
}

/** k distinct positions out of 0..n−1 (a partial Fisher–Yates shuffle); all n when k ≥ n. */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number): number[] {
  const take = Math.min(n, Math.max(0, k));
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, take);
}

/** A replay batch: up to `size` distinct items from the reservoir (empty when it is empty). */
export function replayBatch(r: Reservoir, size: number, rng: Rng): number[] {
  return sampleWithoutReplacement(rng, r.items.length, size).map((i) => r.items[i]);
}
