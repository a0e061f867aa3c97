/** Leak checks for tfjs code (DESIGN.md §4): one burn-in call, then the tensor count must not move. */
import * as tf from '@tensorflow/tfjs-core';

/** Runs `fn` once to warm caches, then again; returns how many tensors the second call left behind. */
export async function tensorsLeaked(fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  const before = tf.memory().numTensors;
  await fn();
  return tf.memory().numTensors - before;
}

/** Drains an async generator (a widget run) to the end; returns the items it yielded. */
export async function drain<T>(gen: AsyncGenerator<T, void, void>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}
