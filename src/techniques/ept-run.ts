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
import { createTinyLm, disposeTinyLm, type TinyLm, type TinyLmWeights } from '../labs/tiny-lm/model';
import { labelLogits, padBatch } from '../labs/tiny-lm/lm-ops';
import { trainPrompts, vanillaPrompt, type PromptMethod } from '../labs/tiny-lm/prompt-tuning';
import { majorityRate, makeTask, type Task, type TaskName } from '../labs/tiny-lm/tasks';
import { EPT_L, EPT_MAXLEN, eptRank, type SpaceKind } from './ept';
import { eptPrompt, type EptMethod } from './ept-prompt';

export type EptRunParams = {
  task: TaskName;
  /** Short prompt length s. */
  s: number;
  fusion: boolean;
  space: SpaceKind;
  spaces: number;
  steps: number;
  lr: number;
  lrLow: number;
};

export const EPT_BATCH = 16;
export const EPT_EVAL_EVERY = 10;
/** Rounds of the interleaved timing probe (each round times one step of every method, in turn). */
export const EPT_TIMING_ROUNDS = 8;

/**
 * Interleaved timing: `rounds` times, one forward + backward pass of each method in turn on the same
 * batch (gradients computed and discarded; the variables do not change). Methods trained one after
 * another see different background load; taking turns gives each the same conditions. Returns each
 * method's median ms. The first round is a warm-up and is not counted.
 */
export function timeSteps(model: TinyLm, task: Task, methods: readonly PromptMethod[], rounds: number): number[] {
  const ex = task.train.slice(0, EPT_BATCH);
  const { ids, lengths } = padBatch(ex.map((e) => e.ids), task.maxLen);
  const idT = tf.tensor2d(ids, [ex.length, task.maxLen], 'int32');
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(ex.map((e) => e.label), 'int32'), task.labels.length) as tf.Tensor2D);
  const times: number[][] = methods.map(() => []);
  try {
    for (let r = 0; r <= rounds; r++) {
      methods.forEach((m, j) => {
        const t0 = performance.now();
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const logits = labelLogits(model, idT, lengths, task.labelIds, { prefix: m.prompt(), ...m.hooks?.(task.maxLen) });
            return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), y), 1))) as tf.Scalar;
          }, m.variables);
          value.dataSync();
          for (const g of Object.values(grads)) g.dataSync();
        });
        if (r > 0) times[j].push(performance.now() - t0);
      });
    }
  } finally {
    idT.dispose();
    y.dispose();
  }
  return times.map((t) => [...t].sort((a, b) => a - b)[t.length >> 1]);
}

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
  /** After training: interleaved median ms per forward + backward pass of each method (volatile). */
  timing?: number[];
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
          delta: { method: i, step: msg.delta.step, testAcc: m.testAcc, loss: m.testLoss, msPerStep: msg.delta.msPerStep, ...(last && i === 2 ? { gate: ept.gate(), timing: timeSteps(model, task, methods, EPT_TIMING_ROUNDS) } : {}) },
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
