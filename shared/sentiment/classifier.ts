import type { LexiconReading, SentimentLabel, SentimentResult } from './analyzer.ts';
import { DENSE_FEATURES, denseFeatures, type FeatureOptions, visitSparseFeatures } from './features.ts';
import type { Token } from './tokenize.ts';

/**
 * The learned model on top of the lexicon: a multinomial logistic regression (neutral is the reference
 * class, so each feature has a negative and a positive weight) over what the lexicon read (dense
 * features) and the comment's words (sparse features). Written by bench/train-sentiment.ts as model.ts.
 */
export interface ModelData {
  options: FeatureOptions;
  /** How it was trained, so that a test can train it again and compare. */
  training: { l2: number; minCount: number; topK: number; devWeight: number };
  /** Added to the negative logit, a lean towards complaints (cross-validation chose it; 0 in the committed model). */
  negativeBias: number;
  /** Negative then positive weight of each dense feature, space separated. */
  dense: string;
  /** Sparse weights are integers −31 … 31 times this. */
  scale: number;
  /** Sparse feature names, space separated. */
  features: string;
  /** Two characters per feature (negative, positive weight), in the order of `features`. */
  weights: string;
}

export interface Model {
  options: FeatureOptions;
  negativeBias: number;
  dense: Float64Array;
  /** Feature → its position; its two weights are at twice that in `sparse`. */
  index: Map<string, number>;
  sparse: Float64Array;
  /** Per feature, the number of the last comment that counted it: each feature counts once per comment. */
  countedIn: Uint32Array;
  comments: number;
}

/** 64 symbols that need no escaping in a string literal; a weight is its symbol's position − 32. */
export const WEIGHT_SYMBOLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const WEIGHT_LEVELS = 31;

export function decodeModel(data: ModelData): Model {
  const dense = Float64Array.from(data.dense.split(' ').map(Number));
  if (dense.length !== 2 * DENSE_FEATURES.length) throw new Error('model: dense weights do not match');
  const names = data.features ? data.features.split(' ') : [];
  const index = new Map<string, number>();
  const sparse = new Float64Array(2 * names.length);
  names.forEach((name, i) => {
    index.set(name, i);
    sparse[2 * i] = (WEIGHT_SYMBOLS.indexOf(data.weights[2 * i]!) - 32) * data.scale;
    sparse[2 * i + 1] = (WEIGHT_SYMBOLS.indexOf(data.weights[2 * i + 1]!) - 32) * data.scale;
  });
  return {
    options: data.options,
    negativeBias: data.negativeBias,
    dense,
    index,
    sparse,
    countedIn: new Uint32Array(names.length),
    comments: 0,
  };
}

/** Probabilities of negative, neutral and positive. */
function probabilities(model: Model, tokens: readonly Token[], reading: LexiconReading): number[] {
  let words = 0;
  for (const token of tokens) if (token.kind === 'word') words += 1;
  const dense = denseFeatures(reading, words);
  let negative = model.negativeBias;
  let positive = 0;
  for (let j = 0; j < dense.length; j++) {
    negative += model.dense[2 * j]! * dense[j]!;
    positive += model.dense[2 * j + 1]! * dense[j]!;
  }
  if (model.comments === 0xffffffff) {
    model.countedIn.fill(0);
    model.comments = 0;
  }
  const comment = ++model.comments;
  visitSparseFeatures(tokens, reading.lang, model.options, (feature) => {
    const position = model.index.get(feature);
    if (position === undefined || model.countedIn[position] === comment) return;
    model.countedIn[position] = comment;
    negative += model.sparse[2 * position]!;
    positive += model.sparse[2 * position + 1]!;
  });
  const top = Math.max(negative, 0, positive);
  const n = Math.exp(negative - top);
  const z = Math.exp(-top);
  const p = Math.exp(positive - top);
  const total = n + z + p;
  return [n / total, z / total, p / total];
}

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export function classify(model: Model, tokens: readonly Token[], reading: LexiconReading): SentimentResult {
  const [negative, neutral, positive] = probabilities(model, tokens, reading) as [number, number, number];
  const best = negative > neutral && negative > positive ? 0 : positive > neutral ? 2 : 1;
  return { label: LABELS[best]!, score: Math.round((positive - negative) * 1000) / 1000, lang: reading.lang };
}
