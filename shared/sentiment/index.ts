// Minimal keyword analyzer so the pipeline runs end to end; the sentiment issue replaces it with the real
// French + English analyzer (same API). A label sent by the listening tool always wins over this one.
export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type Language = 'fr' | 'en';
export interface SentimentResult {
  label: SentimentLabel;
  score: number;
  lang: Language;
}
export interface SentimentItem {
  id: string;
  text: string;
  lang?: Language;
}
export interface SentimentEngine {
  analyzeBatch(items: SentimentItem[]): Promise<Map<string, SentimentResult>>;
}
const NEGATIVE = /arnaque|honte|rembours|injoignable|nul|scam|refund|😡/i;
export function detectLanguage(text: string): Language {
  return /\b(the|and|is|you|not)\b/i.test(text) ? 'en' : 'fr';
}
export function analyzeSentiment(text: string, lang?: Language): SentimentResult {
  const negative = NEGATIVE.test(text);
  return {
    label: negative ? 'negative' : 'neutral',
    score: negative ? -0.8 : 0,
    lang: lang ?? detectLanguage(text),
  };
}
export const builtinSentimentEngine: SentimentEngine = {
  async analyzeBatch(items) {
    return new Map(items.map((item) => [item.id, analyzeSentiment(item.text, item.lang)]));
  },
};
