import { readTokens } from './analyzer.ts';
import {
  classify,
  decodeModel,
  type Model,
  type ModelData,
  WEIGHT_LEVELS,
  WEIGHT_SYMBOLS,
} from './classifier.ts';
import { DENSE_FEATURES, denseFeatures, type FeatureOptions, sparseFeatures } from './features.ts';
import { tokenize } from './tokenize.ts';

/**
 * Training of the learned model (classifier.ts), deterministic: the same corpus and settings give the
 * same model file, byte for byte. Used by bench/train-sentiment.ts, never at run time.
 */

export type Label = 'negative' | 'neutral' | 'positive';
export interface CorpusLine {
  id: string;
  text: string;
  lang: 'fr' | 'en';
  label: Label;
  hard?: boolean;
  /** A line of dev.jsonl, which the lexicon was tuned on. */
  dev?: boolean;
}

export interface TrainingSettings {
  options: FeatureOptions;
  l2: number;
  minCount: number;
  topK: number;
  /** Weight of a dev line in the loss (the lexicon was tuned on dev: there it looks better than it is). */
  devWeight: number;
  negativeBias: number;
}

const CLASS: Record<Label, number> = { negative: 0, neutral: 1, positive: 2 };

interface Example {
  dense: number[];
  sparse: string[];
  label: number;
  weight: number;
}

function exampleOf(line: CorpusLine, settings: TrainingSettings): Example {
  const tokens = tokenize(line.text);
  // The language as the analyzer would detect it: at run time, most comments come without one.
  const reading = readTokens(tokens);
  const words = tokens.filter((token) => token.kind === 'word').length;
  return {
    dense: denseFeatures(reading, words),
    sparse: sparseFeatures(tokens, reading.lang, settings.options),
    label: CLASS[line.label],
    weight: line.dev ? settings.devWeight : 1,
  };
}

/** Lower case, no accents, no punctuation, single spaces: for duplicate checks. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** The lines of `candidates` equal to, or with a word-set Jaccard similarity above 0.8 with, a line of `others`. */
export function nearDuplicates(
  candidates: readonly CorpusLine[],
  others: readonly CorpusLine[],
): CorpusLine[] {
  const wordSets = others.map((line) => {
    const normalized = normalizeText(line.text);
    return { normalized, words: new Set(normalized.split(' ')) };
  });
  return candidates.filter((line) => {
    const normalized = normalizeText(line.text);
    const words = new Set(normalized.split(' '));
    return wordSets.some((other) => other.normalized === normalized || jaccard(words, other.words) > 0.8);
  });
}

/** Parameters: for each class but neutral, the dense weights then one weight per vocabulary entry. */
function objective(examples: readonly Example[], ids: readonly Int32Array[], vocabulary: number, l2: number) {
  const dense = DENSE_FEATURES.length;
  const width = dense + vocabulary;
  let totalWeight = 0;
  for (const example of examples) totalWeight += example.weight;
  return (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let e = 0; e < examples.length; e++) {
      const example = examples[e]!;
      const features = ids[e]!;
      const z = [0, 0, 0];
      for (const [k, c] of [
        [0, 0],
        [1, 2],
      ] as const) {
        const base = k * width;
        let sum = 0;
        for (let j = 0; j < dense; j++) sum += theta[base + j]! * example.dense[j]!;
        for (const id of features) sum += theta[base + dense + id]!;
        z[c] = sum;
      }
      const top = Math.max(z[0]!, z[1]!, z[2]!);
      const exps = z.map((value) => Math.exp(value - top));
      const total = exps[0]! + exps[1]! + exps[2]!;
      loss -= example.weight * (z[example.label]! - top - Math.log(total));
      for (const [k, c] of [
        [0, 0],
        [1, 2],
      ] as const) {
        const error = (example.weight * (exps[c]! / total - (example.label === c ? 1 : 0))) / totalWeight;
        const base = k * width;
        for (let j = 0; j < dense; j++) gradient[base + j]! += error * example.dense[j]!;
        for (const id of features) gradient[base + dense + id]! += error;
      }
    }
    loss /= totalWeight;
    for (let k = 0; k < 2; k++)
      // The bias (dense feature 0) is not penalized.
      for (let j = 1; j < width; j++) {
        const i = k * width + j;
        loss += 0.5 * l2 * theta[i]! * theta[i]!;
        gradient[i]! += l2 * theta[i]!;
      }
    return loss;
  };
}

