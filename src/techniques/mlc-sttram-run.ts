/**
 * The fault-injection run of the MLC STT-RAM lesson: train the small classifier with tfjs (weights
 * clipped to [−1, 1] after every step), store its parameters as fp16 words in a simulated MLC
 * buffer, then sweep the costly-cell error rate and test the network after random soft-bit flips,
 * for the unprotected buffer and for the protected one (the pieces the reader switched on).
 * Fault trials run on plain Float32Array forwards, not tfjs.
 */
import type { Progress } from '../core/progress';
import { createRng } from '../core/rng';
import { createMlp, createSgd, disposeMlp, disposeOptimizer, readWeights, trainStep, trainableVars } from '../labs/classifier/mlp';
import { initTf, tf, type BackendName } from '../labs/tf/backend';
import { ADJACENT, UNPROTECTED, loadWord, storedStats, storeWord, type StoredStats } from './mlc-sttram';
import { MLC_SETTING, accuracyFromWords, faultTrials, mlcData, mlcInitWeights, packHalf, type Scheme } from './mlc-sttram-net';

export type MlcParams = {
  /** pCostly / pCheap. */
  ratio: number;
  trials: number;
  guard: boolean;
  backup: boolean;
  pairing: boolean;
};

export type { StoredStats };

export type MlcDelta =
  | { phase: 'train'; step: number; loss: number }
  | { phase: 'stored'; stats: StoredStats }
  | { phase: 'faults'; rate: number; base: number[]; prot: number[]; baseFlips: number; protFlips: number; detected: number; ms: number };

export type MlcProgress = Progress<MlcDelta>;

/** Reports during training this often (steps). */
const REPORT_EVERY = 50;

export async function* mlcFaultRun(p: MlcParams, seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<MlcProgress, void, void> {
  const backend = await initTf(prefer);
  const rng = createRng(seed);
  const { train, test } = mlcData(seed);
  const S = MLC_SETTING;
  const total = S.steps / REPORT_EVERY + 1 + S.rates.length;
  const info = (note?: string) => ({ backend, numTensors: tf.memory().numTensors, note });

  // 1. Train (tfjs): plain SGD, then every parameter clipped back into [−1, 1].
  const model = createMlp(mlcInitWeights(rng.fork('init')));
  const opt = createSgd(S.learningRate, 0);
  const order = rng.fork('batches');
  let words: Uint16Array;
  let maxAbs = 0;
  try {
    let perm = order.permutation(train.size);
    let pos = 0;
    for (let step = 1; step <= S.steps; step++) {
      if (pos + S.batchSize > train.size) {
        perm = order.permutation(train.size);
        pos = 0;
      }
      const idx = perm.subarray(pos, pos + S.batchSize);
      pos += S.batchSize;
      const report = step % REPORT_EVERY === 0;
      const loss = trainStep(model, opt, train, idx, { returnLoss: report });
      tf.tidy(() => {
        for (const v of trainableVars(model)) v.assign(tf.clipByValue(v, -S.clip, S.clip));
      });
      if (report) yield { step: step / REPORT_EVERY, total, delta: { phase: 'train', step, loss }, info: info() };
    }
    const w = readWeights(model);
    for (const a of [...w.kernels, ...w.biases]) for (const x of a) maxAbs = Math.max(maxAbs, Math.abs(x));
    words = packHalf(w);
  } finally {
    disposeMlp(model);
    disposeOptimizer(opt);
  }

  // 2. Store the fp16 words: bit statistics and cell states.
  const protection = { guard: p.guard, backup: p.backup };
  const baseScheme: Scheme = { protection: UNPROTECTED, layout: ADJACENT };
  const clean = accuracyFromWords(words, S.sizes, test);
  const cleanProtected = accuracyFromWords(
    words.map((h) => loadWord(storeWord(h, protection), protection)),
    S.sizes,
    test,
  );
  // storedStats also picks the protected buffer's layout (adjacent, or the optimal pairing).
  const stats = storedStats(words, p, clean, cleanProtected, maxAbs);
  const protectedScheme: Scheme = { protection, layout: stats.layout };
  yield { step: S.steps / REPORT_EVERY + 1, total, delta: { phase: 'stored', stats }, info: info() };

  // 3. Fault trials at every error rate, both buffers (separate random streams per rate and buffer).
  const faults = rng.fork('faults');
  for (let k = 0; k < S.rates.length; k++) {
    const rates = { pCostly: S.rates[k], ratio: p.ratio };
    const t0 = performance.now();
    const base = faultTrials(words, baseScheme, rates, p.trials, faults.fork(`base${k}`), S.sizes, test, clean);
    const prot = faultTrials(words, protectedScheme, rates, p.trials, faults.fork(`prot${k}`), S.sizes, test, cleanProtected);
    const ms = performance.now() - t0;
    yield {
      step: S.steps / REPORT_EVERY + 2 + k,
      total,
      delta: { phase: 'faults', rate: S.rates[k], base: base.accs, prot: prot.accs, baseFlips: base.flips, protFlips: prot.flips, detected: prot.detected, ms },
      info: info(`${((2 * p.trials) / (ms / 1000)).toFixed(0)} fault trials/s`),
    };
  }
}
