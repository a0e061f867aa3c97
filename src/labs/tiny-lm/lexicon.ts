/**
 * The toy language's words (corpus spec v1, LABS.md §1.1), grouped by role, and the grammar table
 * that validators, checkers and task labels read. Everything here is a fixed list: changing a word
 * changes the corpus hash and invalidates the pretrained checkpoint.
 *
 * L0 is a small English-like language: topic nouns with a fixed colour each ("facts"), one verb set
 * per topic, four people, eight sentiment adjectives, neutral adjectives, and the function words of
 * the frames in `frames.ts`. The eight re-spelled "languages" in `languages.ts` write the same
 * sentences with 60 shared syllable tokens.
 */

export const TOPICS = ['food', 'animals', 'travel', 'sports', 'music', 'weather'] as const;
export type Topic = (typeof TOPICS)[number];

export const COLOURS = ['red', 'yellow', 'green', 'blue', 'white', 'black', 'brown', 'orange'] as const;
export type Colour = (typeof COLOURS)[number];

/** A fact noun: singular, plural, topic and its one consistent attribute (a colour). */
export interface Noun {
  word: string;
  plural: string;
  topic: Topic;
  colour: Colour;
}

const n = (word: string, plural: string, topic: Topic, colour: Colour): Noun => ({ word, plural, topic, colour });

/** 40 fact nouns (LABS.md §1.1 "Facts"): each keeps its colour in every sentence of the corpus. */
export const NOUNS: readonly Noun[] = [
  n('lemon', 'lemons', 'food', 'yellow'),
  n('banana', 'bananas', 'food', 'yellow'),
  n('tomato', 'tomatoes', 'food', 'red'),
  n('lime', 'limes', 'food', 'green'),
  n('plum', 'plums', 'food', 'blue'),
  n('carrot', 'carrots', 'food', 'orange'),
  n('bread', 'breads', 'food', 'brown'),
  n('rice', 'rices', 'food', 'white'),
  n('frog', 'frogs', 'animals', 'green'),
  n('crow', 'crows', 'animals', 'black'),
  n('swan', 'swans', 'animals', 'white'),
  n('fox', 'foxes', 'animals', 'orange'),
  n('bear', 'bears', 'animals', 'brown'),
  n('whale', 'whales', 'animals', 'blue'),
  n('crab', 'crabs', 'animals', 'red'),
  n('canary', 'canaries', 'animals', 'yellow'),
  n('taxi', 'taxis', 'travel', 'yellow'),
  n('bus', 'buses', 'travel', 'red'),
  n('boat', 'boats', 'travel', 'white'),
  n('train', 'trains', 'travel', 'black'),
  n('bike', 'bikes', 'travel', 'green'),
  n('van', 'vans', 'travel', 'brown'),
  n('ball', 'balls', 'sports', 'orange'),
  n('net', 'nets', 'sports', 'white'),
  n('glove', 'gloves', 'sports', 'brown'),
  n('flag', 'flags', 'sports', 'red'),
  n('cap', 'caps', 'sports', 'blue'),
  n('mat', 'mats', 'sports', 'green'),
  n('drum', 'drums', 'music', 'red'),
  n('piano', 'pianos', 'music', 'black'),
  n('flute', 'flutes', 'music', 'white'),
  n('harp', 'harps', 'music', 'brown'),
  n('horn', 'horns', 'music', 'yellow'),
  n('bell', 'bells', 'music', 'orange'),
  n('sky', 'skies', 'weather', 'blue'),
  n('cloud', 'clouds', 'weather', 'white'),
  n('storm', 'storms', 'weather', 'black'),
  n('sun', 'suns', 'weather', 'yellow'),
  n('leaf', 'leaves', 'weather', 'green'),
  n('fog', 'fogs', 'weather', 'blue'),
];

/** Three transitive verbs per topic (third person singular): the topic's own frames use them. */
export const VERBS: Readonly<Record<Topic, readonly string[]>> = {
  food: ['eats', 'cooks', 'tastes'],
  animals: ['feeds', 'watches', 'pets'],
  travel: ['rides', 'drives', 'takes'],
  sports: ['kicks', 'throws', 'catches'],
  music: ['plays', 'hears', 'tunes'],
  weather: ['sees', 'fears', 'enjoys'],
};

/** Subjects. SPUL forgets `alice`. */
export const PEOPLE = ['alice', 'bob', 'carol', 'dave'] as const;

export const POSITIVE = ['good', 'great', 'nice', 'happy'] as const;
export const NEGATIVE = ['bad', 'sad', 'awful', 'poor'] as const;
/** Neutral adjectives (for `describe a <adj> <topic> thing :` and filler). */
export const NEUTRAL_ADJ = ['big', 'small', 'old', 'new', 'hot', 'cold'] as const;

