/**
 * The classifier side of the MLC STT-RAM lesson, without tfjs: the setting (data, network, initial
 * weights), packing a network's parameters into fp16 words, a plain Float32Array forward pass from
 * those words that lets NaN and Infinity through, and the fault-injection sweep over error rates.
 * Training itself (tfjs) is in `mlc-sttram-run.ts`.
 */
import type { Rng } from '../core/rng';
import { createRng } from '../core/rng';
import { fromHalfBits, toHalfBits } from '../core/fp16';
import { blobsOnCircle, type Dataset2D } from '../labs/classifier/datasets';
import type { MlpWeights } from '../labs/classifier/mlp';
import { injectFaults, loadWord, storeWord, type FaultRates, type Layout, type Protection } from './mlc-sttram';

/** LABS.md §3 (MLC): 4 blobs at radius 1.5, std 0.5; 2→32→32→4 ReLU; SGD 0.05, batch 64, weights clipped to [−1, 1]. */
export const MLC_SETTING = {
  sizes: [2, 32, 32, 4],
  classes: 4,
  radius: 1.5,
  std: 0.5,
  trainPerClass: 200,
  testPerClass: 500,
  /** Initial weight std per layer: N(0, 0.5²) first layer, N(0, 0.25²) the others. */
  initStd: [0.5, 0.25, 0.25],
  learningRate: 0.05,
  batchSize: 64,
  /** LABS.md says 3000; test accuracy is flat from about 500 steps on (measured), so 600 keeps the run short. */
  steps: 600,
  clip: 1,
  /** Error rates of costly cells swept by the fault-injection widget (half decades). */
  rates: [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1],
} as const;

export function mlcData(seed: number): { train: Dataset2D; test: Dataset2D } {
  const rng = createRng(seed);
  const o = { classes: MLC_SETTING.classes, radius: MLC_SETTING.radius, std: MLC_SETTING.std };
  return {
    train: blobsOnCircle(rng.fork('train'), { ...o, perClass: MLC_SETTING.trainPerClass }),
    test: blobsOnCircle(rng.fork('test'), { ...o, perClass: MLC_SETTING.testPerClass }),
  };
}

const clipTo = (x: number, c: number) => Math.min(c, Math.max(-c, x));

/** Initial weights from our RNG: Gaussian kernels with the setting's std, zero biases, clipped to [−1, 1]. */
export function mlcInitWeights(rng: Rng): MlpWeights {
  const sizes = [...MLC_SETTING.sizes];
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const k = new Float32Array(sizes[l] * sizes[l + 1]);
    for (let i = 0; i < k.length; i++) k[i] = clipTo(rng.normal(0, MLC_SETTING.initStd[l]), MLC_SETTING.clip);
    kernels.push(k);
    biases.push(new Float32Array(sizes[l + 1]));
  }
  return { sizes, kernels, biases };
}

/** All parameters as fp16 words, in the order kernel 0, bias 0, kernel 1, bias 1, … */
export function packHalf(w: MlpWeights): Uint16Array {
  const total = w.kernels.reduce((s, k, l) => s + k.length + w.biases[l].length, 0);
  const out = new Uint16Array(total);
  let o = 0;
  for (let l = 0; l < w.kernels.length; l++) {
    for (const x of w.kernels[l]) out[o++] = toHalfBits(x);
    for (const x of w.biases[l]) out[o++] = toHalfBits(x);
  }
  return out;
}

/** Number of parameters of an MLP with these layer sizes. */
export function paramCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return n;
}

/**
 * Test accuracy of the ReLU MLP whose parameters are the decoded `words` (layout of `packHalf`).
 * Arithmetic in float64 on float32-stored values; NaN and ±Infinity propagate (0 · ∞ = NaN, as
 * in hardware), and a point whose logits are not all finite counts as wrongly classified.
 */
