import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { initTf, tf } from '../labs/tf/backend';
import { createTinyLm, disposeTinyLm, initTinyLm } from '../labs/tiny-lm/model';
import { embeddingRms } from '../labs/tiny-lm/prompt-tuning';
import { breakEvenRank, dptParams, factorInitScale, singularValues, symmetricEigenvalues, topEnergy, vanillaParams } from './decomposed-prompt-tuning';
import { lowRankPrompt } from './decomposed-prompt-tuning-prompt';

beforeAll(async () => {
  await initTf('wasm');
});

describe('DPT parameter counts', () => {
  it('matches the paper’s T5-Large figures and the brief’s toy badges', () => {
    // Figure 1 caption: 11.2K (DPT, k=100, b=10, d=1024) against 102K (vanilla PT).
    expect(dptParams(100, 10, 1024)).toBe(11240);
    expect(vanillaParams(100, 1024)).toBe(102400);
    // Toy: k=16, b=4, d=64 → 320 against 1024; break-even b < 16·64/80 = 12.8.
    expect(dptParams(16, 4, 64)).toBe(320);
    expect(breakEvenRank(16, 64)).toBeCloseTo(12.8, 10);
    expect(dptParams(16, 13, 64)).toBeGreaterThan(vanillaParams(16, 64));
  });
});

describe('Jacobi spectrum', () => {
  it('finds the eigenvalues of small symmetric matrices', () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1 (by hand).
    const e = symmetricEigenvalues([2, 1, 1, 2], 2);
    expect(e[0]).toBeCloseTo(3, 12);
    expect(e[1]).toBeCloseTo(1, 12);
    // diag(5, -1, 2) rotated is still {5, 2, -1}: trace 6, and a known 3×3 case [[4,1,0],[1,3,1],[0,1,2]]
    // with eigenvalues 3 and 3 ± √3 (characteristic polynomial (3−λ)((4−λ)(2−λ)−2) = 0).
    const f = symmetricEigenvalues([4, 1, 0, 1, 3, 1, 0, 1, 2], 3);
    expect(f[0]).toBeCloseTo(3 + Math.sqrt(3), 10);
    expect(f[1]).toBeCloseTo(3, 10);
    expect(f[2]).toBeCloseTo(3 - Math.sqrt(3), 10);
  });

  it('gives the singular values of a rank-1 matrix and its energy shares', () => {
    // u vᵀ with |u| = 3 (u = [1,2,2]) and |v| = 5 (v = [3,4]): one singular value 15.
    const u = [1, 2, 2];
    const v = [3, 4];
    const p = u.flatMap((a) => v.map((b) => a * b));
    const s = singularValues(p, 3, 2);
    expect(s[0]).toBeCloseTo(15, 9);
    expect(s[1]).toBeLessThan(1e-6);
    expect(topEnergy(s, 1)).toBeCloseTo(1, 9);
    expect(topEnergy([1, 1, 1, 1], 2)).toBe(0.5);
  });
});

describe('low-rank prompt on the tiny LM', () => {
  it('has rank ≤ b, the embedding RMS at init, and b(k+d) parameters', () => {
    const model = createTinyLm(initTinyLm(createRng(1)));
    const rho = embeddingRms(model);
    // α from the formula: std(AB) = √b α²/3 = ρ.
    expect((Math.sqrt(4) * factorInitScale(rho, 4) ** 2) / 3).toBeCloseTo(rho, 12);
    const m = lowRankPrompt(model, 16, 2, createRng(3));
    expect(m.paramCount).toBe(2 * (16 + 64));
    const p = Array.from(tf.tidy(() => m.prompt().dataSync()));
    const rms = Math.sqrt(p.reduce((a, x) => a + x * x, 0) / p.length);
    expect(rms / rho).toBeGreaterThan(0.6);
    expect(rms / rho).toBeLessThan(1.5);
    const s = singularValues(p, 16, 64);
    expect(s[2] / s[0]).toBeLessThan(1e-3);
    expect(s[1] / s[0]).toBeGreaterThan(1e-2);
    m.dispose();
    disposeTinyLm(model);
  });
});