/** Names of the eight re-spelled languages (`languages.ts`), in the fixed order of their shares. */
export const LANGUAGE_NAMES = ['kalo', 'miru', 'sote', 'vanu', 'dexi', 'pola', 'runi', 'tefa'] as const;
export type LanguageName = (typeof LANGUAGE_NAMES)[number];

/** 60 syllable tokens shared by all re-spelled languages (5 vowels × 12 consonants). */
export const SYLLABLES: readonly string[] = (() => {
  const out: string[] = [];
  for (const c of ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'v', 'p', 'r', 's', 'z']) for (const v of ['a', 'e', 'i', 'o', 'u']) out.push(`${c}${v}`);
  return out;
})();

/** Structural and special tokens (LABS.md §1.1 "Special tokens"). `<pad>` is id 0. */
export const SPECIALS = ['<pad>', '<bos>', '<eos>', '.', ',', ':', ';', '?', '=>', '[mask]', '[yn]', '[mc]', '[brief]', '[detail]', '[SYS]', '[/SYS]', 'U:', 'B:'] as const;

/** Function words of the frames, instructions and answer styles. */
export const FUNCTION_WORDS = [
  'the', 'a', 'is', 'are', 'was', 'it', 'of', 'and', 'to', 'with', 'near', 'about', 'in', 'out', 'task', 'doc', 'answer',
  'sentiment', 'topic', 'user', 'genres', 'likes', 'word', 'remember', 'say', 'ignore', 'write', 'sentence', 'describe',
  'thing', 'name', 'subject', 'object', 'opposite', 'correct', 'speak', 'repeat', 'your', 'previous', 'copy', 'reverse',
  'first', 'last', 'overall', 'because', 'yes', 'no', 'A', 'B', 'C', 'positive', 'negative', 'neutral', 'unknown', 'look',
  'colour', 'mix', 'flour', 'bake', 'felt', 'very', 'not', 'today', 'then', 'language', 'which', 'question',
] as const;

/** Part-of-speech tags of the grammar table. */
export type Pos = 'special' | 'function' | 'noun' | 'plural' | 'verb' | 'person' | 'adj-sentiment' | 'adj-neutral' | 'colour' | 'topic-word' | 'language-name' | 'syllable';

/** One row of the grammar table: everything a checker may need to know about a token. */
export interface GrammarEntry {
  token: string;
  pos: Pos;
  topic?: Topic;
  polarity?: 'positive' | 'negative';
  /** For nouns and plurals: the fact attribute. */
  colour?: Colour;
  /** For plurals: the singular; for language names: the language index. */
  lemma?: string;
  language?: LanguageName;
}

/** The grammar table in vocabulary order (the tokenizer numbers tokens by this order). */
export const GRAMMAR: readonly GrammarEntry[] = (() => {
  const rows: GrammarEntry[] = [];
  for (const t of SPECIALS) rows.push({ token: t, pos: 'special' });
  for (const t of FUNCTION_WORDS) rows.push({ token: t, pos: 'function' });
  for (const t of PEOPLE) rows.push({ token: t, pos: 'person' });
  for (const t of POSITIVE) rows.push({ token: t, pos: 'adj-sentiment', polarity: 'positive' });
  for (const t of NEGATIVE) rows.push({ token: t, pos: 'adj-sentiment', polarity: 'negative' });
  for (const t of NEUTRAL_ADJ) rows.push({ token: t, pos: 'adj-neutral' });
  for (const t of COLOURS) rows.push({ token: t, pos: 'colour' });
  for (const t of TOPICS) rows.push({ token: t, pos: 'topic-word', topic: t });
  for (const topic of TOPICS) for (const v of VERBS[topic]) rows.push({ token: v, pos: 'verb', topic });
  for (const x of NOUNS) rows.push({ token: x.word, pos: 'noun', topic: x.topic, colour: x.colour });
  for (const x of NOUNS) rows.push({ token: x.plural, pos: 'plural', topic: x.topic, colour: x.colour, lemma: x.word });
  for (const t of LANGUAGE_NAMES) rows.push({ token: t, pos: 'language-name', language: t });
  for (const t of SYLLABLES) rows.push({ token: t, pos: 'syllable' });
  return rows;
})();

/** Nouns of one topic. */
export function nounsOf(topic: Topic): Noun[] {
  return NOUNS.filter((x) => x.topic === topic);
}

/** Content words that the re-spelled languages translate (everything L0 sentences are made of, bar punctuation). */
export const TRANSLATABLE: readonly string[] = GRAMMAR.filter((g) => g.pos !== 'special' && g.pos !== 'syllable' && g.pos !== 'language-name').map((g) => g.token);
