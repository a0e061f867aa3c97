import { it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import { drain } from '../labs/tf/memory';
import { snnResetRace } from './snn-soft-reset-mpr-train';

it('scratch', async () => {
  const be = await initTf((process.env.BE as 'wasm' | 'cpu') ?? 'wasm');
  const seeds = (process.env.SEEDS ?? '1').split(',').map(Number);
  const Ts = (process.env.TS ?? '4').split(',').map(Number);
  const mpr = process.env.MPR === '1';
  for (const T of Ts) {
    let gh = 0, gs = 0;
    for (const seed of seeds) {
      const t0 = performance.now();
      const out = await drain(snnResetRace({ T, mpr }, seed));
      const last = out[out.length - 1].delta;
      const dt = performance.now() - t0;
      gh += last.hardAcc; gs += last.softAcc;
      console.log(`${be} T=${T} mpr=${mpr} seed=${seed} hard=${last.hardAcc.toFixed(3)} soft=${last.softAcc.toFixed(3)} rates h=${last.hardRates.map(r=>r.toFixed(2))} s=${last.softRates.map(r=>r.toFixed(2))} ${dt.toFixed(0)}ms tensors=${tf.memory().numTensors}`);
    }
    console.log(`T=${T} mean hard=${(gh/seeds.length).toFixed(3)} soft=${(gs/seeds.length).toFixed(3)}`);
  }
}, 600000);
