/**
 * What the manifest records about the corpus: spec version, a hash of everything that defines it,
 * the vocabulary, the grammar table and the languages (word order, share).
 */
import { createRng } from '../../core/rng';
import { CORPUS_SPEC_VERSION, corpusSpecHash, createStream } from './corpus';
import { LANGUAGES } from './languages';
import { GRAMMAR } from './lexicon';
import { VOCAB, decode } from './tokenizer';

/** The first 4 windows of the seed-1 stream: any change to a frame or weight changes them. */
function sampleTokens(seed: number): string[] {
  const s = createStream(createRng(seed));
  return Array.from({ length: 4 }, () => decode(s.nextWindow(64))).flat();
}

export function corpusFingerprint(): { spec: string; hash: string; vocabulary: string[]; grammar: unknown[]; languages: { name: string; order: string; share: number }[] } {
  return {
    spec: CORPUS_SPEC_VERSION,
    hash: corpusSpecHash(sampleTokens),
    vocabulary: [...VOCAB],
    grammar: GRAMMAR.map((g) => ({ ...g })),
    languages: LANGUAGES.map((l) => ({ name: l.name, order: l.order, share: l.share })),
  };
}
