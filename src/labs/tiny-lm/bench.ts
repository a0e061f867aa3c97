/**
 * The run behind the shared "prompt-tuning bench" widget: load the frozen checkpoint, build a task,
 * train vanilla prompt tuning (always) plus any methods the caller passes in (paper-specific ones
 * come from `techniques/`, injected by the worker entry) on the same batches, and stream progress.
 * The first message carries the setup (labels, preview inputs, parameter counts, load time).
 */
import { createRng, type Rng } from '../../core/rng';
import type { Progress } from '../../core/progress';
import { initTf, tf, type BackendName } from '../tf/backend';
import { createTinyLm, disposeTinyLm, type TinyLm, type TinyLmWeights } from './model';
import { trainPrompts, vanillaPrompt, type PromptDelta, type PromptMethod } from './prompt-tuning';
import { majorityRate, makeTask, type TaskName } from './tasks';
import { decode } from './tokenizer';

export type BenchParams = {
  task: TaskName;
  cue: boolean;
  k: number;
  steps: number;
  lr: number;
  batch: number;
  /** Method-specific parameters (e.g. rank) ride along untouched. */
  [extra: string]: string | number | boolean;
};

export interface BenchSetup {
  labels: string[];
  methods: { name: string; params: number }[];
  previews: { text: string; label: number }[];
  majority: number;
  loadMs: number;
  backend: string;
}

export interface BenchDelta extends PromptDelta {
  setup?: BenchSetup;
  /** Training losses of the steps folded into this message (steps between messages), oldest first. */
  earlier?: { step: number; losses: (number | undefined)[] }[];
}

/** Messages go out at evaluations and every this many steps; the steps between ride along in `earlier`. */
export const BENCH_MESSAGE_EVERY = 5;

export interface BenchEnv {
  loadWeights: () => Promise<TinyLmWeights>;
  /** Extra methods to race against vanilla PT (same frozen model, same batches). */
  extraMethods?: (model: TinyLm, p: BenchParams, rng: Rng) => PromptMethod[];
  prefer?: BackendName;
}

export const BENCH_PREVIEWS = 4;

export async function* runPromptBench(p: BenchParams, seed: number, env: BenchEnv): AsyncGenerator<Progress<BenchDelta>, void, void> {
  const backend = await initTf(env.prefer ?? 'wasm');
  const t0 = performance.now();
  const weights = await env.loadWeights();
  const model = createTinyLm(weights);
  const loadMs = performance.now() - t0;
  const methods: PromptMethod[] = [];
  try {
    const task = makeTask(p.task, seed, { cue: p.cue, trainSize: 256, testSize: 64 });
    const rng = createRng(seed);
    methods.push(vanillaPrompt(model, p.k, rng.fork('vanilla'), `vanilla PT (k=${p.k})`));
    methods.push(...(env.extraMethods?.(model, p, rng.fork('extra')) ?? []));
    const setup: BenchSetup = {
      labels: [...task.labels],
      methods: methods.map((m) => ({ name: m.name, params: m.paramCount })),
      previews: task.test.slice(0, BENCH_PREVIEWS).map((e) => ({ text: decode(e.ids).join(' '), label: e.label })),
      majority: majorityRate(task.test, task.labels.length),
      loadMs,
      backend,
    };
    let first = true;
    let earlier: NonNullable<BenchDelta['earlier']> = [];
    for await (const msg of trainPrompts(model, task, methods, { steps: p.steps, batch: p.batch, lr: p.lr, evalEvery: 10, seed, previews: BENCH_PREVIEWS })) {
      const d = msg.delta;
      // Fewer messages = fewer redraws on the page's main thread while training.
      if (!first && !d.previews && d.step % BENCH_MESSAGE_EVERY !== 0) {
        earlier.push({ step: d.step, losses: d.methods.map((m) => m.loss) });
        continue;
      }
      const delta: BenchDelta = { ...d, ...(first ? { setup } : {}), ...(earlier.length ? { earlier } : {}) };
      first = false;
      earlier = [];
      yield { ...msg, delta, info: { ...msg.info, backend } };
    }
  } finally {
    for (const m of methods) m.dispose();
    disposeTinyLm(model);
  }
  // Report the count after everything of this run is freed (stable across runs).
  yield { step: p.steps, total: p.steps, delta: { step: p.steps, methods: [] }, info: { backend, numTensors: tf.memory().numTensors } };
}
