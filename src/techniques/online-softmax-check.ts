/**
 * The step-through experiment of the online-softmax lesson: build a logit vector from a preset,
 * run every kernel on it (naive, safe, online; the three softmax + top-k variants; the ⊕ merge of
 * block pairs in three orders) and check the paper's exact claims on the numbers just computed.
 */
import { createRng } from '../core/rng';
import { logSumExp } from '../core/math';
import {
  LN_FLT_MAX,
  LN_FLT_ZERO,
  accessesPerElement,
  blockPairs,
  foldLeft,
  foldTree,
  maxAbsDiff,
  naiveSoftmax,
  onlineSoftmax,
  safeSoftmax,
  ulpDistance,
  writeOutputs,
  type MD,
  type Meter,
  type OnlineStep,
  type SoftmaxResult,
} from './online-softmax';
import { onlineFusedTopK, safeFusedTopK, safeThenTopK, type TopK } from './online-softmax-topk';

export const PRESETS = ['example', 'random', 'ascending', 'descending', 'equal', 'huge', 'masked', 'all-masked'] as const;
export type Preset = (typeof PRESETS)[number];

/** The logit that the "one huge logit" preset plants: just past ln(FLT_MAX). */
export const HUGE_LOGIT = 89;
/** Top-k size used by the paper's benchmark. */
export const TOP_K = 5;
/** Online and safe outputs must agree to this absolute tolerance. */
export const AGREE_TOL = 1e-6;

/** The base logits of a preset (before the offset), as plain numbers. */
export function presetLogits(preset: Preset, n: number, seed: number): number[] {
  const rng = createRng(seed).fork('logits');
  const random = () => Array.from({ length: n }, () => Math.round(rng.normal(1, 2) * 100) / 100);
  switch (preset) {
    case 'example':
      return [1, 3, 2, 5];
    case 'random':
      return random();
    case 'ascending':
      return Array.from({ length: n }, (_, i) => i);
    case 'descending':
      return Array.from({ length: n }, (_, i) => n - 1 - i);
    case 'equal':
      return new Array<number>(n).fill(0);
    case 'huge': {
      const x = random();
      x[rng.int(n)] = HUGE_LOGIT;
      return x;
    }
    case 'masked': {
      // The first entry is always masked: that is the case where e^(−∞−(−∞)) appears.
      const x = random();
      const cut = rng.permutation(n - 1);
      x[0] = -Infinity;
      for (let i = 0; i < Math.floor((n - 1) / 4); i++) x[1 + cut[i]] = -Infinity;
      return x;
    }
    case 'all-masked':
      return new Array<number>(n).fill(-Infinity);
  }
}

/** The float32 vector x_j = fl(base_j + c). */
export function withOffset(base: readonly number[], c: number): Float32Array {
  return Float32Array.from(base, (v) => Math.fround(v + c));
}

export interface AccessRow {
  name: string;
  loads: number;
  stores: number;
  sweeps: number;
  exps: number;
  /** (loads + stores) per vector element. */
  perElement: number;
}

function accessRow(name: string, mt: Meter, n: number): AccessRow {
  return { name, loads: mt.loads, stores: mt.stores, sweeps: mt.sweeps, exps: mt.exps, perElement: accessesPerElement(mt, n) };
}

export type NaiveForecast = 'overflow' | 'underflow' | 'ok' | 'borderline';

/** Whether float32 naive softmax must fail: Σe^x > FLT_MAX, or every e^x rounds to 0. */
export function forecastNaive(x: Float32Array): NaiveForecast {
  const tol = 1e-4;
  let max = -Infinity;
  for (const v of x) if (v > max) max = v;
  const lse = logSumExp(x);
  if (lse > LN_FLT_MAX + tol) return 'overflow';
  if (max < LN_FLT_ZERO - tol) return 'underflow';
  if (Math.abs(lse - LN_FLT_MAX) <= tol || Math.abs(max - LN_FLT_ZERO) <= tol) return 'borderline';
  return 'ok';
}

export interface MergeResult {
  order: 'left-to-right' | 'tree' | 'shuffled';
  md: MD;
  /** float32 ulps between this d and the sequential online d. */
  ulps: number;
  /** max |y(this pair) − y(sequential)|. */
  maxDiffY: number;
}

