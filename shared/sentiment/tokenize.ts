/** A token of a social media comment. Words are folded: lower case, no accents, elongations squeezed. */
export interface Token {
  /** `quote`: the opening mark of a short quote not capitalized, scare quotes ("your 'express' delivery"). */
  kind: 'word' | 'emoji' | 'punct' | 'quote';
  /** Folded word, emoji/emoticon, punctuation run, or quotation mark. */
  value: string;
  /** All capitals in the original (at least three letters): shouting. */
  caps: boolean;
  hashtag: boolean;
  /** Has a French diacritic in the original ("à", "été"): a language cue that folding erases. */
  accented: boolean;
  /** Inside a short quote: someone's words, not the author's ("the cake says 'Happy Birthday Mark'"). */
  quoted: boolean;
}

// Order matters: emoticons before punctuation, words with inner apostrophes and hyphens, then the opening
// mark of a short quote that closes before a non-letter ("your 'express' delivery", not "l'express").
const TOKEN =
  /(<3|[:;]-?[)(DPp/\\]|\^\^|\bx[dD]\b)|(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{Emoji_Modifier})*)|(#?[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*)|([!?.,;:…]+)|((?<![\p{L}\p{N}])['‘"“«](?=([^'’"”»\n]{2,40}?)['’"”»](?![\p{L}\p{N}])))/gu;

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
  // Where the current quote closes: tokens before it are quoted.
  let quoteEnd = -1;
  const plain = (kind: Token['kind'], value: string, quoted: boolean): Token => ({
    kind,
    value,
    caps: false,
    hashtag: false,
    accented: false,
    quoted,
  });
  for (const match of text.matchAll(TOKEN)) {
    const [, emoticon, emoji, word, punct, quote, quotedText] = match;
    const quoted = match.index < quoteEnd;
    if (emoticon) tokens.push(plain('emoji', emoticon.toLowerCase() === 'xd' ? 'xd' : emoticon, quoted));
    else if (emoji) tokens.push(plain('emoji', emoji.replace(/\uFE0F/g, '') === '❤' ? '❤️' : emoji, quoted));
    else if (word) {
      const hashtag = word.startsWith('#');
      const bare = hashtag ? word.slice(1) : word;
      tokens.push({
        kind: 'word',
        value: fold(bare),
        caps: bare.length >= 3 && /\p{Lu}/u.test(bare) && bare === bare.toUpperCase() && !/\d/.test(bare),
        hashtag,
        accented: FRENCH_DIACRITIC.test(bare),
        quoted,
      });
    } else if (punct) tokens.push(plain('punct', punct, quoted));
    else if (quote) {
      // A capitalized quote is more likely a name or a title ("le modèle 'Air 3'") than mockery.
      if (!/^\s*\p{Lu}/u.test(quotedText ?? '')) tokens.push(plain('quote', quote, false));
      quoteEnd = match.index + quote.length + (quotedText?.length ?? 0);
    }
  }
  return tokens;
}
