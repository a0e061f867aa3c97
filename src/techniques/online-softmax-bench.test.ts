import { describe, expect, it } from 'vitest';
import { KERNELS, type ExpMode, type Method, type Tally } from './online-softmax-kernels';
import { benchInput, benchmarkRun, benchSteps, type BenchDelta } from './online-softmax-bench';
import { naiveSoftmax, onlineSoftmax, safeSoftmax } from './online-softmax';
import type { Progress } from '../core/progress';

const METHODS: Method[] = ['naive', 'safe', 'online'];
const MODES: ExpMode[] = ['exact', 'cheap', 'none'];

async function collect(gen: AsyncGenerator<Progress<BenchDelta>, void, void>): Promise<Progress<BenchDelta>[]> {
  const out: Progress<BenchDelta>[] = [];
  for await (const p of gen) out.push(p);
  return out;
}

describe('benchmark kernels', () => {
  const V = 256;
  const x = benchInput(4 * V, 5);

  it('exact kernels agree with the float32 reference kernels row by row', () => {
    const reference = { naive: naiveSoftmax, safe: safeSoftmax, online: onlineSoftmax } as const;
    for (const method of METHODS) {
      const y = new Float32Array(x.length);
      KERNELS[method].exact(x, y, V, { loads: 0, stores: 0 });
      for (let r = 0; r < x.length; r += V) {
        const want = reference[method](x.subarray(r, r + V)).y;
        for (let i = 0; i < V; i++) expect(Math.abs(y[r + i] - want[i])).toBeLessThan(1e-7);
      }
    }
  });

  it('the cheap exponential stays within 0.5% of the exact outputs on U[0,1) inputs', () => {
    // Degree-5 Taylor error at t = −1 is |e^-1 − 0.36667| / e^-1 = 0.33%.
    for (const method of METHODS) {
      const exact = new Float32Array(x.length);
      const cheap = new Float32Array(x.length);
      KERNELS[method].exact(x, exact, V, { loads: 0, stores: 0 });
      KERNELS[method].cheap(x, cheap, V, { loads: 0, stores: 0 });
      for (let i = 0; i < x.length; i++) expect(Math.abs(cheap[i] - exact[i]) / exact[i]).toBeLessThan(5e-3);
    }
  });

  it('tally the same accesses per element as the instrumented kernels: 3, 4, 3 in every mode', () => {
    const want = { naive: 3, safe: 4, online: 3 };
    for (const method of METHODS) {
      for (const mode of MODES) {
        const t: Tally = { loads: 0, stores: 0 };
        KERNELS[method][mode](x, new Float32Array(x.length), V, t);
        expect((t.loads + t.stores) / x.length, `${method}/${mode}`).toBe(want[method]);
        expect(t.stores).toBe(x.length);
      }
    }
  });
});

describe('benchmark generator', () => {
  it('yields one timed call per step, interleaved, with warm-ups flagged and outputs that agree', async () => {
    const p = { n: 4096, mode: 'exact' as const, reps: 2, naive: true };
    const items = await collect(benchmarkRun(p, 1));
    // Row lengths 64 and 1024 fit in 4096 elements: 2 × (2 + 1) rounds × 3 methods.
    expect(benchSteps(p)).toBe(18);
    expect(items).toHaveLength(18);
    items.forEach((it, i) => {
      expect(it.step).toBe(i + 1);
      expect(it.total).toBe(18);
      expect(it.delta.ms).toBeGreaterThanOrEqual(0);
      expect(it.delta.warmup).toBe(it.delta.rep === 0);
    });
    // Every round runs every method once, starting with a different one each round.
    const firsts = new Set<string>();
    for (let k = 0; k < items.length; k += 3) {
      expect(new Set(items.slice(k, k + 3).map((i) => i.delta.method)).size).toBe(3);
      firsts.add(`${items[k].delta.V}:${items[k].delta.method}`);
    }
    expect(firsts.size).toBe(6);
    // Same data, same softmax: checksums agree across methods and rows sum to 1 (4096 / V rows).
    for (const V of [64, 1024]) {
      const sums = items.filter((i) => i.delta.V === V).map((i) => i.delta.checksum);
      for (const s of sums) expect(Math.abs(s - sums[0]) / sums[0]).toBeLessThan(1e-6);
    }
    const acc = (m: Method) => items.find((i) => i.delta.method === m)!.delta;
    expect((acc('safe').loads + acc('safe').stores) / 4096).toBe(4);
    expect((acc('online').loads + acc('online').stores) / 4096).toBe(3);
    expect(items.every((i) => JSON.stringify(i.delta).length > 0 && structuredClone(i.delta).V === i.delta.V)).toBe(true);
  });

  it('skips naive when asked and rejects a bad N', async () => {
    const items = await collect(benchmarkRun({ n: 2048, mode: 'none', reps: 1, naive: false }, 2));
    expect(items.every((i) => i.delta.method !== 'naive')).toBe(true);
    expect(items).toHaveLength(2 * 2 * 2);
    await expect(collect(benchmarkRun({ n: 10.5, mode: 'none', reps: 1, naive: false }, 2))).rejects.toThrow(/N must be/);
  });
});
