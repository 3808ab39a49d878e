import { detectLanguageOfTokens, type Language } from './language.ts';
import {
  ANNOUNCEMENT_MARKERS,
  BAD_SITUATIONS,
  BOOSTING_PHRASES,
  CONCESSIVES,
  DIMINISHERS,
  EMOJIS,
  EXPECTED,
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
/** What follows "mais" / "but" carries the point: the part before keeps this share. */
const BEFORE_BUT = 0.4;
/** An absence ("nobody at the desk", "no updates, nothing") is a complaint of this weight. */
const ABSENCE = -1.5;
/** Scare quotes around a brand's own words ("your 'express' delivery", "le « fait maison »") mock them. */
const SCARE_QUOTE = -1.5;
const THANKS = new Set(['merci', 'thanks', 'thank']);
/** "pour la troisième fois", "second time this week": a problem that keeps coming back. */
const REPEATED = -1.5;
const REPEAT_ORDINALS = new Set(
  `deuxieme troisieme quatrieme cinquieme enieme 2e 3e 4e 5e 2eme 3eme 4eme 5eme
  second third fourth fifth nth 2nd 3rd 4th 5th`.split(/\s+/),
);
/** Before "personne", these make it a person ("une personne", "cette personne"). */
const PERSON_DETERMINERS = new Set(['une', 'la', 'cette', 'chaque', 'quelle', 'seule', 'autre']);
/** Waiting: "depuis 3 semaines", "on hold for 50 minutes", "ça fait 2 jours" (years are loyalty, not waiting). */
const WAITING = -1.5;
const WAIT_MARKERS = new Set(['depuis', 'pendant', 'fait', 'for', 'since', 'been']);
const USAGE_MARKERS = new Set(['pendant', 'for']);
const COUNTS = new Set(
  `un une deux trois quatre cinq six sept huit neuf dix quinze vingt trente quarante plusieurs
  a an one two three four five six seven eight nine ten fifteen twenty thirty forty several`.split(/\s+/),
);
const WAIT_FOLLOWERS = new Set(["d'attente", 'attente', 'wait', 'waiting', 'queueing', 'queuing']);
const WAIT_UNITS = new Set(
  `h heure heures jour jours semaine semaines mois minute minutes min mn
  hour hours day days week weeks month months`.split(/\s+/),
);
/** Two-word concessives: "even though I was late", "alors que j'étais en retard". */
const CONCESSIVE_PAIRS = new Set(['even though', 'even if', 'even with', 'alors que', 'bien que', 'meme si']);
/** A question that opens like this asks for information; an announcement informs. Feelings in them weigh less. */
const INFORMATIVE_OPENERS = new Set([
  'est-ce',
  'quel',
  'quelle',
  'quels',
  'comment',
  'combien',
  'quand',
  'ou',
  'y',
  "quelqu'un",
  'vous',
  'is',
  'are',
  'does',
  'do',
  'can',
  'will',
  'what',
  "what's",
  'whats',
  'which',
  'where',
  'when',
  'anyone',
  'info',
  'infos',
  'information',
  'notice',
  'update',
  'annonce',
]);
/** "How long…", "How do I…" ask; "How is this legal?" does not. */
const HOW_ASKS = new Set([
  'do',
  'does',
  'did',
  'can',
  'long',
  'much',
  'many',
  'often',
  'soon',
  'to',
  'should',
]);
/** Skipped when looking for how a sentence opens. */
const GREETINGS = new Set(['bonjour', 'bonsoir', 'salut', 'slt', 'coucou', 'hello', 'hi', 'hey']);
/** Reported speech: what someone else said ("mon frère dit que c'est nul") is not the author's feeling. */
const REPORTING = new Set(['dit', 'disent', 'parle', 'parlent', 'parait', 'says', 'said', 'saying', 'heard']);
const IRONY_EMOJIS = new Set(['🙃', '🙄', '👏', '😂', '🤣', '🙂', '😅']);

function lookup(word: string, lang: Language): number | undefined {
  // The comment's language first, then the other one (comments mix them).
  const own = WORDS[lang];
  const other = WORDS[lang === 'fr' ? 'en' : 'fr'];
  return own.get(word) ?? other.get(word);
}

/** "l'arnaque", "d'attente", "s'abîme": the word without its elided article or pronoun. */
function withoutElision(word: string): string {
  return word.replace(/^(?:[cdjlmnst]|qu)'/, '');
}

/** Inflections the lexicon leaves out: French feminine ("gâchée") and adverbs ("rapidement"), English adverbs. */
function inflectedValence(word: string): number | undefined {
  if (word.length > 6 && word.endsWith('ment')) {
    const adjective = WORDS.fr.get(word.slice(0, -4));
    if (adjective !== undefined) return adjective;
  }
  if (word.length > 4 && word.endsWith('ly')) {
    const adjective = WORDS.en.get(word.slice(0, -2));
    if (adjective !== undefined) return adjective;
  }
  // English superlatives: "rudest", "slowest", "dirtiest".
  if (word.length > 5 && word.endsWith('iest')) return WORDS.en.get(`${word.slice(0, -4)}y`);
  if (word.length > 5 && word.endsWith('est'))
    return WORDS.en.get(word.slice(0, -2)) ?? WORDS.en.get(word.slice(0, -3));
  if (word.endsWith('es')) return WORDS.fr.get(word.slice(0, -2)) ?? WORDS.fr.get(word.slice(0, -1));
  if (word.endsWith('e')) return WORDS.fr.get(word.slice(0, -1));
  return undefined;
}

function wordValence(word: string, lang: Language): number | undefined {
  const valence = lookup(word, lang) ?? (word.endsWith('s') ? lookup(word.slice(0, -1), lang) : undefined);
  if (valence !== undefined) return valence;
  const bare = withoutElision(word);
  if (bare !== word) return wordValence(bare, lang);
  // "remboursez-nous", "arrêtez-vous": the verb carries the feeling.
  if (word.includes('-')) return lookup(word.slice(0, word.indexOf('-')), lang);
  return inflectedValence(word);
}

interface PhraseMatch {
  value: number;
  /** Tokens consumed, intensifiers inside included. */
  length: number;
  /** Product of the intensifiers skipped inside ("ne vaut vraiment pas le prix"). */
  boost: number;
}

const phraseStarts = new WeakMap<ReadonlyMap<string, number>, Set<string>>();

function startsPhrase(phrases: ReadonlyMap<string, number>, word: string): boolean {
  let starts = phraseStarts.get(phrases);
  if (!starts) {
    starts = new Set([...phrases.keys()].map((phrase) => phrase.slice(0, phrase.indexOf(' '))));
    phraseStarts.set(phrases, starts);
  }
  return starts.has(word);
}

/** The phrase of `phrases` starting at `index`, longest first; intensifiers after its first word are skipped. */
function phraseAt(
  tokens: readonly Token[],
  index: number,
  phrases: ReadonlyMap<string, number>,
): PhraseMatch | undefined {
  // Most words start no phrase: skip the search for them.
  if (!startsPhrase(phrases, tokens[index]!.value)) return undefined;
  const words: string[] = [];
  const ends: number[] = [];
  const boosts: number[] = [];
  let boost = 1;
  for (let i = index; i < tokens.length && words.length < LONGEST_PHRASE; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'word') break;
    const intensity = words.length > 0 ? INTENSIFIERS.get(token.value) : undefined;
    if (intensity !== undefined) {
      boost *= intensity;
      continue;
    }
    words.push(token.value);
    ends.push(i);
    boosts.push(boost);
  }
  for (let length = words.length; length >= 2; length--) {
    const value = phrases.get(words.slice(0, length).join(' '));
    if (value !== undefined)
      return { value, length: ends[length - 1]! - index + 1, boost: boosts[length - 1]! };
  }
  return undefined;
}

function hasValence(token: Token | undefined, lang: Language): boolean {
  return token !== undefined && (token.kind === 'emoji' || wordValence(token.value, lang) !== undefined);
}

function hasNegator(tokens: readonly Token[], start: number, length: number): boolean {
  for (let k = start; k < start + length; k++) if (NEGATORS.has(tokens[k]!.value)) return true;
  return false;
}

/** Whether the token at `index` starts a clause (text start or after punctuation). */
function startsClause(tokens: readonly Token[], index: number): boolean {
  return index === 0 || tokens[index - 1]!.kind === 'punct';
}

/** "Nobody at the gate…", "Personne au comptoir", "…no updates, nothing": someone or something missing. */
function isAbsence(tokens: readonly Token[], index: number): boolean {
  const word = tokens[index]!.value;
  const next = tokens[index + 1];
  if (word === 'nobody') return true;
  if (word === 'no') return next?.value === 'one';
  if (word === 'personne') return startsClause(tokens, index);
  if (word === 'nothing' || word === 'rien') return next === undefined || next.kind === 'punct';
  return false;
}

/** Tokens of the duration at `index` ("3 semaines", "two hours", "45min"), or 0. */
function durationAt(tokens: readonly Token[], index: number): number {
  const count = tokens[index];
  if (count?.kind !== 'word') return 0;
  if (/^\d+(?:h|min|mn|j)$/.test(count.value)) return 1;
  const unit = tokens[index + 1];
  const isCount = /^\d+$/.test(count.value) || COUNTS.has(count.value);
  return isCount && unit?.kind === 'word' && WAIT_UNITS.has(unit.value) ? 2 : 0;
}

/**
 * Whether a waiting time is at `index`: a duration after "depuis" / "for" / "ça fait", or one followed by
 * "d'attente" / "of waiting", or by "later" / "après" ending the clause ("répondre six jours après").
 */
function isWaiting(tokens: readonly Token[], index: number): boolean {
  if (WAIT_MARKERS.has(tokens[index]!.value)) return durationAt(tokens, index + 1) > 0;
  const length = durationAt(tokens, index);
  if (length === 0 || (index > 0 && WAIT_MARKERS.has(tokens[index - 1]!.value))) return false;
  const after = tokens[index + length];
  if (after?.kind !== 'word') return false;
  if (WAIT_FOLLOWERS.has(after.value)) return true;
  const end = tokens[index + length + 1];
  return (after.value === 'later' || after.value === 'apres') && (end === undefined || end.kind === 'punct');
}

/** How much of a question's feeling survives: an information request keeps less than a rhetorical question. */
function questionShare(tokens: readonly Token[], opener: number | undefined): number {
  if (opener === undefined) return 0.6;
  const word = tokens[opener]!.value;
  const asks = word === 'how' ? HOW_ASKS.has(tokens[opener + 1]?.value ?? '') : INFORMATIVE_OPENERS.has(word);
  return asks ? 0.3 : 0.6;
}

/** "pour info", "heads up", "notice", "FYI" anywhere: an announcement. */
function isAnnouncement(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.value;
    if (ANNOUNCEMENT_MARKERS.has(word)) return true;
    const next = tokens[i + 1]?.value;
    if ((word === 'pour' && next === 'info') || (word === 'heads' && next === 'up')) return true;
  }
  return false;
}

