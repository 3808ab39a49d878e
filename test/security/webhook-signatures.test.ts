import { describe, expect, it } from 'vitest';
import {
  expectNoTrace,
  META_SECRET,
  mentionBody,
  metaSignature,
  signedStandard,
  useTarget,
} from './harness.ts';

const target = useTarget();
const post = async (source: string, headers: Record<string, string>, body: string) =>
  (await fetch(`${target.http.url}/webhooks/${source}`, { method: 'POST', headers, body })).status;

describe('signature bypass attempts on the webhook route', () => {
  const body = mentionBody('bypass-1');

  it.each([
    ['no signature headers at all', () => ({ 'content-type': 'application/json' })],
    ['an empty signature', () => ({ ...signedStandard('bypass-1', body), 'webhook-signature': '' })],
    [
      'an empty id and timestamp',
      () => ({ ...signedStandard('bypass-1', body), 'webhook-id': '', 'webhook-timestamp': '' }),
    ],
    [
      'another algorithm than v1 (same digest, labelled v1a)',
      () => {
        const headers = signedStandard('bypass-1', body);
        return { ...headers, 'webhook-signature': headers['webhook-signature']!.replace(/^v1,/, 'v1a,') };
      },
    ],
    [
      'an asymmetric v1a signature that is not one',
      () => ({
        ...signedStandard('bypass-1', body),
        'webhook-signature': `v1a,${Buffer.alloc(64).toString('base64')}`,
      }),
    ],
    [
      'another source’s secret (Meta’s app secret as a Standard Webhooks key)',
      () =>
        signedStandard('bypass-1', body, `whsec_${Buffer.from(META_SECRET.appSecret).toString('base64')}`),
    ],
    [
      'a captured body replayed with a new timestamp (old signature kept)',
      () => {
        const captured = signedStandard('bypass-1', body, undefined, new Date(Date.now() - 3_600_000));
        return { ...captured, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
      },
    ],
    [
      'a captured delivery replayed an hour later, untouched',
      () => signedStandard('bypass-1', body, undefined, new Date(Date.now() - 3_600_000)),
    ],
    ['a valid signature over another body', () => signedStandard('bypass-1', mentionBody('something-else'))],
  ])('standard route: %s → 401, no trace', async (_name, headers) => {
    await expectNoTrace(target, async () => {
      expect(await post('standard', headers(), body)).toBe(401);
    });
  });

  it.each([
    ['no X-Hub-Signature-256', () => ({ 'content-type': 'application/json' })],
    ['an empty one', () => ({ 'content-type': 'application/json', 'x-hub-signature-256': '' })],
    [
      'SHA-1 instead of SHA-256 (X-Hub-Signature style)',
      (body: string) => ({
        'content-type': 'application/json',
        'x-hub-signature-256': metaSignature(body).replace('sha256=', 'sha1='),
      }),
    ],
    [
      'the standard source’s secret',
      (body: string) => ({
        'content-type': 'application/json',
        'x-hub-signature-256': metaSignature(body, 'whsec_x'),
      }),
    ],
  ])('meta route: %s → 401, no trace', async (_name, headers) => {
    const metaBody = JSON.stringify({ object: 'page', entry: [] });
    await expectNoTrace(target, async () => {
      expect(await post('meta', headers(metaBody), metaBody)).toBe(401);
    });
  });

  it('a source that is not enabled, or a path that tries to leave the route, finds nothing (404)', async () => {
    await expectNoTrace(target, async () => {
      expect(await post('tiktok', signedStandard('x', body), body)).toBe(404);
      expect(await post('..%2F..%2Fmentions', signedStandard('x', body), body)).toBe(404);
      expect(await post('standard%00', signedStandard('x', body), body)).toBe(404);
    });
  });

  it('the control: the same delivery correctly signed is accepted (202)', async () => {
    const good = mentionBody('bypass-ok');
    expect(await post('standard', signedStandard('bypass-ok', good), good)).toBe(202);
  });
});

describe('oversized and deeply nested JSON', () => {
  it('a body over 256 KB → 413 (signed or not), no trace', async () => {
    const big = JSON.stringify({ type: 'mention', padding: 'x'.repeat(300 * 1024) });
    await expectNoTrace(target, async () => {
      expect(await post('standard', signedStandard('big', big), big)).toBe(413);
      expect(await post('standard', { 'content-type': 'application/json' }, big)).toBe(413);
    });
  });

  it('a body over the server’s read limit is cut off with 413', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    await expectNoTrace(target, async () => {
      expect(await post('standard', { 'content-type': 'application/json' }, huge)).toBe(413);
    });
  });

  it('JSON nested 100,000 deep → 400 when signed, 401 when not; the function survives', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    await expectNoTrace(target, async () => {
      expect(await post('standard', signedStandard('deep-1', deep), deep)).toBe(400);
      expect(await post('standard', signedStandard('deep-2', deepObject), deepObject)).toBe(400);
      const nestedData = `{"type":"mention","timestamp":"${new Date().toISOString()}","data":${deepObject}}`;
      expect(await post('standard', signedStandard('deep-3', nestedData), nestedData)).toBe(400);
      expect(await post('standard', { 'content-type': 'application/json' }, deep)).toBe(401);
    });
    const after = mentionBody('after-deep');
    expect(await post('standard', signedStandard('after-deep', after), after)).toBe(202);
  });
});
