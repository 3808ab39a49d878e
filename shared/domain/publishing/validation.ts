import type { Network } from '../../config/client-config.ts';
import type { MediaRef } from './publisher.ts';

/**
 * What each network accepts, checked before anything is sent so that a post fails early with a
 * reason a person can act on, instead of as a network's 400 at the slot. Limits are the documented
 * ones (sources in docs/publishing.md, "Sending").
 */
export interface PostContent {
  text: string;
  media: readonly MediaRef[];
  links: readonly string[];
}

export type Validation = { ok: true } | { ok: false; problems: string[] };

const numbers = new Intl.NumberFormat('en-US');
const count = (value: number) => numbers.format(value);

/** http(s) URLs as they appear in post texts. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/giu;
const TRAILING_PUNCTUATION = '.,;:!?)]}»"\'’';

export function urlsInText(text: string): { url: string; index: number }[] {
  return [...text.matchAll(URL_IN_TEXT)].map((match) => ({
    url: withoutTrailingPunctuation(match[0]),
    index: match.index,
  }));
}

/** Punctuation after a link is the sentence's, except a closing parenthesis the link opened (Wikipedia). */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(url[end - 1]!)) {
    const head = url.slice(0, end);
    const opened = head.split('(').length - 1;
    const closed = head.split(')').length - 1;
    if (url[end - 1] === ')' && closed <= opened) break;
    end--;
  }
  return url.slice(0, end);
}

/**
 * X's weighted length (twitter-text configuration v3): the text is NFC-normalized; code points in
 * U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weigh 1, every other code point 2
 * (CJK, most symbols); an emoji, even a sequence joined by ZWJ, weighs 2; every URL weighs 23.
 */
export function xWeightedLength(text: string): number {
  const normalized = text.normalize('NFC');
  let length = 0;
  let from = 0;
  for (const { url, index } of urlsInText(normalized)) {
    length += weightOfPlainText(normalized.slice(from, index)) + 23;
    from = index + url.length;
  }
  return length + weightOfPlainText(normalized.slice(from));
}

function weightOfPlainText(text: string): number {
  let length = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (EMOJI.test(segment)) length += 2;
    else for (const char of segment) length += weightOf(char.codePointAt(0)!);
  }
  return length;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** An emoji as twitter-text parses them: emoji presentation, a flag (two regional indicators), a keycap. */
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}{2}|\u20E3/u;
const LIGHT_RANGES: readonly [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

function weightOf(codePoint: number): number {
  return LIGHT_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end) ? 1 : 2;
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.]+/gu;

interface MediaRules {
  required: boolean;
  /** At most this many images (0: none accepted). */
  maxImages: number;
  maxVideos: number;
  /** Images and a video in the same post. */
  mixed: boolean;
  /** At most this many items in all (Instagram's carousel). */
  maxItems?: number;
}

interface NetworkRules {
  media: MediaRules;
  check(content: PostContent): string[];
}

const characters = (text: string) => [...text].length;

function atMost(network: Network, what: string, actual: number, limit: number): string[] {
  return actual > limit ? [`${network}: ${count(actual)} ${what}, at most ${count(limit)}`] : [];
}

export const networkRules: Record<Network, NetworkRules> = {
  x: {
    media: { required: false, maxImages: 4, maxVideos: 1, mixed: false },
    check: ({ text }) => atMost('x', 'weighted characters', xWeightedLength(text), 280),
  },
  linkedin: {
    media: { required: false, maxImages: 20, maxVideos: 1, mixed: false },
    check: ({ text }) => atMost('linkedin', 'characters', characters(text), 3000),
  },
  instagram: {
    media: { required: true, maxImages: 10, maxVideos: 10, mixed: true, maxItems: 10 },
    check: ({ text, media }) => [
      ...atMost('instagram', 'characters', characters(text), 2200),
      ...atMost('instagram', 'hashtags', text.match(HASHTAG)?.length ?? 0, 30),
      ...atMost('instagram', '@mentions', text.match(MENTION)?.length ?? 0, 20),
      // The Content Publishing API takes JPEG images only; judged by the extension when there is one.
      ...media.flatMap((item, index) => {
        const extension = item.kind === 'image' ? extensionOf(item.url) : undefined;
        return extension && !['jpg', 'jpeg'].includes(extension)
          ? [`instagram: image ${index + 1} is .${extension}, the API takes JPEG only`]
          : [];
      }),
    ],
  },
  facebook: {
    media: { required: false, maxImages: Number.POSITIVE_INFINITY, maxVideos: 1, mixed: false },
    check: ({ text }) => atMost('facebook', 'characters', characters(text), 63_206),
  },
  tiktok: {
    media: { required: true, maxImages: 35, maxVideos: 1, mixed: false },
    // A video's caption is its title (2,200 UTF-16 units); a photo post's text is its description (4,000).
    check: ({ text, media }) =>
      media.some((item) => item.kind === 'video')
        ? atMost('tiktok', 'characters (UTF-16 units)', text.length, 2200)
        : atMost('tiktok', 'characters (UTF-16 units)', text.length, 4000),
  },
  youtube: {
    media: { required: true, maxImages: 0, maxVideos: 1, mixed: false },
    // The first line is the video's title, the whole text its description.
    check: ({ text }) => {
      const title = text.split('\n', 1)[0]!.trim();
      return [
        ...(title ? [] : ['youtube: the first line is the video title and it is empty']),
        ...atMost('youtube', 'characters in the title (first line)', characters(title), 100),
        ...atMost('youtube', 'bytes in the description', Buffer.byteLength(text, 'utf8'), 5000),
        ...(/[<>]/.test(text) ? ['youtube: the text may not contain < or >'] : []),
      ];
    },
  },
};

