/**
 * Word-level tokenizer of the toy language: one id per grammar-table row, in table order, so the
 * vocabulary is fixed by `lexicon.ts`. Text is tokens joined by single spaces.
 */
import { GRAMMAR } from './lexicon';

export const VOCAB: readonly string[] = GRAMMAR.map((g) => g.token);
export const VOCAB_SIZE = VOCAB.length;

const ids = new Map<string, number>(VOCAB.map((t, i) => [t, i]));
if (ids.size !== VOCAB.length) throw new Error('duplicate token in the grammar table');

export const PAD = 0;
export const BOS = tokenId('<bos>');
export const EOS = tokenId('<eos>');

/** Id of one token; throws on a word outside the vocabulary. */
export function tokenId(token: string): number {
  const i = ids.get(token);
  if (i === undefined) throw new Error(`not in the tiny-LM vocabulary: "${token}"`);
  return i;
}

/** Encodes a token list or a space-separated string. */
export function encode(text: string | readonly string[]): number[] {
  const toks = typeof text === 'string' ? text.split(/\s+/).filter((t) => t.length > 0) : text;
  return toks.map(tokenId);
}

export function decode(idsIn: ArrayLike<number>): string[] {
  return Array.from(idsIn, (i) => VOCAB[i] ?? '?');
}
