import { describe, expect, it } from 'vitest';
import { prepareSend } from '../../../../shared/domain/publishing/prepare.ts';
import type { Publication } from '../../../../shared/domain/publishing/publication.ts';

const publication: Publication = {
  publicationId: 'pub-9',
  text: 'Les soldes commencent https://maison.fr/soldes',
  variants: { x: 'Soldes ! https://maison.fr/soldes #soldes' },
  media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image' }],
  links: ['https://maison.fr/soldes'],
  pillar: 'promo',
  campaign: 'soldes-hiver',
  networks: ['x', 'instagram', 'youtube'],
  timeZone: 'Europe/Paris',
  author: 'camille@maison.fr',
  state: 'approved',
  outcomes: {},
  version: 3,
  createdAt: '2026-12-01T08:00:00Z',
  updatedAt: '2026-12-01T08:00:00Z',
};

describe('prepareSend', () => {
  it('takes the network’s variant, tags its links and keys the send by publication, network and window', () => {
    expect(prepareSend(publication, 'x', 2)).toEqual({
      ok: true,
      request: {
        publicationId: 'pub-9',
        network: 'x',
        text: 'Soldes ! https://maison.fr/soldes?utm_source=x&utm_medium=social&utm_campaign=soldes-hiver #soldes',
        media: publication.media,
        links: ['https://maison.fr/soldes?utm_source=x&utm_medium=social&utm_campaign=soldes-hiver'],
        idempotencyKey: 'pub-9:x:2',
      },
    });
    const instagram = prepareSend(publication, 'instagram');
    expect(instagram.ok && instagram.request.text).toBe(
      'Les soldes commencent https://maison.fr/soldes?utm_source=instagram&utm_medium=social&utm_campaign=soldes-hiver',
    );
    expect(instagram.ok && instagram.request.idempotencyKey).toBe('pub-9:instagram:1');
  });

  it('fails early with the network’s reasons, counted on the tagged text', () => {
    expect(prepareSend(publication, 'youtube')).toEqual({
      ok: false,
      problems: [
        'youtube: 109 characters in the title (first line), at most 100',
        'youtube: images are not accepted, only a video',
      ],
    });
  });
});
