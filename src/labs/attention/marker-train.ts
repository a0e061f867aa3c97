/**
 * Lockstep training on the marker task: N copies of one transformer, one per normaliser, start
 * from the same weights and see the same batches in the same order. The run is an async
 * generator of `Progress` messages (train losses every `reportEvery` steps, evaluations every
 * `evalEvery` steps, and the attention maps of one example at the end), so a widget worker and a
 * Vitest test drive the same code.
 */
import { tf, initTf, type BackendName } from '../tf/backend';
import { createRng } from '../../core/rng';
import { markerBatch, isNoOp, type MarkerBatch } from './tasks';
import { markerEvalBatch, markerShape, sequenceValues, type MarkerEval, type MarkerExample, type MarkerProgress, type MarkerRunConfig } from './marker-run';
import { initTransformer, positionLoss, transformerForward, type TransformerShape } from './transformer';
import { causalMask, type NamedNormaliser } from './normaliser';
import { createVars, disposeVars, gradList, varList, type VarSet } from './params';
import { bosMassPerHead, kurtosis, maxAbs, querySetStats, sinkRate, sparsity, type MapDims } from './stats';

interface BatchTensors {
  feats: tf.Tensor3D;
  targets: tf.Tensor2D;
  count: number;
}

function toTensors(b: MarkerBatch): BatchTensors {
  const oh = new Float32Array(b.size * b.seqLen * b.numClasses);
  let count = 0;
  for (let i = 0; i < b.targets.length; i++)
    if (b.targets[i] >= 0) {
      oh[i * b.numClasses + b.targets[i]] = 1;
      count++;
    }
  return {
    feats: tf.tensor3d(b.feats, [b.size, b.seqLen, b.featureDim]),
    targets: tf.tensor2d(oh, [b.size * b.seqLen, b.numClasses]),
    count,
  };
}

const disposeBatch = (t: BatchTensors) => {
  t.feats.dispose();
  t.targets.dispose();
};

/** Evaluates one model on a batch: accuracy, loss and every attention statistic. */
export function evaluateMarker(v: VarSet, shape: TransformerShape, batch: MarkerBatch, bt: BatchTensors, mask: tf.Tensor, norm: NamedNormaliser, c: MarkerRunConfig): { eval: MarkerEval; attn: Float32Array } {
  const [logits, attnT, hidden, loss] = tf.tidy(() => {
    const o = transformerForward(v, shape, bt.feats, mask, norm.normalise);
    return [o.logits, o.attn, o.hidden, positionLoss(o.logits, bt.targets, bt.count)];
  });
  const lg = logits.dataSync();
  const attn = attnT.dataSync() as Float32Array;
  const h = hidden.dataSync();
  const lossV = loss.dataSync()[0];
  tf.dispose([logits, attnT, hidden, loss]);

  let correct = 0;
  const C = batch.numClasses;
  for (let i = 0; i < batch.targets.length; i++) {
    if (batch.targets[i] < 0) continue;
    let best = 0;
    for (let k = 1; k < C; k++) if (lg[i * C + k] > lg[i * C + best]) best = k;
    if (best === batch.targets[i]) correct++;
  }
  const dims: MapDims = { batch: batch.size, heads: shape.heads, len: batch.seqLen };
  const bos = bosMassPerHead(attn, dims);
  const noOp = querySetStats(attn, dims, (b, q) => q > 0 && isNoOp(batch, b, q));
  const retrieve = querySetStats(attn, dims, (b, q) => q > 0 && !isNoOp(batch, b, q));
  return {
    attn,
    eval: {
      accuracy: correct / bt.count,
      loss: lossV,
      bosMass: bos,
      sinkRate: sinkRate(bos, c.sinkEps),
      sparsity: sparsity(attn, dims, c.sparsityThr),
      noOpBos: noOp.bosMass,
      noOpRowSum: noOp.rowSum,
      retrieveBos: retrieve.bosMass,
      retrieveRowSum: retrieve.rowSum,
      kurtosis: kurtosis(h),
      maxAbsHidden: maxAbs(h),
    },
  };
}

function exampleMaps(attn: Float32Array, heads: number, L: number): number[][] {
  const out: number[][] = [];
  for (let h = 0; h < heads; h++) out.push(Array.from(attn.subarray(h * L * L, (h + 1) * L * L)));
  return out;
}

/**
 * Trains one model per normaliser in lockstep. Seed forks: 'init' (shared initial weights),
 * 'data' (shared batch stream), 'eval' (the fixed evaluation batch).
 */
export async function* trainMarkerLockstep(c: MarkerRunConfig, normalisers: readonly NamedNormaliser[], seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<MarkerProgress, void, void> {
  const backend = await initTf(prefer);
  const shape = markerShape(c);
  const L = shape.seqLen;
  const rng = createRng(seed);
  const w0 = initTransformer(rng.fork('init'), shape);
  const dataRng = rng.fork('data');
  const evalBatch = markerEvalBatch(c, seed);
  const evalT = toTensors(evalBatch);
  const mask = causalMask(L);
  const models = normalisers.map((n) => ({ n, vars: createVars(w0), opt: tf.train.adam(c.learningRate), lossSum: 0 }));

  const evaluateAll = (withExample: boolean) => {
    const evals: MarkerEval[] = [];
    const maps: number[][][] = [];
    for (const m of models) {
      const r = evaluateMarker(m.vars, shape, evalBatch, evalT, mask, m.n, c);
      evals.push(r.eval);
      if (withExample) maps.push(exampleMaps(r.attn, shape.heads, L));
    }
    const example: MarkerExample | undefined = withExample
      ? {
          values: sequenceValues(evalBatch, c.task.numValues),
          markerAt: evalBatch.markerAt[0],
          maps,
        }
      : undefined;
    return { evals, example };
  };
  const info = (note?: string) => ({ backend, numTensors: tf.memory().numTensors, ...(note ? { note } : {}) });

  try {
    const first = evaluateAll(true);
    yield { step: 0, total: c.steps, delta: { step: 0, trainLoss: [], eval: first.evals, example: first.example }, info: info() };
    let since = 0;
    for (let s = 1; s <= c.steps; s++) {
      const bt = toTensors(markerBatch(dataRng, c.task, c.batchSize));
      try {
        for (const m of models) {
          m.lossSum += tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => positionLoss(transformerForward(m.vars, shape, bt.feats, mask, m.n.normalise).logits, bt.targets, bt.count), varList(m.vars));
            m.opt.applyGradients(gradList(grads));
            return value.dataSync()[0];
          });
        }
      } finally {
        disposeBatch(bt);
      }
      since++;
      const last = s === c.steps;
      if (s % c.reportEvery === 0 || last) {
        const doEval = s % c.evalEvery === 0 || last;
        const ev = doEval ? evaluateAll(last) : null;
        const trainLoss = models.map((m) => m.lossSum / since);
        for (const m of models) m.lossSum = 0;
        since = 0;
        yield { step: s, total: c.steps, delta: { step: s, trainLoss, ...(ev ? { eval: ev.evals } : {}), ...(ev?.example ? { example: ev.example } : {}) }, info: info() };
      }
    }
  } finally {
    for (const m of models) {
      disposeVars(m.vars);
      m.opt.dispose();
    }
    disposeBatch(evalT);
    mask.dispose();
  }
}
