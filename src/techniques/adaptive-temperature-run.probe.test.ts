import { it } from 'vitest';
import { initTf } from '../labs/tf/backend';
import { sizeRun } from './adaptive-temperature-run';
it('probe', async () => {
  await initTf('wasm');
  for (const seed of [1, 3, 4]) {
    const t0 = performance.now();
    let tTrain = 0;
    const rows: string[] = [];
    for await (const m of sizeRun({ nTrain: 16, steps: 300, fixedBeta: 2 }, seed)) {
      if (m.delta.trainLoss !== undefined) tTrain = performance.now() - t0;
      if (m.delta.eval) { const e = m.delta.eval; rows.push(`${e.n}: ${e.variants.map((v) => `${v.attnOnMax.toFixed(3)}/${v.accuracy.toFixed(2)}`).join(' ')}`); }
    }
    console.log('seed', seed, 'train', (tTrain / 1000).toFixed(1), 'total', ((performance.now() - t0) / 1000).toFixed(1), '\n' + rows.join('\n'));
  }
}, 300000);
