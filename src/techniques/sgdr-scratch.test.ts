import { test } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { drain } from '../labs/tf/memory';
import { raceClaim, sgdrRace, stopEpochs } from './sgdr-race';

const BACKEND = (process.env.BK ?? 'wasm') as 'wasm' | 'cpu';
const SEEDS = (process.env.SEEDS ?? '1').split(',').map(Number);
const P = { etaMax: 0.2, t0: 2, tMult: 2, batchSize: 16, ...JSON.parse(process.env.P ?? '{}') };
test('scratch', async () => {
  await initTf(BACKEND);
  const stops = stopEpochs(P);
  let nHold = 0;
  console.log(JSON.stringify(P));
  for (const seed of SEEDS) {
    const t = performance.now();
    const out = await drain(sgdrRace(P, seed, BACKEND));
    const ms = performance.now() - t;
    const deltas = out.map((o) => o.delta);
    const c = raceClaim(deltas, P);
    if (c.holds) nHold++;
    const row = stops.map((e) => { const d = deltas[e]; return `e${e}: acc ${d.sgdr.testAcc.toFixed(3)}/${d.step.testAcc.toFixed(3)} loss ${d.sgdr.testLoss.toFixed(3)}/${d.step.testLoss.toFixed(3)}`; });
    console.log(`seed ${seed} ${ms.toFixed(0)}ms holds ${c.holds} | ${row.join(' | ')}`);
  }
  console.log(`HOLDS ${nHold}/${SEEDS.length}`);
}, 600000);
