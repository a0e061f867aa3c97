import { describe, expect, it } from 'vitest';
import { logSumExp, softmax, linspace, median, clamp } from './math';

describe('logSumExp and softmax', () => {
  it('match hand-computed values', () => {
    // log(e^0 + e^0) = log 2; softmax([0, ln 3]) = [1/4, 3/4].
    expect(logSumExp([0, 0])).toBeCloseTo(Math.LN2, 14);
    const s = softmax([0, Math.log(3)]);
    expect(s[0]).toBeCloseTo(0.25, 14);
    expect(s[1]).toBeCloseTo(0.75, 14);
  });
  it('do not overflow on huge logits and handle -Infinity masks', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 10);
    const s = softmax([1000, 1000, -Infinity]);
    expect(s[0]).toBeCloseTo(0.5, 10);
    expect(s[1]).toBeCloseTo(0.5, 10);
    expect(s[2]).toBe(0);
    expect(Array.from(softmax([-Infinity, -Infinity]))).toEqual([0, 0]);
    expect(logSumExp([])).toBe(-Infinity);
  });
});

describe('small helpers', () => {
  it('linspace, median, clamp', () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(clamp(5, 0, 1)).toBe(1);
    expect(clamp(-5, 0, 1)).toBe(0);
  });
});
