import {
  BatchDetectSentimentCommand,
  type BatchDetectSentimentItemResult,
  type ComprehendClient,
} from '@aws-sdk/client-comprehend';
import {
  analyzeSentiment,
  detectLanguage,
  type Language,
  type SentimentEngine,
  type SentimentItem,
  type SentimentResult,
} from '../sentiment/index.ts';

/** Comprehend's limits for BatchDetectSentiment. */
const MAX_TEXTS_PER_CALL = 25;
const MAX_CHARACTERS = 500;

/** The first characters of a text, never cutting a surrogate pair (an emoji) in half. */
export function truncateText(text: string, max = MAX_CHARACTERS): string {
  return Array.from(text).slice(0, max).join('');
}

function toResult(result: BatchDetectSentimentItemResult, lang: Language): SentimentResult {
  const scores = result.SentimentScore ?? {};
  const score = Math.round(((scores.Positive ?? 0) - (scores.Negative ?? 0)) * 1000) / 1000;
  const label =
    result.Sentiment === 'NEGATIVE'
      ? 'negative'
      : result.Sentiment === 'POSITIVE'
        ? 'positive'
        : result.Sentiment === 'MIXED'
          ? score < 0
            ? 'negative'
            : 'neutral'
          : 'neutral';
  return { label, score, lang };
}

/**
 * Amazon Comprehend as the sentiment engine (a client setting): texts grouped by language, 25 per
 * call, truncated to 500 characters; items Comprehend reports as failed fall back to the built-in analyzer.
 */
export function comprehendSentimentEngine(client: ComprehendClient): SentimentEngine {
  return {
    async analyzeBatch(items: SentimentItem[]): Promise<Map<string, SentimentResult>> {
      const results = new Map<string, SentimentResult>();
      const byLanguage = new Map<Language, SentimentItem[]>();
      for (const item of items) {
        const lang = item.lang ?? detectLanguage(item.text);
        byLanguage.set(lang, [...(byLanguage.get(lang) ?? []), item]);
      }
      for (const [lang, group] of byLanguage) {
        for (let start = 0; start < group.length; start += MAX_TEXTS_PER_CALL) {
          const chunk = group.slice(start, start + MAX_TEXTS_PER_CALL);
          const response = await client.send(
            new BatchDetectSentimentCommand({
              LanguageCode: lang,
              TextList: chunk.map((item) => truncateText(item.text)),
            }),
          );
          for (const result of response.ResultList ?? []) {
            const item = chunk[result.Index ?? -1];
            if (item) results.set(item.id, toResult(result, lang));
          }
          for (const error of response.ErrorList ?? []) {
            const item = chunk[error.Index ?? -1];
            if (item) results.set(item.id, analyzeSentiment(item.text, lang));
          }
        }
      }
      return results;
    },
  };
}
