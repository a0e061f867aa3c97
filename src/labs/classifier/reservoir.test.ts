import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { createReservoir, replayBatch, reservoirAdd, sampleWithoutReplacement } from './reservoir';

describe('reservoir sampling (Algorithm R)', () => {
  it('fills in order while there is room, then never grows', () => {
    const rng = createRng(1);
    const r = createReservoir(5);
    for (let i = 0; i < 5; i++) reservoirAdd(r, i, rng);
    expect(r.items).toEqual([0, 1, 2, 3, 4]);
    for (let i = 5; i < 100; i++) reservoirAdd(r, i, rng);
    expect(r.items).toHaveLength(5);
    expect(r.seen).toBe(100);
    expect(new Set(r.items).size).toBe(5);
  });

  it('keeps nothing with capacity 0 and rejects bad capacities', () => {
    const r = createReservoir(0);
    for (let i = 0; i < 10; i++) reservoirAdd(r, i, createRng(2));
    expect(r.items).toEqual([]);
    expect(r.seen).toBe(10);
    expect(() => createReservoir(-1)).toThrow();
    expect(() => createReservoir(2.5)).toThrow();
    expect(replayBatch(r, 32, createRng(3))).toEqual([]);
  });

  it('keeps every item of the stream with probability M/N', () => {
    // Theory (Vitter 1985): each of N = 20 items ends in a reservoir of M = 5 with probability 1/4.
    // With 20,000 trials the standard error of each frequency is √(0.25·0.75/20000) = 0.0031;
    // allow 5 standard errors. (Drawing j from [0, seen) instead of [0, seen] fails this.)
    const rng = createRng(7);
    const trials = 20_000;
    const counts = new Array<number>(20).fill(0);
    for (let t = 0; t < trials; t++) {
      const r = createReservoir(5);
      for (let i = 0; i < 20; i++) reservoirAdd(r, i, rng);
      for (const it of r.items) counts[it]++;
    }
    for (const c of counts) expect(Math.abs(c / trials - 0.25)).toBeLessThan(5 * 0.0031);
  });
});

describe('replay batches', () => {
  it('draws distinct positions, all of them when asked for more than there are', () => {
    const rng = createRng(4);
    const s = sampleWithoutReplacement(rng, 50, 32);
    expect(s).toHaveLength(32);
    expect(new Set(s).size).toBe(32);
    expect(s.every((i) => i >= 0 && i < 50)).toBe(true);
    expect([...sampleWithoutReplacement(rng, 10, 32)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sampleWithoutReplacement(rng, 10, 0)).toEqual([]);
  });

  it('samples positions uniformly', () => {
    // Each of 10 positions is picked with probability 3/10 when drawing 3; 10,000 trials, s.e. 0.0046.
    const rng = createRng(9);
    const counts = new Array<number>(10).fill(0);
    for (let t = 0; t < 10_000; t++) for (const i of sampleWithoutReplacement(rng, 10, 3)) counts[i]++;
    for (const c of counts) expect(Math.abs(c / 10_000 - 0.3)).toBeLessThan(5 * 0.0046);
  });

  it('returns items of the memory, not positions', () => {
    const r = createReservoir(3);
    const rng = createRng(5);
    for (const it of [101, 102, 103]) reservoirAdd(r, it, rng);
    expect([...replayBatch(r, 2, rng)].every((x) => [101, 102, 103].includes(x))).toBe(true);
  });
});
