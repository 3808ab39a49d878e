import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORKS } from '../../../../shared/config/client-config.ts';
import {
  tagLinks,
  urlsInText,
  validateForNetwork,
  xWeightedLength,
} from '../../../../shared/domain/publishing/validation.ts';

const network = fc.constantFrom(...NETWORKS);
const link = fc.webUrl({ withQueryParameters: true, withFragments: true });
const words = fc.array(fc.oneof(fc.string(), fc.constantFrom('🙂', '日本', '#tag', '@ami', '(', ')', '.')), {
  maxLength: 20,
});

describe('validation and tagging, for any input', () => {
  it('tagging twice is tagging once, and every tagged link appears in the text where the link was', () => {
    fc.assert(
      fc.property(words, fc.array(link, { minLength: 1, maxLength: 3 }), network, (parts, links, net) => {
        const text = [...parts, ...links].join(' ');
        const once = tagLinks(text, links, { network: net, campaign: 'c' });
        const twice = tagLinks(once.text, once.links, { network: net, campaign: 'c' });
        expect(twice).toEqual(once);
        for (const [index, tagged] of once.links.entries()) {
          expect(/[?&]utm_/i.test(tagged), tagged).toBe(true);
          // A link that does not end like a sentence is found in the text and replaced there.
          if (!/[.,;:!?)\]}'"’»]$/.test(links[index]!)) expect(once.text).toContain(tagged);
        }
      }),
    );
  });

  it('never throws and gives reasons that name the network', () => {
    fc.assert(
      fc.property(
        network,
        fc.string({ maxLength: 400 }),
        fc.array(link, { maxLength: 2 }),
        (net, text, links) => {
          const result = validateForNetwork(net, { text, media: [], links });
          if (!result.ok)
            for (const problem of result.problems) expect(problem.startsWith(`${net}: `)).toBe(true);
        },
      ),
    );
  });

  it('weighs X text at least one per grapheme and at most two per code point, URLs 23', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        fc.pre(urlsInText(text).length === 0);
        const weight = xWeightedLength(text);
        const graphemes = [
          ...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text.normalize('NFC')),
        ];
        expect(weight).toBeGreaterThanOrEqual(graphemes.length);
        expect(weight).toBeLessThanOrEqual(2 * [...text.normalize('NFC')].length);
      }),
    );
    fc.assert(
      fc.property(link, (url) => {
        fc.pre(!/[.,;:!?)\]}'"]$/.test(url)); // the sentence's punctuation, not the link's
        expect(xWeightedLength(`a ${url}`)).toBe(25);
      }),
    );
  });
});
