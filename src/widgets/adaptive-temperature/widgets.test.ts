import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { wallSpec, type WallParams } from './wall';
import { sizesSpec } from './sizes';
import type { SizeRunParams, SizeEval } from '../../techniques/adaptive-temperature-config';
import { SIZE_RUN, evalSizesFor } from '../../techniques/adaptive-temperature-config';
import { medianComputeMs } from '../kit/compute-time';

describe('the 1/n wall', () => {
  const p = defaults(wallSpec.params) as WallParams;
  it('default view: two charts, the claim holds, sharp up to n = 8 (1 + e²)', () => {
    const v = wallSpec.compute(p, 1);
    expect(v.charts).toHaveLength(2);
    expect(v.claim?.holds).toBe(true);
    expect(v.readouts?.[0].value).toBe('8');
    expect(v.table.rows[0][0]).toBe(1);
    expect(v.table.rows.at(-1)?.[0]).toBe(1e5);
    expect(v.readouts?.[3].value).toContain('0.85 < H < 5.94');
  });
  it('adaptive temperature moves the wall: first below 0.5 later than softmax at the default', () => {
    const v = wallSpec.compute(p, 1);
    const nAd = Number(String(v.readouts?.[1].value).replace(/[^0-9]/g, ''));
    expect(nAd).toBeGreaterThan(8);
    expect(nAd).toBeLessThan(1e5);
  });
  it('extreme settings stay finite and the claim still holds', () => {
    for (const q of [{ delta: 10, theta: 0.05 }, { delta: 0, theta: 2 }, { delta: 0, theta: 0.05 }]) {
      const v = wallSpec.compute(q, 1);
      expect(v.claim?.holds).toBe(true);
      for (const r of v.table.rows) for (const x of r) expect(Number.isFinite(x as number)).toBe(true);
    }
  });
  it('redraws within a frame', () => {
    expect(medianComputeMs(() => wallSpec.compute(p, 1))).toBeLessThan(16);
  });
});

describe('train at 16, test at 4096 (spec)', () => {
  const p = defaults(sizesSpec.params) as SizeRunParams;
  it('always evaluates the training size', () => {
    expect(evalSizesFor(8)).toEqual([8, ...SIZE_RUN.evalSizes]);
    expect(evalSizesFor(16)).toEqual([...SIZE_RUN.evalSizes]);
    expect(evalSizesFor(32)[0]).toBe(16);
  });
  it('initial view (static figure): four charts, no claim yet, a summary', () => {
    const v = sizesSpec.view(sizesSpec.initial(p, 1), p, false);
    expect(v.charts).toHaveLength(4);
    expect(v.claim?.holds).toBeNull();
    expect(v.summary).toContain('4096');
  });
  it('folds loss and evaluation messages into a table and a claim', () => {
    let s = sizesSpec.initial(p, 1);
    s = sizesSpec.reduce(s, { step: 10, trainLoss: 1.2 }, p);
    for (const n of SIZE_RUN.evalSizes) {
      const a0 = Math.min(0.7, 8 / n);
      const e: SizeEval = { n, sets: 32, betaMean: 2, betaMin: 1, betaMax: 2.4, variants: [{ accuracy: 0.9, attnOnMax: a0, entropy: Math.log(n) / 2 }, { accuracy: 0.9, attnOnMax: a0 * 1.5, entropy: 1 }, { accuracy: 0.9, attnOnMax: a0, entropy: 1 }] };
      s = sizesSpec.reduce(s, { step: 300, eval: e }, p);
    }
    const v = sizesSpec.view(s, p, true);
    expect(v.claim?.holds).toBe(true);
    expect(v.table.rows).toHaveLength(SIZE_RUN.evalSizes.length);
    expect(v.table.columns).toHaveLength(v.table.rows[0].length);
    expect(v.readouts?.[2].value).toBe('softmax 0.125 · adaptive 0.188 · fixed β 0.125');
  });
});