const dot = (a: Float64Array, b: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};

/** L-BFGS with a backtracking line search: deterministic, converges in a few hundred evaluations here. */
function minimize(f: (theta: Float64Array, gradient: Float64Array) => number, size: number): Float64Array {
  const memory = 10;
  let theta = new Float64Array(size);
  let gradient = new Float64Array(size);
  let loss = f(theta, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  for (let iteration = 0; iteration < 300; iteration++) {
    // Two-loop recursion: the search direction.
    const direction = Float64Array.from(gradient, (g) => -g);
    const alphas: number[] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const alpha = dot(steps[i]!, direction) / dot(changes[i]!, steps[i]!);
      alphas[i] = alpha;
      for (let j = 0; j < size; j++) direction[j]! -= alpha * changes[i]![j]!;
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const gamma = dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!);
      for (let j = 0; j < size; j++) direction[j]! *= gamma;
    }
    for (let i = 0; i < steps.length; i++) {
      const beta = dot(changes[i]!, direction) / dot(changes[i]!, steps[i]!);
      for (let j = 0; j < size; j++) direction[j]! += steps[i]![j]! * (alphas[i]! - beta);
    }
    const slope = dot(gradient, direction);
    if (slope >= 0) break;
    let step = steps.length === 0 ? 1 / Math.sqrt(dot(gradient, gradient)) : 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextLoss = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) next[j] = theta[j]! + step * direction[j]!;
      nextLoss = f(next, nextGradient);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    const s = Float64Array.from(next, (value, j) => value - theta[j]!);
    const y = Float64Array.from(nextGradient, (value, j) => value - gradient[j]!);
    const improvement = loss - nextLoss;
    theta = next;
    gradient = nextGradient;
    loss = nextLoss;
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > memory) {
        steps.shift();
        changes.shift();
      }
    }
    if (improvement < 1e-9 * Math.max(1, Math.abs(loss))) break;
  }
  return theta;
}

