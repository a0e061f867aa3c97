import { describe, expect, it } from 'vitest';
import {
  EMPTY_MD,
  FLT_MAX,
  LN_FLT_MAX,
  blockPairs,
  foldLeft,
  foldTree,
  mergeMD,
  naiveSoftmax,
  onlineSoftmax,
  safeSoftmax,
  ulpDistance,
  type MD,
} from './online-softmax';
import { onlineFusedTopK, safeFusedTopK, safeThenTopK } from './online-softmax-topk';
import { analyseVector, forecastNaive, presetLogits, withOffset, PRESETS } from './online-softmax-check';
import { createRng } from '../core/rng';

const f32 = (a: number[]) => Float32Array.from(a);

describe('softmax kernels in float32', () => {
  // Expected values: float64 Python, math.exp(x - 5) / sum(math.exp(v - 5) for v in x).
  const example = f32([1, 3, 2, 5]);
  const expected = [0.015219428864155926, 0.11245721367093255, 0.04137069692096015, 0.8309526605439513];

  it('safe and online give the textbook softmax of [1, 3, 2, 5]', () => {
    for (const r of [safeSoftmax(example), onlineSoftmax(example)]) {
      expect(r.m).toBe(5);
      expect(r.d).toBeCloseTo(1.2034379904932109, 6);
      r.y.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-7));
    }
  });

  it('the online trace follows m_j = max, d_j = d_{j-1}·e^(m_{j-1}−m_j) + e^(x_j−m_j)', () => {
    // By hand: m = 1, 3, 3, 5; d = 1, e^-2 + 1, (e^-2 + 1) + e^-1, ((e^-2 + 1) + e^-1)·e^-2 + 1.
    const { trace } = onlineSoftmax(example);
    expect(trace.map((s) => s.m)).toEqual([1, 3, 3, 5]);
    const d = [1, 1.1353352832366128, 1.5032147244080551, 1.2034379904932109];
    trace.forEach((s, j) => expect(s.d).toBeCloseTo(d[j], 6));
    expect(trace.map((s) => s.rescaled)).toEqual([true, true, false, true]);
  });

  it('counts 3 accesses per element for naive and online, 4 for safe (2, 3, 2 loads + 1 store)', () => {
    const x = withOffset(presetLogits('random', 16, 3), 0);
    const n = naiveSoftmax(x).meter;
    const s = safeSoftmax(x).meter;
    const o = onlineSoftmax(x).meter;
    expect([n.loads, n.stores, n.sweeps]).toEqual([32, 16, 2]);
    expect([s.loads, s.stores, s.sweeps]).toEqual([48, 16, 3]);
    expect([o.loads, o.stores, o.sweeps]).toEqual([32, 16, 2]);
    // Exponentials: two per element in every variant (the one-exp form of the online update).
    expect([n.exps, s.exps, o.exps]).toEqual([32, 32, 32]);
  });

  it('naive overflows exactly when V·e^c passes FLT_MAX (all-equal logits)', () => {
    // Boundary c* = ln(FLT_MAX) − ln V: 87.3365 for V = 4, 85.9503 for V = 16 (Python, float64);
    // numpy float32 sums confirm finite at c*−0.01 and inf at c*+0.01.
    for (const [V, c] of [
      [4, 87.3365],
      [16, 85.9503],
    ]) {
      expect(LN_FLT_MAX - Math.log(V)).toBeCloseTo(c, 4);
      const below = naiveSoftmax(withOffset(presetLogits('equal', V, 1), c - 0.01));
      const above = naiveSoftmax(withOffset(presetLogits('equal', V, 1), c + 0.01));
      expect(below.d).toBeLessThanOrEqual(FLT_MAX);
      expect(below.y[0]).toBeCloseTo(1 / V, 6);
      expect(above.d).toBe(Infinity);
      // Each e^c is still finite, only the sum overflowed: every y = finite/∞ = 0, no distribution left.
      expect(above.y.every((v) => v === 0)).toBe(true);
    }
  });

  it('naive gives 0/0 = NaN when every e^x underflows; safe does not care', () => {
    // Expected: e^-2/(1+e^-2) = 0.11920292202211755 and 1/(1+e^-2) = 0.8807970779778823.
    const x = f32([-110, -108]);
    expect(Number.isNaN(naiveSoftmax(x).y[0])).toBe(true);
    const s = safeSoftmax(x).y;
    expect(s[0]).toBeCloseTo(0.11920292202211755, 7);
    expect(s[1]).toBeCloseTo(0.8807970779778823, 7);
  });

  it('a leading −∞ poisons the unguarded online recurrence with NaN; the guard fixes it', () => {
    const x = f32([-Infinity, 1, -Infinity, 3, 2]);
    const safe = safeSoftmax(x);
    const guarded = onlineSoftmax(x);
    const raw = onlineSoftmax(x, { guard: false });
    expect(Number.isNaN(raw.d)).toBe(true);
    expect(Number.isNaN(raw.y[1])).toBe(true);
    // Safe softmax needs no guard here: its max (3) is finite before any subtraction.
    expect(safeSoftmax(x, { guard: false }).y).toEqual(safe.y);
    guarded.y.forEach((v, i) => expect(Math.abs(v - safe.y[i])).toBeLessThanOrEqual(1e-7));
    expect(guarded.y[0]).toBe(0);
  });

  it('a fully masked row returns zeros with the guard and NaN without it', () => {
    const x = f32([-Infinity, -Infinity, -Infinity]);
    expect(Array.from(safeSoftmax(x).y)).toEqual([0, 0, 0]);
    expect(Array.from(onlineSoftmax(x).y)).toEqual([0, 0, 0]);
    expect(Number.isNaN(onlineSoftmax(x, { guard: false }).y[0])).toBe(true);
    expect(Number.isNaN(safeSoftmax(x, { guard: false }).y[0])).toBe(true);
  });
});

