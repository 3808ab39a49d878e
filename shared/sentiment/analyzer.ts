import { detectLanguageOfTokens, type Language } from './language.ts';
import {
  BAD_SITUATIONS,
  DIMINISHERS,
  EMOJIS,
  INTENSIFIERS,
  LONGEST_PHRASE,
  NEGATORS,
  PHRASE_VALENCES,
  SARCASM_OPENERS,
  SCOPE_BREAKERS,
  WORDS,
} from './lexicon.ts';
import { type Token, tokenize } from './tokenize.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** −1 … 1: negative below zero. */
  score: number;
  lang: Language;
}

/** How many words a negation reaches ("ne … pas", "not", "sans"). */
const NEGATION_SCOPE = 3;
/** Sums this far from zero are a feeling; closer, the comment is neutral. */
const NEUTRAL_BAND = 1.2;
/** A question that opens like this asks for information; an announcement informs. Feelings in them weigh less. */
const INFORMATIVE_OPENERS = new Set([
  'est-ce',
  'quel',
  'quelle',
  'quels',
  'comment',
  'combien',
  "quelqu'un",
  'vous',
  'is',
  'are',
  'does',
  'do',
  'can',
  'will',
  'what',
  'which',
  'anyone',
  'info',
  'infos',
  'information',
  'notice',
  'update',
  'annonce',
]);
/** Reported speech: what someone else said ("mon frère dit que c'est nul") is not the author's feeling. */
const REPORTING = new Set(['dit', 'disent', 'parle', 'parlent', 'parait', 'says', 'said', 'saying', 'heard']);
const IRONY_EMOJIS = new Set(['🙃', '🙄', '👏', '😂', '🤣', '🙂', '😅']);

function lookup(word: string, lang: Language): number | undefined {
  // The comment's language first, then the other one (comments mix them).
  const own = WORDS[lang];
  const other = WORDS[lang === 'fr' ? 'en' : 'fr'];
  return own.get(word) ?? other.get(word);
}

function wordValence(word: string, lang: Language): number | undefined {
  const valence = lookup(word, lang) ?? (word.endsWith('s') ? lookup(word.slice(0, -1), lang) : undefined);
  // "remboursez-nous", "arrêtez-vous": the verb carries the feeling.
  if (valence === undefined && word.includes('-')) return lookup(word.slice(0, word.indexOf('-')), lang);
  return valence;
}

/** The phrase starting at `index`, longest first: [valence, words consumed]. */
function phraseAt(tokens: readonly Token[], index: number): [number, number] | undefined {
  const words: string[] = [];
  for (let i = index; i < tokens.length && words.length < LONGEST_PHRASE; i++) {
    if (tokens[i]!.kind !== 'word') break;
    words.push(tokens[i]!.value);
  }
  for (let length = words.length; length >= 2; length--) {
    const valence = PHRASE_VALENCES.get(words.slice(0, length).join(' '));
    if (valence !== undefined) return [valence, length];
  }
  return undefined;
}

export function analyzeTokens(tokens: readonly Token[], lang?: Language): SentimentResult {
  const language = lang ?? detectLanguageOfTokens(tokens);
  let sum = 0;
  let positive = 0;
  let negative = 0;
  let negationLeft = 0;
  let boost = 1;
  let exclamations = 0;
  let question = false;
  let praise = 0;
  let badSituation = false;
  let irony = false;
  let reported = 1;
  const firstWord = tokens.find((token) => token.kind === 'word')?.value;
  const informative = firstWord !== undefined && INFORMATIVE_OPENERS.has(firstWord);

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let negated = false;
    if (token.kind === 'punct') {
      negationLeft = 0;
      boost = 1;
      exclamations += (token.value.match(/!/g) ?? []).length;
      if (token.value.includes('?')) question = true;
      continue;
    }
    let valence: number | undefined;
    if (token.kind === 'emoji') {
      valence = EMOJIS.get(token.value);
      if (IRONY_EMOJIS.has(token.value)) irony = true;
    } else {
      const word = token.value;
      // "pas un seul retard" is not a bad situation.
      if (BAD_SITUATIONS.has(word) && negationLeft === 0) badSituation = true;
      if (REPORTING.has(word)) {
        reported = 0.3;
        continue;
      }
      if (SCOPE_BREAKERS.has(word)) {
        negationLeft = 0;
        // What comes after "mais" / "but" usually carries the point: the part before weighs less.
        if (word === 'mais' || word === 'but') sum *= 0.5;
        continue;
      }
      const phrase = phraseAt(tokens, i);
      if (phrase) {
        if (phrase[0] < 0) {
          for (let k = i; k < i + phrase[1]; k++)
            if (BAD_SITUATIONS.has(tokens[k]!.value)) badSituation = true;
        }
        valence = phrase[0] * boost;
        i += phrase[1] - 1;
        negationLeft = 0;
        boost = 1;
        sum += valence;
        if (valence > 0) positive += valence;
        else negative -= valence;
        continue;
      }
      const next = tokens[i + 1];
      const nextHasValence =
        next !== undefined && (next.kind === 'emoji' || wordValence(next.value, language) !== undefined);
      if (INTENSIFIERS.has(word) && nextHasValence) {
        boost *= INTENSIFIERS.get(word)!;
        continue;
      }
      if (DIMINISHERS.has(word)) {
        boost *= DIMINISHERS.get(word)!;
        continue;
      }
      if (NEGATORS.has(word) || word.endsWith("n't")) {
        negationLeft = NEGATION_SCOPE;
        continue;
      }
      valence = wordValence(word, language);
      negated = negationLeft > 0;
      if (valence !== undefined && SARCASM_OPENERS.has(word) && valence > 0) praise += valence;
      if (valence !== undefined) {
        if (token.caps) valence *= 1.5;
        if (token.hashtag) valence *= 1.3;
      }
      negationLeft = Math.max(0, negationLeft - 1);
    }
    if (valence === undefined) continue;
    valence *= boost * reported;
    boost = 1;
    if (negated) {
      // "pas content" is negative; "pas nul" is only mildly positive.
      valence = valence > 0 ? -valence * 0.9 : -valence * 0.4;
    }
    sum += valence;
    if (valence > 0) positive += valence;
    else negative -= valence;
  }

  // Sarcasm: thanks or praise about a bad situation ("merci pour ces 3 jours sans réseau 👏").
  if (praise > 0 && (badSituation || negative > 0 || (irony && positive <= praise + 2))) {
    if (badSituation || irony) sum = -Math.max(2, praise + negative);
  } else if (irony && negative > 0) {
    sum -= 1;
  }
  if (exclamations >= 2 && sum !== 0) sum *= 1.3;
  // A question is asked more than felt: only strong feelings survive it; an information request hardly any.
  if (question && exclamations === 0) sum *= informative ? 0.3 : 0.6;
  else if (
    informative &&
    (firstWord === 'info' || firstWord === 'infos' || firstWord === 'notice' || firstWord === 'update')
  )
    sum *= 0.3;

  const score = sum / Math.sqrt(sum * sum + 15);
  const label: SentimentLabel =
    sum >= NEUTRAL_BAND ? 'positive' : sum <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { label, score: Math.round(score * 1000) / 1000, lang: language };
}

export function analyze(text: string, lang?: Language): SentimentResult {
  return analyzeTokens(tokenize(text), lang);
}
