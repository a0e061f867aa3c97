import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../core/rng';
import { initTf, tf } from '../labs/tf/backend';
import { drain, tensorsLeaked } from '../labs/tf/memory';
import { sgdrRace } from './sgdr-race';
import {
  claimEpochs,
  fourBlobBayesAccuracy,
  normalCdf,
  raceClaim,
  raceData,
  raceSchedules,
  stopEpochs,
  type RaceDelta,
  type RaceParams,
  type RaceProgress,
} from './sgdr-race-claim';

const defaults: RaceParams = { etaMax: 0.2, t0: 2, tMult: 2, batchSize: 16 };

beforeAll(async () => {
  await initTf('cpu');
});

describe('setting', () => {
  it('has the brief’s batch counts and checkpoints', () => {
    expect([16, 32, 64].map((b) => raceSchedules({ ...defaults, batchSize: b }).batchesPerEpoch)).toEqual([25, 13, 7]);
    expect(stopEpochs(defaults)).toEqual([2, 6, 14, 30]);
    expect(claimEpochs(defaults)).toEqual({ anytime: [6, 14], late: [30] });
    expect(claimEpochs({ ...defaults, t0: 5, tMult: 1 })).toEqual({ anytime: [10, 15], late: [20, 25, 30] });
    expect(claimEpochs({ ...defaults, t0: 10, tMult: 1 }).anytime).toEqual([]);
    expect(stopEpochs({ ...defaults, t0: 1, tMult: 3 })).toEqual([1, 4, 13, 30]);
  });

  it('draws 100 training and 500 test points per class from separate streams', () => {
    const { train, test } = raceData(7);
    expect(train.size).toBe(400);
    expect(test.size).toBe(2000);
    expect(raceData(7).test.xs).toEqual(test.xs);
    expect(raceData(8).train.xs).not.toEqual(train.xs);
  });
});

