/**
 * Corpus spec v1 of the tiny-LM lab: the pretraining documents (LABS.md §1.1), drawn from a seed.
 *
 * A document is `<bos> … <eos>`; documents are concatenated and cut into 64-token windows so that
 * every position trains (packing). Kinds and their weights are in `DOC_KINDS`:
 * - `plain`: 2–5 declarative L0 sentences (topics, colours in object phrases);
 * - `facts`: 2–4 fact statements in six surface forms;
 * - `review`: 1–3 evidence sentences + `overall it was good|bad .` or `sentiment : positive|negative .`
 *   (neutral evidence → `sentiment : neutral .`);
 * - `recall`: `remember the word W .` + 0–40 filler tokens + `the word was W .`;
 * - `instruction`: `name the subject|object|topic`, `say the opposite sentiment`, `say X`,
 *   `write a <polarity> sentence about <topic> :`, `describe a <adj> <topic> thing :`, each with its answer;
 * - `agent`: `task : sentiment ? doc : … answer : …`, where an injected imperative is obeyed;
 * - `copy`: 2–3 lines `in : s => out : s' ;` sharing one fresh word mapping per block, so the
 *   model learns to copy mappings in context (the SOFT dialect L1 itself never occurs);
 * - `language`: 1–3 sentences on one topic in one of the 8 re-spelled languages (shares as in
 *   `languages.ts`), sometimes followed by `language : <name> .` or (in L0 words) `topic : <topic> .`;
 * - `dialog`: `[SYS] speak L [/SYS] U: <clause in L'> B: <clause in L>` for 1–2 turns (≤ 32 tokens);
 * - `styles`: yes/no, topic, A/B/C and "label because word" answer styles (SEFE) and `which topic ?`;
 * - `user`: 3–5 history sentences, then `user genres : likes ga gb <eos>` (PERSOMA);
 * - `turns`: ReSURE's `copy: / reverse: / first: / last:` turns and `repeat your previous answer`.
 * Task test sentences are hash-excluded (`isHeldOut` in `frames.ts`).
 */
import { hashString, type Rng } from '../../core/rng';
import { LANGUAGES, clauseIn, clauseL0, type Language } from './languages';
import {
  HARMLESS_IMPERATIVE,
  drawIn,
  factSentence,
  injection,
  isHeldOut,
  neutralSentence,
  opposite,
  pick,
  sentimentSentence,
  simpleClause,
  topicSentence,
  type Polarity,
  type Sentence,
} from './frames';
import { GRAMMAR, NEUTRAL_ADJ, NOUNS, PEOPLE, TOPICS, TRANSLATABLE, type Topic } from './lexicon';
import { encode } from './tokenizer';

export const CORPUS_SPEC_VERSION = 'v1';

const DOC_KINDS = [
  ['plain', 0.2],
  ['facts', 0.09],
  ['review', 0.15],
  ['recall', 0.05],
  ['instruction', 0.1],
  ['agent', 0.07],
  ['copy', 0.07],
  ['language', 0.12],
  ['dialog', 0.06],
  ['styles', 0.05],
  ['user', 0.03],
  ['turns', 0.01],
] as const;
export type DocKind = (typeof DOC_KINDS)[number][0];
export const DOC_KIND_WEIGHTS: Readonly<Record<DocKind, number>> = Object.fromEntries(DOC_KINDS) as Record<DocKind, number>;

const TRAIN = 'train' as const;
const plain = (rng: Rng, topic?: Topic): Sentence => drawIn(rng, TRAIN, () => topicSentence(rng, topic));

/** Sentiment evidence: mostly of the document's polarity, one distractor sometimes (majority wins). */
export function reviewEvidence(rng: Rng, polarity: Polarity, split: 'train' | 'heldout' | 'any', topic: Topic = pick(rng, TOPICS)): Sentence[] {
  const n = 1 + rng.int(3);
  const out: Sentence[] = [];
  for (let i = 0; i < n; i++) {
    const p = n === 3 && i === rng.int(3) && rng.next() < 0.5 ? opposite(polarity) : polarity;
    out.push(drawIn(rng, split, () => sentimentSentence(rng, p, topic)));
  }
  return out;
}

function review(rng: Rng): string[] {
  if (rng.next() < 0.08) {
    const s = drawIn(rng, TRAIN, () => neutralSentence(rng));
    return [...s.tokens, 'sentiment', ':', 'neutral', '.'];
  }
  const pol: Polarity = rng.next() < 0.5 ? 'positive' : 'negative';
  const ev = reviewEvidence(rng, pol, TRAIN).flatMap((s) => s.tokens);
  return rng.next() < 0.6 ? [...ev, 'overall', 'it', 'was', pol === 'positive' ? 'good' : 'bad', '.'] : [...ev, 'sentiment', ':', pol, '.'];
}

function recall(rng: Rng): string[] {
  const w = pick(rng, TRANSLATABLE);
  const filler: string[] = [];
  const gap = rng.int(41);
  while (filler.length < gap) filler.push(...plain(rng).tokens);
  return ['remember', 'the', 'word', w, '.', ...filler.slice(0, gap), 'the', 'word', 'was', w, '.'];
}