export interface VectorReport {
  x: Float32Array;
  naive: SoftmaxResult;
  safe: SoftmaxResult;
  online: SoftmaxResult & { trace: OnlineStep[] };
  /** Σ_{k≤j} e^(x_k − m_V): safe softmax's running sum, relative to the final max (for the chart). */
  safePartial: number[];
  lse: number;
  maxDiffOnlineSafe: number;
  maxDiffNaiveSafe: number;
  naiveFailed: boolean;
  forecast: NaiveForecast;
  accesses: AccessRow[];
  topk: { k: number; separate: TopK; safeFused: TopK; onlineFused: TopK; agree: boolean; maxValueDiff: number };
  blocks: number;
  merges: MergeResult[];
  claim: { holds: boolean; online: boolean; counts: boolean; naive: boolean; topk: boolean };
}

function sameIndices(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function analyseVector(x: Float32Array, opts: { blocks: number; guard: boolean; seed: number }): VectorReport {
  const { guard } = opts;
  const n = x.length;
  const naive = naiveSoftmax(x);
  const safe = safeSoftmax(x, { guard });
  const online = onlineSoftmax(x, { guard });

  const safePartial: number[] = [];
  let acc = 0;
  for (const v of x) {
    if (!(guard && v === -Infinity)) acc = Math.fround(acc + Math.fround(Math.exp(Math.fround(v - safe.m))));
    safePartial.push(acc);
  }

  const k = Math.min(TOP_K, n);
  const separate = safeThenTopK(x, k, { guard });
  const safeFused = safeFusedTopK(x, k, { guard });
  const onlineFused = onlineFusedTopK(x, k, { guard });
  const maxValueDiff = Math.max(maxAbsDiff(separate.values, safeFused.values), maxAbsDiff(separate.values, onlineFused.values));
  const topkAgree =
    sameIndices(separate.indices, safeFused.indices) && sameIndices(separate.indices, onlineFused.indices) && maxValueDiff <= AGREE_TOL;

  const accesses = [
    accessRow('naive', naive.meter, n),
    accessRow('safe', safe.meter, n),
    accessRow('online', online.meter, n),
    accessRow('safe, then top-k', separate.meter, n),
    accessRow('safe + top-k fused', safeFused.meter, n),
    accessRow('online + top-k fused', onlineFused.meter, n),
  ];

  const pairs = blockPairs(x, opts.blocks, guard);
  const perm = createRng(opts.seed).fork('merge').permutation(pairs.length);
  const orders: [MergeResult['order'], MD][] = [
    ['left-to-right', foldLeft(pairs, guard)],
    ['tree', foldTree(pairs, guard)],
    ['shuffled', foldLeft(Array.from(perm, (i) => pairs[i]), guard)],
  ];
  const merges = orders.map(([order, md]) => {
    const y = new Float32Array(n);
    writeOutputs(x, y, md, guard);
    return { order, md, ulps: ulpDistance(md.d, online.d), maxDiffY: maxAbsDiff(y, online.y) };
  });

  const maxDiffOnlineSafe = maxAbsDiff(online.y, safe.y);
  const naiveFailed = !(Number.isFinite(naive.d) && naive.d > 0);
  const forecast = forecastNaive(x);
  const per = accesses.map((a) => a.perElement);
  const counts = [3, 4, 3, 5, 2, 1].every((c, i) => per[i] === c);
  const online_ = maxDiffOnlineSafe <= AGREE_TOL;
  const naiveOk = forecast === 'borderline' || naiveFailed === (forecast !== 'ok');
  return {
    x,
    naive,
    safe,
    online,
    safePartial,
    lse: logSumExp(x),
    maxDiffOnlineSafe,
    maxDiffNaiveSafe: maxAbsDiff(naive.y, safe.y),
    naiveFailed,
    forecast,
    accesses,
    topk: { k, separate, safeFused, onlineFused, agree: topkAgree, maxValueDiff },
    blocks: pairs.length,
    merges,
    claim: { holds: online_ && counts && naiveOk && topkAgree, online: online_, counts, naive: naiveOk, topk: topkAgree },
  };
}