function checkMedia(network: Network, rules: MediaRules, media: readonly MediaRef[]): string[] {
  const problems: string[] = [];
  const images = media.filter((item) => item.kind === 'image').length;
  const videos = media.filter((item) => item.kind === 'video').length;
  if (rules.required && media.length === 0) {
    problems.push(
      `${network}: needs ${rules.maxImages > 0 ? 'an image or a video' : 'a video'}, the publication has no media`,
    );
  }
  if (images > rules.maxImages) {
    problems.push(
      rules.maxImages === 0
        ? `${network}: images are not accepted, only a video`
        : `${network}: ${count(images)} images, at most ${count(rules.maxImages)}`,
    );
  }
  if (videos > rules.maxVideos) problems.push(`${network}: ${videos} videos, at most ${rules.maxVideos}`);
  if (!rules.mixed && images > 0 && videos > 0) {
    problems.push(`${network}: images and a video cannot be mixed in one post`);
  }
  if (rules.maxItems !== undefined && media.length > rules.maxItems) {
    problems.push(`${network}: ${media.length} media items, at most ${rules.maxItems}`);
  }
  for (const [index, item] of media.entries()) {
    if (!isHttpsUrl(item.url)) {
      problems.push(`${network}: media ${index + 1} is not a public https URL (${item.url})`);
    }
  }
  return problems;
}

function extensionOf(value: string): string | undefined {
  try {
    return new URL(value).pathname.match(/\.([a-z0-9]{2,5})$/i)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function isWebUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Every reason this content cannot go out on this network, or ok. */
export function validateForNetwork(network: Network, content: PostContent): Validation {
  const rules = networkRules[network];
  const problems = [
    ...(content.text.trim() === '' && content.media.length === 0 ? [`${network}: the post is empty`] : []),
    ...rules.check(content),
    ...checkMedia(network, rules.media, content.media),
    ...content.links
      .filter((link) => !isWebUrl(link))
      .map((link) => `${network}: the link ${link} is not an http(s) URL`),
  ];
  return problems.length ? { ok: false, problems } : { ok: true };
}

export interface LinkTagging {
  network: Network;
  campaign?: string;
  pillar?: string;
}

/**
 * UTM parameters on the publication's links (`utm_source=<network>&utm_medium=social&
 * utm_campaign=<campaign or pillar>`), unless a link already carries utm parameters; the same links
 * in the text are replaced by their tagged form, so the text and the link list agree.
 */
export function tagLinks(
  text: string,
  links: readonly string[],
  tagging: LinkTagging,
): { text: string; links: string[] } {
  const tagged = new Map(links.map((link) => [link, tagLink(link, tagging)]));
  let result = '';
  let from = 0;
  for (const { url, index } of urlsInText(text)) {
    const replacement = tagged.get(url);
    if (replacement === undefined) continue;
    result += text.slice(from, index) + replacement;
    from = index + url.length;
  }
  return { text: result + text.slice(from), links: links.map((link) => tagged.get(link)!) };
}

function tagLink(link: string, { network, campaign, pillar }: LinkTagging): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link; // not a URL: validation reports it
  }
  if ([...url.searchParams.keys()].some((key) => key.toLowerCase().startsWith('utm_'))) return link;
  url.searchParams.set('utm_source', network);
  url.searchParams.set('utm_medium', 'social');
  const name = campaign ?? pillar;
  if (name) url.searchParams.set('utm_campaign', name);
  return url.toString();
}
