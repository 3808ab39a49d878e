import type { APIGatewayProxyEventV2, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler as createNotify } from '../../../functions/publishing/notify-reviewers/app.ts';
import { createHandler as createReview } from '../../../functions/publishing/review-publication/app.ts';
import { DynamoAlertStore } from '../../../shared/adapters/alert-store.ts';
import type { OutgoingEmail } from '../../../shared/adapters/mailer.ts';
import { reviewUrl } from '../../../shared/domain/publishing/review-links.ts';
import { events as catalog, type DomainEvent } from '../../../shared/events/catalog.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';
import { exampleConfig, queueOn } from './queue-fixture.ts';

const dynamo = useLocalTable();
const KEY = 'test-link-key';
const REVIEWERS = ['comms-director@example.com', 'legal@example.com'];
const config = exampleConfig({ requireApproval: true, reviewers: REVIEWERS });

function busEvent(event: DomainEvent, id: string): EventBridgeEvent<string, unknown> {
  const contract = catalog[event.name];
  return { id, source: contract.source, 'detail-type': contract.detailType, detail: event.detail } as never;
}

async function setup(publicationId: string) {
  const fixture = queueOn(dynamo.current, config, '2027-10-04T08:00:00Z');
  await fixture.queue.create(
    {
      publicationId,
      text: `Base ${publicationId}`,
      variants: { x: `Version courte pour X ${publicationId}` },
      networks: ['instagram', 'x'],
      scheduledFor: '2027-10-06T16:00:00Z',
      links: ['https://example.com/automne'],
      media: [{ url: 'https://cdn.example.com/automne.jpg', kind: 'image', altText: 'Vitrine' }],
      campaign: 'automne',
    },
    { actor: 'ana@example.com', via: 'api' },
  );
  const sent: OutgoingEmail[] = [];
  const notify = createNotify({
    ...observability('notifyReviewers'),
    config,
    publicationStore: fixture.store,
    alertStore: new DynamoAlertStore(dynamo.current.table),
    mailer: { send: async (email) => void sent.push(email) },
    links: { apiUrl: 'https://api.example.com', signingKey: async () => KEY },
  });
  const review = createReview({
    ...observability('reviewPublication'),
    config,
    publicationStore: fixture.store,
    publicationScheduler: fixture.scheduler,
    publisher: fixture.events,
    linkSigningKey: async () => KEY,
    now: () => fixture.clock.now,
  });
  const open = async (url: string, extra: Record<string, string> = {}) => {
    const link = new URL(url);
    const [, , id, decision] = link.pathname.split('/');
    const result = await review(
      {
        routeKey: 'GET /review/{publicationId}/{decision}',
        pathParameters: { publicationId: decodeURIComponent(id!), decision: decision! },
        queryStringParameters: { ...Object.fromEntries(link.searchParams), ...extra },
      } as unknown as APIGatewayProxyEventV2,
      localContext('reviewPublication', 10),
    );
    return { status: result.statusCode, body: result.body ?? '' };
  };
  return { ...fixture, notify, review, open, sent };
}

function linksOf(email: OutgoingEmail): { approve: string; reject: string } {
  const text = Buffer.from(
    /Content-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/
      .exec(email.raw)![1]!
      .replace(/\r\n/g, ''),
    'base64',
  ).toString('utf8');
  return {
    approve: /https:\/\/api\.example\.com\/review\/\S+\/approve\?\S+/.exec(text)![0],
    reject: /https:\/\/api\.example\.com\/review\/\S+\/reject\?\S+/.exec(text)![0],
  };
}