/** What the lexicon and rules read in a comment: the learned model (classifier.ts) weighs it with the words. */
export interface LexiconReading {
  lang: Language;
  /** The final sum, sarcasm and damping applied: its sign and size make the lexicon's label. */
  sum: number;
  /** Total positive and negative valence met, before sarcasm and damping. */
  positive: number;
  negative: number;
  badSituation: boolean;
  irony: boolean;
  /** Praise or thanks that can be sarcastic ("merci", "bravo"). */
  praise: number;
  repeated: boolean;
  /** Waiting times, absences and scare quotes met: complaints without a feeling word. */
  implicit: number;
  exclamations: number;
  questions: number;
}

export function readTokens(tokens: readonly Token[], lang?: Language): LexiconReading {
  const language = lang ?? detectLanguageOfTokens(tokens);
  let sum = 0;
  let positive = 0;
  let negative = 0;
  let negationLeft = 0;
  let backgroundLeft = 0;
  let boost = 1;
  let exclamations = 0;
  let praise = 0;
  let badSituation = false;
  let irony = false;
  let reported = 1;
  // Questions are damped sentence by sentence: "Vous en faites d'autres ? Je suis fan" keeps its praise.
  let sentenceStart = 0;
  let sentenceOpener: number | undefined;
  // The words and feelings of the current sentence, and of the last one closed.
  let sentence = { words: 0, positive: 0, negative: 0, sumBefore: 0 };
  let closed: typeof sentence | undefined;
  let thanks = 0;
  let repeated = false;
  let implicit = 0;
  let questions = 0;
  const firstWord = tokens.find((token) => token.kind === 'word')?.value;

  const add = (valence: number) => {
    sum += valence;
    if (valence > 0) {
      positive += valence;
      sentence.positive += valence;
    } else {
      negative -= valence;
      sentence.negative -= valence;
    }
  };
  /** A negated feeling: "pas content" is negative; "pas nul" only mildly positive. */
  const negate = (valence: number) => (valence > 0 ? -valence * 0.9 : -valence * 0.4);

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let negated = false;
    if (token.kind === 'punct') {
      negationLeft = 0;
      backgroundLeft = 0;
      boost = 1;
      const bangs = (token.value.match(/!/g) ?? []).length;
      exclamations += bangs;
      if (token.value.includes('?')) questions += 1;
      if (token.value.includes('?') && bangs === 0)
        sum = sentenceStart + (sum - sentenceStart) * questionShare(tokens, sentenceOpener);
      if (/[.!?…]/.test(token.value)) {
        sentenceStart = sum;
        sentenceOpener = undefined;
        if (sentence.words > 0) closed = sentence;
        sentence = { words: 0, positive: 0, negative: 0, sumBefore: sum };
      }
      continue;
    }
    if (token.kind === 'word') {
      sentence.words += 1;
      if (sentenceOpener === undefined && !GREETINGS.has(token.value)) sentenceOpener = i;
    }
    if (token.kind === 'quote') {
      implicit += 1;
      add(SCARE_QUOTE * reported);
      continue;
    }
    let valence: number | undefined;
    if (token.kind === 'emoji') {
      valence = EMOJIS.get(token.value);
      if (IRONY_EMOJIS.has(token.value)) irony = true;
    } else {
      const word = token.value;
      const bare = withoutElision(word);
      const background = backgroundLeft > 0;
      backgroundLeft = Math.max(0, backgroundLeft - 1);
      // "pas un seul retard" is not a bad situation, nor is "après la panne" the point of the comment.
      if (BAD_SITUATIONS.has(bare) && negationLeft === 0 && !background) badSituation = true;
      if (REPORTING.has(word)) {
        reported = 0.3;
        continue;
      }
      if (CONCESSIVES.has(word)) {
        backgroundLeft = 4;
        continue;
      }
      if (CONCESSIVE_PAIRS.has(`${word} ${tokens[i + 1]?.value}`)) {
        backgroundLeft = 4;
        i += 1;
        continue;
      }
      // "so special" intensifies; "so I called" moves on.
      if (SCOPE_BREAKERS.has(word) && !(word === 'so' && hasValence(tokens[i + 1], language))) {
        negationLeft = 0;
        if (word === 'mais' || word === 'but') {
          sum *= BEFORE_BUT;
          sentenceStart *= BEFORE_BUT;
        }
        continue;
      }
      const phrase = phraseAt(tokens, i, PHRASE_VALENCES);
      if (phrase) {
        if (phrase.value < 0 && !background) {
          for (let k = i; k < i + phrase.length; k++)
            if (BAD_SITUATIONS.has(tokens[k]!.value)) badSituation = true;
        }
        let value = phrase.value * phrase.boost * boost;
        // "this ain't worth it", "même pas un geste commercial"; a negative phrase after "ne" is already
        // negative ("on ne me propose aucune solution"), and "on ne s'en lasse pas" carries its own "pas".
        if (negationLeft > 0 && value > 0 && !hasNegator(tokens, i, phrase.length)) value = negate(value);
        if (background && value < 0) value *= 0.5;
        i += phrase.length - 1;
        negationLeft = 0;
        boost = 1;
        add(value);
        continue;
      }
      const next = tokens[i + 1]?.value;
      if (REPEAT_ORDINALS.has(word) && (next === 'fois' || next === 'time')) repeated = true;
      if (isWaiting(tokens, i)) {
        implicit += 1;
        add(WAITING * reported);
        // "for 3 months" may be how long it has been used ("used it for 3 months, still works great"):
        // a complaint to weigh, not a target for sarcasm.
        if (!background && !USAGE_MARKERS.has(word)) badSituation = true;
      }
      const booster = phraseAt(tokens, i, BOOSTING_PHRASES);
      if (booster) {
        boost *= booster.value;
        i += booster.length - 1;
        negationLeft = 0;
        continue;
      }
      if (INTENSIFIERS.has(word) && hasValence(tokens[i + 1], language)) {
        boost *= INTENSIFIERS.get(word)!;
        continue;
      }
      if (DIMINISHERS.has(word)) {
        boost *= DIMINISHERS.get(word)!;
        continue;
      }
      // "une personne très gentille" is someone, not nobody.
      const someone = word === 'personne' && PERSON_DETERMINERS.has(tokens[i - 1]?.value ?? '');
      if ((NEGATORS.has(word) && !someone) || word.endsWith("n't")) {
        if (isAbsence(tokens, i)) {
          implicit += 1;
          add(ABSENCE * reported);
        }
        negationLeft = NEGATION_SCOPE;
        continue;
      }
      valence = wordValence(word, language);
      // Praise inside quotes is someone else's word, or mocked: "the cake says 'Happy Birthday Mark'".
      if (token.quoted && valence !== undefined && valence > 0) valence = undefined;
      negated = negationLeft > 0;
      // "aucune réponse", "no refund", "pas de remboursement": what is owed is missing.
      if (negated && EXPECTED.has(bare)) {
        valence = -2;
        negated = false;
      }
      if (valence !== undefined && SARCASM_OPENERS.has(bare) && valence > 0) {
        praise += valence;
        if (THANKS.has(bare)) thanks += valence;
      }
      if (valence !== undefined) {
        if (token.caps) valence *= 1.5;
        if (token.hashtag) valence *= 1.3;
        if (background && valence < 0) valence *= 0.5;
      }
      negationLeft = Math.max(0, negationLeft - 1);
    }
    if (valence === undefined) continue;
    valence *= boost * reported;
    boost = 1;
    add(negated ? negate(valence) : valence);
  }

  // A repeat is a complaint unless something is praised ("je rachète pour la troisième fois").
  if (repeated && positive === 0) add(REPEATED * reported);
  if (sentence.words > 0) closed = { ...sentence };
  // Sarcasm: thanks or praise about a bad situation ("merci pour ces 3 jours sans réseau 👏"), thanks
  // beside a clear complaint ("le pain était rassis, merci pour le voyage"), or a one- or two-word
  // praise closing a complaint ("rewarded with a price hike. Lovely.").
  const closingPraise =
    closed !== undefined &&
    closed.words <= 2 &&
    closed.positive > 0 &&
    closed.negative === 0 &&
    negative - closed.negative >= 1 &&
    closed.sumBefore <= 0;
  if (closingPraise) {
    sum = -Math.max(2, negative + closed!.positive);
  } else if (praise > 0 && (badSituation || negative > 0 || (irony && positive <= praise + 2))) {
    if (badSituation || irony) sum = -Math.max(2, praise + negative);
    else if (thanks > 0 && negative >= 2) sum = -Math.max(2, negative);
  } else if (irony && negative > 0) {
    sum -= 1;
  }
  if (exclamations >= 2 && sum !== 0) sum *= 1.3;
  // An announcement informs more than it feels.
  if (
    (firstWord !== undefined && (firstWord === 'info' || firstWord === 'infos' || firstWord === 'update')) ||
    isAnnouncement(tokens)
  )
    sum *= 0.3;

  return {
    lang: language,
    sum,
    positive,
    negative,
    badSituation,
    irony,
    praise,
    repeated,
    implicit,
    exclamations,
    questions,
  };
}

/** The lexicon and rules alone (the bench compares them with the learned model on top). */
export function analyzeTokens(tokens: readonly Token[], lang?: Language): SentimentResult {
  const { sum, lang: language } = readTokens(tokens, lang);
  const score = sum / Math.sqrt(sum * sum + 15);
  const label: SentimentLabel =
    sum >= NEUTRAL_BAND ? 'positive' : sum <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { label, score: Math.round(score * 1000) / 1000, lang: language };
}

export function analyze(text: string, lang?: Language): SentimentResult {
  return analyzeTokens(tokenize(text), lang);
}
