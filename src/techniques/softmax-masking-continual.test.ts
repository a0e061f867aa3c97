import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { compareModes, keptClasses, maskedCrossEntropy, maskedLoss, numericGradient } from './softmax-masking-continual';

// The lesson's default sample: six logits, classes 0–1 old, 2–3 current (task 2), 4–5 future; label 3.
const L = [3, 1, 0.5, 2, -1, 0];
const CURRENT = [false, false, true, true, false, false];
const SEEN = [true, true, true, true, false, false];

describe('masked softmax cross-entropy (closed form)', () => {
  it('full softmax over the seen classes: old logits are pushed down by their probability', () => {
    // Python, math.exp: Z = e^3 + e^1 + e^0.5 + e^2 = 31.84159…, p = [0.6307955, 0.0853689, 0.0517789, 0.2320567],
    // loss = log Z − 2 = 1.4607735.
    const r = maskedCrossEntropy(L, 3, SEEN, -Infinity);
    expect(r.loss).toBeCloseTo(1.4607734891568511, 12);
    expect(Array.from(r.grad)).toEqual([r.probs[0], r.probs[1], r.probs[2], r.probs[3] - 1, 0, 0]);
    expect(r.grad[0]).toBeCloseTo(0.6307955432474669, 12);
    expect(r.grad[1]).toBeCloseTo(0.08536889350978889, 12);
    expect(r.grad[3]).toBeCloseTo(0.23205671194331448 - 1, 12);
    expect(r.maskedMass).toBe(0);
  });

  it('mask −∞: a two-class softmax, old and future logits get exactly zero', () => {
    // Only classes 2 and 3 compete: p_3 = sigmoid(2 − 0.5) = 0.8175745 (Python), loss = −log p_3.
    const r = maskedCrossEntropy(L, 3, CURRENT, -Infinity);
    expect(r.loss).toBeCloseTo(0.2014132779827524, 12);
    expect(r.grad[3]).toBeCloseTo(0.8175744761936437 - 1, 12);
    expect(r.grad[2]).toBeCloseTo(1 - 0.8175744761936437, 12);
    for (const j of [0, 1, 4, 5]) expect(Object.is(r.grad[j], 0)).toBe(true);
    // Gradients on the current logits sum to zero under −∞ masking.
    expect(r.grad[2] + r.grad[3]).toBeCloseTo(0, 15);
  });

  it('finite m: masked entries are fixed competitors; current gradients sum to −(masked mass)', () => {
    // m = 0: Z = 4·e^0 + e^0.5 + e^2 = 13.03778; p_2 = 0.1264572, p_3 − 1 = −0.4332580, masked mass 4/Z = 0.3068008.
    const r0 = maskedCrossEntropy(L, 3, CURRENT, 0);
    expect(r0.grad[2]).toBeCloseTo(0.12645723453911217, 12);
    expect(r0.grad[3]).toBeCloseTo(-0.4332579941008837, 12);
    expect(r0.maskedMass).toBeCloseTo(0.30680075956177166, 12);
    expect(r0.loss).toBeCloseTo(0.5678510948565427, 12);
    expect(r0.grad[2] + r0.grad[3]).toBeCloseTo(-r0.maskedMass, 14);
    // m = 5 (the widget's default): masked mass 0.985, a near-constant push on the true logit.
    const r5 = maskedCrossEntropy(L, 3, CURRENT, 5);
    expect(r5.maskedMass).toBeCloseTo(0.9850042788752059, 12);
    expect(r5.grad[3]).toBeCloseTo(-0.9877398811562504, 12);
    expect(r5.loss).toBeCloseTo(4.401403654903632, 12);
    for (const j of [0, 1, 4, 5]) expect(r5.grad[j]).toBe(0);
  });

  it('stays finite for huge logits and huge m', () => {
    // Seen classes [1000, 0, 1000, 1001]: loss = log(1 + 2/e) = 0.5514447 (by hand: factor e^1001 out of Z).
    const big = [1000, 0, 1000, 1001, 5, 5];
    const r = maskedCrossEntropy(big, 3, SEEN, -Infinity);
    expect(r.loss).toBeCloseTo(0.5514447139320511, 12);
    expect(r.probs[1]).toBe(0); // e^−1001 underflows to 0 in float64
    expect(r.grad[1]).toBe(0);
    expect(r.grad[0]).toBeCloseTo(Math.exp(-1) / (1 + 2 * Math.exp(-1)), 12);
    // m = 1e6 with ordinary logits: the masked entries take all the mass; loss ≈ 1e6 + log 4 − l_y.
    const rm = maskedCrossEntropy(L, 3, CURRENT, 1e6);
    expect(Number.isFinite(rm.loss)).toBe(true);
    expect(rm.loss).toBeCloseTo(1e6 + Math.log(4) - 2, 6);
    expect(rm.grad[3]).toBe(-1);
    expect(rm.grad[2]).toBe(0);
    expect(rm.maskedMass).toBe(1);
    // Negative huge logits: all current logits at −1e4, m = −∞: an ordinary two-class softmax.
    const rn = maskedCrossEntropy([0, 0, -1e4, -1e4 + 1, 0, 0], 3, CURRENT, -Infinity);
    expect(rn.loss).toBeCloseTo(Math.log(1 + Math.exp(-1)), 12);
  });

  it('all-equal inputs give uniform probabilities over whatever competes', () => {
    const eq = [7, 7, 7, 7, 7, 7];
    // 4 seen classes → p = 1/4, loss log 4; old logits get +1/4 each.
    const full = maskedCrossEntropy(eq, 2, SEEN, -Infinity);
    expect(full.loss).toBeCloseTo(Math.log(4), 14);
    expect(full.grad[0]).toBeCloseTo(0.25, 14);
    expect(full.grad[2]).toBeCloseTo(-0.75, 14);
    // −∞ mask → 2 classes, loss log 2; m equal to the logits → 6 competitors, loss log 6, masked mass 4/6.
    expect(maskedCrossEntropy(eq, 2, CURRENT, -Infinity).loss).toBeCloseTo(Math.log(2), 14);
    const same = maskedCrossEntropy(eq, 2, CURRENT, 7);
    expect(same.loss).toBeCloseTo(Math.log(6), 14);
    expect(same.maskedMass).toBeCloseTo(4 / 6, 14);
  });

  it('m → −∞ tends to classic masking, and −Infinity itself gives it exactly', () => {
    const inf = maskedCrossEntropy(L, 3, CURRENT, -Infinity);
    const far = maskedCrossEntropy(L, 3, CURRENT, -60);
    expect(far.loss).toBeCloseTo(inf.loss, 12);
    expect(far.maskedMass).toBeLessThan(1e-25);
    expect(inf.maskedMass).toBe(0);
    expect(Array.from(inf.probs.filter((_, j) => !CURRENT[j]))).toEqual([0, 0, 0, 0]);
  });

  it('agrees with central finite differences of the loss, masked entries included', () => {
    // An independent check: the loss is differentiated numerically, not by the formula.
    const rng = createRng(4);
    for (let trial = 0; trial < 30; trial++) {
      const l = Array.from({ length: 6 }, () => rng.normal(0, 3));
      const task = rng.int(3);
      const label = 2 * task + rng.int(2);
      for (const [keep, m] of [
        [keptClasses('full', 6, 2, task), -Infinity],
        [keptClasses('maskInf', 6, 2, task), -Infinity],
        [keptClasses('maskM', 6, 2, task), rng.uniform(-10, 40)],
      ] as const) {
        const g = maskedCrossEntropy(l, label, keep, m).grad;
        const n = numericGradient(l, label, keep, m);
        for (let j = 0; j < 6; j++) expect(Math.abs(g[j] - n[j])).toBeLessThan(1e-6);
        expect(maskedLoss(l, label, keep, m)).toBeCloseTo(maskedCrossEntropy(l, label, keep, m).loss, 12);
      }
    }
  });

  it('rejects a label outside the kept classes and an m of +∞ or NaN', () => {
    expect(() => maskedCrossEntropy(L, 0, CURRENT, -Infinity)).toThrow();
    expect(() => maskedCrossEntropy(L, 3, CURRENT, Infinity)).toThrow();
    expect(() => maskedCrossEntropy(L, 3, CURRENT, NaN)).toThrow();
  });

  it('keeps the right classes per mode and compares the three modes at once', () => {
    expect(keptClasses('full', 6, 2, 1)).toEqual(SEEN);
    expect(keptClasses('maskInf', 6, 2, 1)).toEqual(CURRENT);
    expect(keptClasses('full', 6, 2, 0)).toEqual([true, true, false, false, false, false]);
    const c = compareModes(L, 3, { perTask: 2, task: 1, m: 0 });
    expect(c.full.loss).toBeCloseTo(1.4607734891568511, 12);
    expect(c.maskInf.loss).toBeCloseTo(0.2014132779827524, 12);
    expect(c.maskM.loss).toBeCloseTo(0.5678510948565427, 12);
  });
});
