import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { fromHalfBits, toHalfBits } from '../core/fp16';
import {
  ADJACENT,
  UNPROTECTED,
  backupMismatch,
  blockEnergy,
  cellState,
  costlyCells,
  costlyFraction,
  injectFaults,
  isCostly,
  isValidLayout,
  layoutCost,
  loadWord,
  mismatchMatrix,
  onesPerBit,
  optimalPairing,
  storeWord,
} from './mlc-sttram';
import { accuracyFromWords, mlcData, mlcInitWeights, packHalf, paramCount, MLC_SETTING } from './mlc-sttram-net';
import { FAULT_CLAIM, faultClaim } from './mlc-sttram-claim';

const FULL = { guard: true, backup: true };
const GUARD = { guard: true, backup: false };
const flip14 = (h: number) => h ^ 0x4000;

describe('sign copy in bit 14 and the guarded reader', () => {
  it('stores and restores words exactly when |w| < 2, including −0', () => {
    // By hand: −0.75 = 0xBA00 = 1011 1010 0000 0000; copying the sign into bit 14 gives 1111 1010 … = 0xFA00.
    expect(storeWord(0xba00, FULL)).toBe(0xfa00);
    expect(loadWord(0xfa00, FULL)).toBe(0xba00);
    expect(storeWord(0x3800, FULL)).toBe(0x3800); // 0.5: sign 0, nothing changes
    // −0.0 = 0x8000 → stored 0xC000 (which alone would read as −2.0) → read back as −0.0.
    expect(storeWord(0x8000, FULL)).toBe(0xc000);
    expect(Object.is(fromHalfBits(loadWord(0xc000, FULL)), -0)).toBe(true);
    let bad = 0;
    for (let h = 0; h < 0x10000; h++) if (!(h & 0x4000) && loadWord(storeWord(h, FULL), FULL) !== h) bad++;
    expect(bad).toBe(0); // all 32,768 words with bit 14 = 0, i.e. every |w| < 2
  });

  it('turns a bit-14 flip from a 2^16 error into no error', () => {
    // Unprotected: 0.5 → 0x7800 = 2^15 = 32768; −0.75 → 0xFA00 = −1.5·2^15 = −49152 (by hand).
    expect(fromHalfBits(flip14(0x3800))).toBe(32768);
    expect(fromHalfBits(flip14(0xba00))).toBe(-49152);
    // 1.0 → 0x7C00 = ∞ and 1.5 → 0x7E00 = NaN (exponent 31); zero and subnormals land in [2, 4).
    expect(fromHalfBits(flip14(toHalfBits(1)))).toBe(Infinity);
    expect(fromHalfBits(flip14(toHalfBits(1.5)))).toBeNaN();
    expect(fromHalfBits(flip14(0x0000))).toBe(2);
    expect(fromHalfBits(flip14(0x8000))).toBe(-2);
    expect(fromHalfBits(flip14(0x0001))).toBe(2.001953125);
    // Protected (copy or guard alone): the reader clears bit 14, so the value survives the flip.
    for (const p of [FULL, GUARD])
      for (const h of [0x3800, 0xba00, 0x0000, 0x8000, 0x0001, toHalfBits(1), toHalfBits(-0.999)])
        expect(loadWord(flip14(storeWord(h, p)), p)).toBe(h);
  });

  it('detects a flipped copy, and destroys values with |w| ≥ 2 (the scheme needs |w| < 2)', () => {
    expect(backupMismatch(storeWord(0xba00, FULL))).toBe(false);
    expect(backupMismatch(flip14(storeWord(0xba00, FULL)))).toBe(true);
    // 2.0 = 0x4000: its bit 14 is in use, and the copy of the sign (0) overwrites it: 2.0 → 0.
    expect(fromHalfBits(loadWord(storeWord(0x4000, FULL), FULL))).toBe(0);
    expect(loadWord(0x4000, UNPROTECTED)).toBe(0x4000);
  });
});

