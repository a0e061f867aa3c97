/**
 * The EPT lesson's run: on one toy task, train vanilla PT (l = 16), the decomposition alone (short
 * prompt + low-rank input offsets, DePT-style) and EPT (decomposition + fusion + multi-space, each
 * switchable) on the frozen tiny LM. The methods are trained one after another with the lab's
 * `trainPrompts` (same seed, so the same batches in the same order), which gives each its own
 * median wall-clock ms per step.
 */
import { createRng } from '../core/rng';
import type { Progress } from '../core/progress';
import { initTf, tf, type BackendName } from '../labs/tf/backend';
import { createTinyLm, disposeTinyLm, type TinyLmWeights } from '../labs/tiny-lm/model';
import { trainPrompts, vanillaPrompt, type PromptMethod } from '../labs/tiny-lm/prompt-tuning';
import { majorityRate, makeTask, type TaskName } from '../labs/tiny-lm/tasks';
import { EPT_L, EPT_MAXLEN, eptRank, type SpaceKind } from './ept';
import { eptPrompt, type EptMethod } from './ept-prompt';

export interface EptRunParams {
  task: TaskName;
  /** Short prompt length s. */
  s: number;
  fusion: boolean;
  space: SpaceKind;
  spaces: number;
  steps: number;
  lr: number;
  lrLow: number;
}

export const EPT_BATCH = 16;
export const EPT_EVAL_EVERY = 10;

export interface EptDelta {
  /** Which method (0 vanilla, 1 decomposition, 2 EPT) this message is about. */
  method: number;
  step: number;
  testAcc?: number;
  loss?: number;
  /** Median ms per training step of this method so far (volatile). */
  msPerStep?: number;
  setup?: { labels: string[]; methods: { name: string; params: number }[]; majority: number; backend: string };
  /** EPT's gate after training. */
  gate?: number[];
}

export interface EptEnv {
  loadWeights: () => Promise<TinyLmWeights>;
  prefer?: BackendName;
}

export async function* runEpt(p: EptRunParams, seed: number, env: EptEnv): AsyncGenerator<Progress<EptDelta>, void, void> {
  const backend = await initTf(env.prefer ?? 'wasm');
  const model = createTinyLm(await env.loadWeights());
  const methods: PromptMethod[] = [];
  try {
    const task = makeTask(p.task, seed, { cue: false, trainSize: 256, testSize: 64 });
    const rng = createRng(seed);
    const r = eptRank(p.s);
    const base = { s: p.s, rank: r, maxLen: EPT_MAXLEN, lr: p.lr, lrLow: p.lrLow };
    methods.push(vanillaPrompt(model, EPT_L, rng.fork('vanilla'), `vanilla PT (l=${EPT_L})`));
    methods.push(eptPrompt(model, { ...base, fusion: false, space: 'off', spaces: 0 }, rng.fork('decomp'), `decomposition (s=${p.s}, r=${r})`));
    const ept = eptPrompt(model, { ...base, fusion: p.fusion, space: p.space, spaces: p.spaces }, rng.fork('ept'), 'EPT');
    methods.push(ept);
    const total = methods.length * p.steps;
    yield {
      step: 0,
      total,
      delta: { method: 0, step: 0, setup: { labels: [...task.labels], methods: methods.map((m) => ({ name: m.name, params: m.paramCount })), majority: majorityRate(task.test, task.labels.length), backend } },
      info: { backend, numTensors: tf.memory().numTensors },
    };
    for (let i = 0; i < methods.length; i++) {
      for await (const msg of trainPrompts(model, task, [methods[i]], { steps: p.steps, batch: EPT_BATCH, lr: p.lr, evalEvery: EPT_EVAL_EVERY, seed, previews: 0 })) {
        const m = msg.delta.methods[0];
        if (m.testAcc === undefined) continue;
        const last = msg.delta.step === p.steps;
        yield {
          step: i * p.steps + msg.delta.step,
          total,
          delta: { method: i, step: msg.delta.step, testAcc: m.testAcc, loss: m.testLoss, msPerStep: msg.delta.msPerStep, ...(last && i === 2 ? { gate: ept.gate() } : {}) },
          info: { ...msg.info, backend },
        };
      }
    }
  } finally {
    for (const m of methods) m.dispose();
    disposeTinyLm(model);
  }
  yield { step: methods.length * p.steps, total: methods.length * p.steps, delta: { method: -1, step: p.steps }, info: { backend, numTensors: tf.memory().numTensors } };
}

export type { EptMethod };