describe('approval by email', () => {
  it('emails each reviewer the post per network with their own links, once', async () => {
    const { notify, events, sent } = await setup('oct-mail');
    const request = events.events.find((event) => event.name === 'publicationReviewRequested')!;
    expect((await notify(busEvent(request, 'e1'), localContext('n', 30))).sent).toBe(2);
    expect((await notify(busEvent(request, 'e1-again'), localContext('n', 30))).sent).toBe(0);
    expect(sent.map((email) => email.to)).toEqual([[REVIEWERS[0]], [REVIEWERS[1]]]);
    expect(sent[0]!.subject).toBe('[Vigie] Publication à valider sur Instagram, X');
    const text = Buffer.from(
      /base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(sent[0]!.raw)![1]!.replace(/\r\n/g, ''),
      'base64',
    ).toString('utf8');
    expect(text).toContain('== Instagram ==\nBase oct-mail');
    expect(text).toContain('== X ==\nVersion courte pour X oct-mail');
    expect(text).toContain('Image : https://cdn.example.com/automne.jpg (Vitrine)');
    // As it will go out: links tagged per network.
    expect(text).toContain(
      'Lien : https://example.com/automne?utm_source=instagram&utm_medium=social&utm_campaign=automne',
    );
    expect(text).toContain(
      'Lien : https://example.com/automne?utm_source=x&utm_medium=social&utm_campaign=automne',
    );
    expect(text).toContain('mercredi 6 octobre 2027 à 18:00');
    expect(linksOf(sent[0]!).approve).toContain(`reviewer=${encodeURIComponent(REVIEWERS[0]!)}`);
  });

  it('reminds the reviewers before the slot while the request is open', async () => {
    const { notify, events, sent, queue, scheduler } = await setup('oct-remind');
    const reminder = { kind: 'review-reminder' as const, publicationId: 'oct-remind', version: 1 };
    // The slot is in 56 hours, the request lapses after 48: the reminder comes 4 hours before that.
    expect(scheduler.of({ kind: 'review-expiry', publicationId: 'oct-remind', version: 1 })).toBe(
      '2027-10-06T08:00:00.000Z',
    );
    expect(scheduler.of(reminder)).toBe('2027-10-06T04:00:00.000Z');
    await queue.onReviewSchedule(reminder);
    const reminded = events.events.filter((event) => event.name === 'publicationReviewRequested').at(-1)!;
    expect(reminded.detail).toMatchObject({ reminder: true, version: 1 });
    expect((await notify(busEvent(reminded, 'r1'), localContext('n', 30))).sent).toBe(2);
    expect(sent[0]!.subject).toBe('[Vigie] Rappel : publication à valider sur Instagram, X');
  });

  it('approves through the signed link after a confirmation page, as that reviewer', async () => {
    const { notify, events, sent, open, store } = await setup('oct-approve');
    await notify(
      busEvent(events.events.find((event) => event.name === 'publicationReviewRequested')!, 'e2'),
      localContext('n', 30),
    );
    const { approve } = linksOf(sent[1]!);
    const page = await open(approve);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<input type="hidden" name="confirm" value="1">');
    expect((await store.get('oct-approve'))!.state).toBe('in_review');
    const done = await open(approve, { confirm: '1' });
    expect(done.status).toBe(200);
    const publication = (await store.get('oct-approve'))!;
    expect(publication.state).toBe('approved');
    expect(publication.approval).toMatchObject({ by: REVIEWERS[1], via: 'approval-link', automatic: false });
    expect(publication.outcomes.x!.state).toBe('scheduled');
    // The link is for version 1: once used, it is out of date.
    expect((await open(approve, { confirm: '1' })).status).toBe(409);
  });

  it('needs a comment to reject, then falls back to draft', async () => {
    const { notify, events, sent, open, store } = await setup('oct-reject');
    await notify(
      busEvent(events.events.find((event) => event.name === 'publicationReviewRequested')!, 'e3'),
      localContext('n', 30),
    );
    const { reject } = linksOf(sent[0]!);
    const form = await open(reject, { confirm: '1' });
    expect(form.body).toContain('<textarea name="comment"');
    expect((await store.get('oct-reject'))!.state).toBe('in_review');
    expect((await open(reject, { confirm: '1', comment: 'Le lien est faux' })).status).toBe(200);
    expect((await store.get('oct-reject'))!.state).toBe('draft');
    const rejected = events.events.find((event) => event.name === 'publicationReviewRejected')!;
    expect(rejected.detail).toMatchObject({ reviewer: REVIEWERS[0], comment: 'Le lien est faux' });
    // The team hears of it.
    expect((await notify(busEvent(rejected, 'e4'), localContext('n', 30))).sent).toBe(1);
    expect(sent.at(-1)!.to).toEqual(config.alerts.recipients);
    expect(sent.at(-1)!.subject).toBe(`[Vigie] Publication refusée par ${REVIEWERS[0]}`);
  });

  it('refuses forged, tampered, expired and former reviewers’ links', async () => {
    const { open, clock } = await setup('oct-forged');
    const link = {
      publicationId: 'oct-forged',
      version: 1,
      decision: 'approve' as const,
      reviewer: REVIEWERS[0]!,
      expiresAt: '2027-10-06T08:00:00.000Z',
    };
    const good = reviewUrl('https://api.example.com', link, KEY);
    expect((await open(reviewUrl('https://api.example.com', link, 'another-key'))).status).toBe(403);
    expect((await open(good.replace('reviewer=comms-director', 'reviewer=someone-else'))).status).toBe(403);
    expect((await open(good.replace('/approve?', '/reject?'))).status).toBe(403);
    const outsider = reviewUrl('https://api.example.com', { ...link, reviewer: 'intern@example.com' }, KEY);
    expect((await open(outsider)).body).toContain('Vous ne faites plus partie des relecteurs.');
    clock.now = new Date('2027-10-06T08:00:01Z');
    expect((await open(good)).status).toBe(410);
  });
});
