/**
 * The "anytime" race of the SGDR lesson: two copies of one small MLP, trained from the same initial
 * weights on the same batches in the same order, one with SGDR and one with a step-decay baseline.
 * After every epoch both are evaluated on a held-out set, so the reader can ask "what if I had
 * stopped here?" at every epoch, and in particular at the ends of SGDR's cycles. The setting and
 * the claim check live in `sgdr-race-claim.ts` (no tfjs there).
 */
import { createRng } from '../core/rng';
import { createMlp, createSgd, disposeData, disposeMlp, disposeOptimizer, evaluate, initWeights, toTensors, trainStep } from '../labs/classifier/mlp';
import { initTf, tf, type BackendName } from '../labs/tf/backend';
import { sgdrLr, stepDecayLr } from './sgdr';
import { RACE_SETTING, raceData, raceSchedules, type RaceParams, type RaceProgress, type RunMetrics } from './sgdr-race-claim';

/**
 * Trains both runs and yields their test metrics once per epoch. Both share data, initial
 * weights and the batch order of every epoch; they differ only in the learning rate of each batch.
 */
export async function* sgdrRace(p: RaceParams, seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<RaceProgress, void, void> {
  const backend = await initTf(prefer);
  const { sgdr, step, epochs, batchesPerEpoch } = raceSchedules(p);
  const rng = createRng(seed);
  const { train, test } = raceData(seed);
  const w0 = initWeights(rng.fork('init'), RACE_SETTING.sizes, 'he');
  const order = rng.fork('batches');

  const runs = [
    { name: 'sgdr' as const, lrAt: (t: number) => sgdrLr(t, sgdr) },
    { name: 'step' as const, lrAt: (t: number) => stepDecayLr(t, step) },
  ].map((r) => ({ ...r, model: createMlp(w0), opt: createSgd(p.etaMax, RACE_SETTING.momentum), lastLr: null as number | null }));
  const testT = toTensors(test);
  const trainT = toTensors(train);

  const measure = (r: (typeof runs)[number]): RunMetrics => {
    const te = evaluate(r.model, testT);
    const tr = evaluate(r.model, trainT);
    return { testAcc: te.accuracy, testLoss: te.loss, trainLoss: tr.loss, lr: r.lastLr };
  };
  const message = (epoch: number): RaceProgress => ({
    step: epoch,
    total: epochs,
    delta: { epoch, sgdr: measure(runs[0]), step: measure(runs[1]) },
    info: { backend, numTensors: tf.memory().numTensors },
  });

  try {
    yield message(0);
    for (let e = 0; e < epochs; e++) {
      const perm = order.permutation(train.size);
      for (const r of runs) {
        for (let b = 0; b < batchesPerEpoch; b++) {
          const idx = perm.subarray(b * p.batchSize, Math.min(train.size, (b + 1) * p.batchSize));
          r.lastLr = r.lrAt(e + b / batchesPerEpoch);
          trainStep(r.model, r.opt, train, idx, { learningRate: r.lastLr, l2: RACE_SETTING.l2 });
        }
      }
      yield message(e + 1);
    }
  } finally {
    for (const r of runs) {
      disposeMlp(r.model);
      disposeOptimizer(r.opt);
    }
    disposeData(testT);
    disposeData(trainT);
  }
}