describe('cells', () => {
  it('names states and counts costly cells', () => {
    // 0xBA00 = 10|11|10|10|00|00|00|00 in adjacent cells (hard|soft): three cells in state 10.
    expect(ADJACENT.map((c) => cellState(0xba00, c))).toEqual([2, 3, 2, 2, 0, 0, 0, 0]);
    expect([0, 1, 2, 3].map(isCostly)).toEqual([false, true, true, false]);
    expect(costlyCells(0xba00, ADJACENT)).toBe(3);
    expect(costlyCells(0xfa00, ADJACENT)).toBe(2); // the top cell becomes 11
    expect(costlyCells(0x3800, ADJACENT)).toBe(1); // 00|11|10|00…
    expect(costlyFraction(Uint16Array.from([0xba00, 0x3800]), ADJACENT)).toBe(4 / 16);
    // Energy with a costly cell worth 2 units: 5 cheap + 3 costly · 2 = 11.
    expect(blockEnergy(Uint16Array.from([0xba00]), ADJACENT, 2)).toBe(11);
    expect(onesPerBit(Uint16Array.from([0xba00, 0x3800]))[11]).toBe(1);
    expect(onesPerBit(Uint16Array.from([0xba00, 0x3800]))[15]).toBe(0.5);
  });

  it('finds the cheapest pairing (checked against all 2,027,025 pairings of 16 bits)', () => {
    const rng = createRng(5);
    const cost = new Float64Array(256);
    for (let i = 0; i < 16; i++)
      for (let j = i + 1; j < 16; j++) cost[i * 16 + j] = cost[j * 16 + i] = rng.next();
    // Brute force: pair the lowest free position with each other free one, recursively.
    let best = Infinity;
    const go = (free: number, acc: number) => {
      if (acc >= best) return;
      if (free === 0) {
        best = acc;
        return;
      }
      const i = 31 - Math.clz32(free & -free);
      for (let j = i + 1; j < 16; j++) if (free & (1 << j)) go(free & ~(1 << i) & ~(1 << j), acc + cost[i * 16 + j]);
    };
    go(0xffff, 0);
    const layout = optimalPairing(cost);
    expect(isValidLayout(layout)).toBe(true);
    expect(layoutCost(layout, cost)).toBeCloseTo(best, 12);
    for (const [hard, soft] of layout) expect(hard).toBeGreaterThan(soft);
  });

  it('pairs bits that always agree, and never does worse than the adjacent layout', () => {
    // Words where bits 14 and 3 are always 0 and bit 15 equals bit 0: those pairings cost nothing.
    const rng = createRng(9);
    const words = new Uint16Array(500).map(() => {
      let h = rng.int(0x10000) & ~0x4008;
      h = (h & ~1) | ((h >> 15) & 1);
      return h;
    });
    const m = mismatchMatrix(words);
    expect(m[14 * 16 + 3]).toBe(0);
    expect(m[15 * 16 + 0]).toBe(0);
    const layout = optimalPairing(m);
    expect(layout).toContainEqual([15, 0]);
    expect(layout).toContainEqual([14, 3]);
    expect(costlyFraction(words, layout)).toBeLessThan(costlyFraction(words, ADJACENT));
    expect(isValidLayout([[15, 14], [13, 12], [11, 10], [9, 8], [7, 6], [5, 4], [3, 2], [1, 1]])).toBe(false);
  });
});

