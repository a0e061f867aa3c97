/**
 * The mixture-of-soft-prompts run on the frozen tiny LM: toy fact probing (`the <noun>` → colour,
 * 24 training / 16 held-out subjects from `makeTask('facts')`).
 *
 * Each template (e.g. "is the X") becomes soft words the way the paper's code does it: the template's
 * word embeddings stay frozen and a zero-initialised offset Δ_t is added at the template's own
 * positions (never at the subject's). With `deep`, a second offset is added to the residual stream
 * before layer 1 (the lab exposes the inputs of its 2 layers; the paper also perturbs the last
 * layer's output). Three things are reported on held-out subjects:
 *   - every hard template (Δ = 0, no training) and the best one *chosen on training subjects*;
 *   - one soft prompt: the best hard template's Δ trained alone;
 *   - the mixture: all T templates' Δ_t trained jointly with weights π = softmax(w), scored by
 *     log p(y|x) = LSE_t(log π_t + log p_t(y|x)) over the 8 colour words.
 * Training is plain gradient descent (Adam) on the mixture's negative log-likelihood of the 24
 * training facts (full batch every step); the paper instead alternates EM for π with gradient steps.
 */
import type { Progress } from '../core/progress';
import { initTf, tf, type BackendName } from '../labs/tf/backend';
import { labelLogits } from '../labs/tiny-lm/lm-ops';
import { createTinyLm, disposeTinyLm, type ForwardHooks, type TinyLm, type TinyLmWeights } from '../labs/tiny-lm/model';
import { disposeAdam } from '../labs/tiny-lm/prompt-tuning';
import { makeTask, majorityRate } from '../labs/tiny-lm/tasks';
import { COLOURS, NOUNS, type Noun } from '../labs/tiny-lm/lexicon';
import { encode, tokenId } from '../labs/tiny-lm/tokenizer';
import { argmax, mixtureParams, softmax } from './mixture-soft-prompts';

/** A template: words with `X` (singular subject) or `Xs` (plural subject); the answer comes next. */
export interface Template {
  name: string;
  words: readonly string[];
}

/** Wordings the corpus never uses for colours (weak) and the corpus's own phrasings (strong). */
export const WEAK_TEMPLATES: readonly Template[] = [
  { name: 'the X', words: ['the', 'X'] },
  { name: 'is the X', words: ['is', 'the', 'X'] },
  { name: 'a X and', words: ['a', 'X', 'and'] },
  { name: 'the X of the', words: ['the', 'X', 'of', 'the'] },
];
export const STRONG_TEMPLATES: readonly Template[] = [
  { name: 'the X is', words: ['the', 'X', 'is'] },
  { name: 'Xs look', words: ['Xs', 'look'] },
];

export type TemplatePool = 'weak' | 'all';
export const templatesOf = (pool: TemplatePool): readonly Template[] => (pool === 'weak' ? WEAK_TEMPLATES : [...WEAK_TEMPLATES, ...STRONG_TEMPLATES]);

export type MixtureParams = {
  pool: TemplatePool;
  steps: number;
  lr: number;
  deep: boolean;
};

export interface MixtureSetup {
  templates: { name: string; k: number; trainP1: number; testP1: number }[];
  /** Index of the hard template with the best training-subject P@1 (ties: first). */
  best: number;
  majority: number;
  params: { single: number; mixture: number };
  nTrain: number;
  nTest: number;
  backend: string;
  loadMs: number;
}

export interface MixtureDelta {
  step: number;
  setup?: MixtureSetup;
  /** Training negative log-likelihoods (mean over the 24 facts) at this step. */
  loss?: { single: number; mixture: number };
  /** Mixture weights π after this step. */
  pi?: number[];
  /** Held-out P@1 (at evaluation steps). */
  test?: { single: number; mixture: number; components: number[] };
  msPerStep?: number;
}

export const EVAL_EVERY = 5;
/** The frozen model's number of layer inputs the deep variant perturbs. */
export const DEEP_LAYERS = 2;

interface Batch {
  ids: tf.Tensor2D;
  lengths: Int32Array;
  labels: number[];
  /** [T, 1] 1 at template-word positions, 0 at BOS and the subject. */
  mask: tf.Tensor2D;
}

