import { readTokens, type SentimentLabel, type SentimentResult } from './analyzer.ts';
import { classify, decodeModel } from './classifier.ts';
import { detectLanguageOfTokens, type Language } from './language.ts';
import { MODEL } from './model.ts';
import { tokenize } from './tokenize.ts';

/**
 * Vigie's built-in French + English sentiment analyzer: pure TypeScript, no network, no AWS. A label
 * sent by the upstream listening tool always wins over it (see functions/crisis/record-mentions).
 * The lexicon and rules read the comment; a small learned model (model.ts, trained offline by
 * bench/train-sentiment.ts) weighs that reading with the comment's words and decides.
 */
export type { Language, SentimentLabel, SentimentResult };

export interface SentimentItem {
  id: string;
  text: string;
  lang?: Language;
}

/** A port, so that a client can choose Amazon Comprehend instead (config `sentiment.engine`). */
export interface SentimentEngine {
  analyzeBatch(items: SentimentItem[]): Promise<Map<string, SentimentResult>>;
}

const model = decodeModel(MODEL);

export function analyzeSentiment(text: string, lang?: Language): SentimentResult {
  const tokens = tokenize(text);
  return classify(model, tokens, readTokens(tokens, lang));
}

export function detectLanguage(text: string): Language {
  return detectLanguageOfTokens(tokenize(text));
}

export const builtinSentimentEngine: SentimentEngine = {
  async analyzeBatch(items) {
    return new Map(items.map((item) => [item.id, analyzeSentiment(item.text, item.lang)]));
  },
};