describe('Bayes limit of the data', () => {
  it('normalCdf matches table values', () => {
    // Standard normal table: Φ(0) = 0.5, Φ(1) = 0.841345, Φ(1.96) = 0.975002, Φ(−1) = 0.158655.
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1)).toBeCloseTo(0.841345, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975002, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it('Φ(√2)² ≈ 0.8489 agrees with a Monte Carlo nearest-centre classifier', () => {
    // Φ(1.41421) = 0.921350 (table), squared = 0.848886.
    const exact = fourBlobBayesAccuracy(1, 0.5);
    expect(exact).toBeCloseTo(0.848886, 5);
    const rng = createRng(11);
    const n = 100_000;
    let hit = 0;
    for (let i = 0; i < n; i++) {
      const c = rng.int(4);
      const a = (Math.PI / 2) * c;
      const x = Math.cos(a) + rng.normal(0, 0.5);
      const y = Math.sin(a) + rng.normal(0, 0.5);
      // Nearest of the centres (1,0), (0,1), (−1,0), (0,−1) = largest projection.
      const s = [x, y, -x, -y];
      if (s.indexOf(Math.max(...s)) === c) hit++;
    }
    expect(Math.abs(hit / n - exact)).toBeLessThan(0.005); // 3.5 standard errors of 0.0011
  });
});

describe('claim logic', () => {
  const m = (testAcc: number, testLoss: number) => ({ testAcc, testLoss, trainLoss: testLoss, lr: 0.1 });
  const fake = (rows: Record<number, [number, number, number, number]>): (RaceDelta | undefined)[] => {
    const out: (RaceDelta | undefined)[] = [];
    for (const [e, [sa, sl, pa, pl]] of Object.entries(rows)) out[Number(e)] = { epoch: Number(e), sgdr: m(sa, sl), step: m(pa, pl) };
    return out;
  };

  it('holds, fails and waits as specified', () => {
    const good = fake({ 6: [0.84, 0.44, 0.8, 0.6], 14: [0.84, 0.43, 0.8, 0.6], 30: [0.84, 0.43, 0.83, 0.45] });
    expect(raceClaim(good, defaults).holds).toBe(true);
    // Accuracy one point lower at epoch 6 although the loss is lower: fails.
    const accLower = fake({ 6: [0.79, 0.44, 0.8, 0.6], 14: [0.84, 0.43, 0.8, 0.6], 30: [0.84, 0.43, 0.83, 0.45] });
    expect(raceClaim(accLower, defaults).holds).toBe(false);
    // Final gap 0.04 > 0.03: fails.
    const apart = fake({ 6: [0.84, 0.44, 0.8, 0.6], 14: [0.84, 0.43, 0.8, 0.6], 30: [0.84, 0.43, 0.8, 0.45] });
    expect(raceClaim(apart, defaults).holds).toBe(false);
    // Both collapsed to chance: equal, but not a pass.
    const dead = fake({ 6: [0.25, 1.38, 0.25, 1.39], 14: [0.25, 1.38, 0.25, 1.39], 30: [0.25, 1.386, 0.25, 1.386] });
    const c = raceClaim(dead, defaults);
    expect(c.collapsed).toEqual(['sgdr', 'step']);
    expect(c.holds).toBe(false);
    // Not finished yet: no verdict.
    expect(raceClaim(fake({ 6: [0.84, 0.44, 0.8, 0.6] }), defaults).holds).toBeNull();
    // T0 = 1, T_mult = 3 ends at 1, 4, 13, 40: epoch 30 is mid-cycle.
    expect(raceClaim(good, { ...defaults, t0: 1, tMult: 3 }).endsMidCycle).toBe(true);
  });
});

describe('the race (tfjs, cpu backend)', () => {
  it('leaks no tensors, even when stopped early, and repeats itself exactly', async () => {
    const firstEpochs = async () => {
      const out: RaceProgress[] = [];
      for await (const p of sgdrRace(defaults, 5, 'cpu')) {
        out.push(p);
        if (p.delta.epoch === 2) break; // return() runs the generator's cleanup
      }
      return out;
    };
    let a: RaceProgress[] = [];
    const leaked = await tensorsLeaked(async () => {
      a = await firstEpochs();
    });
    expect(leaked).toBe(0);
    const b = await firstEpochs();
    expect(b.map((p) => p.delta)).toEqual(a.map((p) => p.delta));
    // Epoch 0 is the shared initial network: both runs identical.
    expect(a[0].delta.sgdr.testLoss).toBe(a[0].delta.step.testLoss);
    // The reported tensor count is the same at every yield once training has started (the
    // optimiser creates its momentum buffers on its first step, after epoch 0 was reported).
    expect(new Set(a.slice(1).map((p) => p.info?.numTensors)).size).toBe(1);
  });

  it(
    'claim at seed 1: SGDR wins at the ends of cycles 2 and 3, and ties after annealing',
    async () => {
      const before = tf.memory().numTensors;
      const t = performance.now();
      const out = await drain(sgdrRace(defaults, 1, 'cpu'));
      const ms = performance.now() - t;
      expect(tf.memory().numTensors).toBe(before);
      expect(out).toHaveLength(31);
      const byEpoch = out.map((p) => p.delta);
      const c = raceClaim(byEpoch, defaults);
      expect(c.anytime.map((k) => k.epoch)).toEqual([6, 14]);
      expect(c.holds).toBe(true);
      // Size of the effect: at epochs 6 and 14 SGDR's test loss is lower by at least 0.05 and its
      // accuracy lead averages at least 0.03 (brief: expected −0.05 to −0.3 and +0.04 to +0.09).
      for (const k of c.anytime) expect(k.sgdrLoss - k.stepLoss).toBeLessThan(-0.05);
      const lead = c.anytime.reduce((s, k) => s + k.sgdrAcc - k.stepAcc, 0) / c.anytime.length;
      expect(lead).toBeGreaterThan(0.03);
      // After both have annealed: within 0.03, and both near the Bayes limit 0.849.
      const last = byEpoch[30];
      expect(Math.abs(last.sgdr.testAcc - last.step.testAcc)).toBeLessThanOrEqual(0.03);
      expect(last.sgdr.testAcc).toBeGreaterThan(0.8);
      expect(last.step.testAcc).toBeGreaterThan(0.8);
      console.info(`sgdr race, seed 1, cpu: ${ms.toFixed(0)} ms; epoch 6 ${JSON.stringify(c.anytime[0])}; epoch 14 ${JSON.stringify(c.anytime[1])}`);
    },
    60_000,
  );
});
