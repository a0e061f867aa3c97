/**
 * Lockstep training on max retrieval (LABS.md §5): N copies of the retriever, one per normaliser,
 * start from the same weights (fork 'init') and see the same batches in the same order (fork
 * 'data'); every `evalEvery` steps each copy is scored on fixed evaluation sets (fork 'eval', one
 * set of `evalSize` per entry of `evalItems`). An async generator of `Progress`, so a widget
 * worker and a Vitest test drive the same code. Generic: the normalisers come from the caller
 * (sa-softmax trains with them; adaptive temperature can evaluate with another one via
 * `evalNormalisers`). Only the types here are safe to import from a page bundle.
 */
import { tf, initTf, type BackendName } from '../tf/backend';
import { createRng } from '../../core/rng';
import type { Progress } from '../../core/progress';
import { retrievalBatch, type RetrievalBatch, type RetrievalTask } from './tasks';
import { initRetriever, retrievalLoss, retrieverForward, type RetrieverShape } from './retriever';
import type { NamedNormaliser } from './normaliser';
import { createVars, disposeVars, gradList, varList, type VarSet } from './params';

export interface RetrievalRunConfig {
  /** Training sets: `items` per set, `colours` classes. */
  task: RetrievalTask;
  steps: number;
  batchSize: number;
  learningRate: number;
  dModel: number;
  readoutHidden: number;
  /** Set sizes evaluated (each a fixed batch of `evalSize` sets). */
  evalItems: number[];
  evalSize: number;
  evalEvery: number;
  reportEvery: number;
}

/** LABS.md §5: d = 32, 4 colours, Adam 3e-3, batch 32, n = 16. */
export const RETRIEVAL_DEFAULTS: RetrievalRunConfig = {
  task: { items: 16, colours: 4 },
  steps: 300,
  batchSize: 32,
  learningRate: 3e-3,
  dModel: 32,
  readoutHidden: 32,
  evalItems: [16],
  evalSize: 256,
  evalEvery: 25,
  reportEvery: 5,
};

/** One model on one evaluation set size. */
export interface RetrievalEval {
  items: number;
  accuracy: number;
  loss: number;
  /** Mean attention weight on the max-priority item. */
  topWeight: number;
  /** Mean attention row sum (1 for softmax; other normalisers need not sum to 1). */
  rowSum: number;
}

export interface RetrievalDelta {
  step: number;
  /** Mean training loss per model since the last report (same order as the normalisers). */
  trainLoss: number[];
  /** Present every `evalEvery` steps and at the end: evals[model][evalItems index]. */
  eval?: RetrievalEval[][];
}

export type RetrievalProgress = Progress<RetrievalDelta>;

export const retrieverShape = (c: RetrievalRunConfig): RetrieverShape => ({ featureDim: 1 + c.task.colours, dModel: c.dModel, readoutHidden: c.readoutHidden, numClasses: c.task.colours });

interface Tensors {
  feats: tf.Tensor3D;
  labels: tf.Tensor2D;
}

function toTensors(b: RetrievalBatch): Tensors {
  const oh = new Float32Array(b.size * b.numClasses);
  for (let i = 0; i < b.size; i++) oh[i * b.numClasses + b.labels[i]] = 1;
  return { feats: tf.tensor3d(b.feats, [b.size, b.items, b.featureDim]), labels: tf.tensor2d(oh, [b.size, b.numClasses]) };
}

/** Scores one model on one fixed batch. */
export function evaluateRetriever(v: VarSet, shape: RetrieverShape, batch: RetrievalBatch, t: Tensors, norm: NamedNormaliser): RetrievalEval {
  const [logits, attn, loss] = tf.tidy(() => {
    const o = retrieverForward(v, shape, t.feats, tf.ones([1, 1, batch.items]), norm.normalise);
    return [o.logits, o.attn, retrievalLoss(o.logits, t.labels)];
  });
  const lg = logits.dataSync();
  const w = attn.dataSync();
  const l = loss.dataSync()[0];
  tf.dispose([logits, attn, loss]);
  const C = batch.numClasses;
  const n = batch.items;
  let correct = 0;
  let top = 0;
  let sum = 0;
  for (let b = 0; b < batch.size; b++) {
    let best = 0;
    for (let k = 1; k < C; k++) if (lg[b * C + k] > lg[b * C + best]) best = k;
    if (best === batch.labels[b]) correct++;
    top += w[b * n + batch.argmax[b]];
    for (let i = 0; i < n; i++) sum += w[b * n + i];
  }
  return { items: n, accuracy: correct / batch.size, loss: l, topWeight: top / batch.size, rowSum: sum / batch.size };
}

/**
 * Trains one retriever per normaliser in lockstep. `evalNormalisers` (optional, same length)
 * replaces each model's normaliser at evaluation time only.
 */
export async function* trainRetrievalLockstep(
  c: RetrievalRunConfig,
  normalisers: readonly NamedNormaliser[],
  seed: number,
  prefer: BackendName = 'wasm',
  evalNormalisers?: readonly NamedNormaliser[],
): AsyncGenerator<RetrievalProgress, void, void> {
  const backend = await initTf(prefer);
  const shape = retrieverShape(c);
  const rng = createRng(seed);
  const w0 = initRetriever(rng.fork('init'), shape);
  const dataRng = rng.fork('data');
  const evalRng = rng.fork('eval');
  const evalSets = c.evalItems.map((items) => {
    const b = retrievalBatch(evalRng, { ...c.task, items }, c.evalSize);
    return { b, t: toTensors(b) };
  });
  const trainMask = tf.ones([1, 1, c.task.items]);
  const models = normalisers.map((n, i) => ({ n, e: evalNormalisers?.[i] ?? n, vars: createVars(w0), opt: tf.train.adam(c.learningRate), lossSum: 0 }));
  const evaluateAll = () => models.map((m) => evalSets.map((s) => evaluateRetriever(m.vars, shape, s.b, s.t, m.e)));
  const info = () => ({ backend, numTensors: tf.memory().numTensors });

  try {
    yield { step: 0, total: c.steps, delta: { step: 0, trainLoss: [], eval: evaluateAll() }, info: info() };
    let since = 0;
    for (let s = 1; s <= c.steps; s++) {
      const bt = toTensors(retrievalBatch(dataRng, c.task, c.batchSize));
      try {
        for (const m of models) {
          m.lossSum += tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => retrievalLoss(retrieverForward(m.vars, shape, bt.feats, trainMask, m.n.normalise).logits, bt.labels), varList(m.vars));
            m.opt.applyGradients(gradList(grads));
            return value.dataSync()[0];
          });
        }
      } finally {
        tf.dispose([bt.feats, bt.labels]);
      }
      since++;
      const last = s === c.steps;
      if (s % c.reportEvery === 0 || last) {
        const ev = s % c.evalEvery === 0 || last ? evaluateAll() : undefined;
        const trainLoss = models.map((m) => m.lossSum / since);
        for (const m of models) m.lossSum = 0;
        since = 0;
        yield { step: s, total: c.steps, delta: { step: s, trainLoss, ...(ev ? { eval: ev } : {}) }, info: info() };
      }
    }
  } finally {
    for (const m of models) {
      disposeVars(m.vars);
      m.opt.dispose();
    }
    for (const s of evalSets) tf.dispose([s.t.feats, s.t.labels]);
    trainMask.dispose();
  }
}
