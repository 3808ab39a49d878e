import type { LexiconReading } from './analyzer.ts';
import { NEGATORS, SCOPE_BREAKERS } from './lexicon.ts';
import type { Token } from './tokenize.ts';

/** Which word features the learned model reads; chosen by cross-validation (bench/train-sentiment.ts). */
export interface FeatureOptions {
  /** Pairs of neighbouring tokens ("toujours~pas"). */
  bigrams: boolean;
  /** Words in a negation's scope get their own feature ("!content"). */
  negationMarks: boolean;
  /** Digit runs become one digit: "24h" and "48h" are one feature. */
  foldDigits: boolean;
  /** Each feature also conjoined with the language ("en:late"): per-language corrections. */
  perLanguage: boolean;
  /** Word prefixes of this length as features (a crude stemmer), 0 for none. */
  prefix: number;
  /** Character n-grams of this length inside words, 0 for none. */
  charGrams: number;
}

/** How far a negation reaches for `negationMarks`, as in the analyzer. */
const NEGATION_SCOPE = 3;

/** What the lexicon read, as numbers of similar size: the model corrects the lexicon rather than replace it. */
export const DENSE_FEATURES = [
  'bias',
  'english',
  'lexicon sum',
  'lexicon says negative',
  'lexicon says positive',
  'positive valence',
  'negative valence',
  'bad situation',
  'irony emoji',
  'sarcasm-prone praise',
  'repeated problem',
  'waiting, absence or scare quotes',
  'exclamations',
  'questions',
  'words (log)',
] as const;

const clip = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));

export function denseFeatures(reading: LexiconReading, words: number): number[] {
  return [
    1,
    reading.lang === 'en' ? 1 : 0,
    clip(reading.sum / 4, 3),
    reading.sum <= -1.2 ? 1 : 0,
    reading.sum >= 1.2 ? 1 : 0,
    clip(reading.positive / 4, 3),
    clip(reading.negative / 4, 3),
    reading.badSituation ? 1 : 0,
    reading.irony ? 1 : 0,
    clip(reading.praise / 4, 3),
    reading.repeated ? 1 : 0,
    Math.min(reading.implicit, 3),
    Math.min(reading.exclamations, 3) / 3,
    Math.min(reading.questions, 3) / 3,
    Math.log1p(words) / 3,
  ];
}

/**
 * Visits the sparse features of a comment: words, pairs, negated words, prefixes, character n-grams, each
 * also conjoined with the language when `perLanguage`. A feature may be visited more than once.
 */
export function visitSparseFeatures(
  tokens: readonly Token[],
  lang: string,
  options: FeatureOptions,
  visit: (feature: string) => void,
): void {
  const emit = options.perLanguage
    ? (feature: string) => {
        visit(feature);
        visit(`${lang}:${feature}`);
      }
    : visit;
  let previous = '^';
  let negationLeft = 0;
  for (const token of tokens) {
    if (token.kind === 'punct') {
      negationLeft = 0;
      emit(token.value.includes('?') ? '?' : token.value.includes('!') ? '!' : '.');
      previous = '^';
      continue;
    }
    if (token.kind === 'quote') {
      emit('"');
      continue;
    }
    const value = options.foldDigits ? token.value.replace(/\d+/g, '0') : token.value;
    emit(value);
    if (options.bigrams) emit(`${previous}~${value}`);
    previous = value;
    if (token.kind !== 'word') continue;
    if (NEGATORS.has(value) || value.endsWith("n't")) {
      negationLeft = NEGATION_SCOPE;
      continue;
    }
    if (SCOPE_BREAKERS.has(value)) negationLeft = 0;
    if (options.negationMarks && negationLeft > 0) emit(`!${value}`);
    negationLeft = Math.max(0, negationLeft - 1);
    if (options.prefix > 0 && value.length > options.prefix) emit(`${value.slice(0, options.prefix)}*`);
    if (options.charGrams > 0) {
      const framed = `<${value}>`;
      for (let i = 0; i + options.charGrams <= framed.length; i++)
        emit(`#${framed.slice(i, i + options.charGrams)}`);
    }
  }
}

/** The distinct sparse features of a comment. */
export function sparseFeatures(tokens: readonly Token[], lang: string, options: FeatureOptions): string[] {
  const features = new Set<string>();
  visitSparseFeatures(tokens, lang, options, (feature) => features.add(feature));
  return [...features];
}
