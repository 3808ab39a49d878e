import type { Token } from './tokenize.ts';

export type Language = 'fr' | 'en';

/** Frequent words and SMS spellings that give a short text away. */
const FRENCH = new Set(
  `le la les un une des du de et est c'est je tu il elle nous vous ils on pas ne plus tres trop pour avec sans dans sur que qui quoi
  mais ou donc ca ce cette mon ma mes ton votre vos notre merci bonjour encore toujours jamais rien aucun deja aussi bien
  jsp mdr ptdr slt bcp pk pq chui jsuis g c koi tjrs wsh frr grave ouf genre bref j'ai j'adore c'etait
  au aux chez ces son sa ses leur leurs moi toi lui ici quand comme fait depuis apres avant`.split(/\s+/),
);
const ENGLISH = new Set(
  `the a an and is are was were i you he she we they it this that not no never to of in on for with my your our at be
  have has had do does did don't can't won't it's i'm what why how when who just really so very thanks thank please
  ngl tbh lol lmao smh wtf fr idk omg
  him her them their from out up about again still got get been will would could should there
  someone else's order received`.split(/\s+/),
);

/** French or English, from the words of a (short) text; French when unsure, as most of the audience is. */
export function detectLanguageOfTokens(tokens: readonly Token[]): Language {
  let french = 0;
  let english = 0;
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    // "à" folds to "a", an English word: the accent decides.
    if (token.accented) {
      french += 1;
      continue;
    }
    if (FRENCH.has(token.value)) french += 1;
    if (ENGLISH.has(token.value)) english += 1;
  }
  return english > french ? 'en' : 'fr';
}
