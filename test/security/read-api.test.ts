import { describe, expect, it } from 'vitest';
import { API_KEY, expectNoTrace, useTarget } from './harness.ts';

const target = useTarget();
const get = async (path: string, authorization: string | null = `Bearer ${API_KEY}`) => {
  const response = await fetch(`${target.http.url}${path}`, {
    headers: authorization === null ? {} : { authorization },
  });
  return { status: response.status, body: await response.text() };
};

describe('unauthorized read API calls', () => {
  it.each([
    ['no Authorization header', null, 401],
    ['an empty one', '', 401],
    ['Bearer without a key', 'Bearer ', 403],
    ['a wrong key', 'Bearer not-the-key', 403],
    ['the key with a character less', `Bearer ${API_KEY.slice(0, -1)}`, 403],
    ['the key as Basic credentials', `Basic ${Buffer.from(`vigie:${API_KEY}`).toString('base64')}`, 403],
    ['the key without the scheme', API_KEY, 403],
    ['two keys', `Bearer ${API_KEY} Bearer ${API_KEY}`, 403],
  ])('%s → %i, no trace', async (_name, authorization, status) => {
    await expectNoTrace(target, async () => {
      const answer = await get('/mentions', authorization);
      expect(answer.status).toBe(status);
      expect(answer.body).not.toContain('mentions"');
    });
  });

  it('an acknowledge link with a forged or missing signature → 403, nothing recorded', async () => {
    await expectNoTrace(target, async () => {
      expect((await get('/incidents/inc-1/acknowledge?sig=forged', null)).status).toBe(403);
      expect((await get('/incidents/inc-1/acknowledge', null)).status).toBe(403);
      expect((await get('/incidents/..%2F..%2FRADAR/acknowledge?sig=x', null)).status).toBe(403);
    });
  });
});

describe('path traversal and injection in the query of GET /mentions', () => {
  const day = new Date().toISOString().slice(0, 10);
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['network=../../etc/passwd', 'network'],
    ['network=instagram%00', 'network'],
    ["sentiment=negative'%20OR%20'1'='1", 'sentiment'],
    ['sentiment[$ne]=x', '(query)'],
    ['from=2026-01-01T00:00:00Z%27%20OR%201=1--', 'from'],
    ['from=../../../', 'from'],
    ['to=%3Cscript%3Ealert(1)%3C/script%3E', 'to'],
    ['limit=1e9', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=10;DROP TABLE', 'limit'],
    ['pk=DELIVERY%23standard', '(query)'],
    ['cursor=../../../etc/passwd', 'cursor'],
    [`cursor=${cursorOf({ day: '../../RADAR' })}`, 'cursor'],
    [`cursor=${cursorOf({ day, key: { pk: 'RADAR', sk: 'STATE' } })}`, 'cursor'],
    [`cursor=${cursorOf({ day, key: { pk: `MENTIONS#${day}`, sk: { S: 'x' } } })}`, 'cursor'],
    [`cursor=${'A'.repeat(3000)}`, 'cursor'],
  ])('%s → 400 naming %s, no trace', async (query, field) => {
    await expectNoTrace(target, async () => {
      const answer = await get(`/mentions?${query}`);
      expect(answer.status, answer.body).toBe(400);
      const problem = JSON.parse(answer.body) as { issues: { path: string }[] };
      expect(problem.issues.map((issue) => issue.path)).toContain(field);
      expect(answer.body).not.toMatch(/DELIVERY#|RADAR#|STATE|stack|at .*\.ts/);
    });
  });

  it('a path that walks out of /mentions reaches no read route', async () => {
    // Clients resolve `..` themselves: this is a GET on the webhook route, which has no handshake (405).
    expect((await get('/mentions/../webhooks/standard')).status).toBe(405);
    expect((await get('/mentions%2F..%2Fincidents')).status).toBe(404);
    expect((await get('/mentions/..%2F..%2Fwebhooks')).status).toBe(404);
  });

  it('the control: a well-formed query with the key → 200', async () => {
    expect((await get('/mentions?network=instagram&sentiment=negative&limit=10')).status).toBe(200);
  });
});