describe('the ⊕ merge of [m, d] pairs', () => {
  it('has [−∞, 0] as identity and is commutative bit for bit', () => {
    const a: MD = { m: 2.5, d: 3.25 };
    const b: MD = { m: -1, d: 1.5 };
    expect(mergeMD(EMPTY_MD, a)).toEqual(a);
    expect(mergeMD(a, EMPTY_MD)).toEqual(a);
    expect(mergeMD(a, b)).toEqual(mergeMD(b, a));
    // By hand: M = 2.5, d = 3.25 + 1.5·e^-3.5 = 3.25 + 0.045289 = 3.295289.
    expect(mergeMD(a, b).d).toBeCloseTo(3.25 + 1.5 * Math.exp(-3.5), 6);
  });

  it('merging blocks in any order gives the sequential d to within a few ulps, and not always bit-exactly', () => {
    let worst = 0;
    let nonzero = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const x = withOffset(presetLogits('random', 64, seed), 0);
      const seq = onlineSoftmax(x).d;
      const pairs = blockPairs(x, 8);
      for (const md of [foldLeft(pairs), foldTree(pairs)]) {
        const u = ulpDistance(md.d, seq);
        worst = Math.max(worst, u);
        if (u > 0) nonzero++;
      }
    }
    expect(worst).toBeLessThanOrEqual(8);
    expect(nonzero).toBeGreaterThan(0);
  });

  it('ulpDistance counts float32 steps across zero and up to infinity', () => {
    expect(ulpDistance(1, 1 + 2 ** -23)).toBe(1);
    expect(ulpDistance(-0, 0)).toBe(0);
    expect(ulpDistance(FLT_MAX, Infinity)).toBe(1);
    expect(ulpDistance(-(2 ** -149), 2 ** -149)).toBe(2);
  });
});