export function accuracyFromWords(words: Uint16Array, sizes: readonly number[], test: Dataset2D): number {
  const params = new Float32Array(words.length);
  for (let i = 0; i < words.length; i++) params[i] = fromHalfBits(words[i]);
  // A zero input may skip its row of the kernel only if that row is all finite (else 0 · ∞ = NaN).
  const rowFinite: Uint8Array[] = [];
  for (let l = 0, o = 0; l + 1 < sizes.length; l++) {
    const r = new Uint8Array(sizes[l]);
    for (let i = 0; i < sizes[l]; i++) {
      let ok = 1;
      for (let j = 0; j < sizes[l + 1]; j++) if (!Number.isFinite(params[o + i * sizes[l + 1] + j])) ok = 0;
      r[i] = ok;
    }
    rowFinite.push(r);
    o += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  const width = Math.max(...sizes);
  let a = new Float64Array(width);
  let b = new Float64Array(width);
  const k = sizes[sizes.length - 1];
  let correct = 0;
  for (let n = 0; n < test.size; n++) {
    a[0] = test.xs[2 * n];
    a[1] = test.xs[2 * n + 1];
    let o = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fin = sizes[l];
      const fout = sizes[l + 1];
      const bias = o + fin * fout;
      for (let j = 0; j < fout; j++) b[j] = params[bias + j];
      const rf = rowFinite[l];
      for (let i = 0; i < fin; i++) {
        const x = a[i];
        if (x === 0 && rf[i]) continue;
        const row = o + i * fout;
        for (let j = 0; j < fout; j++) b[j] += x * params[row + j];
      }
      if (l + 2 < sizes.length) {
        // ReLU that keeps NaN (`Math.max(0, NaN)` is NaN too, but a plain `s > 0 ? s : 0` would hide the fault).
        for (let j = 0; j < fout; j++) if (!(b[j] > 0) && b[j] === b[j]) b[j] = 0;
      }
      o = bias + fout;
      const t = a;
      a = b;
      b = t;
    }
    let best = 0;
    let finite = true;
    for (let j = 0; j < k; j++) {
      if (!Number.isFinite(a[j])) finite = false;
      if (a[j] > a[best]) best = j;
    }
    if (finite && best === test.labels[n]) correct++;
  }
  return correct / test.size;
}

export interface Scheme {
  protection: Protection;
  layout: Layout;
}

export interface TrialStats {
  /** Test accuracy of each trial. */
  accs: number[];
  /** Total soft bits flipped over the trials. */
  flips: number;
  /** Trials in which the reader saw a sign/copy mismatch (only meaningful with the backup). */
  detected: number;
}

/**
 * `trials` fault trials of one storage scheme at one error rate: store, inject, load, test.
 * A trial with no flip has the error-free accuracy `clean` (no forward pass needed).
 */
export function faultTrials(
  words: Uint16Array,
  scheme: Scheme,
  rates: FaultRates,
  trials: number,
  rng: Rng,
  sizes: readonly number[],
  test: Dataset2D,
  clean: number,
): TrialStats {
  const stored = words.map((h) => storeWord(h, scheme.protection));
  const hit = new Uint16Array(words.length);
  const read = new Uint16Array(words.length);
  const accs: number[] = [];
  let flips = 0;
  let detected = 0;
  for (let t = 0; t < trials; t++) {
    const f = injectFaults(stored, scheme.layout, rates, rng, hit);
    flips += f;
    if (f === 0) {
      accs.push(clean);
      continue;
    }
    let mismatch = false;
    for (let i = 0; i < hit.length; i++) {
      read[i] = loadWord(hit[i], scheme.protection);
      if (scheme.protection.backup && ((hit[i] >> 15) & 1) !== ((hit[i] >> 14) & 1)) mismatch = true;
    }
    if (mismatch) detected++;
    accs.push(accuracyFromWords(read, sizes, test));
  }
  return { accs, flips, detected };
}

export const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
