import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { bitsSpec, type BitsParams } from './bits';
import { faultSpec, type FaultParams } from './faults';
import { fmtRate, fmtValue } from './format';
import { MLC_SETTING } from '../../techniques/mlc-sttram-net';
import type { MlcDelta, StoredStats } from '../../techniques/mlc-sttram-run';

const bitsDefaults = defaults(bitsSpec.params) as BitsParams;
const faultDefaults = defaults(faultSpec.params) as FaultParams;

describe('bit viewer', () => {
  it('shows −0.75, its cells and the bit-14 flip at the defaults', () => {
    const v = bitsSpec.compute(bitsDefaults, 1);
    expect(v.charts).toHaveLength(2);
    expect(v.claim?.holds).toBe(true);
    expect(v.claim?.detail).toContain('32,768'); // every word with bit 14 = 0
    const r = Object.fromEntries((v.readouts ?? []).map((x) => [x.label, x.value]));
    expect(r['w as fp16']).toBe('−0.75 (0xBA00)');
    expect(r['Costly cells']).toBe('fp16 3 of 8 · with sign copy 2 of 8');
    expect(r['Bit 14 flips, read as stored']).toBe('−49152'); // −1.5 · 2^15
    expect(r['Bit 14 flips, guarded reader']).toBe('−0.75');
    expect(v.table.rows).toHaveLength(16);
    expect(v.table.rows[1]).toEqual([14, 'exponent', 'soft', 0, 1, -49152, -0.75]);
  });

  it('fails the claim, and says why, for |w| ≥ 2; shows NaN and ∞ in the table', () => {
    const big = bitsSpec.compute({ w: 2, flip: 14 }, 1);
    expect(big.claim?.holds).toBe(false);
    expect(big.claim?.detail).toContain('returns 0');
    const one = bitsSpec.compute({ w: 1, flip: 14 }, 1); // 0x3C00: a bit-14 flip gives 0x7C00 = ∞
    expect(one.table.rows[1][5]).toBe('Infinity');
    const negZero = bitsSpec.compute({ w: -0, flip: 15 }, 1);
    expect(negZero.readouts?.[0].value).toBe('−0 (0x8000)');
  });

  it('computes within a frame', () => {
    bitsSpec.compute(bitsDefaults, 1);
    const t = performance.now();
    for (let i = 0; i < 50; i++) bitsSpec.compute({ w: -1 + i / 25, flip: i % 16 }, 1);
    const ms = (performance.now() - t) / 50;
    console.info(`bit viewer compute: ${ms.toFixed(2)} ms`);
    expect(ms).toBeLessThan(16);
  });
});

describe('fault injection view', () => {
  it('draws the untrained network before a run, with no verdict', () => {
    const t = performance.now();
    const s = faultSpec.initial(faultDefaults, 1);
    console.info(`fault widget initial(): ${(performance.now() - t).toFixed(1)} ms`);
    const v = faultSpec.view(s, faultDefaults, false);
    expect(v.charts).toHaveLength(3);
    expect(v.claim?.holds).toBeNull();
    expect(v.table.rows).toHaveLength(0);
    expect(s.before.ones[14]).toBe(0); // initial weights are clipped to [−1, 1]
    expect(v.summary).toContain('Before training');
  });

  it('folds training, storage and fault messages into readouts, table and claim', () => {
    let s = faultSpec.initial(faultDefaults, 1);
    s = faultSpec.reduce(s, { phase: 'train', step: 100, loss: 0.3 }, faultDefaults);
    expect(faultSpec.view(s, faultDefaults, false).readouts?.[0].value).toContain('step 100');
    const stats: StoredStats = { ...s.before, clean: 0.96, cleanProtected: 0.96 };
    s = faultSpec.reduce(s, { phase: 'stored', stats }, faultDefaults);
    for (const rate of MLC_SETTING.rates) {
      const bad = rate >= 1e-2 ? 0.5 : 0.96;
      const d: MlcDelta = { phase: 'faults', rate, base: [bad, 0.96], prot: [0.96, 0.96], baseFlips: 3, protFlips: 2, detected: 1, ms: 10 };
      s = faultSpec.reduce(s, d, faultDefaults);
    }
    const v = faultSpec.view(s, faultDefaults, true);
    expect(v.table.rows).toHaveLength(MLC_SETTING.rates.length);
    expect(v.claim?.holds).toBe(true);
    const r = Object.fromEntries((v.readouts ?? []).map((x) => [x.label, x.value]));
    expect(r['Unprotected at 10⁻²']).toBe('mean 0.730 · worst 0.500');
    expect(r['Protected at 10⁻²']).toBe('mean 0.960 · worst 0.960');
    expect(v.readouts?.find((x) => x.label === 'Fault trials per second')?.volatile).toBe(true);
    // All protection off: same numbers for both, so no gain and the claim fails.
    const off = { ...faultDefaults, backup: false, guard: false, pairing: false };
    let s2 = faultSpec.initial(off, 1);
    s2 = faultSpec.reduce(s2, { phase: 'stored', stats }, off);
    for (const rate of MLC_SETTING.rates) s2 = faultSpec.reduce(s2, { phase: 'faults', rate, base: [0.9], prot: [0.9], baseFlips: 1, protFlips: 1, detected: 0, ms: 1 }, off);
    expect(faultSpec.view(s2, off, true).claim?.holds).toBe(false);
  });
});

describe('formatting', () => {
  it('spells out special values and rates', () => {
    expect([NaN, Infinity, -Infinity, -0, 32768, 0.0999755859375].map(fmtValue)).toEqual(['NaN', '+∞', '−∞', '−0', '32768', '0.0999756']);
    expect([1e-3, 3e-4, 1e-5, 0.1].map(fmtRate)).toEqual(['10⁻³', '3·10⁻⁴', '10⁻⁵', '10⁻¹']);
  });
});
