import { describe, expect, it } from 'vitest';
import type { MediaRef } from '../../../../shared/domain/publishing/publisher.ts';
import {
  tagLinks,
  validateForNetwork,
  xWeightedLength,
} from '../../../../shared/domain/publishing/validation.ts';

const image: MediaRef = { url: 'https://cdn.example.com/a.jpg', kind: 'image' };
const video: MediaRef = { url: 'https://cdn.example.com/a.mp4', kind: 'video' };
const post = (text: string, media: MediaRef[] = [], links: string[] = []) => ({ text, media, links });

describe('X weighted length', () => {
  it('counts Latin text 1 per character, CJK 2, an emoji 2 even as a ZWJ sequence, a URL 23', () => {
    expect(xWeightedLength('Bonjour à tous')).toBe(14);
    expect(xWeightedLength('日本語')).toBe(6);
    expect(xWeightedLength('👍')).toBe(2);
    expect(xWeightedLength('👨‍👩‍👧‍👦')).toBe(2);
    expect(xWeightedLength('🇫🇷')).toBe(2);
    expect(xWeightedLength('Voir https://example.com/une/tres/longue/adresse?avec=des&parametres=1')).toBe(
      5 + 23,
    );
    // General punctuation (curly quotes, dashes) is light; NFC makes e + combining accent one character.
    expect(xWeightedLength('“—”')).toBe(3);
    expect(xWeightedLength('e\u0301')).toBe(1);
  });

  it('accepts 280 and refuses 281 with the count in the reason', () => {
    expect(validateForNetwork('x', post('a'.repeat(280)))).toEqual({ ok: true });
    expect(validateForNetwork('x', post(`${'a'.repeat(279)}😀`))).toEqual({
      ok: false,
      problems: ['x: 281 weighted characters, at most 280'],
    });
    expect(validateForNetwork('x', post('日'.repeat(141))).ok).toBe(false);
    // 257 characters + a long URL counted as 23 = 280.
    expect(
      validateForNetwork('x', post(`${'a'.repeat(256)} https://example.com/${'x'.repeat(200)}`)),
    ).toEqual({ ok: true });
  });

  it('takes at most 4 images or one video, not both', () => {
    expect(validateForNetwork('x', post('hi', [image, image, image, image, image]))).toEqual({
      ok: false,
      problems: ['x: 5 images, at most 4'],
    });
    expect(validateForNetwork('x', post('hi', [image, video]))).toEqual({
      ok: false,
      problems: ['x: images and a video cannot be mixed in one post'],
    });
  });
});

