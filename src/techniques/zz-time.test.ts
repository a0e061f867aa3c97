import { it } from 'vitest';
import { mlcFaultRun } from './mlc-sttram-run';
it('time', async () => {
  for (const seed of [1, 2]) {
    const t0 = performance.now();
    let tTrain = 0;
    for await (const m of mlcFaultRun({ ratio: 10, trials: 20, guard: true, backup: true, pairing: true }, seed, 'wasm')) {
      if ((m.delta as { phase: string }).phase === 'stored') tTrain = performance.now() - t0;
    }
    console.log('seed', seed, 'train+store', tTrain.toFixed(0), 'total', (performance.now() - t0).toFixed(0));
  }
}, 100000);
