/** A token of a social media comment. Words are folded: lower case, no accents, elongations squeezed. */
export interface Token {
  kind: 'word' | 'emoji' | 'punct';
  /** Folded word, emoji/emoticon, or punctuation run. */
  value: string;
  /** All capitals in the original (at least three letters): shouting. */
  caps: boolean;
  hashtag: boolean;
  /** Has a French diacritic in the original ("à", "été"): a language cue that folding erases. */
  accented: boolean;
}

// Order matters: emoticons before punctuation, words with inner apostrophes and hyphens.
const TOKEN =
  /(<3|[:;]-?[)(DPp/\\]|\^\^|\bx[dD]\b)|(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{Emoji_Modifier})*)|(#?[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*)|([!?.,;:…]+)/gu;

const FRENCH_DIACRITIC = /[àâçéèêëîïôûùœ]/i;

export function fold(word: string): string {
  return word
    .toLowerCase()
    .replace(/’/g, "'")
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/(\p{L})\1{2,}/gu, '$1');
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [, emoticon, emoji, word, punct] = match;
    if (emoticon)
      tokens.push({
        kind: 'emoji',
        value: emoticon.toLowerCase() === 'xd' ? 'xd' : emoticon,
        caps: false,
        hashtag: false,
        accented: false,
      });
    else if (emoji)
      tokens.push({
        kind: 'emoji',
        value: emoji.replace(/\uFE0F/g, '') === '❤' ? '❤️' : emoji,
        caps: false,
        hashtag: false,
        accented: false,
      });
    else if (word) {
      const hashtag = word.startsWith('#');
      const bare = hashtag ? word.slice(1) : word;
      tokens.push({
        kind: 'word',
        value: fold(bare),
        caps: bare.length >= 3 && /\p{Lu}/u.test(bare) && bare === bare.toUpperCase() && !/\d/.test(bare),
        hashtag,
        accented: FRENCH_DIACRITIC.test(bare),
      });
    } else if (punct)
      tokens.push({ kind: 'punct', value: punct, caps: false, hashtag: false, accented: false });
  }
  return tokens;
}
