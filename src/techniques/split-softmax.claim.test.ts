/** The lesson's claim at toy scale: seed 1, 24 dialogs per length, γ = 0.3 on both layers. */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { drain } from '../labs/tf/memory';
import { readCheckpoint } from '../labs/tiny-lm/checkpoint';
import { runDrift, type DriftDelta } from './split-softmax-run';

describe('split-softmax drift claim (seed 1)', () => {
  it('share decays with length; γ = 0.3 raises it everywhere and recovers part of the log-prob margin', async () => {
    const w = readCheckpoint(resolve(__dirname, '../../public')).weights;
    const msgs = await drain(runDrift({ gamma: 0.3, layers: 'all', dialogs: 24 }, 1, { loadWeights: async () => w }));
    const d = msgs.map((m) => m.delta as DriftDelta).filter((x) => x.score);
    const at = (h: number, g: number) => d.find((x) => x.history === h && x.gammaIndex === g)!.score!;
    expect(at(0, 0).sysShare).toBeGreaterThan(at(1, 0).sysShare);
    expect(at(1, 0).sysShare).toBeGreaterThan(at(2, 0).sysShare);
    for (const h of [0, 1, 2]) expect(at(h, 1).sysShare).toBeGreaterThan(at(h, 0).sysShare);
    // Measured at seed 1 (paired dialogs): margin −0.960 → −1.069 → −1.088 nats (γ = 1), −1.311 → −0.966 → −0.852 (γ = 0.3);
    // shares 0.042 / 0.010 / 0.002 (γ = 1) and 0.223 / 0.076 / 0.033 (γ = 0.3); content 0.67 → 0.38 at 0 exchanges.
    expect(at(2, 0).margin).toBeLessThan(at(0, 0).margin - 0.1);
    expect(at(2, 1).margin).toBeGreaterThan(at(2, 0).margin + 0.15);
    expect(at(2, 1).sysShare).toBeGreaterThan(5 * at(2, 0).sysShare);
    // The cost: in the shortest dialogs the boosted model picks the right clause less often.
    expect(at(0, 1).content).toBeLessThan(at(0, 0).content - 0.15);
  }, 120000);
});