/** Tokens of a template for one subject, with BOS, and which positions are template words. */
export function fillTemplate(t: Template, n: Noun): { tokens: string[]; soft: boolean[] } {
  const tokens = ['<bos>'];
  const soft = [false];
  for (const w of t.words) {
    tokens.push(w === 'X' ? n.word : w === 'Xs' ? n.plural : w);
    soft.push(w !== 'X' && w !== 'Xs');
  }
  return { tokens, soft };
}

function makeBatch(t: Template, nouns: readonly Noun[]): Batch {
  const filled = nouns.map((n) => fillTemplate(t, n));
  const len = filled[0].tokens.length;
  const ids = tf.tensor2d(filled.flatMap((f) => encode(f.tokens)), [nouns.length, len], 'int32');
  return {
    ids,
    lengths: new Int32Array(nouns.length).fill(len),
    labels: nouns.map((n) => COLOURS.indexOf(n.colour)),
    mask: tf.tensor2d(filled[0].soft.map((s) => (s ? 1 : 0)), [len, 1]),
  };
}

const COLOUR_IDS = COLOURS.map(tokenId);

/** Trainable offsets of one template: [len, d] at the input, and before layer 1 when deep. */
interface Soft {
  input: tf.Variable;
  layer1?: tf.Variable;
}

function makeSoft(len: number, d: number, deep: boolean): Soft {
  const zero = () => tf.tidy(() => tf.variable(tf.zeros([len, d]), true));
  return { input: zero(), layer1: deep ? zero() : undefined };
}

function hooksOf(s: Soft, mask: tf.Tensor2D): ForwardHooks {
  return { inputOffsets: tf.mul(s.input, mask), layerOffsets: s.layer1 ? [null, tf.mul(s.layer1, mask)] : undefined };
}

/** log p_t(colour | x) [B, 8] of one template (call inside a tidy / gradient closure). */
function logProbs(model: TinyLm, b: Batch, s: Soft | null): tf.Tensor2D {
  return tf.logSoftmax(labelLogits(model, b.ids, b.lengths, COLOUR_IDS, s ? hooksOf(s, b.mask) : {}));
}

/** Mixture log p(colour | x) [B, 8] = LSE_t(log π_t + log p_t). */
function mixtureLogProbs(model: TinyLm, batches: readonly Batch[], softs: readonly Soft[], w: tf.Variable): tf.Tensor2D {
  const logPi = tf.logSoftmax(w) as tf.Tensor1D;
  const stacked = tf.stack(batches.map((b, t) => tf.add(logProbs(model, b, softs[t]), tf.slice(logPi, [t], [1])))); // [T, B, 8]
  return tf.logSumExp(stacked, 0) as tf.Tensor2D;
}

function nll(logp: tf.Tensor2D, labels: readonly number[]): tf.Scalar {
  const y = tf.oneHot(tf.tensor1d([...labels], 'int32'), COLOURS.length);
  return tf.neg(tf.mean(tf.sum(tf.mul(logp, y), 1))) as tf.Scalar;
}

function p1(logp: Float32Array, labels: readonly number[]): number {
  const c = COLOURS.length;
  let right = 0;
  labels.forEach((y, i) => (right += argmax(logp.subarray(i * c, (i + 1) * c)) === y ? 1 : 0));
  return right / labels.length;
}

/** The subjects of the task's train / test split, in order. */
export function factSplit(seed: number): { train: Noun[]; test: Noun[] } {
  const task = makeTask('facts', seed);
  const noun = (ids: readonly number[]) => NOUNS.find((n) => ids.includes(tokenId(n.word)))!;
  return { train: task.train.map((e) => noun(e.ids)), test: task.test.map((e) => noun(e.ids)) };
}

