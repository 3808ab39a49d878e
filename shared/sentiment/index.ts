import { analyze, type SentimentLabel, type SentimentResult } from './analyzer.ts';
import { detectLanguageOfTokens, type Language } from './language.ts';
import { tokenize } from './tokenize.ts';

/**
 * Vigie's built-in French + English sentiment analyzer: pure TypeScript, no network, no AWS. A label
 * sent by the upstream listening tool always wins over it (see functions/crisis/record-mentions).
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

export function analyzeSentiment(text: string, lang?: Language): SentimentResult {
  return analyze(text, lang);
}

export function detectLanguage(text: string): Language {
  return detectLanguageOfTokens(tokenize(text));
}

export const builtinSentimentEngine: SentimentEngine = {
  async analyzeBatch(items) {
    return new Map(items.map((item) => [item.id, analyze(item.text, item.lang)]));
  },
};
