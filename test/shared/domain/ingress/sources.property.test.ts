import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WebhookSource } from '../../../../shared/config/client-config.ts';
import { webhookSources } from '../../../../shared/domain/ingress/sources/index.ts';
import type { WebhookRequest, WebhookSourceAdapter } from '../../../../shared/domain/ingress/webhook.ts';
import { events } from '../../../../shared/events/catalog.ts';

/**
 * Whatever arrives (random bodies, headers, query strings, secrets, clocks), an adapter answers with a
 * verdict, never an exception: an exception would be a 500 and, for senders that retry, a storm. And a
 * body its schema accepts always normalizes to events that satisfy their contracts (else publishing
 * would throw and the sender would retry the same delivery forever).
 */
const adapters = Object.entries(webhookSources) as [WebhookSource, WebhookSourceAdapter][];

const HEADER_NAMES = [
  'content-type',
  'x-hub-signature-256',
  'x-twitter-webhooks-signature',
  'x-li-signature',
  'tiktok-signature',
  'x-signature',
  'x-hook-signature',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
];
const QUERY_KEYS = ['hub.mode', 'hub.verify_token', 'hub.challenge', 'crc_token', 'challengeCode', 'token'];

const tricky = fc.constantFrom(
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  'subscribe',
  'sha256=',
  'hmacsha256=',
  't=1,s=',
  't=,s=abc',
  't=99999999999999999999,s=00',
  `t=1772445600,s=${'0'.repeat(64)}`,
  'v1,',
  '{}',
  '[]',
  'null',
  '\u0000',
  '\ud800',
  '😡',
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }), tricky);
const headers = fc.dictionary(
  fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string()),
  fc.option(text, { nil: undefined }),
);
const query = fc.dictionary(
  fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string()),
  fc.option(text, { nil: undefined }),
);
const secret = fc.oneof(
  text,
  fc.record({ appSecret: text, verifyToken: text }).map((value) => JSON.stringify(value)),
  fc.constantFrom('{"appSecret":"a"}', 'whsec_', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
);
const clock = fc.oneof(fc.date(), fc.constant(new Date(Number.NaN)));

/** Fixture bodies per source (handshake fixtures, which describe a GET, are left out). */
const FIXTURES: Record<string, unknown[]> = Object.fromEntries(
  adapters.map(([source]) => {
    const folder = `test/fixtures/webhooks/${source}`;
    const bodies = readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(`${folder}/${file}`, 'utf8')) as unknown)
      .filter((body) => !(typeof body === 'object' && body !== null && 'method' in body));
    return [source, bodies];
  }),
);

const rawBody = fc.oneof(
  text,
  fc.json(),
  fc.constantFrom(...Object.values(FIXTURES).flat()).map((body) => JSON.stringify(body)),
  fc.constantFrom(...Object.values(FIXTURES).flat()).map((body) => JSON.stringify(body).slice(0, -1)),
);

const request: fc.Arbitrary<WebhookRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', ''),
  headers,
  query,
  rawBody,
});

