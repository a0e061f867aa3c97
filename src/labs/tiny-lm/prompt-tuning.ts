/**
 * One training loop for every prompt method on the frozen tiny LM (LABS.md §1.2, §1.4).
 *
 * A method is an object holding its trainable variables, a `prompt()` that builds the k × d vectors
 * prepended to the input, optional extra hooks (e.g. per-position input offsets) and its
 * trainable-parameter count. Vanilla prompt tuning lives here (the shared baseline); paper-specific
 * methods live in `techniques/<slug>.ts` and are passed in. `trainPrompts` trains several methods
 * side by side on the same batches in the same order with Adam, evaluates them on the task's
 * held-out inputs, and yields progress messages a widget can fold.
 */
import { createRng, type Rng } from '../../core/rng';
import type { Progress } from '../../core/progress';
import { tf } from '../tf/backend';
import { labelLogits, padBatch } from './lm-ops';
import type { ForwardHooks, TinyLm } from './model';
import type { Task, TaskExample } from './tasks';

export interface PromptMethod {
  readonly name: string;
  readonly variables: tf.Variable[];
  readonly paramCount: number;
  /** Number of vectors `prompt()` returns. */
  readonly length: number;
  /** The k × d prompt (call inside a tidy / minimize closure). */
  prompt(): tf.Tensor2D;
  /** Extra hooks for a batch of padded length `len` (e.g. input offsets). */
  hooks?(len: number): Partial<ForwardHooks>;
  /** Learning rate for this method (default: the run's). */
  readonly lr?: number;
  dispose(): void;
}

/** Root-mean-square of the token-embedding table: the scale prompts should start at (LABS.md §7.9). */
export function embeddingRms(model: TinyLm): number {
  const e = model.vars.tokEmb.dataSync();
  let s = 0;
  for (let i = 0; i < e.length; i++) s += e[i] * e[i];
  return Math.sqrt(s / e.length);
}

/** k rows copied from the embedding table at ids drawn by `rng` (sampled-vocabulary init). */
export function sampledVocabRows(model: TinyLm, k: number, rng: Rng): Float32Array {
  const { vocabSize: v, dModel: d } = model.config;
  const e = model.vars.tokEmb.dataSync();
  const out = new Float32Array(k * d);
  for (let i = 0; i < k; i++) {
    const id = 3 + rng.int(v - 3); // skip <pad> <bos> <eos>
    out.set(e.subarray(id * d, (id + 1) * d), i * d);
  }
  return out;
}

/** Vanilla prompt tuning (Lester et al. 2021): k free vectors, k·d parameters. */
export function vanillaPrompt(model: TinyLm, k: number, rng: Rng, name = 'vanilla PT'): PromptMethod {
  const d = model.config.dModel;
  const p = tf.tidy(() => tf.variable(tf.tensor2d(sampledVocabRows(model, k, rng), [k, d]), true));
  return {
    name,
    variables: [p],
    paramCount: k * d,
    length: k,
    prompt: () => p as tf.Tensor2D,
    dispose: () => p.dispose(),
  };
}

export interface PromptRunOptions {
  steps: number;
  batch: number;
  lr: number;
  /** Evaluate on the test inputs every this many steps (and at 0 and the end). */
  evalEvery: number;
  seed: number;
  /** Test inputs whose predictions are reported at each evaluation. */
  previews?: number;
}

export interface MethodStats {
  name: string;
  params: number;
  /** Training loss of this step's batch. */
  loss: number;
  testLoss?: number;
  testAcc?: number;
}

export interface Preview {
  /** Index into task.test. */
  index: number;
  /** Per method: predicted label index and its probability (over the label words). */
  predictions: { label: number; prob: number }[];
}

export interface PromptDelta {
  step: number;
  methods: MethodStats[];
  previews?: Preview[];
  /** Median wall-clock ms per training step of one method so far (volatile). */
  msPerStep?: number;
}

/** Frees an Adam optimiser fully (its own dispose forgets the base class's iteration counter). */
export function disposeAdam(opt: tf.Optimizer): void {
  opt.dispose();
  tf.Optimizer.prototype.dispose.call(opt);
}

/** Mean cross-entropy over the verbaliser rows. */
function labelLoss(logits: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), y), 1))) as tf.Scalar;
}

interface Batch {
  ids: tf.Tensor2D;
  lengths: Int32Array;
  y: tf.Tensor2D;
  len: number;
  labels: number[];
}

function toBatch(ex: readonly TaskExample[], k: number, len: number): Batch {
  const { ids, lengths } = padBatch(ex.map((e) => e.ids), len);
  const labels = ex.map((e) => e.label);
  return { ids: tf.tensor2d(ids, [ex.length, len], 'int32'), lengths, y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), k) as tf.Tensor2D), len, labels };
}

