/**
 * The training comparison of the sa-softmax lesson: three copies of the attention lab's max
 * retriever learn the same task from the same initial weights and batches, with softmax, plain
 * SA-Softmax and normalised SA-Softmax (min/max detached or differentiated through) as the
 * attention normaliser. With `seeds` > 1 the trio is trained once per seed.
 */
import type { BackendName } from '../labs/tf/backend';
import type { Progress } from '../core/progress';
import { trainRetrievalLockstep } from '../labs/attention/retrieval-train';
import { SOFTMAX } from '../labs/attention/normaliser';
import { SA_NORM_DETACHED, SA_NORM_THROUGH, SA_PLAIN } from './sa-softmax-tf';
import { saTrainConfig, type SaTrainDelta, type SaTrainParams } from './sa-softmax-train-config';

export async function* saSoftmaxTrain(p: SaTrainParams, seed: number, prefer: BackendName = 'wasm'): AsyncGenerator<Progress<SaTrainDelta>, void, void> {
  const c = saTrainConfig(p);
  const norms = [SOFTMAX, SA_PLAIN, p.reading === 'through' ? SA_NORM_THROUGH : SA_NORM_DETACHED];
  const runs = Math.max(1, Math.round(p.seeds));
  for (let r = 0; r < runs; r++) {
    for await (const m of trainRetrievalLockstep(c, norms, seed + r, prefer)) {
      yield { ...m, step: r * c.steps + m.step, total: runs * c.steps, delta: { ...m.delta, run: r, seed: seed + r } };
    }
  }
}
