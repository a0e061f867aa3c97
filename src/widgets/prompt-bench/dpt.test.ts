import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { defaults } from '../kit/params';
import { dptClaim, dptSpec, vanillaK, type DptWidgetParams } from './dpt';

const p0 = defaults(dptSpec.params) as DptWidgetParams;

describe('DPT race widget', () => {
  it('shows the parameter badges before a run and warns past break-even', () => {
    const v = dptSpec.view(dptSpec.initial(p0, 1), p0, false);
    const text = v.readouts!.map((r) => `${r.label} ${r.value}`).join('\n');
    expect(text).toContain('8 · 64 = 512');
    expect(text).toContain('16 · 64 = 1024');
    expect(text).toContain('4 · (16 + 64) = 320 (31.3% of k·d)');
    expect(text).not.toContain('Warning');
    const big = { ...p0, rank: 16 };
    expect(dptSpec.view(dptSpec.initial(big, 1), big, false).readouts!.some((r) => r.label === 'Warning')).toBe(true);
    expect(v.claim!.holds).toBeNull();
  });

  it('matches the budget: k′ = ⌊b(k+d)/d⌋', () => {
    expect(vanillaK({ ...p0, matchBudget: true })).toBe(5); // ⌊4 · 80 / 64⌋
    expect(vanillaK({ ...p0, k: 32, matchBudget: true })).toBe(6); // ⌊4 · 96 / 64⌋
    expect(vanillaK(p0)).toBe(16);
  });

  it('folds accuracies and prompts; judges the claim within 5 points; draws the spectra', () => {
    let s = dptSpec.initial(p0, 1);
    const setup = { labels: ['good', 'bad'], methods: [0, 1, 2].map((i) => ({ name: `m${i}`, params: i })), previews: [], majority: 0.5, loadMs: 1, backend: 'wasm' };
    s = dptSpec.reduce(s, { step: 0, methods: [0, 1, 2].map(() => ({ name: '', params: 0, testAcc: 0.5 })), setup }, p0);
    const rng = createRng(1);
    const rand = (n: number) => Array.from({ length: n }, () => rng.normal());
    const prompts = [8, 16, 16].map((k) => ({ name: '', k, d: 64, initial: rand(k * 64), final: rand(k * 64) }));
    s = dptSpec.reduce(s, { step: 100, methods: [0.9, 0.92, 0.88].map((a) => ({ name: '', params: 0, loss: 0.3, testAcc: a })), prompts }, p0);
    expect(dptClaim(s)).toEqual({ vanilla: 0.92, dpt: 0.88, holds: true });
    const v = dptSpec.view(s, p0, true);
    expect(v.claim!.holds).toBe(true);
    expect(v.charts).toHaveLength(3);
    expect(v.table.rows).toHaveLength(6);
    s.acc[2][1].y = 0.8;
    expect(dptClaim(s)!.holds).toBe(false);
  });
});
