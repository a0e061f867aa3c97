/**
 * The DPT lesson's run setting: the shared baseline (vanilla PT, k = 8) plus vanilla PT at DPT's k
 * (or the parameter-matched k′ = ⌊b(k+d)/d⌋) and DPT itself, on toy sentiment without cue words.
 */
import type { BenchParams } from '../labs/tiny-lm/bench';

export interface DptRunInput {
  k: number;
  rank: number;
  lr: number;
  steps: number;
  matchBudget: boolean;
}

export const DPT_BATCH = 16;

export function dptRunParams(p: DptRunInput, d = 64): { bench: BenchParams; vanillaK: number } {
  const vanillaK = p.matchBudget ? Math.max(1, Math.floor((p.rank * (p.k + d)) / d)) : p.k;
  return { bench: { task: 'sentiment', cue: false, k: 8, steps: p.steps, lr: p.lr, batch: DPT_BATCH }, vanillaK };
}
