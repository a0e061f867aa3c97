/**
 * The in-browser benchmark of the online-softmax lesson, as an async generator (served by a Web
 * Worker on the page, drained by Vitest in tests). Like the paper's CUDA benchmark, inputs are
 * float32 draws from U[0, 1) and the batch is reshaped into rows of length V; unlike it, this is
 * one CPU thread running JavaScript.
 *
 * Method: one warm-up round per row length (discarded, lets the JIT compile), then `reps` timed
 * rounds; inside a round every method runs once, in an order rotated each round so none always
 * goes first. Each call's output is consumed (a strided checksum of y plus the returned sum of
 * normalisers) so the optimiser cannot drop the work. The view takes medians.
 */
import { createRng } from '../core/rng';
import type { Progress } from '../core/progress';
import { KERNELS, type ExpMode, type Method, type Tally } from './online-softmax-kernels';

export const ROW_LENGTHS = [64, 1024, 16384, 262144] as const;
export const ELEMENT_COUNTS = [2 ** 20, 2 ** 22, 2 ** 24] as const;
/** Checksum stride: a prime, so the sampled positions drift across rows of every length. */
const STRIDE = 997;

export interface BenchParams {
  /** Total elements N = rows × V. */
  n: number;
  mode: ExpMode;
  /** Timed rounds per row length (after one warm-up round). */
  reps: number;
  /** Also time naive softmax. */
  naive: boolean;
}

export interface BenchDelta {
  V: number;
  method: Method;
  /** 0 is the warm-up round. */
  rep: number;
  warmup: boolean;
  ms: number;
  /** Σ y over every 997th element. */
  checksum: number;
  /** Σ over rows of the normaliser d, returned by the kernel. */
  normSum: number;
  loads: number;
  stores: number;
  n: number;
}

export function benchMethods(p: Pick<BenchParams, 'naive'>): Method[] {
  return p.naive ? ['naive', 'safe', 'online'] : ['safe', 'online'];
}

export function benchRowLengths(n: number): number[] {
  return ROW_LENGTHS.filter((V) => V <= n && n % V === 0);
}

export function benchSteps(p: BenchParams): number {
  return benchRowLengths(p.n).length * (p.reps + 1) * benchMethods(p).length;
}

/** The benchmark's input: n float32 values from U[0, 1), from the seed's data stream. */
export function benchInput(n: number, seed: number): Float32Array {
  const rng = createRng(seed).fork('data');
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.next();
  return x;
}

export function stridedChecksum(y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i += STRIDE) s += y[i];
  return s;
}

/** Runs one kernel once and measures it. */
export function timeKernel(method: Method, mode: ExpMode, x: Float32Array, y: Float32Array, V: number) {
  const kernel = KERNELS[method][mode];
  const tally: Tally = { loads: 0, stores: 0 };
  const t0 = performance.now();
  const normSum = kernel(x, y, V, tally);
  const ms = performance.now() - t0;
  return { ms, normSum, checksum: stridedChecksum(y), tally };
}

export async function* benchmarkRun(p: BenchParams, seed: number): AsyncGenerator<Progress<BenchDelta>, void, void> {
  const n = p.n;
  if (!(Number.isInteger(n) && n >= 64)) throw new Error(`N must be a whole number ≥ 64 (got ${n})`);
  const rows = benchRowLengths(n);
  const methods = benchMethods(p);
  const total = benchSteps(p);
  const x = benchInput(n, seed);
  const y = new Float32Array(n);
  const note = p.mode === 'cheap' ? 'exp: cheap polynomial (timing proxy)' : p.mode === 'none' ? 'exp replaced by 1 + t (memory sweeps only)' : 'exp: exact Math.exp';
  let step = 0;
  for (const V of rows) {
    for (let rep = 0; rep <= p.reps; rep++) {
      for (let j = 0; j < methods.length; j++) {
        const method = methods[(j + rep) % methods.length];
        const r = timeKernel(method, p.mode, x, y, V);
        step++;
        yield {
          step,
          total,
          delta: { V, method, rep, warmup: rep === 0, ms: r.ms, checksum: r.checksum, normSum: r.normSum, loads: r.tally.loads, stores: r.tally.stores, n },
          info: { note: `plain JavaScript on one thread, no tfjs · ${note}` },
        };
      }
    }
  }
}
