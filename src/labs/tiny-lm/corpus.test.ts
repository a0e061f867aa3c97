import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { DOC_KIND_WEIGHTS, createStream, document, pickKind } from './corpus';
import { isHeldOut, topicSentence } from './frames';
import { LANGUAGES, clauseIn } from './languages';
import { GRAMMAR, NOUNS, TOPICS } from './lexicon';
import { VOCAB, VOCAB_SIZE, decode, encode } from './tokenizer';

const sentencesOf = (toks: string[]): string[][] => {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const t of toks) {
    cur.push(t);
    if (t === '.') {
      out.push(cur);
      cur = [];
    }
  }
  return out;
};

describe('corpus spec v1', () => {
  it('has a few hundred tokens, every label one token, <pad> = 0', () => {
    expect(VOCAB_SIZE).toBeGreaterThan(250);
    expect(VOCAB_SIZE).toBeLessThan(420);
    expect(VOCAB[0]).toBe('<pad>');
    for (const w of ['good', 'bad', 'positive', 'negative', 'neutral', 'unknown', 'yes', 'no', 'A', 'B', 'C', ...TOPICS]) expect(encode([w])).toHaveLength(1);
  });

  it('document kind weights sum to 1', () => {
    expect(Object.values(DOC_KIND_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('is deterministic from the seed and encodes losslessly', () => {
    const a = createStream(createRng(7));
    const b = createStream(createRng(7));
    for (let i = 0; i < 20; i++) expect(Array.from(a.nextWindow(64))).toEqual(Array.from(b.nextWindow(64)));
    const w = createStream(createRng(8)).nextWindow(64);
    expect(encode(decode(w))).toEqual(Array.from(w));
  });

  it('packs windows that overlap by exactly one token (inputs and shifted targets)', () => {
    const s = createStream(createRng(3));
    const w1 = s.nextWindow(16);
    const w2 = s.nextWindow(16);
    expect(w1).toHaveLength(17);
    expect(w2[0]).toBe(w1[16]);
  });

  it('never states a wrong colour: every "the X is C" and "Xs look C" matches the fact table', () => {
    const colour = new Map(NOUNS.flatMap((x) => [[x.word, x.colour] as const, [x.plural, x.colour] as const]));
    const colours = new Set(GRAMMAR.filter((g) => g.pos === 'colour').map((g) => g.token));
    const rng = createRng(11);
    let checked = 0;
    for (let d = 0; d < 400; d++) {
      const toks = document(rng, 'facts');
      for (let i = 0; i + 2 < toks.length; i++) {
        if ((toks[i + 1] === 'is' || toks[i + 1] === 'look' || toks[i + 1] === 'are') && colours.has(toks[i + 2]) && colour.has(toks[i])) {
          expect(toks[i + 2]).toBe(colour.get(toks[i]));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('keeps held-out sentences (1/8 by hash) out of pretraining documents', () => {
    const rng = createRng(5);
    let n = 0;
    for (let d = 0; d < 300; d++) {
      for (const s of sentencesOf(document(rng, 'plain'))) {
        expect(isHeldOut(s)).toBe(false);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
    // Without the filter about 1/8 of sentences would be held out (so the check above can fail).
    const r2 = createRng(6);
    let held = 0;
    for (let i = 0; i < 4000; i++) if (isHeldOut(topicSentence(r2).tokens)) held++;
    expect(held / 4000).toBeGreaterThan(0.09);
    expect(held / 4000).toBeLessThan(0.16);
  });

  it('draws every document kind with about its weight', () => {
    const rng = createRng(9);
    const counts = new Map<string, number>();
    const N = 20000;
    for (let i = 0; i < N; i++) {
      const k = pickKind(rng);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const [k, w] of Object.entries(DOC_KIND_WEIGHTS)) expect(Math.abs((counts.get(k) ?? 0) / N - w)).toBeLessThan(0.01);
  });

  it('languages: injective spellings, their own word orders, shares summing to 1', () => {
    expect(LANGUAGES).toHaveLength(8);
    expect(LANGUAGES.reduce((a, l) => a + l.share, 0)).toBeCloseTo(1, 10);
    for (const l of LANGUAGES) {
      const spellings = new Set([...l.lexicon.values()].map((v) => v.join(' ')));
      expect(spellings.size).toBe(l.lexicon.size);
    }
    const c = { subj: ['alice'], verb: 'eats', obj: ['the', 'lemon'] };
    const sov = LANGUAGES.find((l) => l.order === 'SOV')!;
    const out = clauseIn(sov, c);
    const sp = (w: string) => sov.lexicon.get(w)!;
    expect(out).toEqual([...sp('alice'), ...sp('the'), ...sp('lemon'), ...sp('eats'), '.']);
  });
});