describe('fault model', () => {
  it('flips only soft bits, at pCostly in costly cells and pCostly/ratio in cheap ones', () => {
    const n = 4000;
    const rng = createRng(3);
    const cheap = new Uint16Array(n); // all cells 00
    const costly = new Uint16Array(n).fill(0x5555); // all cells 01 (hard 0, soft 1)
    const out = new Uint16Array(n);
    const rates = { pCostly: 0.2, ratio: 4 };
    const cells = n * 8;
    const fc = injectFaults(cheap, ADJACENT, rates, rng, out);
    expect(out.every((h) => (h & 0xaaaa) === 0)).toBe(true); // hard (odd) positions untouched
    const fk = injectFaults(costly, ADJACENT, rates, rng, out);
    expect(out.every((h) => (h & 0xaaaa) === 0)).toBe(true);
    // Binomial: mean p·cells, sd √(p(1−p)·cells): 0.05 → 1600 ± 39, 0.2 → 6400 ± 72; allow 4 sd.
    expect(Math.abs(fc - 0.05 * cells)).toBeLessThan(4 * Math.sqrt(0.05 * 0.95 * cells));
    expect(Math.abs(fk - 0.2 * cells)).toBeLessThan(4 * Math.sqrt(0.2 * 0.8 * cells));
    // Same stream, same faults.
    const a = new Uint16Array(n);
    const b = new Uint16Array(n);
    injectFaults(costly, ADJACENT, rates, createRng(8), a);
    injectFaults(costly, ADJACENT, rates, createRng(8), b);
    expect(a).toEqual(b);
    expect(injectFaults(costly, ADJACENT, { pCostly: 0, ratio: 1 }, rng, out)).toBe(0);
  });
});

describe('fp16 network', () => {
  it('packs every parameter, and NaN weights make every prediction wrong', () => {
    const w = mlcInitWeights(createRng(1));
    const words = packHalf(w);
    expect(words.length).toBe(paramCount(MLC_SETTING.sizes));
    expect(words.length).toBe(2 * 32 + 32 + 32 * 32 + 32 + 32 * 4 + 4); // 1284
    expect(w.kernels.every((k) => k.every((x) => Math.abs(x) <= 1))).toBe(true);
    const { test } = mlcData(1);
    const acc = accuracyFromWords(words, MLC_SETTING.sizes, test);
    expect(acc).toBeGreaterThan(0);
    // A NaN in the first kernel reaches one hidden unit for every input, then every logit.
    const nan = words.slice();
    nan[0] = 0x7e00;
    expect(accuracyFromWords(nan, MLC_SETTING.sizes, test)).toBe(0);
    // +∞ in a first-layer bias: ∞ through ReLU, then ∞·w − ∞·w' = NaN or ±∞ logits: all wrong.
    const inf = words.slice();
    inf[64] = 0x7c00;
    expect(accuracyFromWords(inf, MLC_SETTING.sizes, test)).toBe(0);
  });
});

describe('claim logic', () => {
  const r = (rate: number, base: number[], prot: number[]) => ({ rate, base, prot });
  it('holds only if protection never hurts, keeps the clean accuracy up to 1e-3 and matters somewhere', () => {
    const good = [r(1e-4, [0.96, 0.96], [0.96, 0.96]), r(1e-3, [0.9, 0.96], [0.958, 0.96]), r(1e-2, [0.5, 0.6], [0.95, 0.94])];
    const c = faultClaim(good, 0.96, true);
    expect(c.holds).toBe(true);
    expect(c.gain.rate).toBe(1e-2);
    expect(c.gain.value).toBeCloseTo(0.395, 12);
    expect(faultClaim(good, 0.96, false).holds).toBeNull();
    // Protected mean 0.949 at 1e-3 is 0.011 below clean: more than cleanTol.
    expect(faultClaim([good[0], r(1e-3, [0.9, 0.96], [0.948, 0.95]), good[2]], 0.96, true).keepsClean).toBe(false);
    // Same numbers for both buffers: no gain, the claim fails.
    const same = good.map((x) => r(x.rate, x.base, x.base));
    expect(faultClaim(same, 0.96, true).holds).toBe(false);
    // Protected below unprotected by more than orderTol at one rate.
    const below = faultClaim([...good, r(1e-1, [0.3, 0.3], [0.3 - 4 * FAULT_CLAIM.orderTol, 0.3])], 0.96, true);
    expect(below.notBelow).toBe(false);
    expect(below.holds).toBe(false);
  });
});
