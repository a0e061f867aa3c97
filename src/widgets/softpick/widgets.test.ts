import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { initTf } from '../../labs/tf/backend';
import { drain } from '../../labs/tf/memory';
import { softpickRace } from '../../techniques/softpick-race';
import { rowSpec, type RowParams } from './row';
import { longRowSpec, type LongRowParams } from './long-row';
import { raceSpec } from './race';
import type { SoftpickRaceParams } from '../../techniques/softpick-race-config';
import { medianComputeMs } from '../kit/compute-time';

describe('one row of scores', () => {
  const p = defaults(rowSpec.params) as RowParams;
  it('default view: bars and Jacobian, 8 table rows, claim holds, sums as expected', () => {
    const v = rowSpec.compute(p, 1);
    expect(v.charts).toHaveLength(2);
    expect(v.table.rows).toHaveLength(8);
    expect(v.claim?.holds).toBe(true);
    // Default scores [1, 2, −1, 0.5, −2, 0, −0.5, 1.5]: 4 scores ≤ 0 → 4 exact zeros.
    expect(v.readouts?.[2].value).toBe('4 of 8 unmasked keys');
    expect(v.readouts?.[0].value).toBe('1.000');
    expect(Number(v.readouts?.[1].value)).toBeLessThan(1);
  });
  it('a shift of −4 switches softpick off entirely and leaves softmax unchanged', () => {
    const a = rowSpec.compute(p, 1);
    const b = rowSpec.compute({ ...p, shift: -4 }, 1);
    expect(b.readouts?.[1].value).toBe('0.000');
    expect(b.readouts?.[2].value).toBe('8 of 8 unmasked keys');
    a.table.rows.forEach((r, i) => expect(b.table.rows[i][3] as number).toBeCloseTo(r[3] as number, 12));
    expect(b.claim?.holds).toBe(true);
  });
  it('masked keys get no weight', () => {
    const v = rowSpec.compute({ ...p, masked: 3 }, 1);
    expect(v.table.rows.slice(5).every((r) => r[2] === 'yes' && r[3] === 0 && r[4] === 0)).toBe(true);
    expect(v.claim?.holds).toBe(true);
  });
  it('redraws within a frame', () => {
    expect(medianComputeMs(() => rowSpec.compute(p, 1))).toBeLessThan(16);
  });
});

describe('many irrelevant keys', () => {
  const p = defaults(longRowSpec.params) as LongRowParams;
  it('default: softpick below softmax at n = 1024, readouts of the required scores', () => {
    const v = longRowSpec.compute(p, 1);
    expect(v.charts).toHaveLength(1);
    expect(v.claim?.holds).toBe(true);
    // s for weight 1/2 at n = 16 with b = −2: softpick ln(1 + 16(1 − e^{−2})) = 2.697; softmax −2 + ln 16 = 0.773.
    expect(v.readouts?.[2].value).toBe('softmax 0.77 · softpick 2.70');
    expect(v.table.rows.at(-1)?.[0]).toBe(4096);
  });
  it('with b between −ln 2 and 0 a negative key costs softpick less than softmax: the claim fails', () => {
    expect(longRowSpec.compute({ s: 3, b: -0.3 }, 1).claim?.holds).toBe(false);
  });
});

describe('grow a sink (iterative spec)', () => {
  const p = defaults(raceSpec.params) as SoftpickRaceParams;
  it('initial state (build-time figure) shows the example sequence and no claim yet', () => {
    const s = raceSpec.initial(p, 1);
    expect(s.values[0]).toBe(-1);
    expect(s.markerAt).toBe(6);
    const v = raceSpec.view(s, p, false);
    expect(v.charts).toHaveLength(3);
    expect(v.claim?.holds).toBeNull();
    expect(v.summary).toContain('BOS');
  });
  it('folds a short real run into curves, maps, a table and a claim', async () => {
    await initTf('wasm');
    const q = { ...p, steps: 40, seeds: 4 };
    const msgs = await drain(softpickRace(q, 1));
    let s = raceSpec.initial(q, 1);
    for (const m of msgs) s = raceSpec.reduce(s, m.delta, q);
    const v = raceSpec.view(s, q, true);
    expect(s.finals.map((f) => f.seed)).toEqual([1, 2, 3, 4]);
    expect(s.example?.maps).toHaveLength(2);
    expect(v.charts).toHaveLength(4);
    expect(typeof v.claim?.holds).toBe('boolean');
    expect(v.table.rows.length).toBe(2 * (s.evals.length + 3));
    expect(v.table.columns).toHaveLength(v.table.rows[0].length);
  });
});
