/**
 * "Train at 16, test at 4096": one max-retrieval model (the attention lab's retriever, plain
 * softmax) is trained on sets of n_train items; the same weights are then evaluated on larger sets
 * with three normalisers swapped in at inference time: plain softmax, adaptive temperature, and a
 * fixed inverse temperature. An async generator: training-loss messages, then one message per
 * evaluated size. Seed forks: 'init' (weights), 'data' (training batches), 'eval' (test sets).
 */
import { tf, initTf, type BackendName } from '../labs/tf/backend';
import type { Progress } from '../core/progress';
import { createRng, type Rng } from '../core/rng';
import { retrievalBatch, type RetrievalBatch } from '../labs/attention/tasks';
import { initRetriever, retrievalLoss, retrieverForward, type RetrieverShape } from '../labs/attention/retriever';
import { SOFTMAX, type NamedNormaliser } from '../labs/attention/normaliser';
import { createVars, disposeVars, gradList, varList, type VarSet } from '../labs/attention/params';
import { ADAPTIVE, fixedBetaNormaliser } from './adaptive-temperature-tf';
import { adaptiveBeta, entropyOf } from './adaptive-temperature';
import { SIZE_RUN, evalSets, evalSizesFor, type SizeDelta, type SizeEval, type SizeRunParams, type VariantEval } from './adaptive-temperature-config';

export const sizeRunShape = (): RetrieverShape => ({ featureDim: 1 + SIZE_RUN.colours, dModel: SIZE_RUN.dModel, readoutHidden: SIZE_RUN.readoutHidden, numClasses: SIZE_RUN.colours });

function oneHot(labels: Int32Array, c: number): tf.Tensor2D {
  const a = new Float32Array(labels.length * c);
  labels.forEach((l, i) => (a[i * c + l] = 1));
  return tf.tensor2d(a, [labels.length, c]);
}

interface Acc {
  correct: number;
  attn: number;
  entropy: number;
}

/** Evaluates every normaliser on `sets` fresh sets of n items (in chunks); also the β adaptive temperature picks. */
export function evaluateSize(vars: VarSet, shape: RetrieverShape, norms: readonly NamedNormaliser[], n: number, sets: number, rng: Rng): SizeEval {
  const acc: Acc[] = norms.map(() => ({ correct: 0, attn: 0, entropy: 0 }));
  let betaSum = 0;
  let betaMin = Infinity;
  let betaMax = -Infinity;
  const per = Math.max(1, Math.floor(SIZE_RUN.chunkItems / n));
  for (let done = 0; done < sets; done += per) {
    const b: RetrievalBatch = retrievalBatch(rng, { items: n, colours: SIZE_RUN.colours }, Math.min(per, sets - done));
    const feats = tf.tensor3d(b.feats, [b.size, n, b.featureDim]);
    const mask = tf.ones([1, 1, n]);
    try {
      norms.forEach((norm, v) => {
        const [logitsT, attnT] = tf.tidy(() => {
          const o = retrieverForward(vars, shape, feats, mask, norm.normalise);
          return [o.logits, o.attn];
        });
        const lg = logitsT.dataSync();
        const w = attnT.dataSync();
        tf.dispose([logitsT, attnT]);
        const C = b.numClasses;
        for (let i = 0; i < b.size; i++) {
          let best = 0;
          for (let k = 1; k < C; k++) if (lg[i * C + k] > lg[i * C + best]) best = k;
          if (best === b.labels[i]) acc[v].correct++;
          const row = w.subarray(i * n, (i + 1) * n);
          acc[v].attn += row[b.argmax[i]];
          const h = entropyOf(row);
          acc[v].entropy += h;
          if (v === 0) {
            // β as adaptive temperature chooses it, from the plain-softmax entropy of this row.
            const beta = adaptiveBeta(h);
            betaSum += beta;
            betaMin = Math.min(betaMin, beta);
            betaMax = Math.max(betaMax, beta);
          }
        }
      });
    } finally {
      feats.dispose();
      mask.dispose();
    }
  }
  const variants: VariantEval[] = acc.map((a) => ({ accuracy: a.correct / sets, attnOnMax: a.attn / sets, entropy: a.entropy / sets }));
  return { n, sets, variants, betaMean: betaSum / sets, betaMin, betaMax };
}

/** The normalisers of the run, in VARIANT_IDS order. */
export const sizeRunNormalisers = (fixedBeta: number): NamedNormaliser[] => [SOFTMAX, ADAPTIVE, { id: 'fixed', normalise: fixedBetaNormaliser(fixedBeta) }];

export async function* sizeRun(p: SizeRunParams, seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<Progress<SizeDelta>, void, void> {
  const backend = await initTf(prefer);
  const shape = sizeRunShape();
  const rng = createRng(seed);
  const vars = createVars(initRetriever(rng.fork('init'), shape));
  const dataRng = rng.fork('data');
  const evalRng = rng.fork('eval');
  const opt = tf.train.adam(SIZE_RUN.learningRate);
  const steps = Math.max(1, Math.round(p.steps));
  const sizes = evalSizesFor(p.nTrain);
  const total = steps + sizes.length;
  const info = () => ({ backend, numTensors: tf.memory().numTensors });
  const mask = tf.ones([1, 1, p.nTrain]);
  try {
    let lossSum = 0;
    let since = 0;
    for (let s = 1; s <= steps; s++) {
      const b = retrievalBatch(dataRng, { items: p.nTrain, colours: SIZE_RUN.colours }, SIZE_RUN.batchSize);
      lossSum += tf.tidy(() => {
        const feats = tf.tensor3d(b.feats, [b.size, b.items, b.featureDim]);
        const y = oneHot(b.labels, b.numClasses);
        const { value, grads } = tf.variableGrads(() => retrievalLoss(retrieverForward(vars, shape, feats, mask, SOFTMAX.normalise).logits, y), varList(vars));
        opt.applyGradients(gradList(grads));
        return value.dataSync()[0];
      });
      since++;
      if (s % SIZE_RUN.reportEvery === 0 || s === steps) {
        yield { step: s, total, delta: { step: s, trainLoss: lossSum / since }, info: info() };
        lossSum = 0;
        since = 0;
      }
    }
    const norms = sizeRunNormalisers(p.fixedBeta);
    for (let i = 0; i < sizes.length; i++) {
      const ev = evaluateSize(vars, shape, norms, sizes[i], evalSets(sizes[i]), evalRng.fork(`n${sizes[i]}`));
      yield { step: steps + i + 1, total, delta: { step: steps, eval: ev }, info: info() };
    }
  } finally {
    mask.dispose();
    disposeVars(vars);
    opt.dispose();
  }
}