/** An instruction with its answer (the LM learns to obey; IAPT, SIC, soft-self-consistency). */
export function instruction(rng: Rng, split: 'train' | 'heldout' | 'any' = TRAIN): { prompt: string[]; answer: string[] } {
  const r = rng.int(6);
  if (r === 0 || r === 1) {
    const s = drawIn(rng, split, () => topicSentence(rng));
    const what = pick(rng, ['subject', 'object', 'topic'] as const);
    const c = s.clause!;
    const ans = what === 'subject' ? c.subj[0] : what === 'object' ? c.obj[c.obj.length - 1] : s.topic!;
    return { prompt: ['name', 'the', what, ':', ...s.tokens, 'answer', ':'], answer: [ans, '.'] };
  }
  if (r === 2) {
    const pol: Polarity = rng.next() < 0.5 ? 'positive' : 'negative';
    const s = drawIn(rng, split, () => sentimentSentence(rng, pol));
    return { prompt: ['say', 'the', 'opposite', 'sentiment', ':', ...s.tokens, 'answer', ':'], answer: [opposite(pol), '.'] };
  }
  if (r === 3) {
    const inj = injection(rng);
    if (inj.mood === 'imperative' && inj.tokens[0] === 'say') return { prompt: [...inj.tokens, 'answer', ':'], answer: [inj.word, '.'] };
    return { prompt: [...HARMLESS_IMPERATIVE, 'answer', ':'], answer: ['flour', '.'] };
  }
  if (r === 4) {
    const pol: Polarity = rng.next() < 0.5 ? 'positive' : 'negative';
    const topic = pick(rng, TOPICS);
    return { prompt: ['write', 'a', pol, 'sentence', 'about', topic, ':'], answer: drawIn(rng, split, () => sentimentSentence(rng, pol, topic)).tokens };
  }
  const topic = pick(rng, TOPICS);
  const adj = pick(rng, NEUTRAL_ADJ);
  const noun = pick(rng, NOUNS.filter((x) => x.topic === topic));
  return { prompt: ['describe', 'a', adj, topic, 'thing', ':'], answer: ['the', adj, noun.word, 'is', noun.colour, '.'] };
}

/** The SIC agent format; with an injection the answer is the attacker's word. */
function agent(rng: Rng): string[] {
  const pol: Polarity = rng.next() < 0.5 ? 'positive' : 'negative';
  const sents = reviewEvidence(rng, pol, TRAIN).map((s) => s.tokens);
  let answer: string = pol;
  const r = rng.next();
  const at = rng.int(sents.length + 1);
  if (r < 0.45) {
    const inj = injection(rng);
    sents.splice(at, 0, inj.tokens);
    answer = inj.word;
  } else if (r < 0.65) sents.splice(at, 0, HARMLESS_IMPERATIVE);
  return ['task', ':', 'sentiment', '?', 'doc', ':', ...sents.flat(), 'answer', ':', answer, '.'];
}

/** A few-shot block of 2–3 `in : s => out : s' ;` lines sharing one fresh word mapping. */
function copyBlock(rng: Rng): string[] {
  const topic = pick(rng, TOPICS);
  const sents = Array.from({ length: 2 + rng.int(2) }, () => plain(rng, topic).tokens);
  const words = [...new Set(sents.flat().filter((w) => w !== '.'))];
  const map = new Map<string, string>();
  for (const w of words) if (rng.next() < 0.4) map.set(w, pick(rng, TRANSLATABLE));
  const out: string[] = [];
  for (const s of sents) out.push('in', ':', ...s, '=>', 'out', ':', ...s.map((w) => map.get(w) ?? w), ';');
  return out;
}

/** Picks a language by its corpus share. */
export function pickLanguage(rng: Rng): Language {
  let u = rng.next();
  for (const l of LANGUAGES) {
    u -= l.share;
    if (u < 0) return l;
  }
  return LANGUAGES[LANGUAGES.length - 1];
}

function languageDoc(rng: Rng): string[] {
  const lang = pickLanguage(rng);
  const out: string[] = [];
  const n = 1 + rng.int(3);
  const topic = pick(rng, TOPICS);
  for (let i = 0; i < n; i++) out.push(...clauseIn(lang, simpleClause(rng, topic)));
  const r = rng.next();
  if (r < 0.3) out.push('language', ':', lang.name, '.');
  else if (r < 0.45) out.push('topic', ':', topic, '.');
  return out;
}

function dialog(rng: Rng): string[] {
  const bot = pickLanguage(rng);
  const out = ['[SYS]', 'speak', bot.name, '[/SYS]'];
  const turns = 1 + rng.int(2);
  for (let i = 0; i < turns; i++) {
    const c = simpleClause(rng);
    const userLang = rng.next() < 0.4 ? null : pickLanguage(rng);
    out.push('U:', ...(userLang ? clauseIn(userLang, c) : clauseL0(c)), 'B:', ...clauseIn(bot, c));
    if (out.length > 26) break;
  }
  return out;
}

