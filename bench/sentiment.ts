/**
 * Sentiment quality and speed: Vigie's analyzer (its lexicon and rules alone, and with the learned model
 * on top, which is what `analyzeSentiment` runs) beside `sentiment` (AFINN), `natural` (Pattern
 * vocabulary for French, AFINN for English) and `vader-sentiment`, on the corpus in
 * test/fixtures/sentiment (dev: what the lexicon was tuned on and, with train, what the model was
 * trained on; test: held out; holdout-2: a second held-out batch, frozen and committed before the
 * tuning round it measures; holdout-3, when the file is there: a third one, written by someone else).
 * The model's cross-validation figures (from its training, bench/train-sentiment.ts) are printed too.
 *
 *   node --expose-gc --import tsx bench/sentiment.ts
 *
 * The other libraries give a number: each gets the neutral band that maximizes its macro-F1 on dev
 * (a fair chance), then the same band on test. Vigie's band is fixed in its code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Label = 'negative' | 'neutral' | 'positive';
interface Line {
  id: string;
  text: string;
  lang: 'fr' | 'en';
  label: Label;
  hard: boolean;
}

const require = createRequire(import.meta.url);
const load = (split: string): Line[] =>
  readFileSync(`test/fixtures/sentiment/${split}.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
const dev = load('dev');
const test = load('test');
const holdout2 = load('holdout-2');
const holdout3 = existsSync('test/fixtures/sentiment/holdout-3.jsonl') ? load('holdout-3') : [];

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const { analyzeSentiment } = await import('../shared/sentiment/index.ts');
const { analyze } = await import('../shared/sentiment/analyzer.ts');
const { CROSS_VALIDATION } = await import('../shared/sentiment/model.ts');
analyzeSentiment('warm-up: lexicons loaded and compiled');
gc?.();
const lexiconHeap = process.memoryUsage().heapUsed - heapBefore;

const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
const natural = require('natural') as {
  SentimentAnalyzer: new (
    language: string,
    stemmer: unknown,
    vocabulary: string,
  ) => { getSentiment(tokens: string[]): number };
  PorterStemmerFr: unknown;
  PorterStemmer: unknown;
  AggressiveTokenizerFr: new () => { tokenize(text: string): string[] };
  WordTokenizer: new () => { tokenize(text: string): string[] };
};
const vader = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
};

const afinn = new Sentiment();
const naturalFr = new natural.SentimentAnalyzer('French', natural.PorterStemmerFr, 'pattern');
const naturalEn = new natural.SentimentAnalyzer('English', natural.PorterStemmer, 'afinn');
const tokenizerFr = new natural.AggressiveTokenizerFr();
const tokenizerEn = new natural.WordTokenizer();

/** Each library as a number per line (Vigie: its own label, as −1 / 0 / 1). */
const sign = { negative: -1, neutral: 0, positive: 1 } as const;
const scorers: Record<string, (line: Line) => number> = {
  'Vigie lexicon + model': (line) => sign[analyzeSentiment(line.text).label],
  'Vigie lexicon alone': (line) => sign[analyze(line.text).label],
  'sentiment (AFINN)': (line) => afinn.analyze(line.text).score,
  'natural (Pattern-FR / AFINN)': (line) =>
    line.lang === 'fr'
      ? naturalFr.getSentiment(tokenizerFr.tokenize(line.text))
      : naturalEn.getSentiment(tokenizerEn.tokenize(line.text)),
  'vader-sentiment': (line) => vader.SentimentIntensityAnalyzer.polarity_scores(line.text).compound,
};

function labelOf(value: number, band: number): Label {
  return value > band ? 'positive' : value < -band ? 'negative' : 'neutral';
}

function metrics(lines: Line[], predicted: Label[]) {
  const labels: Label[] = ['negative', 'neutral', 'positive'];
  const f1 = labels.map((label) => {
    const tp = lines.filter((line, i) => line.label === label && predicted[i] === label).length;
    const fp = lines.filter((line, i) => line.label !== label && predicted[i] === label).length;
    const fn = lines.filter((line, i) => line.label === label && predicted[i] !== label).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  const accuracy = lines.filter((line, i) => line.label === predicted[i]).length / (lines.length || 1);
  return { accuracy, macroF1: (f1[0]! + f1[1]! + f1[2]!) / 3, negativeF1: f1[0]! };
}

const bands: Record<string, number> = { 'Vigie lexicon + model': 0.5, 'Vigie lexicon alone': 0.5 };
for (const [name, scorer] of Object.entries(scorers)) {
  if (name in bands) continue;
  const values = dev.map(scorer);
  let best = { band: 0, macroF1: -1 };
  for (const band of [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 1.5, 2, 3]) {
    const { macroF1 } = metrics(
      dev,
      values.map((value) => labelOf(value, band)),
    );
    if (macroF1 > best.macroF1) best = { band, macroF1 };
  }
  bands[name] = best.band;
}

const pct = (value: number) => (value * 100).toFixed(1).padStart(5);
console.log(`\nmodel cross-validation (dev + train, its training): ${CROSS_VALIDATION}`);
for (const [splitName, lines] of [
  ['dev (lexicon tuned on it, model trained on it)', dev],
  ['test (held out)', test],
  ['test, hard cases only', test.filter((line) => line.hard)],
  ['holdout-2 (frozen before tuning)', holdout2],
  ['holdout-2, hard cases only', holdout2.filter((line) => line.hard)],
  ['holdout-3', holdout3],
  ['holdout-3, hard cases only', holdout3.filter((line) => line.hard)],
] as const) {
  if (lines.length === 0) continue;
  console.log(`\n${splitName}: ${lines.length} comments (accuracy / macro-F1 / negative F1, %)`);
  console.log(
    `| analyzer                     | band | all                 | fr                  | en                  |`,
  );
  console.log(
    `| ---------------------------- | ---- | ------------------- | ------------------- | ------------------- |`,
  );
  for (const [name, scorer] of Object.entries(scorers)) {
    const cells = [lines, lines.filter((l) => l.lang === 'fr'), lines.filter((l) => l.lang === 'en')].map(
      (subset) => {
        const m = metrics(
          subset,
          subset.map((line) => labelOf(scorer(line), bands[name]!)),
        );
        return `${pct(m.accuracy)} ${pct(m.macroF1)} ${pct(m.negativeF1)}`;
      },
    );
    console.log(`| ${name.padEnd(28)} | ${String(bands[name]).padEnd(4)} | ${cells.join(' | ')} |`);
  }
}

const texts = [...dev, ...test, ...holdout2].map((line) => line.text);
const rounds = Math.ceil(200_000 / texts.length);
const analyses = rounds * texts.length;
// CPU time as well as wall time: on a shared machine, waiting for a core is not the analyzer's cost.
function speed(name: string, analyzer: (text: string) => unknown) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < rounds; round++) for (const text of texts) analyzer(text);
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  const perSecond = (time: number) => Math.round(analyses / time).toLocaleString('en');
  console.log(
    `${name} speed on one core: ${perSecond((cpu.user + cpu.system) / 1e6)} comments per CPU second, ${perSecond(seconds)} per wall-clock second (${analyses.toLocaleString('en')} analyses)`,
  );
}
console.log('');
speed('Vigie lexicon + model', analyzeSentiment);
speed('Vigie lexicon alone', analyze);
console.log(
  `lexicons and model in memory: ${gc ? `${(lexiconHeap / 1024).toFixed(0)} KB` : 'run with --expose-gc'}`,
);