describe('validation per network', () => {
  it('instagram: 2,200 characters, 30 hashtags, 20 mentions, and media required', () => {
    expect(validateForNetwork('instagram', post('a'.repeat(2304), [image]))).toEqual({
      ok: false,
      problems: ['instagram: 2,304 characters, at most 2,200'],
    });
    const tags = Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' ');
    expect(validateForNetwork('instagram', post(tags, [image]))).toEqual({
      ok: false,
      problems: ['instagram: 31 hashtags, at most 30'],
    });
    const mentions = Array.from({ length: 21 }, (_, i) => `@ami${i}`).join(' ');
    expect(validateForNetwork('instagram', post(mentions, [image]))).toEqual({
      ok: false,
      problems: ['instagram: 21 @mentions, at most 20'],
    });
    expect(validateForNetwork('instagram', post('Bonjour'))).toEqual({
      ok: false,
      problems: ['instagram: needs an image or a video, the publication has no media'],
    });
    expect(validateForNetwork('instagram', post('Carrousel', Array(11).fill(image)))).toEqual({
      ok: false,
      problems: ['instagram: 11 images, at most 10', 'instagram: 11 media items, at most 10'],
    });
    // An email address or a URL fragment is not a hashtag or a mention.
    expect(
      validateForNetwork('instagram', post('contact@maison.fr #ok https://x.fr/#top', [image, video])),
    ).toEqual({
      ok: true,
    });
  });

  it('instagram: JPEG images only, judged by the extension when the URL has one', () => {
    const png = { url: 'https://cdn.example.com/a.PNG?v=2', kind: 'image' as const };
    const noExtension = { url: 'https://cdn.example.com/media/123', kind: 'image' as const };
    expect(validateForNetwork('instagram', post('a', [image, png, noExtension]))).toEqual({
      ok: false,
      problems: ['instagram: image 2 is .png, the API takes JPEG only'],
    });
  });

  it('linkedin: 3,000 characters (code points, so an emoji is one)', () => {
    expect(validateForNetwork('linkedin', post('😀'.repeat(3000)))).toEqual({ ok: true });
    expect(validateForNetwork('linkedin', post('a'.repeat(3001)))).toEqual({
      ok: false,
      problems: ['linkedin: 3,001 characters, at most 3,000'],
    });
  });

  it('facebook: 63,206 characters, photos or one video', () => {
    expect(validateForNetwork('facebook', post('a'.repeat(63_206), [image, image, image]))).toEqual({
      ok: true,
    });
    expect(validateForNetwork('facebook', post('a'.repeat(63_207)))).toEqual({
      ok: false,
      problems: ['facebook: 63,207 characters, at most 63,206'],
    });
    expect(validateForNetwork('facebook', post('a', [video, video])).ok).toBe(false);
  });

  it('tiktok: media required; a video caption up to 2,200, a photo post description up to 4,000', () => {
    expect(validateForNetwork('tiktok', post('Danse')).ok).toBe(false);
    expect(validateForNetwork('tiktok', post('a'.repeat(2201), [video]))).toEqual({
      ok: false,
      problems: ['tiktok: 2,201 characters (UTF-16 units), at most 2,200'],
    });
    expect(validateForNetwork('tiktok', post('a'.repeat(4000), [image, image]))).toEqual({ ok: true });
    expect(validateForNetwork('tiktok', post('a', Array(36).fill(image)))).toEqual({
      ok: false,
      problems: ['tiktok: 36 images, at most 35'],
    });
  });

  it('youtube: one video; title (first line) up to 100 characters; description 5,000 bytes without < >', () => {
    expect(validateForNetwork('youtube', post('Titre\nDescription', [video]))).toEqual({ ok: true });
    expect(validateForNetwork('youtube', post(`${'t'.repeat(101)}\n<b>`, [image]))).toEqual({
      ok: false,
      problems: [
        'youtube: 101 characters in the title (first line), at most 100',
        'youtube: the text may not contain < or >',
        'youtube: images are not accepted, only a video',
      ],
    });
    // 2,000 × "é" = 4,000 bytes in UTF-8, plus the title line.
    expect(validateForNetwork('youtube', post(`Titre\n${'é'.repeat(2500)}`, [video]))).toEqual({
      ok: false,
      problems: ['youtube: 5,006 bytes in the description, at most 5,000'],
    });
  });

  it('refuses empty posts, media that is not a public https URL and links that are not web URLs', () => {
    expect(validateForNetwork('x', post('  '))).toEqual({ ok: false, problems: ['x: the post is empty'] });
    expect(
      validateForNetwork(
        'facebook',
        post('a', [{ url: 'http://cdn.example.com/a.jpg', kind: 'image' }], ['ftp://x']),
      ),
    ).toEqual({
      ok: false,
      problems: [
        'facebook: media 1 is not a public https URL (http://cdn.example.com/a.jpg)',
        'facebook: the link ftp://x is not an http(s) URL',
      ],
    });
  });
});

describe('UTM tagging', () => {
  it('adds source, medium and campaign to the links and replaces them in the text', () => {
    const result = tagLinks(
      'Nouveautés : https://maison.fr/collection. Et https://maison.fr/collection !',
      ['https://maison.fr/collection'],
      { network: 'instagram', campaign: 'hiver-2026', pillar: 'produit' },
    );
    const tagged =
      'https://maison.fr/collection?utm_source=instagram&utm_medium=social&utm_campaign=hiver-2026';
    expect(result).toEqual({ text: `Nouveautés : ${tagged}. Et ${tagged} !`, links: [tagged] });
  });

  it('uses the pillar without a campaign, and no campaign without either', () => {
    expect(tagLinks('', ['https://maison.fr/a'], { network: 'x', pillar: 'marque' }).links).toEqual([
      'https://maison.fr/a?utm_source=x&utm_medium=social&utm_campaign=marque',
    ]);
    expect(tagLinks('', ['https://maison.fr/a'], { network: 'x' }).links).toEqual([
      'https://maison.fr/a?utm_source=x&utm_medium=social',
    ]);
  });

  it('keeps existing query parameters and the fragment', () => {
    expect(
      tagLinks('', ['https://maison.fr/a?ref=1#avis'], { network: 'linkedin', campaign: 'c' }).links,
    ).toEqual(['https://maison.fr/a?ref=1&utm_source=linkedin&utm_medium=social&utm_campaign=c#avis']);
  });

  it('leaves a link that already has utm parameters as it is, in the text too', () => {
    const link = 'https://maison.fr/a?UTM_Source=newsletter';
    expect(tagLinks(`Lire ${link}`, [link], { network: 'x', campaign: 'c' })).toEqual({
      text: `Lire ${link}`,
      links: [link],
    });
  });

  it('does not touch URLs of the text that are not the publication’s links', () => {
    const result = tagLinks(
      'Partenaire : https://partenaire.fr et https://maison.fr',
      ['https://maison.fr'],
      {
        network: 'facebook',
        campaign: 'c',
      },
    );
    expect(result.text).toBe(
      'Partenaire : https://partenaire.fr et https://maison.fr/?utm_source=facebook&utm_medium=social&utm_campaign=c',
    );
  });
});
