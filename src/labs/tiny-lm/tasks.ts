/**
 * Downstream toy tasks for prompt methods on the frozen tiny LM (LABS.md §1.2). Each example is an
 * input token list; the model's answer is read at the input's last token, restricted to the task's
 * verbaliser (one label word per class). Train examples come from the pretraining split of sentences,
 * test examples from the held-out 1/8 (`isHeldOut`), so test sentences were never pretrained on.
 *
 * - `sentiment`: one evidence sentence → good / bad (the shared soft-prompt baseline task; one
 *   sentence rather than a review keeps inputs ≤ 9 tokens, for speed);
 * - `topic`: one sentence → one of 4 or 6 topic words;
 * - `facts`: `the <noun>` → its colour; 24 training subjects, 16 held-out subjects (mixture lesson);
 * - `instruction`: a sentence → its subject (the prompt must carry the instruction "name the subject");
 * - `language`: a clause in one of the 8 languages → the language's name (EPT).
 * With `cue` the input ends in the corpus's own cue words (`overall it was`, `topic :`, `is`, …),
 * so the frozen LM can already answer zero-shot; without it the prompt must do the asking.
 */
import { createRng, type Rng } from '../../core/rng';
import { reviewEvidence } from './corpus';
import { drawIn, pick, topicSentence, type Polarity, type Split } from './frames';
import { LANGUAGES, clauseIn } from './languages';
import { COLOURS, LANGUAGE_NAMES, NOUNS, PEOPLE, TOPICS, type Topic } from './lexicon';
import { encode, tokenId } from './tokenizer';

export type TaskName = 'sentiment' | 'topic' | 'facts' | 'instruction' | 'language';
export const TASK_NAMES: readonly TaskName[] = ['sentiment', 'topic', 'facts', 'instruction', 'language'];

export interface TaskExample {
  ids: number[];
  label: number;
}

export interface Task {
  name: TaskName;
  /** Label words (the verbaliser), one token each. */
  labels: readonly string[];
  labelIds: readonly number[];
  train: TaskExample[];
  test: TaskExample[];
  /** Longest input (tokens), for the context budget. */
  maxLen: number;
}

export interface TaskOptions {
  cue?: boolean;
  trainSize?: number;
  testSize?: number;
  /** topic: 4 or 6 classes. */
  ways?: number;
}

const CUES: Record<TaskName, string[]> = {
  sentiment: ['overall', 'it', 'was'],
  topic: ['topic', ':'],
  facts: ['is'],
  instruction: ['answer', ':'],
  language: ['language', ':'],
};

function balancedLabels(rng: Rng, n: number, k: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i % k);
  const p = rng.permutation(n);
  return Array.from(p, (i) => out[i]);
}

function makeExamples(rng: Rng, n: number, k: number, split: Split, make: (label: number, split: Split) => string[]): TaskExample[] {
  return balancedLabels(rng, n, k).map((label) => ({ ids: encode(make(label, split)), label }));
}

/** Builds a task from its own RNG fork of `seed` (independent of pretraining streams). */
export function makeTask(name: TaskName, seed: number, o: TaskOptions = {}): Task {
  const rng = createRng(seed).fork(`task/${name}`);
  const nTrain = o.trainSize ?? 256;
  const nTest = o.testSize ?? 96;
  const cue = o.cue ? CUES[name] : [];
  let labels: readonly string[];
  let make: (label: number, split: Split) => string[];
  let trainSplit: Split = 'train';
  let testSplit: Split = 'heldout';
  if (name === 'sentiment') {
    labels = ['good', 'bad'];
    make = (y, split) => {
      const pol: Polarity = y === 0 ? 'positive' : 'negative';
      return [...reviewEvidence(rng, pol, split).slice(0, 1).flatMap((s) => s.tokens), ...cue];
    };
  } else if (name === 'topic') {
    const ways = o.ways === 6 ? 6 : 4;
    labels = TOPICS.slice(0, ways);
    make = (y, split) => [...drawIn(rng, split, () => topicSentence(rng, labels[y] as Topic)).tokens, ...cue];
  } else if (name === 'instruction') {
    labels = PEOPLE;
    make = (y, split) => [...drawIn(rng, split, () => topicSentence(rng, undefined, PEOPLE[y])).tokens, ...cue];
  } else if (name === 'language') {
    labels = LANGUAGE_NAMES;
    // Clauses are not hash-split; the held-out side is a different RNG stream (fresh clauses).
    trainSplit = 'any';
    testSplit = 'any';
    make = (y) => {
      const lang = LANGUAGES[y];
      return [...clauseIn(lang, { subj: [pick(rng, PEOPLE)], verb: 'sees', obj: ['the', pick(rng, NOUNS).word] }), ...cue];
    };
  } else {
    labels = COLOURS;
    return factTask(rng, cue, labels);
  }
  const train = makeExamples(rng.fork('train'), nTrain, labels.length, trainSplit, make);
  const test = makeExamples(rng.fork('test'), nTest, labels.length, testSplit, make);
  return finish(name, labels, train, test);
}

function finish(name: TaskName, labels: readonly string[], train: TaskExample[], test: TaskExample[]): Task {
  const maxLen = Math.max(...train.map((e) => e.ids.length), ...test.map((e) => e.ids.length));
  return { name, labels, labelIds: labels.map(tokenId), train, test, maxLen };
}

/** Facts: subjects split 24 / 16 by a seeded permutation; input `the <noun>` (+ cue). */
function factTask(rng: Rng, cue: string[], labels: readonly string[]): Task {
  const perm = rng.permutation(NOUNS.length);
  const toEx = (i: number): TaskExample => ({ ids: encode(['the', NOUNS[i].word, ...cue]), label: labels.indexOf(NOUNS[i].colour) });
  const train = Array.from(perm.subarray(0, 24), toEx);
  const test = Array.from(perm.subarray(24), toEx);
  return finish('facts', labels, train, test);
}

/** Share of the most frequent label among `examples` (the majority baseline). */
export function majorityRate(examples: readonly TaskExample[], k: number): number {
  const c = new Array(k).fill(0);
  for (const e of examples) c[e.label]++;
  return Math.max(...c) / Math.max(1, examples.length);
}
