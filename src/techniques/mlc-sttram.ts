/**
 * MLC STT-RAM buffer for fp16 weights (Jasemi, Hessabi & Bagherzadeh, arXiv 2001.08806): the
 * storage side of the lesson, as plain functions on 16-bit words (no tfjs).
 *
 * - A multi-level cell holds two bits: one in the "hard" magnetic domain and one in the "soft"
 *   domain. States 00 and 11 are cheap (one-step write) and robust; 01 and 10 are costly (two-step
 *   write) and, in our fault model, more likely to lose their soft bit.
 * - A layout says which two bit positions of a word share a cell, and which of them is hard.
 * - Protection (our reconstruction of the paper's scheme; each piece can be switched on alone):
 *   `guard`  — the reader forces bit 14 to 0: weights in [−1, 1] never use it (|w| < 2);
 *   `backup` — the writer stores a copy of the sign bit in bit 14, so the top cell holds 00 or 11
 *              (the reader must then drop the copy, i.e. `backup` implies `guard` on read);
 *   pairing  — the block is rearranged: bit positions are paired so that as few cells as possible
 *              are in a costly state, for the actual weights (exact minimum by DP over subsets).
 * - Fault model: each cell independently flips its soft bit with probability pCostly if it is in
 *   a costly state and pCostly / ratio if it is in a cheap one. Energy: cheap cell = 1 unit,
 *   costly cell = `costlyCost` units (illustrative numbers, not the paper's).
 */
import type { Rng } from '../core/rng';

/** One cell: [hard bit position, soft bit position], positions 0..15 (15 = sign). */
export type Pair = readonly [number, number];
/** Eight cells covering the sixteen bit positions once each. */
export type Layout = readonly Pair[];

/** The plain layout: neighbouring bits share a cell, the higher one in the hard domain. */
export const ADJACENT: Layout = [
  [15, 14],
  [13, 12],
  [11, 10],
  [9, 8],
  [7, 6],
  [5, 4],
  [3, 2],
  [1, 0],
];

/** Bit 14, the most significant exponent bit: always 0 when |w| < 2. */
export const UNUSED_BIT = 14;
const CLEAR_14 = 0xbfff;

export interface Protection {
  /** Reader forces bit 14 to 0. */
  guard: boolean;
  /** Writer copies the sign (bit 15) into bit 14. */
  backup: boolean;
}

export const UNPROTECTED: Protection = { guard: false, backup: false };

/** The word as written to the buffer. */
export function storeWord(h: number, p: Protection): number {
  if (!p.backup) return h & 0xffff;
  return (h & CLEAR_14) | (((h >> 15) & 1) << UNUSED_BIT);
}

/** The word as the accelerator reads it back (bit 14 cleared when guarded or when it holds the copy). */
export function loadWord(stored: number, p: Protection): number {
  return p.guard || p.backup ? stored & CLEAR_14 : stored & 0xffff;
}

/** A stored word whose sign and its copy disagree: an error the reader can detect (backup only). */
export function backupMismatch(stored: number): boolean {
  return ((stored >> 15) & 1) !== ((stored >> UNUSED_BIT) & 1);
}

/** Cell state as a two-bit number hard·2 + soft: 0 = "00", 1 = "01", 2 = "10", 3 = "11". */
export function cellState(h: number, pair: Pair): number {
  return (((h >> pair[0]) & 1) << 1) | ((h >> pair[1]) & 1);
}

/** 01 and 10 need a two-step write and are the fragile states. */
export function isCostly(state: number): boolean {
  return state === 1 || state === 2;
}

/** Number of cells of one word in a costly state. */
export function costlyCells(h: number, layout: Layout): number {
  let n = 0;
  for (const pair of layout) n += ((h >> pair[0]) ^ (h >> pair[1])) & 1;
  return n;
}

/** Fraction of all cells of a block of words that are in a costly state. */
export function costlyFraction(words: Uint16Array, layout: Layout): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) n += costlyCells(words[i], layout);
  return words.length === 0 ? 0 : n / (words.length * layout.length);
}

/** Fraction of words with a 1 at each bit position (index = position). */
export function onesPerBit(words: Uint16Array): number[] {
  const ones = new Array<number>(16).fill(0);
  for (let i = 0; i < words.length; i++) for (let b = 0; b < 16; b++) ones[b] += (words[i] >> b) & 1;
  return ones.map((n) => (words.length === 0 ? 0 : n / words.length));
}

/** mismatch[i·16 + j] = fraction of words whose bits i and j differ (= the cost of pairing i with j). */
export function mismatchMatrix(words: Uint16Array): Float64Array {
  const m = new Float64Array(256);
  for (let k = 0; k < words.length; k++) {
    const h = words[k];
    for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) m[i * 16 + j] += ((h >> i) ^ (h >> j)) & 1;
  }
  for (let i = 0; i < 16; i++)
    for (let j = i + 1; j < 16; j++) {
      m[i * 16 + j] /= Math.max(1, words.length);
      m[j * 16 + i] = m[i * 16 + j];
    }
  return m;
}

/**
 * The pairing of the 16 bit positions into 8 cells with the least total cost (exact: dynamic
 * programming over subsets of positions, 2^16 states). In each pair the higher position goes to
 * the hard domain, since soft bits are the ones that flip. Ties go to the first pairing found,
 * scanning partners from the lowest position up.
 */
