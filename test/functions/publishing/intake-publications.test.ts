import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../functions/publishing/intake-publications/app.ts';
import { events } from '../../../shared/events/catalog.ts';
import { localContext } from '../../../shared/local/lambda-context.ts';
import { observability } from '../../../shared/runtime/observability.ts';
import { useLocalTable } from '../../shared/adapters/local-table.ts';
import { loadEventFixture } from '../../shared/events/fixtures.ts';
import { exampleConfig, queueOn } from './queue-fixture.ts';

const dynamo = useLocalTable();

function intake(start: string) {
  const config = exampleConfig({ requireApproval: false });
  const fixture = queueOn(dynamo.current, config, start);
  const handler = createHandler({
    ...observability('intakePublications'),
    config,
    publicationStore: fixture.store,
    publicationScheduler: fixture.scheduler,
    publisher: fixture.events,
    now: () => fixture.clock.now,
  });
  let sequence = 0;
  const deliver = (name: keyof typeof events, detail: unknown) =>
    handler(
      {
        id: `evt-${++sequence}`,
        source: events[name].source,
        'detail-type': events[name].detailType,
        detail,
      } as EventBridgeEvent<string, unknown>,
      localContext('intakePublications', 30),
    );
  return { ...fixture, deliver };
}

describe('publication events from the webhook sources', () => {
  it('queues a requested publication with its optional fields, once even if delivered twice', async () => {
    const { deliver, store } = intake('2026-03-02T09:00:00Z');
    const detail = {
      ...loadEventFixture<Record<string, unknown>>('publication.requested'),
      variants: { facebook: 'Le printemps arrive en boutique : découvrez la collection jeudi !' },
      links: ['https://example.com/printemps'],
      media: [{ url: 'https://cdn.example.com/printemps.jpg', kind: 'image' }],
      pillar: 'produit',
      campaign: 'printemps',
      author: 'ana@example.com',
      toolRef: { tool: 'mixpost', toolPostId: 'mp-77' },
    };
    expect(await deliver('publicationRequested', detail)).toBe('created');
    expect(await deliver('publicationRequested', detail)).toBe('exists');
    const publication = (await store.get('pub-2026-03-05-printemps'))!;
    expect(publication).toMatchObject({
      state: 'approved',
      author: 'ana@example.com',
      campaign: 'printemps',
      variants: { facebook: 'Le printemps arrive en boutique : découvrez la collection jeudi !' },
      outcomes: {
        instagram: { state: 'scheduled', scheduledFor: '2026-03-05T08:30:00.000Z' },
        facebook: { state: 'scheduled', scheduledFor: '2026-03-05T08:30:00.000Z' },
      },
    });
    expect(await store.findByToolPost('mixpost', 'mp-77')).toBe('pub-2026-03-05-printemps');
    expect((await store.history('pub-2026-03-05-printemps'))[0]).toMatchObject({
      actor: 'ana@example.com',
      via: 'webhook',
      to: 'draft',
    });
  });

  it('moves it on publication.updated and cancels it on publication.cancelled', async () => {
    const { deliver, store, scheduler } = intake('2026-03-02T09:00:00Z');
    await deliver('publicationRequested', {
      ...loadEventFixture<Record<string, unknown>>('publication.requested'),
      publicationId: 'pub-moved',
      text: 'Moved',
    });
    expect(
      await deliver('publicationUpdated', {
        ...loadEventFixture<Record<string, unknown>>('publication.updated'),
        publicationId: 'pub-moved',
      }),
    ).toBe('changed');
    expect((await store.get('pub-moved'))!.outcomes.instagram!.scheduledFor).toBe('2026-03-05T09:00:00.000Z');
    expect(scheduler.of({ kind: 'publish', publicationId: 'pub-moved', network: 'instagram' })).toBe(
      '2026-03-05T09:00:00.000Z',
    );
    expect(
      await deliver('publicationCancelled', {
        ...loadEventFixture<Record<string, unknown>>('publication.cancelled'),
        publicationId: 'pub-moved',
      }),
    ).toBe('changed');
    expect((await store.get('pub-moved'))!.state).toBe('cancelled');
    expect(
      await deliver('publicationCancelled', { publicationId: 'pub-unknown', at: '2026-03-02T09:00:00Z' }),
    ).toBe('not-found');
  });

  it('records an outcome a tool reports, matched by its own post id', async () => {
    const { deliver, store } = intake('2026-03-02T09:00:00Z');
    await deliver('publicationRequested', {
      publicationId: 'pub-hootsuite',
      at: '2026-03-02T09:00:00Z',
      networks: ['linkedin'],
      text: 'Via Hootsuite',
      scheduledFor: '2026-03-05T08:30:00Z',
      toolRef: { tool: 'hootsuite', toolPostId: '5521839201' },
    });
    expect(
      await deliver('publicationOutcomeReported', loadEventFixture('publication.outcome.reported')),
    ).toBe('changed');
    expect((await store.get('pub-hootsuite'))!.outcomes.linkedin).toMatchObject({
      state: 'published',
      externalId: 'urn:li:share:7170012345678901234',
    });
    expect(
      await deliver('publicationOutcomeReported', {
        ...loadEventFixture<Record<string, unknown>>('publication.outcome.reported'),
        toolPostId: 'other',
      }),
    ).toBe('ignored');
  });

  it('refuses, with a reason in the logs and no publication, what the queue cannot take', async () => {
    const { deliver, store } = intake('2026-03-02T09:00:00Z');
    expect(
      await deliver('publicationRequested', {
        publicationId: 'pub-past',
        at: '2026-03-02T09:00:00Z',
        networks: ['x'],
        text: 'Trop tard',
        scheduledFor: '2026-03-01T09:00:00Z',
      }),
    ).toBe('refused');
    expect(
      await deliver('publicationRequested', {
        publicationId: 'bad id with spaces',
        at: '2026-03-02T09:00:00Z',
        networks: ['x'],
        text: 'Id',
        scheduledFor: '2026-03-05T09:00:00Z',
      }),
    ).toBe('refused');
    expect(await store.get('pub-past')).toBeUndefined();
  });
});
