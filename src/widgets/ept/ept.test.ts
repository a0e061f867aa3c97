import { describe, expect, it } from 'vitest';
import { defaults } from '../kit/params';
import { eptClaim, eptCounts, eptSpec, type EptWidgetParams } from './ept';

const p0 = defaults(eptSpec.params) as EptWidgetParams;

describe('EPT race widget', () => {
  it('shows the parameter badges before a run: equal budget at s = 6, the jump with full spaces', () => {
    const v = eptSpec.view(eptSpec.initial(p0, 1), p0, false);
    const text = v.readouts!.map((r) => `${r.label} ${r.value}`).join('\n');
    expect(text).toContain('16 · 64 = 1,024');
    expect(text).toContain('6·64 + 16·8 + 8·64 = 1,024 (equal budget)');
    expect(text).toContain('= 1,411 (1.38× vanilla)');
    expect(v.claim!.holds).toBeNull();
    expect(v.readouts!.some((r) => r.volatile)).toBe(false);
    // Full projections at K = 3: 1024 + 3·4096 + 3·64 + 3 = 13,507 (brief's figure, other layout, same total).
    expect(eptCounts({ s: 6, space: 'full', spaces: 3 }).ept).toBe(13507);
    // s = 4: r = ⌊12·64/80⌋ = 9, 976 parameters, flagged as under budget.
    const p4 = { ...p0, s: 4 };
    expect(eptSpec.view(eptSpec.initial(p4, 1), p4, false).readouts!.map((r) => r.value).join(' ')).toContain('48 under budget');
  });

  it('folds accuracies, step times and the gate; judges the claim within 2 points', () => {
    let s = eptSpec.initial(p0, 1);
    const setup = { labels: ['good', 'bad'], methods: [0, 1, 2].map((i) => ({ name: `m${i}`, params: i })), majority: 0.5, backend: 'wasm' };
    s = eptSpec.reduce(s, { method: 0, step: 0, setup }, p0);
    [0.9, 0.9, 0.89].forEach((a, i) => {
      s = eptSpec.reduce(s, { method: i, step: 0, testAcc: 0.5 }, p0);
      s = eptSpec.reduce(s, { method: i, step: 60, testAcc: a, msPerStep: [100, 60, 70][i], ...(i === 2 ? { gate: [0.2, 0.5, 0.3], timing: [100, 60, 120] } : {}) }, p0);
    });
    expect(eptClaim(s)).toEqual({ vanilla: 0.9, decomp: 0.9, ept: 0.89, holds: true });
    const v = eptSpec.view(s, p0, true);
    expect(v.claim!.holds).toBe(true);
    expect(v.charts).toHaveLength(2);
    expect(v.table.rows).toHaveLength(6);
    const vol = v.readouts!.filter((r) => r.volatile).map((r) => r.value);
    expect(vol).toContain('decomposition 40% faster, EPT 20% slower');
    expect(v.readouts!.find((r) => r.label.startsWith('EPT gate'))!.value).toBe('0.20 · 0.50 · 0.30');
    s.acc[2][1].y = 0.87;
    expect(eptClaim(s)!.holds).toBe(false);
  });
});
