import { it } from 'vitest';
import { drain } from '../labs/tf/memory';
import { zLossTopKRace } from './z-loss-train';

const cfgs = (process.env.ZCFG ?? '20,1,1,1').split(';').map((s) => s.split(',').map(Number));
const seeds = (process.env.ZSEEDS ?? '1').split(',').map(Number);
it('calib', async () => {
  for (const [classes, blobStd, a, b] of cfgs) {
    for (const seed of seeds) {
      const t = performance.now(); const cpu0 = process.cpuUsage();
      const out = await drain(zLossTopKRace({ classes, blobStd, a, b }, seed, 'wasm'));
      const last = out.at(-1)!.delta;
      const f = (m: number[]) => [m[0], m[2], m[4]].map((x) => x.toFixed(3)).join('/');
      console.log(`K=${classes} std=${blobStd} a=${a} b=${b} seed=${seed}: CE ${f(last.ce.topk)} Z ${f(last.z.topk)} lossCE ${last.ce.loss?.toFixed(3)} lossZ ${last.z.loss?.toFixed(3)} ${(performance.now() - t).toFixed(0)}ms wall, cpu ${((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000).toFixed(0)}ms tensors ${out.at(-1)!.info?.numTensors}`);
    }
  }
}, 600_000);
