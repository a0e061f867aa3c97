/**
 * The measured claim of the MLC STT-RAM lesson's fault-injection widget (no tfjs): from the
 * per-rate fault trials, does the protected buffer keep the error-free accuracy where the
 * unprotected one does not?
 */
import { mean } from './mlc-sttram-net';

export const FAULT_CLAIM = {
  /** The protected mean may trail the unprotected mean by at most this much (trial noise). */
  orderTol: 0.005,
  /** Up to `refRate`, the protected mean must be within this of its error-free accuracy. */
  cleanTol: 0.005,
  refRate: 1e-3,
  /** Somewhere in the sweep the protection must be worth at least this much mean accuracy. */
  minGain: 0.05,
} as const;

export interface RateResult {
  rate: number;
  base: readonly number[];
  prot: readonly number[];
}

export interface FaultClaim {
  holds: boolean | null;
  /** Protected mean ≥ unprotected mean − orderTol at every rate. */
  notBelow: boolean;
  /** Largest shortfall of the protected mean below the unprotected one (≤ 0 when never below). */
  worstShortfall: { rate: number; value: number };
  /** Protected mean within cleanTol of error-free at every rate ≤ refRate. */
  keepsClean: boolean;
  worstCleanLoss: { rate: number; value: number };
  /** The largest mean gain of protection, and where. */
  gain: { rate: number; value: number };
}

export function faultClaim(results: readonly RateResult[], cleanProtected: number, complete: boolean): FaultClaim {
  let worstShortfall = { rate: NaN, value: -Infinity };
  let worstCleanLoss = { rate: NaN, value: -Infinity };
  let gain = { rate: NaN, value: -Infinity };
  for (const r of results) {
    const b = mean(r.base);
    const p = mean(r.prot);
    if (b - p > worstShortfall.value) worstShortfall = { rate: r.rate, value: b - p };
    if (p - b > gain.value) gain = { rate: r.rate, value: p - b };
    if (r.rate <= FAULT_CLAIM.refRate * (1 + 1e-9) && cleanProtected - p > worstCleanLoss.value) worstCleanLoss = { rate: r.rate, value: cleanProtected - p };
  }
  const notBelow = worstShortfall.value <= FAULT_CLAIM.orderTol;
  const keepsClean = worstCleanLoss.value <= FAULT_CLAIM.cleanTol;
  const holds = complete && results.length > 0 ? notBelow && keepsClean && gain.value >= FAULT_CLAIM.minGain : null;
  return { holds, notBelow, worstShortfall, keepsClean, worstCleanLoss, gain };
}