describe('softmax + top-k', () => {
  it('all three variants pick the same k and count 5, 2 and 1 accesses per element', () => {
    const base = presetLogits('random', 32, 7);
    const x = withOffset(base, 0);
    // Independent answer: sort positions by logit, largest first (distinct here).
    const want = base.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 5).map((p) => p[1]);
    const sep = safeThenTopK(x, 5);
    const sf = safeFusedTopK(x, 5);
    const of = onlineFusedTopK(x, 5);
    for (const r of [sep, sf, of]) expect(r.indices).toEqual(want);
    const perElement = [sep, sf, of].map((r) => (r.meter.loads + r.meter.stores) / 32);
    expect(perElement).toEqual([5, 2, 1]);
    of.values.forEach((v, i) => expect(Math.abs(v - sep.values[i])).toBeLessThanOrEqual(1e-6));
  });
});

describe('claim: online = safe, 3 vs 4 accesses, naive fails when float32 says so', () => {
  it('holds for every preset at seed 1 and for random vectors across seeds and offsets', () => {
    for (const preset of PRESETS) {
      for (const c of [-120, -60, 0, 40, 85, 90, 120]) {
        const r = analyseVector(withOffset(presetLogits(preset, 16, 1), c), { blocks: 4, guard: true, seed: 1 });
        expect(r.claim, `${preset} c=${c}`).toEqual({ holds: true, online: true, counts: true, naive: true, topk: true });
      }
    }
    const rng = createRng(11);
    for (let t = 0; t < 40; t++) {
      const x = withOffset(presetLogits('random', 2 + rng.int(63), 1 + t), rng.uniform(-120, 120));
      const r = analyseVector(x, { blocks: 8, guard: true, seed: t });
      expect(r.claim.holds).toBe(true);
      expect(r.maxDiffOnlineSafe).toBeLessThanOrEqual(1e-6);
    }
  });

  it('naive softmax fails at offset 120 and 90 (V = 16) but not at 0; safe and online never do', () => {
    const fails = (c: number) => analyseVector(withOffset(presetLogits('random', 16, 1), c), { blocks: 4, guard: true, seed: 1 });
    expect(fails(0).naiveFailed).toBe(false);
    expect(fails(0).forecast).toBe('ok');
    for (const c of [90, 120]) {
      const r = fails(c);
      expect(r.naiveFailed).toBe(true);
      expect(r.forecast).toBe('overflow');
      expect(r.safe.y.every(Number.isFinite)).toBe(true);
      expect(r.maxDiffOnlineSafe).toBeLessThanOrEqual(1e-6);
    }
  });

  it('fails, visibly, when the −∞ guard is off on a masked row', () => {
    const r = analyseVector(withOffset(presetLogits('masked', 16, 1), 0), { blocks: 4, guard: false, seed: 1 });
    expect(r.claim.online).toBe(false);
    expect(r.claim.holds).toBe(false);
  });

  it('forecasts naive failure from logsumexp and the max', () => {
    // 88 + ln 2 = 88.693 < ln FLT_MAX = 88.7228 (fits); 88.5 + ln 2 = 89.19 (overflows).
    expect(forecastNaive(f32([88, 88]))).toBe('ok');
    expect(Number.isFinite(naiveSoftmax(f32([88, 88])).d)).toBe(true);
    expect(forecastNaive(f32([88.5, 88.5]))).toBe('overflow');
    expect(naiveSoftmax(f32([88.5, 88.5])).d).toBe(Infinity);
    // Every e^x below 2^-150 rounds to zero: ln 2^-150 = -103.972.
    expect(forecastNaive(f32([-104.5, -105]))).toBe('underflow');
    expect(naiveSoftmax(f32([-104.5, -105])).d).toBe(0);
    expect(forecastNaive(f32([-103.5, -105]))).toBe('ok');
    expect(forecastNaive(f32([-Infinity, -Infinity]))).toBe('underflow');
  });
});