function disposeBatch(b: Batch): void {
  b.ids.dispose();
  b.y.dispose();
}

/** Loss, accuracy and per-example label probabilities of one method on a prepared batch. */
export function evaluateMethod(model: TinyLm, task: Task, m: PromptMethod, b: Batch): { loss: number; acc: number; probs: Float32Array } {
  const probs = tf.tidy(() => tf.softmax(labelLogits(model, b.ids, b.lengths, task.labelIds, { prefix: m.prompt(), ...m.hooks?.(b.len) })).dataSync() as Float32Array);
  const k = task.labels.length;
  let loss = 0;
  let right = 0;
  for (let i = 0; i < b.labels.length; i++) {
    const row = probs.subarray(i * k, (i + 1) * k);
    loss -= Math.log(Math.max(row[b.labels[i]], 1e-12));
    if (row.indexOf(Math.max(...row)) === b.labels[i]) right++;
  }
  return { loss: loss / b.labels.length, acc: right / b.labels.length, probs };
}

/**
 * Trains all `methods` on the same batches (drawn once per step from the seed) and yields after
 * every step; evaluations ride on the messages at step 0, every `evalEvery` steps and the end.
 * Frozen weights are never passed to the optimiser. Frees the methods' optimisers at the end (the
 * methods themselves belong to the caller).
 */
export async function* trainPrompts(model: TinyLm, task: Task, methods: readonly PromptMethod[], o: PromptRunOptions): AsyncGenerator<Progress<PromptDelta>, void, void> {
  const k = task.labels.length;
  const maxPrompt = Math.max(...methods.map((m) => m.length));
  if (maxPrompt + task.maxLen > model.config.context) throw new Error(`prompt (${maxPrompt}) + input (${task.maxLen}) exceeds the context of ${model.config.context}`);
  const order = createRng(o.seed).fork('prompt-batches');
  const opts = methods.map((m) => tf.train.adam(m.lr ?? o.lr));
  const test = toBatch(task.test, k, task.maxLen);
  const nPrev = Math.min(o.previews ?? 4, task.test.length);
  const times: number[] = [];
  const stats = methods.map((m) => ({ name: m.name, params: m.paramCount, loss: NaN }) as MethodStats);

  const evaluate = (): Preview[] => {
    const all = methods.map((m, j) => {
      const r = evaluateMethod(model, task, m, test);
      stats[j].testLoss = r.loss;
      stats[j].testAcc = r.acc;
      return r.probs;
    });
    return Array.from({ length: nPrev }, (_, i) => ({
      index: i,
      predictions: all.map((p) => {
        const row = Array.from(p.subarray(i * k, (i + 1) * k));
        const label = row.indexOf(Math.max(...row));
        return { label, prob: row[label] };
      }),
    }));
  };
  const message = (step: number, previews?: Preview[]): Progress<PromptDelta> => {
    const sorted = [...times].sort((a, b) => a - b);
    return {
      step,
      total: o.steps,
      delta: { step, methods: stats.map((s) => (previews ? { ...s } : { name: s.name, params: s.params, loss: s.loss })), previews, msPerStep: sorted.length ? sorted[sorted.length >> 1] : undefined },
      info: { numTensors: tf.memory().numTensors },
    };
  };

  try {
    yield message(0, evaluate());
    for (let step = 1; step <= o.steps; step++) {
      const idx = Array.from({ length: o.batch }, () => order.int(task.train.length));
      const batch = toBatch(idx.map((i) => task.train[i]), k, task.maxLen);
      try {
        methods.forEach((m, j) => {
          const t0 = performance.now();
          const loss = tf.tidy(() => {
            const l = opts[j].minimize(() => labelLoss(labelLogits(model, batch.ids, batch.lengths, task.labelIds, { prefix: m.prompt(), ...m.hooks?.(batch.len) }), batch.y), true, m.variables) as tf.Scalar;
            return l.dataSync()[0];
          });
          times.push(performance.now() - t0);
          stats[j].loss = loss;
        });
      } finally {
        disposeBatch(batch);
      }
      if (stats.some((s) => !Number.isFinite(s.loss))) throw new Error(`a prompt method diverged at step ${step} (loss is not finite)`);
      const evalNow = step === o.steps || step % o.evalEvery === 0;
      yield message(step, evalNow ? evaluate() : undefined);
    }
  } finally {
    disposeBatch(test);
    for (const opt of opts) disposeAdam(opt);
  }
}
