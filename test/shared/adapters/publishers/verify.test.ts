import { describe, expect, it } from 'vitest';
import { findAmongRecent, timeOf } from '../../../../shared/adapters/publishers/verify.ts';
import type { PublishRequest } from '../../../../shared/domain/publishing/publisher.ts';

const NOW = new Date('2026-12-01T09:00:00Z');
const request: PublishRequest = {
  publicationId: 'p',
  network: 'facebook',
  text: 'Bonjour',
  media: [],
  links: [],
  idempotencyKey: 'p:facebook:1',
  attempt: 1,
  firstSentAt: '2026-12-01T08:59:00Z',
};
const same = (text: string | undefined) => text === 'Bonjour';

describe('finding a sent post among the recent ones', () => {
  it('finds a same-text post created since the first send (5 minutes of clock skew allowed)', () => {
    const posts = [
      { id: 'old', text: 'Bonjour', createdAt: Date.parse('2026-11-01T09:00:00Z') },
      {
        id: 'new',
        text: 'Bonjour',
        createdAt: Date.parse('2026-12-01T08:55:00Z'),
        permalink: 'https://p/new',
      },
    ];
    expect(findAmongRecent(posts, request, NOW, same)).toEqual({
      kind: 'found',
      externalId: 'new',
      permalink: 'https://p/new',
    });
  });

  it('is absent when the only same-text post is older (an evergreen repeat), cannot tell without a time', () => {
    expect(findAmongRecent([{ id: 'old', text: 'Bonjour', createdAt: 0 }], request, NOW, same)).toEqual({
      kind: 'absent',
    });
    expect(findAmongRecent([{ id: 'x', text: 'Bonjour' }], request, NOW, same).kind).toBe('cannot-tell');
    expect(
      findAmongRecent([{ id: 'y', text: 'Autre', createdAt: NOW.getTime() }], request, NOW, same),
    ).toEqual({
      kind: 'absent',
    });
  });

  it('looks back a day when the first send’s time is not known', () => {
    const { firstSentAt, ...withoutTime } = request;
    const yesterdayMorning = { id: 'y', text: 'Bonjour', createdAt: Date.parse('2026-11-30T10:00:00Z') };
    expect(findAmongRecent([yesterdayMorning], withoutTime, NOW, same).kind).toBe('found');
    expect(
      findAmongRecent(
        [{ ...yesterdayMorning, createdAt: Date.parse('2026-11-29T10:00:00Z') }],
        withoutTime,
        NOW,
        same,
      ).kind,
    ).toBe('absent');
  });

  it('reads Graph, ISO and epoch times', () => {
    expect(timeOf('2026-12-01T09:00:00+0000')).toBe(NOW.getTime());
    expect(timeOf('2026-12-01T09:00:00.000Z')).toBe(NOW.getTime());
    expect(timeOf(NOW.getTime())).toBe(NOW.getTime());
    expect(timeOf(undefined)).toBeUndefined();
    expect(timeOf('not a time')).toBeUndefined();
  });
});