/** The run on an already created model (Node tests call this; the worker wraps it). */
export async function* trainMixture(model: TinyLm, p: MixtureParams, seed: number, extra: { backend?: string; loadMs?: number } = {}): AsyncGenerator<Progress<MixtureDelta>, void, void> {
  const d = model.config.dModel;
  const templates = templatesOf(p.pool);
  const { train, test } = factSplit(seed);
  const trainB = templates.map((t) => makeBatch(t, train));
  const testB = templates.map((t) => makeBatch(t, test));
  const softs: Soft[] = [];
  const vars: tf.Variable[] = [];
  let opt: tf.Optimizer | null = null;
  const info = () => ({ backend: extra.backend, numTensors: tf.memory().numTensors });
  try {
    // Hard templates: no training, Δ = 0.
    const hard = templates.map((t, i) => {
      const [a, b] = tf.tidy(() => [logProbs(model, trainB[i], null).dataSync() as Float32Array, logProbs(model, testB[i], null).dataSync() as Float32Array]);
      return { name: t.name, k: t.words.filter((w) => w !== 'X' && w !== 'Xs').length, trainP1: p1(a, trainB[i].labels), testP1: p1(b, testB[i].labels) };
    });
    const best = argmax(hard.map((h) => h.trainP1));
    const layers = p.deep ? DEEP_LAYERS : 1;
    const lens = trainB.map((b) => b.mask.shape[0]);
    const single = makeSoft(lens[best], d, p.deep);
    for (let t = 0; t < templates.length; t++) softs.push(makeSoft(lens[t], d, p.deep));
    // Uniform start (w = 0) and zero offsets: the run is deterministic; the seed picks the subject split.
    const w = tf.tidy(() => tf.variable(tf.zeros([templates.length]), true));
    const all = [single, ...softs];
    for (const s of all) vars.push(s.input, ...(s.layer1 ? [s.layer1] : []));
    vars.push(w);
    // Offsets count only at template-word positions (the subject's rows are masked out).
    const ks = hard.map((h) => h.k);
    const setup: MixtureSetup = {
      templates: hard,
      best,
      majority: majorityRate(test.map((n) => ({ ids: [], label: COLOURS.indexOf(n.colour) })), COLOURS.length),
      params: { single: layers * ks[best] * d, mixture: mixtureParams(ks, d, layers) },
      nTrain: train.length,
      nTest: test.length,
      backend: extra.backend ?? tf.getBackend(),
      loadMs: extra.loadMs ?? 0,
    };
    const evaluate = () =>
      tf.tidy(() => {
        const s = logProbs(model, testB[best], single).dataSync() as Float32Array;
        const m = mixtureLogProbs(model, testB, softs, w).dataSync() as Float32Array;
        const comps = testB.map((b, t) => p1(logProbs(model, b, softs[t]).dataSync() as Float32Array, b.labels));
        return { single: p1(s, testB[best].labels), mixture: p1(m, testB[0].labels), components: comps };
      });
    const piNow = () => softmax(Array.from(w.dataSync()));
    yield { step: 0, total: p.steps, delta: { step: 0, setup, pi: piNow(), test: evaluate() }, info: info() };
    opt = tf.train.adam(p.lr);
    const times: number[] = [];
    for (let step = 1; step <= p.steps; step++) {
      const t0 = performance.now();
      const kept: tf.Scalar[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const ls = nll(logProbs(model, trainB[best], single), trainB[best].labels);
        const lm = nll(mixtureLogProbs(model, trainB, softs, w), trainB[0].labels);
        kept.push(tf.keep(ls), tf.keep(lm));
        return tf.add(ls, lm) as tf.Scalar;
      }, vars);
      opt.applyGradients(grads);
      const [ls, lm] = kept.map((k) => k.dataSync()[0]);
      tf.dispose([value, ...Object.values(grads), ...kept]);
      times.push(performance.now() - t0);
      if (!Number.isFinite(ls) || !Number.isFinite(lm)) throw new Error(`diverged at step ${step}`);
      const sorted = [...times].sort((a, b) => a - b);
      const delta: MixtureDelta = { step, loss: { single: ls, mixture: lm }, pi: piNow(), msPerStep: sorted[sorted.length >> 1] };
      if (step % EVAL_EVERY === 0 || step === p.steps) delta.test = evaluate();
      yield { step, total: p.steps, delta, info: info() };
    }
  } finally {
    for (const b of [...trainB, ...testB]) tf.dispose([b.ids, b.mask]);
    tf.dispose(vars);
    if (opt) disposeAdam(opt);
  }
}

/** The widget's run: loads the checkpoint, runs, frees the model, reports the settled tensor count. */
export async function* runMixture(p: MixtureParams, seed: number, env: { loadWeights: () => Promise<TinyLmWeights>; prefer?: BackendName }): AsyncGenerator<Progress<MixtureDelta>, void, void> {
  const backend = await initTf(env.prefer ?? 'wasm');
  const t0 = performance.now();
  const model = createTinyLm(await env.loadWeights());
  const loadMs = performance.now() - t0;
  try {
    yield* trainMixture(model, p, seed, { backend, loadMs });
  } finally {
    disposeTinyLm(model);
  }
  yield { step: p.steps, total: p.steps, delta: { step: p.steps }, info: { backend, numTensors: tf.memory().numTensors } };
}

