import { describe, expect, it } from 'vitest';
import { createRng, hashString } from './rng';

describe('createRng', () => {
  it('is deterministic: same seed, same numbers', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('differs between seeds and between fork labels, and forks are reproducible', () => {
    expect(createRng(1).next()).not.toBe(createRng(2).next());
    const r = createRng(5);
    const d1 = r.fork('data').next();
    r.next(); // drawing from the parent must not move a fork
    expect(r.fork('data').next()).toBe(d1);
    expect(r.fork('init').next()).not.toBe(d1);
  });

  it('has the moments of U(0,1) and N(0,1) (10^5 draws, 5-sigma bounds)', () => {
    const r = createRng(123);
    const n = 100_000;
    let s = 0, s2 = 0, z = 0, z2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      s += u; s2 += u * u;
      const g = r.normal();
      z += g; z2 += g * g;
    }
    // U(0,1): mean 1/2, variance 1/12; std error of the mean sqrt(1/12/n) ≈ 9.1e-4.
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * 9.2e-4);
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
    // N(0,1): std error of the mean 1/sqrt(n) ≈ 3.2e-3.
    expect(Math.abs(z / n)).toBeLessThan(5 * 3.2e-3);
    expect(Math.abs(z2 / n - 1)).toBeLessThan(0.03);
  });

  it('int and permutation cover their range', () => {
    const r = createRng(9);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[r.int(6)]++;
    expect(Math.min(...counts)).toBeGreaterThan(850);
    const p = Array.from(r.permutation(50));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('hashString matches FNV-1a reference values', () => {
    // Reference values of 32-bit FNV-1a: "" -> 0x811c9dc5, "a" -> 0xe40c292c (published test vectors).
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
});
