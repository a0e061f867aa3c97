/**
 * The eight deterministic "languages" of corpus spec v1 (LABS.md §1.1): each re-spells every L0
 * word as 1–3 of the 60 shared syllable tokens and has its own word order. A language's lexicon is
 * a fixed function of its name (seeded by a hash of it), so it never depends on the corpus seed.
 *
 * Only simple clauses (subject, verb, object phrase) are translated; punctuation is kept.
 */
import { createRng, hashString } from '../../core/rng';
import { LANGUAGE_NAMES, SYLLABLES, TRANSLATABLE, type LanguageName } from './lexicon';

export type WordOrder = 'SVO' | 'SOV' | 'VSO';

export interface Language {
  name: LanguageName;
  order: WordOrder;
  /** Share of the re-spelled text in the pretraining corpus (the shares sum to 1). */
  share: number;
  /** L0 word → its syllables. Injective: no two words share a spelling. */
  lexicon: ReadonlyMap<string, readonly string[]>;
}

const ORDERS: readonly WordOrder[] = ['SVO', 'SOV', 'VSO', 'SVO', 'SOV', 'VSO', 'SVO', 'SOV'];
/** LABS.md §1.1: shares 35/20/15/10/8/6/4/2 % in the fixed order of LANGUAGE_NAMES. */
const SHARES = [0.35, 0.2, 0.15, 0.1, 0.08, 0.06, 0.04, 0.02];

function buildLexicon(name: string): Map<string, string[]> {
  const rng = createRng(hashString(`tiny-lm/v1/language/${name}`));
  const used = new Set<string>();
  const lex = new Map<string, string[]>();
  for (const w of TRANSLATABLE) {
    // Short words get short spellings more often; retry until the spelling is new.
    for (;;) {
      const r = rng.next();
      const len = r < 0.25 ? 1 : r < 0.8 ? 2 : 3;
      const syl = Array.from({ length: len }, () => SYLLABLES[rng.int(SYLLABLES.length)]);
      const key = syl.join(' ');
      if (!used.has(key)) {
        used.add(key);
        lex.set(w, syl);
        break;
      }
    }
  }
  return lex;
}

export const LANGUAGES: readonly Language[] = LANGUAGE_NAMES.map((name, i) => ({ name, order: ORDERS[i], share: SHARES[i], lexicon: buildLexicon(name) }));

export function languageByName(name: LanguageName): Language {
  const l = LANGUAGES.find((x) => x.name === name);
  if (!l) throw new Error(`unknown language ${name}`);
  return l;
}

/** A clause in L0: subject phrase, verb, object phrase (each a list of L0 words). */
export interface Clause {
  subj: string[];
  verb: string;
  obj: string[];
}

/** The clause in L0 word order, with a final period. */
export function clauseL0(c: Clause): string[] {
  return [...c.subj, c.verb, ...c.obj, '.'];
}

/** The clause written in language `lang`: reordered, then every word re-spelled. */
export function clauseIn(lang: Language, c: Clause): string[] {
  const parts = lang.order === 'SVO' ? [c.subj, [c.verb], c.obj] : lang.order === 'SOV' ? [c.subj, c.obj, [c.verb]] : [[c.verb], c.subj, c.obj];
  const out: string[] = [];
  for (const part of parts) for (const w of part) out.push(...respell(lang, w));
  out.push('.');
  return out;
}

/** One word in a language (punctuation and unknown tokens pass through). */
export function respell(lang: Language, word: string): readonly string[] {
  return lang.lexicon.get(word) ?? [word];
}