export function optimalPairing(cost: Float64Array): Layout {
  const full = 0xffff;
  const best = new Float64Array(full + 1).fill(Infinity);
  const choice = new Int8Array(full + 1).fill(-1);
  best[0] = 0;
  for (let mask = 3; mask <= full; mask++) {
    // Only sets with an even number of positions can be split into pairs.
    let pop = 0;
    for (let x = mask; x; x &= x - 1) pop ^= 1;
    if (pop) continue;
    const i = 31 - Math.clz32(mask & -mask);
    const rest = mask & ~(1 << i);
    for (let r = rest; r; r &= r - 1) {
      const j = 31 - Math.clz32(r & -r);
      const c = best[rest & ~(1 << j)] + cost[i * 16 + j];
      if (c < best[mask] - 1e-12) {
        best[mask] = c;
        choice[mask] = j;
      }
    }
  }
  const pairs: Pair[] = [];
  for (let mask = full; mask; ) {
    const i = 31 - Math.clz32(mask & -mask);
    const j = choice[mask];
    pairs.push([j, i]);
    mask &= ~(1 << i) & ~(1 << j);
  }
  return pairs.sort((a, b) => b[0] - a[0]);
}

/** Total cost of a layout under a pairing cost matrix (e.g. the expected number of costly cells). */
export function layoutCost(layout: Layout, cost: Float64Array): number {
  return layout.reduce((s, [a, b]) => s + cost[a * 16 + b], 0);
}

export interface FaultRates {
  /** Probability that a cell in state 01 or 10 loses its soft bit. */
  pCostly: number;
  /** How much more fragile costly states are than cheap ones (pCheap = pCostly / ratio). */
  ratio: number;
}

/**
 * One fault trial: copies `stored` into `out` with soft bits flipped at random per the fault model.
 * Returns the number of flipped bits.
 */
export function injectFaults(stored: Uint16Array, layout: Layout, rates: FaultRates, rng: Rng, out: Uint16Array): number {
  const pCheap = rates.pCostly / rates.ratio;
  let flips = 0;
  for (let i = 0; i < stored.length; i++) {
    let h = stored[i];
    for (const [hard, soft] of layout) {
      const costly = ((h >> hard) ^ (h >> soft)) & 1;
      if (rng.next() < (costly ? rates.pCostly : pCheap)) {
        h ^= 1 << soft;
        flips++;
      }
    }
    out[i] = h;
  }
  return flips;
}

/** Relative energy of writing (or reading) a block: cheap cells cost 1, costly cells `costlyCost`. */
export function blockEnergy(words: Uint16Array, layout: Layout, costlyCost: number): number {
  let costly = 0;
  for (let i = 0; i < words.length; i++) costly += costlyCells(words[i], layout);
  const cells = words.length * layout.length;
  return cells - costly + costly * costlyCost;
}

/** Checks that a layout uses each of the 16 positions exactly once. */
export function isValidLayout(layout: Layout): boolean {
  if (layout.length !== 8) return false;
  const seen = new Set<number>();
  for (const [a, b] of layout) for (const x of [a, b]) if (Number.isInteger(x) && x >= 0 && x < 16) seen.add(x);
  return seen.size === 16;
}

/** Storage statistics of the trained network, for the four combinations of backup × pairing. */
export interface StoredStats {
  /** Error-free test accuracy of the fp16 network (unprotected read). */
  clean: number;
  /** Error-free accuracy through the protected reader (equal to `clean` when every |w| < 2). */
  cleanProtected: number;
  /** Fraction of parameters with a 1 at each bit position (index = position). */
  ones: number[];
  words: number;
  maxAbs: number;
  /** Costly-cell fraction: plain, with the sign copy, paired, both. */
  costly: { plain: number; backup: number; paired: number; both: number };
  /** The layout the protected buffer uses (adjacent unless pairing is on). */
  layout: Pair[];
}

/** The layout a scheme uses: pairing is optimised on the words as they will be stored. */
export function chooseLayout(words: Uint16Array, backup: boolean, pairing: boolean): Layout {
  if (!pairing) return ADJACENT;
  const stored = words.map((h) => storeWord(h, { guard: false, backup }));
  return optimalPairing(mismatchMatrix(stored));
}

export function storedStats(words: Uint16Array, p: { backup: boolean; pairing: boolean }, clean: number, cleanProtected: number, maxAbs: number): StoredStats {
  const withCopy = words.map((h) => storeWord(h, { guard: false, backup: true }));
  const pairedPlain = chooseLayout(words, false, true);
  const pairedCopy = chooseLayout(words, true, true);
  const layout = p.pairing ? (p.backup ? pairedCopy : pairedPlain) : ADJACENT;
  return {
    clean,
    cleanProtected,
    ones: onesPerBit(words),
    words: words.length,
    maxAbs,
    costly: {
      plain: costlyFraction(words, ADJACENT),
      backup: costlyFraction(withCopy, ADJACENT),
      paired: costlyFraction(words, pairedPlain),
      both: costlyFraction(withCopy, pairedCopy),
    },
    layout: layout.map((q) => [q[0], q[1]] as Pair),
  };
}
