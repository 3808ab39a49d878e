import { describe, expect, it } from 'vitest';
import { analyzeSentiment, detectLanguage } from '../../../shared/sentiment/index.ts';
import { fold, tokenize } from '../../../shared/sentiment/tokenize.ts';

const label = (text: string) => analyzeSentiment(text).label;

describe('tokens', () => {
  it('folds case, accents and elongations, keeps hashtags, emojis and emoticons apart', () => {
    expect(fold('DÉÇUUUU')).toBe('decu');
    expect(fold('Trooooop')).toBe('trop');
    const tokens = tokenize("NUL !!! #Boycott 😡 :( c'est ❤️");
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['word', 'nul'],
      ['punct', '!!!'],
      ['word', 'boycott'],
      ['emoji', '😡'],
      ['emoji', ':('],
      ['word', "c'est"],
      ['emoji', '❤️'],
    ]);
    expect(tokens[0]!.caps).toBe(true);
    expect(tokens[2]!.hashtag).toBe(true);
  });
});

describe('language detection on short texts', () => {
  it.each([
    ['jsp si je prends le bleu', 'fr'],
    ['slt vs livrez quand', 'fr'],
    ['the delivery was late again', 'en'],
    ['ngl this is mid', 'en'],
    ['👍', 'fr'], // nothing to go on: the audience is mostly French
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});

describe('lexicon: crisis vocabulary, slang, SMS French', () => {
  it.each([
    ['Franchement une arnaque ce forfait', 'negative'],
    ['Remboursez-nous maintenant', 'negative'],
    ['Je vais porter plainte', 'negative'],
    ['Full refund or I go to the press, this is fraud', 'negative'],
    ['Plus jamais chez eux', 'negative'],
    ['Never again with this airline', 'negative'],
    ['Leur nouveau burger est une tuerie', 'positive'],
    ['Ce jeu est une dinguerie', 'positive'],
    ['c relou ce bug', 'negative'],
    ['this drop slaps', 'positive'],
  ])('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });
});

describe('negation scope', () => {
  it('flips what follows within a few words', () => {
    expect(label('Je ne suis pas satisfait')).toBe('negative');
    expect(label('Not happy with the service')).toBe('negative');
    expect(label('Jamais déçue par cette marque')).toBe('positive');
  });

  it('knows the litotes: "pas mal" is good, "pas terrible" / "pas top" / "not great" are not', () => {
    expect(label('Pas mal, le nouveau menu')).toBe('positive');
    expect(label('Pas terrible, le nouveau menu')).toBe('negative');
    expect(label('Pas top, le nouveau menu')).toBe('negative');
    expect(label('The new menu is not bad')).toBe('positive');
    expect(label('The new menu is not great')).toBe('negative');
  });

  it('stops at punctuation and at "mais" / "but"', () => {
    expect(label("Pas d'accord avec vous. Super équipe quand même")).toBe('positive');
    expect(analyzeSentiment('Not cheap but excellent').score).toBeGreaterThan(0);
  });
});

describe('intensity', () => {
  it('intensifiers, caps and repeated exclamation marks make a feeling stronger', () => {
    const plain = analyzeSentiment('Service décevant').score;
    expect(analyzeSentiment('Service vraiment très décevant').score).toBeLessThan(plain);
    expect(analyzeSentiment('Service DÉCEVANT').score).toBeLessThan(plain);
    expect(analyzeSentiment('Service décevant !!!').score).toBeLessThan(plain);
  });

  it('diminishers make it weaker', () => {
    expect(analyzeSentiment('un peu déçu').score).toBeGreaterThan(analyzeSentiment('déçu').score);
  });
});

describe('emojis, emoticons and hashtags', () => {
  it.each([
    ['😡😡', 'negative'],
    ['🤮', 'negative'],
    ['😍🔥', 'positive'],
    [':(', 'negative'],
    ['<3 <3', 'positive'],
    ['Encore en retard #fail', 'negative'],
    ['Soirée au top #love', 'positive'],
    ['#boycott', 'negative'],
  ])('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });
});

describe('sarcasm cues', () => {
  it.each([
    ['Merci pour cette coupure de courant de 6 heures 👏'],
    ['Bravo, encore une panne 🙃'],
    ['Super, encore 2h de retard'],
    ['Thanks for nothing'],
    ['Great, another outage this week'],
  ])('%s is negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it('leaves sincere thanks alone, and a negated bad situation is not one', () => {
    expect(label('Merci pour votre aide rapide')).toBe('positive');
    expect(label('Pas un seul retard cette semaine, bravo')).toBe('positive');
  });
});

describe('questions and reported speech', () => {
  it('an information request with a strong word stays neutral', () => {
    expect(label('Comment obtenir un remboursement ?')).toBe('neutral');
    expect(label('Est-ce que la garantie couvre la casse ?')).toBe('neutral');
  });

  it('what someone else says is not the author’s feeling', () => {
    expect(label('Ma sœur dit que c’est nul, je verrai')).toBe('neutral');
  });

  it('a plain question without feeling is neutral', () => {
    expect(label('Vous livrez en Suisse ?')).toBe('neutral');
    expect(label('Do you ship to Ireland?')).toBe('neutral');
  });
});

describe('result', () => {
  it('gives a score between −1 and 1 with the sign of the label, and the language', () => {
    const result = analyzeSentiment('Arnaque totale !!!');
    expect(result.label).toBe('negative');
    expect(result.score).toBeLessThan(0);
    expect(result.score).toBeGreaterThanOrEqual(-1);
    expect(result.lang).toBe('fr');
    expect(analyzeSentiment('Love it', 'en')).toMatchObject({ label: 'positive', lang: 'en' });
  });
});
