import { describe, expect, it } from 'vitest';
import { networkOf } from '../../../../shared/domain/ingress/sources/networks.ts';

// Each source has its own test file (tiktok, linkedin, mixpost, postiz, hootsuite, agorapulse…);
// what they share is here.
describe('networks named by the tools', () => {
  it.each([
    ['facebook_page', 'facebook'],
    ['LINKEDINCOMPANY', 'linkedin'],
    ['linkedin-page', 'linkedin'],
    ['linkedin_page', 'linkedin'],
    ['INSTAGRAMBUSINESS', 'instagram'],
    ['instagram-standalone', 'instagram'],
    ['twitter', 'x'],
    ['x', 'x'],
    ['TIKTOKBUSINESS', 'tiktok'],
    ['YOUTUBECHANNEL', 'youtube'],
    ['mastodon', undefined],
    ['threads', undefined],
    ['xing', undefined],
    ['', undefined],
  ])('%s → %s', (name, network) => {
    expect(networkOf(name)).toBe(network);
  });
});