function fitWeights(examples: readonly Example[], vocabulary: readonly string[], l2: number) {
  const index = new Map(vocabulary.map((feature, i) => [feature, i]));
  const ids = examples.map((example) =>
    Int32Array.from(example.sparse.map((feature) => index.get(feature) ?? -1).filter((id) => id >= 0)),
  );
  const dense = DENSE_FEATURES.length;
  const width = dense + vocabulary.length;
  const theta = minimize(objective(examples, ids, vocabulary.length, l2), 2 * width);
  return {
    dense: Array.from({ length: dense }, (_, j) => [theta[j]!, theta[width + j]!]),
    sparse: vocabulary.map((_, i) => [theta[dense + i]!, theta[width + dense + i]!] as const),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Trains the model: vocabulary of features seen `minCount` times, fit, keep the `topK` strongest, fit again, quantize. */
export function train(lines: readonly CorpusLine[], settings: TrainingSettings): ModelData {
  const examples = lines.map((line) => exampleOf(line, settings));
  const counts = new Map<string, number>();
  for (const example of examples)
    for (const feature of example.sparse) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vocabulary = [...counts]
    .filter(([, count]) => count >= settings.minCount)
    .map(([feature]) => feature)
    .sort();
  const first = fitWeights(examples, vocabulary, settings.l2);
  const strength = (weights: readonly [number, number]) =>
    Math.max(Math.abs(weights[0]), Math.abs(weights[1]));
  const kept = vocabulary
    .map((feature, i) => ({ feature, strength: strength(first.sparse[i]!) }))
    .sort((a, b) => b.strength - a.strength || (a.feature < b.feature ? -1 : 1))
    .slice(0, settings.topK)
    .map(({ feature }) => feature)
    .sort();
  const fitted = fitWeights(examples, kept, settings.l2);
  const largest = Math.max(1e-9, ...fitted.sparse.map(strength));
  const scale = round(largest / WEIGHT_LEVELS, 6);
  const features: string[] = [];
  let weights = '';
  kept.forEach((feature, i) => {
    const [negative, positive] = fitted.sparse[i]!.map((weight) =>
      Math.max(-WEIGHT_LEVELS, Math.min(WEIGHT_LEVELS, Math.round(weight / scale))),
    ) as [number, number];
    if (negative === 0 && positive === 0) return;
    features.push(feature);
    weights += WEIGHT_SYMBOLS[negative + 32]! + WEIGHT_SYMBOLS[positive + 32]!;
  });
  return {
    options: settings.options,
    training: {
      l2: settings.l2,
      minCount: settings.minCount,
      topK: settings.topK,
      devWeight: settings.devWeight,
    },
    negativeBias: settings.negativeBias,
    dense: fitted.dense
      .flatMap(([negative, positive]) => [round(negative!, 4), round(positive!, 4)])
      .join(' '),
    scale,
    features: features.join(' '),
    weights,
  };
}

/** The model file (shared/sentiment/model.ts) for `data`; bench/train-sentiment.ts lets biome format it. */
export function modelSource(data: ModelData, crossValidation: string): string {
  const options = Object.entries(data.options)
    .map(([key, value]) => `    ${key}: ${value},\n`)
    .join('');
  return `// Generated by \`npx tsx bench/train-sentiment.ts\` from test/fixtures/sentiment/dev.jsonl and train.jsonl:
// do not edit. See docs/sentiment.md.
import type { ModelData } from './classifier.ts';

export const MODEL: ModelData = {
  options: {
${options}  },
  negativeBias: ${data.negativeBias},
  training: ${JSON.stringify(data.training).replace(/"/g, '').replace(/:/g, ': ').replace(/,/g, ', ').replace('{', '{ ').replace('}', ' }')},
  dense: '${data.dense}',
  scale: ${data.scale},
  features: ${JSON.stringify(data.features)},
  weights: '${data.weights}',
};

/** The cross-validation figures of these settings, printed by bench/sentiment.ts. */
export const CROSS_VALIDATION = ${JSON.stringify(crossValidation)};
`;
}

/** Stratified by language and label, in a fixed pseudo-random order: fold of each line. */
export function folds(lines: readonly CorpusLine[], k: number, seed: number): number[] {
  const hash = (text: string) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  };
  const fold = new Array<number>(lines.length);
  const strata = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const key = `${line.lang} ${line.label}`;
    strata.set(key, [...(strata.get(key) ?? []), i]);
  });
  for (const members of [...strata.keys()].sort().map((key) => strata.get(key)!)) {
    members.sort((a, b) => hash(lines[a]!.id) - hash(lines[b]!.id) || a - b);
    members.forEach((line, position) => {
      fold[line] = position % k;
    });
  }
  return fold;
}

/** Out-of-fold labels of the trained, pruned and quantized model, as it would run. */
export function crossValidate(
  lines: readonly CorpusLine[],
  settings: TrainingSettings,
  k: number,
  seed: number,
): Label[] {
  const fold = folds(lines, k, seed);
  const predicted = new Array<Label>(lines.length);
  for (let f = 0; f < k; f++) {
    const model: Model = decodeModel(
      train(
        lines.filter((_, i) => fold[i] !== f),
        settings,
      ),
    );
    lines.forEach((line, i) => {
      if (fold[i] !== f) return;
      const tokens = tokenize(line.text);
      predicted[i] = classify(model, tokens, readTokens(tokens)).label;
    });
  }
  return predicted;
}
