import { describe, expect, it } from 'vitest';
import { bitAt, fromHalfArray, fromHalfBits, halfBitString, halfFields, roundToHalf, toHalfArray, toHalfBits } from './fp16';

// Expected words and values below were computed independently with NumPy 1.x:
//   np.array([v], dtype=np.float16).view(np.uint16)   and   np.array([h], dtype=np.uint16).view(np.float16)
// (NumPy converts float64 → float16 directly, round to nearest even), and checked by hand where noted.

describe('toHalfBits', () => {
  it('encodes the LABS.md test values', () => {
    expect(toHalfBits(0.1)).toBe(0x2e66);
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(-0)).toBe(0x8000); // −0.0 keeps its sign
    expect(toHalfBits(0)).toBe(0x0000);
  });

  it('encodes normal numbers', () => {
    // By hand: 0.5 = 2^−1 → E = 14 = 01110, m = 0 → 0 01110 0000000000 = 0x3800.
    expect(toHalfBits(0.5)).toBe(0x3800);
    // −0.75 = −1.5 · 2^−1 → s = 1, E = 14, m = 512 → 0xBA00.
    expect(toHalfBits(-0.75)).toBe(0xba00);
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(2)).toBe(0x4000);
    expect(toHalfBits(1 / 3)).toBe(0x3555);
    expect(toHalfBits(0.0999)).toBe(0x2e65);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(2 ** -14)).toBe(0x0400);
  });

  it('rounds ties to the even mantissa', () => {
    // 1 + 2^−11 is halfway between 0x3C00 (m = 0, even) and 0x3C01: goes down to even.
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^−11 is halfway between m = 1 and m = 2: goes up to the even m = 2.
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Subnormal ties: 2^−25 (half of the smallest subnormal) → 0; 3·2^−25 → 2 units (even).
    expect(toHalfBits(2 ** -25)).toBe(0x0000);
    expect(toHalfBits(3 * 2 ** -25)).toBe(0x0002);
    // Just above the tie rounds up (float64 input rounded once, not via float32).
    expect(toHalfBits(2 ** -25 * 1.0000001)).toBe(0x0001);
    // The largest subnormal rounds up into the smallest normal (carry from mantissa to exponent).
    expect(toHalfBits(2 ** -14 - 2 ** -25)).toBe(0x0400);
    // 65519 rounds down to 65504; 65520 is the tie between 65504 (odd m) and 65536 = ∞: goes to ∞.
    expect(toHalfBits(65519)).toBe(0x7bff);
    expect(toHalfBits(65520)).toBe(0x7c00);
    expect(toHalfBits(-1e6)).toBe(0xfc00);
  });

  it('handles Infinity, NaN and underflow', () => {
    expect(toHalfBits(Infinity)).toBe(0x7c00);
    expect(toHalfBits(-Infinity)).toBe(0xfc00);
    expect(toHalfBits(NaN)).toBe(0x7e00);
    expect(toHalfBits(1e-8)).toBe(0x0000);
    expect(toHalfBits(-1e-8)).toBe(0x8000);
  });

  it('agrees with a brute-force nearest search on a sweep of values', () => {
    // Independent check: the non-negative finite halves 0x0000…0x7BFF decode in increasing order, so
    // the nearest half to x is one of the two that bracket it (binary search); ours must be as close.
    const pos: number[] = [];
    for (let h = 0; h < 0x7c00; h++) pos.push(fromHalfBits(h));
    let worst = 0;
    for (let k = 0; k < 2000; k++) {
      const x = 1e-7 * 1.0093 ** k; // 1e-7 … about 1.3e1
      let lo = 0;
      let hi = pos.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (pos[mid] <= x) lo = mid;
        else hi = mid;
      }
      const best = x - pos[lo] <= pos[hi] - x ? pos[lo] : pos[hi];
      worst = Math.max(worst, Math.abs(roundToHalf(x) - x) - Math.abs(best - x));
    }
    expect(worst).toBe(0);
  });
});

describe('fromHalfBits', () => {
  it('decodes every class of word', () => {
    expect(fromHalfBits(0x0001)).toBe(2 ** -24);
    expect(fromHalfBits(0x03ff)).toBe(6.097555160522461e-5); // largest subnormal
    expect(fromHalfBits(0x3bff)).toBe(0.99951171875); // largest half below 1
    expect(fromHalfBits(0x3555)).toBe(0.333251953125);
    expect(fromHalfBits(0x7bff)).toBe(65504);
    expect(fromHalfBits(0x7800)).toBe(32768);
    expect(fromHalfBits(0xc000)).toBe(-2);
    expect(fromHalfBits(0x4001)).toBe(2.001953125);
    expect(Object.is(fromHalfBits(0x8000), -0)).toBe(true);
    expect(fromHalfBits(0x7c00)).toBe(Infinity);
    expect(fromHalfBits(0xfc00)).toBe(-Infinity);
    expect(fromHalfBits(0x7e00)).toBeNaN();
    expect(fromHalfBits(0x7c01)).toBeNaN(); // signalling-NaN pattern
    expect(fromHalfBits(0xfe00)).toBeNaN();
  });

  it('round-trips every non-NaN word exactly', () => {
    let bad = 0;
    for (let h = 0; h < 0x10000; h++) {
      const f = halfFields(h);
      if (f.kind === 'nan') continue;
      if (toHalfBits(fromHalfBits(h)) !== h) bad++;
    }
    expect(bad).toBe(0);
  });
});

describe('fields and arrays', () => {
  it('splits words into sign, exponent and mantissa', () => {
    expect(halfFields(0xba00)).toEqual({ sign: 1, exponent: 14, mantissa: 512, kind: 'normal' });
    expect(halfFields(0x8000).kind).toBe('zero');
    expect(halfFields(0x0001).kind).toBe('subnormal');
    expect(halfFields(0xfc00).kind).toBe('infinity');
    expect(halfFields(0x7c01).kind).toBe('nan');
    expect(halfBitString(0x3800)).toBe('0011100000000000');
    expect(bitAt(0x3800, 13)).toBe(1);
    expect(bitAt(0x3800, 14)).toBe(0);
  });

  it('bit 14 is 0 for every half with |w| < 2 and 1 for every finite |w| ≥ 2', () => {
    let wrong = 0;
    let finite = 0;
    for (let h = 0; h < 0x10000; h++) {
      const v = fromHalfBits(h);
      if (!Number.isFinite(v)) continue;
      finite++;
      if (bitAt(h, 14) !== (Math.abs(v) < 2 ? 0 : 1)) wrong++;
    }
    expect(finite).toBe(0x10000 - 2 * 1024); // all but the 2 × 1024 words with E = 31
    expect(wrong).toBe(0);
  });

  it('converts arrays both ways', () => {
    const xs = [0.1, -0.5, 0, 1e-8, 3];
    const hs = toHalfArray(xs);
    expect(Array.from(hs)).toEqual([0x2e66, 0xb800, 0x0000, 0x0000, 0x4200]);
    expect(Array.from(fromHalfArray(hs))).toEqual([Math.fround(0.0999755859375), -0.5, 0, 0, 3]);
  });
});
