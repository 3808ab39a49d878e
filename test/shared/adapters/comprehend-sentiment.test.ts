import type { BatchDetectSentimentCommand, ComprehendClient } from '@aws-sdk/client-comprehend';
import { describe, expect, it } from 'vitest';
import { comprehendSentimentEngine, truncateText } from '../../../shared/adapters/comprehend-sentiment.ts';

/** Comprehend has no local stand-in: a stub at the adapter edge that records calls and answers by rule. */
function stub(failIndexes: number[] = []) {
  const calls: { LanguageCode?: string; TextList?: string[] }[] = [];
  const client = {
    send: async (command: BatchDetectSentimentCommand) => {
      const input = command.input;
      calls.push(input);
      const texts = input.TextList ?? [];
      return {
        ResultList: texts
          .map((text, index) => ({ text, index }))
          .filter(({ index }) => !failIndexes.includes(index))
          .map(({ text, index }) => ({
            Index: index,
            Sentiment: text.includes('MIXED') ? 'MIXED' : text.includes('bad') ? 'NEGATIVE' : 'POSITIVE',
            SentimentScore: text.includes('MIXED')
              ? { Positive: 0.2, Negative: 0.5, Neutral: 0.1, Mixed: 0.2 }
              : text.includes('bad')
                ? { Positive: 0.05, Negative: 0.9, Neutral: 0.05, Mixed: 0 }
                : { Positive: 0.8, Negative: 0.1, Neutral: 0.1, Mixed: 0 },
          })),
        ErrorList: failIndexes
          .filter((index) => index < texts.length)
          .map((index) => ({ Index: index, ErrorCode: 'INTERNAL_SERVER_ERROR' })),
      };
    },
  } as unknown as ComprehendClient;
  return { client, calls };
}

describe('Comprehend sentiment engine', () => {
  it('sends at most 25 texts per call, grouped by language', async () => {
    const { client, calls } = stub();
    const items = [
      ...Array.from({ length: 40 }, (_, i) => ({ id: `fr${i}`, text: `texte ${i}`, lang: 'fr' as const })),
      ...Array.from({ length: 20 }, (_, i) => ({ id: `en${i}`, text: `text ${i}`, lang: 'en' as const })),
    ];
    const results = await comprehendSentimentEngine(client).analyzeBatch(items);
    expect(calls.map((call) => [call.LanguageCode, call.TextList!.length])).toEqual([
      ['fr', 25],
      ['fr', 15],
      ['en', 20],
    ]);
    expect(results.size).toBe(60);
  });

  it('maps Comprehend’s labels and scores, MIXED by its balance', async () => {
    const { client } = stub();
    const results = await comprehendSentimentEngine(client).analyzeBatch([
      { id: 'a', text: 'bad service', lang: 'en' },
      { id: 'b', text: 'lovely', lang: 'en' },
      { id: 'c', text: 'MIXED feelings', lang: 'en' },
    ]);
    expect(results.get('a')).toEqual({ label: 'negative', score: -0.85, lang: 'en' });
    expect(results.get('b')).toEqual({ label: 'positive', score: 0.7, lang: 'en' });
    expect(results.get('c')).toMatchObject({ label: 'negative', score: -0.3 });
  });

  it('detects the language when absent, and falls back to the built-in analyzer for failed items', async () => {
    const { client, calls } = stub([1]);
    const results = await comprehendSentimentEngine(client).analyzeBatch([
      { id: 'a', text: "c'est vraiment top, merci" },
      { id: 'b', text: 'Arnaque totale, remboursez-moi' },
    ]);
    expect(calls[0]!.LanguageCode).toBe('fr');
    expect(results.get('b')).toMatchObject({ label: 'negative', lang: 'fr' }); // the built-in analyzer's verdict
  });

  it('cuts texts to their first 500 characters without splitting an emoji', () => {
    const text = `${'a'.repeat(499)}😡😡`;
    const cut = truncateText(text);
    expect(Array.from(cut)).toHaveLength(500);
    expect(cut.endsWith('😡')).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});
