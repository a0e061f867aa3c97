/**
 * The AP comparison of the Soft-NMS lesson: many seeded scenes at a few crowding levels, each
 * suppression method applied to every scene, and COCO-style AP at the ten evaluation thresholds
 * 0.5…0.95. Runs in a Web Worker (and in Vitest) as an async generator, one message per
 * (crowding level, method) pair.
 */
import type { Progress } from '../core/progress';
import { softNms, type Method } from './soft-nms';
import { COCO_THRESHOLDS, apAtThresholds, type EvalImage } from './soft-nms-ap';
import { generateScenes } from './soft-nms-scenes';

export const CROWDING_LEVELS: readonly number[] = [0, 0.3, 0.6];
/** The looser hard-NMS threshold compared alongside the reader's N_t. */
export const LOOSE_NT = 0.5;

export type EvalParams = {
  scenes: number;
  nt: number;
  sigma: number;
};

export interface MethodSpec {
  key: 'nms' | 'nmsLoose' | 'linear' | 'gaussian';
  method: Method;
  nt: number;
  sigma: number;
}

export function evalMethods(p: EvalParams): MethodSpec[] {
  return [
    { key: 'nms', method: 'nms', nt: p.nt, sigma: p.sigma },
    { key: 'nmsLoose', method: 'nms', nt: LOOSE_NT, sigma: p.sigma },
    { key: 'linear', method: 'linear', nt: p.nt, sigma: p.sigma },
    { key: 'gaussian', method: 'gaussian', nt: p.nt, sigma: p.sigma },
  ];
}

export interface EvalDelta {
  level: number;
  crowding: number;
  key: MethodSpec['key'];
  /** AP at each of COCO's ten thresholds. */
  aps: number[];
  /** Mean number of boxes kept per scene (score >= 0.001). */
  keptPerScene: number;
  /** Mean number of candidate boxes per scene, before suppression. */
  boxesPerScene: number;
}

export type EvalProgress = Progress<EvalDelta>;

/** Applies one method to every scene and evaluates the result. */
export function evaluateMethod(scenes: readonly { gts: EvalImage['gts']; dets: EvalImage['dets'] }[], m: MethodSpec): { aps: number[]; keptPerScene: number } {
  let kept = 0;
  const images: EvalImage[] = scenes.map((s) => {
    const dets = softNms(s.dets, { method: m.method, nt: m.nt, sigma: m.sigma });
    kept += dets.length;
    return { dets, gts: s.gts };
  });
  return { aps: apAtThresholds(images, COCO_THRESHOLDS), keptPerScene: kept / Math.max(1, scenes.length) };
}

export async function* softNmsEval(p: EvalParams, seed: number): AsyncGenerator<EvalProgress, void, void> {
  const methods = evalMethods(p);
  const total = CROWDING_LEVELS.length * methods.length;
  let step = 0;
  for (let level = 0; level < CROWDING_LEVELS.length; level++) {
    const crowding = CROWDING_LEVELS[level];
    const scenes = generateScenes(seed, crowding, p.scenes);
    const boxesPerScene = scenes.reduce((s, sc) => s + sc.dets.length, 0) / Math.max(1, scenes.length);
    for (const m of methods) {
      const r = evaluateMethod(scenes, m);
      step++;
      yield {
        step,
        total,
        delta: { level, crowding, key: m.key, aps: r.aps, keptPerScene: r.keptPerScene, boxesPerScene },
        info: { note: `${p.scenes} scenes per crowding level` },
      };
    }
  }
}

/** Mean of the ten APs: AP@[.5:.95]. */
export function apCoco(aps: readonly number[]): number {
  return aps.reduce((s, a) => s + a, 0) / aps.length;
}

export interface ClaimResult {
  holds: boolean;
  /** Gaussian minus NMS(N_t), AP@[.5:.95], at each crowding level. */
  gaps: number[];
  atLeast: boolean;
  grows: boolean;
}

/**
 * The lesson's claim: Gaussian Soft-NMS has at least the AP@[.5:.95] of hard NMS at the same N_t at
 * every crowding level, and its lead grows (never shrinks) as crowding increases.
 */
export function checkClaim(nms: readonly number[], gaussian: readonly number[]): ClaimResult {
  const gaps = gaussian.map((g, i) => g - nms[i]);
  const atLeast = gaps.every((d) => d >= 0);
  let grows = gaps.length > 1;
  for (let i = 1; i < gaps.length; i++) if (gaps[i] < gaps[i - 1]) grows = false;
  return { holds: atLeast && grows, gaps, atLeast, grows };
}