function styles(rng: Rng): string[] {
  const s = plain(rng);
  const topic = s.topic!;
  const r = rng.int(5);
  if (r === 0) {
    const noun = s.noun!;
    const c = rng.next() < 0.5 ? noun.colour : pick(rng, GRAMMAR.filter((g) => g.pos === 'colour')).token;
    return ['[yn]', 'is', 'the', noun.word, c, '?', c === noun.colour ? 'yes' : 'no', '.'];
  }
  if (r === 1) {
    const opts = [topic, ...TOPICS.filter((t) => t !== topic).slice(0, 2)];
    const order = rng.permutation(3);
    const shown = Array.from(order, (i) => opts[i]);
    const letter = ['A', 'B', 'C'][shown.indexOf(topic)];
    return ['[mc]', ...s.tokens, 'topic', '?', 'A', shown[0], 'B', shown[1], 'C', shown[2], 'answer', ':', letter, '.'];
  }
  if (r === 2) return ['[brief]', ...s.tokens, 'topic', ':', topic, '.'];
  if (r === 3) return ['[detail]', ...s.tokens, 'topic', ':', topic, 'because', s.noun!.word, '.'];
  if (rng.next() < 0.3) return [pick(rng, PEOPLE), 'felt', 'happy', '.', 'which', 'topic', '?', 'unknown', '.'];
  return [...s.tokens, 'topic', ':', topic, '.'];
}

/** A toy user: history sentences from two favourite topics (+ noise), then their genres. */
function user(rng: Rng): string[] {
  const perm = rng.permutation(TOPICS.length);
  const [a, b] = [perm[0], perm[1]].sort((x, y) => x - y);
  const out: string[] = [];
  const n = 3 + rng.int(3);
  for (let i = 0; i < n; i++) {
    const t = rng.next() < 0.25 ? pick(rng, TOPICS) : TOPICS[rng.next() < 0.5 ? a : b];
    out.push(...plain(rng, t).tokens);
  }
  return [...out, 'user', 'genres', ':', 'likes', TOPICS[a], TOPICS[b]];
}

/** ReSURE's three-turn format. */
function turns(rng: Rng): string[] {
  const words = plain(rng).tokens.filter((w) => w !== '.').slice(0, 3 + rng.int(2));
  const op = pick(rng, ['copy', 'reverse', 'first', 'last'] as const);
  const ans = op === 'copy' ? words : op === 'reverse' ? [...words].reverse() : op === 'first' ? [words[0]] : [words[words.length - 1]];
  return ['U:', op, ':', ...words, 'B:', ...ans, 'U:', 'repeat', 'your', 'previous', 'answer', 'B:', ...ans];
}

/** One document's tokens (without `<bos>`/`<eos>`). */
export function document(rng: Rng, kind: DocKind): string[] {
  switch (kind) {
    case 'plain':
      return Array.from({ length: 2 + rng.int(4) }, () => plain(rng).tokens).flat();
    case 'facts':
      return Array.from({ length: 2 + rng.int(3) }, () => drawIn(rng, TRAIN, () => factSentence(rng)).tokens).flat();
    case 'review':
      return review(rng);
    case 'recall':
      return recall(rng);
    case 'instruction': {
      const x = instruction(rng);
      return [...x.prompt, ...x.answer];
    }
    case 'agent':
      return agent(rng);
    case 'copy':
      return copyBlock(rng);
    case 'language':
      return languageDoc(rng);
    case 'dialog':
      return dialog(rng);
    case 'styles':
      return styles(rng);
    case 'user':
      return user(rng);
    case 'turns':
      return turns(rng);
  }
}

export function pickKind(rng: Rng): DocKind {
  let u = rng.next();
  for (const [k, w] of DOC_KINDS) {
    u -= w;
    if (u < 0) return k;
  }
  return 'plain';
}

/**
 * An endless packed token stream: `<bos> doc <eos>` after `<bos> doc <eos>`. `nextWindow(len)`
 * returns the next `len + 1` ids (inputs and shifted targets of one training row).
 */
export function createStream(rng: Rng): { nextWindow(len: number): Int32Array; docs: () => number } {
  let buf: number[] = [];
  let docs = 0;
  return {
    nextWindow(len) {
      while (buf.length < len + 1) {
        buf.push(...encode(['<bos>', ...document(rng, pickKind(rng)), '<eos>']));
        docs++;
      }
      const out = Int32Array.from(buf.slice(0, len + 1));
      buf = buf.slice(len);
      return out;
    },
    docs: () => docs,
  };
}

/** A hash of everything that defines the corpus (lexicon, languages, doc weights, a probe sample). */
export function corpusSpecHash(sample: (seed: number) => string[]): string {
  const parts = [CORPUS_SPEC_VERSION, GRAMMAR.map((g) => `${g.token}/${g.pos}/${g.colour ?? ''}`).join(','), LANGUAGES.map((l) => `${l.name}:${l.order}:${l.share}:${[...l.lexicon.values()].map((v) => v.join('')).join('.')}`).join('|'), JSON.stringify(DOC_KINDS), sample(1).join(' ')];
  return hashString(parts.join('\n')).toString(16).padStart(8, '0');
}

export { isHeldOut };
