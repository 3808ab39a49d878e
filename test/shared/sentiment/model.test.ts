import { describe, expect, it } from 'vitest';
import { trainingCorpus } from '../../../bench/train-sentiment.ts';
import { analyze } from '../../../shared/sentiment/analyzer.ts';
import { analyzeSentiment } from '../../../shared/sentiment/index.ts';
import { MODEL } from '../../../shared/sentiment/model.ts';
import { folds, nearDuplicates, normalizeText, train } from '../../../shared/sentiment/training.ts';

describe('the learned model', () => {
  it('is what bench/train-sentiment.ts trains from the committed corpus with its settings', () => {
    const lines = trainingCorpus();
    const retrained = train(lines, {
      options: MODEL.options,
      negativeBias: MODEL.negativeBias,
      ...MODEL.training,
    });
    expect(retrained).toEqual(MODEL);
  });

  it('drops training lines that repeat a held-out one, accents, case and punctuation aside', () => {
    const heldOut = [{ id: 't1', text: 'Toujours pas de réponse…', lang: 'fr', label: 'negative' } as const];
    const candidates = [
      { id: 'a', text: 'toujours PAS de reponse !', lang: 'fr', label: 'negative' } as const,
      { id: 'b', text: 'Toujours pas de réponse, rien', lang: 'fr', label: 'negative' } as const,
      { id: 'c', text: 'Réponse rapide, merci', lang: 'fr', label: 'positive' } as const,
    ];
    expect(normalizeText('Déçu… VRAIMENT !')).toBe('decu vraiment');
    // "b": 4 shared words of 5, Jaccard 0.8 exactly, is kept; "a" is the same text.
    expect(nearDuplicates(candidates, heldOut).map((line) => line.id)).toEqual(['a']);
  });

  it('folds are stratified by language and label, and fixed by the seed', () => {
    const lines = Array.from({ length: 20 }, (_, i) => ({
      id: `line-${i}`,
      text: '',
      lang: i % 2 ? ('fr' as const) : ('en' as const),
      label: i < 10 ? ('negative' as const) : ('positive' as const),
    }));
    const assigned = folds(lines, 5, 7);
    expect(folds(lines, 5, 7)).toEqual(assigned);
    for (const lang of ['fr', 'en'])
      for (const label of ['negative', 'positive']) {
        const stratum = assigned.filter((_, i) => lines[i]!.lang === lang && lines[i]!.label === label);
        expect(stratum.sort()).toEqual([0, 1, 2, 3, 4]);
      }
  });

  // Training lines (dev and train) the lexicon alone gets wrong: complaints and praise without a feeling word,
  // sarcasm without a cue, strong words in a neutral text.
  it.each([
    ["Payé l'embarquement prioritaire, embarqué en dernier", 'neutral', 'negative'],
    ['Réservé une chambre vue mer, on a eu vue sur le parking', 'neutral', 'negative'],
    ["Réservé sur le site à 89 €, facturé 124 € à l'arrivée", 'neutral', 'negative'],
    ['Tracking says delivered. My letterbox says otherwise', 'neutral', 'negative'],
    ["J'adore payer pour avoir le droit de retirer mon propre argent", 'positive', 'negative'],
    ["Chauffeur à l'heure, voiture propre, bouteille d'eau offerte", 'neutral', 'positive'],
    ['Customer for life after this', 'neutral', 'positive'],
    ['How to spot a phishing scam pretending to be your bank', 'negative', 'neutral'],
  ])('%s: lexicon alone %s, with the model %s', (text, lexicon, withModel) => {
    expect(analyze(text).label).toBe(lexicon);
    expect(analyzeSentiment(text).label).toBe(withModel);
  });

  it('keeps the result type: a label, a score from −1 to 1 of the same sign, the language', () => {
    for (const text of ['Arnaque totale', 'Livraison mardi', 'Super équipe, merci', 'Still waiting']) {
      const result = analyzeSentiment(text);
      expect(Math.abs(result.score)).toBeLessThanOrEqual(1);
      if (result.label === 'negative') expect(result.score).toBeLessThan(0);
      if (result.label === 'positive') expect(result.score).toBeGreaterThan(0);
    }
    expect(analyzeSentiment('Still waiting for my refund').lang).toBe('en');
    expect(analyzeSentiment('Still waiting', 'fr').lang).toBe('fr');
  });
});