describe.each(adapters)('%s adapter, whatever it receives', (_source, adapter) => {
  it('verify answers a verdict, never throws, never echoes the secret', () => {
    fc.assert(
      fc.property(request, secret, clock, (req, key, now) => {
        const verdict = adapter.verify(req, key, now);
        if (verdict.ok) {
          expect(typeof verdict.deliveryId).toBe('string');
          expect(verdict.deliveryId.length).toBeGreaterThan(0);
        } else {
          expect(verdict.reason.length).toBeGreaterThan(0);
          expect(verdict.reason.length).toBeLessThan(80);
          if (key.length >= 8) expect(verdict.reason).not.toContain(key);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('schema.safeParse answers success or issues for any value, never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.jsonValue(),
          rawBody.map((raw) => safeJson(raw)),
        ),
        (value) => {
          const result = adapter.schema.safeParse(value);
          expect(typeof result.success).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});

const handshakers = adapters.flatMap(([source, adapter]) =>
  adapter.handshake ? [[source, adapter.handshake] as const] : [],
);

describe.each(handshakers)('%s handshake, whatever it receives', (_source, handshake) => {
  it('answers an HTTP result, never throws, never echoes the secret', () => {
    fc.assert(
      fc.property(request, secret, (req, key) => {
        const result = handshake({ ...req, method: 'GET' }, key);
        expect(Number.isInteger(result.statusCode)).toBe(true);
        expect(result.statusCode).toBeGreaterThanOrEqual(200);
        expect(result.statusCode).toBeLessThan(600);
        const echoed = Object.values(req.query).some((value) => value?.includes(key));
        if (key.length >= 8 && !echoed) expect(JSON.stringify(result.body)).not.toContain(key);
      }),
      { numRuns: 300 },
    );
  });
});

/** Values a mutation may put at a leaf of a fixture: near-misses of what the senders send. */
const nearMiss = fc.constantFrom(
  'COMMENT',
  'ADMIN_COMMENT',
  'add',
  'edited',
  'comment',
  'comments',
  'feed',
  'SENT',
  'SEND_FAILED_PERMANENTLY',
  'PENDING_APPROVAL',
  'SCHEDULED',
  'PUBLISHED',
  'ERROR',
  'QUEUE',
  'FAILED',
  'positive',
  'NEGATIVE',
  'post.publish.failed',
  'post.publish.publicly_available',
  'post.published',
  'post.publishing_failed',
  'com.hootsuite.messages.event.v1',
  'INBOX_ITEM',
  'PUBLISHING_POST',
  'twitter',
  'instagram',
  'javascript:alert(1)',
  'https://',
  'https://example.com/p/1',
  '0000-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59-14:00',
  '2026-03-05 08:30:04',
  'Mon Mar 02 10:07:12 +0000 2026',
);
const leafValue = fc.oneof(
  { arbitrary: nearMiss, weight: 6 },
  { arbitrary: tricky, weight: 4 },
  { arbitrary: fc.string(), weight: 1 },
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.integer({ min: -1, max: 253_402_300_799_999 }),
  fc.integer({ min: 0, max: 253_402_300_799 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ minLength: 10_001, maxLength: 10_050 }),
  fc
    .record({
      publish_id: fc.oneof(fc.string(), fc.integer()),
      post_id: fc.option(fc.oneof(fc.string(), fc.integer()), { nil: undefined }),
      reason: fc.option(fc.string(), { nil: undefined }),
    })
    .map((content) => JSON.stringify(content)),
  fc.jsonValue(),
  { arbitrary: fc.constant(DELETE), weight: 2 },
);
function DELETE() {}

/** Replacements fitted to the leaf they replace: dates for dates, numbers for numbers. */
const dateLike = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00+14:00',
    '9999-12-31T23:59:59-14:00',
    '2026-02-30T08:30:00Z',
    '2026-03-05 08:30:04',
    '2026-03-05',
    'Mon Mar 02 10:07:12 +0000 2026',
    'Mon Mar 02 10:07:12 +0000 275760',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);
const numberLike = fc.oneof(
  fc.constantFrom(-1, 0, 253_402_300_799, 253_402_300_800, 253_402_300_799_999, 8.64e15, 2 ** 53, 1.5),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const change = fc.record({
  at: fc.nat(),
  fitted: fc.boolean(),
  value: leafValue,
  date: dateLike,
  number: numberLike,
});
const ISO_ISH = /^\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}/;

type Path = (string | number)[];

function leaves(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((item, index) => leaves(item, [...path, index]))];
  if (typeof value === 'object' && value !== null) {
    return [path, ...Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]))];
  }
  return [path];
}

type Change = typeof change extends fc.Arbitrary<infer C> ? C : never;

function mutate(body: unknown, changes: Change[]): unknown {
  let copy = structuredClone(body);
  for (const { at, fitted, value, date, number } of changes) {
    const paths = leaves(copy).filter((path) => path.length > 0);
    const path = paths[at % Math.max(paths.length, 1)];
    if (!path) continue;
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    const current = parent[last];
    const replacement = !fitted
      ? value
      : typeof current === 'number'
        ? number
        : typeof current === 'string' && ISO_ISH.test(current)
          ? date
          : value;
    if (replacement === DELETE) delete parent[last];
    else parent[last] = replacement;
  }
  copy = JSON.parse(JSON.stringify(copy));
  return copy;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

describe.each(adapters)('%s adapter, near-misses of its fixtures', (source, adapter) => {
  const fixtures = FIXTURES[source]!;

  it('normalizes every body its schema accepts into events that satisfy their contracts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(change, { maxLength: 4 }), (fixture, changes) => {
        const parsed = adapter.schema.safeParse(mutate(fixture, changes));
        if (!parsed.success) return;
        accepted += 1;
        for (const event of adapter.normalize(parsed.data)) {
          const contract = events[event.name].schema.safeParse(event.detail);
          expect(contract.error?.issues ?? []).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
    // The property is only worth something if many mutated bodies got through the schema.
    expect(accepted).toBeGreaterThan(100);
  });
});

/** How each sender authenticates a body, to check that another secret never passes. */
const SIGNERS: Partial<
  Record<WebhookSource, (body: string, key: string, now: Date) => Partial<WebhookRequest>>
> = {
  meta: (body, key) => ({
    headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}` },
  }),
  x: (body, key) => ({
    headers: {
      'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', key).update(body).digest('base64')}`,
    },
  }),
  linkedin: (body, key) => ({
    headers: { 'x-li-signature': createHmac('sha256', key).update(`hmacsha256=${body}`).digest('hex') },
  }),
  tiktok: (body, key, now) => {
    const t = Math.floor(now.getTime() / 1000);
    return {
      headers: {
        'tiktok-signature': `t=${t},s=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`,
      },
    };
  },
  mixpost: (body, key) => ({
    headers: { 'x-signature': createHmac('sha256', key).update(body).digest('hex') },
  }),
  agorapulse: (body, key) => ({
    headers: { 'x-hook-signature': createHmac('sha256', key).update(body).digest('hex') },
  }),
  hootsuite: (_body, key) => ({ query: { token: key } }),
  postiz: (_body, key) => ({ query: { token: key } }),
};

function secretFor(source: WebhookSource, key: string): string {
  return source === 'meta' ? JSON.stringify({ appSecret: key, verifyToken: 'vt' }) : key;
}

describe.each(Object.keys(SIGNERS) as WebhookSource[])('%s adapter, signed with random secrets', (source) => {
  const adapter = webhookSources[source];
  const sign = SIGNERS[source]!;
  const bodies = FIXTURES[source]!.map((body) => JSON.stringify(body));
  const key = fc.string({ minLength: 1, maxLength: 64 });
  const now = fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true });

  it('accepts the right secret and refuses any other', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bodies), key, key, now, (body, right, wrong, at) => {
        fc.pre(right !== wrong);
        const request = (signer: string): WebhookRequest => ({
          method: 'POST',
          headers: {},
          query: {},
          rawBody: body,
          ...sign(body, signer, at),
        });
        expect(adapter.verify(request(right), secretFor(source, right), at).ok).toBe(true);
        expect(adapter.verify(request(wrong), secretFor(source, right), at).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
