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
  /** Training loss of this step's batch (absent at step 0). */
  loss?: number;
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
  /** At the last step: each method's prompt before and after training (k × d, row-major). */
  prompts?: { name: string; k: number; d: number; initial: number[]; final: number[] }[];
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

/**
 * Methods with the same prompt length and no extra hooks run as one forward pass: their prompts are
 * stacked along the batch axis (B rows per method) and the summed loss is differentiated once. The
 * methods share no variables, so each still gets exactly its own gradient and its own Adam state.
 */
export function groupMethods(methods: readonly PromptMethod[]): number[][] {
  const groups = new Map<string, number[]>();
  methods.forEach((m, j) => {
    const key = m.hooks ? `solo-${j}` : `k-${m.length}`;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  });
  return [...groups.values()];
}

/** Label logits [G·B, labels] of a group on one batch (rows j·B … j·B + B − 1 belong to the group's j-th method). */
function groupLogits(model: TinyLm, task: Task, methods: readonly PromptMethod[], g: readonly number[], b: Batch): tf.Tensor2D {
  const n = b.labels.length;
  const solo = methods[g[0]];
  if (g.length === 1) return labelLogits(model, b.ids, b.lengths, task.labelIds, { prefix: solo.prompt(), ...solo.hooks?.(b.len) });
  const prefix = tf.concat(g.map((j) => tf.tile(tf.expandDims(methods[j].prompt(), 0), [n, 1, 1])), 0);
  const ids = tf.tile(b.ids, [g.length, 1]) as tf.Tensor2D;
  const lengths = new Int32Array(n * g.length);
  for (let i = 0; i < g.length; i++) lengths.set(b.lengths, i * n);
  return labelLogits(model, ids, lengths, task.labelIds, { prefix });
}

/** One Adam step for every method of a group; returns their batch losses. */
function groupStep(model: TinyLm, task: Task, methods: readonly PromptMethod[], opts: tf.Optimizer[], g: readonly number[], b: Batch): number[] {
  const n = b.labels.length;
  const kept: tf.Scalar[] = [];
  const vars = g.flatMap((j) => methods[j].variables);
  const { value, grads } = tf.variableGrads(() => {
    const logits = groupLogits(model, task, methods, g, b);
    const parts = g.map((_, i) => labelLoss(tf.slice(logits, [i * n, 0], [n, -1]) as tf.Tensor2D, b.y));
    parts.forEach((l) => kept.push(tf.keep(l)));
    return tf.addN(parts) as tf.Scalar;
  }, vars);
  g.forEach((j) => {
    const mine: tf.NamedTensorMap = {};
    for (const v of methods[j].variables) mine[v.name] = grads[v.name];
    opts[j].applyGradients(mine);
  });
  const losses = kept.map((l) => l.dataSync()[0]);
  tf.dispose([value, ...Object.values(grads), ...kept]);
  return losses;
}

/** Evaluates a group on a prepared batch, one result per method. */
function groupEvaluate(model: TinyLm, task: Task, methods: readonly PromptMethod[], g: readonly number[], b: Batch): { loss: number; acc: number; probs: Float32Array }[] {
  const n = b.labels.length;
  const k = task.labels.length;
  const probs = tf.tidy(() => tf.softmax(groupLogits(model, task, methods, g, b)).dataSync() as Float32Array);
  return g.map((_, i) => {
    const mine = probs.slice(i * n * k, (i + 1) * n * k);
    let loss = 0;
    let right = 0;
    for (let r = 0; r < n; r++) {
      const row = mine.subarray(r * k, (r + 1) * k);
      loss -= Math.log(Math.max(row[b.labels[r]], 1e-12));
      if (row.indexOf(Math.max(...row)) === b.labels[r]) right++;
    }
    return { loss: loss / n, acc: right / n, probs: mine };
  });
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
  const groups = groupMethods(methods);
  const stats: MethodStats[] = methods.map((m) => ({ name: m.name, params: m.paramCount }));

  const evaluate = (): Preview[] => {
    const all: Float32Array[] = [];
    for (const g of groups) {
      groupEvaluate(model, task, methods, g, test).forEach((r, i) => {
        const j = g[i];
        stats[j].testLoss = r.loss;
        stats[j].testAcc = r.acc;
        all[j] = r.probs;
      });
    }
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

  const snapshot = () => methods.map((m) => Array.from(tf.tidy(() => m.prompt().dataSync())));
  const initial = snapshot();
  try {
    yield message(0, evaluate());
    for (let step = 1; step <= o.steps; step++) {
      const idx = Array.from({ length: o.batch }, () => order.int(task.train.length));
      const batch = toBatch(idx.map((i) => task.train[i]), k, task.maxLen);
      try {
        for (const g of groups) {
          const t0 = performance.now();
          const losses = groupStep(model, task, methods, opts, g, batch);
          times.push((performance.now() - t0) / g.length);
          g.forEach((j, i) => (stats[j].loss = losses[i]));
        }
      } finally {
        disposeBatch(batch);
      }
      if (stats.some((s) => !Number.isFinite(s.loss ?? NaN))) throw new Error(`a prompt method diverged at step ${step} (loss is not finite)`);
      const evalNow = step === o.steps || step % o.evalEvery === 0;
      const msg = message(step, evalNow ? evaluate() : undefined);
      if (step === o.steps) {
        const fin = snapshot();
        msg.delta.prompts = methods.map((m, j) => ({ name: m.name, k: m.length, d: model.config.dModel, initial: initial[j], final: fin[j] }));
      }
      yield msg;
    }
  } finally {
    disposeBatch(test);
    for (const opt of opts) disposeAdam(opt);
  }
}
